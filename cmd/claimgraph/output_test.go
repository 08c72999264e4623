package main

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimgraph/claimgraph/graph"
	"github.com/claimgraph/claimgraph/schema"
)

func fact(doc, ev, pred, val, src string, approx bool) schema.Mention {
	m := schema.Mention{Claim: schema.Claim{Subject: ev, Predicate: pred, Object: val, Event: ev}, Polarity: schema.Positive,
		Source: src, DocID: doc, Doc: doc + ".txt", Evidence: "e", Approx: approx}
	m.Finish()
	return m
}

func TestContradictionsCSV(t *testing.T) {
	cs := graph.FindContradictions([]schema.Mention{
		fact("a", "call", "duration", "120", "kremlin", false),
		fact("b", "call", "duration", "60", "outlet", false),
		fact("a", "call", "medium", "video", "kremlin", false),
		fact("b", "call", "medium", "phone", "outlet", false),
	})
	var buf bytes.Buffer
	a := &app{out: &buf}
	if err := writeContradictions(a, "csv", cs); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	col := map[string]int{}
	for i, h := range recs[0] {
		if seen[h] {
			t.Errorf("column %q twice in %v", h, recs[0])
		}
		seen[h] = true
		col[h] = i
	}
	if len(recs) != 5 {
		t.Fatalf("%d rows, want 4 mentions and a header", len(recs))
	}
	for _, r := range recs[1:] {
		diff, unit := r[col["difference"]], r[col["difference_unit"]]
		switch r[col["topic"]] {
		case "duration":
			if diff != "60" || unit != "minutes" {
				t.Errorf("duration difference %q %q", diff, unit)
			}
		case "medium":
			if diff != "" || unit != "" {
				t.Errorf("medium has a difference: %q %q", diff, unit)
			}
		}
	}
}

func TestExportCSVCountsRows(t *testing.T) {
	db := seeded(t)
	out := filepath.Join(t.TempDir(), "c.csv")
	r := ok(t, cg(t, "", "--db", db, "export", "--format", "csv", "--table", "contradictions", "-o", out))
	recs := readCSV(t, out)
	if want := "wrote " + count(len(recs)-1, "row", "rows"); !strings.Contains(r.stderr, want) {
		t.Errorf("%q, want %q", r.stderr, want)
	}
}
