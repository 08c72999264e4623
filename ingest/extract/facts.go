package extract

import (
	"strconv"
	"strings"

	"github.com/claimgraph/claimgraph/ingest/lexicon"
)

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
			n := 0
			if m.Start > 0 {
				prev := strings.TrimPrefix(st.toks[m.Start-1].Norm, "و")
				if v, err := strconv.Atoi(prev); err == nil {
					n, from = v, m.Start-1
				} else if num, ok := has(lexicon.KNumber, m.Start-1, m.Start-1); ok {
					n, from = num.Value, m.Start-1
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
		if lastIdx >= 0 && ((from <= lastEnd+1 && strings.HasPrefix(st.toks[from].Norm, "و")) || (from == lastEnd+1 && x.lex.IsConjunction(st.toks[lastEnd].Norm))) {
			prev, _ := strconv.Atoi(out[lastIdx].value)
			out[lastIdx].value = strconv.Itoa(prev + minutes)
			out[lastIdx].text = tokText(st.toks, out[lastIdx].at, m.End)
			lastEnd = m.End
			continue
		}
		_, approx := has(lexicon.KApprox, from-2, from-1)
		out = append(out, fact{pred: "duration", value: strconv.Itoa(minutes), src: m.Src, text: tokText(st.toks, from, m.End), at: from, approx: approx})
		lastEnd, lastIdx = m.End, len(out)-1
	}
	for _, m := range ms {
		switch m.Kind {
		case lexicon.KMedium:
			if _, fut := has(lexicon.KFuture, m.Start-1, m.End+1); fut {
				continue
			}
			out = append(out, fact{pred: "medium", value: m.ID, event: eventNear(m), src: m.Src, text: tokText(st.toks, m.Start, m.End), at: m.Start})
		case lexicon.KInitiator:
			a, ok := has(lexicon.KActor, m.End, m.End+1)
			if inner, in := has(lexicon.KActor, m.Start, m.End-1); in && inner.End < m.End {
				a, ok = inner, true // "at X's request"
			}
			if ok {
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
