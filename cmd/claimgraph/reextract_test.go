package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Two short reports: each has a claim the embedded lexicon finds and a
// sentence about grain exports, a topic only the user lexicon below knows.
const (
	feedRecord   = `{"id":"r1","title":"اتصال هاتفي","outlet":"وكالة المثال","url":"https://example.org/r1","published":"2021-12-31","lang":"ar","text":"أكد الكرملين أن بوتين حذر بايدن من عقوبات جديدة على روسيا.\nودعا بوتين إلى استئناف صادرات الحبوب عبر البحر الأسود، بحسب الكرملين."}`
	plainReport  = "قال البيت الأبيض إن بايدن بحث مع بوتين الضمانات الأمنية.\nوحث بايدن على استئناف صادرات الحبوب في أقرب وقت.\n"
	grainLexicon = "lang: ar\ntopics:\n  grain_exports: [صادرات الحبوب]\n"
)

type storedMention struct {
	ID, Claim, Subject, Predicate, Object, Event, Polarity, Source, Doc, Evidence, Rule, Lang string
	DocID                                                                                     string `json:"doc_id"`
}

type storedDoc struct {
	ID, Name, Path, Title, URL, Outlet, Published, Lang string
}

type changeRow struct {
	Claim, Subject, Predicate, Object, Event, Polarity, Doc, Evidence string
	DocID                                                             string `json:"doc_id"`
	Sources                                                           []string
}

type reextractSummary struct {
	Documents, Changed, Unchanged int
	ClaimsAdded                   int `json:"claims_added"`
	ClaimsRemoved                 int `json:"claims_removed"`
	MentionsAdded                 int `json:"mentions_added"`
	MentionsRemoved               int `json:"mentions_removed"`
	Added, Removed                []changeRow
	Skipped                       []struct{ Path, Reason string }
}

// twoReports ingests the two reports into a fresh store and writes the
// user lexicon; it returns the store, the lexicon and the report files.
func twoReports(t *testing.T) (db, lex, feed, plain string) {
	t.Helper()
	dir := t.TempDir()
	db = filepath.Join(dir, "db")
	feed = filepath.Join(dir, "reports", "feed.jsonl")
	plain = filepath.Join(dir, "reports", "white-house.txt")
	lex = filepath.Join(dir, "grain.yaml")
	os.MkdirAll(filepath.Dir(feed), 0o755)
	for p, s := range map[string]string{feed: feedRecord + "\n", plain: plainReport, lex: grainLexicon} {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ok(t, cg(t, "", "--db", db, "ingest", filepath.Dir(feed)))
	if ms := storedMentions(t, db, "--lexicon", lex, "--object", "grain_exports"); len(ms) != 0 {
		t.Fatalf("the embedded lexicon already knows the test's topic: %+v", ms)
	}
	return db, lex, feed, plain
}

func storedMentions(t *testing.T, db string, args ...string) []storedMention {
	t.Helper()
	r := ok(t, cg(t, "", append([]string{"--db", db, "claims", "--format", "json"}, args...)...))
	var ms []storedMention
	if err := json.Unmarshal([]byte(r.stdout), &ms); err != nil {
		t.Fatalf("claims json: %v\n%s", err, r.stdout)
	}
	return ms
}

func storedDocs(t *testing.T, db string, args ...string) []storedDoc {
	t.Helper()
	r := ok(t, cg(t, "", append([]string{"--db", db, "docs", "--format", "json"}, args...)...))
	var ds []storedDoc
	if err := json.Unmarshal([]byte(r.stdout), &ds); err != nil {
		t.Fatalf("docs json: %v\n%s", err, r.stdout)
	}
	return ds
}

func reextract(t *testing.T, db, lex string, args ...string) (reextractSummary, string) {
	t.Helper()
	r := ok(t, cg(t, "", append([]string{"--db", db, "--lexicon", lex, "reextract", "--format", "json"}, args...)...))
	var s reextractSummary
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatalf("reextract json: %v\n%s", err, r.stdout)
	}
	return s, r.stderr
}

