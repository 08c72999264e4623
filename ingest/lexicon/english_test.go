package lexicon

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/claimgraph/claimgraph/ingest/arabic"
)

func english(t *testing.T) *Lexicon {
	t.Helper()
	set, err := LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	l := set[English]
	if l == nil {
		t.Fatal("no English lexicon")
	}
	return l
}

func TestLoadAllOneLexiconPerLanguage(t *testing.T) {
	set, err := LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := set.Langs(); !reflect.DeepEqual(got, []string{"ar", "en"}) {
		t.Fatalf("languages %v, want [ar en]", got)
	}
	if set.For("") != set["ar"] || set.For("fr") != set["ar"] || set.For("en") != set["en"] || set.For("EN-gb") != set["en"] {
		t.Error("For does not fall back to the default language")
	}
	// the languages do not leak into each other
	if find(t, set["ar"], "Putin", KActor) != nil {
		t.Error("the Arabic lexicon knows an English name")
	}
	ar, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if ar.Lang != "ar" || len(ar.patterns) != len(set["ar"].patterns) {
		t.Errorf("Load returns %q with %d patterns, want the Arabic lexicon", ar.Lang, len(ar.patterns))
	}
	v, err := LoadVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	en := set["en"]
	for id := range en.ActorIDs {
		if _, ok := v.Actors[id]; !ok {
			t.Errorf("English actor %q is not in the vocabulary", id)
		}
	}
	for id := range en.PredicateIDs {
		if _, ok := v.Predicates[id]; !ok {
			t.Errorf("English predicate %q is not in the vocabulary", id)
		}
	}
	for id := range en.TopicIDs {
		if _, ok := v.Topics[id]; !ok {
			t.Errorf("English topic %q is not in the vocabulary", id)
		}
	}
	for id := range en.EventIDs {
		if _, ok := v.Events[id]; !ok {
			t.Errorf("English event %q is not in the vocabulary", id)
		}
	}
}

func TestUserFilesMergeIntoTheirLanguage(t *testing.T) {
	dir := t.TempDir()
	enFile := filepath.Join(dir, "en.yaml")
	arFile := filepath.Join(dir, "ar.yaml")
	os.WriteFile(enFile, []byte("lang: en\nactors:\n  ukraine: [zelensky camp]\n"), 0o644)
	os.WriteFile(arFile, []byte("actors:\n  ukraine: [معسكر زيلينسكي]\n"), 0o644)
	set, err := LoadAll(enFile, arFile)
	if err != nil {
		t.Fatal(err)
	}
	if ms := find(t, set["en"], "the zelensky camp said", KActor); len(ms) != 1 || ms[0].ID != "ukraine" {
		t.Errorf("English user form: %v", ms)
	}
	if ms := find(t, set["ar"], "zelensky camp", KActor); len(ms) != 0 {
		t.Errorf("an English user form reached the Arabic lexicon: %v", ms)
	}
	if ms := find(t, set["ar"], "وقال معسكر زيلينسكي", KActor); len(ms) != 1 {
		t.Errorf("a user file without lang is Arabic: %v", ms)
	}
}

func TestLemmas(t *testing.T) {
	tests := []struct {
		word string
		want string // one of the lemmas
	}{
		{"warns", "warn"}, {"warned", "warn"}, {"warning", "warn"},
		{"denies", "deny"}, {"denied", "deny"},
		{"committed", "commit"}, {"committing", "commit"},
		{"proposing", "propose"}, {"proposed", "propose"},
		{"discusses", "discuss"}, {"agreed", "agree"}, {"guarantees", "guarantee"},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			found := false
			for _, l := range Lemmas(tt.word) {
				if l == tt.want {
					found = true
				}
			}
			if !found {
				t.Errorf("Lemmas(%q) = %v, want %q among them", tt.word, Lemmas(tt.word), tt.want)
			}
		})
	}
	if got := Lemmas("discuss"); len(got) != 0 {
		t.Errorf("Lemmas(discuss) = %v: a double s is no plural", got)
	}
}

func TestEnglishMatching(t *testing.T) {
	l := english(t)
	tests := []struct {
		name, text, id string
		kind           Kind
	}{
		{"third person", "Moscow threatens", "warn", KPredicate},
		{"past tense", "Moscow threatened", "warn", KPredicate},
		{"irregular past from the data", "Ushakov told reporters", "", KAttribVerb},
		{"y to ied", "The Kremlin denied it", "deny", KPredicate},
		{"doubled consonant", "Biden committed to it", "commit", KPredicate},
		{"capitals and curly possessive", "RUSSIA’S PRESIDENT", "putin", KActor},
		{"straight possessive", "Russia's president", "putin", KActor},
		{"contraction is one negator", "Biden didn’t agree", "", KNegator},
		{"hyphenated word", "a military build-up", "russian_troop_buildup", KTopic},
		{"initials", "the U.S. side", "usa", KActor},
		{"an acronym by its spelling", "the US and its allies", "usa", KActor},
		{"an acronym in a title", "US President Joe Biden", "biden", KActor},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ms []Match
			for _, m := range l.Find(l.Tokenize(arabic.Clean(tt.text), 0)) {
				if m.Kind == tt.kind {
					ms = append(ms, m)
				}
			}
			if len(ms) == 0 || ms[0].ID != tt.id {
				t.Errorf("%q: %s matches %v, want ID %q", tt.text, tt.kind, ms, tt.id)
			}
		})
	}
}

func TestEnglishTokens(t *testing.T) {
	l := english(t)
	toks := l.Tokenize("Russia’s 50-minute call didn't end", 0)
	var norms []string
	for _, tk := range toks {
		norms = append(norms, tk.Norm)
	}
	want := []string{"russia", "50", "minute", "call", "didn't", "end"}
	if !reflect.DeepEqual(norms, want) {
		t.Fatalf("tokens %v, want %v", norms, want)
	}
	if toks[0].Raw != "Russia’s" || !Possessive(toks[0]) {
		t.Errorf("the possessive is not kept in the raw form: %q", toks[0].Raw)
	}
	if toks[1].Start != 9 || toks[1].End != 11 || toks[2].Start != 12 || toks[2].End != 18 {
		t.Errorf("number and unit offsets: %+v %+v", toks[1], toks[2])
	}
	// the Arabic lexicon tokenizes as before
	ar, _ := Load()
	if got := ar.Tokenize("Russia’s", 0); len(got) != 2 {
		t.Errorf("Arabic tokenization changed: %+v", got)
	}
}

func TestEnglishSentenceSplit(t *testing.T) {
	l := english(t)
	ss := arabic.Split("Victoria Y. Zhuravleva said the U.S. side agreed. Mr. Peskov said on Dec. 8 it was over.", l.SplitOptions())
	if len(ss) != 2 {
		var got []string
		for _, s := range ss {
			got = append(got, s.Text)
		}
		t.Errorf("sentences %q, want 2", got)
	}
}

func TestPronounIsNoAcronym(t *testing.T) {
	l := english(t)
	for _, m := range l.Find(l.Tokenize("They told us nothing.", 0)) {
		if m.Kind == KActor {
			t.Errorf("the pronoun matched an actor: %v", m)
		}
	}
}
