// Package extract is claimgraph's rule-based claim extractor: it applies
// the lexicon to each sentence of a document and assembles subject,
// predicate, object, polarity, qualifiers, source and event. Every mention
// records the rule that produced it; Explain returns the decisions too.
package extract

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

// Extractor applies a lexicon. It is safe for concurrent use.
type Extractor struct {
	lex   *lexicon.Lexicon
	vocab *lexicon.Vocabulary
	split arabic.SplitOptions
}

// New returns an extractor over the lexicon and vocabulary.
func New(lex *lexicon.Lexicon, vocab *lexicon.Vocabulary) *Extractor {
	return &Extractor{lex: lex, vocab: vocab, split: lex.SplitOptions()}
}

// Explained is a mention with the decisions behind it.
type Explained struct {
	schema.Mention
	Spans []string `json:"spans"`
	Notes []string `json:"notes"`
}

// Extract returns the mentions found in doc.
func (x *Extractor) Extract(doc schema.Document) []schema.Mention {
	ex := x.Explain(doc)
	out := make([]schema.Mention, len(ex))
	for i, e := range ex {
		out[i] = e.Mention
	}
	return out
}

// actorRef is an actor reference in a sentence: one or more actor IDs.
type actorRef struct {
	ids        []string
	start, end int // tokens
	statement  bool
	party      bool // a side in talks ("الجانب الروسي")
}

type frame struct {
	speaker []string
	// source, when set, is who the frame is attributed to if not the
	// speaker (an impersonal passive: the statement's owner)
	source   string
	kind     string // verb, prep, relay, colon, own
	at       int    // token of the cue
	compFrom int    // the frame covers tokens >= compFrom
}

// docState carries what one sentence leaves for the next.
type docState struct {
	lastFrames    []frame
	lastSpeaker   []string
	lastStatement []string
	lastPair      []string
	lastSubject   []string
}

type sent struct {
	s     arabic.Sentence
	norm  string // the sentence normalized
	toks  []arabic.Token
	ms    []lexicon.Match
	event string // event cue of the sentence ("" none)
	noEv  bool
}

// Explain extracts with the decisions behind each mention.
func (x *Extractor) Explain(doc schema.Document) []Explained {
	sents := arabic.Split(doc.Text, x.split)
	ss := make([]*sent, len(sents))
	for i, s := range sents {
		toks := arabic.Tokenize(s.Text, s.Start)
		ss[i] = &sent{s: s, norm: arabic.Normalize(s.Text), toks: toks, ms: x.lex.Find(toks)}
	}
	// events: sentence cues, paragraph cues, the document's dominant event
	counts := map[string]int{}
	first := map[string]int{}
	paraEvent := map[int]string{}
	for i, st := range ss {
		st.event, st.noEv = x.sentenceEvent(st)
		if st.event != "" {
			counts[st.event]++
			if _, ok := first[st.event]; !ok {
				first[st.event] = i
			}
			if _, ok := paraEvent[st.s.Paragraph]; !ok {
				paraEvent[st.s.Paragraph] = st.event
			}
		}
	}
	dominant := schema.UnknownEvent
	best := 0
	for ev, n := range counts {
		if n > best || (n == best && first[ev] < first[dominant]) {
			dominant, best = ev, n
		}
	}
	var out []Explained
	state := &docState{}
	for i, st := range ss {
		out = append(out, x.sentence(doc, i, st, state, paraEvent[st.s.Paragraph], dominant)...)
	}
	// one mention per claim, polarity, source and sentence: the first rule
	// that made it
	seen := map[string]bool{}
	uniq := out[:0]
	for _, e := range out {
		k := e.ClaimID + e.Polarity + e.Source + strconv.Itoa(e.Sentence)
		if seen[k] {
			continue
		}
		seen[k] = true
		uniq = append(uniq, e)
	}
	return uniq
}

// sentenceEvent returns the event of the sentence's first cue that is not a
// planned (future) event, and whether the sentence reports something
// outside any event.
func (x *Extractor) sentenceEvent(st *sent) (string, bool) {
	noEv := false
	ev := ""
	for _, m := range st.ms {
		if m.Kind == lexicon.KPredicate && x.lex.FutureVerb(st.toks[m.Start].Norm) {
			return "", false // a sentence about what will happen names a planned event
		}
	}
	for _, m := range st.ms {
		switch m.Kind {
		case lexicon.KNoEvent:
			noEv = true
		case lexicon.KEvent:
			if ev == "" && !x.nearFuture(st, m) {
				ev = m.ID
			}
		}
	}
	return ev, noEv
}

func (x *Extractor) nearFuture(st *sent, m lexicon.Match) bool {
	for _, f := range st.ms {
		if f.Kind == lexicon.KFuture && f.Start >= m.Start-1 && f.Start <= m.End+1 {
			return true
		}
	}
	return false
}

