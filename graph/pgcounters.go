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
	db     *sql.DB
	staged map[string]int64
}

const (
	counterTable = "claimgraph_counters"
	// counterKeptRow marks the counters kept; no counter's name starts
	// with "#".
	counterKeptRow = "#kept"
)

// createCounterTable creates the counters' table unless it exists.
func createCounterTable(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+counterTable+` (name TEXT PRIMARY KEY, n BIGINT NOT NULL)`)
	return err
}

func (c *pgCounters) load(ctx context.Context) (map[string]int64, bool, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT name, n FROM `+counterTable)
	if err != nil {
		return nil, false, fmt.Errorf("read counters: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	kept := false
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return nil, false, err
		}
		switch {
		case name == counterKeptRow:
			kept = true
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
	return out, true, nil
}

func (c *pgCounters) stage(delta map[string]int64) { c.staged = delta }

func (c *pgCounters) done(bool) { c.staged = nil }

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
	if err := addCountersSQL(ctx, tx, with); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
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
