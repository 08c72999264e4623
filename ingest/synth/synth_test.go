package synth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/eval"
	"github.com/claimgraph/claimgraph/ingest/extract"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

type fixture struct {
	g   *Generator
	lex *lexicon.Lexicon
	x   *extract.Extractor
}

func setup(t testing.TB) fixture {
	t.Helper()
	set, err := lexicon.LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	voc, err := lexicon.LoadVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(set.For("ar"), voc)
	if err != nil {
		t.Fatal(err)
	}
	return fixture{g: g, lex: set.For("ar"), x: extract.NewSet(set, voc)}
}

// files reads every file under dir, by path relative to it.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func write(t *testing.T, g *Generator, n int, seed uint64) (string, map[string][]byte) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus")
	if _, err := g.Write(context.Background(), dir, Options{Reports: n, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	return dir, files(t, dir)
}

func TestDeterministic(t *testing.T) {
	f := setup(t)
	_, a := write(t, f.g, 40, 7)
	_, b := write(t, f.g, 40, 7)
	if len(a) != 41 {
		t.Fatalf("want 40 reports and a gold file, got %d files", len(a))
	}
	for name, x := range a {
		if !bytes.Equal(x, b[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	// a larger corpus begins with the same reports
	_, more := write(t, f.g, 60, 7)
	for name, x := range a {
		if name != GoldFile && !bytes.Equal(x, more[name]) {
			t.Errorf("%s differs in a corpus of 60 reports", name)
		}
	}
	if !bytes.HasPrefix(more[GoldFile], a[GoldFile]) {
		t.Error("the gold file of 60 reports does not begin with that of 40")
	}
	// another seed, another corpus
	_, c := write(t, f.g, 40, 8)
	same := 0
	for name, x := range a {
		if bytes.Equal(x, c[name]) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d of %d files are the same with another seed", same, len(a))
	}
}

// distinct counts the distinct claims (subject, predicate, object,
// polarity, event) of the first n reports.
func distinct(g *Generator, n int, seed uint64) int {
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		for _, l := range g.Report(seed, i).Gold {
			ev, _, _ := strings.Cut(l.Event, "|")
			seen[strings.Join([]string{l.Subject, l.Predicate, l.Object, l.Polarity, ev}, "|")] = true
		}
	}
	return len(seen)
}

func TestDistinctClaimsGrowWithN(t *testing.T) {
	f := setup(t)
	// measured with seed 1: 1,402 at 100, 4,786 at 500, 7,350 at 1,000
	for _, tc := range []struct {
		n, min int
	}{{100, 1200}, {500, 4000}, {1000, 6500}} {
		t.Run(fmt.Sprint(tc.n), func(t *testing.T) {
			if got := distinct(f.g, tc.n, 1); got < tc.min {
				t.Errorf("%d reports state %d distinct claims, want at least %d", tc.n, got, tc.min)
			}
		})
	}
	if a, b := distinct(f.g, 500, 1), distinct(f.g, 2000, 1); b <= a {
		t.Errorf("2000 reports state %d distinct claims, no more than 500 (%d)", b, a)
	}
}

// score extracts n reports and scores them against their gold.
func score(f fixture, n int, seed uint64) (eval.Report, []Report) {
	var ms []schema.Mention
	var gold []eval.Gold
	var reps []Report
	for i := 0; i < n; i++ {
		rep := f.g.Report(seed, i)
		reps = append(reps, rep)
		ms = append(ms, f.x.Extract(schema.Document{Name: rep.Name, Text: rep.Text, Lang: "ar"})...)
		for _, l := range rep.Gold {
			gold = append(gold, eval.Gold{Doc: l.Doc, Subject: l.Subject, Predicate: l.Predicate, Object: l.Object,
				Polarity: l.Polarity, Event: l.Event, Source: l.Source, Required: l.Required, Evidence: l.Evidence})
		}
	}
	return eval.Score(ms, gold), reps
}

func TestExtractorReadsWhatTheGoldSays(t *testing.T) {
	f := setup(t)
	// measured on seeds 1 and 2, 200 reports: precision 0.999–1.000,
	// recall 0.999, event accuracy 1.000, source accuracy 0.99
	for _, seed := range []uint64{1, 2} {
		r, _ := score(f, 200, seed)
		if r.Precision < 0.98 || r.Recall < 0.98 || r.EventAccuracy < 0.97 || r.SourceAccuracy < 0.95 {
			t.Errorf("seed %d: precision %.3f recall %.3f event %.3f source %.3f (fp %v, fn %v)",
				seed, r.Precision, r.Recall, r.EventAccuracy, r.SourceAccuracy, r.FalsePositives, r.FalseNegatives)
		}
	}
}

func TestVariety(t *testing.T) {
	f := setup(t)
	_, reps := score(f, 200, 3)
	preds, events, subjects, sources := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	var neg, plural, facts int
	text := ""
	for _, rep := range reps {
		text += rep.Text
		seen := map[string]int{}
		for _, l := range rep.Gold {
			preds[l.Predicate] = true
			ev, _, _ := strings.Cut(l.Event, "|")
			events[ev] = true
			subjects[l.Subject] = true
			sources[l.Source] = true
			if l.Polarity == "negative" {
				neg++
			}
			if l.Predicate == "duration" || l.Predicate == "medium" {
				facts++
			}
			seen[l.Evidence]++
		}
		for _, n := range seen {
			if n == 2 {
				plural++
			}
		}
		// the title and the sentences, each ending in a period (the
		// splitter joins a sentence ending in a title word such as
		// "الروسي" to the next, by design)
		sentences := 1 + strings.Count(rep.Text, ".")
		if sentences < 15 || sentences > 25 || strings.Contains(strings.SplitN(rep.Text, "\n", 2)[0], ".") {
			t.Errorf("%s has %d sentences, want a title and 14 to 24 more", rep.Name, sentences)
		}
	}
	if len(preds) < 17 {
		t.Errorf("%d predicates, want every stance and the facts: %v", len(preds), keys(preds))
	}
	if !events["call_2021_12_07"] || !events["call_2021_12_30"] {
		t.Errorf("events %v, want both calls", keys(events))
	}
	if neg < 100 || plural < 50 || facts < 300 || len(subjects) < 12 || len(sources) < 20 {
		t.Errorf("negative %d, plural subjects %d, facts %d, subjects %d, sources %d: too few", neg, plural, facts, len(subjects), len(sources))
	}
	for _, frame := range append(append([]string{}, f.g.f.Conditions...), "بحسب", "ونقلت", "قوله", "ولم", " إن ", " أن ", "يوم الثلاثاء", "يوم الخميس", "ديسمبر", "كانون الأول") {
		if !strings.Contains(text, frame) {
			t.Errorf("no report uses %q", frame)
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestNoiseAndTitlesStateNothing(t *testing.T) {
	f := setup(t)
	var texts []string
	texts = append(texts, f.g.f.Noise...)
	for _, tmpl := range f.g.f.Titles {
		for _, ev := range f.g.events {
			texts = append(texts, fill(tmpl, "{t}", ev.talks[0], "{a}", f.g.a[0], "{b}", f.g.b[0]))
		}
	}
	for i, s := range texts {
		ms := f.x.Extract(schema.Document{Name: "noise", Text: s, Lang: "ar"})
		for _, m := range ms {
			if m.Predicate != "medium" { // a title names the talks by their medium
				t.Errorf("%d %q: extracted %s %s %s", i, s, m.Subject, m.Predicate, m.Object)
			}
		}
	}
}

func TestFramesAreTheLexicons(t *testing.T) {
	f := setup(t)
	find := func(s string, k lexicon.Kind) bool {
		for _, m := range f.lex.Find(arabic.Tokenize(s, 0)) {
			if m.Kind == k {
				return true
			}
		}
		return false
	}
	for _, c := range f.g.f.Conditions {
		if !find(c, lexicon.KCondition) {
			t.Errorf("condition %q is not one of the lexicon", c)
		}
	}
	for _, n := range f.g.f.Negation {
		if !find(n, lexicon.KNegator) {
			t.Errorf("negation %q is not one of the lexicon", n)
		}
	}
	for _, q := range f.g.f.Quote {
		for _, s := range q {
			if !find(s, lexicon.KAttribVerb) || !find(s, lexicon.KComplementizer) {
				t.Errorf("quote frame %q: no attribution verb and complementizer of the lexicon", s)
			}
		}
	}
	for _, q := range f.g.f.According {
		for _, s := range q {
			if !find(s, lexicon.KAttribPrep) {
				t.Errorf("frame %q: no attribution preposition of the lexicon", s)
			}
		}
	}
	for _, v := range f.g.verbs {
		if !find(strings.TrimSpace(v.past+" "+v.tail), lexicon.KPredicate) {
			t.Errorf("verb %q of %s is not read as a predicate", v.past, v.pred)
		}
	}
}

func TestWriteRefusesAFullDirectory(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	dir := t.TempDir()
	mine := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := f.g.Write(ctx, dir, Options{Reports: 3, Seed: 1}); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("want ErrNotEmpty, got %v", err)
	}
	if _, err := f.g.Write(ctx, dir, Options{Reports: 5, Seed: 1, Force: true}); err != nil {
		t.Fatal(err)
	}
	// a smaller corpus over it leaves none of the earlier reports
	sum, err := f.g.Write(ctx, dir, Options{Reports: 2, Seed: 1, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	got := files(t, dir)
	want := []string{"gold.jsonl", "notes.txt", filepath.Join("reports", "synth_000000.txt"), filepath.Join("reports", "synth_000001.txt")}
	if names := mapKeys(got); strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("files %v, want %v", names, want)
	}
	if string(got["notes.txt"]) != "mine" {
		t.Error("--force changed a file that is not the corpus's")
	}
	if sum.Reports != 2 || sum.Claims != bytes.Count(got["gold.jsonl"], []byte("\n")) {
		t.Errorf("summary %+v does not count the gold file's %d lines", sum, bytes.Count(got["gold.jsonl"], []byte("\n")))
	}
}

func mapKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestWriteInterrupted(t *testing.T) {
	f := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := filepath.Join(t.TempDir(), "c")
	sum, err := f.g.Write(ctx, dir, Options{Reports: 50, Seed: 1, OnReport: func(done, _ int) {
		if done == 10 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || sum.Reports != 10 {
		t.Fatalf("want an interruption after 10 reports, got %d reports, %v", sum.Reports, err)
	}
	got := files(t, dir)
	if len(got) != 10 {
		t.Errorf("want 10 whole reports and no gold or temporary file, got %v", mapKeys(got))
	}
	for name, b := range got {
		i := 0
		for ; i < 10 && Name(i) != filepath.Base(name); i++ {
		}
		if i == 10 || string(b) != f.g.Report(1, i).Text {
			t.Errorf("%s is not a whole report of the corpus", name)
		}
	}
}

// BenchmarkReport measures generation alone: reports/s and MB/s of text.
func BenchmarkReport(b *testing.B) {
	f := setup(b)
	var n int64
	i := 0
	for b.Loop() {
		n += int64(len(f.g.Report(1, i).Text))
		i++
	}
	b.SetBytes(n / int64(max(i, 1)))
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "reports/s")
}

// BenchmarkWrite measures writing a corpus of 1,000 reports to disk.
func BenchmarkWrite(b *testing.B) {
	f := setup(b)
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "c")
		if _, err := f.g.Write(context.Background(), dir, Options{Reports: 1000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(1000*float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}

func TestReportsConcurrently(t *testing.T) {
	f := setup(t)
	want := make([]string, 64)
	for i := range want {
		want[i] = f.g.Report(5, i).Text
	}
	got := make([]string, len(want))
	done := make(chan struct{})
	for w := 0; w < 4; w++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := w; i < len(got); i += 4 {
				got[i] = f.g.Report(5, i).Text
			}
		}()
	}
	for w := 0; w < 4; w++ {
		<-done
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("report %d differs when written concurrently", i)
		}
	}
}
