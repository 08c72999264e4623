// Package lexicon loads claimgraph's extraction knowledge (actors,
// predicates, topics, events, attribution frames, negation, conditions and
// event facts) from data files and matches it against tokenized text. The
// Arabic lexicon is embedded; users add files of the same format.
package lexicon

import (
	"embed"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/claimgraph/claimgraph/ingest/arabic"
)

//go:embed data/*.yaml
var embedded embed.FS

// Entry is one pattern of a predicate.
type Entry struct {
	P         string `yaml:"p"`
	Obj       string `yaml:"obj"`
	NegInside bool   `yaml:"neg_inside"`
	// Subject "speaker": the one reported to say it is the subject (first
	// person forms, accusations that describe the accused).
	Subject string `yaml:"subject"`
	// Object "before": the object is the topic earlier in the clause
	// ("X would be a big mistake").
	Object string `yaml:"object"`
	// Participle marks an active participle not built with م ("داعيا"):
	// its agent is the subject of the main clause.
	Participle bool `yaml:"participle"`
}

// UnmarshalYAML accepts a bare string or a mapping.
func (e *Entry) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		e.P = n.Value
		return nil
	}
	type plain Entry
	return n.Decode((*plain)(e))
}

// Group is a plural reference to several actors.
type Group struct {
	Members []string `yaml:"members"`
	Forms   []string `yaml:"forms"`
}

// Unit is a unit of time.
type Unit struct {
	Minutes int      `yaml:"minutes"`
	Forms   []string `yaml:"forms"`
	Plurals []string `yaml:"plurals"`
	// Definite forms count as one only after an approximator ("قرابة
	// الساعة"): alone they name a time of day.
	Definite []string `yaml:"definite"`
}

// Facts holds the event-fact vocabulary.
type Facts struct {
	DurationContext []string            `yaml:"duration_context"`
	Approx          []string            `yaml:"approx"`
	Units           map[string]Unit     `yaml:"units"`
	Counted         map[string]int      `yaml:"counted"`
	Numbers         map[string]int      `yaml:"numbers"`
	Medium          map[string][]string `yaml:"medium"`
	Initiator       []string            `yaml:"initiator"`
	ToneTriggers    []string            `yaml:"tone_triggers"`
	Tone            map[string][]string `yaml:"tone"`
	// ToneSubjects are nouns whose description is the tone of the talks
	// ("النبرة كانت جدية").
	ToneSubjects []string `yaml:"tone_subjects"`
	// InitiatorBy: phrases naming who asked for the talks by an adjective
	// ("بطلب روسي" → russia).
	InitiatorBy map[string][]string `yaml:"initiator_by"`
	// RequestVerbs: "X asked for the call" ("موسكو هي من طلبت إجراء
	// المكالمة") when a talk noun follows them.
	RequestVerbs []string `yaml:"request_verbs"`
	// Offsets: a length of time after them is a time offset, not how long
	// the talks lasted ("قبل 24 ساعة من اللقاء") …
	Offsets []string `yaml:"offsets"`
	// … unless it is counted from the talks' start ("بعد 50 دقيقة من
	// بدايته").
	SinceStart []string `yaml:"since_start"`
	// Passing: prepositions before a talk noun that mention another event
	// in passing ("الاتفاق الذي تم التوصل إليه خلال الاتصال عبر
	// الفيديو"): its facts are not reported there.
	Passing []string `yaml:"passing"`
}

// Dates holds the words that name days: they place a claim in the event of
// that day.
type Dates struct {
	// Weekdays: weekday ID (as in the vocabulary: tuesday) → names.
	Weekdays map[string][]string `yaml:"weekdays"`
	// Months: month number → names ("ديسمبر", "كانون الأول").
	Months map[int][]string `yaml:"months"`
	// Days: ordinal day words ("السابع") → day of the month.
	Days map[string]int `yaml:"days"`
	// Relative: days from the publication date → words ("أمس": -1).
	Relative map[int][]string `yaml:"relative"`
	// Links: words between a day and its month ("السابع من ديسمبر").
	Links []string `yaml:"links"`
	// DayPrefixes: what may be written onto a day in digits ("الـ7").
	DayPrefixes []string `yaml:"day_prefixes"`
}

// Attribution holds the frames that name who said something.
type Attribution struct {
	Verbs           []string `yaml:"verbs"`
	Preps           []string `yaml:"preps"`
	Relay           []string `yaml:"relay"`
	RelayPrep       []string `yaml:"relay_prep"`
	Complementizers []string `yaml:"complementizers"`
	Statement       []string `yaml:"statement"`
	Footage         []string `yaml:"footage"`
	Passive         []string `yaml:"passive"`
	// Impersonal attribution ("يذكر أن": it is worth noting): the
	// outlet's own voice, no speaker.
	Impersonal []string `yaml:"impersonal"`
}

