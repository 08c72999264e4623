package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/claimgraph/claimgraph/graph"
	"github.com/claimgraph/claimgraph/schema"
)

var contradictionKinds = []string{"polarity", "opposing", "implied", "value"}

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"term":   func(kind, id string) Term { return s.terms.term(kind, id) },
		"dir":    dir,
		"short":  shortDoc,
		"plural": plural,
		"add":    func(a, b int) int { return a + b },
		"neg":    func(p string) bool { return p == schema.Negative },
		"sel":    func(a, b string) bool { return a == b },
		"list":   func(xs ...string) []string { return xs },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
	}
}

// Option is one choice of a filter's select.
type Option struct {
	Value string
	Term  Term
}

func (s *Server) options(kind string) []Option {
	var ids []string
	if kind == "event" {
		ids = s.terms.events
	} else {
		ids = s.terms.ids(kind)
	}
	out := make([]Option, len(ids))
	for i, id := range ids {
		out[i] = Option{Value: id, Term: s.terms.term(kind, id)}
	}
	return out
}

func plain(vals ...string) []Option {
	out := make([]Option, len(vals))
	for i, v := range vals {
		out[i] = Option{Value: v, Term: Term{ID: v}}
	}
	return out
}

// params reads the named query parameters.
func params(r *http.Request, names ...string) map[string]string {
	q := r.URL.Query()
	out := map[string]string{}
	for _, n := range names {
		out[n] = strings.TrimSpace(q.Get(n))
	}
	return out
}

// ---------------------------------------------------------- contradictions

