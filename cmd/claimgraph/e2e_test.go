package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/claimgraph/claimgraph/schema"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "claimgraph-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "claimgraph")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build claimgraph:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const seeds = "../../examples/seeds"
const gold = "../../examples/gold/seeds.jsonl"

type result struct {
	stdout, stderr string
	code           int
}

// cg runs the real binary with an isolated home and config.
func cg(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return cgEnv(t, nil, stdin, args...)
}

// cgEnv runs the binary as cg does, with extra environment variables.
func cgEnv(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"))
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "CLAIMGRAPH_") {
			cmd.Env = append(cmd.Env, strings.SplitN(kv, "=", 2)[0]+"=")
		}
	}
	cmd.Env = append(cmd.Env, env...) // the last value of a variable wins
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

func ok(t *testing.T, r result) result {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	return r
}

type stats struct {
	Documents, Claims, Mentions int
	Quads                       int64
	Events, Sources             map[string]int
}

func getStats(t *testing.T, db string) stats {
	t.Helper()
	var s stats
	if err := json.Unmarshal([]byte(ok(t, cg(t, "", "--db", db, "stats", "--format", "json")).stdout), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

type mention struct {
	Claim, Subject, Predicate, Object, Event, Polarity, Source, Doc, Evidence, Rule string
	Target, Condition, About                                                        string
}

func claims(t *testing.T, db string, args ...string) []mention {
	t.Helper()
	r := ok(t, cg(t, "", append([]string{"--db", db, "claims", "--format", "json"}, args...)...))
	var ms []mention
	if err := json.Unmarshal([]byte(r.stdout), &ms); err != nil {
		t.Fatalf("claims json: %v\n%s", err, r.stdout)
	}
	return ms
}

// seeded ingests the seeds into a fresh bolt store once per test.
func seeded(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "db")
	r := ok(t, cg(t, "", "--db", db, "ingest", seeds))
	if !strings.Contains(r.stderr, "ingested 5 documents") {
		t.Fatalf("summary: %s", r.stderr)
	}
	return db
}

func TestIngestAndReingest(t *testing.T) {
	db := seeded(t)
	before := getStats(t, db)
	if before.Documents != 5 || before.Claims == 0 || before.Mentions < before.Claims || before.Quads == 0 {
		t.Fatalf("stats %+v", before)
	}
	r := ok(t, cg(t, "", "--db", db, "ingest", "--workers", "3", seeds))
	if !strings.Contains(r.stderr, "0 new, 5 unchanged") {
		t.Errorf("re-ingest summary: %s", r.stderr)
	}
	after := getStats(t, db)
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("re-ingest changed the counts:\n%+v\n%+v", before, after)
	}
}

func TestCommitmentsDenial(t *testing.T) {
	db := seeded(t)
	ms := claims(t, db, "--subject", "biden", "--predicate", "commit")
	if len(ms) != 1 || ms[0].Object != "commitments" || ms[0].Polarity != "negative" || ms[0].Source != "sullivan" || ms[0].Doc != "000_90d0923401baf148.txt" {
		t.Fatalf("biden commit: %+v", ms)
	}
	if ms[0].Claim == "" || ms[0].Evidence == "" || ms[0].Rule == "" || ms[0].Event != "call_2021_12_07" {
		t.Errorf("fields missing: %+v", ms[0])
	}
	r := ok(t, cg(t, "", "--db", db, "query", `g.V("<cg:biden>").Out("<cg:commit>").All()`))
	if strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("a plain traversal reads the denial as an assertion: %s", r.stdout)
	}
	r = ok(t, cg(t, "", "--db", db, "query", "--format", "jsonl", `g.V("<cg:biden>").Out("<cg:not_commit>").All()`))
	if !strings.Contains(r.stdout, "cg:commitments") {
		t.Errorf("denial edge: %s", r.stdout)
	}
}

