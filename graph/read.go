package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/claimgraph/claimgraph/schema"
)

// names caches the values of refs that recur across nodes (predicates,
// polarities, sources, events) for one read.
type names struct {
	s     *Store
	cache map[any]quad.Value
}

func (s *Store) newNames() *names { return &names{s: s, cache: map[any]quad.Value{}} }

func (n *names) of(r graph.Ref) quad.Value {
	k := graph.ToKey(r)
	if v, ok := n.cache[k]; ok {
		return v
	}
	v := n.s.qs.NameOf(r)
	if len(n.cache) >= 1<<16 { // bounded: a read of every mention meets every document
		clear(n.cache)
	}
	n.cache[k] = v
	return v
}

// props loads a node's properties: predicate → values. It resolves only
// the predicate and object of each quad, through the cache. A document's
// text and digest are left out (Text and the digest readers read them):
// listings never need them, and a cache holding every document's digest
// would grow with the store.
func (s *Store) props(ctx context.Context, n quad.Value, nm *names) map[quad.IRI][]quad.Value {
	return s.readProps(ctx, n, nm, false)
}

// readProps is props; lean leaves out a mention's evidence too, the
// largest of its values and the only ones unique to it.
func (s *Store) readProps(ctx context.Context, n quad.Value, nm *names, lean bool) map[quad.IRI][]quad.Value {
	out := map[quad.IRI][]quad.Value{}
	ref := s.qs.ValueOf(n)
	if ref == nil {
		return out
	}
	it := s.qs.QuadIterator(quad.Subject, ref)
	defer it.Close()
	for it.Next(ctx) {
		r := it.Result()
		p, ok := nm.of(s.qs.QuadDirection(r, quad.Predicate)).(quad.IRI)
		if !ok || p == pText || p == pDigest || (lean && (p == pEvidence || p == pEvidenceNorm)) {
			continue
		}
		out[p] = append(out[p], nm.of(s.qs.QuadDirection(r, quad.Object)))
	}
	return out
}

func first(m map[quad.IRI][]quad.Value, p quad.IRI) string {
	if v := m[p]; len(v) > 0 {
		return ID(v[0])
	}
	return ""
}

func firstInt(m map[quad.IRI][]quad.Value, p quad.IRI) int {
	if v := m[p]; len(v) > 0 {
		if n, ok := v[0].(quad.Int); ok {
			return int(n)
		}
	}
	return 0
}

// claimsMatching lists claim nodes using the most selective indexed field
// of the filter (subject, object, event or predicate), else every claim.
func (s *Store) claimsMatching(ctx context.Context, f schema.Filter) []quad.Value {
	switch {
	case f.Subject != "":
		return s.subjectsWith(ctx, pSubject, IRI(f.Subject))
	case f.Object != "":
		vs := s.subjectsWith(ctx, pObject, IRI(f.Object))
		return append(vs, s.subjectsWith(ctx, pObject, quad.String(f.Object))...)
	case f.Event != "":
		return s.subjectsWith(ctx, pEvent, IRI(f.Event))
	case f.Predicate != "":
		return s.subjectsWith(ctx, pPredicate, IRI(f.Predicate))
	}
	return s.subjectsWith(ctx, pType, cClaim)
}

// Mentions lists the mentions that pass the filter, ordered by document
// name, sentence and claim. It reads the claims the filter selects, then
// their mentions.
func (s *Store) Mentions(ctx context.Context, f schema.Filter) ([]schema.Mention, error) {
	return s.mentions(ctx, f, nil)
}

