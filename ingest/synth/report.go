package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode/utf8"
)

// writer writes one report.
type writer struct {
	g   *Generator
	r   *rand.Rand
	ev  event
	rep *Report
}

// fill replaces {name} placeholders.
func fill(s string, kv ...string) string {
	return strings.NewReplacer(kv...).Replace(s)
}

func (w *writer) gold(subject, pred, object, polarity, event, source, evidence string) {
	w.rep.Gold = append(w.rep.Gold, Gold{Doc: w.rep.Name, Subject: subject, Predicate: pred, Object: object,
		Polarity: polarity, Event: event, Source: source, Required: true, Evidence: evidence})
}

// fem reports whether a talk noun is feminine: it ends in ة, or is a
// plural in ات.
func fem(phrase string) bool {
	first, _, _ := strings.Cut(phrase, " ")
	return strings.HasSuffix(first, "ة") || strings.HasSuffix(first, "ات")
}

func (w *writer) write() {
	g, r, ev := w.g, w.r, w.ev
	a, b := pick(r, g.a), pick(r, g.b)
	if r.IntN(2) == 0 {
		a, b = b, a
	}
	talk := pick(r, ev.talks)
	title := fill(pick(r, g.f.Titles), "{t}", talk, "{a}", a, "{b}", b)
	lead := fill(pick(r, g.f.Lead).pick(fem(talk)), "{t}", talk, "{a}", a, "{b}", b, "{w}", pick(r, ev.weekday))
	w.gold(ev.id, "medium", ev.medium, "positive", ev.id, "outlet", talk)

	var paras [][]string
	para := []string{lead}
	n := 14 + r.IntN(9) // sentences after the lead
	facts := r.IntN(n)  // where the duration goes
	tone := -1          // and the tone, in some reports
	if r.IntN(2) == 0 {
		tone = r.IntN(n)
	}
	for i := 0; i < n; i++ {
		var s string
		switch {
		case i == facts && len(g.durs) > 0:
			s = w.duration()
		case i == tone && len(g.toneIDs) > 0 && len(g.f.Tone) > 0:
			s = w.tone()
		case r.IntN(7) == 0:
			s = pick(r, g.f.Noise)
		default:
			s = w.claim()
		}
		para = append(para, s)
		if len(para) >= 2+r.IntN(3) {
			paras = append(paras, para)
			para = nil
		}
	}
	if len(para) > 0 {
		paras = append(paras, para)
	}
	var sb strings.Builder
	sb.WriteString(title)
	for _, p := range paras {
		sb.WriteString("\n\n")
		sb.WriteString(strings.Join(p, " "))
	}
	sb.WriteString("\n")
	w.rep.Text = sb.String()
}

// duration states how long the talks lasted.
func (w *writer) duration() string {
	g, r, ev := w.g, w.r, w.ev
	d := pick(r, g.durs)
	text := d.text
	if len(g.approx) > 0 && r.IntN(2) == 0 {
		text = pick(r, g.approx) + " " + text
	}
	talk := pick(r, ev.talks)
	s := fill(pick(r, g.f.Duration).pick(fem(talk)), "{t}", talk, "{d}", text)
	w.gold(ev.id, "duration", strconv.Itoa(d.minutes), "positive", ev.id, "outlet", s)
	return s
}

// tone states how the talks went, by a source.
func (w *writer) tone() string {
	g, r, ev := w.g, w.r, w.ev
	id := pick(r, g.toneIDs)
	talk := pick(r, ev.talks)
	src := pick(r, g.sources)
	s := fill(pick(r, g.f.Tone).pick(fem(talk)), "{t}", talk, "{x}", g.tones[id].pick(fem(talk)), "{src}", src.form)
	w.gold(ev.id, "tone", id, "positive", ev.id, src.id, s)
	return s
}

// pastFem is the past of a verb for a feminine subject.
func pastFem(past string) string {
	if strings.HasSuffix(past, "ى") {
		return strings.TrimSuffix(past, "ى") + "ت"
	}
	return past + "ت"
}

// jussive is the present of a verb after لم.
func jussive(v verb, female bool) string {
	if female {
		return v.presentF
	}
	p := v.present
	if strings.HasSuffix(v.past, "ى") && strings.HasSuffix(p, "ي") {
		p = strings.TrimSuffix(p, "ي")
	}
	return p
}

// past is the past of a verb for a subject.
func past(v verb, female bool) string {
	if female {
		return v.pastF
	}
	return v.past
}

// object is a topic with the preposition the verb takes.
func (w *writer) object(v verb, form string) string {
	prep, ok := w.g.f.ObjectPreps[v.past]
	if !ok {
		prep = w.g.f.ObjectPreps[v.pred]
	}
	switch {
	case prep == "":
		return form
	case utf8.RuneCountInString(prep) == 1:
		return prep + form
	}
	return prep + " " + form
}

