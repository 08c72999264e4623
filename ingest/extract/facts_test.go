package extract_test

import (
	"strings"
	"testing"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/extract"
	"github.com/claimgraph/claimgraph/schema"
)

// runPublished extracts a report with a publication date.
func runPublished(x *extract.Extractor, text, published string) []schema.Mention {
	clean := arabic.Clean(text)
	return x.Extract(schema.Document{ID: schema.Hash(clean), Name: "t.txt", Text: clean, Published: published})
}

// factKeys renders the event facts as "event predicate object".
func factKeys(ms []schema.Mention) []string {
	var out []string
	for _, m := range ms {
		switch m.Predicate {
		case "duration", "medium", "initiator", "tone":
			out = append(out, m.Subject+" "+m.Predicate+" "+m.Object)
		}
	}
	return out
}

func has(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// TestFactPatterns: each fact class in several spellings and word orders;
// "predicate object" without the event.
func TestFactPatterns(t *testing.T) {
	x := newExtractor(t)
	tests := []struct {
		name, text string
		want, not  []string
		approx     bool
	}{
		{name: "video through a technology", text: "وعقد الرئيسان قمة عبر تكنولوجيا الفيديو ناقشا فيها الأزمة.", want: []string{"medium video"}},
		{name: "video through a link, talk before", text: "جرى اللقاء بين الزعيمين عبر رابط الفيديو مساء أمس.", want: []string{"medium video"}},
		{name: "video by way of", text: "تحادث بايدن وبوتين عن طريق الفيديو، واستمرت المحادثة أكثر من ساعتين.", want: []string{"medium video", "duration 120"}, approx: true},
		{name: "names between the talks and the medium", text: "بدأ لقاء الرئيس الأمريكي جو بايدن والرئيس الروسي فلاديمير بوتين، عبر تقنية الفيديو، بمشاكل تقنية.", want: []string{"medium video"}},
		{name: "phone through the telephone", text: "وأجرى الرئيسان محادثات عبر الهاتف تناولت الأزمة.", want: []string{"medium phone"}},
		{name: "phone as an indefinite adjective", text: "وفي محادثة هاتفية بينهما شدد بايدن على الدبلوماسية.", want: []string{"medium phone"}},
		{name: "a virtual press conference is not the talks", text: "وقال أوشاكوف خلال مؤتمر صحفي افتراضي إن الأجواء كانت جيدة.", not: []string{"medium"}},
		{name: "ended after N minutes from its start", text: "انتهت المكالمة الهاتفية بين الرئيسين بعد 40 دقيقة من بدايتها.", want: []string{"duration 40"}},
		{name: "a time offset is not a duration", text: "وقبل 24 ساعة من القمة الافتراضية حذر الكرملين من التصعيد.", not: []string{"duration"}},
		{name: "an offset with an approximator", text: "وقبيل نحو ساعتين من اللقاء عبر الفيديو اجتمع بايدن بمستشاريه.", not: []string{"duration"}},
		{name: "about the hour", text: "واستمر الاتصال الهاتفي قرابة الساعة.", want: []string{"duration 60"}, approx: true},
		{name: "the hour as a time of day", text: "وبدأ الاتصال الهاتفي عند الساعة العاشرة مساء.", not: []string{"duration"}},
		{name: "initiator: the latter", text: "وجرى الاتصال الهاتفي بين بايدن وبوتين بناء على طلب الأخير.", want: []string{"initiator putin"}},
		{name: "initiator without من", text: "وجاءت المكالمة الخميس بطلب موسكو، بحسب البيت الأبيض.", want: []string{"initiator russia"}},
		{name: "initiator by an adjective", text: "وعقدت القمة عبر الفيديو بطلب أمريكي.", want: []string{"initiator usa"}},
		{name: "initiator: X is the one who asked for the call", text: "وأكدت ساكي أن موسكو هي من طلبت إجراء المكالمة عبر الفيديو.", want: []string{"initiator russia"}},
		{name: "initiator: verb first", text: "وكان الكرملين قد طلب عقد القمة الافتراضية الأسبوع الماضي.", want: []string{"initiator kremlin"}},
		{name: "initiator: the talks before the verb", text: "وتناولت المكالمة التي طلبها بوتين الثلاثاء الضمانات الأمنية.", want: []string{"initiator putin"}},
		{name: "requests of a topic are no initiator", text: "وطلبت روسيا ضمانات أمنية من الغرب.", not: []string{"initiator"}},
		{name: "a country's demand is no initiator", text: "وجرى الاتصال الهاتفي وسط طلب روسيا ضمانات أمنية.", not: []string{"initiator"}},
		{name: "a denied request is no initiator", text: "وقال الكرملين إن موسكو لم تطلب عقد القمة الافتراضية.", not: []string{"initiator"}},
		{name: "a denied tone is no tone", text: "ولم تكن المحادثات الهاتفية صريحة كما أرادت موسكو.", not: []string{"tone"}},
		{name: "a denied tone after the talk noun", text: "وقال مسؤول إنها لم تكن محادثات بناءة عبر الهاتف.", not: []string{"tone"}},
		{name: "closed-circuit television", text: "وتحادث الرئيسان عبر دائرة تلفزيونية مغلقة.", want: []string{"medium video"}},
		{name: "answering a request", text: "وجرى الاتصال الهاتفي تلبية لطلب من الكرملين.", want: []string{"initiator kremlin"}},
		{name: "tone right after the talk noun", text: "وأجرى الرئيسان الثلاثاء محادثات صريحة وبناءة عبر الفيديو.", want: []string{"tone frank", "tone constructive"}},
		{name: "a planned talk's tone is no fact", text: "ويأمل الكرملين في محادثات بناءة مقبلة عبر الفيديو.", not: []string{"tone"}},
		{name: "compound number words", text: "واستمر الاتصال الهاتفي خمسا وأربعين دقيقة.", want: []string{"duration 45"}},
		{name: "approximately after the length", text: "واستمرت القمة عبر الفيديو ساعتين تقريبا.", want: []string{"duration 120"}, approx: true},
		{name: "duration: for a period of", text: "وتحدث الرئيسان هاتفيا لمدة خمسين دقيقة.", want: []string{"duration 50", "medium phone"}},
		{name: "tone of the tone noun, in quotes", text: "وقال مسؤول عن المكالمة الهاتفية إن النبرة كانت «ودية وعملية».", want: []string{"tone friendly", "tone business_like"}},
		{name: "tone after a verb of describing", text: "ويصف بيسكوف المحادثات عبر الفيديو بأنها مثمرة.", want: []string{"tone useful"}},
		{name: "tone: the atmosphere", text: "وأفاد الكرملين بأن أجواء القمة الافتراضية كانت بناءة.", want: []string{"tone constructive"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := run(x, tt.text)
			var got []string
			for _, m := range ms {
				got = append(got, m.Predicate+" "+m.Object)
			}
			for _, w := range tt.want {
				if !has(got, w) {
					t.Errorf("missing %q; got %q", w, got)
				}
				for _, m := range ms {
					if w == m.Predicate+" "+m.Object && m.Predicate == "duration" && m.Approx != tt.approx {
						t.Errorf("%s: approx %v, want %v", w, m.Approx, tt.approx)
					}
				}
			}
			for _, n := range tt.not {
				for _, g := range got {
					if strings.HasPrefix(g, n) {
						t.Errorf("must not find %q; got %q", n, got)
					}
				}
			}
		})
	}
}

// TestFactEvents: a fact belongs to the talks it describes, never to a
// planned event other than the report's own or to a later one.
func TestFactEvents(t *testing.T) {
	x := newExtractor(t)
	tests := []struct {
		name, text, published string
		want, not             []string // "event predicate object"
	}{
		{
			name: "an earlier event's facts inside a report on the later one",
			text: `أجرى بوتين وبايدن الخميس مكالمة هاتفية استمرت 40 دقيقة.

وكان الرئيسان قد عقدا في السابع من كانون الأول/ديسمبر قمة عبر الفيديو استمرت ساعتين.`,
			want: []string{"call_2021_12_30 duration 40", "call_2021_12_30 medium phone", "call_2021_12_07 duration 120", "call_2021_12_07 medium video"},
			not:  []string{"call_2021_12_30 duration 120", "call_2021_12_07 duration 40", "call_2021_12_07 medium phone"},
		},
		{
			name: "the bare talk noun is the report's own call, not the sentence's other event",
			text: `تحدث بوتين وبايدن هاتفيا مساء الخميس.

وهذه ثاني مكالمة بينهما خلال شهر، بعد قمة افتراضية في 7 ديسمبر، وقالت مصادر إن المكالمة الأخيرة جرت بناء على طلب من موسكو.`,
			want: []string{"call_2021_12_30 initiator russia"},
			not:  []string{"call_2021_12_07 initiator russia"},
		},
		{
			name: "another event mentioned in passing gets no facts",
			text: `أجرى بوتين وبايدن مساء الخميس اتصالا هاتفيا.

وقال الكرملين إن الرئيسين بحثا تنفيذ ما اتفقا عليه أثناء القمة عبر الفيديو في السابع من ديسمبر.`,
			want: []string{"call_2021_12_30 medium phone"},
			not:  []string{"call_2021_12_07"},
		},
		{
			name: "a planned event gets no facts",
			text: `اختتم الرئيسان الروسي والأمريكي الخميس اتصالا هاتفيا.

ومن المقرر أن تعقد المحادثات الأمنية المقبلة حضوريا في جنيف في العاشر من يناير.`,
			not: []string{"talks_2022_01_10", "call_2021_12_30 medium in_person"},
		},
		{
			name: "a preview: the planned call is the report's own",
			text: `المكالمة الهاتفية المرتقبة بين بوتين وبايدن تأتي بمبادرة من الكرملين.

وقال بيسكوف إن الرئيسين سيتحدثان هاتفيا مساء الغد.`,
			want: []string{"call_2021_12_30 medium phone", "call_2021_12_30 initiator kremlin"},
		},
		{
			name: "phone calls in general before the report's video call",
			text: `عقد بايدن وبوتين الثلاثاء قمة عبر الفيديو.

وسبق للرئيسين أن أجريا عدة محادثات هاتفية هذا العام.`,
			want: []string{"call_2021_12_07 medium video"},
			not:  []string{"call_2021_12_07 medium phone", "call_2021_12_30 medium phone"},
		},
		{
			name: "a talk that ended is not the planned event the report names",
			text: `أعلن البيت الأبيض انتهاء اتصال بين بايدن وبوتين بعد 45 دقيقة من بدايته.

واتفق البلدان على محادثات أمنية في العاشر من كانون الثاني المقبل.`,
			want: []string{"call_2021_12_30 duration 45"},
			not:  []string{"talks_2022_01_10"},
		},
		{
			name: "a time before the talks is no duration",
			text: `قبل 24 ساعة من القمة الافتراضية بين بوتين وبايدن، قال الكرملين إن العلاقات سيئة.`,
			not:  []string{"call_2021_12_07 duration"},
		},
		{
			name: "last night against the publication date",
			text: `جرت مكالمة بين الرئيسين الليلة الماضية واستمرت قرابة الساعة.`, published: "2021-12-31",
			want: []string{"call_2021_12_30 duration 60"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := factKeys(runPublished(x, tt.text, tt.published))
			for _, w := range tt.want {
				if !has(got, w) {
					t.Errorf("missing %q; got %q", w, got)
				}
			}
			for _, n := range tt.not {
				for _, g := range got {
					if strings.HasPrefix(g, n) {
						t.Errorf("must not find %q; got %q", n, got)
					}
				}
			}
		})
	}
}

// TestEventCues: dates, weekdays, relative days and ordinal calls place a
// claim in its event.
func TestEventCues(t *testing.T) {
	x := newExtractor(t)
	tests := []struct {
		name, text, published string
		claim, event          string
	}{
		{"day and month in digits", "وفي 7 كانون الأول/ديسمبر حذر بايدن من عقوبات اقتصادية.", "", "biden warn sanctions positive", "call_2021_12_07"},
		{"ordinal day word", "وفي الثلاثين من ديسمبر حذر بايدن من عقوبات اقتصادية.", "", "biden warn sanctions positive", "call_2021_12_30"},
		{"day with the article", "وحذر بايدن في الـ30 من كانون الأول من عقوبات اقتصادية.", "", "biden warn sanctions positive", "call_2021_12_30"},
		{"another year is not the event", "وفي 7 ديسمبر 2020 حذر بايدن من عقوبات اقتصادية.", "", "biden warn sanctions positive", "unknown"},
		{"a weekday alone", "وحذر بايدن في المكالمة الخميس من عقوبات اقتصادية.", "", "biden warn sanctions positive", "call_2021_12_30"},
		{"a weekday not said of talks", "وقال مسؤول الاثنين إن بايدن حذر من عقوبات اقتصادية.", "", "biden warn sanctions positive", "unknown"},
		{"a weekday against the publication date", "وحذر بايدن الثلاثاء من عقوبات اقتصادية.", "2021-12-09", "biden warn sanctions positive", "call_2021_12_07"},
		{"a weekday of another week", "وحذر بايدن الثلاثاء من عقوبات اقتصادية.", "2021-12-20", "biden warn sanctions positive", "unknown"},
		{"last night", "وحذر بايدن الليلة الماضية من عقوبات اقتصادية.", "2021-12-31", "biden warn sanctions positive", "call_2021_12_30"},
		{"yesterday", "وأمس حذر بايدن من عقوبات اقتصادية.", "2021-12-08", "biden warn sanctions positive", "call_2021_12_07"},
		{"the second call this month", "وفي المكالمة، وهي الثانية بينهما هذا الشهر، حذر بايدن من عقوبات اقتصادية.", "", "biden warn sanctions positive", "call_2021_12_30"},
		{"the second call within weeks", "وفي ثاني محادثة لهما في غضون ثلاثة أسابيع حذر بايدن من عقوبات اقتصادية.", "", "biden warn sanctions positive", "call_2021_12_30"},
		{"a weekday with another date is not the event", "الأربعاء 8 ديسمبر 2021\n\nوحذر بايدن من عقوبات اقتصادية.", "", "biden warn sanctions positive", "unknown"},
		{"the second time, not the second call", "وحذر بايدن للمرة الثانية خلال شهر من عقوبات اقتصادية.", "", "biden warn sanctions positive", "unknown"},
		{"the second call, said after it", "وحذر بايدن من عقوبات اقتصادية، في مكالمة هي الثانية في غضون ثلاثة أسابيع.", "", "biden warn sanctions positive", "call_2021_12_30"},
		{"a dateline places a weekday", "الأربعاء 8 ديسمبر 2021\n\nوقال سوليفان إن بايدن حذر الثلاثاء من عقوبات اقتصادية.", "", "biden warn sanctions positive", "call_2021_12_07"},
		{"a dateline places the talks no cue names", "31/12/2021\n\nوقال البيت الأبيض عقب المحادثة بين الرئيسين إن بايدن حذر من عقوبات اقتصادية.", "", "biden warn sanctions positive", "call_2021_12_30"},
		{"a publication date places the talks no cue names", "وقال البيت الأبيض عقب المحادثة بين الرئيسين إن بايدن حذر من عقوبات اقتصادية.", "2021-12-08", "biden warn sanctions positive", "call_2021_12_07"},
		{"talks long before the publication date are not placed", "وقال البيت الأبيض عقب المحادثة بين الرئيسين إن بايدن حذر من عقوبات اقتصادية.", "2022-03-01", "biden warn sanctions positive", "unknown"},
		{"a line with words is no dateline", "نشر في 8 ديسمبر 2021 بقلم محرر\n\nوقال البيت الأبيض عقب المحادثة بين الرئيسين إن بايدن حذر من عقوبات اقتصادية.", "", "biden warn sanctions positive", "unknown"},
		{"the medium names the event", "وخلال المحادثات عبر الهاتف حذر بايدن من عقوبات اقتصادية.", "", "biden warn sanctions positive", "call_2021_12_30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := runPublished(x, tt.text, tt.published)
			var got []string
			for _, m := range ms {
				if key(m) == tt.claim {
					if m.Event != tt.event {
						t.Errorf("%s: event %q, want %q", tt.claim, m.Event, tt.event)
					}
					return
				}
				got = append(got, key(m))
			}
			t.Errorf("missing %q; got %q", tt.claim, got)
		})
	}
}

