// Package extract is claimgraph's rule-based claim extractor: it applies
// the lexicon to each sentence of a document and assembles subject,
// predicate, object, polarity, qualifiers, source and event. Every mention
// records the rule that produced it; Explain returns the decisions too.
package extract

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

// Extractor applies a lexicon. It is safe for concurrent use.
type Extractor struct {
	lex   *lexicon.Lexicon
	vocab *lexicon.Vocabulary
	split arabic.SplitOptions
	ev    eventIndex
	// langs holds the extractor of each language (see NewSet)
	langs map[string]*Extractor
}

// New returns an extractor over the lexicon and vocabulary.
func New(lex *lexicon.Lexicon, vocab *lexicon.Vocabulary) *Extractor {
	return &Extractor{lex: lex, vocab: vocab, split: lex.SplitOptions(), ev: newEventIndex(vocab)}
}

// Explained is a mention with the decisions behind it.
type Explained struct {
	schema.Mention
	Spans []string `json:"spans"`
	Notes []string `json:"notes"`
}

// nominalNegationAt reports a negating noun ("وعدم") at token i: unlike a
// verbal negation ("ولم"), it cannot open a sentence of its own.
func (x *Extractor) nominalNegationAt(st *sent, i int) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KTopicNegator && m.Start == i {
			return true
		}
	}
	return false
}

// Miss is a predicate the extractor matched without making a claim, and
// why: what a user reads to see why a claim was not made. A miss with no
// Predicate is a sentence with a known actor and topic but no stance verb.
type Miss struct {
	Doc       string `json:"doc"`
	Sentence  int    `json:"sentence"`
	Evidence  string `json:"evidence"`
	Predicate string `json:"predicate"`
	Span      string `json:"span"`
	Rule      string `json:"rule"`
	Reason    string `json:"reason"`
}

func lastNote(notes []string) string {
	if len(notes) == 0 {
		return ""
	}
	return " (" + notes[len(notes)-1] + ")"
}

// Extract returns the mentions found in doc.
func (x *Extractor) Extract(doc schema.Document) []schema.Mention {
	if y := x.forLang(doc.Lang); y != x {
		return y.Extract(doc)
	}
	if twoPass(doc.Text) {
		// the mentions of a long document without their decisions, kept
		// as each sentence gives them (none: empty, as below)
		out := []schema.Mention{}
		x.explainLong(doc, true, func(ex []Explained) {
			for _, e := range ex {
				out = append(out, e.Mention)
			}
		})
		return out
	}
	ex := x.Explain(doc)
	out := make([]schema.Mention, len(ex))
	for i, e := range ex {
		out[i] = e.Mention
	}
	return out
}

// actorRef is an actor reference in a sentence: one or more actor IDs.
type actorRef struct {
	ids        []string
	start, end int // tokens
	statement  bool
	party      bool // a side in talks ("الجانب الروسي")
	oblique    bool // written with a preposition ("لبوتين"): never a subject
	afterPrep  bool // right after a preposition word ("من بايدن")
	// speaker: a statement noun standing for the last speaker ("the aide")
	speaker bool
}

// docState carries what one sentence leaves for the next.
type docState struct {
	misses        []Miss
	dropMisses    bool // the caller reads only the mentions
	lastFrames    []frame
	lastSpeaker   []string
	lastStatement []string
	lastPair      []string
	lastSubject   []string
	prevSubjAt    int    // token of the predicate that gave the sentence's previous subject
	lastTopic     string // the object of the last claim (anaphora)
	lastNamed     string // the last topic named in a sentence before
	mainPlanned   bool   // the report speaks of its own event only as planned
	cur           int    // the sentence being read
	// quoted: for a sentence inside a quote that runs over several
	// sentences, the sentence that names the quote's speaker
	quoted map[int]int
	sents  []*sent
	// rebuild, when set, gives a sentence whose words sents does not
	// keep (see explainLong)
	rebuild func(k int) *sent
}

// miss records a predicate that made no claim.
func (state *docState) miss(m Miss) {
	if !state.dropMisses {
		state.misses = append(state.misses, m)
	}
}

