package extract

import (
	"fmt"
	"strings"

	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

// NewSet returns an extractor that applies, to each document, the lexicon
// of the document's language (the default language's when the document
// names none or one the set lacks).
func NewSet(set lexicon.Set, vocab *lexicon.Vocabulary) *Extractor {
	x := New(set.For(lexicon.DefaultLang), vocab)
	x.langs = map[string]*Extractor{}
	for _, lang := range set.Langs() {
		if set[lang] == x.lex {
			x.langs[lang] = x
			continue
		}
		x.langs[lang] = New(set[lang], vocab)
	}
	return x
}

// forLang returns the extractor of a language: x itself when it has no
// other or the language is unknown.
func (x *Extractor) forLang(lang string) *Extractor {
	if y, ok := x.langs[lexicon.BaseLang(lang)]; ok {
		return y
	}
	return x
}

// subjectFirst reports a language whose clauses put the subject first.
func (x *Extractor) subjectFirst() bool { return x.lex.SubjectFirst }

// verbLike guesses a verb form by the rules of the lexicon's language.
func (x *Extractor) verbLike(w string) bool {
	if x.lex.Lang != lexicon.English {
		return verbLike(w)
	}
	if _, ok := x.lex.Morphology.Irregular[w]; ok {
		return true
	}
	return (strings.HasSuffix(w, "ed") && len(w) >= 5) || (strings.HasSuffix(w, "ing") && len(w) >= 6)
}

// subjectFirstFrame resolves the frame of an attribution verb in a
// subject-first language. The speaker is the subject before the verb ("X
// said", "X, the aide, told reporters that"), a pronoun standing for the
// last speaker ("he added"), or, after a quote, the subject right after
// the verb ("…," said X). A frame whose speaker follows a quote or a
// comma and takes no "that" covers what comes before it ("…," X said). A
// participle ("adding that") continues the frame before it. A subject the
// lexicon does not know ("an analyst said") makes no frame.
func (x *Extractor) subjectFirstFrame(st *sent, refs []actorRef, v lexicon.Match, comp int, fr []frame, state *docState) (frame, bool) {
	// "told Y during the call on Tuesday that …": the complement starts
	// at "that" when nothing but names and adjuncts stand before it
	takesThat := comp >= 0 && !x.opensClause(st, v.End, comp)
	from := v.End
	if takesThat {
		from = comp
	}
	post := func(start int) bool {
		if start == 0 || takesThat || !x.plainTail(st, v.End) {
			return false
		}
		// a quote or a comma closes what comes before the speaker's
		// phrase; the phrase holds no claim or topic of its own
		for k := start - 1; k >= 0 && k >= start-10; k-- {
			if quoteEnds(st.toks[k]) || hasComma(st.toks[k]) {
				return true
			}
			if x.opensClause(st, k, k+1) || x.topicAt(st, k) {
				return false
			}
		}
		return false
	}
	// a pronoun subject: the last speaker of an attribution verb ("he
	// added"), the last subject of a stance verb ("he made clear")
	for i := v.Start - 1; i >= 0 && i >= v.Start-2; i-- {
		if x.lex.IsPronoun(st.toks[i].Norm) {
			var sp []string
			if v.Kind == lexicon.KAttribVerb && !x.insideQuote(st, i) && !x.quotedLater(st, v.End) {
				sp = state.lastSpeaker
			} else {
				sp = x.pronounReferent(st, i, state)
			}
			if len(sp) == 0 {
				return frame{}, false
			}
			if post(i) {
				return frame{speaker: sp, kind: "verb", at: v.Start, compFrom: 0, post: true}, true
			}
			return frame{speaker: sp, kind: "verb", at: v.Start, compFrom: from}, true
		}
		if x.wordAt(st, i) {
			break
		}
	}
	// the subject before the verb
	for k := len(refs) - 1; k >= 0; k-- {
		r := refs[k]
		if r.end > v.Start {
			continue
		}
		// "… Ukraine, officials said": the words after the comma are the
		// subject, someone the lexicon does not know; "Biden, in turn,
		// said": a parenthesis between commas
		parenthesis := hasComma(st.toks[v.Start-1])
		if v.Start-r.end > 5 || x.opensClause(st, r.end, v.Start) || (r.end < v.Start && hasComma(st.toks[r.end-1]) && !parenthesis) {
			break
		}
		if x.insideTopic(st, r) || x.prepSpeaker(st, r) {
			continue
		}
		if x.possessor(st, r) {
			break // "Putin's aide said": someone the lexicon does not know
		}
		// "a White House press release said": the statement's owner
		if r.statement && k > 0 && refs[k-1].end == r.start && !refs[k-1].statement {
			r = refs[k-1]
		}
		sp := x.speakerOf(r, state)
		if len(sp) == 0 {
			return frame{}, false
		}
		if post(r.start) {
			return frame{speaker: sp, kind: "verb", at: v.Start, compFrom: 0, post: true}, true
		}
		return frame{speaker: sp, kind: "verb", at: v.Start, compFrom: from}, true
	}
	// inverted after a quote: "…," said X
	if v.Start > 0 && (quoteEnds(st.toks[v.Start-1]) || hasComma(st.toks[v.Start-1])) {
		for _, r := range refs {
			if r.start == v.End || (r.start == v.End+1 && !x.wordAt(st, v.End)) {
				if sp := x.speakerOf(r, state); len(sp) > 0 {
					return frame{speaker: sp, kind: "verb", at: v.Start, compFrom: 0, post: true}, true
				}
			}
		}
	}
	// a participle continues the frame before it, or the main clause's
	// subject speaks
	if x.participleForm(st.toks[v.Start].Norm) {
		if prev := lastVerbFrame(fr, v.Start); prev != nil {
			return frame{speaker: prev.speaker, kind: "verb", at: v.Start, compFrom: from}, true
		}
		if main, ok := x.mainAgentBefore(st, refs, v.Start); ok {
			return frame{speaker: main.ids, kind: "verb", at: v.Start, compFrom: from}, true
		}
	}
	return frame{}, false
}

// opensClause reports, among tokens [a, b), something that separates a
// subject from a later verb: a predicate, a complementizer, another
// attribution verb, a clause break.
func (x *Extractor) opensClause(st *sent, a, b int) bool {
	for _, m := range st.ms {
		if m.Start < a || m.Start >= b {
			continue
		}
		switch m.Kind {
		case lexicon.KPredicate, lexicon.KComplementizer, lexicon.KAttribVerb, lexicon.KClauseBreak, lexicon.KCondition:
			return true
		}
	}
	return false
}

// wordAt reports a token that is not a function word of the lexicon or
// an adverb in -ly: those ("also", "has", "repeatedly") may stand between
// a subject and its verb; other words may not.
func (x *Extractor) wordAt(st *sent, i int) bool {
	w := st.toks[i].Norm
	return !x.lex.IsStopword(w) && !(strings.HasSuffix(w, "ly") && len(w) > 4)
}

// participleForm reports an English present participle ("adding").
func (x *Extractor) participleForm(norm string) bool {
	return x.subjectFirst() && strings.HasSuffix(norm, "ing") && len(norm) > 5
}

// conjunctionBefore reports a conjunction word ("and") right before token
// i, or before the negation of the word at i ("and did not …").
func (x *Extractor) conjunctionBefore(st *sent, i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if x.lex.IsConjunction(st.toks[k].Norm) {
			return true
		}
		if !x.negOrGap(st, k) {
			return false
		}
	}
	return false
}

