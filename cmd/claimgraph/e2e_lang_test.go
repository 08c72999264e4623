package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOneClaimAcrossLanguages ingests an Arabic and an English report of
// the same call into a bolt store: the warning they both report is one
// claim with a mention in each language, and their different durations
// are a value contradiction whose sides are in different languages.
func TestOneClaimAcrossLanguages(t *testing.T) {
	dir := t.TempDir()
	ar := filepath.Join(dir, "ar.txt")
	en := filepath.Join(dir, "en.txt")
	os.WriteFile(ar, []byte("وحذر بايدن من عقوبات اقتصادية قاسية خلال مكالمة الفيديو يوم الثلاثاء.\nواستمرت مكالمة الفيديو ساعتين.\n"), 0o644)
	os.WriteFile(en, []byte("During the video call on Tuesday, Biden warned of tough economic sanctions.\n\nThe video call lasted 40 minutes, the Kremlin said.\n"), 0o644)
	db := filepath.Join(dir, "db")
	ok(t, cg(t, "", "--db", db, "ingest", ar, en))

	var docs []struct{ Name, Lang string }
	if err := json.Unmarshal([]byte(ok(t, cg(t, "", "--db", db, "docs", "--format", "json")).stdout), &docs); err != nil {
		t.Fatal(err)
	}
	langs := map[string]string{}
	for _, d := range docs {
		langs[d.Name] = d.Lang
	}
	if langs["ar.txt"] != "ar" || langs["en.txt"] != "en" {
		t.Fatalf("document languages %v, want ar.txt ar and en.txt en", langs)
	}

	r := ok(t, cg(t, "", "--db", db, "claims", "--subject", "biden", "--predicate", "warn", "--format", "json"))
	var ms []struct{ Claim, Object, Event, Doc, Lang string }
	if err := json.Unmarshal([]byte(r.stdout), &ms); err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 {
		t.Fatalf("want one mention per language, got %d: %s", len(ms), r.stdout)
	}
	if ms[0].Claim != ms[1].Claim {
		t.Errorf("the same proposition is two claims: %s", r.stdout)
	}
	got := map[string]string{ms[0].Lang: ms[0].Doc, ms[1].Lang: ms[1].Doc}
	if got["ar"] != "ar.txt" || got["en"] != "en.txt" {
		t.Errorf("mentions by language %v, want ar from ar.txt and en from en.txt", got)
	}
	for _, m := range ms {
		if m.Object != "sanctions" || m.Event != "call_2021_12_07" {
			t.Errorf("mention %+v, want sanctions in call_2021_12_07", m)
		}
	}

	r = ok(t, cg(t, "", "--db", db, "claims", "--lang", "en", "--format", "json"))
	var enOnly []struct{ Doc, Lang string }
	if err := json.Unmarshal([]byte(r.stdout), &enOnly); err != nil {
		t.Fatal(err)
	}
	if len(enOnly) == 0 {
		t.Fatal("claims --lang en: no mentions")
	}
	for _, m := range enOnly {
		if m.Lang != "en" || m.Doc != "en.txt" {
			t.Errorf("claims --lang en lists %+v", m)
		}
	}
	r = ok(t, cg(t, "", "--db", db, "claims"))
	if !strings.Contains(r.stdout, "LANG") {
		t.Errorf("the claims table has no language column:\n%s", r.stdout)
	}

	r = ok(t, cg(t, "", "--db", db, "contradictions", "--kind", "value", "--format", "json"))
	var cs []struct {
		Kind, Event, Topic, Severity string
		Sides                        [2][]struct{ Doc, Object, Lang string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &cs); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range cs {
		if c.Topic != "duration" || c.Event != "call_2021_12_07" || len(c.Sides[0]) == 0 || len(c.Sides[1]) == 0 {
			continue
		}
		a, b := c.Sides[0][0], c.Sides[1][0]
		if a.Lang != "" && a.Lang != b.Lang && a.Object != b.Object && c.Severity == "major" {
			found = true
		}
	}
	if !found {
		t.Errorf("no duration contradiction across languages: %s", r.stdout)
	}
}

// TestEnglishExplainAndUnknown runs extract --explain and lexicon unknown
// on an English report.
func TestEnglishExplainAndUnknown(t *testing.T) {
	text := "Putin repeatedly demanded security guarantees, the Kremlin said.\n\nPutin grumbled about sanctions. Putin grumbled about NATO.\n"
	r := ok(t, cg(t, text, "extract", "--explain", "-"))
	for _, want := range []string{"putin demand security_guarantees", "source kremlin"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("explain lacks %q:\n%s", want, r.stdout)
		}
	}
	r = ok(t, cg(t, text, "lexicon", "unknown", "--format", "json", "-"))
	var cs []struct{ Word, Kind string }
	if err := json.Unmarshal([]byte(r.stdout), &cs); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, c := range cs {
		kinds[c.Word] = c.Kind
	}
	if kinds["grumbled"] != "verb-like" {
		t.Errorf("unknown English verb not proposed as verb-like: %v", kinds)
	}
	if _, ok := kinds["the"]; ok {
		t.Errorf("English function word proposed: %v", kinds)
	}
}
