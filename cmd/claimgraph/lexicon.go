package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/ingest/extract"
)

func (a *app) newLexicon() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lexicon",
		Short: "Inspect and grow the extraction lexicon",
		Long: `The lexicon (actors, predicates, topics, events, attribution frames,
negation, conditions, event facts) is embedded, one per language (ar, en);
each report is read with the lexicon of its language. Files named by the
lexicon setting (--lexicon, CLAIMGRAPH_LEXICON or the config file) extend
the lexicon their "lang:" names (ar when they name none) with entries in
the same YAML format.`,
		Example: `  claimgraph lexicon unknown examples/seeds
  claimgraph --lexicon my-lexicon.yaml extract --explain report.txt`,
	}
	var format string
	var minCount int
	unknown := &cobra.Command{
		Use:   "unknown [flags] PATH...",
		Short: "List frequent unmatched words near known actors (candidates for the lexicon)",
		Example: `  claimgraph lexicon unknown examples/seeds
  claimgraph lexicon unknown examples/en
  claimgraph lexicon unknown --min 3 --format json reports/`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fm, err := a.resolveFormat(format)
			if err != nil {
				return err
			}
			x, docs, skips, err := a.readWithExtractor(args)
			if err != nil {
				return err
			}
			cs := x.Unknown(docs, minCount)
			if cs == nil {
				cs = []extract.Candidate{}
			}
			switch fm {
			case "json":
				return skipped(skips, writeJSON(a.out, cs))
			case "jsonl":
				return skipped(skips, writeJSONL(a.out, cs))
			}
			rows := make([][]string, len(cs))
			for i, c := range cs {
				rows[i] = []string{fmt.Sprint(c.Count), c.Kind, c.Word, c.Example}
			}
			if fm == "csv" {
				return skipped(skips, writeCSV(a.out, []string{"count", "kind", "word", "example"}, rows))
			}
			return skipped(skips, tableFit(a.out, []string{"COUNT", "KIND", "WORD", "EXAMPLE"}, rows, 70))
		},
	}
	unknown.Flags().IntVar(&minCount, "min", 2, "only words seen at least this often")
	addFormatFlag(unknown, &format)
	cmd.AddCommand(unknown)
	return cmd
}
