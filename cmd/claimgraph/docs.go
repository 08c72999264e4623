package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/graph"
	"github.com/claimgraph/claimgraph/schema"
)

type docsOptions struct {
	Filter schema.Filter // Doc and Lang
	Format string
}

func (a *app) newDocs() *cobra.Command {
	o := &docsOptions{}
	cmd := &cobra.Command{
		Use:     "docs",
		Short:   "List the stored documents",
		Example: "  claimgraph docs\n  claimgraph docs --lang en --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fm, err := a.resolveFormat(o.Format)
			if err != nil {
				return err
			}
			o.Format = fm
			return a.runDocs(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.Filter.Lang, "lang", "", "documents in this language only (ar, en)")
	cmd.Flags().StringVar(&o.Filter.Doc, "doc", "", "this document only (name or ID)")
	addFormatFlag(cmd, &o.Format)
	return cmd
}

func (a *app) runDocs(ctx context.Context, o *docsOptions) error {
	var docs []schema.Document
	if err := a.withStore(ctx, func(store *graph.Store) error {
		all, err := store.Documents(ctx)
		for _, d := range all {
			if o.Filter.MatchDoc(d) {
				docs = append(docs, d)
			}
		}
		return err
	}); err != nil {
		return err
	}
	if done, err := writeRecords(a.out, o.Format, docs, docColumns, docRow); done {
		return err
	}
	rows := make([][]string, len(docs))
	for i, d := range docs {
		rows[i] = docRow(d)
	}
	return table(a.out, []string{"ID", "NAME", "LANG", "TITLE", "PATH"}, rows)
}

var docColumns = []string{"id", "name", "lang", "title", "path"}

func docRow(d schema.Document) []string {
	return []string{d.ID, d.Name, d.Lang, trim(d.Title, 40), d.Path}
}
