package main

import (
	"fmt"
	"io"
	"sort"
	"time"
)

func readAllString(r io.Reader) (string, error) {
	b, err := io.ReadAll(r)
	return string(b), err
}

func parseDuration(s string) (time.Duration, error) { return time.ParseDuration(s) }

func sortStrings(s []string) { sort.Strings(s) }

// count writes n with the singular or plural of a noun: "1 document",
// "2 documents".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// writeRecords writes xs in a machine format: json (an array, empty rather
// than null), jsonl, or csv with the columns and a row per record. It
// reports false, writing nothing, for the table format, which each command
// draws itself.
func writeRecords[T any](w io.Writer, format string, xs []T, columns []string, row func(T) []string) (bool, error) {
	switch format {
	case "json":
		if xs == nil {
			xs = []T{}
		}
		return true, writeJSON(w, xs)
	case "jsonl":
		return true, writeJSONL(w, xs)
	case "csv":
		rows := make([][]string, len(xs))
		for i, x := range xs {
			rows[i] = row(x)
		}
		return true, writeCSV(w, columns, rows)
	}
	return false, nil
}
