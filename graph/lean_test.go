package graph

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	hkv "github.com/hidal-go/hidalgo/kv"

	"github.com/claimgraph/claimgraph/schema"
)

// leanRead says whether the analyses of s read the lean records.
func leanRead(t *testing.T, s *Store) bool {
	t.Helper()
	set, ok, err := s.leanDigests(context.Background(), schema.Filter{})
	if err != nil || !ok {
		t.Fatalf("reading the set: ok %v, %v", ok, err)
	}
	return set.digestsOf != nil
}

// leanMatchesDigests checks that each document's lean record is the one
// of its digest, and that there is none without a digest.
func leanMatchesDigests(t *testing.T, s *Store) {
	t.Helper()
	b := s.counters.(*boltStore)
	ctx := context.Background()
	digests := map[string]string{}
	if _, err := b.eachDigest(ctx, func(doc, digest string) error { digests[doc] = digest; return nil }); err != nil {
		t.Fatal(err)
	}
	err := hkv.View(b.kv.KV, func(tx hkv.Tx) error {
		it := tx.Scan(hkv.Key{leanBucket})
		defer it.Close()
		n := 0
		for it.Next(ctx) {
			k := it.Key()
			doc := string(k[len(k)-1])
			d, ok := digests[doc]
			if !ok {
				t.Errorf("document %s has a lean record and no digest", doc)
				continue
			}
			want, claims, err := leanRecord(doc, d)
			if err != nil {
				return err
			}
			if !bytes.Equal(it.Val(), want) {
				t.Errorf("document %s: the lean record is not its digest's", doc)
			}
			for id, fields := range claims {
				v, err := tx.Get(ctx, hkv.Key{claimBucket, []byte(id)})
				if err != nil || string(v) != fields {
					t.Errorf("claim %s: %q, %v; want %q", id, v, err, fields)
				}
			}
			n++
		}
		if n != len(digests) {
			t.Errorf("%d lean records, %d digests", n, len(digests))
		}
		return it.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLeanRecordsDecideAsDigestsDo: on bolt the analyses read the lean
// records, and give what they give from the digests and from memstore;
// the records follow replacements and removals; a store written without
// them gets them when it is next opened for writing, and is read from
// the digests until then.
func TestLeanRecordsDecideAsDigestsDo(t *testing.T) {
	ctx := context.Background()
	docs := seedCopies(t, 3)
	odd := mention("odd", "putin", "warn", "sanctions", schema.Negative, "src\\with\ttab", "call_2021_12_30", 2)
	odd.Doc, odd.Approx = "a\tb\\n\nc.txt", true
	odd.Finish()
	e := doc("odd", "/odd", odd)
	e.Doc.Name = odd.Doc
	docs = append(docs, e)
	// a second document of the same name, with a mention that sorts
	// by its ID only among the first's
	// by its ID only among the first's, its document's ID ordering the
	// other way round
	var twin schema.Mention
	for i := 0; ; i++ {
		id := fmt.Sprintf("twin%d", i)
		twin = mention(id, "putin", "warn", "sanctions", schema.Negative, "kremlin", "call_2021_12_30", 2)
		if (id > "odd") == (twin.ID < odd.ID) {
			break
		}
	}
	twin.Doc, twin.Approx = odd.Doc, true
	twin.Finish()
	e = doc(twin.DocID, "/twin", twin)
	e.Doc.Name = odd.Doc
	docs = append(docs, e)

	mem, err := Open(ctx, Options{Backend: "memstore"})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	putAll(t, mem, docs)
	want := runAnalyses(t, mem, "sanctions")

	dir := filepath.Join(t.TempDir(), "db")
	s, err := Open(ctx, Options{Backend: "bolt", Address: dir})
	if err != nil {
		t.Fatal(err)
	}
	putAll(t, s, docs)
	if !leanRead(t, s) {
		t.Fatal("the analyses do not read the lean records of a store written now")
	}
	leanMatchesDigests(t, s)
	if got := runAnalyses(t, s, "sanctions"); !reflect.DeepEqual(got, want) {
		t.Errorf("the analyses differ between lean records and memstore:\n lean %+v\n  mem %+v", got, want)
	}
	// filters on a mention's own fields, and on documents
	for _, f := range []schema.Filter{{Source: "src\\with\ttab"}, {Polarity: schema.Negative}, {Lang: "ar"}, {Doc: odd.Doc}, {Subject: "putin", Event: "call_2021_12_30"}} {
		got, err := s.MentionsWithoutEvidence(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		w, err := mem.MentionsWithoutEvidence(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || !reflect.DeepEqual(got, w) {
			t.Errorf("filter %+v: lean records give %d mentions, memstore %d", f, len(got), len(w))
		}
	}

	// replacing and removing: the records follow the digests
	d := docs[0]
	d.Mentions = d.Mentions[1:]
	if _, err := s.Replace(ctx, []schema.Extraction{d}); err != nil {
		t.Fatal(err)
	}
	if _, err := mem.Replace(ctx, []schema.Extraction{d}); err != nil {
		t.Fatal(err)
	}
	m2 := mention("odd2", "biden", "deny", "sanctions", schema.Positive, "usa", "call_2021_12_30", 1)
	for _, st := range []*Store{s, mem} {
		if res, err := st.Put(ctx, []schema.Extraction{doc("odd2", "/odd", m2)}); err != nil || res.Replaced != 1 {
			t.Fatalf("replacing /odd: %+v %v", res, err)
		}
	}
	leanMatchesDigests(t, s)
	want = runAnalyses(t, mem, "sanctions")
	if got := runAnalyses(t, s, "sanctions"); !reflect.DeepEqual(got, want) {
		t.Errorf("after replacements the analyses differ between lean records and memstore:\n lean %+v\n  mem %+v", got, want)
	}

	// a store written before the records were kept
	dropLean(t, s)
	if leanRead(t, s) {
		t.Fatal("lean records read after they were dropped")
	}
	if got := runAnalyses(t, s, "sanctions"); !reflect.DeepEqual(got, want) {
		t.Errorf("the analyses differ between digests and memstore:\n digests %+v\n     mem %+v", got, want)
	}
	s.Close()
	if s, err = Open(ctx, Options{Backend: "bolt", Address: dir, ReadOnly: true}); err != nil {
		t.Fatal(err)
	}
	if leanRead(t, s) {
		t.Error("opening for reading made lean records")
	}
	s.Close()
	if s, err = Open(ctx, Options{Backend: "bolt", Address: dir}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !leanRead(t, s) {
		t.Fatal("opening for writing did not make the lean records")
	}
	leanMatchesDigests(t, s)
	if got := runAnalyses(t, s, "sanctions"); !reflect.DeepEqual(got, want) {
		t.Errorf("the analyses differ between rebuilt lean records and memstore:\n lean %+v\n  mem %+v", got, want)
	}
}

// dropLean makes a bolt store one written before lean records were kept.
func dropLean(tb testing.TB, s *Store) {
	tb.Helper()
	ctx := context.Background()
	b := s.counters.(*boltStore)
	err := hkv.Update(ctx, b.kv.KV, func(tx hkv.Tx) error {
		var keys []hkv.Key
		it := tx.Scan(hkv.Key{leanBucket})
		for it.Next(ctx) {
			keys = append(keys, it.Key().Clone())
		}
		it.Close()
		for _, k := range append(keys, counterKey(leanKept)) {
			if err := tx.Del(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// TestDistinctPairs: a side's independent sources and the sources its
// summary names are counted the same way for small and large sides, and
// as a plain set of (source, document) pairs counts them.
func TestDistinctPairs(t *testing.T) {
	var ms []schema.Mention
	for i := 0; i < 400; i++ {
		m := mention(fmt.Sprintf("d%d", i%37), "putin", "warn", "sanctions", schema.Positive, fmt.Sprintf("s%d", i%5), "e", i%3)
		m.Doc = fmt.Sprintf("n%d.txt", i%29) // documents sharing names
		m.ID = fmt.Sprint(i)
		ms = append(ms, m)
	}
	set := leanFromMentions(ms)
	for _, n := range []int{1, 5, 16, 17, 100, 400} {
		g := make(group, n)
		for i := range g {
			g[i] = int32(i)
		}
		byDoc, byName := map[[2]string]bool{}, map[[2]string]bool{}
		for _, m := range ms[:n] {
			byDoc[[2]string{m.Source, m.DocID + "\x00" + m.Doc}] = true
			byName[[2]string{m.Source, m.Doc}] = true
		}
		if got := set.strength(&set.st, g); got != len(byDoc) {
			t.Errorf("%d mentions: strength %d, want %d", n, got, len(byDoc))
		}
		if got := len(set.distinct(g, func(l *lean) int32 { return set.dtab[l.doc].nameOrd })); got != len(byName) {
			t.Errorf("%d mentions: %d source-name pairs, want %d", n, got, len(byName))
		}
	}
}

// TestHex16: claim IDs of 16 lowercase hex digits are numbers, one per
// ID; any other ID is not, and is looked up by its string.
func TestHex16(t *testing.T) {
	for _, c := range []struct {
		id   string
		want uint64
		ok   bool
	}{
		{"0000000000000000", 0, true},
		{"1f1bc17f214af20e", 0x1f1bc17f214af20e, true},
		{"ffffffffffffffff", 1<<64 - 1, true},
		{"1F1BC17F214AF20E", 0, false}, // another ID than its lowercase
		{"1f1bc17f214af20", 0, false},
		{"1f1bc17f214af20e0", 0, false},
		{"1f1bc17f214af2g0", 0, false},
		{"", 0, false},
	} {
		if n, ok := hex16(c.id); n != c.want || ok != c.ok {
			t.Errorf("hex16(%q) = %x, %v; want %x, %v", c.id, n, ok, c.want, c.ok)
		}
		if n, ok := hex16([]byte(c.id)); n != c.want || ok != c.ok {
			t.Errorf("hex16([]byte(%q)) = %x, %v", c.id, n, ok)
		}
	}
	// a reader finds claims of either kind
	r := newDigestReader(schema.Filter{})
	set := &mset{}
	var f [digestFields]string
	for i := 11; i < digestFields; i++ {
		f[i] = "x"
	}
	a, b := r.claim(set, "1f1bc17f214af20e", f[:]), r.claim(set, "imported:claim", f[:])
	if r.lookup([]byte("1f1bc17f214af20e")) != a || r.lookup([]byte("imported:claim")) != b || r.lookup([]byte("1f1bc17f214af20f")) != nil {
		t.Error("lookup does not find the claims the reader met, by either key")
	}
}

// TestParallelStrengths: strengths counted by a goroutine per core are
// those counted by one.
func TestParallelStrengths(t *testing.T) {
	var ms []schema.Mention
	for i := 0; i < 3000; i++ {
		pol := schema.Positive
		if i%3 == 0 {
			pol = schema.Negative
		}
		m := mention(fmt.Sprintf("d%d", i%41), "putin", "warn", fmt.Sprintf("topic%d", i%97), pol, fmt.Sprintf("s%d", i%7), "e", i%5)
		m.ID = fmt.Sprint(i)
		ms = append(ms, m)
	}
	SortMentions(ms)
	one := func() []schema.Contradiction {
		cs, _ := findContradictions(leanFromMentions(ms), 3, ContradictionFilter{})
		return cs
	}
	old := parallelStrengths
	defer func() { parallelStrengths = old }()
	parallelStrengths = 1 << 30
	want := one()
	parallelStrengths = 1
	got := one()
	if len(want) < 50 {
		t.Fatalf("%d contradictions: the test needs more", len(want))
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("strengths counted in parallel differ from those counted by one goroutine")
	}
}