// conjunctionIn reports a conjunction word ("and") among tokens [a, b).
func (x *Extractor) conjunctionIn(st *sent, a, b int) bool {
	for i := a; i < b && i < len(st.toks); i++ {
		if x.lex.IsConjunction(st.toks[i].Norm) {
			return true
		}
	}
	return false
}

// quotedLater reports a closing quote after token i followed closely by an
// attribution verb: the sentence is a quote whose speaker comes after it.
func (x *Extractor) quotedLater(st *sent, i int) bool {
	for k := i; k < len(st.toks); k++ {
		if !quoteEnds(st.toks[k]) {
			continue
		}
		for _, m := range st.ms {
			if m.Kind == lexicon.KAttribVerb && m.Start > k && m.Start <= k+7 {
				return true
			}
		}
	}
	return false
}

// conditionClosed ends a condition that opens the clause at the comma
// after it ("if Russia invades, the US will respond"): the subject comes
// after that comma. It returns the clause start and whether the condition
// is still open at token i.
func (x *Extractor) conditionClosed(st *sent, i, clauseStart int) (int, bool) {
	for k := clauseStart; k < i; k++ {
		if hasComma(st.toks[k]) {
			return k + 1, false
		}
	}
	return clauseStart, true
}

// head is a predicate of the sentence with the subject it was given.
type head struct {
	end  int
	subj []string
}

