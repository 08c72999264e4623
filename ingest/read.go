// Package ingest reads reports (text, HTML, JSONL, directories, stdin),
// decodes and cleans them, extracts claims with a pool of workers and
// writes them through the schema.Store interface in batches.
package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	readability "github.com/go-shiori/go-readability"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/schema"
)

// Skip is an input that was not ingested, and why.
type Skip struct {
	Path   string `json:"path"`
	Line   int    `json:"line,omitempty"`
	Reason string `json:"reason"`
	// Ignored marks a file in an input directory that is not a report
	// (README.md, a PDF, an image): listed, not a failure.
	Ignored bool `json:"ignored,omitempty"`
}

func (s Skip) Error() string {
	if s.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", s.Path, s.Line, s.Reason)
	}
	return fmt.Sprintf("%s: %s", s.Path, s.Reason)
}

// Extensions ingested from directories; a file named explicitly is read
// whatever its extension, as text unless it looks like HTML or JSONL.
var Extensions = map[string]bool{".txt": true, ".text": true, ".html": true, ".htm": true, ".jsonl": true, ".ndjson": true}

// item is one unit of input: a file, stdin, or a line of a JSONL file.
type item struct {
	path string // as given
	line int    // JSONL line (1-based) or 0
	data []byte // stdin or JSONL record
	size int64
}

// walk expands the inputs into files, reporting what it cannot read.
func walk(inputs []string, skip func(Skip)) []item {
	var out []item
	seen := map[string]bool{}
	for _, in := range inputs {
		if in == "-" {
			out = append(out, item{path: "-"})
			continue
		}
		info, err := os.Stat(in)
		if err != nil {
			skip(Skip{Path: in, Reason: friendly(err)})
			continue
		}
		if !info.IsDir() {
			out = append(out, item{path: in, size: info.Size()})
			continue
		}
		// WalkDir does not follow symlinks, so symlink loops cannot trap it;
		// linked files are resolved and read once.
		filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				skip(Skip{Path: p, Reason: friendly(err)})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != in && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				real, err := filepath.EvalSymlinks(p)
				if err != nil {
					skip(Skip{Path: p, Reason: "broken or looping symbolic link"})
					return nil
				}
				if fi, err := os.Stat(real); err != nil || fi.IsDir() {
					return nil
				}
			}
			if !Extensions[strings.ToLower(filepath.Ext(p))] {
				skip(Skip{Path: p, Reason: "not a report (ingest reads .txt, .html, .jsonl; name the file to read it as text)", Ignored: true})
				return nil
			}
			abs, _ := filepath.Abs(p)
			if real, err := filepath.EvalSymlinks(abs); err == nil {
				abs = real
			}
			if seen[abs] {
				return nil
			}
			seen[abs] = true
			fi, err := os.Stat(p)
			if err != nil {
				skip(Skip{Path: p, Reason: friendly(err)})
				return nil
			}
			out = append(out, item{path: p, size: fi.Size()})
			return nil
		})
	}
	return out
}

func friendly(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Decode turns raw bytes into text, choosing the encoding by evidence:
// UTF-16 or UTF-8 by their BOM, UTF-8 when the bytes are valid UTF-8,
// Windows-1256 when they are not and decode to Arabic letters. UTF-8 with
// damaged bytes, binary data and anything no encoding explains are refused.
func Decode(b []byte) (string, error) {
	utf8BOM := false
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b, utf8BOM = b[3:], true
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		dec := xunicode.UTF16(xunicode.LittleEndian, xunicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(b)
		if err != nil {
			return "", fmt.Errorf("invalid UTF-16: %v", err)
		}
		return string(out), nil
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return "", errors.New("empty")
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return "", errors.New("binary data (NUL bytes); not a text report")
	}
	if utf8.Valid(b) {
		return string(b), nil
	}
	if multi, bad, line := utf8Evidence(b); multi > bad || utf8BOM {
		return "", fmt.Errorf("undecodable: UTF-8 text with %d invalid %s (the first on line %d); repair or re-save it as UTF-8",
			bad, plural(bad, "byte", "bytes"), line)
	}
	out, err := charmap.Windows1256.NewDecoder().Bytes(b)
	if err != nil {
		return "", errors.New("undecodable: not UTF-8, UTF-16 or Windows-1256 text")
	}
	s := string(out)
	if !mostlyText(s) || !arabicLetters(s) {
		return "", errors.New("undecodable: neither UTF-8 nor Windows-1256 Arabic text")
	}
	return s, nil
}

// utf8Evidence counts the bytes of b that form valid multi-byte UTF-8
// sequences and the bytes that are not UTF-8, with the line of the first
// invalid byte. Text in another encoding has few valid sequences; UTF-8
// text with a few damaged bytes has many.
func utf8Evidence(b []byte) (multi, bad, firstLine int) {
	line := 1
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size == 1:
			bad++
			if firstLine == 0 {
				firstLine = line
			}
		case size > 1:
			multi += size
		case r == '\n':
			line++
		}
		b = b[size:]
	}
	return multi, bad, firstLine
}

