package extract

import (
	"strconv"

	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

type fact struct {
	pred, value, src, text string
	at                     int
	approx                 bool
	future                 bool // a planned talk's fact ("المحادثة الهاتفية المقررة")
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
	endsAt := func(k lexicon.Kind, i int) (lexicon.Match, bool) {
		for _, m := range ms {
			if m.Kind == k && m.End == i {
				return m, true
			}
		}
		return lexicon.Match{}, false
	}
	// duration; parts joined by و add up ("ساعتين و10 دقائق")
	lastEnd, lastIdx := -2, -1
	for _, m := range ms {
		var minutes int
		from := m.Start // first token of the expression, count included
		switch m.Kind {
		case lexicon.KCounted:
			minutes = m.Value
		case lexicon.KUnit:
			if c, ok := has(lexicon.KCounted, m.Start-1, m.Start); ok && c.End >= m.End {
				continue
			}
			if m.Definite {
				// "قرابة الساعة", not "الساعة العاشرة"
				if _, ok := endsAt(lexicon.KApprox, m.Start); !ok {
					continue
				}
				minutes = m.Value
				break
			}
			n := 0
			if m.Start > 0 {
				prev, _ := x.lex.Conjoined(st.toks[m.Start-1].Norm)
				if v, err := strconv.Atoi(prev); err == nil {
					n, from = v, m.Start-1
				} else if num, ok := has(lexicon.KNumber, m.Start-1, m.Start-1); ok {
					n, from = num.Value, m.Start-1
					// "خمس وأربعين دقيقة": number words joined by و add up
					for from > 0 {
						_, conj := x.lex.Conjoined(st.toks[from].Norm)
						more, ok := has(lexicon.KNumber, from-1, from-1)
						if !conj || !ok {
							break
						}
						n, from = n+more.Value, from-1
					}
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
		// "… بعد 50 دقيقة من بدايته": counted from the talks' start
		_, since := has(lexicon.KSinceStart, m.End, m.End)
		if _, ok := has(lexicon.KDurationContext, m.Start-6, m.End+6); !ok && !since {
			continue
		}
		if _, fut := has(lexicon.KFuture, m.Start-4, m.End+2); fut {
			continue
		}
		_, conj := x.lex.Conjoined(st.toks[from].Norm)
		// "two hours and one minute": a conjunction word between
		conj = conj || (from == lastEnd+1 && lastEnd >= 0 && x.lex.IsConjunction(st.toks[lastEnd].Norm))
		joins := lastIdx >= 0 && from <= lastEnd+1 && conj
		ap, approx := endsAt(lexicon.KApprox, from)
		if !approx && from > 0 && x.lex.IsDeterminer(st.toks[from-1].Norm) {
			ap, approx = endsAt(lexicon.KApprox, from-1) // "about an hour"
		}
		if _, after := has(lexicon.KApprox, m.End, m.End); after && !approx {
			approx, ap = true, lexicon.Match{Start: from} // "ساعتين تقريبا"
		}
		// "قبل 24 ساعة من اللقاء" is when, not how long; "بعد 50 دقيقة من
		// بدايته" is how long
		lead := from
		if approx {
			lead = ap.Start
		}
		if _, off := endsAt(lexicon.KOffset, lead); off && !joins && !since {
			continue
		}
		if joins {
			prev, _ := strconv.Atoi(out[lastIdx].value)
			out[lastIdx].value = strconv.Itoa(prev + minutes)
			out[lastIdx].text = tokText(st.toks, out[lastIdx].at, m.End)
			lastEnd = m.End
			continue
		}
		out = append(out, fact{pred: "duration", value: strconv.Itoa(minutes), src: m.Src, text: tokText(st.toks, from, m.End), at: from, approx: approx})
		lastEnd, lastIdx = m.End, len(out)-1
	}
	for _, m := range ms {
		switch m.Kind {
		case lexicon.KMedium:
			if !x.talkNear(st, m) {
				continue // "مؤتمر صحفي افتراضي": not the talks
			}
			out = append(out, fact{pred: "medium", value: m.ID, src: m.Src, text: tokText(st.toks, m.Start, m.End), at: m.Start,
				future: x.nearFuture(st, m) || x.futureClause(st, m)})
		case lexicon.KInitiator:
			if x.negatedBefore(st, m.Start) {
				continue // "لم يأت بطلب من موسكو"
			}
			if inner, in := has(lexicon.KActor, m.Start, m.End-1); in && inner.End < m.End {
				// "at X's request": the actor inside the phrase
				out = append(out, fact{pred: "initiator", value: inner.ID, src: m.Src, text: tokText(st.toks, m.Start, m.End), at: m.Start})
			} else if id, end, ok := x.initiatorAfter(st, m); ok {
				out = append(out, fact{pred: "initiator", value: id, src: m.Src, text: tokText(st.toks, m.Start, end), at: m.Start})
			}
		case lexicon.KInitiatorBy:
			out = append(out, fact{pred: "initiator", value: m.ID, src: m.Src, text: tokText(st.toks, m.Start, m.End), at: m.Start})
		case lexicon.KRequestVerb:
			if x.negatedBefore(st, m.Start) {
				continue // "موسكو لم تطلب عقد القمة"
			}
			if id, from, to, ok := x.requester(st, m); ok {
				out = append(out, fact{pred: "initiator", value: id, src: m.Src, text: tokText(st.toks, from, to), at: from})
			}
		case lexicon.KTone:
			// "محادثات صريحة وبناءة": the tone right after a talk noun
			talk := -1
			for _, t := range ms {
				if (t.Kind == lexicon.KTalk || t.Kind == lexicon.KDurationContext) && t.End == m.Start {
					talk = t.Start
				}
			}
			if talk < 0 || x.nearFuture(st, m) || x.negatedBefore(st, talk) {
				continue
			}
			out = append(out, fact{pred: "tone", value: m.ID, src: m.Src, text: tokText(st.toks, m.Start, m.End), at: m.Start})
			end := m.End + 2
			for _, t := range ms {
				if t.Kind == lexicon.KTone && t.Start >= m.End && t.Start <= end {
					out = append(out, fact{pred: "tone", value: t.ID, src: t.Src, text: tokText(st.toks, t.Start, t.End), at: m.Start})
					end = t.End + 2
				}
			}
		case lexicon.KToneTrigger:
			if !x.toneSubjectBefore(st, m.Start) || x.negatedBefore(st, m.Start) {
				continue // "لم تكن المحادثات بناءة"
			}
			end := m.End + 4
			for _, t := range ms {
				if t.Kind == lexicon.KTone && t.Start >= m.End && t.Start <= end {
					out = append(out, fact{pred: "tone", value: t.ID, src: t.Src, text: tokText(st.toks, t.Start, t.End), at: m.Start})
					end = t.End + 2 // coordinated adjectives
				}
			}
		}
	}
	return out
}

// negatedBefore reports a negator within the three words before token i
// ("لم تكن المحادثات بناءة", "لم تطلب"): the fact is denied, not reported.
func (x *Extractor) negatedBefore(st *sent, i int) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KNegator && m.End <= i && m.End >= i-3 {
			return true
		}
	}
	return false
}

// talkWord reports a word naming the talks (or their tone) at match m.
func talkWord(m lexicon.Match) bool {
	switch m.Kind {
	case lexicon.KTalk, lexicon.KDurationContext, lexicon.KEvent, lexicon.KToneSubject:
		return true
	}
	return false
}

// toneSubjectBefore reports talks (or their tone: "النبرة") described
// before a tone trigger, or a talk noun right after it, the object of a
// verb of describing ("وصف الكرملين المحادثات بأنها …").
func (x *Extractor) toneSubjectBefore(st *sent, i int) bool {
	for _, m := range st.ms {
		if talkWord(m) && m.Start >= i-12 && m.Start < i {
			return true
		}
		if m.Kind != lexicon.KDurationContext && talkWord(m) && m.Start > i && m.Start < i+4 {
			return true
		}
	}
	return false
}

// initiatorAfter reads who asked for the talks after "بناء على طلب (من)":
// an actor, or "الأخير" (the last actor named before).
func (x *Extractor) initiatorAfter(st *sent, m lexicon.Match) (string, int, bool) {
	for _, a := range st.ms {
		if a.Start < m.End || a.Start > m.End+1 {
			continue
		}
		switch a.Kind {
		case lexicon.KActor:
			return a.ID, a.End, true
		case lexicon.KLatter:
			last := ""
			for _, b := range st.ms {
				if b.Kind == lexicon.KActor && b.End <= m.Start {
					last = b.ID
				}
			}
			if last != "" {
				return last, a.End, true
			}
		}
	}
	return "", 0, false
}

// requester reads "X asked for the talks": a request verb with a talk noun
// right after it (one word between: "طلبت إجراء المكالمة") or right before
// it ("الاتصال الذي طلبه بوتين"), and the actor that asked: just before
// the verb ("موسكو هي من طلبت") or right after it ("طلب بوتين عقد
// القمة").
func (x *Extractor) requester(st *sent, v lexicon.Match) (string, int, int, bool) {
	talkAt := func(from, to int) bool {
		for _, m := range st.ms {
			if (m.Kind == lexicon.KTalk || m.Kind == lexicon.KDurationContext || m.Kind == lexicon.KEvent) && m.Start >= from && m.Start <= to {
				return true
			}
		}
		return false
	}
	var before, after *lexicon.Match
	for i := range st.ms {
		a := st.ms[i]
		if a.Kind != lexicon.KActor {
			continue
		}
		if a.End <= v.Start && a.End >= v.Start-3 {
			before = &st.ms[i]
		}
		if a.Start == v.End && after == nil {
			after = &st.ms[i]
		}
	}
	switch {
	case before != nil && talkAt(v.End, v.End+1):
		return before.ID, before.Start, v.End, true
	case after != nil && (talkAt(after.End, after.End+1) || talkAt(v.Start-2, v.Start-1)):
		return after.ID, v.Start, after.End, true
	}
	return "", 0, 0, false
}

// factEvent places a fact in the event of the talks it describes. A medium
// held by one event only is that event. Otherwise the nearest event cue or
// talk noun before the fact decides: a cue gives its event, a bare talk
// noun ("المكالمة التي استمرت …") the report's own event; with neither,
// the sentence's event or the report's. A planned event other than the
// report's own, an event later than the report's, or another event
// mentioned in passing gets no facts. A talk that lasted or had a tone has
// taken place: when the report speaks of its own event only as planned and
// the fact's sentence does not name it, such a talk is the event before
// it.
func (x *Extractor) factEvent(st *sent, f fact, main string, planned bool) (string, string) {
	ev, how, future := "", "", f.future
	if f.pred == "medium" {
		if e := x.ev.byMedium[f.value]; e != "" {
			ev, how = e, "the only event held by "+f.value
		}
	}
	if ev == "" {
		ev, how, future = x.anchor(st, f.at, main)
		future = future || f.future
	}
	switch {
	case ev == "" || ev == schema.UnknownEvent:
		if how != "" {
			return "", "no event: " + how
		}
		return "", "no event"
	case future && ev != main:
		return "", "a planned event, not the report's"
	case !future && main != schema.UnknownEvent && x.ev.later(ev, main) && !cued(st, ev):
		return "", "an event after the report's own"
	case f.pred == "medium" && x.ev.medium[ev] != "" && x.ev.medium[ev] != f.value:
		return "", "the event was not held by " + f.value
	}
	if ev != main && x.inPassing(st, f.at) {
		return "", "another event mentioned in passing"
	}
	if ev == main && planned && !future && !cued(st, main) && (f.pred == "duration" || f.pred == "tone") {
		if prev := x.ev.before(main); prev != "" {
			return prev, "the talks that took place before the planned " + main
		}
	}
	return ev, how
}

// inPassing reports that the talks a fact at token i describes are named
// in a prepositional phrase ("خلال الاتصال عبر الفيديو"), not as what the
// sentence tells.
func (x *Extractor) inPassing(st *sent, i int) bool {
	talk := -1
	for _, m := range st.ms {
		if (m.Kind == lexicon.KTalk || m.Kind == lexicon.KDurationContext) && m.Start <= i && m.Start >= i-6 && m.Start > talk {
			talk = m.Start
		}
	}
	if talk < 0 {
		return false
	}
	for _, m := range st.ms {
		if m.Kind == lexicon.KPassing && m.End == talk {
			return true
		}
	}
	return false
}

// anchor finds the talks a fact at token i is about: the nearest event
// cue or talk noun at or before it; a talk noun with a future modifier is
// planned talks, the event of a cue after it if any.
func (x *Extractor) anchor(st *sent, i int, main string) (ev, how string, future bool) {
	at := -1
	for _, c := range st.cues {
		if c.start <= i && c.start > at {
			at, ev, how, future = c.start, c.event, "the talks it describes ("+c.how+")", c.future
		}
	}
	for _, m := range st.ms {
		if m.Kind != lexicon.KTalk || m.Start > i || m.Start <= at {
			continue
		}
		at, ev, how, future = m.Start, main, "the talks it describes, the report's own", false
		if x.nearFuture(st, m) {
			// "المحادثات المقبلة": planned talks, named by a cue after them
			// if at all
			ev, how, future = "", "planned talks", true
			for _, c := range st.cues {
				if c.start >= m.End {
					ev, how = c.event, "the planned talks it describes ("+c.how+")"
					break
				}
			}
		}
	}
	if at >= 0 && (ev != schema.UnknownEvent || future) {
		return ev, how, future
	}
	if st.event != "" {
		return st.event, "sentence cue", false
	}
	return main, "the report's own event", false
}
