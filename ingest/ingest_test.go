package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/claimgraph/claimgraph/ingest/extract"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

const report = "وحذر الرئيس الأمريكي نظيره الروسي من عقوبات اقتصادية قاسية إذا غزت روسيا أوكرانيا، بحسب البيت الأبيض.\n\nوطالب بوتين بضمانات أمنية ملزمة."

func extractor(t testing.TB) *extract.Extractor {
	lex, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	voc, _ := lexicon.LoadVocabulary()
	return extract.New(lex, voc)
}

// memStore is a schema.Store in memory that checks it is never called
// concurrently (the pipeline serializes writes).
type memStore struct {
	mu     sync.Mutex
	busy   bool
	docs   map[string]schema.Extraction
	failAt int // fail the Nth Put (1-based); 0 never
	puts   int
}

func newMem() *memStore { return &memStore{docs: map[string]schema.Extraction{}} }

func (m *memStore) Put(ctx context.Context, batch []schema.Extraction) (schema.WriteResult, error) {
	m.mu.Lock()
	if m.busy {
		m.mu.Unlock()
		panic("concurrent Put")
	}
	m.busy = true
	m.puts++
	n := m.puts
	m.mu.Unlock()
	defer func() { m.mu.Lock(); m.busy = false; m.mu.Unlock() }()
	if err := ctx.Err(); err != nil {
		return schema.WriteResult{}, err
	}
	if m.failAt == n {
		return schema.WriteResult{}, errors.New("disk full")
	}
	var r schema.WriteResult
	for _, e := range batch {
		if _, ok := m.docs[e.Doc.ID]; ok {
			r.Unchanged++
			continue
		}
		m.docs[e.Doc.ID] = e
		r.Added++
		r.Mentions += len(e.Mentions)
	}
	return r, nil
}
func (m *memStore) Mentions(context.Context, schema.Filter) ([]schema.Mention, error) {
	return nil, nil
}
func (m *memStore) Documents(context.Context) ([]schema.Document, error) { return nil, nil }
func (m *memStore) Stats(context.Context) (schema.Stats, error)          { return schema.Stats{}, nil }
func (m *memStore) Close() error                                         { return nil }

func write(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func mentionKeys(ms []schema.Mention) []string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s %s %s %s %s %s", m.Subject, m.Predicate, m.Object, m.Polarity, m.Source, m.Condition))
	}
	sort.Strings(out)
	return out
}