// sentAt returns sentence k of the document with its words.
func (state *docState) sentAt(k int) *sent {
	if state.rebuild != nil {
		return state.rebuild(k)
	}
	return state.sents[k]
}

type sent struct {
	s arabic.Sentence
	*words
	event string // event cue of the sentence ("" none)
	cues  []evCue
	// eventHow says what kind of cue gave the event (cue, date, medium…)
	eventHow string
	noEv     bool
	// what placeCues reads of the words for later decisions: a cue of no
	// event, a word of talks, an attribution after a closing quote
	noEvCue, talks, namesAfter bool
	// piece: for a part of a sentence cut for its length, the sentence
	// and the part's tokens in it (see explainLong)
	piece *piece
}

// words are a sentence's words and lexicon matches: what a long
// document keeps of one sentence at a time (see explainLong).
type words struct {
	norm string // the sentence normalized
	toks []arabic.Token
	ms   []lexicon.Match
}

// maxSentenceTokens bounds the words of one sentence; longer runs are cut.
const maxSentenceTokens = 120

func (x *Extractor) newSent(s arabic.Sentence, toks []arabic.Token) *sent {
	return &sent{s: s, words: &words{norm: arabic.Normalize(s.Text), toks: toks, ms: x.lex.Find(toks)}}
}

// Explain extracts with the decisions behind each mention.
func (x *Extractor) Explain(doc schema.Document) []Explained {
	ex, _ := x.ExplainAll(doc)
	return ex
}

// ExplainAll extracts with the decisions behind each mention, and lists
// the predicates that made no claim, with the reason.
func (x *Extractor) ExplainAll(doc schema.Document) ([]Explained, []Miss) {
	if y := x.forLang(doc.Lang); y != x {
		return y.ExplainAll(doc)
	}
	if twoPass(doc.Text) {
		var out []Explained
		ms := x.explainLong(doc, false, func(ex []Explained) { out = append(out, ex...) })
		return out, ms
	}
	var ss []*sent
	runes := []rune(doc.Text)
	for _, s := range arabic.Split(doc.Text, x.split) {
		toks := x.lex.Tokenize(s.Text, s.Start)
		// a "sentence" longer than any in news prose is cut into pieces, so
		// that the work on it stays linear
		if len(toks) <= maxSentenceTokens {
			ss = append(ss, x.newSent(s, toks))
			continue
		}
		for from := 0; from < len(toks); from += maxSentenceTokens {
			to := min(from+maxSentenceTokens, len(toks))
			start, end := toks[from].Start, toks[to-1].End
			if to == len(toks) {
				end = s.End
			}
			part := arabic.Sentence{Text: string(runes[start:end]), Start: start, End: end, Paragraph: s.Paragraph}
			ss = append(ss, x.newSent(part, toks[from:to]))
		}
	}
	// events: sentence cues, paragraph cues, the report's own event
	dominant, planned := x.docEvents(ss, published(doc))
	paraEvent := x.paraEvents(ss, dominant)
	var out []Explained
	state := &docState{mainPlanned: planned}
	if x.subjectFirst() {
		state.quoted, state.sents = x.quoteRuns(ss), ss
	}
	for i, st := range ss {
		state.cur = i
		out = append(out, x.sentence(doc, i, st, state, paraEvent[st.s.Paragraph], dominant)...)
	}
	return uniqueMentions(out), state.misses
}

// paraEvents places each sentence's event and returns the first event of
// each paragraph.
func (x *Extractor) paraEvents(ss []*sent, dominant string) map[int]string {
	paraEvent := map[int]string{}
	for _, st := range ss {
		st.event, st.eventHow, st.noEv = x.sentenceEvent(st, dominant)
		if _, ok := paraEvent[st.s.Paragraph]; !ok && st.event != "" {
			paraEvent[st.s.Paragraph] = st.event
		}
	}
	return paraEvent
}

// uniqueMentions keeps one mention per claim, polarity, source and
// sentence: the first rule that made it.
func uniqueMentions(out []Explained) []Explained {
	seen := map[string]bool{}
	uniq := out[:0]
	for _, e := range out {
		k := e.ClaimID + e.Polarity + e.Source + strconv.Itoa(e.Sentence)
		if seen[k] {
			continue
		}
		seen[k] = true
		uniq = append(uniq, e)
	}
	return uniq
}

