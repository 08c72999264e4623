package extract

import (
	"strings"

	"github.com/claimgraph/claimgraph/ingest/lexicon"
)

// NewSet returns an extractor that applies, to each document, the lexicon
// of the document's language (the default language's when the document
// names none or one the set lacks).
func NewSet(set lexicon.Set, vocab *lexicon.Vocabulary) *Extractor {
	x := New(set.For(lexicon.DefaultLang), vocab)
	x.langs = map[string]*Extractor{}
	for _, lang := range set.Langs() {
		if set[lang] == x.lex {
			x.langs[lang] = x
			continue
		}
		x.langs[lang] = New(set[lang], vocab)
	}
	return x
}

// forLang returns the extractor of a language: x itself when it has no
// other or the language is unknown.
func (x *Extractor) forLang(lang string) *Extractor {
	if y, ok := x.langs[lang]; ok {
		return y
	}
	return x
}

// subjectFirst reports a language whose clauses put the subject first.
func (x *Extractor) subjectFirst() bool { return x.lex.SubjectFirst }

// verbLike guesses a verb form by the rules of the lexicon's language.
func (x *Extractor) verbLike(w string) bool {
	if x.lex.Lang != lexicon.English {
		return verbLike(w)
	}
	if _, ok := x.lex.Morphology.Irregular[w]; ok {
		return true
	}
	return (strings.HasSuffix(w, "ed") && len(w) >= 5) || (strings.HasSuffix(w, "ing") && len(w) >= 6)
}
