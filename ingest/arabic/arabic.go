// Package arabic cleans, normalizes, tokenizes and splits Arabic (and
// Latin) news text. Cleaning keeps the text as written for evidence;
// normalization folds spelling variants for matching.
package arabic

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Clean prepares raw text for storage and extraction: it drops a byte-order
// mark, applies NFKC (presentation forms become letters), folds NBSP and
// other spaces to a plain space, removes zero-width characters, trims
// trailing spaces of each line and collapses runs of blank lines. The result
// is what a document's hash and every offset refer to.
func Clean(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\ufffd")
	}
	// fold before and after NFKC: removing a character can bring marks
	// together that NFKC then composes, and NFKC can produce spaces
	s = norm.NFKC.String(fold(s))
	lines := strings.Split(fold(s), "\n")
	out := make([]string, 0, len(lines))
	blank := 0
	for _, l := range lines {
		l = strings.TrimSpace(collapseSpaces(l))
		if l == "" {
			blank++
			continue
		}
		if len(out) > 0 && blank > 0 {
			out = append(out, "")
		}
		blank = 0
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// fold drops carriage returns, zero-width and bidi control characters
// and turns other spaces into a plain space.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\r':
			continue
		case r == '\u200b', r == '\u200c', r == '\u200d', r == '\u2060', r == '\ufeff', r == '\u200e', r == '\u200f', r == '\u061c', r == '\u202a', r == '\u202b', r == '\u202c', r == '\u202d', r == '\u202e':
			continue
		case r == '\n':
			b.WriteRune(r)
		case r == '\t' || unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f':
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	prev := false
	for _, r := range s {
		if r == ' ' {
			if prev {
				continue
			}
			prev = true
		} else {
			prev = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// IsDiacritic reports whether r is an Arabic short-vowel mark, shadda,
// sukun, superscript alef or tatweel.
func IsDiacritic(r rune) bool {
	return (r >= '\u064b' && r <= '\u065f') || r == '\u0670' || r == '\u0640' || (r >= '\u06d6' && r <= '\u06ed')
}

// foldRune maps one rune onto its matching form; 0 drops it.
func foldRune(r rune) rune {
	switch {
	case IsDiacritic(r):
		return 0
	case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
		return 'ا'
	case r == 'ة':
		return 'ه'
	case r == 'ى':
		return 'ي'
	case r == 'ؤ':
		return 'و'
	case r == 'ئ':
		return 'ي'
	case r >= '٠' && r <= '٩':
		return '0' + (r - '٠')
	case r >= '۰' && r <= '۹':
		return '0' + (r - '۰')
	case r == 'ک':
		return 'ك'
	case r == 'ی':
		return 'ي'
	}
	return unicode.ToLower(r)
}

// Normalize folds spelling variants for matching: alef forms to ا, ة to ه,
// ى to ي, hamza carriers to their letters, diacritics and tatweel removed,
// Arabic-Indic digits to ASCII, Latin lowercased.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if f := foldRune(r); f != 0 {
			b.WriteRune(f)
		}
	}
	return b.String()
}

// Token is one word of a sentence.
type Token struct {
	Raw   string // as written
	Norm  string // normalized
	Start int    // rune offset in the text
	End   int
	// Punct is the punctuation that directly follows the token (",", ".",
	// quotes…), which clause splitting uses.
	Punct string
}

// IsWordRune reports a rune Tokenize takes as part of a word.
func IsWordRune(r rune) bool { return isWordRune(r) }

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || IsDiacritic(r) || unicode.Is(unicode.Mn, r)
}

// Tokenize splits text into word tokens with rune offsets relative to base.
func Tokenize(text string, base int) []Token {
	var toks []Token
	runes := []rune(text)
	i := 0
	for i < len(runes) {
		if !isWordRune(runes[i]) {
			if len(toks) > 0 && !unicode.IsSpace(runes[i]) {
				toks[len(toks)-1].Punct += string(runes[i])
			}
			i++
			continue
		}
		j := i
		for j < len(runes) && (isWordRune(runes[j]) || (runes[j] == '-' && j+1 < len(runes) && isWordRune(runes[j+1]) && j > i && unicode.IsDigit(runes[j-1]))) {
			j++
		}
		raw := string(runes[i:j])
		toks = append(toks, Token{Raw: raw, Norm: Normalize(raw), Start: base + i, End: base + j})
		i = j
	}
	return toks
}

// Sentence is a span of the cleaned text.
type Sentence struct {
	Text      string
	Start     int // rune offsets
	End       int
	Paragraph int
}

// SplitOptions tune sentence splitting with word lists (normalized forms).
type SplitOptions struct {
	// NoEndBefore: a period directly after one of these words is not a
	// boundary (titles, prepositions, articles of a name).
	NoEndAfter map[string]bool
	// NoStartWith: a period directly before one of these words is not a
	// boundary (first names, weekdays).
	NoStartWith map[string]bool
}

