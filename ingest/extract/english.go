package extract

import (
	"strings"

	"github.com/claimgraph/claimgraph/ingest/lexicon"
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
	if y, ok := x.langs[lang]; ok {
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
	from := v.End
	if comp >= 0 && comp <= v.End+4 {
		from = comp
	}
	takesThat := comp >= 0 && comp <= v.End+4
	post := func(start int) bool {
		return start > 0 && !takesThat && (quoteEnds(st.toks[start-1]) || hasComma(st.toks[start-1]))
	}
	// the subject before the verb
	for k := len(refs) - 1; k >= 0; k-- {
		r := refs[k]
		if r.end > v.Start {
			continue
		}
		if v.Start-r.end > 5 || x.opensClause(st, r.end, v.Start) {
			break
		}
		if x.insideTopic(st, r) || x.prepSpeaker(st, r) {
			continue
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
	// a pronoun subject: the last speaker
	for i := v.Start - 1; i >= 0 && i >= v.Start-2; i-- {
		if x.lex.IsPronoun(st.toks[i].Norm) {
			if len(state.lastSpeaker) == 0 {
				return frame{}, false
			}
			if post(i) {
				return frame{speaker: state.lastSpeaker, kind: "verb", at: v.Start, compFrom: 0, post: true}, true
			}
			return frame{speaker: state.lastSpeaker, kind: "verb", at: v.Start, compFrom: from}, true
		}
		if x.wordAt(st, i) {
			break
		}
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

// wordAt reports a token that is not a function word of the lexicon: an
// adverb or auxiliary ("also", "has") may stand between a subject and its
// verb; other words may not.
func (x *Extractor) wordAt(st *sent, i int) bool {
	return !x.lex.IsStopword(st.toks[i].Norm)
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