func TestClaimsFormats(t *testing.T) {
	db := seeded(t)
	all := claims(t, db)
	r := ok(t, cg(t, "", "--db", db, "claims", "--format", "jsonl"))
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != len(all) {
		t.Errorf("jsonl %d lines, json %d objects", len(lines), len(all))
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"claim", "subject", "predicate", "object", "event", "polarity", "source", "doc", "evidence", "rule"} {
		if _, ok := first[f]; !ok {
			t.Errorf("jsonl lacks %q: %v", f, first)
		}
	}
	r = ok(t, cg(t, "", "--db", db, "claims", "--format", "csv", "--source", "ushakov"))
	rows := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if !strings.HasPrefix(rows[0], "claim,subject,predicate,object,polarity,event,source,doc") || len(rows) < 2 {
		t.Errorf("csv: %q", rows[0])
	}
	r = ok(t, cg(t, "", "--db", db, "claims", "--event", "call_2021_12_30"))
	if !strings.Contains(r.stdout, "SUBJECT") || !strings.Contains(r.stdout, "mentions") {
		t.Errorf("table: %s", r.stdout)
	}
	for _, m := range claims(t, db, "--event", "call_2021_12_30", "--predicate", "warn") {
		if m.Event != "call_2021_12_30" || m.Predicate != "warn" {
			t.Errorf("filter leak: %+v", m)
		}
	}
}

// scoreIndependently applies the gold README's rules to claims jsonl,
// without the eval package.
func scoreIndependently(t *testing.T, ms []mention) (p, r float64) {
	f, err := os.ReadFile(gold)
	if err != nil {
		t.Fatal(err)
	}
	type g struct {
		Doc, Subject, Predicate, Object, Polarity string
		Required                                  bool
	}
	var golds []g
	for _, l := range strings.Split(strings.TrimSpace(string(f)), "\n") {
		var x g
		if err := json.Unmarshal([]byte(l), &x); err != nil {
			t.Fatal(err)
		}
		golds = append(golds, x)
	}
	in := func(alts, v string) bool {
		for _, a := range strings.Split(alts, "|") {
			if a == v {
				return true
			}
		}
		return false
	}
	keys := map[[5]string]bool{}
	for _, m := range ms {
		keys[[5]string{m.Doc, m.Subject, m.Predicate, m.Object, m.Polarity}] = true
	}
	tp, fp := 0, 0
	found := map[int]bool{}
	for k := range keys {
		req, any := false, false
		for i, x := range golds {
			if x.Doc == k[0] && in(x.Subject, k[1]) && in(x.Predicate, k[2]) && in(x.Object, k[3]) && x.Polarity == k[4] {
				any = true
				if x.Required {
					req = true
					found[i] = true
				}
			}
		}
		if req {
			tp++
		} else if !any {
			fp++
		}
	}
	required := 0
	for _, x := range golds {
		if x.Required {
			required++
		}
	}
	return float64(tp) / float64(tp+fp), float64(len(found)) / float64(required)
}

func TestEvalMatchesIndependentScoring(t *testing.T) {
	db := seeded(t)
	var rep struct {
		Precision, Recall, F1 float64
		EventAccuracy         float64 `json:"event_accuracy"`
		SourceAccuracy        float64 `json:"source_accuracy"`
		TP, FP, FN            int
		FalsePositives        []any `json:"false_positives"`
		FalseNegatives        []any `json:"false_negatives"`
	}
	r := ok(t, cg(t, "", "--db", db, "eval", "--gold", gold, "--format", "json"))
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	p, rc := scoreIndependently(t, claims(t, db))
	if fmt.Sprintf("%.6f %.6f", p, rc) != fmt.Sprintf("%.6f %.6f", rep.Precision, rep.Recall) {
		t.Errorf("eval says P %.4f R %.4f, independent scoring P %.4f R %.4f", rep.Precision, rep.Recall, p, rc)
	}
	if rep.Precision < 0.9 || rep.Recall < 0.9 || rep.EventAccuracy < 0.9 || rep.SourceAccuracy < 0.85 {
		t.Errorf("seed score below target: %+v", rep)
	}
	if rep.FalsePositives == nil || rep.FalseNegatives == nil {
		t.Error("false positive/negative lists must be present (possibly empty)")
	}
	text := ok(t, cg(t, "", "--db", db, "eval", "--gold", gold)).stdout
	if !strings.Contains(text, "precision") || !strings.Contains(text, "event accuracy") {
		t.Errorf("text report: %s", text)
	}
}

