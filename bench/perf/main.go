// Command perf measures claimgraph on a synthetic corpus, end to end with
// the real binaries, and prints the table of the README's Performance
// section: ingest against Cayley's own loader (cayley load of the Cayley
// version claimgraph is built with, built from its module) and against
// claimgraph import of the same quads, in the same run; each analysis; the
// peak RSS of each process.
//
//	go run ./bench/perf --reports 20000
//	go run ./bench/perf --reports 5000 --postgres 'postgres://user:pw@127.0.0.1/db?sslmode=disable'
//	go run ./bench/perf --reports 10000 --also-batch-size 256
//
// The PostgreSQL database is emptied first. Everything else lives in a
// temporary directory (--keep keeps it).
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

type row struct {
	Step     string  `json:"step"`
	Backend  string  `json:"backend"`
	Seconds  float64 `json:"seconds"`
	RSSMB    float64 `json:"peak_rss_mb"`
	AnonMB   float64 `json:"peak_anon_mb"`
	Baseline string  `json:"baseline,omitempty"`
	Ratio    float64 `json:"ratio,omitempty"`
	Note     string  `json:"note,omitempty"`
}

func main() {
	reports := flag.Int("reports", 20000, "synthetic reports to generate")
	seed := flag.Int("seed", 1, "synthetic corpus seed")
	pg := flag.String("postgres", "", "also measure a PostgreSQL store at this connection string (its data is removed)")
	cayleyBin := flag.String("cayley", "", "a cayley binary to use instead of building it from the module")
	keep := flag.Bool("keep", false, "keep the working directory")
	asJSON := flag.Bool("json", false, "print the rows as JSON")
	repeat := flag.Int("repeat", 3, "run each analysis this many times and report the fastest")
	skipLoad := flag.Bool("skip-load", false, "skip Cayley's loader and claimgraph import (ingest and the analyses only)")
	var also []int
	flag.Func("also-batch-size", "also ingest into a bolt store of its own with this --batch-size (repeatable; the analyses read the default's store)", func(v string) error {
		var n int
		if _, err := fmt.Sscan(v, &n); err != nil || n < 1 {
			return fmt.Errorf("want a number of documents ≥ 1, got %q", v)
		}
		also = append(also, n)
		return nil
	})
	flag.Parse()
	if err := run(*reports, *seed, *pg, *cayleyBin, *keep, *asJSON, *repeat, *skipLoad, also); err != nil {
		fmt.Fprintln(os.Stderr, "perf:", err)
		os.Exit(1)
	}
}

