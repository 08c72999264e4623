package graph

import (
	"context"
	"reflect"
	"testing"
)

// DocsMentions lists each document's mentions as DocMentions does, on
// every backend: from the digests and the copy of the evidence where the
// store keeps them.
func TestDocsMentionsListAsDocMentionsDoes(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			// two documents of one name, and one without mentions
			putSameNames(t, s, doc("empty", "/empty"))
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
