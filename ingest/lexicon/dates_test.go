package lexicon

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDateWords: months, ordinal days and relative days carry their value;
// a user file adds month names.
func TestDateWords(t *testing.T) {
	dir := t.TempDir()
	extra := filepath.Join(dir, "months.yaml")
	if err := os.WriteFile(extra, []byte("dates:\n  months:\n    12: [دسمبر]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := Load(extra)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text  string
		kind  Kind
		value int
	}{
		{"في السابع من كانون الأول", KMonth, 12},
		{"في السابع من كانون الأول", KDayWord, 7},
		{"يوم 30 دسمبر", KMonth, 12},
		{"وفي العاشر من يناير", KMonth, 1},
		{"جرت الليلة الماضية", KRelativeDay, -1},
		{"مساء الغد", KRelativeDay, 1},
	}
	for _, tt := range tests {
		ms := find(t, l, tt.text, tt.kind)
		if len(ms) == 0 || ms[0].Value != tt.value {
			t.Errorf("%q: %s %v, want value %d", tt.text, tt.kind, ms, tt.value)
		}
	}
	if ms := find(t, l, "الخميس", KWeekday); len(ms) != 1 || ms[0].ID != "thursday" {
		t.Errorf("weekday: %v", ms)
	}
}

func TestConjoined(t *testing.T) {
	l, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{"و10": "10", "فسيتحدث": "سيتحدث"} {
		if got, ok := l.Conjoined(in); !ok || got != want {
			t.Errorf("Conjoined(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got, ok := l.Conjoined("10"); ok || got != "10" {
		t.Errorf("Conjoined(10) = %q, %v", got, ok)
	}
}
