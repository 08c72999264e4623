package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimgraph/claimgraph/cmd/claimgraph/web"
	"github.com/claimgraph/claimgraph/graph"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

type serveOptions struct {
	Addr string
	// Warm reads the first pages' results at start.
	Warm bool
}

const defaultAddr = "127.0.0.1:8080"

func (a *app) newServe() *cobra.Command {
	o := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080]",
		Short: "Serve a read-only web view and JSON API of the store",
		Long: `Serves pages over the analyses (contradictions side by side with their
evidence, the shifts matrix, positions, claims, documents, a graph of actors
and topics) and a JSON API under /api/ that returns what the matching
command's --format json returns. It never writes. It binds to localhost
unless --addr says otherwise. A bolt store is opened only while requests
read it, so other commands can use it in between.

API (each takes the command's filters as query parameters, and format=json,
jsonl or csv where the command offers it):
  /api/claims?subject=&predicate=&object=&event=&source=&doc=&polarity=&lang=
  /api/claim/ID
  /api/contradictions?event=&kind=&topic=&source=
  /api/shifts?from=&to=&actor=
  /api/positions?topic=&event=
  /api/docs?lang=&doc=
  /api/stats`,
		Example: `  claimgraph serve
  claimgraph serve --addr 127.0.0.1:9000
  curl 'http://127.0.0.1:8080/api/contradictions?kind=value'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runServe(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.Addr, "addr", defaultAddr, "address to listen on (host:port)")
	cmd.Flags().BoolVar(&o.Warm, "warm", true, "read the first pages' results at start (it holds a bolt store while it reads)")
	return cmd
}

// newWebServer builds the web handler over the configured store.
func (a *app) newWebServer(local bool) (*web.Server, *web.Lease, error) {
	voc, err := lexicon.LoadVocabulary()
	if err != nil {
		return nil, nil, err
	}
	lex, err := lexicon.Load(a.cfg.Lexicon...)
	if err != nil {
		return nil, nil, err
	}
	cfg := *a.cfg
	if cfg.Origin["wait"] == "default" {
		cfg.Wait = 5 * time.Second // a request waits out a short write by another process
	}
	lease := web.NewLease(func(ctx context.Context) (*graph.Store, error) {
		return graph.Open(ctx, graph.Options{Backend: cfg.Store, Address: cfg.DB, Wait: cfg.Wait, ReadOnly: true})
	}, cfg.Store != "bolt")
	var version func() string
	if cfg.Store == "bolt" {
		// bolt rewrites its file on every write: its size and time change
		version = func() string {
			fi, err := os.Stat(filepath.Join(cfg.DB, "indexes.bolt"))
			if err != nil {
				return ""
			}
			return fmt.Sprint(fi.Size(), fi.ModTime().UnixNano())
		}
	}
	names, err := a.loadNames()
	if err != nil {
		return nil, nil, err
	}
	srv, err := web.New(web.Options{Stores: lease, Vocab: voc, Lexicon: lex, Encode: a.encodeResult, Timeout: cfg.Timeout, Local: local, Version: version,
		Resolve: names.lookup})
	if err != nil {
		return nil, nil, err
	}
	return srv, lease, nil
}

// encodeResult writes an API result with the commands' own writers, so
// the API returns what --format does.
func (a *app) encodeResult(w io.Writer, format string, v any) error {
	switch x := v.(type) {
	case []schema.Mention:
		return writeMentions(w, format, x)
	case []schema.Contradiction:
		aa := *a
		aa.out = w
		return writeContradictions(&aa, format, x)
	case []schema.Shift:
		aa := *a
		aa.out = w
		return writeShifts(&aa, format, x)
	case []schema.Position:
		if done, err := writeRecords(w, format, x, positionColumns, positionRow); done {
			return err
		}
	case []schema.Document:
		if done, err := writeRecords(w, format, x, docColumns, docRow); done {
			return err
		}
	case schema.Stats:
		if format == "json" {
			return writeJSON(w, x)
		}
	default:
		return fmt.Errorf("no writer for %T", v)
	}
	return web.ErrFormat
}

func (a *app) runServe(ctx context.Context, o *serveOptions) error {
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return usagef("--addr %q is not host:port (e.g. %s)", o.Addr, defaultAddr)
	}
	local := isLoopback(host)
	srv, lease, err := a.newWebServer(local)
	if err != nil {
		return err
	}
	defer lease.Close()
	if a.cfg.Store == "bolt" {
		// fail now, not at the first request, when there is nothing to serve
		_, release, err := lease.Acquire(ctx)
		if err != nil {
			return err
		}
		release()
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (choose another --addr)", o.Addr, err)
	}
	if !local {
		fmt.Fprintf(a.errOut, "warning: serving on %s, reachable from other machines (the default is %s)\n", o.Addr, defaultAddr)
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      a.cfg.Timeout + 10*time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	if a.cfg.Timeout <= 0 {
		hs.WriteTimeout = 0
	}
	fmt.Fprintf(a.errOut, "serving %s store %s read-only on http://%s/ (Ctrl-C to stop)\n", a.cfg.Store, graph.Redact(a.cfg.DB), ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	if o.Warm {
		go func() {
			// read the first pages' results now; a failure shows at the request
			if err := srv.Warm(ctx); err == nil {
				fmt.Fprintln(a.errOut, "ready: the first pages are read")
			}
		}()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(a.errOut, "stopped")
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
