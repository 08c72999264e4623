package graph

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/claimgraph/claimgraph/schema"
)

// Opposing pairs of predicates: the same subject and object under both is
// a contradiction between sources.
var Opposing = map[string][]string{
	"agree":   {"reject"},
	"reject":  {"agree"},
	"affirm":  {"deny"},
	"deny":    {"affirm"},
	"support": {"oppose"},
	"oppose":  {"support", "want"},
	"want":    {"oppose"},
}

// SingleValued facts of an event: two values are a contradiction.
var SingleValued = map[string]bool{"duration": true, "medium": true, "initiator": true, "date": true}

// factUnit names the unit of a numeric fact's values.
var factUnit = map[string]string{"duration": "minutes"}

// approxTolerance is the relative difference allowed when a value is
// approximate ("about two hours" vs "two and a quarter hours").
const approxTolerance = 0.25

// ContradictionFilter narrows Contradictions.
type ContradictionFilter struct {
	Event string
	Kind  string
	Topic string
	// Evidence caps the mentions returned per side (0: all of them); the
	// summary and strength still count every mention.
	Evidence int
	// Limit keeps the first contradictions, strongest first (0: all).
	Limit int
}

// NoEvidence, as an analysis's evidence cap, returns every mention without
// its evidence text (but where the evidence decides a stance): for callers
// that cap the result themselves and read the evidence of what they show
// with FillEvidence.
const NoEvidence = -1

// DefaultContradictionLimit is how many contradictions the command and the
// API show unless asked for another number.
const DefaultContradictionLimit = 100

// DefaultEvidence is the number of mentions the analyses show per side
// (or per stance) unless asked for another number; 0 shows all.
const DefaultEvidence = 3

func opposes(a, b string) bool {
	for _, x := range Opposing[a] {
		if x == b {
			return true
		}
	}
	return false
}

// Contradictions finds where sources disagree, strongest first: more
// independent sources on each side, major value conflicts before minor.
//
// With a cap on the evidence it reads the mentions without their evidence
// text, decides, and then reads the evidence of the mentions it returns.
func (s *Store) Contradictions(ctx context.Context, f ContradictionFilter) ([]schema.Contradiction, error) {
	cs, _, err := s.ContradictionsTotal(ctx, f)
	return cs, err
}

// ContradictionsTotal is Contradictions, and how many there are in all
// when f.Limit leaves some out; the evidence of only those it returns is
// read.
func (s *Store) ContradictionsTotal(ctx context.Context, f ContradictionFilter) ([]schema.Contradiction, int, error) {
	// every mention whole when all of them are shown; else none, and the
	// evidence of what is kept is read after
	lean := f.Evidence != 0 || f.Limit > 0
	ms, err := s.analysisMentions(ctx, schema.Filter{Event: f.Event}, evidenceUnless(lean))
	if err != nil {
		return nil, 0, err
	}
	var kept []schema.Contradiction
	for _, c := range findContradictions(ms, max(f.Evidence, 0)) {
		if (f.Kind == "" || c.Kind == f.Kind) && (f.Topic == "" || c.Topic == f.Topic) {
			kept = append(kept, c)
		}
	}
	total := len(kept)
	if f.Limit > 0 && len(kept) > f.Limit {
		kept = kept[:f.Limit]
	}
	if !lean || f.Evidence < 0 {
		return kept, total, nil // read whole, or NoEvidence
	}
	var sides [][]schema.Mention
	for _, c := range kept {
		sides = append(sides, c.Sides[:]...)
	}
	return kept, total, s.newEvidenceFiller().fill(ctx, sides...)
}

// evidenceUnless reads every mention's evidence, or with capped on none.
func evidenceUnless(capped bool) func(schema.Claim) bool {
	if !capped {
		return nil
	}
	return func(schema.Claim) bool { return false }
}

// capped is the first n of ms (all when n is 0 or less) and how many are
// left out: more, those left out before, and those it leaves out.
func capped(ms []schema.Mention, more, n int) ([]schema.Mention, int) {
	if n <= 0 || len(ms) <= n {
		return ms, more
	}
	return ms[:n:n], more + len(ms) - n
}