// speakerForOwnSide makes a principal the subject when he speaks of his
// own side: "Biden told Putin that the United States would respond" is
// Biden's warning, and so is "Biden warned Putin that the United States
// will respond". The principal is the speaker of the frame covering token
// i, or the subject of a predicate before i whose "that" clause holds i.
func (x *Extractor) speakerForOwnSide(st *sent, subj []string, frames []frame, heads []head, i int, notes *[]string) []string {
	if len(subj) != 1 {
		return subj
	}
	best := -1
	var sp []string
	for _, f := range frames {
		if f.kind == "verb" && !f.post && f.at < i && f.compFrom <= i && f.compFrom > best {
			sp, best = f.speaker, f.compFrom
		}
	}
	if len(sp) != 1 || !x.principalOf(sp[0], subj[0]) {
		sp = nil
		for k := len(heads) - 1; k >= 0; k-- {
			h := heads[k]
			if h.end < i && x.compBetween(st, h.end, i) && len(h.subj) == 1 && x.principalOf(h.subj[0], subj[0]) {
				sp = h.subj
				break
			}
		}
	}
	if len(sp) != 1 || !x.principalOf(sp[0], subj[0]) {
		return subj
	}
	*notes = append(*notes, fmt.Sprintf("%v speaks of his own side %v: he is the subject", sp, subj))
	return sp
}

// principalOf reports a person with no spokesman's role (a head of state)
// who speaks for side.
func (x *Extractor) principalOf(person, side string) bool {
	return x.vocab.ActorType(person) == "person" && x.vocab.Actors[person].Role == "" && x.lex.SpeaksFor[person] == side
}

// nominal reports a participle used as an adjective after a determiner
// ("a proposed deal"): it does not cut the reach of a verb before it.
func (x *Extractor) nominal(st *sent, q lexicon.Match) bool {
	return x.subjectFirst() && q.Start > 0 && x.lex.IsDeterminer(st.toks[q.Start-1].Norm) && pastParticiple(st.toks[q.Start].Norm)
}

// pastParticiple reports a regular English past participle ("proposed",
// not "need").
func pastParticiple(w string) bool {
	return strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed") && len(w) >= 5
}

// plainTail reports that the words after an attribution verb, up to the
// next comma or the sentence end, hold no claim of their own (no
// predicate, topic or complementizer; an addressee may stand there): "…
// Ushakov told reporters on Tuesday." The verb then attributes what came
// before it.
func (x *Extractor) plainTail(st *sent, i int) bool {
	if i > 0 && hasComma(st.toks[i-1]) {
		return true
	}
	end := len(st.toks)
	for k := i; k < len(st.toks); k++ {
		if hasComma(st.toks[k]) || quoteEnds(st.toks[k]) {
			end = k + 1
			break
		}
	}
	for _, m := range st.ms {
		if m.Start < i || m.Start >= end {
			continue
		}
		switch m.Kind {
		case lexicon.KPredicate, lexicon.KComplementizer, lexicon.KTopic:
			return false
		}
	}
	return true
}

// insideQuote reports an odd number of quotation marks in the sentence
// before token i: the token stands inside a quote.
func (x *Extractor) insideQuote(st *sent, i int) bool {
	r := []rune(st.s.Text)
	end := st.toks[i].Start - st.s.Start
	if end < 0 || end > len(r) {
		return false
	}
	n := 0
	for _, c := range r[:end] {
		if strings.ContainsRune("\"“”«»", c) {
			n++
		}
	}
	return n%2 == 1
}

// pronounReferent resolves "he"/"she" standing as the subject of a
// stance or inside a quote: the last subject, when it is one person, else
// the first person named as an agent in the sentence before; not the one
// quoted (a speaker says "I", not "he").
func (x *Extractor) pronounReferent(st *sent, i int, state *docState) []string {
	s := state.lastSubject
	if len(s) != 1 || x.vocab.ActorType(s[0]) != "person" {
		s = x.previousPerson(state)
	}
	if len(s) == 0 {
		return nil
	}
	if x.insideQuote(st, i) && len(state.lastSpeaker) == 1 && state.lastSpeaker[0] == s[0] {
		return nil
	}
	return s
}

