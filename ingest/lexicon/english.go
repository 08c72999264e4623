package lexicon

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimgraph/claimgraph/ingest/arabic"
)

// English is the language code of the English lexicon.
const English = "en"

// SpeakerNoun is the ID of a statement pattern that stands for the last
// speaker rather than the last statement ("the aide").
const SpeakerNoun = "speaker"

// setLanguage prepares the language-specific parts of matching.
func (l *Lexicon) setLanguage(f File) {
	l.english = f.Lang == English
	l.irregular = map[string]string{}
	for k, v := range f.Morphology.Irregular {
		l.irregular[arabic.Normalize(k)] = arabic.Normalize(v)
	}
	l.and = map[string]bool{}
	for _, w := range f.Conjunctions {
		l.and[arabic.Normalize(w)] = true
	}
}

// IsConjunction reports a word that joins coordinated items ("and").
func (l *Lexicon) IsConjunction(norm string) bool { return l.and[norm] }

// IsPassiveAgent reports a word introducing a passive verb's agent ("by").
func (l *Lexicon) IsPassiveAgent(norm string) bool {
	for _, w := range l.PassiveAgents {
		if arabic.Normalize(w) == norm {
			return true
		}
	}
	return false
}

// Tokenize splits a sentence into the tokens matching works on, by the
// rules of the lexicon's language.
func (l *Lexicon) Tokenize(text string, base int) []arabic.Token {
	toks := arabic.Tokenize(text, base)
	if !l.english {
		return toks
	}
	toks = englishTokens(toks)
	for i := range toks {
		if v, ok := l.Acronyms[toks[i].Raw]; ok {
			toks[i].Norm = arabic.Normalize(v)
		}
	}
	return toks
}

// englishTokens joins contractions ("didn’t" is one token, "didn't") and
// hyphenated words ("build-up"), drops
// the possessive and contracted "’s" (what it marks stays on the word
// before: "Russia’s readout" reads "Russia readout"), and splits a number
// joined to its unit ("50-minute" → "50", "minute").
func englishTokens(toks []arabic.Token) []arabic.Token {
	out := make([]arabic.Token, 0, len(toks))
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if i+1 < len(toks) && apostrophe(t.Punct) && toks[i+1].Start == t.End+1 {
			next := toks[i+1]
			switch {
			case next.Norm == "t" && strings.HasSuffix(t.Norm, "n"):
				t.Raw += t.Punct + next.Raw
				t.Norm += "'t"
				t.End, t.Punct = next.End, next.Punct
				i++
			case next.Norm == "s":
				// the possessive (or "is"): kept in the raw form only
				t.Raw += t.Punct + next.Raw
				t.End, t.Punct = next.End, next.Punct
				i++
			case droppedContraction(next.Norm):
				t.Punct = next.Punct
				i++
			}
		}
		// hyphenated words stay one word ("de-escalation", "build-up")
		for i+1 < len(toks) && t.Punct == "-" && toks[i+1].Start == t.End+1 && !isDigits(t.Raw) && !isDigits(toks[i+1].Raw) {
			next := toks[i+1]
			t.Raw += "-" + next.Raw
			t.Norm += "-" + next.Norm
			t.End, t.Punct = next.End, next.Punct
			i++
		}
		if k := strings.IndexByte(t.Raw, '-'); k > 0 && isDigits(t.Raw[:k]) {
			num := t
			n := utf8.RuneCountInString(t.Raw[:k])
			num.Raw, num.Norm, num.End, num.Punct = t.Raw[:k], arabic.Normalize(t.Raw[:k]), t.Start+n, ""
			t.Raw, t.Norm, t.Start = t.Raw[k+1:], arabic.Normalize(t.Raw[k+1:]), t.Start+n+1
			out = append(out, num)
		}
		out = append(out, t)
	}
	return out
}

// droppedContraction reports what follows an apostrophe and is dropped:
// the auxiliaries ('re, 've, 'll, 'd, 'm).
func droppedContraction(s string) bool {
	switch s {
	case "re", "ve", "ll", "d", "m":
		return true
	}
	return false
}

func apostrophe(punct string) bool {
	return punct == "'" || punct == "’"
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// englishCandidates returns the forms an English word may stand for: the
// word, its base form if irregular, and the base forms regular inflection
// allows (warns, warned, warning → warn; denies, denied → deny; committed
// → commit; proposing → propose).
func (l *Lexicon) englishCandidates(tok string) []string {
	out := []string{tok}
	add := func(s string) {
		if len(s) < 2 {
			return
		}
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	if b, ok := l.irregular[tok]; ok {
		add(b)
	}
	for _, s := range Lemmas(tok) {
		add(s)
	}
	return out
}

// Lemmas lists the base forms a regularly inflected English word may come
// from. It over-generates; the lexicon decides which exist.
func Lemmas(w string) []string {
	var out []string
	n := len(w)
	if n < 4 {
		return nil
	}
	doubled := func(stem string) bool {
		k := len(stem)
		return k >= 3 && stem[k-1] == stem[k-2] && !strings.ContainsRune("aeiouslz", rune(stem[k-1]))
	}
	switch {
	case strings.HasSuffix(w, "ies") || strings.HasSuffix(w, "ied"):
		out = append(out, w[:n-3]+"y")
	case strings.HasSuffix(w, "es"):
		out = append(out, w[:n-2], w[:n-1])
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		out = append(out, w[:n-1])
	case strings.HasSuffix(w, "ed"):
		stem := w[:n-2]
		out = append(out, stem, w[:n-1])
		if doubled(stem) {
			out = append(out, stem[:len(stem)-1])
		}
	case strings.HasSuffix(w, "ing") && n >= 5:
		stem := w[:n-3]
		out = append(out, stem, stem+"e")
		if doubled(stem) {
			out = append(out, stem[:len(stem)-1])
		}
	}
	return out
}

// splitWords adds the language's sentence-splitting exceptions: the
// abbreviations, and in English a single letter (an initial, "U.S.").
func (l *Lexicon) splitWords(o arabic.SplitOptions) {
	for _, w := range l.Abbreviations {
		o.NoEndAfter[arabic.Normalize(w)] = true
	}
	if l.english {
		for r := 'a'; r <= 'z'; r++ {
			o.NoEndAfter[string(r)] = true
		}
	}
}

// IsPronoun reports a subject pronoun of the lexicon ("he", "she").
func (l *Lexicon) IsPronoun(norm string) bool {
	for _, w := range l.Pronouns {
		if arabic.Normalize(w) == norm {
			return true
		}
	}
	return false
}

// Possessive reports a token written with a possessive "’s" ("Russia’s").
func Possessive(t arabic.Token) bool {
	return strings.HasSuffix(t.Raw, "'s") || strings.HasSuffix(t.Raw, "’s")
}

// IsDeterminer reports an article or possessive determiner ("a", "the",
// "his").
func (l *Lexicon) IsDeterminer(norm string) bool {
	for _, w := range l.Determiners {
		if arabic.Normalize(w) == norm {
			return true
		}
	}
	return false
}
