package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimgraph/claimgraph/schema"
)

var screenshots = flag.Bool("screenshots", false, "write the browser test's screenshots to docs/screenshots for the README")

// chromium finds the browser. Without one the browser tests fail under CI
// (CI=true or CLAIMGRAPH_REQUIRE_CHROMIUM set) and are skipped elsewhere.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" || os.Getenv("CLAIMGRAPH_REQUIRE_CHROMIUM") != "" {
		t.Fatal("chromium is not installed and CI requires the browser tests: apt-get install -y chromium")
	}
	t.Skip("chromium is not installed (apt-get install -y chromium); CI runs these tests")
	return ""
}

// TestServeBrowser loads the pages in headless Chromium: the two sides of
// a contradiction and their evidence are in the DOM, Arabic evidence runs
// right to left, a filter changes the result, the shifts matrix opens the
// mentions behind a cell, the graph leads to a claim, and a report holding
// markup executes nothing.
func TestServeBrowser(t *testing.T) {
	exe := chromium(t)
	db := servedStore(t)
	ts, _ := webServer(t, db)

	var cs []schema.Contradiction
	if err := json.Unmarshal([]byte(ok(t, cg(t, "", "--db", db, "contradictions", "--format", "json")).stdout), &cs); err != nil || len(cs) == 0 {
		t.Fatalf("contradictions: %v %d", err, len(cs))
	}
	var docs []schema.Document
	if err := json.Unmarshal([]byte(ok(t, cg(t, "", "--db", db, "docs", "--lang", "ar", "--format", "json")).stdout), &docs); err != nil {
		t.Fatal(err)
	}
	xssDoc := ""
	for _, d := range docs {
		if d.Name == "xss-report" {
			xssDoc = d.ID
		}
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.WindowSize(1400, 1000))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()

	do := func(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}
	shot := func(t *testing.T, name string, full bool) {
		t.Helper()
		shoot := chromedp.CaptureScreenshot()
		if full {
			shoot = chromedp.FullScreenshot(100)
		}
		buf, err := chromedp.Run(ctx, shoot)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(buf))
		if err != nil || img.Bounds().Dx() < 800 {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if *screenshots {
			dir := filepath.Join("..", "..", "docs", "screenshots")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	t.Run("contradictions", func(t *testing.T) {
		type shown struct {
			Sections, Sides int
			A, B            []string
			Dir             string
			Marks           int
		}
		do(t, chromedp.Navigate(ts.URL+"/contradictions"), chromedp.WaitVisible(chromedp.CSS(".contradiction")))
		got := evalJS[shown](t, ctx, `(() => {
				const c = document.querySelector(".contradiction");
				const ev = s => [...c.querySelectorAll(".side-" + s + " .evidence")].map(e => e.textContent);
				return {Sections: document.querySelectorAll(".contradiction").length,
					Sides: c.querySelectorAll(".side").length, A: ev("a"), B: ev("b"),
					Dir: getComputedStyle(c.querySelector(".side-a .evidence")).direction,
					Marks: c.querySelectorAll(".evidence mark").length};
			})()`)
		if got.Sections != len(cs) || got.Sides != 2 {
			t.Errorf("%d contradictions with %d sides shown, want %d with 2", got.Sections, got.Sides, len(cs))
		}
		for side, shown := range [][]string{got.A, got.B} {
			want := cs[0].Sides[side]
			if len(shown) != min(len(want), 5) {
				t.Errorf("side %d: %d mentions shown, want %d", side, len(shown), min(len(want), 5))
				continue
			}
			for i, m := range want[:len(shown)] {
				if shown[i] != m.Evidence {
					t.Errorf("side %d evidence %d: %q, want %q", side, i, shown[i], m.Evidence)
				}
			}
		}
		if got.Dir != "rtl" {
			t.Errorf("Arabic evidence runs %q, want rtl", got.Dir)
		}
		if got.Marks == 0 {
			t.Error("no claim words highlighted in the evidence")
		}
		shot(t, "contradictions", true)
	})

	t.Run("a filter changes the result", func(t *testing.T) {
		// choosing in a select submits the form (app.js)
		choose := func(name, value string) (int, string) {
			do(t, chromedp.Navigate(ts.URL+"/contradictions"), chromedp.WaitVisible(chromedp.CSS("form.filters")))
			evalJS[chromedp.Void](t, ctx, `(() => { const s = document.querySelector("select[name=`+name+`]"); s.value = "`+value+`"; s.dispatchEvent(new Event("change")); })()`)
			do(t, chromedp.Sleep(500*time.Millisecond), chromedp.WaitVisible(chromedp.CSS("#main h1")))
			return evalJS[int](t, ctx, `document.querySelectorAll(".contradiction").length`), evalJS[string](t, ctx, `location.search`)
		}
		if n, search := choose("kind", "value"); n != 0 || !strings.Contains(search, "kind=value") {
			t.Errorf("kind=value: %d contradictions at %q, want none", n, search)
		}
		if n, search := choose("source", "ushakov"); n != 1 || !strings.Contains(search, "source=ushakov") {
			t.Errorf("source=ushakov: %d contradictions at %q, want 1", n, search)
		}
	})

	t.Run("shifts", func(t *testing.T) {
		// the matrix's pages, following the pager's links, hold one cell
		// per shift in all
		cells, pages := 0, 0
		for next := ts.URL + "/shifts?from=call_2021_12_07&to=call_2021_12_30"; next != "" && pages < 20; pages++ {
			do(t, chromedp.Navigate(next), chromedp.WaitVisible(chromedp.CSS("table.matrix")))
			cells += evalJS[int](t, ctx, `document.querySelectorAll("details.cell").length`)
			next = evalJS[string](t, ctx, `(() => { const a = document.querySelector("nav.pager a[rel=next]"); return a ? a.href : ""; })()`)
		}
		if pages < 2 {
			t.Errorf("the shifts matrix of the seeds has %d page, want columns on several", pages)
		}
		do(t, chromedp.Navigate(ts.URL+"/shifts?from=call_2021_12_07&to=call_2021_12_30"), chromedp.WaitVisible(chromedp.CSS("table.matrix")))
		do(t, chromedp.Click(chromedp.CSS("details.cell > summary.st-new")), chromedp.WaitVisible(chromedp.CSS("details.cell[open] .pop")))
		mentions := evalJS[int](t, ctx, `document.querySelectorAll("details.cell[open] .pop .mention").length`)
		visible := evalJS[bool](t, ctx, `(() => { const r = document.querySelector("details.cell[open] .pop").getBoundingClientRect(); return r.width > 100 && r.height > 50; })()`)
		var ss []schema.Shift
		if err := json.Unmarshal([]byte(ok(t, cg(t, "", "--db", db, "shifts", "--from", "call_2021_12_07", "--to", "call_2021_12_30", "--format", "json")).stdout), &ss); err != nil {
			t.Fatal(err)
		}
		if cells != len(ss) {
			t.Errorf("%d cells, want one per shift: %d", cells, len(ss))
		}
		if mentions == 0 || !visible {
			t.Errorf("an opened cell shows %d mentions (visible %v)", mentions, visible)
		}
		shot(t, "shifts", false)
	})

	t.Run("positions and graph", func(t *testing.T) {
		do(t, chromedp.Navigate(ts.URL+"/positions?topic=face_to_face_meeting"), chromedp.WaitVisible(chromedp.CSS(".event-positions")))
		if sides := evalJS[int](t, ctx, `document.querySelectorAll(".event-positions .side").length`); sides < 2 {
			t.Errorf("positions: %d sides", sides)
		}
		do(t, chromedp.Navigate(ts.URL+"/graph?event=call_2021_12_07"), chromedp.WaitVisible(chromedp.CSS("svg.graph")))
		shot(t, "graph", true)
		evalJS[chromedp.Void](t, ctx, `document.querySelector("svg.graph a.edge path").dispatchEvent(new MouseEvent("click", {bubbles: true}))`)
		do(t, chromedp.WaitVisible(chromedp.CSS(".claimhead")))
		if path := evalJS[string](t, ctx, `location.pathname`); !strings.HasPrefix(path, "/claim/") {
			t.Errorf("a graph edge led to %q, not a claim", path)
		}
	})

	t.Run("markup in a report executes nothing", func(t *testing.T) {
		if xssDoc == "" {
			t.Fatal("the markup report is not stored")
		}
		type state struct {
			XSS     bool
			Title   string
			Scripts int
			Images  int
			Text    string
		}
		for _, page := range []string{"/doc/" + xssDoc, "/docs", "/claims?doc=xss-report", "/contradictions?source=kremlin"} {
			do(t, chromedp.Navigate(ts.URL+page), chromedp.WaitVisible(chromedp.CSS("#main")), chromedp.Sleep(200*time.Millisecond))
			got := evalJS[state](t, ctx, `({XSS: window.__xss !== undefined, Title: document.title,
					Scripts: document.querySelectorAll("script").length, Images: document.querySelectorAll("img").length,
					Text: document.querySelector("#main").textContent})`)
			if got.XSS || strings.Contains(got.Title, "pwned") || got.Scripts != 1 || got.Images != 0 {
				t.Errorf("%s: markup ran or became elements: %+v", page, got)
			}
			if page != "/contradictions?source=kremlin" && !strings.Contains(got.Text, "<script>") {
				t.Errorf("%s: the markup is not shown as text", page)
			}
		}
	})
}

// evalJS runs a script in the page and decodes its result.
func evalJS[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%v in %.80s", err, js)
	}
	return v
}
