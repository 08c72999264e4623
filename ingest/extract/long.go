package extract

import (
	"unicode/utf8"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/schema"
)

// twoPassBytes is the size above which a document is read in two passes
// (see explainLong); smaller ones keep every sentence's words at once.
var twoPassBytes = 512 << 10

// piece is a part of a sentence cut for its length: the sentence, and
// the part of its text tokenized to find the part's tokens again.
type piece struct {
	whole *arabic.Sentence // shared by the pieces of one sentence
	// the part's tokens are n tokens from token skip of the text
	// whole.Text[a:b], which starts at rune r of the sentence
	a, b, r int
	skip, n int
}

// tokenChunk is about how much of a sentence is tokenized at once.
var tokenChunk = 16 << 10

// chunkEnd returns where a part of text tokenized from from may end, at
// or after from+tokenChunk: at a word after a space, where tokenizing
// starts afresh (no token, punctuation or joined word crosses it), else
// at the end.
func chunkEnd(text string, from int) int {
	for i := from + tokenChunk; i < len(text); i++ {
		if text[i-1] == ' ' {
			if r, _ := utf8.DecodeRuneInString(text[i:]); arabic.IsWordRune(r) {
				return i
			}
		}
	}
	return len(text)
}

// eachSent calls fn with each sentence of the text, a sentence longer
// than any in news prose cut into pieces of maxSentenceTokens words, so
// that the work on it stays linear. A long sentence is tokenized a chunk
// at a time. The sentences have no normalized text: the first pass does
// not need it.
func (x *Extractor) eachSent(text string, fn func(*sent)) {
	newSent := func(s arabic.Sentence, toks []arabic.Token) *sent {
		return &sent{s: s, words: &words{toks: toks, ms: x.lex.Find(toks)}}
	}
	arabic.SplitEach(text, x.split, func(s arabic.Sentence) {
		type chunk struct{ a, b, r, first int } // first: its first token in the sentence
		var chunks []chunk                      // those holding tokens of buf
		var buf []arabic.Token                  // tokens in no piece yet
		done := 0                               // tokens in pieces
		whole := &s
		cut := func(n int, last bool) {
			for len(chunks) > 1 && chunks[1].first <= done {
				chunks = chunks[1:]
			}
			c, d := chunks[0], chunks[len(chunks)-1]
			if !last {
				for k := len(chunks) - 1; k > 0 && chunks[k].first >= done+n; k-- {
					d = chunks[k-1]
				}
			}
			p := &piece{whole: whole, a: c.a, b: d.b, r: c.r, skip: done - c.first, n: n}
			st := newSent(p.sentence(buf[:n], last), buf[:n:n])
			st.piece = p
			fn(st)
			buf, done = buf[n:], done+n
		}
		pieces := false
		for a, r := 0, 0; a < len(s.Text); {
			b := chunkEnd(s.Text, a)
			chunks = append(chunks, chunk{a, b, r, done + len(buf)})
			buf = append(buf, x.lex.Tokenize(s.Text[a:b], s.Start+r)...)
			a, r = b, r+utf8.RuneCountInString(s.Text[a:b])
			for len(buf) > maxSentenceTokens {
				cut(maxSentenceTokens, false)
				pieces = true
			}
		}
		if !pieces {
			fn(newSent(s, buf))
			return
		}
		if len(buf) > 0 {
			cut(len(buf), true)
		}
	})
}

// sentence returns the piece as a sentence of its own, given its tokens;
// the last piece runs to the end of the sentence.
func (p *piece) sentence(toks []arabic.Token, last bool) arabic.Sentence {
	w := p.whole
	start, end := toks[0].Start, toks[len(toks)-1].End
	text := w.Text
	a := p.a + runeOffset(text[p.a:], start-w.Start-p.r)
	b := len(text)
	if last {
		end = w.End
	} else {
		b = a + runeOffset(text[a:], end-start)
	}
	return arabic.Sentence{Text: text[a:b], Start: start, End: end, Paragraph: w.Paragraph}
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

// rebuild returns a lightened sentence with its words again. The tokens
// of the last part of a sentence tokenized for a piece are kept for the
// other pieces in it.
func (x *Extractor) rebuild(light *sent, cut *cutWords) *sent {
	var toks []arabic.Token
	if p := light.piece; p != nil {
		if cut.whole != p.whole || cut.a != p.a || cut.b != p.b {
			cut.whole, cut.a, cut.b = p.whole, p.a, p.b
			cut.toks = x.lex.Tokenize(p.whole.Text[p.a:p.b], p.whole.Start+p.r)
		}
		toks = cut.toks[p.skip : p.skip+p.n : p.skip+p.n]
	} else {
		toks = x.lex.Tokenize(light.s.Text, light.s.Start)
	}
	st := *light
	st.words = &words{norm: arabic.Normalize(st.s.Text), toks: toks, ms: x.lex.Find(toks)}
	return &st
}

// cutWords are the tokens of the part of a sentence last tokenized for a
// piece.
type cutWords struct {
	whole *arabic.Sentence
	a, b  int
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