// File is the format of a lexicon file.
type File struct {
	Lang               string              `yaml:"lang"`
	Actors             map[string][]string `yaml:"actors"`
	Parties            map[string][]string `yaml:"parties"`
	Titles             []string            `yaml:"titles"`
	FirstNames         []string            `yaml:"first_names"`
	Groups             []Group             `yaml:"groups"`
	DualSuffixes       []string            `yaml:"dual_suffixes"`
	Predicates         map[string][]Entry  `yaml:"predicates"`
	ClausalPredicates  []string            `yaml:"clausal_predicates"`
	PatientFirst       []string            `yaml:"patient_first"`
	Absorbing          []string            `yaml:"absorbing"`
	Control            []string            `yaml:"control"`
	NegatedObject      map[string]string   `yaml:"negated_object"`
	Anaphors           []string            `yaml:"anaphors"`
	ConditionAsObject  []string            `yaml:"condition_as_object"`
	SpeaksFor          map[string]string   `yaml:"speaks_for"`
	Attribution        Attribution         `yaml:"attribution"`
	Negators           []string            `yaml:"negators"`
	NegationGap        []string            `yaml:"negation_gap"`
	Conditions         []string            `yaml:"conditions"`
	ObjectPreps        []string            `yaml:"object_preps"`
	Future             []string            `yaml:"future"`
	NoEvent            []string            `yaml:"no_event"`
	ClauseBreaks       []string            `yaml:"clause_breaks"`
	TopicNegators      []string            `yaml:"topic_negators"`
	Relatives          []string            `yaml:"relatives"`
	Principals         map[string]string   `yaml:"principals"`
	Holders            []string            `yaml:"holders"`
	Coordinators       []string            `yaml:"coordinators"`
	OwnCountry         []string            `yaml:"own_country"`
	Latter             []string            `yaml:"latter"`
	Talks              []string            `yaml:"talks"`
	Stopwords          []string            `yaml:"stopwords"`
	Morphology         Morphology          `yaml:"morphology"`
	TimeWords          []string            `yaml:"time_words"`
	FuturePrefixes     []string            `yaml:"future_prefixes"`
	TopicStances       map[string]string   `yaml:"topic_stances"`
	Topics             map[string][]string `yaml:"topics"`
	Events             map[string][]string `yaml:"events"`
	Facts              Facts               `yaml:"facts"`
	Dates              Dates               `yaml:"dates"`
	OrganizationsSpeak bool                `yaml:"organizations_as_speakers"`

	// BeforeTalks: "before" words; with a talk noun after them what a
	// sentence reports was said before the talks, outside them.
	BeforeTalks []string `yaml:"before_talks"`
	// Background: the pluperfect ("وكان بوتين قد قال"): what the sentence
	// reports in the past was said before the report's event.
	Background []string `yaml:"background"`
	// SubjectFirst: clauses put the subject before the verb (English); an
	// actor right after a verb is then its object, not its subject.
	SubjectFirst bool `yaml:"subject_first"`
	// Conjunctions are words that join coordinated actors, verbs and
	// values ("and"), where Arabic uses the clitic و.
	Conjunctions []string `yaml:"conjunctions"`
	// Abbreviations: a period right after them is not a sentence end.
	Abbreviations []string `yaml:"abbreviations"`
	// PassiveAgents introduce the agent of a passive verb ("by").
	PassiveAgents []string `yaml:"passive_agents"`
	// PassiveAuxiliaries build a passive with a past participle ("was").
	PassiveAuxiliaries []string `yaml:"passive_auxiliaries"`
	// PassiveParticipants: predicates whose passive with no agent ("X was
	// discussed") has the talks' participants as subject.
	PassiveParticipants []string `yaml:"passive_participants"`
	// Pronouns standing as the subject of a verb ("he said"): they refer
	// to the last speaker.
	Pronouns []string `yaml:"pronouns"`
	// FirstPerson pronouns ("I", "we") stand for the speaker; the plural
	// for the side he speaks for.
	FirstPerson map[string]string `yaml:"first_person"`
	// Determiners before a predicate word make it a noun or adjective.
	Determiners []string `yaml:"determiners"`
	// ThatObjects: predicates whose object may stand in a "that" clause
	// ("warned that sanctions would follow"); others stop before it.
	ThatObjects []string `yaml:"that_objects"`
	// Perfect auxiliaries ("has demanded"): past the lead paragraphs a
	// claim in the perfect tense is background, not news of the event.
	Perfect []string `yaml:"perfect"`
	// Questions open an indirect question ("whether"): nothing after them
	// in the sentence is asserted.
	Questions []string `yaml:"questions"`
	// Acronyms: a word written exactly so (case and all) is read as the
	// form given ("US" is "usa", while "us" stays the pronoun).
	Acronyms map[string]string `yaml:"acronyms"`
	// SpeakerNouns stand for the last speaker ("the aide said").
	SpeakerNouns []string `yaml:"speaker_nouns"`
}

// Kind of a matched span.
type Kind int

// Span kinds.
const (
	KActor Kind = iota
	KGroup
	KPredicate
	KTopic
	KEvent
	KAttribVerb
	KAttribPrep
	KRelay
	KRelayPrep
	KComplementizer
	KStatement
	KFootage
	KNegator
	KNegGap
	KCondition
	KObjectPrep
	KFuture
	KNoEvent
	KClauseBreak
	KApprox
	KDurationContext
	KUnit
	KCounted
	KNumber
	KMedium
	KInitiator
	KToneTrigger
	KTone
	KTopicNegator
	KTitle
	KRelative
	KPassive
	KHolder
	KTime
	KCoordinator
	KOwnCountry
	KLatter
	KTalk
	KAnaphor
	KImpersonal
	KToneSubject
	KInitiatorBy
	KRequestVerb
	KOffset
	KSinceStart
	KWeekday
	KMonth
	KDayWord
	KRelativeDay
	KBeforeTalks
	KBackground
	KPassing
	kindCount
)

var kindNames = [...]string{"actor", "group", "predicate", "topic", "event", "attrib_verb", "attrib_prep", "relay", "relay_prep", "complementizer", "statement", "footage", "negator", "neg_gap", "condition", "object_prep", "future", "no_event", "clause_break", "approx", "duration_context", "unit", "counted", "number", "medium", "initiator", "tone_trigger", "tone", "topic_negator", "title", "relative", "passive", "holder", "time", "coordinator", "own_country", "latter", "talk", "anaphor", "impersonal", "tone_subject", "initiator_by", "request_verb", "offset", "since_start", "weekday", "month", "day_word", "relative_day", "before_talks", "background", "passing"}

func (k Kind) String() string { return kindNames[k] }

// Pattern is one compiled surface form.
type Pattern struct {
	Kind  Kind
	ID    string // actor, predicate, topic, event, value… ID
	Src   string // the pattern as written in the lexicon
	Obj   string // fixed object (predicates)
	Neg   bool   // the pattern contains its own negation
	Value int    // numbers, units
	idx   int    // position in the lexicon's pattern list
	// BySpeaker: the subject is the speaker of the frame.
	BySpeaker bool
	// Participle marks a participle pattern (see Entry.Participle).
	Participle bool
	// Plural marks a plural unit form, which needs a count.
	Plural bool
	// Definite marks a definite unit form, one only after an approximator.
	Definite bool
	// Person is "we" for a first-person plural verb form generated from a
	// third-person one (يطالب → نطالب).
	Person string
	// Party: an actor form naming a side in talks.
	Party bool
	// ObjBefore: the object is the topic earlier in the clause.
	ObjBefore bool
	// SubjectInside: the subject is the actor inside the pattern ("أثار
	// قلق الغرب": the West is concerned).
	SubjectInside bool
	slots         []slot
}

type slot struct {
	words []word // alternatives
	gap   int    // "..." (up to as many words as dots)
	actor bool   // "@actor"
}

type word struct {
	form  string
	stem  bool
	exact bool
	// verb marks a verb given in its past tense ("~كلف"): every person,
	// tense and object pronoun of its paradigm matches (see verbForms).
	verb bool
}

