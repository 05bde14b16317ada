package similarity

import (
	"slices"
	"strings"
	"testing"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/protobuf/proto"
)

// roux is the document of the FAQ cases.
func roux() *idcontrolv1.IdentityFields {
	return &idcontrolv1.IdentityFields{LastName: "ROUX", FirstNames: "PIERRE LOUIS MARIE", BirthDate: "1980-05-02", BirthPlace: "PARIS", Sex: "M"}
}

// TestFAQ: the support FAQ says that after SIMILARITY_LOW_SCORE "the client
// must type their last name and all their given names exactly as on the ID
// card". Under the default policy, a form that leaves given names out, or
// holds a name no rule of the engine explains (a typo included), fails and
// says what to retype; the honest variations the engine explains pass.
func TestFAQ(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		doc    func(*idcontrolv1.IdentityFields) // changes roux() on the document
		form   func(*idcontrolv1.IdentityFields) // changes the document's copy on the form
		passed bool
		// The field at fault, its rule, whether it vetoes and what its
		// explanation must say; field "" when the form passes.
		field, rule string
		veto        bool
		message     string
		fieldScore  float64 // -1: not checked
	}{
		// The three cases of issue 9.
		{name: "one given name of three", form: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "PIERRE" },
			field: "firstNames", rule: "GIVEN_SUBSET", message: "The document has 3 given names, the form 1: type every given name as on the document.", fieldScore: 0.3333},
		{name: "a later given name alone", form: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "LOUIS" },
			field: "firstNames", rule: "GIVEN_SUBSET", message: "The document has 3 given names, the form 1", fieldScore: 0.3333},
		{name: "ROUS for ROUX", form: func(f *idcontrolv1.IdentityFields) { f.LastName = "ROUS" },
			field: "lastName", rule: "NO_MATCH", veto: true, message: "type it exactly as on the document", fieldScore: -1},
		// Adversarial pairs.
		{name: "a given name the document does not have", form: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "PIERRE LOUIS MARIE JEAN" },
			field: "firstNames", rule: "NO_MATCH", veto: true, message: "The document has 3 given names, the form 4, of which 1 no matching rule explains", fieldScore: -1},
		{name: "a typo in a given name", form: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "PIERRE LOUIS MARIA" },
			field: "firstNames", rule: "NO_MATCH", veto: true, message: "of which 1 no matching rule explains", fieldScore: -1},
		{name: "the start of a compound given name", doc: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "JEAN-PIERRE" }, form: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "JEAN" },
			field: "firstNames", rule: "NO_MATCH", veto: true, message: "The document has 1 given name, the form 1, of which 1", fieldScore: -1},
		{name: "a given name repeated for the others", form: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "PIERRE PIERRE PIERRE" },
			field: "firstNames", rule: "NO_MATCH", veto: true, message: "of which 2 no matching rule explains", fieldScore: -1},
		{name: "another given name", form: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "PAUL" },
			field: "firstNames", rule: "NO_MATCH", veto: true, fieldScore: -1},
		{name: "a spouse's name the document does not show", form: func(f *idcontrolv1.IdentityFields) { f.LastName = "DURAND" },
			field: "lastName", rule: "NO_MATCH", veto: true, fieldScore: -1},
		{name: "the surname with a letter more", form: func(f *idcontrolv1.IdentityFields) { f.LastName = "ROUXE" },
			field: "lastName", rule: "NO_MATCH", veto: true, fieldScore: -1},
		{name: "the surname with another name glued", form: func(f *idcontrolv1.IdentityFields) { f.LastName = "ROUX MARTIN" },
			field: "lastName", rule: "NO_MATCH", veto: true, fieldScore: -1},
		{name: "two given names glued into another", form: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "PIERRELOUIS MARIE" },
			passed: true}, // PIERRE LOUIS written without its separator: the same letters.
		{name: "a usage name of the form against none on the document", form: func(f *idcontrolv1.IdentityFields) { f.UsageName = "DURAND" },
			passed: true}, // absent on the document: nothing to compare
		// Honest variations the engine explains.
		{name: "case and accents", form: func(f *idcontrolv1.IdentityFields) { f.LastName = "Roux"; f.FirstNames = "Pierre Louis Marie" }, passed: true},
		{name: "commas between the given names", form: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "Pierre, Louis, Marie" }, passed: true},
		{name: "a compound given name typed with a blank", doc: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "JEAN-PIERRE LOUIS" }, form: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "Jean Pierre Louis" }, passed: true},
		{name: "a compound given name typed with a hyphen", doc: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "JEAN PIERRE LOUIS" }, form: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "Jean-Pierre Louis" }, passed: true},
		{name: "a triple compound given name", doc: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "MARIE-ANNE-SOPHIE" }, form: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "Marie Anne Sophie" }, passed: true},
		{name: "the given names in another order", form: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "Louis Pierre Marie" }, passed: true},
		{name: "accented given names", doc: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "HELENE CHLOE" }, form: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "Hélène Chloé" }, passed: true},
		{name: "MRZ transliteration on the document", doc: func(f *idcontrolv1.IdentityFields) { f.LastName = "MUELLER"; f.FirstNames = "JUERGEN" }, form: func(f *idcontrolv1.IdentityFields) { f.LastName = "Müller"; f.FirstNames = "Jürgen" }, passed: true},
		{name: "MRZ transliteration on the form", doc: func(f *idcontrolv1.IdentityFields) { f.LastName = "MÜLLER" }, form: func(f *idcontrolv1.IdentityFields) { f.LastName = "Mueller" }, passed: true},
		{name: "the usage name as last name", doc: func(f *idcontrolv1.IdentityFields) { f.UsageName = "DURAND" }, form: func(f *idcontrolv1.IdentityFields) { f.LastName = "Durand"; f.UsageName = "" }, passed: true},
		{name: "last and usage names swapped", doc: func(f *idcontrolv1.IdentityFields) { f.UsageName = "DURAND" }, form: func(f *idcontrolv1.IdentityFields) { f.LastName = "DURAND"; f.UsageName = "ROUX" }, passed: true},
		{name: "birth and usage names with a marker", doc: func(f *idcontrolv1.IdentityFields) { f.UsageName = "DURAND" }, form: func(f *idcontrolv1.IdentityFields) { f.LastName = "Roux épouse Durand" }, passed: true},
		{name: "a particle", doc: func(f *idcontrolv1.IdentityFields) { f.LastName = "DE LA FONTAINE" }, form: func(f *idcontrolv1.IdentityFields) { f.LastName = "La Fontaine" }, passed: true},
		{name: "an apostrophe", doc: func(f *idcontrolv1.IdentityFields) { f.LastName = "NDIAYE" }, form: func(f *idcontrolv1.IdentityFields) { f.LastName = "N'Diaye" }, passed: true},
		{name: "a hyphenated surname typed with a blank", doc: func(f *idcontrolv1.IdentityFields) { f.LastName = "LEROY-FAURE" }, form: func(f *idcontrolv1.IdentityFields) { f.LastName = "Leroy Faure" }, passed: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			document := roux()
			if c.doc != nil {
				c.doc(document)
			}
			declared := proto.Clone(document).(*idcontrolv1.IdentityFields)
			c.form(declared)
			r := Score(declared, document, policy.Resolve(nil))
			checkInvariants(t, r)
			if r.Passed != c.passed {
				t.Fatalf("passed %v, want %v (score %v, fields %v)", r.Passed, c.passed, r.Score, r.Fields)
			}
			if c.passed {
				for _, fs := range r.Fields {
					if fs.GetVeto() || (fs.GetRule() != string(match.RuleMissing) && fs.GetScore() < ruleMatchFloor) {
						t.Errorf("%s: rule %s score %v veto %v", fs.GetField(), fs.GetRule(), fs.GetScore(), fs.GetVeto())
					}
				}
				return
			}
			fs := fieldOf(t, r, c.field)
			if fs.GetRule() != c.rule || fs.GetVeto() != c.veto || !strings.Contains(fs.GetMessage(), c.message) {
				t.Errorf("%s: rule %s veto %v message %q; want %s %v %q", c.field, fs.GetRule(), fs.GetVeto(), fs.GetMessage(), c.rule, c.veto, c.message)
			}
			if c.fieldScore >= 0 && fs.GetScore() != c.fieldScore {
				t.Errorf("%s: score %v, want %v", c.field, fs.GetScore(), c.fieldScore)
			}
			// The finding carries the explanation: support reads it out.
			if !slices.ContainsFunc(r.Findings, func(f *idcontrolv1.Finding) bool {
				return f.GetCode() == "FIELD_DIFFERS" && strings.Contains(f.GetMessage(), fs.GetMessage())
			}) {
				t.Errorf("no FIELD_DIFFERS finding carrying %q: %v", fs.GetMessage(), r.Findings)
			}
			for _, f := range r.Findings {
				for _, v := range []string{declared.GetLastName(), declared.GetFirstNames()} {
					if strings.Contains(f.GetMessage(), v) {
						t.Errorf("finding %q repeats a name", f.GetMessage())
					}
				}
			}
		})
	}
}

