package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/schema"
)

var formats = []string{"table", "json", "jsonl", "csv"}

// addFormatFlag adds --format to a listing command.
func addFormatFlag(cmd *cobra.Command, dst *string) {
	cmd.Flags().StringVar(dst, "format", "table", "output format: table, json, jsonl, csv")
}

// resolveFormat validates --format and applies the default.
func (a *app) resolveFormat(f string) (string, error) {
	if f == "" {
		return "table", nil
	}
	for _, x := range formats {
		if f == x {
			return f, nil
		}
	}
	return "", usagef("unknown --format %q (choose one of %s)", f, strings.Join(formats, ", "))
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeJSONL writes each element of items on its own line.
func writeJSONL[T any](w io.Writer, items []T) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			return err
		}
	}
	return nil
}

// table writes aligned columns.
func table(w io.Writer, header []string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

func writeCSV(w io.Writer, header []string, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// trim shortens s to n characters for a table cell (full text stays in the
// machine formats). Right-to-left text is wrapped in Unicode first-strong
// isolates so that a bidi-aware terminal shows it whole and right to left
// without reordering the columns around it.
func trim(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n-1]) + "…"
	}
	if hasRTL(s) {
		return "\u2068" + s + "\u2069"
	}
	return s
}

func hasRTL(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Arabic, unicode.Hebrew) {
			return true
		}
	}
	return false
}

var mentionColumns = []string{"claim", "subject", "predicate", "object", "polarity", "event", "source", "doc", "target", "condition", "about", "evidence", "rule", "confidence", "sentence", "start", "end", "id"}

func mentionRow(m schema.Mention) []string {
	return []string{m.ClaimID, m.Subject, m.Predicate, m.Object, m.Polarity, m.Event, m.Source, m.Doc, m.Target, m.Condition, m.About, m.Evidence, m.Rule,
		fmt.Sprintf("%.2f", m.Confidence), fmt.Sprint(m.Sentence), fmt.Sprint(m.Start), fmt.Sprint(m.End), m.ID}
}

func polaritySign(p string) string {
	if p == schema.Negative {
		return "NOT"
	}
	return ""
}

// writeMentions renders mentions in the chosen format.
func writeMentions(w io.Writer, format string, ms []schema.Mention) error {
	if ms == nil {
		ms = []schema.Mention{}
	}
	switch format {
	case "json":
		return writeJSON(w, ms)
	case "jsonl":
		return writeJSONL(w, ms)
	case "csv":
		rows := make([][]string, len(ms))
		for i, m := range ms {
			rows[i] = mentionRow(m)
		}
		return writeCSV(w, mentionColumns, rows)
	}
	rows := make([][]string, len(ms))
	for i, m := range ms {
		obj := m.Object
		if m.Condition != "" {
			obj += " (if " + m.Condition + ")"
		}
		rows[i] = []string{m.Subject, strings.TrimSpace(polaritySign(m.Polarity) + " " + m.Predicate), obj, m.Event, m.Source, m.Doc, trim(m.Evidence, 60)}
	}
	if err := table(w, []string{"SUBJECT", "PREDICATE", "OBJECT", "EVENT", "SOURCE", "DOC", "EVIDENCE"}, rows); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d mentions\n", len(ms))
	return err
}
