package graph

import (
	"context"
	"fmt"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/claimgraph/claimgraph/schema"
)

// Store keeps documents' texts and replaces their mentions.
var _ schema.DocStore = (*Store)(nil)

// SetTerms gives the store the vocabulary whose labels it writes next to
// the claims that use them.
func (s *Store) SetTerms(terms []schema.Term) {
	s.terms = map[string]schema.Term{}
	for _, t := range terms {
		s.terms[t.ID] = t
	}
}

// quadSet is an ordered set of quads: deltas keep the order in which a
// batch made its changes, so that a batch writes the same way every time.
type quadSet struct {
	at   map[quad.Quad]int // position in list
	list []quad.Quad       // with the positions of quads taken out
}

func newQuadSet() quadSet { return quadSet{at: map[quad.Quad]int{}} }

func (qs *quadSet) has(q quad.Quad) bool { _, ok := qs.at[q]; return ok }

func (qs *quadSet) put(q quad.Quad) {
	if !qs.has(q) {
		qs.at[q] = len(qs.list)
		qs.list = append(qs.list, q)
	}
}

func (qs *quadSet) take(q quad.Quad) { delete(qs.at, q) }

func (qs *quadSet) deltas(a graph.Procedure) []graph.Delta {
	out := make([]graph.Delta, 0, len(qs.at))
	for i, q := range qs.list {
		if j, ok := qs.at[q]; ok && j == i {
			out = append(out, graph.Delta{Quad: q, Action: a})
		}
	}
	return out
}

// txn accumulates one batch of changes over the store, with an overlay of
// what the batch already added or removed so that every check sees the
// batch's own effects. No quad is added twice or removed when absent;
// adding back a quad the batch removed cancels the removal, and the other
// way round. (Quads are map keys: claimgraph's values are all comparable.)
type txn struct {
	s       *Store
	ctx     context.Context
	added   quadSet
	removed quadSet
	// mention polarity of mentions added in this batch, by claim
	newMentions map[string][]string // claim node → polarities
	goneMention map[string]bool     // mention node → removed in this batch
	claims      map[quad.IRI]*claimState
}

func newTxn(ctx context.Context, s *Store) *txn {
	return &txn{s: s, ctx: ctx, added: newQuadSet(), removed: newQuadSet(),
		newMentions: map[string][]string{}, goneMention: map[string]bool{}, claims: map[quad.IRI]*claimState{}}
}

func (t *txn) has(q quad.Quad) bool {
	if t.added.has(q) {
		return true
	}
	if t.removed.has(q) {
		return false
	}
	return t.s.storeHas(t.ctx, q)
}

// add adds q unless the store or the batch has it.
func (t *txn) add(q quad.Quad) {
	if !t.has(q) {
		t.addNew(q)
	}
}

// addNew adds a quad known to be absent from the store (or removed by
// this batch, which the addition cancels).
func (t *txn) addNew(q quad.Quad) {
	if t.removed.has(q) {
		t.removed.take(q)
		return
	}
	t.added.put(q)
}

// remove removes q if the store or the batch has it.
func (t *txn) remove(q quad.Quad) {
	if t.added.has(q) {
		t.added.take(q)
		return
	}
	if t.removed.has(q) || !t.s.storeHas(t.ctx, q) {
		return
	}
	t.removed.put(q)
}

// removeKnown removes a quad known to be in the store (or added by this
// batch, which the removal cancels).
func (t *txn) removeKnown(q quad.Quad) {
	if t.added.has(q) {
		t.added.take(q)
		return
	}
	t.removed.put(q)
}

// deltas lists the batch's changes in the order it made them.
func (t *txn) deltas() (adds, dels []graph.Delta) {
	return t.added.deltas(graph.Add), t.removed.deltas(graph.Delete)
}

// storeHas reports whether the store holds q, scanning the quads of q's
// subject (claimgraph nodes carry few quads each).
func (s *Store) storeHas(ctx context.Context, q quad.Quad) bool {
	if has, ok := s.pre.has(q); ok {
		return has
	}
	if has, ok := s.claimState.get(q); ok {
		return has
	}
	has := s.storeLookup(ctx, q)
	s.claimState.set(q, has)
	return has
}