func (x *Extractor) matchesOf(st *sent, k lexicon.Kind) []lexicon.Match {
	var out []lexicon.Match
	for _, m := range st.ms {
		if m.Kind == k {
			out = append(out, m)
		}
	}
	return out
}

// actors returns the actor references of the sentence, with coordinated
// actors ("بوتين وبايدن", "كل من X و Y") merged into one reference.
func (x *Extractor) actors(st *sent) []actorRef {
	var refs []actorRef
	for _, m := range st.ms {
		switch m.Kind {
		case lexicon.KActor:
			refs = append(refs, actorRef{ids: []string{m.ID}, start: m.Start, end: m.End, party: m.Party})
		case lexicon.KGroup:
			refs = append(refs, actorRef{ids: append([]string(nil), x.lex.GroupOf[m.ID]...), start: m.Start, end: m.End})
		case lexicon.KStatement:
			refs = append(refs, actorRef{start: m.Start, end: m.End, statement: true})
		case lexicon.KOwnCountry:
			// "بلاده": the country of the speaker
			if sp := x.currentSpeaker(st, m.Start); len(sp) > 0 {
				if side, ok := x.lex.SpeaksFor[sp[0]]; ok && x.vocab.Collective(side) {
					refs = append(refs, actorRef{ids: []string{side}, start: m.Start, end: m.End})
				}
			}
		}
	}
	sort.SliceStable(refs, func(i, j int) bool { return refs[i].start < refs[j].start })
	// drop statements covered by an actor ("بيان الكرملين")
	var clean []actorRef
	for _, r := range refs {
		if r.statement && covered(refs, r) {
			continue
		}
		clean = append(clean, r)
	}
	// coordination: X و Y (the second starts with و, nothing between)
	var merged []actorRef
	for _, r := range clean {
		if n := len(merged); n > 0 && !r.statement && !merged[n-1].statement && len(r.ids) == 1 {
			prev := &merged[n-1]
			andJoined := strings.HasPrefix(st.toks[r.start].Norm, "و")
			bare := func(t arabic.Token) bool { return !strings.ContainsAny(string([]rune(t.Norm)[:1]), "لبك") }
			persons := x.vocab.ActorType(r.ids[0]) == "person" && x.vocab.ActorType(prev.ids[len(prev.ids)-1]) == "person" &&
				r.end-r.start == 1 && prev.end-prev.start == 1 && bare(st.toks[r.start])
			if r.start == prev.end && (andJoined || persons) && !hasComma(st.toks[prev.end-1]) && !contains(prev.ids, r.ids[0]) {
				prev.ids = append(prev.ids, r.ids[0])
				prev.end = r.end
				continue
			}
		}
		merged = append(merged, r)
	}
	return merged
}

func covered(refs []actorRef, r actorRef) bool {
	for _, o := range refs {
		if !o.statement && o.start <= r.start && o.end >= r.end {
			return true
		}
	}
	return false
}

