package graph

import (
	"context"
	"strings"
	"testing"

	"github.com/claimgraph/claimgraph/schema"
)

func TestFindContradictions(t *testing.T) {
	m := mention
	tests := []struct {
		name  string
		in    []schema.Mention
		kinds []string // expected kinds in order
		check func(t *testing.T, cs []schema.Contradiction)
	}{
		{
			name:  "polarity: asserted and denied",
			in:    []schema.Mention{m("a", "putin", "agree", "continued_talks", schema.Positive, "kremlin", "e", 1), m("b", "putin", "agree", "continued_talks", schema.Negative, "outlet", "e", 1)},
			kinds: []string{"polarity"},
			check: func(t *testing.T, cs []schema.Contradiction) {
				if len(cs[0].Sides[0]) != 1 || cs[0].Sides[1][0].Polarity != schema.Negative || cs[0].Topic != "continued_talks" {
					t.Errorf("sides %+v", cs[0].Sides)
				}
			},
		},
		{
			name:  "opposing predicates",
			in:    []schema.Mention{m("a", "nato", "agree", "ukraine_nato_membership", schema.Positive, "outlet", "e", 1), m("b", "nato", "reject", "ukraine_nato_membership", schema.Positive, "tass", "e", 1)},
			kinds: []string{"opposing"},
		},
		{
			name:  "opposing needs the same subject",
			in:    []schema.Mention{m("a", "nato", "agree", "x", schema.Positive, "outlet", "e", 1), m("b", "russia", "reject", "x", schema.Positive, "tass", "e", 1)},
			kinds: nil,
		},
		{
			name: "implied: not discussed vs a participant's claim",
			in: []schema.Mention{
				m("a", "putin", "discuss", "face_to_face_meeting", schema.Negative, "ushakov", "e", 1),
				m("a", "biden", "discuss", "face_to_face_meeting", schema.Negative, "ushakov", "e", 1),
				m("b", "biden", "hope", "face_to_face_meeting", schema.Positive, "tass", "e", 2),
				m("c", "west", "hope", "face_to_face_meeting", schema.Positive, "outlet", "e", 2), // not a participant
			},
			kinds: []string{"implied"},
			check: func(t *testing.T, cs []schema.Contradiction) {
				if n := len(cs[0].Sides[1]); n != 1 || cs[0].Sides[1][0].Subject != "biden" {
					t.Errorf("positive side %+v", cs[0].Sides[1])
				}
			},
		},
		{
			name:  "implied needs the same event",
			in:    []schema.Mention{m("a", "putin", "discuss", "t", schema.Negative, "u", "e1", 1), m("b", "putin", "want", "t", schema.Positive, "k", "e2", 1)},
			kinds: nil,
		},
		{
			name:  "equal values, exact and approximate, agree",
			in:    []schema.Mention{m("a", "e", "duration", "120", schema.Positive, "tass", "e", 1), approx(m("b", "e", "duration", "120", schema.Positive, "outlet", "e", 1))},
			kinds: nil,
		},
		{
			name:  "approximate values within tolerance are a minor conflict",
			in:    []schema.Mention{approx(m("a", "e", "duration", "120", schema.Positive, "tass", "e", 1)), m("b", "e", "duration", "135", schema.Positive, "outlet", "e", 1)},
			kinds: []string{"value"},
			check: func(t *testing.T, cs []schema.Contradiction) {
				if cs[0].Severity != "minor" || cs[0].Difference != 15 || cs[0].Topic != "duration" {
					t.Errorf("got %+v", cs[0])
				}
			},
		},
		{
			name: "major before minor",
			in: []schema.Mention{
				approx(m("a", "e", "duration", "120", schema.Positive, "tass", "e", 1)), m("b", "e", "duration", "130", schema.Positive, "outlet", "e", 1),
				m("c", "e", "medium", "video", schema.Positive, "outlet", "e", 1), m("d", "e", "medium", "phone", schema.Positive, "kremlin", "e", 1),
			},
			kinds: []string{"value", "value"},
			check: func(t *testing.T, cs []schema.Contradiction) {
				if cs[0].Topic != "medium" || cs[0].Severity != "major" || cs[1].Severity != "minor" {
					t.Errorf("order %s/%s, %s/%s", cs[0].Topic, cs[0].Severity, cs[1].Topic, cs[1].Severity)
				}
			},
		},
		{
			name: "tone is not single-valued",
			in:   []schema.Mention{m("a", "e", "tone", "frank", schema.Positive, "k", "e", 1), m("b", "e", "tone", "useful", schema.Positive, "k", "e", 1)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := FindContradictions(tt.in)
			var kinds []string
			for _, c := range cs {
				kinds = append(kinds, c.Kind)
			}
			if len(kinds) != len(tt.kinds) {
				t.Fatalf("kinds %v, want %v", kinds, tt.kinds)
			}
			for i := range kinds {
				if kinds[i] != tt.kinds[i] {
					t.Fatalf("kinds %v, want %v", kinds, tt.kinds)
				}
			}
			if tt.check != nil {
				tt.check(t, cs)
			}
		})
	}
}