func TestAnalysesOnSeeds(t *testing.T) {
	db := seeded(t)
	var want struct {
		Contradictions struct {
			MustFind []struct {
				Kind, Event, Topic string
				Sides              []string
			} `yaml:"must_find"`
			MustNotFind []struct{ Kind, Event, Fact string } `yaml:"must_not_find"`
		}
		Stances []struct {
			Topic          string
			Deny           []string
			ExpressConcern []string `yaml:"express_concern"`
		}
		Shifts map[string][]struct{ Actor, Predicate, Object, Polarity string }
	}
	b, err := os.ReadFile("../../examples/gold/seeds-analysis.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	type side struct{ Doc, Source string }
	var cs []struct {
		Kind, Event, Topic, Severity string
		Sides                        [2][]side
	}
	r := ok(t, cg(t, "", "--db", db, "contradictions", "--format", "json", "--evidence", "0"))
	if err := json.Unmarshal([]byte(r.stdout), &cs); err != nil {
		t.Fatal(err)
	}
	docsOf := func(ss []side) map[string]bool {
		m := map[string]bool{}
		for _, s := range ss {
			m[s.Doc] = true
		}
		return m
	}
	for _, mf := range want.Contradictions.MustFind {
		found := false
		for _, c := range cs {
			if c.Kind != mf.Kind || c.Event != mf.Event || c.Topic != mf.Topic {
				continue
			}
			a, b := docsOf(c.Sides[0]), docsOf(c.Sides[1])
			hit := func(m map[string]bool, alts string) bool {
				for _, d := range strings.Split(alts, "|") {
					if m[d] {
						return true
					}
				}
				return false
			}
			if hit(a, mf.Sides[0]) && hit(b, mf.Sides[1]) {
				found = true
			}
		}
		if !found {
			t.Errorf("missing contradiction %+v in %+v", mf, cs)
		}
	}
	for _, mn := range want.Contradictions.MustNotFind {
		for _, c := range cs {
			if c.Kind == mn.Kind && c.Event == mn.Event && c.Topic == mn.Fact {
				t.Errorf("must not report %+v", c)
			}
		}
	}
	var shifts []struct{ Actor, Predicate, Object, Polarity, Status string }
	r = ok(t, cg(t, "", "--db", db, "shifts", "--from", "call_2021_12_07", "--to", "call_2021_12_30", "--format", "json", "--evidence", "0"))
	if err := json.Unmarshal([]byte(r.stdout), &shifts); err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, s := range shifts {
		status[s.Actor+" "+s.Predicate+" "+s.Object+" "+s.Polarity] = s.Status
	}
	var names []string
	for st := range want.Shifts {
		names = append(names, st)
	}
	sort.Strings(names)
	for _, st := range names {
		for _, s := range want.Shifts[st] {
			k := s.Actor + " " + s.Predicate + " " + s.Object + " " + s.Polarity
			if status[k] != st {
				t.Errorf("shift %s: %q, want %q", k, status[k], st)
			}
		}
	}
	for _, st := range want.Stances {
		var ps []struct{ Actor, Predicate, Stance string }
		r := ok(t, cg(t, "", "--db", db, "positions", "--topic", st.Topic, "--format", "json", "--evidence", "0"))
		if err := json.Unmarshal([]byte(r.stdout), &ps); err != nil {
			t.Fatal(err)
		}
		has := map[string]bool{}
		for _, p := range ps {
			has[p.Actor+" "+p.Predicate] = true
		}
		for _, a := range st.Deny {
			if !has[a+" deny"] {
				t.Errorf("positions on %s lack %s deny: %+v", st.Topic, a, ps)
			}
		}
		for _, a := range st.ExpressConcern {
			if !has[a+" express_concern"] {
				t.Errorf("positions on %s lack %s express_concern: %+v", st.Topic, a, ps)
			}
		}
	}
	// Putin's warning against sanctions and Biden's threat of them
	r = ok(t, cg(t, "", "--db", db, "positions", "--topic", "sanctions"))
	for _, want := range []string{"call_2021_12_30  putin   warn    against", "call_2021_12_07  biden   warn    for        military_escalation", "actors disagree on sanctions"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("positions on sanctions lack %q:\n%s", want, r.stdout)
		}
	}
}

