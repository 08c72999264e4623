// Package membudget keeps the Go heap of a long write within a budget.
//
// A write's heap swings: each commit of a large bolt store holds every
// page it rewrites (hundreds of MB), which is garbage right after. With
// the garbage collector's default pacing the heap grows to twice what is
// live, so the process's memory follows the largest commit times two.
// Start sets a soft memory limit (runtime/debug.SetMemoryLimit) instead:
// the collector runs earlier as the heap nears the budget. The budget is
// raised, never lowered, to half again the live heap whenever the work
// needs more, so that a heap that is mostly live does not make the
// collector run without end. A GOMEMLIMIT in the environment is the
// user's choice and is left alone.
package membudget

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// Default is the budget of ingest, import and reextract: half again the
// largest live heap measured while ingesting into a store of a million
// mentions with 64 documents per transaction (about 250 MB).
const Default = 384 << 20

// headroom is how far the budget stays above the live heap: 3/2.
const headroomNum, headroomDen = 3, 2

// Start sets the budget (bytes) and keeps it above the live heap until
// stop is called, which restores the limit there was. It does nothing
// when GOMEMLIMIT is set, or budget is not positive.
func Start(budget int64) (stop func()) {
	if os.Getenv("GOMEMLIMIT") != "" || budget <= 0 {
		return func() {}
	}
	prev := debug.SetMemoryLimit(budget)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		limit := budget
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 {
				continue
			}
			live := sample[0].Value.Uint64()
			if live > math.MaxInt64/headroomNum {
				continue
			}
			if want := int64(live) * headroomNum / headroomDen; want > limit {
				limit = want
				debug.SetMemoryLimit(limit)
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			wg.Wait()
			debug.SetMemoryLimit(prev)
		})
	}
}

// Limit is the memory limit in force.
func Limit() int64 { return debug.SetMemoryLimit(-1) }
