package arabic

import (
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"قال الكرملين إن الرئيس. فلاديمير بوتين حذّر نظيره الأمريكي.",
	"وجهًا لوجه\u00a0و\u200bبايدن\r\n\n\n٣٠ ديسمبر",
	"\ufeff\ufefb...؟!؛",
	"",
	"a.b. c؟d\n\ne",
}

func FuzzClean(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Clean(s)
		if !utf8.ValidString(c) {
			t.Fatalf("Clean(%q) is not UTF-8", s)
		}
		if Clean(c) != c {
			t.Fatalf("Clean is not idempotent on %q: %q then %q", s, c, Clean(c))
		}
		n := Normalize(c)
		if Normalize(n) != n {
			t.Fatalf("Normalize is not idempotent on %q", c)
		}
	})
}

func FuzzSplit(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	opt := SplitOptions{NoEndAfter: map[string]bool{"الرييس": true}, NoStartWith: map[string]bool{"فلاديمير": true}}
	f.Fuzz(func(t *testing.T, s string) {
		text := Clean(s)
		runes := []rune(text)
		last := 0
		for _, st := range Split(text, opt) {
			if st.Start < last || st.End > len(runes) || st.Start >= st.End {
				t.Fatalf("sentence [%d,%d) out of order or bounds (len %d) in %q", st.Start, st.End, len(runes), text)
			}
			if string(runes[st.Start:st.End]) != st.Text {
				t.Fatalf("sentence text does not match its offsets in %q", text)
			}
			for _, tk := range Tokenize(st.Text, st.Start) {
				if tk.Start < st.Start || tk.End > st.End || string(runes[tk.Start:tk.End]) != tk.Raw {
					t.Fatalf("token %q has wrong offsets", tk.Raw)
				}
			}
			last = st.End
		}
		if got, want := splitEach(text, opt), Split(text, opt); !sameSentences(got, want) {
			t.Fatalf("SplitEach gives %v, Split %v on %q", got, want, text)
		}
	})
}
