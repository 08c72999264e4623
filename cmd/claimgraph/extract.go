package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/ingest"
	"github.com/claimgraph/claimgraph/ingest/extract"
	"github.com/claimgraph/claimgraph/schema"
)

func (a *app) newExtract() *cobra.Command {
	var explain bool
	var format string
	cmd := &cobra.Command{
		Use:   "extract [flags] PATH...",
		Short: "Extract claims from reports without storing them (--explain shows why)",
		Long: `Runs the extractor on the inputs and prints the claims, storing nothing.
With --explain each claim shows the rule, the matched spans and how its
subject, polarity, source and event were decided, and each predicate that
made no claim says why not.`,
		Example: `  claimgraph extract --explain examples/seeds/000_90d0923401baf148.txt
  echo 'حذر بايدن بوتين من عقوبات اقتصادية إذا غزت روسيا أوكرانيا' | claimgraph extract --explain -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fm, err := a.resolveFormat(format)
			if err != nil {
				return err
			}
			if explain && fm == "csv" {
				return usagef("--explain writes text, json or jsonl; without --explain, --format csv gives the claims")
			}
			x, docs, skips, err := a.readWithExtractor(args)
			if err != nil {
				return err
			}
			var all []extract.Explained
			var misses []extract.Miss
			for _, d := range docs {
				ex, ms := x.ExplainAll(d)
				for i := range ex {
					one := []schema.Mention{ex[i].Mention}
					ingest.OutletVoice(d, one)
					ex[i].Mention = one[0]
				}
				all = append(all, ex...)
				misses = append(misses, ms...)
			}
			if fm == "json" || fm == "jsonl" {
				if !explain {
					for i := range all {
						all[i].Spans, all[i].Notes = nil, nil
					}
				}
				if all == nil {
					all = []extract.Explained{}
				}
				if fm == "json" {
					err = writeJSON(a.out, all)
				} else {
					err = writeJSONL(a.out, all)
				}
				return skipped(skips, err)
			}
			if !explain {
				ms := make([]schema.Mention, len(all))
				for i, e := range all {
					ms[i] = e.Mention
				}
				return skipped(skips, writeMentions(a.out, fm, ms))
			}
			for _, e := range all {
				pol := ""
				if e.Polarity == "negative" {
					pol = "NOT "
				}
				fmt.Fprintf(a.out, "%s  %s %s%s %s", e.Doc, e.Subject, pol, e.Predicate, e.Object)
				if e.Target != "" {
					fmt.Fprintf(a.out, "  target=%s", e.Target)
				}
				if e.Condition != "" {
					fmt.Fprintf(a.out, "  if=%s", e.Condition)
				}
				fmt.Fprintf(a.out, "\n  rule:     %s\n  sentence: %s\n", e.Rule, trim(e.Evidence, 160))
				for _, s := range e.Spans {
					fmt.Fprintf(a.out, "  span:     %s\n", s)
				}
				fmt.Fprintf(a.out, "  why:      %s\n\n", strings.Join(e.Notes, "; "))
			}
			sentences := 0
			for _, m := range misses {
				if m.Predicate == "" {
					sentences++
					fmt.Fprintf(a.out, "%s  no claim in sentence %d %q\n  sentence: %s\n  why not:  %s\n\n", m.Doc, m.Sentence, trim(m.Span, 60), trim(m.Evidence, 160), m.Reason)
					continue
				}
				fmt.Fprintf(a.out, "%s  no claim from %s %q\n  rule:     %s\n  sentence: %s\n  why not:  %s\n\n", m.Doc, m.Predicate, m.Span, m.Rule, trim(m.Evidence, 160), m.Reason)
			}
			fmt.Fprintf(a.out, "%s in %s; %s and %s with an actor and a topic made no claim\n", count(len(all), "claim", "claims"), count(len(docs), "document", "documents"),
				count(len(misses)-sentences, "predicate", "predicates"), count(sentences, "sentence", "sentences"))
			return skipped(skips, nil)
		},
	}
	cmd.Flags().BoolVar(&explain, "explain", false, "show the rule, spans and decisions behind each claim")
	addFormatFlag(cmd, &format)
	return cmd
}

// skipped turns skipped inputs into exit status 3, as ingest does, once
// the output is written.
func skipped(skips []ingest.Skip, err error) error {
	if err != nil || len(skips) == 0 {
		return err
	}
	return codeError{exitSkipped, fmt.Errorf("%s skipped (see above)", count(len(skips), "input", "inputs"))}
}
