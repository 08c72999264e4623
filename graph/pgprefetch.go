package graph

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"

	"github.com/claimgraph/claimgraph/schema"
)

// Planning a batch of documents reads the store per document (is it
// stored, which documents had its path) and per claim (its quads, its
// mentions). On PostgreSQL every read through Cayley is a query and a
// round trip or two, and a batch of 64 reports mentions about a thousand
// claims: the round trips, not the work, took most of a batch's planning.
// A PostgreSQL batch reads all of them up front in a few queries, and the
// planning reads answer from what it read (see the callers of
// pgPrefetch's methods). What it read is what the store held when the
// batch began, under the store's write lock; the first write of the batch
// ends it (applyQuads), so that the reads after it — the counters of the
// removals, which follow the additions — see the store again.
//
// Only the reads whose answer does not depend on the order Cayley returns
// rows in are served: the quads of a claim (which flags they set), whether
// a quad is stored, how many mentions a claim has, and a document path's
// single holder. Of a claim's mentions only their number is read: a
// batch's claims have tens of thousands of mentions in a large store, and
// reading them, and their values, took most of the prefetch.
type pgPrefetch struct {
	quads    map[quad.Value][]quad.Quad     // subject → its quads, for the subjects read
	subjects map[[2]quad.Value][]quad.Value // (predicate, object) → the subjects, for the edges read
	counts   map[[2]quad.Value]int          // (predicate, object) → the number of its quads, for the edges counted
}

// quadsOf returns the stored quads of n, and whether n was read.
func (p *pgPrefetch) quadsOf(n quad.Value) ([]quad.Quad, bool) {
	if p == nil {
		return nil, false
	}
	qs, ok := p.quads[n]
	return qs, ok
}

// has says whether q is stored, and whether its subject was read.
func (p *pgPrefetch) has(q quad.Quad) (has, ok bool) {
	qs, ok := p.quadsOf(q.Subject)
	if !ok {
		return false, false
	}
	for _, sq := range qs {
		if sq == q {
			return true, true
		}
	}
	return false, true
}

// subjectsWith returns the subjects of the quads (?, pred, obj), and
// whether they were read.
func (p *pgPrefetch) subjectsWith(pred, obj quad.Value) ([]quad.Value, bool) {
	if p == nil {
		return nil, false
	}
	ss, ok := p.subjects[[2]quad.Value{pred, obj}]
	return ss, ok
}

// countSubjectsWith returns the number of quads (?, pred, obj), and
// whether it was counted (see countEdges: only what a write asks for is,
// since counting a claim's mentions reads them all).
func (p *pgPrefetch) countSubjectsWith(pred, obj quad.Value) (int, bool) {
	if p == nil {
		return 0, false
	}
	n, ok := p.counts[[2]quad.Value{pred, obj}]
	return n, ok
}

// prefetchBatch reads what planning the batch will ask of a PostgreSQL
// store (one with the bulk writer): the quads of its documents and
// claims, the mentions of its claims, and the documents stored under its
// paths and URLs. An error only leaves the reads to Cayley.
func (s *Store) prefetchBatch(ctx context.Context, batch []schema.Extraction) {
	s.pre = nil
	var subjects []quad.Value
	var edges [][2]quad.Value // predicate, object
	for _, ex := range batch {
		d := ex.Doc
		subjects = append(subjects, docNode(d.ID))
		if key := docKey(d); key != "" {
			edges = append(edges, [2]quad.Value{pPath, quad.String(key)}, [2]quad.Value{pURL, quad.String(key)})
		}
		for _, m := range ex.Mentions {
			subjects = append(subjects, claimNode(m.ClaimID))
		}
	}
	p, err := s.sqlw.prefetch(ctx, subjects, edges)
	if err == nil {
		s.pre = p
	}
}