// contradictionFilter reads the command's filters and the web's source.
func contradictionFilter(r *http.Request) (graph.ContradictionFilter, string, error) {
	p := params(r, "event", "kind", "topic", "source")
	f := graph.ContradictionFilter{Event: p["event"], Kind: p["kind"], Topic: p["topic"]}
	if f.Kind != "" && !contains(contradictionKinds, f.Kind) {
		return f, "", badRequest("unknown kind %q (choose one of %s)", f.Kind, strings.Join(contradictionKinds, ", "))
	}
	return f, p["source"], nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// contradictionList is the contradictions a page or answer draws from:
// their sides cut to keptEvidence mentions without evidence text, More
// counting the rest, and the independent sources of each whole side.
type contradictionList struct {
	cs      []schema.Contradiction
	sources [][2]int
}

// contradictions runs the command's analysis, keeps those with a side from
// source when one is given, and cuts their sides to keptEvidence mentions
// (the result is kept while the store is unchanged). evidence 0 or above
// keptEvidence reads the whole sides instead, and is not kept.
func (s *Server) contradictions(ctx context.Context, st *graph.Store, f graph.ContradictionFilter, source string, evidence int) (contradictionList, error) {
	run := func(n int) (contradictionList, error) {
		f.Evidence = graph.NoEvidence
		cs, err := st.Contradictions(ctx, f)
		if err != nil {
			return contradictionList{}, err
		}
		var l contradictionList
		for _, c := range cs {
			if source != "" && !hasSource(c.Sides[0], source) && !hasSource(c.Sides[1], source) {
				continue
			}
			l.cs = append(l.cs, c)
			l.sources = append(l.sources, [2]int{len(distinctSources(c.Sides[0])), len(distinctSources(c.Sides[1]))})
		}
		l.cs = graph.CapContradictions(l.cs, n)
		return l, nil
	}
	if evidence <= 0 || evidence > keptEvidence {
		return run(evidence)
	}
	if source != "" {
		return get(s.cache, []string{"contradictions", f.Event, f.Kind, f.Topic, source}, func() (contradictionList, error) {
			return run(keptEvidence)
		})
	}
	// every contradiction lies within one event, kind and topic: those of
	// the filters are a part of the whole list, which is read once
	want := f
	f = graph.ContradictionFilter{}
	all, err := get(s.cache, []string{"contradictions"}, func() (contradictionList, error) { return run(keptEvidence) })
	if err != nil || want == f {
		return all, err
	}
	var l contradictionList
	for i, c := range all.cs {
		if (want.Event == "" || c.Event == want.Event) && (want.Kind == "" || c.Kind == want.Kind) && (want.Topic == "" || c.Topic == want.Topic) {
			l.cs = append(l.cs, c)
			l.sources = append(l.sources, all.sources[i])
		}
	}
	return l, nil
}

func hasSource(ms []schema.Mention, source string) bool {
	for _, m := range ms {
		if m.Source == source {
			return true
		}
	}
	return false
}

// SideView is one side of a contradiction as shown.
type SideView struct {
	Label    string
	Mentions []MentionView
	More     int
	Sources  int
}

// ContradictionView is a contradiction with its rank and its sides.
type ContradictionView struct {
	Rank int
	schema.Contradiction
	Views [2]SideView
}

func sideLabels(c schema.Contradiction) [2]string {
	pick := func(ms []schema.Mention, f func(schema.Mention) string) string {
		if len(ms) == 0 {
			return ""
		}
		return f(ms[0])
	}
	switch c.Kind {
	case "polarity":
		return [2]string{"asserted", "denied"}
	case "opposing":
		p := func(m schema.Mention) string { return m.Predicate }
		return [2]string{pick(c.Sides[0], p), pick(c.Sides[1], p)}
	case "implied":
		return [2]string{"not discussed", "reported"}
	case "value":
		o := func(m schema.Mention) string { return c.Topic + " = " + m.Object }
		return [2]string{pick(c.Sides[0], o), pick(c.Sides[1], o)}
	}
	return [2]string{"side A", "side B"}
}

func (s *Server) contradictionsPage(ctx context.Context, st *graph.Store, r *http.Request) (pageData, error) {
	f, source, err := contradictionFilter(r)
	if err != nil {
		return pageData{}, err
	}
	l, err := s.contradictions(ctx, st, f, source, evidenceCap)
	if err != nil {
		return pageData{}, err
	}
	cs := l.cs
	pg, lo, hi, err := paginate(r.URL, len(cs), perPage)
	if err != nil {
		return pageData{}, err
	}
	v := s.viewer(st)
	var views []ContradictionView
	for i, c := range cs[lo:hi] {
		cv := ContradictionView{Rank: lo + i + 1, Contradiction: c}
		lbl := sideLabels(c)
		for k := range c.Sides {
			ms, more := v.capped(ctx, c.Sides[k], evidenceCap)
			if c.More != nil {
				more += c.More[k]
			}
			cv.Views[k] = SideView{Label: lbl[k], Mentions: ms, More: more, Sources: l.sources[lo+i][k]}
		}
		views = append(views, cv)
	}
	topics := append(s.options("topic"), plain("date", "duration", "initiator", "medium")...)
	return pageData{
		Title: "Contradictions",
		Data: map[string]any{
			"Filter": map[string]string{"event": f.Event, "kind": f.Kind, "topic": f.Topic, "source": source},
			"Events": s.options("event"), "Kinds": plain(contradictionKinds...), "Topics": topics, "Sources": s.options("actor"),
			"Items": views, "Pager": pg,
		},
		Links: apiLinks("/api/contradictions", r.URL.Query(), "json", "jsonl", "csv"),
	}, nil
}

func distinctSources(ms []schema.Mention) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		k := m.Source + "@" + m.DocID
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// ------------------------------------------------------------------ shifts

// ShiftCell is what one actor did with one predicate and object.
type ShiftCell struct {
	Shifts []ShiftView
}

// ShiftView is a shift with its evidence in each event.
type ShiftView struct {
	schema.Shift
	FromViews, ToViews []MentionView
	FromMore, ToMore   int
}

// ShiftRow is an actor's row of the matrix.
type ShiftRow struct {
	Actor Term
	Cells []*ShiftCell
}

// ShiftCol is a column of the matrix: a predicate and an object.
type ShiftCol struct {
	Predicate, Object Term
}

func (s *Server) shiftEvents(ctx context.Context, st *graph.Store, r *http.Request) (from, to, actor string) {
	p := params(r, "from", "to", "actor")
	from, to, actor = p["from"], p["to"], p["actor"]
	var evs []string
	for _, e := range s.terms.events {
		if e != schema.UnknownEvent {
			evs = append(evs, e)
		}
	}
	if from != "" && to != "" {
		return from, to, actor
	}
	// the first two events the store holds claims of
	var held []string
	for _, e := range evs {
		if st.HasEvent(ctx, e) {
			held = append(held, e)
		}
	}
	if len(held) < 2 {
		held = evs
	}
	if from == "" && len(held) > 0 {
		from = held[0]
	}
	if to == "" {
		for _, e := range held {
			if e != from {
				to = e
				break
			}
		}
	}
	return from, to, actor
}

func (s *Server) shiftsPage(ctx context.Context, st *graph.Store, r *http.Request) (pageData, error) {
	from, to, actor := s.shiftEvents(ctx, st, r)
	if from == "" || to == "" {
		return pageData{}, badRequest("shifts needs from and to (event IDs such as call_2021_12_07)")
	}
	ss, err := s.shifts(ctx, st, from, to, actor, cellEvidenceCap)
	if err != nil {
		return pageData{}, err
	}
	v := s.viewer(st)
	colIdx := map[[2]string]int{}
	var colKeys [][2]string
	for _, sh := range ss {
		k := [2]string{sh.Predicate, sh.Object}
		if _, ok := colIdx[k]; !ok {
			colIdx[k] = 0
			colKeys = append(colKeys, k)
		}
	}
	sort.Slice(colKeys, func(i, j int) bool {
		if colKeys[i][0] != colKeys[j][0] {
			return colKeys[i][0] < colKeys[j][0]
		}
		return colKeys[i][1] < colKeys[j][1]
	})
	// a page of columns, and the actors with a stance in them
	pg, lo, hi, err := paginate(r.URL, len(colKeys), shiftColsPerPage)
	if err != nil {
		return pageData{}, err
	}
	colKeys = colKeys[lo:hi]
	shown := map[[2]string]bool{}
	for _, k := range colKeys {
		shown[k] = true
	}
	counts := map[string]int{}
	rowIdx := map[string]int{}
	var rowKeys []string
	var page []schema.Shift
	for _, sh := range ss {
		counts[sh.Status]++
		if !shown[[2]string{sh.Predicate, sh.Object}] {
			continue
		}
		page = append(page, sh)
		if _, ok := rowIdx[sh.Actor]; !ok {
			rowIdx[sh.Actor] = 0
			rowKeys = append(rowKeys, sh.Actor)
		}
	}
	sort.Strings(rowKeys)
	cols := make([]ShiftCol, len(colKeys))
	for i, k := range colKeys {
		colIdx[k] = i
		cols[i] = ShiftCol{Predicate: s.terms.term("predicate", k[0]), Object: s.terms.term("topic", k[1])}
	}
	rows := make([]ShiftRow, len(rowKeys))
	for i, a := range rowKeys {
		rowIdx[a] = i
		rows[i] = ShiftRow{Actor: s.terms.term("actor", a), Cells: make([]*ShiftCell, len(cols))}
	}
	for _, sh := range page {
		row := rows[rowIdx[sh.Actor]]
		c := colIdx[[2]string{sh.Predicate, sh.Object}]
		if row.Cells[c] == nil {
			row.Cells[c] = &ShiftCell{}
		}
		sv := ShiftView{Shift: sh}
		sv.FromViews, sv.FromMore = v.capped(ctx, sh.From, cellEvidenceCap)
		sv.ToViews, sv.ToMore = v.capped(ctx, sh.To, cellEvidenceCap)
		sv.FromMore += sh.FromMore
		sv.ToMore += sh.ToMore
		row.Cells[c].Shifts = append(row.Cells[c].Shifts, sv)
	}
	return pageData{
		Title: "Shifts",
		Data: map[string]any{
			"From": s.terms.term("event", from), "To": s.terms.term("event", to), "Actor": actor,
			"Events": s.options("event"), "Actors": s.options("actor"),
			"Cols": cols, "Rows": rows, "Counts": counts, "Total": len(ss), "Pager": pg,
		},
		Links: apiLinks("/api/shifts", url.Values{"from": {from}, "to": {to}, "actor": {actor}}, "json", "jsonl", "csv"),
	}, nil
}

// --------------------------------------------------------------- positions

// StanceView is one actor's stance with its evidence.
type StanceView struct {
	schema.Position
	Views []MentionView
	More  int
}

// EventPositions are the stances of one event, by direction.
type EventPositions struct {
	Event        Term
	For, Against []StanceView
	Disagree     bool
}

func (s *Server) positionsPage(ctx context.Context, st *graph.Store, r *http.Request) (pageData, error) {
	p := params(r, "topic", "event")
	d := pageData{Title: "Positions", Data: map[string]any{"Topic": p["topic"], "Event": p["event"], "Topics": s.options("topic"), "Events": s.options("event")}}
	if p["topic"] == "" {
		return d, nil
	}
	ps, err := s.positions(ctx, st, p["topic"], p["event"], cellEvidenceCap)
	if err != nil {
		return pageData{}, err
	}
	pg, lo, hi, err := paginate(r.URL, len(ps), stancesPerPage)
	if err != nil {
		return pageData{}, err
	}
	ps = ps[lo:hi]
	d.Data.(map[string]any)["Pager"] = pg
	v := s.viewer(st)
	var evs []*EventPositions
	byEv := map[string]*EventPositions{}
	for _, pos := range ps {
		ep := byEv[pos.Event]
		if ep == nil {
			ep = &EventPositions{Event: s.terms.term("event", pos.Event)}
			byEv[pos.Event] = ep
			evs = append(evs, ep)
		}
		sv := StanceView{Position: pos}
		sv.Views, sv.More = v.capped(ctx, pos.Mentions, cellEvidenceCap)
		sv.More += pos.More
		if pos.Stance == "against" {
			ep.Against = append(ep.Against, sv)
		} else {
			ep.For = append(ep.For, sv)
		}
	}
	for _, ep := range evs {
		ep.Disagree = len(ep.For) > 0 && len(ep.Against) > 0
	}
	d.Data.(map[string]any)["TopicTerm"] = s.terms.term("topic", p["topic"])
	d.Data.(map[string]any)["ByEvent"] = evs
	d.Links = apiLinks("/api/positions", url.Values{"topic": {p["topic"]}, "event": {p["event"]}}, "json", "jsonl", "csv")
	return d, nil
}

// ------------------------------------------------------------------ claims

var claimParams = []string{"subject", "predicate", "object", "event", "source", "doc", "polarity", "lang"}

func claimFilter(r *http.Request) (schema.Filter, error) {
	p := params(r, claimParams...)
	f := schema.Filter{Subject: p["subject"], Predicate: p["predicate"], Object: p["object"], Event: p["event"],
		Source: p["source"], Doc: p["doc"], Polarity: p["polarity"], Lang: p["lang"]}
	if f.Polarity != "" && f.Polarity != schema.Positive && f.Polarity != schema.Negative {
		return f, badRequest("polarity must be positive or negative, not %q", f.Polarity)
	}
	return f, nil
}

func (s *Server) claimsPage(ctx context.Context, st *graph.Store, r *http.Request) (pageData, error) {
	f, err := claimFilter(r)
	if err != nil {
		return pageData{}, err
	}
	ms, err := s.mentions(ctx, st, f)
	if err != nil {
		return pageData{}, err
	}
	pg, lo, hi, err := paginate(r.URL, len(ms), claimsPerPage)
	if err != nil {
		return pageData{}, err
	}
	return pageData{
		Title: "Claims",
		Data: map[string]any{
			"Filter": params(r, claimParams...), "Items": s.viewer(st).views(ctx, ms[lo:hi]), "Pager": pg,
			"Actors": s.options("actor"), "Predicates": s.options("predicate"), "Topics": s.options("topic"), "Events": s.options("event"),
			"Polarities": plain(schema.Positive, schema.Negative), "Langs": plain("ar", "en"),
		},
		Links: apiLinks("/api/claims", r.URL.Query(), "json", "jsonl", "csv"),
	}, nil
}

// SourceGroup is a claim's mentions from one source with one polarity.
type SourceGroup struct {
	Source   Term
	Polarity string
	Mentions []MentionView
	More     int
}

func (s *Server) claimPage(ctx context.Context, st *graph.Store, r *http.Request) (pageData, error) {
	id := r.PathValue("id")
	// the claims list kept in memory has them, else the store; without
	// evidence either way: the shown ones get theirs
	var ms []schema.Mention
	if all, ok := peek[[]schema.Mention](s.cache, s.mentionsKey(schema.Filter{})); ok {
		for _, m := range all {
			if m.ClaimID == id {
				ms = append(ms, m)
			}
		}
	} else {
		var err error
		if ms, err = st.ClaimMentionsWithoutEvidence(ctx, id); err != nil {
			return pageData{}, err
		}
	}
	if len(ms) == 0 {
		return pageData{}, notFound("no claim %q in this store", id)
	}
	type key struct{ pol, src string }
	by := map[key][]schema.Mention{}
	var keys []key
	for _, m := range ms {
		k := key{m.Polarity, m.Source}
		if by[k] == nil {
			keys = append(keys, k)
		}
		by[k] = append(by[k], m)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].pol != keys[j].pol {
			return keys[i].pol > keys[j].pol // positive first
		}
		return keys[i].src < keys[j].src
	})
	v := s.viewer(st)
	var groups []SourceGroup
	for _, k := range keys {
		g := SourceGroup{Source: s.terms.term("actor", k.src), Polarity: k.pol}
		g.Mentions, g.More = v.capped(ctx, by[k], groupCap)
		groups = append(groups, g)
	}
	return pageData{
		Title: "Claim " + id,
		Data:  map[string]any{"ID": id, "Claim": ms[0].Claim, "Head": schema.Mention{Claim: ms[0].Claim, Polarity: schema.Positive}, "Groups": groups, "Total": len(ms)},
		Links: apiLinks("/api/claim/"+url.PathEscape(id), url.Values{}, "json", "jsonl", "csv"),
	}, nil
}