// futureClause reports a verb in the future in the same clause as the
// event cue ("سيبحثان … خلال اتصال هاتفي الخميس"): the cue names a
// planned event. A future verb inside a reported clause ("في اتصال هاتفي
// أكد بايدن أن … سيفرضون") does not.
func (x *Extractor) futureClause(st *sent, cue lexicon.Match) bool {
	for _, m := range st.ms {
		if m.Kind != lexicon.KPredicate || !x.lex.FutureVerb(st.toks[m.Start].Norm) {
			continue
		}
		a, b := min(m.Start, cue.Start), max(m.Start, cue.Start)
		if !x.compBetween(st, a, b) {
			return true
		}
	}
	return false
}

func (x *Extractor) nearFuture(st *sent, m lexicon.Match) bool {
	for _, f := range st.ms {
		if f.Kind == lexicon.KFuture && f.Start >= m.Start-1 && f.Start <= m.End+1 {
			return true
		}
	}
	return false
}

func (x *Extractor) matchesOf(st *sent, k lexicon.Kind) []lexicon.Match {
	var out []lexicon.Match
	for _, m := range st.ms {
		if m.Kind == k {
			out = append(out, m)
		}
	}
	return out
}

// actors returns the actor references of the sentence, with coordinated
// actors ("بوتين وبايدن", "كل من X و Y") merged into one reference.
func (x *Extractor) actors(st *sent) []actorRef {
	var refs []actorRef
	for _, m := range st.ms {
		switch m.Kind {
		case lexicon.KActor:
			refs = append(refs, actorRef{ids: []string{m.ID}, start: m.Start, end: m.End, party: m.Party,
				oblique: x.lex.ViaPreposition(st.toks[m.Start].Norm, m.Pattern)})
		case lexicon.KGroup:
			refs = append(refs, actorRef{ids: append([]string(nil), x.lex.GroupOf[m.ID]...), start: m.Start, end: m.End,
				oblique: x.lex.ViaPreposition(st.toks[m.Start].Norm, m.Pattern)})
		case lexicon.KStatement:
			refs = append(refs, actorRef{start: m.Start, end: m.End, statement: true, speaker: m.ID == lexicon.SpeakerNoun})
		case lexicon.KLatter:
			// "الأخير": the last actor named before it
			last := ""
			for _, a := range st.ms {
				if a.Kind == lexicon.KActor && a.End <= m.Start {
					last = a.ID
				}
			}
			if last != "" {
				refs = append(refs, actorRef{ids: []string{last}, start: m.Start, end: m.End})
			}
		case lexicon.KOwnCountry:
			// "بلاده": the country of the speaker
			if sp := x.currentSpeaker(st, m.Start); len(sp) > 0 {
				if side, ok := x.lex.SpeaksFor[sp[0]]; ok && x.vocab.Collective(side) {
					refs = append(refs, actorRef{ids: []string{side}, start: m.Start, end: m.End})
				}
			}
		}
	}
	sort.SliceStable(refs, func(i, j int) bool { return refs[i].start < refs[j].start })
	// an actor right after a preposition ("من بايدن") is oblique too
	for k := range refs {
		for _, m := range st.ms {
			if m.Kind == lexicon.KObjectPrep && m.End == refs[k].start {
				refs[k].afterPrep = true
			}
		}
	}
	// drop statements covered by an actor ("بيان الكرملين")
	var clean []actorRef
	for _, r := range refs {
		if r.statement && covered(refs, r) {
			continue
		}
		clean = append(clean, r)
	}
	// coordination: X و Y (the second starts with و, nothing between)
	var merged []actorRef
	for _, r := range clean {
		if n := len(merged); n > 0 && !r.statement && !merged[n-1].statement && len(r.ids) == 1 {
			prev := &merged[n-1]
			andJoined := strings.HasPrefix(st.toks[r.start].Norm, "و")
			gap := 0 // a conjunction word between ("Putin and Biden")
			if r.start == prev.end+1 && x.lex.IsConjunction(st.toks[prev.end].Norm) {
				andJoined, gap = true, 1
			}
			bare := func(t arabic.Token) bool { return !strings.ContainsAny(string([]rune(t.Norm)[:1]), "لبك") }
			persons := x.vocab.ActorType(r.ids[0]) == "person" && x.vocab.ActorType(prev.ids[len(prev.ids)-1]) == "person" &&
				r.end-r.start == 1 && prev.end-prev.start == 1 && bare(st.toks[r.start])
			if r.start == prev.end+gap && (andJoined || (persons && !x.subjectFirst())) && !hasComma(st.toks[prev.end-1]) && !contains(prev.ids, r.ids[0]) {
				prev.ids = append(prev.ids, r.ids[0])
				prev.end = r.end
				continue
			}
		}
		merged = append(merged, r)
	}
	return merged
}

