package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimgraph/claimgraph/cmd/claimgraph/web"
	"github.com/claimgraph/claimgraph/config"
)

// xssReport is a report whose title, outlet and text carry markup: every
// page must show it as text.
const xssReport = `{"id":"xss-report","title":"<script>document.title=\"pwned\"</script>","outlet":"<b>Outlet</b>","published":"2021-12-08","text":"وقال الكرملين إن الرئيس الروسي حذر من فرض عقوبات <script>window.__xss=1</script> <img src=x onerror=\"window.__xss=2\">.","lang":"ar"}` + "\n"

// servedStore ingests the seeds and the markup report into a fresh bolt
// store through the binary.
func servedStore(t *testing.T) string {
	t.Helper()
	db := seeded(t)
	f := filepath.Join(t.TempDir(), "xss.jsonl")
	if err := os.WriteFile(f, []byte(xssReport), 0o644); err != nil {
		t.Fatal(err)
	}
	ok(t, cg(t, "", "--db", db, "ingest", f))
	return db
}

// webServer serves db in-process, as serve does.
func webServer(t *testing.T, db string) (*httptest.Server, *web.Lease) {
	t.Helper()
	ts, lease, _ := webServerWith(t, db)
	return ts, lease
}

func webServerWith(t *testing.T, db string) (*httptest.Server, *web.Lease, *web.Server) {
	t.Helper()
	a := newApp(strings.NewReader(""), io.Discard, io.Discard)
	a.cfg = &config.Loaded{Config: config.Config{Store: "bolt", DB: db, Timeout: 30 * time.Second, Limit: 1000}, Origin: map[string]string{"wait": "default"}}
	srv, lease, err := a.newWebServer(true)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.Close(); lease.Close() })
	return ts, lease, srv
}