func hasComma(t arabic.Token) bool { return strings.ContainsAny(t.Punct, "،,:") }

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func (x *Extractor) speakerOf(r actorRef, state *docState) []string {
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
		} else {
			sp = state.lastSpeaker
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

func hasVerbFrameBefore(fr []frame, at int) bool {
	for _, f := range fr {
		if (f.kind == "verb" || f.kind == "relay") && f.at < at {
			return true
		}
	}
	return false
}

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
	for _, c := range lexicon.Candidates(st.toks[verbEnd].Norm) {
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
		if (f.kind == "verb" || f.kind == "colon") && f.compFrom <= i && f.at < i {
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

// sentence extracts the mentions of one sentence.
func (x *Extractor) sentence(doc schema.Document, idx int, st *sent, state *docState, paraEvent, dominant string) []Explained {
	if len(st.toks) == 0 {
		return nil
	}
	refs := x.actors(st)
	var preds []lexicon.Match
	for _, m := range st.ms {
		if m.Kind == lexicon.KPredicate {
			preds = append(preds, m)
		}
	}
	frames := x.frames(st, refs, preds, state)
	// a sentence opening with a coordinated negation and no frame of its
	// own continues the previous one ("…أكد المسؤولية الخاصة. وعدم وجود
	// أي نية…"): its frames and subject carry over
	continues := len(frames) == 0 && len(st.toks) > 0 && strings.HasPrefix(st.toks[0].Norm, "و") && x.negOrGap(st, 0)
	if continues {
		for _, f := range state.lastFrames {
			f.at, f.compFrom = -1, 0
			frames = append(frames, f)
		}
	}
	verbAt := map[int]bool{}
	for _, f := range frames {
		if f.kind == "verb" {
			verbAt[f.at] = true
		}
	}
	defer func() {
		if !continues {
			state.lastFrames = frames
		}
		for _, f := range frames {
			state.lastSpeaker = f.speaker
			if x.vocab.ActorType(f.speaker[0]) == "organization" || f.kind == "prep" {
				state.lastStatement = f.speaker
			}
		}
		for _, r := range refs {
			if len(r.ids) == 2 {
				state.lastPair = r.ids
			}
		}
	}()
	// actors inside a topic ("توسيع الحلف") are part of it, not agents
	var agents []actorRef
	for _, r := range refs {
		if !r.statement && !x.insideTopic(st, r) && !x.prepSpeaker(st, r) {
			agents = append(agents, r)
		}
	}

	var out []Explained
	add := func(e Explained) {
		e.DocID, e.Doc, e.Lang = doc.ID, doc.Name, "ar"
		e.Evidence = st.s.Text
		e.EvidenceNorm = st.norm
		e.Sentence = idx
		e.Start, e.End = st.s.Start, st.s.End
		e.Finish()
		out = append(out, e)
	}
	party := map[string]bool{}
	for _, r := range refs {
		if r.party {
			party[r.ids[0]] = true
		}
	}
	eventFor := func(subj []string) (string, string) {
		switch {
		case st.event != "":
			return st.event, "sentence cue"
		case st.noEv:
			return schema.UnknownEvent, "no-event cue in sentence"
		case len(subj) > 0 && x.vocab.Collective(subj[0]) && !party[subj[0]]:
			return schema.UnknownEvent, "standing position of " + subj[0]
		case paraEvent != "":
			return paraEvent, "paragraph cue"
		}
		return dominant, "document's dominant event"
	}
	emit := func(subj []string, pred, obj, target, cond, pol, rule, src string, conf float64, at int, spans, notes []string) {
		for _, s := range subj {
			if s == target {
				target = ""
			}
		}
		for _, s := range subj {
			source, how := x.sourceFor(frames, at, s)
			ev, evHow := eventFor([]string{s})
			e := Explained{}
			e.Subject, e.Predicate, e.Object, e.Event = s, pred, obj, ev
			e.Target, e.Condition = target, cond
			e.Polarity, e.Source = pol, source
			e.Rule = fmt.Sprintf("%s/%s[%s]", pred, rule, src)
			e.Confidence = conf
			e.Spans = spans
			e.Notes = append(append([]string{}, notes...), "source "+source+" ("+how+")", "event "+ev+" ("+evHow+")")
			add(e)
		}
	}

	// a sentence opening with a coordinated predicate continues the
	// previous one: its subject carries over
	var prevSubj, carried []string
	if continues {
		carried = state.lastSubject
	}
	var lastExplicit []string
	absorbedUntil, consumed := -1, 0
	claimedTopic := map[int]bool{}
	for _, p := range preds {
		if verbAt[p.Start] || p.Start < absorbedUntil {
			continue
		}
		notes := []string{}
		clauseStart := x.clauseStart(st, p.Start, frames, preds)
		condOpen := clauseStart != x.clauseStartCond(st, p.Start, frames, preds, false)
		if c := min(consumed, p.Start); c > clauseStart {
			clauseStart = c
		}
		// actors inside a condition clause before the predicate ("في حال
		// غزو أوكرانيا حذر بايدن") are not its subject
		subjAgents := agents
		if condOpen {
			subjAgents = nil
			for _, r := range agents {
				if r.start >= p.Start || r.end <= clauseStart-2 {
					subjAgents = append(subjAgents, r)
				}
			}
		}
		carry := carried
		if len(prevSubj) > 0 || p.Start > 3 {
			carry = nil
		}
		// a coordinated verb shares the subject of the verb before it, named
		// explicitly even when that verb made no claim ("رحبت كييف بالاتصال،
		// ودعت الغرب إلى …")
		coordSubj := prevSubj
		if len(lastExplicit) > 0 {
			coordSubj = lastExplicit
		}
		subj, target, rule, subjEnd := x.subject(st, p, subjAgents, frames, clauseStart, prevSubj, coordSubj, carry, state, &notes)
		if len(subj) == 0 {
			continue
		}
		if rule == "svo" || rule == "vso" || rule == "relative" {
			lastExplicit = subj
		}
		if subjEnd > consumed {
			consumed = subjEnd
		}
		// object, condition
		objs, cond, objEnd, topicNeg := x.object(st, p, preds, x.clauseStartCond(st, p.Start, frames, preds, false))
		if len(objs) == 0 {
			continue
		}
		prevSubj = subj
		state.lastSubject = subj
		if subjEnd > consumed {
			consumed = subjEnd
		}
		if contains(x.lex.Absorbing, p.ID) && objEnd > absorbedUntil {
			absorbedUntil = objEnd
		}
		pol, negNote := x.polarity(st, p, clauseStart)
		if negNote != "" {
			notes = append(notes, negNote)
		}
		if topicNeg {
			pol = flip(pol)
			notes = append(notes, "the object is negated (e.g. عدم): polarity "+pol)
		}
		if cond != "" {
			notes = append(notes, "condition "+cond)
		}
		for _, o := range objs {
			claimedTopic[o.Start] = true
			if target == o.ID {
				target = ""
			}
			emit(subj, p.ID, o.ID, target, cond, pol, rule, p.Src, confidence(rule), p.Start,
				[]string{fmt.Sprintf("predicate %q", tokText(st.toks, p.Start, p.End)), fmt.Sprintf("object %s %q", o.ID, tokText(st.toks, o.Start, o.End))}, notes)
		}
	}
	// a speaker raising a topic with no stance verb takes the topic's
	// default stance ("Putin told Biden of Kyiv's unconstructive position")
	for _, m := range st.ms {
		stance := x.lex.TopicStances[m.ID]
		if m.Kind != lexicon.KTopic || stance == "" || claimedTopic[m.Start] {
			continue
		}
		var sp []string
		for _, f := range frames {
			if f.kind == "verb" && f.compFrom <= m.Start {
				sp = f.speaker
			}
		}
		if len(sp) == 0 {
			continue
		}
		covered := false
		for _, p := range preds {
			if !verbAt[p.Start] && p.Start < m.Start && p.Start >= x.clauseStart(st, m.Start, frames, nil) {
				covered = true
			}
		}
		if covered {
			continue
		}
		emit(sp, stance, m.ID, "", "", schema.Positive, "topic-stance", m.Src, 0.6, m.Start,
			[]string{fmt.Sprintf("topic %s %q", m.ID, tokText(st.toks, m.Start, m.End))},
			[]string{fmt.Sprintf("no stance verb: the speaker %v takes the topic's default stance %s", sp, stance)})
	}
	for _, f := range x.facts(st) {
		src, how := x.sourceFor(frames, f.at, "")
		ev := f.event
		if ev == "" {
			ev, _ = eventFor(nil)
		}
		if ev == schema.UnknownEvent || (f.pred == "medium" && ev != dominant) {
			continue
		}
		e := Explained{}
		e.Subject, e.Predicate, e.Object, e.Event = ev, f.pred, f.value, ev
		e.Polarity, e.Source = schema.Positive, src
		e.Approx = f.approx
		e.Rule = "fact/" + f.pred + "[" + f.src + "]"
		e.Confidence = 0.8
		e.Spans = []string{fmt.Sprintf("%s %q", f.pred, f.text)}
		e.Notes = []string{"source " + src + " (" + how + ")", "event " + ev}
		add(e)
	}
	return out
}

func flip(p string) string {
	if p == schema.Negative {
		return schema.Positive
	}
	return schema.Negative
}

// prepSpeaker reports an actor named by a prepositional attribution
// ("بحسب وكالتي ريا نوفوستي"), which is a source, not an agent.
func (x *Extractor) prepSpeaker(st *sent, r actorRef) bool {
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

func (x *Extractor) insideTopic(st *sent, r actorRef) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KTopic && m.Start <= r.start && m.End >= r.end && m.End-m.Start > r.end-r.start {
			return true
		}
	}
	return false
}

// isParticiple reports a participle ("مطالبا") or a purpose verbal noun
// ("لتحذير"): forms whose agent is the subject of the main clause.
func (x *Extractor) isParticiple(st *sent, p lexicon.Match) bool {
	tok := strings.TrimPrefix(strings.TrimPrefix(st.toks[p.Start].Norm, "و"), "ف")
	if strings.HasPrefix(tok, "ل") && !strings.HasPrefix(tok, "ال") {
		first := strings.Fields(p.Src)[0]
		for _, alt := range strings.Split(first, "|") {
			f := arabic.Normalize(strings.TrimSuffix(alt, "*"))
			if strings.HasPrefix(tok[len("ل"):], f) && !strings.HasPrefix(f, "ل") {
				return true
			}
		}
	}
	first := strings.Fields(p.Src)[0]
	return strings.HasPrefix(arabic.Normalize(first), "م") && strings.HasSuffix(first, "*")
}

// subject resolves who takes the stance. Order: the speaker for patterns
// that say so; an actor just before the predicate (SVO); an actor right
// after it (VSO); for a coordinated verb or a participle the previous
// subject; for a verb in the dual the pair; an actor earlier in the
// clause; the speaker of the frame.
func (x *Extractor) subject(st *sent, p lexicon.Match, agents []actorRef, frames []frame, clauseStart int, prevSubj, coordSubj, carried []string, state *docState, notes *[]string) (subj []string, target, rule string, end int) {
	var before, near, after *actorRef
	holder := false
	for k := range agents {
		r := agents[k]
		if r.start >= clauseStart && r.end <= p.Start {
			rr := r
			before = &rr
			if r.end >= p.Start-3 && !hasComma(st.toks[r.end-1]) {
				near = &rr
			}
		}
	}
	for k := range agents {
		r := agents[k]
		inGap := p.End-p.Start > 2 && r.start <= p.Start+2 && r.start > p.Start && !hasComma(st.toks[p.Start])
		if inGap || (r.start >= p.End && r.start <= p.End+1 && !x.prepAt(st, p.End, r.start)) {
			rr := r
			after = &rr
			break
		}
		// "نية لدى واشنطن": the holder after لدى
		if r.start == p.End+1 && x.holderAt(st, p.End) {
			rr := r
			after, holder = &rr, true
			break
		}
	}
	speaker := func() []string {
		var sp []string
		best := -1
		for _, f := range frames {
			if (f.kind == "verb" || f.kind == "colon") && f.compFrom <= p.Start && f.compFrom > best {
				sp, best = f.speaker, f.compFrom
			}
		}
		return sp
	}
	// a predicate opening a relative clause ("موسكو التي تدعو") has the
	// head noun before the relative pronoun as subject
	for _, m := range st.ms {
		if m.Kind == lexicon.KRelative && m.End == p.Start {
			for k := range agents {
				if agents[k].end == m.Start {
					var tgt string
					if after != nil {
						tgt = after.ids[0]
					}
					*notes = append(*notes, fmt.Sprintf("relative clause: subject %v is its head", agents[k].ids))
					return agents[k].ids, tgt, "relative", p.End
				}
			}
		}
	}
	// a coordinating و on the predicate or on the negation before it
	tok := st.toks[p.Start].Norm
	for i := p.Start - 1; i >= 0 && i >= p.Start-3 && x.negOrGap(st, i); i-- {
		tok = st.toks[i].Norm
	}
	coordinated := strings.HasPrefix(tok, "و") || strings.HasPrefix(tok, "ف") || x.coordinatorOpens(st, clauseStart, p.Start)
	participle := x.isParticiple(st, p)
	// "حث موسكو على": the actor after is urged, when someone else can be
	// the subject
	patientFirst := contains(x.lex.PatientFirst, p.ID)
	unresolved := x.bareTitleBefore(st, p, clauseStart)
	switch {
	case p.Person != "" && len(speaker()) > 0:
		subj, rule = speaker(), "first-person"
		if p.Person == "we" {
			if side, ok := x.lex.SpeaksFor[subj[0]]; ok {
				subj = []string{side}
			}
		}
		*notes = append(*notes, fmt.Sprintf("a verb in the first person (%s): the speaker's side %v", p.Person, subj))
		if after != nil {
			target = after.ids[0]
		}
		return subj, target, rule, p.End
	case p.BySpeaker && len(prevSubj) > 0:
		// "بوتين حذر من أن العقوبات ستكون خطأ فادحا": the one already
		// speaking in the sentence
		subj, rule = prevSubj, "speaker-pattern"
		*notes = append(*notes, fmt.Sprintf("the pattern's subject is the sentence's speaking subject %v", subj))
		return subj, target, rule, p.End
	case p.BySpeaker && len(speaker()) > 0:
		subj, rule = speaker(), "speaker-pattern"
		if near != nil {
			target = near.ids[0]
		} else if after != nil {
			target = after.ids[0]
		}
		*notes = append(*notes, fmt.Sprintf("the pattern's subject is the speaker %v", subj))
		return subj, target, rule, p.End
	case coordinated && (after == nil || holder || patientFirst) && len(coordSubj)+len(carried) > 0:
		subj, rule = coordSubj, "inherit"
		if len(subj) == 0 {
			subj = carried
		}
		if after != nil && !holder {
			target, end = after.ids[0], after.end
		}
		*notes = append(*notes, fmt.Sprintf("coordinated verb: the previous subject %v", subj))
	case near != nil && !participle:
		subj, rule = near.ids, "svo"
		if after != nil {
			target, end = after.ids[0], after.end
		}
		*notes = append(*notes, fmt.Sprintf("subject %v just before the predicate", subj))
	case after != nil && !participle && (!patientFirst || before == nil):
		subj, rule, end = after.ids, "vso", after.end
		for k := range agents {
			r := agents[k]
			if r.start >= after.end && r.start <= after.end+1 {
				target, end = r.ids[0], r.end
			}
		}
		*notes = append(*notes, fmt.Sprintf("subject %v after the predicate", subj))
	case (coordinated || participle) && len(prevSubj) > 0:
		subj, rule = prevSubj, "inherit"
		if after != nil {
			target, end = after.ids[0], after.end
		}
		*notes = append(*notes, fmt.Sprintf("coordinated verb or participle: the previous subject %v", subj))
	case x.isDual(st, p):
		subj = state.lastPair
		if len(subj) == 0 && len(x.lex.Groups) > 0 {
			subj = x.lex.Groups[0].Members
		}
		rule = "dual"
		*notes = append(*notes, fmt.Sprintf("dual verb: subject the pair %v", subj))
	case before != nil:
		subj, rule = before.ids, "svo-far"
		if after != nil {
			target = after.ids[0]
		}
		*notes = append(*notes, fmt.Sprintf("subject %v earlier in the clause", subj))
	case unresolved:
		*notes = append(*notes, "a title with no name stands as subject: no claim")
		return nil, "", "", 0
	case len(prevSubj) > 0:
		subj, rule = prevSubj, "inherit"
		*notes = append(*notes, fmt.Sprintf("no subject in the clause: the previous subject %v", subj))
	default:
		subj, rule = speaker(), "speaker"
		// a medium reports; it takes no stance of its own
		if len(subj) == 0 || x.vocab.ActorType(subj[0]) == "media" {
			return nil, "", "", 0
		}
		*notes = append(*notes, fmt.Sprintf("no subject: the speaker %v", subj))
		if after != nil {
			target = after.ids[0]
		}
	}
	return subj, target, rule, end
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

// coordinatorOpens reports a clause opened by a coordinator with a pronoun
// ("لكنها", "إلا أنه") right before the predicate: the clause shares the
// previous subject.
func (x *Extractor) coordinatorOpens(st *sent, from, to int) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KCoordinator && m.End >= from-1 && m.End <= to && m.End >= to-2 {
			return true
		}
	}
	return false
}

// prepAt reports a preposition among tokens [from, to).
func (x *Extractor) prepAt(st *sent, from, to int) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KObjectPrep && m.Start >= from && m.Start < to {
			return true
		}
	}
	return false
}