// prefetch reads the quads of the subjects and the subjects of the edges.
func (w *sqlWriter) prefetch(ctx context.Context, subjects []quad.Value, edges [][2]quad.Value) (*pgPrefetch, error) {
	p := &pgPrefetch{quads: map[quad.Value][]quad.Quad{}, subjects: map[[2]quad.Value][]quad.Value{}, counts: map[[2]quad.Value]int{}}
	values := map[graph.ValueHash]quad.Value{} // the values known, by hash
	know := func(v quad.Value) graph.ValueHash {
		h := graph.HashOf(v)
		values[h] = v
		return h
	}
	var sh []graph.ValueHash
	for _, n := range subjects {
		if _, ok := p.quads[n]; !ok {
			p.quads[n] = nil
			sh = append(sh, know(n))
		}
	}
	var oh []graph.ValueHash
	preds := map[graph.ValueHash]bool{}
	for _, e := range edges {
		if _, ok := p.subjects[e]; !ok {
			p.subjects[e] = nil
			preds[know(e[0])] = true
			oh = append(oh, know(e[1]))
		}
	}
	var ph []graph.ValueHash
	for h := range preds {
		ph = append(ph, h)
	}

	var rows []graph.QuadHash
	scan := func(query string, args ...any) error {
		r, err := w.db.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer r.Close()
		for r.Next() {
			var hs [4]csql.NodeHash
			if err := r.Scan(&hs[0], &hs[1], &hs[2], &hs[3]); err != nil {
				return err
			}
			rows = append(rows, graph.QuadHash{Subject: hs[0].ValueHash, Predicate: hs[1].ValueHash, Object: hs[2].ValueHash, Label: hs[3].ValueHash})
		}
		return r.Err()
	}
	const cols = `SELECT subject_hash, predicate_hash, object_hash, label_hash FROM quads `
	if len(sh) > 0 {
		if err := scan(cols+`WHERE subject_hash = ANY($1::bytea[])`, hashArray(sh)); err != nil {
			return nil, fmt.Errorf("prefetch quads: %w", err)
		}
	}
	nsubj := len(rows)
	if len(oh) > 0 {
		if err := scan(cols+`WHERE object_hash = ANY($1::bytea[]) AND predicate_hash = ANY($2::bytea[])`, hashArray(oh), hashArray(ph)); err != nil {
			return nil, fmt.Errorf("prefetch edges: %w", err)
		}
	}
	var missing []graph.ValueHash
	for _, q := range rows {
		for _, h := range q.Dirs() {
			if _, ok := values[h]; h.Valid() && !ok {
				values[h] = nil
				missing = append(missing, h)
			}
		}
	}
	if err := w.readValues(ctx, missing, values); err != nil {
		return nil, err
	}
	name := func(h graph.ValueHash) quad.Value {
		if !h.Valid() {
			return nil
		}
		return values[h]
	}
	for i, q := range rows {
		v := quad.Quad{Subject: name(q.Subject), Predicate: name(q.Predicate), Object: name(q.Object), Label: name(q.Label)}
		if i < nsubj {
			p.quads[v.Subject] = append(p.quads[v.Subject], v)
			continue
		}
		e := [2]quad.Value{v.Predicate, v.Object}
		if ss, ok := p.subjects[e]; ok && v.Subject != nil {
			p.subjects[e] = append(ss, v.Subject)
		}
	}
	return p, nil
}

