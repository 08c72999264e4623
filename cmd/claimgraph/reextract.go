package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/graph"
	"github.com/claimgraph/claimgraph/ingest"
	"github.com/claimgraph/claimgraph/internal/membudget"
	"github.com/claimgraph/claimgraph/schema"
)

type reextractOptions struct {
	Filter schema.Filter // Doc and Lang
	All    bool
	Format string
}

func (a *app) newReextract() *cobra.Command {
	o := &reextractOptions{}
	cmd := &cobra.Command{
		Use:   "reextract [flags]",
		Short: "Apply the current lexicon to the stored documents",
		Long: `Runs the extractor again, with the embedded lexicon and your --lexicon files,
on the texts of stored documents, and replaces the mentions of each document
whose extraction changed, as ingesting a changed version of its file would:
the document keeps its ID, name, path, outlet and other metadata. Use it after
growing the lexicon (see 'claimgraph lexicon unknown').

Without filters every stored document is re-extracted (--all says so
explicitly). Writes are batched, each batch lands whole or not at all, and an
interrupted run can simply be run again. Running it twice with the same
lexicon changes nothing the second time.

The summary goes to standard error; stdout lists the claims each document
gained (+) or lost (-), or with --format json an object with the counts and
the lists "added" and "removed". Documents stored before texts were kept are
listed as skipped (exit status 3): ingest their reports again, then re-run.`,
		Example: `  claimgraph --lexicon my-lexicon.yaml reextract
  claimgraph reextract --doc report.txt
  claimgraph reextract --lang ar --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := a.resolveFormat(o.Format)
			if err != nil {
				return err
			}
			o.Format = f
			return a.runReextract(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Filter.Doc, "doc", "", "re-extract this document only (name or ID)")
	f.StringVar(&o.Filter.Lang, "lang", "", "re-extract the documents in this language only (ar, en)")
	f.BoolVar(&o.All, "all", false, "re-extract every stored document (the default without filters)")
	f.Int("workers", 0, "extraction workers (default: number of CPUs; env CLAIMGRAPH_WORKERS)")
	f.Int("batch-size", 64, "documents per write transaction")
	addFormatFlag(cmd, &o.Format)
	return cmd
}

func (a *app) runReextract(ctx context.Context, o *reextractOptions) error {
	defer membudget.Start(membudget.Default)()
	if o.All && (o.Filter.Doc != "" || o.Filter.Lang != "") {
		return usagef("--all re-extracts every document; leave it out to filter with --doc or --lang")
	}
	x, voc, _, err := a.extractor()
	if err != nil {
		return err
	}
	store, err := graph.Open(ctx, graph.Options{Backend: a.cfg.Store, Address: a.cfg.DB, Wait: a.cfg.Wait, MustExist: true})
	if err != nil {
		return err
	}
	defer store.Close()
	store.SetTerms(terms(voc))
	all, err := store.Documents(ctx)
	if err != nil {
		return err
	}
	var docs []schema.Document
	for _, d := range all {
		if o.Filter.MatchDoc(d) {
			docs = append(docs, d)
		}
	}
	if o.Filter.Doc != "" && len(docs) == 0 {
		return fmt.Errorf("no stored document is named %q (list them with 'claimgraph docs')", o.Filter.Doc)
	}

	var bar *progressbar.ProgressBar
	hooks := ingest.Hooks{
		OnSkip: func(s ingest.Skip) {
			if bar != nil {
				bar.Clear()
			}
			fmt.Fprintln(a.errOut, "skipped", s.Error())
		},
	}
	if a.stderrTerminal {
		hooks.OnStart = func(n int, _ int64) {
			bar = progressbar.NewOptions(n,
				progressbar.OptionSetWriter(a.errOut),
				progressbar.OptionSetDescription(fmt.Sprintf("re-extract %d documents", n)),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionShowCount(),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish(),
			)
		}
		hooks.OnProgress = func(p ingest.Progress) {
			if bar != nil {
				bar.Describe(fmt.Sprintf("%d docs, %d mentions written", p.Documents, p.Mentions))
				bar.Set(p.Documents)
			}
		}
	}
	p := &ingest.Pipeline{Store: store, Extractor: x, Options: ingest.Options{Workers: a.cfg.Workers, BatchSize: a.cfg.BatchSize, Hooks: hooks}}
	sum, runErr := p.Reextract(ctx, docs)
	if bar != nil {
		bar.Finish()
	}
	interrupted := sum.Interrupted || errors.Is(runErr, context.Canceled)
	if runErr == nil || interrupted {
		if err := writeChanges(a.out, o.Format, sum); err != nil {
			return err
		}
	}
	line := fmt.Sprintf("re-extracted %d documents: +%d claims, -%d claims (%d mentions added, %d removed), %d unchanged, %d skipped in %.2fs",
		sum.Documents, sum.ClaimsAdded, sum.ClaimsRemoved, sum.MentionsAdded, sum.MentionsRemoved, sum.Unchanged, len(sum.Skipped), sum.Elapsed.Seconds())
	if interrupted {
		line = "interrupted: " + line + "; what is listed landed, the rest did not (run reextract again to finish)"
	}
	fmt.Fprintln(a.errOut, line)
	switch {
	case interrupted:
		return codeError{exitInterrupted, errors.New("")}
	case errors.Is(runErr, ingest.ErrNoTexts):
		return fmt.Errorf("%w: the %s store cannot be re-extracted", runErr, a.cfg.Store)
	case runErr != nil:
		return runErr
	case len(sum.Skipped) > 0:
		return codeError{exitSkipped, fmt.Errorf("%d documents skipped (see above): ingest their reports again, then run reextract", len(sum.Skipped))}
	}
	return nil
}

// change is a row of the changes listing.
type change struct {
	Kind string `json:"change"` // added | removed
	ingest.Change
}

func changeRows(sum ingest.ReextractSummary) []change {
	out := make([]change, 0, len(sum.Added)+len(sum.Removed))
	for _, c := range sum.Added {
		out = append(out, change{"added", c})
	}
	for _, c := range sum.Removed {
		out = append(out, change{"removed", c})
	}
	return out
}

// writeChanges renders what a re-extraction changed: the whole summary
// in JSON, the changed claims otherwise.
func writeChanges(w io.Writer, format string, sum ingest.ReextractSummary) error {
	rows := changeRows(sum)
	switch format {
	case "json":
		return writeJSON(w, sum)
	case "jsonl":
		return writeJSONL(w, rows)
	case "csv":
		cells := make([][]string, len(rows))
		for i, c := range rows {
			cells[i] = []string{c.Kind, c.ClaimID, c.Subject, c.Predicate, c.Object, c.Event, c.Polarity, c.Target, c.Condition, c.About,
				strings.Join(c.Sources, ";"), c.Doc, c.DocID, c.Evidence}
		}
		return writeCSV(w, []string{"change", "claim", "subject", "predicate", "object", "event", "polarity", "target", "condition", "about", "sources", "doc", "doc_id", "evidence"}, cells)
	}
	if len(rows) == 0 {
		return nil
	}
	header := []string{"", "SUBJECT", "PREDICATE", "OBJECT", "EVENT", "SOURCES", "DOC", "EVIDENCE"}
	cells := make([][]string, len(rows))
	for i, c := range rows {
		sign := "+"
		if c.Kind == "removed" {
			sign = "-"
		}
		obj := c.Object
		if c.Condition != "" {
			obj += " (if " + c.Condition + ")"
		}
		cells[i] = []string{sign, c.Subject, strings.TrimSpace(polaritySign(c.Polarity) + " " + c.Predicate), obj, c.Event, strings.Join(c.Sources, ","), c.Doc, c.Evidence}
	}
	return tableFit(w, header, cells, 60)
}
