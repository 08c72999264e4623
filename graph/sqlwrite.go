package graph

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/lib/pq"
)

// The bulk write path of a PostgreSQL store. Cayley's SQL writer sends one
// statement per node and one per quad; this one writes the same rows of
// Cayley's own schema — the nodes table (a value's hash, its columns by
// type, and its reference count: how many quad directions use it) and the
// quads table (the four hashes and a timestamp) — with multi-row
// statements, in one transaction per batch:
//
//  1. the nodes of the added quads, each with the number of references the
//     batch adds, in one upsert per chunk that adds to the count of nodes
//     already stored (rows in hash order, as Cayley writes them, so that
//     concurrent writers lock them in one order);
//  2. the quads, in delta order (the order Cayley inserts them in): a
//     quad that is stored already is an error (the unique index refuses
//     it) unless duplicates are ignored; then the insert has ON CONFLICT
//     DO NOTHING RETURNING, and the references of the quads it skipped
//     are taken back, so that counts stay exact (Cayley's writer counts
//     them anyway);
//  3. removed quads, deleted with RETURNING, and their nodes' counts
//     lowered; nodes nothing refers to any more are deleted (Cayley
//     scans the whole nodes table for them; only the batch's nodes can
//     have reached zero).
//
// Values are hashed and split into columns by Cayley's own functions
// (graph.HashOf, sql.NodeValues), so that Cayley reads what this writes.

// nodeColumns are the nodes table's columns, as a multi-row insert names
// them all.
var nodeColumns = []string{"hash", "refs", "value", "value_string", "datatype", "language", "iri", "bnode", "value_int", "value_bool", "value_float", "value_time"}

// Rows per statement: PostgreSQL takes at most 65535 parameters.
const (
	nodeChunk = 2000 // × 12 parameters
	quadChunk = 4000 // × 4, or rows of arrays
)

// sqlWriter writes deltas into Cayley's tables in a PostgreSQL database.
type sqlWriter struct {
	db *sql.DB
}

func newSQLWriter(addr string) (*sqlWriter, error) {
	db, err := sql.Open("postgres", addr)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(2)
	return &sqlWriter{db: db}, nil
}

func (w *sqlWriter) close() error { return w.db.Close() }

// apply writes the deltas in one transaction. As Cayley's ApplyDeltas, it
// fails on a quad added that is stored (unless opts.IgnoreDup) or removed
// that is not (unless opts.IgnoreMissing), and then writes nothing.
// The counters', digests' and evidence's changes (see pgcounters.go,
// evidence.go) are written in the same transaction.
func (w *sqlWriter) apply(ctx context.Context, ds []graph.Delta, opts graph.IgnoreOpts, counters map[string]int64, digests []digestChange, evidence []evidenceChange) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := writeDeltas(ctx, tx, ds, opts); err != nil {
		tx.Rollback()
		return err
	}
	if err := addCountersSQL(ctx, tx, counters); err != nil {
		tx.Rollback()
		return err
	}
	if err := writeDigestsSQL(ctx, tx, digests); err != nil {
		tx.Rollback()
		return err
	}
	if err := writeEvidenceSQL(ctx, tx, evidence); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func writeDeltas(ctx context.Context, tx *sql.Tx, ds []graph.Delta, opts graph.IgnoreOpts) error {
	var adds, dels []graph.QuadHash
	incs := map[graph.ValueHash]*nodeInc{}
	for _, d := range ds {
		var qh graph.QuadHash
		for _, dir := range quad.Directions {
			v := d.Quad.Get(dir)
			if v == nil {
				continue
			}
			h := graph.HashOf(v)
			qh.Set(dir, h)
			if d.Action == graph.Add {
				n := incs[h]
				if n == nil {
					n = &nodeInc{h: h, v: v}
					incs[h] = n
				}
				n.refs++
			}
		}
		switch d.Action {
		case graph.Add:
			adds = append(adds, qh)
		case graph.Delete:
			dels = append(dels, qh)
		default:
			return fmt.Errorf("unknown delta action %v", d.Action)
		}
	}
	if len(adds) > 0 {
		if err := upsertNodes(ctx, tx, incs); err != nil {
			return err
		}
		inserted, err := insertQuads(ctx, tx, adds, opts.IgnoreDup)
		if err != nil {
			return err
		}
		dec := map[graph.ValueHash]int{}
		for _, q := range adds {
			if inserted[q] > 0 {
				inserted[q]--
				continue
			}
			if !opts.IgnoreDup {
				return &graph.DeltaError{Err: graph.ErrQuadExists}
			}
			for _, h := range q.Dirs() {
				if h.Valid() {
					dec[h]--
				}
			}
		}
		if err := addRefs(ctx, tx, dec); err != nil {
			return err
		}
	}
	if len(dels) > 0 {
		deleted, err := deleteQuads(ctx, tx, dels)
		if err != nil {
			return err
		}
		dec := map[graph.ValueHash]int{}
		for _, q := range dels {
			if deleted[q] > 0 {
				deleted[q]--
				for _, h := range q.Dirs() {
					if h.Valid() {
						dec[h]--
					}
				}
				continue
			}
			if !opts.IgnoreMissing {
				return &graph.DeltaError{Err: graph.ErrQuadNotExist}
			}
		}
		if err := addRefs(ctx, tx, dec); err != nil {
			return err
		}
	}
	return nil
}

