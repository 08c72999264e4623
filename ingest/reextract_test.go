package ingest

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/claimgraph/claimgraph/schema"
)

// wordExtractor makes one claim per known word of a text: the word's
// predicate on the object "topic", by the subject "actor".
type wordExtractor struct {
	words map[string]string // word → predicate
	mu    sync.Mutex
	calls int
}

func (x *wordExtractor) Extract(d schema.Document) []schema.Mention {
	x.mu.Lock()
	x.calls++
	x.mu.Unlock()
	var out []schema.Mention
	pos := 0
	for i, w := range strings.Fields(d.Text) {
		if p, ok := x.words[w]; ok {
			m := schema.Mention{Claim: schema.Claim{Subject: "actor", Predicate: p, Object: "topic", Event: "e"}, Polarity: schema.Positive,
				Source: "outlet", DocID: d.ID, Doc: d.Name, Evidence: w, Sentence: i, Start: pos, End: pos + len(w), Rule: p + "/word", Confidence: 0.5}
			m.Finish()
			out = append(out, m)
		}
		pos += len(w) + 1
	}
	return out
}

// docStore is a schema.DocStore in memory that checks writes are never
// concurrent.
type docStore struct {
	memStore
	texts    map[string]string
	mentions map[string][]schema.Mention
	replaces int
	failAt   int // fail the Nth Replace (1-based); 0 never
}

func newDocStore() *docStore {
	return &docStore{memStore: *newMem(), texts: map[string]string{}, mentions: map[string][]schema.Mention{}}
}

func (s *docStore) Text(_ context.Context, id string) (string, bool, error) {
	t, ok := s.texts[id]
	return t, ok, nil
}

func (s *docStore) DocMentions(_ context.Context, id string) ([]schema.Mention, error) {
	return append([]schema.Mention(nil), s.mentions[id]...), nil
}

func (s *docStore) Replace(ctx context.Context, batch []schema.Extraction) (schema.WriteResult, error) {
	if err := ctx.Err(); err != nil {
		return schema.WriteResult{}, err
	}
	s.replaces++
	if s.failAt == s.replaces {
		return schema.WriteResult{}, errors.New("disk full")
	}
	var r schema.WriteResult
	for _, e := range batch {
		if _, ok := s.docs[e.Doc.ID]; !ok {
			return schema.WriteResult{}, errors.New("not stored")
		}
		s.mentions[e.Doc.ID] = e.Mentions
		r.Replaced++
		r.Mentions += len(e.Mentions)
		r.Quads += len(e.Mentions)
	}
	return r, nil
}

// ingestTexts stores the documents as ingest would, with the extractor's
// mentions; a text of "" stores the document without its text.
func (s *docStore) ingestTexts(x schema.Extractor, texts map[string]string) []schema.Document {
	var docs []schema.Document
	for name, text := range texts {
		d := schema.Document{ID: schema.Hash("doc", name), Name: name, Lang: "ar", Text: text}
		s.docs[d.ID] = schema.Extraction{Doc: d}
		if text != "" {
			s.texts[d.ID] = text
			s.mentions[d.ID] = x.Extract(d)
			for i := range s.mentions[d.ID] {
				s.mentions[d.ID][i].Lang = "ar" // as the store reads it back
			}
		}
		d.Text = ""
		docs = append(docs, d)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Name < docs[j].Name })
	return docs
}

