package graph

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"

	"github.com/claimgraph/claimgraph/internal/pgtest"
	"github.com/claimgraph/claimgraph/schema"
)

// copyEntries lists the backend's copy of the evidence, marker aside.
func copyEntries(t *testing.T, s *Store) map[string]storedEvidence {
	t.Helper()
	ctx := context.Background()
	out := map[string]storedEvidence{}
	put := func(id string, kind byte, e evidenceValue) {
		se := out[id]
		switch kind {
		case kindEvidence:
			se.ev, se.hasEv = e, true
		case kindNorm:
			se.norm, se.hasNorm = e, true
		default:
			t.Fatalf("mention %s: evidence of kind %q", id, kind)
		}
		out[id] = se
	}
	switch c := s.counters.(type) {
	case *boltStore:
		tx, err := c.kv.KV.Tx(false)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Close()
		it := tx.Scan(hkv.Key{evidenceBucket})
		defer it.Close()
		for it.Next(ctx) {
			k := it.Key()
			key := k[len(k)-1]
			if string(key) == boltEvidenceDone {
				continue
			}
			// document/mention+kind, the document the mention's
			docID, rest, ok := strings.Cut(string(key[:len(key)-1]), "/")
			if !ok {
				t.Fatalf("key %q of the copy is not keyed by document", key)
			}
			id, kind := rest, key[len(key)-1]
			if want := s.mentionDoc(ctx, id); docID != want {
				t.Fatalf("mention %s: keyed by document %q, its document is %q", id, docID, want)
			}
			e, ok := decodeEvidence(it.Val())
			if !ok {
				t.Fatalf("mention %s: undecodable evidence %q", id, it.Val())
			}
			put(string(id), kind, e)
		}
		if err := it.Err(); err != nil {
			t.Fatal(err)
		}
	case *pgCounters:
		rows, err := c.db.QueryContext(ctx, `SELECT mention FROM `+evidenceTable+` WHERE mention <> $1`, evidenceDone)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		refs := make([]evidenceRef, len(ids))
		for i, id := range ids {
			refs[i].mention = id
		}
		got, err := c.readEvidence(ctx, refs)
		if err != nil {
			t.Fatal(err)
		}
		for id, se := range got {
			if se.hasEv {
				put(id, kindEvidence, se.ev)
			}
			if se.hasNorm {
				put(id, kindNorm, se.norm)
			}
		}
	default:
		t.Fatalf("%T keeps no copy of the evidence", s.counters)
	}
	return out
}

// quadEntries lists the evidence quads of the store, read from every quad.
func quadEntries(t *testing.T, s *Store) map[string]storedEvidence {
	t.Helper()
	ctx := context.Background()
	out := map[string]storedEvidence{}
	it := s.qs.QuadsAllIterator()
	defer it.Close()
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		cs := evidenceChanges([]quad.Quad{q}, false, nil)
		if len(cs) == 0 {
			continue
		}
		c := cs[0]
		se := out[c.mention]
		if (c.kind == kindEvidence && se.hasEv) || (c.kind == kindNorm && se.hasNorm) {
			t.Fatalf("mention %s has two evidence quads of kind %q", c.mention, c.kind)
		}
		if c.kind == kindEvidence {
			se.ev, se.hasEv = c.evidenceValue, true
		} else {
			se.norm, se.hasNorm = c.evidenceValue, true
		}
		out[c.mention] = se
	}
	return out
}

// copyMatchesQuads checks that the copy of the evidence is complete and
// holds the evidence quads, and nothing else.
func copyMatchesQuads(t *testing.T, s *Store, step string) {
	t.Helper()
	if _, ok := s.counters.(evidenceKeeper); !ok {
		return
	}
	if k, err := s.evidenceCopy(context.Background()); err != nil || k == nil {
		t.Fatalf("%s: the copy of the evidence is not complete (%v)", step, err)
	}
	c, q := copyEntries(t, s), quadEntries(t, s)
	if len(q) == 0 {
		t.Fatalf("%s: no evidence quads", step)
	}
	if !reflect.DeepEqual(c, q) {
		n := 0
		for id, e := range q {
			if c[id] != e && n < 3 {
				t.Errorf("%s: mention %s: copy %+v, quads %+v", step, id, c[id], e)
				n++
			}
		}
		for id := range c {
			if _, ok := q[id]; !ok && n < 6 {
				t.Errorf("%s: mention %s is in the copy only", step, id)
				n++
			}
		}
		t.Fatalf("%s: the copy of the evidence (%d mentions) differs from the quads (%d)", step, len(c), len(q))
	}
}