// mentions is Mentions; the mentions of the claims lean picks (none when
// lean is nil) are read without their evidence (an evidenceFiller reads
// it), and their language is then their document's.
func (s *Store) mentions(ctx context.Context, f schema.Filter, lean func(schema.Claim) bool) ([]schema.Mention, error) {
	r := s.newMentionReader()
	probe := f
	probe.Source, probe.Doc, probe.Polarity, probe.Lang = "", "", "", ""
	var out []schema.Mention
	for _, cn := range s.claimsMatching(ctx, f) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c := r.claim(ctx, cn)
		if !probe.Match(schema.Mention{Claim: c}) {
			continue
		}
		thin := lean != nil && lean(c)
		err := s.eachSubjectWith(ctx, pClaim, cn, func(mn quad.Value) error {
			if m := r.mention(ctx, mn, s.readProps(ctx, mn, r.nm, thin), cn, c); f.Match(m) {
				out = append(out, m)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	SortMentions(out)
	return out, ctx.Err()
}

// ErrStop, returned by EachMention's fn, ends the listing without error.
var ErrStop = errors.New("stop")

// EachMention calls fn for each mention that passes the filter, in the
// order of Mentions, as it reads them: document by document (those of one
// name together), holding one document's mentions and bounded caches of
// the claims and values it met, so that a listing of any size streams. It
// ends at fn's first error (ErrStop ends it without one). A store with a
// complete copy of the evidence is listed from the documents' digests and
// that copy (see eachMentionFromDigests), a few reads per document instead
// of a dozen quads per mention.
func (s *Store) EachMention(ctx context.Context, f schema.Filter, fn func(schema.Mention) error) error {
	docs, err := s.Documents(ctx)
	if err != nil {
		return err
	}
	if ok, err := s.listsFromDigests(ctx); err != nil {
		return err
	} else if ok {
		return s.eachMentionFromDigests(ctx, docs, f, fn)
	}
	// a filter on the claims' fields selects claims first: few, next to
	// their mentions
	var claims map[string]bool
	if f.Subject != "" || f.Predicate != "" || f.Object != "" || f.Event != "" {
		claims = map[string]bool{}
		probe := schema.Filter{Subject: f.Subject, Predicate: f.Predicate, Object: f.Object, Event: f.Event}
		r := s.newMentionReader()
		for _, cn := range s.claimsMatching(ctx, f) {
			if probe.Match(schema.Mention{Claim: r.claim(ctx, cn)}) {
				claims[ID(cn)] = true
			}
		}
	}
	byDoc := schema.Filter{Doc: f.Doc}
	r := s.newMentionReader()
	for i := 0; i < len(docs); {
		j := i + 1
		for j < len(docs) && docs[j].Name == docs[i].Name {
			j++
		}
		var group []schema.Mention
		for _, d := range docs[i:j] {
			if err := ctx.Err(); err != nil {
				return err
			}
			if !byDoc.MatchDoc(d) {
				continue
			}
			err := s.eachSubjectWith(ctx, pDoc, docNode(d.ID), func(mn quad.Value) error {
				mp := s.props(ctx, mn, r.nm)
				v := mp[pClaim]
				if len(v) == 0 || (claims != nil && !claims[ID(v[0])]) {
					return nil
				}
				if m := r.mention(ctx, mn, mp, v[0], r.claim(ctx, v[0])); f.Match(m) {
					group = append(group, m)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		if stop, err := emitSorted(group, fn); stop || err != nil {
			return err
		}
		i = j
	}
	return ctx.Err()
}

// emitSorted sorts the mentions of documents of one name and calls fn
// with each; stop says fn ended the listing (ErrStop, or an error).
func emitSorted(group []schema.Mention, fn func(schema.Mention) error) (stop bool, err error) {
	SortMentions(group)
	for _, m := range group {
		if err := fn(m); errors.Is(err, ErrStop) {
			return true, nil
		} else if err != nil {
			return true, err
		}
	}
	return false, nil
}

// eachSubjectWith calls fn for the subject of each quad (?, p, o) as it
// reads them.
func (s *Store) eachSubjectWith(ctx context.Context, p, o quad.Value, fn func(quad.Value) error) error {
	ref := s.qs.ValueOf(o)
	pref := s.qs.ValueOf(p)
	if ref == nil || pref == nil {
		return nil
	}
	pkey := graph.ToKey(pref)
	it := s.qs.QuadIterator(quad.Object, ref)
	defer it.Close()
	for it.Next(ctx) {
		r := it.Result()
		if pr := s.qs.QuadDirection(r, quad.Predicate); pr == nil || graph.ToKey(pr) != pkey {
			continue
		}
		if v := s.qs.NameOf(s.qs.QuadDirection(r, quad.Subject)); v != nil {
			if err := fn(v); err != nil {
				return err
			}
		}
	}
	return it.Err()
}

// DocMentions lists the stored mentions of one document, in the order of
// Mentions.
func (s *Store) DocMentions(ctx context.Context, docID string) ([]schema.Mention, error) {
	r := s.newMentionReader()
	var out []schema.Mention
	for _, mn := range s.subjectsWith(ctx, pDoc, docNode(docID)) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		mp := s.props(ctx, mn, r.nm)
		v := mp[pClaim]
		if len(v) == 0 {
			continue
		}
		out = append(out, r.mention(ctx, mn, mp, v[0], r.claim(ctx, v[0])))
	}
	SortMentions(out)
	return out, ctx.Err()
}

// DocsMentions lists the stored mentions of each of docs, by document ID,
// as DocMentions lists them: from the documents' digests and the copy of
// the evidence where the store keeps them (a few reads for all of docs,
// where DocMentions looks up each mention's quads one by one), else
// document by document. A document without mentions has none listed.
func (s *Store) DocsMentions(ctx context.Context, docs []schema.Document) (map[string][]schema.Mention, error) {
	out := make(map[string][]schema.Mention, len(docs))
	ok, err := s.listsFromDigests(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		for _, d := range docs {
			ms, err := s.DocMentions(ctx, d.ID)
			if err != nil {
				return nil, err
			}
			out[d.ID] = ms
		}
		return out, nil
	}
	// documents of one name side by side, as eachMentionFromDigests groups them
	byName := slices.Clone(docs)
	slices.SortStableFunc(byName, func(a, b schema.Document) int { return strings.Compare(a.Name, b.Name) })
	err = s.eachMentionFromDigests(ctx, byName, schema.Filter{}, func(m schema.Mention) error {
		out[m.DocID] = append(out[m.DocID], m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, ms := range out {
		SortMentions(ms)
	}
	return out, ctx.Err()
}

// readerCache bounds the claims and documents a mentionReader keeps.
const readerCache = 4096

// mentionReader builds mentions from their nodes, caching the properties
// of the claims and documents they share.
type mentionReader struct {
	s      *Store
	nm     *names
	docs   map[string]map[quad.IRI][]quad.Value
	claims map[string]schema.Claim
}

func (s *Store) newMentionReader() *mentionReader {
	return &mentionReader{s: s, nm: s.newNames(), docs: map[string]map[quad.IRI][]quad.Value{}, claims: map[string]schema.Claim{}}
}

// claim reads a claim node's fields.
func (r *mentionReader) claim(ctx context.Context, cn quad.Value) schema.Claim {
	id := ID(cn)
	if c, ok := r.claims[id]; ok {
		return c
	}
	if len(r.claims) >= readerCache {
		clear(r.claims)
	}
	cp := r.s.props(ctx, cn, r.nm)
	c := schema.Claim{
		Subject: first(cp, pSubject), Predicate: first(cp, pPredicate), Object: first(cp, pObject),
		Event: first(cp, pEvent), Target: first(cp, pTarget), Condition: first(cp, pCondition), About: first(cp, pAbout),
	}
	r.claims[id] = c
	return c
}

// mention builds the mention mn (properties mp) of the claim cn (fields c).
// Its language is its evidence's, else its document's.
func (r *mentionReader) mention(ctx context.Context, mn quad.Value, mp map[quad.IRI][]quad.Value, cn quad.Value, c schema.Claim) schema.Mention {
	m := schema.Mention{
		ID: ID(mn)[len("mention/"):], ClaimID: ID(cn)[len("claim/"):], Claim: c,
		Polarity: first(mp, pPolarity), Source: first(mp, pSource), Evidence: first(mp, pEvidence), EvidenceNorm: first(mp, pEvidenceNorm),
		Sentence: firstInt(mp, pSentence), Start: firstInt(mp, pStart), End: firstInt(mp, pEnd),
		Rule: first(mp, pRule),
	}
	if v := mp[pEvidence]; len(v) > 0 {
		if ls, ok := v[0].(quad.LangString); ok && ls.Lang != "und" {
			m.Lang = ls.Lang
		}
	}
	if v := mp[pApprox]; len(v) > 0 {
		m.Approx = v[0] == quad.Value(quad.Bool(true))
	}
	if v := mp[pConfidence]; len(v) > 0 {
		if x, ok := v[0].(quad.Float); ok {
			m.Confidence = float64(x)
		}
	}
	if v := mp[pDoc]; len(v) > 0 {
		dn := v[0]
		m.DocID = ID(dn)[len("doc/"):]
		dp, ok := r.docs[m.DocID]
		if !ok {
			if len(r.docs) >= readerCache {
				clear(r.docs)
			}
			dp = r.s.props(ctx, dn, r.nm)
			r.docs[m.DocID] = dp
		}
		m.Doc = first(dp, pName)
		if m.Lang == "" {
			m.Lang = first(dp, pLang)
		}
	}
	return m
}

// SortMentions orders mentions by document, sentence, predicate, subject,
// object and source: a stable, readable order.
func SortMentions(ms []schema.Mention) {
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.Doc != b.Doc {
			return a.Doc < b.Doc
		}
		if a.Sentence != b.Sentence {
			return a.Sentence < b.Sentence
		}
		if a.Predicate != b.Predicate {
			return a.Predicate < b.Predicate
		}
		if a.Subject != b.Subject {
			return a.Subject < b.Subject
		}
		if a.Object != b.Object {
			return a.Object < b.Object
		}
		return a.ID < b.ID
	})
}

// Documents lists the stored documents by name.
func (s *Store) Documents(ctx context.Context) ([]schema.Document, error) {
	var out []schema.Document
	doc := func(dn quad.Value, p map[quad.IRI][]quad.Value) schema.Document {
		return schema.Document{
			ID: ID(dn)[len("doc/"):], Name: first(p, pName), Path: first(p, pPath), Title: first(p, pTitle),
			URL: first(p, pURL), Outlet: first(p, pOutlet), Published: first(p, pPublished), Lang: first(p, pLang),
		}
	}
	if s.sqlw != nil {
		// PostgreSQL: every document's properties in a few queries
		sp, err := s.sqlw.propsOfSubjectsWith(ctx, pType, cDocument, []quad.IRI{pName, pPath, pTitle, pURL, pOutlet, pPublished, pLang})
		if err != nil {
			return nil, err
		}
		for _, d := range sp {
			out = append(out, doc(d.subject, d.props))
		}
	} else {
		nm := s.newNames()
		for _, dn := range s.subjectsWith(ctx, pType, cDocument) {
			out = append(out, doc(dn, s.props(ctx, dn, nm)))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Name < out[j].Name || (out[i].Name == out[j].Name && out[i].ID < out[j].ID)
	})
	return out, ctx.Err()
}

// Text returns a stored document's cleaned text; ok is false when the
// document is not stored, or was stored before texts were kept.
func (s *Store) Text(ctx context.Context, docID string) (text string, ok bool, err error) {
	text, ok = s.text(ctx, docNode(docID))
	return text, ok, ctx.Err()
}

// text reads the text of the document node dn.
func (s *Store) text(ctx context.Context, dn quad.IRI) (string, bool) {
	ref := s.qs.ValueOf(dn)
	pref := s.qs.ValueOf(pText)
	if ref == nil || pref == nil {
		return "", false
	}
	pkey := graph.ToKey(pref)
	it := s.qs.QuadIterator(quad.Subject, ref)
	defer it.Close()
	for it.Next(ctx) {
		r := it.Result()
		if p := s.qs.QuadDirection(r, quad.Predicate); p == nil || graph.ToKey(p) != pkey {
			continue
		}
		if v := s.qs.NameOf(s.qs.QuadDirection(r, quad.Object)); v != nil {
			return ID(v), true
		}
	}
	return "", false
}

// Stats counts documents, claims, mentions and quads, and mentions per
// event and per source. It reads the store's counters; a store that keeps
// none (written before they were kept and not written since, or on a SQL
// backend) is counted.
func (s *Store) Stats(ctx context.Context) (schema.Stats, error) {
	c, ok, err := s.counters.load(ctx)
	if err != nil {
		return schema.Stats{}, err
	}
	if !ok {
		if c, err = s.recount(ctx); err != nil {
			return schema.Stats{}, err
		}
	}
	st := statsOf(c)
	// the KV backends keep the exact number of quads; the SQL ones only
	// estimate it unless asked for the exact count, which reads the whole
	// table: a PostgreSQL store counts them with its counters
	if n, ok := c[cQuads]; ok && s.sqlw != nil {
		st.Quads = n
		return st, ctx.Err()
	}
	qst, err := s.qs.Stats(ctx, s.backend == "postgres" || s.backend == "cockroach")
	if err != nil {
		if strings.Contains(err.Error(), "no bucket") { // a bolt store nothing was written to
			return st, ctx.Err()
		}
		return st, err
	}
	st.Quads = qst.Quads.Size
	return st, ctx.Err()
}

// statsOf reads the counters into stats, all but the number of quads.
func statsOf(c map[string]int64) schema.Stats {
	st := schema.Stats{Events: map[string]int{}, Sources: map[string]int{}}
	for k, v := range c {
		switch {
		case k == cDocuments:
			st.Documents = int(v)
		case k == cClaims:
			st.Claims = int(v)
		case k == cMentions:
			st.Mentions = int(v)
		case strings.HasPrefix(k, cEvent):
			st.Events[k[len(cEvent):]] = int(v)
		case strings.HasPrefix(k, cSource):
			st.Sources[k[len(cSource):]] = int(v)
		}
	}
	return st
}

// ReadStats is Stats for a caller that needs nothing else of the store.
// A PostgreSQL store whose counters count its quads too is read from
// them over one connection, without connecting Cayley's store (a
// connection costs more than the query); any other store is opened
// read-only and asked.
func ReadStats(ctx context.Context, o Options) (schema.Stats, error) {
	if o.Backend == "postgres" && o.Address != "" {
		if st, ok, err := readPGStats(ctx, o.Address); err != nil || ok {
			return st, err
		}
	}
	o.ReadOnly = true
	s, err := Open(ctx, o)
	if err != nil {
		return schema.Stats{}, err
	}
	defer s.Close()
	return s.Stats(ctx)
}

// readPGStats reads the stats of the PostgreSQL store at addr from its
// counters; ok is false when they do not hold them all (no store, or one
// whose counters were kept before they counted quads): Open then says
// what is there.
func readPGStats(ctx context.Context, addr string) (schema.Stats, bool, error) {
	w, err := newSQLWriter(addr)
	if err != nil {
		return schema.Stats{}, false, nil
	}
	defer w.close()
	if ready, err := pgStoreReady(ctx, w.db); err != nil || !ready {
		return schema.Stats{}, false, nil
	}
	c, kept, err := (&pgCounters{db: w.db}).load(ctx)
	if err != nil {
		return schema.Stats{}, false, fmt.Errorf("read %s: %w", Redact(addr), err)
	}
	n, ok := c[cQuads]
	if !kept || !ok {
		return schema.Stats{}, false, nil
	}
	st := statsOf(c)
	st.Quads = n
	return st, true, ctx.Err()
}

// evidenceFiller reads the evidence of mentions read lean, once per
// mention however often it is shown.
type evidenceFiller struct {
	s    *Store
	read map[string]filled // by mention ID
	// copy is the backend's copy of the evidence, when it keeps a
	// complete one (see evidence.go); checked is whether that was asked.
	copy    evidenceKeeper
	checked bool
}

func (s *Store) newEvidenceFiller() *evidenceFiller {
	return &evidenceFiller{s: s, read: map[string]filled{}}
}

// filled is what a mention read lean lacks: its evidence, normalized
// evidence, and the language of its evidence when that is a LangString
// other than "und" (setLang), which then is the mention's.
type filled struct {
	evidence, norm, lang string
	setLang              bool
}

// fill sets the evidence of the mentions of parts read without it, and
// the language of the evidence where it has one, as Mentions would have.
// The evidence of all the parts is read together: from the backend's
// copy, a batch of mentions per transaction (or query); else from the
// mentions' quads.
func (e *evidenceFiller) fill(ctx context.Context, parts ...[]schema.Mention) error {
	var want []evidenceRef
	asked := map[string]bool{}
	for _, ms := range parts {
		for i := range ms {
			m := &ms[i]
			if _, ok := e.read[m.ID]; ok || m.Evidence != "" || asked[m.ID] {
				continue
			}
			asked[m.ID] = true
			want = append(want, evidenceRef{doc: m.DocID, mention: m.ID})
		}
	}
	if len(want) > 0 && !e.checked {
		k, err := e.s.evidenceCopy(ctx)
		if err != nil {
			return err
		}
		e.copy, e.checked = k, true
	}
	for len(want) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch := evidenceBatch
		if b, ok := e.copy.(interface{ evidenceBatch() int }); ok {
			batch = b.evidenceBatch()
		}
		n := min(len(want), batch)
		if err := e.readBatch(ctx, want[:n]); err != nil {
			return err
		}
		want = want[n:]
	}
	for _, ms := range parts {
		for i := range ms {
			m := &ms[i]
			if m.Evidence != "" {
				continue // read with it
			}
			got := e.read[m.ID]
			m.Evidence, m.EvidenceNorm = got.evidence, got.norm
			if got.setLang {
				m.Lang = got.lang
			}
		}
	}
	return ctx.Err()
}

// readBatch reads the evidence of the mentions refs into e.read.
func (e *evidenceFiller) readBatch(ctx context.Context, refs []evidenceRef) error {
	if e.copy != nil {
		if e.copy.keyedByDoc() {
			// a mention given without its document (FillEvidence's
			// callers may) has it looked up
			for i := range refs {
				if refs[i].doc == "" {
					refs[i].doc = e.s.mentionDoc(ctx, refs[i].mention)
				}
			}
		}
		got, err := e.copy.readEvidence(ctx, refs)
		if err != nil {
			return err
		}
		for _, r := range refs {
			id := r.mention
			se := got[id]
			var f filled
			if se.hasEv {
				f.evidence, f.lang, f.setLang = se.ev.text, se.ev.lang, se.ev.setLang
			}
			if se.hasNorm {
				f.norm = se.norm.text
			}
			e.read[id] = f
		}
		return nil
	}
	for _, r := range refs {
		// the two quads alone, not every quad of the mention
		id := r.mention
		var f filled
		mn := mentionNode(id)
		if v, ok := e.s.objectOf(ctx, mn, pEvidence); ok {
			ev := newEvidenceValue(v)
			f.evidence, f.lang, f.setLang = ev.text, ev.lang, ev.setLang
		}
		if v, ok := e.s.objectOf(ctx, mn, pEvidenceNorm); ok {
			f.norm = ID(v)
		}
		e.read[id] = f
	}
	return ctx.Err()
}
