package graph

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
	"github.com/lib/pq"

	"github.com/claimgraph/claimgraph/schema"
)

// The evidence of a mention is two quads on its node, pEvidence (the
// sentence, tagged with its language) and pEvidenceNorm. Read through
// Cayley they cost two index scans per mention on bolt and two queries
// on PostgreSQL, and the analyses and listings read them for hundreds of
// thousands of mentions. So the backends that keep counters keep a copy
// of them too (bolt's bucket evidenceBucket, PostgreSQL's table
// evidenceTable), by mention ID, written in the transaction that writes
// the quads and derived from those quads alone: the copy is what the
// quads say, read with one lookup per mention and one transaction (or
// query) per batch.
//
// A store written before the copy was kept has none, or an incomplete
// one: a marker says the copy is complete, and reads fall back to the
// quads without it. Opening a store for writing builds the copy once and
// sets the marker.

// evidenceBucket holds the copy on bolt: key document ID, '/', mention
// ID and kind, value encodeEvidence's; boltEvidenceDone is the marker.
// Keyed by document, a write's entries sit together: a batch of
// documents adds to a few pages of the bucket, where keys by mention ID
// alone (hashes) put each mention's entries on a page of its own.
var evidenceBucket = []byte("claimgraph_evidence")

// evidenceTable holds the copy on PostgreSQL, a row per mention and kind
// (texts as bytes: a text column refuses the zero byte, which a quad's
// string may hold); the row of mention evidenceDone is the marker.
const evidenceTable = "claimgraph_evidence"

// evidenceDone marks a complete copy; no mention or document ID starts
// with "#". On bolt the marker of the copy keyed by document is
// boltEvidenceDone. Copies of the earlier layouts, keyed kind+mention
// (marker evidenceDone) and mention+kind (marker evidenceDoneByMention),
// are read by read-only stores and made anew by the next writer.
const (
	evidenceDone          = "#complete"
	evidenceDoneByMention = "#complete/2"
	boltEvidenceDone      = "#complete/3"
)

// The layouts of the copy on bolt, as a read-only store finds it.
const (
	layoutByDoc     int32 = iota // doc/mention+kind
	layoutKindFirst              // kind+mention
	layoutByMention              // mention+kind
)

// The kinds of evidence quads.
const (
	kindEvidence = 'e'
	kindNorm     = 'n'
)

// evidenceValue is what a read needs of an evidence quad's object: its
// text (ID of the value) and the language a LangString other than "und"
// gives the mention (setLang). hash is the value's, so that a removal
// takes out the value it removes and no other.
type evidenceValue struct {
	hash    graph.ValueHash
	setLang bool
	lang    string
	text    string
}

func newEvidenceValue(v quad.Value) evidenceValue {
	e := evidenceValue{hash: graph.HashOf(v), text: ID(v)}
	if ls, ok := v.(quad.LangString); ok && ls.Lang != "und" {
		e.setLang, e.lang = true, ls.Lang
	}
	return e
}

// encodeEvidence is a value in the bucket: the hash, '1' or '0' for
// setLang, the language, a zero byte and the text.
func encodeEvidence(e evidenceValue) []byte {
	b := make([]byte, 0, len(e.hash)+2+len(e.lang)+len(e.text))
	b = append(b, e.hash[:]...)
	if e.setLang {
		b = append(b, '1')
	} else {
		b = append(b, '0')
	}
	b = append(b, e.lang...)
	b = append(b, 0)
	return append(b, e.text...)
}

func decodeEvidence(b []byte) (evidenceValue, bool) {
	var e evidenceValue
	if len(b) < len(e.hash)+2 {
		return e, false
	}
	copy(e.hash[:], b)
	b = b[len(e.hash):]
	e.setLang = b[0] == '1'
	i := bytes.IndexByte(b[1:], 0)
	if i < 0 {
		return e, false
	}
	e.lang, e.text = string(b[1:1+i]), string(b[2+i:])
	return e, true
}

// evidenceChange is an evidence quad a write adds or removes; doc is the
// ID of the mention's document.
type evidenceChange struct {
	doc, mention string
	kind         byte
	evidenceValue
	removed bool
}

