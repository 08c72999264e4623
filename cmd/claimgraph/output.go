package main

import (
	"os"

	"golang.org/x/term"

	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
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

// lastColumnRoom is how many characters the last column may take so that
// a table fits the terminal w writes to (fallback when w is no terminal).
func lastColumnRoom(w io.Writer, header []string, rows [][]string, fallback int) int {
	f, ok := w.(*os.File)
	if !ok {
		return fallback
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil || width <= 0 {
		return fallback
	}
	used := 0
	for c := 0; c < len(header)-1; c++ {
		m := utf8.RuneCountInString(header[c])
		for _, r := range rows {
			if n := utf8.RuneCountInString(r[c]); n > m {
				m = n
			}
		}
		used += m + 2
	}
	return max(20, width-used-1)
}

// trim shortens s to n characters for a table cell (full text stays in the
// machine formats). Tables keep right-to-left text in their last column,
// where a bidi-aware terminal can show it right to left without moving
// the columns before it.
func trim(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n-1]) + "…"
	}
	return s
}

var mentionColumns = []string{"claim", "subject", "predicate", "object", "polarity", "event", "source", "doc", "target", "condition", "about", "evidence", "rule", "confidence", "sentence", "start", "end", "id", "lang"}

func mentionRow(m schema.Mention) []string {
	return []string{m.ClaimID, m.Subject, m.Predicate, m.Object, m.Polarity, m.Event, m.Source, m.Doc, m.Target, m.Condition, m.About, m.Evidence, m.Rule,
		fmt.Sprintf("%.2f", m.Confidence), fmt.Sprint(m.Sentence), fmt.Sprint(m.Start), fmt.Sprint(m.End), m.ID, m.Lang}
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
	header := []string{"SUBJECT", "PREDICATE", "OBJECT", "EVENT", "SOURCE", "DOC", "LANG", "EVIDENCE"}
	rows := make([][]string, len(ms))
	for i, m := range ms {
		obj := m.Object
		if m.Condition != "" {
			obj += " (if " + m.Condition + ")"
		}
		rows[i] = []string{m.Subject, strings.TrimSpace(polaritySign(m.Polarity) + " " + m.Predicate), obj, m.Event, m.Source, m.Doc, m.Lang, ""}
	}
	room := lastColumnRoom(w, header, rows, 60)
	for i, m := range ms {
		rows[i][len(header)-1] = trim(m.Evidence, room)
	}
	if err := table(w, header, rows); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d mentions\n", len(ms))
	return err
}
