package lexicon

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// DefaultLang is the language of a lexicon file that names none, and of a
// document whose language is not known.
const DefaultLang = "ar"

// Set holds one compiled lexicon per language.
type Set map[string]*Lexicon

// For returns the lexicon of a language ("en", "en-GB" and "EN" are
// English), the default language's for an empty or unknown one.
func (s Set) For(lang string) *Lexicon {
	if l, ok := s[BaseLang(lang)]; ok {
		return l
	}
	return s[DefaultLang]
}

// BaseLang reduces a language tag to its lowercase primary subtag
// ("en-US" → "en").
func BaseLang(tag string) string {
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return strings.ToLower(strings.TrimSpace(tag))
}

// Langs lists the languages of the set, sorted.
func (s Set) Langs() []string {
	out := make([]string, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// LoadAll reads the embedded lexicon files and then each extra file; every
// file is merged into the lexicon of its lang (DefaultLang when it names
// none). It returns one compiled lexicon per language.
func LoadAll(extra ...string) (Set, error) {
	files := map[string]*File{}
	var order []string
	add := func(b []byte, name string) error {
		var f File
		if err := yaml.Unmarshal(b, &f); err != nil {
			return fmt.Errorf("lexicon %s: %w (fix the YAML and run again)", name, err)
		}
		lang := f.Lang
		if lang == "" {
			lang = DefaultLang
			f.Lang = lang
		}
		dst, ok := files[lang]
		if !ok {
			dst = &File{}
			files[lang] = dst
			order = append(order, lang)
		}
		Merge(dst, f)
		return nil
	}
	names, _ := embedded.ReadDir("data")
	for _, n := range names {
		b, err := embedded.ReadFile("data/" + n.Name())
		if err != nil {
			return nil, err
		}
		if err := add(b, "embedded "+n.Name()); err != nil {
			return nil, err
		}
	}
	for _, p := range extra {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read lexicon %s: %w", p, err)
		}
		if err := add(b, p); err != nil {
			return nil, err
		}
	}
	set := Set{}
	for _, lang := range order {
		l, err := Compile(*files[lang])
		if err != nil {
			return nil, fmt.Errorf("%s %w", lang, err)
		}
		set[lang] = l
	}
	if set[DefaultLang] == nil {
		return nil, fmt.Errorf("lexicon: no %s lexicon", DefaultLang)
	}
	return set, nil
}