// evidenceChanges lists the evidence quads among a write's quads, each
// with its mention's document: from the write's own cg:doc quads, else
// (a mention whose evidence changes in place) from docOf, when given.
func evidenceChanges(qs []quad.Quad, removed bool, docOf func(mention string) string) []evidenceChange {
	var out []evidenceChange
	for _, q := range qs {
		var kind byte
		switch q.Predicate {
		case pEvidence:
			kind = kindEvidence
		case pEvidenceNorm:
			kind = kindNorm
		default:
			continue
		}
		if q.Label != nil {
			continue
		}
		if id, ok := nodeID(q.Subject, "mention/"); ok {
			out = append(out, evidenceChange{mention: id, kind: kind, evidenceValue: newEvidenceValue(q.Object), removed: removed})
		}
	}
	if len(out) == 0 || docOf == nil {
		return out
	}
	docs := map[string]string{}
	for _, q := range qs {
		if q.Predicate != pDoc || q.Label != nil {
			continue
		}
		m, ok1 := nodeID(q.Subject, "mention/")
		d, ok2 := nodeID(q.Object, "doc/")
		if ok1 && ok2 {
			docs[m] = d
		}
	}
	for i := range out {
		c := &out[i]
		d, ok := docs[c.mention]
		if !ok {
			d = docOf(c.mention)
			docs[c.mention] = d
		}
		c.doc = d
	}
	return out
}

// evidenceRef names a mention whose evidence is read: its ID and its
// document's (which bolt's copy is keyed by; "" when not known).
type evidenceRef struct {
	doc, mention string
}

// storedEvidence is a mention's copy: its evidence and normalized
// evidence, each when it has the quad.
type storedEvidence struct {
	ev, norm       evidenceValue
	hasEv, hasNorm bool
}

// evidenceKeeper is a backend that keeps the copy of the evidence.
type evidenceKeeper interface {
	stageEvidence([]evidenceChange)
	// evidenceComplete says whether the copy holds every evidence quad.
	evidenceComplete(ctx context.Context) (bool, error)
	// readEvidence reads the copy of the mentions refs, by mention ID; a
	// mention without evidence quads is left out. A ref's document must
	// be known where keyedByDoc says so.
	readEvidence(ctx context.Context, refs []evidenceRef) (map[string]storedEvidence, error)
	// keyedByDoc says that the copy is read by document and mention.
	keyedByDoc() bool
	// clearEvidence empties the copy, marker included; writeEvidence adds
	// to it in a transaction of its own; markEvidence sets the marker.
	clearEvidence(ctx context.Context) error
	writeEvidence(ctx context.Context, cs []evidenceChange) error
	markEvidence(ctx context.Context) error
}

// evidenceCopy returns the backend's copy of the evidence when it keeps
// a complete one, else nil: reads go to the quads.
func (s *Store) evidenceCopy(ctx context.Context) (evidenceKeeper, error) {
	k, ok := s.counters.(evidenceKeeper)
	if !ok {
		return nil, nil
	}
	done, err := k.evidenceComplete(ctx)
	if err != nil || !done {
		return nil, err
	}
	return k, nil
}

// evidenceBatch is the number of mentions read or built per transaction.
const evidenceBatch = 2000