// CapContradictions keeps the first n mentions of each side (all when n is
// 0), saying in More how many each side left out when one did, counting
// what an earlier cap left out. It does not change cs.
func CapContradictions(cs []schema.Contradiction, n int) []schema.Contradiction {
	if n <= 0 || cs == nil {
		return cs
	}
	out := make([]schema.Contradiction, len(cs))
	for i, c := range cs {
		var more [2]int
		for k := range c.Sides {
			if c.More != nil {
				more[k] = c.More[k]
			}
			c.Sides[k], more[k] = capped(c.Sides[k], more[k], n)
		}
		c.More = nil
		if more[0] > 0 || more[1] > 0 {
			c.More = more[:]
		}
		out[i] = c
	}
	return out
}

// CapShifts keeps the first n mentions of each event of each shift (all
// when n is 0), saying how many are left out, an earlier cap's included.
// It does not change ss.
func CapShifts(ss []schema.Shift, n int) []schema.Shift {
	if n <= 0 || ss == nil {
		return ss
	}
	out := make([]schema.Shift, len(ss))
	for i, s := range ss {
		s.From, s.FromMore = capped(s.From, s.FromMore, n)
		s.To, s.ToMore = capped(s.To, s.ToMore, n)
		out[i] = s
	}
	return out
}

// CapPositions keeps the first n mentions of each position (all when n is
// 0), saying how many are left out, an earlier cap's included. It does not
// change ps.
func CapPositions(ps []schema.Position, n int) []schema.Position {
	if n <= 0 || ps == nil {
		return ps
	}
	out := make([]schema.Position, len(ps))
	for i, p := range ps {
		p.Mentions, p.More = capped(p.Mentions, p.More, n)
		out[i] = p
	}
	return out
}

// FindContradictions applies the four kinds to a set of mentions.
func FindContradictions(ms []schema.Mention) []schema.Contradiction {
	return findContradictions(ms, 0)
}

// group is a set of mentions, as indexes into the analysed list in its
// order: the analyses decide on groups and build the sides they return
// only from the first mentions they show.
type group []int32

// side is the first n mentions of g (all when n is 0 or less), and how many
// it left out.
func (g group) side(ms []schema.Mention, n int) ([]schema.Mention, int) {
	k := len(g)
	if n > 0 && k > n {
		k = n
	}
	out := make([]schema.Mention, k)
	for i := range out {
		out[i] = ms[g[i]]
	}
	return out, len(g) - k
}

// where is the part of g that keep holds for, in g's order.
func (g group) where(ms []schema.Mention, keep func(*schema.Mention) bool) group {
	var out group
	for _, i := range g {
		if keep(&ms[i]) {
			out = append(out, i)
		}
	}
	return out
}

