package web

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/claimgraph/claimgraph/graph"
	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

// Term is an ID with its English and Arabic labels.
type Term struct {
	ID, Kind, En, Ar string
}

// Short is the English label up to its first parenthesis or slash.
func (t Term) Short() string {
	s := t.En
	if i := strings.IndexAny(s, "(/"); i > 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// labels looks IDs up in the vocabulary.
type labels struct {
	byKind map[string]map[string]Term
	events []string // event IDs by date
}

func newLabels(v *lexicon.Vocabulary) *labels {
	l := &labels{byKind: map[string]map[string]Term{}}
	if v == nil {
		return l
	}
	add := func(kind string, m map[string]lexicon.Term) {
		l.byKind[kind] = map[string]Term{}
		for id, t := range m {
			ar := ""
			if len(t.Cues) > 0 {
				ar = t.Cues[0]
			}
			l.byKind[kind][id] = Term{ID: id, Kind: kind, En: t.En, Ar: ar}
		}
	}
	add("actor", v.Actors)
	add("predicate", v.Predicates)
	add("topic", v.Topics)
	add("event", v.Events)
	for id := range v.Events {
		l.events = append(l.events, id)
	}
	sort.Slice(l.events, func(i, j int) bool {
		a, b := v.Events[l.events[i]].Date, v.Events[l.events[j]].Date
		if a != b {
			return a < b
		}
		return l.events[i] < l.events[j]
	})
	return l
}

// term labels id, looking in kind first and then in every kind (an
// object may be a topic or an actor; event facts have events as subject).
func (l *labels) term(kind, id string) Term {
	if t, ok := l.byKind[kind][id]; ok {
		return t
	}
	for _, k := range []string{"actor", "topic", "event", "predicate"} {
		if t, ok := l.byKind[k][id]; ok {
			return t
		}
	}
	return Term{ID: id, Kind: kind}
}

// ids lists the IDs of a kind, sorted.
func (l *labels) ids(kind string) []string {
	out := make([]string, 0, len(l.byKind[kind]))
	for id := range l.byKind[kind] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Segment is a piece of text, marked when it is one of a claim's words.
type Segment struct {
	Text  string
	Class string // "" for plain text; else actor, predicate, topic, source
}

// highlight cuts the evidence into segments, marking the words the
// lexicon finds for the mention's subject, predicate, object and source.
func highlight(lex *lexicon.Lexicon, m schema.Mention) []Segment {
	if lex == nil || m.Evidence == "" {
		return []Segment{{Text: m.Evidence}}
	}
	toks := arabic.Tokenize(m.Evidence, 0)
	want := map[string]string{}
	for _, x := range []struct{ id, class string }{{m.Source, "source"}, {m.Object, "topic"}, {m.Subject, "actor"}, {m.Predicate, "predicate"}} {
		if x.id != "" {
			want[x.id] = x.class
		}
	}
	runes := []rune(m.Evidence)
	class := make([]string, len(runes))
	for _, mt := range lex.Find(toks) {
		c, ok := want[mt.ID]
		if !ok || mt.Start >= mt.End || mt.End > len(toks) {
			continue
		}
		switch mt.Kind {
		case lexicon.KActor, lexicon.KGroup, lexicon.KPredicate, lexicon.KTopic, lexicon.KMedium, lexicon.KInitiator:
		default:
			continue
		}
		for i := toks[mt.Start].Start; i < toks[mt.End-1].End && i < len(runes); i++ {
			class[i] = c
		}
	}
	var out []Segment
	start := 0
	for i := 1; i <= len(runes); i++ {
		if i == len(runes) || class[i] != class[start] {
			out = append(out, Segment{Text: string(runes[start:i]), Class: class[start]})
			start = i
		}
	}
	return out
}

// dir is the text direction attribute for a language.
func dir(lang string) string {
	if schema.LangMatch("ar", lang) || schema.LangMatch("fa", lang) || schema.LangMatch("he", lang) || schema.LangMatch("ur", lang) {
		return "rtl"
	}
	return "auto"
}

// MentionView is a mention with what a page shows of it: its document's
// outlet and date and its highlighted evidence.
type MentionView struct {
	schema.Mention
	Outlet, Published, Title string
	Segments                 []Segment
}

// viewer builds the views of mentions for one request, reading each
// document once.
type viewer struct {
	s    *Server
	st   *graph.Store
	docs map[string]schema.Document
}

func (s *Server) viewer(st *graph.Store) *viewer {
	return &viewer{s: s, st: st, docs: map[string]schema.Document{}}
}

func (v *viewer) doc(ctx context.Context, id string) schema.Document {
	if d, ok := v.docs[id]; ok {
		return d
	}
	d, _, _ := v.st.Document(ctx, id)
	v.docs[id] = d
	return d
}

func (v *viewer) views(ctx context.Context, ms []schema.Mention) []MentionView {
	// the store's lists are cached without evidence; read what is shown
	if filled, err := v.st.FillEvidence(ctx, ms); err == nil {
		ms = filled
	}
	out := make([]MentionView, len(ms))
	for i, m := range ms {
		d := v.doc(ctx, m.DocID)
		out[i] = MentionView{Mention: m, Outlet: d.Outlet, Published: d.Published, Title: d.Title, Segments: highlight(v.s.o.Lexicon, m)}
	}
	return out
}

// capped is the first n mentions as views, and how many were left out.
func (v *viewer) capped(ctx context.Context, ms []schema.Mention, n int) ([]MentionView, int) {
	if len(ms) <= n {
		return v.views(ctx, ms), 0
	}
	return v.views(ctx, ms[:n]), len(ms) - n
}

// Pager says where a page is in a list.
type Pager struct {
	Page, Pages, Total, From, To int
	Prev, Next                   string
}

// paginate cuts n items into pages of size, reading ?page=.
func paginate(u *url.URL, n, size int) (Pager, int, int, error) {
	p := 1
	if v := u.Query().Get("page"); v != "" {
		x, err := strconv.Atoi(v)
		if err != nil || x < 1 {
			return Pager{}, 0, 0, badRequest("page must be a positive number, not %q", v)
		}
		p = x
	}
	pages := max(1, (n+size-1)/size)
	if p > pages {
		p = pages
	}
	lo, hi := (p-1)*size, min(n, p*size)
	pg := Pager{Page: p, Pages: pages, Total: n, From: lo + 1, To: hi}
	if n == 0 {
		pg.From = 0
	}
	at := func(k int) string {
		q := u.Query()
		q.Set("page", strconv.Itoa(k))
		return u.Path + "?" + q.Encode()
	}
	if p > 1 {
		pg.Prev = at(p - 1)
	}
	if p < pages {
		pg.Next = at(p + 1)
	}
	return pg, lo, hi, nil
}

// apiLinks are the links to the same data in the export formats.
func apiLinks(path string, q url.Values, formats ...string) []formatLink {
	q.Del("page")
	var out []formatLink
	for _, f := range formats {
		qq := url.Values{}
		for k, v := range q {
			if len(v) > 0 && v[0] != "" {
				qq[k] = v
			}
		}
		if f != "json" {
			qq.Set("format", f)
		}
		u := path
		if e := qq.Encode(); e != "" {
			u += "?" + e
		}
		out = append(out, formatLink{Label: strings.ToUpper(f), URL: u})
	}
	return out
}

// DocSpan is a piece of a document's text and the mentions it is the
// evidence of (none for text no claim came from).
type DocSpan struct {
	Text     string
	Mentions []schema.Mention
}

// docSpans cuts text at the evidence offsets of ms. Overlapping evidence
// is clipped to where the earlier span ends.
func docSpans(text string, ms []schema.Mention) []DocSpan {
	runes := []rune(text)
	type span struct {
		start, end int
		ms         []schema.Mention
	}
	by := map[[2]int]*span{}
	var spans []*span
	for _, m := range ms {
		if m.Start < 0 || m.End <= m.Start || m.End > len(runes) {
			continue
		}
		k := [2]int{m.Start, m.End}
		if by[k] == nil {
			by[k] = &span{start: m.Start, end: m.End}
			spans = append(spans, by[k])
		}
		by[k].ms = append(by[k].ms, m)
	}
	sort.Slice(spans, func(i, j int) bool {
		return spans[i].start < spans[j].start || (spans[i].start == spans[j].start && spans[i].end > spans[j].end)
	})
	var out []DocSpan
	at := 0
	for _, sp := range spans {
		start := max(sp.start, at)
		if start >= sp.end {
			// inside the previous span: its claims join that span
			if len(out) > 0 {
				out[len(out)-1].Mentions = append(out[len(out)-1].Mentions, sp.ms...)
			}
			continue
		}
		if start > at {
			out = append(out, DocSpan{Text: string(runes[at:start])})
		}
		out = append(out, DocSpan{Text: string(runes[start:sp.end]), Mentions: sp.ms})
		at = sp.end
	}
	if at < len(runes) {
		out = append(out, DocSpan{Text: string(runes[at:])})
	}
	return out
}

// shortDoc is a document name without a long hash suffix.
func shortDoc(name string) string {
	if len(name) > 48 {
		return name[:45] + "…"
	}
	return name
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
