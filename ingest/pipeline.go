package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/claimgraph/claimgraph/schema"
)

// Options tune a pipeline run.
type Options struct {
	Workers   int   // extraction workers; 0 means the number of CPUs
	BatchSize int   // documents per write transaction; 0 means 64
	MaxBytes  int64 // larger inputs are skipped; 0 means 16 MiB
	Strict    bool  // stop at the first skipped input
	Stdin     io.Reader
	Hooks     Hooks
}

// Progress is reported after each written batch.
type Progress struct {
	Documents  int   // documents processed (written, unchanged or skipped)
	Mentions   int   // mentions written
	Bytes      int64 // input bytes processed
	TotalBytes int64 // input bytes in all (known after the walk)
}

// Hooks let the caller show what happens; the pipeline never prints.
type Hooks struct {
	OnStart    func(files int, totalBytes int64)
	OnProgress func(Progress)
	OnSkip     func(Skip) // skipped inputs, and ignored files (Skip.Ignored)
}

// Summary says what a run did.
type Summary struct {
	Documents int           `json:"documents"` // documents read and extracted
	Added     int           `json:"added"`
	Unchanged int           `json:"unchanged"`
	Replaced  int           `json:"replaced"`
	Mentions  int           `json:"mentions"`
	Quads     int           `json:"quads"`
	Skipped   []Skip        `json:"skipped"`
	Ignored   []Skip        `json:"ignored,omitempty"` // files of input directories that are not reports
	Bytes     int64         `json:"bytes"`
	Elapsed   time.Duration `json:"elapsed_ns"`
	// Interrupted is set when the context ended the run early.
	Interrupted bool `json:"interrupted"`
}

// ErrSkipped is returned (wrapped) by Run in strict mode at the first
// skipped input.
var ErrSkipped = errors.New("input skipped")

type result struct {
	ex    schema.Extraction
	bytes int64
	skip  *Skip
}

// Pipeline reads, extracts and writes documents.
type Pipeline struct {
	Store     schema.Store
	Extractor schema.Extractor
	Options   Options
}

