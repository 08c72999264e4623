package extract

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

// eventIndex is what the vocabulary says about each event: its date,
// weekday and medium, so that a date, a weekday or a medium named in a
// report points to the event.
type eventIndex struct {
	date     map[string]time.Time
	weekday  map[string]time.Weekday
	medium   map[string]string
	byMedium map[string]string // a medium only one event was held by → that event
}

func newEventIndex(v *lexicon.Vocabulary) eventIndex {
	ix := eventIndex{date: map[string]time.Time{}, weekday: map[string]time.Weekday{}, medium: map[string]string{}, byMedium: map[string]string{}}
	if v == nil {
		return ix
	}
	held := map[string][]string{}
	for id, t := range v.Events {
		if d, err := time.Parse("2006-01-02", t.Date); err == nil {
			ix.date[id] = d
			ix.weekday[id] = d.Weekday()
		}
		if t.Medium != "" {
			ix.medium[id] = t.Medium
			held[t.Medium] = append(held[t.Medium], id)
		}
	}
	for m, ids := range held {
		if len(ids) == 1 {
			ix.byMedium[m] = ids[0]
		}
	}
	return ix
}

// on returns the events of a day (sorted).
func (ix eventIndex) on(match func(time.Time) bool) []string {
	var out []string
	for id, d := range ix.date {
		if match(d) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// before returns the latest event before ev ("" none).
func (ix eventIndex) before(ev string) string {
	d, ok := ix.date[ev]
	if !ok {
		return ""
	}
	best := ""
	for id, o := range ix.date {
		if o.Before(d) && (best == "" || o.After(ix.date[best]) || (o.Equal(ix.date[best]) && id < best)) {
			best = id
		}
	}
	return best
}

// later reports whether event a took place after event b (both dated).
func (ix eventIndex) later(a, b string) bool {
	da, oka := ix.date[a]
	db, okb := ix.date[b]
	return oka && okb && da.After(db)
}

var weekdays = map[string]time.Weekday{"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday}

// evCue is a word or phrase of a sentence that names an event.
type evCue struct {
	event      string
	start, end int    // tokens
	how        string // cue, medium, date, weekday, day
	// future: the cue names a planned event (a future modifier next to it,
	// a future verb in its clause, a day after publication)
	future bool
	// weak: a weekday with no publication date to place it; it only
	// supports the report's own event
	weak bool
	// beforeTalks: the cue names the talks a "before" word points to
	beforeTalks bool
}

// published parses a document's publication date ("" or unparsable: zero).
func published(doc schema.Document) time.Time {
	s := strings.TrimSpace(doc.Published)
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t
		}
	}
	return time.Time{}
}

// eventCues finds the event cues of a sentence: lexicon cues, media that
// only one event was held by, dates, weekdays and days relative to the
// publication date.
func (x *Extractor) eventCues(st *sent, pub time.Time) []evCue {
	var out []evCue
	add := func(ids []string, m lexicon.Match, start int, how string, weak, future bool) {
		for _, id := range ids {
			c := evCue{event: id, start: start, end: m.End, how: how, weak: weak}
			span := lexicon.Match{Start: start, End: m.End}
			c.future = future || x.nearFuture(st, span) || x.futureClause(st, span) || x.futureVerbBefore(st, start) || x.plannedBefore(st, span)
			out = append(out, c)
		}
	}
	for _, m := range st.ms {
		switch m.Kind {
		case lexicon.KEvent:
			add([]string{m.ID}, m, m.Start, "cue", false, false)
		case lexicon.KMedium:
			if ev := x.ev.byMedium[m.ID]; ev != "" && x.talkNear(st, m) {
				add([]string{ev}, m, m.Start, "medium", false, false)
			}
		case lexicon.KMonth:
			day, from, ok := x.dayBefore(st, m.Start)
			if !ok {
				continue
			}
			year := yearAfter(st, m.End)
			ids := x.ev.on(func(d time.Time) bool {
				return int(d.Month()) == m.Value && d.Day() == day && (year == 0 || d.Year() == year)
			})
			add(ids, m, from, "date", false, false)
		case lexicon.KWeekday:
			wd, ok := weekdays[m.ID]
			if !ok || x.dateAt(st, m.End) {
				continue // "الأربعاء 08 ديسمبر": the date decides
			}
			if pub.IsZero() {
				// with no date to place it, a weekday names talks only in a
				// sentence about talks ("أجريا الخميس مكالمة")
				if x.talksInSentence(st) {
					add(x.ev.on(func(d time.Time) bool { return d.Weekday() == wd }), m, m.Start, "weekday", true, false)
				}
				continue
			}
			// the day of that name in the week before publication, or in
			// the week after it when the cue is planned or "next"
			future := x.nearFuture(st, m) || x.futureClause(st, m) || x.futureVerbBefore(st, m.Start) || x.plannedBefore(st, m)
			from, to := -6, 0
			if future {
				from, to = 0, 6
			}
			for k := from; k <= to; k++ {
				if day := pub.AddDate(0, 0, k); day.Weekday() == wd {
					add(x.ev.on(func(d time.Time) bool { return d.Equal(day) }), m, m.Start, "weekday", false, k > 0)
				}
			}
		case lexicon.KRelativeDay:
			if pub.IsZero() {
				continue
			}
			day := pub.AddDate(0, 0, m.Value)
			add(x.ev.on(func(d time.Time) bool { return d.Equal(day) }), m, m.Start, "day", false, m.Value > 0)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// futureVerbBefore reports a verb in the future just before token i
// ("سيتحدث يوم الخميس", "ستعقد القمة الثلاثاء"): a future prefix on a
// present-tense stem, within three words.
func (x *Extractor) futureVerbBefore(st *sent, i int) bool {
	for k := max(0, i-3); k < i; k++ {
		w, _ := x.lex.Conjoined(st.toks[k].Norm)
		if len([]rune(w)) >= 5 && x.lex.FutureVerb(w) {
			return true
		}
		if hasComma(st.toks[k]) {
			return false
		}
	}
	return false
}

// talkNear reports a word of talks (a talk noun, a verb of talking or
// lasting, an event cue) around a medium word: "virtual" describes talks
// there, not a press conference.
func (x *Extractor) talkNear(st *sent, m lexicon.Match) bool {
	for _, t := range st.ms {
		switch t.Kind {
		case lexicon.KTalk, lexicon.KDurationContext, lexicon.KEvent:
			// names between do not count: "لقاء الرئيس الأمريكي جو بايدن
			// والرئيس الروسي فلاديمير بوتين، عبر تقنية الفيديو"
			if (t.End > m.Start || x.plainWords(st, t.End, m.Start) <= 6) && t.Start <= m.End+2 {
				return true
			}
		}
	}
	return false
}

// plainWords counts the tokens in [a, b) that are not part of an actor's
// name.
func (x *Extractor) plainWords(st *sent, a, b int) int {
	n := 0
	for i := a; i < b; i++ {
		named := false
		for _, m := range st.ms {
			if (m.Kind == lexicon.KActor || m.Kind == lexicon.KGroup) && m.Start <= i && i < m.End {
				named = true
				break
			}
		}
		if !named {
			n++
		}
	}
	return n
}

// dateAt reports a date (a day and a month) starting at token i.
func (x *Extractor) dateAt(st *sent, i int) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KMonth && m.Start > i && m.Start <= i+3 {
			if _, from, ok := x.dayBefore(st, m.Start); ok && from == i {
				return true
			}
		}
	}
	return false
}

// dayBefore reads the day of a date ending before token i: "7 ديسمبر",
// "الـ7 من ديسمبر", "السابع من ديسمبر".
func (x *Extractor) dayBefore(st *sent, i int) (day, from int, ok bool) {
	at := i - 1
	if at >= 0 && x.isLink(st.toks[at].Norm) {
		at--
	}
	if at < 0 {
		return 0, 0, false
	}
	for _, m := range st.ms {
		if m.Kind == lexicon.KDayWord && m.End == at+1 {
			return m.Value, m.Start, true
		}
	}
	if n, ok := x.dayNumber(st.toks[at].Norm); ok {
		return n, at, true
	}
	return 0, 0, false
}

func (x *Extractor) isLink(w string) bool {
	for _, l := range x.lex.Dates.Links {
		if arabic.Normalize(l) == w {
			return true
		}
	}
	return false
}

// dayNumber reads a day of the month written in digits, with a
// conjunction or a day prefix before it ("الـ7", "و30").
func (x *Extractor) dayNumber(w string) (int, bool) {
	w, _ = x.lex.Conjoined(w)
	for _, p := range x.lex.Dates.DayPrefixes {
		if rest := strings.TrimPrefix(w, arabic.Normalize(p)); rest != w {
			w = rest
			break
		}
	}
	n, err := strconv.Atoi(w)
	if err != nil || n < 1 || n > 31 || len(w) > 2 {
		return 0, false
	}
	return n, true
}

// yearAfter reads a year right after a month name (two tokens at most:
// "كانون الأول/ديسمبر 2021").
func yearAfter(st *sent, i int) int {
	for k := i; k < i+2 && k < len(st.toks); k++ {
		w := st.toks[k].Norm
		if n, err := strconv.Atoi(w); err == nil && len(w) == 4 {
			return n
		}
	}
	return 0
}

// docEvents places each sentence's cues and picks the report's own event:
// the one its sentences name most, where a planned event and a weekday
// count less, and the lead's event wins a tie. A cue of an event later
// than the report's own is dropped when only a medium or a weekday names
// it and it is not planned (a weekday of another week, phone calls spoken
// of in general), and so is a weekday of another event. With no cue at all,
// a report of a known day (its publication date, else its dateline) that
// speaks of talks is about the latest event of the days before. planned
// says that the report speaks of its own event only as planned (a
// preview).
func (x *Extractor) docEvents(ss []*sent, pub time.Time) (main string, planned bool) {
	if pub.IsZero() {
		pub = x.dateline(ss)
	}
	for _, st := range ss {
		x.placeCues(st, pub)
	}
	return x.mainEvent(ss, pub, talksIn(ss))
}

// placeCues finds the event cues of the sentence and what of it the
// choice of its event needs later (see sentenceEvent): the rest of
// docEvents reads only these.
func (x *Extractor) placeCues(st *sent, pub time.Time) {
	st.cues = x.eventCues(st, pub)
	for k := range st.cues {
		st.cues[k].beforeTalks = x.beforeTalks(st, st.cues[k].start)
	}
	st.noEvCue = x.noEventCue(st)
	st.talks = x.talksInSentence(st)
	if x.subjectFirst() {
		st.namesAfter = x.namesAfterQuote(st)
	}
}

// mainEvent picks the report's own event from the cues the sentences
// hold (see docEvents); talks says that the report speaks of talks.
func (x *Extractor) mainEvent(ss []*sent, pub time.Time, talks bool) (main string, planned bool) {
	score := map[string]float64{}
	first := map[string]int{}
	strong := map[string]bool{}
	anyStrong := false
	for _, st := range ss {
		for _, c := range st.cues {
			strong[c.event] = strong[c.event] || !c.weak
			anyStrong = anyStrong || !c.weak
		}
	}
	lead := true
	for i, st := range ss {
		best := map[string]float64{}
		for _, c := range st.cues {
			// a weekday only supports an event named otherwise too, unless
			// nothing else names one
			w := 2.0
			switch {
			case anyStrong && !strong[c.event]:
				continue
			case c.weak:
				w = 1
			}
			if c.future {
				w /= 2
			}
			best[c.event] = max(best[c.event], w)
		}
		leads := false
		for _, c := range st.cues {
			leads = leads || !c.weak
		}
		for ev, w := range best {
			if lead && leads {
				w += 2 // the headline or lead names the report's event
			}
			score[ev] += w
			if _, ok := first[ev]; !ok {
				first[ev] = i
			}
		}
		lead = lead && !leads
	}
	main = schema.UnknownEvent
	for ev, s := range score {
		if main == schema.UnknownEvent || s > score[main] || (s == score[main] && (first[ev] < first[main] || (first[ev] == first[main] && ev < main))) {
			main = ev
		}
	}
	if main == schema.UnknownEvent && !pub.IsZero() && talks {
		// talks no cue names, in a report of a known day: the latest event
		// of the days before it
		for id, d := range x.ev.date {
			if !d.After(pub) && !d.Before(pub.AddDate(0, 0, -recentDays)) && (main == schema.UnknownEvent || d.After(x.ev.date[main])) {
				main = id
			}
		}
	}
	planned = main != schema.UnknownEvent
	for _, st := range ss {
		for _, c := range st.cues {
			if c.event == main && !c.future {
				planned = false
			}
		}
	}
	for _, st := range ss {
		kept := st.cues[:0]
		for _, c := range st.cues {
			if c.weak && c.event != main {
				continue
			}
			if !c.future && (c.how == "medium" || c.how == "weekday") && main != schema.UnknownEvent && x.ev.later(c.event, main) {
				continue
			}
			kept = append(kept, c)
		}
		st.cues = kept
	}
	return main, planned
}

// beforeTalks reports a cue at token i naming the talks a "before" word
// points to ("قبل الاتصال الهاتفي"): not the event of the sentence.
func (x *Extractor) beforeTalks(st *sent, i int) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KBeforeTalks && (i == m.End || i == m.End+1) && x.talkAt(st, m.End) {
			return true
		}
	}
	return false
}

