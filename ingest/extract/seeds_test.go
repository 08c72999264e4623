package extract_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/eval"
	"github.com/claimgraph/claimgraph/schema"
)

func seedDocs(t testing.TB) []schema.Document {
	t.Helper()
	files, err := filepath.Glob("../../examples/seeds/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed reports: %v", err)
	}
	var docs []schema.Document
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		txt := arabic.Clean(string(b))
		docs = append(docs, schema.Document{ID: schema.Hash("doc", txt), Name: filepath.Base(f), Text: txt})
	}
	return docs
}

// TestSeedScore guards the extraction quality on the bundled seed reports.
func TestSeedScore(t *testing.T) {
	x := newExtractor(t)
	var all []schema.Mention
	for _, d := range seedDocs(t) {
		all = append(all, x.Extract(d)...)
	}
	f, err := os.Open("../../examples/gold/seeds.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gold, err := eval.ReadGold(f, "seeds.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	r := eval.Score(all, gold)
	t.Logf("precision %.3f recall %.3f f1 %.3f event %.3f source %.3f (tp %d fp %d fn %d)", r.Precision, r.Recall, r.F1, r.EventAccuracy, r.SourceAccuracy, r.TP, r.FP, r.FN)
	for _, k := range r.FalsePositives {
		t.Logf("false positive %s %s %s %s %s", k.Doc, k.Subject, k.Predicate, k.Object, k.Polarity)
	}
	for _, e := range append(r.EventErrors, r.SourceErrors...) {
		t.Logf("wrong event/source %s %s %s %s: got %s (gold event %s, source %s)", e.Gold.Doc, e.Gold.Subject, e.Gold.Predicate, e.Gold.Object, e.Got, e.Gold.Event, e.Gold.Source)
	}
	for _, g := range r.FalseNegatives {
		t.Logf("false negative %s %s %s %s %s", g.Doc, g.Subject, g.Predicate, g.Object, g.Polarity)
	}
	for name, v := range map[string][2]float64{
		"precision": {r.Precision, 0.90}, "recall": {r.Recall, 0.90},
		"event accuracy": {r.EventAccuracy, 0.90}, "source accuracy": {r.SourceAccuracy, 0.85},
	} {
		if v[0] < v[1] {
			t.Errorf("%s %.3f below %.2f", name, v[0], v[1])
		}
	}
}

// BenchmarkExtractSeeds measures extraction speed on the seed reports;
// it reports documents/s and MB/s next to Go's ns/op.
func BenchmarkExtractSeeds(b *testing.B) {
	x := newExtractor(b)
	docs := seedDocs(b)
	var bytes int64
	for _, d := range docs {
		bytes += int64(len(d.Text))
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			x.Extract(d)
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSplitTokenize is the baseline of the extraction benchmark: the
// share of the time spent only splitting and tokenizing.
func BenchmarkSplitTokenize(b *testing.B) {
	docs := seedDocs(b)
	var bytes int64
	for _, d := range docs {
		bytes += int64(len(d.Text))
	}
	b.SetBytes(bytes)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			for _, s := range arabic.Split(d.Text, arabic.SplitOptions{}) {
				arabic.Tokenize(s.Text, s.Start)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "docs/s")
}
