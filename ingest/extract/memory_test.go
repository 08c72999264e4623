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

// explainBoth extracts doc in one pass and in two, with the decisions
// and without; two passes also with a sentence tokenized a word at a
// time.
func explainBoth(x *extract.Extractor, doc schema.Document) (one, two, words []any) {
	restore := extract.SetTwoPassBytes(len(doc.Text) + 1)
	ex, ms := x.ExplainAll(doc)
	one = []any{ex, ms, x.Extract(doc)}
	restore()
	restore = extract.SetTwoPassBytes(0)
	defer restore()
	ex, ms = x.ExplainAll(doc)
	two = []any{ex, ms, x.Extract(doc)}
	defer extract.SetTokenChunk(1)()
	ex, ms = x.ExplainAll(doc)
	return one, two, []any{ex, ms, x.Extract(doc)}
}

// sameInPasses fails t unless doc gives the same in one pass and in two.
func sameInPasses(t *testing.T, x *extract.Extractor, doc schema.Document) {
	t.Helper()
	one, two, words := explainBoth(x, doc)
	if !reflect.DeepEqual(one, two) {
		t.Errorf("%s (%s): two passes differ from one", doc.Name, doc.Lang)
	}
	if !reflect.DeepEqual(one, words) {
		t.Errorf("%s (%s): two passes tokenizing a word at a time differ from one", doc.Name, doc.Lang)
	}
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
		long := longDoc(t, c[1], c[0], 100<<10)
		// with no sentence ends, a sentence longer than any in news prose
		// is cut into pieces, and tokenized a part at a time
		cut := long
		ends := strings.NewReplacer(".", " ", "!", " ", "?", " ", "؟", " ", ";", " ", "؛", " ", "…", " ")
		cut.Text = arabic.Clean(ends.Replace(cut.Text[:60<<10]))
		docs = append(docs, long, cut)
	}
	for _, d := range docs {
		if len(x.Extract(d)) == 0 {
			t.Errorf("%s (%s): no mentions", d.Name, d.Lang)
		}
		sameInPasses(t, x, d)
	}
}

// TestExtractMemoryBound: the heap that extracting a long one-line report
// takes stays within a small multiple of its size: the live heap while
// it runs (sampled after a collection) and the part of it that is not
// the result.
func TestExtractMemoryBound(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts two 1 MB documents")
	}
	x := newSetExtractor(t)
	for _, c := range []struct {
		lang, glob string
		// the English report gives a mention every 50 bytes, each a
		// record of some 400 bytes: its result alone is 8 times its size.
		// Read in one pass, the two took 22–26× (18–23× without the
		// result) and 44–47× (35–38×).
		live, work float64
	}{
		{"ar", "../../examples/seeds/*.txt", 15, 10},
		{"en", "../../examples/en/*.txt", 28, 18},
	} {
		d := longDoc(t, c.glob, c.lang, 1<<20)
		u := heapOf(func() any { return x.Extract(d) }, 20*time.Millisecond)
		size := float64(len(d.Text))
		live, work := float64(u.live)/size, float64(u.live-u.retained)/size
		t.Logf("%s: %d bytes, live heap %.1f×, without the result %.1f×, result %.1f×, allocated %.0f×", c.lang, len(d.Text), live, work, float64(u.retained)/size, float64(u.alloc)/size)
		if live > c.live || work > c.work {
			t.Errorf("%s: extraction took a live heap of %.1f× the document (at most %.0f×), %.1f× without the result (at most %.0f×)", c.lang, live, c.live, work, c.work)
		}
	}
}

// BenchmarkExtractLong extracts a long one-line report in two passes and,
// as the baseline measured in the same run, in one: it reports the live
// heap of each as a multiple of the document's size, and the time of two
// passes against one.
func BenchmarkExtractLong(b *testing.B) {
	x := newSetExtractor(b)
	for _, c := range [][2]string{{"ar", "../../examples/seeds/*.txt"}, {"en", "../../examples/en/*.txt"}} {
		b.Run(c[0], func(b *testing.B) {
			d := longDoc(b, c[1], c[0], 1<<20)
			size := float64(len(d.Text))
			b.SetBytes(int64(len(d.Text)))
			var took [2]time.Duration
			var live [2]float64
			for i := 0; i < b.N; i++ {
				for k, limit := range []int{len(d.Text) + 1, 0} { // one pass, two
					restore := extract.SetTwoPassBytes(limit)
					start := time.Now()
					x.Extract(d)
					took[k] += time.Since(start)
					u := heapOf(func() any { return x.Extract(d) }, 20*time.Millisecond)
					live[k] = max(live[k], float64(u.live)/size)
					restore()
				}
			}
			b.ReportMetric(live[1], "heap/doc")
			b.ReportMetric(live[0], "one-pass-heap/doc")
			b.ReportMetric(live[1]/live[0], "heap/one-pass")
			b.ReportMetric(float64(took[1])/float64(took[0]), "time/one-pass")
		})
	}
}
