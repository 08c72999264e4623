package graph

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/lib/pq"

	"github.com/claimgraph/claimgraph/internal/pgtest"
	"github.com/claimgraph/claimgraph/schema"
)

// TestConcurrentPutPostgres writes overlapping documents through two
// stores open on one PostgreSQL database at once, as two processes would:
// both writes succeed, each document is added once, and the store equals
// one a single store wrote the union to — the same quads, the same
// counters, which equal a recount, and exact node reference counts.
func TestConcurrentPutPostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	terms := []schema.Term{{ID: "actor01", Kind: "actor", En: "One", Ar: "واحد"}, {ID: "pred02", Kind: "predicate", En: "two"}, {ID: "topic03", Kind: "topic", En: "three"}}
	docs := corpus(36)
	parts := [][]schema.Extraction{docs[:24], docs[12:]}

	ref, _ := pgSchemaStore(t, dsn, "single")
	ref.SetTerms(terms)
	for _, batch := range batches(docs, 4) {
		if _, err := ref.Put(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	want, wantQuads := checkCounters(t, ref, "single store"), sortedDump(t, ref)

	for round := 0; round < 2; round++ {
		first, db, addr := pgSchema(t, dsn, "conc")
		second, err := Open(ctx, Options{Backend: "postgres", Address: addr})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		added := make([]int, 2)
		errs := make([]error, 2)
		for i, s := range []*Store{first, second} {
			wg.Add(1)
			go func(i int, s *Store) {
				defer wg.Done()
				s.SetTerms(terms)
				part := parts[i]
				if round == 1 && i == 1 { // the other way through the overlap
					part = append([]schema.Extraction{}, part...)
					for l, r := 0, len(part)-1; l < r; l, r = l+1, r-1 {
						part[l], part[r] = part[r], part[l]
					}
				}
				for _, batch := range batches(part, 4) {
					res, err := s.Put(ctx, batch)
					if err != nil {
						errs[i] = err
						return
					}
					added[i] += res.Added
				}
			}(i, s)
		}
		wg.Wait()
		second.Close()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, store %d: %v", round, i, err)
			}
		}
		if added[0]+added[1] != len(docs) {
			t.Errorf("round %d: the stores added %d and %d documents; there are %d", round, added[0], added[1], len(docs))
		}
		got := checkCounters(t, first, "concurrent writers")
		if !reflect.DeepEqual(got, want) {
			t.Errorf("round %d: stats %+v, a single store %+v", round, got, want)
		}
		if q := sortedDump(t, first); q != wantQuads {
			t.Errorf("round %d: the quads differ from a single store's:%s", round, firstDiff(q, wantQuads))
		}
		if n := badRefs(t, db); n != 0 {
			t.Errorf("round %d: %d nodes with a wrong reference count", round, n)
		}
	}
}

// TestLockedRetriesConflicts: a write PostgreSQL refused for a conflict
// with another transaction is planned and run again, under the lock each
// time; other errors are returned at once.
func TestLockedRetriesConflicts(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	s, _ := pgSchemaStore(t, dsn, "retry")
	for _, c := range []struct {
		err   error
		calls int
		ok    bool
	}{
		{&pq.Error{Code: "40001"}, 2, true}, // serialization failure
		{&pq.Error{Code: "40P01"}, 2, true}, // deadlock
		{fmt.Errorf("write 3 quads: %w", &cgraph.DeltaError{Err: cgraph.ErrQuadExists}), 2, true},
		{&pq.Error{Code: "42P01"}, 1, false}, // no such table
		{errors.New("disk full"), 1, false},
	} {
		calls := 0
		s.labeled["x"] = true
		res, err := s.locked(ctx, func() (schema.WriteResult, error) {
			calls++
			if calls == 1 {
				return schema.WriteResult{}, c.err
			}
			return schema.WriteResult{Added: 1}, nil
		})
		if calls != c.calls || (err == nil) != c.ok || (c.ok && res.Added != 1) {
			t.Errorf("%v: %d calls, %+v, %v", c.err, calls, res, err)
		}
		if c.ok && s.labeled["x"] {
			t.Errorf("%v: a retry kept what the failed attempt believed stored", c.err)
		}
	}
	calls := 0
	_, err := s.locked(ctx, func() (schema.WriteResult, error) {
		calls++
		return schema.WriteResult{}, &pq.Error{Code: "40001"}
	})
	if calls != 5 || err == nil || !strings.Contains(err.Error(), "gave up after 5 attempts") {
		t.Errorf("a conflict every time: %d calls, %v", calls, err)
	}
}
