package extract

import (
	"fmt"
	"slices"
	"strings"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
)

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
			f := arabic.Normalize(strings.TrimPrefix(strings.TrimSuffix(alt, "*"), "~"))
			if strings.HasPrefix(tok[len("ل"):], f) && !strings.HasPrefix(f, "ل") {
				return true
			}
		}
	}
	first := strings.Fields(p.Src)[0]
	return p.Participle || (strings.HasPrefix(arabic.Normalize(first), "م") && strings.HasSuffix(first, "*"))
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
		if r.oblique {
			continue
		}
		if r.start >= clauseStart && r.end <= p.Start {
			rr := r
			if r.afterPrep && r.end < p.Start-3 && !x.subjectFirst() {
				continue // "طلب من بايدن …": not the subject of a verb further on
			}
			before = &rr
			if r.end >= p.Start-3 && !hasComma(st.toks[r.end-1]) && (x.subjectFirst() || !commaIn(st, r.end-1, p.Start)) {
				near = &rr
			}
		}
	}
	for k := range agents {
		r := agents[k]
		if r.oblique && !(r.start == p.End+1 && x.holderAt(st, p.End)) {
			continue
		}
		inGap := p.End-p.Start > 2 && r.start <= p.Start+2 && r.start > p.Start && !hasComma(st.toks[p.Start])
		if inGap || (r.start >= p.End && r.start <= p.End+1 && !x.prepAt(st, p.End, r.start) && (r.start == p.End || x.subjectFirst() || x.timeOrGapAt(st, p.End))) {
			rr := r
			after = &rr
			break
		}
		// "نية لدى واشنطن": the holder after لدى; "threatened by X": the
		// agent of a passive
		if r.start == p.End+1 && (x.holderAt(st, p.End) || x.lex.IsPassiveAgent(st.toks[p.End].Norm)) {
			rr := r
			after, holder = &rr, true
			break
		}
	}
	speaker := func() []string {
		var sp []string
		best := -1
		for _, f := range frames {
			if (f.kind == "verb" || f.kind == "colon") && f.compFrom <= p.Start && f.compFrom > best && (!f.post || p.Start < f.at) {
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
	if x.subjectFirst() {
		if subj, rule, ok := x.firstPerson(st, p, clauseStart, speaker(), notes); ok {
			return subj, "", rule, p.End
		}
		if subj, rule, ok := x.passiveSubject(st, p, agents, clauseStart, state, notes); ok {
			return subj, "", rule, p.End
		}
	}
	// a coordinating و on the predicate or on the negation before it
	tok := st.toks[p.Start].Norm
	for i := p.Start - 1; i >= 0 && i >= p.Start-3 && x.negOrGap(st, i); i-- {
		tok = st.toks[i].Norm
	}
	coordinated := strings.HasPrefix(tok, "و") || strings.HasPrefix(tok, "ف") || x.coordinatorOpens(st, clauseStart, p.Start) || x.conjunctionBefore(st, p.Start)
	participle := x.isParticiple(st, p)
	// "حث موسكو على": the actor after is urged, when someone else can be
	// the subject
	patientFirst := contains(x.lex.PatientFirst, p.ID)
	unresolved := x.bareTitleBefore(st, p, clauseStart)
	person := p.Person
	if person == "" && p.IsVerbPattern() {
		person = x.lex.VerbPerson(st.toks[p.Start].Norm, p.Pattern)
	}
	switch {
	case p.SubjectInside:
		// "أثار قلق الغرب": the actor that ends the pattern
		for k := len(agents) - 1; k >= 0; k-- {
			if agents[k].start >= p.Start && agents[k].end <= p.End {
				*notes = append(*notes, fmt.Sprintf("the pattern names its subject %v", agents[k].ids))
				return agents[k].ids, "", "inside", p.End
			}
		}
		return nil, "", "", 0
	case !x.subjectFirst() && x.possessive(st, p):
		// "تأكيد دعمه لـ…": the owner of a verbal noun is a pronoun, never
		// the actor next to it
		// "his": the last person named before it, not addressed
		rule = "possessive"
		for _, r := range agents {
			if r.end <= p.Start && !r.oblique && len(r.ids) == 1 && x.vocab.ActorType(r.ids[0]) == "person" {
				subj = r.ids
			}
		}
		if len(subj) == 0 {
			subj = prevSubj
		}
		if len(subj) == 0 {
			if main, ok := x.mainAgentBefore(st, agents, p.Start); ok && !main.oblique {
				subj = main.ids
			}
		}
		if len(subj) == 0 {
			subj = speaker()
		}
		if len(subj) == 0 {
			subj = state.lastSubject
		}
		if len(subj) == 0 {
			return nil, "", "", 0
		}
		*notes = append(*notes, fmt.Sprintf("a verbal noun with a possessive pronoun: its owner %v", subj))
		return subj, "", rule, p.End
	case person != "" && len(speaker()) > 0:
		subj, rule = speaker(), "first-person"
		if person == "we" {
			if side, ok := x.lex.SpeaksFor[subj[0]]; ok {
				subj = []string{side}
			}
		}
		*notes = append(*notes, fmt.Sprintf("a verb in the first person (%s): the speaker's side %v", person, subj))
		if after != nil {
			target = after.ids[0]
		}
		return subj, target, rule, p.End
	case p.BySpeaker && len(prevSubj) > 0 && !x.frameAfter(frames, state.prevSubjAt, p.Start) && (!x.subjectFirst() || len(speaker()) == 0):
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
	case !x.subjectFirst() && coordinated && (after == nil || holder || patientFirst) && len(coordSubj)+len(carried) == 0 && len(x.verbSpeakerBefore(frames, p.Start)) > 0:
		// "أشار مسؤولون إلى … وأثاروا مخاوف": a verb coordinated with an
		// attribution verb shares its speaker
		subj, rule = x.verbSpeakerBefore(frames, p.Start), "inherit"
		*notes = append(*notes, fmt.Sprintf("coordinated with an attribution verb: its speaker %v", subj))
	case coordinated && (after == nil || holder || patientFirst || x.subjectFirst()) && len(coordSubj)+len(carried) > 0:
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
	case !x.subjectFirst() && coordinated && x.dualCoordinator(st, clauseStart, p.Start) && len(x.pairBefore(agents, p.Start, state)) > 0:
		// "لكنهما عبرا عن …": the pair
		subj, rule = x.pairBefore(agents, p.Start, state), "dual"
		*notes = append(*notes, fmt.Sprintf("a coordinator with a dual pronoun: the pair %v", subj))
	case after != nil && !participle && (!patientFirst || (before == nil && !(coordinated && p.Start > 0))) && (!x.subjectFirst() || holder):
		subj, rule, end = after.ids, "vso", after.end
		for k := range agents {
			r := agents[k]
			if r.start >= after.end && r.start <= after.end+1 && !x.compBetween(st, after.end, r.start) {
				target, end = r.ids[0], r.end
			}
		}
		*notes = append(*notes, fmt.Sprintf("subject %v after the predicate", subj))
	case !x.subjectFirst() && near == nil && after == nil && person == "" && !participle && x.talkBefore(st, p, clauseStart):
		// "قمة عبر الفيديو ناقشت …": the talks stand for their participants
		subj = state.lastPair
		if len(subj) == 0 && len(x.lex.Groups) > 0 {
			subj = x.lex.Groups[0].Members
		}
		rule = "talks"
		*notes = append(*notes, fmt.Sprintf("the talks named before the verb are its subject: their participants %v", subj))
	case (coordinated || participle) && len(prevSubj) > 0:
		subj, rule = prevSubj, "inherit"
		if after != nil {
			target, end = after.ids[0], after.end
		}
		*notes = append(*notes, fmt.Sprintf("coordinated verb or participle: the previous subject %v", subj))
	case participle && x.hasMainAgent(st, agents, p.Start):
		// "ونوّه بوتين إلى أن …، داعيا الغرب إلى …": the main clause's subject
		main, _ := x.mainAgentBefore(st, agents, p.Start)
		subj, rule = main.ids, "participle"
		if after != nil {
			target, end = after.ids[0], after.end
		}
		*notes = append(*notes, fmt.Sprintf("participle: the main clause's subject %v", subj))
	case !participle && x.talkSubject(st, p, clauseStart):
		// "وتناولت المحادثات …": the talks stand for their participants
		subj = state.lastPair
		if len(subj) == 0 && len(x.lex.Groups) > 0 {
			subj = x.lex.Groups[0].Members
		}
		rule = "talks"
		*notes = append(*notes, fmt.Sprintf("the talks are the subject: their participants %v", subj))
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
		// a medium reports; it takes no stance of its own; in a
		// subject-first language a predicate with no subject in sight is
		// the speaker's only within his own verb phrase
		if len(subj) == 0 || x.vocab.ActorType(subj[0]) == "media" || (x.subjectFirst() && !x.speakerPhrase(st, frames, p)) {
			return nil, "", "", 0
		}
		*notes = append(*notes, fmt.Sprintf("no subject: the speaker %v", subj))
		if after != nil {
			target = after.ids[0]
		}
	}
	return subj, target, rule, end
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
	return st.starts(from, to, lexicon.KObjectPrep)
}

// holderAt reports the preposition لدى ("held by") at token i.
func (x *Extractor) holderAt(st *sent, i int) bool { return st.starts(i, i+1, lexicon.KHolder) }

// negOrGap reports a negator or negation-gap word at token i.
func (x *Extractor) negOrGap(st *sent, i int) bool {
	for _, m := range st.ms {
		if (m.Kind == lexicon.KNegator || m.Kind == lexicon.KNegGap) && m.Start <= i && i < m.End {
			return true
		}
	}
	return false
}

// hasMainAgent reports an agent in the sentence's main clause before i.
func (x *Extractor) hasMainAgent(st *sent, agents []actorRef, i int) bool {
	_, ok := x.mainAgentBefore(st, agents, i)
	return ok
}

// talkSubject reports a talk noun ("المحادثات", "القمة") right after the
// predicate, or opening the clause right before it, standing as its
// subject.
func (x *Extractor) talkSubject(st *sent, p lexicon.Match, clauseStart int) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KTalk && (m.Start == p.End || (m.End == p.Start && m.Start == clauseStart)) {
			return true
		}
	}
	return false
}

