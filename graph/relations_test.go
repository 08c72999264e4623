package graph

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/claimgraph/claimgraph/schema"
)

// relationsStore holds two claims with the same subject, predicate and
// object in two events (parallel edges), a denial and an event fact.
func relationsStore(t *testing.T) *Store {
	t.Helper()
	s := backends(t)["memstore"](t)
	s.SetTerms([]schema.Term{
		{ID: "putin", Kind: "actor", Type: "person", En: "Vladimir Putin", Ar: "بوتين"},
		{ID: "sanctions", Kind: "topic", En: "sanctions \"hard\" & soft", Ar: "عقوبات"},
		{ID: "e1", Kind: "event", En: "first call"},
	})
	m1 := mention("d1", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e1", 1)
	m2 := mention("d1", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e2", 2)
	m3 := mention("d1", "putin", "commit", "sanctions", schema.Negative, "kremlin", "e1", 3)
	m4 := mention("d1", "e1", "duration", "120", schema.Positive, "kremlin", "e1", 4)
	if _, err := s.Put(context.Background(), []schema.Extraction{doc("d1", "/d1.txt", m1, m2, m3, m4)}); err != nil {
		t.Fatal(err)
	}
	return s
}

func export(t *testing.T, s *Store, format string) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := s.Export(context.Background(), &b, format); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestGraphMLLabels(t *testing.T) {
	out := export(t, relationsStore(t), "graphml")
	var g struct {
		Keys []struct {
			ID   string `xml:"id,attr"`
			For  string `xml:"for,attr"`
			Name string `xml:"attr.name,attr"`
		} `xml:"key"`
		Graph struct {
			Nodes []struct {
				ID   string `xml:"id,attr"`
				Data []struct {
					Key   string `xml:"key,attr"`
					Value string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"node"`
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
				Data   []struct {
					Key   string `xml:"key,attr"`
					Value string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal([]byte(out), &g); err != nil {
		t.Fatalf("not XML: %v\n%s", err, out)
	}
	name := map[string]string{}
	for _, k := range g.Keys {
		name[k.ID] = k.For + ":" + k.Name
	}
	labels := map[string]map[string]string{}
	for _, n := range g.Graph.Nodes {
		attrs := map[string]string{}
		for _, d := range n.Data {
			attrs[name[d.Key]] = d.Value
		}
		labels[attrs["node:id"]] = attrs
		if attrs["node:label"] == "" {
			t.Errorf("node %s has no label: %v", n.ID, attrs)
		}
	}
	if p := labels["putin"]; p["node:label"] != "Vladimir Putin" || p["node:label_ar"] != "بوتين" || p["node:kind"] != "actor" {
		t.Errorf("putin: %v", p)
	}
	if l := labels["sanctions"]["node:label"]; l != `sanctions "hard" & soft` {
		t.Errorf("escaped label: %q", l)
	}
	var preds []string
	for _, e := range g.Graph.Edges {
		for _, d := range e.Data {
			if name[d.Key] == "edge:label" {
				preds = append(preds, d.Value)
			}
		}
	}
	if strings.Join(preds, " ") != "duration not_commit warn warn" {
		t.Errorf("edge labels %v", preds)
	}
	if strings.Contains(out, "cg:") {
		t.Error("GraphML shows raw IRIs")
	}
}

// gmlTokens splits GML into keys, values and brackets; strings must be
// 7-bit ASCII as GML requires.
func gmlTokens(t *testing.T, s string) []string {
	t.Helper()
	re := regexp.MustCompile(`\s*("[^"]*"|\[|\]|[A-Za-z][A-Za-z0-9_]*|-?[0-9.]+)`)
	var out []string
	for rest := s; strings.TrimSpace(rest) != ""; {
		m := re.FindStringSubmatchIndex(rest)
		if m == nil || m[0] != 0 {
			t.Fatalf("not GML near %.40q", rest)
		}
		out = append(out, rest[m[2]:m[3]])
		rest = rest[m[1]:]
	}
	for _, r := range s {
		if r > 0x7e {
			t.Fatalf("GML is not 7-bit ASCII: %q", r)
		}
	}
	return out
}

func TestGMLMultigraph(t *testing.T) {
	toks := gmlTokens(t, export(t, relationsStore(t), "gml"))
	// parse the lists: graph [ ... node [ ... ] edge [ ... ] ]
	type list map[string][]string
	var nodes, edges []list
	var graph list = list{}
	for i := 2; i < len(toks)-1; {
		key := toks[i]
		if toks[i+1] != "[" {
			graph[key] = append(graph[key], toks[i+1])
			i += 2
			continue
		}
		l := list{}
		j := i + 2
		for ; toks[j] != "]"; j += 2 {
			l[toks[j]] = append(l[toks[j]], toks[j+1])
		}
		if key == "node" {
			nodes = append(nodes, l)
		} else {
			edges = append(edges, l)
		}
		i = j + 1
	}
	if fmt.Sprint(graph["directed"], graph["multigraph"]) != "[1] [1]" {
		t.Errorf("graph attributes %v", graph)
	}
	ids, labels := map[string]string{}, map[string]bool{}
	for _, n := range nodes {
		if len(n["id"]) != 1 || len(n["label"]) != 1 || labels[n["label"][0]] {
			t.Errorf("node without a unique id and label: %v", n)
		}
		ids[n["id"][0]] = n["label"][0]
		labels[n["label"][0]] = true
	}
	if !labels[`"putin"`] || !labels[`"120"`] {
		t.Errorf("labels %v", labels)
	}
	pairs := map[string]int{}
	for _, e := range edges {
		if len(e["source"]) != 1 || len(e["target"]) != 1 || ids[e["source"][0]] == "" || ids[e["target"][0]] == "" {
			t.Errorf("edge with bad ends: %v", e)
			continue
		}
		pairs[ids[e["source"][0]]+ids[e["target"][0]]+e["label"][0]]++
	}
	if pairs[`"putin""sanctions""warn"`] != 2 {
		t.Errorf("parallel edges lost: %v", pairs)
	}
	for _, n := range nodes {
		if n["label"][0] == `"putin"` && n["ar"][0] != `"&#1576;&#1608;&#1578;&#1610;&#1606;"` {
			t.Errorf("arabic label %v", n["ar"])
		}
	}
}

func TestDOTReadable(t *testing.T) {
	out := export(t, relationsStore(t), "dot")
	for _, want := range []string{"layout=neato", `[label="Vladimir Putin\nبوتين", shape=ellipse`, `[label="warn ×2"]`, `label="not_commit", style=dashed`} {
		if !strings.Contains(out, want) {
			t.Errorf("DOT lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "cg:") {
		t.Error("DOT shows raw IRIs")
	}
}