// evidenceDocs are the seeds' copies and documents that try the edges:
// two documents of one name, a document and mention without a language
// (evidence tagged "und"), a mention in English in an Arabic document.
func evidenceDocs(t *testing.T) []schema.Extraction {
	docs := seedCopies(t, 3)
	a := mention("twin1", "putin", "warn", "sanctions", schema.Negative, "kremlin", "call_2021_12_30", 1)
	b := mention("twin2", "biden", "deny", "invasion", schema.Positive, "usa", "call_2021_12_07", 1)
	b.EvidenceNorm = "norm of b"
	t1, t2 := doc("twin1", "/twin/1", a), doc("twin2", "/twin/2", b)
	t1.Doc.Name, t2.Doc.Name = "twin.txt", "twin.txt"
	u := mention("und", "putin", "warn", "sanctions", schema.Positive, "kremlin", "call_2021_12_07", 0)
	u.Lang = ""
	ud := doc("und", "/und", u)
	ud.Doc.Lang = ""
	en := mention("en", "biden", "warn", "sanctions", schema.Positive, "usa", "call_2021_12_30", 2)
	en.Lang, en.Evidence = "en", "an English sentence"
	ed := doc("en", "/en", en)
	ed.Doc.Lang = ""
	return append(docs, t1, t2, ud, ed)
}

// listingFilters are the filters EachMention is tried with.
var listingFilters = []schema.Filter{
	{}, {Lang: "ar"}, {Lang: "en"}, {Subject: "putin"}, {Doc: "twin.txt"}, {Doc: "0001_000"},
	{Source: "kremlin", Polarity: schema.Negative}, {Event: "call_2021_12_30", Object: "sanctions"},
}

