// Package graph stores claimgraph's documents, claims and mentions in
// Cayley and answers the analyses over it. It is the only package that
// imports Cayley.
package graph

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/cayleygraph/cayley/clog"
	"github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/kv/bolt"  // bolt backend
	_ "github.com/cayleygraph/cayley/graph/memstore" // memstore backend
	_ "github.com/cayleygraph/cayley/graph/sql/cockroach"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/voc"

	"github.com/claimgraph/claimgraph/schema"
)

// Namespace is the IRI namespace of claimgraph's nodes and properties;
// stored IRIs use its prefix "cg:".
const (
	Prefix    = "cg:"
	Namespace = "https://claimgraph.dev/ns/"
)

func init() {
	voc.RegisterPrefix(Prefix, Namespace)
}

// QuietBackendLogs stops Cayley's backends from logging to stderr: their
// errors reach the caller as errors, said once, by the command.
func QuietBackendLogs() { clog.SetLogger(nil) }

// Options select and open a backend.
type Options struct {
	Backend string // bolt, memstore, postgres, cockroach
	Address string // directory (bolt) or DSN (SQL backends)
	// Wait is how long to wait for another process holding a bolt store.
	Wait time.Duration
	// Fast opens a bolt store without rebuilding its bloom filter: reads
	// open in milliseconds; use it for commands that do not write much.
	Fast bool
	// ReadOnly refuses to create a bolt store that does not exist yet.
	ReadOnly bool
}

// ErrNoStore says a read found no store to read.
var ErrNoStore = errors.New("no store here")

// ErrLocked says another process holds the store.
var ErrLocked = errors.New("store is in use by another process")

// Backends lists the backend names Open accepts.
func Backends() []string { return []string{"bolt", "memstore", "postgres", "cockroach"} }

// Store is a claim graph in a Cayley quad store.
type Store struct {
	qs      graph.QuadStore
	backend string
	labeled map[string]bool // vocabulary nodes known to carry their labels
	terms   map[string]schema.Term
}

// Open opens (creating if needed) the backend.
func Open(ctx context.Context, o Options) (*Store, error) {
	opts := graph.Options{}
	switch o.Backend {
	case "memstore":
	case "bolt":
		if o.Address == "" {
			return nil, fmt.Errorf("bolt store needs a directory (--db)")
		}
		if _, err := os.Stat(filepath.Join(o.Address, "indexes.bolt")); os.IsNotExist(err) {
			if o.ReadOnly {
				return nil, fmt.Errorf("%w: %s (ingest some reports first, or point --db at a store)", ErrNoStore, o.Address)
			}
			if entries, _ := os.ReadDir(o.Address); len(entries) > 0 {
				return nil, fmt.Errorf("%s holds other files and no store: give --db a new or empty directory, or a store", o.Address)
			}
		}
		if err := os.MkdirAll(o.Address, 0o755); err != nil {
			return nil, fmt.Errorf("create store directory %s: %w", o.Address, err)
		}
		if err := waitUnlocked(ctx, filepath.Join(o.Address, "indexes.bolt"), o.Wait); err != nil {
			return nil, fmt.Errorf("open store %s: %w", o.Address, err)
		}
		if o.Fast {
			opts["no_bloom"] = true
		}
	case "postgres", "cockroach":
		if o.Address == "" {
			return nil, fmt.Errorf("%s store needs a connection string (--db or CLAIMGRAPH_DB)", o.Backend)
		}
	default:
		return nil, fmt.Errorf("unknown store %q (choose one of %s)", o.Backend, strings.Join(Backends(), ", "))
	}
	if graph.IsPersistent(o.Backend) {
		if err := graph.InitQuadStore(o.Backend, o.Address, opts); err != nil && !errors.Is(err, graph.ErrDatabaseExists) {
			return nil, fmt.Errorf("initialize %s store %s: %w", o.Backend, Redact(o.Address), err)
		}
	}
	qs, err := graph.NewQuadStore(o.Backend, o.Address, opts)
	if err != nil {
		return nil, fmt.Errorf("open %s store %s: %w", o.Backend, Redact(o.Address), err)
	}
	return &Store{qs: qs, backend: o.Backend, labeled: map[string]bool{}}, nil
}