// holderAt reports the preposition لدى ("held by") at token i.
func (x *Extractor) holderAt(st *sent, i int) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KHolder && m.Start == i {
			return true
		}
	}
	return false
}

// negOrGap reports a negator or negation-gap word at token i.
func (x *Extractor) negOrGap(st *sent, i int) bool {
	for _, m := range st.ms {
		if (m.Kind == lexicon.KNegator || m.Kind == lexicon.KNegGap) && m.Start <= i && i < m.End {
			return true
		}
	}
	return false
}

// bareTitleBefore reports a title ("الرئيس") standing alone right before
// the predicate: a subject the text does not name.
func (x *Extractor) bareTitleBefore(st *sent, p lexicon.Match, clauseStart int) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KTitle && m.End == p.Start && m.Start >= clauseStart {
			for _, a := range st.ms {
				if (a.Kind == lexicon.KActor || a.Kind == lexicon.KGroup) && a.Start <= m.Start && a.End >= m.End {
					return false
				}
			}
			return true
		}
	}
	return false
}

func confidence(rule string) float64 {
	switch rule {
	case "svo", "vso":
		return 0.9
	case "dual":
		return 0.75
	}
	return 0.6
}

func tokText(toks []arabic.Token, a, b int) string {
	var parts []string
	for i := a; i < b && i < len(toks); i++ {
		parts = append(parts, toks[i].Raw)
	}
	return strings.Join(parts, " ")
}