// listsAsMentions checks that EachMention lists what Mentions does, with
// every filter, that it stops at ErrStop, and that FillEvidence gives the
// mentions read without evidence the evidence Mentions gives them. A
// store where some document has no digest reads the mentions without
// evidence from their quads, with their document's language: a filter on
// the language selects others there, and allDigests is false.
func listsAsMentions(t *testing.T, s *Store, step string, allDigests bool) {
	t.Helper()
	ctx := context.Background()
	for _, f := range listingFilters {
		want, err := s.Mentions(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var got []schema.Mention
		if err := s.EachMention(ctx, f, func(m schema.Mention) error { got = append(got, m); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 && f.Doc == "" {
			t.Fatalf("%s: filter %+v: no mentions to compare", step, f)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: filter %+v: EachMention gives %d mentions, Mentions %d", step, f, len(got), len(want))
			for i := range min(len(got), len(want)) {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf("first difference at %d:\n got %+v\nwant %+v", i, got[i], want[i])
					break
				}
			}
		}
		if f.Lang != "" && !allDigests {
			continue
		}
		lean, err := s.MentionsWithoutEvidence(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		filled, err := s.FillEvidence(ctx, lean)
		if err != nil {
			t.Fatal(err)
		}
		if len(filled) != len(want) {
			t.Fatalf("%s: filter %+v: %d mentions without evidence, %d with", step, f, len(filled), len(want))
		}
		for i := range want {
			g, w := filled[i], want[i]
			if g.Evidence != w.Evidence || g.EvidenceNorm != w.EvidenceNorm || g.Lang != w.Lang {
				t.Errorf("%s: mention %s: filled %q/%q/%q, Mentions %q/%q/%q", step, w.ID, g.Evidence, g.EvidenceNorm, g.Lang, w.Evidence, w.EvidenceNorm, w.Lang)
				break
			}
		}
	}
	n := 0
	if err := s.EachMention(ctx, schema.Filter{}, func(schema.Mention) error { n++; return ErrStop }); err != nil || n != 1 {
		t.Errorf("%s: ErrStop: %d mentions listed, error %v", step, n, err)
	}
	boom := errors.New("boom")
	if err := s.EachMention(ctx, schema.Filter{}, func(schema.Mention) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("%s: fn's error: %v", step, err)
	}
}

// TestEvidenceCopyFollowsQuads: the copy of the evidence holds the
// evidence quads after ingests, replacements of mentions (evidence changed
// in place, normalized evidence dropped, mentions dropped) and of
// documents; listings and filled evidence read from it are what the quads
// give.
func TestEvidenceCopyFollowsQuads(t *testing.T) {
	docs := evidenceDocs(t)
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			putAll(t, s, docs)
			copyMatchesQuads(t, s, "ingest")
			listsAsMentions(t, s, "ingest", true)

			// a document's mentions replaced: the first's evidence
			// rewritten in place (its ID does not hash the evidence), the
			// second's normalized evidence dropped, the third dropped
			var d schema.Extraction
			for _, e := range docs {
				if len(e.Mentions) >= 3 && e.Mentions[1].EvidenceNorm != "" {
					d = e
					break
				}
			}
			d.Mentions = append([]schema.Mention(nil), d.Mentions...)
			if len(d.Mentions) < 3 || d.Mentions[1].EvidenceNorm == "" {
				t.Fatalf("document %s: %d mentions, want 3 or more, the second with a normalized evidence", d.Doc.ID, len(d.Mentions))
			}
			d.Mentions[0].Evidence += " (corrected)"
			d.Mentions[1].EvidenceNorm = ""
			d.Mentions = append(d.Mentions[:2], d.Mentions[3:]...)
			if _, err := s.Replace(ctx, []schema.Extraction{d}); err != nil {
				t.Fatal(err)
			}
			copyMatchesQuads(t, s, "replace")
			listsAsMentions(t, s, "replace", true)
			ms, err := s.FillEvidence(ctx, []schema.Mention{{ID: d.Mentions[0].ID}, {ID: d.Mentions[1].ID}})
			if err != nil {
				t.Fatal(err)
			}
			if ms[0].Evidence != d.Mentions[0].Evidence || ms[1].EvidenceNorm != "" || ms[1].Evidence != d.Mentions[1].Evidence {
				t.Errorf("after replace: %+v", ms)
			}

			// a changed file replaces its earlier version
			m2 := mention("twin3", "biden", "deny", "sanctions", schema.Positive, "usa", "call_2021_12_30", 1)
			m2.EvidenceNorm = "x"
			if res, err := s.Put(ctx, []schema.Extraction{doc("twin3", "/twin/1", m2)}); err != nil || res.Replaced != 1 {
				t.Fatalf("replacing /twin/1: %+v %v", res, err)
			}
			copyMatchesQuads(t, s, "put replacing")
			listsAsMentions(t, s, "put replacing", true)

			// a document without a digest is listed from its quads
			var ds []cgraph.Delta
			for _, q := range s.quadsOf(ctx, docNode(docs[2].Doc.ID)) {
				if q.Predicate == pDigest {
					ds = append(ds, cgraph.Delta{Quad: q, Action: cgraph.Delete})
				}
			}
			if len(ds) != 1 {
				t.Fatalf("document %s has %d digests", docs[2].Doc.ID, len(ds))
			}
			if err := s.applyDeltas(ctx, ds, cgraph.IgnoreOpts{}); err != nil {
				t.Fatal(err)
			}
			listsAsMentions(t, s, "a digest missing", false)
		})
	}
}

// dropEvidenceCopy makes s a store written before the copy of the
// evidence was kept: no copy, no marker; and a stale entry that a build
// must not keep.
func dropEvidenceCopy(t *testing.T, s *Store, stale string) {
	t.Helper()
	ctx := context.Background()
	k := s.counters.(evidenceKeeper)
	if err := k.clearEvidence(ctx); err != nil {
		t.Fatal(err)
	}
	if err := k.writeEvidence(ctx, []evidenceChange{{mention: stale, kind: kindNorm, evidenceValue: evidenceValue{text: "stale"}}}); err != nil {
		t.Fatal(err)
	}
	if done, err := k.evidenceComplete(ctx); err != nil || done {
		t.Fatalf("the copy is still complete (%v)", err)
	}
}

