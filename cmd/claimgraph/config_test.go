package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/claimgraph/claimgraph/ingest/lexicon"
)

func TestConfigErrorsNameTheirSource(t *testing.T) {
	dir := t.TempDir()
	cfg := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	for _, tc := range []struct {
		name string
		env  string
		args []string
		want string
	}{
		{"unknown key", "", []string{"--config", cfg("a.yaml", "store: bolt\nworkres: 3\n"), "config"}, `a.yaml:2: unknown key "workres"`},
		{"bad duration in the file", "", []string{"--config", cfg("b.yaml", "timeout: 5x\n"), "config"}, `timeout in config file ` + filepath.Join(dir, "b.yaml") + `: "5x" is not a duration such as 30s`},
		{"bad number in the environment", "CLAIMGRAPH_WORKERS=abc", []string{"config"}, `CLAIMGRAPH_WORKERS: "abc" is not a whole number`},
		{"bad flag value", "", []string{"--store", "mongo", "config"}, `--store is "mongo"; it must be one of bolt, memstore, postgres, cockroach`},
		{"postgres without a DSN", "", []string{"--store", "postgres", "stats"}, "store postgres needs a connection string: --db 'postgresql://"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var env []string
			if tc.env != "" {
				env = []string{tc.env}
			}
			r := cgEnv(t, env, "", tc.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, %q; want exit 2 and %q", r.code, r.stderr, tc.want)
			}
		})
	}
	// memstore needs no --db ''
	if r := cg(t, "", "--store", "memstore", "stats", "--format", "json"); r.code != 0 || !strings.Contains(r.stdout, `"documents": 0`) {
		t.Errorf("memstore: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
}

func TestLexiconUnknownKeys(t *testing.T) {
	lex := filepath.Join(t.TempDir(), "mine.yaml")
	os.WriteFile(lex, []byte("actors:\n  zelensky: [زيلينسكي]\nactros:\n  x: [y]\npredicates:\n  warn:\n    - {p: \"حذر*\", objx: before}\n"), 0o644)
	r := cg(t, "وحذر زيلينسكي", "--lexicon", lex, "extract", "-")
	for _, want := range []string{`mine.yaml:3: unknown key "actros"`, `mine.yaml:7: unknown key "objx"`} {
		if r.code == 0 || !strings.Contains(r.stderr, want) {
			t.Errorf("exit %d, stderr lacks %q:\n%s", r.code, want, r.stderr)
		}
	}
	// the embedded lexicon uses only keys the check knows
	b, err := os.ReadFile("../../ingest/lexicon/data/ar.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	unknownKeys(doc.Content[0], reflect.TypeOf(lexicon.File{}), func(line int, key string) {
		t.Errorf("ar.yaml:%d: %q reported as unknown", line, key)
	})
}