func TestReextract(t *testing.T) {
	ctx := context.Background()
	texts := map[string]string{"a.txt": "warn x demand", "b.txt": "demand y", "c.txt": "nothing here", "old.txt": ""}
	setup := func() (*docStore, []schema.Document) {
		s := newDocStore()
		return s, s.ingestTexts(&wordExtractor{words: map[string]string{"warn": "warn", "demand": "demand"}}, texts)
	}
	t.Run("a grown lexicon adds claims and a shrunk one removes them", func(t *testing.T) {
		s, docs := setup()
		x := &wordExtractor{words: map[string]string{"warn": "warn", "y": "reject", "nothing": "deny"}}
		var skipped []Skip
		p := &Pipeline{Store: s, Extractor: x, Options: Options{Workers: 3, BatchSize: 2, Hooks: Hooks{OnSkip: func(sk Skip) { skipped = append(skipped, sk) }}}}
		sum, err := p.Reextract(ctx, docs)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Documents != 3 || sum.Changed != 3 || sum.Unchanged != 0 || len(sum.Skipped) != 1 || len(skipped) != 1 {
			t.Errorf("summary %+v", sum)
		}
		if sum.ClaimsAdded != 2 || sum.ClaimsRemoved != 2 || sum.MentionsAdded != 2 || sum.MentionsRemoved != 2 {
			t.Errorf("counts %+v", sum)
		}
		var added, removed []string
		for _, c := range sum.Added {
			added = append(added, c.Doc+" "+c.Predicate+" "+c.Evidence+" "+strings.Join(c.Sources, ","))
		}
		for _, c := range sum.Removed {
			removed = append(removed, c.Doc+" "+c.Predicate+" "+c.Evidence)
		}
		if strings.Join(added, "|") != "b.txt reject y outlet|c.txt deny nothing outlet" {
			t.Errorf("added %q", added)
		}
		if strings.Join(removed, "|") != "a.txt demand demand|b.txt demand demand" {
			t.Errorf("removed %q", removed)
		}
		if sk := sum.Skipped[0]; sk.Path != "old.txt" || !strings.Contains(sk.Reason, "ingest") {
			t.Errorf("skip %+v", sk)
		}
		if got := len(s.mentions[schema.Hash("doc", "c.txt")]); got != 1 {
			t.Errorf("c.txt has %d mentions, want 1", got)
		}
		again, err := p.Reextract(ctx, docs)
		if err != nil {
			t.Fatal(err)
		}
		if again.Changed != 0 || again.Unchanged != 3 || again.ClaimsAdded+again.ClaimsRemoved+again.MentionsAdded+again.MentionsRemoved+again.Quads != 0 {
			t.Errorf("second run changed something: %+v", again)
		}
	})
	t.Run("the same lexicon changes nothing and writes nothing", func(t *testing.T) {
		s, docs := setup()
		p := &Pipeline{Store: s, Extractor: &wordExtractor{words: map[string]string{"warn": "warn", "demand": "demand"}}}
		sum, err := p.Reextract(ctx, docs)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Unchanged != 3 || sum.Changed != 0 || s.replaces != 0 {
			t.Errorf("summary %+v, %d replaces", sum, s.replaces)
		}
	})
	t.Run("a changed detail of a mention rewrites it without a claim change", func(t *testing.T) {
		s, docs := setup()
		id := schema.Hash("doc", "b.txt")
		s.mentions[id][0].Confidence = 0.7
		p := &Pipeline{Store: s, Extractor: &wordExtractor{words: map[string]string{"warn": "warn", "demand": "demand"}}}
		sum, err := p.Reextract(ctx, docs)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Changed != 1 || sum.Unchanged != 2 || sum.ClaimsAdded+sum.ClaimsRemoved+sum.MentionsAdded+sum.MentionsRemoved != 0 {
			t.Errorf("summary %+v", sum)
		}
		if s.mentions[id][0].Confidence != 0.5 {
			t.Error("the mention was not rewritten")
		}
	})
	t.Run("an interruption between batches keeps what landed", func(t *testing.T) {
		s, docs := setup()
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		x := &wordExtractor{words: map[string]string{"y": "reject", "nothing": "deny", "x": "hope"}}
		p := &Pipeline{Store: s, Extractor: x, Options: Options{BatchSize: 1, Hooks: Hooks{OnProgress: func(Progress) { cancel() }}}}
		sum, err := p.Reextract(cctx, docs)
		if !errors.Is(err, context.Canceled) || !sum.Interrupted {
			t.Fatalf("err %v, summary %+v", err, sum)
		}
		if sum.Documents != 1 || sum.Changed != 1 || s.replaces != 1 || x.calls != 1 {
			t.Errorf("after the first batch: %+v, %d replaces, %d extractions", sum, s.replaces, x.calls)
		}
	})
	t.Run("a write error stops the run", func(t *testing.T) {
		s, docs := setup()
		s.failAt = 1
		p := &Pipeline{Store: s, Extractor: &wordExtractor{words: map[string]string{"y": "reject"}}}
		sum, err := p.Reextract(ctx, docs)
		if err == nil || !strings.Contains(err.Error(), "disk full") || sum.Interrupted || sum.Changed != 0 {
			t.Errorf("err %v, summary %+v", err, sum)
		}
	})
	t.Run("a store without texts is refused", func(t *testing.T) {
		p := &Pipeline{Store: newMem(), Extractor: &wordExtractor{}}
		if _, err := p.Reextract(ctx, nil); !errors.Is(err, ErrNoTexts) {
			t.Errorf("err %v", err)
		}
	})
}