// sourcesOf names the distinct source-document pairs of g, for a summary.
func (g group) sourcesOf(ms []schema.Mention) string {
	seen := map[string]bool{}
	var out []string
	for _, i := range g {
		if k := ms[i].Source + " in " + ms[i].Doc; !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	if len(out) > 3 {
		return fmt.Sprintf("%s, %s and %d more", out[0], out[1], len(out)-2)
	}
	return joinAnd(out)
}

// strength is the number of independent sources of g: distinct source
// and document pairs.
func (g group) strength(ms []schema.Mention) int {
	seen := map[[2]string]bool{}
	for _, i := range g {
		seen[[2]string{ms[i].Source, ms[i].DocID}] = true
	}
	return len(seen)
}

// found is a contradiction decided on groups, its sides not built yet.
type found struct {
	c     schema.Contradiction
	sides [2]group
}

// findContradictions is FindContradictions with the sides cut to their
// first n mentions (all when n is 0), saying how many more each has, as
// CapContradictions would.
func findContradictions(ms []schema.Mention, n int) []schema.Contradiction {
	var out []found
	facts := map[string]group{}
	var factOrder []string
	byClaim := map[string]group{}
	var claimOrder []string
	bySO := map[string]group{} // subject, object, event
	var soOrder []string
	byEvent := map[string]group{}
	var eventOrder []string
	for i := range ms {
		m := &ms[i]
		if SingleValued[m.Predicate] {
			k := m.Event + "\x00" + m.Predicate
			if _, ok := facts[k]; !ok {
				factOrder = append(factOrder, k)
			}
			facts[k] = append(facts[k], int32(i))
			continue
		}
		if _, ok := byClaim[m.ClaimID]; !ok {
			claimOrder = append(claimOrder, m.ClaimID)
		}
		byClaim[m.ClaimID] = append(byClaim[m.ClaimID], int32(i))
		k := m.Subject + "\x00" + m.Object + "\x00" + m.Event
		if _, ok := bySO[k]; !ok {
			soOrder = append(soOrder, k)
		}
		bySO[k] = append(bySO[k], int32(i))
		if _, ok := byEvent[m.Event]; !ok {
			eventOrder = append(eventOrder, m.Event)
		}
		byEvent[m.Event] = append(byEvent[m.Event], int32(i))
	}
	// polarity: one claim asserted and denied
	for _, id := range claimOrder {
		g := byClaim[id]
		pos := g.where(ms, func(m *schema.Mention) bool { return m.Polarity != schema.Negative })
		if len(pos) == 0 || len(pos) == len(g) {
			continue
		}
		neg := g.where(ms, func(m *schema.Mention) bool { return m.Polarity == schema.Negative })
		c := ms[g[0]]
		out = append(out, found{schema.Contradiction{Kind: "polarity", Event: c.Event, Topic: c.Object,
			Summary: fmt.Sprintf("%s %s %s: asserted by %s, denied by %s", c.Subject, c.Predicate, c.Object, pos.sourcesOf(ms), neg.sourcesOf(ms))},
			[2]group{pos, neg}})
	}
	// opposing predicates on the same subject, object and event
	for _, k := range soOrder {
		g := bySO[k]
		byPred := map[string]group{}
		var preds []string
		for _, i := range g {
			if p := ms[i].Predicate; ms[i].Polarity == schema.Positive {
				if _, ok := byPred[p]; !ok {
					preds = append(preds, p)
				}
				byPred[p] = append(byPred[p], i)
			}
		}
		sort.Strings(preds)
		for i, a := range preds {
			for _, b := range preds[i+1:] {
				if opposes(a, b) {
					c := ms[g[0]]
					out = append(out, found{schema.Contradiction{Kind: "opposing", Event: c.Event, Topic: c.Object,
						Summary: fmt.Sprintf("%s %s %s (%s) vs %s %s (%s)", c.Subject, a, c.Object, byPred[a].sourcesOf(ms), b, c.Object, byPred[b].sourcesOf(ms))},
						[2]group{byPred[a], byPred[b]}})
				}
			}
		}
	}
	// implied: participants "did not discuss X" vs a participant's positive
	// claim about X in the same event
	for _, ev := range eventOrder {
		if ev == schema.UnknownEvent {
			continue
		}
		g := byEvent[ev]
		notDiscussed := map[string]group{} // topic → mentions
		var topics []string
		participants := map[string]map[string]bool{}
		for _, i := range g {
			m := &ms[i]
			if m.Predicate == "discuss" && m.Polarity == schema.Negative {
				if _, ok := notDiscussed[m.Object]; !ok {
					topics = append(topics, m.Object)
					participants[m.Object] = map[string]bool{}
				}
				notDiscussed[m.Object] = append(notDiscussed[m.Object], i)
				participants[m.Object][m.Subject] = true
			}
		}
		for _, topic := range topics {
			neg := notDiscussed[topic]
			pos := g.where(ms, func(m *schema.Mention) bool {
				return m.Object == topic && m.Polarity == schema.Positive && participants[topic][m.Subject]
			})
			if len(pos) > 0 {
				stances := map[string]bool{}
				var st []string
				for _, i := range pos {
					if k := ms[i].Subject + " " + ms[i].Predicate; !stances[k] {
						stances[k] = true
						st = append(st, k)
					}
				}
				sort.Strings(st)
				out = append(out, found{schema.Contradiction{Kind: "implied", Event: ev, Topic: topic,
					Summary: fmt.Sprintf("%s say %s was not discussed; %s report %s", neg.sourcesOf(ms), topic, pos.sourcesOf(ms), joinAnd(st))},
					[2]group{neg, pos}})
			}
		}
	}
	// value conflicts of single-valued event facts
	for _, k := range factOrder {
		out = append(out, valueConflicts(ms, facts[k])...)
	}
	for i := range out {
		out[i].c.Strength = min(out[i].sides[0].strength(ms), out[i].sides[1].strength(ms))
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].c, out[j].c
		if (a.Severity == "major") != (b.Severity == "major") {
			return a.Severity == "major"
		}
		if a.Strength != b.Strength {
			return a.Strength > b.Strength
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Event != b.Event {
			return a.Event < b.Event
		}
		if a.Topic != b.Topic {
			return a.Topic < b.Topic
		}
		return a.Summary < b.Summary // one order, whatever the groups' order
	})
	cs := make([]schema.Contradiction, len(out))
	for i, f := range out {
		c := f.c
		var more [2]int
		for k := range f.sides {
			c.Sides[k], more[k] = f.sides[k].side(ms, n)
		}
		if more[0] > 0 || more[1] > 0 {
			c.More = more[:]
		}
		cs[i] = c
	}
	return cs
}