// pronounBefore reports a subject pronoun right before token i (only
// negators, auxiliaries and adverbs between), inside the clause.
func (x *Extractor) pronounBefore(st *sent, i, clauseStart int) (int, bool) {
	for k := i - 1; k >= clauseStart && k >= i-4; k-- {
		if x.lex.IsPronoun(st.toks[k].Norm) {
			return k, true
		}
		if !x.negOrGap(st, k) && x.wordAt(st, k) {
			return 0, false
		}
	}
	return 0, false
}

// raises reports whether a frame's speaker raises topic m himself: in a
// subject-first language the topic follows his verb closely, with no
// other verb between, and the frame is not a quote's attribution.
func (x *Extractor) raises(st *sent, f frame, m lexicon.Match) bool {
	if !x.subjectFirst() {
		return true
	}
	if f.post || m.Start <= f.at || m.Start-f.at > 10 {
		return false
	}
	// no other verb or subordinate clause between the speaker's verb and
	// the topic
	for _, o := range st.ms {
		switch o.Kind {
		case lexicon.KAttribVerb, lexicon.KPredicate, lexicon.KClauseBreak, lexicon.KCondition:
			if o.Start > f.at && o.Start < m.Start {
				return false
			}
		}
	}
	return true
}

// clauseSubject is the first agent of the clause holding token i: after
// the complement start of the frame covering i.
func (x *Extractor) clauseSubject(st *sent, agents []actorRef, frames []frame, i int) []string {
	start := 0
	for _, f := range frames {
		if f.kind == "verb" && !f.post && f.compFrom <= i && f.compFrom > start {
			start = f.compFrom
		}
	}
	for _, r := range agents {
		if r.start >= start && r.end <= i {
			return r.ids
		}
	}
	return nil
}

// passiveSubject resolves the subject of a passive predicate ("sanctions
// were threatened by X", "X was not discussed"): the agent after "by", or
// for an agentless passive of a predicate listed as passive_participants
// the participants of the talks. A subject pronoun resolves the same way
// as in frames. The object of a passive is the topic before it (see
// passiveObject).
func (x *Extractor) passiveSubject(st *sent, p lexicon.Match, agents []actorRef, clauseStart int, state *docState, notes *[]string) ([]string, string, bool) {
	if k, ok := x.pronounBefore(st, p.Start, clauseStart); ok && !x.passiveForm(st, p) {
		if s := x.pronounReferent(st, k, state); len(s) > 0 {
			*notes = append(*notes, fmt.Sprintf("the pronoun %q is %v", st.toks[k].Raw, s))
			return s, "pronoun", true
		}
		return nil, "", false
	}
	if !x.passiveForm(st, p) || x.topicBefore(st, p, clauseStart) == "" {
		return nil, "", false
	}
	if p.End < len(st.toks) && x.lex.IsPassiveAgent(st.toks[p.End].Norm) {
		for _, r := range agents {
			if r.start == p.End+1 {
				*notes = append(*notes, fmt.Sprintf("passive: the agent %v after %q", r.ids, st.toks[p.End].Raw))
				return r.ids, "passive", true
			}
		}
		return nil, "", false
	}
	if contains(x.lex.PassiveParticipants, p.ID) {
		subj := state.lastPair
		if len(subj) == 0 && len(x.lex.Groups) > 0 {
			subj = x.lex.Groups[0].Members
		}
		*notes = append(*notes, fmt.Sprintf("passive with no agent: the talks' participants %v", subj))
		return subj, "passive", len(subj) > 0
	}
	return nil, "", false
}

// passiveForm reports a past participle after a passive auxiliary ("was
// raised", "were not even discussed") or before a passive agent
// ("threatened by").
func (x *Extractor) passiveForm(st *sent, p lexicon.Match) bool {
	w := st.toks[p.Start].Norm
	_, irregular := x.lex.Morphology.Irregular[w]
	if !pastParticiple(w) && !irregular {
		return false
	}
	if p.End < len(st.toks) && x.lex.IsPassiveAgent(st.toks[p.End].Norm) {
		return true
	}
	for k := p.Start - 1; k >= 0 && k >= p.Start-4; k-- {
		if contains(x.lex.PassiveAuxiliaries, st.toks[k].Norm) {
			return true
		}
		if !x.negOrGap(st, k) && x.wordAt(st, k) {
			return false
		}
	}
	return false
}

