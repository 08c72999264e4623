package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rivo/uniseg"

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

func TestTablesFitTheTerminal(t *testing.T) {
	evidence := "وحذّر الرئيسُ الأمريكيُّ نظيرَه الروسيَّ من عقوباتٍ اقتصاديةٍ قاسيةٍ إذا غزت روسيا أوكرانيا، بحسب البيت الأبيض في بيان صدر مساء الثلاثاء."
	rows := [][]string{
		{"putin", "warn", "sanctions", "call_2021_12_30", "kremlin", "003_f9ee0319cf151524.txt", evidence},
		{"بُوتِين", "warn", "sanctions", "call_2021_12_30", "kremlin", "003_f9ee0319cf151524.txt", evidence}, // diacritics take no cell
	}
	header := []string{"SUBJECT", "PREDICATE", "OBJECT", "EVENT", "SOURCE", "DOC", "EVIDENCE"}
	for _, width := range []int{80, 100, 300} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			t.Setenv("COLUMNS", fmt.Sprint(width))
			var b bytes.Buffer
			if err := tableFit(&b, header, rows, 60); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			for _, l := range lines {
				if c := uniseg.StringWidth(l); c >= width {
					t.Errorf("%d cells in %d columns: %s", c, width, l)
				}
			}
			// the columns line up in cells: "warn" starts at the same cell
			at := func(l string) int { return uniseg.StringWidth(l[:strings.Index(l, "warn")]) }
			if at(lines[1]) != at(lines[2]) {
				t.Errorf("columns do not line up:\n%s", b.String())
			}
			ev := lines[1][strings.LastIndex(lines[1], "  ")+2:]
			if width < 300 {
				cut, ok := strings.CutSuffix(ev, "…")
				if !ok || !strings.HasPrefix(evidence, cut) || evidence[len(cut)] != ' ' && evidence[len(cut)] != ',' && !strings.HasPrefix(evidence[len(cut):], "،") {
					t.Errorf("evidence not cut at a word end with an ellipsis: %q", ev)
				}
			} else if ev != evidence {
				t.Errorf("evidence cut at %d columns: %q", width, ev)
			}
		})
	}
	// without a known width the evidence keeps to lastMax cells
	t.Setenv("COLUMNS", "")
	var b bytes.Buffer
	tableFit(&b, header, rows, 60)
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n")[1:] {
		if ev := l[strings.LastIndex(l, "  ")+2:]; uniseg.StringWidth(ev) > 60 || !strings.HasSuffix(ev, "…") {
			t.Errorf("evidence %q", ev)
		}
	}
}

func TestIngestJSONDurationIsAString(t *testing.T) {
	r := ok(t, cg(t, "", "--store", "memstore", "ingest", "--json", seeds))
	var sum map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
		t.Fatal(err)
	}
	if _, ok := sum["elapsed_ns"]; ok {
		t.Errorf("elapsed_ns in %v", sum)
	}
	if s, ok := sum["elapsed"].(string); !ok || !strings.HasSuffix(s, "s") {
		t.Errorf("elapsed %#v, want a duration string", sum["elapsed"])
	}
}
