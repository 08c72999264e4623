package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestFiltersTakeNames(t *testing.T) {
	db := seeded(t)
	want := len(claims(t, db, "--subject", "putin", "--event", "call_2021_12_30"))
	if want == 0 {
		t.Fatal("no claims of putin in call_2021_12_30")
	}
	for _, name := range []string{"Putin", "بوتين", "PUTIN", "Vladimir Putin", "فلاديمير بوتين", "الرئيس الروسي"} {
		if got := len(claims(t, db, "--subject", name, "--event", "call_2021_12_30")); got != want {
			t.Errorf("--subject %q: %d mentions, want %d", name, got, want)
		}
	}
	if got := claims(t, db, "--source", "الكرملين", "--predicate", "Warn"); len(got) == 0 || got[0].Source != "kremlin" {
		t.Errorf("--source الكرملين: %+v", got)
	}
	// a document by the start of its name, as shifts abbreviate it
	if a, b := claims(t, db, "--doc", "003"), claims(t, db, "--doc", "003_f9ee0319cf151524.txt"); len(a) == 0 || len(a) != len(b) {
		t.Errorf("--doc 003: %d mentions, full name %d", len(a), len(b))
	}
	// a value the store holds passes as it is
	if got := claims(t, db, "--object", "120"); len(got) == 0 || got[0].Predicate != "duration" {
		t.Errorf("--object 120: %+v", got)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"claims", "--subject", "putn"}, `unknown --subject "putn": no actor or event by that name (did you mean putin?)`},
		{[]string{"claims", "--predicate", "warns"}, "did you mean warn?"},
		{[]string{"positions", "--topic", "nonexistent"}, "topics: blame_on_russia, "},
		{[]string{"shifts", "--from", "call_2021_12_7", "--to", "call_2021_12_30"}, "did you mean call_2021_12_07"},
		{[]string{"contradictions", "--event", "nowhere"}, "events: call_2021_12_07, call_2021_12_30"},
		{[]string{"query", "--lang", "sparql", "x"}, `unknown --lang "sparql" (choose one of gizmo, graphql, mql)`},
		{[]string{"shell", "--lang", "sparql"}, `unknown --lang "sparql"`},
		{[]string{"claims", "--doc", "003_f9ee0319cf151524.text"}, `no document "003_f9ee0319cf151524.text" in the store (did you mean 003_f9ee0319cf151524.txt?)`},
	} {
		r := cg(t, "", append([]string{"--db", db}, tc.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}

func TestNonReportsInDirectoriesAreIgnored(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(t.TempDir(), "db")
	os.WriteFile(filepath.Join(dir, "r.txt"), []byte("وطالبت موسكو بضمانات أمنية."), 0o644)
	os.WriteFile(filepath.Join(dir, "README.md"), []byte("# notes"), 0o644)
	pdf := filepath.Join(dir, "paper.pdf")
	os.WriteFile(pdf, []byte("%PDF-1.4\x00\x01\x02binary"), 0o644)
	os.WriteFile(filepath.Join(dir, "photo.jpg"), []byte{0xFF, 0xD8, 0xFF, 0, 0}, 0o644)
	r := ok(t, cg(t, "", "--db", db, "ingest", dir))
	for _, want := range []string{"ignored " + filepath.Join(dir, "README.md") + ": not a report", "ignored " + pdf, "0 skipped", "3 files in the input directories ignored"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	// a file named explicitly is read, and fails as what it is
	if r := cg(t, "", "--db", db, "ingest", pdf); r.code != 3 || !strings.Contains(r.stderr, "skipped "+pdf+": binary") {
		t.Errorf("explicit pdf: exit %d\n%s", r.code, r.stderr)
	}
}

func TestFailedCommandsLeaveNoStore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	if r := cg(t, "", "--db", db, "ingest", filepath.Join(dir, "missing.txt")); r.code != 3 {
		t.Errorf("exit %d", r.code)
	}
	bad := filepath.Join(dir, "bad.nq")
	os.WriteFile(bad, []byte("not n-quads\n"), 0o644)
	if r := cg(t, "", "--db", db, "import", bad); r.code != 1 || strings.Contains(r.stderr, "open "+bad+": open") {
		t.Errorf("import: exit %d %s", r.code, r.stderr)
	}
	if r := cg(t, "", "--db", db, "import", filepath.Join(dir, "missing.nq")); strings.Count(r.stderr, "missing.nq") != 1 {
		t.Errorf("the error repeats itself: %s", r.stderr)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a failed command left a store behind: %v", err)
	}
	// a directory of other files is no store to write into
	other := filepath.Join(dir, "papers")
	os.Mkdir(other, 0o755)
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("x"), 0o644)
	r := cg(t, "", "--db", other, "ingest", seeds)
	if r.code != 1 || !strings.Contains(r.stderr, "holds other files and no store") {
		t.Errorf("ingest into a directory of other files: exit %d %s", r.code, r.stderr)
	}
	if entries, _ := os.ReadDir(other); len(entries) != 1 {
		t.Errorf("the directory changed: %v", entries)
	}
}

func TestVersionAndExamples(t *testing.T) {
	r := ok(t, cg(t, "", "--version"))
	if !strings.HasPrefix(r.stdout, "claimgraph version ") {
		t.Errorf("--version: %q", r.stdout)
	}
	root := newApp(strings.NewReader(""), io.Discard, io.Discard).newRoot()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c != root && c.Example == "" && !c.Hidden {
			t.Errorf("%s has no examples in its help", c.CommandPath())
		}
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
}

func TestCompletionOfFlagValues(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"claims", "--subject", "pu"}, []string{"putin"}},
		{[]string{"shifts", "--from", "call_"}, []string{"call_2021_12_07", "call_2021_12_30"}},
		{[]string{"positions", "--topic", "sanc"}, []string{"sanctions"}},
		{[]string{"export", "--format", "g"}, []string{"graphml", "gml"}},
		{[]string{"stats", "--format", ""}, []string{"table", "json", "jsonl", "csv"}},
		{[]string{"contradictions", "--kind", "v"}, []string{"value"}},
	} {
		r := ok(t, cg(t, "", append([]string{"__complete"}, tc.args...)...))
		got := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if strings.Join(got, " ") != strings.Join(tc.want, " ")+" :4" {
			t.Errorf("%v: %q, want %q", tc.args, got, tc.want)
		}
	}
}

func TestREADMEPathsExist(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	paths := regexp.MustCompile("`((?:examples|ingest|graph|cmd|schema|config)/[^` ]*)`").FindAllStringSubmatch(string(b), -1)
	if len(paths) < 3 {
		t.Fatalf("found only %v", paths)
	}
	for _, m := range paths {
		if _, err := os.Stat(filepath.Join("../..", m[1])); err != nil {
			t.Errorf("README names %s: %v", m[1], err)
		}
	}
}

func TestSkippedInputExitsThreeEverywhere(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.txt")
	for _, args := range [][]string{
		{"ingest", missing},
		{"extract", missing},
		{"extract", "--format", "json", missing},
		{"lexicon", "unknown", missing},
	} {
		r := cg(t, "", append([]string{"--db", filepath.Join(t.TempDir(), "db")}, args...)...)
		if r.code != 3 || strings.Count(r.stderr, "missing.txt") != 1 {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}
