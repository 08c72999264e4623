package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/graph"
)

func (a *app) newStats() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:     "stats",
		Short:   "Count documents, claims, mentions and quads in the store",
		Example: "  claimgraph stats\n  claimgraph stats --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := a.resolveFormat(format)
			if err != nil {
				return err
			}
			return a.runStats(cmd.Context(), f)
		},
	}
	addFormatFlag(cmd, &format)
	return cmd
}

func (a *app) runStats(ctx context.Context, format string) error {
	st, err := graph.ReadStats(ctx, graph.Options{Backend: a.cfg.Store, Address: a.cfg.DB, Wait: a.cfg.Wait})
	if err != nil {
		return err
	}
	switch format {
	case "json", "jsonl":
		return writeObject(a.out, format, st)
	}
	rows := [][]string{
		{"count", "documents", fmt.Sprint(st.Documents)},
		{"count", "claims", fmt.Sprint(st.Claims)},
		{"count", "mentions", fmt.Sprint(st.Mentions)},
		{"count", "quads", fmt.Sprint(st.Quads)},
	}
	for _, k := range sortedKeys(st.Events) {
		rows = append(rows, []string{"event", k, fmt.Sprint(st.Events[k])})
	}
	for _, k := range sortedKeys(st.Sources) {
		rows = append(rows, []string{"source", k, fmt.Sprint(st.Sources[k])})
	}
	if format == "csv" {
		return writeCSV(a.out, []string{"kind", "name", "count"}, rows)
	}
	return table(a.out, []string{"KIND", "NAME", "COUNT"}, rows)
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
