package extract

import (
	"fmt"
	"strings"

	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

func flip(p string) string {
	if p == schema.Negative {
		return schema.Positive
	}
	return schema.Negative
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
	// a colon ends a clause ("قال البيت الأبيض: دعا بايدن …")
	for j := start; j < i && j < len(st.toks); j++ {
		if strings.Contains(st.toks[j].Punct, ":") && j+1 > start {
			start = j + 1
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

// object finds the predicate's topics: a fixed object, else the topics
// starting within reach after the predicate (coordinated topics each
// count; a topic introduced by a condition becomes the condition), else
// the first topic earlier in the clause. topicNeg reports a negator such
// as عدم right before the object.
func (x *Extractor) object(st *sent, p lexicon.Match, preds []lexicon.Match, clauseStart int, lastTopic string) (objs []lexicon.Match, cond string, end int, topicNeg bool) {
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
		// a predicate inside the predicate's own complement ("حذر من أن
		// الغرب سيفرض عقوبات") does not cut its reach
		if q.Start > p.End && q.Start < limit && !wide && !x.compBetween(st, p.End, q.Start) && !x.nominal(st, q) {
			limit = q.Start
		}
	}
	if x.subjectFirst() {
		limit = x.thatLimit(st, p, limit)
	}
	// a comma after a plain word past the predicate closes its reach; so
	// does a comma on the predicate itself, and a clause break that is not
	// a relative pronoun
	if !wide {
		// a verbal noun with its owner ("بشأن طلباته،") ends at its comma
		if hasComma(st.toks[p.End-1]) && x.hasPossessive(st.toks[p.End-1]) {
			limit = p.End
		}
		for i := p.End; i < limit && i < len(st.toks); i++ {
			// a comma before a relative clause ("المخاوف الروسية، والتي
			// تتمثل في …") leads on to what the object is
			if hasComma(st.toks[i]) && !named[i] && !x.relativeAt(st, i+1) && !x.listComma(st, i) {
				limit = i + 1
				break
			}
		}
	}
	for _, m := range st.ms {
		if m.Kind == lexicon.KClauseBreak && !x.subjectFirst() && m.Start >= p.End && m.Start < limit && !x.relativeAt(st, m.Start) && !x.prepAt(st, m.Start, m.Start+1) {
			limit = m.Start
		}
	}
	// even a wide reach ends where a coordinated verb opens a new clause
	// after a comma ("دعا … إلى التهدئة، وأعرب عن …")
	for i := p.End; i < limit && i+1 < len(st.toks); i++ {
		if hasComma(st.toks[i]) && (predIn(preds, i+1, i+2) || (x.lex.HasConjunction(st.toks[i+1].Norm) && predIn(preds, i+1, i+4))) {
			limit = i + 1
			break
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
			if n.Start >= p.End && n.End >= m.Start-1 {
				return true
			}
			if n.Start >= p.End && !x.compBetween(st, n.End, m.Start) && !predIn(preds, n.End, m.Start) && !x.actorIn(st, n.End, m.Start) {
				return true
			}
		}
		return false
	}
	// an anaphor right in reach ("نفت موسكو الاتهامات") comes before any
	// topic further on
	for _, a := range st.ms {
		if a.Kind == lexicon.KAnaphor && !x.subjectFirst() && a.Start >= p.End && a.Start <= p.End+2 && !p.ObjBefore && !x.topicIn(st, p.End, a.Start) {
			limit = min(limit, a.Start)
		}
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
	// a pattern with a gap may hold its topic inside ("يشكل نشاط الحلف
	// تهديدا")
	if len(objs) == 0 && p.End-p.Start > 2 && !x.subjectFirst() {
		for _, m := range st.ms {
			if m.Kind == lexicon.KTopic && m.Start > p.Start && m.End < p.End {
				return []lexicon.Match{m}, cond, m.End, negBefore(m)
			}
		}
	}
	// a verb with an object pronoun and nothing after it ("الأمر الذي
	// تنكره موسكو") refers back to the last topic before it
	if len(objs) == 0 && !p.ObjBefore && p.IsVerbPattern() && x.lex.HasObjectPronoun(st.toks[p.Start].Norm) {
		var back lexicon.Match
		for _, m := range st.ms {
			if m.Kind == lexicon.KTopic && m.End <= p.Start && m.End >= p.Start-15 && !inCond(m) && !predIn(preds, m.End, p.Start) {
				back = m
			}
		}
		if back.Pattern != nil {
			return []lexicon.Match{back}, cond, back.End, negBefore(back)
		}
	}
	// an anaphor in reach ("نفت موسكو الاتهامات", "أي خطوة من هذا
	// القبيل") stands for the last topic named before the predicate
	if len(objs) == 0 && !p.ObjBefore && !x.subjectFirst() {
		for _, a := range st.ms {
			if a.Kind != lexicon.KAnaphor || a.Start < p.End || a.Start > limit {
				continue
			}
			if back, ok := x.namedTopicBefore(st, p.Start, lastTopic); ok {
				return []lexicon.Match{back}, cond, a.End, false
			}
		}
	}
	if len(objs) == 0 && p.ObjBefore {
		// the topic may head a relative clause before the predicate
		// ("العقوبات التي تلوح بها واشنطن ستضر بالعلاقات"): look from the
		// start of the complement
		from := 0
		for _, m := range st.ms {
			if m.Kind == lexicon.KComplementizer && m.End <= p.Start {
				from = m.End
			}
		}
		from = min(from, clauseStart)
		for _, m := range st.ms {
			if m.Kind == lexicon.KTopic && m.Start >= from && m.End <= p.Start && !inCond(m) {
				return []lexicon.Match{m}, cond, m.End, negBefore(m)
			}
		}
		// "خطوة من هذا النوع قد تؤدي إلى …": an anaphor before it
		for _, a := range st.ms {
			if a.Kind == lexicon.KAnaphor && !x.subjectFirst() && a.Start >= from && a.End <= p.Start {
				if back, ok := x.namedTopicBefore(st, a.Start, lastTopic); ok {
					return []lexicon.Match{back}, cond, back.End, false
				}
			}
		}
	}
	return objs, cond, end, topicNeg
}

// namedTopicBefore returns the last topic named before token i in the
// sentence, else the last topic of the sentences before (lastTopic).
func (x *Extractor) namedTopicBefore(st *sent, i int, lastTopic string) (lexicon.Match, bool) {
	var back lexicon.Match
	for _, m := range st.ms {
		if m.Kind == lexicon.KTopic && m.End <= i {
			back = m
		}
	}
	if back.Pattern != nil {
		return back, true
	}
	if lastTopic != "" {
		return lexicon.Match{Pattern: &lexicon.Pattern{Kind: lexicon.KTopic, ID: lastTopic}, Start: i, End: i}, true
	}
	return lexicon.Match{}, false
}

// topicIn reports a topic starting among tokens [a, b).
func (x *Extractor) topicIn(st *sent, a, b int) bool { return st.starts(a, b, lexicon.KTopic) }

// relativeAt reports a relative pronoun at token i.
func (x *Extractor) relativeAt(st *sent, i int) bool { return st.starts(i, i+1, lexicon.KRelative) }

// actorIn reports an actor reference among tokens [a, b).
func (x *Extractor) actorIn(st *sent, a, b int) bool {
	return st.starts(a, b, lexicon.KActor, lexicon.KGroup)
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
	// one word may close the first topic before the و ("توسع الحلف شرقا
	// ونشر صواريخ")
	if !strings.HasPrefix(st.toks[from].Norm, "و") && !x.conjunctionIn(st, from, to) {
		if from+1 != to || !x.lex.HasConjunction(st.toks[to].Norm) || hasComma(st.toks[from]) {
			return false
		}
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
