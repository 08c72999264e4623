package graph

import (
	"context"
	"reflect"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/claimgraph/claimgraph/schema"
)

// analyses runs every analysis the digests serve, capped and uncapped.
type analysesResult struct {
	Contradictions [2][]schema.Contradiction
	Shifts         [2][]schema.Shift
	Positions      [2][]schema.Position
	Mentions       []schema.Mention
}

func runAnalyses(t *testing.T, s *Store, topic string) analysesResult {
	t.Helper()
	ctx := context.Background()
	var r analysesResult
	for i, n := range []int{0, 2} {
		var err error
		if r.Contradictions[i], err = s.Contradictions(ctx, ContradictionFilter{Evidence: n}); err != nil {
			t.Fatal(err)
		}
		if r.Shifts[i], err = s.Shifts(ctx, "call_2021_12_07", "call_2021_12_30", "", n); err != nil {
			t.Fatal(err)
		}
		if r.Positions[i], err = s.Positions(ctx, topic, "", n); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if r.Mentions, err = s.analysisMentions(ctx, schema.Filter{}, nil); err != nil {
		t.Fatal(err)
	}
	return r
}

// dropDigests makes s a store written before digests were kept.
func dropDigests(t *testing.T, s *Store) {
	t.Helper()
	var ds []cgraph.Delta
	for _, dn := range s.subjectsWith(context.Background(), pType, cDocument) {
		for _, q := range s.quadsOf(context.Background(), dn) {
			if q.Predicate == pDigest {
				ds = append(ds, cgraph.Delta{Quad: q, Action: cgraph.Delete})
			}
		}
	}
	if len(ds) == 0 {
		t.Fatal("no digests to drop")
	}
	if err := s.applyDeltas(context.Background(), ds, cgraph.IgnoreOpts{}); err != nil {
		t.Fatal(err)
	}
}

// bucketMatchesQuads checks that the backend's copy of the digests (bolt's
// bucket, PostgreSQL's table) holds each document's digest quad, and
// nothing else.
func bucketMatchesQuads(t *testing.T, s *Store) {
	t.Helper()
	b, ok := s.counters.(digestKeeper)
	if !ok {
		return
	}
	ctx := context.Background()
	bucket := map[string]string{}
	if _, err := b.eachDigest(ctx, func(doc, digest string) error { bucket[doc] = digest; return nil }); err != nil {
		t.Fatal(err)
	}
	quads := map[string]string{}
	for _, dn := range s.subjectsWith(ctx, pType, cDocument) {
		if v, ok := s.objectOf(ctx, dn, pDigest); ok {
			quads[ID(dn)[len("doc/"):]] = ID(v)
		}
	}
	if !reflect.DeepEqual(bucket, quads) {
		t.Errorf("the digest bucket (%d documents) differs from the digest quads (%d)", len(bucket), len(quads))
	}
}

func allDigested(t *testing.T, s *Store) bool {
	t.Helper()
	_, ok, err := s.digestMentions(context.Background(), schema.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// TestDigestsDecideAsMentionsDo: the analyses give the same results from
// the documents' digests as from the mentions' own quads (a store written
// before digests were kept); ingesting such a store's documents again gives
// them their digests; replacing a document's mentions rewrites its digest.
func TestDigestsDecideAsMentionsDo(t *testing.T) {
	docs := seedCopies(t, 3)
	// names and sources the digest must escape
	odd := mention("odd", "putin", "warn", "sanctions", schema.Negative, "kremlin", "call_2021_12_30", 2)
	odd.Doc, odd.Source, odd.Approx, odd.Confidence = "a\tb\\n\nc.txt", "src\\with\ttab", true, 0.123456789
	odd.Finish()
	e := doc("odd", "/odd", odd)
	e.Doc.Name = odd.Doc
	docs = append(docs, e)
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			putAll(t, s, docs)
			if !allDigested(t, s) {
				t.Fatal("a document written now has no digest")
			}
			bucketMatchesQuads(t, s)
			withDigests := runAnalyses(t, s, "sanctions")
			if len(withDigests.Contradictions[0]) == 0 || len(withDigests.Shifts[1]) == 0 || len(withDigests.Positions[1]) == 0 {
				t.Fatalf("nothing to compare: %d contradictions, %d shifts, %d positions",
					len(withDigests.Contradictions[0]), len(withDigests.Shifts[1]), len(withDigests.Positions[1]))
			}
			var found bool
			for _, m := range withDigests.Mentions {
				if m.ID == odd.ID {
					found = true
					if m.Doc != odd.Doc || m.Source != odd.Source || !m.Approx || m.Confidence != odd.Confidence || m.Evidence != odd.Evidence {
						t.Errorf("escaped fields: got %+v\nwant %+v", m, odd)
					}
				}
			}
			if !found {
				t.Error("the oddly named document's mention is missing")
			}

			dropDigests(t, s)
			if allDigested(t, s) {
				t.Fatal("digests still there")
			}
			bucketMatchesQuads(t, s)
			if fromQuads := runAnalyses(t, s, "sanctions"); !reflect.DeepEqual(fromQuads, withDigests) {
				t.Errorf("the analyses differ between digests and quads:\ndigests %+v\n  quads %+v", withDigests, fromQuads)
			}

			res, err := s.Put(ctx, docs[:5])
			if err != nil {
				t.Fatal(err)
			}
			if res.Unchanged != 5 || res.Quads != 5 {
				t.Errorf("healing five documents: %+v, want 5 unchanged and 5 digests written", res)
			}
			putAll(t, s, docs)
			if !allDigested(t, s) {
				t.Fatal("ingesting again did not give every document its digest")
			}
			bucketMatchesQuads(t, s)
			if healed := runAnalyses(t, s, "sanctions"); !reflect.DeepEqual(healed, withDigests) {
				t.Errorf("the analyses differ after healing:\n  before %+v\n  after %+v", withDigests, healed)
			}

			// replacing: the digest follows the mentions
			d := docs[0]
			d.Mentions = d.Mentions[1:]
			if _, err := s.Replace(ctx, []schema.Extraction{d}); err != nil {
				t.Fatal(err)
			}
			got, err := s.analysisMentions(ctx, schema.Filter{Doc: d.Doc.ID}, func(schema.Claim) bool { return false })
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.mentions(ctx, schema.Filter{Doc: d.Doc.ID}, func(schema.Claim) bool { return true })
			if err != nil {
				t.Fatal(err)
			}
			bucketMatchesQuads(t, s)
			if len(got) != len(d.Mentions) || !reflect.DeepEqual(got, want) {
				t.Errorf("after replace, digest %d mentions, quads %d, want %d:\n%+v\n%+v", len(got), len(want), len(d.Mentions), got, want)
			}

			// a changed file replaces its earlier version: the old digest goes
			m2 := mention("odd2", "biden", "deny", "sanctions", schema.Positive, "usa", "call_2021_12_30", 1)
			if res, err := s.Put(ctx, []schema.Extraction{doc("odd2", "/odd", m2)}); err != nil || res.Replaced != 1 {
				t.Fatalf("replacing /odd: %+v %v", res, err)
			}
			bucketMatchesQuads(t, s)
			if !allDigested(t, s) {
				t.Error("after a replacement a document has no digest")
			}
		})
	}
}