// ------------------------------------------------------------- documents

func (s *Server) docPage(ctx context.Context, st *graph.Store, r *http.Request) (pageData, error) {
	id := r.PathValue("id")
	d, ok, err := st.Document(ctx, id)
	if err != nil {
		return pageData{}, err
	}
	if !ok {
		return pageData{}, notFound("no document %q in this store", id)
	}
	text, _, err := st.Text(ctx, id)
	if err != nil {
		return pageData{}, err
	}
	ms, err := st.DocMentions(ctx, id)
	if err != nil {
		return pageData{}, err
	}
	hasText := text != ""
	cut := 0
	if r := []rune(text); len(r) > docTextCap {
		cut = len(r) - docTextCap
		text = string(r[:docTextCap])
	}
	return pageData{
		Title: "Document " + d.Name,
		Data:  map[string]any{"Doc": d, "Spans": docSpans(text, ms), "Mentions": len(ms), "HasText": hasText, "Cut": cut},
		Links: apiLinks("/api/claims", url.Values{"doc": {id}}, "json", "jsonl", "csv"),
	}, nil
}

func docFilter(r *http.Request) schema.Filter {
	p := params(r, "doc", "lang")
	return schema.Filter{Doc: p["doc"], Lang: p["lang"]}
}

func (s *Server) documents(ctx context.Context, st *graph.Store, f schema.Filter) ([]schema.Document, error) {
	all, err := get(s.cache, []string{"documents"}, func() ([]schema.Document, error) { return st.Documents(ctx) })
	var docs []schema.Document
	for _, d := range all {
		if f.MatchDoc(d) {
			docs = append(docs, d)
		}
	}
	return docs, err
}