// clauseStart is the first token of the clause holding token i: after the
// last complementizer, frame, clause break or predicate before i.
func (x *Extractor) clauseStart(st *sent, i int, frames []frame, preds []lexicon.Match) int {
	return x.clauseStartCond(st, i, frames, preds, true)
}

// clauseStartCond is clauseStart; withCond says whether a condition
// particle opens a clause.
func (x *Extractor) clauseStartCond(st *sent, i int, frames []frame, preds []lexicon.Match, withCond bool) int {
	start := 0
	for _, m := range st.ms {
		if m.End > i {
			continue
		}
		switch m.Kind {
		case lexicon.KComplementizer, lexicon.KClauseBreak, lexicon.KAttribPrep, lexicon.KCondition:
			if m.Kind == lexicon.KCondition && !withCond {
				continue
			}
			if m.End > start {
				start = m.End
			}
		}
	}
	for _, f := range frames {
		if f.compFrom <= i && f.compFrom > start && f.kind != "prep" {
			start = f.compFrom
		}
	}
	for _, p := range preds {
		if p.End <= i && p.End > start {
			start = p.End
		}
	}
	return start
}

// isDual reports whether the predicate is a verb in the dual ("اتفقا").
func (x *Extractor) isDual(st *sent, p lexicon.Match) bool {
	tok := st.toks[p.End-1].Norm
	if p.End-p.Start > 1 {
		tok = st.toks[p.Start].Norm
	}
	for _, c := range lexicon.Candidates(tok) {
		for _, w := range strings.Fields(p.Src) {
			for _, alt := range strings.Split(w, "|") {
				f := arabic.Normalize(strings.TrimSuffix(alt, "*"))
				if strings.HasPrefix(c, f) && strings.HasPrefix(f, "م") {
					return false
				}
				if strings.HasPrefix(c, f) && len(c) > len(f) {
					rest := c[len(f):]
					for _, s := range x.lex.DualSuffixes {
						if rest == arabic.Normalize(s) {
							return true
						}
					}
				}
			}
			break
		}
	}
	return false
}