func (w *writer) pickActor(from []actor, not ...string) actor {
	for {
		a := pick(w.r, from)
		ok := true
		for _, n := range not {
			if a.id == n {
				ok = false
			}
		}
		if ok {
			return a
		}
	}
}

// claim writes a sentence stating one claim (or one per member of a
// plural subject) and its gold lines.
func (w *writer) claim() string {
	g, r, ev := w.g, w.r, w.ev
	v := pick(r, g.verbs)
	topic := pick(r, g.topicIDs)
	// a clause-taking verb before a topic with its own stance reads as
	// that stance: another topic
	for g.clausal[v.pred] && g.stances[topic] {
		topic = pick(r, g.topicIDs)
	}
	obj := w.object(v, pick(r, g.topics[topic]))
	if v.tail != "" {
		obj = v.tail + " " + obj
	}
	// verb-first unless the verb's tail must follow it right away
	vso := (v.gapTail || v.tail == "") && !v.svoOnly
	var subj actor
	var subjects []string
	if vso && len(g.groups) > 0 && r.IntN(10) == 0 {
		subj = pick(r, g.groups)
		subjects = g.members
	} else {
		for {
			subj = pick(r, g.subjects)
			if !subj.fem || v.pastF != "" {
				break
			}
		}
		subjects = []string{subj.id}
	}
	neg := len(g.f.Negation) > 0 && r.IntN(5) == 0 && jussive(v, subj.fem) != ""
	target, targetID := "", ""
	if vso && !neg && len(subjects) == 1 && contains(g.f.Targets, v.past) && r.IntN(2) == 0 {
		not := append([]string{}, subjects...)
		t := w.pickActor(g.subjects, not...)
		target, targetID = " "+t.form, t.id
	}
	extra := ""
	if r.IntN(6) == 0 {
		ct := topic
		for ct == topic {
			ct = pick(r, g.condIDs)
		}
		extra += " " + pick(r, g.f.Conditions) + " " + pick(r, g.topics[ct])
	}
	// the event: named by a phrase of the lexicon, a weekday or a date,
	// or left to the report. A country's or group's stance counts as a
	// standing position unless the sentence names the talks themselves.
	eventID, named := ev.id, false
	switch r.IntN(5) {
	case 0:
		extra += " " + pick(r, g.f.EventPreps) + " " + pick(r, ev.cues)
		named = true
	case 1:
		extra += " " + pick(r, g.f.WeekdayPreps) + " " + pick(r, ev.weekday)
	case 2:
		extra += " " + pick(r, g.f.DatePreps) + " " + pick(r, ev.dates)
	}
	if !named {
		for _, s := range subjects {
			if g.collective(s) {
				eventID = ev.id + "|unknown"
			}
		}
	}
	pred, polarity := v.pred, "positive"
	switch {
	case neg && v.negPred != "":
		pred = v.negPred
	case neg:
		polarity = "negative"
	}

	var s, source string
	frame := r.IntN(4)
	switch {
	case v.vsoOnly:
		frame = r.IntN(2)
	case len(subjects) > 1:
		frame = r.IntN(2) // a plural subject after its verb
	case !vso:
		frame = 2 + r.IntN(2)
	}
	switch frame {
	case 0, 1: // verb first: the outlet's voice, or a source named after it
		var head string
		if neg {
			head = "و" + pick(r, g.f.Negation) + " " + jussive(v, subj.fem) + " " + subj.form
		} else {
			head = "و" + past(v, subj.fem) + " " + subj.form
		}
		s = head + target + " " + obj + extra
		source = "outlet"
		if g.speaker(subj.id) {
			source = "outlet|" + subj.id
		}
		if frame == 1 {
			src := w.pickActor(g.sources, append([]string{targetID}, subjects...)...)
			if len(g.f.AccFirst) > 0 && r.IntN(3) == 0 {
				s = fill(pick(r, g.f.AccFirst).pick(src.fem), "{src}", src.form) + " " + strings.TrimPrefix(s, "و")
			} else {
				s += "، " + fill(pick(r, g.f.According).pick(src.fem), "{src}", src.form)
			}
			source = src.id
		}
	default: // subject first after a frame of speech
		var clause string
		if neg {
			clause = subj.form + " " + pick(r, g.f.Negation) + " " + jussive(v, subj.fem)
		} else {
			clause = subj.form + " " + past(v, subj.fem)
		}
		clause += " " + obj + extra
		src := w.pickActor(g.sources, subjects...)
		if frame == 2 || len(g.f.Relay) == 0 || len(g.media) == 0 {
			s = fill(pick(r, g.f.Quote).pick(src.fem), "{src}", src.form) + " " + clause
		} else {
			src = w.pickActor(g.subjects, subjects...)
			m := pick(r, g.media)
			s = fill(pick(r, g.f.Relay).pick(src.fem), "{src}", src.form, "{m}", m.form) + " " + clause
		}
		source = src.id
	}
	s += "."
	for _, sub := range subjects {
		w.gold(sub, pred, topic, polarity, eventID, source, s)
	}
	return s
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