// Lexicon is the compiled knowledge used by the extractor.
type Lexicon struct {
	File
	patterns []*Pattern
	byFirst  map[string][]*Pattern // first literal word form → patterns
	byStem   map[string][]*Pattern // first stem form → patterns
	byVerb   map[string][]*Pattern // first verb's past and present stems → patterns
	gapFirst []*Pattern            // patterns starting with a gap or actor
	// GroupOf maps a group form's pattern ID ("g0") to its members.
	GroupOf map[string][]string
	stop    map[string]bool
	// normalized morphology; taSuffixes follow a ta marbuta turned ت
	conjunctions, prepositions, suffixes, taSuffixes []string
	verb                                             paradigm
	articles, possessives                            []string
	// english: words inflect by English rules (see english.go)
	english   bool
	irregular map[string]string
	and       map[string]bool
	// Vocabulary IDs known to the lexicon.
	ActorIDs, PredicateIDs, TopicIDs, EventIDs map[string]bool
	// cache of candidatePatterns per token, safe for concurrent use
	cache  sync.Map
	cached atomic.Int64
}

// Default loads the embedded lexicon.
func Default() (*Lexicon, error) { return Load() }

// Load reads the embedded lexicon and then each extra file, whose entries
// extend (and for the same ID, add forms to) the embedded ones. It returns
// the lexicon of the default language; LoadAll returns every language's.
func Load(extra ...string) (*Lexicon, error) {
	set, err := LoadAll(extra...)
	if err != nil {
		return nil, err
	}
	return set[DefaultLang], nil
}

// Merge adds f's entries to dst.
func Merge(dst *File, f File) {
	if dst.Lang == "" {
		dst.Lang = f.Lang
	}
	mergeMap(&dst.Actors, f.Actors)
	mergeMap(&dst.Parties, f.Parties)
	mergeMap(&dst.Topics, f.Topics)
	mergeMap(&dst.Events, f.Events)
	if dst.Predicates == nil {
		dst.Predicates = map[string][]Entry{}
	}
	for k, v := range f.Predicates {
		dst.Predicates[k] = append(dst.Predicates[k], v...)
	}
	dst.Titles = append(dst.Titles, f.Titles...)
	dst.FirstNames = append(dst.FirstNames, f.FirstNames...)
	dst.Groups = append(dst.Groups, f.Groups...)
	dst.DualSuffixes = append(dst.DualSuffixes, f.DualSuffixes...)
	dst.ClausalPredicates = append(dst.ClausalPredicates, f.ClausalPredicates...)
	dst.PatientFirst = append(dst.PatientFirst, f.PatientFirst...)
	dst.Absorbing = append(dst.Absorbing, f.Absorbing...)
	dst.Control = append(dst.Control, f.Control...)
	dst.Anaphors = append(dst.Anaphors, f.Anaphors...)
	if dst.NegatedObject == nil {
		dst.NegatedObject = map[string]string{}
	}
	for k, v := range f.NegatedObject {
		dst.NegatedObject[k] = v
	}
	dst.ConditionAsObject = append(dst.ConditionAsObject, f.ConditionAsObject...)
	if dst.SpeaksFor == nil {
		dst.SpeaksFor = map[string]string{}
	}
	for k, v := range f.SpeaksFor {
		dst.SpeaksFor[k] = v
	}
	a, b := &dst.Attribution, f.Attribution
	a.Verbs = append(a.Verbs, b.Verbs...)
	a.Preps = append(a.Preps, b.Preps...)
	a.Relay = append(a.Relay, b.Relay...)
	a.RelayPrep = append(a.RelayPrep, b.RelayPrep...)
	a.Complementizers = append(a.Complementizers, b.Complementizers...)
	a.Statement = append(a.Statement, b.Statement...)
	a.Footage = append(a.Footage, b.Footage...)
	a.Passive = append(a.Passive, b.Passive...)
	a.Impersonal = append(a.Impersonal, b.Impersonal...)
	dst.Negators = append(dst.Negators, f.Negators...)
	dst.NegationGap = append(dst.NegationGap, f.NegationGap...)
	dst.Conditions = append(dst.Conditions, f.Conditions...)
	dst.ObjectPreps = append(dst.ObjectPreps, f.ObjectPreps...)
	dst.Future = append(dst.Future, f.Future...)
	dst.NoEvent = append(dst.NoEvent, f.NoEvent...)
	dst.ClauseBreaks = append(dst.ClauseBreaks, f.ClauseBreaks...)
	dst.TopicNegators = append(dst.TopicNegators, f.TopicNegators...)
	dst.Relatives = append(dst.Relatives, f.Relatives...)
	dst.Holders = append(dst.Holders, f.Holders...)
	dst.Coordinators = append(dst.Coordinators, f.Coordinators...)
	dst.OwnCountry = append(dst.OwnCountry, f.OwnCountry...)
	dst.Latter = append(dst.Latter, f.Latter...)
	dst.Talks = append(dst.Talks, f.Talks...)
	dst.Stopwords = append(dst.Stopwords, f.Stopwords...)
	dst.Morphology.Conjunctions = append(dst.Morphology.Conjunctions, f.Morphology.Conjunctions...)
	dst.Morphology.Prepositions = append(dst.Morphology.Prepositions, f.Morphology.Prepositions...)
	dst.Morphology.Suffixes = append(dst.Morphology.Suffixes, f.Morphology.Suffixes...)
	dm, fm := &dst.Morphology, f.Morphology
	dm.PresentPrefixes = append(dm.PresentPrefixes, fm.PresentPrefixes...)
	dm.FuturePrefix = append(dm.FuturePrefix, fm.FuturePrefix...)
	dm.PastSuffixes = append(dm.PastSuffixes, fm.PastSuffixes...)
	dm.PresentSuffixes = append(dm.PresentSuffixes, fm.PresentSuffixes...)
	dm.ObjectPronouns = append(dm.ObjectPronouns, fm.ObjectPronouns...)
	dm.Article = append(dm.Article, fm.Article...)
	dm.Possessives = append(dm.Possessives, fm.Possessives...)
	dst.TimeWords = append(dst.TimeWords, f.TimeWords...)
	dst.FuturePrefixes = append(dst.FuturePrefixes, f.FuturePrefixes...)
	if dst.Principals == nil {
		dst.Principals = map[string]string{}
	}
	for k, v := range f.Principals {
		dst.Principals[k] = v
	}
	if dst.TopicStances == nil {
		dst.TopicStances = map[string]string{}
	}
	for k, v := range f.TopicStances {
		dst.TopicStances[k] = v
	}
	dst.OrganizationsSpeak = dst.OrganizationsSpeak || f.OrganizationsSpeak
	dst.SubjectFirst = dst.SubjectFirst || f.SubjectFirst
	dst.Conjunctions = append(dst.Conjunctions, f.Conjunctions...)
	dst.Abbreviations = append(dst.Abbreviations, f.Abbreviations...)
	dst.PassiveAgents = append(dst.PassiveAgents, f.PassiveAgents...)
	dst.PassiveAuxiliaries = append(dst.PassiveAuxiliaries, f.PassiveAuxiliaries...)
	dst.PassiveParticipants = append(dst.PassiveParticipants, f.PassiveParticipants...)
	dst.Pronouns = append(dst.Pronouns, f.Pronouns...)
	dst.Determiners = append(dst.Determiners, f.Determiners...)
	dst.ThatObjects = append(dst.ThatObjects, f.ThatObjects...)
	dst.Perfect = append(dst.Perfect, f.Perfect...)
	dst.Questions = append(dst.Questions, f.Questions...)
	dst.SpeakerNouns = append(dst.SpeakerNouns, f.SpeakerNouns...)
	if dst.Acronyms == nil {
		dst.Acronyms = map[string]string{}
	}
	for k, v := range f.Acronyms {
		dst.Acronyms[k] = v
	}
	if dst.FirstPerson == nil {
		dst.FirstPerson = map[string]string{}
	}
	for k, v := range f.FirstPerson {
		dst.FirstPerson[k] = v
	}
	if len(f.Morphology.Irregular) > 0 && dst.Morphology.Irregular == nil {
		dst.Morphology.Irregular = map[string]string{}
	}
	for k, v := range f.Morphology.Irregular {
		dst.Morphology.Irregular[k] = v
	}
	x, y := &dst.Facts, f.Facts
	x.DurationContext = append(x.DurationContext, y.DurationContext...)
	x.Approx = append(x.Approx, y.Approx...)
	x.Initiator = append(x.Initiator, y.Initiator...)
	x.ToneTriggers = append(x.ToneTriggers, y.ToneTriggers...)
	mergeMap(&x.Medium, y.Medium)
	mergeMap(&x.Tone, y.Tone)
	x.ToneSubjects = append(x.ToneSubjects, y.ToneSubjects...)
	mergeMap(&x.InitiatorBy, y.InitiatorBy)
	x.RequestVerbs = append(x.RequestVerbs, y.RequestVerbs...)
	x.Offsets = append(x.Offsets, y.Offsets...)
	x.SinceStart = append(x.SinceStart, y.SinceStart...)
	x.Passing = append(x.Passing, y.Passing...)
	mergeDates(&dst.Dates, f.Dates)
	dst.BeforeTalks = append(dst.BeforeTalks, f.BeforeTalks...)
	dst.Background = append(dst.Background, f.Background...)
	if x.Units == nil {
		x.Units = map[string]Unit{}
	}
	for k, v := range y.Units {
		u := x.Units[k]
		u.Minutes = v.Minutes
		u.Forms = append(u.Forms, v.Forms...)
		u.Plurals = append(u.Plurals, v.Plurals...)
		u.Definite = append(u.Definite, v.Definite...)
		x.Units[k] = u
	}
	for _, m := range []*map[string]int{&x.Counted, &x.Numbers} {
		if *m == nil {
			*m = map[string]int{}
		}
	}
	for k, v := range y.Counted {
		x.Counted[k] = v
	}
	for k, v := range y.Numbers {
		x.Numbers[k] = v
	}
}