// TestEvidenceCap: --evidence N shows the first N mentions of each side
// and says how many more there are; --evidence 0 shows them all, as the
// json of the default does not.
func TestEvidenceCap(t *testing.T) {
	db := seeded(t)
	type side = []struct{ Doc string }
	var all, one []struct {
		Summary  string
		Strength int
		Sides    [2]side
		More     []int
	}
	if err := json.Unmarshal([]byte(ok(t, cg(t, "", "--db", db, "contradictions", "--format", "json", "--evidence", "0")).stdout), &all); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(ok(t, cg(t, "", "--db", db, "contradictions", "--format", "json", "--evidence", "1")).stdout), &one); err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 || len(one) != len(all) {
		t.Fatalf("%d contradictions with all evidence, %d with one", len(all), len(one))
	}
	cut := 0
	for i := range all {
		if all[i].More != nil || all[i].Summary != one[i].Summary || all[i].Strength != one[i].Strength {
			t.Errorf("contradiction %d: all %+v, one %+v", i+1, all[i], one[i])
		}
		for k := range all[i].Sides {
			more := 0
			if one[i].More != nil {
				more = one[i].More[k]
			}
			if len(one[i].Sides[k]) != 1 || len(one[i].Sides[k])+more != len(all[i].Sides[k]) || one[i].Sides[k][0] != all[i].Sides[k][0] {
				t.Errorf("contradiction %d side %d: %d shown and %d more of %d", i+1, k+1, len(one[i].Sides[k]), more, len(all[i].Sides[k]))
			}
			cut += more
		}
	}
	if cut == 0 {
		t.Fatal("no side of the seeds has two mentions")
	}
	r := ok(t, cg(t, "", "--db", db, "contradictions", "--evidence", "1"))
	if !strings.Contains(r.stdout, " more\n") {
		t.Errorf("the table does not say how many more:\n%s", r.stdout)
	}
	r = ok(t, cg(t, "", "--db", db, "positions", "--topic", "sanctions", "--evidence", "1"))
	if !strings.Contains(r.stdout, "more)") {
		t.Errorf("positions do not say how many more:\n%s", r.stdout)
	}
	if r := cg(t, "", "--db", db, "shifts", "--from", "call_2021_12_07", "--to", "call_2021_12_30", "--evidence", "-1"); r.code != 2 {
		t.Errorf("--evidence -1: exit %d\n%s", r.code, r.stderr)
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	db := seeded(t)
	dir := t.TempDir()
	nq := filepath.Join(dir, "all.nq")
	ok(t, cg(t, "", "--db", db, "export", "--format", "nquads", "-o", nq))
	db2 := filepath.Join(dir, "db2")
	ok(t, cg(t, "", "--db", db2, "import", nq))
	a, b := getStats(t, db), getStats(t, db2)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("round trip changed the store:\n%+v\n%+v", a, b)
	}
	jl := filepath.Join(dir, "all.jsonld")
	ok(t, cg(t, "", "--db", db, "export", "--format", "jsonld", "-o", jl))
	db3 := filepath.Join(dir, "db3")
	ok(t, cg(t, "", "--db", db3, "import", jl))
	if c := getStats(t, db3); fmt.Sprint(a) != fmt.Sprint(c) {
		t.Errorf("JSON-LD round trip changed the store:\n%+v\n%+v", a, c)
	}
	// the round trips are exact: the same quads, literals of the same type
	want := sortedNQuads(t, db)
	for name, other := range map[string]string{"nquads": db2, "jsonld": db3} {
		if got := sortedNQuads(t, other); got != want {
			t.Errorf("%s round trip changed quads, first difference: %s", name, firstDiff(want, got))
		}
		if e1, e2 := ok(t, cg(t, "", "--db", db, "eval", "--gold", gold)).stdout, ok(t, cg(t, "", "--db", other, "eval", "--gold", gold)).stdout; e1 != e2 {
			t.Errorf("%s round trip changed eval:\n%s\n%s", name, e1, e2)
		}
	}
	// importing what is already there adds nothing
	for _, f := range []string{nq, jl} {
		if r := ok(t, cg(t, "", "--db", db3, "import", f)); !strings.Contains(r.stderr, "added 0") {
			t.Errorf("re-import of %s: %s", filepath.Base(f), r.stderr)
		}
	}
	for _, f := range []string{"jsonld", "graphml", "gml", "dot"} {
		r := ok(t, cg(t, "", "--db", db, "export", "--format", f))
		if len(r.stdout) < 100 {
			t.Errorf("%s export is too short: %q", f, r.stdout)
		}
	}
	r := ok(t, cg(t, "", "--db", db, "export", "--format", "graphml"))
	if strings.Contains(r.stdout, "cg:mention/") {
		t.Error("graphml holds mentions; it should hold the relations only")
	}
	for _, tbl := range []string{"claims", "mentions", "contradictions"} {
		r := ok(t, cg(t, "", "--db", db, "export", "--format", "csv", "--table", tbl))
		if strings.Count(r.stdout, "\n") < 2 {
			t.Errorf("csv %s: %q", tbl, r.stdout)
		}
	}
}

