package extract_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/extract"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

func newExtractor(t testing.TB) *extract.Extractor {
	t.Helper()
	lex, err := lexicon.Default()
	if err != nil {
		t.Fatal(err)
	}
	voc, err := lexicon.LoadVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	return extract.New(lex, voc)
}

func run(x *extract.Extractor, text string) []schema.Mention {
	clean := arabic.Clean(text)
	return x.Extract(schema.Document{ID: schema.Hash(clean), Name: "t.txt", Text: clean})
}

// key renders a mention as "subject predicate object polarity" plus the
// qualifiers a test asks about.
func key(m schema.Mention) string {
	return fmt.Sprintf("%s %s %s %s", m.Subject, m.Predicate, m.Object, m.Polarity)
}

type want struct {
	claim             string // "subject predicate object polarity"
	source, event     string // "" = not checked
	condition, target string
}

func TestRules(t *testing.T) {
	x := newExtractor(t)
	tests := []struct {
		name string
		text string
		want []want
		not  []string // claims that must not be made
	}{
		{
			name: "VSO with a role subject and a role target",
			text: "حذر الرئيس الأمريكي نظيره الروسي من عقوبات اقتصادية قاسية.",
			want: []want{{claim: "biden warn sanctions positive", target: "putin", source: "outlet"}},
			not:  []string{"putin warn sanctions positive"},
		},
		{
			name: "SVO with a name",
			text: "بوتين يحذر الغرب من نشر أسلحة هجومية قرب حدود بلاده.",
			want: []want{{claim: "putin warn offensive_weapons_deployment positive", target: "west"}},
		},
		{
			name: "metonymy and a present-tense verb",
			text: "وتطالب موسكو بضمانات أمنية ملزمة.",
			want: []want{{claim: "russia demand security_guarantees positive", event: "unknown"}},
		},
		{
			name: "negation with لم",
			text: "وقال البيت الأبيض إن بايدن لم يقدم أي تنازلات لنظيره.",
			want: []want{{claim: "biden commit commitments negative", source: "white_house"}},
			not:  []string{"biden commit commitments positive"},
		},
		{
			name: "negation scope stops at the clause",
			text: "لم تتغير الأمور كثيرا، وطالب بوتين بضمانات أمنية.",
			want: []want{{claim: "putin demand security_guarantees positive"}},
		},
		{
			name: "no intention is intend negative",
			text: "وأكد البيان عدم وجود أي نية لدى واشنطن لنشر أسلحة هجومية في أوكرانيا.",
			want: []want{{claim: "usa intend offensive_weapons_deployment negative"}},
		},
		{
			name: "does not want is oppose",
			text: "وقالت روسيا إنها لا تريد نشر أسلحة هجومية قرب حدودها.",
			want: []want{{claim: "russia oppose offensive_weapons_deployment positive", source: "russia"}},
			not:  []string{"russia want offensive_weapons_deployment negative"},
		},
		{
			name: "condition kept as a qualifier",
			text: "وهدد بايدن بفرض عقوبات شديدة على روسيا إذا تصاعد الوضع في أوكرانيا.",
			want: []want{{claim: "biden warn sanctions positive", condition: "military_escalation"}},
			not:  []string{"biden warn military_escalation positive"},
		},
		{
			name: "condition with في حال before the object",
			text: "في حال غزو أوكرانيا حذر بايدن من عقوبات غير مسبوقة.",
			want: []want{{claim: "biden warn sanctions positive"}},
		},
		{
			name: "attribution by preposition",
			text: "واقترح بوتين رفع القيود عن البعثات الدبلوماسية، وفقا لبيان الكرملين.",
			want: []want{{claim: "putin propose lift_diplomatic_restrictions positive", source: "kremlin"}},
		},
		{
			name: "footage aired by a channel: the channel is the source",
			text: "وقال بوتين لبايدن: \"أود أن نلتقي وجها لوجه\"، حسب لقطات مصورة بثتها قناة روسيا 1.",
			want: []want{{claim: "putin want face_to_face_meeting positive", source: "russia_1"}},
		},
		{
			name: "a quote before its speaker",
			text: "\"روسيا لا تريد نشر أسلحة هجومية قرب حدودها\"، قال بيسكوف للصحفيين.",
			want: []want{{claim: "russia oppose offensive_weapons_deployment positive", source: "peskov"}},
		},
		{
			name: "relay: the innermost named source",
			text: "ونقلت وكالة تاس عن المتحدث باسم الكرملين ديمتري بيسكوف قوله إن بوتين يطالب بضمانات.",
			want: []want{{claim: "putin demand security_guarantees positive", source: "peskov"}},
		},
		{
			name: "speaker who is the subject: the outer source",
			text: "وذكر الكرملين أن بوتين أبلغ بايدن أنه من الخطأ تحميل روسيا المسؤولية عن التوتر.",
			want: []want{{claim: "putin reject blame_on_russia positive", source: "kremlin"}},
		},
		{
			name: "an organization's own speech act",
			text: "ونفى الكرملين أي نية لمهاجمة أوكرانيا.",
			want: []want{{claim: "kremlin deny invasion_threat positive", source: "kremlin"}},
			not:  []string{"kremlin intend invasion_threat positive", "ukraine intend invasion_threat positive"},
		},
		{
			name: "plural subject expands",
			text: "واتفق الزعيمان على مواصلة المحادثات.",
			want: []want{{claim: "putin agree continued_talks positive"}, {claim: "biden agree continued_talks positive"}},
		},
		{
			name: "coordinated subjects",
			text: "وناقش بوتين وبايدن الأمن السيبراني.",
			want: []want{{claim: "putin discuss cybersecurity positive"}, {claim: "biden discuss cybersecurity positive"}},
		},
		{
			name: "dual verb with no subject takes the pair",
			text: "وأوضح أوشاكوف أنهما لم يناقشا الاجتماع شخصيا.",
			want: []want{{claim: "putin discuss face_to_face_meeting negative", source: "ushakov"}, {claim: "biden discuss face_to_face_meeting negative"}},
		},
		{
			name: "participle inherits the subject",
			text: "وحذر بوتين من توسع الناتو شرقا، مطالبا بضمانات قانونية.",
			want: []want{{claim: "putin warn nato_expansion positive"}, {claim: "putin demand security_guarantees positive"}},
		},
		{
			name: "purpose verbal noun takes the main subject",
			text: "واستغل بايدن المكالمة لتحذير بوتين من عقوبات قاسية.",
			want: []want{{claim: "biden warn sanctions positive", target: "putin"}},
			not:  []string{"putin warn sanctions positive"},
		},
		{
			name: "coordinated verb keeps its subject",
			text: "وأعرب الغرب عن قلقه من غزو روسي لأوكرانيا وحذر من عقوبات.",
			want: []want{{claim: "west express_concern invasion_threat positive"}, {claim: "west warn sanctions positive"}},
		},
		{
			name: "relative clause subject",
			text: "وتأتي المحادثات بطلب من موسكو التي تطالب بضمانات أمنية.",
			want: []want{{claim: "russia demand security_guarantees positive"}},
		},
		{
			name: "object negated by عدم",
			text: "وطالب بوتين بعدم انضمام أوكرانيا إلى الحلف.",
			want: []want{{claim: "putin demand ukraine_nato_membership negative"}},
		},
		{
			name: "a revoking verb negates the object its phrase ends in",
			text: "وتطالب روسيا بإلغاء القرار الذي يسمح بانضمام أوكرانيا إلى الحلف.",
			want: []want{{claim: "russia demand ukraine_nato_membership negative"}},
			not:  []string{"russia demand ukraine_nato_membership positive"},
		},
		{
			name: "a revoking verb does not reach past another actor",
			text: "وتطالب روسيا بإلغاء القرار وتدعو واشنطن لعدم معارضة انضمام أوكرانيا إلى الحلف.",
			not:  []string{"russia demand ukraine_nato_membership negative"},
		},
		{
			name: "coordinated objects",
			text: "وبحث الرئيسان الأمن السيبراني و إيران.",
			want: []want{{claim: "putin discuss cybersecurity positive"}, {claim: "putin discuss iran positive"}},
		},
		{
			name: "first person: the speaker is the subject",
			text: "وقال بايدن: \"أود لقاء بوتين وجها لوجه\".",
			want: []want{{claim: "biden want face_to_face_meeting positive"}},
		},
		{
			name: "a bare title is not resolved",
			text: "وقال مسؤول إن الرئيس يطالب بضمانات.",
			not:  []string{"putin demand security_guarantees positive", "biden demand security_guarantees positive"},
		},
		{
			name: "a weekday and a comma do not cut the object off",
			text: "حذرت روسيا الولايات المتحدة، الأربعاء، من فرض عقوبات جديدة عليها.",
			want: []want{{claim: "russia warn sanctions positive", target: "usa"}},
		},
		{
			name: "a condition belongs to the clause it stands in",
			text: "وأعربت واشنطن عن قلقها إزاء حشد القوات الروسية، وهددت بعقوبات في حال غزو أوكرانيا.",
			want: []want{{claim: "usa express_concern russian_troop_buildup positive", condition: ""}, {claim: "usa warn sanctions positive", condition: "invasion_threat"}},
		},
		{
			name: "a participial attribution speaks for the clause's subject",
			text: "ورفضت واشنطن المطالب الروسية، مؤكدة أن بايدن لن يقدم أي تنازلات.",
			want: []want{{claim: "biden commit commitments negative", source: "usa"}},
		},
		{
			name: "a pronoun speaker is the main clause's subject",
			text: "ولم يستبعد البيت الأبيض عقد قمة بين الرئيسين، لكنه قال إن بايدن لن يقدم أي تنازلات.",
			want: []want{{claim: "biden commit commitments negative", source: "white_house"}},
		},
		{
			name: "de-escalation is escalation negated; the urged party is the target",
			text: "ودعا بايدن إلى خفض التصعيد وحث موسكو على سحب قواتها من الحدود.",
			want: []want{{claim: "biden call_for military_escalation negative"}, {claim: "biden call_for russian_troop_buildup negative", target: "russia"}},
		},
		{
			name: "a spokesperson's denial is his own statement",
			text: "ونفى بيسكوف أن تكون روسيا تخطط لغزو أوكرانيا.",
			want: []want{{claim: "peskov deny invasion_threat positive", source: "peskov"}},
		},
		{
			name: "a pronoun object takes the topic before it",
			text: "واتهمت واشنطن موسكو بحشد نحو 100 ألف جندي على الحدود، وهو ما تنفيه روسيا.",
			want: []want{{claim: "usa accuse russian_troop_buildup positive", target: "russia"}, {claim: "russia deny russian_troop_buildup positive"}},
		},
		{
			name: "will not accept is reject",
			text: "وقالت موسكو إنها لن تقبل بانضمام أوكرانيا إلى حلف الناتو.",
			want: []want{{claim: "russia reject ukraine_nato_membership positive"}},
		},
		{
			name: "we: the speaker's side",
			text: "وقال بيسكوف: \"لكننا نطالب بضمانات أمنية واضحة\".",
			want: []want{{claim: "kremlin demand security_guarantees positive", source: "peskov"}},
		},
		{
			name: "a place before a comma is not the speaker",
			text: "وفي واشنطن، أكد جيك سوليفان أن الولايات المتحدة مستعدة لمواصلة الحوار مع روسيا.",
			want: []want{{claim: "usa agree continued_talks positive", source: "sullivan"}},
		},
		{
			name: "a coordinated verb shares an explicit subject even without a claim",
			text: "ورحبت كييف بالاتصال بين الرئيسين، ودعت الغرب إلى دعم سيادة أوكرانيا.",
			want: []want{{claim: "ukraine call_for ukraine_sovereignty positive", target: "west"}},
			not:  []string{"putin call_for", "biden call_for", "west support"},
		},
		{
			name: "readiness to impose sanctions is a threat; a later speaker continues the first",
			text: "وقالت ساكي إن بايدن سيوضح أن هناك تكلفة إذا قررت روسيا المضي قدما، وأضافت أن واشنطن جاهزة لفرض عقوبات اقتصادية.",
			want: []want{{claim: "usa warn sanctions positive", source: "psaki", condition: ""}},
			not:  []string{"usa agree sanctions"},
		},
		{
			name: "imposing sanctions alone is no threat",
			text: "وساعد الروبل على استعادة مكاسبه بعد مخاوف من فرض عقوبات غربية جديدة على موسكو.",
			not:  []string{"russia warn", "west warn"},
		},
		{
			name: "his country is the speaker's country; لكنها continues its subject",
			text: "قال بوتين إن بلاده لا تريد الحرب، لكنها تطالب بضمانات أمنية طويلة الأمد.",
			want: []want{{claim: "russia demand security_guarantees positive", source: "putin"}},
		},
		{
			name: "a news agency reports and takes no stance",
			text: "وذكرت وكالة بلومبرج أن مسؤولين أمريكيين حذروا من أن روسيا قد تغزو أوكرانيا.",
			not:  []string{"bloomberg"},
		},
		{
			name: "a jussive after لم is negated",
			text: "ولم تنف موسكو وجود تعزيزات عسكرية على الحدود.",
			want: []want{{claim: "russia deny russian_troop_buildup negative"}},
		},
		{
			name: "an unknown speaker is not the previous one",
			text: "وقال الكرملين إن بوتين يطالب بضمانات. وقالت وزارة الخارجية الروسية إنها ترفض توسع الناتو.",
			want: []want{{claim: "putin demand security_guarantees positive", source: "kremlin"}},
			not:  []string{"kremlin reject", "russia reject nato_expansion positive kremlin"},
		},
		{
			name: "a prepositional phrase after the verb is not a speaker",
			text: "وقال الكرملين إن بوتين يطالب بضمانات. وأضاف في تصريحات للصحفيين أن بوتين يرفض توسع الناتو.",
			want: []want{{claim: "putin reject nato_expansion positive", source: "kremlin"}},
		},
		{
			name: "the latter is the last actor named",
			text: "وخلال المحادثات بين بوتين وبايدن، حذر الأخير من عقوبات قاسية.",
			want: []want{{claim: "biden warn sanctions positive"}},
			not:  []string{"putin warn"},
		},
		{
			name: "the talks stand for their participants",
			text: "وقال الكرملين إن بوتين وبايدن تحدثا ساعتين. وتناولت المحادثات الأمن السيبراني.",
			want: []want{{claim: "putin discuss cybersecurity positive", source: "outlet"}, {claim: "biden discuss cybersecurity positive"}},
			not:  []string{"kremlin discuss"},
		},
		{
			name: "a readiness shown; but-clause rejection by the same subject",
			text: "وأفادت وكالة تاس بأن الرئيس الروسي أبدى استعداده لمواصلة الحوار مع واشنطن، لكنه عبر عن رفضه لأي محاولة لتوسيع حلف الناتو شرقا.",
			want: []want{{claim: "putin agree continued_talks positive", source: "tass"}, {claim: "putin reject nato_expansion positive", source: "tass"}},
		},
		{
			name: "a participle without م takes the main clause's subject",
			text: "ونوه بوتين إلى أن روسيا لا تنوي مهاجمة أحد، داعيا الغرب إلى تقديم ضمانات أمنية ملزمة.",
			want: []want{{claim: "putin call_for security_guarantees positive", target: "west"}},
		},
		{
			name: "will impose is a threat; a nested clause does not cut the outer warning",
			text: "واستغل بايدن المكالمة لتحذير بوتين من أن الولايات المتحدة ستفرض عقوبات غير مسبوقة.",
			want: []want{{claim: "biden warn sanctions positive", target: "putin"}, {claim: "usa warn sanctions positive"}},
		},
		{
			name: "ready is an adjective; will take measures is a threat",
			text: "وقال سوليفان إن واشنطن مستعدة للدبلوماسية، لكنها ستتخذ إجراءات اقتصادية قوية إذا اختارت روسيا طريق التصعيد.",
			want: []want{{claim: "usa warn sanctions positive", source: "sullivan", condition: "military_escalation"}},
		},
		{
			name: "a sentence opening with a verbal negation is a sentence of its own",
			text: "وقال سوليفان إن واشنطن مستعدة للدبلوماسية. ولم يستبعد الكرملين لقاء بين الرئيسين، لكنه نفى أن يكون موعد القمة قد تحدد.",
			not:  []string{"sullivan", "usa deny"},
		},
		{
			name: "the urged party of a coordinated verb is no subject",
			text: "وقالت الخارجية الأمريكية إنها تشعر بقلق بالغ، ودعت موسكو إلى سحب قواتها فورا.",
			not:  []string{"russia call_for"},
		},
		{
			name: "a future verb in a reported clause leaves the call its event",
			text: "وفي اتصال هاتفي مع نظيره الروسي، أكد بايدن أن الولايات المتحدة ستفرض عقوبات قاسية.",
			want: []want{{claim: "biden warn sanctions positive", event: "call_2021_12_30", source: "outlet"}},
		},
		{
			name: "يؤدي is not يود",
			text: "وقال بوتين إن العقوبات قد تؤدي إلى قطع العلاقات وقد يؤدي ذلك إلى لقاء وجها لوجه.",
			not:  []string{"putin want"},
		},
		{
			name: "no claim without a topic",
			text: "وحذر بوتين من العواقب.",
			not:  []string{"putin warn"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkClaims(t, x, tt.text, tt.want, tt.not) })
	}
}

