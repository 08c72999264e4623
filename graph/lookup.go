package graph

import (
	"context"
	"slices"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/iterator"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"

	"github.com/claimgraph/claimgraph/schema"
)

// Document reads one stored document's metadata (not its text: Text reads
// it); ok is false when no document has that ID.
func (s *Store) Document(ctx context.Context, id string) (d schema.Document, ok bool, err error) {
	dn := docNode(id)
	p := s.props(ctx, dn, s.newNames())
	if len(p[pType]) == 0 {
		return d, false, ctx.Err()
	}
	d = schema.Document{
		ID: id, Name: first(p, pName), Path: first(p, pPath), Title: first(p, pTitle),
		URL: first(p, pURL), Outlet: first(p, pOutlet), Published: first(p, pPublished), Lang: first(p, pLang),
	}
	return d, true, ctx.Err()
}

// ClaimMentions lists the mentions of one claim, in the order of
// Mentions; none when no claim has that ID.
func (s *Store) ClaimMentions(ctx context.Context, claimID string) ([]schema.Mention, error) {
	return s.claimMentions(ctx, claimID, false)
}

// ClaimMentionsWithoutEvidence is ClaimMentions without the evidence texts,
// for a caller that shows some of them and reads theirs with FillEvidence.
func (s *Store) ClaimMentionsWithoutEvidence(ctx context.Context, claimID string) ([]schema.Mention, error) {
	return s.claimMentions(ctx, claimID, true)
}

func (s *Store) claimMentions(ctx context.Context, claimID string, lean bool) ([]schema.Mention, error) {
	r := s.newMentionReader()
	cn := claimNode(claimID)
	var out []schema.Mention
	var c *schema.Claim
	for _, mn := range s.subjectsWith(ctx, pClaim, cn) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if c == nil {
			cc := r.claim(ctx, cn)
			c = &cc
		}
		out = append(out, r.mention(ctx, mn, s.readProps(ctx, mn, r.nm, lean), cn, *c))
	}
	SortMentions(out)
	return out, ctx.Err()
}

// HasEvent reports whether some claim of the store is about the event.
func (s *Store) HasEvent(ctx context.Context, event string) bool {
	ref := s.qs.ValueOf(IRI(event))
	pref := s.qs.ValueOf(pEvent)
	if ref == nil || pref == nil {
		return false
	}
	pkey := graph.ToKey(pref)
	it := s.qs.QuadIterator(quad.Object, ref)
	defer it.Close()
	for it.Next(ctx) {
		if p := s.qs.QuadDirection(it.Result(), quad.Predicate); p != nil && graph.ToKey(p) == pkey {
			return true
		}
	}
	return false
}

// indexScan iterates the quads of a KV store (bolt) whose values in the
// directions dirs are refs (one each, in order), by the one Cayley index on
// exactly those directions: a single key range, without planning a shape.
// ok is false for another backend or a store without that index.
func (s *Store) indexScan(dirs []quad.Direction, refs ...graph.Ref) (graph.Iterator, bool) {
	kq, ok := s.qs.(*ckv.QuadStore)
	if !ok || len(refs) != len(dirs) {
		return nil, false
	}
	for _, ind := range ckv.DefaultQuadIndexes {
		if !slices.Equal(ind.Dirs, dirs) {
			continue
		}
		vals := make([]uint64, len(refs))
		for i, r := range refs {
			v, ok := r.(ckv.Int64Value)
			if !ok {
				return iterator.NewNull(), true // a value not stored: no such quad
			}
			vals[i] = uint64(v)
		}
		return ckv.IndexScan{Index: ind, Values: vals}.BuildIterator(kq), true
	}
	return nil, false
}
