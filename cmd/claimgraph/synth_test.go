package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSynthIngestEval writes a synthetic corpus with the real binary,
// ingests it into a bolt store and scores the extraction against the gold
// file synth wrote.
func TestSynthIngestEval(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	r := ok(t, cg(t, "", "synth", "--reports", "100", "--seed", "3", "-o", dir))
	if !strings.Contains(r.stderr, "wrote 100 reports") || r.stdout != "" {
		t.Errorf("summary: stdout %q stderr %q", r.stdout, r.stderr)
	}
	reports, err := os.ReadDir(filepath.Join(dir, "reports"))
	if err != nil || len(reports) != 100 {
		t.Fatalf("want 100 reports: %d, %v", len(reports), err)
	}

	db := filepath.Join(t.TempDir(), "db")
	ok(t, cg(t, "", "--db", db, "ingest", filepath.Join(dir, "reports")))
	var rep struct {
		Precision, Recall float64
		EventAccuracy     float64 `json:"event_accuracy"`
		SourceAccuracy    float64 `json:"source_accuracy"`
		TP, FP, FN        int
		FalsePositives    []any `json:"false_positives"`
		FalseNegatives    []any `json:"false_negatives"`
	}
	r = ok(t, cg(t, "", "--db", db, "eval", "--gold", filepath.Join(dir, "gold.jsonl"), "--format", "json"))
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	// measured with seed 3: precision 1.000, recall 0.999 (tp 1,800 and
	// more), event accuracy 1.000, source accuracy 0.99
	if rep.TP < 1000 || rep.Precision < 0.97 || rep.Recall < 0.97 || rep.EventAccuracy < 0.97 || rep.SourceAccuracy < 0.95 {
		t.Errorf("synthetic corpus scores below target: P %.3f R %.3f event %.3f source %.3f tp %d fp %d fn %d\nfalse positives %v\nfalse negatives %v",
			rep.Precision, rep.Recall, rep.EventAccuracy, rep.SourceAccuracy, rep.TP, rep.FP, rep.FN, rep.FalsePositives, rep.FalseNegatives)
	}

	// the same corpus again: refused in a full directory, byte-identical
	// with --force
	before := readTree(t, dir)
	r = cg(t, "", "synth", "--reports", "100", "--seed", "3", "-o", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "not empty") || !strings.Contains(r.stderr, "--force") {
		t.Errorf("a full directory: exit %d, stderr %q", r.code, r.stderr)
	}
	ok(t, cg(t, "", "synth", "--reports", "100", "--seed", "3", "-o", dir, "--force"))
	after := readTree(t, dir)
	if len(after) != len(before) {
		t.Fatalf("%d files before, %d after", len(before), len(after))
	}
	for name, b := range before {
		if !bytes.Equal(b, after[name]) {
			t.Errorf("%s differs between two runs of the same seed", name)
		}
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSynthUsage(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no output", []string{"synth", "--reports", "3"}, 2, "needs -o DIR"},
		{"negative", []string{"synth", "--reports", "-1", "-o", t.TempDir()}, 2, "0 or more"},
		{"bad seed", []string{"synth", "--seed", "x", "-o", t.TempDir()}, 2, "invalid argument"},
		{"arguments", []string{"synth", "-o", t.TempDir(), "extra"}, 2, "unknown command"},
		{"none", []string{"synth", "--reports", "0", "-o", filepath.Join(t.TempDir(), "c")}, 0, "wrote 0 reports"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), tc.args, strings.NewReader(""), &out, &errb)
			if code != tc.code || !strings.Contains(errb.String(), tc.want) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", code, tc.code, errb.String(), tc.want)
			}
		})
	}
}