// checkClaims extracts text and checks the wanted claims (with their
// qualifiers) are made and the unwanted ones are not.
func checkClaims(t *testing.T, x *extract.Extractor, text string, wants []want, not []string) {
	t.Helper()
	checkMentions(t, run(x, text), wants, not)
}

// checkMentions checks the wanted claims (with their qualifiers) are among
// ms and the unwanted ones are not.
func checkMentions(t *testing.T, ms []schema.Mention, wants []want, not []string) {
	t.Helper()
	var got []string
	for _, m := range ms {
		got = append(got, key(m))
	}
	for _, w := range wants {
		var hit *schema.Mention
		for i := range ms {
			if key(ms[i]) == w.claim {
				hit = &ms[i]
				break
			}
		}
		if hit == nil {
			t.Errorf("missing %q; got %q", w.claim, got)
			continue
		}
		check := func(field, want, got string) {
			if want != "" && want != got {
				t.Errorf("%s: %s = %q, want %q", w.claim, field, got, want)
			}
		}
		check("source", w.source, hit.Source)
		check("event", w.event, hit.Event)
		check("condition", w.condition, hit.Condition)
		check("target", w.target, hit.Target)
	}
	for _, n := range not {
		for _, g := range got {
			if strings.HasPrefix(g, n) {
				t.Errorf("must not claim %q; got %q", n, got)
			}
		}
	}
}

