package graph

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// pgCounters keeps a PostgreSQL store's counters (see counters.go) in a
// table of its own next to Cayley's. The bulk writer adds a write's
// changes to them in the write's transaction, each counter one row whose
// value an upsert adds to, so that writers' changes add up whatever the
// order they commit in; a row kept marks the counters kept. Every write
// plans its changes, counter changes included, under the store's write
// lock (see pgconc.go), so that they are the changes it makes.
type pgCounters struct {
	db       *sql.DB
	staged   map[string]int64
	digests  []digestChange
	evidence []evidenceChange
}

const (
	counterTable = "claimgraph_counters"
	// counterKeptRow marks the counters kept; no counter's name starts
	// with "#". quadsKeptRow marks the quads counted too (cQuads): a
	// store whose counters were kept before has its quads counted once,
	// when next opened for writing, and until then they are counted when
	// read.
	counterKeptRow = "#kept"
	quadsKeptRow   = "#quads"
)

// digestTable keeps a copy of each document's digest (its cg:digest
// quad), written in the transaction that writes the quad, so that the
// analyses read every digest with one query (see digest.go).
const digestTable = "claimgraph_digests"

// createCounterTable creates the counters', the digests' and the
// evidence's tables unless they exist.
func createCounterTable(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+counterTable+` (name TEXT PRIMARY KEY, n BIGINT NOT NULL)`)
	if err == nil {
		_, err = conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+digestTable+` (doc TEXT PRIMARY KEY, digest TEXT NOT NULL)`)
	}
	if err == nil {
		err = createEvidenceTable(ctx, conn)
	}
	return err
}

func (c *pgCounters) stageDigests(cs []digestChange) { c.digests = cs }

func (c *pgCounters) eachDigest(ctx context.Context, fn func(doc, digest string) error) (int, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT doc, digest FROM `+digestTable)
	if err != nil {
		return 0, fmt.Errorf("read digests: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var doc, digest string
		if err := rows.Scan(&doc, &digest); err != nil {
			return n, err
		}
		if err := fn(doc, digest); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// writeDigestsSQL writes a write's digest changes in its transaction: an
// added digest replaces the row; a removed one goes only if it is still
// the row's (a replacement adds the new digest before it removes the old).
// Consecutive changes of one kind — a write's are all of one kind (see
// applyDeltas) — go in one statement, rows in document order.
func writeDigestsSQL(ctx context.Context, tx *sql.Tx, cs []digestChange) error {
	for len(cs) > 0 {
		n := 1
		for n < len(cs) && cs[n].removed == cs[0].removed {
			n++
		}
		if err := writeDigestRun(ctx, tx, cs[:n]); err != nil {
			return err
		}
		cs = cs[n:]
	}
	return nil
}

// writeDigestRun writes changes that all add or all remove digests.
func writeDigestRun(ctx context.Context, tx *sql.Tx, cs []digestChange) error {
	removed := cs[0].removed
	// an upsert may not change a row twice: of several digests added for
	// one document the last stays, as one upsert after the other leaves it
	last := map[string]int{}
	for i, c := range cs {
		last[c.doc] = i
	}
	kept := make([]digestChange, 0, len(cs))
	for i, c := range cs {
		if removed || last[c.doc] == i {
			kept = append(kept, c)
		}
	}
	cs = kept
	sort.Slice(cs, func(i, j int) bool { return cs[i].doc < cs[j].doc })
	docs, digests := make([]any, len(cs)), make([]any, len(cs))
	for i, c := range cs {
		docs[i], digests[i] = c.doc, c.digest
	}
	query := `INSERT INTO ` + digestTable + ` (doc, digest) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (doc) DO UPDATE SET digest = EXCLUDED.digest`
	if removed {
		query = `DELETE FROM ` + digestTable + ` AS t USING unnest($1::text[], $2::text[]) AS d(doc, digest) WHERE t.doc = d.doc AND t.digest = d.digest`
	}
	if _, err := tx.ExecContext(ctx, query, arrayText(docs), arrayText(digests)); err != nil {
		return fmt.Errorf("write the digests of %d documents: %w", len(cs), err)
	}
	return nil
}

func (c *pgCounters) load(ctx context.Context) (map[string]int64, bool, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT name, n FROM `+counterTable)
	if err != nil {
		return nil, false, fmt.Errorf("read counters: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	kept, quads := false, false
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return nil, false, err
		}
		switch {
		case name == counterKeptRow:
			kept = true
		case name == quadsKeptRow:
			quads = true
		case name == cQuads:
			out[name] = n // 0 quads too: a kept count
		case n != 0 && !strings.HasPrefix(name, "#"):
			out[name] = n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	if !kept {
		return nil, false, nil
	}
	if !quads {
		delete(out, cQuads)
	}
	return out, true, nil
}

func (c *pgCounters) stage(delta map[string]int64) { c.staged = delta }

func (c *pgCounters) done(bool) { c.staged, c.digests, c.evidence = nil, nil, nil }

func (c *pgCounters) reset(ctx context.Context, all map[string]int64) error {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+counterTable); err != nil {
		tx.Rollback()
		return fmt.Errorf("reset counters: %w", err)
	}
	with := map[string]int64{counterKeptRow: 1}
	for k, v := range all {
		with[k] = v
	}
	if _, ok := all[cQuads]; ok {
		with[quadsKeptRow] = 1
	}
	if err := addCountersSQL(ctx, tx, with); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// setQuads sets the count of quads, and marks it kept, in a transaction
// of its own (under the store's write lock: no write runs meanwhile).
func (c *pgCounters) setQuads(ctx context.Context, n int64) error {
	_, err := c.db.ExecContext(ctx, `INSERT INTO `+counterTable+` (name, n) VALUES ($1, $2), ($3, 1) ON CONFLICT (name) DO UPDATE SET n = EXCLUDED.n`,
		cQuads, n, quadsKeptRow)
	if err != nil {
		return fmt.Errorf("count the quads: %w", err)
	}
	return nil
}

// addCountersSQL adds to the counters in a transaction, rows in name
// order so that concurrent writers lock them in one order.
func addCountersSQL(ctx context.Context, tx *sql.Tx, delta map[string]int64) error {
	names := make([]string, 0, len(delta))
	for k, v := range delta {
		if v != 0 {
			names = append(names, k)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	args := make([]any, 0, 2*len(names))
	for _, k := range names {
		args = append(args, k, delta[k])
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO ` + counterTable + ` (name, n) VALUES `)
	placeholders(&b, len(names), 2, nil, "")
	b.WriteString(` ON CONFLICT (name) DO UPDATE SET n = ` + counterTable + `.n + EXCLUDED.n`)
	if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("write counters: %w", err)
	}
	return nil
}
