package membudget

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestStartSetsAndRestoresTheLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	before := Limit()
	stop := Start(200 << 20)
	if got := Limit(); got != 200<<20 {
		t.Fatalf("limit %d, want %d", got, 200<<20)
	}
	stop()
	stop() // twice is harmless
	if got := Limit(); got != before {
		t.Fatalf("after stop: limit %d, want %d", got, before)
	}
}

func TestStartLeavesGOMEMLIMITAlone(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "1GiB")
	before := Limit()
	stop := Start(100 << 20)
	defer stop()
	if got := Limit(); got != before {
		t.Fatalf("limit %d, want the one there was, %d", got, before)
	}
}

// A live heap larger than the budget raises the budget to the headroom
// above the live heap, so that the collector does not run without end.
func TestBudgetFollowsALargerLiveHeap(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetMemoryLimit(math.MaxInt64)
	stop := Start(8 << 20)
	defer stop()
	live := make([][]byte, 0, 64)
	for range 64 {
		b := make([]byte, 1<<20)
		b[0] = 1
		live = append(live, b)
	}
	runtime.GC()
	deadline := time.Now().Add(5 * time.Second)
	want := int64(64<<20) * headroomNum / headroomDen
	for Limit() < want && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		runtime.GC()
	}
	if got := Limit(); got < want {
		t.Fatalf("limit %d with a live heap of 64 MB; want at least %d", got, want)
	}
	runtime.KeepAlive(live)
}