// TestDigestRoundTrip: what a digest holds is what is read back.
func TestDigestRoundTrip(t *testing.T) {
	a := mention("d", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e", 3)
	b := mention("d", "biden", "deny", "invasion", schema.Negative, "x\ty\\z\n", "e", 4)
	b.Approx, b.Confidence, b.Lang = true, 1e-9, "en"
	q := digestQuad(docNode("d"), "name\twith\\tab", "", []schema.Mention{a, b, a})
	got, err := parseDigest("d", string(q.Object.(quad.String)), map[string]*schema.Claim{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d mentions, want 2 (one given twice)", len(got))
	}
	for i, w := range []schema.Mention{a, b} {
		g := got[i]
		w.Evidence, w.Doc = "", "name\twith\\tab"
		if !reflect.DeepEqual(g, w) {
			t.Errorf("mention %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	for _, bad := range []string{"v0\tx\t", "v1\tx", "v1\tx\tar\n1\t2", "v1\tx\tar\nm\tc\tp\ts\tnot\t1\t2\tr\t0.5\t0\tar\ts\tp\to\te\t\t\t"} {
		if _, err := parseDigest("d", bad, map[string]*schema.Claim{}); err == nil {
			t.Errorf("parseDigest(%q): no error", bad)
		}
	}
}

// TestPropsLeaveDigestsOut: the readers of a document's metadata (every
// listing reads all documents') resolve neither its text nor its digest,
// so that their caches do not grow with the documents' contents.
func TestPropsLeaveDigestsOut(t *testing.T) {
	docs := seedCopies(t, 2)
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			putAll(t, s, docs)
			nm := s.newNames()
			for _, e := range docs {
				dn := docNode(e.Doc.ID)
				if _, ok := s.objectOf(ctx, dn, pDigest); !ok {
					t.Fatalf("document %s has no digest to leave out", e.Doc.ID)
				}
				p := s.props(ctx, dn, nm)
				if first(p, pName) != e.Doc.Name {
					t.Errorf("document %s: name %q, want %q", e.Doc.ID, first(p, pName), e.Doc.Name)
				}
				for _, left := range []quad.IRI{pDigest, pText} {
					if len(p[left]) > 0 {
						t.Errorf("document %s: props holds %s", e.Doc.ID, left)
					}
				}
			}
			for _, v := range nm.cache {
				if s, ok := v.(quad.String); ok && len(s) > 200 {
					t.Errorf("the names cache holds a long value (%d bytes): a digest or text", len(s))
				}
			}
		})
	}
}