func TestEvents(t *testing.T) {
	x := newExtractor(t)
	text := `تحدث بوتين وبايدن عبر الفيديو يوم الثلاثاء.

وطالب بوتين بضمانات أمنية.

وفي الاتصال الهاتفي يوم الخميس حذر بوتين من عقوبات.

ومن المقرر أن يعقد الاتصال الهاتفي المقبل قريبا، واقترح بوتين رفع القيود عن البعثات الدبلوماسية.

وقال بوتين في رسالته إن البلدين يتحملان مسؤولية خاصة.`
	ms := run(x, text)
	ev := map[string]string{}
	for _, m := range ms {
		ev[m.Predicate+" "+m.Object] = m.Event
	}
	for claim, want := range map[string]string{
		"demand security_guarantees":           "call_2021_12_07", // document's dominant event
		"warn sanctions":                       "call_2021_12_30", // cue in the sentence
		"propose lift_diplomatic_restrictions": "call_2021_12_07", // a planned call is not its event
		"affirm special_responsibility":        "unknown",         // a message, not an event
	} {
		if ev[claim] != want {
			t.Errorf("%s: event %q, want %q (all: %v)", claim, ev[claim], want, ev)
		}
	}
}

func TestEventRules(t *testing.T) {
	x := newExtractor(t)
	text := `تحدث بوتين وبايدن عبر الفيديو يوم الثلاثاء.

وقال الكرملين إن الجانب الروسي اقترح رفع القيود عن البعثات الدبلوماسية.

وتطالب موسكو بضمانات أمنية منذ أشهر.

وقال أوشاكوف إن الرئيسين سيبحثان الضمانات الأمنية خلال الاتصال الهاتفي الخميس.`
	ev := map[string]string{}
	for _, m := range run(x, text) {
		ev[m.Subject+" "+m.Predicate+" "+m.Object] = m.Event
	}
	for claim, want := range map[string]string{
		"russia propose lift_diplomatic_restrictions": "call_2021_12_07", // a side in the talks
		"russia demand security_guarantees":           "unknown",         // a standing position
		"putin discuss security_guarantees":           "call_2021_12_07", // a future call is not the sentence's event
	} {
		if ev[claim] != want {
			t.Errorf("%s: event %q, want %q (all %v)", claim, ev[claim], want, ev)
		}
	}
}