// storeLookup is storeHas, read from the store.
func (s *Store) storeLookup(ctx context.Context, q quad.Quad) bool {
	ref := s.qs.ValueOf(q.Subject)
	if ref == nil {
		return false
	}
	if it, ok := s.indexScan([]quad.Direction{quad.Object, quad.Predicate, quad.Subject},
		s.qs.ValueOf(q.Object), s.qs.ValueOf(q.Predicate), ref); ok {
		// the quads with q's subject, predicate and object: one key range
		// of the index, however many quads share q's subject (an actor's
		// direct edges, say)
		defer it.Close()
		for it.Next(ctx) {
			if s.qs.Quad(it.Result()) == q {
				return true
			}
		}
		return false
	}
	it := s.qs.QuadIterator(quad.Subject, ref)
	defer it.Close()
	for it.Next(ctx) {
		if s.qs.Quad(it.Result()) == q {
			return true
		}
	}
	return false
}

// put writes a batch of documents in one transaction (see Put).
func (s *Store) put(ctx context.Context, batch []schema.Extraction) (schema.WriteResult, error) {
	var res schema.WriteResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	t := newTxn(ctx, s)
	if s.sqlw != nil {
		s.prefetchBatch(ctx, batch)
		defer func() { s.pre = nil }()
	}
	seen := map[string]bool{}
	for _, ex := range batch {
		d := ex.Doc
		if seen[d.ID] {
			res.Unchanged++
			continue
		}
		seen[d.ID] = true
		// earlier versions under the same path go, also when this version
		// is stored already (an interrupted replacement heals here)
		replaced := false
		if key := docKey(d); key != "" {
			for _, old := range s.docsByKey(ctx, key) {
				if old != d.ID && !seen[old] {
					if err := t.removeDoc(old); err != nil {
						return schema.WriteResult{}, err
					}
					replaced = true
				}
			}
		}
		if t.has(quad.Make(docNode(d.ID), pType, cDocument, nil)) {
			// a document stored before texts were kept gets its text now
			if _, ok := s.text(ctx, docNode(d.ID)); !ok && d.Text != "" {
				t.add(textQuad(d))
			}
			// and one stored before digests were kept its digest
			if !s.hasDigest(ctx, docNode(d.ID)) {
				if err := t.digestStored(d.ID); err != nil {
					return schema.WriteResult{}, err
				}
			}
			res.Unchanged++
			continue
		}
		t.addDoc(ex)
		res.Added++
		if replaced {
			res.Replaced++
		}
		res.Mentions += len(ex.Mentions)
	}
	return s.apply(ctx, t, res)
}

// replace replaces the mentions of stored documents with the mentions of
// the batch, in one transaction, the way Put replaces an earlier version
// of a changed file: mentions that no longer occur go, with the claims
// and direct edges nothing else supports; new ones are added; what stays
// is not rewritten. The documents' own quads (metadata, text) are kept.
func (s *Store) replace(ctx context.Context, batch []schema.Extraction) (schema.WriteResult, error) {
	var res schema.WriteResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	t := newTxn(ctx, s)
	seen := map[string]bool{}
	for _, ex := range batch {
		d := ex.Doc
		if seen[d.ID] {
			return res, fmt.Errorf("replace: document %s (%s) is in the batch twice", d.Name, d.ID)
		}
		seen[d.ID] = true
		dn := docNode(d.ID)
		if !t.has(quad.Make(dn, pType, cDocument, nil)) {
			return res, fmt.Errorf("replace: document %s (%s) is not stored; ingest it first", d.Name, d.ID)
		}
		// mentions that stay are brought up to date in place: removing
		// and adding them back would prune and rebuild their claims
		keep := map[quad.IRI][]quad.Quad{}
		for _, m := range ex.Mentions {
			keep[mentionNode(m.ID)] = mentionQuads(dn, d.Lang, m)
		}
		kept, err := t.removeMentions(dn, keep)
		if err != nil {
			return schema.WriteResult{}, err
		}
		for _, m := range ex.Mentions {
			if !kept[mentionNode(m.ID)] {
				t.addMention(dn, d.Lang, m, true)
			}
		}
		t.setDigest(dn, first(s.props(ctx, dn, s.newNames()), pName), d.Lang, ex.Mentions)
		res.Replaced++
		res.Mentions += len(ex.Mentions)
	}
	return s.apply(ctx, t, res)
}

