package ingest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/claimgraph/claimgraph/schema"
)

// Change is a claim, with a polarity, that a document gained or lost.
type Change struct {
	ClaimID string `json:"claim"`
	schema.Claim
	Polarity string `json:"polarity"`
	Doc      string `json:"doc"`
	DocID    string `json:"doc_id"`
	// Sources are the sources of the document's mentions of the claim.
	Sources  []string `json:"sources"`
	Evidence string   `json:"evidence"`
}

// ReextractSummary says what a re-extraction changed. Claims are counted
// per document and polarity: a document that now reports a claim it did
// not report before adds one.
type ReextractSummary struct {
	Documents       int           `json:"documents"` // documents re-extracted (skipped ones not counted)
	Changed         int           `json:"changed"`   // documents whose mentions were rewritten
	Unchanged       int           `json:"unchanged"`
	ClaimsAdded     int           `json:"claims_added"`
	ClaimsRemoved   int           `json:"claims_removed"`
	MentionsAdded   int           `json:"mentions_added"`
	MentionsRemoved int           `json:"mentions_removed"`
	Quads           int           `json:"quads"`
	Added           []Change      `json:"added"`
	Removed         []Change      `json:"removed"`
	Skipped         []Skip        `json:"skipped"`
	Elapsed         time.Duration `json:"elapsed_ns"`
	// Interrupted is set when the context ended the run early; what the
	// summary counts landed.
	Interrupted bool `json:"interrupted"`
}

// ErrNoTexts says the store cannot re-extract: it keeps no texts.
var ErrNoTexts = errors.New("this store keeps no document texts to re-extract")

// rejob is one stored document to re-extract.
type rejob struct {
	doc      schema.Document
	old, new []schema.Mention
}

// Reextract runs the pipeline's extractor again on stored documents (as
// listed by the store, without their texts) and replaces the mentions of
// those whose extraction changed, as ingesting a changed version of each
// would. Documents stored without their text are skipped. It works in
// batches of Options.BatchSize documents, each written whole or not at
// all, extracts with Options.Workers workers, and stops between batches
// when ctx ends, with the counts of what landed.
func (p *Pipeline) Reextract(ctx context.Context, docs []schema.Document) (ReextractSummary, error) {
	start := time.Now()
	sum := ReextractSummary{Added: []Change{}, Removed: []Change{}, Skipped: []Skip{}}
	store, ok := p.Store.(schema.DocStore)
	if !ok {
		return sum, ErrNoTexts
	}
	if p.Extractor == nil {
		return sum, errors.New("re-extract: no extractor")
	}
	o := p.Options
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 64
	}
	if o.Hooks.OnStart != nil {
		o.Hooks.OnStart(len(docs), 0)
	}
	var progress Progress
	for i := 0; i < len(docs); i += o.BatchSize {
		batch := docs[i:min(i+o.BatchSize, len(docs))]
		jobs, skips, err := p.readStored(ctx, store, batch)
		if err != nil {
			return p.stop(ctx, sum, start, err)
		}
		p.extractAll(ctx, jobs, o.Workers)
		if err := ctx.Err(); err != nil {
			return p.stop(ctx, sum, start, err)
		}
		var writes []schema.Extraction
		var diffs []docDiff
		unchanged := 0
		for _, j := range jobs {
			d := diff(j)
			if d.same {
				unchanged++
				continue
			}
			writes = append(writes, schema.Extraction{Doc: j.doc, Mentions: j.new})
			diffs = append(diffs, d)
		}
		if len(writes) > 0 {
			res, err := store.Replace(ctx, writes)
			if err != nil {
				return p.stop(ctx, sum, start, err)
			}
			sum.Quads += res.Quads
			progress.Mentions += res.Mentions
		}
		// what the batch did counts once it landed
		for _, s := range skips {
			sum.Skipped = append(sum.Skipped, s)
			if o.Hooks.OnSkip != nil {
				o.Hooks.OnSkip(s)
			}
		}
		sum.Documents += len(jobs)
		sum.Unchanged += unchanged
		sum.Changed += len(diffs)
		for _, d := range diffs {
			sum.MentionsAdded += d.mentionsAdded
			sum.MentionsRemoved += d.mentionsRemoved
			sum.Added = append(sum.Added, d.added...)
			sum.Removed = append(sum.Removed, d.removed...)
		}
		progress.Documents += len(batch)
		if o.Hooks.OnProgress != nil {
			o.Hooks.OnProgress(progress)
		}
	}
	return p.stop(ctx, sum, start, nil)
}

// stop finishes a summary: sorted changes, elapsed time, and whether ctx
// ended the run.
func (p *Pipeline) stop(ctx context.Context, sum ReextractSummary, start time.Time, err error) (ReextractSummary, error) {
	sortChanges(sum.Added)
	sortChanges(sum.Removed)
	sum.ClaimsAdded, sum.ClaimsRemoved = len(sum.Added), len(sum.Removed)
	sum.Elapsed = time.Since(start)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil && ctx.Err() != nil {
		sum.Interrupted = true
		return sum, ctx.Err()
	}
	return sum, err
}

