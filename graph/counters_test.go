package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	hkv "github.com/hidal-go/hidalgo/kv"

	"github.com/claimgraph/claimgraph/internal/pgtest"
	"github.com/claimgraph/claimgraph/schema"
)

// checkCounters compares the store's counters with a full recount.
func checkCounters(t *testing.T, s *Store, step string) schema.Stats {
	t.Helper()
	ctx := context.Background()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.recount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	put := func(k string, v int) {
		if v != 0 {
			got[k] = int64(v)
		}
	}
	if s.sqlw != nil {
		// PostgreSQL counts its quads with its counters: the exact count
		qst, err := s.qs.Stats(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if int64(st.Quads) != qst.Quads.Size {
			t.Errorf("%s: %d quads counted, %d stored", step, st.Quads, qst.Quads.Size)
		}
		delete(want, cQuads)
	}
	put(cDocuments, st.Documents)
	put(cClaims, st.Claims)
	put(cMentions, st.Mentions)
	for k, v := range st.Events {
		put(cEvent+k, v)
	}
	for k, v := range st.Sources {
		put(cSource+k, v)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: counters %v, a recount %v", step, got, want)
	}
	return st
}

func TestCountersMatchRecount(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			m := func(doc, subj, pred, obj, pol, src, ev string, sent int) schema.Mention {
				return mention(doc, subj, pred, obj, pol, src, ev, sent)
			}
			a := doc("a", "/a", m("a", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e1", 1),
				m("a", "biden", "commit", "commitments", schema.Negative, "sullivan", "e1", 2))
			b := doc("b", "/b", m("b", "putin", "warn", "sanctions", schema.Negative, "tass", "e1", 1),
				m("b", "e2", "duration", "120", schema.Positive, "outlet", "e2", 2))
			put := func(step string, batch ...schema.Extraction) {
				t.Helper()
				if _, err := s.Put(ctx, batch); err != nil {
					t.Fatalf("%s: %v", step, err)
				}
				checkCounters(t, s, step)
			}
			put("ingest", a, b)
			st := checkCounters(t, s, "ingest")
			if st.Documents != 2 || st.Claims != 3 || st.Mentions != 4 || st.Events["e1"] != 3 || st.Sources["tass"] != 1 {
				t.Errorf("after ingest %+v", st)
			}
			put("re-ingest", a, b)
			// a changed file under the path of b: its claims go or stay
			b2 := doc("b2", "/b", m("b2", "putin", "warn", "sanctions", schema.Positive, "ria", "e1", 4),
				m("b2", "russia", "demand", "security_guarantees", schema.Positive, "ria", "e2", 5))
			put("replace", b2)
			if st := checkCounters(t, s, "replace"); st.Documents != 2 || st.Sources["tass"] != 0 || st.Events["e2"] != 1 {
				t.Errorf("after replace %+v", st)
			}
			// re-extraction: new mentions for a stored document
			ra := doc("a", "/a", m("a", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e1", 1),
				m("a", "west", "oppose", "nato_expansion", schema.Negative, "outlet", "e2", 3))
			if _, err := s.Replace(ctx, []schema.Extraction{ra}); err != nil {
				t.Fatal(err)
			}
			checkCounters(t, s, "reextract")
			// export and import into another store, and into this one
			var nq bytes.Buffer
			exported, err := s.Export(ctx, &nq, "nquads")
			if err != nil {
				t.Fatal(err)
			}
			want := checkCounters(t, s, "before import")
			other := open(t)
			// each quad twice: the second is not added
			twice := append(bytes.Clone(nq.Bytes()), nq.Bytes()...)
			read, added, err := other.Import(ctx, bytes.NewReader(twice), "nquads")
			if err != nil {
				t.Fatal(err)
			}
			if read != 2*exported || added != exported {
				t.Errorf("import of %d quads twice: read %d, added %d", exported, read, added)
			}
			if got := checkCounters(t, other, "import"); got.Mentions != want.Mentions || got.Claims != want.Claims || !reflect.DeepEqual(got.Events, want.Events) {
				t.Errorf("imported %+v, exported %+v", got, want)
			}
			if read, added, err := s.Import(ctx, bytes.NewReader(nq.Bytes()), "nquads"); err != nil || read != exported || added != 0 {
				t.Fatalf("import onto itself: read %d of %d, added %d, %v", read, exported, added, err)
			}
			checkCounters(t, s, "import onto itself")
		})
	}
}

