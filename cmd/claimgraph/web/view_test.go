package web

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/claimgraph/claimgraph/graph"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

func TestHighlight(t *testing.T) {
	lex, err := lexicon.Load()
	if err != nil {
		t.Fatal(err)
	}
	m := schema.Mention{Claim: schema.Claim{Subject: "putin", Predicate: "warn", Object: "sanctions"}, Source: "kremlin",
		Evidence: "وقال الكرملين إن الرئيس الروسي حذر من فرض عقوبات جديدة."}
	segs := highlight(lex, m)
	marked := map[string]string{}
	var all strings.Builder
	for _, s := range segs {
		all.WriteString(s.Text)
		if s.Class != "" {
			marked[s.Class] = s.Text
		}
	}
	if all.String() != m.Evidence {
		t.Errorf("segments %q do not make up the evidence", all.String())
	}
	for class, want := range map[string]string{"source": "الكرملين", "actor": "الرئيس الروسي", "predicate": "حذر", "topic": "عقوبات"} {
		if !strings.Contains(marked[class], want) {
			t.Errorf("%s: marked %q, want %q (all: %+v)", class, marked[class], want, segs)
		}
	}
	if got := highlight(nil, m); len(got) != 1 || got[0].Class != "" {
		t.Errorf("without a lexicon: %+v", got)
	}
}

func TestDocSpans(t *testing.T) {
	text := "one two. three four. five"
	ms := []schema.Mention{
		{ID: "a", Start: 9, End: 20},
		{ID: "b", Start: 9, End: 20},
		{ID: "c", Start: 0, End: 8},
		{ID: "d", Start: 10, End: 15}, // inside a
		{ID: "e", Start: 20, End: 99}, // past the end
	}
	spans := docSpans(text, ms)
	var got []string
	var whole strings.Builder
	for _, s := range spans {
		var ids []string
		for _, m := range s.Mentions {
			ids = append(ids, m.ID)
		}
		got = append(got, s.Text+"|"+strings.Join(ids, ","))
		whole.WriteString(s.Text)
	}
	want := []string{"one two.|c", " |", "three four.|a,b,d", " five|"}
	if strings.Join(got, "/") != strings.Join(want, "/") || whole.String() != text {
		t.Errorf("spans %q, want %q", got, want)
	}
}

func TestPaginate(t *testing.T) {
	for name, c := range map[string]struct {
		query      string
		n          int
		page, lo   int
		hi         int
		prev, next bool
		err        bool
	}{
		"first":        {"", 45, 1, 0, 20, false, true, false},
		"middle":       {"page=2&kind=value", 45, 2, 20, 40, true, true, false},
		"last":         {"page=3", 45, 3, 40, 45, true, false, false},
		"past the end": {"page=9", 45, 3, 40, 45, true, false, false},
		"empty":        {"", 0, 1, 0, 0, false, false, false},
		"not a number": {"page=x", 45, 0, 0, 0, false, false, true},
		"not positive": {"page=0", 45, 0, 0, 0, false, false, true},
	} {
		u, _ := url.Parse("/contradictions?" + c.query)
		pg, lo, hi, err := paginate(u, c.n, 20)
		if (err != nil) != c.err {
			t.Errorf("%s: error %v", name, err)
			continue
		}
		if err != nil {
			continue
		}
		if pg.Page != c.page || lo != c.lo || hi != c.hi || (pg.Prev != "") != c.prev || (pg.Next != "") != c.next {
			t.Errorf("%s: %+v [%d,%d)", name, pg, lo, hi)
		}
		if pg.Next != "" && !strings.Contains(pg.Next, "page=") {
			t.Errorf("%s: next %q", name, pg.Next)
		}
		if strings.Contains(c.query, "kind=value") && !strings.Contains(pg.Next, "kind=value") {
			t.Errorf("%s: next %q drops the filter", name, pg.Next)
		}
	}
}

func TestLease(t *testing.T) {
	ctx := context.Background()
	opens := 0
	open := func(ctx context.Context) (*graph.Store, error) {
		opens++
		return graph.Open(ctx, graph.Options{Backend: "memstore"})
	}
	l := NewLease(open, false)
	s1, r1, err := l.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s2, r2, _ := l.Acquire(ctx)
	if s1 != s2 || opens != 1 {
		t.Errorf("two requests at once opened the store %d times", opens)
	}
	r1()
	r1() // a second release is a no-op
	if !l.Open() {
		t.Error("closed while a request still reads")
	}
	r2()
	if l.Open() {
		t.Error("open after the last request")
	}
	if _, r3, _ := l.Acquire(ctx); opens != 2 {
		t.Errorf("not reopened: %d opens", opens)
	} else {
		r3()
	}
	kept := NewLease(open, true)
	_, r, _ := kept.Acquire(ctx)
	r()
	if !kept.Open() {
		t.Error("a kept store was closed")
	}
	kept.Close()
	failing := NewLease(func(context.Context) (*graph.Store, error) { return nil, graph.ErrLocked }, false)
	if _, _, err := failing.Acquire(ctx); !errors.Is(err, graph.ErrLocked) {
		t.Errorf("error %v", err)
	}
}

func TestLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:8080": true, "LOCALHOST": true, "[::1]:8080": true, "127.0.0.2": true,
		"evil.example:8080": false, "192.168.1.2:8080": false, "localhost.evil.example": false, "": false,
	} {
		if got := loopbackHost(host); got != want {
			t.Errorf("loopbackHost(%q) = %v", host, got)
		}
	}
}
