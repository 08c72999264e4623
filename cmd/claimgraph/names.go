package main

import (
	"context"
	"sort"
	"strings"

	"github.com/claimgraph/claimgraph/graph"
	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

// Kinds of names a filter takes.
const (
	kActor     = "actor"
	kPredicate = "predicate"
	kTopic     = "topic"
	kEvent     = "event"
)

// names resolves what users type for actors, predicates, topics and events
// (an ID in any case, an English label, an Arabic form of the lexicon) to
// vocabulary IDs.
type names struct {
	ids   map[string][]string          // kind → sorted IDs
	forms map[string]map[string]string // kind → normalized form → ID ("" when ambiguous)
	en    map[string]string            // ID → English label
}

func nameKey(s string) string {
	return strings.Join(strings.Fields(arabic.Normalize(strings.ReplaceAll(s, "_", " "))), " ")
}

// plainForm reports whether a lexicon form is a plain phrase rather than a
// pattern (stems, alternatives, gaps, actor slots, exact words).
func plainForm(f string) bool { return !strings.ContainsAny(f, "*|.@=") }

// loadNames builds the names from the vocabulary and the lexicon
// (embedded and configured files).
func (a *app) loadNames() (*names, error) {
	voc, err := lexicon.LoadVocabulary()
	if err != nil {
		return nil, err
	}
	if err := checkLexiconFiles(a.cfg.Lexicon); err != nil {
		return nil, err
	}
	lex, err := lexicon.Load(a.cfg.Lexicon...)
	if err != nil {
		return nil, err
	}
	n := &names{ids: map[string][]string{}, forms: map[string]map[string]string{}, en: map[string]string{}}
	idset := map[string]map[string]bool{}
	add := func(kind, id string, forms ...string) {
		if n.forms[kind] == nil {
			n.forms[kind], idset[kind] = map[string]string{}, map[string]bool{}
		}
		idset[kind][id] = true
		for _, f := range append([]string{id}, forms...) {
			k := nameKey(f)
			if k == "" || !plainForm(f) {
				continue
			}
			old, ok := n.forms[kind][k]
			switch {
			case !ok || old == id:
				n.forms[kind][k] = id
			case nameKey(old) == k:
				// an ID spelled this way wins over another entry's form
			case nameKey(id) == k:
				n.forms[kind][k] = id
			default:
				n.forms[kind][k] = "" // two entries share the form
			}
		}
	}
	terms := func(kind string, m map[string]lexicon.Term) {
		for id, t := range m {
			n.en[id] = t.En
			add(kind, id, append([]string{t.En}, t.Cues...)...)
		}
	}
	terms(kActor, voc.Actors)
	terms(kPredicate, voc.Predicates)
	terms(kTopic, voc.Topics)
	terms(kEvent, voc.Events)
	for id, fs := range lex.Actors {
		add(kActor, id, fs...)
	}
	for id, fs := range lex.Topics {
		add(kTopic, id, fs...)
	}
	for id, fs := range lex.Events {
		add(kEvent, id, fs...)
	}
	for id := range lex.PredicateIDs {
		add(kPredicate, id)
	}
	add(kEvent, schema.UnknownEvent)
	add(kActor, schema.OutletSource)
	for kind, set := range idset {
		for id := range set {
			n.ids[kind] = append(n.ids[kind], id)
		}
		sort.Strings(n.ids[kind])
	}
	return n, nil
}

// lookup finds the ID a name stands for among the kinds.
func (n *names) lookup(value string, kinds ...string) (string, bool) {
	k := nameKey(value)
	found := ""
	for _, kind := range kinds {
		id, ok := n.forms[kind][k]
		if !ok || id == "" {
			continue
		}
		if found != "" && found != id {
			return "", false
		}
		found = id
	}
	return found, found != ""
}

// suggest returns the IDs closest to value (by edit distance on the ID
// and the English label).
func (n *names) suggest(value string, kinds ...string) []string {
	k := nameKey(value)
	best, bestD := []string(nil), 1<<30
	for _, kind := range kinds {
		for _, id := range n.ids[kind] {
			d := editDistance(k, nameKey(id))
			if e := n.en[id]; e != "" {
				d = min(d, editDistance(k, nameKey(e)))
			}
			if strings.HasPrefix(nameKey(id), k) && len(k) >= 3 {
				d = min(d, 1)
			}
			switch {
			case d < bestD:
				best, bestD = []string{id}, d
			case d == bestD && !contains(best, id):
				best = append(best, id)
			}
		}
	}
	if bestD > max(2, len([]rune(k))/3) || len(best) > 3 {
		return nil
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// resolve turns the value of a filter flag into an ID: a name the
// vocabulary or lexicon knows, else a value the store holds for that
// field (a literal such as "120", an ID of a user's lexicon). Anything
// else is a usage error with a suggestion.
func (a *app) resolve(ctx context.Context, n *names, store *graph.Store, flag, value string, field func(*schema.Filter) *string, kinds ...string) (string, error) {
	if value == "" {
		return "", nil
	}
	if id, ok := n.lookup(value, kinds...); ok {
		return id, nil
	}
	if store != nil && field != nil {
		var f schema.Filter
		*field(&f) = value
		if ms, err := store.Mentions(ctx, f); err != nil {
			return "", err
		} else if len(ms) > 0 {
			return value, nil
		}
	}
	what := strings.Join(kinds, " or ")
	if s := n.suggest(value, kinds...); len(s) > 0 {
		return "", usagef("unknown %s %q: no %s by that name (did you mean %s?)", flag, value, what, strings.Join(s, " or "))
	}
	if len(kinds) == 1 && len(n.ids[kinds[0]]) <= 60 {
		return "", usagef("unknown %s %q: no %s by that name; %ss: %s", flag, value, what, kinds[0], strings.Join(n.ids[kinds[0]], ", "))
	}
	return "", usagef("unknown %s %q: no %s by that name", flag, value, what)
}

// resolveDoc makes sure a --doc value names a stored document: its name,
// ID, the end of its name's path, or the start of one name only ("003"
// as in the shifts' source@003). Otherwise it suggests the closest names.
func resolveDoc(ctx context.Context, store *graph.Store, doc string) (string, error) {
	docs, err := store.Documents(ctx)
	if err != nil {
		return "", err
	}
	var names, prefixed []string
	for _, d := range docs {
		if doc == d.Name || doc == d.ID || strings.HasSuffix(d.Name, "/"+doc) {
			return doc, nil
		}
		names = append(names, d.Name)
		if strings.HasPrefix(d.Name, doc) {
			prefixed = append(prefixed, d.Name)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0], nil
	}
	sort.Strings(names)
	best, bestD := []string(nil), 1<<30
	for _, n := range names {
		d := editDistance(doc, n)
		if strings.HasPrefix(n, doc) {
			d = min(d, 1)
		}
		switch {
		case d < bestD:
			best, bestD = []string{n}, d
		case d == bestD:
			best = append(best, n)
		}
	}
	if len(best) > 0 && len(best) <= 3 && bestD <= max(3, len(doc)/3) {
		return "", usagef("no document %q in the store (did you mean %s?)", doc, strings.Join(best, " or "))
	}
	return "", usagef("no document %q in the store (claimgraph docs lists them)", doc)
}

// resolveFilter resolves the names in a mention filter.
func (a *app) resolveFilter(ctx context.Context, store *graph.Store, f *schema.Filter) error {
	if f.Doc != "" && store != nil {
		doc, err := resolveDoc(ctx, store, f.Doc)
		if err != nil {
			return err
		}
		f.Doc = doc
	}
	if *f == (schema.Filter{Doc: f.Doc, Polarity: f.Polarity}) {
		return nil
	}
	n, err := a.loadNames()
	if err != nil {
		return err
	}
	for _, x := range []struct {
		flag  string
		field func(*schema.Filter) *string
		kinds []string
	}{
		{"--subject", func(f *schema.Filter) *string { return &f.Subject }, []string{kActor, kEvent}},
		{"--predicate", func(f *schema.Filter) *string { return &f.Predicate }, []string{kPredicate}},
		{"--object", func(f *schema.Filter) *string { return &f.Object }, []string{kTopic, kActor}},
		{"--event", func(f *schema.Filter) *string { return &f.Event }, []string{kEvent}},
		{"--source", func(f *schema.Filter) *string { return &f.Source }, []string{kActor}},
	} {
		p := x.field(f)
		id, err := a.resolve(ctx, n, store, x.flag, *p, x.field, x.kinds...)
		if err != nil {
			return err
		}
		*p = id
	}
	return nil
}

// nameFlag is a flag whose value is a name to resolve in place; field
// says which mention field a value the store holds may match.
type nameFlag struct {
	flag  string
	dst   *string
	field func(*schema.Filter) *string
	kinds []string
}

// resolveFlags resolves the names given to the flags, in place.
func (a *app) resolveFlags(ctx context.Context, store *graph.Store, flags ...nameFlag) error {
	var n *names
	for _, f := range flags {
		if *f.dst == "" {
			continue
		}
		if n == nil {
			var err error
			if n, err = a.loadNames(); err != nil {
				return err
			}
		}
		id, err := a.resolve(ctx, n, store, f.flag, *f.dst, f.field, f.kinds...)
		if err != nil {
			return err
		}
		*f.dst = id
	}
	return nil
}

func subjectField(f *schema.Filter) *string { return &f.Subject }
func objectField(f *schema.Filter) *string  { return &f.Object }
func eventField(f *schema.Filter) *string   { return &f.Event }
