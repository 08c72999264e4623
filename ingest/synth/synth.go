// Package synth writes deterministic synthetic Arabic news reports, with the
// gold claims each sentence states, for benchmarks and for scoring the
// extractor on a corpus of any size. Its vocabulary (actors, predicates,
// topics, conditions, event phrases, dates, facts) is the lexicon's; the few
// words that join them into sentences are the frames of frames.yaml.
package synth

import (
	_ "embed"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
)

//go:embed frames.yaml
var framesYAML []byte

// pair is a masculine and a feminine form of a frame.
type pair [2]string

func (p pair) pick(fem bool) string {
	if fem {
		return p[1]
	}
	return p[0]
}

// frames is the format of frames.yaml.
type frames struct {
	Events       []string          `yaml:"events"`
	ObjectPreps  map[string]string `yaml:"object_preps"`
	Targets      []string          `yaml:"targets"`
	Quote        []pair            `yaml:"quote"`
	According    []pair            `yaml:"according"`
	Relay        []pair            `yaml:"relay"`
	AccFirst     []pair            `yaml:"according_first"`
	Tone         []pair            `yaml:"tone"`
	Negation     []string          `yaml:"negation"`
	Conditions   []string          `yaml:"conditions"`
	EventPreps   []string          `yaml:"event_preps"`
	WeekdayPreps []string          `yaml:"weekday_preps"`
	DatePreps    []string          `yaml:"date_preps"`
	Lead         []pair            `yaml:"lead"`
	Duration     []pair            `yaml:"duration"`
	Titles       []string          `yaml:"titles"`
	Noise        []string          `yaml:"noise"`
	Feminine     []string          `yaml:"feminine"`
	SkipVerbs    []string          `yaml:"skip_verbs"`
	VerbFirst    []string          `yaml:"verb_first_only"`
	SkipTopics   []string          `yaml:"skip_topic_forms"`
}

// Gold is one claim a synthetic report states, in the format of the gold
// files that 'claimgraph eval' reads.
type Gold struct {
	Doc       string `json:"doc"`
	Subject   string `json:"subject"`
	Predicate string `json:"predicate"`
	Object    string `json:"object"`
	Polarity  string `json:"polarity"`
	Event     string `json:"event"`
	Source    string `json:"source"`
	Required  bool   `json:"required"`
	Evidence  string `json:"evidence"`
}

// Report is one synthetic report and the claims it states.
type Report struct {
	Name string // file name
	Text string
	Gold []Gold
}

// actor is one surface form of an actor.
type actor struct {
	id, form string
	fem      bool
}

// verb is a predicate's verb: its past form (third person masculine
// singular), its present form when the lexicon has one, and the words
// after it that the lexicon's pattern needs ("أعرب ... عن القلق").
type verb struct {
	pred, past, present, tail string
	// negPred: the predicate a negated present states instead ("لم
	// يرغب": oppose), asserted
	negPred string
	gapTail bool // the subject stands between the verb and its tail
	// subject first or last only: a patient comes first after the verb
	// ("دعم أوكرانيا"), or the extractor reads the verb otherwise
	svoOnly, vsoOnly bool
	// the feminine forms the lexicon reads as this predicate ("" none)
	pastF, presentF string
}

// event is what reports about one event name it by.
type event struct {
	id, medium string
	cues       []string // event phrases
	talks      []string // talk nouns with a phrase of the medium ("الاتصال الهاتفي")
	weekday    []string
	dates      []string
}

// Generator writes reports from a lexicon. It is safe for concurrent use.
type Generator struct {
	f        frames
	voc      *lexicon.Vocabulary
	subjects []actor  // actors that state claims
	sources  []actor  // actors that report them
	media    []actor  // media that relay
	groups   []actor  // plural forms of the two presidents
	members  []string // their actor IDs
	verbs    []verb
	topics   map[string][]string // topic ID → forms
	topicIDs []string
	// stances: topics that carry a stance of their own; clausal:
	// predicates that introduce a clause (see lexicon topic_stances,
	// clausal_predicates)
	stances, clausal map[string]bool
	condIDs          []string // topics that state nothing by themselves: conditions
	events           []event
	durs             []duration
	// tones: tone ID → its masculine (accusative where the lexicon has
	// it) and feminine words
	tones   map[string]pair
	toneIDs []string
	approx  []string
	a, b    []string // forms of the two presidents (putin, biden)
}