func (s *Server) docsPage(ctx context.Context, st *graph.Store, r *http.Request) (pageData, error) {
	docs, err := s.documents(ctx, st, docFilter(r))
	if err != nil {
		return pageData{}, err
	}
	pg, lo, hi, err := paginate(r.URL, len(docs), docsPerPage)
	if err != nil {
		return pageData{}, err
	}
	return pageData{
		Title: "Documents",
		Data:  map[string]any{"Items": docs[lo:hi], "Pager": pg, "Filter": params(r, "doc", "lang"), "Langs": plain("ar", "en")},
		Links: apiLinks("/api/docs", r.URL.Query(), "json", "jsonl", "csv"),
	}, nil
}

// -------------------------------------------------------------------- API

func (s *Server) apiClaims(ctx context.Context, st *graph.Store, r *http.Request) (any, error) {
	f, err := claimFilter(r)
	if err != nil {
		return nil, err
	}
	ms, err := s.mentions(ctx, st, f)
	if err != nil {
		return nil, err
	}
	return st.FillEvidence(ctx, ms)
}

func (s *Server) apiClaim(ctx context.Context, st *graph.Store, r *http.Request) (any, error) {
	ms, err := st.ClaimMentions(ctx, r.PathValue("id"))
	if err == nil && len(ms) == 0 {
		return nil, notFound("no claim %q in this store", r.PathValue("id"))
	}
	return ms, err
}