type nodeInc struct {
	h    graph.ValueHash
	v    quad.Value
	refs int
}

// placeholders writes "($1, $2, …), (…)" for rows of n parameters, each
// cast as casts says when it is not empty.
func placeholders(b *strings.Builder, rows, n int, casts []string, suffix string) {
	p := 1
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(p))
			if casts != nil && casts[i] != "" {
				b.WriteString("::")
				b.WriteString(casts[i])
			}
			p++
		}
		b.WriteString(suffix)
		b.WriteByte(')')
	}
}

// upsertNodes inserts the nodes, or adds their references to the stored
// ones.
func upsertNodes(ctx context.Context, tx *sql.Tx, incs map[graph.ValueHash]*nodeInc) error {
	nodes := make([]*nodeInc, 0, len(incs))
	for _, n := range incs {
		nodes = append(nodes, n)
	}
	sort.Slice(nodes, func(i, j int) bool { return bytes.Compare(nodes[i].h[:], nodes[j].h[:]) < 0 })
	col := map[string]int{}
	for i, c := range nodeColumns {
		col[c] = i
	}
	for len(nodes) > 0 {
		chunk := nodes
		if len(chunk) > nodeChunk {
			chunk = chunk[:nodeChunk]
		}
		nodes = nodes[len(chunk):]
		cols := make([][]any, len(nodeColumns))
		for _, n := range chunk {
			key, vals, err := csql.NodeValues(csql.NodeHash{ValueHash: n.h}, n.v)
			if err != nil {
				return err
			}
			row := make([]any, len(nodeColumns))
			row[0], row[1] = vals[0], n.refs
			for i, c := range key.Columns() {
				row[col[c]] = vals[i+1]
			}
			for i, v := range row {
				cols[i] = append(cols[i], v)
			}
		}
		args := make([]any, len(cols))
		for i, c := range cols {
			args[i] = arrayText(c)
		}
		if _, err := tx.ExecContext(ctx, upsertNodesSQL, args...); err != nil {
			return fmt.Errorf("insert nodes: %w", err)
		}
	}
	return nil
}

// upsertNodesSQL inserts nodes given as one array per column (as
// insertQuads its quads), in the arrays' order.
var upsertNodesSQL = func() string {
	types := []string{"bytea", "int", "bytea", "text", "text", "text", "bool", "bool", "int8", "bool", "float8", "timestamptz"}
	arrays := make([]string, len(types))
	for i, t := range types {
		arrays[i] = "$" + strconv.Itoa(i+1) + "::" + t + "[]"
	}
	return `INSERT INTO nodes (` + strings.Join(nodeColumns, ", ") + `) SELECT * FROM unnest(` + strings.Join(arrays, ", ") +
		`) ON CONFLICT (hash) DO UPDATE SET refs = nodes.refs + EXCLUDED.refs`
}()