func mergeDates(d *Dates, f Dates) {
	mergeMap(&d.Weekdays, f.Weekdays)
	if d.Months == nil {
		d.Months = map[int][]string{}
	}
	for k, v := range f.Months {
		d.Months[k] = append(d.Months[k], v...)
	}
	if d.Days == nil {
		d.Days = map[string]int{}
	}
	for k, v := range f.Days {
		d.Days[k] = v
	}
	if d.Relative == nil {
		d.Relative = map[int][]string{}
	}
	for k, v := range f.Relative {
		d.Relative[k] = append(d.Relative[k], v...)
	}
	d.Links = append(d.Links, f.Links...)
	d.DayPrefixes = append(d.DayPrefixes, f.DayPrefixes...)
}

func mergeMap(dst *map[string][]string, src map[string][]string) {
	if *dst == nil {
		*dst = map[string][]string{}
	}
	for k, v := range src {
		(*dst)[k] = append((*dst)[k], v...)
	}
}

// Compile turns a lexicon file into a matcher.
func Compile(f File) (*Lexicon, error) {
	l := &Lexicon{File: f, byFirst: map[string][]*Pattern{}, byStem: map[string][]*Pattern{}, byVerb: map[string][]*Pattern{}, GroupOf: map[string][]string{},
		ActorIDs: map[string]bool{}, PredicateIDs: map[string]bool{}, TopicIDs: map[string]bool{}, EventIDs: map[string]bool{}}
	norms := func(xs []string) []string {
		out := make([]string, len(xs))
		for i, x := range xs {
			out[i] = arabic.Normalize(x)
		}
		return out
	}
	l.conjunctions, l.prepositions, l.suffixes = norms(f.Morphology.Conjunctions), norms(f.Morphology.Prepositions), norms(f.Morphology.Suffixes)
	l.setLanguage(f)
	for _, x := range l.suffixes {
		l.taSuffixes = append(l.taSuffixes, "ت"+x)
	}
	m := f.Morphology
	l.verb = paradigm{present: norms(m.PresentPrefixes), future: norms(m.FuturePrefix), past: norms(m.PastSuffixes),
		presentSuffixes: norms(m.PresentSuffixes), objects: norms(m.ObjectPronouns)}
	l.articles = norms(m.Article)
	l.possessives = norms(m.Possessives)
	var errs []string
	add := func(k Kind, id string, src string, fn func(p *Pattern)) {
		p, err := compilePattern(src)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s %s: %v", k, id, err))
			return
		}
		p.Kind, p.ID = k, id
		if fn != nil {
			fn(p)
		}
		l.patterns = append(l.patterns, p)
	}
	list := func(k Kind, id string, forms []string) {
		for _, s := range forms {
			add(k, id, s, nil)
		}
	}
	for id, forms := range f.Actors {
		l.ActorIDs[id] = true
		list(KActor, id, forms)
	}
	for id, forms := range f.Parties {
		l.ActorIDs[id] = true
		for _, form := range forms {
			add(KActor, id, form, func(p *Pattern) { p.Party = true })
		}
	}
	for i, g := range f.Groups {
		gid := fmt.Sprintf("g%d", i)
		l.GroupOf[gid] = g.Members
		list(KGroup, gid, g.Forms)
	}
	for id, entries := range f.Predicates {
		l.PredicateIDs[id] = true
		for _, e := range entries {
			e := e
			set := func(p *Pattern) {
				p.Obj, p.Neg, p.BySpeaker, p.ObjBefore = e.Obj, e.NegInside, e.Subject == "speaker", e.Object == "before"
				p.SubjectInside = e.Subject == "inside"
				p.Participle = e.Participle
			}
			add(KPredicate, id, e.P, set)
			// present-tense forms in the third person (يطالب، تطالب) also
			// stand in the first person plural: نطالب. (The singular أطالب
			// is left out: it collides with past tenses such as اتفق.)
			if stem, rest, ok := presentTense(e.P); ok && e.Subject == "" {
				add(KPredicate, id, "ن"+stem+rest, func(p *Pattern) { set(p); p.Person = "we" })
			}
		}
	}
	for id, forms := range f.Topics {
		l.TopicIDs[id] = true
		list(KTopic, id, forms)
	}
	for id, forms := range f.Events {
		l.EventIDs[id] = true
		list(KEvent, id, forms)
	}
	a := f.Attribution
	list(KAttribVerb, "", a.Verbs)
	list(KAttribPrep, "", a.Preps)
	list(KRelay, "", a.Relay)
	list(KRelayPrep, "", a.RelayPrep)
	list(KComplementizer, "", a.Complementizers)
	list(KStatement, "", a.Statement)
	list(KStatement, SpeakerNoun, f.SpeakerNouns)
	list(KFootage, "", a.Footage)
	list(KPassive, "", a.Passive)
	list(KImpersonal, "", a.Impersonal)
	list(KNegator, "", f.Negators)
	list(KNegGap, "", f.NegationGap)
	list(KCondition, "", f.Conditions)
	list(KObjectPrep, "", f.ObjectPreps)
	list(KFuture, "", f.Future)
	list(KNoEvent, "", f.NoEvent)
	list(KClauseBreak, "", f.ClauseBreaks)
	list(KTopicNegator, "", f.TopicNegators)
	list(KTitle, "", f.Titles)
	list(KRelative, "", f.Relatives)
	list(KHolder, "", f.Holders)
	list(KTime, "", f.TimeWords)
	list(KCoordinator, "", f.Coordinators)
	list(KOwnCountry, "", f.OwnCountry)
	list(KLatter, "", f.Latter)
	list(KTalk, "", f.Talks)
	list(KAnaphor, "", f.Anaphors)
	x := f.Facts
	list(KApprox, "", x.Approx)
	list(KDurationContext, "", x.DurationContext)
	for id, u := range x.Units {
		u := u
		for _, s := range u.Forms {
			add(KUnit, id, s, func(p *Pattern) { p.Value = u.Minutes })
		}
		for _, s := range u.Plurals {
			add(KUnit, id, s, func(p *Pattern) { p.Value = u.Minutes; p.Plural = true })
		}
		for _, s := range u.Definite {
			add(KUnit, id, s, func(p *Pattern) { p.Value = u.Minutes; p.Definite = true })
		}
	}
	for s, v := range x.Counted {
		v := v
		add(KCounted, "", s, func(p *Pattern) { p.Value = v })
	}
	for s, v := range x.Numbers {
		v := v
		add(KNumber, "", s, func(p *Pattern) { p.Value = v })
	}
	for id, forms := range x.Medium {
		list(KMedium, id, forms)
	}
	list(KInitiator, "", x.Initiator)
	list(KToneTrigger, "", x.ToneTriggers)
	for id, forms := range x.Tone {
		list(KTone, id, forms)
	}
	list(KToneSubject, "", x.ToneSubjects)
	for id, forms := range x.InitiatorBy {
		list(KInitiatorBy, id, forms)
	}
	list(KRequestVerb, "", x.RequestVerbs)
	list(KOffset, "", x.Offsets)
	list(KSinceStart, "", x.SinceStart)
	list(KPassing, "", x.Passing)
	list(KBeforeTalks, "", f.BeforeTalks)
	list(KBackground, "", f.Background)
	d := f.Dates
	for id, forms := range d.Weekdays {
		list(KWeekday, id, forms)
	}
	for n, forms := range d.Months {
		n := n
		for _, s := range forms {
			add(KMonth, "", s, func(p *Pattern) { p.Value = n })
		}
	}
	for s, n := range d.Days {
		n := n
		add(KDayWord, "", s, func(p *Pattern) { p.Value = n })
	}
	for n, forms := range d.Relative {
		n := n
		for _, s := range forms {
			add(KRelativeDay, "", s, func(p *Pattern) { p.Value = n })
		}
	}
	l.stop = map[string]bool{}
	for _, w := range f.Stopwords {
		l.stop[arabic.Normalize(w)] = true
	}
	if len(errs) > 0 {
		sort.Strings(errs)
		return nil, fmt.Errorf("lexicon: %s", strings.Join(errs, "; "))
	}
	// deterministic order: longer patterns first, then by source
	sort.SliceStable(l.patterns, func(i, j int) bool {
		a, b := l.patterns[i], l.patterns[j]
		if len(a.slots) != len(b.slots) {
			return len(a.slots) > len(b.slots)
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Src < b.Src
	})
	for i, p := range l.patterns {
		p.idx = i
		first := p.slots[0]
		if first.gap > 0 || first.actor {
			l.gapFirst = append(l.gapFirst, p)
			continue
		}
		for _, w := range first.words {
			if w.verb {
				l.byVerb[w.form] = append(l.byVerb[w.form], p)
				if stem := strings.TrimPrefix(w.form, "ا"); stem != w.form {
					l.byVerb[stem] = append(l.byVerb[stem], p)
				}
				if weak := strings.TrimSuffix(w.form, "ي"); weak != w.form {
					l.byVerb[weak] = append(l.byVerb[weak], p)
				}
				continue
			}
			if w.stem {
				l.byStem[w.form] = append(l.byStem[w.form], p)
			} else {
				l.byFirst[w.form] = append(l.byFirst[w.form], p)
			}
		}
	}
	return l, nil
}

