package graph

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	_ "github.com/cayleygraph/quad/jsonld" // JSON-LD reader and writer
	_ "github.com/cayleygraph/quad/nquads" // N-Quads reader and writer
)

// ExportFormats are the formats Export writes.
var ExportFormats = []string{"nquads", "jsonld", "graphml", "gml", "dot"}

// Export writes the graph and returns the number of quads (nquads,
// jsonld) or edges (graphml, gml, dot) written. nquads and jsonld hold the
// whole graph (claims, mentions, documents, labels; prefixed IRIs
// expanded for jsonld); graphml, gml and dot hold the relations: one edge
// per claim and polarity from subject to object, named by the predicate,
// between nodes labelled in English and Arabic.
func (s *Store) Export(ctx context.Context, w io.Writer, format string) (int, error) {
	switch format {
	case "graphml", "gml", "dot":
		return s.exportRelations(ctx, w, format)
	case "nquads", "jsonld":
	default:
		return 0, fmt.Errorf("unknown export format %q", format)
	}
	qw := quad.FormatByName(format).Writer(w)
	it := s.qs.QuadsAllIterator()
	defer it.Close()
	n := 0
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		if format == "jsonld" {
			q = expand(q)
		}
		if err := qw.WriteQuad(q); err != nil {
			return n, fmt.Errorf("write %s: %w", format, err)
		}
		n++
	}
	if err := qw.Close(); err != nil {
		return n, err
	}
	return n, ctx.Err()
}

// expand turns prefixed IRIs, datatypes included, into full IRIs.
func expand(q quad.Quad) quad.Quad {
	ex := func(v quad.Value) quad.Value {
		switch v := v.(type) {
		case quad.IRI:
			return v.Full()
		case quad.TypedStringer:
			ts := v.TypedString()
			ts.Type = ts.Type.Full()
			return ts
		}
		return v
	}
	q.Subject, q.Predicate, q.Object = ex(q.Subject), ex(q.Predicate), ex(q.Object)
	if q.Label != nil {
		q.Label = ex(q.Label)
	}
	return q
}

// xsdString is the datatype JSON-LD gives plain strings.
const xsdString = quad.IRI("http://www.w3.org/2001/XMLSchema#string")

// compact turns full claimgraph IRIs back into cg: prefixed ones and
// literals back into the values claimgraph stores: a plain string for an
// xsd:string, a native number or boolean for a known datatype.
func compact(q quad.Quad) quad.Quad {
	c := func(v quad.Value) quad.Value {
		switch v := v.(type) {
		case quad.IRI:
			short := v.Short()
			if strings.HasPrefix(string(short), Prefix) || strings.HasPrefix(string(short), "rdf:") || strings.HasPrefix(string(short), "rdfs:") {
				return short
			}
		case quad.TypedString:
			if v.Type.Full() == xsdString {
				return v.Value
			}
			if nv, err := v.ParseValue(); err == nil {
				return nv
			}
		}
		return v
	}
	q.Subject, q.Predicate, q.Object = c(q.Subject), c(q.Predicate), c(q.Object)
	if q.Label != nil {
		q.Label = c(q.Label)
	}
	return q
}

// importQuads reads N-Quads (or JSON-LD) and adds the quads that are not
// yet stored, in batches (see Import).
func (s *Store) importQuads(ctx context.Context, r io.Reader, format string) (read, added int, err error) {
	f := quad.FormatByName(format)
	if f == nil || f.Reader == nil {
		return 0, 0, fmt.Errorf("cannot import format %q (use nquads or jsonld)", format)
	}
	qr := f.Reader(r)
	defer qr.Close()
	var batch []graph.Delta
	seen := map[string]bool{}
	// On PostgreSQL the quads read are checked against the store a chunk
	// at a time, where elsewhere each is looked up as it is read.
	var pending []quad.Quad
	bulk := s.sqlw != nil
	flush := func() error {
		if len(pending) > 0 {
			stored, err := s.sqlw.stored(ctx, pending)
			if err != nil {
				return err
			}
			for i, q := range pending {
				if !stored[i] {
					batch = append(batch, graph.Delta{Quad: q, Action: graph.Add})
					added++
				}
			}
			pending = pending[:0]
		}
		if len(batch) == 0 {
			return nil
		}
		if err := s.applyDeltas(ctx, batch, graph.IgnoreOpts{IgnoreDup: true}); err != nil {
			return err
		}
		batch = batch[:0]
		seen = map[string]bool{}
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return read, added, err
		}
		q, err := qr.ReadQuad()
		if err == io.EOF {
			break
		}
		if err != nil {
			return read, added, fmt.Errorf("quad %d: %w", read+1, err)
		}
		read++
		q = compact(q)
		if !q.IsValid() {
			return read, added, fmt.Errorf("quad %d is incomplete: %v", read, q)
		}
		k := q.NQuad()
		if seen[k] || (!bulk && s.storeHas(ctx, q)) {
			continue
		}
		seen[k] = true
		if bulk {
			pending = append(pending, q)
		} else {
			batch = append(batch, graph.Delta{Quad: q, Action: graph.Add})
			added++
		}
		if len(batch)+len(pending) >= 10000 {
			if err := flush(); err != nil {
				return read, added, err
			}
		}
	}
	return read, added, flush()
}