func covered(refs []actorRef, r actorRef) bool {
	for _, o := range refs {
		if !o.statement && o.start <= r.start && o.end >= r.end {
			return true
		}
	}
	return false
}

func hasComma(t arabic.Token) bool { return strings.ContainsAny(t.Punct, "،,:") }

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// sentence extracts the mentions of one sentence.
func (x *Extractor) sentence(doc schema.Document, idx int, st *sent, state *docState, paraEvent, dominant string) []Explained {
	if len(st.toks) == 0 {
		return nil
	}
	refs := x.actors(st)
	var preds []lexicon.Match
	for _, m := range st.ms {
		if m.Kind == lexicon.KPredicate {
			preds = append(preds, m)
		}
	}
	frames := x.frames(st, refs, preds, state)
	if x.subjectFirst() {
		frames = x.quoteFrame(idx, st, refs, preds, frames, state)
	}
	// a sentence opening with a coordinated negation and no frame of its
	// own continues the previous one ("…أكد المسؤولية الخاصة. وعدم وجود
	// أي نية…"): its frames and subject carry over
	continues := len(frames) == 0 && len(st.toks) > 0 && strings.HasPrefix(st.toks[0].Norm, "و") && x.nominalNegationAt(st, 0)
	if continues {
		for _, f := range state.lastFrames {
			f.at, f.compFrom = -1, 0
			frames = append(frames, f)
		}
	}
	verbAt := map[int]bool{}
	for _, f := range frames {
		if f.kind == "verb" {
			verbAt[f.at] = true
		}
	}
	defer func() {
		if !continues {
			state.lastFrames = frames
		}
		for _, f := range frames {
			state.lastSpeaker = f.speaker
			if x.vocab.ActorType(f.speaker[0]) == "organization" || f.kind == "prep" {
				state.lastStatement = f.speaker
			}
		}
		for _, r := range refs {
			if len(r.ids) == 2 {
				state.lastPair = r.ids
			}
		}
		for _, m := range st.ms {
			if m.Kind == lexicon.KTopic {
				state.lastNamed = m.ID
			}
		}
	}()
	// actors inside a topic ("توسيع الحلف") are part of it, not agents
	var agents []actorRef
	for _, r := range refs {
		if !r.statement && !x.insideTopic(st, r) && !x.prepSpeaker(st, r) && !x.possessor(st, r) {
			agents = append(agents, r)
		}
	}

	var out []Explained
	add := func(e Explained) {
		e.DocID, e.Doc, e.Lang = doc.ID, doc.Name, x.lex.Lang
		e.Evidence = st.s.Text
		e.EvidenceNorm = st.norm
		e.Sentence = idx
		e.Start, e.End = st.s.Start, st.s.End
		e.Finish()
		out = append(out, e)
	}
	party := map[string]bool{}
	for _, r := range refs {
		if r.party {
			party[r.ids[0]] = true
		}
	}
	eventFor := func(subj []string, at int) (string, string) {
		switch {
		case st.event != "":
			return st.event, "sentence cue (" + st.eventHow + ")"
		case st.noEv:
			return schema.UnknownEvent, "no-event cue in sentence"
		case len(subj) > 0 && x.vocab.Collective(subj[0]) && !party[subj[0]] && !x.toCounterpart(st, frames, at):
			return schema.UnknownEvent, "standing position of " + subj[0]
		case paraEvent != "":
			return paraEvent, "paragraph cue"
		}
		return dominant, "document's dominant event"
	}
	emit := func(subj []string, pred, obj, target, cond, pol, rule, src string, conf float64, at int, spans, notes []string) {
		for _, s := range subj {
			if s == target {
				target = ""
			}
		}
		for _, s := range subj {
			source, how := x.sourceFor(frames, at, s)
			if x.subjectFirst() && x.sideOf(source, s) {
				party[s] = true // the source's own side speaks in the talks
			}
			ev, evHow := eventFor([]string{s}, at)
			if x.subjectFirst() && st.event == "" && x.background(st, at) {
				ev, evHow = schema.UnknownEvent, "a perfect tense past the lead: background"
			}
			e := Explained{}
			e.Subject, e.Predicate, e.Object, e.Event = s, pred, obj, ev
			e.Target, e.Condition = target, cond
			e.Polarity, e.Source = pol, source
			e.Rule = fmt.Sprintf("%s/%s[%s]", pred, rule, src)
			e.Confidence = conf
			e.Spans = spans
			e.Notes = append(append([]string{}, notes...), "source "+source+" ("+how+")", "event "+ev+" ("+evHow+")")
			add(e)
		}
	}

	// a sentence opening with a coordinated predicate continues the
	// previous one: its subject carries over
	var prevSubj, carried []string
	if continues {
		carried = state.lastSubject
	}
	var lastExplicit []string
	var heads []head // predicates before, with their subjects (English)
	absorbedUntil, consumed := -1, 0
	claimedTopic := map[int]bool{}
	miss := func(p lexicon.Match, reason string) {
		state.miss(Miss{Doc: doc.Name, Sentence: idx, Evidence: st.s.Text,
			Predicate: p.ID, Span: tokText(st.toks, p.Start, p.End), Rule: p.Src, Reason: reason})
	}
	controlled := map[int][]string{} // predicate start → subject of the verb controlling it
	for _, p := range preds {
		if verbAt[p.Start] {
			continue // an attribution frame, not a stance
		}
		if x.inFact(st, p) {
			miss(p, "part of an event fact (who asked for the talks)")
			continue
		}
		if p.Start < absorbedUntil && !x.hasPossessive(st.toks[p.Start]) {
			miss(p, "inside the object of an absorbing predicate before it")
			continue
		}
		if x.subjectFirst() && x.inQuestion(st, p.Start) {
			miss(p, "inside an indirect question: nothing is asserted")
			continue
		}
		if x.subjectFirst() && (x.nominal(st, p) || x.compoundNoun(st, p)) {
			miss(p, "a participle or noun inside a noun phrase (\"a proposed deal\", \"the sanctions threat\")")
			continue
		}
		notes := []string{}
		clauseStart := x.clauseStart(st, p.Start, frames, preds)
		plainStart := x.clauseStartCond(st, p.Start, frames, preds, false) // conditions not counted
		condOpen := clauseStart != plainStart
		if condOpen && x.subjectFirst() {
			clauseStart, condOpen = x.conditionClosed(st, p.Start, clauseStart)
		}
		if c := min(consumed, p.Start); c > clauseStart {
			clauseStart = c
		}
		// actors inside a condition clause before the predicate ("في حال
		// غزو أوكرانيا حذر بايدن") are not its subject
		subjAgents := agents
		if condOpen {
			subjAgents = nil
			for _, r := range agents {
				if r.start >= p.Start || r.end <= clauseStart-2 {
					subjAgents = append(subjAgents, r)
				}
			}
		}
		carry := carried
		if len(prevSubj) > 0 || p.Start > 3 {
			carry = nil
		}
		// a coordinated verb shares the subject of the verb before it, named
		// explicitly even when that verb made no claim ("رحبت كييف بالاتصال،
		// ودعت الغرب إلى …")
		coordSubj := prevSubj
		if len(lastExplicit) > 0 {
			coordSubj = lastExplicit
		}
		if len(coordSubj) == 0 && x.subjectFirst() {
			coordSubj = x.clauseSubject(st, subjAgents, frames, p.Start)
		}
		subjFrames := frames
		if x.subjectFirst() {
			subjFrames = x.headFrames(st, frames, heads, p.Start)
		}
		subj, target, rule, subjEnd := x.subject(st, p, subjAgents, subjFrames, clauseStart, prevSubj, coordSubj, carry, state, &notes)
		if rule == "passive" {
			p = x.passiveObject(st, p, clauseStart)
		}
		if c, ok := controlled[p.Start]; ok {
			subj, target, rule = c, "", "control"
			notes = append(notes, fmt.Sprintf("the complement of a verb such as 'pledge': its subject %v", c))
		}
		// a verb such as "تعهد" followed by a verbal noun ("تعهد بدعم"):
		// the verbal noun carries the stance, with this verb's subject
		if len(subj) > 0 && contains(x.lex.Control, p.ID) && p.End-p.Start == 1 {
			if q, ok := x.complementPred(st, p, preds, max(p.End, subjEnd)); ok {
				controlled[q.Start] = subj
				miss(p, fmt.Sprintf("its complement is the predicate %s after it, which takes its subject %v", q.ID, subj))
				continue
			}
		}
		if len(subj) == 0 {
			miss(p, "no subject: no known actor before or after it, no pair, no previous subject, no speaker"+lastNote(notes))
			continue
		}
		if x.subjectFirst() {
			subj = x.speakerForOwnSide(st, subj, frames, heads, p.Start, &notes)
			heads = append(heads, head{end: p.End, subj: subj})
			if rule == "svo" && x.possessiveAt(st, p.Start-1) {
				rule = "possessor" // "X's warning": no subject for verbs after it
			}
		}
		if rule == "svo" || rule == "vso" || rule == "relative" {
			lastExplicit = subj
		}
		if subjEnd > consumed {
			consumed = subjEnd
		}
		// object, condition
		objs, cond, objEnd, topicNeg := x.object(st, p, preds, plainStart, state.lastNamed)
		if len(objs) == 0 && x.subjectFirst() {
			objs, cond = x.objectElsewhere(st, p, cond, clauseStart, state, &notes)
		}
		if len(objs) > 0 && x.subjectFirst() && x.negatorInside(st, objs[0]) {
			topicNeg = true // "NATO halt its expansion"
		}
		// a threat with no object but a condition ("سترد بحزم إذا غزت
		// روسيا أوكرانيا") warns of what the condition names
		if len(objs) == 0 && cond != "" && contains(x.lex.ConditionAsObject, p.ID) {
			objs = []lexicon.Match{{Pattern: &lexicon.Pattern{Kind: lexicon.KTopic, ID: cond}, Start: p.Start, End: p.End}}
			notes = append(notes, "no object but a condition: the threat is of the condition "+cond)
			cond = ""
		}
		if len(objs) == 0 {
			miss(p, fmt.Sprintf("subject %v, but no topic in reach of the predicate", subj))
			continue
		}
		// a threat in the future made by the speaker's own side ("قال
		// بايدن إن واشنطن ستفرض عقوبات") is the speaker's warning
		if sp := x.speakerAt(frames, p.Start); p.ID == "warn" && len(sp) == 1 && len(subj) == 1 && sp[0] != subj[0] &&
			x.lex.SpeaksFor[sp[0]] == subj[0] && x.vocab.ActorType(sp[0]) == "person" && x.lex.FutureVerb(st.toks[p.Start].Norm) {
			notes = append(notes, fmt.Sprintf("a future threat by the speaker's side %v: the speaker %v warns", subj, sp))
			subj, rule = sp, "speaker-side"
		}
		prevSubj = subj
		state.prevSubjAt = p.Start
		state.lastSubject = subj
		if subjEnd > consumed {
			consumed = subjEnd
		}
		if contains(x.lex.Absorbing, p.ID) && objEnd > absorbedUntil {
			absorbedUntil = objEnd
		}
		pol, negNote := x.polarity(st, p, clauseStart)
		if negNote != "" {
			notes = append(notes, negNote)
		}
		pred := p.ID
		if topicNeg {
			switch alt, ok := x.lex.NegatedObject[p.ID]; {
			case x.subjectFirst():
				pol = flip(pol)
				notes = append(notes, "the object is negated: polarity "+pol)
				p, pol = x.negatedObject(p, pol, &notes)
				pred = p.ID
			case ok:
				// "wants Russia to reduce its buildup": opposes the buildup
				pred = alt
				notes = append(notes, fmt.Sprintf("the object is negated: %s becomes %s", p.ID, alt))
			default:
				pol = flip(pol)
				notes = append(notes, "the object is negated (e.g. عدم): polarity "+pol)
			}
		}
		if cond != "" {
			notes = append(notes, "condition "+cond)
		}
		for _, o := range objs {
			claimedTopic[o.Start] = true
			state.lastTopic = o.ID
			if target == o.ID {
				target = ""
			}
			spans := []string{fmt.Sprintf("predicate %q", tokText(st.toks, p.Start, p.End)), fmt.Sprintf("object %s %q", o.ID, tokText(st.toks, o.Start, o.End))}
			emit(subj, pred, o.ID, target, cond, pol, rule, p.Src, confidence(rule), p.Start, spans, notes)
			// calling for NOT blaming Russia is rejecting the blame: a negated
			// topic with a stance of its own gives that stance too
			if stance := x.lex.TopicStances[o.ID]; topicNeg && pol == schema.Negative && stance != "" && stance != pred {
				emit(subj, stance, o.ID, target, cond, schema.Positive, "negated-stance", p.Src, 0.6, p.Start, spans,
					append(append([]string{}, notes...), fmt.Sprintf("the negated topic's own stance: %s", stance)))
			}
		}
	}
	x.noStance(doc, idx, st, agents, preds, verbAt, claimedTopic, state)
	// a speaker raising a topic with no stance verb takes the topic's
	// default stance ("Putin told Biden of Kyiv's unconstructive position")
	for _, m := range st.ms {
		stance := x.lex.TopicStances[m.ID]
		if m.Kind != lexicon.KTopic || stance == "" || claimedTopic[m.Start] {
			continue
		}
		var sp []string
		for _, f := range frames {
			if f.kind == "verb" && f.compFrom <= m.Start && x.raises(st, f, m) {
				sp = f.speaker
			}
		}
		if len(sp) == 0 {
			continue
		}
		covered := false
		for _, p := range preds {
			if !verbAt[p.Start] && p.Start < m.Start && p.Start >= x.clauseStart(st, m.Start, frames, nil) {
				covered = true
			}
		}
		if covered {
			continue
		}
		emit(sp, stance, m.ID, "", "", schema.Positive, "topic-stance", m.Src, 0.6, m.Start,
			[]string{fmt.Sprintf("topic %s %q", m.ID, tokText(st.toks, m.Start, m.End))},
			[]string{fmt.Sprintf("no stance verb: the speaker %v takes the topic's default stance %s", sp, stance)})
		state.lastTopic = m.ID
	}
	for _, f := range x.facts(st) {
		ev, evHow := x.factEvent(st, f, dominant, state.mainPlanned)
		if ev == "" {
			state.miss(Miss{Doc: doc.Name, Sentence: idx, Evidence: st.s.Text,
				Predicate: f.pred, Span: f.text, Rule: f.src, Reason: f.pred + " " + f.value + ": " + evHow})
			continue
		}
		// who asked for the talks is not the one reporting it
		subj := ""
		if f.pred == "initiator" {
			subj = f.value
		}
		src, how := x.sourceFor(frames, f.at, subj)
		e := Explained{}
		e.Subject, e.Predicate, e.Object, e.Event = ev, f.pred, f.value, ev
		e.Polarity, e.Source = schema.Positive, src
		e.Approx = f.approx
		e.Rule = "fact/" + f.pred + "[" + f.src + "]"
		e.Confidence = 0.8
		e.Spans = []string{fmt.Sprintf("%s %q", f.pred, f.text)}
		e.Notes = []string{"source " + src + " (" + how + ")", "event " + ev + " (" + evHow + ")"}
		add(e)
	}
	return out
}