// topicBefore returns the last topic of the clause before the predicate.
func (x *Extractor) topicBefore(st *sent, p lexicon.Match, clauseStart int) string {
	id := ""
	for _, m := range st.ms {
		if m.Kind == lexicon.KTopic && m.Start >= clauseStart && m.End <= p.Start {
			id = m.ID
		}
	}
	return id
}

// passiveObject fixes a passive predicate's object to the topic before it.
func (x *Extractor) passiveObject(st *sent, p lexicon.Match, clauseStart int) lexicon.Match {
	id := x.topicBefore(st, p, clauseStart)
	if id == "" {
		return p
	}
	pat := *p.Pattern
	pat.Obj = id
	p.Pattern = &pat
	return p
}

// quoteRuns finds quotes that run over several sentences, or quotes
// introduced by the sentence before them ("X revealed the details: “…”"),
// and maps each of their sentences to the one naming the speaker: the
// last, when its speaker follows the closing quote ("…," X said), else the
// introducing sentence, else the first.
func (x *Extractor) quoteRuns(ss []*sent) map[int]int {
	runs := map[int]int{}
	open := false
	first, intro := -1, -1
	for i, st := range ss {
		startsOpen := open
		text := strings.TrimSpace(st.s.Text)
		begins := strings.IndexAny(text, "\"“«") == 0
		for _, c := range text {
			switch c {
			case '"':
				open = !open
			case '“', '«':
				open = true
			case '”', '»':
				open = false
			}
		}
		if !startsOpen {
			first, intro = i, -1
			if begins && i > 0 && strings.HasSuffix(strings.TrimSpace(ss[i-1].s.Text), ":") {
				intro = i - 1
			}
			if !open && intro >= 0 && !st.namesAfter {
				runs[i] = intro // one quoted sentence after its introduction
			}
			continue
		}
		if open {
			continue // the quote runs on
		}
		// the quote closes in sentence i: sentences first..i
		by := first
		if intro >= 0 {
			by = intro
		}
		if st.namesAfter {
			by = i
		}
		for k := first; k <= i; k++ {
			if k != by {
				runs[k] = by
			}
		}
		first, intro = -1, -1
	}
	return runs
}

// namesAfterQuote reports an attribution verb after the sentence's last
// closing quote.
func (x *Extractor) namesAfterQuote(st *sent) bool {
	last := -1
	for k, t := range st.toks {
		if quoteEnds(t) {
			last = k
		}
	}
	if last < 0 {
		return false
	}
	for _, m := range st.ms {
		if m.Kind == lexicon.KAttribVerb && m.Start > last && m.Start <= last+8 {
			return true
		}
	}
	return false
}

// quoteFrame gives a sentence inside a quote of several sentences, with
// no frame of its own, the speaker of the quote: the speaker of the
// sentence that names it (frames found ahead of time when it comes later).
func (x *Extractor) quoteFrame(idx int, st *sent, refs []actorRef, preds []lexicon.Match, frames []frame, state *docState) []frame {
	frames = x.colonFrame(st, refs, frames)
	by, ok := state.quoted[idx]
	if !ok || len(frames) > 0 {
		return frames
	}
	// the speaker named in the sentence by: after the quote, or before it
	byst := state.sentAt(by)
	var bpreds []lexicon.Match
	for _, m := range byst.ms {
		if m.Kind == lexicon.KPredicate {
			bpreds = append(bpreds, m)
		}
	}
	scratch := *state
	var sp []string
	for _, f := range x.frames(byst, x.actors(byst), bpreds, &scratch) {
		if f.post == (by > idx) {
			sp = f.speaker
		}
	}
	if len(sp) == 0 && by < idx {
		// "X, the aide, revealed the details:": the sentence's first agent
		if strings.HasSuffix(strings.TrimSpace(byst.s.Text), ":") {
			for _, r := range x.actors(byst) {
				if !r.statement && !x.insideTopic(byst, r) && !x.possessor(byst, r) {
					sp = r.ids
					break
				}
			}
		}
		if len(sp) == 0 {
			sp = state.lastSpeaker
		}
	}
	if len(sp) == 0 {
		return frames
	}
	return append(frames, frame{speaker: sp, kind: "verb", at: -1, compFrom: 0})
}

