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
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cayleygraph/cayley/clog"
	"github.com/cayleygraph/cayley/graph"
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
	// Wait is how long to wait for another process holding a bolt store:
	// a writer waits for readers and writers, a reader for a writer.
	Wait time.Duration
	// ReadOnly opens a bolt store for reading only, under a lock it
	// shares with other readers: several read at once, and a store whose
	// files are read-only can be read. It refuses to create a store.
	ReadOnly bool
	// MustExist refuses to create a bolt store that does not exist yet.
	MustExist bool
}

// ErrNoStore says a read found no store to read.
var ErrNoStore = errors.New("no store here")

// ErrLocked says another process holds the store.
var ErrLocked = errors.New("store is in use by another process")

// Backends lists the backend names Open accepts.
func Backends() []string { return []string{"bolt", "memstore", "postgres", "cockroach"} }

// Store is a claim graph in a Cayley quad store.
type Store struct {
	qs       graph.QuadStore
	backend  string
	readOnly bool
	labeled  map[string]bool // vocabulary nodes known to carry their labels
	terms    map[string]schema.Term
	// counters keeps the store-wide counts (see counters.go).
	counters counterStore
	// events caches the event of claims: a claim's ID hashes its event,
	// so the event of a claim never changes.
	events map[quad.IRI]string
	// claimState caches the claims' state quads for a store only this
	// process writes (nil otherwise; see claimcache.go)
	claimState *claimCache
	wmu        sync.Mutex // one write at a time
	// pg holds a PostgreSQL store's advisory locks (see pgconc.go).
	pg *pgLocks
	// sqlw is a PostgreSQL store's bulk writer (see sqlwrite.go).
	sqlw *sqlWriter
	// pre is what a PostgreSQL write read before it planned (see
	// pgprefetch.go); nil outside a write.
	pre *pgPrefetch
}

// errReadOnly says a write reached a store opened read-only.
var errReadOnly = errors.New("the store is open read-only")

// Open opens (creating if needed, unless read-only) the backend.
func Open(ctx context.Context, o Options) (*Store, error) {
	var (
		qs   graph.QuadStore
		cs   counterStore
		pg   *pgLocks
		sqlw *sqlWriter
		err  error
	)
	switch o.Backend {
	case "memstore":
		if qs, err = graph.NewQuadStore(o.Backend, "", nil); err != nil {
			return nil, fmt.Errorf("open memstore: %w", err)
		}
		cs = newMemCounters()
	case "bolt":
		if o.Address == "" {
			return nil, fmt.Errorf("bolt store needs a directory (--db)")
		}
		b, err := openBolt(ctx, o)
		if err != nil {
			return nil, err
		}
		qs, cs = b.qs, b
	case "postgres", "cockroach":
		if o.Address == "" {
			return nil, fmt.Errorf("%s store needs a connection string (--db or CLAIMGRAPH_DB)", o.Backend)
		}
		readOnlyPG := false
		if o.Backend == "postgres" && o.ReadOnly {
			// a reader of a store claimgraph made skips making its tables
			// (three connections fewer), and connects Cayley while it
			// asks; one without them is made as a writer would, or is no
			// store
			if sqlw, err = newSQLWriter(o.Address); err != nil {
				return nil, fmt.Errorf("open %s store %s: %w", o.Backend, Redact(o.Address), err)
			}
			type opened struct {
				qs  graph.QuadStore
				err error
			}
			cayley := make(chan opened, 1)
			go func() {
				qs, err := graph.NewQuadStore(o.Backend, o.Address, nil)
				cayley <- opened{qs, err}
			}()
			readOnlyPG, err = pgStoreReady(ctx, sqlw.db)
			c := <-cayley
			if err == nil && readOnlyPG && c.err != nil {
				err = c.err
			}
			if err != nil || !readOnlyPG {
				if c.qs != nil {
					c.qs.Close()
				}
				sqlw.close()
				sqlw = nil
			}
			if err != nil {
				return nil, fmt.Errorf("open %s store %s: %w", o.Backend, Redact(o.Address), err)
			}
			if readOnlyPG {
				qs = c.qs
			}
		}
		if readOnlyPG {
			err = nil
		} else if o.Backend == "postgres" {
			pg, err = initPostgres(ctx, o.Address)
		} else {
			err = graph.InitQuadStore(o.Backend, o.Address, nil)
		}
		if err != nil && !errors.Is(err, graph.ErrDatabaseExists) {
			return nil, fmt.Errorf("initialize %s store %s: %w", o.Backend, Redact(o.Address), err)
		}
		if qs == nil { // a reader's was opened above
			if qs, err = graph.NewQuadStore(o.Backend, o.Address, nil); err != nil {
				if pg != nil {
					pg.close()
				}
				if sqlw != nil {
					sqlw.close()
				}
				return nil, fmt.Errorf("open %s store %s: %w", o.Backend, Redact(o.Address), err)
			}
		}
		cs = noCounters{}
		if pg != nil && sqlw == nil {
			if sqlw, err = newSQLWriter(o.Address); err != nil {
				qs.Close()
				pg.close()
				return nil, fmt.Errorf("open %s store %s: %w", o.Backend, Redact(o.Address), err)
			}
		}
		if sqlw != nil {
			cs = &pgCounters{db: sqlw.db}
		}
	default:
		return nil, fmt.Errorf("unknown store %q (choose one of %s)", o.Backend, strings.Join(Backends(), ", "))
	}
	s := &Store{qs: qs, backend: o.Backend, readOnly: o.ReadOnly, labeled: map[string]bool{}, counters: cs, events: map[quad.IRI]string{}, pg: pg, sqlw: sqlw}
	if !o.ReadOnly && (o.Backend == "bolt" || o.Backend == "memstore") {
		// this process is the store's one writer
		s.claimState = newClaimCache()
	}
	if !o.ReadOnly {
		err := s.initCounters(ctx)
		if err == nil {
			err = s.initEvidence(ctx)
		}
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("open %s store %s: %w", o.Backend, Redact(o.Address), err)
		}
	}
	return s, nil
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

// waitLock waits until the bolt file's lock can be taken (exclusive for a
// writer, shared for a reader), so that a store held by another process
// is reported instead of blocking forever. It releases the lock again:
// bolt takes its own.
func waitLock(ctx context.Context, file string, exclusive bool, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		f, err := os.Open(file)
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		err = syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
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
			return lockedError(wait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func lockedError(wait time.Duration) error {
	if wait > 0 {
		return fmt.Errorf("%w (waited %s); try again later or give --wait a longer duration", ErrLocked, wait)
	}
	return fmt.Errorf("%w: wait for it to finish, or run with --wait 1m to wait", ErrLocked)
}

// QuadStore exposes the underlying Cayley store (for queries and export).
func (s *Store) QuadStore() graph.QuadStore { return s.qs }

// Close closes the store.
func (s *Store) Close() error {
	err := s.qs.Close()
	if s.pg != nil {
		if perr := s.pg.close(); err == nil {
			err = perr
		}
	}
	if s.sqlw != nil {
		if werr := s.sqlw.close(); err == nil {
			err = werr
		}
	}
	return err
}

// IRI returns the node of a vocabulary or internal ID.
func IRI(id string) quad.IRI { return quad.IRI(Prefix + id) }

// nodeID returns the ID of v when it is an internal node of the kind
// given ("mention/", "doc/"): mentionNode(id) gives id.
func nodeID(v quad.Value, kind string) (string, bool) {
	iri, ok := v.(quad.IRI)
	if !ok {
		return "", false
	}
	return strings.CutPrefix(string(iri), Prefix+kind)
}

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
