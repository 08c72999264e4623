package graph

import (
	"context"
	"fmt"

	"github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
)

// Reads of a PostgreSQL store that Cayley would make node by node. Through
// Cayley, listing the documents costs a query per document (its quads)
// and one per value not met before (its name, path, title…): tens of
// thousands of round trips for a few thousand documents, most of a
// listing's time. Read here, it is two queries: the quads, then their
// values (readValues, which decodes them as Cayley's NameOf does).

// subjectProps is a subject and its properties.
type subjectProps struct {
	subject quad.Value
	props   map[quad.IRI][]quad.Value
}

// propsOfSubjectsWith reads the subjects of the quads (?, p, o), as
// subjectsWith lists them, each with its properties preds (predicate →
// values, as props reads them).
func (w *sqlWriter) propsOfSubjectsWith(ctx context.Context, p, o quad.Value, preds []quad.IRI) ([]subjectProps, error) {
	values := map[graph.ValueHash]quad.Value{}
	know := func(v quad.Value) graph.ValueHash {
		h := graph.HashOf(v)
		values[h] = v
		return h
	}
	var missing []graph.ValueHash
	need := func(h graph.ValueHash) {
		if _, ok := values[h]; h.Valid() && !ok {
			values[h] = nil
			missing = append(missing, h)
		}
	}
	ph, oh := know(p), know(o)
	pred := map[graph.ValueHash]quad.IRI{}
	var phs []graph.ValueHash
	for _, pr := range preds {
		h := know(pr)
		pred[h] = pr
		phs = append(phs, h)
	}
	scan := func(query string, args []any, fn func(hs []csql.NodeHash)) error {
		rows, err := w.db.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("read properties: %w", err)
		}
		defer rows.Close()
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		hs := make([]csql.NodeHash, len(cols))
		dst := make([]any, len(cols))
		for i := range hs {
			dst[i] = &hs[i]
		}
		for rows.Next() {
			if err := rows.Scan(dst...); err != nil {
				return fmt.Errorf("read properties: %w", err)
			}
			fn(hs)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read properties: %w", err)
		}
		return nil
	}
	var subjects []graph.ValueHash
	err := scan(`SELECT subject_hash FROM quads WHERE object_hash = $1 AND predicate_hash = $2`, []any{hashArg(oh), hashArg(ph)}, func(hs []csql.NodeHash) {
		need(hs[0].ValueHash)
		subjects = append(subjects, hs[0].ValueHash)
	})
	if err != nil {
		return nil, err
	}
	if len(subjects) == 0 {
		return nil, nil
	}
	byS := map[graph.ValueHash]map[quad.IRI][]graph.ValueHash{}
	err = scan(`SELECT subject_hash, predicate_hash, object_hash FROM quads WHERE subject_hash = ANY($1::bytea[]) AND predicate_hash = ANY($2::bytea[])`, []any{hashArray(subjects), hashArray(phs)}, func(hs []csql.NodeHash) {
		m := byS[hs[0].ValueHash]
		if m == nil {
			m = map[quad.IRI][]graph.ValueHash{}
			byS[hs[0].ValueHash] = m
		}
		pr := pred[hs[1].ValueHash]
		m[pr] = append(m[pr], hs[2].ValueHash)
		need(hs[2].ValueHash)
	})
	if err != nil {
		return nil, err
	}
	if err := w.readValues(ctx, missing, values); err != nil {
		return nil, err
	}
	out := make([]subjectProps, 0, len(subjects))
	for _, h := range subjects {
		s := values[h]
		if s == nil {
			continue
		}
		props := map[quad.IRI][]quad.Value{}
		for pr, os := range byS[h] {
			for _, o := range os {
				if v := values[o]; v != nil {
					props[pr] = append(props[pr], v)
				}
			}
		}
		out = append(out, subjectProps{subject: s, props: props})
	}
	return out, nil
}

// pgListChunk is digestChunk on PostgreSQL. There a read of a chunk's
// evidence costs the server about as much whatever the number of mentions
// it asks for (an index lookup per mention, or a scan of the table and a
// hash of the IDs, whichever it plans), so that the listing's time is the
// number of its chunks: a larger chunk (some tens of thousands of
// mentions) takes few of them, in memory still bounded.
const pgListChunk = 2048

// pgEvidenceBatch is evidenceBatch on PostgreSQL: a read of the copy of
// the evidence asks for a listing chunk's mentions in one query.
const pgEvidenceBatch = 1 << 16

// listChunk is the number of documents EachMention reads together.
func (s *Store) listChunk() int {
	if s.sqlw != nil {
		return pgListChunk
	}
	return digestChunk
}

func (c *pgCounters) evidenceBatch() int { return pgEvidenceBatch }
