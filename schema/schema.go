// Package schema holds claimgraph's domain: documents, claims, mentions,
// analyses' results, filters, the store and extractor interfaces and error
// codes. It imports nothing but the standard library.
package schema

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Polarity values of a mention.
const (
	Positive = "positive"
	Negative = "negative"
)

// UnknownEvent is the event of a claim that reports a standing position.
const UnknownEvent = "unknown"

// OutletSource is the source of a claim made in the article's own voice.
const OutletSource = "outlet"

// Document is one ingested report.
type Document struct {
	ID        string `json:"id"`   // hash of the cleaned text
	Name      string `json:"name"` // file name or given id
	Path      string `json:"path,omitempty"`
	Title     string `json:"title,omitempty"`
	URL       string `json:"url,omitempty"`
	Outlet    string `json:"outlet,omitempty"`
	Published string `json:"published,omitempty"`
	Lang      string `json:"lang,omitempty"`
	Text      string `json:"-"` // cleaned text
}

// Claim is one proposition. Its ID is a hash of its fields, so the same
// proposition reported by several documents is one claim.
type Claim struct {
	Subject   string `json:"subject"`
	Predicate string `json:"predicate"`
	Object    string `json:"object"`
	Event     string `json:"event"`
	Target    string `json:"target,omitempty"`
	Condition string `json:"condition,omitempty"`
	About     string `json:"about,omitempty"`
}

// ID returns the claim's content hash.
func (c Claim) ID() string {
	return Hash("claim", c.Subject, c.Predicate, c.Object, c.Event, c.Target, c.Condition, c.About)
}

// Mention is one source asserting or denying a claim in one document.
type Mention struct {
	ID       string `json:"id"`
	ClaimID  string `json:"claim"`
	Claim           // subject, predicate, object, event and qualifiers
	Polarity string `json:"polarity"`
	Source   string `json:"source"`
	DocID    string `json:"doc_id"`
	Doc      string `json:"doc"` // document name
	Evidence string `json:"evidence"`
	// EvidenceNorm is the evidence normalized for matching (Arabic
	// spelling variants folded); stored next to the text as written.
	EvidenceNorm string  `json:"evidence_norm,omitempty"`
	Sentence     int     `json:"sentence"`
	Start        int     `json:"start"` // rune offsets of the evidence in the cleaned text
	End          int     `json:"end"`
	Rule         string  `json:"rule"`
	Confidence   float64 `json:"confidence"`
	Lang         string  `json:"lang,omitempty"`
	// Approx marks an approximate value ("about two hours").
	Approx bool `json:"approx,omitempty"`
}

// Finish fills the derived IDs of a mention.
func (m *Mention) Finish() {
	m.ClaimID = m.Claim.ID()
	m.ID = Hash("mention", m.DocID, m.ClaimID, m.Polarity, m.Source, m.Rule, itoa(m.Start), itoa(m.End))
}

// Hash returns a short stable hex digest of the parts.
func Hash(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8]) // 16 hex digits, no longer string behind them
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// Extraction is a document with the mentions found in it.
type Extraction struct {
	Doc      Document
	Mentions []Mention
}

// Filter selects mentions. Empty fields match everything.
type Filter struct {
	Subject   string
	Predicate string
	Object    string
	Event     string
	Source    string
	Doc       string // document name or ID
	Polarity  string
	// Lang is a language tag ("ar", "en"); it matches its subtags too
	// ("ar" matches "ar-EG").
	Lang string
}

// Match reports whether m passes the filter.
func (f Filter) Match(m Mention) bool {
	eq := func(want, got string) bool { return want == "" || want == got }
	return eq(f.Subject, m.Subject) && eq(f.Predicate, m.Predicate) && eq(f.Object, m.Object) &&
		eq(f.Event, m.Event) && eq(f.Source, m.Source) && eq(f.Polarity, m.Polarity) &&
		f.matchDoc(m.Doc, m.DocID) && LangMatch(f.Lang, m.Lang)
}

// MatchDoc reports whether d passes the filter's document fields (Doc and
// Lang); the other fields select mentions and are ignored.
func (f Filter) MatchDoc(d Document) bool {
	return f.matchDoc(d.Name, d.ID) && LangMatch(f.Lang, d.Lang)
}

func (f Filter) matchDoc(name, id string) bool {
	return f.Doc == "" || f.Doc == name || f.Doc == id || strings.HasSuffix(name, "/"+f.Doc)
}

// LangMatch reports whether the language tag got is want or one of its
// subtags, case-insensitively; an empty want matches everything.
func LangMatch(want, got string) bool {
	if want == "" {
		return true
	}
	if len(got) > len(want) && got[len(want)] == '-' {
		got = got[:len(want)]
	}
	return strings.EqualFold(want, got)
}