// valueConflicts compares the distinct values of one fact of one event.
func valueConflicts(ms []schema.Mention, g group) []found {
	byVal := map[string]group{}
	var vals []string
	for _, i := range g {
		v := ms[i].Object
		if _, ok := byVal[v]; !ok {
			vals = append(vals, v)
		}
		byVal[v] = append(byVal[v], i)
	}
	sort.Strings(vals)
	approx := func(g group) bool {
		for _, i := range g {
			if ms[i].Approx {
				return true
			}
		}
		return false
	}
	var out []found
	first := ms[g[0]]
	for i, a := range vals {
		for _, b := range vals[i+1:] {
			c := schema.Contradiction{Kind: "value", Event: first.Event, Topic: first.Predicate, Severity: "major"}
			na, ea := strconv.ParseFloat(a, 64)
			nb, eb := strconv.ParseFloat(b, 64)
			if ea == nil && eb == nil {
				c.Difference, c.DifferenceUnit = math.Abs(na-nb), factUnit[c.Topic]
				if c.DifferenceUnit == "" {
					c.DifferenceUnit = "units"
				}
				if (approx(byVal[a]) || approx(byVal[b])) && c.Difference <= approxTolerance*math.Max(na, nb) {
					c.Severity = "minor"
				}
			}
			c.Summary = fmt.Sprintf("%s of %s: %s (%s) vs %s (%s)", c.Topic, c.Event, a, byVal[a].sourcesOf(ms), b, byVal[b].sourcesOf(ms))
			out = append(out, found{c, [2]group{byVal[a], byVal[b]}})
		}
	}
	return out
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	s := ""
	for i, x := range xs {
		switch {
		case i == 0:
			s = x
		case i == len(xs)-1:
			s += " and " + x
		default:
			s += ", " + x
		}
	}
	return s
}

// Shifts compares each actor's stances in two events. An actor filter of
// "" takes every actor. Event facts are left out. evidence caps the
// mentions returned per event of a shift (0: all); with a cap the evidence
// text is read only for those.
func (s *Store) Shifts(ctx context.Context, from, to, actor string, evidence int) ([]schema.Shift, error) {
	both, err := s.analysisMentions(ctx, schema.Filter{Subject: actor}, func(c schema.Claim) bool {
		return evidence == 0 && (c.Event == from || c.Event == to)
	})
	if err != nil {
		return nil, err
	}
	// the mentions of the two events, as index groups into both
	var a, b group
	for i := range both {
		if both[i].Event == from {
			a = append(a, int32(i))
		}
		if both[i].Event == to {
			b = append(b, int32(i))
		}
	}
	out := findShifts(both, a, b, max(evidence, 0))
	if evidence <= 0 {
		return out, nil
	}
	sides := make([][]schema.Mention, 0, 2*len(out))
	for _, sh := range out {
		sides = append(sides, sh.From, sh.To)
	}
	return out, s.newEvidenceFiller().fill(ctx, sides...)
}

type stanceKey struct{ actor, pred, obj string }

// stance is what one event reports of one actor, predicate and object:
// asserted, denied, or both by different mentions.
type stance struct{ pos, neg group }

// Mixed is the polarity of a stance both asserted and denied in one event.
const Mixed = "mixed"

func (s stance) polarity() string {
	switch {
	case len(s.pos) > 0 && len(s.neg) > 0:
		return Mixed
	case len(s.neg) > 0:
		return schema.Negative
	}
	return schema.Positive
}

