package graph

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/claimgraph/claimgraph/schema"
)

// seedCopies builds copies of the seeds' gold mentions: each copy of each
// seed report is a document of its own (its name prefixed with the copy's
// number) with the same claims, as when a story is covered again and
// again. Some documents have no language (their mentions' evidence has
// one) and some mentions a normalized evidence.
func seedCopies(tb testing.TB, copies int) []schema.Extraction {
	tb.Helper()
	f, err := os.Open("../examples/gold/seeds.jsonl")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	type gold struct{ Doc, Subject, Predicate, Object, Polarity, Event, Source, Evidence string }
	var names []string
	byDoc := map[string][]gold{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var g gold
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			tb.Fatal(err)
		}
		if byDoc[g.Doc] == nil {
			names = append(names, g.Doc)
		}
		byDoc[g.Doc] = append(byDoc[g.Doc], g)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	var out []schema.Extraction
	for c := 0; c < copies; c++ {
		for _, name := range names {
			lang := "ar"
			if c%3 == 2 {
				lang = ""
			}
			d := schema.Document{ID: fmt.Sprintf("%04d_%s", c, name[:3]), Name: fmt.Sprintf("%04d_%s", c, name), Path: fmt.Sprintf("/seeds/%d/%s", c, name), Lang: lang}
			var ms []schema.Mention
			for i, g := range byDoc[name] {
				m := schema.Mention{Claim: schema.Claim{Subject: g.Subject, Predicate: g.Predicate, Object: g.Object, Event: g.Event},
					Polarity: g.Polarity, Source: g.Source, DocID: d.ID, Doc: d.Name, Evidence: g.Evidence,
					Sentence: i, Start: i * 40, End: i*40 + len([]rune(g.Evidence)), Rule: g.Predicate + "/gold", Confidence: 0.8, Lang: "ar"}
				if c%2 == 1 {
					m.EvidenceNorm = g.Evidence
				}
				m.Finish()
				ms = append(ms, m)
			}
			out = append(out, schema.Extraction{Doc: d, Mentions: ms})
		}
	}
	return out
}

func putAll(tb testing.TB, s *Store, docs []schema.Extraction) {
	tb.Helper()
	for _, b := range batches(docs, 64) {
		if _, err := s.Put(context.Background(), b); err != nil {
			tb.Fatal(err)
		}
	}
}

func seedTopics(docs []schema.Extraction) []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range docs {
		for _, m := range d.Mentions {
			if !seen[m.Object] {
				seen[m.Object] = true
				out = append(out, m.Object)
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestEvidenceCapReadsWhatAllDoes: an analysis with an evidence cap, which
// reads the evidence only of the mentions it returns, returns what the
// uncapped analysis returns cut to the cap, evidence and languages
// included; and the uncapped one says nothing of more.
func TestEvidenceCapReadsWhatAllDoes(t *testing.T) {
	docs := seedCopies(t, 4)
	topics := seedTopics(docs)
	const from, to = "call_2021_12_07", "call_2021_12_30"
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			putAll(t, s, docs)
			allC, err := s.Contradictions(ctx, ContradictionFilter{})
			if err != nil || len(allC) == 0 {
				t.Fatalf("contradictions: %d %v", len(allC), err)
			}
			allS, err := s.Shifts(ctx, from, to, "", 0)
			if err != nil || len(allS) == 0 {
				t.Fatalf("shifts: %d %v", len(allS), err)
			}
			allP := map[string][]schema.Position{}
			for _, topic := range topics {
				if allP[topic], err = s.Positions(ctx, topic, "", 0); err != nil {
					t.Fatal(err)
				}
			}
			for _, c := range allC {
				if c.More != nil || c.Sides[0][0].Evidence == "" {
					t.Fatalf("uncapped contradiction %+v", c)
				}
			}
			cut := false
			for _, n := range []int{1, 2, 3} {
				cs, err := s.Contradictions(ctx, ContradictionFilter{Evidence: n})
				if err != nil {
					t.Fatal(err)
				}
				if want := CapContradictions(allC, n); !reflect.DeepEqual(cs, want) {
					t.Errorf("contradictions, evidence %d:\n got %+v\nwant %+v", n, cs, want)
				}
				for _, c := range cs {
					cut = cut || c.More != nil
				}
				ss, err := s.Shifts(ctx, from, to, "", n)
				if err != nil {
					t.Fatal(err)
				}
				if want := CapShifts(allS, n); !reflect.DeepEqual(ss, want) {
					t.Errorf("shifts, evidence %d:\n got %+v\nwant %+v", n, ss, want)
				}
				for _, topic := range topics {
					ps, err := s.Positions(ctx, topic, "", n)
					if err != nil {
						t.Fatal(err)
					}
					if want := CapPositions(allP[topic], n); !reflect.DeepEqual(ps, want) {
						t.Errorf("positions on %s, evidence %d:\n got %+v\nwant %+v", topic, n, ps, want)
					}
				}
			}
			if !cut {
				t.Error("no side was cut: the test does not exercise the cap")
			}
		})
	}
}

