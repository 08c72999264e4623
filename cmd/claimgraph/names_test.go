package main

import (
	"strings"
	"testing"
)

func TestFiltersTakeNames(t *testing.T) {
	db := seeded(t)
	want := len(claims(t, db, "--subject", "putin", "--event", "call_2021_12_30"))
	if want == 0 {
		t.Fatal("no claims of putin in call_2021_12_30")
	}
	for _, name := range []string{"Putin", "بوتين", "PUTIN", "Vladimir Putin", "فلاديمير بوتين", "الرئيس الروسي"} {
		if got := len(claims(t, db, "--subject", name, "--event", "call_2021_12_30")); got != want {
			t.Errorf("--subject %q: %d mentions, want %d", name, got, want)
		}
	}
	if got := claims(t, db, "--source", "الكرملين", "--predicate", "Warn"); len(got) == 0 || got[0].Source != "kremlin" {
		t.Errorf("--source الكرملين: %+v", got)
	}
	// a value the store holds passes as it is
	if got := claims(t, db, "--object", "120"); len(got) == 0 || got[0].Predicate != "duration" {
		t.Errorf("--object 120: %+v", got)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"claims", "--subject", "putn"}, `unknown --subject "putn": no actor or event by that name (did you mean putin?)`},
		{[]string{"claims", "--predicate", "warns"}, "did you mean warn?"},
		{[]string{"positions", "--topic", "nonexistent"}, "topics: blame_on_russia, "},
		{[]string{"shifts", "--from", "call_2021_12_7", "--to", "call_2021_12_30"}, "did you mean call_2021_12_07"},
		{[]string{"contradictions", "--event", "nowhere"}, "events: call_2021_12_07, call_2021_12_30"},
	} {
		r := cg(t, "", append([]string{"--db", db}, tc.args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}
