package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"

	"github.com/claimgraph/claimgraph/graph"
	"github.com/claimgraph/claimgraph/schema"
)

// GraphNode is an actor or topic placed in the drawing.
type GraphNode struct {
	Term
	X, Y   int
	Anchor string // text-anchor of its label
	LabelX int
}

// GraphEdge is a claim (with one polarity) drawn from subject to object.
type GraphEdge struct {
	Claim, Polarity, Title string
	Path                   string
	Width                  int
}

// GraphView is the drawing: subjects on the left, objects on the right.
type GraphView struct {
	Width, Height int
	Nodes         []GraphNode
	Edges         []GraphEdge
	Claims, Shown int
}

const (
	graphRow    = 26
	graphTop    = 24
	graphWidth  = 1240
	graphLeftX  = 260
	graphRightX = 680
)

// layoutGraph draws the claims of ms (event facts and tone left out) as
// edges between their subject and their object, the most mentioned first,
// at most limit of them.
func (s *Server) layoutGraph(ms []schema.Mention, limit int) GraphView {
	type key struct{ claim, pol string }
	type agg struct {
		m schema.Mention
		n int
	}
	by := map[key]*agg{}
	var keys []key
	for _, m := range ms {
		if graph.SingleValued[m.Predicate] || m.Predicate == "tone" {
			continue
		}
		k := key{m.ClaimID, m.Polarity}
		if by[k] == nil {
			by[k] = &agg{m: m}
			keys = append(keys, k)
		}
		by[k].n++
	}
	sort.SliceStable(keys, func(i, j int) bool { return by[keys[i]].n > by[keys[j]].n })
	gv := GraphView{Width: graphWidth, Claims: len(keys)}
	if len(keys) > limit {
		keys = keys[:limit]
	}
	gv.Shown = len(keys)
	subj, obj := map[string]bool{}, map[string]bool{}
	var subjects, objects []string
	for _, k := range keys {
		m := by[k].m
		if !subj[m.Subject] {
			subj[m.Subject] = true
			subjects = append(subjects, m.Subject)
		}
		if !obj[m.Object] {
			obj[m.Object] = true
			objects = append(objects, m.Object)
		}
	}
	sort.Strings(subjects)
	sort.Strings(objects)
	ys, yo := map[string]int{}, map[string]int{}
	for i, id := range subjects {
		ys[id] = graphTop + i*graphRow
		gv.Nodes = append(gv.Nodes, GraphNode{Term: s.terms.term("actor", id), X: graphLeftX, Y: ys[id], Anchor: "end", LabelX: graphLeftX - 10})
	}
	for i, id := range objects {
		yo[id] = graphTop + i*graphRow
		gv.Nodes = append(gv.Nodes, GraphNode{Term: s.terms.term("topic", id), X: graphRightX, Y: yo[id], Anchor: "start", LabelX: graphRightX + 10})
	}
	gv.Height = graphTop*2 + max(len(subjects), len(objects), 1)*graphRow
	for _, k := range keys {
		a := by[k]
		m := a.m
		y1, y2 := ys[m.Subject], yo[m.Object]
		mid := (graphLeftX + graphRightX) / 2
		not := ""
		if m.Polarity == schema.Negative {
			not = "NOT "
		}
		gv.Edges = append(gv.Edges, GraphEdge{
			Claim: m.ClaimID, Polarity: m.Polarity,
			Title: fmt.Sprintf("%s %s%s %s (%s, %s)", m.Subject, not, m.Predicate, m.Object, m.Event, plural(a.n, "mention", "mentions")),
			Path:  fmt.Sprintf("M%d,%d C%d,%d %d,%d %d,%d", graphLeftX, y1, mid, y1, mid, y2, graphRightX, y2),
			Width: min(1+a.n, 6),
		})
	}
	return gv
}

func (s *Server) graphPage(ctx context.Context, st *graph.Store, r *http.Request) (pageData, error) {
	p := params(r, "event")
	ms, err := s.mentions(ctx, st, schema.Filter{Event: p["event"]})
	if err != nil {
		return pageData{}, err
	}
	return pageData{
		Title: "Graph",
		Data:  map[string]any{"Event": p["event"], "Events": s.options("event"), "Graph": s.layoutGraph(ms, graphEdgeCap)},
		Links: apiLinks("/api/claims", url.Values{"event": {p["event"]}}, "json", "jsonl", "csv"),
	}, nil
}
