package ingest

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
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