func TestExtractExplain(t *testing.T) {
	r := ok(t, cg(t, "حذر بايدن بوتين من عقوبات اقتصادية إذا غزت روسيا أوكرانيا.", "extract", "--explain", "-"))
	r2 := ok(t, cg(t, "وحذر بوتين من العواقب.", "extract", "--explain", "-"))
	if !strings.Contains(r2.stdout, "no claim from warn") || !strings.Contains(r2.stdout, "why not:") {
		t.Errorf("explain does not say why no claim was made:\n%s", r2.stdout)
	}
	for _, want := range []string{"biden warn sanctions", "rule:", "why:", "target=putin"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("explain output lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestBadUsage(t *testing.T) {
	tests := [][]string{
		{"--no-such-flag"},
		{"claims", "extra"},
		{"claims", "--format", "xml"},
		{"claims", "--polarity", "maybe"},
		{"contradictions", "--kind", "bogus"},
		{"shifts", "--from", "call_2021_12_07"},
		{"eval"},
		{"ingest"},
		{"export"},
		{"nosuchcommand"},
		{"--store", "nosuch", "stats"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := cg(t, "", append([]string{"--db", filepath.Join(t.TempDir(), "db")}, args...)...)
			if r.code != 2 {
				t.Errorf("exit %d, want 2; stderr %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, "claimgraph:") {
				t.Errorf("no message: %q", r.stderr)
			}
		})
	}
}

func TestSkippedInputExitStatus(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "good.txt"), []byte("وطالبت موسكو بضمانات أمنية."), 0o644)
	db := filepath.Join(dir, "db")
	r := cg(t, "", "--db", db, "ingest", dir)
	if r.code != 3 || !strings.Contains(r.stderr, "empty.txt") {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	if s := getStats(t, db); s.Documents != 1 {
		t.Errorf("the good file did not land: %+v", s)
	}
	r = cg(t, "", "--db", filepath.Join(dir, "db2"), "ingest", "--strict", filepath.Join(dir, "empty.txt"), filepath.Join(dir, "good.txt"))
	if r.code != 1 {
		t.Errorf("--strict: exit %d", r.code)
	}
}

func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("workers: 3\nlimit: 7\ndb: "+filepath.Join(dir, "fromfile")+"\n"), 0o644)
	cmd := exec.Command(binary, "--config", cfg, "config", "--format", "json", "--db", filepath.Join(dir, "fromflag"))
	cmd.Env = append(os.Environ(), "CLAIMGRAPH_LIMIT=9", "HOME="+dir)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		File     string
		Settings []struct {
			Key    string
			Value  any
			Origin string
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"workers": "file", "limit": "env CLAIMGRAPH_LIMIT", "db": "flag", "store": "default"}
	for _, s := range got.Settings {
		if w, ok := want[s.Key]; ok && s.Origin != w {
			t.Errorf("%s from %q, want %q", s.Key, s.Origin, w)
		}
		if s.Key == "limit" && fmt.Sprint(s.Value) != "9" {
			t.Errorf("limit = %v", s.Value)
		}
	}
	r := cg(t, "", "--config", filepath.Join(dir, "missing.yaml"), "config")
	if r.code != 2 || !strings.Contains(r.stderr, "missing.yaml") {
		t.Errorf("missing config: exit %d %s", r.code, r.stderr)
	}
}

