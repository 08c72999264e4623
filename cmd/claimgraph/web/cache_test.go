package web

import (
	"errors"
	"testing"

	"github.com/claimgraph/claimgraph/schema"
)

func TestCache(t *testing.T) {
	version := "1"
	c := newCache(func() string { return version }, 2)
	calls := 0
	read := func(n int) func() ([]schema.Mention, error) {
		return func() ([]schema.Mention, error) { calls++; return make([]schema.Mention, n), nil }
	}
	steps := []struct {
		name    string
		key     string
		version string
		n       int
		calls   int // reads of the store so far
	}{
		{"first read", "a", "1", 3, 1},
		{"same key, same store", "a", "1", 3, 1},
		{"other key", "b", "1", 3, 2},
		{"a third key evicts the first", "c", "1", 3, 3},
		{"the first is read again", "a", "1", 3, 4},
		{"the store changed", "a", "2", 3, 5},
		{"too big to keep", "big", "2", cacheBudget + 1, 6},
		{"so it is read again", "big", "2", cacheBudget + 1, 7},
	}
	for _, s := range steps {
		version = s.version
		ms, err := get(c, []string{s.key}, read(s.n))
		if err != nil || len(ms) != s.n || calls != s.calls {
			t.Errorf("%s: %d mentions, %d reads, %v; want %d, %d", s.name, len(ms), calls, err, s.n, s.calls)
		}
	}
	// errors are not kept
	fail := errors.New("boom")
	if _, err := get(c, []string{"e"}, func() (int, error) { return 0, fail }); err != fail {
		t.Fatal(err)
	}
	if _, err := get(c, []string{"e"}, func() (int, error) { return 1, nil }); err != nil {
		t.Fatal(err)
	}
	// no version, no cache
	c = newCache(nil, 2)
	calls = 0
	get(c, []string{"a"}, read(1))
	get(c, []string{"a"}, read(1))
	if calls != 2 {
		t.Errorf("without a version: %d reads, want 2", calls)
	}
}