func TestContinuationSentence(t *testing.T) {
	x := newExtractor(t)
	ms := run(x, "ولفت البيان أن بايدن أكد المسؤولية الخاصة للبلدين. وعدم وجود أي نية لدى واشنطن لنشر أسلحة هجومية.")
	found := false
	for _, m := range ms {
		if key(m) == "biden intend offensive_weapons_deployment negative" {
			found = true
		}
	}
	if !found {
		var got []string
		for _, m := range ms {
			got = append(got, key(m)+" src="+m.Source)
		}
		t.Errorf("the continuation keeps its subject: %v", got)
	}
}

func TestFacts(t *testing.T) {
	x := newExtractor(t)
	tests := []struct {
		name, text string
		want       []string // "predicate object"
		approx     bool
		not        []string
	}{
		{"duration in words with approximator", "واستمرت المكالمة عبر الفيديو قرابة ساعتين.", []string{"duration 120", "medium video"}, true, nil},
		{"duration in digits", "واستمر الاتصال الهاتفي 50 دقيقة.", []string{"duration 50", "medium phone"}, false, nil},
		{"duration in Arabic-Indic digits", "واستمر الاتصال الهاتفي ٤٥ دقيقة.", []string{"duration 45"}, false, nil},
		{"more than is approximate", "واستمر الاتصال الهاتفي أكثر من ساعة.", []string{"duration 60"}, true, nil},
		{"parts joined by و add up", "واستمرت القمة عبر الفيديو ساعتين و10 دقائق.", []string{"duration 130"}, false, []string{"duration 120", "duration 10"}},
		{"duration with a number word", "ودامت القمة عبر الفيديو ثلاث ساعات.", []string{"duration 180"}, false, nil},
		{"half an hour", "واستغرقت المكالمة عبر الفيديو نصف ساعة.", []string{"duration 30"}, false, []string{"duration 60"}},
		{"years are not a duration of talks", "وتشهد العلاقات عبر الفيديو توترا منذ نحو 7 سنوات.", nil, false, []string{"duration"}},
		{"initiator", "وجرى الاتصال الهاتفي بناء على طلب من موسكو.", []string{"initiator russia"}, false, nil},
		{"tone", "ووصف الكرملين المحادثات عبر الفيديو بأنها صريحة وبناءة.", []string{"tone frank", "tone constructive"}, false, nil},
		{"tone needs the talks as subject", "وقال إنهما كانا قد تحدثا بشكل جوهري عبر الفيديو.", nil, false, []string{"tone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := run(x, tt.text)
			got := map[string]schema.Mention{}
			for _, m := range ms {
				got[m.Predicate+" "+m.Object] = m
			}
			for _, w := range tt.want {
				m, ok := got[w]
				if !ok {
					t.Errorf("missing %q; got %v", w, keys(got))
					continue
				}
				if strings.HasPrefix(w, "duration") && m.Approx != tt.approx {
					t.Errorf("%s: approx = %v, want %v", w, m.Approx, tt.approx)
				}
			}
			for _, n := range tt.not {
				for k := range got {
					if strings.HasPrefix(k, n) {
						t.Errorf("must not find %q; got %v", n, keys(got))
					}
				}
			}
		})
	}
}

