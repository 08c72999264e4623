package graph

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/kv/bolt" // Cayley's own bolt backend, for the baseline

	"github.com/claimgraph/claimgraph/schema"
)

// synthetic builds n documents of m mentions over a small vocabulary, so
// that claims are shared between documents as in real coverage.
func synthetic(n, m int) []schema.Extraction {
	subjects := []string{"putin", "biden", "kremlin", "russia", "west"}
	preds := []string{"warn", "demand", "agree", "deny", "affirm"}
	objs := []string{"sanctions", "security_guarantees", "continued_talks", "invasion_threat", "nato_expansion", "iran"}
	var out []schema.Extraction
	for d := 0; d < n; d++ {
		id := fmt.Sprintf("doc%06d", d)
		var ms []schema.Mention
		for i := 0; i < m; i++ {
			pol := schema.Positive
			if (d+i)%7 == 0 {
				pol = schema.Negative
			}
			ms = append(ms, mention(id, subjects[(d+i)%len(subjects)], preds[(d*3+i)%len(preds)], objs[(d+i*5)%len(objs)], pol, "outlet", "call_2021_12_07", i))
		}
		out = append(out, doc(id, "/corpus/"+id, ms...))
	}
	return out
}

// corpus builds n documents of 19 mentions (the seeds' average) over a
// vocabulary large enough for thousands of distinct claims, with sources
// and two events.
func corpus(n int) []schema.Extraction {
	var out []schema.Extraction
	for d := 0; d < n; d++ {
		id := fmt.Sprintf("doc%06d", d)
		var ms []schema.Mention
		for i := 0; i < 19; i++ {
			k := d*19 + i
			pol := schema.Positive
			if k%7 == 0 {
				pol = schema.Negative
			}
			ev := "call_2021_12_07"
			if d%2 == 1 {
				ev = "call_2021_12_30"
			}
			ms = append(ms, mention(id, fmt.Sprintf("actor%02d", k%37), fmt.Sprintf("pred%02d", k%23), fmt.Sprintf("topic%02d", (k/3)%41),
				pol, fmt.Sprintf("source%02d", k%29), ev, i))
		}
		out = append(out, doc(id, "/corpus/"+id+".txt", ms...))
	}
	return out
}

func batches(docs []schema.Extraction, size int) [][]schema.Extraction {
	var out [][]schema.Extraction
	for len(docs) > size {
		out = append(out, docs[:size])
		docs = docs[size:]
	}
	return append(out, docs)
}

