//go:build unix

package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestExportFileModeFollowsUmask(t *testing.T) {
	db := seeded(t)
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	dir := t.TempDir()
	out := filepath.Join(dir, "all.nq")
	ok(t, cg(t, "", "--db", db, "export", "--format", "nquads", "-o", out))
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o640 {
		t.Fatalf("new file mode %v (%v), want 0640 from umask 027", fi.Mode(), err)
	}
	// an existing file keeps its mode
	os.Chmod(out, 0o604)
	ok(t, cg(t, "", "--db", db, "export", "--format", "nquads", "-o", out))
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o604 {
		t.Errorf("rewritten file mode %v, want 0604", fi.Mode())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestExportToNonRegularFiles(t *testing.T) {
	db := seeded(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan string)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- string(b)
	}()
	r := ok(t, cg(t, "", "--db", db, "export", "--format", "nquads", "-o", fifo))
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the pipe was replaced: %v %v", fi.Mode(), err)
	}
	if data := <-got; strings.Count(data, "\n") < 1000 {
		t.Errorf("the pipe got %d bytes", len(data))
	}
	if !strings.Contains(r.stderr, "wrote ") || strings.Contains(r.stderr, ".tmp") {
		t.Errorf("stderr %q", r.stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	ok(t, cg(t, "", "--db", db, "export", "--format", "gml", "-o", os.DevNull))
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("%s is no longer a device: %v %v", os.DevNull, fi.Mode(), err)
	}
	if r := cg(t, "", "--db", db, "export", "--format", "gml", "-o", dir); r.code != 1 || !strings.Contains(r.stderr, "directory") {
		t.Errorf("-o a directory: exit %d, %s", r.code, r.stderr)
	}
}
