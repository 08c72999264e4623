package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
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

// TestMachineFormatsEverywhere loads every listing's jsonl with a JSON
// parser (one object a line) and its csv with a CSV parser.
func TestMachineFormatsEverywhere(t *testing.T) {
	db := seeded(t)
	commands := [][]string{
		{"claims"}, {"contradictions"}, {"shifts", "--from", "call_2021_12_07", "--to", "call_2021_12_30"},
		{"positions", "--topic", "sanctions"}, {"docs"}, {"stats"}, {"eval", "--gold", gold}, {"config"},
		{"extract", seeds}, {"lexicon", "unknown", seeds},
	}
	for _, c := range commands {
		t.Run(strings.Join(c[:1], " ")+" jsonl", func(t *testing.T) {
			out := ok(t, cg(t, "", append(append([]string{"--db", db}, c...), "--format", "jsonl")...)).stdout
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			for i, l := range lines {
				var v map[string]any
				if err := json.Unmarshal([]byte(l), &v); err != nil {
					t.Fatalf("line %d is not a JSON object: %v\n%.200s", i+1, err, l)
				}
			}
		})
		t.Run(strings.Join(c[:1], " ")+" csv", func(t *testing.T) {
			out := ok(t, cg(t, "", append(append([]string{"--db", db}, c...), "--format", "csv")...)).stdout
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatalf("not CSV: %v\n%.300s", err, out)
			}
			if len(recs) < 2 || len(recs[0]) < 2 {
				t.Fatalf("csv %v", recs)
			}
			for _, h := range recs[0] {
				if h != strings.ToLower(h) || strings.Contains(h, " ") {
					t.Errorf("header %q is not a column name", h)
				}
			}
		})
	}
	r := cg(t, "", "extract", "--explain", "--format", "csv", seeds)
	if r.code != 2 {
		t.Errorf("extract --explain --format csv: exit %d, want 2 (usage)", r.code)
	}
	var cfg struct {
		Settings []struct {
			Key, Origin string
			Value       any
		}
	}
	if err := json.Unmarshal([]byte(ok(t, cg(t, "", "config", "--format", "json")).stdout), &cfg); err != nil {
		t.Fatal(err)
	}
	for _, s := range cfg.Settings {
		if s.Key == "timeout" && s.Value != "30s" {
			t.Errorf("timeout in JSON: %#v, want \"30s\"", s.Value)
		}
	}
}
