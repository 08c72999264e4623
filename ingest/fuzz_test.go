package ingest

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

func FuzzDecode(f *testing.F) {
	f.Add([]byte(report))
	f.Add([]byte{0xEF, 0xBB, 0xBF, 'a'})
	f.Add([]byte{0xFF, 0xFE, 'a', 0})
	f.Add([]byte{0xFE, 0xFF, 0, 'a'})
	cp, _ := charmap.Windows1256.NewEncoder().Bytes([]byte("قال الكرملين"))
	f.Add(cp)
	f.Add([]byte{0, 1, 2, 3})
	f.Add([]byte{0xFF, 0xFE, 0xD8})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Decode(b)
		if err == nil && !utf8.ValidString(s) {
			t.Fatalf("Decode(%q) returned invalid UTF-8", b)
		}
	})
}

func FuzzJSONLRecord(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"وطالبت موسكو بضمانات"}`))
	f.Add([]byte(`{"text":""}`))
	f.Add([]byte(`{"text":1}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := documentFromRecord(item{path: "f.jsonl", line: 1, data: b})
		if err == nil && (d.Text == "" || d.ID == "") {
			t.Fatalf("accepted a record with no text: %q", b)
		}
	})
}
