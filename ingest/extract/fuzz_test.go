package extract_test

import (
	"testing"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/schema"
)

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"حذر الرئيس الأمريكي نظيره الروسي من عقوبات اقتصادية قاسية إذا غزت روسيا أوكرانيا.",
		"وأوضح أوشاكوف أنهما لم يناقشا الاجتماع شخصيا.",
		"ونقلت وكالة تاس عن بيسكوف قوله إن بوتين لا يريد نشر أسلحة هجومية",
		"واستمرت المكالمة عبر الفيديو قرابة ساعتين. لم لا لن عدم",
		"التي الذي بحسب وفقا ل حسبما أفاد: ، ، ،",
		"بوتين بايدن الرئيسان كلاهما",
	} {
		f.Add(s)
	}
	x := newExtractor(f)
	f.Fuzz(func(t *testing.T, s string) {
		text := arabic.Clean(s)
		n := len([]rune(text))
		doc := schema.Document{ID: "d", Name: "f", Text: text}
		sameInPasses(t, x, doc)
		for _, m := range x.Extract(doc) {
			if m.Subject == "" || m.Predicate == "" || m.Object == "" || m.Event == "" || m.Source == "" || m.Rule == "" {
				t.Fatalf("incomplete mention %+v from %q", m, s)
			}
			if m.Polarity != schema.Positive && m.Polarity != schema.Negative {
				t.Fatalf("polarity %q", m.Polarity)
			}
			if m.Start < 0 || m.End > n || m.Start > m.End || m.ClaimID != m.Claim.ID() {
				t.Fatalf("bad offsets or claim id in %+v (text of %d runes)", m, n)
			}
		}
	})
}
