// Package web serves claimgraph's read-only web view: server-rendered
// pages over the analyses (contradictions side by side, the shifts
// matrix, positions, claims, documents, a graph of actors and topics) and
// a JSON API that returns what the matching command's --format json
// returns. It never writes to the store.
package web

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/claimgraph/claimgraph/graph"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Encoder writes an analysis result v (the slice or struct the command
// lists) in one of the command's output formats (json, jsonl, csv). It
// returns ErrFormat for a format the command does not offer for v.
type Encoder func(w io.Writer, format string, v any) error

// ErrFormat says a result cannot be written in the asked format.
var ErrFormat = errors.New("format not available here")

// Options configure a Server.
type Options struct {
	// Stores gives each request the store to read.
	Stores *Lease
	// Vocab labels IDs in English and Arabic.
	Vocab *lexicon.Vocabulary
	// Lexicon finds a claim's words in its evidence to highlight them;
	// nil highlights nothing.
	Lexicon *lexicon.Lexicon
	// Encode writes API results; it is the commands' own writer.
	Encode Encoder
	// Timeout bounds each request (0: none).
	Timeout time.Duration
	// Version identifies the store's current contents (for bolt, the
	// size and time of its file): results are reused while it stays the
	// same. nil or "" reads the store for every request.
	Version func() string
	// Local makes the server answer only requests addressed to a
	// loopback host name (a guard against DNS rebinding).
	Local bool
	// Resolve gives the ID a name stands for among the kinds ("actor",
	// "predicate", "topic", "event"), as the commands' filters take
	// names ("Putin", "بوتين"); ok is false for a name it does not know,
	// which is then used as given. nil takes every value as an ID.
	Resolve func(value string, kinds ...string) (id string, ok bool)
}

// nameParams are the query parameters that take names, and the kinds of
// name each takes (as the commands' flags of the same name).
var nameParams = map[string][]string{
	"subject": {"actor", "event"}, "object": {"topic", "actor"}, "predicate": {"predicate"},
	"source": {"actor"}, "actor": {"actor"}, "topic": {"topic", "predicate"},
	"event": {"event"}, "from": {"event"}, "to": {"event"},
}

// resolveNames rewrites the query's names to the IDs they stand for, so
// that a handler, and the links it makes, see IDs.
func (s *Server) resolveNames(r *http.Request) {
	if s.o.Resolve == nil || r.URL.RawQuery == "" {
		return
	}
	q := r.URL.Query()
	changed := false
	for key, vs := range q {
		kinds, ok := nameParams[key]
		if !ok {
			continue
		}
		for i, v := range vs {
			if id, ok := s.o.Resolve(strings.TrimSpace(v), kinds...); ok && id != v {
				vs[i], changed = id, true
			}
		}
	}
	if changed {
		r.URL.RawQuery = q.Encode()
	}
}

// Bounds of what one page shows.
const (
	perPage          = 20      // contradictions per page
	claimsPerPage    = 50      // mentions per claims page
	shiftColsPerPage = 12      // (predicate, topic) columns per shifts page
	stancesPerPage   = 60      // stances per positions page
	docsPerPage      = 100     // documents per page
	evidenceCap      = 5       // mentions shown per side of a contradiction
	cellEvidenceCap  = 3       // mentions shown per event in a shifts cell
	groupCap         = 20      // mentions shown per source on a claim page
	graphEdgeCap     = 300     // claims drawn in the graph view
	docTextCap       = 200_000 // characters of a document's text shown
	maxParam         = 256     // longest accepted query parameter
	cacheEntries     = 16      // analysis results kept while the store is unchanged
	// keptEvidence is the mentions per side, event or stance an analysis
	// result keeps in the cache: enough for any page and for the API's
	// default; an answer with more reads the store again
	keptEvidence = 5
)

// Server is the web view's HTTP handler.
type Server struct {
	o     Options
	pages map[string]*template.Template
	mux   *http.ServeMux
	terms *labels
	cache *cache
}

// New builds the server and parses its embedded templates.
func New(o Options) (*Server, error) {
	if o.Stores == nil || o.Encode == nil {
		return nil, errors.New("web: Stores and Encode are required")
	}
	s := &Server{o: o, pages: map[string]*template.Template{}, mux: http.NewServeMux(), terms: newLabels(o.Vocab), cache: newCache(o.Version, cacheEntries)}
	funcs := s.funcs()
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/parts.html")
	if err != nil {
		return nil, fmt.Errorf("web templates: %w", err)
	}
	for _, name := range []string{"contradictions", "shifts", "positions", "claims", "claim", "doc", "docs", "graph", "error"} {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web template %s: %w", name, err)
		}
		s.pages[name] = t
	}
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServer(http.FS(static))))
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/contradictions", http.StatusFound)
	})
	s.mux.HandleFunc("GET /contradictions", s.page("contradictions", s.contradictionsPage))
	s.mux.HandleFunc("GET /shifts", s.page("shifts", s.shiftsPage))
	s.mux.HandleFunc("GET /positions", s.page("positions", s.positionsPage))
	s.mux.HandleFunc("GET /claims", s.page("claims", s.claimsPage))
	s.mux.HandleFunc("GET /claim/{id}", s.page("claim", s.claimPage))
	s.mux.HandleFunc("GET /doc/{id}", s.page("doc", s.docPage))
	s.mux.HandleFunc("GET /docs", s.page("docs", s.docsPage))
	s.mux.HandleFunc("GET /graph", s.page("graph", s.graphPage))
	s.mux.HandleFunc("GET /api/claims", s.api(s.apiClaims))
	s.mux.HandleFunc("GET /api/claim/{id}", s.api(s.apiClaim))
	s.mux.HandleFunc("GET /api/contradictions", s.api(s.apiContradictions))
	s.mux.HandleFunc("GET /api/shifts", s.api(s.apiShifts))
	s.mux.HandleFunc("GET /api/positions", s.api(s.apiPositions))
	s.mux.HandleFunc("GET /api/docs", s.api(s.apiDocs))
	s.mux.HandleFunc("GET /api/stats", s.api(s.apiStats))
}

