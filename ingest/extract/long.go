package extract

import (
	"unicode/utf8"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/schema"
)

// twoPassBytes is the size above which a document is read in two passes
// (see explainLong); smaller ones keep every sentence's words at once.
var twoPassBytes = 512 << 10

// piece is a part of a sentence cut for its length: the sentence, and the
// part's tokens in it.
type piece struct {
	whole    *arabic.Sentence // shared by the pieces of one sentence
	from, to int
}

// eachSent calls fn with each sentence of the text, a sentence longer
// than any in news prose cut into pieces of maxSentenceTokens words, so
// that the work on it stays linear.
// The sentences have no normalized text: the first pass does not need it.
func (x *Extractor) eachSent(text string, fn func(*sent)) {
	newSent := func(s arabic.Sentence, toks []arabic.Token) *sent {
		return &sent{s: s, words: &words{toks: toks, ms: x.lex.Find(toks)}}
	}
	arabic.SplitEach(text, x.split, func(s arabic.Sentence) {
		toks := x.lex.Tokenize(s.Text, s.Start)
		if len(toks) <= maxSentenceTokens {
			fn(newSent(s, toks))
			return
		}
		whole := &s
		for from := 0; from < len(toks); from += maxSentenceTokens {
			p := &piece{whole: whole, from: from, to: min(from+maxSentenceTokens, len(toks))}
			st := newSent(p.sentence(toks), toks[p.from:p.to])
			st.piece = p
			fn(st)
		}
	})
}

// sentence returns the piece as a sentence of its own, given the tokens
// of the whole sentence.
func (p *piece) sentence(toks []arabic.Token) arabic.Sentence {
	start, end := toks[p.from].Start, toks[p.to-1].End
	if p.to == len(toks) {
		end = p.whole.End
	}
	text := p.whole.Text
	a := runeOffset(text, start-p.whole.Start)
	b := a + runeOffset(text[a:], end-start)
	return arabic.Sentence{Text: text[a:b], Start: start, End: end, Paragraph: p.whole.Paragraph}
}

// runeOffset returns the byte offset of rune n of s.
func runeOffset(s string, n int) int {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return i
}

// lighten drops the words of a sentence, keeping where it is and what
// placeCues left.
func (st *sent) lighten() {
	st.words = nil
}

// rebuild returns a lightened sentence with its words again. The words
// of the last sentence cut into pieces are kept for its other pieces.
func (x *Extractor) rebuild(light *sent, cut *cutWords) *sent {
	var toks []arabic.Token
	if p := light.piece; p != nil {
		if cut.whole != p.whole {
			cut.whole, cut.toks = p.whole, x.lex.Tokenize(p.whole.Text, p.whole.Start)
		}
		toks = cut.toks[p.from:p.to]
	} else {
		toks = x.lex.Tokenize(light.s.Text, light.s.Start)
	}
	st := *light
	st.words = &words{norm: arabic.Normalize(st.s.Text), toks: toks, ms: x.lex.Find(toks)}
	return &st
}

// cutWords are the tokens of a sentence cut into pieces.
type cutWords struct {
	whole *arabic.Sentence
	toks  []arabic.Token
}

// explainLong extracts a long document with the same result as
// ExplainAll but in memory that a small multiple of the text bounds. A
// first pass keeps of each sentence only where it is and what the
// document's decisions need (its event cues, a word of talks, the quotes
// it opens or closes), not its words; the report's event is chosen from
// these; a second pass rebuilds one sentence at a time and extracts from
// it. The sentences that look at others (a quote's speaker, the sentence
// before) rebuild those as well.
//
// It gives each sentence's mentions to each, and returns the misses
// unless dropMisses.
func (x *Extractor) explainLong(doc schema.Document, dropMisses bool, each func([]Explained)) []Miss {
	pub := published(doc)
	dated := !pub.IsZero()
	var ss, first []*sent
	place := func(st *sent) {
		x.placeCues(st, pub)
		st.lighten()
	}
	x.eachSent(doc.Text, func(st *sent) {
		ss = append(ss, st)
		if dated {
			place(st)
			return
		}
		// the dateline is in the first sentences: the cues of these wait
		// for it
		first = append(first, st)
		if len(first) == datelineLines {
			pub, dated = x.dateline(first), true
			for _, st := range first {
				place(st)
			}
			first = nil
		}
	})
	if !dated {
		pub = x.dateline(first)
		for _, st := range first {
			place(st)
		}
	}
	talks := false
	for _, st := range ss {
		talks = talks || st.talks
	}
	dominant, planned := x.mainEvent(ss, pub, talks)
	paraEvent := x.paraEvents(ss, dominant)

	// the sentences rebuilt last, for the one read and those it looks at
	type built struct {
		k  int
		st *sent
	}
	var cache [4]built
	next := 0
	var cut cutWords
	get := func(k int) *sent {
		for _, b := range cache {
			if b.st != nil && b.k == k {
				return b.st
			}
		}
		st := x.rebuild(ss[k], &cut)
		cache[next] = built{k, st}
		next = (next + 1) % len(cache)
		return st
	}
	state := &docState{mainPlanned: planned, dropMisses: dropMisses}
	if x.subjectFirst() {
		state.quoted, state.sents, state.rebuild = x.quoteRuns(ss), ss, get
	}
	for i := range ss {
		state.cur = i
		st := get(i)
		// mentions are unique within a sentence (see uniqueMentions)
		if ex := uniqueMentions(x.sentence(doc, i, st, state, paraEvent[st.s.Paragraph], dominant)); len(ex) > 0 {
			each(ex)
		}
	}
	return state.misses
}

// twoPass reports a document to read in two passes.
func twoPass(text string) bool {
	return len(text) > twoPassBytes && utf8.ValidString(text)
}