// TestEvidenceCopyBuiltOnWriteOpen: a store written before the copy of the
// evidence was kept reads its evidence from the quads, opened for reading
// or for writing, and gets a complete copy when it is opened for writing.
func TestEvidenceCopyBuiltOnWriteOpen(t *testing.T) {
	docs := evidenceDocs(t)
	ctx := context.Background()
	stale := docs[0].Mentions[0]
	if stale.EvidenceNorm != "" {
		t.Fatal("the stale entry's mention has a normalized evidence")
	}
	check := func(t *testing.T, s *Store, step string, want []schema.Mention) {
		t.Helper()
		got, err := s.Mentions(ctx, schema.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the mentions changed", step)
		}
		listsAsMentions(t, s, step, true)
	}

	// boltRebuilt writes docs to a bolt store, spoils its copy, and checks
	// that the reads are right with the writer that spoiled it, with a
	// reader (which reads the spoiled copy when readerReads says it can)
	// and after the next write-open, which makes the copy anew
	boltRebuilt := func(t *testing.T, step string, spoil func(*Store), readerReads bool) {
		dir := filepath.Join(t.TempDir(), "db")
		open := func(ro bool) *Store {
			s, err := Open(ctx, Options{Backend: "bolt", Address: dir, ReadOnly: ro})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		s := open(false)
		putAll(t, s, docs)
		want, err := s.Mentions(ctx, schema.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		spoil(s)
		if k, _ := s.evidenceCopy(ctx); k != nil {
			t.Errorf("%s: the writer reads the copy", step)
		}
		check(t, s, step+", writer", want)
		s.Close()

		r := open(true)
		if k, _ := r.evidenceCopy(ctx); (k != nil) != readerReads {
			t.Errorf("%s: a read-only store reads the copy: %v, want %v", step, k != nil, readerReads)
		}
		check(t, r, step+", read-only", want)
		r.Close()

		w := open(false)
		defer w.Close()
		if k, _ := w.evidenceCopy(ctx); k == nil {
			t.Errorf("%s: the copy was not made anew on write-open", step)
		}
		copyMatchesQuads(t, w, step+", made anew")
		check(t, w, step+", made anew", want)
	}

	t.Run("bolt", func(t *testing.T) {
		boltRebuilt(t, "without a copy", func(s *Store) { dropEvidenceCopy(t, s, stale.ID) }, false)
	})

	// an earlier layout of the copy (marker given) is read by a
	// read-only store, and made anew by the next writer
	earlier := func(t *testing.T, step string, layout int32, marker string) {
		boltRebuilt(t, step, func(s *Store) {
			entries := copyEntries(t, s)
			b := s.counters.(*boltStore)
			if err := b.clearEvidence(ctx); err != nil {
				t.Fatal(err)
			}
			err := hkv.Update(ctx, b.kv.KV, func(tx hkv.Tx) error {
				for id, se := range entries {
					for _, e := range []struct {
						kind byte
						has  bool
						v    evidenceValue
					}{{kindEvidence, se.hasEv, se.ev}, {kindNorm, se.hasNorm, se.norm}} {
						if e.has {
							if err := tx.Put(evidenceKey(layout, e.kind, "", id), encodeEvidence(e.v)); err != nil {
								return err
							}
						}
					}
				}
				return tx.Put(hkv.Key{evidenceBucket, []byte(marker)}, []byte{1})
			})
			if err != nil {
				t.Fatal(err)
			}
		}, true)
	}
	t.Run("bolt keyed kind first", func(t *testing.T) {
		earlier(t, "first layout", layoutKindFirst, evidenceDone)
	})
	t.Run("bolt keyed by mention", func(t *testing.T) {
		earlier(t, "second layout", layoutByMention, evidenceDoneByMention)
	})

	t.Run("postgres", func(t *testing.T) {
		dsn, _ := pgtest.Schema(t, pgtest.DSN(t), "evidence")
		s, err := Open(ctx, Options{Backend: "postgres", Address: dsn})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if k, err := s.evidenceCopy(ctx); err != nil || k == nil {
			t.Fatalf("a new store's copy of the evidence is not complete (%v)", err)
		}
		putAll(t, s, docs)
		want, err := s.Mentions(ctx, schema.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		dropEvidenceCopy(t, s, stale.ID)
		check(t, s, "without a copy", want)

		w, err := Open(ctx, Options{Backend: "postgres", Address: dsn})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		copyMatchesQuads(t, w, "built")
		check(t, w, "built", want)
	})
}