// Split cuts cleaned text into sentences at . ! ? ؟ ; ؛ and line breaks. A
// period is not a boundary inside numbers, after a word of NoEndAfter,
// before a word of NoStartWith, or when either side would be a fragment of
// fewer than two words.
func Split(text string, opt SplitOptions) []Sentence {
	runes := []rune(text)
	var out []Sentence
	para := 0
	start := 0
	emit := func(end int) {
		s, e := start, end
		for s < e && unicode.IsSpace(runes[s]) {
			s++
		}
		for e > s && unicode.IsSpace(runes[e-1]) {
			e--
		}
		if e > s && hasWord(runes[s:e]) {
			out = append(out, Sentence{Text: string(runes[s:e]), Start: s, End: e, Paragraph: para})
		}
		start = end
	}
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch r {
		case '\n':
			emit(i)
			start = i + 1
			if i+1 < len(runes) && runes[i+1] == '\n' {
				para++
			} else if len(out) > 0 {
				// a single line break starts a new paragraph as well in news
				// text (one paragraph a line)
				para++
			}
		case '!', '?', '؟', ';', '؛':
			emit(i + 1)
		case '.', '…':
			if r == '.' && i > 0 && i+1 < len(runes) && unicode.IsDigit(runes[i-1]) && unicode.IsDigit(runes[i+1]) {
				continue
			}
			if i+1 < len(runes) && runes[i+1] == '.' {
				continue
			}
			if keepTogether(runes, start, i, opt) {
				continue
			}
			end := i + 1
			// keep closing quotes and brackets with the sentence
			for end < len(runes) && strings.ContainsRune("\"'”’»)]", runes[end]) {
				end++
			}
			emit(end)
			i = end - 1
		}
	}
	emit(len(runes))
	return out
}

func hasWord(rs []rune) bool {
	for _, r := range rs {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// keepTogether decides whether the period at i is a stray one.
func keepTogether(runes []rune, start, i int, opt SplitOptions) bool {
	// the last word before the period, and whether there is another
	e := i
	for e > start && !isWordRune(runes[e-1]) {
		e--
	}
	b := e
	for b > start && isWordRune(runes[b-1]) {
		b--
	}
	if b == e || !hasWord(runes[start:b]) {
		return true
	}
	last := Normalize(string(runes[b:e]))
	// the next word, up to the next space
	j := i + 1
	for j < len(runes) && runes[j] == ' ' {
		j++
	}
	if j >= len(runes) || runes[j] == '\n' {
		return false
	}
	k := j
	for k < len(runes) && isWordRune(runes[k]) {
		k++
	}
	next := Normalize(string(runes[j:k]))
	if opt.NoEndAfter[last] || opt.NoStartWith[next] {
		return true
	}
	return false
}

// SplitEach calls fn with each sentence of Split(text, opt), in order,
// without holding the text as runes: each sentence's Text is a part of
// text, not a copy. text must be valid UTF-8 (Clean makes it so).
func SplitEach(text string, opt SplitOptions, fn func(Sentence)) {
	type pos struct{ b, r int } // byte and rune offsets
	para, emitted := 0, 0
	var start pos
	emit := func(end pos) {
		s, e := start, end
		for s.b < e.b {
			r, w := utf8.DecodeRuneInString(text[s.b:])
			if !unicode.IsSpace(r) {
				break
			}
			s.b, s.r = s.b+w, s.r+1
		}
		for e.b > s.b {
			r, w := utf8.DecodeLastRuneInString(text[:e.b])
			if !unicode.IsSpace(r) {
				break
			}
			e.b, e.r = e.b-w, e.r-1
		}
		if e.b > s.b && hasWordIn(text[s.b:e.b]) {
			fn(Sentence{Text: text[s.b:e.b], Start: s.r, End: e.r, Paragraph: para})
			emitted++
		}
		start = end
	}
	var i pos
	for i.b < len(text) {
		r, w := utf8.DecodeRuneInString(text[i.b:])
		next := pos{i.b + w, i.r + 1}
		switch r {
		case '\n':
			emit(i)
			start = next
			if next.b < len(text) && text[next.b] == '\n' {
				para++
			} else if emitted > 0 {
				para++
			}
		case '!', '?', '؟', ';', '؛':
			emit(next)
		case '.', '…':
			if r == '.' && i.b > 0 && next.b < len(text) {
				before, _ := utf8.DecodeLastRuneInString(text[:i.b])
				after, _ := utf8.DecodeRuneInString(text[next.b:])
				if unicode.IsDigit(before) && unicode.IsDigit(after) {
					break
				}
			}
			if next.b < len(text) && text[next.b] == '.' {
				break
			}
			if keepTogetherIn(text, start.b, i.b, opt) {
				break
			}
			end := next
			// keep closing quotes and brackets with the sentence
			for end.b < len(text) {
				c, cw := utf8.DecodeRuneInString(text[end.b:])
				if !strings.ContainsRune("\"'”’»)]", c) {
					break
				}
				end.b, end.r = end.b+cw, end.r+1
			}
			emit(end)
			i = end
			continue
		}
		i = next
	}
	emit(i)
}

func hasWordIn(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// keepTogetherIn is keepTogether over byte offsets of text.
func keepTogetherIn(text string, start, i int, opt SplitOptions) bool {
	wordBefore := func(at int) (int, bool) {
		if at <= start {
			return 0, false
		}
		r, w := utf8.DecodeLastRuneInString(text[:at])
		return w, isWordRune(r)
	}
	e := i
	for {
		w, word := wordBefore(e)
		if w == 0 || word {
			break
		}
		e -= w
	}
	b := e
	for {
		w, word := wordBefore(b)
		if w == 0 || !word {
			break
		}
		b -= w
	}
	if b == e || !hasWordIn(text[start:b]) {
		return true
	}
	last := Normalize(text[b:e])
	// the next word, up to the next space
	_, w := utf8.DecodeRuneInString(text[i:])
	j := i + w
	for j < len(text) && text[j] == ' ' {
		j++
	}
	if j >= len(text) || text[j] == '\n' {
		return false
	}
	k := j
	for k < len(text) {
		r, w := utf8.DecodeRuneInString(text[k:])
		if !isWordRune(r) {
			break
		}
		k += w
	}
	next := Normalize(text[j:k])
	return opt.NoEndAfter[last] || opt.NoStartWith[next]
}
