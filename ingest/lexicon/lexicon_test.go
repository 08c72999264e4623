package lexicon

import (
	"testing"

	"github.com/claimgraph/claimgraph/ingest/arabic"
)

func find(t *testing.T, l *Lexicon, text string, k Kind) []Match {
	t.Helper()
	var out []Match
	for _, m := range l.Find(arabic.Tokenize(arabic.Clean(text), 0)) {
		if m.Kind == k {
			out = append(out, m)
		}
	}
	return out
}

func TestDefaultLexiconLoads(t *testing.T) {
	l, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	v, err := LoadVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	// every lexicon ID must be a vocabulary ID
	for id := range l.ActorIDs {
		if _, ok := v.Actors[id]; !ok {
			t.Errorf("lexicon actor %q is not in the vocabulary", id)
		}
	}
	for id := range l.PredicateIDs {
		if _, ok := v.Predicates[id]; !ok {
			t.Errorf("lexicon predicate %q is not in the vocabulary", id)
		}
	}
	for id := range l.TopicIDs {
		if _, ok := v.Topics[id]; !ok {
			t.Errorf("lexicon topic %q is not in the vocabulary", id)
		}
	}
	for id, stance := range l.TopicStances {
		if !l.TopicIDs[id] || !l.PredicateIDs[stance] {
			t.Errorf("topic stance %s: %s names an unknown topic or predicate", id, stance)
		}
	}
}

func TestClitics(t *testing.T) {
	l, _ := Default()
	tests := []struct {
		name, text, id string
		kind           Kind
	}{
		{"waw and article", "وموسكو", "russia", KActor},
		{"lam-lam article", "للحلف الأطلسي", "nato", KActor},
		{"bi prefix on a multi-word actor", "بالبيت الأبيض", "white_house", KActor},
		{"alef variants", "الرئيس الامريكي", "biden", KActor},
		{"ta marbuta before suffix", "رسالتها", "", KNoEvent},
		{"verb inflection by stem", "وحذّرت", "warn", KPredicate},
		{"present tense with fa", "فيطالب", "demand", KPredicate},
		{"pronoun suffix on a noun", "تعهداته", "commit", KPredicate},
		{"tanween alef", "اجتياحًا", "invasion_threat", KTopic},
		{"gap pattern", "توسع حلف شمال الأطلسي", "nato_expansion", KTopic},
		{"hamza on alef maqsura spelling", "ايران", "iran", KTopic},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := find(t, l, tt.text, tt.kind)
			if len(ms) == 0 {
				t.Fatalf("%q: no %s match", tt.text, tt.kind)
			}
			if tt.id != "" && ms[0].ID != tt.id {
				t.Errorf("%q: matched %s, want %s", tt.text, ms[0].ID, tt.id)
			}
		})
	}
}

func TestNoFalseClitics(t *testing.T) {
	l, _ := Default()
	tests := []struct {
		name, text string
		kind       Kind
	}{
		{"بعدما is not عدم", "بعدما انتهى", KNegator},
		{"كما is not a negator", "كما قال", KNegator},
		{"لا is not the preposition ل", "لا", KObjectPrep},
		{"adjective الروسية is not Russia", "القوات الروسية", KActor},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if ms := find(t, l, tt.text, tt.kind); len(ms) > 0 {
				t.Errorf("%q matched %v", tt.text, ms)
			}
		})
	}
}

func TestLongestMatchWins(t *testing.T) {
	l, _ := Default()
	ms := find(t, l, "قناة روسيا 1", KActor)
	if len(ms) != 1 || ms[0].ID != "russia_1" {
		t.Fatalf("got %v, want one russia_1", ms)
	}
}

func TestUserLexiconExtends(t *testing.T) {
	var f File
	Merge(&f, File{Actors: map[string][]string{"zelensky": {"زيلينسكي"}}, Predicates: map[string][]Entry{"warn": {{P: "أنذر*"}}}})
	l, err := Compile(f)
	if err != nil {
		t.Fatal(err)
	}
	if ms := find(t, l, "أنذرت زيلينسكي", KPredicate); len(ms) != 1 || ms[0].ID != "warn" {
		t.Errorf("user predicate not matched: %v", ms)
	}
	if ms := find(t, l, "أنذرت زيلينسكي", KActor); len(ms) != 1 || ms[0].ID != "zelensky" {
		t.Errorf("user actor not matched: %v", ms)
	}
}

func TestBadPattern(t *testing.T) {
	if _, err := Compile(File{Topics: map[string][]string{"x": {"كلمة ..."}}}); err == nil {
		t.Fatal("a pattern ending in a gap must be refused")
	}
}

// TestNamesAreNotPredicates guards against stems that swallow names: no
// predicate, negator or condition may match inside an actor's own forms,
// with or without a clitic (بايدن, لبايدن, وبايدن).
func TestNamesAreNotPredicates(t *testing.T) {
	l, _ := Default()
	for id, forms := range l.Actors {
		for _, f := range forms {
			for _, pre := range []string{"", "و", "ل", "ب"} {
				text := pre + f
				for _, k := range []Kind{KPredicate, KNegator, KCondition, KAttribVerb} {
					if ms := find(t, l, text, k); len(ms) > 0 {
						t.Errorf("actor %s form %q: %s %q matches inside the name", id, text, k, ms[0].Src)
					}
				}
			}
		}
	}
}

func TestVerbParadigm(t *testing.T) {
	l, err := Compile(File{
		Morphology: Morphology{
			PresentPrefixes: []string{"ي", "ت", "ن", "أ"}, FuturePrefix: []string{"س"},
			PastSuffixes: []string{"ت", "ا", "تا", "وا", "نا"}, PresentSuffixes: []string{"ان", "ون", "ين", "ا"},
			ObjectPronouns: []string{"ه", "ها", "هما"}, Conjunctions: []string{"و", "ف"}, Prepositions: []string{"ب", "ل"}, Article: []string{"ال"},
		},
		Predicates: map[string][]Entry{"commit": {{P: "~كلف"}}, "agree": {{P: "~اتفق"}}, "deny": {{P: "~نفى"}, {P: "~أنكر"}}},
		Topics:     map[string][]string{"concern": {"قلق"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ word, id string }{
		{"كلفا", "commit"}, {"وكلفت", "commit"}, {"يكلفان", "commit"}, {"سيكلف", "commit"}, {"كلفه", "commit"},
		{"تتفق", "agree"}, {"اتفقوا", "agree"}, {"سيتفقان", "agree"}, {"نتفق", "agree"},
		{"نفت", "deny"}, {"نفوا", "deny"}, {"ينفي", "deny"}, {"تنكره", "deny"}, {"أنكرت", "deny"}, {"ينكرون", "deny"},
		{"القلق", "concern"}, {"والقلق", "concern"}, {"بالقلق", "concern"},
	} {
		t.Run(tc.word, func(t *testing.T) {
			ms := l.Find(arabic.Tokenize(tc.word, 0))
			if len(ms) != 1 || ms[0].ID != tc.id {
				t.Errorf("%s: got %v, want %s", tc.word, ms, tc.id)
			}
		})
	}
	for _, w := range []string{"كلام", "تكاليف", "اتفاقيات", "نفط", "منكر"} {
		if ms := l.Find(arabic.Tokenize(w, 0)); len(ms) != 0 {
			t.Errorf("%s matched %v", w, ms)
		}
	}
}