type duration struct {
	text    string
	minutes int
}

// plain reports whether a lexicon form is written as plain words, not as a
// pattern (alternatives, gaps, actor slots).
func plain(s string) bool { return !strings.ContainsAny(s, "|@.~") }

// clean turns a plain form into the words it matches at least: the exact
// marker and the stem marker removed.
func clean(s string) string {
	s = strings.ReplaceAll(s, "=", "")
	s = strings.ReplaceAll(s, "*", "")
	return strings.Join(strings.Fields(s), " ")
}

// New builds a generator over the Arabic lexicon and the vocabulary.
func New(lex *lexicon.Lexicon, voc *lexicon.Vocabulary) (*Generator, error) {
	g := &Generator{topics: map[string][]string{}, voc: voc, stances: map[string]bool{}, clausal: map[string]bool{}}
	for _, p := range lex.ClausalPredicates {
		g.clausal[p] = true
	}
	if err := yaml.Unmarshal(framesYAML, &g.f); err != nil {
		return nil, fmt.Errorf("synth frames: %w", err)
	}
	g.actors(lex, voc)
	g.predicates(lex)
	g.dropShared()
	for _, id := range sortedKeys(lex.Topics) {
		for _, f := range lex.Topics[id] {
			// a form holding a predicate word ("الاتفاق النووي") would
			// state a stance of its own
			// and one holding a talk noun ("قمة حضورية") would be read as
			// the talks themselves
			if plain(f) && !has(lex, clean(f), lexicon.KPredicate) && !has(lex, clean(f), lexicon.KTalk) && !has(lex, clean(f), lexicon.KDurationContext) &&
				!contains(g.f.SkipTopics, clean(f)) && !variant(lex.Topics[id], clean(f)) {
				g.topics[id] = append(g.topics[id], clean(f))
			}
		}
		if len(g.topics[id]) > 0 {
			g.topicIDs = append(g.topicIDs, id)
			if _, stance := lex.TopicStances[id]; stance {
				g.stances[id] = true
			} else {
				g.condIDs = append(g.condIDs, id)
			}
		}
	}
	if err := g.eventsFrom(lex, voc); err != nil {
		return nil, err
	}
	g.durations(lex)
	g.tonesFrom(lex)
	masculine := 0
	for _, a := range g.subjects {
		if !a.fem {
			masculine++
		}
	}
	switch {
	case masculine == 0, len(g.subjects) < 3, len(g.sources) < 4, len(g.verbs) == 0, len(g.topicIDs) < 2, len(g.condIDs) < 2, len(g.a) == 0, len(g.b) == 0:
		return nil, fmt.Errorf("synth: the lexicon has too few plain actors, verbs or topics to write reports from")
	}
	return g, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// actors reads the actors: people, organizations, countries and groups
// state claims; everyone but the outlet reports them; media relay.
func (g *Generator) actors(lex *lexicon.Lexicon, voc *lexicon.Vocabulary) {
	for _, id := range sortedKeys(lex.Actors) {
		typ := voc.ActorType(id)
		female := contains(g.f.Feminine, id)
		for _, f := range lex.Actors[id] {
			if !plain(f) || !usableActor(f) {
				continue
			}
			a := actor{id: id, form: clean(f), fem: female || typ == "country" || typ == "media" || feminine(clean(f))}
			switch typ {
			case "media":
				g.media = append(g.media, a)
			case "person", "organization", "country", "group":
				g.subjects = append(g.subjects, a)
			default:
				continue
			}
			g.sources = append(g.sources, a)
			switch id {
			case "putin":
				g.a = append(g.a, a.form)
			case "biden":
				g.b = append(g.b, a.form)
			}
		}
	}
	for _, gr := range lex.Groups {
		for _, f := range gr.Forms {
			// the nominative dual: a subject after its verb
			if plain(f) && strings.HasSuffix(f, "ان") {
				g.groups = append(g.groups, actor{form: clean(f)})
			}
		}
		if len(g.groups) > 0 {
			g.members = gr.Members
			break
		}
	}
}

// usableActor leaves out forms that refer back to someone named before
// ("نظيره"), speak in the first person, are in an oblique case or a
// plural of people, or are another common word.
func usableActor(f string) bool {
	for _, w := range strings.Fields(f) {
		switch {
		case strings.HasPrefix(w, "نظير"), strings.HasSuffix(w, "نا"), strings.HasSuffix(w, "ين"), strings.HasSuffix(w, "ون"),
			w == "مسؤول", w == "المسؤول", w == "مصادر", w == "الحلف", w == "كيف":
			return false
		}
	}
	return true
}

// predicates reads the verbs of each predicate: a verb given with its
// paradigm ("~حذر"), or a word whose present form ("ي" before it) the
// predicate also lists ("رفض*" with "يرفض*"). Patterns with their own
// object, polarity or subject rule are left out.
func (g *Generator) predicates(lex *lexicon.Lexicon) {
	for _, id := range sortedKeys(lex.Predicates) {
		entries := lex.Predicates[id]
		words := map[string]bool{}
		for _, e := range entries {
			if !strings.Contains(e.P, " ") {
				words[clean(strings.TrimPrefix(e.P, "~"))] = true
			}
		}
		present := func(past string) string {
			cands := []string{"ي" + past}
			if strings.HasPrefix(past, "ا") {
				cands = append(cands, "ي"+strings.TrimPrefix(past, "ا"))
			}
			for _, c := range cands {
				if words[c] {
					return c
				}
			}
			return ""
		}
		seen := map[string]bool{}
		for _, e := range entries {
			if e.Obj != "" || e.NegInside || e.Subject != "" || e.Object != "" || e.Participle || strings.Contains(e.P, "@") {
				continue
			}
			slots := strings.Fields(e.P)
			head := strings.Split(slots[0], "|")[0]
			isVerb := strings.HasPrefix(head, "~")
			head = clean(strings.TrimPrefix(head, "~"))
			if strings.HasPrefix(head, "ي") || strings.HasPrefix(head, "ت") && !isVerb {
				continue // a present form
			}
			v := verb{pred: id, past: head, present: present(head)}
			var tail []string
			for i, s := range slots[1:] {
				if strings.Trim(s, ".") == "" {
					if i != 0 {
						tail = nil
						isVerb = false // a gap inside the phrase: too loose to write
						break
					}
					v.gapTail = true
					continue
				}
				tail = append(tail, clean(strings.TrimPrefix(strings.Split(s, "|")[0], "~")))
			}
			v.tail = strings.Join(tail, " ")
			if v.tail != "" && has(lex, v.tail, lexicon.KTopic) {
				continue // the verb carries its own object ("قدم ... تعهدات")
			}
			if !isVerb && (v.present == "" || len(slots) > 1) {
				continue
			}
			key := v.past + "|" + v.tail
			if seen[key] || v.past == "" || contains(g.f.SkipVerbs, v.past) {
				continue
			}
			seen[key] = true
			v.pastF = reads(lex, pastFem(v.past), id)
			if v.present != "" {
				v.presentF = reads(lex, "ت"+strings.TrimPrefix(jussive(v, false), "ي"), id)
			}
			v.svoOnly = contains(lex.PatientFirst, id)
			v.vsoOnly = contains(g.f.VerbFirst, v.past)
			if v.present != "" && len(g.f.Negation) > 0 {
				for _, m := range lex.Find(arabic.Tokenize(g.f.Negation[0]+" "+v.present, 0)) {
					if m.Kind == lexicon.KPredicate && m.Neg {
						v.negPred = m.ID
					}
				}
			}
			g.verbs = append(g.verbs, v)
		}
	}
}

// dropShared leaves out a verb with words after it whose verb another
// predicate has alone ("تناول ... مخاوف" beside "تناول"): the shorter
// reading would win.
func (g *Generator) dropShared() {
	alone := map[string]string{}
	for _, v := range g.verbs {
		if v.tail == "" {
			alone[v.past] = v.pred
		}
	}
	out := g.verbs[:0]
	for _, v := range g.verbs {
		if p, ok := alone[v.past]; ok && v.tail != "" && p != v.pred {
			continue
		}
		out = append(out, v)
	}
	g.verbs = out
}

// variant reports a form that is another form of the same topic with a
// clitic written onto it ("بتطبيع", "وحوار" beside "تطبيع", "حوار") or in
// the accusative ("حوارا"): the generator adds its own prepositions.
func variant(forms []string, f string) bool {
	for _, o := range forms {
		o = clean(o)
		if o == f {
			continue
		}
		for _, p := range []string{"ب", "ل", "و", "ف", "ك"} {
			if p+o == f {
				return true
			}
		}
		if o+"ا" == f {
			return true
		}
	}
	return false
}

// eventsFrom reads each event's phrases, weekday and dates.
func (g *Generator) eventsFrom(lex *lexicon.Lexicon, voc *lexicon.Vocabulary) error {
	article := "ال"
	if len(lex.Morphology.Article) > 0 {
		article = lex.Morphology.Article[0]
	}
	for _, id := range g.f.Events {
		t, ok := voc.Events[id]
		if !ok {
			return fmt.Errorf("synth frames: event %s is not in the vocabulary", id)
		}
		ev := event{id: id, medium: t.Medium}
		for _, c := range lex.Events[id] {
			if plain(c) {
				ev.cues = append(ev.cues, clean(c))
			}
		}
		// talk nouns with the event's medium: "الاتصال" + "الهاتفي"
		for _, m := range lex.Facts.Medium[t.Medium] {
			if !plain(m) || strings.Contains(m, " ") {
				continue
			}
			for _, c := range ev.cues {
				if strings.HasSuffix(c, " "+m) && strings.HasPrefix(c, article) {
					ev.talks = append(ev.talks, c)
				}
			}
		}
		if len(ev.talks) == 0 {
			for _, c := range ev.cues {
				if strings.HasPrefix(c, article) && strings.Contains(c, " ") {
					ev.talks = append(ev.talks, c)
				}
			}
		}
		d, err := time.Parse("2006-01-02", t.Date)
		if err != nil {
			return fmt.Errorf("synth: event %s has no date in the vocabulary", id)
		}
		wd := strings.ToLower(d.Weekday().String())
		ev.weekday = append(ev.weekday, lex.Dates.Weekdays[wd]...)
		months := lex.Dates.Months[int(d.Month())]
		for _, m := range months {
			ev.dates = append(ev.dates, strconv.Itoa(d.Day())+" "+m)
			for _, w := range sortedKeys(lex.Dates.Days) {
				if lex.Dates.Days[w] == d.Day() && len(lex.Dates.Links) > 0 {
					ev.dates = append(ev.dates, w+" "+lex.Dates.Links[0]+" "+m)
				}
			}
		}
		if len(ev.cues) == 0 || len(ev.talks) == 0 || len(ev.weekday) == 0 {
			return fmt.Errorf("synth: the lexicon names event %s by too few phrases", id)
		}
		g.events = append(g.events, ev)
	}
	return nil
}

// durations reads the lengths of time the lexicon knows: words that carry
// their count ("ساعتين") and number words before the minute.
func (g *Generator) durations(lex *lexicon.Lexicon) {
	for _, w := range sortedKeys(lex.Facts.Counted) {
		if lex.Facts.Counted[w] >= 20 {
			g.durs = append(g.durs, duration{w, lex.Facts.Counted[w]})
		}
	}
	min, ok := lex.Facts.Units["minute"]
	if ok && len(min.Forms) > 0 {
		for _, w := range sortedKeys(lex.Facts.Numbers) {
			n := lex.Facts.Numbers[w]
			if n >= 20 && n < 100 {
				// numbers from eleven on count a singular noun
				g.durs = append(g.durs, duration{w + " " + min.Forms[0], n})
				g.durs = append(g.durs, duration{strconv.Itoa(n) + " " + min.Forms[0], n})
			}
		}
	}
	for _, a := range lex.Facts.Approx {
		if plain(a) && !strings.Contains(a, "من") && !strings.Contains(a, "أكثر") && !strings.Contains(a, "أقل") && !strings.Contains(a, "يزيد") && !strings.Contains(a, "يقل") {
			g.approx = append(g.approx, a)
		}
	}
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// Name is the file name of report i.
func Name(i int) string { return fmt.Sprintf("synth_%06d.txt", i) }

// Report writes report i of the corpus of a seed. The same seed and index
// always give the same report.
func (g *Generator) Report(seed uint64, i int) Report {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	rep := Report{Name: Name(i)}
	ev := g.events[r.IntN(len(g.events))]
	w := &writer{g: g, r: r, ev: ev, rep: &rep}
	w.write()
	return rep
}

// collective reports whether an actor is a country, group or alliance,
// whose stance without the talks named is a standing position.
func (g *Generator) collective(id string) bool { return g.voc.Collective(id) }

// speaker reports whether an actor speaks for others (a spokesman, an aide,
// an office): what the outlet reports of it may be read as its own
// statement.
func (g *Generator) speaker(id string) bool {
	t := g.voc.Actors[id]
	return t.Role != "" || t.Type == "organization"
}

// matches lists what the lexicon finds in a phrase, and in each of its
// words alone.
func matches(lex *lexicon.Lexicon, phrase string) []lexicon.Match {
	toks := arabic.Tokenize(phrase, 0)
	out := lex.Find(toks)
	if len(toks) > 1 {
		for i := range toks {
			out = append(out, lex.Find(toks[i:i+1])...)
		}
	}
	return out
}

// has reports whether the lexicon finds something of a kind in a phrase.
func has(lex *lexicon.Lexicon, phrase string, k lexicon.Kind) bool {
	for _, m := range matches(lex, phrase) {
		if m.Kind == k {
			return true
		}
	}
	return false
}

// feminine reports whether a name is feminine by its form: its first or
// last word ends in ta marbuta ("الإدارة الأمريكية", "السلطات الروسية").
func feminine(form string) bool {
	ws := strings.Fields(form)
	return len(ws) > 0 && (strings.HasSuffix(ws[0], "ة") || strings.HasSuffix(ws[len(ws)-1], "ة"))
}

// reads returns form when the lexicon reads it as the predicate, else "".
func reads(lex *lexicon.Lexicon, form, pred string) string {
	for _, m := range lex.Find(arabic.Tokenize(form, 0)) {
		if m.Kind == lexicon.KPredicate && m.ID == pred && m.Start == 0 {
			return form
		}
	}
	return ""
}

// tonesFrom reads the tone words: for each tone a masculine word (the
// accusative in ا after a copula when the lexicon lists it) and a
// feminine one in ة; tones without both are left out.
func (g *Generator) tonesFrom(lex *lexicon.Lexicon) {
	g.tones = map[string]pair{}
	for _, id := range sortedKeys(lex.Facts.Tone) {
		var p pair
		for _, w := range lex.Facts.Tone[id] {
			if !plain(w) || strings.Contains(w, " ") || strings.HasPrefix(w, "ال") || strings.HasPrefix(w, "ب") {
				continue
			}
			switch {
			case strings.HasSuffix(w, "ة"):
				if p[1] == "" {
					p[1] = w
				}
			case strings.HasSuffix(w, "ا"):
				p[0] = w
			default:
				if p[0] == "" {
					p[0] = w
				}
			}
		}
		if p[0] != "" && p[1] != "" {
			g.tones[id] = p
			g.toneIDs = append(g.toneIDs, id)
		}
	}
}
