// Package eval scores extracted mentions against a gold file of
// hand-annotated claims, by the rules of the gold README: keys are (doc,
// subject, predicate, object, polarity); a|b in gold means either.
package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/claimgraph/claimgraph/schema"
)

// Gold is one annotated claim.
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
	Line      int    `json:"line"`
}

// ReadGold parses a gold JSONL stream; name is used in errors.
func ReadGold(r io.Reader, name string) ([]Gold, error) {
	var out []Gold
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var g Gold
		if err := json.Unmarshal([]byte(line), &g); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		if g.Doc == "" || g.Subject == "" || g.Predicate == "" || g.Object == "" {
			return nil, fmt.Errorf("%s:%d: doc, subject, predicate and object are required", name, n)
		}
		if g.Polarity == "" {
			g.Polarity = schema.Positive
		}
		g.Line = n
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return out, nil
}

// Key is a predicted claim reduced for scoring.
type Key struct {
	Doc       string `json:"doc"`
	Subject   string `json:"subject"`
	Predicate string `json:"predicate"`
	Object    string `json:"object"`
	Polarity  string `json:"polarity"`
	Event     string `json:"event,omitempty"`
	Source    string `json:"source,omitempty"`
	Evidence  string `json:"evidence,omitempty"`
}

func (k Key) id() string {
	return k.Doc + "\x00" + k.Subject + "\x00" + k.Predicate + "\x00" + k.Object + "\x00" + k.Polarity
}

// Report is the score of a run.
type Report struct {
	Precision      float64 `json:"precision"`
	Recall         float64 `json:"recall"`
	F1             float64 `json:"f1"`
	EventAccuracy  float64 `json:"event_accuracy"`
	SourceAccuracy float64 `json:"source_accuracy"`
	TP             int     `json:"tp"`
	FP             int     `json:"fp"`
	FN             int     `json:"fn"`
	Required       int     `json:"required"`
	Found          int     `json:"found"`
	FalsePositives []Key   `json:"false_positives"`
	FalseNegatives []Gold  `json:"false_negatives"`
	// EventErrors and SourceErrors are found required claims whose event
	// or source is not among the gold alternatives.
	EventErrors  []Mismatch `json:"event_errors"`
	SourceErrors []Mismatch `json:"source_errors"`
}

// Mismatch is a found claim with a wrong event or source.
type Mismatch struct {
	Gold Gold   `json:"gold"`
	Got  string `json:"got"`
}

func alt(field, v string) bool {
	for _, a := range strings.Split(field, "|") {
		if strings.TrimSpace(a) == v {
			return true
		}
	}
	return false
}

func (g Gold) matches(k Key) bool {
	return docName(g.Doc) == docName(k.Doc) && alt(g.Subject, k.Subject) && alt(g.Predicate, k.Predicate) &&
		alt(g.Object, k.Object) && g.Polarity == k.Polarity
}

func docName(d string) string { return filepath.Base(d) }

// Score compares predicted mentions with the gold claims. Only documents
// named in the gold count.
func Score(pred []schema.Mention, gold []Gold) Report {
	// the gold lines of each document, in file order: a key is compared
	// with its document's lines only, so scoring grows with the corpus,
	// not with its square
	byDoc := map[string][]int{}
	for i, g := range gold {
		d := docName(g.Doc)
		byDoc[d] = append(byDoc[d], i)
	}
	// keys, first mention per key kept for event/source; all mentions of a
	// key kept for accuracy
	type keyed struct {
		k        Key
		mentions []schema.Mention
	}
	byID := map[string]*keyed{}
	var order []string
	for _, m := range pred {
		d := docName(m.Doc)
		if _, ok := byDoc[d]; !ok {
			continue
		}
		k := Key{Doc: d, Subject: m.Subject, Predicate: m.Predicate, Object: m.Object, Polarity: m.Polarity}
		e, ok := byID[k.id()]
		if !ok {
			k.Event, k.Source, k.Evidence = m.Event, m.Source, m.Evidence
			e = &keyed{k: k}
			byID[k.id()] = e
			order = append(order, k.id())
		}
		e.mentions = append(e.mentions, m)
	}
	sort.Strings(order)
	var r Report
	matchedGold := make([]bool, len(gold))
	var evOK, srcOK, accN int
	for _, id := range order {
		e := byID[id]
		hitRequired, hitAny := false, false
		for _, i := range byDoc[e.k.Doc] {
			g := gold[i]
			if !g.matches(e.k) {
				continue
			}
			hitAny = true
			if g.Required {
				hitRequired = true
				if !matchedGold[i] {
					matchedGold[i] = true
					accN++
					if anyMention(e.mentions, func(m schema.Mention) bool { return alt(g.Event, m.Event) }) {
						evOK++
					} else {
						r.EventErrors = append(r.EventErrors, Mismatch{g, e.mentions[0].Event})
					}
					if anyMention(e.mentions, func(m schema.Mention) bool { return alt(g.Source, m.Source) }) {
						srcOK++
					} else {
						r.SourceErrors = append(r.SourceErrors, Mismatch{g, e.mentions[0].Source})
					}
				}
			}
		}
		switch {
		case hitRequired:
			r.TP++
		case hitAny:
			// optional only: neither
		default:
			r.FP++
			r.FalsePositives = append(r.FalsePositives, e.k)
		}
	}
	for i, g := range gold {
		if !g.Required {
			continue
		}
		r.Required++
		if matchedGold[i] {
			r.Found++
		} else {
			r.FN++
			r.FalseNegatives = append(r.FalseNegatives, g)
		}
	}
	if r.TP+r.FP > 0 {
		r.Precision = float64(r.TP) / float64(r.TP+r.FP)
	}
	if r.Required > 0 {
		r.Recall = float64(r.Found) / float64(r.Required)
	}
	if r.Precision+r.Recall > 0 {
		r.F1 = 2 * r.Precision * r.Recall / (r.Precision + r.Recall)
	}
	if accN > 0 {
		r.EventAccuracy = float64(evOK) / float64(accN)
		r.SourceAccuracy = float64(srcOK) / float64(accN)
	}
	if r.FalsePositives == nil {
		r.FalsePositives = []Key{}
	}
	if r.FalseNegatives == nil {
		r.FalseNegatives = []Gold{}
	}
	if r.EventErrors == nil {
		r.EventErrors = []Mismatch{}
	}
	if r.SourceErrors == nil {
		r.SourceErrors = []Mismatch{}
	}
	return r
}

func anyMention(ms []schema.Mention, f func(schema.Mention) bool) bool {
	for _, m := range ms {
		if f(m) {
			return true
		}
	}
	return false
}