// ServeHTTP answers a request: read-only methods only, bounded query
// parameters, a deadline, and headers that keep the pages inert.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "this server is read-only: only GET and HEAD", http.StatusMethodNotAllowed)
		return
	}
	if s.o.Local && !loopbackHost(r.Host) {
		http.Error(w, "this server answers only requests to localhost", http.StatusMisdirectedRequest)
		return
	}
	for k, vs := range r.URL.Query() {
		for _, v := range vs {
			if len(k) > maxParam || len(v) > maxParam {
				http.Error(w, fmt.Sprintf("query parameter %.40q is too long (at most %d bytes)", k, maxParam), http.StatusBadRequest)
				return
			}
		}
	}
	if s.o.Timeout > 0 {
		ctx, cancel := context.WithTimeout(r.Context(), s.o.Timeout)
		defer cancel()
		r = r.WithContext(ctx)
	}
	s.mux.ServeHTTP(w, r)
}

func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// httpError is an error with the status it answers.
type httpError struct {
	status int
	msg    string
}

func (e httpError) Error() string { return e.msg }

func badRequest(format string, a ...any) error {
	return httpError{http.StatusBadRequest, fmt.Sprintf(format, a...)}
}

func notFound(format string, a ...any) error {
	return httpError{http.StatusNotFound, fmt.Sprintf(format, a...)}
}

// status maps an error to its HTTP status and message.
func status(err error) (int, string) {
	var he httpError
	switch {
	case errors.As(err, &he):
		return he.status, he.msg
	case errors.Is(err, graph.ErrLocked):
		return http.StatusServiceUnavailable, err.Error()
	case errors.Is(err, graph.ErrNoStore):
		return http.StatusServiceUnavailable, err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout, "the request took longer than its timeout; narrow it with a filter"
	}
	return http.StatusInternalServerError, err.Error()
}

// pageData is what every page template gets.
type pageData struct {
	Title  string
	Active string
	Data   any
	Links  []formatLink // the same data in the export formats
}

type formatLink struct{ Label, URL string }

type pageFunc func(ctx context.Context, st *graph.Store, r *http.Request) (pageData, error)

// page renders a page template with what fn reads from the store. The page
// is rendered into a buffer first so that an error shows as an error page.
func (s *Server) page(name string, fn pageFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.resolveNames(r)
		st, release, err := s.o.Stores.Acquire(r.Context())
		var d pageData
		if err == nil {
			d, err = fn(r.Context(), st, r)
			release()
		}
		if err != nil {
			code, msg := status(err)
			s.render(w, code, "error", pageData{Title: http.StatusText(code), Data: msg})
			return
		}
		d.Active = name
		s.render(w, http.StatusOK, name, d)
	}
}

func (s *Server) render(w http.ResponseWriter, code int, name string, d pageData) {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout.html", d); err != nil {
		http.Error(w, "render "+name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

type apiFunc func(ctx context.Context, st *graph.Store, r *http.Request) (any, error)

var contentTypes = map[string]string{
	"json":  "application/json; charset=utf-8",
	"jsonl": "application/x-ndjson; charset=utf-8",
	"csv":   "text/csv; charset=utf-8",
}

// api answers with what fn reads, written by the commands' encoder in
// the format of ?format= (json by default).
func (s *Server) api(fn apiFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.resolveNames(r)
		format := r.URL.Query().Get("format")
		if format == "" {
			format = "json"
		}
		if contentTypes[format] == "" {
			http.Error(w, fmt.Sprintf("unknown format %q (choose json, jsonl or csv)", format), http.StatusBadRequest)
			return
		}
		st, release, err := s.o.Stores.Acquire(r.Context())
		var v any
		if err == nil {
			v, err = fn(r.Context(), st, r)
			release()
		}
		var buf bytes.Buffer
		if err == nil {
			err = s.o.Encode(&buf, format, v)
			if errors.Is(err, ErrFormat) {
				err = badRequest("%s is not available for %s (json is)", format, r.URL.Path)
			}
		}
		if err != nil {
			code, msg := status(err)
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(code)
			json.NewEncoder(w).Encode(map[string]string{"error": msg})
			return
		}
		w.Header().Set("Content-Type", contentTypes[format])
		w.Write(buf.Bytes())
	}
}