func run(reports, seed int, pg, cayleyBin string, keep, asJSON bool, repeat int, skipLoad bool, also []int) error {
	dir, err := os.MkdirTemp("", "claimgraph-perf-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Fprintln(os.Stderr, "working directory:", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	cg := filepath.Join(dir, "claimgraph")
	logf("building claimgraph")
	if err := sh("", "go", "build", "-o", cg, "./cmd/claimgraph"); err != nil {
		return err
	}
	if cayleyBin == "" && !skipLoad {
		if cayleyBin, err = buildCayley(); err != nil {
			return err
		}
	}
	corpus := filepath.Join(dir, "corpus")
	logf("generating %d reports", reports)
	if _, err := measure(cg, nil, "synth", "--reports", fmt.Sprint(reports), "--seed", fmt.Sprint(seed), "-o", corpus); err != nil {
		return err
	}
	var rows []row
	add := func(r row) {
		rows = append(rows, r)
		logf("%-26s %-8s %8.2fs %7.0f MB", r.Step, r.Backend, r.Seconds, r.RSSMB)
	}
	db := filepath.Join(dir, "bolt")
	boltArgs := []string{"--store", "bolt", "--db", db}
	reportsDir := filepath.Join(corpus, "reports")
	ing, err := measure(cg, boltArgs, "ingest", reportsDir)
	if err != nil {
		return err
	}
	nq := filepath.Join(dir, "all.nq")
	if err := toFile(nq, cg, append(boltArgs, "export", "--format", "nquads")...); err != nil {
		return err
	}
	var st struct {
		Documents, Claims, Mentions, Quads int
	}
	if out, err := output(cg, append(boltArgs, "stats", "--format", "json")...); err != nil {
		return err
	} else if err := json.Unmarshal(out, &st); err != nil {
		return fmt.Errorf("stats: %w", err)
	}
	// the other batch sizes, each into a store of its own, removed once
	// measured
	var alsoIng []measured
	for _, n := range also {
		adb := filepath.Join(dir, fmt.Sprintf("bolt-%d", n))
		m, err := measure(cg, []string{"--store", "bolt", "--db", adb}, "ingest", "--batch-size", fmt.Sprint(n), reportsDir)
		if err != nil {
			return err
		}
		alsoIng = append(alsoIng, m)
		os.RemoveAll(adb)
	}
	addAlso := func(base string, baseSeconds float64) {
		for i, m := range alsoIng {
			r := row{Step: fmt.Sprintf("ingest --batch-size %d", also[i]), Backend: "bolt", Seconds: m.Seconds, RSSMB: m.RSSMB, AnonMB: m.AnonMB}
			if base != "" {
				r.Baseline, r.Ratio = base, m.Seconds/baseSeconds
			}
			add(r)
		}
	}
	if !skipLoad {
		load, err := measureBin(cayleyBin, "load", "--init", "--db", "bolt", "--dbpath", filepath.Join(dir, "cayley"), "-i", nq)
		if err != nil {
			return err
		}
		imp, err := measure(cg, []string{"--store", "bolt", "--db", filepath.Join(dir, "import")}, "import", nq)
		if err != nil {
			return err
		}
		add(row{Step: "cayley load (same quads)", Backend: "bolt", Seconds: load.Seconds, RSSMB: load.RSSMB, AnonMB: load.AnonMB})
		add(row{Step: "claimgraph import", Backend: "bolt", Seconds: imp.Seconds, RSSMB: imp.RSSMB, AnonMB: imp.AnonMB, Baseline: "cayley load", Ratio: imp.Seconds / load.Seconds})
		add(row{Step: "ingest", Backend: "bolt", Seconds: ing.Seconds, RSSMB: ing.RSSMB, AnonMB: ing.AnonMB, Baseline: "cayley load", Ratio: ing.Seconds / load.Seconds,
			Note: fmt.Sprintf("%d documents, %d mentions, %d claims, %d quads", st.Documents, st.Mentions, st.Claims, st.Quads)})
		addAlso("cayley load", load.Seconds)
	} else {
		add(row{Step: "ingest", Backend: "bolt", Seconds: ing.Seconds, RSSMB: ing.RSSMB, AnonMB: ing.AnonMB,
			Note: fmt.Sprintf("%d documents, %d mentions, %d claims, %d quads", st.Documents, st.Mentions, st.Claims, st.Quads)})
		addAlso("ingest", ing.Seconds)
	}
	analyses := [][]string{
		{"stats"},
		{"contradictions"},
		{"shifts", "--from", "call_2021_12_07", "--to", "call_2021_12_30"},
		{"positions", "--topic", "sanctions"},
		{"claims", "--format", "jsonl"},
	}
	measureAnalyses := func(backend string, args []string, base map[string]float64) (map[string]float64, error) {
		times := map[string]float64{}
		for _, a := range analyses {
			// the fastest of a few runs: the page cache as a user who
			// asks again finds it
			var m measured
			for i := range max(repeat, 1) {
				got, err := measure(cg, args, a...)
				if err != nil {
					return nil, err
				}
				if i == 0 || got.Seconds < m.Seconds {
					m = got
				}
			}
			r := row{Step: strings.Join(a, " "), Backend: backend, Seconds: m.Seconds, RSSMB: m.RSSMB, AnonMB: m.AnonMB}
			if base != nil {
				r.Baseline, r.Ratio = "bolt", m.Seconds/base[r.Step]
			}
			times[r.Step] = m.Seconds
			add(r)
		}
		return times, nil
	}
	boltTimes, err := measureAnalyses("bolt", boltArgs, nil)
	if err != nil {
		return err
	}
	if pg != "" {
		pgArgs := []string{"--store", "postgres", "--db", pg}
		if err := wipePostgres(pg); err != nil {
			return err
		}
		m, err := measure(cg, pgArgs, "ingest", reportsDir)
		if err != nil {
			return err
		}
		add(row{Step: "ingest", Backend: "postgres", Seconds: m.Seconds, RSSMB: m.RSSMB, AnonMB: m.AnonMB, Baseline: "ingest bolt", Ratio: m.Seconds / ing.Seconds})
		if _, err := measureAnalyses("postgres", pgArgs, boltTimes); err != nil {
			return err
		}
	}
	if asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	fmt.Printf("%d synthetic reports (seed %d): %d documents, %d mentions, %d claims, %d quads; %s/%s, %d CPUs\n\n",
		reports, seed, st.Documents, st.Mentions, st.Claims, st.Quads, runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	fmt.Println("| step | backend | seconds | ratio | peak RSS | of it the process's own memory |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, r := range rows {
		ratio := ""
		if r.Baseline != "" {
			ratio = fmt.Sprintf("%.2f× %s", r.Ratio, r.Baseline)
		}
		fmt.Printf("| %s | %s | %.2f | %s | %.0f MB | %.0f MB |\n", r.Step, r.Backend, r.Seconds, ratio, r.RSSMB, r.AnonMB)
	}
	return nil
}

type measured struct{ Seconds, RSSMB, AnonMB float64 }

// measure runs claimgraph with the global args, then args, its output
// discarded, and reports its wall time and peak RSS: all of it, and the
// part that is the process's own memory (RssAnon, sampled), not pages of
// files it maps, which the kernel's page cache holds either way.
func measure(cg string, global []string, args ...string) (measured, error) {
	return measureBin(cg, append(append([]string{}, args[:1]...), append(global, args[1:]...)...)...)
}

func measureBin(bin string, args ...string) (measured, error) {
	cmd := exec.Command(bin, args...)
	cmd.Stdout = io.Discard
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return measured{}, err
	}
	anon := make(chan float64)
	done := make(chan struct{})
	go func() { anon <- peakAnon(cmd.Process.Pid, done) }()
	err := cmd.Wait()
	d := time.Since(start)
	close(done)
	anonMB := <-anon
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 3 { // 3: some inputs skipped, the rest stored
			return measured{}, fmt.Errorf("%s %s: %v\n%s", filepath.Base(bin), strings.Join(args, " "), err, tail(stderr.String()))
		}
	}
	rss := 0.0
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = float64(ru.Maxrss) / 1024 // KiB on Linux
	}
	return measured{Seconds: d.Seconds(), RSSMB: rss, AnonMB: anonMB}, nil
}

