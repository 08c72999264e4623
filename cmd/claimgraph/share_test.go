package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// holdReader starts a shell on db, which holds the store open for reading
// until the returned function closes its input.
func holdReader(t *testing.T, db string) (release func()) {
	t.Helper()
	cmd := exec.Command(binary, "--db", db, "shell")
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "c"), "XDG_DATA_HOME="+filepath.Join(home, "d"))
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb syncBuffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(errb.String(), "claimgraph shell") {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the shell did not open the store: %s", errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	done := false
	release = func() {
		if done {
			return
		}
		done = true
		in.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("shell: %v %s", err, errb.String())
		}
	}
	t.Cleanup(release)
	return release
}

// TestReadersShareTheStore: read commands run while another reader holds
// the store; a writer waits for the readers with --wait.
func TestReadersShareTheStore(t *testing.T) {
	db := seeded(t)
	release := holdReader(t, db)
	want := getStats(t, db) // a second reader, while the shell reads
	if want.Documents != 5 {
		t.Fatalf("stats while another reader holds the store: %+v", want)
	}
	if ms := claims(t, db, "--subject", "putin"); len(ms) == 0 {
		t.Error("claims while another reader holds the store: none")
	}
	ok(t, cg(t, "", "--db", db, "query", `g.V("<cg:putin>").All()`))

	extra := filepath.Join(t.TempDir(), "extra.txt")
	seed, err := os.ReadFile(filepath.Join(seeds, "000_90d0923401baf148.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(extra, append(seed, []byte("\n\nرقم التقرير 1\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := cg(t, "", "--db", db, "ingest", extra); r.code != 1 || !strings.Contains(r.stderr, "in use by another process") {
		t.Fatalf("a writer while a reader holds the store: exit %d, %s", r.code, r.stderr)
	}
	writer, errb := start(t, "--db", db, "--wait", "1m", "ingest", extra)
	exited := make(chan error, 1)
	go func() { exited <- writer.Wait() }()
	select {
	case err := <-exited:
		t.Fatalf("the writer did not wait for the reader: %v %s", err, errb.String())
	case <-time.After(700 * time.Millisecond):
	}
	release()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("writer after the reader left: %v %s", err, errb.String())
		}
	case <-time.After(60 * time.Second):
		writer.Process.Kill()
		t.Fatal("the writer still waits after the reader left")
	}
	if got := getStats(t, db); got.Documents != 6 {
		t.Errorf("after the waiting writer: %+v", got)
	}
}

// TestReadOnlyArchive: a copy of a store whose files are read-only (mode
// 444, directory 555) answers claims, query and stats, and is not changed.
// As root, the commands run as nobody so that the modes apply.
func TestReadOnlyArchive(t *testing.T) {
	db := seeded(t)
	wantClaims := ok(t, cg(t, "", "--db", db, "claims", "--format", "jsonl")).stdout
	query := `g.V("<cg:biden>").Out("<cg:not_commit>").All()`
	wantQuery := ok(t, cg(t, "", "--db", db, "query", "--format", "jsonl", query)).stdout

	base, err := os.MkdirTemp("", "claimgraph-archive")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		os.Chmod(filepath.Join(base, "db"), 0o755)
		os.RemoveAll(base)
	})
	archive := filepath.Join(base, "db")
	if err := os.Mkdir(archive, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(db, "indexes.bolt"))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(archive, "indexes.bolt")
	if err := os.WriteFile(file, data, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(archive, 0o555); err != nil {
		t.Fatal(err)
	}
	// the binary and a home the user can reach
	bin := filepath.Join(base, "claimgraph")
	if err := copyFile(binary, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(base, "home")
	if err := os.Mkdir(home, 0o777); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{base, home} {
		if err := os.Chmod(p, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) result {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"--db", archive}, args...)...)
		cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "c"), "XDG_DATA_HOME="+filepath.Join(home, "d"))
		if os.Geteuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return result{out.String(), errb.String(), code}
	}
	if r := ok(t, run("claims", "--format", "jsonl")); r.stdout != wantClaims {
		t.Errorf("claims from the archive differ:\n%s\nwant\n%s", r.stdout, wantClaims)
	}
	if r := ok(t, run("query", "--format", "jsonl", query)); r.stdout != wantQuery {
		t.Errorf("query on the archive: %s, want %s", r.stdout, wantQuery)
	}
	ok(t, run("stats"))
	// a writer cannot use it, and says why
	if r := run("ingest", seeds); r.code == 0 {
		t.Error("ingest into a read-only archive succeeded")
	}
	after, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(after, data) {
		t.Error("reading the archive changed it")
	}
}

func copyFile(from, to string, mode os.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// TestClaimsStreamAndLimit: jsonl lists the mentions json lists, in the
// same order, and --limit cuts both.
func TestClaimsStreamAndLimit(t *testing.T) {
	db := seeded(t)
	all := claims(t, db)
	r := ok(t, cg(t, "", "--db", db, "claims", "--format", "jsonl"))
	var streamed []mention
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var m mention
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		streamed = append(streamed, m)
	}
	if fmt.Sprint(streamed) != fmt.Sprint(all) || len(all) < 10 {
		t.Errorf("jsonl has %d mentions, json %d, or they differ", len(streamed), len(all))
	}
	r = ok(t, cg(t, "", "--db", db, "claims", "--format", "jsonl", "--limit", "3"))
	if n := strings.Count(r.stdout, "\n"); n != 3 {
		t.Errorf("jsonl --limit 3: %d lines", n)
	}
	if got := claims(t, db, "--limit", "4"); len(got) != 4 || fmt.Sprint(got) != fmt.Sprint(all[:4]) {
		t.Errorf("json --limit 4: %d mentions, not the first 4 of the listing", len(got))
	}
	if r := cg(t, "", "--db", db, "claims", "--limit", "-1"); r.code != 2 {
		t.Errorf("--limit -1: exit %d", r.code)
	}
}