// timeOrGapAt reports a time word or a negation-gap word at token i
// ("حذر أمس بوتين"), which may stand between a verb and its subject.
func (x *Extractor) timeOrGapAt(st *sent, i int) bool {
	for _, m := range st.ms {
		if (m.Kind == lexicon.KTime || m.Kind == lexicon.KNegGap || m.Kind == lexicon.KTitle) && m.Start <= i && i < m.End {
			return true
		}
	}
	return false
}

// starts reports a match of one of the kinds starting among tokens [a, b).
func (st *sent) starts(a, b int, kinds ...lexicon.Kind) bool {
	for _, m := range st.ms {
		if m.Start >= a && m.Start < b && slices.Contains(kinds, m.Kind) {
			return true
		}
	}
	return false
}

// commaIn reports a comma after one of the tokens [a, b).
func commaIn(st *sent, a, b int) bool {
	for i := max(a, 0); i < b && i < len(st.toks); i++ {
		if hasComma(st.toks[i]) {
			return true
		}
	}
	return false
}

// dualCoordinator reports a coordinator with a dual pronoun ("لكنهما")
// opening the clause of the token at i.
func (x *Extractor) dualCoordinator(st *sent, from, i int) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KCoordinator && m.End >= from-1 && m.End <= i && m.End >= i-2 {
			for _, s := range x.lex.DualSuffixes {
				if strings.HasSuffix(st.toks[m.End-1].Norm, arabic.Normalize(s)) && len([]rune(s)) > 1 {
					return true
				}
			}
		}
	}
	return false
}