// presentTense splits a pattern whose first word is a single third-person
// present-tense verb (يفعل or تفعل, three letters or more after the prefix)
// into that word without its prefix and the rest of the pattern.
func presentTense(src string) (stem, rest string, ok bool) {
	fields := strings.Fields(src)
	if len(fields) == 0 || strings.ContainsAny(fields[0], "|=") {
		return "", "", false
	}
	r := []rune(fields[0])
	if len(r) < 4 || (r[0] != 'ي' && r[0] != 'ت') {
		return "", "", false
	}
	return string(r[1:]), strings.TrimPrefix(src, fields[0]), true
}

func compilePattern(src string) (*Pattern, error) {
	p := &Pattern{Src: src}
	fields := strings.Fields(src)
	if len(fields) == 0 {
		return nil, fmt.Errorf("empty pattern")
	}
	for _, f := range fields {
		switch {
		case strings.Trim(f, ".") == "" && len(f) >= 3:
			p.slots = append(p.slots, slot{gap: len(f)})
		case f == "@actor":
			p.slots = append(p.slots, slot{actor: true})
		default:
			var s slot
			for _, alt := range strings.Split(f, "|") {
				w := word{}
				if strings.HasPrefix(alt, "=") {
					w.exact = true
					alt = alt[1:]
				}
				if strings.HasPrefix(alt, "~") {
					w.verb = true
					alt = alt[len("~"):]
				}
				if strings.HasSuffix(alt, "*") {
					w.stem = true
					alt = strings.TrimSuffix(alt, "*")
				}
				w.form = arabic.Normalize(alt)
				// tanween alef and trailing punctuation are not part of a form
				w.form = strings.Trim(w.form, "\"'“”«»(),.:")
				if w.form == "" {
					return nil, fmt.Errorf("pattern %q: empty word", src)
				}
				s.words = append(s.words, w)
			}
			p.slots = append(p.slots, s)
		}
	}
	if p.slots[len(p.slots)-1].gap > 0 {
		return nil, fmt.Errorf("pattern %q ends with a gap", src)
	}
	return p, nil
}

