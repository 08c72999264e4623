package graph

import (
	"context"
	"strings"

	"github.com/cayleygraph/quad"
)

// Store-wide counters: documents, claims, mentions, and mentions per event
// and per source. Every write derives their changes from the quads it adds
// or removes and commits them with those quads, so that stats reads a few
// counters instead of every mention. Names: "documents", "claims",
// "mentions", "event/<id>", "source/<id>".
const (
	cDocuments = "documents"
	cClaims    = "claims"
	cMentions  = "mentions"
	cEvent     = "event/"
	cSource    = "source/"
	// cQuads, on PostgreSQL, is the number of quads: Cayley counts them
	// exactly only by reading the whole table (see pgcounters.go)
	cQuads = "quads"
)

// counterStore keeps the counters of one backend.
type counterStore interface {
	// load returns the counters; ok is false when the store keeps none
	// (a store written before counters were kept, or a backend without).
	load(ctx context.Context) (c map[string]int64, ok bool, err error)
	// stage hands the next write the counter changes to commit with it;
	// done says whether that write landed.
	stage(delta map[string]int64)
	done(landed bool)
	// reset replaces every counter, and marks the counters kept.
	reset(ctx context.Context, all map[string]int64) error
}

// memCounters keeps the counters of a memstore, which lives as long as the
// process.
type memCounters struct {
	c      map[string]int64
	staged map[string]int64
}

func newMemCounters() *memCounters { return &memCounters{c: map[string]int64{}} }

func (m *memCounters) load(context.Context) (map[string]int64, bool, error) {
	out := make(map[string]int64, len(m.c))
	for k, v := range m.c {
		out[k] = v
	}
	return out, true, nil
}

func (m *memCounters) stage(delta map[string]int64) { m.staged = delta }

func (m *memCounters) done(landed bool) {
	if landed {
		for k, d := range m.staged {
			if m.c[k] += d; m.c[k] == 0 {
				delete(m.c, k)
			}
		}
	}
	m.staged = nil
}

func (m *memCounters) reset(_ context.Context, all map[string]int64) error {
	m.c = map[string]int64{}
	for k, v := range all {
		if v != 0 {
			m.c[k] = v
		}
	}
	return nil
}

// noCounters is a backend that keeps no counters (CockroachDB): stats
// counts.
type noCounters struct{}

func (noCounters) load(context.Context) (map[string]int64, bool, error) { return nil, false, nil }
func (noCounters) stage(map[string]int64)                               {}
func (noCounters) done(bool)                                            {}
func (noCounters) reset(context.Context, map[string]int64) error        { return nil }

// initLock takes, on PostgreSQL, the store's write lock for a piece of
// work done once when a store is opened for writing: one process does
// it, the others wait and find it done. Elsewhere it does nothing.
func (s *Store) initLock(ctx context.Context) (unlock func(), err error) {
	if s.pg == nil {
		return func() {}, nil
	}
	return s.pg.lock(ctx)
}

// initCounters counts a store that keeps no counters yet, once, when it is
// opened for writing.
func (s *Store) initCounters(ctx context.Context) error {
	if _, ok := s.counters.(noCounters); ok {
		return nil
	}
	// one process counts, the others wait and find the counters
	unlock, err := s.initLock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	c, ok, err := s.counters.load(ctx)
	if err != nil {
		return err
	}
	if pc, isPG := s.counters.(*pgCounters); isPG && ok {
		if _, kept := c[cQuads]; !kept {
			// counters kept before the quads were: count them once
			qst, err := s.qs.Stats(ctx, true)
			if err != nil {
				return err
			}
			if err := pc.setQuads(ctx, qst.Quads.Size); err != nil {
				return err
			}
		}
	}
	if !ok {
		all, err := s.recount(ctx)
		if err != nil {
			return err
		}
		if err := s.counters.reset(ctx, all); err != nil {
			return err
		}
	}
	if b, isBolt := s.counters.(*boltStore); isBolt {
		return b.ensureLean(ctx)
	}
	return nil
}

