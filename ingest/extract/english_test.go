package extract_test

import (
	"strings"
	"testing"

	"github.com/claimgraph/claimgraph/ingest/arabic"
	"github.com/claimgraph/claimgraph/ingest/extract"
	"github.com/claimgraph/claimgraph/ingest/lexicon"
	"github.com/claimgraph/claimgraph/schema"
)

func newSetExtractor(t testing.TB) *extract.Extractor {
	t.Helper()
	set, err := lexicon.LoadAll()
	if err != nil {
		t.Fatal(err)
	}
	voc, err := lexicon.LoadVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	return extract.NewSet(set, voc)
}

func runLang(x *extract.Extractor, lang, text string) []schema.Mention {
	clean := arabic.Clean(text)
	return x.Extract(schema.Document{ID: schema.Hash(clean), Name: "t.txt", Text: clean, Lang: lang})
}

func TestEnglishRules(t *testing.T) {
	x := newSetExtractor(t)
	tests := []struct {
		name string
		text string
		want []want
		not  []string
	}{
		// subject–verb–object and inflection
		{
			name: "SVO, present tense",
			text: "Biden warns Moscow of crippling sanctions.",
			want: []want{{claim: "biden warn sanctions positive", source: "outlet"}},
			not:  []string{"russia warn"},
		},
		{
			name: "SVO with modifiers between subject and verb",
			text: "The Russian leader, speaking from his residence, once again demanded binding security guarantees.",
			want: []want{{claim: "putin demand security_guarantees positive"}},
		},
		{
			name: "past tense of a verb ending in -y",
			text: "Moscow denied any plan to invade its neighbour.",
			want: []want{{claim: "russia deny invasion_threat positive"}},
		},
		{
			name: "-ies present tense",
			text: "The Kremlin denies that an invasion is planned.",
			want: []want{{claim: "kremlin deny invasion_threat positive"}},
		},
		{
			name: "-ing participle after a comma has the main subject",
			text: "Biden spoke for an hour, warning Putin about severe sanctions.",
			want: []want{{claim: "biden warn sanctions positive", target: "putin"}},
			not:  []string{"putin warn"},
		},
		{
			name: "a role and a counterpart; a call to end something is opposition",
			text: "The American president urged his Russian counterpart to pull back the troops.",
			want: []want{{claim: "biden oppose russian_troop_buildup positive", target: "putin"}},
			not:  []string{"biden call_for"},
		},
		{
			name: "an object right after the verb is not its subject",
			text: "Officials said on Monday that nothing had changed. Later, reporters asked Biden about sanctions.",
			not:  []string{"biden demand"},
		},
		// reported speech
		{
			name: "X said that",
			text: "The White House said that Putin proposed lifting the embassy restrictions.",
			want: []want{{claim: "putin propose lift_diplomatic_restrictions positive", source: "white_house"}},
		},
		{
			name: "X told reporters that, with the addressee after the verb",
			text: "Ushakov told reporters on Friday that Biden raised the question of cyber attacks.",
			want: []want{{claim: "biden discuss cybersecurity positive", source: "ushakov"}},
			not:  []string{"ushakov discuss"},
		},
		{
			name: "according to X",
			text: "Putin called for a face-to-face meeting next year, according to the Kremlin.",
			want: []want{{claim: "putin call_for face_to_face_meeting positive", source: "kremlin"}},
		},
		{
			name: "a readout said, after a quote",
			text: "“President Biden voiced his concern about the Russian troops near the border,” the White House readout said.",
			want: []want{{claim: "biden express_concern russian_troop_buildup positive", source: "white_house"}},
		},
		{
			name: "the speaker after the quote",
			text: "\"Washington has no intention of deploying offensive weapons in Ukraine,\" Sullivan said.",
			want: []want{{claim: "usa intend offensive_weapons_deployment negative", source: "sullivan"}},
		},
		{
			name: "the speaker inverted after the quote",
			text: "\"Moscow rejects any talk of an invasion,\" said Peskov.",
			want: []want{{claim: "russia reject invasion_threat positive", source: "peskov"}},
		},
		{
			name: "nested attribution: the innermost named source",
			text: "According to TASS, Peskov said the Kremlin welcomed the continuation of the dialogue.",
			want: []want{{claim: "kremlin support continued_talks positive", source: "tass"}},
		},
		{
			name: "nested verbs: the innermost speaker",
			text: "The Kremlin said Ushakov told journalists that Biden accused Moscow of massing troops.",
			want: []want{{claim: "biden accuse russian_troop_buildup positive", source: "ushakov"}},
		},
		{
			name: "a pronoun speaker is the last speaker",
			text: "Peskov said the talks went well. He added that Putin demanded guarantees.",
			want: []want{{claim: "putin demand security_guarantees positive", source: "peskov"}},
		},
		{
			name: "a pronoun speaker after the claim",
			text: "Psaki said the call was useful. Biden urged Moscow to reduce its military presence, she said.",
			want: []want{{claim: "biden oppose russian_troop_buildup positive", source: "psaki"}},
		},
		{
			name: "a noun standing for the last speaker",
			text: "Ushakov told journalists that the call went well. According to the aide, Putin proposed talks on security.",
			want: []want{{claim: "putin propose security_negotiations positive", source: "ushakov"}},
		},
		{
			name: "a parenthesis between the speaker and the verb",
			text: "The US leader, in turn, said that Washington had no intention of deploying strike weapons in Ukraine.",
			want: []want{{claim: "biden intend offensive_weapons_deployment negative"}},
			not:  []string{"usa intend"},
		},
		{
			name: "a speaker the lexicon does not know after a comma",
			text: "Putin demanded guarantees for Russia, officials said.",
			want: []want{{claim: "putin demand security_guarantees positive", source: "outlet"}},
			not:  []string{"russia"},
		},
		{
			name: "a quote over two sentences takes the speaker after it",
			text: "“Putin stressed the special responsibility of both powers. He also offered new talks on security,” Ushakov said.",
			want: []want{{claim: "putin affirm special_responsibility positive", source: "ushakov"}, {claim: "putin propose security_negotiations positive", source: "ushakov"}},
		},
		{
			name: "a person speaking of his own side is the subject",
			text: "Biden told Putin that the United States would impose sanctions if Russia attacked.",
			want: []want{{claim: "biden warn sanctions positive"}},
			not:  []string{"usa warn"},
		},
		{
			name: "first person in a quote",
			text: "\"I hope to see you in person soon,\" Putin told Biden.",
			want: []want{{claim: "putin hope face_to_face_meeting positive", source: "outlet"}},
		},
		// negation
		{
			name: "did not",
			text: "Biden did not make any concessions, a senior administration official said.",
			want: []want{{claim: "biden commit commitments negative", source: "white_house"}},
			not:  []string{"biden commit commitments positive"},
		},
		{
			name: "a contraction",
			text: "Putin didn’t accept the deployment of offensive missiles.",
			want: []want{{claim: "putin agree offensive_weapons_deployment negative"}},
		},
		{
			name: "made no concessions",
			text: "Putin made no concessions on the troop buildup.",
			want: []want{{claim: "putin commit commitments negative"}},
		},
		{
			name: "never",
			text: "Moscow has never threatened an invasion.",
			want: []want{{claim: "russia warn invasion_threat negative"}},
		},
		{
			name: "negation scope ends at the clause",
			text: "Nothing was decided, but Biden stressed the need for continued contacts.",
			want: []want{{claim: "biden affirm continued_talks positive"}},
		},
		{
			name: "does not want is oppose",
			text: "Russia does not want NATO expansion to the east.",
			want: []want{{claim: "russia oppose nato_expansion positive"}},
			not:  []string{"russia want nato_expansion"},
		},
		// conditions
		{
			name: "if, after the threat",
			text: "Biden threatened new sanctions if Russia escalates the conflict.",
			want: []want{{claim: "biden warn sanctions positive", condition: "military_escalation"}},
			not:  []string{"russia"},
		},
		{
			name: "if, before the main clause",
			text: "If Moscow launches an invasion, Washington will impose heavy sanctions.",
			want: []want{{claim: "usa warn sanctions positive", condition: "invasion_threat"}},
			not:  []string{"russia warn"},
		},
		{
			name: "in the event of",
			text: "Biden warned of economic measures in the event of an escalation.",
			want: []want{{claim: "biden warn sanctions positive", condition: "military_escalation"}},
		},
		{
			name: "should with an actor",
			text: "Biden warned of sanctions should Russia invade.",
			want: []want{{claim: "biden warn sanctions positive", condition: "invasion_threat"}},
		},
		// plural subjects and coordination
		{
			name: "the two leaders",
			text: "The two leaders agreed to continue the dialogue.",
			want: []want{{claim: "putin agree continued_talks positive"}, {claim: "biden agree continued_talks positive"}},
		},
		{
			name: "both presidents",
			text: "Both presidents discussed Iran.",
			want: []want{{claim: "putin discuss iran positive"}, {claim: "biden discuss iran positive"}},
		},
		{
			name: "two names joined by and",
			text: "Putin and Biden discussed ransomware.",
			want: []want{{claim: "putin discuss cybersecurity positive"}, {claim: "biden discuss cybersecurity positive"}},
		},
		{
			name: "a coordinated verb shares the subject",
			text: "Biden expressed concern for Kyiv and warned Moscow of sanctions.",
			want: []want{{claim: "biden warn sanctions positive"}},
			not:  []string{"ukraine warn"},
		},
		// passive
		{
			name: "passive with an agent",
			text: "New sanctions were threatened by Washington.",
			want: []want{{claim: "usa warn sanctions positive"}},
		},
		{
			name: "agentless passive of a discussion: the participants",
			text: "Ushakov said that an invasion was not even discussed.",
			want: []want{{claim: "putin discuss invasion_threat negative", source: "ushakov"}, {claim: "biden discuss invasion_threat negative"}},
		},
		// clauses and quotes
		{
			name: "a quote introduced by a sentence ending with a colon",
			text: "Peskov, the Kremlin spokesman, summed up the talks:\n\n“Biden offered further talks on security.”",
			want: []want{{claim: "biden propose security_negotiations positive", source: "peskov"}},
		},
		{
			name: "a subject ending its clause with a colon speaks what follows",
			text: "Biden made his point plain: Moscow would face sanctions.",
			want: []want{{claim: "biden warn sanctions positive"}},
			not:  []string{"russia warn"},
		},
		{
			name: "the own side inside the that-clause of a warning",
			text: "Putin warned Biden that Russia will respond to any deployment of offensive weapons.",
			want: []want{{claim: "putin warn offensive_weapons_deployment positive"}},
			not:  []string{"russia warn"},
		},
		{
			name: "a spokesman speaking of his side stays the source",
			text: "Peskov said Russia rejects any invasion plans.",
			want: []want{{claim: "russia reject invasion_threat positive", source: "peskov"}},
			not:  []string{"peskov reject"},
		},
		{
			name: "an object does not come from a that-clause of want",
			text: "Putin wanted Washington to understand that Moscow opposes NATO expansion.",
			want: []want{{claim: "putin oppose nato_expansion positive"}},
			not:  []string{"putin want"},
		},
		{
			name: "a predicate word after a determiner does not cut the reach",
			text: "Putin demanded quick approval of a proposed security pact.",
			want: []want{{claim: "putin demand security_guarantees positive"}},
		},
		{
			name: "topics joined by or",
			text: "Moscow opposes NATO expansion or the deployment of strike weapons.",
			want: []want{{claim: "russia oppose nato_expansion positive"}, {claim: "russia oppose offensive_weapons_deployment positive"}},
		},
		{
			name: "negation covers a pair of nouns",
			text: "Biden did not make any commitments or concessions.",
			want: []want{{claim: "biden commit commitments negative"}},
			not:  []string{"biden commit commitments positive"},
		},
		{
			name: "a country before a person's title modifies it",
			text: "United States Secretary Smith and Russian envoy Ivanov met, and US President Joe Biden later discussed ransomware.",
			want: []want{{claim: "biden discuss cybersecurity positive"}},
			not:  []string{"usa discuss", "russia discuss"},
		},
		{
			name: "a participle after an article is an adjective, no claim",
			text: "Moscow has studied the proposed security pact.",
			not:  []string{"russia propose"},
		},
		{
			name: "a predicate noun after a topic names a thing, no claim",
			text: "Putin and Biden praised the security negotiation agreement on guarantees.",
			not:  []string{"putin agree", "biden agree"},
		},
		{
			name: "a possessive actor modifies a noun and is no subject",
			text: "Putin’s aide said Washington discussed Iran.",
			want: []want{{claim: "usa discuss iran positive", source: "outlet"}},
		},
		{
			name: "an anaphor stands for the object of the last claim",
			text: "Biden warned of sweeping sanctions. Putin replied that this would be a grave mistake.",
			want: []want{{claim: "putin warn sanctions positive"}},
		},
		{
			name: "the condition's topic when it is the only issue",
			text: "Moscow warned of a rupture in relations if sanctions go ahead.",
			want: []want{{claim: "russia warn sanctions positive"}},
		},
		{
			name: "a comma between modifiers does not end the reach",
			text: "Moscow wants reliable, legally binding guarantees.",
			want: []want{{claim: "russia want security_guarantees positive"}},
		},
		{
			name: "a comma before a new phrase ends the reach",
			text: "The leaders discussed many matters of mutual interest, including the dialogue on arms.",
			not:  []string{"putin discuss continued_talks"},
		},
		{
			name: "a pronoun stance takes the person of the sentence before",
			text: "Biden spoke with allies. He made clear that Washington will impose sanctions.",
			want: []want{{claim: "biden warn sanctions positive"}},
			not:  []string{"usa warn"},
		},
		{
			name: "a gap between a verb and its preposition",
			text: "Putin asked Washington for firm guarantees.",
			want: []want{{claim: "putin demand security_guarantees positive", target: "usa"}},
		},
		{
			name: "an indirect question asserts nothing",
			text: "Officials would not say whether Putin intends to invade or whether Biden offered concessions.",
			not:  []string{"putin intend", "biden commit"},
		},
		{
			name: "a negator inside a topic phrase",
			text: "Moscow demanded that NATO halt its expansion.",
			want: []want{{claim: "russia oppose nato_expansion positive"}},
			not:  []string{"russia demand nato_expansion"},
		},
		{
			name: "a topic in a subordinate clause is not raised by the speaker",
			text: "\"No comment,\" Putin said when asked about sanctions.",
			not:  []string{"putin warn"},
		},
		{
			name: "a speaker raising sanctions warns",
			text: "Biden told Putin about possible sanctions.",
			want: []want{{claim: "biden warn sanctions positive"}},
		},
		// events
		{
			name: "the perfect tense past the lead is background",
			text: "Putin and Biden spoke by video link on Tuesday.\n\nPutin demanded guarantees during the call.\n\nPutin has repeatedly accused NATO of expansion.",
			want: []want{{claim: "putin demand security_guarantees positive", event: "call_2021_12_07"}, {claim: "putin accuse nato_expansion positive", event: "unknown"}},
		},
		{
			name: "the perfect tense in the lead is the news",
			text: "Biden has warned Putin of sanctions.\n\nThe two spoke by video link on Tuesday.",
			want: []want{{claim: "biden warn sanctions positive", event: "call_2021_12_07"}},
		},
		{
			name: "weekday cue",
			text: "On Thursday, Putin demanded guarantees.",
			want: []want{{claim: "putin demand security_guarantees positive", event: "call_2021_12_30"}},
		},
		{
			name: "date cue",
			text: "During the call on December 7, Biden warned of sanctions.",
			want: []want{{claim: "biden warn sanctions positive", event: "call_2021_12_07"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := runLang(x, "en", tt.text)
			for _, m := range ms {
				if m.Lang != "en" {
					t.Errorf("mention language %q, want en", m.Lang)
				}
			}
			checkMentions(t, ms, tt.want, tt.not)
		})
	}
}

func TestEnglishFacts(t *testing.T) {
	x := newSetExtractor(t)
	tests := []struct {
		name, text string
		want       []string // "predicate object"
		approx     bool
		not        []string
	}{
		{"duration in words", "The video call lasted three hours.", []string{"duration 180", "medium video"}, false, nil},
		{"duration in digits", "The phone call lasted 45 minutes.", []string{"duration 45", "medium phone"}, false, nil},
		{"a number joined to its unit", "Putin and Biden held a 35-minute phone call.", []string{"duration 35"}, false, nil},
		{"about an hour", "The phone call took about an hour.", []string{"duration 60"}, true, nil},
		{"parts joined by and add up", "The video conference lasted one hour and twenty minutes.", []string{"duration 80"}, false, []string{"duration 60", "duration 20"}},
		{"clock times are not durations", "The phone call began at 10:15 and ended at 11:05.", nil, false, []string{"duration"}},
		{"initiator with a possessive", "The phone call was held at Moscow’s request.", []string{"initiator russia"}, false, nil},
		{"initiator after requested by", "The phone call, requested by the Kremlin, was short.", []string{"initiator kremlin"}, false, nil},
		{"tone", "The video call was candid and businesslike.", []string{"tone frank", "tone business_like"}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := runLang(x, "en", tt.text)
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

// TestLanguageSelection: one extractor applies the lexicon of each
// document's language, and a document without a language is Arabic.
func TestLanguageSelection(t *testing.T) {
	x := newSetExtractor(t)
	en := runLang(x, "en", "Putin demanded security guarantees.")
	if len(en) == 0 || en[0].Lang != "en" || key(en[0]) != "putin demand security_guarantees positive" {
		t.Errorf("English document: %v", en)
	}
	ar := runLang(x, "", "وطالب بوتين بضمانات أمنية.")
	if len(ar) == 0 || ar[0].Lang != "ar" || key(ar[0]) != "putin demand security_guarantees positive" {
		t.Errorf("document without a language: %v", ar)
	}
	if got := runLang(x, "ar", "Putin demanded security guarantees."); len(got) != 0 {
		t.Errorf("English text under the Arabic lexicon made claims: %v", got)
	}
	if got := runLang(x, "en", "وطالب بوتين بضمانات أمنية."); len(got) != 0 {
		t.Errorf("Arabic text under the English lexicon made claims: %v", got)
	}
}

func TestEnglishUnknown(t *testing.T) {
	x := newSetExtractor(t)
	docs := []schema.Document{{Name: "a", Lang: "en", Text: "Putin grumbled about the sanctions. Biden grumbled about the troops."}}
	var hit *extract.Candidate
	cs := x.Unknown(docs, 2)
	for i := range cs {
		if cs[i].Word == "grumbled" {
			hit = &cs[i]
		}
		if cs[i].Word == "the" || cs[i].Word == "about" {
			t.Errorf("function word %q proposed", cs[i].Word)
		}
	}
	if hit == nil || hit.Kind != "verb-like" || hit.Count != 2 {
		t.Errorf("grumbled: %+v in %+v", hit, cs)
	}
}

func FuzzExtractEnglish(f *testing.F) {
	for _, s := range []string{
		"Biden warned his Russian counterpart of sanctions if Russia invades Ukraine, the White House said.",
		"“The talks were frank,” Ushakov said. \"He didn’t make any commitments or concessions.\"",
		"Putin’s aide said: the two leaders agreed. He added that this would be a big mistake.",
		"The 50-minute phone call, requested by Moscow, lasted one hour and ten minutes.",
		"whether if should Russia , , : \" “ ” 's ’s n't - -- ١٢-minute",
		"Biden and Putin both presidents the two leaders were threatened by Washington",
	} {
		f.Add(s)
	}
	x := newSetExtractor(f)
	f.Fuzz(func(t *testing.T, s string) {
		text := arabic.Clean(s)
		n := len([]rune(text))
		doc := schema.Document{ID: "d", Name: "f", Text: text, Lang: "en"}
		sameInPasses(t, x, doc)
		for _, m := range x.Extract(doc) {
			if m.Subject == "" || m.Predicate == "" || m.Object == "" || m.Event == "" || m.Source == "" || m.Rule == "" || m.Lang != "en" {
				t.Fatalf("incomplete mention %+v from %q", m, s)
			}
			if m.Polarity != schema.Positive && m.Polarity != schema.Negative {
				t.Fatalf("polarity %q", m.Polarity)
			}
			if m.Start < 0 || m.End > n || m.Start > m.End || m.ClaimID != m.Claim.ID() {
				t.Fatalf("bad offsets or claim id in %+v (text of %d runes)", m, n)
			}
		}
	})
}

// TestEnglishPlannedEvent: a weekday after "scheduled" names a planned
// event, and the claims of its sentence keep the report's event.
func TestEnglishPlannedEvent(t *testing.T) {
	x := newSetExtractor(t)
	ms := runLang(x, "en", "During the video call, Putin demanded guarantees.\n\nBiden is scheduled to talk to Kyiv on Thursday, and Putin proposed talks on security.")
	found := false
	for _, m := range ms {
		if m.Event != "call_2021_12_07" {
			t.Errorf("%s: event %s, want call_2021_12_07", key(m), m.Event)
		}
		if m.Predicate == "propose" {
			found = true
		}
	}
	if !found {
		t.Errorf("no proposal in %v", ms)
	}
}
