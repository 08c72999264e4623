package graph

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/claimgraph/claimgraph/schema"
)

// The analyses decide on a lean form of the mentions: per mention its
// claim (shared by all its mentions), document, source, polarity and
// place, and where to read the rest. Read from the digests, a mention
// costs a few words and no string of its own; the analyses group the
// claims, not the mentions, and build whole mentions only for the ones
// they return.

// leanClaim is a claim as the analyses meet it, shared by its mentions.
type leanClaim struct {
	schema.Claim
	id   string
	fact bool  // a single-valued fact of its event
	keep bool  // passes the claim fields of the set's filter
	ix   int32 // its index in the set's claims table
	ord  int32 // the order of its first mention in the set; -1 before
}

// leanDoc is a document of a set.
type leanDoc struct {
	id, name string
	digest   string // its digest, when the set was read from the digests
	nameOrd  int32  // one number per name
}

// A mention's polarity in a set: positive, negative or another (an
// imported graph's).
const (
	polPositive uint8 = iota
	polNegative
	polOther
)

// polCode is the code of a polarity.
func polCode(p string) uint8 {
	switch p {
	case schema.Positive:
		return polPositive
	case schema.Negative:
		return polNegative
	}
	return polOther
}

// lean is one mention of a set: numbers only, so that a million of them
// are a few dozen megabytes the garbage collector need not look into.
type lean struct {
	c        int32 // index into mset.ctab
	doc      int32 // index into mset.dtab
	src      int32 // index into mset.sources
	sentence int32
	at       int32 // its line in the document's digest (0 the first mention's), or its index in mset.full
	pol      uint8 // polPositive, polNegative or polOther
	approx   bool
}

// mset is a set of mentions in the order of Mentions, with each claim's
// mentions grouped.
type mset struct {
	ms      []lean
	ctab    []*leanClaim // the claims the mentions name, by lean.c
	dtab    []*leanDoc   // the documents, by lean.doc
	sources []string
	names   []string         // the documents' names, by nameOrd
	full    []schema.Mention // the mentions themselves, when the set was made of them
	claims  []*leanClaim     // by ord
	groups  []group          // each claim's mentions, by ord
	st      stamps           // distinct's scratch space
	// digestsOf reads documents' digests (Store.digestsOf), for a set
	// read from the lean records; err is its first error
	digestsOf func(docs []string) (map[string]string, error)
	err       error
}

// claim is the claim of mention l.
func (s *mset) claim(l *lean) *leanClaim { return s.ctab[l.c] }

// doc is the document of mention l.
func (s *mset) doc(l *lean) *leanDoc { return s.dtab[l.doc] }

// id is the ID of mention l, read from its document's digest when the set
// was read from the digests (which must have been read).
func (s *mset) id(l *lean) string {
	if s.full != nil {
		return s.full[l.at].ID
	}
	line := digestLine(s.dtab[l.doc].digest, int(l.at))
	if k := strings.IndexByte(line, '\t'); k > 0 {
		return line[:k]
	}
	return ""
}

// mention builds mention i whole, without its evidence when the set was
// read from the digests.
func (s *mset) mention(i int32) schema.Mention {
	l := &s.ms[i]
	if s.full != nil {
		return s.full[l.at]
	}
	c, d := s.claim(l), s.doc(l)
	if err := s.readDigests(s.ms[i : i+1]); err != nil {
		s.err = cmp.Or(s.err, err)
		pol := [...]string{schema.Positive, schema.Negative, ""}[l.pol]
		return schema.Mention{ClaimID: c.id, Claim: c.Claim, Polarity: pol, DocID: d.id, Doc: d.name}
	}
	line := digestLine(d.digest, int(l.at))
	m, err := parseDigestLine(d.id, d.name, line, c)
	if err != nil {
		// the line was read once already without error
		panic(fmt.Sprintf("digest of document %s: %v", d.id, err))
	}
	return m
}

