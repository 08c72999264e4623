package main

import (
	"github.com/spf13/cobra"
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
			store, err := a.openStore(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer store.Close()
			docs, err := store.Documents(cmd.Context())
			if err != nil {
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