// readStored reads the texts and mentions of a batch of stored documents;
// documents stored without a text are skipped.
func (p *Pipeline) readStored(ctx context.Context, store schema.DocStore, batch []schema.Document) ([]*rejob, []Skip, error) {
	var jobs []*rejob
	var skips []Skip
	for _, d := range batch {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		text, ok, err := store.Text(ctx, d.ID)
		if err != nil {
			return nil, nil, fmt.Errorf("read the text of %s: %w", d.Name, err)
		}
		if !ok {
			skips = append(skips, Skip{Path: d.Name, Reason: noTextReason(d)})
			continue
		}
		d.Text = text
		jobs = append(jobs, &rejob{doc: d})
	}
	if bs, ok := store.(docsMentioner); ok {
		docs := make([]schema.Document, len(jobs))
		for i, j := range jobs {
			docs[i] = j.doc
		}
		old, err := bs.DocsMentions(ctx, docs)
		if err != nil {
			return nil, nil, fmt.Errorf("read the mentions of %d documents: %w", len(docs), err)
		}
		for _, j := range jobs {
			j.old = old[j.doc.ID]
		}
		return jobs, skips, nil
	}
	for _, j := range jobs {
		old, err := store.DocMentions(ctx, j.doc.ID)
		if err != nil {
			return nil, nil, fmt.Errorf("read the mentions of %s: %w", j.doc.Name, err)
		}
		j.old = old
	}
	return jobs, skips, nil
}

// docsMentioner is a store that reads the mentions of many documents at
// once, as DocMentions reads them one document at a time.
type docsMentioner interface {
	DocsMentions(ctx context.Context, docs []schema.Document) (map[string][]schema.Mention, error)
}

func noTextReason(d schema.Document) string {
	again := "ingest its report again"
	if d.Path != "" && !strings.HasPrefix(d.Path, "id:") {
		again = "ingest " + d.Path + " again"
	}
	return "stored without its text (ingested before texts were kept); " + again + " to store the text, then re-extract"
}

// extractAll extracts the jobs' documents with a pool of workers.
func (p *Pipeline) extractAll(ctx context.Context, jobs []*rejob, workers int) {
	next := make(chan *rejob)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				j.new = p.Extractor.Extract(j.doc)
			}
		}()
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- j
	}
	close(next)
	wg.Wait()
}

// docDiff is how one document's mentions changed.
type docDiff struct {
	same                           bool
	mentionsAdded, mentionsRemoved int
	added, removed                 []Change
}

// diff compares a document's stored mentions with its new extraction.
// Mentions are the same when every stored field is; claims are compared by
// claim and polarity.
func diff(j *rejob) docDiff {
	for i := range j.new {
		if j.doc.Lang != "" {
			j.new[i].Lang = j.doc.Lang // as the store tags the evidence
		}
	}
	oldKeys, newKeys := contentKeys(j.old), contentKeys(j.new)
	var d docDiff
	d.same = len(oldKeys) == len(newKeys)
	for id, k := range newKeys {
		was, found := oldKeys[id]
		if !found {
			d.mentionsAdded++
		}
		if was != k {
			d.same = false
		}
	}
	for id := range oldKeys {
		if _, found := newKeys[id]; !found {
			d.mentionsRemoved++
		}
	}
	if d.same {
		return d
	}
	oldClaims, newClaims := claimsOf(j.doc, j.old), claimsOf(j.doc, j.new)
	for k, c := range newClaims {
		if _, found := oldClaims[k]; !found {
			d.added = append(d.added, c)
		}
	}
	for k, c := range oldClaims {
		if _, found := newClaims[k]; !found {
			d.removed = append(d.removed, c)
		}
	}
	return d
}

// contentKeys maps each mention's ID to everything the store keeps of it.
func contentKeys(ms []schema.Mention) map[string]string {
	out := make(map[string]string, len(ms))
	for _, m := range ms {
		approx := ""
		if m.Approx {
			approx = "approx"
		}
		out[m.ID] = strings.Join([]string{m.ClaimID, m.Polarity, m.Source, m.Evidence, m.EvidenceNorm, m.Rule, m.Lang,
			strconv.Itoa(m.Sentence), strconv.Itoa(m.Start), strconv.Itoa(m.End), strconv.FormatFloat(m.Confidence, 'g', -1, 64), approx}, "\x00")
	}
	return out
}

// claimsOf groups a document's mentions by claim and polarity.
func claimsOf(d schema.Document, ms []schema.Mention) map[string]Change {
	sorted := append([]schema.Mention(nil), ms...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Sentence != sorted[j].Sentence {
			return sorted[i].Sentence < sorted[j].Sentence
		}
		return sorted[i].Start < sorted[j].Start
	})
	out := map[string]Change{}
	for _, m := range sorted {
		k := m.ClaimID + " " + m.Polarity
		c, ok := out[k]
		if !ok {
			c = Change{ClaimID: m.ClaimID, Claim: m.Claim, Polarity: m.Polarity, Doc: d.Name, DocID: d.ID, Evidence: m.Evidence}
		}
		if !contains(c.Sources, m.Source) {
			c.Sources = append(c.Sources, m.Source)
			sort.Strings(c.Sources)
		}
		out[k] = c
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// sortChanges orders changes by document, then the claim's fields.
func sortChanges(cs []Change) {
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		for _, p := range [][2]string{{a.Doc, b.Doc}, {a.Subject, b.Subject}, {a.Predicate, b.Predicate}, {a.Object, b.Object},
			{a.Event, b.Event}, {a.Polarity, b.Polarity}, {a.ClaimID, b.ClaimID}} {
			if p[0] != p[1] {
				return p[0] < p[1]
			}
		}
		return a.DocID < b.DocID
	})
}
