package graph

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/shape"
	"github.com/cayleygraph/quad"

	"github.com/claimgraph/claimgraph/schema"
)

// A document's digest is one literal on its node (cg:digest) that lists
// its mentions without their evidence: everything the analyses decide on.
// It is written in the same transaction as the mentions and rewritten with
// them, so it is always theirs. The analyses read one digest per document
// instead of a dozen quads per mention, decide, and read the evidence of
// only the mentions they print.
//
// Format (version 1), fields separated by tabs, escaped by escapeField:
//
//	v1 <name> <lang>
//	<mention> <claim> <polarity> <source> <sentence> <start> <end> <rule> <confidence> <approx 0|1> <lang> <subject> <predicate> <object> <event> <target> <condition> <about>
//	...
//
// A mention's language is the one it is read with: its document's, else
// its own. The claim's fields are those its ID is the hash of, so they
// never change; carrying them spares reading thousands of claim nodes.
var pDigest = IRI("digest")

const digestVersion = "v1"

var fieldEscaper = strings.NewReplacer("\\", "\\\\", "\t", "\\t", "\n", "\\n")
var fieldUnescaper = strings.NewReplacer("\\\\", "\\", "\\t", "\t", "\\n", "\n")

func escapeField(s string) string {
	if !strings.ContainsAny(s, "\\\t\n") {
		return s
	}
	return fieldEscaper.Replace(s)
}

func unescapeField(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	return fieldUnescaper.Replace(s)
}

// digestQuad is the digest of a document named name, in language docLang,
// holding ms.
func digestQuad(dn quad.IRI, name, docLang string, ms []schema.Mention) quad.Quad {
	var b strings.Builder
	b.WriteString(digestVersion)
	b.WriteByte('\t')
	b.WriteString(escapeField(name))
	b.WriteByte('\t')
	b.WriteString(escapeField(docLang))
	seen := make(map[string]bool, len(ms))
	for _, m := range ms {
		if seen[m.ID] {
			continue // one mention node, however often it is given
		}
		seen[m.ID] = true
		lang := docLang
		if lang == "" {
			lang = m.Lang
		}
		approx := "0"
		if m.Approx {
			approx = "1"
		}
		b.WriteByte('\n')
		for i, f := range []string{m.ID, m.ClaimID, m.Polarity, m.Source, strconv.Itoa(m.Sentence), strconv.Itoa(m.Start), strconv.Itoa(m.End),
			m.Rule, strconv.FormatFloat(m.Confidence, 'g', -1, 64), approx, lang,
			m.Subject, m.Predicate, m.Object, m.Event, m.Target, m.Condition, m.About} {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(escapeField(f))
		}
	}
	return quad.Make(dn, pDigest, quad.String(b.String()), nil)
}

// digestFields is the number of fields of a mention's line.
const digestFields = 18

// parseDigest reads the digest of the document docID: its mentions
// without evidence. claims holds the claims met so far, by ID, so that
// their strings are shared.
func parseDigest(docID, s string, claims map[string]*schema.Claim) ([]schema.Mention, error) {
	lines := strings.Split(s, "\n")
	head := strings.Split(lines[0], "\t")
	if len(head) != 3 || head[0] != digestVersion {
		return nil, fmt.Errorf("document %s: digest of an unknown version %q", docID, head[0])
	}
	name := unescapeField(head[1])
	out := make([]schema.Mention, 0, len(lines)-1)
	for i, line := range lines[1:] {
		m, err := parseDigestLine(docID, name, line, nil)
		if err != nil {
			return nil, fmt.Errorf("document %s: digest line %d: %w", docID, i+2, err)
		}
		if c := claims[m.ClaimID]; c != nil {
			m.Claim = *c // the strings of the claims met before
		} else {
			c := m.Claim
			claims[m.ClaimID] = &c
		}
		out = append(out, m)
	}
	return out, nil
}

// setDigest makes dn's digest the one of ms, replacing a stored one.
func (t *txn) setDigest(dn quad.IRI, name, docLang string, ms []schema.Mention) {
	want := digestQuad(dn, name, docLang, ms)
	for _, q := range t.s.quadsOf(t.ctx, dn) {
		if q.Predicate == pDigest && q != want {
			t.remove(q)
		}
	}
	t.add(want)
}

// hasDigest says whether the stored document dn has a digest.
func (s *Store) hasDigest(ctx context.Context, dn quad.IRI) bool {
	_, ok := s.objectOf(ctx, dn, pDigest)
	return ok
}

// objectOf reads the object of the first quad (n, p, ?). It asks the
// backend for those quads alone (on bolt an index scan of subject and
// predicate), so that other quads of n, such as a document's text, are
// not read.
func (s *Store) objectOf(ctx context.Context, n quad.Value, p quad.IRI) (quad.Value, bool) {
	ref, pref := s.qs.ValueOf(n), s.qs.ValueOf(p)
	if ref == nil || pref == nil {
		return nil, false
	}
	if it, ok := s.indexScan([]quad.Direction{quad.Subject, quad.Predicate}, ref, pref); ok {
		defer it.Close()
		for it.Next(ctx) {
			if v := s.qs.NameOf(s.qs.QuadDirection(it.Result(), quad.Object)); v != nil {
				return v, true
			}
		}
		return nil, false
	}
	sh, _ := shape.Optimize(shape.QuadsAction{Result: quad.Object,
		Filter: map[quad.Direction]graph.Ref{quad.Subject: ref, quad.Predicate: pref}}, s.qs)
	it := sh.BuildIterator(s.qs)
	defer it.Close()
	for it.Next(ctx) {
		if v := s.qs.NameOf(it.Result()); v != nil {
			return v, true
		}
	}
	return nil, false
}