// TestReportEvent: the report's own event against other events it names.
func TestReportEvent(t *testing.T) {
	x := newExtractor(t)
	tests := []struct {
		name, text   string
		claim, event string
	}{
		{
			name: "a weekday of a later week in a report on the first call",
			text: `تحدث بايدن وبوتين عبر الفيديو يوم الثلاثاء.

وأجرى بايدن يوم الخميس اتصالات مع الحلفاء، وحذر من عقوبات اقتصادية على روسيا.`,
			claim: "biden warn sanctions positive", event: "call_2021_12_07",
		},
		{
			name: "a future weekday is not the event",
			text: `عقد الرئيسان قمة افتراضية.

وقال سوليفان إن بوتين سيتحدث يوم الخميس مع الرئيس الأوكراني، وإن بايدن حذر من عقوبات اقتصادية.`,
			claim: "biden warn sanctions positive", event: "call_2021_12_07",
		},
		{
			name: "a preview's planned call is the report's own",
			text: `المحادثة الهاتفية المقررة بين بوتين وبايدن الخميس.

وقال مسؤولون إن بايدن سيحذر من عقوبات اقتصادية، بعد القمة عبر الفيديو في السابع من ديسمبر.`,
			claim: "biden warn sanctions positive", event: "call_2021_12_30",
		},
		{
			name: "said before the talks is outside them",
			text: `أجرى بوتين وبايدن الخميس مكالمة هاتفية.

وكان بوتين قد طالب قبل الاتصال الهاتفي بضمانات أمنية.`,
			claim: "putin demand security_guarantees positive", event: "unknown",
		},
		{
			name: "what one president tells the other is said in their talks",
			text: `أجرى بوتين وبايدن الخميس اتصالا هاتفيا.

وأكد بوتين لنظيره الأمريكي أن روسيا تطالب بضمانات أمنية ملزمة.`,
			claim: "russia demand security_guarantees positive", event: "call_2021_12_30",
		},
		{
			name: "a country's position told to the press stands outside the talks",
			text: `أجرى بوتين وبايدن الخميس اتصالا هاتفيا.

وقال بيسكوف للصحفيين إن روسيا تطالب بضمانات أمنية ملزمة.`,
			claim: "russia demand security_guarantees positive", event: "unknown",
		},
		{
			name: "the pluperfect is background",
			text: `عقد الرئيسان قمة افتراضية الثلاثاء.

وكان بوتين قد طالب بضمانات أمنية ملزمة.`,
			claim: "putin demand security_guarantees positive", event: "unknown",
		},
		{
			name: "the pluperfect of a preview keeps the event",
			text: `عقد الرئيسان قمة افتراضية الثلاثاء.

وكان البيت الأبيض قال إن بايدن سيحذر من عقوبات اقتصادية.`,
			claim: "biden warn sanctions positive", event: "call_2021_12_07",
		},
		{
			name: "before the talks, in the future, previews them",
			text: `عقد الرئيسان قمة افتراضية الثلاثاء.

وقبيل القمة قال البيت الأبيض إن بايدن سيحذر من عقوبات اقتصادية.`,
			claim: "biden warn sanctions positive", event: "call_2021_12_07",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range run(x, tt.text) {
				if key(m) == tt.claim {
					if m.Event != tt.event {
						t.Errorf("%s: event %q, want %q", tt.claim, m.Event, tt.event)
					}
					return
				}
				got = append(got, key(m))
			}
			t.Errorf("missing %q; got %q", tt.claim, got)
		})
	}
}

// TestFactMisses: a fact found but not kept is explained.
func TestFactMisses(t *testing.T) {
	x := newExtractor(t)
	text := arabic.Clean(`عقد بايدن وبوتين الثلاثاء قمة عبر الفيديو.

ومن المقرر أن تعقد المحادثات المقبلة حضوريا في العاشر من يناير.`)
	_, misses := x.ExplainAll(schema.Document{Name: "t", Text: text})
	for _, m := range misses {
		if m.Predicate == "medium" && strings.Contains(m.Reason, "in_person") && strings.Contains(m.Reason, "planned") {
			return
		}
	}
	t.Errorf("no explained medium miss: %+v", misses)
}