// object finds the predicate's topics: a fixed object, else the topics
// starting within reach after the predicate (coordinated topics each
// count; a topic introduced by a condition becomes the condition), else
// the first topic earlier in the clause. topicNeg reports a negator such
// as عدم right before the object.
func (x *Extractor) object(st *sent, p lexicon.Match, preds []lexicon.Match, clauseStart int) (objs []lexicon.Match, cond string, end int, topicNeg bool) {
	// a condition belongs to the predicate when no other predicate stands
	// between them
	predBetween := func(a, b int) bool {
		for _, q := range preds {
			if q.Start != p.Start && q.Start >= a && q.Start < b {
				return true
			}
		}
		return false
	}
	condAt := -1
	for _, m := range st.ms {
		if m.Kind != lexicon.KCondition || m.Start < p.Start-12 {
			continue
		}
		if m.Start >= p.End {
			if !predBetween(p.End, m.Start) {
				condAt = m.Start
			}
			break
		}
		if !predBetween(m.End, p.Start) && !x.compBetween(st, m.End, p.Start) {
			condAt = m.Start
		}
	}
	// the condition's topic: after the particle, and before the predicate
	// when the condition comes first
	for _, m := range st.ms {
		if m.Kind == lexicon.KTopic && condAt >= 0 && m.Start > condAt && cond == "" && (condAt > p.Start || m.Start < p.Start) {
			cond = m.ID
		}
	}
	if p.Obj != "" {
		return []lexicon.Match{{Pattern: &lexicon.Pattern{Kind: lexicon.KTopic, ID: p.Obj}, Start: p.Start, End: p.End}}, cond, p.End, false
	}
	wide := contains(x.lex.Absorbing, p.ID) || contains(x.lex.ClausalPredicates, p.ID)
	reach := 10
	if wide {
		reach = 16
	}
	// names, titles and event phrases do not use up the reach
	named := map[int]bool{}
	for _, m := range st.ms {
		switch m.Kind {
		case lexicon.KActor, lexicon.KGroup, lexicon.KTitle, lexicon.KEvent, lexicon.KStatement, lexicon.KComplementizer, lexicon.KObjectPrep, lexicon.KClauseBreak, lexicon.KTime:
			for t := m.Start; t < m.End; t++ {
				named[t] = true
			}
		}
	}
	limit := p.End
	for n := 0; n < reach && limit < len(st.toks); limit++ {
		if !named[limit] {
			n++
		}
	}
	for _, q := range preds {
		if q.Start > p.End && q.Start < limit && !wide {
			limit = q.Start
		}
	}
	// a comma after a plain word past the predicate closes its reach
	if !wide {
		for i := p.End; i < limit && i < len(st.toks); i++ {
			if hasComma(st.toks[i]) && !named[i] {
				limit = i + 1
				break
			}
		}
	}
	inCond := func(m lexicon.Match) bool {
		return condAt >= 0 && m.Start > condAt && (condAt >= p.End || m.Start < p.Start)
	}
	// a negating noun or verb right before the object ("بعدم انضمام"), or
	// a revoking verb heading the phrase the object ends ("يلغي قراره …
	// الذي يفتح الباب أمام انضمام"): no predicate, complementizer or actor
	// in between
	negBefore := func(m lexicon.Match) bool {
		for _, n := range st.ms {
			if n.Kind != lexicon.KTopicNegator || n.End > m.Start || n.End < m.Start-12 {
				continue
			}
			if n.End >= m.Start-1 {
				return true
			}
			if n.Start >= p.End && !x.compBetween(st, n.End, m.Start) && !predIn(preds, n.End, m.Start) && !x.actorIn(st, n.End, m.Start) {
				return true
			}
		}
		return false
	}
	var last lexicon.Match
	for _, m := range st.ms {
		if m.Kind != lexicon.KTopic || m.Start < p.End-1 || m.Start >= limit || inCond(m) {
			continue
		}
		if len(objs) == 0 {
			objs, end, last = append(objs, m), m.End, m
			topicNeg = negBefore(m)
			continue
		}
		// a further topic joined by و
		if m.Start >= last.End && m.Start <= last.End+8 && x.joined(st, last.End, m.Start) && m.ID != last.ID {
			objs, end, last = append(objs, m), m.End, m
		}
	}
	if len(objs) == 0 && p.ObjBefore {
		for _, m := range st.ms {
			if m.Kind == lexicon.KTopic && m.Start >= clauseStart && m.End <= p.Start && !inCond(m) {
				return []lexicon.Match{m}, cond, m.End, negBefore(m)
			}
		}
	}
	return objs, cond, end, topicNeg
}