// Match is one pattern found in a token sequence: tokens [Start, End).
type Match struct {
	*Pattern
	Start, End int
}

// Kind returns the match's kind (shadowing nothing; for readability).
func (m Match) String() string { return fmt.Sprintf("%s:%s[%d,%d)", m.Kind, m.ID, m.Start, m.End) }

// Morphology lists the clitics and suffixes matching tolerates.
type Morphology struct {
	Conjunctions []string `yaml:"conjunctions"` // و ف
	Prepositions []string `yaml:"prepositions"` // ب ل ك س
	Suffixes     []string `yaml:"suffixes"`     // inflections and pronouns
	// Verb paradigms ("~word" patterns): the prefixes of the present
	// tense, the future prefix, the person suffixes of the past and the
	// present, and the object pronouns that may follow them.
	PresentPrefixes []string `yaml:"present_prefixes"`
	FuturePrefix    []string `yaml:"future_prefix"`
	PastSuffixes    []string `yaml:"past_suffixes"`
	PresentSuffixes []string `yaml:"present_suffixes"`
	ObjectPronouns  []string `yaml:"object_pronouns"`
	// Article is the definite article: a lexicon noun also matches with it
	// ("قلق" matches "القلق").
	Article []string `yaml:"article"`
	// Possessives are the pronoun suffixes that make a verbal noun
	// someone's ("دعمه": his support).
	Possessives []string `yaml:"possessives"`
	// Irregular maps an irregular inflected form onto its base form
	// (English "said" → "say"); regular inflection is a general function
	// of the language.
	Irregular map[string]string `yaml:"irregular"`
}