func TestQueryLanguagesAndLimits(t *testing.T) {
	db := seeded(t)
	r := ok(t, cg(t, "", "--db", db, "query", "--limit", "3", `g.V().All()`))
	var res []any
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || len(res) != 3 {
		t.Errorf("limit: %v %d", err, len(res))
	}
	if !strings.Contains(r.stderr, "stopped at 3") {
		t.Errorf("no truncation note: %s", r.stderr)
	}
	r = cg(t, "", "--db", db, "query", "--timeout", "300ms", `while (true) {}`)
	if r.code != 1 || !strings.Contains(r.stderr, "timeout") {
		t.Errorf("endless query: exit %d %s", r.code, r.stderr)
	}
	r = cg(t, "", "--db", db, "query", `g.V(`)
	if r.code != 1 || !strings.Contains(r.stderr, "query") {
		t.Errorf("syntax error: exit %d %s", r.code, r.stderr)
	}
	r = ok(t, cg(t, "", "--db", db, "query", "--lang", "graphql", `{ nodes(id: "<cg:putin>") { id } }`))
	if !strings.Contains(r.stdout, "putin") {
		t.Errorf("graphql: %s", r.stdout)
	}
}

func TestShellSurvivesErrors(t *testing.T) {
	db := seeded(t)
	in := ":help\ng.V(\n\"<cg:putin>\").Out(\"<cg:warn>\").All()\nthis is not javascript\n:timeout 200ms\nwhile (true) {}\n:lang mql\n:lang gizmo\ng.V(\"<cg:biden>\").Out(\"<cg:hope>\").All()\n:quit\n"
	r := ok(t, cg(t, in, "--db", db, "shell"))
	for _, want := range []string{"cg:sanctions", "cg:face_to_face_meeting"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("shell output lacks %s:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "error:") || !strings.Contains(r.stderr, "timeout") {
		t.Errorf("the bad line and the endless query did not report errors:\n%s", r.stderr)
	}
}

func TestUserLexicon(t *testing.T) {
	dir := t.TempDir()
	lex := filepath.Join(dir, "mine.yaml")
	os.WriteFile(lex, []byte("actors:\n  zelensky: [زيلينسكي, الرئيس الأوكراني]\npredicates:\n  demand: [التمس*]\n"), 0o644)
	text := "والتمس الرئيس الأوكراني من الغرب تقديم ضمانات أمنية."
	r := ok(t, cg(t, text, "extract", "--format", "jsonl", "-"))
	if strings.Contains(r.stdout, "zelensky") {
		t.Fatalf("the embedded lexicon already knows the test's words: %s", r.stdout)
	}
	r = ok(t, cg(t, text, "--lexicon", lex, "extract", "--format", "jsonl", "-"))
	if !strings.Contains(r.stdout, `"subject":"zelensky","predicate":"demand","object":"security_guarantees"`) {
		t.Errorf("user lexicon not applied: %s", r.stdout)
	}
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("lexicon: ["+lex+"]\n"), 0o644)
	r = ok(t, cg(t, text, "--config", cfg, "extract", "--format", "jsonl", "-"))
	if !strings.Contains(r.stdout, "zelensky") {
		t.Errorf("user lexicon from the config file not applied: %s", r.stdout)
	}
	os.WriteFile(lex, []byte("actors: [unclosed\n"), 0o644)
	r = cg(t, text, "--lexicon", lex, "extract", "-")
	if r.code != 1 || !strings.Contains(r.stderr, "mine.yaml") {
		t.Errorf("bad lexicon: exit %d %s", r.code, r.stderr)
	}
}