// Run ingests the inputs. It stops early, with the counts of what landed,
// when ctx ends; documents of a batch land together or not at all.
func (p *Pipeline) Run(ctx context.Context, inputs []string) (Summary, error) {
	start := time.Now()
	o := p.Options
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 64
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = 16 << 20
	}
	if o.Stdin == nil {
		o.Stdin = os.Stdin
	}
	var sum Summary
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var strictErr error
	skip := func(s Skip) {
		mu.Lock()
		if s.Ignored {
			sum.Ignored = append(sum.Ignored, s)
			mu.Unlock()
			if o.Hooks.OnSkip != nil {
				o.Hooks.OnSkip(s)
			}
			return
		}
		sum.Skipped = append(sum.Skipped, s)
		if o.Strict && strictErr == nil {
			strictErr = fmt.Errorf("%w: %s", ErrSkipped, s.Error())
			cancel()
		}
		mu.Unlock()
		if o.Hooks.OnSkip != nil {
			o.Hooks.OnSkip(s)
		}
	}
	items := walk(inputs, skip)
	var total int64
	for _, it := range items {
		total += it.size
	}
	if o.Hooks.OnStart != nil {
		o.Hooks.OnStart(len(items), total)
	}

	jobs := make(chan item)
	results := make(chan result, o.Workers*2)
	var wg sync.WaitGroup
	for w := 0; w < o.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range jobs {
				p.each(it, o, func(r result) bool {
					select {
					case results <- r:
						return true
					case <-ctx.Done():
						return false
					}
				})
				if ctx.Err() != nil {
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, it := range items {
			select {
			case jobs <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	var batch []schema.Extraction
	var batchBytes int64
	var writeErr error
	progress := Progress{TotalBytes: total}
	flush := func() {
		if len(batch) == 0 || writeErr != nil {
			return
		}
		if ctx.Err() != nil {
			return
		}
		res, err := p.Store.Put(ctx, batch)
		if err != nil {
			if ctx.Err() == nil {
				writeErr = err
				cancel()
			}
			return
		}
		sum.Added += res.Added
		sum.Unchanged += res.Unchanged
		sum.Replaced += res.Replaced
		sum.Mentions += res.Mentions
		sum.Quads += res.Quads
		sum.Documents += len(batch)
		sum.Bytes += batchBytes
		progress.Documents = sum.Documents + len(sum.Skipped)
		progress.Mentions = sum.Mentions
		progress.Bytes = sum.Bytes
		if o.Hooks.OnProgress != nil {
			o.Hooks.OnProgress(progress)
		}
		batch, batchBytes = batch[:0], 0
	}
	for r := range results {
		if r.skip != nil {
			skip(*r.skip)
			continue
		}
		batch = append(batch, r.ex)
		batchBytes += r.bytes
		if len(batch) >= o.BatchSize {
			flush()
		}
	}
	flush()
	sum.Elapsed = time.Since(start)
	if writeErr != nil {
		return sum, writeErr
	}
	if strictErr != nil {
		return sum, strictErr
	}
	if err := p.parentErr(ctx); err != nil {
		sum.Interrupted = true
		return sum, err
	}
	return sum, nil
}

// parentErr reports the caller's cancellation (not our own cancel).
func (p *Pipeline) parentErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil && context.Cause(ctx) != nil && !errors.Is(context.Cause(ctx), context.Canceled) {
		return context.Cause(ctx)
	}
	return ctx.Err()
}

// process reads one item and extracts its documents.
func (p *Pipeline) process(it item, o Options) []result {
	var out []result
	p.each(it, o, func(r result) bool { out = append(out, r); return true })
	return out
}

// each reads one item and hands its documents (or skips) to emit, one by
// one; a JSONL file is streamed line by line, so its size is not limited,
// only each line's. It stops when emit returns false.
func (p *Pipeline) each(it item, o Options, emit func(result) bool) {
	fail := func(line int, reason string) {
		emit(result{skip: &Skip{Path: it.path, Line: line, Reason: reason}})
	}
	if it.line > 0 {
		d, err := documentFromRecord(it)
		if err != nil {
			fail(it.line, err.Error())
			return
		}
		emit(p.extract(d, it.size))
		return
	}
	ext := strings.ToLower(filepath.Ext(it.path))
	if (ext == ".jsonl" || ext == ".ndjson") && it.path != "-" {
		p.eachJSONL(it, o, emit)
		return
	}
	var raw []byte
	var err error
	if it.path == "-" {
		raw, err = io.ReadAll(io.LimitReader(o.Stdin, o.MaxBytes+1))
	} else {
		var f *os.File
		f, err = os.Open(it.path)
		if err == nil {
			raw, err = io.ReadAll(io.LimitReader(f, o.MaxBytes+1))
			f.Close()
		}
	}
	if err != nil {
		fail(0, friendly(err))
		return
	}
	if int64(len(raw)) > o.MaxBytes {
		fail(0, fmt.Sprintf("larger than the size limit of %d bytes (raise --max-bytes)", o.MaxBytes))
		return
	}
	text, err := Decode(raw)
	if err != nil {
		fail(0, err.Error())
		return
	}
	name := filepath.Base(it.path)
	path := ""
	if it.path == "-" {
		name = "stdin"
	} else if abs, err := filepath.Abs(it.path); err == nil {
		path = abs
	}
	title := ""
	if looksHTML(it.path, text) {
		text, title, err = htmlText(it.path, text)
		if err != nil {
			fail(0, err.Error())
			return
		}
	}
	d, err := toDocument(name, path, text)
	if err != nil {
		fail(0, err.Error())
		return
	}
	d.Title = title
	if it.path == "-" {
		d.Name = StdinName(d) // two texts from stdin are two names
	}
	emit(p.extract(d, int64(len(raw))))
}

// eachJSONL streams a JSONL file: one document a line, each line at most
// MaxBytes long.
func (p *Pipeline) eachJSONL(it item, o Options, emit func(result) bool) {
	f, err := os.Open(it.path)
	if err != nil {
		emit(result{skip: &Skip{Path: it.path, Reason: friendly(err)}})
		return
	}
	defer f.Close()
	lr := newLineReader(f, int(o.MaxBytes))
	records := 0
	for {
		text, size, tooLong, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			emit(result{skip: &Skip{Path: it.path, Line: lr.line + 1, Reason: friendly(err)}})
			return
		}
		n := lr.line
		if tooLong {
			records++
			if !emit(result{skip: &Skip{Path: it.path, Line: n, Reason: fmt.Sprintf("a line longer than the size limit of %d bytes (raise --max-bytes)", o.MaxBytes)}}) {
				return
			}
			continue
		}
		line := bytes.TrimSpace(text)
		if len(line) == 0 {
			continue
		}
		records++
		li := item{path: it.path, line: n, data: line, size: int64(size)}
		stop := false
		p.each(li, o, func(r result) bool {
			if !emit(r) {
				stop = true
				return false
			}
			return true
		})
		if stop {
			return
		}
	}
	if records == 0 {
		emit(result{skip: &Skip{Path: it.path, Reason: "empty"}})
	}
}

func (p *Pipeline) extract(d schema.Document, n int64) result {
	if p.Extractor == nil {
		return result{ex: schema.Extraction{Doc: d}, bytes: n}
	}
	ms := p.Extractor.Extract(d)
	OutletVoice(d, ms)
	return result{ex: schema.Extraction{Doc: d, Mentions: ms}, bytes: n}
}

// Read reads and cleans the inputs without extracting or storing: the
// documents ingest would see, in input order, and what it would skip.
func Read(inputs []string, o Options) ([]schema.Document, []Skip) {
	if o.MaxBytes <= 0 {
		o.MaxBytes = 16 << 20
	}
	if o.Stdin == nil {
		o.Stdin = os.Stdin
	}
	var skips []Skip
	items := walk(inputs, func(s Skip) { skips = append(skips, s) })
	p := &Pipeline{}
	var docs []schema.Document
	for _, it := range items {
		for _, r := range p.process(it, o) {
			if r.skip != nil {
				skips = append(skips, *r.skip)
				continue
			}
			docs = append(docs, r.ex.Doc)
		}
	}
	return docs, skips
}
