package graph

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/claimgraph/claimgraph/schema"
)

// backends returns the stores every test runs on: memstore and bolt
// always; PostgreSQL when CLAIMGRAPH_TEST_POSTGRES holds a DSN (CI sets
// it and sets CLAIMGRAPH_REQUIRE_POSTGRES so that it cannot be skipped).
func backends(t *testing.T) map[string]func(t *testing.T) *Store {
	t.Helper()
	open := func(o Options) func(t *testing.T) *Store {
		return func(t *testing.T) *Store {
			s, err := Open(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}
	}
	out := map[string]func(t *testing.T) *Store{
		"memstore": open(Options{Backend: "memstore"}),
		"bolt": func(t *testing.T) *Store {
			return open(Options{Backend: "bolt", Address: filepath.Join(t.TempDir(), "db")})(t)
		},
	}
	dsn := os.Getenv("CLAIMGRAPH_TEST_POSTGRES")
	if dsn == "" && os.Getenv("CLAIMGRAPH_REQUIRE_POSTGRES") != "" {
		t.Fatal("CLAIMGRAPH_REQUIRE_POSTGRES is set but CLAIMGRAPH_TEST_POSTGRES is empty")
	}
	if dsn != "" {
		out["postgres"] = func(t *testing.T) *Store {
			s := open(Options{Backend: "postgres", Address: dsn})(t)
			wipe(t, s)
			t.Cleanup(func() { wipe(t, s) })
			return s
		}
	}
	return out
}

// wipe removes every quad (shared PostgreSQL databases between tests).
func wipe(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	it := s.qs.QuadsAllIterator()
	var all []quad.Quad
	for it.Next(ctx) {
		all = append(all, s.qs.Quad(it.Result()))
	}
	it.Close()
	if err := s.counters.reset(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if c, ok := s.counters.(*pgCounters); ok {
		if _, err := c.db.ExecContext(ctx, `DELETE FROM `+digestTable); err != nil {
			t.Fatal(err)
		}
		// the store is empty: its (empty) copy of the evidence is complete
		if err := c.clearEvidence(ctx); err != nil {
			t.Fatal(err)
		}
		if err := c.markEvidence(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if len(all) == 0 {
		return
	}
	tx := make([]deltaQuad, 0, len(all))
	for _, q := range all {
		tx = append(tx, deltaQuad(q))
	}
	if err := s.removeAll(tx); err != nil {
		t.Fatal(err)
	}
}

type deltaQuad quad.Quad

// removeAll deletes the given quads.
func (s *Store) removeAll(qs []deltaQuad) error {
	ds := make([]cgraph.Delta, len(qs))
	for i, q := range qs {
		ds[i] = cgraph.Delta{Quad: quad.Quad(q), Action: cgraph.Delete}
	}
	return s.qs.ApplyDeltas(ds, cgraph.IgnoreOpts{IgnoreMissing: true})
}

func mention(doc, subj, pred, obj, pol, src, ev string, sent int) schema.Mention {
	m := schema.Mention{Claim: schema.Claim{Subject: subj, Predicate: pred, Object: obj, Event: ev},
		Polarity: pol, Source: src, DocID: doc, Doc: doc + ".txt", Evidence: "جملة " + subj + " " + pred, Sentence: sent, Start: sent * 10, End: sent*10 + 9,
		Rule: pred + "/test", Confidence: 0.9, Lang: "ar"}
	m.Finish()
	return m
}

func doc(id, path string, ms ...schema.Mention) schema.Extraction {
	return schema.Extraction{Doc: schema.Document{ID: id, Name: id + ".txt", Path: path, Lang: "ar"}, Mentions: ms}
}

func keysOf(ms []schema.Mention) []string {
	var out []string
	for _, m := range ms {
		out = append(out, strings.Join([]string{m.Doc, m.Subject, m.Predicate, m.Object, m.Polarity, m.Source, m.Event}, " "))
	}
	sort.Strings(out)
	return out
}

// counts reads the store's stats, checking its counters against a recount.
func counts(t *testing.T, s *Store) schema.Stats {
	t.Helper()
	return checkCounters(t, s, "counts")
}

func TestConformance(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			t.Run("put and read back", func(t *testing.T) {
				s := open(t)
				s.SetTerms([]schema.Term{{ID: "putin", Kind: "actor", Type: "person", En: "Vladimir Putin", Ar: "بوتين"}})
				m1 := mention("d1", "putin", "warn", "sanctions", schema.Positive, "kremlin", "call_2021_12_30", 1)
				m1.Condition = "military_escalation"
				m1.EvidenceNorm = "جمله"
				m1.Finish()
				m2 := mention("d1", "biden", "commit", "commitments", schema.Negative, "sullivan", "call_2021_12_07", 2)
				m3 := mention("call", "call_2021_12_07", "duration", "120", schema.Positive, "tass", "call_2021_12_07", 1)
				m3.Approx = true
				res, err := s.Put(ctx, []schema.Extraction{doc("d1", "/r/d1.txt", m1, m2), doc("call", "", m3)})
				if err != nil {
					t.Fatal(err)
				}
				if res.Added != 2 || res.Mentions != 3 {
					t.Fatalf("result %+v", res)
				}
				got, err := s.Mentions(ctx, schema.Filter{})
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != 3 {
					t.Fatalf("got %d mentions", len(got))
				}
				for _, m := range got {
					switch m.Predicate {
					case "warn":
						if m.Condition != "military_escalation" || m.Evidence != m1.Evidence || m.EvidenceNorm != "جمله" || m.Lang != "ar" || m.Rule != "warn/test" || m.Start != 10 || m.Confidence != 0.9 || m.ID != m1.ID || m.ClaimID != m1.ClaimID {
							t.Errorf("warn read back as %+v", m)
						}
					case "duration":
						if m.Object != "120" || !m.Approx {
							t.Errorf("duration read back as %+v", m)
						}
					}
				}
				for f, want := range map[schema.Filter]int{
					{Subject: "putin"}: 1, {Predicate: "commit"}: 1, {Object: "120"}: 1, {Event: "call_2021_12_07"}: 2,
					{Source: "sullivan"}: 1, {Doc: "d1.txt"}: 2, {Polarity: schema.Negative}: 1, {Subject: "putin", Source: "tass"}: 0,
				} {
					ms, err := s.Mentions(ctx, f)
					if err != nil || len(ms) != want {
						t.Errorf("filter %+v: %d mentions (%v), want %d", f, len(ms), err, want)
					}
				}
				docs, _ := s.Documents(ctx)
				if len(docs) != 2 || docs[1].Path != "/r/d1.txt" {
					t.Errorf("documents %+v", docs)
				}
			})
			t.Run("idempotent", func(t *testing.T) {
				s := open(t)
				batch := []schema.Extraction{doc("d1", "/r/d1.txt", mention("d1", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e", 1))}
				if _, err := s.Put(ctx, batch); err != nil {
					t.Fatal(err)
				}
				before := counts(t, s)
				res, err := s.Put(ctx, batch)
				if err != nil {
					t.Fatal(err)
				}
				if res.Unchanged != 1 || res.Quads != 0 {
					t.Errorf("second put %+v", res)
				}
				if after := counts(t, s); after.Quads != before.Quads || after.Mentions != before.Mentions {
					t.Errorf("counts changed: %+v → %+v", before, after)
				}
			})
			t.Run("same claim from two documents", func(t *testing.T) {
				s := open(t)
				a := mention("a", "putin", "deny", "invasion_threat", schema.Positive, "kremlin", "e", 1)
				b := mention("b", "putin", "deny", "invasion_threat", schema.Negative, "outlet", "e", 3)
				if _, err := s.Put(ctx, []schema.Extraction{doc("a", "/a", a), doc("b", "/b", b)}); err != nil {
					t.Fatal(err)
				}
				st := counts(t, s)
				if st.Claims != 1 || st.Mentions != 2 {
					t.Fatalf("want one claim with two mentions, got %+v", st)
				}
			})
			t.Run("changed file replaces its earlier version", func(t *testing.T) {
				s := open(t)
				shared := mention("keep", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e", 1)
				v1 := mention("v1", "putin", "warn", "sanctions", schema.Positive, "tass", "e", 1)
				v1b := mention("v1", "biden", "commit", "commitments", schema.Negative, "sullivan", "e", 2)
				if _, err := s.Put(ctx, []schema.Extraction{doc("keep", "/keep", shared), doc("v1", "/r/x.txt", v1, v1b)}); err != nil {
					t.Fatal(err)
				}
				v2 := mention("v2", "biden", "warn", "sanctions", schema.Positive, "white_house", "e", 1)
				res, err := s.Put(ctx, []schema.Extraction{doc("v2", "/r/x.txt", v2)})
				if err != nil {
					t.Fatal(err)
				}
				if res.Replaced != 1 {
					t.Fatalf("result %+v", res)
				}
				got, _ := s.Mentions(ctx, schema.Filter{})
				want := []string{"keep.txt putin warn sanctions positive kremlin e", "v2.txt biden warn sanctions positive white_house e"}
				if g := keysOf(got); strings.Join(g, "|") != strings.Join(want, "|") {
					t.Errorf("after replace %q", g)
				}
				// the negative claim is gone with its direct edge; the shared
				// claim keeps its edge
				if s.storeHas(ctx, quad.Make(IRI("biden"), NegatedPredicate("commit"), IRI("commitments"), claimNode(v1b.ClaimID))) {
					t.Error("direct edge of a removed claim is left")
				}
				if !s.storeHas(ctx, quad.Make(IRI("putin"), IRI("warn"), IRI("sanctions"), claimNode(shared.ClaimID))) {
					t.Error("direct edge of a claim still mentioned is gone")
				}
				if st := counts(t, s); st.Documents != 2 || st.Claims != 2 {
					t.Errorf("counts %+v", st)
				}
				// replacing back with the first version restores the same state
				fresh := open(t)
				if _, err := fresh.Put(ctx, []schema.Extraction{doc("keep", "/keep", shared), doc("v2", "/r/x.txt", v2)}); err != nil {
					t.Fatal(err)
				}
				if a, b := counts(t, s), counts(t, fresh); a.Quads != b.Quads {
					t.Errorf("replace left %d quads, a fresh store has %d", a.Quads, b.Quads)
				}
			})
			t.Run("denial is not an assertion edge", func(t *testing.T) {
				s := open(t)
				m := mention("d", "biden", "commit", "commitments", schema.Negative, "sullivan", "e", 1)
				if _, err := s.Put(ctx, []schema.Extraction{doc("d", "/d", m)}); err != nil {
					t.Fatal(err)
				}
				res, _, err := s.Query(ctx, "gizmo", `g.V("<cg:biden>").Out("<cg:commit>").All()`, 10)
				if err != nil {
					t.Fatal(err)
				}
				if len(res) != 0 {
					t.Errorf("a denial reads as an assertion: %v", res)
				}
				res, _, err = s.Query(ctx, "gizmo", `g.V("<cg:biden>").Out("<cg:not_commit>").All()`, 10)
				if err != nil || len(res) != 1 {
					t.Errorf("the denial edge: %v %v", res, err)
				}
			})
			t.Run("cancelled context writes nothing", func(t *testing.T) {
				s := open(t)
				cctx, cancel := context.WithCancel(ctx)
				cancel()
				if _, err := s.Put(cctx, []schema.Extraction{doc("d", "/d", mention("d", "putin", "warn", "sanctions", schema.Positive, "k", "e", 1))}); err == nil {
					t.Fatal("put on a cancelled context succeeded")
				}
				if st := counts(t, s); st.Quads != 0 {
					t.Errorf("%d quads written", st.Quads)
				}
			})
		})
	}
}

func TestBoltReopen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	ctx := context.Background()
	s, err := Open(ctx, Options{Backend: "bolt", Address: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, []schema.Extraction{doc("d", "/d", mention("d", "putin", "warn", "sanctions", schema.Positive, "k", "e", 1))}); err != nil {
		t.Fatal(err)
	}
	before := counts(t, s)
	s.Close()
	for _, ro := range []bool{false, true} {
		s, err = Open(ctx, Options{Backend: "bolt", Address: dir, ReadOnly: ro})
		if err != nil {
			t.Fatal(err)
		}
		if after := counts(t, s); after.Quads != before.Quads || after.Mentions != 1 {
			t.Errorf("read-only=%v: reopened store has %+v, had %+v", ro, after, before)
		}
		s.Close()
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	for _, o := range []Options{{Backend: "nosuch"}, {Backend: "bolt"}, {Backend: "postgres"}} {
		if _, err := Open(ctx, o); err == nil {
			t.Errorf("Open(%+v) succeeded", o)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@h:5432/db?sslmode=disable": "postgres://u:xxxxx@h:5432/db?sslmode=disable",
		"postgres://u@h/db":                             "postgres://u@h/db",
		"/var/lib/claims":                               "/var/lib/claims",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}