// evidenceParam reads ?evidence=, the mentions shown per side as the
// commands' --evidence: graph.DefaultEvidence unless given, 0 for all.
func evidenceParam(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get("evidence"))
	if v == "" {
		return graph.DefaultEvidence, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, badRequest("evidence must be a number of mentions (0 for all), not %q", v)
	}
	return n, nil
}

func limitParam(r *http.Request, def int) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get("limit"))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, badRequest("limit must be a number of results (0 for all), not %q", v)
	}
	return n, nil
}

func (s *Server) apiContradictions(ctx context.Context, st *graph.Store, r *http.Request) (any, error) {
	f, source, err := contradictionFilter(r)
	if err != nil {
		return nil, err
	}
	n, err := evidenceParam(r)
	if err != nil {
		return nil, err
	}
	limit, err := limitParam(r, graph.DefaultContradictionLimit)
	if err != nil {
		return nil, err
	}
	l, err := s.contradictions(ctx, st, f, source, n)
	if err != nil {
		return nil, err
	}
	cs := l.cs
	if limit > 0 && len(cs) > limit {
		cs = cs[:limit]
	}
	cs = graph.CapContradictions(cs, n)
	out := make([]schema.Contradiction, len(cs))
	for i, c := range cs {
		for k := range c.Sides {
			if c.Sides[k], err = st.FillEvidence(ctx, c.Sides[k]); err != nil {
				return nil, err
			}
		}
		out[i] = c
	}
	return out, nil
}

