package graph

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"
)

// heapWhileOpen returns the live heap an open writable bolt store holds.
func heapWhileOpen(t *testing.T, dir string) uint64 {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s, err := Open(context.Background(), Options{Backend: "bolt", Address: dir})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	s.Close()
	if after.HeapAlloc < before.HeapAlloc {
		return 0
	}
	return after.HeapAlloc - before.HeapAlloc
}

// TestOpenHoldsLittleMemory: opening a store for writing, empty or not,
// allocates no bloom filters (Cayley's are ~78 MB each, four of them on
// an empty store).
func TestOpenHoldsLittleMemory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	if n := heapWhileOpen(t, dir); n > 16<<20 {
		t.Errorf("an open empty store holds %d MB", n>>20)
	}
	s, err := Open(context.Background(), Options{Backend: "bolt", Address: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(context.Background(), synthetic(20, 5)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if n := heapWhileOpen(t, dir); n > 16<<20 {
		t.Errorf("an open store holds %d MB", n>>20)
	}
}
