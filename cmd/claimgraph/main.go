// Command claimgraph turns news reports into a graph of claims with
// provenance, stored in Cayley, and answers who claimed what, where
// sources contradict each other, and how positions shifted between events.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/claimgraph/claimgraph/graph"
)

func main() {
	graph.QuietBackendLogs()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// CLAIMGRAPH_CPUPROFILE=FILE writes a CPU profile of the command, for
	// go tool pprof
	if path := os.Getenv("CLAIMGRAPH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "claimgraph: CLAIMGRAPH_CPUPROFILE:", err)
			os.Exit(2)
		}
		defer f.Close()
	}
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	pprof.StopCPUProfile()
	os.Exit(code)
}