func get(t *testing.T, url string) (int, string, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// TestServeAPIMatchesCLI: each API route returns byte for byte what the
// matching command prints with the same filters and format.
func TestServeAPIMatchesCLI(t *testing.T) {
	db := servedStore(t)
	ts, lease := webServer(t, db)
	for name, c := range map[string]struct {
		path, ctype string
		cli         []string
	}{
		"claims":                   {"/api/claims", "application/json", []string{"claims", "--format", "json"}},
		"claims filtered":          {"/api/claims?subject=putin&event=call_2021_12_07", "application/json", []string{"claims", "--subject", "putin", "--event", "call_2021_12_07", "--format", "json"}},
		"claims by language jsonl": {"/api/claims?lang=ar&polarity=negative&format=jsonl", "application/x-ndjson", []string{"claims", "--lang", "ar", "--polarity", "negative", "--format", "jsonl"}},
		"claims csv":               {"/api/claims?predicate=warn&format=csv", "text/csv", []string{"claims", "--predicate", "warn", "--format", "csv"}},
		"claims none":              {"/api/claims?subject=bloomberg", "application/json", []string{"claims", "--subject", "bloomberg", "--format", "json"}},
		"claims by names":          {"/api/claims?subject=Putin&source=%D8%A7%D9%84%D9%83%D8%B1%D9%85%D9%84%D9%8A%D9%86", "application/json", []string{"claims", "--subject", "putin", "--source", "kremlin", "--format", "json"}},
		"shifts by names":          {"/api/shifts?from=call_2021_12_07&to=call_2021_12_30&actor=Vladimir%20Putin&format=csv", "text/csv", []string{"shifts", "--from", "call_2021_12_07", "--to", "call_2021_12_30", "--actor", "putin", "--format", "csv"}},
		"contradictions":           {"/api/contradictions", "application/json", []string{"contradictions", "--format", "json"}},
		"contradictions filtered":  {"/api/contradictions?event=call_2021_12_07&kind=implied", "application/json", []string{"contradictions", "--event", "call_2021_12_07", "--kind", "implied", "--format", "json"}},
		"contradictions csv":       {"/api/contradictions?format=csv", "text/csv", []string{"contradictions", "--format", "csv"}},
		"shifts":                   {"/api/shifts?from=call_2021_12_07&to=call_2021_12_30", "application/json", []string{"shifts", "--from", "call_2021_12_07", "--to", "call_2021_12_30", "--format", "json"}},
		"shifts of an actor csv":   {"/api/shifts?from=call_2021_12_07&to=call_2021_12_30&actor=putin&format=csv", "text/csv", []string{"shifts", "--from", "call_2021_12_07", "--to", "call_2021_12_30", "--actor", "putin", "--format", "csv"}},
		"positions":                {"/api/positions?topic=sanctions", "application/json", []string{"positions", "--topic", "sanctions", "--format", "json"}},
		"positions of an event":    {"/api/positions?topic=face_to_face_meeting&event=call_2021_12_07&format=jsonl", "application/x-ndjson", []string{"positions", "--topic", "face_to_face_meeting", "--event", "call_2021_12_07", "--format", "jsonl"}},
		"positions csv":            {"/api/positions?topic=sanctions&format=csv", "text/csv", []string{"positions", "--topic", "sanctions", "--format", "csv"}},
		"contradictions all":       {"/api/contradictions?evidence=0", "application/json", []string{"contradictions", "--evidence", "0", "--format", "json"}},
		"contradictions one":       {"/api/contradictions?evidence=1&format=csv", "text/csv", []string{"contradictions", "--evidence", "1", "--format", "csv"}},
		"shifts one":               {"/api/shifts?from=call_2021_12_07&to=call_2021_12_30&evidence=1", "application/json", []string{"shifts", "--from", "call_2021_12_07", "--to", "call_2021_12_30", "--evidence", "1", "--format", "json"}},
		"positions all":            {"/api/positions?topic=sanctions&evidence=0", "application/json", []string{"positions", "--topic", "sanctions", "--evidence", "0", "--format", "json"}},
		"positions one":            {"/api/positions?topic=sanctions&evidence=1&format=jsonl", "application/x-ndjson", []string{"positions", "--topic", "sanctions", "--evidence", "1", "--format", "jsonl"}},
		"docs csv":                 {"/api/docs?format=csv", "text/csv", []string{"docs", "--format", "csv"}},
		"docs":                     {"/api/docs", "application/json", []string{"docs", "--format", "json"}},
		"docs by language":         {"/api/docs?lang=ar", "application/json", []string{"docs", "--lang", "ar", "--format", "json"}},
		"stats":                    {"/api/stats", "application/json", []string{"stats", "--format", "json"}},
	} {
		t.Run(name, func(t *testing.T) {
			code, ctype, body := get(t, ts.URL+c.path)
			if code != http.StatusOK || !strings.HasPrefix(ctype, c.ctype) {
				t.Fatalf("GET %s: %d %s\n%s", c.path, code, ctype, body)
			}
			if lease.Open() {
				t.Error("the store stays open after the request")
			}
			want := ok(t, cg(t, "", append([]string{"--db", db}, c.cli...)...)).stdout
			if body != want {
				t.Errorf("GET %s differs from claimgraph %s:\n--- api\n%.600s\n--- cli\n%.600s", c.path, strings.Join(c.cli, " "), body, want)
			}
			if len(strings.TrimSpace(body)) < 2 {
				t.Errorf("empty body")
			}
		})
	}
}

// TestServeClaimAPI: /api/claim/ID lists exactly the claim's mentions.
func TestServeClaimAPI(t *testing.T) {
	db := servedStore(t)
	ts, _ := webServer(t, db)
	all := claims(t, db)
	id := all[0].Claim
	var want []mention
	for _, m := range all {
		if m.Claim == id {
			want = append(want, m)
		}
	}
	code, ctype, body := get(t, ts.URL+"/api/claim/"+id)
	if code != 200 || !strings.HasPrefix(ctype, "application/json") {
		t.Fatalf("%d %s %s", code, ctype, body)
	}
	var got []mention
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || got[0] != want[0] {
		t.Errorf("claim %s: got %d mentions %+v, want %d %+v", id, len(got), got, len(want), want)
	}
}

// TestServePages: every page renders from the seeds with what it must show.
func TestServePages(t *testing.T) {
	db := servedStore(t)
	ts, _ := webServer(t, db)
	cs := claims(t, db, "--doc", "xss-report")
	if len(cs) == 0 {
		t.Fatal("the markup report gave no claim")
	}
	var docs []struct{ ID, Name string }
	if err := json.Unmarshal([]byte(ok(t, cg(t, "", "--db", db, "docs", "--format", "json")).stdout), &docs); err != nil {
		t.Fatal(err)
	}
	xssDoc := ""
	for _, d := range docs {
		if d.Name == "xss-report" {
			xssDoc = d.ID
		}
	}
	for name, c := range map[string]struct {
		path string
		want []string // regular expressions the page must match
	}{
		"home redirects to contradictions": {"/", []string{`<h1>Contradictions</h1>`}},
		"contradictions": {"/contradictions", []string{
			`class="contradiction kind-implied"`, `class="side side-a"`, `class="side side-b"`,
			`<p class="evidence" dir="rtl" lang="ar">`, `<mark class="w-predicate">`, `href="/api/contradictions\?format=csv"`,
			`Joe Biden</span> <span class="ar" dir="rtl" lang="ar">بايدن</span>`,
		}},
		"contradictions filtered away": {"/contradictions?kind=value", []string{`No contradictions match`, `<option value="value" selected>`}},
		"contradictions by source":     {"/contradictions?source=ushakov", []string{`class="contradiction kind-implied"`}},
		"shifts": {"/shifts", []string{`<table class="matrix">`, `<summary class="st st-(stable|new|dropped|reversed)"`,
			`<option value="call_2021_12_07" selected>`, `href="/api/shifts\?format=csv&amp;from=call_2021_12_07&amp;to=call_2021_12_30"`}},
		"positions picker": {"/positions", []string{`href="/positions\?topic=sanctions"`}},
		"positions":        {"/positions?topic=face_to_face_meeting", []string{`class="side side-for"`, `class="side side-against"`, `Vladimir Putin`}},
		"claims":           {"/claims?subject=putin", []string{`class="mention pol-`, `Vladimir Putin`}},
		"claims page 2":    {"/claims?page=2", []string{`page 2 of 2`, `rel="prev"`}},
		"claim":            {"/claim/" + cs[0].Claim, []string{`asserted by`, `<p class="evidence" dir="rtl"`, `xss-report`}},
		"document":         {"/doc/" + xssDoc, []string{`<mark class="span">`, `class="spanclaim pol-positive" href="/claim/` + cs[0].Claim + `"`, `&lt;script&gt;window\.</mark>`, `__xss=1&lt;/script&gt; &lt;img src=x`}},
		"documents":        {"/docs", []string{`href="/doc/` + xssDoc + `"`, `&lt;b&gt;Outlet&lt;/b&gt;`}},
		"graph":            {"/graph?event=call_2021_12_07", []string{`<svg class="graph"`, `<a href="/claim/[0-9a-f]{16}" class="edge pol-negative">`, `<option value="call_2021_12_07" selected>`}},
	} {
		t.Run(name, func(t *testing.T) {
			code, ctype, body := get(t, ts.URL+c.path)
			if code != 200 || ctype != "text/html; charset=utf-8" {
				t.Fatalf("GET %s: %d %s\n%.500s", c.path, code, ctype, body)
			}
			for _, w := range c.want {
				if !regexp.MustCompile(w).MatchString(body) {
					t.Errorf("GET %s: no %s in\n%.3000s", c.path, w, body)
				}
			}
			for _, bad := range []string{"<script>window", "<script>document", "<img src=x", "<b>Outlet"} {
				if strings.Contains(body, bad) {
					t.Errorf("GET %s: unescaped markup %q", c.path, bad)
				}
			}
		})
	}
}

// TestServeRefuses: bad requests, unknown IDs, writes, foreign hosts.
func TestServeRefuses(t *testing.T) {
	db := servedStore(t)
	ts, _ := webServer(t, db)
	for name, c := range map[string]struct {
		method, path, host string
		code               int
		body               string
	}{
		"unknown claim":           {"GET", "/claim/0000000000000000", "", 404, "no claim"},
		"unknown claim api":       {"GET", "/api/claim/0000000000000000", "", 404, `"error"`},
		"unknown document":        {"GET", "/doc/nope", "", 404, "no document"},
		"unknown kind":            {"GET", "/contradictions?kind=bogus", "", 400, "unknown kind"},
		"unknown kind api":        {"GET", "/api/contradictions?kind=bogus", "", 400, "unknown kind"},
		"bad evidence api":        {"GET", "/api/positions?topic=sanctions&evidence=-1", "", 400, "evidence must be"},
		"bad polarity":            {"GET", "/api/claims?polarity=maybe", "", 400, "polarity"},
		"bad page":                {"GET", "/claims?page=-1", "", 400, "page"},
		"shifts without events":   {"GET", "/api/shifts?from=call_2021_12_07", "", 400, "needs from and to"},
		"positions without topic": {"GET", "/api/positions", "", 400, "needs topic"},
		"unknown format":          {"GET", "/api/claims?format=xml", "", 400, "unknown format"},
		"format not offered":      {"GET", "/api/stats?format=csv", "", 400, "not available"},
		"long parameter":          {"GET", "/api/claims?subject=" + strings.Repeat("a", 300), "", 400, "too long"},
		"post":                    {"POST", "/api/claims", "", 405, "read-only"},
		"delete":                  {"DELETE", "/claim/x", "", 405, "read-only"},
		"foreign host":            {"GET", "/api/stats", "evil.example:8080", 421, "localhost"},
		"unknown page":            {"GET", "/nothing", "", 404, ""},
	} {
		t.Run(name, func(t *testing.T) {
			req, err := http.NewRequest(c.method, ts.URL+c.path, strings.NewReader("x=1"))
			if err != nil {
				t.Fatal(err)
			}
			if c.host != "" {
				req.Host = c.host
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != c.code || !strings.Contains(string(b), c.body) {
				t.Errorf("%s %s: %d %q, want %d with %q", c.method, c.path, resp.StatusCode, b, c.code, c.body)
			}
		})
	}
	// the headers that keep a page inert
	resp, err := http.Get(ts.URL + "/contradictions")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
}

// TestServeStatic: the stylesheet and script are embedded.
func TestServeStatic(t *testing.T) {
	ts, _ := webServer(t, seeded(t))
	for path, want := range map[string]string{"/static/style.css": "text/css", "/static/app.js": "javascript"} {
		code, ctype, body := get(t, ts.URL+path)
		if code != 200 || !strings.Contains(ctype, want) || len(body) < 100 {
			t.Errorf("GET %s: %d %s (%d bytes)", path, code, ctype, len(body))
		}
	}
}

// TestServeCommand runs `claimgraph serve`: it says where it listens,
// answers, warns when bound beyond localhost, and lets other commands use
// the store while it runs.
func TestServeCommand(t *testing.T) {
	db := seeded(t)
	for name, c := range map[string]struct {
		addr, warn string
	}{
		"localhost":     {"127.0.0.1:0", ""},
		"all addresses": {"0.0.0.0:0", "reachable from other machines"},
	} {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(binary, "--db", db, "serve", "--addr", c.addr, "--warm="+fmt.Sprint(c.warn == ""))
			cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { cmd.Process.Kill(); cmd.Wait() }()
			sc := bufio.NewScanner(stderr)
			var said bytes.Buffer
			url := ""
			for url == "" && sc.Scan() {
				said.WriteString(sc.Text() + "\n")
				if m := regexp.MustCompile(`on (http://[^ ]+/)`).FindStringSubmatch(sc.Text()); m != nil {
					url = strings.Replace(m[1], "0.0.0.0", "127.0.0.1", 1)
					url = strings.Replace(url, "[::]", "127.0.0.1", 1)
				}
			}
			if url == "" {
				t.Fatalf("serve said no address:\n%s", said.String())
			}
			if c.warn != "" && !strings.Contains(said.String(), c.warn) {
				t.Errorf("no warning %q in %q", c.warn, said.String())
			}
			if c.warn == "" && strings.Contains(said.String(), "warning") {
				t.Errorf("a warning on localhost: %q", said.String())
			}
			code, _, body := get(t, url+"api/stats")
			if code != 200 || !strings.Contains(body, `"documents": 5`) {
				t.Fatalf("api/stats: %d %s", code, body)
			}
			// the store is free between requests (the wait covers the
			// server's first read of the pages)
			var s stats
			if err := json.Unmarshal([]byte(ok(t, cg(t, "", "--db", db, "--wait", "20s", "stats", "--format", "json")).stdout), &s); err != nil || s.Documents != 5 {
				t.Errorf("stats while serving: %+v %v", s, err)
			}
		})
	}
	if r := cg(t, "", "--db", db, "serve", "--addr", "nonsense"); r.code != exitUsage {
		t.Errorf("serve --addr nonsense: exit %d %s", r.code, r.stderr)
	}
}

