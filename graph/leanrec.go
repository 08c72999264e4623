package graph

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	hkv "github.com/hidal-go/hidalgo/kv"
)

// A bolt store keeps, next to each document's digest, a lean record of
// it: what the analyses decide on, in a few bytes a mention, with the
// claims' fields in a bucket of their own that every record refers to by
// claim ID. Reading every document's record touches a fifth of the pages
// reading every digest does, and on a store of millions of quads the
// first touch of each page of the file is most of the cost. The record
// is made from the digest, in the transaction that writes the digest,
// and points at the digest's line of each mention, which the analyses
// read for the mentions they return.
//
// Record (version 2): the byte 'L', 2, then uvarint-prefixed strings and
// uvarints:
//
//	name  nstrings string…  nclaims claimID…  nmentions mention…
//	mention = claim(index) polarity(string index) source(string index)
//	          lang(string index) sentence approx(0|1) line(0 the first mention's)
//
// The mentions are in the order of Mentions; a reader needs their IDs
// only to order the mentions of two documents of one name, and reads
// them from the digests then.
var (
	leanBucket  = []byte("claimgraph_lean")
	claimBucket = []byte("claimgraph_claims")
)

const leanVersion = 2

// leanKept, a key of the counters' bucket, says every document's lean
// record is kept, and its value in which version: a store written before
// they were (or with another version) has none to read until it is next
// opened for writing.
const leanKept = "-lean"

// errLeanIncomplete ends a rebuild of the lean records of a store some of
// whose documents have no digest yet.
var errLeanIncomplete = errors.New("a document has no digest")

// ensureLean makes the lean records of every document from its digest,
// when the store has not kept them. Documents written before digests
// were kept get theirs when ingested again; until then, the analyses read
// the digests or the quads.
func (b *boltStore) ensureLean(ctx context.Context) error {
	c, kept, err := b.load(ctx)
	if err != nil || !kept {
		return err
	}
	err = hkv.Update(ctx, b.kv.KV, func(tx hkv.Tx) error {
		if v, err := tx.Get(ctx, counterKey(leanKept)); err == nil && string(v) == string([]byte{leanVersion}) {
			return nil
		} else if err != nil && !errors.Is(err, hkv.ErrNotFound) {
			return err
		}
		var cs []digestChange
		it := tx.Scan(hkv.Key{digestBucket})
		for it.Next(ctx) {
			k := it.Key()
			cs = append(cs, digestChange{doc: string(k[len(k)-1]), digest: string(it.Val())})
		}
		err := it.Err()
		it.Close()
		if err != nil {
			return err
		}
		if int64(len(cs)) != c[cDocuments] {
			return errLeanIncomplete
		}
		if err := applyLean(ctx, tx, cs, nil); err != nil {
			return err
		}
		return tx.Put(counterKey(leanKept), []byte{leanVersion})
	})
	if errors.Is(err, errLeanIncomplete) {
		return nil
	}
	return err
}