func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	cp1256, err := charmap.Windows1256.NewEncoder().Bytes([]byte(report))
	if err != nil {
		t.Fatal(err)
	}
	utf16, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().Bytes([]byte(report))
	write(t, dir, "good.txt", []byte(report))
	write(t, dir, "bom.txt", append([]byte{0xEF, 0xBB, 0xBF}, []byte(report+" ")...))
	write(t, dir, "cp1256.txt", cp1256)
	write(t, dir, "utf16.txt", utf16)
	write(t, dir, "empty.txt", nil)
	write(t, dir, "blank.txt", []byte("  \n\t\n"))
	write(t, dir, "binary.txt", []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3})
	write(t, dir, "garbage.txt", bytes.Repeat([]byte{0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x01, 0x02}, 50))
	write(t, dir, "notes.docx", []byte("x"))
	write(t, dir, "big.txt", bytes.Repeat([]byte("كلمة "), 4000))
	write(t, dir, "lines.jsonl", []byte(`{"id":"a1","text":"وطالبت موسكو بضمانات أمنية."}
{"id":"a2", "text": broken
{"title":"no text"}

{"id":"a3","text":"ونفى الكرملين أي نية لمهاجمة أوكرانيا.","url":"https://example.org/a3","outlet":"x"}
`))
	os.Symlink(dir, filepath.Join(dir, "loop")) // a symlink loop
	os.Symlink(filepath.Join(dir, "nowhere.txt"), filepath.Join(dir, "dangling.txt"))

	store := newMem()
	var skipped []Skip
	var mu sync.Mutex
	p := &Pipeline{Store: store, Extractor: extractor(t), Options: Options{Workers: 3, BatchSize: 2, MaxBytes: 10000,
		Hooks: Hooks{OnSkip: func(s Skip) { mu.Lock(); skipped = append(skipped, s); mu.Unlock() }}}}
	// /proc/self/mem opens but cannot be read from offset 0: an unreadable
	// file even for root
	sum, err := p.Run(context.Background(), []string{dir, "/proc/self/mem", filepath.Join(dir, "missing.txt")})
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	if len(sum.Ignored) != 1 || filepath.Base(sum.Ignored[0].Path) != "notes.docx" || !strings.Contains(sum.Ignored[0].Reason, "not a report") {
		t.Errorf("ignored %+v", sum.Ignored)
	}
	for _, s := range sum.Skipped {
		k := filepath.Base(s.Path)
		if s.Line > 0 {
			k = fmt.Sprintf("%s:%d", k, s.Line)
		}
		reasons[k] = s.Reason
	}
	if len(skipped) != len(sum.Skipped)+len(sum.Ignored) {
		t.Errorf("hook saw %d skips, summary %d", len(skipped), len(sum.Skipped))
	}
	for name, want := range map[string]string{
		"empty.txt": "empty", "blank.txt": "empty", "binary.txt": "binary", "garbage.txt": "undecodable",
		"big.txt": "size limit", "lines.jsonl:2": "malformed JSON",
		"lines.jsonl:3": "text", "mem": "error", "missing.txt": "no such file", "dangling.txt": "link",
	} {
		if !strings.Contains(reasons[name], want) {
			t.Errorf("%s: reason %q, want it to mention %q", name, reasons[name], want)
		}
	}
	// good.txt, bom.txt (same text + a space: same cleaned text), cp1256,
	// utf16 and two JSONL lines
	if sum.Documents != 6 || sum.Added != 3 || sum.Unchanged != 3 {
		t.Errorf("summary %+v", sum)
	}
	// the Windows-1256 and UTF-16 copies yield the same claims as UTF-8
	var want []string
	for _, e := range store.docs {
		if e.Doc.Name == "good.txt" || e.Doc.Name == "cp1256.txt" || e.Doc.Name == "utf16.txt" || e.Doc.Name == "bom.txt" {
			want = mentionKeys(e.Mentions)
		}
	}
	if len(want) < 2 {
		t.Fatalf("no claims from the report: %v", want)
	}
	docs, skips := Read([]string{filepath.Join(dir, "cp1256.txt"), filepath.Join(dir, "utf16.txt"), filepath.Join(dir, "good.txt")}, Options{})
	if len(skips) != 0 || len(docs) != 3 {
		t.Fatalf("read %d docs, skips %v", len(docs), skips)
	}
	x := extractor(t)
	for _, d := range docs {
		if got := mentionKeys(x.Extract(d)); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: claims %v, want %v", d.Name, got, want)
		}
	}
	for _, e := range store.docs {
		if e.Doc.Name == "a3" && (e.Doc.URL != "https://example.org/a3" || e.Doc.Outlet != "x") {
			t.Errorf("jsonl metadata lost: %+v", e.Doc)
		}
	}
}

func TestStrictStopsAtFirstSkip(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.txt", nil)
	for i := 0; i < 20; i++ {
		write(t, dir, fmt.Sprintf("b%02d.txt", i), []byte(report+fmt.Sprint(i)))
	}
	p := &Pipeline{Store: newMem(), Extractor: extractor(t), Options: Options{Workers: 1, Strict: true}}
	_, err := p.Run(context.Background(), []string{dir})
	if !errors.Is(err, ErrSkipped) || !strings.Contains(err.Error(), "a.txt") {
		t.Fatalf("err %v", err)
	}
}

func TestHTMLMainText(t *testing.T) {
	page := `<!DOCTYPE html><html lang="ar"><head><title>بوتين وبايدن</title></head><body>
<nav><a href="/">الرئيسية</a> <a href="/world">عرب وعالم</a></nav>
<div class="share">شارك على فيسبوك شارك على تويتر</div>
<article><h1>بوتين وبايدن يتفقان على مواصلة المحادثات</h1>
<p>أكد الكرملين، اليوم الأحد، أن الرئيسين اتفقا على مواصلة المحادثات حول الضمانات الأمنية التي تطالب بها موسكو منذ أسابيع طويلة.</p>
<p>وقال المتحدث باسم الكرملين ديمتري بيسكوف إن روسيا لا تريد نشر أسلحة هجومية في الدول المجاورة لها مثل أوكرانيا، وأضاف أن موسكو تنتظر ردا مكتوبا.</p>
<p>وحذر الرئيس الأمريكي نظيره الروسي من عقوبات اقتصادية قاسية إذا غزت روسيا أوكرانيا، بحسب البيت الأبيض.</p>
</article>
<aside class="related"><h3>مقالات ذات صلة</h3><ul><li><a href="/x">خبر آخر عن الطقس</a></li></ul></aside>
<footer>جميع الحقوق محفوظة</footer></body></html>`
	dir := t.TempDir()
	docs, skips := Read([]string{write(t, dir, "page.html", []byte(page))}, Options{})
	if len(skips) != 0 || len(docs) != 1 {
		t.Fatalf("docs %d skips %v", len(docs), skips)
	}
	d := docs[0]
	for _, gone := range []string{"شارك على فيسبوك", "مقالات ذات صلة", "جميع الحقوق محفوظة", "الرئيسية"} {
		if strings.Contains(d.Text, gone) {
			t.Errorf("boilerplate %q kept:\n%s", gone, d.Text)
		}
	}
	if !strings.Contains(d.Text, "بيسكوف") || d.Title == "" {
		t.Errorf("main text or title lost: %q / %q", d.Title, d.Text)
	}
	keys := mentionKeys(extractor(t).Extract(d))
	if !strings.Contains(strings.Join(keys, "|"), "biden warn sanctions positive white_house military_escalation") &&
		!strings.Contains(strings.Join(keys, "|"), "biden warn sanctions positive white_house invasion_threat") {
		t.Errorf("claims from HTML: %v", keys)
	}
}