func TestReadsDoNotCreateStores(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none")
	for _, args := range [][]string{{"stats"}, {"claims"}, {"query", "g.V().All()"}} {
		r := cg(t, "", append([]string{"--db", db}, args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, "ingest some reports first") {
			t.Errorf("%v: exit %d %s", args, r.code, r.stderr)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a read created %s", db)
	}
}

func TestChangedFileReplacesItsEarlierVersion(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "r.txt")
	db := filepath.Join(dir, "db")
	os.WriteFile(f, []byte("وطالبت موسكو بضمانات أمنية."), 0o644)
	ok(t, cg(t, "", "--db", db, "ingest", f))
	os.WriteFile(f, []byte("ونفى الكرملين أي نية لمهاجمة أوكرانيا."), 0o644)
	r := ok(t, cg(t, "", "--db", db, "ingest", f))
	if !strings.Contains(r.stderr, "ingested 1 document (0 new, 0 unchanged, 1 replaced), 1 mention,") {
		t.Errorf("summary: %s", r.stderr)
	}
	ms := claims(t, db)
	if len(ms) != 1 || ms[0].Subject != "kremlin" || ms[0].Predicate != "deny" {
		t.Errorf("after the change: %+v", ms)
	}
	if s := getStats(t, db); s.Documents != 1 || s.Claims != 1 {
		t.Errorf("stats %+v", s)
	}
	// a JSONL record with an id replaces its earlier text too
	j := filepath.Join(dir, "feed.jsonl")
	os.WriteFile(j, []byte(`{"id":"x1","text":"وطالبت موسكو بضمانات أمنية."}`+"\n"), 0o644)
	ok(t, cg(t, "", "--db", db, "ingest", j))
	os.WriteFile(j, []byte(`{"id":"x1","text":"وحذر بايدن من عقوبات اقتصادية."}`+"\n"), 0o644)
	ok(t, cg(t, "", "--db", db, "ingest", j))
	for _, m := range claims(t, db, "--doc", "x1") {
		if m.Predicate != "warn" {
			t.Errorf("jsonl record not replaced: %+v", m)
		}
	}
}

func sortedNQuads(t *testing.T, db string) string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(ok(t, cg(t, "", "--db", db, "export", "--format", "nquads")).stdout), "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("\n%s\n%s", al[i], bl[i])
		}
	}
	return fmt.Sprintf("%d lines vs %d", len(al), len(bl))
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

// TestContradictionsLimit: --limit keeps the strongest contradictions, the
// same as the head of the whole list, and says how many more there are.
func TestContradictionsLimit(t *testing.T) {
	seeds := seeded(t)
	dir := t.TempDir()
	ok(t, cg(t, "", "synth", "--reports", "60", "--seed", "5", "-o", filepath.Join(dir, "corpus")))
	db := filepath.Join(dir, "db")
	ok(t, cg(t, "", "--db", db, "ingest", filepath.Join(dir, "corpus", "reports")))
	all := ok(t, cg(t, "", "--db", db, "contradictions", "--limit", "0", "--format", "json")).stdout
	var cs []schema.Contradiction
	if err := json.Unmarshal([]byte(all), &cs); err != nil || len(cs) < 3 {
		t.Fatalf("%d contradictions (%v)", len(cs), err)
	}
	r := ok(t, cg(t, "", "--db", db, "contradictions", "--limit", "2", "--format", "json"))
	var two []schema.Contradiction
	if err := json.Unmarshal([]byte(r.stdout), &two); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(two, cs[:2]) {
		t.Errorf("--limit 2 gave\n%+v\nwant the first two of\n%+v", two, cs[:2])
	}
	if want := fmt.Sprintf("and %d more (--limit 0 shows all)", len(cs)-2); !strings.Contains(r.stderr, want) {
		t.Errorf("stderr %q does not say %q", r.stderr, want)
	}
	if d, all := ok(t, cg(t, "", "--db", seeds, "contradictions", "--format", "json")), ok(t, cg(t, "", "--db", seeds, "contradictions", "--limit", "0", "--format", "json")); d.stdout != all.stdout || d.stderr != "" {
		t.Errorf("the default limit cuts the seeds' contradictions (%q)", d.stderr)
	}
	bad := cg(t, "", "--db", db, "contradictions", "--limit", "-1")
	if bad.code != 2 || !strings.Contains(bad.stderr, "--limit") {
		t.Errorf("--limit -1: exit %d, %q", bad.code, bad.stderr)
	}
}

