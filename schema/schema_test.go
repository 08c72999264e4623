package schema

import "testing"

func TestLangMatch(t *testing.T) {
	for _, c := range []struct {
		want, got string
		match     bool
	}{
		{"", "", true},
		{"", "ar", true},
		{"ar", "ar", true},
		{"AR", "ar", true},
		{"ar", "ar-EG", true},
		{"ar", "en", false},
		{"ar", "", false},
		{"ar", "arz", false},
		{"ar-EG", "ar", false},
		{"en-GB", "en-gb", true},
	} {
		if got := LangMatch(c.want, c.got); got != c.match {
			t.Errorf("LangMatch(%q, %q) = %v, want %v", c.want, c.got, got, c.match)
		}
	}
}

func TestFilterMatchDoc(t *testing.T) {
	d := Document{ID: "abc", Name: "reports/r1.txt", Lang: "en"}
	for name, c := range map[string]struct {
		f     Filter
		match bool
	}{
		"no filter":               {Filter{}, true},
		"by name":                 {Filter{Doc: "reports/r1.txt"}, true},
		"by base name":            {Filter{Doc: "r1.txt"}, true},
		"by ID":                   {Filter{Doc: "abc"}, true},
		"other name":              {Filter{Doc: "r2.txt"}, false},
		"by language":             {Filter{Lang: "en"}, true},
		"other language":          {Filter{Lang: "ar"}, false},
		"mention fields ignored":  {Filter{Subject: "putin", Lang: "en"}, true},
		"name and other language": {Filter{Doc: "abc", Lang: "ar"}, false},
	} {
		if got := c.f.MatchDoc(d); got != c.match {
			t.Errorf("%s: MatchDoc = %v, want %v", name, got, c.match)
		}
	}
	m := Mention{Claim: Claim{Subject: "putin"}, Doc: "r1.txt", DocID: "abc", Lang: "ar-EG"}
	if !(Filter{Lang: "ar", Subject: "putin"}).Match(m) || (Filter{Lang: "en"}).Match(m) {
		t.Error("Match ignores the language")
	}
}
