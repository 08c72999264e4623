package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/lib/pq" // the PostgreSQL driver, to make and drop the test's schemas

	"github.com/claimgraph/claimgraph/internal/pgtest"
)

// pgSnapshot is what must be equal between stores: the stats, every quad,
// and the node table of Cayley's schema.
type pgSnapshot struct {
	stats, quads string
	nquads       int
	nodes        int
	badRefs      int // nodes whose reference count is not the number of quads using them
}

func snapshot(t *testing.T, dsn string, db *sql.DB) pgSnapshot {
	t.Helper()
	var s pgSnapshot
	s.stats = ok(t, cg(t, "", "--store", "postgres", "--db", dsn, "stats", "--format", "json")).stdout
	lines := strings.Split(strings.TrimSpace(ok(t, cg(t, "", "--store", "postgres", "--db", dsn, "export", "--format", "nquads")).stdout), "\n")
	sort.Strings(lines)
	s.quads = strings.Join(lines, "\n")
	s.nquads = len(lines)
	if err := db.QueryRow(`SELECT count(*) FROM nodes`).Scan(&s.nodes); err != nil {
		t.Fatal(err)
	}
	err := db.QueryRow(`WITH r AS (
		SELECT h, count(*) AS c FROM (
			SELECT subject_hash AS h FROM quads UNION ALL
			SELECT predicate_hash FROM quads UNION ALL
			SELECT object_hash FROM quads UNION ALL
			SELECT label_hash FROM quads WHERE label_hash IS NOT NULL) AS x
		GROUP BY h)
		SELECT count(*) FROM nodes n FULL JOIN r ON n.hash = r.h WHERE n.refs IS DISTINCT FROM r.c`).Scan(&s.badRefs)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// writeVariants writes copies of the given reports under new names, each
// made a distinct document by a line of its own.
func writeVariants(t *testing.T, dir string, files []string, tag string, n int) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		f := files[i%len(files)]
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, fmt.Sprintf("\n\nرقم التقرير %s-%d\n", tag, i)...)
		name := fmt.Sprintf("%s_%03d_%s", tag, i, filepath.Base(f))
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var newDocs = regexp.MustCompile(`ingested \d+ documents? \((\d+) new, (\d+) unchanged, (\d+) replaced\)`)

// TestConcurrentIngestPostgres runs two ingest processes at once against
// one PostgreSQL store, with overlapping inputs, several times: both must
// succeed, each document must be added by one of them, and the store must
// equal one that a single process filled with the union of the inputs —
// the same stats, the same quads, the same nodes with exact reference
// counts.
func TestConcurrentIngestPostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	seedFiles, _ := filepath.Glob(filepath.Join(seeds, "*.txt"))
	if len(seedFiles) != 5 {
		t.Fatalf("seeds: %v", seedFiles)
	}
	en, _ := filepath.Abs("../../examples/en/video_call.txt")
	// both processes read common (the seeds and copies of three of them,
	// and the English report); each reads reports of its own too, copies
	// of the two other seeds, so that both create the same new claims,
	// polarity markers and direct edges at the same time
	root := t.TempDir()
	common := filepath.Join(root, "common")
	writeVariants(t, common, seedFiles[:3], "c", 24)
	for _, f := range append(seedFiles, en) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(common, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	onlyA, onlyB := filepath.Join(root, "a"), filepath.Join(root, "b")
	writeVariants(t, onlyA, seedFiles[3:], "a", 12)
	writeVariants(t, onlyB, seedFiles[3:], "b", 12)
	total := 24 + 6 + 12 + 12

	refDSN, refDB := pgtest.Schema(t, dsn, "ref")
	ok(t, cg(t, "", "--store", "postgres", "--db", refDSN, "ingest", common, onlyA, onlyB))
	want := snapshot(t, refDSN, refDB)
	if !strings.Contains(want.stats, fmt.Sprintf(`"documents": %d`, total)) || want.badRefs != 0 {
		t.Fatalf("single process: %d bad node references, stats %s", want.badRefs, want.stats)
	}

	orders := [][2][]string{
		{{common, onlyA}, {common, onlyB}},
		{{onlyA, common}, {common, onlyB}},
		{{common, onlyA}, {onlyB, common}},
	}
	for round, order := range orders {
		round, order := round, order
		t.Run(strconv.Itoa(round), func(t *testing.T) {
			db, sdb := pgtest.Schema(t, dsn, "conc")
			var cmds [2]*exec.Cmd
			var outs [2]*bytes.Buffer
			for i, inputs := range order {
				args := append([]string{"--store", "postgres", "--db", db, "ingest", "--workers", "2", "--batch-size", "3"}, inputs...)
				cmds[i] = exec.Command(binary, args...)
				home := t.TempDir()
				cmds[i].Env = []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "XDG_DATA_HOME=" + filepath.Join(home, "data")}
				for _, kv := range os.Environ() {
					if k := strings.SplitN(kv, "=", 2)[0]; !strings.HasPrefix(k, "CLAIMGRAPH_") && k != "HOME" && !strings.HasPrefix(k, "XDG_") {
						cmds[i].Env = append(cmds[i].Env, kv)
					}
				}
				outs[i] = &bytes.Buffer{}
				cmds[i].Stdout, cmds[i].Stderr = outs[i], outs[i]
			}
			start := time.Now()
			for _, c := range cmds {
				if err := c.Start(); err != nil {
					t.Fatal(err)
				}
			}
			added := 0
			for i, c := range cmds {
				if err := c.Wait(); err != nil {
					t.Errorf("process %d: %v\n%s", i, err, outs[i])
					continue
				}
				m := newDocs.FindStringSubmatch(outs[i].String())
				if m == nil {
					t.Errorf("process %d: no summary in %q", i, outs[i])
					continue
				}
				n, _ := strconv.Atoi(m[1])
				added += n
				t.Logf("process %d: %s", i, strings.TrimSpace(outs[i].String()))
			}
			t.Logf("both done in %s", time.Since(start).Round(time.Millisecond))
			if t.Failed() {
				return
			}
			if added != total {
				t.Errorf("the processes added %d documents between them; there are %d", added, total)
			}
			got := snapshot(t, db, sdb)
			if got.stats != want.stats {
				t.Errorf("stats after a concurrent ingest:\n%s\nafter one process:\n%s", got.stats, want.stats)
			}
			if got.quads != want.quads {
				t.Errorf("the quads differ from one process's (%d quads, want %d):\n%s", got.nquads, want.nquads, firstDiff(got.quads, want.quads))
			}
			if got.nodes != want.nodes || got.badRefs != 0 {
				t.Errorf("%d nodes (%d with a wrong reference count), one process leaves %d", got.nodes, got.badRefs, want.nodes)
			}
		})
	}
}
