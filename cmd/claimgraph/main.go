// Command claimgraph turns news reports into a graph of claims with
// provenance, stored in Cayley, and answers who claimed what, where
// sources contradict each other, and how positions shifted between events.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/claimgraph/claimgraph/graph"
)

func main() {
	graph.QuietBackendLogs()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
