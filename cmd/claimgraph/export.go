package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/graph"
	"github.com/claimgraph/claimgraph/internal/membudget"
	"github.com/claimgraph/claimgraph/schema"
)

var exportFormats = []string{"nquads", "jsonld", "graphml", "gml", "dot", "csv"}

func (a *app) newExport() *cobra.Command {
	var format, out, tableName string
	cmd := &cobra.Command{
		Use:   "export --format FORMAT [-o FILE]",
		Short: "Export the graph: N-Quads, JSON-LD, GraphML, GML, DOT or CSV tables",
		Long: `nquads and jsonld hold the whole graph (claims, mentions, documents, labels)
and can be imported back. graphml and gml (Gephi) and dot (Graphviz) hold the
relations: one edge per claim and polarity from subject to object, named by
the predicate (not_<predicate> for a denial), with its claim, event and
condition, between nodes labelled in English and Arabic. gml is a
multigraph (networkx, Gephi); dot merges the claims of one subject,
predicate and object into one edge. csv writes one table: claims,
mentions (the default) or contradictions (--table).
With -o the file is written whole or not at all.`,
		Example: `  claimgraph export --format nquads -o claims.nq
  claimgraph export --format graphml -o claims.graphml
  claimgraph export --format csv --table contradictions > contradictions.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !contains(exportFormats, format) {
				return usagef("export needs --format, one of %s", strings.Join(exportFormats, ", "))
			}
			if format == "csv" && !contains([]string{"claims", "mentions", "contradictions"}, tableName) {
				return usagef("--table is claims, mentions or contradictions, not %q", tableName)
			}
			return a.runExport(cmd.Context(), format, tableName, out)
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "nquads, jsonld, graphml, gml, dot or csv")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of stdout")
	cmd.Flags().StringVar(&tableName, "table", "mentions", "csv table: claims, mentions or contradictions")
	return cmd
}

func (a *app) runExport(ctx context.Context, format, tableName, out string) (err error) {
	store, err := a.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer store.Close()
	var w io.Writer = a.out
	var tmp *os.File
	if out != "" {
		f, direct, err := openOutput(out)
		if err != nil {
			return err
		}
		if direct {
			// not a regular file (/dev/null, a pipe, a device): write to it
			defer f.Close()
		} else {
			tmp = f
			defer func() {
				if tmp != nil {
					tmp.Close()
					os.Remove(tmp.Name())
				}
			}()
		}
		w = f
	}
	n := 0
	if format == "csv" {
		n, err = a.exportCSV(ctx, store, w, tableName)
	} else {
		n, err = store.Export(ctx, w, format)
	}
	if err != nil {
		return err
	}
	if tmp != nil {
		if err := tmp.Close(); err != nil {
			return fmt.Errorf("write %s: %v", out, cause(err))
		}
		if err := os.Rename(tmp.Name(), out); err != nil {
			return fmt.Errorf("write %s: %v", out, cause(err))
		}
		tmp = nil
	}
	if out != "" {
		unit := map[string]string{"csv": "row", "graphml": "edge", "gml": "edge", "dot": "edge"}[format]
		if unit == "" {
			unit = "quad"
		}
		fmt.Fprintf(a.errOut, "wrote %s to %s\n", count(n, unit, unit+"s"), out)
	}
	return nil
}

// openOutput opens the -o target. A regular file (or a new one) is
// written through a temporary file beside it, renamed over it at the end,
// so that it is written whole or not at all; the temporary file gets the
// mode of the file it replaces, or the usual mode under the umask. Anything
// else (/dev/null, a pipe, a device) is opened and written directly.
func openOutput(out string) (f *os.File, direct bool, err error) {
	info, statErr := os.Stat(out)
	if statErr == nil && !info.Mode().IsRegular() {
		if info.IsDir() {
			return nil, false, fmt.Errorf("write %s: it is a directory; give a file name", out)
		}
		f, err := os.OpenFile(out, os.O_WRONLY, 0)
		if err != nil {
			return nil, false, fmt.Errorf("write %s: %v", out, cause(err))
		}
		return f, true, nil
	}
	mode := os.FileMode(0o666) // less the umask
	if statErr == nil {
		mode = info.Mode().Perm()
	}
	dir, base := filepath.Split(out)
	for range 100 {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		f, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, false, fmt.Errorf("write %s: %v", out, cause(err))
		}
		if statErr == nil {
			// an existing file keeps its mode whatever the umask
			if err := f.Chmod(mode); err != nil {
				f.Close()
				os.Remove(name)
				return nil, false, fmt.Errorf("write %s: %v", out, cause(err))
			}
		}
		return f, false, nil
	}
	return nil, false, fmt.Errorf("write %s: cannot create a temporary file beside it", out)
}

// cause strips the path from a file error, so that a message names the
// file the user gave and never a temporary one.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

func (a *app) exportCSV(ctx context.Context, store *graph.Store, w io.Writer, tableName string) (int, error) {
	ms, err := store.Mentions(ctx, schema.Filter{})
	if err != nil {
		return 0, err
	}
	switch tableName {
	case "contradictions":
		rows := contradictionRows(graph.FindContradictions(ms))
		return len(rows), writeCSV(w, contradictionColumns, rows)
	case "claims":
		type agg struct {
			c        schema.Mention
			pos, neg int
			sources  map[string]bool
			docs     map[string]bool
		}
		by := map[string]*agg{}
		var order []string
		for _, m := range ms {
			g, ok := by[m.ClaimID]
			if !ok {
				g = &agg{c: m, sources: map[string]bool{}, docs: map[string]bool{}}
				by[m.ClaimID] = g
				order = append(order, m.ClaimID)
			}
			if m.Polarity == schema.Negative {
				g.neg++
			} else {
				g.pos++
			}
			g.sources[m.Source] = true
			g.docs[m.Doc] = true
		}
		rows := make([][]string, 0, len(order))
		for _, id := range order {
			g := by[id]
			c := g.c
			rows = append(rows, []string{id, c.Subject, c.Predicate, c.Object, c.Event, c.Target, c.Condition, c.About,
				fmt.Sprint(g.pos), fmt.Sprint(g.neg), strings.Join(keys(g.sources), " "), strings.Join(keys(g.docs), " ")})
		}
		return len(rows), writeCSV(w, []string{"claim", "subject", "predicate", "object", "event", "target", "condition", "about", "positive", "negative", "sources", "docs"}, rows)
	}
	rows := make([][]string, len(ms))
	for i, m := range ms {
		rows[i] = mentionRow(m)
	}
	return len(rows), writeCSV(w, mentionColumns, rows)
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

func (a *app) newImport() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:     "import FILE",
		Short:   "Import N-Quads (or JSON-LD) exported by claimgraph",
		Example: "  claimgraph export --format nquads -o claims.nq\n  claimgraph --db other import claims.nq",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format == "" {
				format = "nquads"
				if strings.HasSuffix(args[0], ".jsonld") || strings.HasSuffix(args[0], ".json") {
					format = "jsonld"
				}
			}
			f, err := os.Open(args[0])
			if err != nil {
				return fmt.Errorf("open %s: %v", args[0], cause(err))
			}
			defer f.Close()
			defer membudget.Start(membudget.Default)()
			fresh := a.freshStore()
			store, err := a.openStore(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer store.Close()
			read, added, err := store.Import(cmd.Context(), f, format)
			if fresh && added == 0 {
				a.dropStore(store) // nothing landed: leave no empty store behind
			}
			if err != nil {
				return fmt.Errorf("import %s: %w", args[0], err)
			}
			fmt.Fprintf(a.errOut, "read %s, added %d\n", count(read, "quad", "quads"), added)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "nquads or jsonld (default: from the file name)")
	return cmd
}