// speakerAt returns the speaker of the innermost verb frame covering i.
func (x *Extractor) speakerAt(frames []frame, i int) []string {
	var sp []string
	best := -1
	for _, f := range frames {
		if f.kind == "verb" && f.compFrom <= i && f.at < i && f.compFrom > best {
			sp, best = f.speaker, f.compFrom
		}
	}
	return sp
}

// noStance records, for a sentence with a known actor and a known topic
// but no stance predicate at all, what was missing: the words between
// them that the lexicon does not know, where a stance verb would be.
func (x *Extractor) noStance(doc schema.Document, idx int, st *sent, agents []actorRef, preds []lexicon.Match, verbAt map[int]bool, claimed map[int]bool, state *docState) {
	for _, p := range preds {
		if !verbAt[p.Start] {
			return // a predicate was there; its own miss says why
		}
	}
	var topic *lexicon.Match
	for k, m := range st.ms {
		if m.Kind == lexicon.KTopic && !claimed[m.Start] {
			topic = &st.ms[k]
			break
		}
	}
	if topic == nil || len(agents) == 0 {
		return
	}
	a := agents[0] // the actor nearest before the topic, else the first
	for _, r := range agents {
		if r.end <= topic.Start {
			a = r
		}
	}
	from, to := a.end, topic.Start
	if to < from {
		from, to = topic.End, a.start
	}
	known := map[int]bool{}
	for _, m := range st.ms {
		for t := m.Start; t < m.End; t++ {
			known[t] = true
		}
	}
	var unknown []string
	for i := from; i < to; i++ {
		if !known[i] && !x.lex.IsStopword(st.toks[i].Norm) {
			unknown = append(unknown, st.toks[i].Raw)
		}
	}
	reason := fmt.Sprintf("actor %v and topic %s, but no stance verb the lexicon knows", a.ids, topic.ID)
	if len(unknown) > 0 {
		reason += fmt.Sprintf("; unknown words between them: %s (a --lexicon file can add one as a predicate)", strings.Join(unknown, " "))
	}
	state.miss(Miss{Doc: doc.Name, Sentence: idx, Evidence: st.s.Text,
		Span: tokText(st.toks, min(a.start, topic.Start), max(a.end, topic.End)), Reason: reason})
}