func TestWriteErrorStopsAndReports(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 10; i++ {
		write(t, dir, fmt.Sprintf("r%02d.txt", i), []byte(report+fmt.Sprint(i)))
	}
	store := newMem()
	store.failAt = 2
	p := &Pipeline{Store: store, Extractor: extractor(t), Options: Options{Workers: 2, BatchSize: 3}}
	sum, err := p.Run(context.Background(), []string{dir})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err %v", err)
	}
	if sum.Added != 3 || len(store.docs) != 3 {
		t.Errorf("landed %d (summary %d), want the first batch of 3", len(store.docs), sum.Added)
	}
}

func TestCancelStopsWithPartialCounts(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 200; i++ {
		write(t, dir, fmt.Sprintf("r%03d.txt", i), []byte(report+fmt.Sprint(i)))
	}
	store := newMem()
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pipeline{Store: store, Extractor: extractor(t), Options: Options{Workers: 2, BatchSize: 5,
		Hooks: Hooks{OnProgress: func(pr Progress) {
			if pr.Documents >= 20 {
				cancel()
			}
		}}}}
	sum, err := p.Run(ctx, []string{dir})
	if !errors.Is(err, context.Canceled) || !sum.Interrupted {
		t.Fatalf("err %v, interrupted %v", err, sum.Interrupted)
	}
	if sum.Added != len(store.docs) || sum.Added < 20 || sum.Added >= 200 {
		t.Errorf("summary says %d landed, store has %d", sum.Added, len(store.docs))
	}
}

// TestWorkersNeverDuplicateOrLose runs many workers over many documents
// (run with -race).
func TestWorkersNeverDuplicateOrLose(t *testing.T) {
	dir := t.TempDir()
	const n = 300
	for i := 0; i < n; i++ {
		write(t, dir, fmt.Sprintf("d/%03d.txt", i), []byte(report+fmt.Sprint(i)))
	}
	for _, workers := range []int{1, 4, 16} {
		store := newMem()
		p := &Pipeline{Store: store, Extractor: extractor(t), Options: Options{Workers: workers, BatchSize: 7}}
		sum, err := p.Run(context.Background(), []string{dir, filepath.Join(dir, "d")}) // the same files twice
		if err != nil {
			t.Fatal(err)
		}
		if len(store.docs) != n || sum.Added != n {
			t.Errorf("workers %d: %d documents stored, %d added, want %d", workers, len(store.docs), sum.Added, n)
		}
	}
}

func TestStdin(t *testing.T) {
	docs, skips := Read([]string{"-"}, Options{Stdin: strings.NewReader(report)})
	if len(docs) != 1 || len(skips) != 0 || docs[0].Name != "stdin-"+docs[0].ID[:8] {
		t.Fatalf("docs %+v skips %v", docs, skips)
	}
	// another text from stdin is another name; the same text the same
	other, _ := Read([]string{"-"}, Options{Stdin: strings.NewReader(report + " وأضاف.")})
	again, _ := Read([]string{"-"}, Options{Stdin: strings.NewReader(report)})
	if other[0].Name == docs[0].Name || again[0].Name != docs[0].Name {
		t.Errorf("names %s, %s, %s", docs[0].Name, other[0].Name, again[0].Name)
	}
}

func TestLargeJSONLStreams(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&b, "{\"id\":\"r%d\",\"text\":\"وطالبت موسكو بضمانات أمنية رقم %d.\"}\n", i, i)
	}
	b.WriteString("{\"id\":\"long\",\"text\":\"" + strings.Repeat("كلمة ", 400) + "\"}\n")
	path := write(t, dir, "feed.jsonl", []byte(b.String()))
	store := newMem()
	// the file is far larger than the limit; each line but the last fits
	p := &Pipeline{Store: store, Extractor: extractor(t), Options: Options{Workers: 2, MaxBytes: 1000}}
	sum, err := p.Run(context.Background(), []string{path})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Added != 200 || len(sum.Skipped) != 1 || sum.Skipped[0].Line != 201 || !strings.Contains(sum.Skipped[0].Reason, "size limit") {
		t.Errorf("added %d, skipped %+v", sum.Added, sum.Skipped)
	}
}