// apply writes a transaction's changes and counts them in res.
func (s *Store) apply(ctx context.Context, t *txn, res schema.WriteResult) (schema.WriteResult, error) {
	adds, dels := t.deltas()
	res.Quads = len(adds) + len(dels)
	if res.Quads == 0 {
		return res, nil
	}
	if err := ctx.Err(); err != nil {
		return schema.WriteResult{}, err
	}
	// Additions and removals go in two transactions, additions first:
	// Cayley's KV backends lose node references when one transaction both
	// adds and removes quads sharing a node whose count drops. A crash
	// between the two leaves the old version next to the new one, and the
	// next ingest of that path removes it.
	for _, part := range [][]graph.Delta{adds, dels} {
		if len(part) == 0 {
			continue
		}
		if err := s.applyDeltas(ctx, part, graph.IgnoreOpts{}); err != nil {
			return schema.WriteResult{}, fmt.Errorf("write %d quads: %w", len(part), err)
		}
	}
	return res, nil
}

// applyDeltas writes deltas that all add or all remove quads, each a real
// change (a quad not stored, or stored), and commits the counters' changes
// with them.
func (s *Store) applyDeltas(ctx context.Context, ds []graph.Delta, opts graph.IgnoreOpts) error {
	if s.readOnly {
		return errReadOnly
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	sign := int64(1)
	qs := make([]quad.Quad, len(ds))
	for i, d := range ds {
		qs[i] = d.Quad
		if d.Action == graph.Delete {
			sign = -1
		}
	}
	s.counters.stage(s.counterDelta(ctx, qs, sign))
	if d, ok := s.counters.(digestKeeper); ok {
		d.stageDigests(digestChanges(qs, sign < 0))
	}
	if e, ok := s.counters.(evidenceKeeper); ok {
		var docOf func(string) string
		if e.keyedByDoc() {
			docOf = func(id string) string { return s.mentionDoc(ctx, id) }
		}
		e.stageEvidence(evidenceChanges(qs, sign < 0, docOf))
	}
	err := s.applyQuads(ctx, ds, opts)
	s.counters.done(err == nil)
	s.claimState.applied(ds, err == nil)
	return err
}

// docKey is what identifies "the same document" across versions: its path
// or URL, else its given name.
func docKey(d schema.Document) string {
	switch {
	case d.Path != "":
		return d.Path
	case d.URL != "":
		return d.URL
	}
	return ""
}

func (s *Store) docsByKey(ctx context.Context, key string) []string {
	var out []string
	for _, p := range []quad.IRI{pPath, pURL} {
		subjs, ok := s.pre.subjectsWith(p, quad.String(key))
		if !ok || len(subjs) > 1 { // several: in the order Cayley lists them
			subjs = s.subjectsWith(ctx, p, quad.String(key))
		}
		for _, subj := range subjs {
			out = append(out, ID(subj)[len("doc/"):])
		}
	}
	return out
}

// subjectsWith lists the subjects of quads (?, p, o).
func (s *Store) subjectsWith(ctx context.Context, p quad.Value, o quad.Value) []quad.Value {
	ref := s.qs.ValueOf(o)
	if ref == nil {
		return nil
	}
	pref := s.qs.ValueOf(p)
	if pref == nil {
		return nil
	}
	pkey := graph.ToKey(pref)
	it := s.qs.QuadIterator(quad.Object, ref)
	defer it.Close()
	var out []quad.Value
	for it.Next(ctx) {
		r := it.Result()
		pr := s.qs.QuadDirection(r, quad.Predicate)
		if pr == nil || graph.ToKey(pr) != pkey {
			continue
		}
		if v := s.qs.NameOf(s.qs.QuadDirection(r, quad.Subject)); v != nil {
			out = append(out, v)
		}
	}
	return out
}

// addDoc adds a document that is not stored. Its node and its mentions'
// nodes are new (a mention's ID hashes its document's), so their quads
// are added without looking them up.
func (t *txn) addDoc(ex schema.Extraction) {
	d := ex.Doc
	dn := docNode(d.ID)
	t.addNew(quad.Make(dn, pType, cDocument, nil))
	t.addNew(quad.Make(dn, pHash, quad.String(d.ID), nil))
	for _, pv := range []struct {
		p quad.IRI
		v string
	}{{pName, d.Name}, {pPath, d.Path}, {pTitle, d.Title}, {pURL, d.URL}, {pOutlet, d.Outlet}, {pPublished, d.Published}, {pLang, d.Lang}} {
		if pv.v != "" {
			t.addNew(quad.Make(dn, pv.p, quad.String(pv.v), nil))
		}
	}
	if d.Text != "" {
		t.addNew(textQuad(d))
	}
	for _, m := range ex.Mentions {
		t.addMention(dn, d.Lang, m, true)
	}
	t.addNew(digestQuad(dn, d.Name, d.Lang, ex.Mentions))
}

// textQuad holds a document's cleaned text, tagged with its language when
// it has one.
func textQuad(d schema.Document) quad.Quad {
	var v quad.Value = quad.String(d.Text)
	if d.Lang != "" {
		v = quad.LangString{Value: quad.String(d.Text), Lang: d.Lang}
	}
	return quad.Make(docNode(d.ID), pText, v, nil)
}

func (t *txn) objectValue(pred, obj string) quad.Value {
	if schema.LiteralFacts[pred] {
		return quad.String(obj)
	}
	return IRI(obj)
}

// addMention writes a mention of the document dn; its evidence is tagged
// with the document's language (docLang), else the mention's.
// fresh says that the mention is not stored (nor added by this batch), so
// that its quads are added without looking them up.
func (t *txn) addMention(dn quad.IRI, docLang string, m schema.Mention, fresh bool) {
	cn := claimNode(m.ClaimID)
	st := t.claimState(cn)
	if !st.exists {
		// a claim with no type quad has no quads: they are written and
		// removed together
		t.addNew(quad.Make(cn, pType, cClaim, nil))
		t.addNew(quad.Make(cn, pSubject, IRI(m.Subject), nil))
		t.addNew(quad.Make(cn, pPredicate, IRI(m.Predicate), nil))
		t.addNew(quad.Make(cn, pObject, t.objectValue(m.Predicate, m.Object), nil))
		t.addNew(quad.Make(cn, pEvent, IRI(m.Event), nil))
		for _, pv := range []struct {
			p quad.IRI
			v string
		}{{pTarget, m.Target}, {pCondition, m.Condition}, {pAbout, m.About}} {
			if pv.v != "" {
				t.addNew(quad.Make(cn, pv.p, IRI(pv.v), nil))
			}
		}
		for _, id := range []string{m.Subject, m.Predicate, m.Event, m.Target, m.Condition, m.About, m.Object} {
			t.addTerm(id)
		}
		st.exists = true
	}
	t.addTerm(m.Source)
	for _, q := range mentionQuads(dn, docLang, m) {
		if fresh {
			t.addNew(q)
		} else {
			t.add(q)
		}
	}
	// the direct edge, labeled with the claim; a denial uses not_<pred>.
	// The claim node carries a marker per polarity it has mentions of, so
	// that the edge's existence is known from the claim's few quads.
	if !t.marked(cn, st, m.Polarity) {
		t.addNew(quad.Make(cn, pHasPolarity, quad.String(m.Polarity), nil))
		t.addNew(directEdge(m.Subject, m.Predicate, t.objectValue(m.Predicate, m.Object), m.Polarity, cn))
		st.polarity[m.Polarity] = true
	}
	t.newMentions[string(cn)] = append(t.newMentions[string(cn)], m.Polarity)
}

// claimState is what a batch knows of a claim: whether it has its quads,
// and whether it has the marker (and direct edge) of the polarities asked
// about so far.
type claimState struct {
	exists   bool
	polarity map[string]bool
}

// claimState looks up once per batch whether a claim has its type quad
// (its markers are looked up when asked: marked), in the quads read
// before the batch (PostgreSQL), the writer's cache or the store; the
// batch keeps the state current as it adds to the claim. (Removals go
// through pruneClaim, which drops the state.)
func (t *txn) claimState(cn quad.IRI) *claimState {
	if st, ok := t.claims[cn]; ok {
		return st
	}
	st := &claimState{polarity: map[string]bool{}, exists: t.has(quad.Make(cn, pType, cClaim, nil))}
	t.claims[cn] = st
	return st
}

// marked says whether the claim cn (whose state is st) has the marker of
// polarity pol.
func (t *txn) marked(cn quad.IRI, st *claimState, pol string) bool {
	if v, ok := st.polarity[pol]; ok {
		return v
	}
	v := t.has(quad.Make(cn, pHasPolarity, quad.String(pol), nil))
	st.polarity[pol] = v
	return v
}

// mentionQuads lists the quads of a mention of the document dn.
func mentionQuads(dn quad.IRI, docLang string, m schema.Mention) []quad.Quad {
	mn := mentionNode(m.ID)
	lang := docLang // the evidence is a sentence of the document
	if lang == "" {
		lang = m.Lang
	}
	if lang == "" {
		lang = "und"
	}
	qs := []quad.Quad{
		quad.Make(mn, pType, cMention, nil),
		quad.Make(mn, pClaim, claimNode(m.ClaimID), nil),
		quad.Make(mn, pDoc, dn, nil),
		quad.Make(mn, pPolarity, quad.String(m.Polarity), nil),
		quad.Make(mn, pSource, IRI(m.Source), nil),
		quad.Make(mn, pEvidence, quad.LangString{Value: quad.String(m.Evidence), Lang: lang}, nil),
	}
	if m.EvidenceNorm != "" {
		qs = append(qs, quad.Make(mn, pEvidenceNorm, quad.String(m.EvidenceNorm), nil))
	}
	qs = append(qs,
		quad.Make(mn, pSentence, quad.Int(m.Sentence), nil),
		quad.Make(mn, pStart, quad.Int(m.Start), nil),
		quad.Make(mn, pEnd, quad.Int(m.End), nil),
		quad.Make(mn, pRule, quad.String(m.Rule), nil),
		quad.Make(mn, pConfidence, quad.Float(m.Confidence), nil),
	)
	if m.Approx {
		qs = append(qs, quad.Make(mn, pApprox, quad.Bool(true), nil))
	}
	return qs
}

// polarities counts the mentions of a claim by polarity: all of them, and
// those left once this batch's removals apply. Both include the batch's
// additions.
func (t *txn) polarities(cn quad.IRI) (all, left map[string]int) {
	all, left = map[string]int{}, map[string]int{}
	for _, mn := range t.s.subjectsWith(t.ctx, pClaim, cn) {
		gone := t.goneMention[string(mn.(quad.IRI))]
		for _, q := range t.s.quadsOf(t.ctx, mn) {
			if q.Predicate == pPolarity {
				all[ID(q.Object)]++
				if !gone {
					left[ID(q.Object)]++
				}
			}
		}
	}
	for _, p := range t.newMentions[string(cn)] {
		all[p]++
		left[p]++
	}
	return all, left
}

func directEdge(subj, pred string, obj quad.Value, pol string, cn quad.IRI) quad.Quad {
	p := IRI(pred)
	if pol == schema.Negative {
		p = NegatedPredicate(pred)
	}
	return quad.Make(IRI(subj), p, obj, cn)
}

// addTerm writes a vocabulary node's labels once.
func (t *txn) addTerm(id string) {
	if id == "" || t.s.labeled[id] {
		return
	}
	term, ok := t.s.terms[id]
	if !ok {
		return
	}
	n := IRI(id)
	class := IRI(termClass(term.Kind))
	for _, v := range t.s.subjectsWith(t.ctx, pType, class) {
		if v == quad.Value(n) {
			t.s.labeled[id] = true
			return
		}
	}
	t.add(quad.Make(n, pType, class, nil))
	if term.En != "" {
		t.add(quad.Make(n, pLabel, quad.LangString{Value: quad.String(term.En), Lang: "en"}, nil))
	}
	if term.Ar != "" {
		t.add(quad.Make(n, pLabel, quad.LangString{Value: quad.String(term.Ar), Lang: "ar"}, nil))
	}
	if term.Type != "" {
		t.add(quad.Make(n, pKind, quad.String(term.Type), nil))
	}
	t.s.labeled[id] = true
}

func termClass(kind string) string {
	switch kind {
	case "actor":
		return "Actor"
	case "predicate":
		return "Predicate"
	case "topic":
		return "Topic"
	case "event":
		return "Event"
	}
	return "Term"
}

// quadsOf lists the stored quads whose subject is n.
func (s *Store) quadsOf(ctx context.Context, n quad.Value) []quad.Quad {
	ref := s.qs.ValueOf(n)
	if ref == nil {
		return nil
	}
	it := s.qs.QuadIterator(quad.Subject, ref)
	defer it.Close()
	var out []quad.Quad
	for it.Next(ctx) {
		out = append(out, s.qs.Quad(it.Result()))
	}
	return out
}

// removeDoc removes a document, its mentions, and the claims and direct
// edges no other mention supports any more.
func (t *txn) removeDoc(id string) error {
	dn := docNode(id)
	if _, err := t.removeMentions(dn, nil); err != nil {
		return err
	}
	for _, q := range t.s.quadsOf(t.ctx, dn) {
		t.remove(q)
	}
	return t.ctx.Err()
}

// removeMentions removes a document's mentions, and the claims and direct
// edges no other mention supports any more; the document stays. The
// stored mentions in keep stay too, their quads made those listed; it
// returns them.
func (t *txn) removeMentions(dn quad.IRI, keep map[quad.IRI][]quad.Quad) (map[quad.IRI]bool, error) {
	ctx := t.ctx
	s := t.s
	kept := map[quad.IRI]bool{}
	touched := map[string]bool{}
	for _, mn := range s.subjectsWith(ctx, pDoc, dn) {
		if want, ok := keep[mn.(quad.IRI)]; ok {
			kept[mn.(quad.IRI)] = true
			t.update(mn, want)
			continue
		}
		for _, q := range s.quadsOf(ctx, mn) {
			if q.Predicate == pClaim {
				touched[string(q.Object.(quad.IRI))] = true
			}
			t.remove(q)
		}
		t.goneMention[string(mn.(quad.IRI))] = true
	}
	for cn := range touched {
		t.pruneClaim(quad.IRI(cn))
	}
	return kept, ctx.Err()
}

// update makes the stored quads of node n the quads want.
func (t *txn) update(n quad.Value, want []quad.Quad) {
	wanted := make(map[quad.Quad]bool, len(want))
	for _, q := range want {
		wanted[q] = true
	}
	have := map[quad.Quad]bool{}
	for _, q := range t.s.quadsOf(t.ctx, n) {
		have[q] = true
		if !wanted[q] {
			t.remove(q)
		}
	}
	for _, q := range want {
		if !have[q] {
			t.add(q)
		}
	}
}

// pruneClaim drops a claim's quads when no mention is left, and each
// direct edge when no mention of its polarity is left.
func (t *txn) pruneClaim(cn quad.IRI) {
	delete(t.claims, cn)
	s := t.s
	all, left := t.polarities(cn)
	props := s.quadsOf(t.ctx, cn)
	var subj, pred string
	var obj quad.Value
	for _, q := range props {
		switch q.Predicate {
		case pSubject:
			subj = ID(q.Object)
		case pPredicate:
			pred = ID(q.Object)
		case pObject:
			obj = q.Object
		}
	}
	for _, pol := range []string{schema.Positive, schema.Negative} {
		if all[pol] > 0 && left[pol] == 0 && subj != "" {
			t.removeKnown(directEdge(subj, pred, obj, pol, cn))
			t.remove(quad.Make(cn, pHasPolarity, quad.String(pol), nil))
		}
	}
	if left[schema.Positive]+left[schema.Negative] == 0 {
		for _, q := range props {
			t.remove(q)
		}
	}
}