// talkAt reports a talk noun at token i.
func (x *Extractor) talkAt(st *sent, i int) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KTalk && m.Start == i {
			return true
		}
	}
	return false
}

// futureInSentence reports a predicate in the future in the sentence.
func (x *Extractor) futureInSentence(st *sent) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KPredicate && x.lex.FutureVerb(st.toks[m.Start].Norm) {
			return true
		}
	}
	return false
}

// recentDays is how far back a report of a known day speaks of talks it
// does not name.
const recentDays = 3

// talksInSentence reports a word of talks in the sentence.
func (x *Extractor) talksInSentence(st *sent) bool {
	return talksIn([]*sent{st})
}

// talksIn reports a word of talks in the report.
func talksIn(ss []*sent) bool {
	for _, st := range ss {
		for _, m := range st.ms {
			if m.Kind == lexicon.KTalk || m.Kind == lexicon.KDurationContext {
				return true
			}
		}
	}
	return false
}

// datelineLines is how many first sentences may hold a report's dateline.
const datelineLines = 8

// dateline reads the date a report is dated by when it has no publication
// date: a line of its first ones that holds only a date with its year
// (and a weekday): "الأربعاء 08 ديسمبر 2021", "2021-12-07", "12/31/2021".
func (x *Extractor) dateline(ss []*sent) time.Time {
	for i, st := range ss {
		if i >= datelineLines {
			break
		}
		if d, ok := x.dateLine(st); ok {
			return d
		}
	}
	return time.Time{}
}

