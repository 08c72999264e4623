package graph

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

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
	set, err := s.analysisSet(ctx, schema.Filter{Event: f.Event}, lean)
	if err != nil {
		return nil, 0, err
	}
	kept, total := findContradictions(set, max(f.Evidence, 0), f)
	if set.err != nil {
		return nil, 0, set.err
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

// analysisSet is the set of the mentions that pass f: without their
// evidence, from the digests where it can, when lean; else whole.
func (s *Store) analysisSet(ctx context.Context, f schema.Filter, lean bool) (*mset, error) {
	if !lean {
		ms, err := s.mentions(ctx, f, nil)
		if err != nil {
			return nil, err
		}
		return leanFromMentions(ms), nil
	}
	set, ok, err := s.leanDigests(ctx, f)
	if err != nil || ok {
		return set, err
	}
	ms, err := s.mentions(ctx, f, func(schema.Claim) bool { return true })
	if err != nil {
		return nil, err
	}
	return leanFromMentions(ms), nil
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
	cs, _ := findContradictions(leanFromMentions(ms), 0, ContradictionFilter{})
	return cs
}

// group is a set of mentions, as indexes into a set in its order: the
// analyses decide on groups and build the mentions they return only for
// those they show.
type group []int32

// found is a contradiction decided on groups, its sides and summary not
// made yet: they are made for those returned.
type found struct {
	c       schema.Contradiction
	sides   [2]group
	summary func() string
}

// findContradictions is FindContradictions over a set, keeping those of
// f's kind and topic and the first f.Limit of them (all when 0), with the
// sides cut to their first n mentions (all when n is 0), saying how many
// more each has, as CapContradictions would; and how many there are in
// all. It decides on the claims, each with its mentions: the mentions are
// looked at one by one only to count a side's sources.
func findContradictions(s *mset, n int, f ContradictionFilter) ([]schema.Contradiction, int) {
	type soKey struct{ subject, object, event string }
	type factKey struct{ event, pred string }
	var out []found
	facts := map[factKey][]*leanClaim{}
	var factOrder []factKey
	bySO := map[soKey][]*leanClaim{}
	var soOrder []soKey
	byEvent := map[string][]*leanClaim{}
	var eventOrder []string
	for _, c := range s.claims {
		if c.fact {
			k := factKey{c.Event, c.Predicate}
			if _, ok := facts[k]; !ok {
				factOrder = append(factOrder, k)
			}
			facts[k] = append(facts[k], c)
			continue
		}
		k := soKey{c.Subject, c.Object, c.Event}
		if _, ok := bySO[k]; !ok {
			soOrder = append(soOrder, k)
		}
		bySO[k] = append(bySO[k], c)
		if _, ok := byEvent[c.Event]; !ok {
			eventOrder = append(eventOrder, c.Event)
		}
		byEvent[c.Event] = append(byEvent[c.Event], c)
	}
	positive := func(l *lean) bool { return l.pol != polNegative }
	negative := func(l *lean) bool { return l.pol == polNegative }
	// polarity: one claim asserted and denied
	if f.Kind == "" || f.Kind == "polarity" {
		for _, c := range s.claims {
			if c.fact || (f.Topic != "" && c.Object != f.Topic) {
				continue
			}
			g := s.groups[c.ord]
			npos := 0
			for _, i := range g {
				if positive(&s.ms[i]) {
					npos++
				}
			}
			if npos == 0 || npos == len(g) {
				continue
			}
			pos := s.where(g, positive)
			neg := s.where(g, negative)
			out = append(out, found{schema.Contradiction{Kind: "polarity", Event: c.Event, Topic: c.Object},
				[2]group{pos, neg}, func() string {
					return fmt.Sprintf("%s %s %s: asserted by %s, denied by %s", c.Subject, c.Predicate, c.Object, s.sourcesOf(pos), s.sourcesOf(neg))
				}})
		}
	}
	// opposing predicates on the same subject, object and event
	for _, k := range soOrder {
		if f.Kind != "" && f.Kind != "opposing" {
			break
		}
		cs := bySO[k]
		if len(cs) < 2 || (f.Topic != "" && k.object != f.Topic) {
			continue // one claim, one predicate; or another topic
		}
		byPred := map[string][]group{}
		var preds []string
		for _, c := range cs {
			if pos := s.where(s.groups[c.ord], func(l *lean) bool { return l.pol == polPositive }); len(pos) > 0 {
				if _, ok := byPred[c.Predicate]; !ok {
					preds = append(preds, c.Predicate)
				}
				byPred[c.Predicate] = append(byPred[c.Predicate], pos)
			}
		}
		sort.Strings(preds)
		for i, a := range preds {
			for _, b := range preds[i+1:] {
				if opposes(a, b) {
					ga, gb := union(byPred[a]), union(byPred[b])
					out = append(out, found{schema.Contradiction{Kind: "opposing", Event: k.event, Topic: k.object},
						[2]group{ga, gb}, func() string {
							return fmt.Sprintf("%s %s %s (%s) vs %s %s (%s)", k.subject, a, k.object, s.sourcesOf(ga), b, k.object, s.sourcesOf(gb))
						}})
				}
			}
		}
	}
	// implied: participants "did not discuss X" vs a participant's positive
	// claim about X in the same event
	for _, ev := range eventOrder {
		if ev == schema.UnknownEvent || (f.Kind != "" && f.Kind != "implied") {
			continue
		}
		cs := byEvent[ev]
		type topic struct {
			first        int32 // its first denial
			neg          []group
			participants map[string]bool
		}
		topics := map[string]*topic{}
		var names []string
		for _, c := range cs {
			if c.Predicate != "discuss" || (f.Topic != "" && c.Object != f.Topic) {
				continue
			}
			neg := s.where(s.groups[c.ord], negative)
			if len(neg) == 0 {
				continue
			}
			t := topics[c.Object]
			if t == nil {
				t = &topic{first: neg[0], participants: map[string]bool{}}
				topics[c.Object] = t
				names = append(names, c.Object)
			}
			t.first = min(t.first, neg[0])
			t.neg = append(t.neg, neg)
			t.participants[c.Subject] = true
		}
		sort.Slice(names, func(i, j int) bool { return topics[names[i]].first < topics[names[j]].first })
		for _, name := range names {
			t := topics[name]
			var pos []group
			for _, c := range cs {
				if c.Object == name && t.participants[c.Subject] {
					if p := s.where(s.groups[c.ord], func(l *lean) bool { return l.pol == polPositive }); len(p) > 0 {
						pos = append(pos, p)
					}
				}
			}
			if len(pos) == 0 {
				continue
			}
			gp, gn := union(pos), union(t.neg)
			out = append(out, found{schema.Contradiction{Kind: "implied", Event: ev, Topic: name},
				[2]group{gn, gp}, func() string {
					stances := map[string]bool{}
					var st []string
					for _, i := range gp {
						if k := s.claim(&s.ms[i]).Subject + " " + s.claim(&s.ms[i]).Predicate; !stances[k] {
							stances[k] = true
							st = append(st, k)
						}
					}
					sort.Strings(st)
					return fmt.Sprintf("%s say %s was not discussed; %s report %s", s.sourcesOf(gn), name, s.sourcesOf(gp), joinAnd(st))
				}})
		}
	}
	// value conflicts of single-valued event facts
	if f.Kind == "" || f.Kind == "value" {
		for _, k := range factOrder {
			if f.Topic == "" || f.Topic == k.pred {
				out = append(out, valueConflicts(s, facts[k])...)
			}
		}
	}
	// the strengths, by a goroutine per core over a share of them each
	workers := 1
	if len(out) >= parallelStrengths {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := &s.st
			if w > 0 {
				st = &stamps{}
			}
			for i := w; i < len(out); i += workers {
				out[i].c.Strength = min(s.strength(st, out[i].sides[0]), s.strength(st, out[i].sides[1]))
			}
		}()
	}
	wg.Wait()
	// strongest first; the summaries, last in the order, are made only for
	// the contradictions up to the last one kept and those tied with it
	cmp := func(a, b schema.Contradiction) int {
		if (a.Severity == "major") != (b.Severity == "major") {
			if a.Severity == "major" {
				return -1
			}
			return 1
		}
		if a.Strength != b.Strength {
			return b.Strength - a.Strength
		}
		if c := strings.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		if c := strings.Compare(a.Event, b.Event); c != 0 {
			return c
		}
		return strings.Compare(a.Topic, b.Topic)
	}
	slices.SortStableFunc(out, func(a, b found) int { return cmp(a.c, b.c) })
	total := len(out)
	end := total
	if f.Limit > 0 && total > f.Limit {
		end = f.Limit
		for end < total && cmp(out[end].c, out[f.Limit-1].c) == 0 {
			end++
		}
	}
	out = out[:end]
	for i := range out {
		out[i].c.Summary = out[i].summary()
	}
	slices.SortStableFunc(out, func(a, b found) int {
		if c := cmp(a.c, b.c); c != 0 {
			return c
		}
		return strings.Compare(a.c.Summary, b.c.Summary) // one order, whatever the groups' order
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	sides := make([]group, 0, 2*len(out))
	for _, fd := range out {
		sides = append(sides, fd.sides[:]...)
	}
	s.prefetch(sides, n)
	cs := make([]schema.Contradiction, len(out))
	for i, fd := range out {
		c := fd.c
		var more [2]int
		for k := range fd.sides {
			c.Sides[k], more[k] = s.side(fd.sides[k], n)
		}
		if more[0] > 0 || more[1] > 0 {
			c.More = more[:]
		}
		cs[i] = c
	}
	return cs, total
}

// parallelStrengths is the number of contradictions from which their
// strengths are counted by a goroutine per core.
var parallelStrengths = 1024

// valueConflicts compares the distinct values of one fact of one event,
// each value one or more claims.
func valueConflicts(s *mset, cs []*leanClaim) []found {
	byVal := map[string][]group{}
	var vals []string
	for _, c := range cs {
		if _, ok := byVal[c.Object]; !ok {
			vals = append(vals, c.Object)
		}
		byVal[c.Object] = append(byVal[c.Object], s.groups[c.ord])
	}
	if len(vals) < 2 {
		return nil
	}
	sort.Strings(vals)
	groups := make(map[string]group, len(vals))
	for _, v := range vals {
		groups[v] = union(byVal[v])
	}
	approx := func(g group) bool {
		for _, i := range g {
			if s.ms[i].approx {
				return true
			}
		}
		return false
	}
	var out []found
	first := cs[0]
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
				if (approx(groups[a]) || approx(groups[b])) && c.Difference <= approxTolerance*math.Max(na, nb) {
					c.Severity = "minor"
				}
			}
			ga, gb := groups[a], groups[b]
			out = append(out, found{c, [2]group{ga, gb}, func() string {
				return fmt.Sprintf("%s of %s: %s (%s) vs %s (%s)", c.Topic, c.Event, a, s.sourcesOf(ga), b, s.sourcesOf(gb))
			}})
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
	ss, _, err := s.ShiftsTotal(ctx, from, to, actor, evidence, 0)
	return ss, err
}

// ShiftsTotal is Shifts keeping the limit shifts that changed most (all
// when limit is 0; see LimitShifts), and how many there are in all; the
// mentions of only those it returns are built and read.
func (s *Store) ShiftsTotal(ctx context.Context, from, to, actor string, evidence, limit int) ([]schema.Shift, int, error) {
	set, err := s.analysisSet(ctx, schema.Filter{Subject: actor}, evidence != 0 || limit > 0)
	if err != nil {
		return nil, 0, err
	}
	out, total := findShifts(set, from, to, max(evidence, 0), limit)
	if set.err != nil {
		return nil, 0, set.err
	}
	if evidence < 0 || (evidence == 0 && limit <= 0) {
		return out, total, nil // read whole, or NoEvidence
	}
	sides := make([][]schema.Mention, 0, 2*len(out))
	for _, sh := range out {
		sides = append(sides, sh.From, sh.To)
	}
	return out, total, s.newEvidenceFiller().fill(ctx, sides...)
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

// groupStances groups the stances of one event, from its claims: a
// stance's claims differ in their qualifiers only.
func groupStances(s *mset, event string) (map[stanceKey]*stance, []stanceKey) {
	type parts struct{ pos, neg []group }
	byKey := map[stanceKey]*parts{}
	var keys []stanceKey
	for _, c := range s.claims {
		if c.Event != event || c.fact || c.Predicate == "tone" {
			continue
		}
		k := stanceKey{c.Subject, c.Predicate, c.Object}
		p := byKey[k]
		if p == nil {
			p = &parts{}
			byKey[k] = p
			keys = append(keys, k)
		}
		g := s.groups[c.ord]
		if pos := s.where(g, func(l *lean) bool { return l.pol != polNegative }); len(pos) > 0 {
			p.pos = append(p.pos, pos)
		}
		if neg := s.where(g, func(l *lean) bool { return l.pol == polNegative }); len(neg) > 0 {
			p.neg = append(p.neg, neg)
		}
	}
	out := make(map[stanceKey]*stance, len(keys))
	for _, k := range keys {
		st := &stance{}
		if p := byKey[k]; p.pos != nil {
			st.pos = union(p.pos)
		}
		if p := byKey[k]; p.neg != nil {
			st.neg = union(p.neg)
		}
		out[k] = st
	}
	return out, keys
}

// FindShifts classifies stances of the first and second event: stable
// (the same polarity in both), new (second only), dropped (first only),
// reversed (the same subject and object with the opposite polarity or an
// opposing predicate), or contested (asserted and denied in the second
// event; polarity "mixed").
func FindShifts(from, to []schema.Mention) []schema.Shift {
	// the two lists as one set, the second event's mentions told apart
	// by their place
	all := append(append(make([]schema.Mention, 0, len(from)+len(to)), from...), to...)
	for i := range all {
		all[i].Event = "from"
		if i >= len(from) {
			all[i].Event = "to"
		}
		all[i].ClaimID = all[i].Event + "\x00" + all[i].ClaimID
	}
	set := leanFromMentions(all)
	// the set builds its mentions from all: as they were given
	copy(all, from)
	copy(all[len(from):], to)
	ss, _ := findShifts(set, "from", "to", 0, 0)
	return ss
}

// findShifts is FindShifts over the events from and to of a set, with the
// mentions of each event of a shift cut to the first n (all when n is 0),
// saying how many more there are, as CapShifts would.
func findShifts(s *mset, from, to string, n, limit int) ([]schema.Shift, int) {
	fa, fkeys := groupStances(s, from)
	tb, tkeys := groupStances(s, to)
	// the shifts decided on groups; their mentions are built for those
	// kept
	type found struct {
		schema.Shift
		f, t *stance
	}
	var out []found
	used := map[stanceKey]bool{} // stances of the second event already reported
	shift := func(k stanceKey, status string, f, t *stance) found {
		sh := found{schema.Shift{Actor: k.actor, Predicate: k.pred, Object: k.obj, Status: status}, f, t}
		for _, st := range []*stance{f, t} {
			if st != nil {
				sh.FromMore += len(st.pos) + len(st.neg) // the weight, for the limit
			}
		}
		if t != nil {
			sh.Polarity = t.polarity()
		} else {
			sh.Polarity = f.polarity()
		}
		return sh
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
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Actor != b.Actor {
			return a.Actor < b.Actor
		}
		if shiftOrder[a.Status] != shiftOrder[b.Status] {
			return shiftOrder[a.Status] < shiftOrder[b.Status]
		}
		if a.Predicate != b.Predicate {
			return a.Predicate < b.Predicate
		}
		return a.Object < b.Object
	})
	total := len(out)
	weights := make([]int, len(out))
	for i := range out {
		weights[i] = out[i].FromMore
	}
	keep := keepShifts(len(out), func(i int) (string, int) { return out[i].Status, weights[i] }, limit)
	var sides []group
	for _, k := range keep {
		for _, st := range []*stance{out[k].f, out[k].t} {
			if st != nil {
				sides = append(sides, st.mentions())
			}
		}
	}
	s.prefetch(sides, n)
	ss := make([]schema.Shift, len(keep))
	for i, k := range keep {
		sh := out[k].Shift
		sh.From, sh.FromMore, sh.To = []schema.Mention{}, 0, []schema.Mention{}
		if f := out[k].f; f != nil {
			sh.From, sh.FromMore = s.side(f.mentions(), n)
		}
		if t := out[k].t; t != nil {
			sh.To, sh.ToMore = s.side(t.mentions(), n)
		}
		ss[i] = sh
	}
	return ss, total
}

// shiftOrder orders the statuses of shifts: what changed most first.
var shiftOrder = map[string]int{"reversed": 0, "contested": 1, "new": 2, "dropped": 3, "stable": 4}

// DefaultShiftLimit is how many shifts the command and the API show
// unless asked for another number.
const DefaultShiftLimit = 100

// keepShifts picks the limit shifts of n (all when limit is 0) that
// changed most, given each one's status and weight (the mentions behind
// it in both events): reversed, contested, new, dropped, then stable, the
// heavier first. It returns their indexes in their order.
func keepShifts(n int, of func(i int) (status string, weight int), limit int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if limit <= 0 || n <= limit {
		return idx
	}
	sort.SliceStable(idx, func(a, b int) bool {
		sa, wa := of(idx[a])
		sb, wb := of(idx[b])
		if shiftOrder[sa] != shiftOrder[sb] {
			return shiftOrder[sa] < shiftOrder[sb]
		}
		return wa > wb
	})
	idx = idx[:limit]
	sort.Ints(idx)
	return idx
}

// LimitShifts keeps the limit shifts of ss that changed most (all when
// limit is 0), in their order, as Shifts with that limit would, and says
// how many there were. It does not change ss.
func LimitShifts(ss []schema.Shift, limit int) ([]schema.Shift, int) {
	keep := keepShifts(len(ss), func(i int) (string, int) {
		return ss[i].Status, len(ss[i].From) + ss[i].FromMore + len(ss[i].To) + ss[i].ToMore
	}, limit)
	if len(keep) == len(ss) {
		return ss, len(ss)
	}
	out := make([]schema.Shift, len(keep))
	for i, k := range keep {
		out[i] = ss[k]
	}
	return out, len(ss)
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
