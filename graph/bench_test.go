package graph

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/cayley/graph"

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

func benchStore(b *testing.B) *Store {
	s, err := Open(context.Background(), Options{Backend: "bolt", Address: filepath.Join(b.TempDir(), "db")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkPut writes 64-document batches through Put (existence checks,
// shared claims, direct edges).
func BenchmarkPut(b *testing.B) {
	docs := synthetic(64, 10)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := benchStore(b)
		b.StartTimer()
		if _, err := s.Put(context.Background(), docs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(64*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkApplyDeltasBaseline writes the same quads with one raw
// ApplyDeltas: the floor that Put's checks add to.
func BenchmarkApplyDeltasBaseline(b *testing.B) {
	docs := synthetic(64, 10)
	mem, _ := Open(context.Background(), Options{Backend: "memstore"})
	t := newTxn(context.Background(), mem)
	for _, d := range docs {
		t.addDoc(d)
	}
	deltas, _ := t.deltas()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := benchStore(b)
		b.StartTimer()
		if err := s.qs.ApplyDeltas(deltas, graph.IgnoreOpts{IgnoreDup: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(64*b.N)/b.Elapsed().Seconds(), "docs/s")
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