// actorIn reports an actor reference among tokens [a, b).
func (x *Extractor) actorIn(st *sent, a, b int) bool {
	for _, m := range st.ms {
		if (m.Kind == lexicon.KActor || m.Kind == lexicon.KGroup) && m.Start >= a && m.Start < b {
			return true
		}
	}
	return false
}

// predIn reports a predicate among tokens [a, b).
func predIn(preds []lexicon.Match, a, b int) bool {
	for _, q := range preds {
		if q.Start >= a && q.Start < b {
			return true
		}
	}
	return false
}

// compBetween reports a complementizer among tokens [a, b).
func (x *Extractor) compBetween(st *sent, a, b int) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KComplementizer && m.Start >= a && m.Start < b {
			return true
		}
	}
	return false
}

// joined reports whether the words between two topics start with a
// coordinating و and hold no predicate or condition.
func (x *Extractor) joined(st *sent, from, to int) bool {
	if from >= len(st.toks) {
		return false
	}
	if from == to {
		return strings.HasPrefix(st.toks[to].Norm, "و")
	}
	if !strings.HasPrefix(st.toks[from].Norm, "و") {
		return false
	}
	for _, m := range st.ms {
		if m.Start >= from && m.Start < to && (m.Kind == lexicon.KPredicate || m.Kind == lexicon.KCondition || m.Kind == lexicon.KComplementizer) {
			return false
		}
	}
	return true
}