// Stats counts what a store holds.
type Stats struct {
	Documents int            `json:"documents"`
	Claims    int            `json:"claims"`
	Mentions  int            `json:"mentions"`
	Quads     int64          `json:"quads"`
	Events    map[string]int `json:"events"`  // mentions per event
	Sources   map[string]int `json:"sources"` // mentions per source
}

// WriteResult says what one Put did.
type WriteResult struct {
	Added     int // documents written, replacements included
	Replaced  int // documents written that replaced an earlier version under the same path
	Unchanged int // documents already present
	Mentions  int
	Quads     int
}

// Store persists extractions and answers reads. Implementations must be
// safe for one writer at a time; callers serialize writes.
type Store interface {
	// Put writes the documents; each document's quads land together or not at all.
	Put(ctx context.Context, batch []Extraction) (WriteResult, error)
	// Mentions lists the mentions that pass the filter.
	Mentions(ctx context.Context, f Filter) ([]Mention, error)
	// Documents lists the stored documents.
	Documents(ctx context.Context) ([]Document, error)
	// Stats counts what the store holds.
	Stats(ctx context.Context) (Stats, error)
	Close() error
}

// DocStore is a store that keeps each document's cleaned text and can
// replace a stored document's mentions: what re-extraction needs.
type DocStore interface {
	Store
	// Text returns a stored document's cleaned text; ok is false when the
	// document is not stored or was stored without its text.
	Text(ctx context.Context, docID string) (text string, ok bool, err error)
	// DocMentions lists the stored mentions of one document.
	DocMentions(ctx context.Context, docID string) ([]Mention, error)
	// Replace replaces the mentions of stored documents with the given
	// ones, as ingesting a changed version of each would; each
	// document's quads land together or not at all.
	Replace(ctx context.Context, batch []Extraction) (WriteResult, error)
}

// Extractor turns a document into mentions.
type Extractor interface {
	Extract(doc Document) []Mention
}

// Term is a vocabulary entry written to the graph as a labeled node.
type Term struct {
	ID   string `json:"id"`
	Kind string `json:"kind"` // actor, predicate, topic, event
	Type string `json:"type,omitempty"`
	En   string `json:"en,omitempty"`
	Ar   string `json:"ar,omitempty"`
}

// LiteralFacts are predicates whose object is a literal value, not a node.
var LiteralFacts = map[string]bool{"duration": true, "medium": true, "tone": true}

// Contradiction is a disagreement between sources.
type Contradiction struct {
	Kind     string `json:"kind"` // polarity | opposing | implied | value
	Event    string `json:"event"`
	Topic    string `json:"topic"`              // topic ID, or the fact for value conflicts
	Severity string `json:"severity,omitempty"` // value conflicts: minor | major
	// Difference is the size of a value conflict of numeric values, in
	// DifferenceUnit (minutes for durations); both are empty otherwise.
	Difference     float64      `json:"difference,omitempty"`
	DifferenceUnit string       `json:"difference_unit,omitempty"`
	Summary        string       `json:"summary"`
	Sides          [2][]Mention `json:"sides"`
	// More is how many mentions each side left out under an evidence
	// cap; absent when none was.
	More []int `json:"more,omitempty"`
	// Strength ranks results: independent sources on the weaker side.
	Strength int `json:"strength"`
}

// Shift is how one stance moved between two events.
type Shift struct {
	Actor     string    `json:"actor"`
	Predicate string    `json:"predicate"`
	Object    string    `json:"object"`
	Polarity  string    `json:"polarity"` // positive | negative | mixed (asserted and denied in the second event)
	Status    string    `json:"status"`   // stable | new | dropped | reversed | contested
	From      []Mention `json:"from"`
	To        []Mention `json:"to"`
	// FromMore and ToMore are how many mentions From and To left out
	// under an evidence cap.
	FromMore int `json:"from_more,omitempty"`
	ToMore   int `json:"to_more,omitempty"`
	// Was is the opposite stance in the first event for a reversal.
	Was string `json:"was,omitempty"`
}

// Position is one actor's stance on a topic in one event.
type Position struct {
	Topic     string    `json:"topic"`
	Event     string    `json:"event"`
	Actor     string    `json:"actor"`
	Predicate string    `json:"predicate"`
	Polarity  string    `json:"polarity"`
	Condition string    `json:"condition,omitempty"` // the topic a conditional stance depends on
	Stance    string    `json:"stance"`              // for | against: the stance's direction on the topic
	Mentions  []Mention `json:"mentions"`
	// More is how many mentions Mentions left out under an evidence cap.
	More int `json:"more,omitempty"`
}