// topicAt reports a topic covering token i.
func (x *Extractor) topicAt(st *sent, i int) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KTopic && m.Start <= i && i < m.End {
			return true
		}
	}
	return false
}

// possessiveAt reports a possessive token at i ("Biden’s").
func (x *Extractor) possessiveAt(st *sent, i int) bool {
	return x.subjectFirst() && i >= 0 && i < len(st.toks) && lexicon.Possessive(st.toks[i])
}

// possessor reports an actor that modifies a noun: in the possessive
// ("Biden’s top adviser", "at Putin’s request"), unless a predicate noun
// follows it ("Putin’s proposal": his proposal), or before a person
// ("Kremlin aide Yuri Ushakov"). It is not an agent.
func (x *Extractor) possessor(st *sent, r actorRef) bool {
	if x.subjectFirst() && len(r.ids) == 1 && x.vocab.ActorType(r.ids[0]) != "person" && !hasComma(st.toks[r.end-1]) {
		// "Kremlin aide Yuri Ushakov", "US President Joe Biden": a name
		// before a person's title modifies it
		for _, m := range st.ms {
			if m.Kind == lexicon.KActor && m.Start == r.end && x.vocab.ActorType(m.ID) == "person" {
				return true
			}
		}
	}
	if !x.possessiveAt(st, r.end-1) {
		return false
	}
	for _, m := range st.ms {
		if m.Kind == lexicon.KPredicate && m.Start == r.end {
			return false
		}
	}
	return true
}

// speakerPhrase reports a predicate inside the speaker's own verb phrase
// ("X noted his concern", "X reiterated his support"): close after the
// frame's verb, with no "that" or other clause between.
func (x *Extractor) speakerPhrase(st *sent, frames []frame, p lexicon.Match) bool {
	for _, f := range frames {
		if f.kind == "verb" && !f.post && f.at >= 0 && f.at < p.Start && p.Start-f.at <= 6 && !x.compBetween(st, f.at, p.Start) && !x.opensClause(st, f.at+1, p.Start) {
			return true
		}
	}
	return false
}

// firstPerson resolves a first-person pronoun right before the predicate
// ("I hope", "we will respond"): the speaker, or the side he speaks for.
func (x *Extractor) firstPerson(st *sent, p lexicon.Match, clauseStart int, speaker []string, notes *[]string) ([]string, string, bool) {
	if len(speaker) == 0 {
		return nil, "", false
	}
	for k := p.Start - 1; k >= clauseStart && k >= p.Start-4; k-- {
		if how, ok := x.lex.FirstPerson[st.toks[k].Norm]; ok {
			subj := speaker
			if side, ok := x.lex.SpeaksFor[speaker[0]]; ok && how == "side" {
				subj = []string{side}
			}
			*notes = append(*notes, fmt.Sprintf("the first person %q: %v", st.toks[k].Raw, subj))
			return subj, "first-person", true
		}
		if !x.negOrGap(st, k) && x.wordAt(st, k) {
			break
		}
	}
	return nil, "", false
}

// sideOf reports whether actor side is the one source speaks for,
// directly or through its organization (Ushakov → Kremlin → Russia).
func (x *Extractor) sideOf(source, side string) bool {
	for k, a := 0, source; k < 3 && a != ""; k++ {
		a = x.lex.SpeaksFor[a]
		if a == side {
			return true
		}
	}
	return false
}

// prepObject reports the actor a prepositional attribution names ("according
// to the Kremlin", "citing TASS"): the first actor after the preposition,
// with only function words between.
func (x *Extractor) prepObject(st *sent, r actorRef) bool {
	for _, m := range st.ms {
		if m.Kind != lexicon.KAttribPrep && m.Kind != lexicon.KFootage && m.Kind != lexicon.KRelayPrep {
			continue
		}
		if m.End > r.start || r.start > m.End+2 {
			continue
		}
		plain := true
		for k := m.End; k < r.start; k++ {
			if x.wordAt(st, k) || hasComma(st.toks[k]) {
				plain = false
			}
		}
		if plain {
			return true
		}
	}
	return false
}

