package extract

import (
	"sort"
	"strings"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

// frame is an attribution in a sentence: who speaks, and which tokens
// the speaking covers.
type frame struct {
	speaker []string
	// post marks a frame that follows what it attributes ("…»، قال X")
	post bool
	// source, when set, is who the frame is attributed to if not the
	// speaker (an impersonal passive: the statement's owner)
	source   string
	kind     string // verb, prep, relay, colon, own
	at       int    // token of the cue
	compFrom int    // the frame covers tokens >= compFrom
}

func (x *Extractor) speakerOf(r actorRef, state *docState) []string {
	if r.speaker {
		return state.lastSpeaker
	}
	if r.statement {
		return state.lastStatement
	}
	return r.ids
}

// frames finds who the sentence says is speaking, and from which token on.
func (x *Extractor) frames(st *sent, refs []actorRef, preds []lexicon.Match, state *docState) []frame {
	var fr []frame
	comps := x.matchesOf(st, lexicon.KComplementizer)
	compAfter := func(i, limit int) int {
		for _, c := range comps {
			if c.Start >= i && c.Start <= limit {
				return c.Start
			}
		}
		return -1
	}
	refAt := func(from, to int) (actorRef, bool) {
		for _, r := range refs {
			if r.start >= from && r.start <= to {
				return r, true
			}
		}
		return actorRef{}, false
	}
	refBefore := func(i, limit int) (actorRef, bool) {
		for k := len(refs) - 1; k >= 0; k-- {
			if refs[k].end <= i && refs[k].end >= i-limit && !hasComma(st.toks[refs[k].end-1]) {
				return refs[k], true
			}
		}
		return actorRef{}, false
	}
	// relay frames: نقلت X عن Y → Y
	for _, m := range x.matchesOf(st, lexicon.KRelay) {
		for _, p := range x.matchesOf(st, lexicon.KRelayPrep) {
			if p.Start > m.End && p.Start <= m.End+6 {
				if r, ok := refAt(p.End, p.End+3); ok {
					fr = append(fr, frame{speaker: x.speakerOf(r, state), kind: "relay", at: m.Start, compFrom: r.end})
				}
				break
			}
		}
	}
	// verb frames
	verbs := x.matchesOf(st, lexicon.KAttribVerb)
	for _, p := range preds {
		if contains(x.lex.ClausalPredicates, p.ID) && x.clausal(st, p, comps, preds) {
			verbs = append(verbs, p)
		}
	}
	sort.SliceStable(verbs, func(i, j int) bool { return verbs[i].Start < verbs[j].Start })
	for _, v := range verbs {
		c := compAfter(v.End, v.End+12)
		if x.subjectFirst() {
			if f, ok := x.subjectFirstFrame(st, refs, v, c, fr, state); ok {
				fr = append(fr, f)
			}
			continue
		}
		var sp []string
		r, ok := refAt(v.End, v.End+3)
		if b, okb := refBefore(v.Start, 0); okb {
			sp = x.speakerOf(b, state)
			ok = false
		} else if ok && (c < 0 || r.start < c) {
			sp = x.speakerOf(r, state)
		} else if prev := lastVerbFrame(fr, v.Start); prev != nil {
			// "وتابع أن …، مشيرا إلى أن": the same speaker goes on
			sp = prev.speaker
			ok = false
		} else if main, okm := x.mainAgentBefore(st, refs, v.Start); okm {
			// "…, مؤكدة أن", "لكنه قال": the clause's own subject speaks
			sp = main.ids
			ok = false
		} else if x.unknownSpeaker(st, v.End, c) {
			// "وقالت وزارة الخارجية الروسية إن …": someone the lexicon
			// does not know speaks; what follows is not attributed
			continue
		} else if x.impersonalAt(st, v.Start) {
			// "ويذكر أن", "يشار إلى أن": the outlet's own voice
			continue
		} else {
			// a verb with no speaker of its own goes on with the last
			// statement's speaker, else the last speaker
			sp = state.lastSpeaker
			if len(state.lastStatement) > 0 && x.vocab.ActorType(state.lastStatement[0]) == "organization" && !x.subjectFirst() {
				sp = state.lastStatement
			}
			ok = false
		}
		from := v.End
		if ok {
			from = r.end
		}
		// the complementizer opens the complement only when it follows the
		// verb and its speaker closely
		if c >= 0 && c <= from+3 {
			from = c
		}
		// a colon after the speaker opens the quote itself
		for j := v.End - 1; j >= 0 && j < from && j < len(st.toks); j++ {
			if strings.Contains(st.toks[j].Punct, ":") {
				from = j + 1
				break
			}
		}
		// a quote before the verb and its speaker ("«…»، قال بيسكوف"): the
		// frame covers what comes before
		if ok && v.Start > 0 && c < 0 && quoteEnds(st.toks[v.Start-1]) {
			fr = append(fr, frame{speaker: sp, kind: "verb", at: v.Start, compFrom: 0, post: true})
			continue
		}
		if len(sp) > 0 {
			fr = append(fr, frame{speaker: sp, kind: "verb", at: v.Start, compFrom: from})
		}
	}
	// impersonal passives: the principal of the statement's speaker
	for _, m := range x.matchesOf(st, lexicon.KPassive) {
		outer := state.lastStatement
		for _, f := range fr {
			if f.at < m.Start && len(f.speaker) > 0 {
				outer = f.speaker
			}
		}
		if len(outer) == 0 {
			continue
		}
		sp := outer
		if p, ok := x.lex.Principals[outer[0]]; ok {
			sp = []string{p}
		}
		from := m.End
		if c := compAfter(m.End, m.End+2); c >= 0 {
			from = c
		}
		fr = append(fr, frame{speaker: sp, source: outer[0], kind: "verb", at: m.Start, compFrom: from})
	}
	// prepositional frames: بحسب X, وفقا لـ X, حسبما أفاد X, footage of X
	for _, m := range x.matchesOf(st, lexicon.KAttribPrep) {
		reach := m.End + 3
		// "حسب لقطات مصورة قصيرة بثتها قناة روسيا 1": past the footage
		for _, f := range x.matchesOf(st, lexicon.KFootage) {
			if f.Start == m.End {
				reach = f.End + 4
			}
		}
		if r, ok := refAt(m.End, reach); ok && compAfter(m.End, r.start) < 0 {
			fr = append(fr, frame{speaker: x.speakerOf(r, state), kind: "prep", at: m.Start, compFrom: 0})
		}
	}
	for _, m := range x.matchesOf(st, lexicon.KFootage) {
		if r, ok := refAt(m.End, m.End+5); ok && !hasVerbFrameBefore(fr, m.Start) {
			fr = append(fr, frame{speaker: x.speakerOf(r, state), kind: "prep", at: m.Start, compFrom: 0})
		}
	}
	// "X: ..." at the start of a sentence or title
	if len(refs) > 0 && refs[0].start == 0 && strings.Contains(st.toks[refs[0].end-1].Punct, ":") {
		fr = append(fr, frame{speaker: x.speakerOf(refs[0], state), kind: "colon", at: 0, compFrom: refs[0].end})
	}
	// a statement whose owner is not known names no one
	named := fr[:0]
	for _, f := range fr {
		if len(f.speaker) > 0 {
			named = append(named, f)
		}
	}
	return named
}

// impersonalAt reports an impersonal attribution form at token i.
func (x *Extractor) impersonalAt(st *sent, i int) bool {
	return st.starts(i, i+1, lexicon.KImpersonal)
}

func hasVerbFrameBefore(fr []frame, at int) bool {
	for _, f := range fr {
		if (f.kind == "verb" || f.kind == "relay") && f.at < at {
			return true
		}
	}
	return false
}

// quoteEnds reports a token followed by a closing quotation mark.
func quoteEnds(t arabic.Token) bool { return strings.ContainsAny(t.Punct, "\"”»'") }

// unknownSpeaker reports a noun the lexicon does not know right after an
// attribution verb, before its complementizer ("وقالت وزارة الخارجية
// الروسية إن", "وقال مسؤول أمريكي إن"): that is who speaks. A preposition,
// time word, statement, footage or another attribution verb there is not.
func (x *Extractor) unknownSpeaker(st *sent, verbEnd, comp int) bool {
	if comp < 0 || comp <= verbEnd || hasComma(st.toks[verbEnd-1]) {
		return false
	}
	for _, m := range st.ms {
		if m.Start != verbEnd {
			continue
		}
		switch m.Kind {
		case lexicon.KObjectPrep, lexicon.KTime, lexicon.KStatement, lexicon.KFootage, lexicon.KEvent,
			lexicon.KTitle, lexicon.KAttribVerb, lexicon.KAttribPrep, lexicon.KPredicate:
			return false
		}
	}
	// a preposition written as a clitic: "للصحفيين", "لنظيره"
	for _, c := range x.lex.Candidates(st.toks[verbEnd].Norm) {
		if c != st.toks[verbEnd].Norm && !strings.HasPrefix(st.toks[verbEnd].Norm, "و") {
			return false
		}
	}
	return true
}

// lastVerbFrame returns the last top-level verb frame opened before token
// i: one that does not stand inside an earlier frame's complement.
func lastVerbFrame(fr []frame, i int) *frame {
	var last *frame
	for k := range fr {
		f := &fr[k]
		if f.kind != "verb" || f.at >= i {
			continue
		}
		nested := false
		for _, g := range fr {
			if g.kind == "verb" && g.at < f.at && g.compFrom <= f.at {
				nested = true
			}
		}
		if !nested {
			last = f
		}
	}
	return last
}

// mainAgentBefore returns the first actor of the sentence before token i
// that is an agent (not a source named by a preposition, not part of a
// topic), for an attribution verb inside the sentence with no speaker of
// its own. A verb opening the sentence has none.
func (x *Extractor) mainAgentBefore(st *sent, refs []actorRef, i int) (actorRef, bool) {
	if i == 0 {
		return actorRef{}, false
	}
	// only the main clause: stop at the first complementizer
	for _, m := range st.ms {
		if m.Kind == lexicon.KComplementizer && m.Start < i {
			i = m.Start
			break
		}
	}
	for _, r := range refs {
		if r.end > i {
			break
		}
		if !r.statement && !x.insideTopic(st, r) && !x.prepSpeaker(st, r) {
			return r, true
		}
	}
	return actorRef{}, false
}

// clausal reports whether a predicate such as "أكد" introduces a clause
// (followed by a complementizer or another predicate) rather than a topic.
func (x *Extractor) clausal(st *sent, p lexicon.Match, comps []lexicon.Match, preds []lexicon.Match) bool {
	from := p.End
	for _, m := range st.ms {
		if (m.Kind == lexicon.KActor || m.Kind == lexicon.KGroup) && m.Start >= from && m.Start <= from+1 {
			from = m.End
		}
	}
	limit := from + 4
	if x.subjectFirst() {
		limit = from + 12 // "made it clear in the talks with X that"
	}
	for _, m := range st.ms {
		if m.Start < p.End || m.Start > limit {
			continue
		}
		switch m.Kind {
		case lexicon.KTopic:
			if m.Start >= from {
				return false
			}
		case lexicon.KComplementizer:
			return true
		case lexicon.KPredicate:
			if m.Start >= p.End {
				return true
			}
		}
	}
	return false
}

// sourceFor picks the source of a claim at token i: a relay or
// prepositional frame anywhere in the sentence, else the innermost verb
// frame covering i whose speaker is not the subject itself (persons and
// organizations before countries); an organization performing a speech
// act is its own source; else the outlet.
func (x *Extractor) sourceFor(frames []frame, i int, subj string) (string, string) {
	for _, kind := range []string{"relay", "prep"} {
		for _, f := range frames {
			if f.kind == kind && (f.kind == "prep" || f.compFrom <= i) {
				return f.speaker[0], kind
			}
		}
	}
	var cover []frame
	for _, f := range frames {
		if (f.kind == "verb" || f.kind == "colon") && f.compFrom <= i && (f.at < i || (f.post && i < f.at)) {
			cover = append(cover, f)
		}
	}
	sort.SliceStable(cover, func(a, b int) bool { return cover[a].compFrom > cover[b].compFrom })
	var others []frame
	for _, f := range cover {
		if !contains(f.speaker, subj) || f.source != "" {
			others = append(others, f)
		}
	}
	if len(others) > 0 {
		cover = others
	} else if len(cover) > 0 && x.vocab.ActorType(subj) == "person" && x.vocab.Actors[subj].Role == "" {
		// a head of state quoted on his own stance ("ورد بوتين قائلا إن
		// الناتو …"): the report is the outlet's, not a statement of his
		return schema.OutletSource, "outlet (the subject quoted on himself)"
	}
	src := func(f frame) string {
		if f.source != "" {
			return f.source
		}
		return f.speaker[0]
	}
	for _, f := range cover {
		if !x.vocab.Collective(src(f)) {
			return src(f), f.kind
		}
	}
	if len(cover) > 0 {
		return src(cover[0]), cover[0].kind
	}
	// an organization or a spokesperson performing a speech act is its own
	// source
	if (x.vocab.ActorType(subj) == "organization" && !x.vocab.Collective(subj)) || x.vocab.Actors[subj].Role != "" {
		return subj, "own"
	}
	return schema.OutletSource, "outlet"
}

// prepSpeaker reports an actor named by a prepositional attribution
// ("بحسب وكالتي ريا نوفوستي"), which is a source, not an agent.
func (x *Extractor) prepSpeaker(st *sent, r actorRef) bool {
	if x.subjectFirst() {
		return x.prepObject(st, r)
	}
	for _, m := range st.ms {
		if (m.Kind == lexicon.KAttribPrep || m.Kind == lexicon.KFootage || m.Kind == lexicon.KRelayPrep) && m.End <= r.start && r.start <= m.End+5 {
			between := false
			for _, o := range st.ms {
				if (o.Kind == lexicon.KPredicate || o.Kind == lexicon.KComplementizer) && o.Start >= m.End && o.Start < r.start {
					between = true
				}
			}
			if !between {
				return true
			}
		}
	}
	return false
}

// currentSpeaker is the actor named by the nearest attribution verb
// before token i ("قال بوتين ... إن بلاده"), without resolving frames.
func (x *Extractor) currentSpeaker(st *sent, i int) []string {
	var sp []string
	for _, v := range st.ms {
		if v.Kind != lexicon.KAttribVerb || v.Start >= i {
			continue
		}
		for _, a := range st.ms {
			if a.Kind == lexicon.KActor && a.Start >= v.End && a.Start <= v.End+3 && a.Start < i {
				sp = []string{a.ID}
				break
			}
		}
	}
	return sp
}