func approx(m schema.Mention) schema.Mention { m.Approx = true; return m }

func TestFindShifts(t *testing.T) {
	m := mention
	from := []schema.Mention{
		m("a", "putin", "demand", "security_guarantees", schema.Positive, "k", "e1", 1),
		m("a", "putin", "propose", "lift_diplomatic_restrictions", schema.Positive, "k", "e1", 2),
		m("a", "biden", "agree", "continued_talks", schema.Positive, "k", "e1", 3),
		m("a", "russia", "support", "x", schema.Positive, "k", "e1", 4),
		m("a", "e1", "duration", "120", schema.Positive, "k", "e1", 5),
		m("a", "putin", "agree", "continued_talks", schema.Positive, "k", "e1", 6),
	}
	to := []schema.Mention{
		m("b", "putin", "demand", "security_guarantees", schema.Positive, "k", "e2", 1),
		m("b", "putin", "warn", "sanctions", schema.Positive, "k", "e2", 2),
		m("b", "biden", "agree", "continued_talks", schema.Negative, "k", "e2", 3),
		m("b", "russia", "oppose", "x", schema.Positive, "k", "e2", 4),
		// asserted by one source and denied by another in the second event
		m("b", "putin", "agree", "continued_talks", schema.Positive, "k", "e2", 5),
		m("c", "putin", "agree", "continued_talks", schema.Negative, "o", "e2", 5),
		m("b", "usa", "commit", "y", schema.Positive, "k", "e2", 6),
		m("c", "usa", "commit", "y", schema.Negative, "o", "e2", 6),
	}
	got := map[string]string{}
	for _, s := range FindShifts(from, to) {
		got[s.Actor+" "+s.Predicate+" "+s.Object+" "+s.Polarity] = s.Status
		if s.Status == "stable" && (len(s.From) == 0 || len(s.To) == 0) {
			t.Errorf("stable shift without mentions on both sides: %+v", s)
		}
	}
	want := map[string]string{
		"putin demand security_guarantees positive":           "stable",
		"putin warn sanctions positive":                       "new",
		"putin propose lift_diplomatic_restrictions positive": "dropped",
		"biden agree continued_talks negative":                "reversed",
		"russia oppose x positive":                            "reversed",
		"putin agree continued_talks mixed":                   "contested",
		"usa commit y mixed":                                  "contested",
	}
	if len(got) != len(want) {
		t.Errorf("got %v", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q (all %v)", k, got[k], v, got)
		}
	}
}

func TestPositions(t *testing.T) {
	m := mention
	ps := FindPositions([]schema.Mention{
		m("a", "kremlin", "deny", "invasion_threat", schema.Positive, "k", "e", 1),
		m("b", "west", "express_concern", "invasion_threat", schema.Positive, "o", "e", 1),
		m("c", "usa", "intend", "invasion_threat", schema.Negative, "o", "e", 1),
	})
	dir := map[string]string{}
	for _, p := range ps {
		dir[p.Actor] = p.Stance
	}
	if dir["kremlin"] != "against" || dir["west"] != "for" || dir["usa"] != "against" {
		t.Errorf("stances %v", dir)
	}
}