// countEdges counts the quads of each edge (predicate, object) into
// counts, 0 for those of none; on an error counts is unchanged.
func (w *sqlWriter) countEdges(ctx context.Context, edges [][2]quad.Value, counts map[[2]quad.Value]int) error {
	type key [2]graph.ValueHash
	byHash := map[key][2]quad.Value{}
	got := map[[2]quad.Value]int{}
	preds := map[graph.ValueHash]bool{}
	var oh, ph []graph.ValueHash
	for _, e := range edges {
		if _, ok := counts[e]; ok {
			continue
		}
		if _, ok := got[e]; ok {
			continue
		}
		got[e] = 0
		k := key{graph.HashOf(e[0]), graph.HashOf(e[1])}
		byHash[k] = e
		oh = append(oh, k[1])
		if !preds[k[0]] {
			preds[k[0]] = true
			ph = append(ph, k[0])
		}
	}
	if len(got) == 0 {
		return nil
	}
	rows, err := w.db.QueryContext(ctx, `SELECT predicate_hash, object_hash, count(*) FROM quads WHERE object_hash = ANY($1::bytea[]) AND predicate_hash = ANY($2::bytea[]) GROUP BY predicate_hash, object_hash`, hashArray(oh), hashArray(ph))
	if err != nil {
		return fmt.Errorf("count quads: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p, o csql.NodeHash
		var n int
		if err := rows.Scan(&p, &o, &n); err != nil {
			return fmt.Errorf("count quads: %w", err)
		}
		if e, ok := byHash[key{p.ValueHash, o.ValueHash}]; ok {
			got[e] = n
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("count quads: %w", err)
	}
	for e, n := range got {
		counts[e] = n
	}
	return nil
}

// readValues reads the values of nodes by hash, as Cayley's NameOf reads
// and decodes them one at a time.
func (w *sqlWriter) readValues(ctx context.Context, hs []graph.ValueHash, into map[graph.ValueHash]quad.Value) error {
	if len(hs) == 0 {
		return nil
	}
	rows, err := w.db.QueryContext(ctx, `SELECT hash, value, value_string, datatype, language, iri, bnode, value_int, value_bool, value_float, value_time FROM nodes WHERE hash = ANY($1::bytea[])`, hashArray(hs))
	if err != nil {
		return fmt.Errorf("prefetch values: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			hash   csql.NodeHash
			data   []byte
			str    sql.NullString
			typ    sql.NullString
			lang   sql.NullString
			iri    sql.NullBool
			bnode  sql.NullBool
			vint   sql.NullInt64
			vbool  sql.NullBool
			vfloat sql.NullFloat64
			vtime  csql.NullTime
		)
		if err := rows.Scan(&hash, &data, &str, &typ, &lang, &iri, &bnode, &vint, &vbool, &vfloat, &vtime); err != nil {
			return fmt.Errorf("prefetch values: %w", err)
		}
		var val quad.Value
		switch {
		case str.Valid:
			s := strings.ReplaceAll(str.String, `\x00`, "\u0000")
			switch {
			case iri.Bool:
				val = quad.IRI(str.String)
			case bnode.Bool:
				val = quad.BNode(str.String)
			case lang.Valid:
				val = quad.LangString{Value: quad.String(s), Lang: lang.String}
			case typ.Valid:
				val = quad.TypedString{Value: quad.String(s), Type: quad.IRI(typ.String)}
			default:
				val = quad.String(s)
			}
		case vint.Valid:
			val = quad.Int(vint.Int64)
		case vbool.Valid:
			val = quad.Bool(vbool.Bool)
		case vfloat.Valid:
			val = quad.Float(vfloat.Float64)
		case vtime.Valid:
			val = quad.Time(vtime.Time)
		default:
			if val, err = pquads.UnmarshalValue(data); err != nil {
				return fmt.Errorf("prefetch values: %w", err)
			}
		}
		into[hash.ValueHash] = val
	}
	return rows.Err()
}

// hashArray is hashes as one bytea[] parameter.
func hashArray(hs []graph.ValueHash) string {
	var b strings.Builder
	b.Grow(2 + len(hs)*(2*quad.HashSize+6))
	b.WriteByte('{')
	for i, h := range hs {
		if i > 0 {
			b.WriteByte(',')
		}
		if !h.Valid() {
			b.WriteString("NULL")
			continue
		}
		b.WriteString(`"\\x`)
		b.WriteString(hex.EncodeToString(h[:]))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// stored says which of qs are stored, in a query per quadChunk quads.
func (w *sqlWriter) stored(ctx context.Context, qs []quad.Quad) ([]bool, error) {
	out := make([]bool, len(qs))
	for off := 0; off < len(qs); off += quadChunk {
		chunk := qs[off:min(off+quadChunk, len(qs))]
		var cols [4][]graph.ValueHash
		for _, q := range chunk {
			for i, dir := range quad.Directions {
				var h graph.ValueHash
				if v := q.Get(dir); v != nil {
					h = graph.HashOf(v)
				}
				cols[i] = append(cols[i], h)
			}
		}
		rows, err := w.db.QueryContext(ctx, `SELECT d.i FROM unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::bytea[]) WITH ORDINALITY AS d(s, p, o, l, i)
WHERE EXISTS (SELECT 1 FROM quads q WHERE q.subject_hash = d.s AND q.predicate_hash = d.p AND q.object_hash = d.o AND q.label_hash IS NOT DISTINCT FROM d.l)`,
			hashArray(cols[0]), hashArray(cols[1]), hashArray(cols[2]), hashArray(cols[3]))
		if err != nil {
			return nil, fmt.Errorf("look up %d quads: %w", len(chunk), err)
		}
		for rows.Next() {
			var i int
			if err := rows.Scan(&i); err != nil {
				rows.Close()
				return nil, err
			}
			out[off+i-1] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
