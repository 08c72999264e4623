package arabic

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"alef forms", "أإآٱا", "ااااا"},
		{"ta marbuta and alef maqsura", "مبادرة على", "مبادره علي"},
		{"diacritics and tatweel", "وجهًا لـوجـه", "وجها لوجه"},
		{"hamza carriers", "مسؤول رئيس", "مسوول رييس"},
		{"arabic-indic digits", "٣٠ ديسمبر", "30 ديسمبر"},
		{"latin lowercased", "NATO", "nato"},
		{"persian kaf and yeh", "کی", "كي"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"nbsp and zero width", "بوتين\u00a0و\u200bبايدن", "بوتين وبايدن"},
		{"bom and crlf", "\ufeffسطر\r\nثان", "سطر\nثان"},
		{"blank runs collapse to one", "أ\n\n \n\n\nب", "أ\n\nب"},
		{"presentation forms", "\ufefb", "لا"},
		{"spaces collapse", "  كلمة   أخرى  ", "كلمة أخرى"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenizeOffsets(t *testing.T) {
	text := "قال الكرملين، إن بوتين."
	toks := Tokenize(text, 10)
	var words []string
	for _, tk := range toks {
		words = append(words, tk.Raw)
		if got := string([]rune(text)[tk.Start-10 : tk.End-10]); got != tk.Raw {
			t.Errorf("offsets of %q point at %q", tk.Raw, got)
		}
	}
	if want := []string{"قال", "الكرملين", "إن", "بوتين"}; !reflect.DeepEqual(words, want) {
		t.Fatalf("tokens %v, want %v", words, want)
	}
	if toks[1].Punct != "،" || toks[3].Punct != "." {
		t.Errorf("punctuation not attached: %q %q", toks[1].Punct, toks[3].Punct)
	}
}

func TestSplit(t *testing.T) {
	opt := SplitOptions{NoEndAfter: map[string]bool{"الرييس": true}, NoStartWith: map[string]bool{"الخميس": true}}
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"arabic and latin marks", "قال كذا وكذا. ثم ذهب بعيدا؟ نعم هكذا!", []string{"قال كذا وكذا.", "ثم ذهب بعيدا؟", "نعم هكذا!"}},
		{"stray period after a title", "أعلن الرئيس. فلاديمير بوتين قرارا مهما.", []string{"أعلن الرئيس. فلاديمير بوتين قرارا مهما."}},
		{"stray period before a weekday", "الاتصال الذي جرى. الخميس بين الرجلين.", []string{"الاتصال الذي جرى. الخميس بين الرجلين."}},
		{"decimal numbers", "ارتفع المؤشر 2.5 بالمئة اليوم.", []string{"ارتفع المؤشر 2.5 بالمئة اليوم."}},
		{"line breaks end sentences", "عنوان بلا نقطة\nنص الخبر هنا.", []string{"عنوان بلا نقطة", "نص الخبر هنا."}},
		{"closing quote stays", "قال: \"انتهى الأمر.\" ثم غادر المكان.", []string{"قال: \"انتهى الأمر.\"", "ثم غادر المكان."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Split(tt.in, opt) {
				got = append(got, s.Text)
				if string([]rune(tt.in)[s.Start:s.End]) != s.Text {
					t.Errorf("offsets of %q are wrong", s.Text)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Split = %q\nwant  %q", got, tt.want)
			}
		})
	}
}

func TestSplitParagraphs(t *testing.T) {
	ss := Split("أول سطر.\n\nثاني سطر. ثالث جملة هنا.", SplitOptions{})
	if len(ss) != 3 || ss[0].Paragraph == ss[1].Paragraph || ss[1].Paragraph != ss[2].Paragraph {
		t.Fatalf("paragraphs wrong: %+v", ss)
	}
}

func splitEach(text string, opt SplitOptions) []Sentence {
	var out []Sentence
	SplitEach(text, opt, func(s Sentence) { out = append(out, s) })
	return out
}

func sameSentences(a, b []Sentence) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSplitEach: the sentences SplitEach gives are those of Split, on
// reports and on the cases splitting has rules for.
func TestSplitEach(t *testing.T) {
	opt := SplitOptions{NoEndAfter: map[string]bool{"الرييس": true, "mr": true}, NoStartWith: map[string]bool{"فلاديمير": true, "joe": true}}
	texts := []string{
		"قال الكرملين إن الرئيس. فلاديمير بوتين حذّر نظيره الأمريكي.",
		"Mr. Biden spoke. Joe. Biden said 3.5 percent… of it! Then? «quoted.» And (so.) on.. end",
		"a.b. c؟d\n\ne\n\n\n  f .  g h. i j…k l; m؛ n! \"o p.\" q r",
		"  \n. .. ...\n", "", "x", "١٢.٣٤ و.",
	}
	files, _ := filepath.Glob("../../examples/*/*.txt")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, Clean(string(b)), strings.ReplaceAll(Clean(string(b)), "\n", " "))
	}
	for _, text := range texts {
		if got, want := splitEach(text, opt), Split(text, opt); !sameSentences(got, want) {
			t.Errorf("SplitEach differs from Split on %.60q:\n got %v\nwant %v", text, got, want)
		}
	}
}