func (s stance) mentions() group {
	return append(append(group{}, s.pos...), s.neg...)
}

func groupStances(ms []schema.Mention, g group) (map[stanceKey]*stance, []stanceKey) {
	out := map[stanceKey]*stance{}
	var keys []stanceKey
	for _, i := range g {
		m := &ms[i]
		if SingleValued[m.Predicate] || m.Predicate == "tone" {
			continue
		}
		k := stanceKey{m.Subject, m.Predicate, m.Object}
		st, ok := out[k]
		if !ok {
			st = &stance{}
			out[k] = st
			keys = append(keys, k)
		}
		if m.Polarity == schema.Negative {
			st.neg = append(st.neg, i)
		} else {
			st.pos = append(st.pos, i)
		}
	}
	return out, keys
}

// FindShifts classifies stances of the first and second event: stable
// (the same polarity in both), new (second only), dropped (first only),
// reversed (the same subject and object with the opposite polarity or an
// opposing predicate), or contested (asserted and denied in the second
// event; polarity "mixed").
func FindShifts(from, to []schema.Mention) []schema.Shift {
	all := append(append(make([]schema.Mention, 0, len(from)+len(to)), from...), to...)
	a, b := make(group, len(from)), make(group, len(to))
	for i := range a {
		a[i] = int32(i)
	}
	for i := range b {
		b[i] = int32(len(from) + i)
	}
	return findShifts(all, a, b, 0)
}

// findShifts is FindShifts over the groups from and to of ms, with the
// mentions of each event of a shift cut to the first n (all when n is 0),
// saying how many more there are, as CapShifts would.
func findShifts(ms []schema.Mention, from, to group, n int) []schema.Shift {
	fa, fkeys := groupStances(ms, from)
	tb, tkeys := groupStances(ms, to)
	var out []schema.Shift
	used := map[stanceKey]bool{} // stances of the second event already reported
	shift := func(k stanceKey, status string, f, t *stance) schema.Shift {
		s := schema.Shift{Actor: k.actor, Predicate: k.pred, Object: k.obj, Status: status, From: []schema.Mention{}, To: []schema.Mention{}}
		if f != nil {
			s.From, s.FromMore = f.mentions().side(ms, n)
		}
		if t != nil {
			s.To, s.ToMore = t.mentions().side(ms, n)
			s.Polarity = t.polarity()
		} else {
			s.Polarity = f.polarity()
		}
		return s
	}
	for _, k := range fkeys {
		f := fa[k]
		if t, ok := tb[k]; ok {
			used[k] = true
			fp, tp := f.polarity(), t.polarity()
			switch {
			case tp == Mixed:
				s := shift(k, "contested", f, t)
				s.Was = k.pred + " " + fp
				out = append(out, s)
			case fp == tp || fp == Mixed:
				out = append(out, shift(k, "stable", f, t))
			default:
				s := shift(k, "reversed", f, t)
				s.Was = k.pred + " " + fp
				out = append(out, s)
			}
			continue
		}
		var rev *stanceKey
		if fp := f.polarity(); fp != Mixed {
			for _, tk := range tkeys {
				if tk.actor == k.actor && tk.obj == k.obj && opposes(tk.pred, k.pred) && tb[tk].polarity() == fp && !used[tk] {
					rev = &tk
					break
				}
			}
		}
		if rev != nil {
			used[*rev] = true
			s := shift(*rev, "reversed", f, tb[*rev])
			s.Was = k.pred + " " + f.polarity()
			out = append(out, s)
			continue
		}
		out = append(out, shift(k, "dropped", f, nil))
	}
	for _, k := range tkeys {
		if used[k] {
			continue
		}
		status := "new"
		if tb[k].polarity() == Mixed {
			status = "contested"
		}
		out = append(out, shift(k, status, nil, tb[k]))
	}
	order := map[string]int{"reversed": 0, "contested": 1, "new": 2, "dropped": 3, "stable": 4}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Actor != b.Actor {
			return a.Actor < b.Actor
		}
		if order[a.Status] != order[b.Status] {
			return order[a.Status] < order[b.Status]
		}
		if a.Predicate != b.Predicate {
			return a.Predicate < b.Predicate
		}
		return a.Object < b.Object
	})
	return out
}

