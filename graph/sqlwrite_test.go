package graph

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/claimgraph/claimgraph/internal/pgtest"
	"github.com/claimgraph/claimgraph/schema"
)

// pgSchemaStore opens a PostgreSQL store in a schema of its own, dropped
// at the end of the test, and returns it with a connection to the schema.
func pgSchemaStore(tb testing.TB, dsn, name string) (*Store, *sql.DB) {
	tb.Helper()
	s, db, _ := pgSchema(tb, dsn, name)
	return s, db
}

// pgSchema is pgSchemaStore, and returns the schema's DSN too.
func pgSchema(tb testing.TB, dsn, name string) (*Store, *sql.DB, string) {
	tb.Helper()
	addr, db := pgtest.Schema(tb, dsn, name)
	s, err := Open(context.Background(), Options{Backend: "postgres", Address: addr})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, db, addr
}

// nodeRows dumps the nodes table, every column, in hash order.
func nodeRows(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT encode(hash, 'hex'), refs, coalesce(encode(value, 'hex'), '-'), coalesce(value_string, '-'), coalesce(datatype, '-'),
		coalesce(language, '-'), coalesce(iri::text, '-'), coalesce(bnode::text, '-'), coalesce(value_int::text, '-'), coalesce(value_bool::text, '-'),
		coalesce(value_float::text, '-'), coalesce(value_time::text, '-') FROM nodes ORDER BY hash`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		cols := make([]string, 12)
		ptrs := make([]any, 12)
		for i := range cols {
			ptrs[i] = &cols[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.Join(cols, " "))
	}
	return out
}

// badRefs counts the nodes whose reference count is not the number of
// quad directions using them, and the hashes quads use without a node.
func badRefs(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	err := db.QueryRow(`WITH r AS (
		SELECT h, count(*) AS c FROM (
			SELECT subject_hash AS h FROM quads UNION ALL
			SELECT predicate_hash FROM quads UNION ALL
			SELECT object_hash FROM quads UNION ALL
			SELECT label_hash FROM quads WHERE label_hash IS NOT NULL) AS x
		GROUP BY h)
		SELECT count(*) FROM nodes n FULL JOIN r ON n.hash = r.h WHERE n.refs IS DISTINCT FROM r.c`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func sortedDump(t *testing.T, s *Store) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := s.Export(context.Background(), &b, "nquads"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestBulkWriteMatchesCayley writes the same batches — new documents,
// documents stored already, changed files that replace earlier versions
// and so remove quads, values of every kind claimgraph stores — through
// the bulk writer and through Cayley's, and compares the stores: the
// quads, every column of every node, the reference counts, and what the
// reads and queries return.
func TestBulkWriteMatchesCayley(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	bulk, bulkDB := pgSchemaStore(t, dsn, "bulk")
	slow, slowDB := pgSchemaStore(t, dsn, "cayley")
	if bulk.sqlw == nil {
		t.Fatal("a PostgreSQL store opened for writing has no bulk writer")
	}
	w := slow.sqlw
	t.Cleanup(func() { w.close() })
	slow.sqlw = nil
	slow.counters = noCounters{} // Cayley's writer writes no counters: stats counts
	terms := []schema.Term{{ID: "putin", Kind: "actor", Type: "person", En: "Vladimir Putin", Ar: "بوتين"}, {ID: "warn", Kind: "predicate", En: "warn"}}
	docs := corpus(16)
	m := mention("x", "putin", "warn", "sanctions", schema.Positive, "kremlin", "call_2021_12_30", 1)
	m.Approx, m.Condition, m.EvidenceNorm = true, "military_escalation", "جمله\x00"
	m.Finish()
	extra := doc("x", "/x.txt", m)
	extra.Doc.Text, extra.Doc.Title, extra.Doc.Published = "نص\x00 التقرير", "عنوان", "2021-12-30"
	changed := append([]schema.Extraction{}, corpus(22)[16:]...)
	for i := range changed {
		changed[i].Doc.Path = docs[i].Doc.Path // replaces an earlier document
	}
	steps := [][]schema.Extraction{docs[:6], docs[3:16], {extra}, changed, docs[:3]}
	for _, s := range []*Store{bulk, slow} {
		s.SetTerms(terms)
		for i, batch := range steps {
			if _, err := s.Put(ctx, batch); err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
		}
		if _, err := s.Replace(ctx, []schema.Extraction{doc("x", "/x.txt")}); err != nil {
			t.Fatal(err)
		}
	}
	if a, b := sortedDump(t, bulk), sortedDump(t, slow); a != b {
		t.Errorf("the quads differ:%s", firstDiff(a, b))
	}
	if a, b := nodeRows(t, bulkDB), nodeRows(t, slowDB); !reflect.DeepEqual(a, b) {
		t.Errorf("the nodes differ: %d rows, Cayley's writer %d:%s", len(a), len(b), firstDiff(strings.Join(a, "\n"), strings.Join(b, "\n")))
	}
	if n := badRefs(t, bulkDB); n != 0 {
		t.Errorf("%d nodes with a wrong reference count", n)
	}
	sa, sb := counts(t, bulk), counts(t, slow)
	if !reflect.DeepEqual(sa, sb) || sa.Documents != 17 {
		t.Errorf("stats %+v, through Cayley %+v", sa, sb)
	}
	// (reading every mention takes long on PostgreSQL: a few of them)
	for _, f := range []schema.Filter{{Subject: "actor01"}, {Subject: "actor02", Event: "call_2021_12_30"}, {Predicate: "pred05", Polarity: schema.Negative}} {
		ma, errA := bulk.Mentions(ctx, f)
		mb, errB := slow.Mentions(ctx, f)
		if errA != nil || errB != nil || !reflect.DeepEqual(ma, mb) || len(ma) == 0 {
			t.Errorf("mentions %+v differ: %d (%v) and %d (%v)", f, len(ma), errA, len(mb), errB)
		}
	}
	for _, q := range []string{
		`g.V("<cg:actor01>").Out("<cg:pred01>").All()`,
		`g.V().Has("<rdf:type>", "<cg:Claim>").Count()`,
		`g.V("<cg:doc/x>").Out().All()`,
	} {
		ra, _, errA := bulk.Query(ctx, "gizmo", q, 1000)
		rb, _, errB := slow.Query(ctx, "gizmo", q, 1000)
		// the same results; in the order the server happens to keep the
		// rows, which vacuuming between a write's removals and additions
		// changes (Gizmo's All() promises no order)
		if errA != nil || errB != nil || !sameResults(ra, rb) {
			t.Errorf("%s: %v (%v), through Cayley %v (%v)", q, ra, errA, rb, errB)
		}
	}
}

// sameResults says whether two query results hold the same results, in
// whatever order.
func sameResults[T any](a, b []T) bool {
	key := func(rs []T) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = fmt.Sprint(r)
		}
		sort.Strings(out)
		return out
	}
	return len(a) == len(b) && reflect.DeepEqual(key(a), key(b))
}

// TestBulkWriteDuplicates: a quad added that is stored, or removed that is
// not, fails the whole batch as with Cayley's writer, unless ignored; then
// the reference counts stay exact (Cayley's writer counts ignored
// duplicates).
func TestBulkWriteDuplicates(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	s, db := pgSchemaStore(t, dsn, "dup")
	q1 := quad.Make(IRI("a"), IRI("p"), quad.String("x"), nil)
	q2 := quad.Make(IRI("a"), IRI("p"), quad.Int(2), IRI("label"))
	q3 := quad.Make(IRI("b"), IRI("p"), quad.LangString{Value: "y", Lang: "ar"}, nil)
	add := func(opts cgraph.IgnoreOpts, qs ...quad.Quad) error {
		var ds []cgraph.Delta
		for _, q := range qs {
			ds = append(ds, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
		return s.sqlw.apply(ctx, ds, opts, nil, nil, nil)
	}
	del := func(opts cgraph.IgnoreOpts, qs ...quad.Quad) error {
		var ds []cgraph.Delta
		for _, q := range qs {
			ds = append(ds, cgraph.Delta{Quad: q, Action: cgraph.Delete})
		}
		return s.sqlw.apply(ctx, ds, opts, nil, nil, nil)
	}
	nquads := func() int {
		var n int
		db.QueryRow(`SELECT count(*) FROM quads`).Scan(&n)
		return n
	}
	if err := add(cgraph.IgnoreOpts{}, q1, q2); err != nil {
		t.Fatal(err)
	}
	if err := add(cgraph.IgnoreOpts{}, q3, q1); !cgraph.IsQuadExist(err) {
		t.Errorf("adding a stored quad: %v", err)
	}
	if n := nquads(); n != 2 {
		t.Errorf("a failed batch left %d quads, want 2", n)
	}
	if err := add(cgraph.IgnoreOpts{IgnoreDup: true}, q3, q1, q2); err != nil {
		t.Fatal(err)
	}
	if n, bad := nquads(), badRefs(t, db); n != 3 || bad != 0 {
		t.Errorf("ignoring duplicates: %d quads, %d wrong reference counts", n, bad)
	}
	if err := del(cgraph.IgnoreOpts{}, q1, quad.Make(IRI("c"), IRI("p"), IRI("d"), nil)); !cgraph.IsQuadNotExist(err) {
		t.Errorf("removing a quad not stored: %v", err)
	}
	if err := del(cgraph.IgnoreOpts{IgnoreMissing: true}, q1, q2, quad.Make(IRI("c"), IRI("p"), IRI("d"), nil)); err != nil {
		t.Fatal(err)
	}
	if n, bad := nquads(), badRefs(t, db); n != 1 || bad != 0 {
		t.Errorf("after removing: %d quads, %d wrong reference counts", n, bad)
	}
	var nodes int
	db.QueryRow(`SELECT count(*) FROM nodes`).Scan(&nodes)
	if nodes != 3 { // b, p, "y"@ar
		t.Errorf("%d nodes left, want 3", nodes)
	}
}

// BenchmarkPostgresIngest writes 500 documents of 19 mentions (the seeds'
// average) in batches of 64 through Put into an empty PostgreSQL store,
// through the bulk writer and through Cayley's writer, in the same run, and
// the same quads alone (no planning reads) through each writer. It reports
// the seconds of each and the ratios.
func BenchmarkPostgresIngest(b *testing.B) {
	dsn := pgtest.DSN(b)
	ctx := context.Background()
	bs := batches(corpus(500), 64)
	deltas, nquads := quadBatches(b, bs)
	s, db := pgSchemaStore(b, dsn, "bench")
	w := s.sqlw
	empty := func() {
		if _, err := db.Exec(`TRUNCATE quads, nodes, claimgraph_counters, claimgraph_digests`); err != nil {
			b.Fatal(err)
		}
		s.labeled = map[string]bool{}
		s.events = map[quad.IRI]string{}
	}
	var put, putCayley, raw, rawCayley time.Duration
	measure := func(acc *time.Duration, bulk bool, fn func()) {
		empty()
		s.sqlw = nil
		if bulk {
			s.sqlw = w
		}
		start := time.Now()
		fn()
		*acc += time.Since(start)
	}
	puts := func() {
		for _, batch := range bs {
			if _, err := s.Put(ctx, batch); err != nil {
				b.Fatal(err)
			}
		}
	}
	writes := func() {
		for _, ds := range deltas {
			if err := s.applyQuads(ctx, ds, cgraph.IgnoreOpts{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	for i := 0; i < b.N; i++ {
		measure(&putCayley, false, puts)
		measure(&put, true, puts)
		measure(&rawCayley, false, writes)
		measure(&raw, true, writes)
	}
	s.sqlw = w
	n := float64(b.N)
	b.ReportMetric(put.Seconds()/n, "put-s")
	b.ReportMetric(putCayley.Seconds()/n, "put-cayley-s")
	b.ReportMetric(putCayley.Seconds()/put.Seconds(), "put-speedup")
	b.ReportMetric(raw.Seconds()/n, "write-s")
	b.ReportMetric(rawCayley.Seconds()/n, "write-cayley-s")
	b.ReportMetric(rawCayley.Seconds()/raw.Seconds(), "write-speedup")
	b.ReportMetric(float64(nquads)*n/put.Seconds(), "put-quads/s")
}

// firstDiff shows the first line where two dumps differ.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("\n%s\n%s", al[i], bl[i])
		}
	}
	return fmt.Sprintf(" %d lines vs %d", len(al), len(bl))
}