// readDigests reads the digests of the documents of ls read from lean
// records, a chunk of documents at a time: they hold the rest of their
// mentions.
func (s *mset) readDigests(ls []lean) error {
	if s.digestsOf == nil {
		return nil
	}
	var want []string
	var docs []*leanDoc
	seen := map[int32]bool{}
	flush := func() error {
		got, err := s.digestsOf(want)
		if err != nil {
			return err
		}
		for _, d := range docs {
			if d.digest = got[d.id]; d.digest == "" {
				return fmt.Errorf("document %s has a lean record and no digest", d.id)
			}
		}
		want, docs = want[:0], docs[:0]
		return nil
	}
	for i := range ls {
		if d := s.doc(&ls[i]); d.digest == "" && !seen[ls[i].doc] {
			seen[ls[i].doc] = true
			want, docs = append(want, d.id), append(docs, d)
			if len(want) == digestChunk {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	if len(want) > 0 {
		return flush()
	}
	return nil
}

// prefetch reads, in chunks, the digests of the first n mentions of each
// of gs (all when n is 0): those side builds.
func (s *mset) prefetch(gs []group, n int) {
	if s.digestsOf == nil {
		return
	}
	var ls []lean
	for _, g := range gs {
		if n > 0 && len(g) > n {
			g = g[:n]
		}
		for _, i := range g {
			ls = append(ls, s.ms[i])
		}
	}
	s.err = cmp.Or(s.err, s.readDigests(ls))
}

// leanFromMentions makes a set of mentions given in the order of
// Mentions.
func leanFromMentions(ms []schema.Mention) *mset {
	s := &mset{ms: make([]lean, len(ms)), full: ms}
	claims := map[string]*leanClaim{}
	docs := map[string]int32{}
	names := map[string]int32{}
	srcs := map[string]int32{}
	for i := range ms {
		m := &ms[i]
		c := claims[m.ClaimID]
		if c == nil {
			c = &leanClaim{Claim: m.Claim, id: m.ClaimID, fact: SingleValued[m.Predicate], keep: true, ix: int32(len(s.ctab)), ord: -1}
			claims[m.ClaimID] = c
			s.ctab = append(s.ctab, c)
		}
		d, ok := docs[m.DocID+"\x00"+m.Doc]
		if !ok {
			d = s.newDoc(m.DocID, m.Doc, "", names)
			docs[m.DocID+"\x00"+m.Doc] = d
		}
		src, ok := srcs[m.Source]
		if !ok {
			src = int32(len(s.sources))
			s.sources = append(s.sources, m.Source)
			srcs[m.Source] = src
		}
		s.ms[i] = lean{c: c.ix, doc: d, pol: polCode(m.Polarity), src: src, sentence: int32(m.Sentence), at: int32(i), approx: m.Approx}
	}
	s.group()
	return s
}

// newDoc numbers a document of the set, and its name, and says its index
// in the set's documents.
func (s *mset) newDoc(id, name, digest string, names map[string]int32) int32 {
	n, ok := names[name]
	if !ok {
		n = int32(len(s.names))
		s.names = append(s.names, name)
		names[name] = n
	}
	s.dtab = append(s.dtab, &leanDoc{id: id, name: name, digest: digest, nameOrd: n})
	return int32(len(s.dtab) - 1)
}

// group numbers the claims in the order of their first mention and
// lists each claim's mentions.
func (s *mset) group() {
	// counted first, the groups cut from one array
	var counts []int32
	for i := range s.ms {
		c := s.ctab[s.ms[i].c]
		if c.ord < 0 {
			c.ord = int32(len(s.claims))
			s.claims = append(s.claims, c)
			counts = append(counts, 0)
		}
		counts[c.ord]++
	}
	all := make([]int32, len(s.ms))
	s.groups = make([]group, len(s.claims))
	at := 0
	for k, n := range counts {
		s.groups[k] = all[at : at : at+int(n)]
		at += int(n)
	}
	for i := range s.ms {
		k := s.ctab[s.ms[i].c].ord
		s.groups[k] = append(s.groups[k], int32(i))
	}
}

// newDigestReader reads the mentions that pass f.
func newDigestReader(f schema.Filter) *digestReader {
	return &digestReader{f: f, claims: map[string]*leanClaim{}, hexClaims: map[uint64]*leanClaim{}, srcs: map[string]int32{}, names: map[string]int32{},
		byDoc: f.Doc != "", mentionFilter: f.Polarity != "" || f.Source != "" || f.Lang != "",
		langs: map[string]bool{}}
}

// leanDigests reads the set of the mentions that pass f: from the lean
// records where the store keeps one per document, else from the digests.
// ok is false when a document has neither.
func (s *Store) leanDigests(ctx context.Context, f schema.Filter) (*mset, bool, error) {
	var set *mset
	var docs [][]lean
	total := 0
	keep := func(ls []lean) {
		docs = append(docs, ls)
		total += len(ls)
	}
	if b, isBolt := s.counters.(*boltStore); isBolt {
		c, kept, err := s.counters.load(ctx)
		if err != nil {
			return nil, false, err
		}
		if kept {
			// sized for the store's claims and documents
			nc, nd := int(max(0, min(c[cClaims], 1<<24))), int(max(0, min(c[cDocuments], 1<<24)))
			set = &mset{ctab: make([]*leanClaim, 0, nc), dtab: make([]*leanDoc, 0, nd)}
			r := newDigestReader(f)
			r.claims, r.hexClaims, r.names = make(map[string]*leanClaim, nc), make(map[uint64]*leanClaim, nc), make(map[string]int32, nd)
			n, ok, err := b.eachLean(ctx, set, r, keep)
			if err != nil {
				return nil, false, err
			}
			if ok && int64(n) == c[cDocuments] {
				set.digestsOf = func(docs []string) (map[string]string, error) { return s.digestsOf(ctx, docs) }
			} else {
				set, docs, total = nil, nil, 0 // written before the records were kept
			}
		}
	}
	if set == nil {
		set = &mset{}
		r := newDigestReader(f)
		ok, err := s.eachStoredDigest(ctx, func(doc, digest string) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			ls, err := r.read(set, doc, digest)
			if err != nil {
				return err
			}
			if len(ls) > 0 {
				keep(ls)
			}
			return nil
		})
		if err != nil || !ok {
			return nil, false, err
		}
	}
	// the documents in name order; the mentions of documents that share a
	// name sorted together
	// (by name, then as read: a stable order, sorted by an unstable sort)
	name := func(ls []lean) string { return set.dtab[ls[0].doc].name }
	type ranked struct {
		ls []lean
		i  int
	}
	rs := make([]ranked, len(docs))
	for i, ls := range docs {
		rs[i] = ranked{ls, i}
	}
	slices.SortFunc(rs, func(a, b ranked) int { return cmp.Or(strings.Compare(name(a.ls), name(b.ls)), a.i-b.i) })
	for i := range rs {
		docs[i] = rs[i].ls
	}
	set.ms = make([]lean, 0, total)
	for i := 0; i < len(docs); {
		j := i + 1
		for j < len(docs) && name(docs[j]) == name(docs[i]) {
			j++
		}
		from := len(set.ms)
		for _, d := range docs[i:j] {
			set.ms = append(set.ms, d...)
		}
		if part := set.ms[from:]; j > i+1 {
			// documents of one name: their mentions sorted together, by
			// their IDs too
			if err := set.readDigests(part); err != nil {
				return nil, false, err
			}
			slices.SortFunc(part, set.cmpLean)
		}
		i = j
	}
	set.group()
	return set, true, ctx.Err()
}

// cmpLean orders the mentions of documents of one name as SortMentions
// does; the mentions' IDs, when they are needed, come from the digests.
func (s *mset) cmpLean(a, b lean) int {
	if a.sentence != b.sentence {
		return int(a.sentence - b.sentence)
	}
	ac, bc := s.ctab[a.c], s.ctab[b.c]
	if c := strings.Compare(ac.Predicate, bc.Predicate); c != 0 {
		return c
	}
	if c := strings.Compare(ac.Subject, bc.Subject); c != 0 {
		return c
	}
	if c := strings.Compare(ac.Object, bc.Object); c != 0 {
		return c
	}
	return strings.Compare(s.id(&a), s.id(&b))
}

// digestReader reads digests into a set, sharing each claim, source,
// polarity and language string among the mentions.
type digestReader struct {
	f      schema.Filter
	byDoc  bool
	claims map[string]*leanClaim
	// the claims whose IDs are 16 lowercase hex digits (all claimgraph
	// makes), by their number: looked up without hashing a string
	hexClaims map[uint64]*leanClaim
	srcs      map[string]int32 // by the source as written in the digest
	// mentionFilter says whether the filter looks at a mention's own
	// fields (polarity, source, language)
	mentionFilter bool
	// scratch space of readLean, and the arena its mentions go in
	strs      [][]byte
	claimRefs []*leanClaim
	polRefs   []int16 // a string's polarity code, -1 before
	srcRefs   []int32
	arena     []lean
	names     map[string]int32 // documents' names
	langs     map[string]bool  // whether a language passes the filter
}

// read reads the digest of document doc: its mentions that pass the
// filter.
func (r *digestReader) read(set *mset, doc, digest string) ([]lean, error) {
	rawName, body, err := digestHead(doc, digest)
	if err != nil {
		return nil, err
	}
	name := unescapeField(rawName)
	if r.byDoc && !r.docMatch(doc, name) {
		return nil, nil
	}
	d := set.newDoc(doc, name, digest, r.names)
	var out []lean
	err = eachDigestLine(doc, body, func(n int, f *[digestFields]string) error {
		c := r.claims[f[1]]
		if c == nil {
			c = r.claim(set, f[1], f[:])
		}
		if c.keep && (!r.mentionFilter || r.keepMention(f[2], f[3], f[10])) {
			src := r.source(set, f[3])
			sentence, err := strconv.Atoi(f[4])
			if err != nil {
				return fmt.Errorf("document %s: digest line %d: %w", doc, n+2, err)
			}
			out = append(out, lean{c: c.ix, doc: d, pol: polCode(f[2]), src: src, sentence: int32(sentence), at: int32(n), approx: f[9] == "1"})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !slices.IsSortedFunc(out, set.cmpLean) {
		slices.SortFunc(out, set.cmpLean)
	}
	return out, nil
}

// claim makes the claim id of the fields f of a digest line (the claim's
// as written, f[11:]) and keeps it, in set's claims table too.
func (r *digestReader) claim(set *mset, id string, f []string) *leanClaim {
	c := &leanClaim{Claim: schema.Claim{Subject: unescapeField(f[11]), Predicate: unescapeField(f[12]), Object: unescapeField(f[13]),
		Event: unescapeField(f[14]), Target: unescapeField(f[15]), Condition: unescapeField(f[16]), About: unescapeField(f[17])},
		id: id, ix: int32(len(set.ctab)), ord: -1}
	set.ctab = append(set.ctab, c)
	c.fact = SingleValued[c.Predicate]
	p := r.f
	c.keep = (p.Subject == "" || p.Subject == c.Subject) && (p.Predicate == "" || p.Predicate == c.Predicate) &&
		(p.Object == "" || p.Object == c.Object) && (p.Event == "" || p.Event == c.Event)
	r.claims[id] = c
	if n, ok := hex16(id); ok {
		r.hexClaims[n] = c
	}
	return c
}

// lookup is the claim of ID id the reader has met, or nil.
func (r *digestReader) lookup(id []byte) *leanClaim {
	if n, ok := hex16(id); ok {
		return r.hexClaims[n]
	}
	return r.claims[string(id)]
}

// hex16 reads an ID of 16 lowercase hex digits as a number.
func hex16[S ~string | ~[]byte](id S) (uint64, bool) {
	if len(id) != 16 {
		return 0, false
	}
	var n uint64
	for i := 0; i < 16; i++ {
		c := id[i]
		switch {
		case '0' <= c && c <= '9':
			n = n<<4 | uint64(c-'0')
		case 'a' <= c && c <= 'f':
			n = n<<4 | uint64(c-'a'+10)
		default:
			return 0, false
		}
	}
	return n, true
}

// source numbers a source as written in a digest.
func (r *digestReader) source(set *mset, src string) int32 {
	i, ok := r.srcs[src]
	if !ok {
		i = int32(len(set.sources))
		set.sources = append(set.sources, unescapeField(src))
		r.srcs[src] = i
	}
	return i
}

// docMatch says whether a document passes the filter's Doc.
func (r *digestReader) docMatch(id, name string) bool {
	return (schema.Filter{Doc: r.f.Doc}).MatchDoc(schema.Document{ID: id, Name: name})
}

// keepMention says whether a mention of a kept claim, with its polarity,
// source and language as written in the digest, passes the filter.
func (r *digestReader) keepMention(pol, src, lang string) bool {
	f := r.f
	if f.Polarity != "" && f.Polarity != pol {
		return false
	}
	if f.Source != "" && f.Source != unescapeField(src) {
		return false
	}
	if f.Lang != "" {
		ok, seen := r.langs[lang]
		if !seen {
			ok = schema.LangMatch(f.Lang, unescapeField(lang))
			r.langs[lang] = ok
		}
		return ok
	}
	return true
}

// digestHead checks the head line of document doc's digest, and returns
// the document's name as written and the mentions' lines.
func digestHead(doc, digest string) (name, body string, err error) {
	head := digest
	if nl := strings.IndexByte(digest, '\n'); nl >= 0 {
		head, body = digest[:nl], digest[nl+1:]
	}
	hf := strings.Split(head, "\t")
	if len(hf) != 3 || hf[0] != digestVersion {
		return "", "", fmt.Errorf("document %s: digest of an unknown version %q", doc, hf[0])
	}
	return hf[1], body, nil
}

// eachDigestLine calls fn with the number (0 the first) and the fields
// of each mention's line of a digest's body, until fn's first error.
func eachDigestLine(doc, body string, fn func(n int, f *[digestFields]string) error) error {
	if body == "" {
		return nil
	}
	var f [digestFields]string
	for n := 0; ; n++ {
		line, rest, more := strings.Cut(body, "\n")
		if !splitFields(line, f[:]) {
			return fmt.Errorf("document %s: digest line %d has %d fields, want %d", doc, n+2, strings.Count(line, "\t")+1, digestFields)
		}
		if err := fn(n, &f); err != nil {
			return err
		}
		if !more {
			return nil
		}
		body = rest
	}
}

// splitFields splits a digest line at its tabs into f, and says whether
// it has exactly len(f) fields.
func splitFields(line string, f []string) bool {
	for i := range f {
		if i == len(f)-1 {
			if strings.IndexByte(line, '\t') >= 0 {
				return false
			}
			f[i] = line
			return true
		}
		k := strings.IndexByte(line, '\t')
		if k < 0 {
			return false
		}
		f[i], line = line[:k], line[k+1:]
	}
	return true
}

// digestLine is the line of a digest's k-th mention (0 the first).
func digestLine(digest string, k int) string {
	at := strings.IndexByte(digest, '\n') + 1
	if at == 0 {
		return ""
	}
	for ; k > 0; k-- {
		e := strings.IndexByte(digest[at:], '\n')
		if e < 0 {
			return ""
		}
		at += e + 1
	}
	line := digest[at:]
	if e := strings.IndexByte(line, '\n'); e >= 0 {
		line = line[:e]
	}
	return line
}

// parseDigestLine reads one mention's line of the digest of document
// docID, named name; c, when not nil, is its claim.
func parseDigestLine(docID, name, line string, c *leanClaim) (schema.Mention, error) {
	var f [digestFields]string
	if !splitFields(line, f[:]) {
		return schema.Mention{}, fmt.Errorf("a digest line has %d fields, want %d", strings.Count(line, "\t")+1, digestFields)
	}
	m := schema.Mention{ID: f[0], ClaimID: f[1], Polarity: f[2], Source: unescapeField(f[3]), DocID: docID, Doc: name,
		Rule: unescapeField(f[7]), Approx: f[9] == "1", Lang: unescapeField(f[10])}
	var err error
	if m.Sentence, err = strconv.Atoi(f[4]); err == nil {
		if m.Start, err = strconv.Atoi(f[5]); err == nil {
			if m.End, err = strconv.Atoi(f[6]); err == nil {
				m.Confidence, err = strconv.ParseFloat(f[8], 64)
			}
		}
	}
	if err != nil {
		return schema.Mention{}, err
	}
	if c != nil {
		m.Claim = c.Claim
	} else {
		m.Claim = schema.Claim{Subject: unescapeField(f[11]), Predicate: unescapeField(f[12]), Object: unescapeField(f[13]), Event: unescapeField(f[14]),
			Target: unescapeField(f[15]), Condition: unescapeField(f[16]), About: unescapeField(f[17])}
	}
	return m, nil
}

// side is the first n mentions of g (all when n is 0 or less), built
// whole, and how many it left out.
func (s *mset) side(g group, n int) ([]schema.Mention, int) {
	k := len(g)
	if n > 0 && k > n {
		k = n
	}
	out := make([]schema.Mention, k)
	for i := range out {
		out[i] = s.mention(g[i])
	}
	return out, len(g) - k
}

// where is the part of g that keep holds for, in g's order.
func (s *mset) where(g group, keep func(*lean) bool) group {
	var out group
	for _, i := range g {
		if keep(&s.ms[i]) {
			out = append(out, i)
		}
	}
	return out
}

// union is the mentions of the groups, in the set's order.
func union(gs []group) group {
	if len(gs) == 1 {
		return gs[0]
	}
	n := 0
	for _, g := range gs {
		n += len(g)
	}
	out := make(group, 0, n)
	for _, g := range gs {
		out = append(out, g...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// stamps mark the documents distinct has met, by number, with the
// source it met first.
type stamps struct {
	stamp []uint32
	src   []int32
	gen   uint32
}

// strength is the number of independent sources of g: distinct source
// and document pairs. st is the caller's scratch space (s.st but in
// another goroutine).
func (s *mset) strength(st *stamps, g group) int {
	_, n := s.eachDistinct(st, g, func(l *lean) int32 { return l.doc + 1 }, false)
	return n
}

// distinct lists the distinct pairs of source and what of lean by gives
// (a document's number, or its name's: at most len(s.dtab)), among the
// mentions of g, in the order of their first mention.
func (s *mset) distinct(g group, by func(*lean) int32) []uint64 {
	out, _ := s.eachDistinct(&s.st, g, by, true)
	return out
}

// eachDistinct counts the pairs distinct lists, and lists them when list
// is true, in st's scratch space.
func (s *mset) eachDistinct(st *stamps, g group, by func(*lean) int32, list bool) ([]uint64, int) {
	key := func(l *lean) uint64 { return uint64(l.src)<<32 | uint64(uint32(by(l))) }
	if len(g) <= 16 {
		var buf [16]uint64
		out := buf[:0]
		for _, i := range g {
			if k := key(&s.ms[i]); !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
		if !list {
			return nil, len(out)
		}
		return slices.Clone(out), len(out)
	}
	// each document's (or name's) first source by a stamp, the others in
	// a set: a document rarely has two sources of one side
	if len(st.stamp) <= len(s.dtab) {
		st.stamp, st.src = make([]uint32, len(s.dtab)+1), make([]int32, len(s.dtab)+1)
	}
	st.gen++
	var out []uint64
	n := 0
	var more map[uint64]struct{}
	for _, i := range g {
		l := &s.ms[i]
		d := by(l)
		switch {
		case st.stamp[d] != st.gen:
			st.stamp[d], st.src[d] = st.gen, l.src
			n++
			if list {
				out = append(out, key(l))
			}
		case st.src[d] != l.src:
			if more == nil {
				more = map[uint64]struct{}{}
			}
			if k := key(l); !has(more, k) {
				more[k] = struct{}{}
				n++
				if list {
					out = append(out, k)
				}
			}
		}
	}
	return out, n
}

func has(m map[uint64]struct{}, k uint64) bool { _, ok := m[k]; return ok }

// sourcesOf names the distinct source-document pairs of g, for a summary:
// all of them up to three, else the first two and how many more.
func (s *mset) sourcesOf(g group) string {
	type pair struct{ src, doc string }
	ks := s.distinct(g, func(l *lean) int32 { return s.dtab[l.doc].nameOrd })
	ps := make([]pair, len(ks))
	for i, k := range ks {
		ps[i] = pair{s.sources[k>>32], s.names[uint32(k)]}
	}
	// the order of the strings "source in document", without making them
	cmp := func(a, b pair) int { return cmpJoined(a.src, a.doc, b.src, b.doc) }
	if len(ps) > 3 {
		// the two first, by one pass
		a, b := ps[0], ps[1]
		if cmp(b, a) < 0 {
			a, b = b, a
		}
		for _, p := range ps[2:] {
			switch {
			case cmp(p, a) < 0:
				a, b = p, a
			case cmp(p, b) < 0:
				b = p
			}
		}
		return fmt.Sprintf("%s in %s, %s in %s and %d more", a.src, a.doc, b.src, b.doc, len(ps)-2)
	}
	slices.SortFunc(ps, cmp)
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.src + " in " + p.doc
	}
	return joinAnd(out)
}

// cmpJoined compares a1+" in "+a2 with b1+" in "+b2.
func cmpJoined(a1, a2, b1, b2 string) int {
	const sep = " in "
	at := func(x1, x2 string, i int) (byte, bool) {
		switch {
		case i < len(x1):
			return x1[i], true
		case i < len(x1)+len(sep):
			return sep[i-len(x1)], true
		case i < len(x1)+len(sep)+len(x2):
			return x2[i-len(x1)-len(sep)], true
		}
		return 0, false
	}
	if a1 == b1 {
		return strings.Compare(a2, b2)
	}
	for i := 0; ; i++ {
		x, okx := at(a1, a2, i)
		y, oky := at(b1, b2, i)
		switch {
		case !okx && !oky:
			return 0
		case !okx:
			return -1
		case !oky:
			return 1
		case x != y:
			if x < y {
				return -1
			}
			return 1
		}
	}
}