// TestCapSaysHowManyMore: a cap keeps the first mentions, counts the rest,
// and leaves what it was given as it was.
func TestCapSaysHowManyMore(t *testing.T) {
	ms := []schema.Mention{{ID: "1"}, {ID: "2"}, {ID: "3"}, {ID: "4"}, {ID: "5"}}
	cs := []schema.Contradiction{{Kind: "polarity", Sides: [2][]schema.Mention{ms, ms[:2]}}}
	got := CapContradictions(cs, 2)
	if len(got[0].Sides[0]) != 2 || len(got[0].Sides[1]) != 2 || !reflect.DeepEqual(got[0].More, []int{3, 0}) {
		t.Errorf("contradiction capped: %+v", got[0])
	}
	if len(cs[0].Sides[0]) != 5 || cs[0].More != nil {
		t.Errorf("the cap changed its input: %+v", cs[0])
	}
	if got := CapContradictions(cs, 5); got[0].More != nil {
		t.Errorf("nothing left out, yet More %v", got[0].More)
	}
	if got := CapContradictions(cs, 0); !reflect.DeepEqual(got, cs) {
		t.Errorf("cap 0 changed %+v", got)
	}
	ss := CapShifts([]schema.Shift{{From: ms, To: ms[:1]}}, 3)
	if len(ss[0].From) != 3 || ss[0].FromMore != 2 || ss[0].ToMore != 0 {
		t.Errorf("shift capped: %+v", ss[0])
	}
	ps := CapPositions([]schema.Position{{Mentions: ms}}, 4)
	if len(ps[0].Mentions) != 4 || ps[0].More != 1 {
		t.Errorf("position capped: %+v", ps[0])
	}
}

// BenchmarkAnalyses runs contradictions, shifts and positions on a bolt
// store of 3,000 documents made of 600 copies of the seeds' gold mentions
// (57,600 mentions of the same claims), reading every mention's evidence
// (evidence=all: the uncapped analysis, as before the cap) and with the
// default cap (evidence=3), deciding from the documents' lean records,
// then on the same store without them from the digests, then without
// those from the mentions' quads, in the same run.
func BenchmarkAnalyses(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, Options{Backend: "bolt", Address: filepath.Join(b.TempDir(), "db")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	putAll(b, s, seedCopies(b, 600))
	b.Run("lean", func(b *testing.B) { benchAnalyses(b, s) })
	// the same store as written before lean records were kept: the
	// digests read and parsed
	dropLean(b, s)
	b.Run("digests", func(b *testing.B) { benchAnalyses(b, s) })
	// the same store as written before digests were kept: every mention
	// read from its quads (the baseline)
	var ds []graph.Delta
	for _, dn := range s.subjectsWith(ctx, pType, cDocument) {
		if v, ok := s.objectOf(ctx, dn, pDigest); ok {
			ds = append(ds, graph.Delta{Quad: quad.Make(dn, pDigest, v, nil), Action: graph.Delete})
		}
	}
	if err := s.applyDeltas(ctx, ds, graph.IgnoreOpts{}); err != nil {
		b.Fatal(err)
	}
	b.Run("quads", func(b *testing.B) { benchAnalyses(b, s) })
}

func benchAnalyses(b *testing.B, s *Store) {
	ctx := context.Background()
	for _, n := range []int{0, DefaultEvidence} {
		name := fmt.Sprintf("evidence=%d", n)
		if n == 0 {
			name = "evidence=all"
		}
		b.Run("contradictions/"+name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if cs, err := s.Contradictions(ctx, ContradictionFilter{Evidence: n}); err != nil || len(cs) == 0 {
					b.Fatal(len(cs), err)
				}
			}
		})
		b.Run("shifts/"+name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if ss, err := s.Shifts(ctx, "call_2021_12_07", "call_2021_12_30", "", n); err != nil || len(ss) == 0 {
					b.Fatal(len(ss), err)
				}
			}
		})
		b.Run("positions/"+name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if ps, err := s.Positions(ctx, "sanctions", "", n); err != nil || len(ps) == 0 {
					b.Fatal(len(ps), err)
				}
			}
		})
	}
}
