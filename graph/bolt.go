package graph

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"
)

// boltStore is a bolt file opened through Cayley's KV quad store, with
// claimgraph's counters in a bucket of their own that every write
// transaction updates together with its quads.
//
// It opens bolt itself rather than through Cayley's registry, which opens
// every store for writing (an exclusive lock; no read-only files) and
// keeps no handle to the file. The store is opened without Cayley's bloom
// filters: they are sized for 100 M quads whatever the store (four of
// ~78 MB each) and rebuilt by reading the whole store on every open.
// Without them a write looks up the index keys of quads whose nodes all
// exist already; claimgraph's quads mostly have a new node (a mention, a
// document, a claim), which Cayley knows makes the quad new.
type boltStore struct {
	qs       graph.QuadStore
	kv       *boltKV
	readOnly bool
	// layout is the layout of the copy of the evidence, an earlier one
	// when a read-only store finds one (see evidence.go)
	layout atomic.Int32
}

// boltOptions are the Cayley options of every bolt store.
var boltOptions = graph.Options{ckv.OptNoBloom: true}

// counterBucket holds claimgraph's counters in the bolt file; its key
// counterValid says they are kept (stores written before were not).
var (
	counterBucket = []byte("claimgraph_counters")
	counterValid  = "-valid"
)

func openBolt(ctx context.Context, o Options) (*boltStore, error) {
	file := filepath.Join(o.Address, "indexes.bolt")
	if _, err := os.Stat(file); os.IsNotExist(err) {
		if o.ReadOnly || o.MustExist {
			return nil, fmt.Errorf("%w: %s (ingest some reports first, or point --db at a store)", ErrNoStore, o.Address)
		}
		if entries, _ := os.ReadDir(o.Address); len(entries) > 0 {
			return nil, fmt.Errorf("%s holds other files and no store: give --db a new or empty directory, or a store", o.Address)
		}
	}
	if !o.ReadOnly {
		if err := os.MkdirAll(o.Address, 0o755); err != nil {
			return nil, fmt.Errorf("create store directory %s: %w", o.Address, err)
		}
	}
	if err := waitLock(ctx, file, !o.ReadOnly, o.Wait); err != nil {
		return nil, fmt.Errorf("open store %s: %w", o.Address, err)
	}
	// the lock was free a moment ago; a process taking it in between
	// makes bolt wait, for a while
	db, err := hbolt.Open(file, &bolt.Options{ReadOnly: o.ReadOnly, Timeout: time.Second + o.Wait})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("open store %s: %w", o.Address, lockedError(o.Wait))
	}
	if err != nil {
		return nil, fmt.Errorf("open bolt store %s: %w", o.Address, err)
	}
	b := &boltStore{kv: &boltKV{KV: db}, readOnly: o.ReadOnly}
	if !o.ReadOnly {
		if err := ckv.Init(b.kv, boltOptions); err != nil && !errors.Is(err, graph.ErrDatabaseExists) {
			db.Close()
			return nil, fmt.Errorf("initialize bolt store %s: %w", o.Address, err)
		}
	}
	b.qs, err = ckv.New(b.kv, boltOptions)
	if err != nil {
		db.Close()
		if errors.Is(err, graph.ErrNotInitialized) {
			return nil, fmt.Errorf("%w: %s holds no claimgraph store yet (ingest some reports first)", ErrNoStore, o.Address)
		}
		return nil, fmt.Errorf("open bolt store %s: %w", o.Address, err)
	}
	return b, nil
}

// boltKV hands the staged counter, digest and evidence changes to the next write
// transaction, which commits them with its quads.
type boltKV struct {
	hkv.KV
	staged   map[string]int64
	digests  []digestChange
	evidence []evidenceChange
}

func (k *boltKV) Tx(rw bool) (hkv.Tx, error) {
	tx, err := k.KV.Tx(rw)
	if err != nil || !rw || (k.staged == nil && k.digests == nil && k.evidence == nil) {
		return tx, err
	}
	t := &countingTx{Tx: tx, delta: k.staged, digests: k.digests, evidence: k.evidence}
	k.staged, k.digests, k.evidence = nil, nil, nil
	return t, nil
}

// countingTx adds its counter, digest and evidence changes just before it
// commits.
type countingTx struct {
	hkv.Tx
	delta    map[string]int64
	digests  []digestChange
	evidence []evidenceChange
}

func (t *countingTx) Commit(ctx context.Context) error {
	err := addCounters(ctx, t.Tx, t.delta)
	var removed map[string]bool
	if err == nil {
		removed, err = applyDigests(ctx, t.Tx, t.digests)
	}
	if err == nil {
		err = applyLean(ctx, t.Tx, t.digests, removed)
	}
	if err == nil {
		err = applyEvidence(ctx, t.Tx, t.evidence)
	}
	if err != nil {
		t.Tx.Close()
		return err
	}
	return t.Tx.Commit(ctx)
}

// digestBucket keeps a copy of each document's digest (its cg:digest
// quad), by document ID, written in the transaction that writes the quad:
// the analyses read the digests with one scan of it instead of three
// lookups per document in Cayley's indexes.
var digestBucket = []byte("claimgraph_digests")