// leanRecord makes the lean record of a document's digest, and lists its
// claims' fields (as the digest writes them, tab-separated) by claim ID.
// The mentions are listed in the order of Mentions, so that a reader
// needs neither to sort them nor their IDs.
func leanRecord(doc, digest string) ([]byte, map[string]string, error) {
	name, body, err := digestHead(doc, digest)
	if err != nil {
		return nil, nil, err
	}
	strs := map[string]int{}
	var strList []string
	str := func(s string) int {
		i, ok := strs[s]
		if !ok {
			i = len(strList)
			strs[s] = i
			strList = append(strList, s)
		}
		return i
	}
	claimIdx := map[string]int{}
	var claimList []string
	claims := map[string]string{}
	type rec struct {
		id, pred, subject, object             string
		claim, pol, src, lang, sentence, line int
		approx                                bool
	}
	var ms []rec
	err = eachDigestLine(doc, body, func(n int, f *[digestFields]string) error {
		c, ok := claimIdx[f[1]]
		if !ok {
			c = len(claimList)
			claimIdx[f[1]] = c
			claimList = append(claimList, f[1])
			claims[f[1]] = strings.Join(f[11:], "\t")
		}
		sentence, err := strconv.Atoi(f[4])
		if err != nil || sentence < 0 {
			return fmt.Errorf("document %s: digest line %d: sentence %q", doc, n+2, f[4])
		}
		ms = append(ms, rec{id: f[0], pred: unescapeField(f[12]), subject: unescapeField(f[11]), object: unescapeField(f[13]),
			claim: c, pol: str(f[2]), src: str(f[3]), lang: str(f[10]), sentence: sentence, line: n, approx: f[9] == "1"})
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	slices.SortStableFunc(ms, func(a, b rec) int {
		return cmp.Or(a.sentence-b.sentence, strings.Compare(a.pred, b.pred), strings.Compare(a.subject, b.subject),
			strings.Compare(a.object, b.object), strings.Compare(a.id, b.id))
	})
	b := make([]byte, 0, 64+len(claimList)*17+len(ms)*8)
	b = append(b, 'L', leanVersion)
	putStr := func(s string) { b = binary.AppendUvarint(b, uint64(len(s))); b = append(b, s...) }
	putInt := func(i int) { b = binary.AppendUvarint(b, uint64(i)) }
	putStr(name)
	putInt(len(strList))
	for _, s := range strList {
		putStr(s)
	}
	putInt(len(claimList))
	for _, s := range claimList {
		putStr(s)
	}
	putInt(len(ms))
	for _, m := range ms {
		putInt(m.claim)
		putInt(m.pol)
		putInt(m.src)
		putInt(m.lang)
		putInt(m.sentence)
		if m.approx {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		putInt(m.line)
	}
	return b, claims, nil
}

// leanReader reads lean records; the strings it returns are its own, not
// the record's, which lives only as long as its transaction.
type leanReader struct {
	b   []byte
	err error
}

func (r *leanReader) int() int {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > 1<<31 {
		r.err, r.b = errors.New("a lean record is cut short"), nil
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

// raw is the next string, as bytes of the record.
func (r *leanReader) raw() []byte {
	n := r.int()
	if n > len(r.b) {
		r.err, r.b = errors.New("a lean record is cut short"), nil
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

// applyLean writes the lean records of a write's digest changes, and the
// claims they name, in the write's transaction: an added digest's record
// replaces the document's; a removed digest's record goes if the digest
// was still the document's (applyDigests tells).
func applyLean(ctx context.Context, tx hkv.Tx, cs []digestChange, removed map[string]bool) error {
	for _, c := range cs {
		k := hkv.Key{leanBucket, []byte(c.doc)}
		if c.removed {
			if removed[c.doc] {
				if err := tx.Del(k); err != nil {
					return fmt.Errorf("remove the lean record of document %s: %w", c.doc, err)
				}
			}
			continue
		}
		rec, claims, err := leanRecord(c.doc, c.digest)
		if err != nil {
			return err
		}
		if err := tx.Put(k, rec); err != nil {
			return fmt.Errorf("write the lean record of document %s: %w", c.doc, err)
		}
		if err := putClaims(ctx, tx, claims); err != nil {
			return err
		}
	}
	return nil
}

// putClaims adds the claims a store does not hold yet to the claims'
// bucket. A claim's fields are those its ID is the hash of: a claim held
// is never rewritten, and one no mention names any more is left, as
// harmless as a word in a dictionary.
func putClaims(ctx context.Context, tx hkv.Tx, claims map[string]string) error {
	for id, fields := range claims {
		k := hkv.Key{claimBucket, []byte(id)}
		if _, err := tx.Get(ctx, k); err == nil {
			continue
		} else if !errors.Is(err, hkv.ErrNotFound) {
			return fmt.Errorf("read claim %s: %w", id, err)
		}
		if err := tx.Put(k, []byte(fields)); err != nil {
			return fmt.Errorf("write claim %s: %w", id, err)
		}
	}
	return nil
}

// eachLean reads every lean record into set by r, and says how many
// records there were; ok is false when a record names a claim the
// claims' bucket does not hold.
func (b *boltStore) eachLean(ctx context.Context, set *mset, r *digestReader, keep func([]lean)) (n int, ok bool, err error) {
	tx, err := b.kv.KV.Tx(false)
	if err != nil {
		return 0, false, err
	}
	defer tx.Close()
	if v, err := tx.Get(ctx, counterKey(leanKept)); errors.Is(err, hkv.ErrNotFound) || (err == nil && string(v) != string([]byte{leanVersion})) {
		return 0, false, nil // not kept, or of another version
	} else if err != nil {
		return 0, false, err
	}
	// the claims, by ID
	it := tx.Scan(hkv.Key{claimBucket})
	var f [digestFields]string
	for it.Next(ctx) {
		k := it.Key()
		id := string(k[len(k)-1])
		if !splitFields(string(it.Val()), f[11:]) {
			it.Close()
			return 0, false, fmt.Errorf("claim %s: a stored claim of the wrong shape", id)
		}
		r.claim(set, id, f[:])
		// the claims the filter leaves out are met too: a record naming a
		// claim the bucket lacks is told from one the filter drops
	}
	it.Close()
	if err := it.Err(); err != nil {
		return 0, false, err
	}
	// the records, decoded by a few workers as the scan reads them, each
	// into a part of its own; the parts are merged after
	type job struct {
		doc string
		rec []byte // valid while tx is open
	}
	type part struct {
		set  mset
		r    *digestReader
		docs [][]lean
		n    int
		bad  bool // a record names a claim the bucket lacks
		err  error
	}
	parts := make([]*part, min(runtime.GOMAXPROCS(0), 4))
	jobs := make(chan []job, 2*len(parts))
	var wg sync.WaitGroup
	for w := range parts {
		p := &part{r: r.fork()}
		parts[w] = p
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range jobs {
				for _, j := range batch {
					if p.bad || p.err != nil {
						break // drain
					}
					ls, ok, err := p.r.readLean(&p.set, j.doc, j.rec)
					p.bad, p.err = !ok, err
					if len(ls) > 0 {
						p.docs = append(p.docs, ls)
					}
					p.n++
				}
			}
		}()
	}
	it = tx.Scan(hkv.Key{leanBucket})
	var batch []job
	for it.Next(ctx) {
		k := it.Key()
		batch = append(batch, job{string(k[len(k)-1]), it.Val()})
		if len(batch) == 256 {
			if err = ctx.Err(); err != nil {
				break
			}
			jobs <- batch
			batch = nil
		}
	}
	if len(batch) > 0 && err == nil {
		jobs <- batch
	}
	close(jobs)
	wg.Wait()
	err = cmp.Or(err, it.Err())
	it.Close()
	if err != nil {
		return 0, false, err
	}
	srcs := map[string]int32{}
	for _, p := range parts {
		if p.err != nil || p.bad {
			return 0, false, p.err
		}
		remap := make([]int32, len(p.set.sources))
		for i, src := range p.set.sources {
			g, ok := srcs[src]
			if !ok {
				g = int32(len(set.sources))
				set.sources = append(set.sources, src)
				srcs[src] = g
			}
			remap[i] = g
		}
		for _, ls := range p.docs {
			d := p.set.dtab[ls[0].doc]
			nd := set.newDoc(d.id, d.name, d.digest, r.names)
			for i := range ls {
				ls[i].doc, ls[i].src = nd, remap[ls[i].src]
			}
			keep(ls)
		}
		n += p.n
	}
	return n, true, nil
}

// fork is a reader of the same filter and claims, for another goroutine:
// the claims are only read.
func (r *digestReader) fork() *digestReader {
	f := newDigestReader(r.f)
	f.claims, f.hexClaims = r.claims, r.hexClaims
	return f
}

// readLean reads the lean record of document doc: its mentions that pass
// the filter, in the order of Mentions but for their IDs, which it leaves
// empty. ok is false when it names a claim the reader has not met.
func (r *digestReader) readLean(set *mset, doc string, rec []byte) ([]lean, bool, error) {
	if len(rec) < 2 || rec[0] != 'L' || rec[1] != leanVersion {
		return nil, false, fmt.Errorf("document %s: a lean record of an unknown version", doc)
	}
	lr := leanReader{b: rec[2:]}
	name := unescapeField(string(lr.raw()))
	if r.byDoc && !r.docMatch(doc, name) {
		return nil, true, nil
	}
	d := set.newDoc(doc, name, "", r.names)
	// the record's tables, in the reader's scratch space: none outlives
	// the record
	strs := r.strs[:0]
	for range lr.int() {
		strs = append(strs, lr.raw())
	}
	claims := r.claimRefs[:0]
	for range lr.int() {
		id := lr.raw()
		c := r.lookup(id)
		if c == nil && lr.err == nil {
			return nil, false, nil
		}
		claims = append(claims, c)
	}
	r.strs, r.claimRefs = strs, claims
	n := lr.int()
	if lr.err != nil {
		return nil, false, fmt.Errorf("document %s: %w", doc, lr.err)
	}
	// each string's polarity or source, as the set numbers them
	pols, srcs := r.polRefs[:0], r.srcRefs[:0]
	for range strs {
		pols, srcs = append(pols, -1), append(srcs, -1)
	}
	r.polRefs, r.srcRefs = pols, srcs
	// the mentions go into the reader's arena, a few allocations for all
	if cap(r.arena)-len(r.arena) < n {
		r.arena = make([]lean, 0, max(n, 1<<14))
	}
	out := r.arena[len(r.arena):len(r.arena)]
	for range n {
		ci, pi, si, li := lr.int(), lr.int(), lr.int(), lr.int()
		sentence := lr.int()
		var approx bool
		if len(lr.b) > 0 {
			approx, lr.b = lr.b[0] == 1, lr.b[1:]
		}
		line := lr.int()
		if lr.err != nil || ci >= len(claims) || pi >= len(strs) || si >= len(strs) || li >= len(strs) {
			return nil, false, fmt.Errorf("document %s: a lean record out of shape", doc)
		}
		c := claims[ci]
		if !c.keep || (r.mentionFilter && !r.keepMention(string(strs[pi]), string(strs[si]), string(strs[li]))) {
			continue
		}
		if pols[pi] < 0 {
			pols[pi] = int16(polCode(string(strs[pi])))
		}
		if srcs[si] < 0 {
			srcs[si] = r.source(set, string(strs[si]))
		}
		out = append(out, lean{c: c.ix, doc: d, pol: uint8(pols[pi]), src: srcs[si], sentence: int32(sentence), at: int32(line), approx: approx})
	}
	r.arena = r.arena[:len(r.arena)+len(out)]
	return out, true, nil
}