func TestReextractAppliesAGrownLexicon(t *testing.T) {
	db, lex, feed, _ := twoReports(t)
	docsBefore := storedDocs(t, db)
	before := storedMentions(t, db)
	if len(docsBefore) != 2 || len(before) == 0 {
		t.Fatalf("ingested %+v with %+v", docsBefore, before)
	}

	sum, stderr := reextract(t, db, lex, "--doc", "r1")
	if !strings.Contains(stderr, "re-extracted 1 documents: +1 claims, -0 claims (1 mentions added, 0 removed), 0 unchanged, 0 skipped") {
		t.Errorf("summary: %s", stderr)
	}
	if sum.Documents != 1 || sum.ClaimsAdded != 1 || sum.ClaimsRemoved != 0 || len(sum.Added) != 1 || len(sum.Removed) != 0 {
		t.Fatalf("summary %+v", sum)
	}
	a := sum.Added[0]
	if a.Subject != "putin" || a.Predicate != "call_for" || a.Object != "grain_exports" || a.Polarity != "positive" || a.Doc != "r1" ||
		strings.Join(a.Sources, ",") != "kremlin" || !strings.Contains(a.Evidence, "صادرات الحبوب") || a.Claim == "" {
		t.Errorf("added %+v", a)
	}

	// the new claim carries the old document's provenance
	var r1 storedDoc
	for _, d := range docsBefore {
		if d.Name == "r1" {
			r1 = d
		}
	}
	grain := storedMentions(t, db, "--lexicon", lex, "--object", "grain_exports")
	if len(grain) != 1 {
		t.Fatalf("grain claims %+v", grain)
	}
	g := grain[0]
	if g.Doc != "r1" || g.DocID != r1.ID || g.Source != "kremlin" || g.Lang != "ar" || g.Claim != a.Claim || g.Event == "" ||
		!strings.HasPrefix(g.Evidence, "ودعا بوتين إلى استئناف صادرات الحبوب") || g.Rule == "" {
		t.Errorf("the new mention %+v (document %+v)", g, r1)
	}
	if after := storedDocs(t, db); len(after) != 2 || after[0] != docsBefore[0] || after[1] != docsBefore[1] {
		t.Errorf("documents changed:\n%+v\n%+v", docsBefore, after)
	}
	if r1.Outlet != "وكالة المثال" || r1.URL != "https://example.org/r1" || r1.Lang != "ar" {
		t.Errorf("the JSONL metadata was not stored: %+v", r1)
	}
	// the mentions that were there stay as they were
	kept := map[string]storedMention{}
	for _, m := range storedMentions(t, db) {
		kept[m.ID] = m
	}
	for _, m := range before {
		if kept[m.ID] != m {
			t.Errorf("mention changed by re-extraction:\n%+v\n%+v", m, kept[m.ID])
		}
	}

	// all documents: the other report gains its claim, r1 is unchanged
	sum, stderr = reextract(t, db, lex)
	if sum.Documents != 2 || sum.ClaimsAdded != 1 || sum.Unchanged != 1 || len(sum.Added) != 1 || sum.Added[0].Doc != "white-house.txt" || sum.Added[0].Subject != "biden" {
		t.Errorf("summary %+v\n%s", sum, stderr)
	}
	st := getStats(t, db)
	if st.Documents != 2 || st.Mentions != len(before)+2 {
		t.Errorf("stats %+v", st)
	}
	// the graph is the one ingesting the reports with the lexicon makes
	fresh := filepath.Join(t.TempDir(), "fresh")
	ok(t, cg(t, "", "--db", fresh, "--lexicon", lex, "ingest", filepath.Dir(feed)))
	if a, b := sortedExport(t, db), sortedExport(t, fresh); a != b {
		t.Errorf("re-extracted graph differs from a fresh ingest with the lexicon:\n%s\n---\n%s", a, b)
	}

	// the same lexicon again changes nothing
	sum, stderr = reextract(t, db, lex)
	if sum.Documents != 2 || sum.Unchanged != 2 || sum.Changed != 0 || sum.ClaimsAdded+sum.ClaimsRemoved+sum.MentionsAdded+sum.MentionsRemoved != 0 {
		t.Errorf("second run: %+v", sum)
	}
	if !strings.Contains(stderr, "+0 claims, -0 claims (0 mentions added, 0 removed), 2 unchanged") {
		t.Errorf("second run summary: %s", stderr)
	}
	if again := getStats(t, db); again.Quads != st.Quads {
		t.Errorf("second run changed the quads: %d → %d", st.Quads, again.Quads)
	}

	// without the user lexicon the claims go again, and the listing says so
	r := ok(t, cg(t, "", "--db", db, "reextract"))
	if !strings.Contains(r.stderr, "+0 claims, -2 claims (0 mentions added, 2 removed), 0 unchanged") ||
		strings.Count(r.stdout, "grain_exports") != 2 || !strings.Contains(r.stdout, "\n-  ") {
		t.Errorf("shrinking the lexicon:\n%s\n%s", r.stdout, r.stderr)
	}
	if ms := storedMentions(t, db, "--lexicon", lex, "--object", "grain_exports"); len(ms) != 0 {
		t.Errorf("removed claims are still listed: %+v", ms)
	}
}