// digestChange is a digest quad a write adds or removes.
type digestChange struct {
	doc, digest string
	removed     bool
}

// digestChanges lists the digest quads among a write's quads.
func digestChanges(qs []quad.Quad, removed bool) []digestChange {
	var out []digestChange
	for _, q := range qs {
		if q.Predicate != pDigest || q.Label != nil {
			continue
		}
		if dn, ok := q.Subject.(quad.IRI); ok && strings.HasPrefix(string(dn), Prefix+"doc/") {
			out = append(out, digestChange{doc: string(dn)[len(Prefix+"doc/"):], digest: ID(q.Object), removed: removed})
		}
	}
	return out
}

// applyDigests writes a write's digest changes, and says which documents'
// digests it removed.
func applyDigests(ctx context.Context, tx hkv.Tx, cs []digestChange) (map[string]bool, error) {
	removed := map[string]bool{}
	for _, c := range cs {
		k := hkv.Key{digestBucket, []byte(c.doc)}
		if !c.removed {
			if err := tx.Put(k, []byte(c.digest)); err != nil {
				return nil, fmt.Errorf("write the digest of document %s: %w", c.doc, err)
			}
			continue
		}
		// a replacement adds the new digest before it removes the old
		v, err := tx.Get(ctx, k)
		if err != nil && !errors.Is(err, hkv.ErrNotFound) {
			return nil, fmt.Errorf("read the digest of document %s: %w", c.doc, err)
		}
		if err == nil && string(v) == c.digest {
			if err := tx.Del(k); err != nil {
				return nil, fmt.Errorf("remove the digest of document %s: %w", c.doc, err)
			}
			removed[c.doc] = true
		}
	}
	return removed, nil
}

func (b *boltStore) stageDigests(cs []digestChange) { b.kv.digests = cs }

// eachDigest calls fn with each document's digest from the bucket, and
// returns how many there were.
func (b *boltStore) eachDigest(ctx context.Context, fn func(doc, digest string) error) (int, error) {
	tx, err := b.kv.KV.Tx(false)
	if err != nil {
		return 0, err
	}
	defer tx.Close()
	n := 0
	it := tx.Scan(hkv.Key{digestBucket})
	defer it.Close()
	for it.Next(ctx) {
		k := it.Key()
		if err := fn(string(k[len(k)-1]), string(it.Val())); err != nil {
			return n, err
		}
		n++
	}
	return n, it.Err()
}

func counterKey(name string) hkv.Key { return hkv.Key{counterBucket, []byte(name)} }

func addCounters(ctx context.Context, tx hkv.Tx, delta map[string]int64) error {
	for name, d := range delta {
		if d == 0 {
			continue
		}
		k := counterKey(name)
		var n int64
		v, err := tx.Get(ctx, k)
		switch {
		case err == nil && len(v) == 8:
			n = int64(binary.LittleEndian.Uint64(v))
		case err != nil && !errors.Is(err, hkv.ErrNotFound):
			return fmt.Errorf("read counter %s: %w", name, err)
		}
		n += d
		if n == 0 {
			if err := tx.Del(k); err != nil {
				return fmt.Errorf("write counter %s: %w", name, err)
			}
			continue
		}
		buf := make([]byte, 8)
		binary.LittleEndian.PutUint64(buf, uint64(n))
		if err := tx.Put(k, buf); err != nil {
			return fmt.Errorf("write counter %s: %w", name, err)
		}
	}
	return nil
}

func (b *boltStore) load(ctx context.Context) (map[string]int64, bool, error) {
	tx, err := b.kv.KV.Tx(false)
	if err != nil {
		return nil, false, err
	}
	defer tx.Close()
	if _, err := tx.Get(ctx, counterKey(counterValid)); errors.Is(err, hkv.ErrNotFound) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	out := map[string]int64{}
	it := tx.Scan(hkv.Key{counterBucket})
	defer it.Close()
	for it.Next(ctx) {
		k := it.Key()
		name := string(k[len(k)-1])
		if v := it.Val(); !strings.HasPrefix(name, "-") && len(v) == 8 {
			out[name] = int64(binary.LittleEndian.Uint64(v))
		}
	}
	return out, true, it.Err()
}

func (b *boltStore) stage(delta map[string]int64) { b.kv.staged = delta }

func (b *boltStore) done(bool) { b.kv.staged, b.kv.digests, b.kv.evidence = nil, nil, nil }

func (b *boltStore) reset(ctx context.Context, all map[string]int64) error {
	return hkv.Update(ctx, b.kv.KV, func(tx hkv.Tx) error {
		var old []hkv.Key
		it := tx.Scan(hkv.Key{counterBucket})
		for it.Next(ctx) {
			old = append(old, it.Key().Clone())
		}
		err := it.Err()
		it.Close()
		if err != nil {
			return err
		}
		for _, k := range old {
			if err := tx.Del(k); err != nil {
				return err
			}
		}
		if err := addCounters(ctx, tx, all); err != nil {
			return err
		}
		return tx.Put(counterKey(counterValid), []byte{1})
	})
}