// arrayText is a column of values as a PostgreSQL array literal, each
// element written as the driver writes a parameter of its type.
func arrayText(vs []any) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(',')
		}
		switch v := v.(type) {
		case nil:
			b.WriteString("NULL")
		case []byte:
			b.WriteString(`"\\x`)
			b.WriteString(hex.EncodeToString(v))
			b.WriteByte('"')
		case string:
			b.WriteByte('"')
			for _, r := range []byte(v) {
				if r == '"' || r == '\\' {
					b.WriteByte('\\')
				}
				b.WriteByte(r)
			}
			b.WriteByte('"')
		case bool:
			b.WriteString(strconv.FormatBool(v))
		case int:
			b.WriteString(strconv.Itoa(v))
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		case float64:
			b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
		case time.Time:
			b.WriteByte('"')
			b.Write(pq.FormatTimestamp(v))
			b.WriteByte('"')
		default:
			panic(fmt.Sprintf("arrayText: %T", v))
		}
	}
	b.WriteByte('}')
	return b.String()
}

// hashArg is a hash as a parameter: NULL for no value (a quad's label).
func hashArg(h graph.ValueHash) any {
	return csql.NodeHash{ValueHash: h}.SQLValue()
}

// scanQuads reads the four hashes of the rows a statement returns.
func scanQuads(rows *sql.Rows, into map[graph.QuadHash]int) error {
	defer rows.Close()
	for rows.Next() {
		var hs [4]csql.NodeHash
		if err := rows.Scan(&hs[0], &hs[1], &hs[2], &hs[3]); err != nil {
			return err
		}
		into[graph.QuadHash{Subject: hs[0].ValueHash, Predicate: hs[1].ValueHash, Object: hs[2].ValueHash, Label: hs[3].ValueHash}]++
	}
	return rows.Err()
}

// insertQuads inserts the quads not stored and returns those it inserted.
// The quads go as four arrays of hashes, unnested into rows in their
// order: a statement with a parameter per hash cost PostgreSQL more to
// parse and bind (a type lookup and conversion per parameter) than to
// execute. When a stored quad is an error (dup false), a plain INSERT
// stands in for ON CONFLICT DO NOTHING, whose speculative insertion costs
// every row a check of each unique index and a second write: the write
// plans only quads it found absent, and one stored after all fails the
// transaction on the unique index instead.
func insertQuads(ctx context.Context, tx *sql.Tx, qs []graph.QuadHash, dup bool) (map[graph.QuadHash]int, error) {
	inserted := map[graph.QuadHash]int{}
	query := `INSERT INTO quads (subject_hash, predicate_hash, object_hash, label_hash, ts) SELECT s, p, o, l, now() FROM unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::bytea[]) AS d(s, p, o, l)`
	if dup {
		query += ` ON CONFLICT DO NOTHING RETURNING subject_hash, predicate_hash, object_hash, label_hash`
	}
	for len(qs) > 0 {
		chunk := qs
		if len(chunk) > quadChunk {
			chunk = chunk[:quadChunk]
		}
		qs = qs[len(chunk):]
		var cols [4][]graph.ValueHash
		for _, q := range chunk {
			cols[0] = append(cols[0], q.Subject)
			cols[1] = append(cols[1], q.Predicate)
			cols[2] = append(cols[2], q.Object)
			cols[3] = append(cols[3], q.Label)
		}
		args := []any{hashArray(cols[0]), hashArray(cols[1]), hashArray(cols[2]), hashArray(cols[3])}
		if !dup {
			if _, err := tx.ExecContext(ctx, query, args...); err != nil {
				var pe *pq.Error
				if errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
					return nil, &graph.DeltaError{Err: graph.ErrQuadExists}
				}
				return nil, fmt.Errorf("insert quads: %w", err)
			}
			for _, q := range chunk {
				inserted[q]++
			}
			continue
		}
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, fmt.Errorf("insert quads: %w", err)
		}
		if err := scanQuads(rows, inserted); err != nil {
			return nil, fmt.Errorf("insert quads: %w", err)
		}
	}
	return inserted, nil
}

