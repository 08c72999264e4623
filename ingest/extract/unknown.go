package extract

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

// Candidate is a word no lexicon entry matched, seen near known actors.
type Candidate struct {
	Word    string `json:"word"`    // normalized, clitics kept
	Kind    string `json:"kind"`    // verb-like | name-like | other
	Count   int    `json:"count"`   // occurrences next to an actor
	Example string `json:"example"` // one sentence it occurs in
}

// Unknown lists the words within two words of an actor reference that no
// lexicon pattern covers, most frequent first: candidates for new verb
// patterns (verb-like: a present-tense prefix or a past-tense ending) and
// new names (name-like: right after a title or before another name).
func (x *Extractor) Unknown(docs []schema.Document, minCount int) []Candidate {
	counts := map[string]*Candidate{}
	for _, d := range docs {
		x := x.forLang(d.Lang)
		for _, s := range arabic.Split(d.Text, x.split) {
			toks := x.lex.Tokenize(s.Text, s.Start)
			ms := x.lex.Find(toks)
			covered := make([]bool, len(toks))
			var actorAt []int
			titleEnd := map[int]bool{}
			for _, m := range ms {
				for t := m.Start; t < m.End; t++ {
					covered[t] = true
				}
				switch m.Kind {
				case lexicon.KActor, lexicon.KGroup:
					actorAt = append(actorAt, m.Start, m.End-1)
				case lexicon.KTitle:
					titleEnd[m.End] = true
				}
			}
			near := map[int]bool{}
			for _, a := range actorAt {
				for t := a - 2; t <= a+2; t++ {
					if t < 0 || t >= len(toks) || covered[t] || near[t] {
						continue
					}
					near[t] = true
					w := toks[t].Norm
					if utf8.RuneCountInString(w) < 3 || strings.ContainsAny(w, "0123456789") || x.lex.IsStopword(w) {
						continue
					}
					kind := "other"
					switch {
					case titleEnd[t]:
						kind = "name-like"
					case x.verbLike(w):
						kind = "verb-like"
					}
					c := counts[w]
					if c == nil {
						c = &Candidate{Word: w, Kind: kind, Example: s.Text}
						counts[w] = c
					}
					c.Count++
				}
			}
		}
	}
	var out []Candidate
	for _, c := range counts {
		if c.Count >= minCount {
			out = append(out, *c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Word < out[j].Word
	})
	return out
}

// verbLike guesses an Arabic verb form: a present-tense prefix (ي ت ن)
// before at least three letters, or a past-tense feminine/plural ending.
func verbLike(w string) bool {
	w = strings.TrimPrefix(strings.TrimPrefix(w, "و"), "ف")
	r := []rune(w)
	if len(r) >= 4 && strings.ContainsRune("يتن", r[0]) && !strings.HasPrefix(w, "ال") {
		return true
	}
	if strings.HasPrefix(w, "ال") || strings.HasSuffix(w, "ات") {
		return false // a definite noun or a feminine plural
	}
	return len(r) >= 4 && (strings.HasSuffix(w, "ت") || strings.HasSuffix(w, "وا"))
}
