package ingest

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/claimgraph/claimgraph/schema"
)

func TestDecodeByEvidence(t *testing.T) {
	cp1256, err := charmap.Windows1256.NewEncoder().Bytes([]byte(report))
	if err != nil {
		t.Fatal(err)
	}
	damaged := []byte(report + "\n" + report)
	cut := bytes.IndexByte(damaged, ' ') // between characters
	damaged = append(damaged[:cut:cut], append([]byte{0xFF, 0xFE, 0x80}, damaged[cut:]...)...)
	latin1, _ := charmap.ISO8859_1.NewEncoder().Bytes([]byte("Le président a parlé à son homologue, déclaré le ministère.\n"))
	bom := []byte{0xEF, 0xBB, 0xBF}
	for _, tc := range []struct {
		name string
		in   []byte
		want string // the text, or "" for an error
		err  string
	}{
		{"utf8", []byte(report), report, ""},
		{"utf8 with BOM", append(bom, report...), report, ""},
		{"windows-1256", cp1256, report, ""},
		{"utf8 with invalid bytes", damaged, "", "3 invalid bytes (the first on line 1)"},
		{"utf8 BOM with an invalid byte", append(append(bom, report...), 0xC1), "", "1 invalid byte"},
		{"latin-1", latin1, "", "neither UTF-8 nor Windows-1256"},
		{"binary", []byte{0x7f, 'E', 'L', 'F', 0, 1}, "", "binary"},
		{"control bytes", bytes.Repeat([]byte{0x81, 0x8d, 0x01, 0x02}, 20), "", "undecodable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %q, err %v; want an error with %q", got, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, err %v", got, err)
			}
		})
	}
}

func TestJSONLInvalidUTF8LineIsSkipped(t *testing.T) {
	path := write(t, t.TempDir(), "feed.jsonl", []byte("{\"id\":\"a\",\"text\":\"وطالبت موسكو\xff\xfe بضمانات\"}\n{\"id\":\"b\",\"text\":\"وطالبت موسكو بضمانات\"}\n"))
	docs, skips := Read([]string{path}, Options{})
	if len(docs) != 1 || docs[0].Name != "b" || len(skips) != 1 || skips[0].Line != 1 || !strings.Contains(skips[0].Reason, "2 invalid UTF-8 bytes") {
		t.Errorf("docs %v, skips %+v", docs, skips)
	}
}

func TestOverlongJSONLLineSkipsOnlyThatLine(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := 0; i < 5; i++ {
		fmt.Fprintf(&b, "{\"id\":\"r%d\",\"text\":\"وطالبت موسكو بضمانات أمنية رقم %d.\"}\r\n", i, i)
	}
	b.WriteString("{\"id\":\"long\",\"text\":\"" + strings.Repeat("كلمة ", 400) + "\"}\n") // line 6
	for i := 5; i < 10; i++ {
		fmt.Fprintf(&b, "{\"id\":\"r%d\",\"text\":\"وطالبت موسكو بضمانات أمنية رقم %d.\"}\n", i, i)
	}
	b.WriteString("{\"id\":\"last\",\"text\":\"" + strings.Repeat("كلمة ", 400) + "\"}") // line 12, no end of line
	path := write(t, dir, "feed.jsonl", []byte(b.String()))
	docs, skips := Read([]string{path}, Options{MaxBytes: 1000})
	var names []string
	for _, d := range docs {
		names = append(names, d.Name)
	}
	if strings.Join(names, " ") != "r0 r1 r2 r3 r4 r5 r6 r7 r8 r9" {
		t.Errorf("documents %v", names)
	}
	if len(skips) != 2 || skips[0].Line != 6 || skips[1].Line != 12 || !strings.Contains(skips[0].Reason, "size limit") {
		t.Errorf("skips %+v", skips)
	}
}

func TestJSONLOutletAndNames(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "feed.jsonl", []byte(`{"text":"وطالبت موسكو بضمانات أمنية.","url":"https://example.org/a","outlet":"Sky News"}
{"text":"وطالبت موسكو بضمانات أمنية مرة أخرى.","id":"x7","url":"https://example.org/b"}
{"text":"وطالبت موسكو بضمانات أمنية للمرة الثالثة."}
`))
	store := newMem()
	p := &Pipeline{Store: store, Extractor: extractor(t), Options: Options{Workers: 1}}
	if _, err := p.Run(context.Background(), []string{path}); err != nil {
		t.Fatal(err)
	}
	sources := map[string]string{}
	for _, e := range store.docs {
		for _, m := range e.Mentions {
			sources[e.Doc.Name] = m.Source
		}
	}
	want := map[string]string{"https://example.org/a": "sky_news", "x7": schema.OutletSource, "feed.jsonl:3": schema.OutletSource}
	if fmt.Sprint(sources) != fmt.Sprint(want) {
		t.Errorf("names and sources %v, want %v", sources, want)
	}
}
