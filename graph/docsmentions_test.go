package graph

import (
	"context"
	"reflect"
	"testing"

	"github.com/claimgraph/claimgraph/schema"
)

// DocsMentions lists each document's mentions as DocMentions does, on
// every backend: from the digests and the copy of the evidence where the
// store keeps them.
func TestDocsMentionsListAsDocMentionsDoes(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			if _, err := s.Put(ctx, synthetic(6, 5)); err != nil {
				t.Fatal(err)
			}
			// two documents of one name, and one without mentions
			same := doc("same2", "/other/doc000001", mention("same2", "putin", "warn", "iran", schema.Negative, "kremlin", "e", 0))
			same.Doc.Name = "doc000001.txt"
			empty := doc("empty", "/empty")
			if _, err := s.Put(ctx, []schema.Extraction{same, empty}); err != nil {
				t.Fatal(err)
			}
			docs, err := s.Documents(ctx)
			if err != nil {
				t.Fatal(err)
			}
			// in reverse, so that documents of one name are not side by side
			for i, j := 0, len(docs)-1; i < j; i, j = i+1, j-1 {
				docs[i], docs[j] = docs[j], docs[i]
			}
			got, err := s.DocsMentions(ctx, docs)
			if err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, d := range docs {
				want, err := s.DocMentions(ctx, d.ID)
				if err != nil {
					t.Fatal(err)
				}
				total += len(want)
				if len(want) == 0 && len(got[d.ID]) == 0 {
					continue
				}
				if !reflect.DeepEqual(got[d.ID], want) {
					t.Errorf("document %s: DocsMentions lists %d mentions, DocMentions %d\ngot  %+v\nwant %+v", d.Name, len(got[d.ID]), len(want), got[d.ID], want)
				}
			}
			if total != 31 || len(got) != len(docs)-1 {
				t.Errorf("%d mentions in %d documents listed; the test wants the store's 31 in %d", total, len(got), len(docs)-1)
			}
		})
	}
}