// TestServeSeesNewReports: a report ingested while the server runs shows
// at the next request (results are reused only while the store is
// unchanged), and the ingest is not blocked by the server.
func TestServeSeesNewReports(t *testing.T) {
	db := seeded(t)
	ts, lease, srv := webServerWith(t, db)
	if err := srv.Warm(context.Background()); err != nil || lease.Open() {
		t.Fatalf("warm: %v (store still open: %v)", err, lease.Open())
	}
	count := func() (int, int) {
		_, _, body := get(t, ts.URL+"/api/claims?event=unknown")
		var ms []mention
		if err := json.Unmarshal([]byte(body), &ms); err != nil {
			t.Fatal(err)
		}
		_, _, page := get(t, ts.URL+"/claims?event=unknown")
		return len(ms), strings.Count(page, `class="mention pol-`)
	}
	before, shown := count()
	if again, _ := count(); again != before || shown != min(before, 50) {
		t.Fatalf("%d then %d mentions, %d shown", before, again, shown)
	}
	f := filepath.Join(t.TempDir(), "new.jsonl")
	if err := os.WriteFile(f, []byte(xssReport), 0o644); err != nil {
		t.Fatal(err)
	}
	ok(t, cg(t, "", "--db", db, "ingest", f))
	after, shownAfter := count()
	if after != before+1 || shownAfter != min(after, 50) {
		t.Errorf("after an ingest: %d mentions (%d shown), want %d", after, shownAfter, before+1)
	}
}

