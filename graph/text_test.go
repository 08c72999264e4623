package graph

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/claimgraph/claimgraph/schema"
)

// report is a cleaned text with what N-Quads must escape: line breaks, a
// tab, quotes and a backslash.
const report = "قال الكرملين إن \"الحوار\" مستمر.\n\nوأضاف:\tلا تنازلات \\ بعد."

func withText(id, path, lang, text string, ms ...schema.Mention) schema.Extraction {
	ex := doc(id, path, ms...)
	ex.Doc.Lang, ex.Doc.Text = lang, text
	return ex
}

func TestTextAndLang(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			t.Run("text and lang read back", func(t *testing.T) {
				s := open(t)
				ar := mention("d1", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e", 1)
				untagged := mention("d1", "biden", "commit", "commitments", schema.Negative, "sullivan", "e", 2)
				untagged.Lang = ""
				// the document's language wins over the mention's
				en := mention("d2", "biden", "warn", "sanctions", schema.Positive, "white_house", "e", 1)
				if _, err := s.Put(ctx, []schema.Extraction{withText("d1", "/r/d1.txt", "ar", report, ar, untagged), withText("d2", "/r/d2.txt", "en", "Biden warned of sanctions.", en)}); err != nil {
					t.Fatal(err)
				}
				text, ok, err := s.Text(ctx, "d1")
				if err != nil || !ok || text != report {
					t.Fatalf("Text(d1) = %q, %v, %v; want the report", text, ok, err)
				}
				if !s.storeHas(ctx, quad.Make(docNode("d1"), pText, quad.LangString{Value: quad.String(report), Lang: "ar"}, nil)) {
					t.Error("the text is not tagged with the document's language")
				}
				if _, ok, _ := s.Text(ctx, "nosuch"); ok {
					t.Error("a document that is not stored has a text")
				}
				docs, err := s.Documents(ctx)
				if err != nil || len(docs) != 2 || docs[0].Lang != "ar" || docs[1].Lang != "en" {
					t.Fatalf("documents %+v (%v)", docs, err)
				}
				if docs[0].Text != "" {
					t.Error("the listing loads the texts")
				}
				ms, _ := s.Mentions(ctx, schema.Filter{})
				langs := map[string]string{}
				for _, m := range ms {
					langs[m.Subject+" "+m.Predicate+" "+m.Doc] = m.Lang
				}
				want := map[string]string{"putin warn d1.txt": "ar", "biden commit d1.txt": "ar", "biden warn d2.txt": "en"}
				for k, l := range want {
					if langs[k] != l {
						t.Errorf("%s: lang %q, want %q (all %v)", k, langs[k], l, langs)
					}
				}
				for f, n := range map[schema.Filter]int{{Lang: "ar"}: 2, {Lang: "en"}: 1, {Lang: "EN"}: 1, {Lang: "fr"}: 0, {Lang: "en", Predicate: "warn"}: 1, {Lang: "ar", Subject: "biden"}: 1} {
					if ms, err := s.Mentions(ctx, f); err != nil || len(ms) != n {
						t.Errorf("filter %+v: %d mentions (%v), want %d", f, len(ms), err, n)
					}
				}
			})
			t.Run("a document stored without text gets it when ingested again", func(t *testing.T) {
				s := open(t)
				m := mention("d", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e", 1)
				if _, err := s.Put(ctx, []schema.Extraction{withText("d", "/d", "ar", "", m)}); err != nil {
					t.Fatal(err)
				}
				if _, ok, _ := s.Text(ctx, "d"); ok {
					t.Fatal("a document put without text has one")
				}
				res, err := s.Put(ctx, []schema.Extraction{withText("d", "/d", "ar", report, m)})
				if err != nil {
					t.Fatal(err)
				}
				if res.Unchanged != 1 || res.Quads != 1 {
					t.Errorf("second put %+v, want unchanged with one quad (the text)", res)
				}
				if text, ok, _ := s.Text(ctx, "d"); !ok || text != report {
					t.Errorf("text after the second put: %q %v", text, ok)
				}
				if res, _ := s.Put(ctx, []schema.Extraction{withText("d", "/d", "ar", report, m)}); res.Quads != 0 {
					t.Errorf("third put wrote %d quads", res.Quads)
				}
			})
			t.Run("replace changes only the mentions", func(t *testing.T) {
				s := open(t)
				shared := mention("keep", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e", 1)
				stays := mention("d", "putin", "warn", "sanctions", schema.Positive, "tass", "e", 1)
				goes := mention("d", "biden", "commit", "commitments", schema.Negative, "sullivan", "e", 2)
				comes := mention("d", "biden", "warn", "sanctions", schema.Positive, "white_house", "e", 3)
				d := withText("d", "/r/d.txt", "ar", report, stays, goes)
				d.Doc.Title, d.Doc.Outlet = "عنوان", "outlet_x"
				if _, err := s.Put(ctx, []schema.Extraction{withText("keep", "/keep", "ar", "نص آخر", shared), d}); err != nil {
					t.Fatal(err)
				}
				d.Mentions = []schema.Mention{stays, comes}
				res, err := s.Replace(ctx, []schema.Extraction{d})
				if err != nil {
					t.Fatal(err)
				}
				if res.Replaced != 1 || res.Mentions != 2 || res.Quads == 0 {
					t.Errorf("result %+v", res)
				}
				got, err := s.DocMentions(ctx, "d")
				if err != nil {
					t.Fatal(err)
				}
				if k := keysOf(got); strings.Join(k, "|") != "d.txt biden warn sanctions positive white_house e|d.txt putin warn sanctions positive tass e" {
					t.Errorf("mentions after replace %q", k)
				}
				if got[0].ID != stays.ID && got[1].ID != stays.ID {
					t.Errorf("the mention that stays changed its ID: %+v", got)
				}
				if s.storeHas(ctx, quad.Make(IRI("biden"), NegatedPredicate("commit"), IRI("commitments"), claimNode(goes.ClaimID))) {
					t.Error("direct edge of the removed claim is left")
				}
				if !s.storeHas(ctx, quad.Make(IRI("biden"), IRI("warn"), IRI("sanctions"), claimNode(comes.ClaimID))) {
					t.Error("direct edge of the new claim is missing")
				}
				docs, _ := s.Documents(ctx)
				if len(docs) != 2 || docs[0].Title != "عنوان" || docs[0].Outlet != "outlet_x" || docs[0].Path != "/r/d.txt" {
					t.Errorf("document metadata after replace: %+v", docs)
				}
				if text, ok, _ := s.Text(ctx, "d"); !ok || text != report {
					t.Errorf("text after replace: %q %v", text, ok)
				}
				again, err := s.Replace(ctx, []schema.Extraction{d})
				if err != nil || again.Quads != 0 {
					t.Errorf("replacing with the same mentions wrote %d quads (%v)", again.Quads, err)
				}
				fresh := open(t)
				if _, err := fresh.Put(ctx, []schema.Extraction{withText("keep", "/keep", "ar", "نص آخر", shared), d}); err != nil {
					t.Fatal(err)
				}
				if a, b := counts(t, s), counts(t, fresh); a.Quads != b.Quads || a.Claims != b.Claims || a.Mentions != b.Mentions {
					t.Errorf("replace left %+v, a fresh store has %+v", a, b)
				}
				d.Mentions = nil
				if _, err := s.Replace(ctx, []schema.Extraction{d}); err != nil {
					t.Fatal(err)
				}
				if st := counts(t, s); st.Documents != 2 || st.Mentions != 1 || st.Claims != 1 {
					t.Errorf("after replacing with no mentions: %+v", st)
				}
			})
			t.Run("replace updates a mention that stays in place", func(t *testing.T) {
				s := open(t)
				m := mention("d", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e", 1)
				m.EvidenceNorm = "قديم"
				d := withText("d", "/d", "ar", report, m)
				if _, err := s.Put(ctx, []schema.Extraction{d}); err != nil {
					t.Fatal(err)
				}
				m.Confidence, m.EvidenceNorm, m.Approx = 0.6, "", true
				d.Mentions = []schema.Mention{m}
				res, err := s.Replace(ctx, []schema.Extraction{d})
				if err != nil {
					t.Fatal(err)
				}
				if res.Quads != 6 { // confidence out and in, evidence_norm out, approx in, the digest out and in
					t.Errorf("replace wrote %d quads, want 6", res.Quads)
				}
				got, _ := s.DocMentions(ctx, "d")
				if len(got) != 1 || got[0].Confidence != 0.6 || got[0].EvidenceNorm != "" || !got[0].Approx || got[0].ID != m.ID {
					t.Errorf("after replace %+v", got)
				}
				fresh := open(t)
				if _, err := fresh.Put(ctx, []schema.Extraction{d}); err != nil {
					t.Fatal(err)
				}
				if a, b := counts(t, s), counts(t, fresh); a.Quads != b.Quads {
					t.Errorf("replace left %d quads, a fresh store has %d", a.Quads, b.Quads)
				}
			})
			t.Run("replace refuses documents that are not stored", func(t *testing.T) {
				s := open(t)
				_, err := s.Replace(ctx, []schema.Extraction{withText("ghost", "/g", "ar", report)})
				if err == nil || !strings.Contains(err.Error(), "ghost") || !strings.Contains(err.Error(), "ingest") {
					t.Errorf("error %v", err)
				}
			})
			t.Run("replace on a cancelled context writes nothing", func(t *testing.T) {
				s := open(t)
				m := mention("d", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e", 1)
				d := withText("d", "/d", "ar", report, m)
				if _, err := s.Put(ctx, []schema.Extraction{d}); err != nil {
					t.Fatal(err)
				}
				before := counts(t, s)
				cctx, cancel := context.WithCancel(ctx)
				cancel()
				d.Mentions = nil
				if _, err := s.Replace(cctx, []schema.Extraction{d}); err == nil {
					t.Fatal("replace on a cancelled context succeeded")
				}
				if after := counts(t, s); after.Quads != before.Quads {
					t.Errorf("%d quads before, %d after", before.Quads, after.Quads)
				}
			})
			t.Run("export and import keep text and lang", func(t *testing.T) {
				s := open(t)
				m := mention("d", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e", 1)
				m.Lang = ""
				if _, err := s.Put(ctx, []schema.Extraction{withText("d", "/d", "ar", report, m), withText("u", "/u", "", "untagged text")}); err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if _, err := s.Export(ctx, &buf, "nquads"); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(buf.String(), "<cg:text>") {
					t.Fatalf("the export has no text quads:\n%s", buf.String())
				}
				back := open(t)
				if _, _, err := back.Import(ctx, &buf, "nquads"); err != nil {
					t.Fatal(err)
				}
				for id, want := range map[string]string{"d": report, "u": "untagged text"} {
					if text, ok, _ := back.Text(ctx, id); !ok || text != want {
						t.Errorf("text of %s after import: %q %v", id, text, ok)
					}
				}
				docs, _ := back.Documents(ctx)
				if len(docs) != 2 || docs[0].Lang != "ar" || docs[1].Lang != "" {
					t.Errorf("documents after import %+v", docs)
				}
				ms, _ := back.Mentions(ctx, schema.Filter{Lang: "ar"})
				if len(ms) != 1 || ms[0].Lang != "ar" {
					t.Errorf("mentions after import %+v", ms)
				}
				if a, b := counts(t, s), counts(t, back); a.Quads != b.Quads {
					t.Errorf("import has %d quads, the export %d", b.Quads, a.Quads)
				}
			})
		})
	}
}