// pairBefore returns the last pair of actors named before token i in the
// sentence, else the document's last pair.
func (x *Extractor) pairBefore(agents []actorRef, i int, state *docState) []string {
	var pair []string
	for _, r := range agents {
		if r.end <= i && len(r.ids) == 2 {
			pair = r.ids
		}
	}
	if len(pair) == 0 {
		pair = state.lastPair
	}
	return pair
}

// frameAfter reports a verb frame opened after token from and covering
// token i: a new speaker since the predicate at from.
func (x *Extractor) frameAfter(frames []frame, from, i int) bool {
	for _, f := range frames {
		if f.kind == "verb" && f.at > from && f.compFrom <= i {
			return true
		}
	}
	return false
}

// verbSpeakerBefore returns the speaker of the last attribution verb
// before token i.
func (x *Extractor) verbSpeakerBefore(frames []frame, i int) []string {
	var sp []string
	for _, f := range frames {
		if f.kind == "verb" && !f.post && f.at < i {
			sp = f.speaker
		}
	}
	return sp
}

// talkBefore reports a talk noun ending at most three tokens before the
// predicate, in its clause, with no actor or comma between.
func (x *Extractor) talkBefore(st *sent, p lexicon.Match, clauseStart int) bool {
	for _, m := range st.ms {
		if m.Kind != lexicon.KTalk || m.Start < clauseStart || m.End > p.Start || m.End < p.Start-3 {
			continue
		}
		// "خلال اللقاء حذر …": talks after a preposition are a circumstance
		clear := !x.actorIn(st, m.End, p.Start) && !x.lex.HasPreposition(st.toks[m.Start].Norm) &&
			(m.Start == 0 || (!x.lex.IsStopword(st.toks[m.Start-1].Norm) && !x.prepAt(st, m.Start-1, m.Start)))
		for i := m.Start; i < p.Start; i++ {
			if hasComma(st.toks[i]) {
				clear = false
			}
		}
		if clear {
			return true
		}
	}
	return false
}

