package graph

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand"
	"sync"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/lib/pq"

	"github.com/claimgraph/claimgraph/schema"
)

// Several processes — on several machines — may write to one PostgreSQL
// store at once. A bolt store has a file lock; a PostgreSQL store has
// advisory locks, which a session holds until it releases them or ends
// (a process killed mid-write frees its locks with its connection):
//
//   - creating Cayley's tables is done under one lock, so that two
//     processes opening a new database do not both create them (the second
//     CREATE TABLE fails on PostgreSQL's catalog, not with "exists");
//   - so is creating claimgraph's table of counters (see pgcounters.go),
//     and counting a store that keeps none yet;
//   - a write — Put or Replace, from the reads that plan it to the commit
//     of its changes — holds the store's write lock, so that every batch
//     plans against the store as the batches before it left it. Batches of
//     several processes land one after the other, each whole: the store
//     ends as a single process writing them in that order leaves it, and
//     since ingesting a document is idempotent, equal to one process
//     ingesting the union. Extraction, the work of the CPUs, runs in
//     parallel outside the lock.
//
// The keys of both locks hash the schema the store lives in, so that
// stores in different schemas of one database do not wait for each other.

// pgLocks holds a PostgreSQL store's advisory locks on a connection of its
// own.
type pgLocks struct {
	db  *sql.DB // no idle connections: a connection given back is closed, with its locks
	key int64   // the write lock's key

	mu   sync.Mutex // one write of this process at a time
	conn *sql.Conn  // the session that holds the write lock, between writes kept open
}

// lockKey is the advisory lock key of a purpose in a schema.
func lockKey(purpose, schemaName string) int64 {
	h := fnv.New64a()
	h.Write([]byte("claimgraph\x00" + purpose + "\x00" + schemaName))
	return int64(h.Sum64())
}

// initPostgres creates Cayley's tables in the database unless they exist,
// under the init lock, and returns the store's locks.
func initPostgres(ctx context.Context, addr string) (*pgLocks, error) {
	db, err := sql.Open("postgres", addr)
	if err != nil {
		return nil, err
	}
	db.SetMaxIdleConns(0)
	fail := func(err error) (*pgLocks, error) {
		db.Close()
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fail(err)
	}
	defer conn.Close()
	var schemaName string
	if err := conn.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schemaName); err != nil {
		return fail(err)
	}
	initKey := lockKey("init", schemaName)
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, initKey); err != nil {
		return fail(err)
	}
	err = graph.InitQuadStore("postgres", addr, nil)
	if err == nil || errors.Is(err, graph.ErrDatabaseExists) {
		if cerr := createCounterTable(ctx, conn); cerr != nil {
			err = cerr
		}
	}
	if _, uerr := conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, initKey); uerr != nil && err == nil {
		err = uerr
	}
	if err != nil && !errors.Is(err, graph.ErrDatabaseExists) {
		return fail(err)
	}
	return &pgLocks{db: db, key: lockKey("write", schemaName)}, nil
}

// pgStoreReady says whether the database db holds the tables a
// claimgraph store is read from (Cayley's and claimgraph's own), so that
// a reader need not make them; ErrNoStore when it holds no store at all.
func pgStoreReady(ctx context.Context, db *sql.DB) (bool, error) {
	var have [5]sql.NullString
	err := db.QueryRowContext(ctx, `SELECT to_regclass('nodes')::text, to_regclass('quads')::text, to_regclass($1)::text, to_regclass($2)::text, to_regclass($3)::text`,
		counterTable, digestTable, evidenceTable).Scan(&have[0], &have[1], &have[2], &have[3], &have[4])
	if err != nil {
		return false, err
	}
	if !have[0].Valid && !have[1].Valid {
		return false, fmt.Errorf("%w: the database holds no claimgraph store yet (ingest some reports first)", ErrNoStore)
	}
	for _, h := range have {
		if !h.Valid {
			return false, nil // an older store: made up as a writer would
		}
	}
	return true, nil
}