func keys(m map[string]schema.Mention) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestExplainNotes(t *testing.T) {
	x := newExtractor(t)
	ex := x.Explain(schema.Document{Name: "t", Text: arabic.Clean("وقال الكرملين إن بوتين لم يطالب بتنازلات.")})
	if len(ex) == 0 {
		t.Fatal("no claim")
	}
	e := ex[0]
	joined := strings.Join(e.Notes, "; ")
	for _, want := range []string{"negated by", "source kremlin", "event"} {
		if !strings.Contains(joined, want) {
			t.Errorf("notes %q lack %q", joined, want)
		}
	}
	if e.Rule == "" || len(e.Spans) == 0 {
		t.Errorf("rule %q, spans %v", e.Rule, e.Spans)
	}
}

func TestDeterministic(t *testing.T) {
	x := newExtractor(t)
	text := "وحذر بوتين من توسع الناتو شرقا، مطالبا بضمانات قانونية، واتفق الزعيمان على مواصلة المحادثات."
	a := run(x, text)
	for i := 0; i < 5; i++ {
		b := run(x, text)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatal("extraction is not deterministic")
		}
	}
}

func TestUnknown(t *testing.T) {
	x := newExtractor(t)
	text := "وأنذرت موسكو كييف. وأنذرت موسكو الغرب. وقال بوتين إن الأمر بين أيدينا."
	cs := x.Unknown([]schema.Document{{Name: "t", Text: arabic.Clean(text)}}, 2)
	if len(cs) == 0 || cs[0].Word != "وانذرت" || cs[0].Count != 2 || cs[0].Kind != "verb-like" {
		t.Fatalf("candidates %+v", cs)
	}
	for _, c := range cs {
		if c.Word == "بين" {
			t.Errorf("a stopword is a candidate: %+v", c)
		}
	}
}

