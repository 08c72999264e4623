package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// bigCorpus writes n distinct reports built from the seeds.
func bigCorpus(t *testing.T, n int) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(seeds, "*.txt"))
	var texts [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, b)
	}
	dir := t.TempDir()
	for i := 0; i < n; i++ {
		body := append(append([]byte{}, texts[i%len(texts)]...), []byte(fmt.Sprintf("\n\nرقم التقرير %d\n", i))...)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("r%05d.txt", i)), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func start(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "c"))
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &errb
}

// waitForBytes waits until the bolt file has grown past n bytes (writes
// are under way) or the process ends.
func waitForWrites(t *testing.T, db string, cmd *exec.Cmd, n int64) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if fi, err := os.Stat(filepath.Join(db, "indexes.bolt")); err == nil && fi.Size() > n {
			return
		}
		if cmd.ProcessState != nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("ingest wrote nothing in 60s")
}

func TestKillDuringIngestLosesNothing(t *testing.T) {
	corpus := bigCorpus(t, 400)
	ref := filepath.Join(t.TempDir(), "ref")
	ok(t, cg(t, "", "--db", ref, "ingest", corpus))
	want := getStats(t, ref)

	db := filepath.Join(t.TempDir(), "db")
	cmd, _ := start(t, "--db", db, "ingest", "--batch-size", "8", corpus)
	waitForWrites(t, db, cmd, 2<<20)
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	mid := getStats(t, db) // the store opens after kill -9
	if mid.Documents >= want.Documents {
		t.Fatalf("the ingest finished before it was killed (%d documents): use a larger corpus", mid.Documents)
	}
	if mid.Documents > 0 && mid.Mentions == 0 {
		t.Errorf("documents without mentions after the kill: %+v", mid)
	}
	r := ok(t, cg(t, "", "--db", db, "ingest", corpus))
	got := getStats(t, db)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after kill -9 (%d documents had landed) and a re-run:\n%+v\nan uninterrupted run:\n%+v\n%s", mid.Documents, got, want, r.stderr)
	}
}

func TestInterruptStopsCleanly(t *testing.T) {
	corpus := bigCorpus(t, 400)
	db := filepath.Join(t.TempDir(), "db")
	cmd, errb := start(t, "--db", db, "ingest", "--batch-size", "8", corpus)
	waitForWrites(t, db, cmd, 2<<20)
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	if code == 0 {
		t.Fatalf("the ingest finished before the interrupt: use a larger corpus (%s)", errb.String())
	}
	if code != 130 || !strings.Contains(errb.String(), "interrupted:") {
		t.Fatalf("exit %d, stderr %s", code, errb.String())
	}
	var landed int
	fmt.Sscanf(errb.String()[strings.Index(errb.String(), "ingested"):], "ingested %d documents", &landed)
	if s := getStats(t, db); s.Documents != landed {
		t.Errorf("the summary says %d documents landed, the store has %d", landed, s.Documents)
	}
}

func TestLockedStore(t *testing.T) {
	corpus := bigCorpus(t, 300)
	db := filepath.Join(t.TempDir(), "db")
	cmd, _ := start(t, "--db", db, "ingest", corpus)
	waitForWrites(t, db, cmd, 1<<20)
	r := cg(t, "", "--db", db, "stats")

	if r.code != 1 || !strings.Contains(r.stderr, "in use by another process") || !strings.Contains(r.stderr, "--wait") {
		t.Errorf("second process: exit %d, %s", r.code, r.stderr)
	}
	r = cg(t, "", "--db", db, "--wait", "2m", "stats", "--format", "json")
	cmd.Wait()
	if r.code != 0 {
		t.Fatalf("--wait: exit %d %s", r.code, r.stderr)
	}
	var s stats
	json.Unmarshal([]byte(r.stdout), &s)
	if s.Documents != 300 {
		t.Errorf("--wait saw %d documents", s.Documents)
	}
}
