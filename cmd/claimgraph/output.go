package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/rivo/uniseg"
	"github.com/spf13/cobra"
	"golang.org/x/term"

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

// writeObject writes one object: indented for json, on one line for jsonl.
func writeObject(w io.Writer, format string, v any) error {
	if format == "jsonl" {
		return writeJSONL(w, []any{v})
	}
	return writeJSON(w, v)
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

// termWidth is the width, in cells, that output to w should fit: the
// terminal's columns, else $COLUMNS, else 0 (no limit).
func termWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if width, _, err := term.GetSize(int(f.Fd())); err == nil && width > 0 {
			return width
		}
	}
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return 0
}

// cells is the display width of s in a terminal: a wide character takes
// two cells, combining marks such as Arabic diacritics none.
func cells(s string) int { return uniseg.StringWidth(s) }

// trim fits s into n cells for a table cell or a line (the full text
// stays in the machine formats): whitespace folded, and when too long cut
// at a word boundary with an ellipsis. A single word longer than n is cut
// between characters.
func trim(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if n <= 0 || cells(s) <= n {
		return s
	}
	if n == 1 {
		return "…"
	}
	var b strings.Builder
	used, lastSpace := 0, -1
	g := uniseg.NewGraphemes(s)
	for g.Next() {
		w := g.Width()
		if used+w > n-1 {
			break
		}
		if g.Str() == " " {
			lastSpace = b.Len()
		}
		b.WriteString(g.Str())
		used += w
	}
	out := b.String()
	if lastSpace > 0 && lastSpace >= len(out)/2 {
		out = out[:lastSpace] // do not break a word
	}
	return strings.TrimRight(out, " ,،.") + "…"
}

// table writes aligned columns fitting the terminal (see tableFit), with
// no limit when the width is unknown.
func table(w io.Writer, header []string, rows [][]string) error {
	return tableFit(w, header, rows, 0)
}

// tableFit writes aligned columns, measured in display cells. When the
// width to fit is known (termWidth) and the table is wider, the last
// column (free text such as evidence, which keeps right-to-left text out
// of the way of the columns before it) shrinks to 20 cells, then the
// widest other columns down to their headers, and cut cells end in an
// ellipsis; lastMax limits the last column when the width is unknown (0:
// no limit).
func tableFit(w io.Writer, header []string, rows [][]string, lastMax int) error {
	n := len(header)
	widths := make([]int, n)
	for c, h := range header {
		widths[c] = cells(h)
	}
	for _, r := range rows {
		for c := 0; c < n && c < len(r); c++ {
			widths[c] = max(widths[c], cells(strings.Join(strings.Fields(r[c]), " ")))
		}
	}
	room := lastMax
	if tw := termWidth(w); tw > 0 {
		avail := tw - 1 // a full last line wraps in some terminals
		fixed := 2 * (n - 1)
		for c := 0; c < n-1; c++ {
			fixed += widths[c]
		}
		for fixed+min(widths[n-1], 20) > avail {
			widest := -1
			for c := 0; c < n-1; c++ {
				if widths[c] > max(cells(header[c]), 4) && (widest < 0 || widths[c] > widths[widest]) {
					widest = c
				}
			}
			if widest < 0 {
				break
			}
			widths[widest]--
			fixed--
		}
		room = max(avail-fixed, 1)
	}
	bw := bufio.NewWriter(w)
	line := func(r []string) {
		var b strings.Builder
		for c := 0; c < n; c++ {
			cell := ""
			if c < len(r) {
				cell = r[c]
			}
			if c == n-1 {
				b.WriteString(trim(cell, room))
				break
			}
			cell = trim(cell, widths[c])
			b.WriteString(cell)
			b.WriteString(strings.Repeat(" ", widths[c]-cells(cell)+2))
		}
		bw.WriteString(strings.TrimRight(b.String(), " ") + "\n")
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
	return bw.Flush()
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
		rows[i] = []string{m.Subject, strings.TrimSpace(polaritySign(m.Polarity) + " " + m.Predicate), obj, m.Event, m.Source, m.Doc, m.Lang, m.Evidence}
	}
	if err := tableFit(w, header, rows, 60); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, count(len(ms), "mention", "mentions"))
	return err
}