//go:embed stance.yaml
var stanceData []byte

// stanceRules says which predicates take a stance against their object
// and, for predicates with two roles, the evidence cues of the against
// role per language.
type stanceRules struct {
	Against []string                                  `yaml:"against"`
	Roles   map[string]map[string]map[string][]string `yaml:"roles"` // predicate → direction → lang → cues
}

var stances = func() stanceRules {
	var r stanceRules
	dec := yaml.NewDecoder(bytes.NewReader(stanceData))
	dec.KnownFields(true)
	if err := dec.Decode(&r); err != nil {
		panic(fmt.Sprintf("stance.yaml: %v", err))
	}
	return r
}()

// StanceDirection says whether a predicate with a polarity is for or
// against its object ("deny" positive is against; "want" negative too).
func StanceDirection(pred, pol string) string {
	return direction(pred == "" || !slices.Contains(stances.Against, pred), pol)
}

func direction(pro bool, pol string) string {
	if pol == schema.Negative {
		pro = !pro
	}
	if pro {
		return "for"
	}
	return "against"
}

// MentionStance is the direction of a mention's stance on its object: the
// predicate's direction, or for a predicate with two roles the role its
// evidence shows (a warning against an action vs the threat of a
// consequence), turned around by a denial.
func MentionStance(m schema.Mention) string {
	if cues, ok := stances.Roles[m.Predicate]["against"]; ok {
		text := m.EvidenceNorm
		if text == "" {
			text = m.Evidence
		}
		text = strings.ToLower(text)
		for _, lang := range []string{m.Lang, "ar", "en"} {
			for _, c := range cues[lang] {
				if strings.Contains(text, c) {
					return direction(false, m.Polarity)
				}
			}
		}
	}
	return StanceDirection(m.Predicate, m.Polarity)
}

// Positions lists each actor's stances on a topic, per event (all events
// when event is ""). evidence caps the mentions returned per stance (0:
// all); with a cap the evidence text is read only for those, and for the
// mentions of predicates whose role their evidence decides.
func (s *Store) Positions(ctx context.Context, topic, event string, evidence int) ([]schema.Position, error) {
	var with func(schema.Claim) bool
	if evidence != 0 {
		// the evidence of a predicate with two roles decides its stance
		with = func(c schema.Claim) bool { _, roles := stances.Roles[c.Predicate]; return roles }
	}
	ms, err := s.analysisMentions(ctx, schema.Filter{Object: topic, Event: event}, with)
	if err != nil {
		return nil, err
	}
	if evidence <= 0 {
		return FindPositions(ms), nil
	}
	out := CapPositions(FindPositions(ms), evidence)
	parts := make([][]schema.Mention, len(out))
	for i, p := range out {
		parts[i] = p.Mentions
	}
	return out, s.newEvidenceFiller().fill(ctx, parts...)
}

// FindPositions groups mentions by event, actor, stance and condition;
// a stance's direction follows its predicate and the predicate's role.
func FindPositions(ms []schema.Mention) []schema.Position {
	type key struct{ topic, ev, actor, pred, pol, cond, dir string }
	g := map[key][]schema.Mention{}
	var keys []key
	for _, m := range ms {
		if SingleValued[m.Predicate] || m.Predicate == "tone" {
			continue
		}
		k := key{m.Object, m.Event, m.Subject, m.Predicate, m.Polarity, m.Condition, MentionStance(m)}
		if _, ok := g[k]; !ok {
			keys = append(keys, k)
		}
		g[k] = append(g[k], m)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.ev != b.ev {
			return a.ev < b.ev
		}
		if a.actor != b.actor {
			return a.actor < b.actor
		}
		if a.pred != b.pred {
			return a.pred < b.pred
		}
		if a.dir != b.dir {
			return a.dir > b.dir // for before against
		}
		return a.cond < b.cond
	})
	out := make([]schema.Position, 0, len(keys))
	for _, k := range keys {
		out = append(out, schema.Position{Topic: k.topic, Event: k.ev, Actor: k.actor, Predicate: k.pred, Polarity: k.pol,
			Condition: k.cond, Stance: k.dir, Mentions: g[k]})
	}
	return out
}
