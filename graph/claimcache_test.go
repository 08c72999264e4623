package graph

import (
	"context"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/claimgraph/claimgraph/schema"
)

// TestClaimCacheFollowsWrites: a writer that keeps the claims' state
// quads in its cache writes the graph a writer reading them from the
// store writes, through additions, replacements that prune claims and
// polarity markers, and their return; every cached answer is the
// store's.
func TestClaimCacheFollowsWrites(t *testing.T) {
	ctx := context.Background()
	x := func(doc, pol string) schema.Mention {
		return mention(doc, "putin", "warn", "sanctions", pol, "kremlin", "call_2021_12_07", 1)
	}
	y := func(doc, pol string) schema.Mention {
		return mention(doc, "biden", "demand", "guarantees", pol, "white_house", "call_2021_12_07", 2)
	}
	steps := [][]schema.Extraction{
		{doc("a1", "/a", x("a1", schema.Positive), y("a1", schema.Negative)), doc("b1", "/b", x("b1", schema.Negative))},
		// a's new version: x's positive mention and y's negative one go
		// (their markers and direct edges with them), y is asserted
		{doc("a2", "/a", y("a2", schema.Positive))},
		// b's: x loses its last mention, and the claim goes
		{doc("b2", "/b", y("b2", schema.Positive))},
		// x comes back, with both polarities, in one batch
		{doc("a3", "/a", x("a3", schema.Positive)), doc("b3", "/b", x("b3", schema.Negative), y("b3", schema.Negative))},
	}
	all := func(s *Store) []string {
		it := s.qs.QuadsAllIterator()
		defer it.Close()
		var out []string
		for it.Next(ctx) {
			out = append(out, s.qs.Quad(it.Result()).String())
		}
		sort.Strings(out)
		return out
	}
	for _, backend := range []string{"bolt", "memstore"} {
		t.Run(backend, func(t *testing.T) {
			open := func(name string) *Store {
				o := Options{Backend: backend}
				if backend == "bolt" {
					o.Address = filepath.Join(t.TempDir(), name)
				}
				s, err := Open(ctx, o)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				return s
			}
			cached, plain := open("cached"), open("plain")
			if cached.claimState == nil {
				t.Fatal("the store's one writer keeps no cache of the claims' state")
			}
			plain.claimState = nil
			for i, batch := range steps {
				for _, s := range []*Store{cached, plain} {
					if _, err := s.Put(ctx, batch); err != nil {
						t.Fatal(err)
					}
				}
				if got, want := all(cached), all(plain); !reflect.DeepEqual(got, want) {
					t.Fatalf("step %d: the graphs differ:\n%v\nwant\n%v", i, got, want)
				}
				n := 0
				for cn, m := range cached.claimState.claims {
					for k, has := range m {
						n++
						if stored := cached.storeLookup(ctx, quad.Make(cn, k.p, k.o, nil)); stored != has {
							t.Errorf("step %d: %s %s %v: cached %v, stored %v", i, cn, k.p, k.o, has, stored)
						}
					}
				}
				if n == 0 {
					t.Fatalf("step %d: nothing cached", i)
				}
			}
			// a failed write empties the cache
			cached.claimState.applied(nil, false)
			if len(cached.claimState.claims) != 0 {
				t.Error("a failed write left the cache as it was")
			}
		})
	}
	dir := filepath.Join(t.TempDir(), "ro")
	s, err := Open(ctx, Options{Backend: "bolt", Address: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, steps[0]); err != nil {
		t.Fatal(err)
	}
	s.Close()
	r, err := Open(ctx, Options{Backend: "bolt", Address: dir, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.claimState != nil {
		t.Error("a read-only store keeps a cache of the claims' state")
	}
}