// possessive reports a verbal noun with a possessive pronoun ("دعمه")
// after a preposition, a noun or another predicate: not a verb with an
// object pronoun.
func (x *Extractor) possessive(st *sent, p lexicon.Match) bool {
	tok := st.toks[p.Start].Norm
	if p.Person != "" || !x.hasPossessive(st.toks[p.Start]) || p.Start == 0 || x.lex.HasConjunction(tok) || x.lex.PresentVerb(tok, p.Pattern) || x.lex.FutureVerb(tok) {
		return false
	}
	if x.lex.HasPreposition(tok) {
		return true
	}
	// a noun before it, not an actor or a complementizer: "تأكيد دعمه"
	for _, m := range st.ms {
		if (m.Kind == lexicon.KActor || m.Kind == lexicon.KGroup || m.Kind == lexicon.KComplementizer || m.Kind == lexicon.KRelative) && m.End == p.Start {
			return false
		}
	}
	return !hasComma(st.toks[p.Start-1])
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

// isDual reports whether the predicate is a verb in the dual ("اتفقا").
func (x *Extractor) isDual(st *sent, p lexicon.Match) bool {
	t := st.toks[p.End-1]
	if p.End-p.Start > 1 {
		t = st.toks[p.Start]
	}
	// tanween as written ("طلبًا") marks a noun
	if strings.ContainsRune(t.Raw, '\u064b') {
		return false
	}
	tok := t.Norm
	for _, c := range x.lex.Candidates(tok) {
		for _, w := range strings.Fields(p.Src) {
			for _, alt := range strings.Split(w, "|") {
				f := arabic.Normalize(strings.TrimPrefix(strings.TrimSuffix(alt, "*"), "~"))
				if strings.HasPrefix(c, f) && strings.HasPrefix(f, "م") {
					return false
				}
				starts := []string{c}
				// a noun's tanween alef ("تحذيرا") is not a dual: only a verb
				// or a pronoun suffix makes one
				nounStem := strings.HasSuffix(alt, "*") && !strings.HasPrefix(alt, "~")
				if strings.HasPrefix(alt, "~") {
					// a present dual: يتفقان
					starts = x.lex.VerbStarts(c)
					if stem := strings.TrimPrefix(f, "ا"); stem != f {
						f = stem
					}
				}
				for _, v := range starts {
					if strings.HasPrefix(v, f) && len(v) > len(f) {
						rest := v[len(f):]
						for _, s := range x.lex.DualSuffixes {
							if rest == arabic.Normalize(s) && !(nounStem && rest == "ا" && x.lex.IsNounStem(f)) {
								return true
							}
						}
					}
				}
			}
			break
		}
	}
	return false
}