// initEvidence builds the copy of the evidence of a store that keeps none
// yet (or an incomplete one), once, when it is opened for writing: the
// mentions by their type, then their evidence quads, a batch at a time,
// so that a large store is not held in memory.
func (s *Store) initEvidence(ctx context.Context) error {
	k, ok := s.counters.(evidenceKeeper)
	if !ok {
		return nil
	}
	// one process builds it, the others wait and find it built
	unlock, err := s.initLock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if done, err := k.evidenceComplete(ctx); err != nil || done {
		return err
	}
	if err := k.clearEvidence(ctx); err != nil {
		return fmt.Errorf("build the evidence index: %w", err)
	}
	// the mentions' IDs alone: no iterator stays open while the batches
	// are written (a bolt writer waits for the readers of its process)
	var ids []string
	err = s.eachSubjectWith(ctx, pType, cMention, func(mn quad.Value) error {
		if id, ok := nodeID(mn, "mention/"); ok {
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("build the evidence index: %w", err)
	}
	if len(ids) > 20000 {
		fmt.Fprintf(os.Stderr, "indexing the evidence of %d mentions (once for this store)…\n", len(ids))
	}
	for len(ids) > 0 {
		n := min(len(ids), evidenceBatch)
		var cs []evidenceChange
		for _, id := range ids[:n] {
			if err := ctx.Err(); err != nil {
				return err
			}
			mn := mentionNode(id)
			doc := ""
			if k.keyedByDoc() {
				doc = s.mentionDoc(ctx, id)
			}
			for _, kp := range []struct {
				kind byte
				p    quad.IRI
			}{{kindEvidence, pEvidence}, {kindNorm, pEvidenceNorm}} {
				if v, ok := s.objectOf(ctx, mn, kp.p); ok {
					cs = append(cs, evidenceChange{doc: doc, mention: id, kind: kp.kind, evidenceValue: newEvidenceValue(v)})
				}
			}
		}
		if err := k.writeEvidence(ctx, cs); err != nil {
			return fmt.Errorf("build the evidence index: %w", err)
		}
		ids = ids[n:]
	}
	return k.markEvidence(ctx)
}

// mentionDoc is the ID of the document of the mention id, read from its
// quads ("" when it has none).
func (s *Store) mentionDoc(ctx context.Context, id string) string {
	if v, ok := s.objectOf(ctx, mentionNode(id), pDoc); ok {
		if d, ok := nodeID(v, "doc/"); ok {
			return d
		}
	}
	return ""
}

// Bolt.

// evidenceKey is the key of a mention's entry of a kind in the copy of
// the layout given.
func evidenceKey(layout int32, kind byte, doc, mention string) hkv.Key {
	var k []byte
	switch layout {
	case layoutKindFirst:
		k = append([]byte{kind}, mention...)
	case layoutByMention:
		k = append([]byte(mention), kind)
	default:
		k = make([]byte, 0, len(doc)+len(mention)+2)
		k = append(append(append(append(k, doc...), '/'), mention...), kind)
	}
	return hkv.Key{evidenceBucket, k}
}

func (b *boltStore) stageEvidence(cs []evidenceChange) { b.kv.evidence = cs }

// applyEvidence writes a write's evidence changes in its transaction:
// removals first, each only when the copy still holds the value removed
// (a replacement adds the new value, in an earlier transaction, before it
// removes the old); then additions.
func applyEvidence(ctx context.Context, tx hkv.Tx, cs []evidenceChange) error {
	for _, c := range cs {
		if !c.removed {
			continue
		}
		k := evidenceKey(layoutByDoc, c.kind, c.doc, c.mention)
		v, err := tx.Get(ctx, k)
		if errors.Is(err, hkv.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("read the evidence of mention %s: %w", c.mention, err)
		}
		if old, ok := decodeEvidence(v); ok && old.hash != c.hash {
			continue
		}
		if err := tx.Del(k); err != nil {
			return fmt.Errorf("remove the evidence of mention %s: %w", c.mention, err)
		}
	}
	for _, c := range cs {
		if c.removed {
			continue
		}
		if err := tx.Put(evidenceKey(layoutByDoc, c.kind, c.doc, c.mention), encodeEvidence(c.evidenceValue)); err != nil {
			return fmt.Errorf("write the evidence of mention %s: %w", c.mention, err)
		}
	}
	return nil
}

func (b *boltStore) evidenceComplete(ctx context.Context) (bool, error) {
	tx, err := b.kv.KV.Tx(false)
	if err != nil {
		return false, err
	}
	defer tx.Close()
	_, err = tx.Get(ctx, hkv.Key{evidenceBucket, []byte(boltEvidenceDone)})
	if errors.Is(err, hkv.ErrNotFound) && b.readOnly {
		// a copy of an earlier layout serves a reader as it is; a writer
		// makes it anew
		for _, l := range []struct {
			marker string
			layout int32
		}{{evidenceDoneByMention, layoutByMention}, {evidenceDone, layoutKindFirst}} {
			if _, err = tx.Get(ctx, hkv.Key{evidenceBucket, []byte(l.marker)}); err == nil {
				b.layout.Store(l.layout)
				break
			}
		}
	}
	if errors.Is(err, hkv.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (b *boltStore) keyedByDoc() bool { return b.layout.Load() == layoutByDoc }

func (b *boltStore) readEvidence(ctx context.Context, refs []evidenceRef) (map[string]storedEvidence, error) {
	tx, err := b.kv.KV.Tx(false)
	if err != nil {
		return nil, err
	}
	defer tx.Close()
	keys := make([]hkv.Key, 0, 2*len(refs))
	layout := b.layout.Load()
	for _, r := range refs {
		keys = append(keys, evidenceKey(layout, kindEvidence, r.doc, r.mention), evidenceKey(layout, kindNorm, r.doc, r.mention))
	}
	vals, err := tx.GetBatch(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make(map[string]storedEvidence, len(refs))
	for i, r := range refs {
		id := r.mention
		var se storedEvidence
		if v := vals[2*i]; v != nil {
			se.ev, se.hasEv = decodeEvidence(v)
		}
		if v := vals[2*i+1]; v != nil {
			se.norm, se.hasNorm = decodeEvidence(v)
		}
		if se.hasEv || se.hasNorm {
			out[id] = se
		}
	}
	return out, nil
}

func (b *boltStore) clearEvidence(ctx context.Context) error {
	// a batch of keys per transaction: a store's copy may be large
	for {
		n := 0
		err := hkv.Update(ctx, b.kv.KV, func(tx hkv.Tx) error {
			var keys []hkv.Key
			it := tx.Scan(hkv.Key{evidenceBucket})
			for len(keys) < 10*evidenceBatch && it.Next(ctx) {
				keys = append(keys, it.Key().Clone())
			}
			err := it.Err()
			it.Close()
			if err != nil {
				return err
			}
			for _, k := range keys {
				if err := tx.Del(k); err != nil {
					return err
				}
			}
			n = len(keys)
			return nil
		})
		if err != nil || n == 0 {
			return err
		}
	}
}

func (b *boltStore) writeEvidence(ctx context.Context, cs []evidenceChange) error {
	return hkv.Update(ctx, b.kv.KV, func(tx hkv.Tx) error { return applyEvidence(ctx, tx, cs) })
}

func (b *boltStore) markEvidence(ctx context.Context) error {
	return hkv.Update(ctx, b.kv.KV, func(tx hkv.Tx) error {
		return tx.Put(hkv.Key{evidenceBucket, []byte(boltEvidenceDone)}, []byte{1})
	})
}

// PostgreSQL.

// createEvidenceTable creates the copy's table unless it exists.
func createEvidenceTable(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+evidenceTable+` (mention TEXT NOT NULL, kind TEXT NOT NULL, hash BYTEA NOT NULL, set_lang BOOLEAN NOT NULL, lang BYTEA NOT NULL, text BYTEA NOT NULL, PRIMARY KEY (mention, kind))`)
	return err
}

func (c *pgCounters) stageEvidence(cs []evidenceChange) { c.evidence = cs }

func (c *pgCounters) keyedByDoc() bool { return false }

func (c *pgCounters) evidenceComplete(ctx context.Context) (bool, error) {
	var n int
	err := c.db.QueryRowContext(ctx, `SELECT count(*) FROM `+evidenceTable+` WHERE mention = $1`, evidenceDone).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read the evidence index: %w", err)
	}
	return n > 0, nil
}

func (c *pgCounters) readEvidence(ctx context.Context, refs []evidenceRef) (map[string]storedEvidence, error) {
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.mention
	}
	rows, err := c.db.QueryContext(ctx, `SELECT mention, kind, hash, set_lang, lang, text FROM `+evidenceTable+` WHERE mention = ANY($1)`, pq.Array(ids))
	if err != nil {
		return nil, fmt.Errorf("read evidence: %w", err)
	}
	defer rows.Close()
	out := make(map[string]storedEvidence, len(ids))
	for rows.Next() {
		var id, kind string
		var hash, lang, text []byte
		var e evidenceValue
		if err := rows.Scan(&id, &kind, &hash, &e.setLang, &lang, &text); err != nil {
			return nil, err
		}
		copy(e.hash[:], hash)
		e.lang, e.text = string(lang), string(text)
		se := out[id]
		switch kind {
		case string(rune(kindEvidence)):
			se.ev, se.hasEv = e, true
		case string(rune(kindNorm)):
			se.norm, se.hasNorm = e, true
		}
		out[id] = se
	}
	return out, rows.Err()
}

func (c *pgCounters) clearEvidence(ctx context.Context) error {
	_, err := c.db.ExecContext(ctx, `DELETE FROM `+evidenceTable)
	return err
}

func (c *pgCounters) writeEvidence(ctx context.Context, cs []evidenceChange) error {
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := writeEvidenceSQL(ctx, tx, cs); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func (c *pgCounters) markEvidence(ctx context.Context) error {
	_, err := c.db.ExecContext(ctx, `INSERT INTO `+evidenceTable+` (mention, kind, hash, set_lang, lang, text) VALUES ($1, '#', '', false, '', '') ON CONFLICT DO NOTHING`, evidenceDone)
	return err
}

// evidenceChunk is the rows per statement (× 6 parameters).
const evidenceChunk = 5000

// writeEvidenceSQL writes a write's evidence changes in its transaction,
// as applyEvidence does on bolt: removals of the value still held first,
// then additions, which replace a mention's row of their kind.
func writeEvidenceSQL(ctx context.Context, tx *sql.Tx, cs []evidenceChange) error {
	var dels []evidenceChange
	adds := map[[2]string]int{} // the last addition of a mention and kind wins
	var order []evidenceChange
	for _, c := range cs {
		if c.removed {
			dels = append(dels, c)
			continue
		}
		k := [2]string{c.mention, string(rune(c.kind))}
		if i, ok := adds[k]; ok {
			order[i] = c
			continue
		}
		adds[k] = len(order)
		order = append(order, c)
	}
	for len(dels) > 0 {
		chunk := dels[:min(len(dels), evidenceChunk)]
		dels = dels[len(chunk):]
		cols := make([][]any, 3)
		for _, c := range chunk {
			cols[0] = append(cols[0], c.mention)
			cols[1] = append(cols[1], string(rune(c.kind)))
			cols[2] = append(cols[2], c.hash[:])
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+evidenceTable+` AS e USING unnest($1::text[], $2::text[], $3::bytea[]) AS d(m, k, h) WHERE e.mention = d.m AND e.kind = d.k AND e.hash = d.h`,
			arrayText(cols[0]), arrayText(cols[1]), arrayText(cols[2])); err != nil {
			return fmt.Errorf("remove evidence: %w", err)
		}
	}
	for len(order) > 0 {
		chunk := order[:min(len(order), evidenceChunk)]
		order = order[len(chunk):]
		cols := make([][]any, 6)
		for _, c := range chunk {
			for i, v := range []any{c.mention, string(rune(c.kind)), c.hash[:], c.setLang, []byte(c.lang), []byte(c.text)} {
				cols[i] = append(cols[i], v)
			}
		}
		args := make([]any, len(cols))
		for i, c := range cols {
			args[i] = arrayText(c)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+evidenceTable+` (mention, kind, hash, set_lang, lang, text) SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::bool[], $5::bytea[], $6::bytea[])`+
			` ON CONFLICT (mention, kind) DO UPDATE SET hash = EXCLUDED.hash, set_lang = EXCLUDED.set_lang, lang = EXCLUDED.lang, text = EXCLUDED.text`, args...); err != nil {
			return fmt.Errorf("write evidence: %w", err)
		}
	}
	return nil
}

// Listing every mention.

// digestChunk is the documents whose digests and evidence a listing reads
// together: a transaction (or two queries) per chunk, and memory for the
// mentions of one chunk.
const digestChunk = 256

// docDigestReader is a backend that reads its copy of some documents'
// digests at once (bolt's bucket, PostgreSQL's table).
type docDigestReader interface {
	digestsOf(ctx context.Context, docs []string) (map[string]string, error)
}

// digestsOf reads the digests of the documents docs: from the backend's
// copy, else (a document the copy lacks, a backend without one) from its
// digest quad. A document without a digest is left out.
func (s *Store) digestsOf(ctx context.Context, docs []string) (map[string]string, error) {
	out := map[string]string{}
	if r, ok := s.counters.(docDigestReader); ok {
		var err error
		if out, err = r.digestsOf(ctx, docs); err != nil {
			return nil, err
		}
	}
	for _, id := range docs {
		if _, ok := out[id]; ok {
			continue
		}
		if v, ok := s.objectOf(ctx, docNode(id), pDigest); ok {
			out[id] = ID(v)
		}
	}
	return out, ctx.Err()
}

func (b *boltStore) digestsOf(ctx context.Context, docs []string) (map[string]string, error) {
	tx, err := b.kv.KV.Tx(false)
	if err != nil {
		return nil, err
	}
	defer tx.Close()
	keys := make([]hkv.Key, len(docs))
	for i, id := range docs {
		keys[i] = hkv.Key{digestBucket, []byte(id)}
	}
	vals, err := tx.GetBatch(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(docs))
	for i, v := range vals {
		if v != nil {
			out[docs[i]] = string(v)
		}
	}
	return out, nil
}

func (c *pgCounters) digestsOf(ctx context.Context, docs []string) (map[string]string, error) {
	rows, err := c.db.QueryContext(ctx, `SELECT doc, digest FROM `+digestTable+` WHERE doc = ANY($1)`, pq.Array(docs))
	if err != nil {
		return nil, fmt.Errorf("read digests: %w", err)
	}
	defer rows.Close()
	out := make(map[string]string, len(docs))
	for rows.Next() {
		var doc, digest string
		if err := rows.Scan(&doc, &digest); err != nil {
			return nil, err
		}
		out[doc] = digest
	}
	return out, rows.Err()
}

// listsFromDigests says whether EachMention reads the documents' digests
// and the copy of the evidence instead of every mention's quads: when the
// copy is complete, or on a memstore, whose quads are in memory.
func (s *Store) listsFromDigests(ctx context.Context) (bool, error) {
	if s.backend == "memstore" {
		return true, nil
	}
	k, err := s.evidenceCopy(ctx)
	return k != nil, err
}

// eachMentionFromDigests is EachMention over the documents docs (in name
// order), read from their digests and the evidence of the mentions that
// pass the filter; a document without a digest is read from its quads.
func (s *Store) eachMentionFromDigests(ctx context.Context, docs []schema.Document, f schema.Filter, fn func(schema.Mention) error) error {
	byDoc := schema.Filter{Doc: f.Doc}
	// the language of a mention is its evidence's: it is matched once
	// the evidence is read
	pre := f
	pre.Lang = ""
	claims := map[string]*schema.Claim{}
	for i := 0; i < len(docs); {
		// whole groups of documents sharing a name, digestChunk or so
		j := i
		for j < len(docs) && j-i < s.listChunk() {
			j++
			for j < len(docs) && docs[j].Name == docs[j-1].Name {
				j++
			}
		}
		var ids []string
		for _, d := range docs[i:j] {
			if byDoc.MatchDoc(d) {
				ids = append(ids, d.ID)
			}
		}
		digests, err := s.digestsOf(ctx, ids)
		if err != nil {
			return err
		}
		byID := make(map[string][]schema.Mention, len(ids))
		var lean [][]schema.Mention
		fromDigest := map[string]bool{}
		for _, id := range ids {
			if err := ctx.Err(); err != nil {
				return err
			}
			digest, ok := digests[id]
			if !ok {
				whole, err := s.DocMentions(ctx, id)
				if err != nil {
					return err
				}
				byID[id] = slices.DeleteFunc(whole, func(m schema.Mention) bool { return !f.Match(m) })
				continue
			}
			if len(claims) >= readerCache {
				clear(claims)
			}
			ms, err := parseDigest(id, digest, claims)
			if err != nil {
				return err
			}
			kept := slices.DeleteFunc(ms, func(m schema.Mention) bool { return !pre.Match(m) })
			byID[id] = kept
			lean = append(lean, kept)
			fromDigest[id] = true
		}
		if err := s.newEvidenceFiller().fill(ctx, lean...); err != nil {
			return err
		}
		if f.Lang != "" {
			for id := range fromDigest {
				ms := byID[id]
				kept := ms[:0]
				for _, m := range ms {
					if f.Match(m) {
						kept = append(kept, m)
					}
				}
				byID[id] = kept
			}
		}
		for g := i; g < j; {
			h := g + 1
			for h < j && docs[h].Name == docs[g].Name {
				h++
			}
			var group []schema.Mention
			for _, d := range docs[g:h] {
				group = append(group, byID[d.ID]...)
			}
			if stop, err := emitSorted(group, fn); stop || err != nil {
				return err
			}
			g = h
		}
		i = j
	}
	return ctx.Err()
}
