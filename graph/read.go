package graph

import (
	"context"
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
	if _, iri := v.(quad.IRI); iri || len(n.cache) < 1<<16 {
		n.cache[k] = v
	}
	return v
}

// props loads a node's properties: predicate → values. It resolves only
// the predicate and object of each quad, through the cache.
func (s *Store) props(ctx context.Context, n quad.Value, nm *names) map[quad.IRI][]quad.Value {
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
		if !ok {
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
// name, sentence and claim.
func (s *Store) Mentions(ctx context.Context, f schema.Filter) ([]schema.Mention, error) {
	docs := map[string]map[quad.IRI][]quad.Value{}
	nm := s.newNames()
	var out []schema.Mention
	for _, cn := range s.claimsMatching(ctx, f) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cp := s.props(ctx, cn, nm)
		c := schema.Claim{
			Subject: first(cp, pSubject), Predicate: first(cp, pPredicate), Object: first(cp, pObject),
			Event: first(cp, pEvent), Target: first(cp, pTarget), Condition: first(cp, pCondition), About: first(cp, pAbout),
		}
		probe := f
		probe.Source, probe.Doc, probe.Polarity = "", "", ""
		if !probe.Match(schema.Mention{Claim: c}) {
			continue
		}
		for _, mn := range s.subjectsWith(ctx, pClaim, cn) {
			mp := s.props(ctx, mn, nm)
			m := schema.Mention{
				ID: ID(mn)[len("mention/"):], ClaimID: ID(cn)[len("claim/"):], Claim: c,
				Polarity: first(mp, pPolarity), Source: first(mp, pSource), Evidence: first(mp, pEvidence), EvidenceNorm: first(mp, pEvidenceNorm),
				Sentence: firstInt(mp, pSentence), Start: firstInt(mp, pStart), End: firstInt(mp, pEnd),
				Rule: first(mp, pRule),
			}
			if v := mp[pEvidence]; len(v) > 0 {
				if ls, ok := v[0].(quad.LangString); ok {
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
				dp, ok := docs[m.DocID]
				if !ok {
					dp = s.props(ctx, dn, nm)
					docs[m.DocID] = dp
				}
				m.Doc = first(dp, pName)
			}
			if f.Match(m) {
				out = append(out, m)
			}
		}
	}
	SortMentions(out)
	return out, nil
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
	nm := s.newNames()
	for _, dn := range s.subjectsWith(ctx, pType, cDocument) {
		p := s.props(ctx, dn, nm)
		out = append(out, schema.Document{
			ID: ID(dn)[len("doc/"):], Name: first(p, pName), Path: first(p, pPath), Title: first(p, pTitle),
			URL: first(p, pURL), Outlet: first(p, pOutlet), Published: first(p, pPublished), Lang: first(p, pLang),
		})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Name < out[j].Name || (out[i].Name == out[j].Name && out[i].ID < out[j].ID)
	})
	return out, ctx.Err()
}

// Stats counts documents, claims, mentions and quads, and mentions per
// event and per source.
func (s *Store) Stats(ctx context.Context) (schema.Stats, error) {
	st := schema.Stats{Events: map[string]int{}, Sources: map[string]int{}}
	st.Documents = len(s.subjectsWith(ctx, pType, cDocument))
	claims := s.subjectsWith(ctx, pType, cClaim)
	st.Claims = len(claims)
	nm := s.newNames()
	for _, cn := range claims {
		ev := first(s.props(ctx, cn, nm), pEvent)
		for _, mn := range s.subjectsWith(ctx, pClaim, cn) {
			st.Mentions++
			st.Events[ev]++
			st.Sources[first(s.props(ctx, mn, nm), pSource)]++
		}
	}
	qst, err := s.qs.Stats(ctx, true)
	if err != nil {
		if strings.Contains(err.Error(), "no bucket") { // a bolt store nothing was written to
			return st, ctx.Err()
		}
		return st, err
	}
	st.Quads = qst.Quads.Size
	return st, ctx.Err()
}
