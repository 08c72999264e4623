package web

import (
	"strings"
	"sync"

	"github.com/claimgraph/claimgraph/schema"
)

// cacheBudget bounds the mentions the cached results hold in all: the
// claims list of a 20,000-report store (about 460,000 mentions without
// their evidence, some 200 MB) fits; the analyses keep a few mentions a
// side.
const cacheBudget = 600_000

// cache keeps the latest analysis results for as long as the store is
// unchanged (its version, such as the bolt file's size and time, is the
// same), so that paging through a result or coming back to it does not
// read the store again.
type cache struct {
	version func() string // "" never caches
	max     int

	mu      sync.Mutex
	at      string
	entries map[string]any
	order   []string
	weight  int // mentions held
}

func newCache(version func() string, max int) *cache {
	return &cache{version: version, max: max, entries: map[string]any{}}
}

// get returns the result stored under key, computing it with fn when the
// store changed since or it is not stored. Errors are not stored.
func get[T any](c *cache, key []string, fn func() (T, error)) (T, error) {
	v := ""
	if c != nil && c.version != nil {
		v = c.version()
	}
	if v == "" {
		return fn()
	}
	k := strings.Join(key, "\x00")
	c.mu.Lock()
	if c.at != v {
		c.at, c.entries, c.order, c.weight = v, map[string]any{}, nil, 0
	}
	if x, ok := c.entries[k].(T); ok {
		c.mu.Unlock()
		return x, nil
	}
	c.mu.Unlock()
	x, err := fn()
	if err != nil {
		return x, err
	}
	w := weight(x)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; ok || c.at != v || w > cacheBudget {
		return x, nil
	}
	c.order = append(c.order, k)
	c.entries[k] = x
	c.weight += w
	for len(c.order) > c.max || c.weight > cacheBudget {
		c.weight -= weight(c.entries[c.order[0]])
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
	return x, nil
}

// peek returns the result stored under key, if there is one for the
// store as it is now, without computing it.
func peek[T any](c *cache, key []string) (T, bool) {
	var zero T
	if c == nil || c.version == nil {
		return zero, false
	}
	v := c.version()
	c.mu.Lock()
	defer c.mu.Unlock()
	if v == "" || c.at != v {
		return zero, false
	}
	x, ok := c.entries[strings.Join(key, "\x00")].(T)
	return x, ok
}

// weight is how many mentions a result holds.
func weight(x any) int {
	n := 0
	switch v := x.(type) {
	case []schema.Mention:
		n = len(v)
	case contradictionList:
		for _, c := range v.cs {
			n += len(c.Sides[0]) + len(c.Sides[1])
		}
	case []schema.Contradiction:
		for _, c := range v {
			n += len(c.Sides[0]) + len(c.Sides[1])
		}
	case []schema.Shift:
		for _, s := range v {
			n += len(s.From) + len(s.To)
		}
	case []schema.Position:
		for _, p := range v {
			n += len(p.Mentions)
		}
	}
	return n + 1
}
