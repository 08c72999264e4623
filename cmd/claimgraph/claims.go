package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"

	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/graph"
	"github.com/claimgraph/claimgraph/schema"
)

type claimsOptions struct {
	Filter schema.Filter
	Lang   string // only mentions in this language
	Format string
	Limit  int
}

func (a *app) newClaims() *cobra.Command {
	o := &claimsOptions{}
	cmd := &cobra.Command{
		Use:   "claims [flags]",
		Short: "List claims (one row per mention) with their provenance",
		Long: `Lists every mention of a claim: subject, predicate, object, polarity, event,
source, document and evidence sentence. Filters combine (AND). Filters take
the vocabulary IDs (putin, warn, sanctions, call_2021_12_07) or the names the
lexicon knows (Putin, بوتين, "Vladimir Putin"); an unknown name is an error
that suggests the closest ones.

Mentions come by document name, sentence and claim. --format jsonl streams:
it writes them as it reads them, a document at a time, in constant memory
whatever the size of the store.`,
		Example: `  claimgraph claims --subject putin
  claimgraph claims --predicate warn --event call_2021_12_30 --format json
  claimgraph claims --source sullivan --format csv > sullivan.csv
  claimgraph claims --object sanctions --lang en
  claimgraph claims --format jsonl --limit 100 | jq .evidence`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := a.resolveFormat(o.Format)
			if err != nil {
				return err
			}
			o.Format = f
			return a.runClaims(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Filter.Subject, "subject", "", "subject actor ID (or event ID for event facts)")
	f.StringVar(&o.Filter.Predicate, "predicate", "", "predicate ID")
	f.StringVar(&o.Filter.Object, "object", "", "object topic ID or value")
	f.StringVar(&o.Filter.Event, "event", "", "event ID")
	f.StringVar(&o.Filter.Source, "source", "", "source actor ID, or outlet")
	f.StringVar(&o.Filter.Doc, "doc", "", "document name or ID")
	f.StringVar(&o.Filter.Polarity, "polarity", "", "positive or negative")
	f.StringVar(&o.Filter.Lang, "lang", "", "language of the mention's document (ar, en)")
	f.IntVar(&o.Limit, "limit", 0, "list at most this many mentions (0: all); jsonl stops reading there")
	addFormatFlag(cmd, &o.Format)
	return cmd
}

func (a *app) runClaims(ctx context.Context, o *claimsOptions) error {
	if p := o.Filter.Polarity; p != "" && p != schema.Positive && p != schema.Negative {
		return usagef("--polarity must be positive or negative, not %q", p)
	}
	if o.Limit < 0 {
		return usagef("--limit must be 0 (all) or more, not %d", o.Limit)
	}
	store, err := a.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := a.resolveFilter(ctx, store, &o.Filter); err != nil {
		return err
	}
	if o.Format == "jsonl" {
		return streamMentions(ctx, a.out, store, o)
	}
	ms, err := store.Mentions(ctx, o.Filter)
	if err != nil {
		return err
	}
	if o.Lang != "" {
		kept := ms[:0]
		for _, m := range ms {
			if m.Lang == o.Lang {
				kept = append(kept, m)
			}
		}
		ms = kept
	}
	if o.Limit > 0 && len(ms) > o.Limit {
		ms = ms[:o.Limit]
	}
	return writeMentions(a.out, o.Format, ms)
}

// streamMentions writes mentions as JSON lines as the store yields them.
func streamMentions(ctx context.Context, w io.Writer, store *graph.Store, o *claimsOptions) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n := 0
	err := store.EachMention(ctx, o.Filter, func(m schema.Mention) error {
		if o.Lang != "" && m.Lang != o.Lang {
			return nil
		}
		if err := enc.Encode(m); err != nil {
			return err
		}
		if n++; o.Limit > 0 && n >= o.Limit {
			return graph.ErrStop
		}
		return nil
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}