// Redact hides the password of a connection string for messages.
func Redact(addr string) string {
	u, err := url.Parse(addr)
	if err != nil || u.User == nil {
		return addr
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// waitUnlocked probes the bolt file's lock so that a store held by another
// process is reported instead of blocking forever.
func waitUnlocked(ctx context.Context, file string, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		f, err := os.OpenFile(file, os.O_RDWR, 0)
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
			f.Close()
			return nil
		}
		f.Close()
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return err
		}
		if time.Now().After(deadline) {
			if wait > 0 {
				return fmt.Errorf("%w (waited %s); try again later or give --wait a longer duration", ErrLocked, wait)
			}
			return fmt.Errorf("%w: wait for it to finish, or run with --wait 1m to wait", ErrLocked)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// QuadStore exposes the underlying Cayley store (for queries and export).
func (s *Store) QuadStore() graph.QuadStore { return s.qs }

// Close closes the store.
func (s *Store) Close() error { return s.qs.Close() }

// IRI returns the node of a vocabulary or internal ID.
func IRI(id string) quad.IRI { return quad.IRI(Prefix + id) }

// ID returns the ID of a claimgraph IRI or the text of a literal.
func ID(v quad.Value) string {
	switch t := v.(type) {
	case quad.IRI:
		return strings.TrimPrefix(string(t), Prefix)
	case nil:
		return ""
	}
	if n, ok := v.Native().(string); ok {
		return n
	}
	return fmt.Sprint(v.Native())
}

// Properties and classes of the graph model.
var (
	pType      = quad.IRI("rdf:type")
	pLabel     = quad.IRI("rdfs:label")
	pSubject   = IRI("subject")
	pPredicate = IRI("predicate")
	pObject    = IRI("object")
	pEvent     = IRI("event")
	pTarget    = IRI("target")
	pCondition = IRI("condition")
	pAbout     = IRI("about")
	pClaim     = IRI("claim")
	pDoc       = IRI("doc")
	pPolarity  = IRI("polarity")
	pSource    = IRI("source")
	pEvidence  = IRI("evidence")
	// pEvidenceNorm is the evidence normalized for matching.
	pEvidenceNorm = IRI("evidence_norm")
	pSentence     = IRI("sentence")
	pStart        = IRI("start")
	pEnd          = IRI("end")
	pRule         = IRI("rule")
	pConfidence   = IRI("confidence")
	pName         = IRI("name")
	pPath         = IRI("path")
	pTitle        = IRI("title")
	pURL          = IRI("url")
	pOutlet       = IRI("outlet")
	pPublished    = IRI("published")
	pLang         = IRI("lang")
	pHash         = IRI("hash")
	pKind         = IRI("kind")
	pApprox       = IRI("approx")
	// pText is a document's cleaned text, tagged with its language: what
	// re-extraction runs the extractor on.
	pText = IRI("text")
	// pHasPolarity marks a claim with a polarity some mention gives it.
	pHasPolarity = IRI("has_polarity")
	cDocument    = IRI("Document")
	cClaim       = IRI("Claim")
	cMention     = IRI("Mention")
)

// NegatedPredicate is the direct-edge predicate of a denied claim, so that
// a plain traversal along "cg:commit" never returns a denial.
func NegatedPredicate(p string) quad.IRI { return IRI("not_" + p) }

func docNode(id string) quad.IRI     { return IRI("doc/" + id) }
func claimNode(id string) quad.IRI   { return IRI("claim/" + id) }
func mentionNode(id string) quad.IRI { return IRI("mention/" + id) }