func (s *Server) apiShifts(ctx context.Context, st *graph.Store, r *http.Request) (any, error) {
	p := params(r, "from", "to", "actor")
	if p["from"] == "" || p["to"] == "" {
		return nil, badRequest("shifts needs from and to (event IDs such as call_2021_12_07)")
	}
	n, err := evidenceParam(r)
	if err != nil {
		return nil, err
	}
	limit, err := limitParam(r, graph.DefaultShiftLimit)
	if err != nil {
		return nil, err
	}
	ss, err := s.shifts(ctx, st, p["from"], p["to"], p["actor"], n)
	if err != nil {
		return nil, err
	}
	ss, _ = graph.LimitShifts(ss, limit)
	ss = graph.CapShifts(ss, n)
	out := make([]schema.Shift, len(ss))
	for i, sh := range ss {
		if sh.From, err = st.FillEvidence(ctx, sh.From); err != nil {
			return nil, err
		}
		if sh.To, err = st.FillEvidence(ctx, sh.To); err != nil {
			return nil, err
		}
		out[i] = sh
	}
	return out, nil
}

func (s *Server) apiPositions(ctx context.Context, st *graph.Store, r *http.Request) (any, error) {
	p := params(r, "topic", "event")
	if p["topic"] == "" {
		return nil, badRequest("positions needs topic (a topic ID such as invasion_threat)")
	}
	n, err := evidenceParam(r)
	if err != nil {
		return nil, err
	}
	ps, err := s.positions(ctx, st, p["topic"], p["event"], n)
	if err != nil {
		return nil, err
	}
	ps = graph.CapPositions(ps, n)
	out := make([]schema.Position, len(ps))
	for i, pos := range ps {
		if pos.Mentions, err = st.FillEvidence(ctx, pos.Mentions); err != nil {
			return nil, err
		}
		out[i] = pos
	}
	return out, nil
}