// TestCountersImportOrder imports a mention before its claim's event, in
// separate imports: the event counts it once the claim's event lands.
func TestCountersImportOrder(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{Backend: "memstore"})
	if err != nil {
		t.Fatal(err)
	}
	mm := mention("d", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e1", 1)
	mn, cn := "<cg:mention/"+mm.ID+">", "<cg:claim/"+mm.ClaimID+">"
	first := fmt.Sprintf("%s <rdf:type> <cg:Mention> .\n%s <cg:claim> %s .\n%s <cg:source> <cg:kremlin> .\n", mn, mn, cn, mn)
	second := fmt.Sprintf("%s <rdf:type> <cg:Claim> .\n%s <cg:event> <cg:e1> .\n", cn, cn)
	for _, part := range []string{first, second} {
		if _, _, err := s.Import(ctx, bytes.NewReader([]byte(part)), "nquads"); err != nil {
			t.Fatal(err)
		}
	}
	if st := checkCounters(t, s, "import"); st.Events["e1"] != 1 {
		t.Errorf("events %v", st.Events)
	}
}

// TestCountersOfOlderStore: a bolt store without counters is counted when
// read, and gets its counters when next opened for writing.
func TestCountersOfOlderStore(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	s, err := Open(ctx, Options{Backend: "bolt", Address: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, synthetic(5, 4)); err != nil {
		t.Fatal(err)
	}
	want := checkCounters(t, s, "put")
	// drop the counters, as in a store written before they were kept
	b := s.counters.(*boltStore)
	if err := hkv.Update(ctx, b.kv.KV, func(tx hkv.Tx) error { return tx.Del(counterKey(counterValid)) }); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := b.load(ctx); ok {
		t.Fatal("counters still marked kept")
	}
	s.Close()
	for _, ro := range []bool{true, false, true} {
		s, err := Open(ctx, Options{Backend: "bolt", Address: dir, ReadOnly: ro})
		if err != nil {
			t.Fatal(err)
		}
		if got := checkCounters(t, s, "reopen"); !reflect.DeepEqual(got, want) {
			t.Errorf("read-only=%v: %+v, want %+v", ro, got, want)
		}
		_, kept, err := s.counters.load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !ro && !kept {
			t.Error("a writer's open left the store without counters")
		}
		s.Close()
	}
}

// TestReadOnlyRefusesWrites: a store opened read-only reads and writes
// nothing.
func TestReadOnlyRefusesWrites(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "db")
	if _, err := Open(ctx, Options{Backend: "bolt", Address: dir, ReadOnly: true}); err == nil {
		t.Fatal("read-only open created a store")
	}
	s, err := Open(ctx, Options{Backend: "bolt", Address: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, synthetic(2, 2)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	r1, err := Open(ctx, Options{Backend: "bolt", Address: dir, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r1.Close()
	// a second reader shares the store; a writer does not get it
	r2, err := Open(ctx, Options{Backend: "bolt", Address: dir, ReadOnly: true})
	if err != nil {
		t.Fatalf("second reader: %v", err)
	}
	defer r2.Close()
	if _, err := Open(ctx, Options{Backend: "bolt", Address: dir}); err == nil {
		t.Fatal("a writer opened a store two readers hold")
	}
	if _, err := r1.Put(ctx, synthetic(3, 1)[2:]); err == nil {
		t.Error("a read-only store took a write")
	}
	if st := checkCounters(t, r2, "read-only"); st.Documents != 2 {
		t.Errorf("stats %+v", st)
	}
}

// putSameNames puts synthetic(6, 5) and a document of the first one's name
// (two documents of one name: their mentions interleave), then extra.
func putSameNames(t *testing.T, s *Store, extra ...schema.Extraction) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Put(ctx, synthetic(6, 5)); err != nil {
		t.Fatal(err)
	}
	same := doc("same2", "/other/doc000001", mention("same2", "putin", "warn", "iran", schema.Positive, "kremlin", "e", 0))
	same.Doc.Name = "doc000001.txt"
	if _, err := s.Put(ctx, append([]schema.Extraction{same}, extra...)); err != nil {
		t.Fatal(err)
	}
}

// TestEachMention streams the mentions Mentions lists, in its order, and
// stops when told.
func TestEachMention(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			putSameNames(t, s)
			for _, f := range []schema.Filter{{}, {Subject: "putin"}, {Polarity: schema.Negative}, {Doc: "doc000003.txt"}, {Doc: "doc000001.txt"}, {Event: "call_2021_12_07", Source: "outlet"}} {
				want, err := s.Mentions(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				var got []schema.Mention
				if err := s.EachMention(ctx, f, func(m schema.Mention) error { got = append(got, m); return nil }); err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) || len(want) == 0 {
					t.Errorf("filter %+v: streamed %d mentions, listed %d", f, len(got), len(want))
				}
			}
			n := 0
			err := s.EachMention(ctx, schema.Filter{}, func(schema.Mention) error {
				if n++; n == 2 {
					return ErrStop
				}
				return nil
			})
			if err != nil || n != 2 {
				t.Errorf("stop after 2: %d calls, %v", n, err)
			}
			boom := fmt.Errorf("boom")
			if err := s.EachMention(ctx, schema.Filter{}, func(schema.Mention) error { return boom }); err != boom {
				t.Errorf("fn's error: %v", err)
			}
		})
	}
}

