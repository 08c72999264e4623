package extract_test

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/extract"
	"github.com/claimgraph/claimgraph/schema"
)

// longDoc is a one-line report in lang of at least n bytes: the reports
// matching glob, their line breaks turned into spaces, repeated.
func longDoc(t testing.TB, glob, lang string, n int) schema.Document {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		t.Fatalf("no reports for %s: %v", glob, err)
	}
	var one strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		one.WriteString(strings.Join(strings.Fields(string(b)), " "))
		one.WriteString(" ")
	}
	var all strings.Builder
	for all.Len() < n {
		all.WriteString(one.String())
	}
	txt := arabic.Clean(all.String())
	return schema.Document{ID: schema.Hash("doc", txt), Name: "long.txt", Text: txt, Lang: lang}
}

// memUse is the heap used by one call, in bytes above the heap before it.
type memUse struct {
	live     uint64 // the largest live heap seen during the call
	retained uint64 // the live heap after it, its result kept
	alloc    uint64 // all allocated during the call
}

// heapOf runs f and samples the live heap (after a collection) while it
// runs, every interval.
func heapOf(f func() any, interval time.Duration) memUse {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base, total := ms.HeapAlloc, ms.TotalAlloc
	var mu sync.Mutex
	var peak uint64
	sample := func() {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		mu.Lock()
		peak = max(peak, ms.HeapAlloc)
		mu.Unlock()
	}
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(interval):
				sample()
			}
		}
	}()
	res := f()
	close(stop)
	<-done
	runtime.GC()
	runtime.ReadMemStats(&ms)
	runtime.KeepAlive(res)
	u := memUse{alloc: ms.TotalAlloc - total}
	if ms.HeapAlloc > base {
		u.retained = ms.HeapAlloc - base
	}
	if peak > base {
		u.live = peak - base
	}
	u.live = max(u.live, u.retained)
	return u
}

// explainBoth extracts doc in one pass and in two.
func explainBoth(x *extract.Extractor, doc schema.Document) (one, two []any) {
	restore := extract.SetTwoPassBytes(len(doc.Text) + 1)
	ex, ms := x.ExplainAll(doc)
	restore()
	one = []any{ex, ms}
	restore = extract.SetTwoPassBytes(0)
	ex, ms = x.ExplainAll(doc)
	restore()
	return one, []any{ex, ms}
}

// TestTwoPassSame: a document read in two passes gives exactly the
// mentions, decisions and misses of one pass: on each report, and on
// long one-line documents in each language.
func TestTwoPassSame(t *testing.T) {
	x := newSetExtractor(t)
	var docs []schema.Document
	for _, c := range [][2]string{{"ar", "../../examples/seeds/*.txt"}, {"en", "../../examples/en/*.txt"}} {
		files, _ := filepath.Glob(c[1])
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			txt := arabic.Clean(string(b))
			docs = append(docs, schema.Document{ID: schema.Hash("doc", txt), Name: filepath.Base(f), Text: txt, Lang: c[0]})
		}
		long := longDoc(t, c[1], c[0], 300<<10)
		// with no periods, sentences longer than any in news prose are cut
		// into pieces
		cut := long
		cut.Text = strings.ReplaceAll(cut.Text[:100<<10], ".", " ")
		docs = append(docs, long, cut)
	}
	for _, d := range docs {
		one, two := explainBoth(x, d)
		if len(one[0].([]extract.Explained)) == 0 {
			t.Errorf("%s (%s): no mentions", d.Name, d.Lang)
		}
		if !reflect.DeepEqual(one, two) {
			t.Errorf("%s (%s): two passes differ from one", d.Name, d.Lang)
		}
	}
}