func (x *Extractor) dateLine(st *sent) (time.Time, bool) {
	if len(st.toks) == 0 || len(st.toks) > 5 {
		return time.Time{}, false
	}
	named := map[int]bool{}
	month := 0
	for _, m := range st.ms {
		switch m.Kind {
		case lexicon.KWeekday, lexicon.KMonth:
			for t := m.Start; t < m.End; t++ {
				named[t] = true
			}
			if m.Kind == lexicon.KMonth && month == 0 {
				month = m.Value
			}
		}
	}
	var nums []int
	for i, t := range st.toks {
		if named[i] {
			continue
		}
		if d, err := time.Parse("2006-01-02", t.Norm); err == nil {
			return d, true
		}
		n, err := strconv.Atoi(t.Norm)
		if err != nil {
			return time.Time{}, false // a word that is not part of a date
		}
		nums = append(nums, n)
	}
	valid := func(y, m, d int) (time.Time, bool) {
		if y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
			return time.Time{}, false
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		return t, t.Day() == d
	}
	switch {
	case month > 0 && len(nums) == 2:
		return valid(nums[1], month, nums[0])
	case month == 0 && len(nums) == 3:
		// day and month in either order, where only one order is a date
		a, okA := valid(nums[2], nums[0], nums[1])
		b, okB := valid(nums[2], nums[1], nums[0])
		switch {
		case okA && !okB:
			return a, true
		case okB && !okA:
			return b, true
		}
	}
	return time.Time{}, false
}

