package eval

import (
	"strings"
	"testing"

	"github.com/claimgraph/claimgraph/schema"
)

func m(doc, s, p, o, pol, ev, src string) schema.Mention {
	return schema.Mention{Claim: schema.Claim{Subject: s, Predicate: p, Object: o, Event: ev}, Polarity: pol, Doc: doc, Source: src}
}

func TestScore(t *testing.T) {
	goldText := `{"doc":"a.txt","subject":"putin|kremlin","predicate":"warn","object":"sanctions","polarity":"positive","event":"e1","source":"kremlin|tass","required":true}
{"doc":"a.txt","subject":"biden","predicate":"commit","object":"commitments","polarity":"negative","event":"e1","source":"sullivan","required":true}
{"doc":"a.txt","subject":"russia","predicate":"oppose","object":"nato_expansion","polarity":"positive","event":"unknown","source":"outlet","required":false}
{"doc":"b.txt","subject":"west","predicate":"warn","object":"sanctions","polarity":"positive","event":"unknown","source":"outlet","required":true}
`
	gold, err := ReadGold(strings.NewReader(goldText), "gold")
	if err != nil {
		t.Fatal(err)
	}
	pred := []schema.Mention{
		m("dir/a.txt", "kremlin", "warn", "sanctions", "positive", "e2", "tass"),   // TP (alternative subject), wrong event, right source
		m("a.txt", "kremlin", "warn", "sanctions", "positive", "e1", "kremlin"),    // duplicate key: counts once
		m("a.txt", "biden", "commit", "commitments", "positive", "e1", "sullivan"), // wrong polarity: FP
		m("a.txt", "russia", "oppose", "nato_expansion", "positive", "e1", "tass"), // optional only: neither
		m("a.txt", "usa", "warn", "sanctions", "positive", "e1", "outlet"),         // FP
		m("c.txt", "putin", "warn", "sanctions", "positive", "e1", "outlet"),       // document not in gold: ignored
	}
	r := Score(pred, gold)
	if r.TP != 1 || r.FP != 2 || r.FN != 2 || r.Required != 3 || r.Found != 1 {
		t.Fatalf("tp %d fp %d fn %d required %d found %d", r.TP, r.FP, r.FN, r.Required, r.Found)
	}
	if r.Precision != 1.0/3 || r.Recall != 1.0/3 {
		t.Errorf("precision %v recall %v", r.Precision, r.Recall)
	}
	// any mention of the matched key may carry the right event
	if r.EventAccuracy != 1 || r.SourceAccuracy != 1 {
		t.Errorf("event %v source %v", r.EventAccuracy, r.SourceAccuracy)
	}
}

func TestReadGoldErrors(t *testing.T) {
	for _, bad := range []string{"{not json}\n", `{"doc":"a"}` + "\n"} {
		_, err := ReadGold(strings.NewReader("\n"+bad), "g.jsonl")
		if err == nil || !strings.Contains(err.Error(), "g.jsonl:2") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