// thatLimit stops the reach of a predicate at the first complementizer
// after it, unless its object may stand in a "that" clause ("wanted the US
// to know that …" wants nothing of the clause).
func (x *Extractor) thatLimit(st *sent, p lexicon.Match, limit int) int {
	if contains(x.lex.ThatObjects, p.ID) {
		return limit
	}
	for _, m := range st.ms {
		if m.Kind == lexicon.KComplementizer && m.Start >= p.End && m.Start < limit {
			return m.Start
		}
	}
	return limit
}

// colonFrame: a sentence whose subject opens it and whose clause ends in
// a colon ("Biden sent a clear message: …") has that subject speak what
// follows the colon.
func (x *Extractor) colonFrame(st *sent, refs []actorRef, frames []frame) []frame {
	if len(refs) == 0 || refs[0].start > 1 || refs[0].statement || x.possessor(st, refs[0]) {
		return frames
	}
	for k := refs[0].end; k < len(st.toks)-1 && k < refs[0].end+10; k++ {
		if x.opensClause(st, k, k+1) {
			return frames
		}
		if strings.Contains(st.toks[k].Punct, ":") {
			return append(frames, frame{speaker: refs[0].ids, kind: "colon", at: k, compFrom: k + 1})
		}
	}
	return frames
}

// listComma reports a comma inside a list of modifiers ("reliable,
// legally binding guarantees"): the words after it, up to the next topic,
// start no clause and name no one.
func (x *Extractor) listComma(st *sent, i int) bool {
	if !x.subjectFirst() {
		return false
	}
	for k := i + 1; k < len(st.toks) && k <= i+4; k++ {
		for _, m := range st.ms {
			if m.Start != k {
				continue
			}
			switch m.Kind {
			case lexicon.KTopic:
				return true
			case lexicon.KActor, lexicon.KGroup, lexicon.KPredicate, lexicon.KAttribVerb, lexicon.KComplementizer, lexicon.KClauseBreak, lexicon.KCondition:
				return false
			}
		}
		w := st.toks[k].Norm
		if hasComma(st.toks[k]) || x.lex.IsConjunction(w) || x.lex.IsStopword(w) || strings.HasSuffix(w, "ing") {
			return false
		}
	}
	return false
}

// objectElsewhere finds the object of a predicate with no topic in reach:
// the topic of its condition, when that is the only issue named ("warns of
// a rupture if sanctions proceed"), else, for a pattern whose object comes
// before it and an anaphor there ("this would be a big mistake"), the last
// topic of the sentence before the clause or the object of the last claim.
func (x *Extractor) objectElsewhere(st *sent, p lexicon.Match, cond string, clauseStart int, state *docState, notes *[]string) ([]lexicon.Match, string) {
	if cond != "" {
		*notes = append(*notes, "the condition's topic is the only issue: the object")
		return []lexicon.Match{{Pattern: &lexicon.Pattern{Kind: lexicon.KTopic, ID: cond}, Start: p.Start, End: p.End}}, ""
	}
	last := x.topicBeforeToken(st, clauseStart, state.lastTopic)
	if last == "" || !p.ObjBefore {
		return nil, cond
	}
	for k := clauseStart; k < p.End+3 && k < len(st.toks); k++ {
		if contains(x.lex.Anaphors, st.toks[k].Norm) {
			*notes = append(*notes, fmt.Sprintf("%q stands for the last topic named, %s", st.toks[k].Raw, last))
			return []lexicon.Match{{Pattern: &lexicon.Pattern{Kind: lexicon.KTopic, ID: last}, Start: p.Start, End: p.End}}, cond
		}
	}
	return nil, cond
}

// topicBeforeToken returns the last topic of the sentence ending before
// token i, else def.
func (x *Extractor) topicBeforeToken(st *sent, i int, def string) string {
	for _, m := range st.ms {
		if m.Kind == lexicon.KTopic && m.End <= i {
			def = m.ID
		}
	}
	return def
}