// TestShiftsLimit: --limit keeps the shifts that changed most — no stable
// one while a change is left out, the heavier first within a status — in
// the order of the full list; stderr says how many more there are; the
// default does not cut the seeds' shifts.
func TestShiftsLimit(t *testing.T) {
	seeds := seeded(t)
	dir := t.TempDir()
	ok(t, cg(t, "", "synth", "--reports", "60", "--seed", "5", "-o", filepath.Join(dir, "corpus")))
	db := filepath.Join(dir, "db")
	ok(t, cg(t, "", "--db", db, "ingest", filepath.Join(dir, "corpus", "reports")))
	args := []string{"--db", db, "shifts", "--from", "call_2021_12_07", "--to", "call_2021_12_30", "--format", "json"}
	var all []schema.Shift
	if err := json.Unmarshal([]byte(ok(t, cg(t, "", append(args, "--limit", "0")...)).stdout), &all); err != nil || len(all) < 10 {
		t.Fatalf("%d shifts (%v)", len(all), err)
	}
	stable := 0
	for _, s := range all {
		if s.Status == "stable" {
			stable++
		}
	}
	if stable == 0 || stable == len(all) {
		t.Fatalf("%d stable of %d shifts: nothing to rank", stable, len(all))
	}
	n := len(all) - stable + 1 // every change and one stable shift
	r := ok(t, cg(t, "", append(args, "--limit", fmt.Sprint(n))...))
	var got []schema.Shift
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	weight := func(s schema.Shift) int { return len(s.From) + s.FromMore + len(s.To) + s.ToMore }
	var want []schema.Shift
	heaviest := -1
	for _, s := range all {
		if s.Status == "stable" {
			heaviest = max(heaviest, weight(s))
		}
	}
	took := false
	for _, s := range all {
		if s.Status != "stable" || (!took && weight(s) == heaviest) {
			took = took || s.Status == "stable"
			want = append(want, s)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("--limit %d gave\n%+v\nwant every change and the heaviest stable shift, in order:\n%+v", n, got, want)
	}
	if w := fmt.Sprintf("and %d more (--limit 0 shows all)", len(all)-n); !strings.Contains(r.stderr, w) {
		t.Errorf("stderr %q does not say %q", r.stderr, w)
	}
	sargs := []string{"--db", seeds, "shifts", "--from", "call_2021_12_07", "--to", "call_2021_12_30", "--format", "json"}
	if d, full := ok(t, cg(t, "", sargs...)), ok(t, cg(t, "", append(sargs, "--limit", "0")...)); d.stdout != full.stdout || d.stderr != "" {
		t.Errorf("the default limit cuts the seeds' shifts (%q)", d.stderr)
	}
	if bad := cg(t, "", "--db", db, "shifts", "--from", "call_2021_12_07", "--to", "call_2021_12_30", "--limit", "-1"); bad.code != 2 || !strings.Contains(bad.stderr, "--limit") {
		t.Errorf("--limit -1: exit %d, %q", bad.code, bad.stderr)
	}
}
