package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/graph"
)

type queryOptions struct {
	Lang    string
	Text    string
	Format  string
	Limit   int
	Timeout time.Duration
}

func (a *app) newQuery() *cobra.Command {
	o := &queryOptions{}
	cmd := &cobra.Command{
		Use:   "query [flags] QUERY",
		Short: "Run a Gizmo, GraphQL or MQL query over the raw graph",
		Long: `Runs one query and prints its results. Nodes are prefixed IRIs: actors, topics,
predicates and events are <cg:ID> (<cg:putin>, <cg:sanctions>); claims are
<cg:claim/HASH>, mentions <cg:mention/HASH>, documents <cg:doc/HASH>. A claim
has cg:subject, cg:predicate, cg:object, cg:event (and cg:target, cg:condition);
a mention has cg:claim, cg:doc, cg:polarity, cg:source, cg:evidence, cg:rule.
Each claim also links subject to object directly: <cg:commit> for an
assertion, <cg:not_commit> for a denial. QUERY "-" reads the query from stdin.`,
		Example: `  claimgraph query 'g.V("<cg:biden>").Out("<cg:warn>").All()'
  claimgraph query 'g.V().Has("<cg:predicate>", "<cg:deny>").Out("<cg:subject>").All()'
  claimgraph query --lang graphql '{ nodes(id: "<cg:putin>") { id } }'`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Text = args[0]
			if o.Text == "-" {
				b, err := readAllString(a.in)
				if err != nil {
					return err
				}
				o.Text = b
			}
			if !cmd.Flags().Changed("limit") {
				o.Limit = a.cfg.Limit
			}
			if !cmd.Flags().Changed("timeout") {
				o.Timeout = a.cfg.Timeout
			}
			return a.runQuery(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Lang, "lang", "gizmo", "query language: gizmo, graphql, mql")
	f.IntVar(&o.Limit, "limit", 1000, "stop after this many results (0: no limit)")
	f.DurationVar(&o.Timeout, "timeout", 30*time.Second, "stop a query running longer than this (0: no timeout)")
	f.StringVar(&o.Format, "format", "json", "output: json (an array) or jsonl")
	return cmd
}

func (a *app) runQuery(ctx context.Context, o *queryOptions) error {
	if o.Format != "json" && o.Format != "jsonl" {
		return usagef("query --format is json or jsonl, not %q", o.Format)
	}
	if err := checkLang(o.Lang); err != nil {
		return err
	}
	store, err := a.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer store.Close()
	res, truncated, err := runOne(ctx, store, o)
	if errors.Is(err, graph.ErrTimeout) {
		err = fmt.Errorf("%w of %s (raise --timeout)", err, o.Timeout)
	}
	if err != nil && len(res) == 0 {
		return fmt.Errorf("query: %w", err)
	}
	if o.Format == "jsonl" {
		if werr := writeJSONL(a.out, res); werr != nil {
			return werr
		}
	} else if werr := writeJSON(a.out, res); werr != nil {
		return werr
	}
	if truncated {
		fmt.Fprintf(a.errOut, "stopped at %d results (raise --limit for more)\n", o.Limit)
	}
	if err != nil {
		return fmt.Errorf("query (partial results above): %w", err)
	}
	return nil
}

// checkLang refuses an unknown query language as a usage error.
func checkLang(lang string) error {
	if !contains(graph.Languages(), lang) {
		return usagef("unknown --lang %q (choose one of %s)", lang, strings.Join(graph.Languages(), ", "))
	}
	return nil
}

func runOne(ctx context.Context, store *graph.Store, o *queryOptions) ([]any, bool, error) {
	if o.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Timeout)
		defer cancel()
	}
	return store.Query(ctx, o.Lang, o.Text, o.Limit)
}

func compactJSON(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // keep <cg:…> readable
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSpace(b.String())
}