// recount counts documents, claims and mentions by reading every claim and
// mention: what the counters must always equal.
func (s *Store) recount(ctx context.Context) (map[string]int64, error) {
	c := map[string]int64{}
	c[cDocuments] = int64(len(s.subjectsWith(ctx, pType, cDocument)))
	claims := s.subjectsWith(ctx, pType, cClaim)
	c[cClaims] = int64(len(claims))
	nm := s.newNames()
	for _, cn := range claims {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ev := first(s.props(ctx, cn, nm), pEvent)
		for _, mn := range s.subjectsWith(ctx, pClaim, cn) {
			c[cMentions]++
			c[cEvent+ev]++
			c[cSource+first(s.props(ctx, mn, nm), pSource)]++
		}
	}
	for k, v := range c {
		if v == 0 {
			delete(c, k)
		}
	}
	if s.sqlw != nil {
		// kept even when 0: a count, not a missing one
		qst, err := s.qs.Stats(ctx, true)
		if err != nil {
			return nil, err
		}
		c[cQuads] = qst.Quads.Size
	}
	return c, ctx.Err()
}

// counterDelta derives the counters' changes from one write's quads: the
// quads it adds (sign +1) or removes (-1), all of them real changes. The
// event of a mention is its claim's: a mention added or removed counts
// under it when the claim's event quad stays; a claim's event quad added
// or removed counts every mention the claim has with it.
func (s *Store) counterDelta(ctx context.Context, qs []quad.Quad, sign int64) map[string]int64 {
	d := map[string]int64{}
	eventQuad := map[quad.IRI]string{} // claims whose event quad this write changes
	for _, q := range qs {
		if q.Predicate == pEvent && q.Label == nil {
			if cn, ok := q.Subject.(quad.IRI); ok && strings.HasPrefix(string(cn), Prefix+"claim/") {
				eventQuad[cn] = ID(q.Object)
			}
		}
	}
	if s.sqlw != nil {
		d[cQuads] += sign * int64(len(qs)) // each a real change
	}
	claimMentions := map[quad.IRI]int64{} // per claim of eventQuad, this write's mentions
	for _, q := range qs {
		if q.Label != nil {
			continue
		}
		switch q.Predicate {
		case pType:
			switch q.Object {
			case cDocument:
				d[cDocuments] += sign
			case cClaim:
				d[cClaims] += sign
			case cMention:
				d[cMentions] += sign
			}
		case pSource:
			if strings.HasPrefix(string(asIRI(q.Subject)), Prefix+"mention/") {
				d[cSource+ID(q.Object)] += sign
			}
		case pClaim:
			cn := asIRI(q.Object)
			if _, ok := eventQuad[cn]; ok {
				claimMentions[cn]++
				continue
			}
			if ev, ok := s.claimEvent(ctx, cn); ok {
				d[cEvent+ev] += sign
			}
		}
	}
	if s.sqlw != nil && s.pre != nil && len(eventQuad) > 0 {
		// the mentions of the claims whose event quad changes, in one
		// query; on an error each is read below
		edges := make([][2]quad.Value, 0, len(eventQuad))
		for cn := range eventQuad {
			edges = append(edges, [2]quad.Value{pClaim, cn})
		}
		_ = s.sqlw.countEdges(ctx, edges, s.pre.counts)
	}
	for cn, ev := range eventQuad {
		// adding: the claim's mentions after the write, the stored ones
		// and this write's; removing: those before it, all stored
		n, ok := s.pre.countSubjectsWith(pClaim, cn)
		if !ok {
			n = len(s.subjectsWith(ctx, pClaim, cn))
		}
		if sign > 0 {
			n += int(claimMentions[cn])
		}
		d[cEvent+ev] += sign * int64(n)
	}
	for k, v := range d {
		if v == 0 {
			delete(d, k)
		}
	}
	return d
}

func asIRI(v quad.Value) quad.IRI {
	iri, _ := v.(quad.IRI)
	return iri
}

// claimEvent reads the event of a stored claim.
func (s *Store) claimEvent(ctx context.Context, cn quad.IRI) (string, bool) {
	if ev, ok := s.events[cn]; ok {
		return ev, true
	}
	qs, ok := s.pre.quadsOf(cn)
	if !ok {
		// the one quad, not all the claim's
		v, ok := s.objectOf(ctx, cn, pEvent)
		if !ok {
			return "", false
		}
		s.events[cn] = ID(v)
		return ID(v), true
	}
	for _, q := range qs {
		if q.Predicate != pEvent {
			continue
		}
		ev := ID(q.Object)
		s.events[cn] = ev
		return ev, true
	}
	return "", false
}