// TestGivenNamesInProportion: each given name left out costs its share of
// the field, whatever the document's count.
func TestGivenNamesInProportion(t *testing.T) {
	t.Parallel()
	cases := []struct {
		form, doc string
		score     float64
	}{
		{"PIERRE", "PIERRE LOUIS MARIE", 1.0 / 3},
		{"PIERRE MARIE", "PIERRE LOUIS MARIE", 2.0 / 3},
		{"MARIE", "PIERRE LOUIS MARIE", 1.0 / 3},
		{"ANNE", "ANNE MARIE CLAIRE SOPHIE", 0.25},
		{"CLAIRE", "CLAIRE ANNE", 0.5},
		{"JEAN-PIERRE", "JEAN-PIERRE LOUIS", 0.5},
	}
	for _, c := range cases {
		d := givenNamesScore(c.form, c.doc, nil)
		if d.veto || d.Rule != match.RuleGivenSubset || round(d.Score) != round(c.score) {
			t.Errorf("%s for %s: %+v veto %v, want GIVEN_SUBSET %v", c.form, c.doc, d.Decision, d.veto, c.score)
		}
	}
}

// TestVetoesWhateverTheWeights: a policy that weighs only the sex (a file
// refuses it at start, see policy.CheckWeights; Score still holds) does
// not let another person pass with score 1.
func TestVetoesWhateverTheWeights(t *testing.T) {
	t.Parallel()
	onlySex := policy.Resolve(&idcontrolv1.Policy{SimilarityWeights: map[string]float64{
		"lastName": 0, "firstNames": 0, "birthDate": 0, "birthPlace": 0, "usageName": 0, "sex": 1,
	}})
	if policy.CheckWeights(onlySex.SimilarityWeights.Map()) == nil {
		t.Fatal("a policy file with these weights must be refused")
	}
	other := &idcontrolv1.IdentityFields{LastName: "BERNARD", FirstNames: "PAUL", BirthDate: "1991-11-30", BirthPlace: "LILLE", Sex: "M"}
	r := Score(other, roux(), onlySex)
	checkInvariants(t, r)
	if r.Passed || r.Score > vetoCap {
		t.Fatalf("another person: score %v passed %v", r.Score, r.Passed)
	}
	for _, f := range []string{"lastName", "firstNames", "birthDate"} {
		if !fieldOf(t, r, f).GetVeto() {
			t.Errorf("%s weighted 0 does not veto", f)
		}
	}
	// Only the birth date differs, and it weighs nothing.
	sameName := proto.Clone(roux()).(*idcontrolv1.IdentityFields)
	sameName.BirthDate = "1980-05-03"
	if r := Score(sameName, roux(), onlySex); r.Passed || !fieldOf(t, r, "birthDate").GetVeto() {
		t.Errorf("another birth date: score %v passed %v", r.Score, r.Passed)
	}
}