// TestPostgresQuadsCounted: a PostgreSQL store counts its quads with its
// counters; one whose counters were kept before the quads were counts
// them when read, and once, when next opened for writing, then keeps
// the count with its writes.
func TestPostgresQuadsCounted(t *testing.T) {
	ctx := context.Background()
	dsn, db := pgtest.Schema(t, pgtest.DSN(t), "quadcount")
	open := func(ro bool) *Store {
		s, err := Open(ctx, Options{Backend: "postgres", Address: dsn, ReadOnly: ro})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := open(false)
	a := doc("a", "/a", mention("a", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e1", 1))
	b := doc("b", "/b", mention("b", "biden", "warn", "sanctions", schema.Negative, "white_house", "e1", 2))
	if _, err := s.Put(ctx, []schema.Extraction{a}); err != nil {
		t.Fatal(err)
	}
	checkCounters(t, s, "written")
	if c, _, _ := s.counters.load(ctx); c[cQuads] == 0 {
		t.Error("a new store's writes do not count its quads")
	}
	s.Close()
	// as a store whose counters were kept before the quads were
	if _, err := db.ExecContext(ctx, `DELETE FROM `+counterTable+` WHERE name IN ($1, $2)`, cQuads, quadsKeptRow); err != nil {
		t.Fatal(err)
	}
	r := open(true)
	if c, _, _ := r.counters.load(ctx); c != nil {
		if _, ok := c[cQuads]; ok {
			t.Error("quads counted without the mark")
		}
	}
	checkCounters(t, r, "read-only, quads not counted")
	r.Close()
	w := open(false)
	defer w.Close()
	if c, _, _ := w.counters.load(ctx); c[cQuads] == 0 {
		t.Error("opening for writing did not count the quads")
	}
	checkCounters(t, w, "counted on write-open")
	if _, err := w.Put(ctx, []schema.Extraction{b}); err != nil {
		t.Fatal(err)
	}
	checkCounters(t, w, "a write after")
	if _, err := w.Put(ctx, []schema.Extraction{doc("a2", "/a", mention("a2", "putin", "demand", "guarantees", schema.Positive, "kremlin", "e1", 1))}); err != nil {
		t.Fatal(err)
	}
	checkCounters(t, w, "a replacement")
}

// TestPostgresReaderOpens: a reader of a PostgreSQL store claimgraph made
// opens it without making its tables (no write lock, no init); a reader
// of a database without a store is told there is none, and makes none.
func TestPostgresReaderOpens(t *testing.T) {
	ctx := context.Background()
	dsn, db := pgtest.Schema(t, pgtest.DSN(t), "readeropen")
	if _, err := Open(ctx, Options{Backend: "postgres", Address: dsn, ReadOnly: true}); !errors.Is(err, ErrNoStore) {
		t.Fatalf("a reader of an empty database: %v, want ErrNoStore", err)
	}
	var tables int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()`).Scan(&tables); err != nil || tables != 0 {
		t.Fatalf("a reader made %d tables (%v)", tables, err)
	}
	w, err := Open(ctx, Options{Backend: "postgres", Address: dsn})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Put(ctx, []schema.Extraction{doc("a", "/a", mention("a", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e1", 1))}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r, err := Open(ctx, Options{Backend: "postgres", Address: dsn, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.pg != nil || r.sqlw == nil {
		t.Errorf("a reader of a made store: init %v, reader %v", r.pg != nil, r.sqlw != nil)
	}
	st := checkCounters(t, r, "reader")
	if st.Documents != 1 || st.Mentions != 1 {
		t.Errorf("reader: %+v", st)
	}
	// stats alone: from the counters, and from the store when they do
	// not count the quads
	for _, step := range []string{"counters", "older counters"} {
		got, err := ReadStats(ctx, Options{Backend: "postgres", Address: dsn})
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if !reflect.DeepEqual(got, st) {
			t.Errorf("%s: ReadStats %+v, Stats %+v", step, got, st)
		}
		if _, err := db.ExecContext(ctx, `DELETE FROM `+counterTable+` WHERE name IN ($1, $2)`, cQuads, quadsKeptRow); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := readPGStats(ctx, dsn); ok || err != nil {
			t.Errorf("counters without the quads read as whole (%v)", err)
		}
	}
	empty, _ := pgtest.Schema(t, pgtest.DSN(t), "readerstats")
	if _, err := ReadStats(ctx, Options{Backend: "postgres", Address: empty}); !errors.Is(err, ErrNoStore) {
		t.Errorf("stats of an empty database: %v, want ErrNoStore", err)
	}
}