func TestReextractOnlyTouchesTheFilteredDocs(t *testing.T) {
	db, lex, _, _ := twoReports(t)
	before := storedMentions(t, db, "--doc", "r1")
	sum, _ := reextract(t, db, lex, "--doc", "white-house.txt")
	if sum.Documents != 1 || len(sum.Added) != 1 || sum.Added[0].Doc != "white-house.txt" {
		t.Errorf("summary %+v", sum)
	}
	after := storedMentions(t, db, "--doc", "r1")
	if len(after) == 0 || fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("the other document changed:\n%+v\n%+v", before, after)
	}
	// a language no document has re-extracts nothing
	if sum, _ := reextract(t, db, lex, "--lang", "en"); sum.Documents != 0 || sum.ClaimsAdded != 0 {
		t.Errorf("--lang en: %+v", sum)
	}
	if sum, _ := reextract(t, db, lex, "--lang", "ar"); sum.Documents != 2 || sum.ClaimsAdded != 1 || sum.Unchanged != 1 {
		t.Errorf("--lang ar: %+v", sum)
	}
	if r := cg(t, "", "--db", db, "reextract", "--all", "--doc", "r1"); r.code != 2 {
		t.Errorf("--all with --doc: exit %d %s", r.code, r.stderr)
	}
	if r := cg(t, "", "--db", db, "reextract", "--doc", "nosuch.txt"); r.code != 1 || !strings.Contains(r.stderr, "nosuch.txt") || !strings.Contains(r.stderr, "claimgraph docs") {
		t.Errorf("unknown --doc: exit %d %s", r.code, r.stderr)
	}
	if r := cg(t, "", "--db", filepath.Join(t.TempDir(), "none"), "reextract"); r.code != 1 || !strings.Contains(r.stderr, "ingest some reports first") {
		t.Errorf("no store: exit %d %s", r.code, r.stderr)
	}
}

func TestLangInListings(t *testing.T) {
	db, _, _, _ := twoReports(t)
	en := `{"id":"e1","lang":"en","text":"The White House said the talks were useful."}`
	f := filepath.Join(t.TempDir(), "en.jsonl")
	os.WriteFile(f, []byte(en+"\n"), 0o644)
	ok(t, cg(t, "", "--db", db, "ingest", f))
	if ds := storedDocs(t, db, "--lang", "en"); len(ds) != 1 || ds[0].Name != "e1" || ds[0].Lang != "en" {
		t.Errorf("docs --lang en: %+v", ds)
	}
	if ds := storedDocs(t, db, "--lang", "ar"); len(ds) != 2 {
		t.Errorf("docs --lang ar: %+v", ds)
	}
	if ds := storedDocs(t, db, "--doc", "r1"); len(ds) != 1 || ds[0].Name != "r1" || ds[0].Lang != "ar" {
		t.Errorf("docs --doc r1: %+v", ds)
	}
	ar := storedMentions(t, db, "--lang", "ar")
	if len(ar) == 0 || len(ar) != len(storedMentions(t, db, "--doc", "r1"))+len(storedMentions(t, db, "--doc", "white-house.txt")) {
		t.Errorf("claims --lang ar: %+v", ar)
	}
	for _, m := range ar {
		if m.Lang != "ar" {
			t.Errorf("mention without its language: %+v", m)
		}
	}
	if ms := storedMentions(t, db, "--lang", "fr"); len(ms) != 0 {
		t.Errorf("claims --lang fr: %+v", ms)
	}
	r := ok(t, cg(t, "", "--db", db, "claims", "--lang", "ar"))
	if !strings.Contains(r.stdout, "LANG") || !strings.Contains(r.stdout, " ar ") {
		t.Errorf("table without the language: %s", r.stdout)
	}
}

