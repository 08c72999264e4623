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
	OrganizationsSpeak bool                `yaml:"organizations_as_speakers"`
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
	// NegatedObject: a predicate whose object is negated ("stressed the
	// need to ease the build-up") is the stance given here (oppose).
	NegatedObject map[string]string `yaml:"negated_object"`
	// Anaphors standing for the last topic named ("this would be a big
	// mistake").
	Anaphors []string `yaml:"anaphors"`
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
	kindCount
)

var kindNames = [...]string{"actor", "group", "predicate", "topic", "event", "attrib_verb", "attrib_prep", "relay", "relay_prep", "complementizer", "statement", "footage", "negator", "neg_gap", "condition", "object_prep", "future", "no_event", "clause_break", "approx", "duration_context", "unit", "counted", "number", "medium", "initiator", "tone_trigger", "tone", "topic_negator", "title", "relative", "passive", "holder", "time", "coordinator", "own_country", "latter", "talk"}

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
	// Person is "we" for a first-person plural verb form generated from a
	// third-person one (يطالب → نطالب).
	Person string
	// Party: an actor form naming a side in talks.
	Party bool
	// ObjBefore: the object is the topic earlier in the clause.
	ObjBefore bool
	slots     []slot
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
}

// Lexicon is the compiled knowledge used by the extractor.
type Lexicon struct {
	File
	patterns []*Pattern
	byFirst  map[string][]*Pattern // first literal word form → patterns
	byStem   map[string][]*Pattern // first stem form → patterns
	gapFirst []*Pattern            // patterns starting with a gap or actor
	// GroupOf maps a group form's pattern ID ("g0") to its members.
	GroupOf map[string][]string
	stop    map[string]bool
	// normalized morphology; taSuffixes follow a ta marbuta turned ت
	conjunctions, prepositions, suffixes, taSuffixes []string
	// english: words inflect by English rules (see english.go)
	english   bool
	irregular map[string]string
	and       map[string]bool
	// Vocabulary IDs known to the lexicon.
	ActorIDs, PredicateIDs, TopicIDs, EventIDs map[string]bool
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
	dst.Anaphors = append(dst.Anaphors, f.Anaphors...)
	dst.Perfect = append(dst.Perfect, f.Perfect...)
	dst.Questions = append(dst.Questions, f.Questions...)
	dst.SpeakerNouns = append(dst.SpeakerNouns, f.SpeakerNouns...)
	if dst.Acronyms == nil {
		dst.Acronyms = map[string]string{}
	}
	for k, v := range f.Acronyms {
		dst.Acronyms[k] = v
	}
	if dst.NegatedObject == nil {
		dst.NegatedObject = map[string]string{}
	}
	for k, v := range f.NegatedObject {
		dst.NegatedObject[k] = v
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
	if x.Units == nil {
		x.Units = map[string]Unit{}
	}
	for k, v := range y.Units {
		u := x.Units[k]
		u.Minutes = v.Minutes
		u.Forms = append(u.Forms, v.Forms...)
		u.Plurals = append(u.Plurals, v.Plurals...)
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
	l := &Lexicon{File: f, byFirst: map[string][]*Pattern{}, byStem: map[string][]*Pattern{}, GroupOf: map[string][]string{},
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
		if c == w.form {
			return true
		}
		if w.stem {
			if strings.HasPrefix(c, w.form) && len([]rune(c))-len([]rune(w.form)) <= 4 {
				return true
			}
			continue
		}
		if strings.HasPrefix(c, w.form) && len([]rune(w.form)) >= 2 {
			rest := c[len(w.form):]
			for _, s := range l.suffixes {
				if rest == s {
					return true
				}
			}
		}
		// ta marbuta becomes ت before a suffix: رسالة → رسالته
		if strings.HasSuffix(w.form, "ه") {
			base := strings.TrimSuffix(w.form, "ه") + "ت"
			if strings.HasPrefix(c, base) {
				rest := c[len(base):]
				for _, s := range l.suffixes {
					if rest == s {
						return true
					}
				}
			}
		}
		// tanween alef: "تهديدا" for "تهديد"
		if c == w.form+"ا" && len([]rune(w.form)) >= 2 {
			return true
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

// candidatePatterns lists the patterns whose first word may match token t.
func (l *Lexicon) candidatePatterns(t string) []*Pattern {
	var cands []*Pattern
	if utf8.RuneCountInString(t) > maxWordRunes {
		return l.gapFirst // no word is that long: only patterns starting with a gap
	}
	for _, c := range l.Candidates(t) {
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
	l.splitWords(o)
	return o
}