// arabicLetters reports whether the letters beyond ASCII in s are mostly
// Arabic: what a Windows-1256 decoding of Arabic text gives, and what it
// does not give for bytes in another encoding.
func arabicLetters(s string) bool {
	var arabic, other int
	for _, r := range s {
		if r < utf8.RuneSelf {
			continue
		}
		if unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) {
			arabic++
		} else {
			other++
		}
	}
	return arabic > 0 && arabic >= 4*other
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// mostlyText reports whether s is plausibly text: few control characters
// and some letters.
func mostlyText(s string) bool {
	var ctrl, letters, n int
	for _, r := range s {
		n++
		switch {
		case r == '\n' || r == '\r' || r == '\t':
		case unicode.IsControl(r):
			ctrl++
		case unicode.IsLetter(r):
			letters++
		}
	}
	return n > 0 && ctrl*20 < n && letters*4 > n
}

func looksHTML(path string, text string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	if ext == ".html" || ext == ".htm" {
		return true
	}
	head := strings.ToLower(strings.TrimSpace(text))
	if len(head) > 512 {
		head = head[:512]
	}
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html")
}

// htmlText extracts a page's main text (title, byline and boilerplate
// such as share buttons and related articles dropped) with readability.
func htmlText(path, page string) (text, title string, err error) {
	u, _ := url.Parse("file:///" + filepath.ToSlash(path))
	art, err := readability.FromReader(strings.NewReader(page), u)
	if err != nil {
		return "", "", fmt.Errorf("no main text found in HTML: %v", err)
	}
	// keep paragraph breaks: readability's text content joins blocks with
	// newlines already
	return art.TextContent, art.Title, nil
}

// record is a JSONL line.
type record struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"`
	Lang      string `json:"lang"`
}

// toDocument builds a document from decoded text.
func toDocument(name, path, text string) (schema.Document, error) {
	clean := arabic.Clean(text)
	if strings.TrimSpace(clean) == "" {
		return schema.Document{}, errors.New("empty after cleaning")
	}
	return schema.Document{ID: schema.Hash("doc", clean), Name: name, Path: path, Text: clean, Lang: guessLang(clean)}, nil
}

func guessLang(s string) string {
	var ar, lat int
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Arabic, r):
			ar++
		case r < 128 && unicode.IsLetter(r):
			lat++
		}
	}
	if ar >= lat {
		return "ar"
	}
	return "en"
}

// documentFromRecord parses one JSONL line.
func documentFromRecord(it item) (schema.Document, error) {
	if !utf8.Valid(it.data) {
		// JSON would turn the bad bytes into U+FFFD silently
		_, bad, _ := utf8Evidence(it.data)
		return schema.Document{}, fmt.Errorf("undecodable: %d invalid UTF-8 %s (JSONL is UTF-8)", bad, plural(bad, "byte", "bytes"))
	}
	var rec record
	dec := json.NewDecoder(bytes.NewReader(it.data))
	if err := dec.Decode(&rec); err != nil {
		return schema.Document{}, fmt.Errorf("malformed JSON: %v", err)
	}
	if strings.TrimSpace(rec.Text) == "" {
		return schema.Document{}, errors.New(`no "text" field (each line needs {"text": …})`)
	}
	// a stable name: the id, else the url, else file:line
	name := rec.ID
	if name == "" {
		name = rec.URL
	}
	if name == "" {
		name = fmt.Sprintf("%s:%d", filepath.Base(it.path), it.line)
	}
	d, err := toDocument(name, "", rec.Text)
	if err != nil {
		return d, err
	}
	d.Title, d.URL, d.Outlet, d.Published = rec.Title, rec.URL, rec.Outlet, rec.Published
	if rec.Lang != "" {
		d.Lang = rec.Lang
	}
	if rec.ID != "" && rec.URL == "" {
		// a given id identifies the document across versions
		d.Path = "id:" + rec.ID
	}
	return d, nil
}

// lineReader reads lines of at most max bytes. A longer line is read to
// its end without being kept and reported as too long, so the lines after
// it are still read.
type lineReader struct {
	r    *bufio.Reader
	max  int
	line int // number of the line last returned
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, min(64<<10, max+1)), max: max}
}

// next returns the next line without its end of line, its length in
// bytes with the end of line, and whether it was longer than the limit
// (then its text is nil). It returns io.EOF after the last line.
func (l *lineReader) next() (text []byte, size int, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := l.r.ReadSlice('\n')
		size += len(chunk)
		if !tooLong {
			if len(buf)+len(chunk) > l.max+1 {
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && size == 0:
			return nil, 0, false, io.EOF
		case err != nil && err != io.EOF:
			return nil, size, false, err
		}
		l.line++
		if !tooLong {
			buf = bytes.TrimRight(buf, "\r\n")
			if len(buf) > l.max {
				tooLong, buf = true, nil
			}
		}
		return buf, size, tooLong, nil
	}
}

// OutletVoice gives the claims a document makes in its own voice (source
// "outlet") the document's outlet as their source when the input names it
// (the JSONL outlet field): "Sky News" becomes sky_news.
func OutletVoice(d schema.Document, ms []schema.Mention) {
	id := outletID(d.Outlet)
	if id == "" {
		return
	}
	for i := range ms {
		if ms[i].Source == schema.OutletSource {
			ms[i].Source = id
			ms[i].Finish()
		}
	}
}

// outletID turns an outlet's name into an ID: lower case, words joined by _.
func outletID(name string) string {
	var words []string
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		words = append(words, w)
	}
	return strings.Join(words, "_")
}

// StdinName names a document read from standard input after its text, so
// that two texts read from stdin have two names and the same text one:
// "stdin-" and the start of its ID.
func StdinName(d schema.Document) string {
	return "stdin-" + d.ID[:min(8, len(d.ID))]
}