func TestReextractSkipsDocumentsStoredWithoutText(t *testing.T) {
	db, lex, feed, plain := twoReports(t)
	// a store written before texts were kept: the same graph without them
	dir := t.TempDir()
	nq := filepath.Join(dir, "all.nq")
	ok(t, cg(t, "", "--db", db, "export", "--format", "nquads", "-o", nq))
	b, _ := os.ReadFile(nq)
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.Contains(l, "<cg:text>") {
			lines = append(lines, l)
		}
	}
	if len(lines) != strings.Count(string(b), "\n")+1-2 {
		t.Fatalf("the export should hold two texts:\n%s", b)
	}
	os.WriteFile(nq, []byte(strings.Join(lines, "\n")), 0o644)
	old := filepath.Join(dir, "old")
	ok(t, cg(t, "", "--db", old, "import", nq))

	r := cg(t, "", "--db", old, "--lexicon", lex, "reextract")
	if r.code != 3 || strings.Count(r.stderr, "stored without its text") != 2 || !strings.Contains(r.stderr, "ingest "+plain+" again") ||
		!strings.Contains(r.stderr, "re-extracted 0 documents") || !strings.Contains(r.stderr, "2 documents skipped") {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
	// ingesting the reports again stores their texts without changing them
	r = ok(t, cg(t, "", "--db", old, "ingest", feed, plain))
	if !strings.Contains(r.stderr, "0 new, 2 unchanged") {
		t.Errorf("re-ingest: %s", r.stderr)
	}
	if sum, _ := reextract(t, old, lex); sum.Documents != 2 || sum.ClaimsAdded != 2 || len(sum.Skipped) != 0 {
		t.Errorf("after re-ingesting: %+v", sum)
	}
}

// sortedExport is the store's N-Quads, sorted.
func sortedExport(t *testing.T, db string) string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(ok(t, cg(t, "", "--db", db, "export", "--format", "nquads")).stdout), "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestKillDuringReextractHeals(t *testing.T) {
	corpus := bigCorpus(t, 100)
	lex := filepath.Join(t.TempDir(), "more.yaml")
	// forms that change the claims of most seed reports
	os.WriteFile(lex, []byte("lang: ar\ntopics:\n  bilateral_relations: [العلاقات]\n  ukraine_crisis: [أوكرانيا]\n  continued_talks: [ضرورة استمرار]\n"), 0o644)
	ref := filepath.Join(t.TempDir(), "ref")
	ok(t, cg(t, "", "--db", ref, "--lexicon", lex, "ingest", corpus))
	db := filepath.Join(t.TempDir(), "db")
	ok(t, cg(t, "", "--db", db, "ingest", corpus))

	// kill it once its first transaction has landed
	file := filepath.Join(db, "indexes.bolt")
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	cmd, errb := start(t, "--db", db, "--lexicon", lex, "reextract", "--batch-size", "1")
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for changed := false; !changed; {
		select {
		case err := <-done:
			t.Fatalf("reextract finished before it was killed (%v): use a larger corpus\n%s", err, errb)
		case <-time.After(2 * time.Millisecond):
		}
		now, err := os.Stat(file)
		changed = err == nil && !now.ModTime().Equal(fi.ModTime())
	}
	time.Sleep(100 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	if err := <-done; err == nil {
		t.Fatalf("reextract finished before it was killed: use a larger corpus\n%s", errb)
	} else if ee, isExit := err.(*exec.ExitError); !isExit || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("reextract did not die of the kill: %v\n%s", err, errb)
	}
	mid := sortedExport(t, db) // the store opens after kill -9
	want := sortedExport(t, ref)
	if mid == want {
		t.Fatal("everything landed before the kill: use a larger corpus")
	}
	r := ok(t, cg(t, "", "--db", db, "--lexicon", lex, "reextract"))
	if got := sortedExport(t, db); got != want {
		t.Errorf("after kill -9 and a re-run the graph differs from a fresh ingest with the lexicon (%d and %d lines)\n%s",
			strings.Count(got, "\n"), strings.Count(want, "\n"), r.stderr)
	}
	if r := ok(t, cg(t, "", "--db", db, "--lexicon", lex, "reextract")); !strings.Contains(r.stderr, "+0 claims, -0 claims (0 mentions added, 0 removed), 100 unchanged") {
		t.Errorf("a third run: %s", r.stderr)
	}
}
