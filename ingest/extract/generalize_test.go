package extract_test

import (
	"strings"
	"testing"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/schema"
)

// TestGeneralMechanisms covers the mechanisms that carry the extractor to
// reports it was not written for: verb paradigms, the article, pronouns,
// clause boundaries, control verbs and threats. Each case is written in
// more than one word order or spelling.
func TestGeneralMechanisms(t *testing.T) {
	x := newExtractor(t)
	tests := []struct {
		name string
		text string
		want []want
		not  []string
	}{
		{
			name: "verb paradigm: a dual past",
			text: "وقالت الرئاسة إن الرئيسين كلفا فريقيهما مواصلة المحادثات.",
			want: []want{{claim: "putin agree continued_talks positive"}, {claim: "biden agree continued_talks positive"}},
		},
		{
			name: "verb paradigm: a present dual with the future prefix",
			text: "وأعلن الكرملين أن الزعيمين سيكلفان مفاوضيهما متابعة الحوار.",
			want: []want{{claim: "putin agree continued_talks positive"}, {claim: "biden agree continued_talks positive"}},
		},
		{
			name: "verb paradigm: deny in the present with an object pronoun refers back",
			text: "وتقول واشنطن إن روسيا تعد لغزو أوكرانيا، وهو أمر تنكره موسكو بشدة.",
			want: []want{{claim: "russia deny invasion_threat positive"}},
		},
		{
			name: "verb paradigm: first person plural is the speaker's side",
			text: "وقال أوشاكوف: ننتقد توسع الناتو شرقا.",
			want: []want{{claim: "kremlin accuse nato_expansion positive", source: "ushakov"}},
		},
		{
			name: "the article on a listed noun",
			text: "وعبر بايدن لنظيره عن القلق من الحشود الروسية على الحدود.",
			want: []want{{claim: "biden express_concern russian_troop_buildup positive"}},
			not:  []string{"putin express_concern"},
		},
		{
			name: "an actor with a preposition is not the subject after the verb",
			text: "سيوجه الرئيس الأمريكي تحذيرا لبوتين من أي غزو لأوكرانيا.",
			want: []want{{claim: "biden warn invasion_threat positive"}},
			not:  []string{"putin warn"},
		},
		{
			name: "a possessive verbal noun belongs to the subject, not the actor next to it",
			text: "وحذر بايدن من حشد القوات قرب أوكرانيا، مجددا تأكيد دعمه لسيادة أوكرانيا.",
			want: []want{{claim: "biden support ukraine_sovereignty positive"}},
			not:  []string{"ukraine support"},
		},
		{
			name: "a dual possessive belongs to the pair",
			text: "وأكد الرئيسان في ختام الاتصال دعمهما للمسار الدبلوماسي.",
			want: []want{{claim: "putin support continued_talks positive"}, {claim: "biden support continued_talks positive"}},
		},
		{
			name: "a control verb passes its subject to the verbal noun after it",
			text: "وتعهد الزعيمان بدعم المسار الدبلوماسي للأزمة.",
			want: []want{{claim: "putin support continued_talks positive"}, {claim: "biden support continued_talks positive"}},
			not:  []string{"putin commit", "biden commit"},
		},
		{
			name: "talks named before the verb stand for their participants",
			text: "التقى بوتين وبايدن أمس، وقمة الزعيمين الافتراضية ناقشت الملف الإيراني.",
			want: []want{{claim: "putin discuss iran positive"}, {claim: "biden discuss iran positive"}},
		},
		{
			name: "a threat with only a condition warns of the condition",
			text: "وقال بايدن إن بلاده وحلفاءها سيردون بحزم إذا اجتاحت روسيا أوكرانيا.",
			want: []want{{claim: "biden warn invasion_threat positive"}},
		},
		{
			name: "a future threat by the speaker's own country is the speaker's",
			text: "وأبلغ بايدن بوتين أن واشنطن ستفرض عقوبات صارمة.",
			want: []want{{claim: "biden warn sanctions positive"}},
			not:  []string{"usa warn"},
		},
		{
			name: "a consequence warning with its topic heading a relative clause",
			text: "وقال بوتين إن العقوبات التي تلوح بها واشنطن قد تضر بالعلاقات بين البلدين.",
			want: []want{{claim: "putin warn sanctions positive"}},
		},
		{
			name: "a colon after the speaker opens the quote",
			text: "وقال البيت الأبيض: دعا الرئيس بايدن روسيا إلى خفض التصعيد.",
			want: []want{{claim: "biden call_for military_escalation negative", source: "white_house"}},
		},
		{
			name: "a comma on the predicate closes its reach",
			text: "ولم يقدم بايدن أي تنازلات لبوتين بشأن طلباته، مؤكدا أن الحوار سيستمر.",
			want: []want{{claim: "biden commit commitments negative"}},
			not:  []string{"biden demand"},
		},
		{
			name: "concern caused in someone: that one is concerned",
			text: "وأثارت موسكو قلق الغرب بحشدها القوات قرب الحدود الأوكرانية.",
			want: []want{{claim: "west express_concern russian_troop_buildup positive"}},
			not:  []string{"russia express_concern"},
		},
		{
			name: "unnamed officials speak for their country",
			text: "وأعرب مسؤولون أمريكيون عن قلقهم من غزو روسي محتمل لأوكرانيا.",
			want: []want{{claim: "usa express_concern invasion_threat positive"}},
		},
		{
			name: "a verb coordinated with an attribution verb shares its speaker",
			text: "وأشار مسؤولون أميركيون إلى تحركات القوات قرب أوكرانيا وأثاروا مخاوف من غزو محتمل.",
			want: []want{{claim: "usa express_concern invasion_threat positive"}},
			not:  []string{"ukraine express_concern"},
		},
		{
			name: "an anaphor stands for the topic named before",
			text: "وتتهم واشنطن موسكو بالتخطيط لغزو أوكرانيا، ونفت روسيا مرارا هذه الاتهامات.",
			want: []want{{claim: "russia deny invasion_threat positive"}},
		},
		{
			name: "an anaphor reaches the previous sentence",
			text: "يخشى الغرب غزوا روسيا لأوكرانيا. لكن الكرملين نفى أي خطوة من هذا القبيل.",
			want: []want{{claim: "kremlin deny invasion_threat positive"}},
		},
		{
			name: "wanting a negated topic is opposing it",
			text: "وأعرب بايدن عن رغبته في أن تخفف روسيا الحشود الروسية على الحدود.",
			want: []want{{claim: "biden oppose russian_troop_buildup positive"}},
			not:  []string{"biden want"},
		},
		{
			name: "a coordinator with a dual pronoun: the pair",
			text: "تبادل بوتين وبايدن الاتهامات، لكنهما أبديا بعض التفاؤل بشأن المحادثات الأمنية.",
			want: []want{{claim: "putin hope security_negotiations positive"}, {claim: "biden hope security_negotiations positive"}},
		},
		{
			name: "a comma between an actor and the verb after it: not its subject",
			text: "ويسود توتر بين روسيا والناتو بشأن أوكرانيا، وطلب روسيا ضمانات أمنية مكتوبة.",
			want: []want{{claim: "russia demand security_guarantees positive"}},
			not:  []string{"nato demand"},
		},
		{
			name: "an impersonal attribution is the outlet's voice",
			text: "وقال بوتين إن بلاده لا تريد الحرب. ويذكر أن موسكو تنفي نيتها غزو أوكرانيا.",
			want: []want{{claim: "russia deny invasion_threat positive", source: "outlet"}},
		},
		{
			name: "a verb without a speaker goes on with the statement's owner",
			text: "وقال البيت الأبيض في بيان إن المحادثة كانت مفيدة. وذكر أن بايدن عبر لبوتين عن القلق من الحشود الروسية.",
			want: []want{{claim: "biden express_concern russian_troop_buildup positive", source: "white_house"}},
		},
		{
			name: "an adverb between the verb and its subject",
			text: "وجرى اتصال مطول، وحذر خلاله بايدن من فرض عقوبات على روسيا.",
			want: []want{{claim: "biden warn sanctions positive"}},
		},
		{
			name: "a noun between the verb and an actor: the actor is not the subject",
			text: "ثم انتقد بوتين محاولات الحلف تطوير عملياته قرب حدود روسيا.",
			want: []want{{claim: "putin accuse nato_military_buildup positive"}},
			not:  []string{"nato accuse"},
		},
		{
			name: "an actor after a preposition is not the subject of a later verb",
			text: "وطلب بوتين من بايدن ضمانات مكتوبة، إذ انتقد محاولات الحلف تطوير عملياته.",
			want: []want{{claim: "putin accuse nato_military_buildup positive"}},
			not:  []string{"biden accuse"},
		},
		{
			name: "a second topic after an adverb and و",
			text: "وعبر بوتين عن قلقه من توسع الناتو شرقا ونشر صواريخ قرب حدود بلاده.",
			want: []want{{claim: "putin express_concern nato_expansion positive"}, {claim: "putin express_concern offensive_weapons_deployment positive"}},
		},
		{
			name: "a pattern holding its own object controls nothing",
			text: "وقال مسؤول روسي إن موسكو لن تقدم أي تنازل عن مطالبها الأمنية.",
			want: []want{{claim: "russia commit commitments negative"}},
		},
		{
			name: "a noun's tanween alef is not a dual",
			text: "قال مسؤول إن الرئيس الأمريكي، جو بايدن، سيوجه تحذيرا لنظيره الروسي، فلاديمير بوتين، بشأن أي غزو لأوكرانيا.",
			want: []want{{claim: "biden warn invasion_threat positive"}},
			not:  []string{"putin warn"},
		},
		{
			name: "a comma before a relative clause leads on to the object",
			text: "وسيتحدث بوتين عن المخاوف الروسية، والتي تتمثل في نشر صواريخ قرب حدود بلاده.",
			want: []want{{claim: "putin express_concern offensive_weapons_deployment positive"}},
		},
		{
			name: "a future verb with an object pronoun is not a possessive noun",
			text: "وحذر بايدن بوتين من غزو أوكرانيا، وحدد العقوبات التي ستواجهها روسيا.",
			want: []want{{claim: "biden warn invasion_threat positive"}},
			not:  []string{"putin warn", "russia warn"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkClaims(t, x, tt.text, tt.want, tt.not) })
	}
}

// TestExplainNoStance: a sentence with a known actor and topic but no
// stance verb says so, and names the unknown words where the verb would be.
func TestExplainNoStance(t *testing.T) {
	x := newExtractor(t)
	for _, text := range []string{
		"وقال بوتين إن روسيا تستنكر العقوبات الغربية.",
		"روسيا تستنكر بشدة العقوبات.",
	} {
		clean := arabic.Clean(text)
		ex, misses := x.ExplainAll(schema.Document{ID: "d", Name: "t.txt", Text: clean})
		if len(ex) != 0 {
			t.Fatalf("%s: no claim expected, got %v", text, ex)
		}
		if len(misses) != 1 || misses[0].Predicate != "" || !strings.Contains(misses[0].Reason, "تستنكر") || !strings.Contains(misses[0].Reason, "sanctions") {
			t.Errorf("%s: want one sentence miss naming the unknown verb and the topic, got %+v", text, misses)
		}
	}
}