// polarity looks for a negator right before the predicate (allowing the
// negation-gap words in between), within the clause.
func (x *Extractor) polarity(st *sent, p lexicon.Match, clauseStart int) (string, string) {
	if p.Neg {
		return schema.Positive, "negation is part of the pattern"
	}
	negAt := map[int]bool{}
	gapAt := map[int]bool{}
	for _, m := range st.ms {
		switch m.Kind {
		case lexicon.KNegator:
			negAt[m.Start] = true
		case lexicon.KNegGap:
			for t := m.Start; t < m.End; t++ {
				gapAt[t] = true
			}
		}
	}
	for i, gaps := p.Start-1, 0; i >= clauseStart && i >= 0 && gaps <= 3; i-- {
		if negAt[i] {
			return schema.Negative, fmt.Sprintf("negated by %q", st.toks[i].Raw)
		}
		if !gapAt[i] {
			break
		}
		gaps++
	}
	return schema.Positive, ""
}

type fact struct {
	pred, value, event, src, text string
	at                            int
	approx                        bool
}

// facts finds event facts: duration, medium, initiator and tone.
func (x *Extractor) facts(st *sent) []fact {
	var out []fact
	ms := st.ms
	has := func(k lexicon.Kind, from, to int) (lexicon.Match, bool) {
		for _, m := range ms {
			if m.Kind == k && m.Start >= from && m.Start <= to {
				return m, true
			}
		}
		return lexicon.Match{}, false
	}
	eventNear := func(m lexicon.Match) string {
		for _, e := range ms {
			if e.Kind == lexicon.KEvent && e.Start <= m.End && e.End >= m.Start && !x.nearFuture(st, e) {
				return e.ID
			}
		}
		return ""
	}
	// duration
	for _, m := range ms {
		var minutes int
		switch m.Kind {
		case lexicon.KCounted:
			minutes = m.Value
		case lexicon.KUnit:
			if c, ok := has(lexicon.KCounted, m.Start-1, m.Start); ok && c.End >= m.End {
				continue
			}
			n := 0
			if m.Start > 0 {
				prev := st.toks[m.Start-1].Norm
				if v, err := strconv.Atoi(prev); err == nil {
					n = v
				} else if num, ok := has(lexicon.KNumber, m.Start-1, m.Start-1); ok {
					n = num.Value
				}
			}
			if n == 0 {
				if m.Plural {
					continue // "ساعات" with no count
				}
				n = 1
			}
			minutes = n * m.Value
		default:
			continue
		}
		if _, ok := has(lexicon.KDurationContext, m.Start-6, m.End+6); !ok {
			continue
		}
		if _, fut := has(lexicon.KFuture, m.Start-4, m.End+2); fut {
			continue
		}
		_, approx := has(lexicon.KApprox, m.Start-2, m.Start-1)
		out = append(out, fact{pred: "duration", value: strconv.Itoa(minutes), src: m.Src, text: tokText(st.toks, m.Start, m.End), at: m.Start, approx: approx})
	}
	for _, m := range ms {
		switch m.Kind {
		case lexicon.KMedium:
			if _, fut := has(lexicon.KFuture, m.Start-1, m.End+1); fut {
				continue
			}
			out = append(out, fact{pred: "medium", value: m.ID, event: eventNear(m), src: m.Src, text: tokText(st.toks, m.Start, m.End), at: m.Start})
		case lexicon.KInitiator:
			if a, ok := has(lexicon.KActor, m.End, m.End+1); ok {
				out = append(out, fact{pred: "initiator", value: a.ID, src: m.Src, text: tokText(st.toks, m.Start, a.End), at: m.Start})
			}
		case lexicon.KToneTrigger:
			if _, ok := has(lexicon.KDurationContext, m.Start-12, m.Start); !ok {
				continue
			}
			end := m.End + 4
			for _, t := range ms {
				if t.Kind == lexicon.KTone && t.Start >= m.End && t.Start <= end {
					out = append(out, fact{pred: "tone", value: t.ID, src: t.Src, text: tokText(st.toks, t.Start, t.End), at: t.Start})
					end = t.End + 2 // coordinated adjectives
				}
			}
		}
	}
	return out
}