// hasPossessive reports a possessive pronoun on token t; a ta marbuta as
// written (normalized to ه) is none.
func (x *Extractor) hasPossessive(t arabic.Token) bool {
	raw := strings.TrimRightFunc(t.Raw, arabic.IsDiacritic)
	return x.lex.HasPossessive(t.Norm) && !strings.HasSuffix(raw, "ة")
}

// inFact reports a predicate inside an event-fact phrase ("بناء على طلب
// من": the request is who initiated the talks, not a demand).
func (x *Extractor) inFact(st *sent, p lexicon.Match) bool {
	for _, m := range st.ms {
		if m.Kind == lexicon.KInitiator && m.Start <= p.Start && p.Start < m.End+1 {
			return true
		}
	}
	return false
}

// complementPred returns the predicate that opens right after a control
// verb and its subject (from token from, a preposition allowed), with no
// topic before it.
func (x *Extractor) complementPred(st *sent, p lexicon.Match, preds []lexicon.Match, from int) (lexicon.Match, bool) {
	for _, q := range preds {
		if q.Start <= p.Start || q.Start < from || q.Start > from+1 || q.ID == p.ID {
			continue
		}
		for _, m := range st.ms {
			if m.Kind == lexicon.KTopic && m.Start >= p.End && m.Start < q.Start {
				return lexicon.Match{}, false
			}
		}
		return q, true
	}
	return lexicon.Match{}, false
}

func confidence(rule string) float64 {
	switch rule {
	case "svo", "vso":
		return 0.9
	case "dual":
		return 0.75
	}
	return 0.6
}

func tokText(toks []arabic.Token, a, b int) string {
	var parts []string
	for i := a; i < b && i < len(toks); i++ {
		parts = append(parts, toks[i].Raw)
	}
	return strings.Join(parts, " ")
}