// TestGivenNamesHostile: many given names cost bounded work and a
// difference still vetoes.
func TestGivenNamesHostile(t *testing.T) {
	t.Parallel()
	many := strings.Repeat("A B ", 60)
	d := givenNamesScore(many, "PIERRE", nil)
	if !d.veto {
		t.Errorf("120 given names against one: %+v", d)
	}
	if d := givenNamesScore(many, many, nil); d.veto || !d.Match {
		t.Errorf("the same 120 given names: %+v veto %v", d.Decision, d.veto)
	}
	if d := givenNamesScore("-", "PIERRE", nil); d.Rule != match.RuleMissing {
		t.Errorf("a given name of no letter: %+v", d.Decision)
	}
}

// BenchmarkScoreFAQ scores the FAQ's form: one given name of three.
func BenchmarkScoreFAQ(b *testing.B) {
	declared := roux()
	declared.FirstNames = "Pierre"
	pol := policy.Resolve(nil)
	b.ReportAllocs()
	for b.Loop() {
		Score(declared, roux(), pol)
	}
}

// FuzzNames: any pair of names scores in [0, 1] without a panic, and a
// passing form never carries a veto.
func FuzzNames(f *testing.F) {
	f.Add("PIERRE LOUIS MARIE", "Pierre", "ROUX", "Rous")
	f.Add("JEAN-PIERRE", "Jean Pierre", "MÜLLER", "Mueller")
	f.Add("A,B;C", "-  -", "DE LA FONTAINE", "La Fontaine")
	pol := policy.Resolve(nil)
	f.Fuzz(func(t *testing.T, docFirst, formFirst, docLast, formLast string) {
		doc := roux()
		doc.FirstNames, doc.LastName = docFirst, docLast
		form := roux()
		form.FirstNames, form.LastName = formFirst, formLast
		r := Score(form, doc, pol)
		checkInvariants(t, r)
		if r.Passed {
			for _, fs := range r.Fields {
				if fs.GetVeto() {
					t.Errorf("passed with a veto on %s", fs.GetField())
				}
			}
		}
	})
}