func TestOverlongSentenceIsCut(t *testing.T) {
	x := newExtractor(t)
	text := arabic.Clean(strings.Repeat("وحذر بوتين من عقوبات قاسية و", 60) + " طالب بايدن بضمانات أمنية")
	runes := []rune(text)
	ms := x.Extract(schema.Document{Name: "t", Text: text})
	if len(ms) == 0 {
		t.Fatal("no claims from an over-long sentence")
	}
	for _, m := range ms {
		if string(runes[m.Start:m.End]) != m.Evidence {
			t.Fatalf("evidence does not match its offsets: %+v", m)
		}
	}
}

func TestExplainMisses(t *testing.T) {
	x := newExtractor(t)
	text := arabic.Clean("وحذر بوتين من العواقب. وقال مسؤول إن الرئيس يطالب بضمانات.")
	ex, misses := x.ExplainAll(schema.Document{Name: "t", Text: text})
	if len(ex) != 0 || len(misses) != 2 {
		t.Fatalf("claims %v, misses %+v", ex, misses)
	}
	if misses[0].Predicate != "warn" || !strings.Contains(misses[0].Reason, "no topic") {
		t.Errorf("first miss %+v", misses[0])
	}
	if misses[1].Predicate != "demand" || !strings.Contains(misses[1].Reason, "no subject") {
		t.Errorf("second miss %+v", misses[1])
	}
}
