package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/chzyer/readline"
	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/graph"
)

const shellHelp = `Type a query and press Enter; a line ending in \ or an unclosed bracket
continues on the next line. Commands:
  :help            this help
  :lang [L]        show or set the language (gizmo, graphql, mql)
  :limit [N]       show or set the result limit
  :timeout [D]     show or set the timeout (e.g. 10s)
  :quit            leave (also Ctrl-D)
Examples:
  g.V("<cg:putin>").Out("<cg:warn>").All()
  g.V().Has("<cg:polarity>", "negative").Out("<cg:claim>").Out("<cg:object>").All()`

func (a *app) newShell() *cobra.Command {
	o := &queryOptions{}
	cmd := &cobra.Command{
		Use:     "shell",
		Short:   "Query the graph interactively (line editing, history, multi-line input)",
		Long:    "Starts an interactive query shell over the store. History is kept in the\nfile of the history setting. Errors and timeouts do not end the shell.\n\n" + shellHelp,
		Example: "  claimgraph shell\n  claimgraph shell --lang graphql\n  claimgraph shell --limit 50 --timeout 5s",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("limit") {
				o.Limit = a.cfg.Limit
			}
			if !cmd.Flags().Changed("timeout") {
				o.Timeout = a.cfg.Timeout
			}
			if o.Limit < 0 || o.Timeout < 0 {
				return usagef("--limit and --timeout cannot be negative")
			}
			if err := checkLang(o.Lang); err != nil {
				return err
			}
			return a.runShell(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Lang, "lang", "gizmo", "query language: gizmo, graphql, mql")
	f.IntVar(&o.Limit, "limit", 1000, "stop each query after this many results (0: no limit; :limit in the shell)")
	f.DurationVar(&o.Timeout, "timeout", 30*time.Second, "stop a query running longer than this (0: no timeout; :timeout in the shell)")
	return cmd
}

// balanced reports whether brackets and quotes of q are closed.
func balanced(q string) bool {
	depth := 0
	var quote rune
	esc := false
	for _, r := range q {
		switch {
		case esc:
			esc = false
		case r == '\\':
			esc = true
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'' || r == '`':
			quote = r
		case r == '(' || r == '{' || r == '[':
			depth++
		case r == ')' || r == '}' || r == ']':
			depth--
		}
	}
	return depth <= 0 && quote == 0
}

func (a *app) runShell(ctx context.Context, o *queryOptions) error {
	store, err := a.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer store.Close()
	hist := a.cfg.History
	if hist != "" {
		os.MkdirAll(filepath.Dir(hist), 0o755)
	}
	stdin, _ := a.in.(io.ReadCloser)
	if stdin == nil {
		stdin = io.NopCloser(a.in)
	}
	rl, err := readline.NewEx(&readline.Config{
		Prompt:      o.Lang + "> ",
		HistoryFile: hist,
		// a query of several lines is one history entry, saved below
		DisableAutoSaveHistory: true,
		InterruptPrompt:        "^C",
		EOFPrompt:              ":quit",
		Stdin:                  stdin,
		Stdout:                 a.out,
		Stderr:                 a.errOut,
	})
	if err != nil {
		return fmt.Errorf("start shell: %w", err)
	}
	defer rl.Close()
	// Ctrl-C while a query runs stops that query, not the shell (at the
	// prompt it is a key readline reads); SIGTERM ends the shell.
	sh := &shellSignals{}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go sh.watch(sigs, rl)
	base := context.WithoutCancel(ctx)
	fmt.Fprintf(a.errOut, "claimgraph shell (%s); :help for help, :quit to leave\n", o.Lang)
	var buf []string
	for {
		line, err := rl.Readline()
		if errors.Is(err, readline.ErrInterrupt) {
			buf = nil
			rl.SetPrompt(o.Lang + "> ")
			continue
		}
		if err != nil || sh.terminated.Load() { // io.EOF, or SIGTERM
			return nil
		}
		trimmed := strings.TrimSpace(line)
		if len(buf) == 0 && strings.HasPrefix(trimmed, ":") {
			rl.SaveHistory(trimmed)
			if a.shellCommand(trimmed, o, rl) {
				return nil
			}
			continue
		}
		if strings.HasSuffix(trimmed, "\\") {
			buf = append(buf, strings.TrimSuffix(trimmed, "\\"))
			rl.SetPrompt("... ")
			continue
		}
		buf = append(buf, line)
		q := strings.Join(buf, "\n")
		if !balanced(q) {
			rl.SetPrompt("... ")
			continue
		}
		buf = nil
		rl.SetPrompt(o.Lang + "> ")
		if strings.TrimSpace(q) == "" {
			continue
		}
		rl.SaveHistory(strings.Join(strings.Fields(q), " "))
		a.shellQuery(base, sh, store, o, q)
		if sh.terminated.Load() {
			return nil
		}
	}
}

// shellSignals routes signals to the query that runs.
type shellSignals struct {
	mu          sync.Mutex
	cancel      context.CancelFunc // of the running query, or nil
	interrupted bool
	terminated  atomic.Bool
}

func (s *shellSignals) watch(sigs <-chan os.Signal, rl *readline.Instance) {
	for sig := range sigs {
		s.mu.Lock()
		if s.cancel != nil {
			s.interrupted = true
			s.cancel()
		}
		s.mu.Unlock()
		if sig == syscall.SIGTERM {
			s.terminated.Store(true)
			rl.Close()
			return
		}
	}
}

// run runs fn with a context that Ctrl-C cancels; it reports whether it did.
func (s *shellSignals) run(ctx context.Context, fn func(context.Context)) (interrupted bool) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.mu.Lock()
	s.cancel, s.interrupted = cancel, false
	s.mu.Unlock()
	fn(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cancel = nil
	return s.interrupted
}

func (a *app) shellQuery(ctx context.Context, sh *shellSignals, store *graph.Store, o *queryOptions, q string) {
	oo := *o
	oo.Text = q
	var res []any
	var truncated bool
	var err error
	interrupted := sh.run(ctx, func(ctx context.Context) { res, truncated, err = runOne(ctx, store, &oo) })
	for _, r := range res {
		fmt.Fprintln(a.out, compactJSON(r))
	}
	switch {
	case interrupted:
		fmt.Fprintf(a.errOut, "interrupted after %s\n", count(len(res), "result", "results"))
	case errors.Is(err, graph.ErrTimeout):
		fmt.Fprintf(a.errOut, "error: %v of %s after %s (:timeout 2m allows longer)\n", err, o.Timeout, count(len(res), "result", "results"))
	case err != nil && len(res) > 0:
		fmt.Fprintf(a.errOut, "error after %s: %v\n", count(len(res), "result", "results"), err)
	case err != nil:
		fmt.Fprintln(a.errOut, "error:", err)
	case truncated:
		fmt.Fprintf(a.errOut, "%s (the limit; :limit %d for more, :limit 0 for all)\n", count(len(res), "result", "results"), 10*max(o.Limit, 1))
	default:
		fmt.Fprintln(a.errOut, count(len(res), "result", "results"))
	}
}

// shellCommand runs a :command; it returns true to leave the shell.
func (a *app) shellCommand(line string, o *queryOptions, rl *readline.Instance) bool {
	f := strings.Fields(line)
	arg := ""
	if len(f) > 1 {
		arg = f[1]
	}
	switch f[0] {
	case ":quit", ":q", ":exit":
		return true
	case ":help", ":h":
		fmt.Fprintln(a.out, shellHelp)
	case ":lang":
		if arg != "" {
			ok := false
			for _, l := range graph.Languages() {
				ok = ok || l == arg
			}
			if !ok {
				fmt.Fprintf(a.errOut, "unknown language %q (choose one of %s)\n", arg, strings.Join(graph.Languages(), ", "))
				return false
			}
			o.Lang = arg
			rl.SetPrompt(o.Lang + "> ")
		}
		fmt.Fprintln(a.out, "language:", o.Lang)
	case ":limit":
		if arg != "" {
			var n int
			if _, err := fmt.Sscan(arg, &n); err != nil || n < 0 {
				fmt.Fprintln(a.errOut, ":limit takes a number ≥ 0")
				return false
			}
			o.Limit = n
		}
		fmt.Fprintln(a.out, "limit:", o.Limit)
	case ":timeout":
		if arg != "" {
			d, err := parseDuration(arg)
			if err != nil {
				fmt.Fprintln(a.errOut, ":timeout takes a duration such as 10s")
				return false
			}
			o.Timeout = d
		}
		fmt.Fprintln(a.out, "timeout:", o.Timeout)
	default:
		fmt.Fprintf(a.errOut, "unknown command %s (:help lists them)\n", f[0])
	}
	return false
}
