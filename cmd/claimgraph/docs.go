package main

import (
	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/graph"
	"github.com/claimgraph/claimgraph/schema"
)

func (a *app) newDocs() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:     "docs",
		Short:   "List the stored documents",
		Example: "  claimgraph docs\n  claimgraph docs --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fm, err := a.resolveFormat(format)
			if err != nil {
				return err
			}
			var docs []schema.Document
			if err := a.withStore(cmd.Context(), func(store *graph.Store) (err error) {
				docs, err = store.Documents(cmd.Context())
				return err
			}); err != nil {
				return err
			}
			switch fm {
			case "json":
				return writeJSON(a.out, docs)
			case "jsonl":
				return writeJSONL(a.out, docs)
			}
			rows := make([][]string, len(docs))
			for i, d := range docs {
				rows[i] = []string{d.ID, d.Name, d.Lang, trim(d.Title, 40), d.Path}
			}
			if fm == "csv" {
				return writeCSV(a.out, []string{"id", "name", "lang", "title", "path"}, rows)
			}
			return table(a.out, []string{"ID", "NAME", "LANG", "TITLE", "PATH"}, rows)
		},
	}
	addFormatFlag(cmd, &format)
	return cmd
}