// lock takes the write lock, waiting for other processes' writes, and
// returns its release.
func (l *pgLocks) lock(ctx context.Context) (unlock func(), err error) {
	l.mu.Lock()
	if l.conn == nil {
		if l.conn, err = l.db.Conn(ctx); err != nil {
			l.mu.Unlock()
			return nil, err
		}
		// the server notices a holder whose machine is gone within about
		// a minute, not the system's default two hours (settings that do
		// not apply, as over a Unix socket, are ignored)
		l.conn.ExecContext(ctx, `SET tcp_keepalives_idle = 30`)
		l.conn.ExecContext(ctx, `SET tcp_keepalives_interval = 10`)
		l.conn.ExecContext(ctx, `SET tcp_keepalives_count = 3`)
	}
	if _, err = l.conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, l.key); err != nil {
		l.drop() // whether it holds the lock is unknown: end the session
		l.mu.Unlock()
		return nil, fmt.Errorf("wait for the store's write lock: %w", err)
	}
	return func() {
		var released bool
		err := l.conn.QueryRowContext(context.Background(), `SELECT pg_advisory_unlock($1)`, l.key).Scan(&released)
		if err != nil || !released {
			l.drop()
		}
		l.mu.Unlock()
	}, nil
}

// drop ends the lock session, which frees what it holds.
func (l *pgLocks) drop() {
	if l.conn != nil {
		l.conn.Raw(func(any) error { return driver.ErrBadConn })
		l.conn.Close()
		l.conn = nil
	}
}

func (l *pgLocks) close() error {
	l.mu.Lock()
	l.drop()
	l.mu.Unlock()
	return l.db.Close()
}

// Put writes a batch of documents in one transaction: all of the batch
// lands or none of it. A document already stored (same text) is left
// alone; a document whose path was ingested before with other text
// replaces that earlier version. On PostgreSQL it holds the store's write
// lock while it plans and writes (see above).
func (s *Store) Put(ctx context.Context, batch []schema.Extraction) (schema.WriteResult, error) {
	return s.locked(ctx, func() (schema.WriteResult, error) { return s.put(ctx, batch) })
}

// Replace replaces the mentions of stored documents with the mentions of
// the batch (see replace), under the store's write lock on PostgreSQL.
func (s *Store) Replace(ctx context.Context, batch []schema.Extraction) (schema.WriteResult, error) {
	return s.locked(ctx, func() (schema.WriteResult, error) { return s.replace(ctx, batch) })
}

// Import reads N-Quads (or JSON-LD) and adds the quads that are not yet
// stored, in batches. It returns the number of quads read and added. On
// PostgreSQL it holds the store's write lock throughout, since it decides
// what to add by what is stored.
func (s *Store) Import(ctx context.Context, r io.Reader, format string) (read, added int, err error) {
	if s.pg != nil {
		unlock, err := s.pg.lock(ctx)
		if err != nil {
			return 0, 0, err
		}
		defer unlock()
	}
	return s.importQuads(ctx, r, format)
}

// locked runs a write under the store's write lock, when the backend has
// one, and runs it again when PostgreSQL refused it for a conflict with
// another transaction (a serialization failure, a deadlock, a duplicate
// key): planned again, it sees what the other wrote. Nothing of a refused
// attempt landed.
func (s *Store) locked(ctx context.Context, write func() (schema.WriteResult, error)) (schema.WriteResult, error) {
	if s.pg == nil {
		return write()
	}
	const attempts = 5
	var lastErr error
	for i := 0; i < attempts; i++ {
		if err := ctx.Err(); err != nil {
			return schema.WriteResult{}, err
		}
		unlock, err := s.pg.lock(ctx)
		if err != nil {
			return schema.WriteResult{}, err
		}
		res, err := write()
		unlock()
		if err == nil || !retryable(err) {
			return res, err
		}
		lastErr = err
		// what this process believed stored may not be: read it again
		s.labeled = map[string]bool{}
		select {
		case <-ctx.Done():
		case <-time.After(time.Duration(10+rand.Intn(40)) * time.Millisecond << i):
		}
	}
	return schema.WriteResult{}, fmt.Errorf("gave up after %d attempts: %w", attempts, lastErr)
}

// retryable reports whether PostgreSQL refused a transaction because of a
// concurrent one, so that it can be run again.
func retryable(err error) bool {
	var pe *pq.Error
	if errors.As(err, &pe) {
		switch pe.Code {
		case "40001", "40P01", "23505": // serialization failure, deadlock, duplicate key
			return true
		}
	}
	var de *graph.DeltaError
	return errors.As(err, &de) && errors.Is(de.Err, graph.ErrQuadExists)
}