func benchStore(b *testing.B) *Store {
	s, err := Open(context.Background(), Options{Backend: "bolt", Address: filepath.Join(b.TempDir(), "db")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// quadBatches lists the quads Put writes for each batch of docs into an
// empty store.
func quadBatches(b *testing.B, bs [][]schema.Extraction) ([][]graph.Delta, int) {
	ctx := context.Background()
	mem, err := Open(ctx, Options{Backend: "memstore"})
	if err != nil {
		b.Fatal(err)
	}
	defer mem.Close()
	var out [][]graph.Delta
	n := 0
	for _, batch := range bs {
		t := newTxn(ctx, mem)
		for _, ex := range batch {
			t.addDoc(ex)
		}
		adds, _ := t.deltas()
		if err := mem.qs.ApplyDeltas(adds, graph.IgnoreOpts{}); err != nil {
			b.Fatal(err)
		}
		out = append(out, adds)
		n += len(adds)
	}
	return out, n
}

// BenchmarkIngest writes 2,000 documents (38,000 mentions) in batches of
// 64 into an empty bolt store through Put, and the same quads in the same
// batches through Cayley's ApplyDeltas, in the same run: on a bolt store
// opened with Cayley's defaults (its bloom filters on: what Cayley's own
// loader writes to), and on one opened as claimgraph opens it (no bloom
// filters: the floor Put adds its own work to). It reports the quads/s of
// each and the ratios of Put's time to theirs.
func BenchmarkIngest(b *testing.B) {
	ctx := context.Background()
	bs := batches(corpus(2000), 64)
	deltas, nquads := quadBatches(b, bs)
	raw := func(opts graph.Options) {
		dir := filepath.Join(b.TempDir(), "raw")
		if err := graph.InitQuadStore("bolt", dir, opts); err != nil {
			b.Fatal(err)
		}
		qs, err := graph.NewQuadStore("bolt", dir, opts)
		if err != nil {
			b.Fatal(err)
		}
		defer qs.Close()
		for _, ds := range deltas {
			if err := qs.ApplyDeltas(ds, graph.IgnoreOpts{IgnoreDup: true}); err != nil {
				b.Fatal(err)
			}
		}
	}
	// wall time, and the process's CPU time, which other load on the
	// machine disturbs less
	var put, cayley, floor [2]time.Duration
	measure := func(acc *[2]time.Duration, fn func()) {
		wall, cpu := time.Now(), cpuTime(b)
		fn()
		acc[0] += time.Since(wall)
		acc[1] += cpuTime(b) - cpu
	}
	for i := 0; i < b.N; i++ {
		var s *Store
		measure(&put, func() {
			s = benchStore(b)
			for _, batch := range bs {
				if _, err := s.Put(ctx, batch); err != nil {
					b.Fatal(err)
				}
			}
		})
		s.Close()
		measure(&cayley, func() { raw(nil) })
		measure(&floor, func() { raw(boltOptions) })
	}
	rate := func(d time.Duration) float64 { return float64(nquads*b.N) / d.Seconds() }
	b.ReportMetric(rate(put[0]), "put-quads/s")
	b.ReportMetric(rate(cayley[0]), "cayley-quads/s")
	b.ReportMetric(rate(floor[0]), "nobloom-quads/s")
	b.ReportMetric(put[0].Seconds()/cayley[0].Seconds(), "put/cayley")
	b.ReportMetric(put[0].Seconds()/floor[0].Seconds(), "put/nobloom")
	b.ReportMetric(put[1].Seconds()/cayley[1].Seconds(), "put/cayley-cpu")
	b.ReportMetric(put[1].Seconds()/floor[1].Seconds(), "put/nobloom-cpu")
}

// cpuTime is the CPU time the process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkAddOne opens a bolt store of 2,000 documents for writing, adds
// one more document and closes it: as claimgraph opens it (claimgraph), and
// with Cayley's defaults, whose open reads the whole store into its bloom
// filters (cayley; the same quads through ApplyDeltas).
func BenchmarkAddOne(b *testing.B) {
	ctx := context.Background()
	dir := filepath.Join(b.TempDir(), "db")
	s, err := Open(ctx, Options{Backend: "bolt", Address: dir})
	if err != nil {
		b.Fatal(err)
	}
	for _, batch := range batches(corpus(2000), 64) {
		if _, err := s.Put(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	s.Close()
	b.Run("claimgraph", func(b *testing.B) {
		extra := corpus(2000 + b.N)[2000:]
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			s, err := Open(ctx, Options{Backend: "bolt", Address: dir})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.Put(ctx, extra[i:i+1]); err != nil {
				b.Fatal(err)
			}
			s.Close()
		}
	})
	b.Run("cayley", func(b *testing.B) {
		var one [][]schema.Extraction
		for _, ex := range corpus(4000 + b.N)[4000:] {
			one = append(one, []schema.Extraction{ex})
		}
		deltas, _ := quadBatches(b, one)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			qs, err := graph.NewQuadStore("bolt", dir, nil)
			if err != nil {
				b.Fatal(err)
			}
			if err := qs.ApplyDeltas(deltas[i], graph.IgnoreOpts{IgnoreDup: true}); err != nil {
				b.Fatal(err)
			}
			qs.Close()
		}
	})
}

// BenchmarkStats reads the counters of a store of 2,000 documents
// (counters), and counts the same store by reading every claim and
// mention (recount): stats before counters were kept.
func BenchmarkStats(b *testing.B) {
	ctx := context.Background()
	s := benchStore(b)
	for _, batch := range batches(corpus(2000), 64) {
		if _, err := s.Put(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("counters", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if st, err := s.Stats(ctx); err != nil || st.Mentions != 38000 {
				b.Fatal(st.Mentions, err)
			}
		}
	})
	b.Run("recount", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if c, err := s.recount(ctx); err != nil || c[cMentions] != 38000 {
				b.Fatal(c[cMentions], err)
			}
		}
	})
}

// BenchmarkMentions reads every mention back with its claim and document.
func BenchmarkMentions(b *testing.B) {
	s := benchStore(b)
	if _, err := s.Put(context.Background(), synthetic(200, 10)); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ms, err := s.Mentions(context.Background(), schema.Filter{})
		if err != nil || len(ms) != 2000 {
			b.Fatal(len(ms), err)
		}
	}
	b.ReportMetric(float64(2000*b.N)/b.Elapsed().Seconds(), "mentions/s")
}

// BenchmarkQuadsAllBaseline iterates every quad of the same store: the
// floor for reading it all.
func BenchmarkQuadsAllBaseline(b *testing.B) {
	s := benchStore(b)
	if _, err := s.Put(context.Background(), synthetic(200, 10)); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		it := s.qs.QuadsAllIterator()
		n := 0
		for it.Next(ctx) {
			s.qs.Quad(it.Result())
			n++
		}
		it.Close()
	}
}