// TestServeAPIRecapsLongSides: on a store whose contradictions, shifts and
// positions have more mentions than the web keeps of each (a synthetic
// corpus), the API answers every evidence cap, from the kept results or
// by reading the store again, as the command does; asked twice, the same.
func TestServeAPIRecapsLongSides(t *testing.T) {
	dir := t.TempDir()
	ok(t, cg(t, "", "synth", "--reports", "200", "--seed", "3", "-o", filepath.Join(dir, "corpus")))
	db := filepath.Join(dir, "db")
	ok(t, cg(t, "", "--db", db, "ingest", filepath.Join(dir, "corpus", "reports")))
	ts, _ := webServer(t, db)
	long := false
	for _, n := range []string{"", "1", "3", "5", "7", "0"} {
		for _, c := range []struct{ path, cli string }{
			{"/api/contradictions?kind=value", "contradictions --kind value"},
			{"/api/contradictions?limit=7", "contradictions --limit 7"},
			{"/api/contradictions?limit=0", "contradictions --limit 0"},
			{"/api/contradictions?kind=opposing", "contradictions --kind opposing"},
			{"/api/contradictions?kind=polarity", "contradictions --kind polarity"},
			{"/api/shifts?from=call_2021_12_07&to=call_2021_12_30&actor=putin", "shifts --from call_2021_12_07 --to call_2021_12_30 --actor putin"},
			{"/api/shifts?from=call_2021_12_07&to=call_2021_12_30&limit=5", "shifts --from call_2021_12_07 --to call_2021_12_30 --limit 5"},
			{"/api/shifts?from=call_2021_12_07&to=call_2021_12_30", "shifts --from call_2021_12_07 --to call_2021_12_30"},
			{"/api/positions?topic=sanctions", "positions --topic sanctions"},
		} {
			path, args := c.path, append([]string{"--db", db}, strings.Fields(c.cli)...)
			if n != "" {
				path += "&evidence=" + n
				args = append(args, "--evidence", n)
			}
			want := ok(t, cg(t, "", append(args, "--format", "json")...)).stdout
			for i := 0; i < 2; i++ {
				code, _, body := get(t, ts.URL+path)
				if code != 200 || body != want {
					t.Fatalf("GET %s (%d) differs from claimgraph %s:\n--- api\n%.400s\n--- cli\n%.400s", path, code, strings.Join(args, " "), body, want)
				}
			}
			long = long || n == "5" && (strings.Contains(want, `"more":`) || strings.Contains(want, `"from_more":`) || strings.Contains(want, `"to_more":`))
		}
	}
	if !long {
		t.Error("no side longer than the web keeps: the test does not exercise the cut")
	}
}

// TestServeClaimPageFromKeptList: a claim's page is the same whether its
// mentions come from the store or from the claims list kept after warming.
func TestServeClaimPageFromKeptList(t *testing.T) {
	db := servedStore(t)
	ts, _, srv := webServerWith(t, db)
	all := claims(t, db)
	for _, id := range []string{all[0].Claim, all[len(all)-1].Claim} {
		code, _, cold := get(t, ts.URL+"/claim/"+id)
		if code != 200 || !strings.Contains(cold, "class=\"mention") {
			t.Fatalf("claim %s: %d\n%.300s", id, code, cold)
		}
		if err := srv.Warm(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, _, warm := get(t, ts.URL+"/claim/"+id); warm != cold {
			t.Errorf("claim %s differs once the claims list is kept:\n%.600s\n---\n%.600s", id, cold, warm)
		}
	}
}