// deleteQuads deletes the quads and returns those it deleted. Quads with
// and without a label are deleted apart, each through its unique index.
func deleteQuads(ctx context.Context, tx *sql.Tx, qs []graph.QuadHash) (map[graph.QuadHash]int, error) {
	deleted := map[graph.QuadHash]int{}
	var labeled, triples []graph.QuadHash
	for _, q := range qs {
		if q.Label.Valid() {
			labeled = append(labeled, q)
		} else {
			triples = append(triples, q)
		}
	}
	for _, part := range []struct {
		qs   []graph.QuadHash
		n    int
		cond string
	}{
		{labeled, 4, `q.label_hash = d.l`},
		{triples, 3, `q.label_hash IS NULL`},
	} {
		qs := part.qs
		casts := []string{"bytea", "bytea", "bytea", "bytea"}[:part.n]
		cols := []string{"s", "p", "o", "l"}[:part.n]
		for len(qs) > 0 {
			chunk := qs
			if len(chunk) > quadChunk {
				chunk = chunk[:quadChunk]
			}
			qs = qs[len(chunk):]
			args := make([]any, 0, len(chunk)*part.n)
			for _, q := range chunk {
				args = append(args, hashArg(q.Subject), hashArg(q.Predicate), hashArg(q.Object))
				if part.n == 4 {
					args = append(args, hashArg(q.Label))
				}
			}
			var b strings.Builder
			b.WriteString(`DELETE FROM quads AS q USING (VALUES `)
			placeholders(&b, len(chunk), part.n, casts, "")
			b.WriteString(`) AS d(` + strings.Join(cols, ", ") + `) WHERE q.subject_hash = d.s AND q.predicate_hash = d.p AND q.object_hash = d.o AND ` + part.cond)
			b.WriteString(` RETURNING q.subject_hash, q.predicate_hash, q.object_hash, q.label_hash`)
			rows, err := tx.QueryContext(ctx, b.String(), args...)
			if err != nil {
				return nil, fmt.Errorf("delete quads: %w", err)
			}
			if err := scanQuads(rows, deleted); err != nil {
				return nil, fmt.Errorf("delete quads: %w", err)
			}
		}
	}
	return deleted, nil
}

// addRefs adds to the reference counts of stored nodes, and deletes those
// of them that nothing refers to any more.
func addRefs(ctx context.Context, tx *sql.Tx, inc map[graph.ValueHash]int) error {
	hs := make([]graph.ValueHash, 0, len(inc))
	for h, n := range inc {
		if n != 0 {
			hs = append(hs, h)
		}
	}
	sort.Slice(hs, func(i, j int) bool { return bytes.Compare(hs[i][:], hs[j][:]) < 0 })
	for len(hs) > 0 {
		chunk := hs
		if len(chunk) > quadChunk {
			chunk = chunk[:quadChunk]
		}
		hs = hs[len(chunk):]
		args := make([]any, 0, len(chunk)*2)
		for _, h := range chunk {
			args = append(args, hashArg(h), inc[h])
		}
		var b strings.Builder
		b.WriteString(`UPDATE nodes SET refs = nodes.refs + d.n FROM (VALUES `)
		placeholders(&b, len(chunk), 2, []string{"bytea", "int"}, "")
		b.WriteString(`) AS d(hash, n) WHERE nodes.hash = d.hash`)
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("update node references: %w", err)
		}
		hargs := make([]any, 0, len(chunk))
		for _, h := range chunk {
			hargs = append(hargs, hashArg(h))
		}
		b.Reset()
		b.WriteString(`DELETE FROM nodes USING (VALUES `)
		placeholders(&b, len(chunk), 1, []string{"bytea"}, "")
		b.WriteString(`) AS d(hash) WHERE nodes.hash = d.hash AND nodes.refs <= 0`)
		if _, err := tx.ExecContext(ctx, b.String(), hargs...); err != nil {
			return fmt.Errorf("delete unused nodes: %w", err)
		}
	}
	return nil
}

// applyQuads writes deltas through the store's bulk writer when it has
// one, else through Cayley.
func (s *Store) applyQuads(ctx context.Context, ds []graph.Delta, opts graph.IgnoreOpts) error {
	if s.sqlw == nil {
		return s.qs.ApplyDeltas(ds, opts)
	}
	var counters map[string]int64
	var digests []digestChange
	var evidence []evidenceChange
	if c, ok := s.counters.(*pgCounters); ok {
		counters, digests, evidence = c.staged, c.digests, c.evidence
	}
	// what the write read before it planned is not the store any more
	s.pre = nil
	if err := s.sqlw.apply(ctx, ds, opts, counters, digests, evidence); err != nil {
		return err
	}
	// an empty write through Cayley makes it forget the number of quads
	// it may have counted before this one
	return s.qs.ApplyDeltas(nil, graph.IgnoreOpts{})
}