// cued reports a cue of ev kept in the sentence.
func cued(st *sent, ev string) bool {
	for _, c := range st.cues {
		if c.event == ev {
			return true
		}
	}
	return false
}

// sentenceEvent returns the event of the sentence's first cue that is not
// a planned event other than the report's own nor the talks a "before"
// points to, and whether the sentence reports something outside any event.
// It reads only what placeCues left.
func (x *Extractor) sentenceEvent(st *sent, main string) (ev, how string, noEv bool) {
	for _, c := range st.cues {
		if (c.future && c.event != main) || c.beforeTalks {
			continue
		}
		return c.event, c.how, st.noEvCue
	}
	return "", "", st.noEvCue
}

// noEventCue reports a sentence that reports something outside any event.
func (x *Extractor) noEventCue(st *sent) (noEv bool) {
	for _, m := range st.ms {
		switch m.Kind {
		case lexicon.KNoEvent:
			noEv = true
		case lexicon.KBeforeTalks:
			noEv = noEv || (x.talkAt(st, m.End) && !x.futureInSentence(st))
		case lexicon.KBackground:
			noEv = noEv || !x.futureInSentence(st)
		}
	}
	return noEv
}

// toCounterpart reports a claim at token i inside what one person tells
// another ("أكد بوتين لبايدن أن روسيا …", "أبلغ بايدن نظيره الروسي أن
// واشنطن …"): said in their talks, not a standing position of the country.
func (x *Extractor) toCounterpart(st *sent, frames []frame, i int) bool {
	for _, f := range frames {
		if f.kind != "verb" || f.at >= i || f.compFrom > i || len(f.speaker) == 0 || x.vocab.ActorType(f.speaker[0]) != "person" {
			continue
		}
		for _, m := range st.ms {
			if m.Kind == lexicon.KActor && m.Start > f.at && m.Start < f.compFrom && m.ID != f.speaker[0] &&
				x.vocab.ActorType(m.ID) == "person" && x.vocab.Actors[m.ID].Role == "" {
				return true
			}
		}
	}
	return false
}
