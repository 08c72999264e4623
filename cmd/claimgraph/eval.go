package main

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/ingest/eval"
	"github.com/claimgraph/claimgraph/schema"
)

func (a *app) newEval() *cobra.Command {
	var gold, format string
	cmd := &cobra.Command{
		Use:   "eval --gold FILE",
		Short: "Score the stored claims against a gold file",
		Long: `Reduces the stored mentions of the documents the gold file names to keys
(doc, subject, predicate, object, polarity) and scores them: precision, recall,
F1, and over the found required claims the accuracy of event and source.
Gold lines may give alternatives as a|b; optional lines (required: false) count
when found and are not missed when absent.`,
		Example: "  claimgraph ingest examples/seeds\n  claimgraph eval --gold examples/gold/seeds.jsonl",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if gold == "" {
				return usagef("eval needs --gold FILE")
			}
			f, err := a.resolveFormat(format)
			if err != nil {
				return err
			}
			return a.runEval(cmd.Context(), gold, f)
		},
	}
	cmd.Flags().StringVar(&gold, "gold", "", "gold claims, one JSON object a line")
	addFormatFlag(cmd, &format)
	return cmd
}

func (a *app) runEval(ctx context.Context, goldPath, format string) error {
	f, err := os.Open(goldPath)
	if err != nil {
		return fmt.Errorf("open gold file %s: %v", goldPath, cause(err))
	}
	gold, err := eval.ReadGold(f, goldPath)
	f.Close()
	if err != nil {
		return err
	}
	store, err := a.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer store.Close()
	ms, err := store.Mentions(ctx, schema.Filter{})
	if err != nil {
		return err
	}
	r := eval.Score(ms, gold)
	switch format {
	case "json", "jsonl":
		return writeObject(a.out, format, r)
	case "csv":
		// the scores; the lists are in json and jsonl
		f3 := func(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }
		return writeCSV(a.out, []string{"metric", "value"}, [][]string{
			{"precision", f3(r.Precision)}, {"recall", f3(r.Recall)}, {"f1", f3(r.F1)},
			{"event_accuracy", f3(r.EventAccuracy)}, {"source_accuracy", f3(r.SourceAccuracy)},
			{"tp", strconv.Itoa(r.TP)}, {"fp", strconv.Itoa(r.FP)}, {"fn", strconv.Itoa(r.FN)},
			{"required", strconv.Itoa(r.Required)}, {"found", strconv.Itoa(r.Found)},
		})
	}
	fmt.Fprintf(a.out, "precision %.3f  recall %.3f  f1 %.3f  (tp %d, fp %d, fn %d; %d of %d required found)\n",
		r.Precision, r.Recall, r.F1, r.TP, r.FP, r.FN, r.Found, r.Required)
	fmt.Fprintf(a.out, "event accuracy %.3f  source accuracy %.3f\n", r.EventAccuracy, r.SourceAccuracy)
	for _, k := range r.FalsePositives {
		fmt.Fprintf(a.out, "false positive  %s  %s %s %s (%s)  event %s  source %s\n", k.Doc, k.Subject, k.Predicate, k.Object, k.Polarity, k.Event, k.Source)
	}
	for _, e := range r.EventErrors {
		fmt.Fprintf(a.out, "wrong event     %s  %s %s %s: %s, gold %s\n", e.Gold.Doc, e.Gold.Subject, e.Gold.Predicate, e.Gold.Object, e.Got, e.Gold.Event)
	}
	for _, e := range r.SourceErrors {
		fmt.Fprintf(a.out, "wrong source    %s  %s %s %s: %s, gold %s\n", e.Gold.Doc, e.Gold.Subject, e.Gold.Predicate, e.Gold.Object, e.Got, e.Gold.Source)
	}
	for _, g := range r.FalseNegatives {
		fmt.Fprintf(a.out, "false negative  %s  %s %s %s (%s)  %q\n", g.Doc, g.Subject, g.Predicate, g.Object, g.Polarity, g.Evidence)
	}
	return nil
}
