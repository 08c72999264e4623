//go:build unix

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestShellControls(t *testing.T) {
	db := seeded(t)
	home := t.TempDir()
	hist := filepath.Join(home, "history")
	cmd := exec.Command(binary, "--db", db, "shell", "--timeout", "1m", "--limit", "1")
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "CLAIMGRAPH_HISTORY="+hist)
	stdin, _ := cmd.StdinPipe()
	var out, errb syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	wait := func(what string, cond func() bool) {
		t.Helper()
		for i := 0; i < 200 && !cond(); i++ {
			time.Sleep(50 * time.Millisecond)
		}
		if !cond() {
			t.Fatalf("no %s:\n%s", what, errb.String())
		}
	}
	wait("banner", func() bool { return strings.Contains(errb.String(), "claimgraph shell") })
	io.WriteString(stdin, "not javascript (\n)\ng.V(\n\"<cg:putin>\").Out(\"<cg:warn>\").All()\n")
	wait("results", func() bool { return strings.Contains(errb.String(), "the limit; :limit") })
	io.WriteString(stdin, "while (true) {}\n")
	time.Sleep(500 * time.Millisecond)
	cmd.Process.Signal(os.Interrupt)
	wait("interrupt", func() bool { return strings.Contains(errb.String(), "interrupted after 0 results") })
	io.WriteString(stdin, ":limit 0\ng.V(\"<cg:biden>\").Out(\"<cg:hope>\").All()\n:quit\n")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), "cg:face_to_face_meeting") {
		t.Errorf("the shell did not go on after Ctrl-C:\n%s\n%s", out.String(), errb.String())
	}
	if strings.Contains(errb.String(), "0 results\nerror") || !strings.Contains(errb.String(), "error: SyntaxError") {
		t.Errorf("error reporting:\n%s", errb.String())
	}
	b, _ := os.ReadFile(hist)
	entries := strings.Split(strings.TrimSpace(string(b)), "\n")
	want := []string{"not javascript ( )", `g.V( "<cg:putin>").Out("<cg:warn>").All()`, "while (true) {}", ":limit 0", `g.V("<cg:biden>").Out("<cg:hope>").All()`, ":quit"}
	if strings.Join(entries, "|") != strings.Join(want, "|") {
		t.Errorf("history %q, want %q", entries, want)
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }
