package graph

import (
	"bufio"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/claimgraph/claimgraph/schema"
)

// relNode is an endpoint of the relations: a vocabulary node (actor,
// topic, event) or a literal value (a duration, a medium).
type relNode struct {
	ID     string // the vocabulary ID or the value
	En, Ar string // labels
	Kind   string // actor, topic, event, predicate, or value for a literal
}

// label is what a tool shows for the node: the English label, else the ID.
func (n relNode) label() string {
	if n.En != "" {
		return n.En
	}
	return n.ID
}

// relEdge is one claim's direct edge from subject to object.
type relEdge struct {
	From, To                   int    // node indexes
	Label                      string // predicate, not_<predicate> for a denial
	Predicate, Polarity, Claim string
	Event, Condition, Target   string
}

// relations reads the direct edges of every claim and the nodes they
// join, with their labels, in a stable order.
func (s *Store) relations(ctx context.Context) ([]relNode, []relEdge, error) {
	type rawEdge struct {
		from, to quad.Value
		pred     string
		claim    quad.Value
	}
	var raws []rawEdge
	labels := map[quad.Value]*relNode{}
	claimProps := map[quad.Value]map[quad.IRI]string{}
	it := s.qs.QuadsAllIterator()
	defer it.Close()
	for it.Next(ctx) {
		q := s.qs.Quad(it.Result())
		if q.Label != nil {
			raws = append(raws, rawEdge{q.Subject, q.Object, ID(q.Predicate), q.Label})
			continue
		}
		p, _ := q.Predicate.(quad.IRI)
		switch p {
		case pLabel, pType:
			n := labels[q.Subject]
			if n == nil {
				n = &relNode{ID: ID(q.Subject)}
				labels[q.Subject] = n
			}
			if ls, ok := q.Object.(quad.LangString); ok && p == pLabel {
				switch ls.Lang {
				case "en":
					n.En = string(ls.Value)
				case "ar":
					n.Ar = string(ls.Value)
				}
			}
			if p == pType {
				n.Kind = strings.ToLower(ID(q.Object))
			}
		case pEvent, pCondition, pTarget:
			if claimProps[q.Subject] == nil {
				claimProps[q.Subject] = map[quad.IRI]string{}
			}
			claimProps[q.Subject][p] = ID(q.Object)
		}
	}
	if err := it.Err(); err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	// nodes sorted by ID, so that exports of the same graph are the same
	keyOf := func(v quad.Value) string { return v.String() }
	byKey := map[string]quad.Value{}
	for _, r := range raws {
		byKey[keyOf(r.from)], byKey[keyOf(r.to)] = r.from, r.to
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := ID(byKey[keys[i]]), ID(byKey[keys[j]])
		if a != b {
			return a < b
		}
		return keys[i] < keys[j]
	})
	index := map[string]int{}
	nodes := make([]relNode, len(keys))
	for i, k := range keys {
		v := byKey[k]
		index[k] = i
		if n := labels[v]; n != nil {
			nodes[i] = *n
		} else {
			nodes[i] = relNode{ID: ID(v)}
		}
		if _, iri := v.(quad.IRI); !iri {
			nodes[i].Kind = "value"
		}
	}
	edges := make([]relEdge, len(raws))
	for i, r := range raws {
		pred, pol := r.pred, schema.Positive
		if base, ok := strings.CutPrefix(r.pred, "not_"); ok {
			pred, pol = base, schema.Negative
		}
		cp := claimProps[r.claim]
		edges[i] = relEdge{From: index[keyOf(r.from)], To: index[keyOf(r.to)], Label: r.pred, Predicate: pred, Polarity: pol,
			Claim: strings.TrimPrefix(ID(r.claim), "claim/"), Event: cp[pEvent], Condition: cp[pCondition], Target: cp[pTarget]}
	}
	sort.SliceStable(edges, func(i, j int) bool {
		a, b := edges[i], edges[j]
		if a.From != b.From {
			return a.From < b.From
		}
		if a.To != b.To {
			return a.To < b.To
		}
		if a.Label != b.Label {
			return a.Label < b.Label
		}
		return a.Claim < b.Claim
	})
	return nodes, edges, nil
}

// edgeAttrs are the attributes written for each edge, in order (the
// claim's target is target_actor: GML's edges have a target of their own).
var edgeAttrs = []string{"label", "predicate", "polarity", "claim", "event", "condition", "target_actor"}

func (e relEdge) attrs() []string {
	return []string{e.Label, e.Predicate, e.Polarity, e.Claim, e.Event, e.Condition, e.Target}
}

// nodeAttrs are the attributes written for each node, in order.
var nodeAttrs = []string{"label", "id", "label_en", "label_ar", "kind"}

func (n relNode) attrs() []string { return []string{n.label(), n.ID, n.En, n.Ar, n.Kind} }

// writeGraphML writes the relations as GraphML with a label attribute on
// nodes (the English label) and edges (the predicate), as Gephi shows them.
func writeGraphML(w io.Writer, nodes []relNode, edges []relEdge) error {
	bw := bufio.NewWriter(w)
	esc := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	bw.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n")
	for i, a := range nodeAttrs {
		fmt.Fprintf(bw, "  <key id=\"n%d\" for=\"node\" attr.name=\"%s\" attr.type=\"string\"/>\n", i, a)
	}
	for i, a := range edgeAttrs {
		fmt.Fprintf(bw, "  <key id=\"e%d\" for=\"edge\" attr.name=\"%s\" attr.type=\"string\"/>\n", i, a)
	}
	bw.WriteString("  <graph id=\"claims\" edgedefault=\"directed\">\n")
	for i, n := range nodes {
		fmt.Fprintf(bw, "    <node id=\"n%d\">", i)
		for j, v := range n.attrs() {
			if v != "" {
				fmt.Fprintf(bw, "<data key=\"n%d\">%s</data>", j, esc(v))
			}
		}
		bw.WriteString("</node>\n")
	}
	for i, e := range edges {
		fmt.Fprintf(bw, "    <edge id=\"e%d\" source=\"n%d\" target=\"n%d\">", i, e.From, e.To)
		for j, v := range e.attrs() {
			if v != "" {
				fmt.Fprintf(bw, "<data key=\"e%d\">%s</data>", j, esc(v))
			}
		}
		bw.WriteString("</edge>\n")
	}
	bw.WriteString("  </graph>\n</graphml>\n")
	return bw.Flush()
}

// gmlString quotes s for GML: 7-bit ASCII, with the quote, the ampersand
// and every character beyond ASCII as an HTML character reference.
func gmlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString("&quot;")
		case r == '&':
			b.WriteString("&amp;")
		case r < 0x20 || r > 0x7e:
			fmt.Fprintf(&b, "&#%d;", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// writeGML writes the relations as GML: a directed multigraph (claims
// with the same subject, predicate and object in different events are
// parallel edges) whose node labels are the unique IDs.
func writeGML(w io.Writer, nodes []relNode, edges []relEdge) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("graph [\n  directed 1\n  multigraph 1\n")
	for i, n := range nodes {
		fmt.Fprintf(bw, "  node [\n    id %d\n    label %s\n", i, gmlString(n.ID))
		for _, kv := range [][2]string{{"name", n.label()}, {"en", n.En}, {"ar", n.Ar}, {"kind", n.Kind}} {
			if kv[1] != "" {
				fmt.Fprintf(bw, "    %s %s\n", kv[0], gmlString(kv[1]))
			}
		}
		bw.WriteString("  ]\n")
	}
	for _, e := range edges {
		fmt.Fprintf(bw, "  edge [\n    source %d\n    target %d\n", e.From, e.To)
		for j, v := range e.attrs() {
			if v != "" {
				fmt.Fprintf(bw, "    %s %s\n", edgeAttrs[j], gmlString(v))
			}
		}
		bw.WriteString("  ]\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

// dotString quotes s for Graphviz.
func dotString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// writeDOT writes the relations for Graphviz, readable at a glance: nodes
// labelled in English and Arabic and shaped by kind, the claims of one
// subject, predicate and object drawn as one edge (×N when several), and
// a force-directed layout rather than ranks one node wide.
func writeDOT(w io.Writer, nodes []relNode, edges []relEdge) (int, error) {
	bw := bufio.NewWriter(w)
	bw.WriteString("digraph claims {\n  layout=neato; overlap=false; splines=true; sep=\"+8\";\n" +
		"  node [fontname=\"Noto Sans\", fontsize=11, style=filled, fillcolor=white];\n" +
		"  edge [fontname=\"Noto Sans\", fontsize=9, color=gray40];\n")
	shape := map[string]string{"actor": "ellipse", "topic": "box", "event": "diamond", "value": "note"}
	for i, n := range nodes {
		label := n.label()
		if n.Ar != "" {
			label += "\n" + n.Ar
		}
		sh := shape[n.Kind]
		if sh == "" {
			sh = "box"
		}
		fmt.Fprintf(bw, "  n%d [label=%s, shape=%s, tooltip=%s];\n", i, dotString(label), sh, dotString(n.ID))
	}
	type key struct {
		from, to int
		label    string
	}
	counts := map[key]int{}
	var order []key
	for _, e := range edges {
		k := key{e.From, e.To, e.Label}
		if counts[k] == 0 {
			order = append(order, k)
		}
		counts[k]++
	}
	for _, k := range order {
		label := k.label
		if c := counts[k]; c > 1 {
			label = fmt.Sprintf("%s ×%d", label, c)
		}
		style := ""
		if strings.HasPrefix(k.label, "not_") {
			style = ", style=dashed, color=firebrick"
		}
		fmt.Fprintf(bw, "  n%d -> n%d [label=%s%s];\n", k.from, k.to, dotString(label), style)
	}
	bw.WriteString("}\n")
	return len(order), bw.Flush()
}

// exportRelations writes the relations in a graph format and returns the
// number of edges written.
func (s *Store) exportRelations(ctx context.Context, w io.Writer, format string) (int, error) {
	nodes, edges, err := s.relations(ctx)
	if err != nil {
		return 0, err
	}
	switch format {
	case "graphml":
		return len(edges), writeGraphML(w, nodes, edges)
	case "gml":
		return len(edges), writeGML(w, nodes, edges)
	case "dot":
		return writeDOT(w, nodes, edges)
	}
	return 0, fmt.Errorf("unknown relations format %q", format)
}