func TestPositionsWarnRoles(t *testing.T) {
	m := mention
	evidence := func(x schema.Mention, text, norm, cond string) schema.Mention {
		x.Evidence, x.EvidenceNorm, x.Condition = text, norm, cond
		return x
	}
	tests := []struct {
		name string
		in   schema.Mention
		want string
		cond string
	}{
		{"threat of a consequence", evidence(m("a", "biden", "warn", "sanctions", schema.Positive, "white_house", "e", 1),
			"حذر الرئيس الأمريكي نظيره الروسي بأن روسيا ستتعرض لعقوبات في حال حصول تصعيد", "حذر الرييس الامريكي نظيره الروسي بان روسيا ستتعرض لعقوبات في حال حصول تصعيد", "military_escalation"), "for", "military_escalation"},
		{"warning against an action", evidence(m("b", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e", 1),
			"بوتين حذّر بايدن من مغبة فرض عقوبات على روسيا", "بوتين حذر بايدن من مغبه فرض عقوبات علي روسيا", ""), "against", ""},
		{"a big mistake", evidence(m("c", "russia", "warn", "sanctions", schema.Positive, "kremlin", "e", 1),
			"خيار العقوبات في حال التصعيد سيكون خطأ كبيرا", "خيار العقوبات في حال التصعيد سيكون خطا كبيرا", "military_escalation"), "against", "military_escalation"},
		{"english warning against", func() schema.Mention {
			x := evidence(m("d", "putin", "warn", "sanctions", schema.Positive, "kremlin", "e", 1), "Putin Warned Against new sanctions", "", "")
			x.Lang = "en"
			return x
		}(), "against", ""},
		{"denied threat", evidence(m("e", "usa", "warn", "sanctions", schema.Negative, "outlet", "e", 1), "لم تهدد واشنطن بعقوبات", "لم تهدد واشنطن بعقوبات", ""), "against", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps := FindPositions([]schema.Mention{tc.in})
			if len(ps) != 1 || ps[0].Stance != tc.want || ps[0].Condition != tc.cond {
				t.Errorf("positions %+v, want %s if %q", ps, tc.want, tc.cond)
			}
		})
	}
	// both in one event: the two actors disagree
	var in []schema.Mention
	for _, tc := range tests[:2] {
		in = append(in, tc.in)
	}
	dirs := map[string]bool{}
	for _, p := range FindPositions(in) {
		dirs[p.Stance] = true
	}
	if !dirs["for"] || !dirs["against"] {
		t.Errorf("no disagreement: %v", dirs)
	}
}

func TestStanceDataIsNormalized(t *testing.T) {
	// the Arabic cues are matched against normalized evidence, so they must
	// be written in the normalized spelling
	for pred, roles := range stances.Roles {
		for _, c := range roles["against"]["ar"] {
			if strings.ContainsAny(c, "أإآٱةىًٌٍَُِّْـ") {
				t.Errorf("%s: cue %q is not normalized", pred, c)
			}
		}
	}
}

func TestAnalysesOverStore(t *testing.T) {
	for name, open := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			m := mention
			if _, err := s.Put(ctx, []schema.Extraction{
				doc("a", "/a", m("a", "putin", "discuss", "face_to_face_meeting", schema.Negative, "ushakov", "e", 1)),
				doc("b", "/b", m("b", "putin", "want", "face_to_face_meeting", schema.Positive, "kremlin", "e", 1), m("b", "putin", "want", "face_to_face_meeting", schema.Positive, "kremlin", "e2", 2)),
			}); err != nil {
				t.Fatal(err)
			}
			cs, err := s.Contradictions(ctx, ContradictionFilter{Kind: "implied"})
			if err != nil || len(cs) != 1 || cs[0].Sides[0][0].Doc != "a.txt" || cs[0].Sides[1][0].Doc != "b.txt" {
				t.Fatalf("contradictions %+v %v", cs, err)
			}
			if cs, _ := s.Contradictions(ctx, ContradictionFilter{Event: "e2"}); len(cs) != 0 {
				t.Errorf("event filter ignored: %+v", cs)
			}
			sh, err := s.Shifts(ctx, "e", "e2", "putin", 0)
			if err != nil || len(sh) != 2 {
				t.Fatalf("shifts %+v %v", sh, err)
			}
		})
	}
}