// digestMentions lists the mentions of every document from the digests,
// without evidence, the claims' fields filled, those passing f kept, in
// the order of Mentions. ok is false when a document has no digest (a
// store written before digests were kept): the caller reads the mentions
// themselves.
func (s *Store) digestMentions(ctx context.Context, f schema.Filter) (out []schema.Mention, ok bool, err error) {
	set, ok, err := s.leanDigests(ctx, f)
	if err != nil || !ok {
		return nil, ok, err
	}
	// the digests they are built from, a chunk of documents a read
	if err := set.readDigests(set.ms); err != nil {
		return nil, false, err
	}
	out = make([]schema.Mention, len(set.ms))
	for i := range out {
		out[i] = set.mention(int32(i))
	}
	if set.err != nil {
		return nil, false, set.err
	}
	return out, true, ctx.Err()
}

// analysisMentions lists the mentions an analysis decides on: from the
// digests when every document has one, else from the mentions' quads.
// The mentions of the claims withEvidence picks (all when it is nil) get
// their evidence; the others are read without it.
func (s *Store) analysisMentions(ctx context.Context, f schema.Filter, withEvidence func(schema.Claim) bool) ([]schema.Mention, error) {
	if withEvidence == nil {
		// every mention whole: the mentions' quads serve it as fast
		return s.mentions(ctx, f, nil)
	}
	ms, ok, err := s.digestMentions(ctx, f)
	if err != nil {
		return nil, err
	}
	if !ok {
		lean := func(c schema.Claim) bool { return withEvidence != nil && !withEvidence(c) }
		return s.mentions(ctx, f, lean)
	}
	var parts [][]schema.Mention
	for i := range ms {
		if withEvidence == nil || withEvidence(ms[i].Claim) {
			parts = append(parts, ms[i:i+1])
		}
	}
	return ms, s.newEvidenceFiller().fill(ctx, parts...)
}

// digestStored writes the digest of a stored document from its stored
// mentions.
func (t *txn) digestStored(id string) error {
	dn := docNode(id)
	ms, err := t.s.DocMentions(t.ctx, id)
	if err != nil {
		return err
	}
	dp := t.s.props(t.ctx, dn, t.s.newNames())
	t.setDigest(dn, first(dp, pName), first(dp, pLang), ms)
	return nil
}

// MentionsWithoutEvidence is Mentions without the evidence texts, read
// from the digests where it can: for callers that show a part of the
// list and read the evidence of that part with FillEvidence.
func (s *Store) MentionsWithoutEvidence(ctx context.Context, f schema.Filter) ([]schema.Mention, error) {
	return s.analysisMentions(ctx, f, func(schema.Claim) bool { return false })
}

// FillEvidence returns a copy of ms with the evidence of each mention read
// without it, as Mentions would have returned it. ms is not changed.
func (s *Store) FillEvidence(ctx context.Context, ms []schema.Mention) ([]schema.Mention, error) {
	if ms == nil {
		return nil, nil
	}
	out := make([]schema.Mention, len(ms)) // empty, not nil, when ms is
	copy(out, ms)
	return out, s.newEvidenceFiller().fill(ctx, out)
}

// digestKeeper is a backend that keeps a copy of the digests next to its
// counters (bolt's bucket, PostgreSQL's table), written with the quads.
type digestKeeper interface {
	stageDigests([]digestChange)
	// eachDigest calls fn with each document's digest, and says how many
	// there were.
	eachDigest(ctx context.Context, fn func(doc, digest string) error) (int, error)
}

// eachStoredDigest calls fn with every document's digest: from the
// backend's copy when that holds one per document, else from the digest
// quads. ok is false when a document has no digest.
func (s *Store) eachStoredDigest(ctx context.Context, fn func(doc, digest string) error) (ok bool, err error) {
	if b, keeps := s.counters.(digestKeeper); keeps {
		c, kept, err := s.counters.load(ctx)
		if err != nil {
			return false, err
		}
		if kept {
			var ds [][2]string
			n, err := b.eachDigest(ctx, func(doc, digest string) error {
				ds = append(ds, [2]string{doc, digest})
				return nil
			})
			if err != nil {
				return false, err
			}
			if int64(n) == c[cDocuments] {
				for _, d := range ds {
					if err := fn(d[0], d[1]); err != nil {
						return false, err
					}
				}
				return true, nil
			}
		}
	}
	for _, dn := range s.subjectsWith(ctx, pType, cDocument) {
		v, has := s.objectOf(ctx, dn, pDigest)
		if !has {
			return false, nil
		}
		if err := fn(ID(dn)[len("doc/"):], ID(v)); err != nil {
			return false, err
		}
	}
	return true, nil
}
