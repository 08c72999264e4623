package graph

import (
	"strings"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// A write looks up, for each claim a batch adds mentions to, whether the
// claim's type quad and the marker of the mention's polarity are stored.
// In a long ingest the same claims come back batch after batch, and each
// lookup reads a few pages all over a large file; a store that only this
// process writes (bolt, which a writer holds alone, and memstore) keeps
// the answers, and every write that adds or removes one of those quads
// sets it in the cache as it commits. A write that fails empties the
// cache: what it left behind is not known.

// claimCacheMax bounds the claims the cache holds; past it, it starts
// over.
const claimCacheMax = 1 << 20

// claimCache holds, per claim node, whether its quads of claim state (its
// type quad, its polarity markers) are stored.
type claimCache struct {
	mu     sync.Mutex
	claims map[quad.IRI]map[stateKey]bool
}

// stateKey is one quad of a claim's state: its predicate and object.
type stateKey struct {
	p quad.IRI
	o quad.Value
}

// stateQuad says whether q is a quad of claim state, and its key.
func stateQuad(q quad.Quad) (quad.IRI, stateKey, bool) {
	if q.Label != nil || (q.Predicate != pType && q.Predicate != pHasPolarity) {
		return "", stateKey{}, false
	}
	cn, ok := q.Subject.(quad.IRI)
	if !ok || !strings.HasPrefix(string(cn), Prefix+"claim/") {
		return "", stateKey{}, false
	}
	p, _ := q.Predicate.(quad.IRI)
	return cn, stateKey{p, q.Object}, true
}

// get says whether q is stored, when the cache knows.
func (c *claimCache) get(q quad.Quad) (has, known bool) {
	if c == nil {
		return false, false
	}
	cn, k, ok := stateQuad(q)
	if !ok {
		return false, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	has, known = c.claims[cn][k]
	return has, known
}

// set records whether q, a quad of claim state, is stored.
func (c *claimCache) set(q quad.Quad, has bool) {
	if c == nil {
		return
	}
	cn, k, ok := stateQuad(q)
	if !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.put(cn, k, has)
}

func (c *claimCache) put(cn quad.IRI, k stateKey, has bool) {
	m := c.claims[cn]
	if m == nil {
		if len(c.claims) >= claimCacheMax {
			c.claims = map[quad.IRI]map[stateKey]bool{}
		}
		m = map[stateKey]bool{}
		c.claims[cn] = m
	}
	m[k] = has
}

// applied brings the cache up to date with a write of deltas that all
// add or all remove quads; ok says whether the write committed.
func (c *claimCache) applied(ds []graph.Delta, ok bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !ok {
		c.claims = map[quad.IRI]map[stateKey]bool{}
		return
	}
	for _, d := range ds {
		if cn, k, isState := stateQuad(d.Quad); isState {
			c.put(cn, k, d.Action == graph.Add)
		}
	}
}

func newClaimCache() *claimCache {
	return &claimCache{claims: map[quad.IRI]map[stateKey]bool{}}
}