// Candidates returns the normalized forms a token may stand for once
// clitics are removed: the token itself, without a conjunction, without a
// preposition, with "لل" read as "ل" + "ال".
func (l *Lexicon) Candidates(tok string) []string {
	if l.english {
		return l.englishCandidates(tok)
	}
	out := []string{tok}
	add := func(s string) {
		if len([]rune(s)) < 2 {
			return
		}
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	stage1 := []string{tok}
	for _, p := range l.conjunctions {
		if strings.HasPrefix(tok, p) {
			stage1 = append(stage1, tok[len(p):])
			add(tok[len(p):])
		}
	}
	for _, s := range stage1 {
		if strings.HasPrefix(s, "لل") {
			add("ال" + s[len("لل"):])
		}
		for _, p := range l.prepositions {
			if strings.HasPrefix(s, p) {
				add(s[len(p):])
			}
		}
	}
	return out
}

// wordMatches reports whether token t (normalized) matches w.
func (l *Lexicon) wordMatches(t string, w word) bool {
	if w.exact {
		return t == w.form
	}
	for _, c := range l.Candidates(t) {
		if l.formMatches(c, w) {
			return true
		}
	}
	return false
}

// formMatches reports whether a candidate form c (clitics removed) is the
// non-exact lexicon word w: the word itself, a form of its verb paradigm, or
// the noun with its suffixes, also after the definite article the lexicon
// lists it without (a stem is a verb's: verbs take no article).
func (l *Lexicon) formMatches(c string, w word) bool {
	switch {
	case c == w.form:
		return true
	case w.verb:
		return l.verb.matches(c, w.form)
	case l.nounMatches(c, w):
		return true
	}
	bare := l.withoutArticle(c)
	return bare != "" && !w.stem && !l.hasArticle(w.form) && l.nounMatches(bare, w)
}

// withoutArticle returns c without a leading definite article, or "" when
// it has none or too little is left for a word.
func (l *Lexicon) withoutArticle(c string) string {
	for _, a := range l.articles {
		if strings.HasPrefix(c, a) && utf8.RuneCountInString(c)-utf8.RuneCountInString(a) >= 3 {
			return c[len(a):]
		}
	}
	return ""
}

func (l *Lexicon) hasArticle(form string) bool {
	for _, a := range l.articles {
		if strings.HasPrefix(form, a) {
			return true
		}
	}
	return false
}

// nounMatches reports whether a candidate form c (clitics removed) is the
// lexicon word w: a stem with up to four more letters, the word with an
// inflection or pronoun suffix, a ta marbuta turned ت before a suffix, or
// tanween alef.
func (l *Lexicon) nounMatches(c string, w word) bool {
	if c == w.form {
		return true
	}
	if w.stem {
		return strings.HasPrefix(c, w.form) && len([]rune(c))-len([]rune(w.form)) <= 4
	}
	if strings.HasPrefix(c, w.form) && len([]rune(w.form)) >= 2 && hasAny(l.suffixes, c[len(w.form):]) {
		return true
	}
	// ta marbuta becomes ت before a suffix: رسالة → رسالته
	if strings.HasSuffix(w.form, "ه") {
		base := strings.TrimSuffix(w.form, "ه") + "ت"
		if strings.HasPrefix(c, base) && hasAny(l.suffixes, c[len(base):]) {
			return true
		}
	}
	// tanween alef: "تهديدا" for "تهديد"
	return c == w.form+"ا" && len([]rune(w.form)) >= 2
}

func hasAny(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// paradigm inflects a verb given in the past tense of the third person
// masculine singular: past person suffixes, present prefixes (a leading
// alef of derived forms drops: اتفق → يتفق) with their suffixes, the
// future prefix, and object pronouns after either. A final ي (ى) of a
// defective verb drops before past suffixes (نفى → نفت، نفوا).
type paradigm struct {
	present, future, past, presentSuffixes, objects []string
}

// matches reports whether the candidate c is a form of verb.
func (v paradigm) matches(c, verb string) bool {
	if len(v.present) == 0 && len(v.past) == 0 {
		return false
	}
	inflected := func(rest string, persons []string) bool {
		for _, p := range append([]string{""}, persons...) {
			if !strings.HasPrefix(rest, p) {
				continue
			}
			if o := rest[len(p):]; o == "" || hasAny(v.objects, o) {
				return true
			}
		}
		return false
	}
	// past
	if strings.HasPrefix(c, verb) && inflected(c[len(verb):], v.past) {
		return true
	}
	if weak := strings.TrimSuffix(verb, "ي"); weak != verb && utf8.RuneCountInString(weak) >= 2 && strings.HasPrefix(c, weak) {
		if rest := c[len(weak):]; rest != "" && rest != "ي" && inflected(rest, v.past) {
			return true
		}
	}
	// present and future
	stem := strings.TrimPrefix(verb, "ا")
	for _, f := range append([]string{""}, v.future...) {
		if !strings.HasPrefix(c, f) {
			continue
		}
		rest := c[len(f):]
		for _, p := range v.present {
			if strings.HasPrefix(rest, p+stem) && inflected(rest[len(p+stem):], v.presentSuffixes) {
				return true
			}
		}
	}
	return false
}

func (l *Lexicon) slotMatches(t string, s slot) bool {
	for _, w := range s.words {
		if l.wordMatches(t, w) {
			return true
		}
	}
	return false
}

// matchAt tries p at token i; it returns the end token or -1.
func (l *Lexicon) matchAt(p *Pattern, toks []arabic.Token, i int, actorEnds map[int]int) int {
	var rec func(si, ti int) int
	rec = func(si, ti int) int {
		if si == len(p.slots) {
			return ti
		}
		s := p.slots[si]
		if s.gap > 0 {
			for g := 0; g <= s.gap && ti+g <= len(toks); g++ {
				if e := rec(si+1, ti+g); e >= 0 {
					return e
				}
			}
			return -1
		}
		if ti >= len(toks) {
			return -1
		}
		if s.actor {
			if e, ok := actorEnds[ti]; ok {
				return rec(si+1, e)
			}
			return -1
		}
		if !l.slotMatches(toks[ti].Norm, s) {
			return -1
		}
		// a sentence-internal clause boundary (comma) may not be crossed
		// inside a multi-word pattern except after the last word
		return rec(si+1, ti+1)
	}
	return rec(0, i)
}

// Find returns every match of every pattern in toks, longest first per
// kind at a position. Overlapping matches of one kind are reduced to the
// longest (leftmost on ties).
func (l *Lexicon) Find(toks []arabic.Token) []Match {
	var all []Match
	tried := make([]int, len(l.patterns)) // token index+1 a pattern was last tried at
	perTok := make([][]*Pattern, len(toks))
	for i := range toks {
		perTok[i] = l.candidatePatterns(toks[i].Norm)
	}
	// pass 1: actors, so that @actor slots can use them
	actorEnds := map[int]int{}
	for pass := 0; pass < 2; pass++ {
		for k := range tried {
			tried[k] = 0
		}
		for i := range toks {
			for _, p := range perTok[i] {
				if tried[p.idx] == i+1 {
					continue
				}
				tried[p.idx] = i + 1
				isActor := p.Kind == KActor || p.Kind == KGroup
				if (pass == 0) != isActor {
					continue
				}
				if e := l.matchAt(p, toks, i, actorEnds); e > i {
					all = append(all, Match{Pattern: p, Start: i, End: e})
					if p.Kind == KActor && e > actorEnds[i] {
						actorEnds[i] = e
					}
				}
			}
		}
	}
	return reduce(all)
}

// maxWordRunes bounds the tokens worth matching; longer runs of letters
// are noise and would make prefix lookups quadratic.
const maxWordRunes = 40

// maxCached bounds the tokens whose candidate patterns are remembered.
const maxCached = 1 << 17

// candidatePatterns lists the patterns whose first word may match token t,
// remembered per token (the lexicon is read-only once compiled).
func (l *Lexicon) candidatePatterns(t string) []*Pattern {
	if c, ok := l.cache.Load(t); ok {
		return c.([]*Pattern)
	}
	cands := l.lookupPatterns(t)
	if l.cached.Add(1) <= maxCached {
		l.cache.Store(t, cands)
	}
	return cands
}

func (l *Lexicon) lookupPatterns(t string) []*Pattern {
	var cands []*Pattern
	if utf8.RuneCountInString(t) > maxWordRunes {
		return l.gapFirst // no word is that long: only patterns starting with a gap
	}
	cs := l.Candidates(t)
	for _, c := range cs {
		if bare := l.withoutArticle(c); bare != "" {
			cs = append(cs, bare)
		}
		// verbs: the past form starts the word; the present stem follows a
		// present prefix, itself after an optional future prefix
		for _, v := range l.VerbStarts(c) {
			for n, w := 0, 0; n < len(v); n += w {
				_, w = utf8.DecodeRuneInString(v[n:])
				if n+w >= 4 {
					cands = append(cands, l.byVerb[v[:n+w]]...)
				}
			}
		}
	}
	for _, c := range cs {
		cands = append(cands, l.byFirst[c]...)
		for _, s := range l.suffixes {
			if len(c) > len(s) && strings.HasSuffix(c, s) {
				cands = append(cands, l.byFirst[c[:len(c)-len(s)]]...)
			}
		}
		if strings.HasSuffix(c, "ت") {
			cands = append(cands, l.byFirst[c[:len(c)-len("ت")]+"ه"]...)
		}
		for _, s := range l.taSuffixes {
			if len(c) > len(s) && strings.HasSuffix(c, s) {
				cands = append(cands, l.byFirst[c[:len(c)-len(s)]+"ه"]...)
			}
		}
		for n, w := 0, 0; n < len(c); n += w {
			_, w = utf8.DecodeRuneInString(c[n:])
			if n+w >= 4 { // at least two Arabic letters
				cands = append(cands, l.byStem[c[:n+w]]...)
			}
		}
	}
	return append(cands, l.gapFirst...)
}

// VerbStarts returns c and c without the prefixes a present or future
// verb may carry: where a verb's stem may start.
func (l *Lexicon) VerbStarts(c string) []string {
	out := []string{c}
	for _, f := range append([]string{""}, l.verb.future...) {
		if !strings.HasPrefix(c, f) {
			continue
		}
		for _, p := range l.verb.present {
			if strings.HasPrefix(c[len(f):], p) {
				out = append(out, c[len(f)+len(p):])
			}
		}
	}
	return out
}

// ViaPreposition reports whether token tok matches the first word of p
// only with a preposition written on it ("لنظيره", "لبوتين"): an oblique
// mention, never a subject.
func (l *Lexicon) ViaPreposition(tok string, p *Pattern) bool {
	if len(p.slots) == 0 || p.slots[0].gap > 0 || p.slots[0].actor || !l.slotMatches(tok, p.slots[0]) {
		return false
	}
	plain := []string{tok}
	for _, c := range l.conjunctions {
		if strings.HasPrefix(tok, c) {
			plain = append(plain, tok[len(c):])
		}
	}
	for _, c := range plain {
		for _, w := range p.slots[0].words {
			if c == w.form || (!w.exact && l.formMatches(c, w)) {
				return false
			}
		}
	}
	return true
}

// HasPossessive reports a pronoun suffix of possession on token tok
// ("دعمه": his support).
func (l *Lexicon) HasPossessive(tok string) bool {
	for _, s := range l.possessives {
		if strings.HasSuffix(tok, s) && utf8.RuneCountInString(tok)-utf8.RuneCountInString(s) >= 3 {
			return true
		}
	}
	return false
}

// HasConjunction reports a conjunction written on token tok ("ودعمه").
func (l *Lexicon) HasConjunction(tok string) bool {
	for _, c := range l.conjunctions {
		if strings.HasPrefix(tok, c) {
			return true
		}
	}
	return false
}

// HasPreposition reports a preposition written on token tok ("لدعمه").
func (l *Lexicon) HasPreposition(tok string) bool {
	for _, c := range l.conjunctions {
		tok = strings.TrimPrefix(tok, c)
	}
	for _, p := range l.prepositions {
		if strings.HasPrefix(tok, p) && !strings.HasPrefix(tok, "ال") {
			return true
		}
	}
	return false
}

// HasObjectPronoun reports an object pronoun on a verb form ("تنكره").
func (l *Lexicon) HasObjectPronoun(tok string) bool {
	for _, s := range l.verb.objects {
		if strings.HasSuffix(tok, s) && utf8.RuneCountInString(tok)-utf8.RuneCountInString(s) >= 3 {
			return true
		}
	}
	return false
}

// VerbPerson returns "we" when token tok is the first person plural of
// the verb starting pattern p ("نطالب"), else "".
func (l *Lexicon) VerbPerson(tok string, p *Pattern) string {
	if len(p.slots) == 0 {
		return ""
	}
	for _, w := range p.slots[0].words {
		if !w.verb {
			continue
		}
		stem := strings.TrimPrefix(w.form, "ا")
		for _, c := range l.Candidates(tok) {
			for _, f := range append([]string{""}, l.verb.future...) {
				if v := strings.TrimPrefix(c, f); strings.HasPrefix(v, "ن"+stem) && l.verb.matches(v, w.form) {
					return "we"
				}
			}
		}
	}
	return ""
}

// PresentVerb reports whether token tok is a present or future form of
// the verb starting pattern p ("تنفيه", "سيدعم").
func (l *Lexicon) PresentVerb(tok string, p *Pattern) bool {
	if len(p.slots) == 0 {
		return false
	}
	for _, w := range p.slots[0].words {
		if !w.verb {
			continue
		}
		stem := strings.TrimPrefix(w.form, "ا")
		for _, c := range l.Candidates(tok) {
			for _, v := range l.VerbStarts(c)[1:] {
				if strings.HasPrefix(v, stem) && l.verb.matches(c, w.form) {
					return true
				}
			}
		}
	}
	return false
}

// IsNounStem reports whether a normalized stem has the template of a
// verbal noun of the derived forms: تفعيل (تحذير), إفعال/افتعال (اتفاق)
// and استفعال; such a stem with a final alef is a noun with tanween, not
// a verb in the dual.
func (l *Lexicon) IsNounStem(stem string) bool {
	r := []rune(stem)
	switch len(r) {
	case 5:
		return (r[0] == 'ت' && r[3] == 'ي') || (r[0] == 'ا' && r[3] == 'ا')
	case 6:
		return r[0] == 'ا' && r[4] == 'ا'
	}
	return false
}

// IsVerbPattern reports a pattern whose first word is a verb paradigm.
func (p *Pattern) IsVerbPattern() bool {
	if len(p.slots) == 0 {
		return false
	}
	for _, w := range p.slots[0].words {
		if w.verb {
			return true
		}
	}
	return false
}

// reduce keeps, per kind, the longest non-overlapping matches. Actors and
// groups compete as one kind.
func reduce(ms []Match) []Match {
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if la, lb := a.End-a.Start, b.End-b.Start; la != lb {
			return la > lb
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return len(a.slots) > len(b.slots)
	})
	group := func(k Kind) Kind {
		if k == KGroup {
			return KActor
		}
		return k
	}
	used := make(map[Kind]map[int]bool)
	var out []Match
	for _, m := range ms {
		g := group(m.Kind)
		if used[g] == nil {
			used[g] = map[int]bool{}
		}
		free := true
		for t := m.Start; t < m.End; t++ {
			if used[g][t] {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for t := m.Start; t < m.End; t++ {
			used[g][t] = true
		}
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].Kind < out[j].Kind
	})
	return out
}

// FutureVerb reports whether a normalized token carries a future prefix
// (سيبحث، ستفرض).
func (l *Lexicon) FutureVerb(norm string) bool {
	for _, p := range l.FuturePrefixes {
		p = arabic.Normalize(strings.TrimPrefix(p, "="))
		if strings.HasPrefix(strings.TrimPrefix(strings.TrimPrefix(norm, "و"), "ف"), p) {
			return true
		}
	}
	return false
}

// Conjoined strips a conjunction (و، ف of the morphology) from a
// normalized token: "و10" → "10", true. It does not know whether the
// letter is a clitic: callers check what remains (a number, a verb form).
func (l *Lexicon) Conjoined(norm string) (string, bool) {
	for _, c := range l.conjunctions {
		if rest := strings.TrimPrefix(norm, c); rest != norm && rest != "" {
			return rest, true
		}
	}
	return norm, false
}

// IsStopword reports whether a normalized word (with or without و/ف) is a
// function word.
func (l *Lexicon) IsStopword(norm string) bool {
	if l.stop == nil {
		return false
	}
	for _, c := range l.Candidates(norm) {
		if l.stop[c] {
			return true
		}
	}
	return false
}

// SplitOptions returns the sentence-splitting word lists of the lexicon.
func (l *Lexicon) SplitOptions() arabic.SplitOptions {
	o := arabic.SplitOptions{NoEndAfter: map[string]bool{}, NoStartWith: map[string]bool{}}
	for _, w := range l.Titles {
		o.NoEndAfter[arabic.Normalize(w)] = true
	}
	for _, w := range l.FirstNames {
		o.NoStartWith[arabic.Normalize(w)] = true
	}
	for _, forms := range l.Events {
		for _, f := range forms {
			if fs := strings.Fields(f); len(fs) == 1 {
				o.NoStartWith[arabic.Normalize(fs[0])] = true
			}
		}
	}
	for _, forms := range l.Dates.Weekdays {
		for _, f := range forms {
			o.NoStartWith[arabic.Normalize(f)] = true
		}
	}
	l.splitWords(o)
	return o
}
