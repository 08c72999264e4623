package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/ingest"
	"github.com/claimgraph/claimgraph/internal/membudget"
)

type ingestOptions struct {
	Inputs []string
	Strict bool
	JSON   bool
}

func (a *app) newIngest() *cobra.Command {
	o := &ingestOptions{}
	cmd := &cobra.Command{
		Use:   "ingest [flags] PATH...",
		Short: "Extract claims from reports and store them",
		Long: `Reads .txt (UTF-8, UTF-16 or Windows-1256), .html (main text extracted) and
.jsonl files (one document a line: {"text": …, "id", "title", "url", "outlet",
"published", "lang"}), directories recursively, and - for standard input.
Workers extract in parallel; writes are batched, and each batch lands whole or
not at all. Ingesting the same text again changes nothing; a changed file
under the same path replaces its earlier version.

Unreadable, empty, binary, undecodable or oversized inputs are reported with
their path (and line) and skipped; the rest lands and the exit status is 3.
With --strict the first such input stops the run (exit 1).`,
		Example: `  claimgraph ingest examples/seeds
  claimgraph ingest --workers 4 reports/ extra.jsonl
  cat report.txt | claimgraph ingest -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Inputs = args
			return a.runIngest(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.Int("workers", 0, "extraction workers (default: number of CPUs; env CLAIMGRAPH_WORKERS)")
	f.Int("batch-size", 64, "documents per write transaction")
	f.Int64("max-bytes", 16<<20, "skip inputs larger than this many bytes")
	f.BoolVar(&o.Strict, "strict", false, "stop at the first input that cannot be ingested")
	f.BoolVar(&o.JSON, "json", false, "print the summary as JSON on stdout")
	return cmd
}

func (a *app) runIngest(ctx context.Context, o *ingestOptions) error {
	defer membudget.Start(membudget.Default)()
	x, voc, _, err := a.extractor()
	if err != nil {
		return err
	}
	fresh := a.freshStore()
	store, err := a.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	store.SetTerms(terms(voc))

	var bar *progressbar.ProgressBar
	hooks := ingest.Hooks{
		OnSkip: func(s ingest.Skip) {
			if bar != nil {
				bar.Clear()
			}
			if s.Ignored {
				fmt.Fprintln(a.errOut, "ignored", s.Error())
				return
			}
			fmt.Fprintln(a.errOut, "skipped", s.Error())
		},
	}
	if a.stderrTerminal {
		hooks.OnStart = func(files int, total int64) {
			bar = progressbar.NewOptions64(total,
				progressbar.OptionSetWriter(a.errOut),
				progressbar.OptionSetDescription(fmt.Sprintf("ingest %d files", files)),
				progressbar.OptionShowBytes(true),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionShowCount(),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish(),
			)
		}
		hooks.OnProgress = func(p ingest.Progress) {
			if bar != nil {
				bar.Describe(fmt.Sprintf("%d docs, %d mentions", p.Documents, p.Mentions))
				bar.Set64(p.Bytes)
			}
		}
	}
	p := &ingest.Pipeline{Store: store, Extractor: x, Options: ingest.Options{
		Workers: a.cfg.Workers, BatchSize: a.cfg.BatchSize, MaxBytes: a.cfg.MaxBytes, Strict: o.Strict, Stdin: a.in, Hooks: hooks,
	}}
	sum, runErr := p.Run(ctx, o.Inputs)
	if bar != nil {
		bar.Finish()
	}
	if fresh && sum.Added == 0 {
		a.dropStore(store) // nothing landed: leave no empty store behind
	}
	secs := sum.Elapsed.Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(sum.Documents) / secs
	}
	// Added counts every document written, replacements included
	line := fmt.Sprintf("ingested %s (%d new, %d unchanged, %d replaced), %s, %s, %d skipped in %.2fs (%.0f docs/s)",
		count(sum.Documents, "document", "documents"), sum.Added-sum.Replaced, sum.Unchanged, sum.Replaced,
		count(sum.Mentions, "mention", "mentions"), count(sum.Quads, "quad", "quads"), len(sum.Skipped), secs, rate)
	if n := len(sum.Ignored); n > 0 {
		line += fmt.Sprintf("; %s in the input directories ignored (not reports)", count(n, "file", "files"))
	}
	if sum.Interrupted || (runErr != nil && errors.Is(runErr, context.Canceled)) {
		line = "interrupted: " + line + "; what is listed landed, the rest did not (run the same ingest again to finish)"
	}
	fmt.Fprintln(a.errOut, line)
	if o.JSON {
		if sum.Skipped == nil {
			sum.Skipped = []ingest.Skip{}
		}
		// the duration as a string ("1.5s"), as everywhere in JSON
		out := struct {
			ingest.Summary
			Elapsed   string `json:"elapsed"`
			ElapsedNS *int   `json:"elapsed_ns,omitempty"` // hides the summary's nanoseconds
		}{Summary: sum, Elapsed: sum.Elapsed.Round(time.Millisecond).String()}
		if err := writeJSON(a.out, out); err != nil {
			return err
		}
	}
	switch {
	case runErr != nil && errors.Is(runErr, context.Canceled):
		return codeError{exitInterrupted, errors.New("")}
	case runErr != nil:
		return runErr
	case len(sum.Skipped) > 0:
		return codeError{exitSkipped, fmt.Errorf("%s skipped (see above)", count(len(sum.Skipped), "input", "inputs"))}
	}
	return nil
}
