package web

import (
	"context"
	"sync"

	"github.com/claimgraph/claimgraph/graph"
)

// Lease shares one open store among the requests being served. With keep
// false (bolt) the store is closed when the last request using it ends,
// so that the server holds the store only while it reads and other
// processes (ingest, the other commands) can use it in between; with keep
// true (memstore, SQL backends) it stays open until Close.
type Lease struct {
	open func(context.Context) (*graph.Store, error)
	keep bool

	mu    sync.Mutex
	store *graph.Store
	users int
}

// NewLease returns a lease that opens the store with open.
func NewLease(open func(context.Context) (*graph.Store, error), keep bool) *Lease {
	return &Lease{open: open, keep: keep}
}

// Acquire returns the open store, opening it if no request holds it, and
// the function that gives it back.
func (l *Lease) Acquire(ctx context.Context) (*graph.Store, func(), error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.store == nil {
		s, err := l.open(ctx)
		if err != nil {
			return nil, nil, err
		}
		l.store = s
	}
	l.users++
	s := l.store
	var once sync.Once
	return s, func() { once.Do(l.release) }, nil
}

func (l *Lease) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.users--
	if l.users == 0 && !l.keep && l.store != nil {
		l.store.Close()
		l.store = nil
	}
}

// Open reports whether the lease holds the store open now.
func (l *Lease) Open() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.store != nil
}

// Close closes the store if it is open.
func (l *Lease) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.store == nil {
		return nil
	}
	err := l.store.Close()
	l.store = nil
	return err
}
