// Package membudget keeps the Go heap of a long write within a budget.
//
// A write's heap swings: each commit of a large bolt store holds every
// page it rewrites (hundreds of MB), which is garbage right after. With
// the garbage collector's default pacing the heap grows to twice what is
// live, so the process's memory follows the largest commit times two.
// Start sets a soft memory limit (runtime/debug.SetMemoryLimit) instead:
// the collector runs earlier as the heap nears the budget. The budget is
// raised, never lowered, to 1.3 times the live heap whenever the work
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

// Default is the budget ingest, import and reextract start with. Into a
// store of up to 10,000 reports their heap stays below it; into a store
// of a million mentions the live heap of a 64-document commit reaches
// about 270 MB, and the budget rises with it (see headroom).
const Default = 320 << 20

// headroom is how far the budget stays above the live heap: 13/10. Adding
// 5,000 reports to a million mentions, 13/10 against 3/2 took 12% less
// memory (296 against 337 MB) for 3–10% more CPU time.
const headroomNum, headroomDen = 13, 10

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
