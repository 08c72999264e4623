package extract_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/eval"
	"github.com/claimgraph/claimgraph/ingest/extract"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

func TestSeedDebug(t *testing.T) {
	lex, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	voc, _ := lexicon.LoadVocabulary()
	x := extract.New(lex, voc)
	files, _ := filepath.Glob("../../examples/seeds/*.txt")
	var all []schema.Mention
	for _, f := range files {
		b, _ := os.ReadFile(f)
		txt := arabic.Clean(string(b))
		d := schema.Document{ID: schema.Hash(txt), Name: filepath.Base(f), Text: txt}
		for _, e := range x.Explain(d) {
			all = append(all, e.Mention)
			if os.Getenv("V") != "" {
				fmt.Printf("%s %s %s %s %s ev=%s src=%s cond=%s rule=%s\n", d.Name[:3], e.Subject, e.Predicate, e.Object, e.Polarity, e.Event, e.Source, e.Condition, e.Rule)
			}
		}
	}
	gf, _ := os.Open("../../examples/gold/seeds.jsonl")
	gold, _ := eval.ReadGold(gf, "gold")
	r := eval.Score(all, gold)
	fmt.Printf("P=%.3f R=%.3f F1=%.3f ev=%.3f src=%.3f tp=%d fp=%d fn=%d\n", r.Precision, r.Recall, r.F1, r.EventAccuracy, r.SourceAccuracy, r.TP, r.FP, r.FN)
	for _, k := range r.FalsePositives {
		b, _ := json.Marshal(k)
		fmt.Println("FP", string(b))
	}
	for _, g := range r.FalseNegatives {
		fmt.Printf("FN %s %s %s %s %s | %s\n", g.Doc[:3], g.Subject, g.Predicate, g.Object, g.Polarity, g.Evidence)
	}
}