// peakAnon samples the RssAnon of process pid every 20 ms until done,
// and returns the largest, in MB (0 where /proc is not there).
func peakAnon(pid int, done <-chan struct{}) float64 {
	path := fmt.Sprintf("/proc/%d/status", pid)
	peak := 0.0
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, err := os.ReadFile(path); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				if v, ok := strings.CutPrefix(line, "RssAnon:"); ok {
					var kb float64
					if _, err := fmt.Sscan(v, &kb); err == nil && kb/1024 > peak {
						peak = kb / 1024
					}
				}
			}
		}
		select {
		case <-done:
			return peak
		case <-tick.C:
		}
	}
}

func output(bin string, args ...string) ([]byte, error) {
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", filepath.Base(bin), strings.Join(args, " "), err)
	}
	return out, nil
}

func toFile(path, bin string, args ...string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = f, os.Stderr
	if err := cmd.Run(); err != nil {
		f.Close()
		return fmt.Errorf("%s %s: %w", filepath.Base(bin), strings.Join(args, " "), err)
	}
	return f.Close()
}

func sh(dir, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, os.Stderr, os.Stderr
	return cmd.Run()
}

// buildCayley builds the cayley command of the Cayley module claimgraph
// requires, from a copy of that module (its go.mod has replace directives,
// so go install pkg@version refuses it), once per user cache.
func buildCayley() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}} {{.Dir}}", "github.com/cayleygraph/cayley").Output()
	if err != nil {
		return "", fmt.Errorf("go list -m github.com/cayleygraph/cayley: %w", err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		return "", fmt.Errorf("go list -m github.com/cayleygraph/cayley: %q (run go mod download first)", out)
	}
	version, src := f[0], f[1]
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(cache, "claimgraph-perf", "cayley-"+version)
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	logf("building cayley %s from its module (a few minutes, once)", version)
	work, err := os.MkdirTemp("", "cayley-src-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	if err := sh("", "cp", "-r", src+"/.", work); err != nil {
		return "", err
	}
	if err := sh("", "chmod", "-R", "u+w", work); err != nil {
		return "", err
	}
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/cayley")
	cmd.Dir, cmd.Stdout, cmd.Stderr = work, os.Stderr, io.Discard // cgo warnings of its sqlite driver
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building cayley %s: %w", version, err)
	}
	return bin, nil
}

// wipePostgres drops Cayley's tables so that the run starts empty.
func wipePostgres(dsn string) error {
	cmd := exec.Command("psql", dsn, "-qc", "DROP TABLE IF EXISTS quads, nodes, claimgraph_counters, claimgraph_digests, claimgraph_evidence CASCADE")
	cmd.Stdout, cmd.Stderr = io.Discard, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("emptying the PostgreSQL store (psql): %w", err)
	}
	return nil
}

func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "perf: "+format+"\n", args...)
}