// negatedObject turns a stance on a negated object into the stance the
// lexicon gives for it ("urged an end to the build-up": oppose the
// build-up).
func (x *Extractor) negatedObject(p lexicon.Match, pol string, notes *[]string) (lexicon.Match, string) {
	to, ok := x.lex.NegatedObject[p.ID]
	if !ok || pol != schema.Negative {
		return p, pol
	}
	pat := *p.Pattern
	pat.ID = to
	p.Pattern = &pat
	*notes = append(*notes, fmt.Sprintf("a stance for a negated object is %s", to))
	return p, schema.Positive
}

// headFrames adds, for the subject of a predicate, the clauses of the
// predicates before it: a person whose "that" clause holds token i speaks
// it ("Putin warned that this would be a big mistake").
func (x *Extractor) headFrames(st *sent, frames []frame, heads []head, i int) []frame {
	out := frames
	for _, h := range heads {
		if len(h.subj) != 1 || x.vocab.ActorType(h.subj[0]) != "person" {
			continue
		}
		for _, m := range st.ms {
			if m.Kind == lexicon.KComplementizer && m.Start >= h.end && m.Start <= h.end+4 && m.End <= i {
				if len(out) == len(frames) {
					out = append([]frame(nil), frames...)
				}
				out = append(out, frame{speaker: h.subj, kind: "verb", at: h.end - 1, compFrom: m.End})
				break
			}
		}
	}
	return out
}

// previousPerson returns the first person named as an agent in the
// sentence before the current one.
func (x *Extractor) previousPerson(state *docState) []string {
	if state.cur == 0 || state.cur > len(state.sents) {
		return nil
	}
	prev := state.sentAt(state.cur - 1)
	for _, r := range x.actors(prev) {
		if len(r.ids) == 1 && x.vocab.ActorType(r.ids[0]) == "person" && !x.insideTopic(prev, r) && !x.possessor(prev, r) && !x.prepSpeaker(prev, r) {
			return r.ids
		}
	}
	return nil
}

// leadParagraphs is how many paragraphs (a headline line counts as one)
// open a news report with the news itself.
const leadParagraphs = 2

// background reports a predicate in the perfect tense ("has accused")
// past the lead: news reports give standing positions that way, not what
// was said in the event.
func (x *Extractor) background(st *sent, at int) bool {
	if st.s.Paragraph < leadParagraphs {
		return false
	}
	for k := at - 1; k >= 0 && k >= at-3; k-- {
		if contains(x.lex.Perfect, st.toks[k].Norm) {
			return true
		}
		if !x.negOrGap(st, k) && x.wordAt(st, k) {
			return false
		}
	}
	return false
}

// inQuestion reports a question word ("whether") before token i in the
// sentence.
func (x *Extractor) inQuestion(st *sent, i int) bool {
	for k := 0; k < i; k++ {
		if contains(x.lex.Questions, st.toks[k].Norm) {
			return true
		}
	}
	return false
}

// negatorInside reports a topic negator inside a topic matched across a
// gap ("NATO halt its expansion").
func (x *Extractor) negatorInside(st *sent, o lexicon.Match) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KTopicNegator && m.Start > o.Start && m.End < o.End {
			return true
		}
	}
	return false
}

// compoundNoun reports a predicate noun right after a topic, in one noun
// phrase with it ("the sanctions threat", "the negotiation agreement"): a
// name of a thing, not a stance anyone takes. Verb forms in -ed or -ing
// ("sanctions threatened by") are not nouns.
func (x *Extractor) compoundNoun(st *sent, p lexicon.Match) bool {
	w := st.toks[p.Start].Norm
	if p.Start == 0 || pastParticiple(w) || strings.HasSuffix(w, "ing") || hasComma(st.toks[p.Start-1]) {
		return false
	}
	for _, m := range st.ms {
		if m.Kind == lexicon.KTopic && m.End == p.Start {
			return true
		}
	}
	return false
}

// plannedBefore reports, in a subject-first language, a future or planned
// word earlier in the clause of an event cue ("Biden will speak to
// Zelensky on Thursday"): the cue names a planned event.
func (x *Extractor) plannedBefore(st *sent, cue lexicon.Match) bool {
	if !x.subjectFirst() {
		return false
	}
	for _, m := range st.ms {
		if m.Kind == lexicon.KFuture && m.End <= cue.Start && m.Start >= cue.Start-8 && !x.opensClause(st, m.End, cue.Start) {
			return true
		}
	}
	return false
}