func (s *Server) apiDocs(ctx context.Context, st *graph.Store, r *http.Request) (any, error) {
	return s.documents(ctx, st, docFilter(r))
}

func (s *Server) apiStats(ctx context.Context, st *graph.Store, r *http.Request) (any, error) {
	return get(s.cache, []string{"stats"}, func() (schema.Stats, error) { return st.Stats(ctx) })
}

// Warm computes the results of the pages a visit starts with
// (contradictions, the shifts matrix, the claims, the graph and the
// documents), so that
// they show at once while the store is unchanged. It holds the store
// while it reads, as a request does.
func (s *Server) Warm(ctx context.Context) error {
	st, release, err := s.o.Stores.Acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	if _, err := s.contradictions(ctx, st, graph.ContradictionFilter{}, "", evidenceCap); err != nil {
		return err
	}
	from, to, _ := s.shiftEvents(ctx, st, &http.Request{URL: &url.URL{}})
	if from != "" && to != "" {
		if _, err := s.shifts(ctx, st, from, to, "", cellEvidenceCap); err != nil {
			return err
		}
	}
	if _, err = s.mentions(ctx, st, schema.Filter{}); err != nil {
		return err
	}
	_, err = get(s.cache, []string{"documents"}, func() ([]schema.Document, error) { return st.Documents(ctx) })
	return err
}

// shifts runs the command's analysis with the mentions of each event cut
// to keptEvidence, without evidence text (kept while the store is
// unchanged); evidence 0 or above keptEvidence reads them all, not kept.
func (s *Server) shifts(ctx context.Context, st *graph.Store, from, to, actor string, evidence int) ([]schema.Shift, error) {
	if evidence <= 0 || evidence > keptEvidence {
		return st.Shifts(ctx, from, to, actor, graph.NoEvidence)
	}
	return get(s.cache, []string{"shifts", from, to, actor}, func() ([]schema.Shift, error) {
		ss, err := st.Shifts(ctx, from, to, actor, graph.NoEvidence)
		return graph.CapShifts(ss, keptEvidence), err
	})
}

// positions is shifts' counterpart for the positions on a topic.
func (s *Server) positions(ctx context.Context, st *graph.Store, topic, event string, evidence int) ([]schema.Position, error) {
	if evidence <= 0 || evidence > keptEvidence {
		return st.Positions(ctx, topic, event, graph.NoEvidence)
	}
	return get(s.cache, []string{"positions", topic, event}, func() ([]schema.Position, error) {
		ps, err := st.Positions(ctx, topic, event, graph.NoEvidence)
		return graph.CapPositions(ps, keptEvidence), err
	})
}

func (s *Server) mentionsKey(f schema.Filter) []string {
	return []string{"mentions", f.Subject, f.Predicate, f.Object, f.Event, f.Source, f.Doc, f.Polarity, f.Lang}
}

func (s *Server) mentions(ctx context.Context, st *graph.Store, f schema.Filter) ([]schema.Mention, error) {
	return get(s.cache, s.mentionsKey(f), func() ([]schema.Mention, error) {
		return st.MentionsWithoutEvidence(ctx, f)
	})
}
