package similarity

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/idcontrol/idcontrol/checks"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/places"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
)

// base is the identity read on the document; cases derive the form from it.
func base() *idcontrolv1.IdentityFields {
	return &idcontrolv1.IdentityFields{
		LastName:   "MARTIN",
		FirstNames: "CLAIRE ANNE",
		BirthDate:  "1985-03-14",
		BirthPlace: "LYON",
		Sex:        "F",
		UsageName:  "DURAND",
	}
}

// with returns a copy of base changed by edit.
func with(edit func(*idcontrolv1.IdentityFields)) *idcontrolv1.IdentityFields {
	f := base()
	if edit != nil {
		edit(f)
	}
	return f
}

// fieldOf returns the explanation of one field.
func fieldOf(t *testing.T, r Result, name string) *idcontrolv1.FieldScore {
	t.Helper()
	for _, fs := range r.Fields {
		if fs.GetField() == name {
			return fs
		}
	}
	t.Fatalf("no FieldScore for %s in %v", name, r.Fields)
	return nil
}

func codes(f checks.Findings) []string {
	var out []string
	for _, x := range f {
		out = append(out, x.GetCode())
	}
	return out
}

// checkInvariants holds for every result: the score is in [0, 1], the
// weights of the compared fields sum to 1, each contribution is weight ×
// score, absent fields weigh nothing, Passed and Error agree, every field
// of the contract is explained once and in order.
func checkInvariants(t *testing.T, r Result) {
	t.Helper()
	if r.Score < 0 || r.Score > 1 || math.IsNaN(r.Score) {
		t.Errorf("score %v out of [0, 1]", r.Score)
	}
	if r.Passed != (r.Error == "") {
		t.Errorf("passed %v with error %q", r.Passed, r.Error)
	}
	if r.Passed && r.Score < r.Threshold {
		t.Errorf("passed with score %v under threshold %v", r.Score, r.Threshold)
	}
	var names []string
	sumW, sumC := 0.0, 0.0
	vetoed := false
	for _, fs := range r.Fields {
		names = append(names, fs.GetField())
		absent := fs.GetRule() == string(match.RuleMissing) || fs.GetRule() == string(match.RuleUndetermined)
		if absent && (fs.GetWeight() != 0 || fs.GetScore() != 0 || fs.GetContribution() != 0 || fs.GetVeto()) {
			t.Errorf("absent field %s counts: %v", fs.GetField(), fs)
		}
		if fs.GetScore() < 0 || fs.GetScore() > 1 {
			t.Errorf("field %s score %v out of [0, 1]", fs.GetField(), fs.GetScore())
		}
		if math.Abs(fs.GetContribution()-fs.GetWeight()*fs.GetScore()) > 1e-4 {
			t.Errorf("field %s: contribution %v != weight %v × score %v", fs.GetField(), fs.GetContribution(), fs.GetWeight(), fs.GetScore())
		}
		sumW += fs.GetWeight()
		sumC += fs.GetContribution()
		vetoed = vetoed || fs.GetVeto()
	}
	if want := []string{"lastName", "firstNames", "birthDate", "birthPlace", "sex", "usageName"}; !slices.Equal(names, want) {
		t.Errorf("fields %v, want %v", names, want)
	}
	if sumW != 0 && math.Abs(sumW-1) > 1e-3 {
		t.Errorf("weights sum to %v, want 1", sumW)
	}
	if !vetoed && sumW != 0 && math.Abs(sumC-r.Score) > 1e-3 {
		t.Errorf("contributions sum to %v, score %v", sumC, r.Score)
	}
	if vetoed && r.Score > vetoCap {
		t.Errorf("vetoed score %v above %v", r.Score, vetoCap)
	}
}

// TestScoreIdentical: the same identity scores 1 on every field and passes.
func TestScoreIdentical(t *testing.T) {
	t.Parallel()
	r := Score(base(), base(), policy.Resolve(nil))
	checkInvariants(t, r)
	if r.Score != 1 || !r.Passed || r.Error != "" || len(r.Findings) != 0 || r.Threshold != policy.DefaultSimilarityThreshold {
		t.Fatalf("identical identity: score %v passed %v error %q findings %v threshold %v", r.Score, r.Passed, r.Error, r.Findings, r.Threshold)
	}
	want := []*idcontrolv1.FieldScore{
		{Field: "lastName", DocumentValue: "MARTIN", DeclaredValue: "MARTIN", Score: 1, Weight: 0.30, Contribution: 0.30},
		{Field: "firstNames", DocumentValue: "CLAIRE ANNE", DeclaredValue: "CLAIRE ANNE", Score: 1, Weight: 0.25, Contribution: 0.25},
		{Field: "birthDate", DocumentValue: "1985-03-14", DeclaredValue: "1985-03-14", Score: 1, Weight: 0.20, Contribution: 0.20},
		{Field: "birthPlace", DocumentValue: "LYON", DeclaredValue: "LYON", Score: 1, Weight: 0.15, Contribution: 0.15},
		{Field: "sex", DocumentValue: "F", DeclaredValue: "F", Score: 1, Weight: 0.05, Contribution: 0.05},
		{Field: "usageName", DocumentValue: "DURAND", DeclaredValue: "DURAND", Score: 1, Weight: 0.05, Contribution: 0.05},
	}
	ignore := protocmp.IgnoreFields(&idcontrolv1.FieldScore{}, "rule", "message")
	if diff := cmp.Diff(want, r.Fields, protocmp.Transform(), ignore); diff != "" {
		t.Errorf("field scores (-want +got):\n%s", diff)
	}
	for _, fs := range r.Fields {
		if fs.GetRule() == string(match.RuleNoMatch) || fs.GetRule() == "" || fs.GetMessage() == "" {
			t.Errorf("%s: rule %q message %q", fs.GetField(), fs.GetRule(), fs.GetMessage())
		}
	}
}

// TestScoreOneFieldChanged: the person changed one field of the form; the
// answer shows that field's document value, confirmed value and score.
func TestScoreOneFieldChanged(t *testing.T) {
	t.Parallel()
	lyonLille := math.Round(places.PlaceSimilarity("LILLE", "LYON")*10000) / 10000
	cases := []struct {
		name     string
		doc      func(*idcontrolv1.IdentityFields) // changes base on the document, if set
		edit     func(*idcontrolv1.IdentityFields) // changes the document's copy on the form
		field    string
		docValue string
		decValue string
		// The field's score, and the total, in [lo, hi] (exact when equal):
		// a name engine's string similarity is only bounded.
		fieldLo, fieldHi float64
		veto             bool
		scoreLo, scoreHi float64
		passed           bool
		codes            []string
	}{
		{
			name: "birth place of another commune", edit: func(f *idcontrolv1.IdentityFields) { f.BirthPlace = "LILLE" },
			field: "birthPlace", docValue: "LYON", decValue: "LILLE",
			fieldLo: lyonLille, fieldHi: lyonLille,
			scoreLo: 0.85 + 0.15*lyonLille, scoreHi: 0.85 + 0.15*lyonLille,
			passed: false, codes: []string{"FIELD_DIFFERS"},
		},
		{
			name: "birth place with its department", edit: func(f *idcontrolv1.IdentityFields) { f.BirthPlace = "Lyon (69)" },
			field: "birthPlace", docValue: "LYON", decValue: "Lyon (69)",
			fieldLo: 0.95, fieldHi: 1, scoreLo: 0.99, scoreHi: 1, passed: true,
		},
		{
			name: "sex", edit: func(f *idcontrolv1.IdentityFields) { f.Sex = "M" },
			field: "sex", docValue: "F", decValue: "M",
			fieldLo: 0, fieldHi: 0, scoreLo: 0.95, scoreHi: 0.95, passed: true,
		},
		{
			name: "birth day: the birth date vetoes", edit: func(f *idcontrolv1.IdentityFields) { f.BirthDate = "1985-03-15" },
			field: "birthDate", docValue: "1985-03-14", decValue: "1985-03-15",
			fieldLo: 0.6667, fieldHi: 0.6667, veto: true,
			scoreLo: 0.5, scoreHi: 0.5, passed: false, codes: []string{"SIMILARITY_VETO", "FIELD_DIFFERS"},
		},
		{
			name: "day and month swapped: the birth date vetoes", edit: func(f *idcontrolv1.IdentityFields) { f.BirthDate = "1985-12-03" },
			field: "birthDate", docValue: "1985-03-14", decValue: "1985-12-03",
			fieldLo: 0.3333, fieldHi: 0.3333, veto: true,
			scoreLo: 0.5, scoreHi: 0.5, passed: false, codes: []string{"SIMILARITY_VETO", "FIELD_DIFFERS"},
		},
		{
			name: "another last name: the name vetoes", edit: func(f *idcontrolv1.IdentityFields) { f.LastName = "BERNARD" },
			field: "lastName", docValue: "MARTIN", decValue: "BERNARD",
			fieldLo: 0, fieldHi: 0.9999, veto: true,
			scoreLo: 0.5, scoreHi: 0.5, passed: false, codes: []string{"SIMILARITY_VETO", "FIELD_DIFFERS"},
		},
		{
			name: "another usage name: a name vetoes whatever its weight", edit: func(f *idcontrolv1.IdentityFields) { f.UsageName = "LEFEBVRE" },
			field: "usageName", docValue: "DURAND", decValue: "LEFEBVRE",
			fieldLo: 0, fieldHi: 0.9999, veto: true,
			scoreLo: 0.5, scoreHi: 0.5, passed: false, codes: []string{"SIMILARITY_VETO", "FIELD_DIFFERS"},
		},
		{
			name: "other first names: the name vetoes", edit: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "SOPHIE" },
			field: "firstNames", docValue: "CLAIRE ANNE", decValue: "SOPHIE",
			fieldLo: 0, fieldHi: 0.9999, veto: true,
			scoreLo: 0.5, scoreHi: 0.5, passed: false, codes: []string{"SIMILARITY_VETO", "FIELD_DIFFERS"},
		},
		{
			// The FAQ: every given name. One of two costs half the field.
			name: "only the first given name", edit: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "CLAIRE" },
			field: "firstNames", docValue: "CLAIRE ANNE", decValue: "CLAIRE",
			fieldLo: 0.5, fieldHi: 0.5, scoreLo: 0.875, scoreHi: 0.875, passed: false, codes: []string{"FIELD_DIFFERS"},
		},
		{
			// Case, hyphen and accents are benign (EXACT or SEPARATORS).
			name: "case, hyphen and accent", edit: func(f *idcontrolv1.IdentityFields) { f.FirstNames = "Claire-Anne"; f.LastName = "Martín" },
			field: "firstNames", docValue: "CLAIRE ANNE", decValue: "Claire-Anne",
			fieldLo: 0.95, fieldHi: 1, scoreLo: 0.95, scoreHi: 1, passed: true,
		},
		{
			// The FAQ: names exactly as on the document. A one-letter typo
			// is no rule: its string similarity is high, and it vetoes.
			name: "one-letter typo in the last name", edit: func(f *idcontrolv1.IdentityFields) { f.LastName = "MARTYN" },
			field: "lastName", docValue: "MARTIN", decValue: "MARTYN",
			fieldLo: 0.8, fieldHi: 0.9999, veto: true, scoreLo: 0.5, scoreHi: 0.5, passed: false, codes: []string{"SIMILARITY_VETO", "FIELD_DIFFERS"},
		},
		{
			name: "DUPOND for DUPONT", doc: func(f *idcontrolv1.IdentityFields) { f.LastName = "DUPONT" }, edit: func(f *idcontrolv1.IdentityFields) { f.LastName = "DUPOND" },
			field: "lastName", docValue: "DUPONT", decValue: "DUPOND",
			fieldLo: 0.8, fieldHi: 0.9999, veto: true, scoreLo: 0.5, scoreHi: 0.5, passed: false, codes: []string{"SIMILARITY_VETO", "FIELD_DIFFERS"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			document := with(c.doc)
			declared := proto.Clone(document).(*idcontrolv1.IdentityFields)
			c.edit(declared)
			r := Score(declared, document, policy.Resolve(nil))
			checkInvariants(t, r)
			fs := fieldOf(t, r, c.field)
			if fs.GetDocumentValue() != c.docValue || fs.GetDeclaredValue() != c.decValue {
				t.Errorf("%s shows document %q declared %q, want %q %q", c.field, fs.GetDocumentValue(), fs.GetDeclaredValue(), c.docValue, c.decValue)
			}
			if fs.GetScore() < c.fieldLo-1e-9 || fs.GetScore() > c.fieldHi+1e-9 {
				t.Errorf("%s score %v (rule %s), want in [%v, %v]", c.field, fs.GetScore(), fs.GetRule(), c.fieldLo, c.fieldHi)
			}
			if fs.GetVeto() != c.veto {
				t.Errorf("%s veto %v, want %v", c.field, fs.GetVeto(), c.veto)
			}
			if fs.GetWeight() == 0 {
				t.Errorf("%s does not count: %v", c.field, fs)
			}
			for _, other := range r.Fields {
				if other.GetDeclaredValue() == other.GetDocumentValue() && (other.GetScore() != 1 || other.GetVeto()) {
					t.Errorf("unchanged field %s scores %v", other.GetField(), other.GetScore())
				}
			}
			if r.Score < c.scoreLo-1e-4 || r.Score > c.scoreHi+1e-4 {
				t.Errorf("score %v, want in [%v, %v]", r.Score, c.scoreLo, c.scoreHi)
			}
			if r.Passed != c.passed {
				t.Errorf("passed %v, want %v (score %v)", r.Passed, c.passed, r.Score)
			}
			if !c.passed && r.Error != ErrLowScore {
				t.Errorf("error %q, want %s", r.Error, ErrLowScore)
			}
			if diff := cmp.Diff(c.codes, codes(r.Findings), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("finding codes (-want +got):\n%s", diff)
			}
			for _, f := range r.Findings {
				if f.GetControl() != "similarity" || f.GetMessage() == "" {
					t.Errorf("finding %v", f)
				}
			}
		})
	}
}

// TestScoreWeightsFromPolicy: the policy's weights and threshold decide.
func TestScoreWeightsFromPolicy(t *testing.T) {
	t.Parallel()
	lyonLille := math.Round(places.PlaceSimilarity("LILLE", "LYON")*10000) / 10000
	lille := with(func(f *idcontrolv1.IdentityFields) { f.BirthPlace = "LILLE" })
	threshold := func(x float64) *float64 { return &x }
	cases := []struct {
		name      string
		declared  *idcontrolv1.IdentityFields
		policy    *idcontrolv1.Policy
		score     float64
		passed    bool
		weights   map[string]float64 // renormalised weight by field
		threshold float64
	}{
		{
			name: "defaults", declared: lille, score: round(0.85 + 0.15*lyonLille), passed: false,
			weights:   map[string]float64{"lastName": 0.30, "firstNames": 0.25, "birthDate": 0.20, "birthPlace": 0.15, "sex": 0.05, "usageName": 0.05},
			threshold: 0.90,
		},
		{
			name: "a lower threshold", declared: lille, policy: &idcontrolv1.Policy{SimilarityThreshold: threshold(0.80)},
			score: round(0.85 + 0.15*lyonLille), passed: true,
			weights:   map[string]float64{"lastName": 0.30, "firstNames": 0.25, "birthDate": 0.20, "birthPlace": 0.15, "sex": 0.05, "usageName": 0.05},
			threshold: 0.80,
		},
		{
			name: "weights are renormalised", declared: lille,
			policy: &idcontrolv1.Policy{SimilarityWeights: map[string]float64{
				"lastName": 0, "firstNames": 0, "sex": 0, "usageName": 0, "birthDate": 3, "birthPlace": 1,
			}},
			score: round(0.75 + 0.25*lyonLille), passed: false,
			weights:   map[string]float64{"birthDate": 0.75, "birthPlace": 0.25},
			threshold: 0.90,
		},
		{
			name: "unset keys keep their default", declared: lille,
			policy: &idcontrolv1.Policy{SimilarityWeights: map[string]float64{"birthPlace": 0.65}},
			score:  round(0.85/1.5 + 0.65/1.5*lyonLille), passed: false,
			weights:   map[string]float64{"lastName": 0.2, "firstNames": 0.1667, "birthDate": 0.1333, "birthPlace": 0.4333, "sex": 0.0333, "usageName": 0.0333},
			threshold: 0.90,
		},
		{
			// A field the policy does not weigh does not count, but is
			// compared for the vetoes all the same.
			name: "a field of weight 0 adds nothing", declared: with(func(f *idcontrolv1.IdentityFields) { f.Sex = "M" }),
			policy: &idcontrolv1.Policy{SimilarityWeights: map[string]float64{"sex": 0}},
			score:  1, passed: true,
			weights:   map[string]float64{"lastName": 0.3158, "firstNames": 0.2632, "birthDate": 0.2105, "birthPlace": 0.1579, "usageName": 0.0526},
			threshold: 0.90,
		},
		{
			name: "a name of weight 0 still vetoes", declared: with(func(f *idcontrolv1.IdentityFields) { f.UsageName = "LEFEBVRE" }),
			policy: &idcontrolv1.Policy{SimilarityWeights: map[string]float64{"usageName": 0}},
			score:  0.5, passed: false,
			weights:   map[string]float64{"lastName": 0.3158, "firstNames": 0.2632, "birthDate": 0.2105, "birthPlace": 0.1579, "sex": 0.0526},
			threshold: 0.90,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := Score(c.declared, base(), policy.Resolve(c.policy))
			checkInvariants(t, r)
			if r.Score != c.score || r.Passed != c.passed || r.Threshold != c.threshold {
				t.Errorf("score %v passed %v threshold %v, want %v %v %v", r.Score, r.Passed, r.Threshold, c.score, c.passed, c.threshold)
			}
			got := map[string]float64{}
			for _, fs := range r.Fields {
				if fs.GetWeight() != 0 {
					got[fs.GetField()] = fs.GetWeight()
				} else if fs.GetContribution() != 0 || !strings.Contains(fs.GetMessage(), "The policy gives this field no weight: it adds nothing to the score.") {
					t.Errorf("%s has no weight but says %s %q", fs.GetField(), fs.GetRule(), fs.GetMessage())
				}
			}
			if diff := cmp.Diff(c.weights, got); diff != "" {
				t.Errorf("weights (-want +got):\n%s", diff)
			}
		})
	}
}

// TestScoreMissingFields: a field missing on either side is absent (weight
// 0, neither equal nor different); the score is renormalised over the
// fields present on both sides, which must carry half the policy's weight.
func TestScoreMissingFields(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		declared *idcontrolv1.IdentityFields
		document *idcontrolv1.IdentityFields
		absent   map[string]string // field → message ("" for the engine's own)
		score    float64
		passed   bool
		codes    []string
	}{
		{
			name:     "the document lacks birth place and usage name",
			declared: base(),
			document: with(func(f *idcontrolv1.IdentityFields) { f.BirthPlace, f.UsageName = "", "" }),
			absent: map[string]string{
				"birthPlace": "The document does not have this field.",
				"usageName":  "The document does not have this field.",
			},
			score: 1, passed: true,
		},
		{
			name:     "the form lacks the sex, neither has a usage name",
			declared: with(func(f *idcontrolv1.IdentityFields) { f.Sex, f.UsageName = "", "" }),
			document: with(func(f *idcontrolv1.IdentityFields) { f.UsageName = "" }),
			absent: map[string]string{
				"sex":       "The form does not have this field.",
				"usageName": "Neither the form nor the document has this field.",
			},
			score: 1, passed: true,
		},
		{
			name:     "blanks are no value",
			declared: with(func(f *idcontrolv1.IdentityFields) { f.BirthPlace = "   " }),
			document: with(func(f *idcontrolv1.IdentityFields) { f.UsageName = " \t" }),
			absent: map[string]string{
				"birthPlace": "The form does not have this field.",
				"usageName":  "The document does not have this field.",
			},
			score: 1, passed: true,
		},
		{
			// Nothing is left of "-" once normalised: the engine says
			// MISSING, and that is no difference.
			name:     "a place that normalises to nothing",
			declared: base(),
			document: with(func(f *idcontrolv1.IdentityFields) { f.BirthPlace = "-" }),
			absent:   map[string]string{"birthPlace": ""},
			score:    1, passed: true,
		},
		{
			name:     "sex X carries no information",
			declared: base(),
			document: with(func(f *idcontrolv1.IdentityFields) { f.Sex = "X" }),
			absent:   map[string]string{"sex": "The sex is unspecified on one side."},
			score:    1, passed: true,
		},
		{
			name:     "a partial birth date on the document is no difference",
			declared: base(),
			document: with(func(f *idcontrolv1.IdentityFields) { f.BirthDate = "1985-XX-XX" }),
			absent:   map[string]string{},
			score:    -1, passed: true,
		},
		{
			// Half the default weight (0.30 + 0.20) is enough.
			name:     "last name and birth date only",
			declared: &idcontrolv1.IdentityFields{LastName: "MARTIN", BirthDate: "1985-03-14"},
			document: base(),
			score:    1, passed: true,
		},
		{
			name:     "the sex alone cannot pass",
			declared: &idcontrolv1.IdentityFields{Sex: "F", FirstNames: "CLAIRE ANNE"},
			document: &idcontrolv1.IdentityFields{Sex: "F", LastName: "MARTIN"},
			score:    1, passed: false, codes: []string{"INSUFFICIENT_FIELDS"},
		},
		{
			name:     "no field in common",
			declared: &idcontrolv1.IdentityFields{LastName: "MARTIN"},
			document: &idcontrolv1.IdentityFields{FirstNames: "CLAIRE"},
			score:    0, passed: false, codes: []string{"NO_COMMON_FIELD"},
		},
		{
			name:     "nothing at all",
			declared: &idcontrolv1.IdentityFields{},
			document: nil,
			score:    0, passed: false, codes: []string{"NO_COMMON_FIELD"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := Score(c.declared, c.document, policy.Resolve(nil))
			checkInvariants(t, r)
			if c.score >= 0 && r.Score != c.score {
				t.Errorf("score %v, want %v", r.Score, c.score)
			}
			if r.Passed != c.passed {
				t.Errorf("passed %v, want %v (score %v, findings %v)", r.Passed, c.passed, r.Score, r.Findings)
			}
			if !c.passed && r.Error != ErrLowScore {
				t.Errorf("error %q, want %s", r.Error, ErrLowScore)
			}
			for field, msg := range c.absent {
				fs := fieldOf(t, r, field)
				if fs.GetRule() != string(match.RuleMissing) && fs.GetRule() != string(match.RuleUndetermined) {
					t.Errorf("%s: rule %s, want MISSING or UNDETERMINED", field, fs.GetRule())
				}
				if msg != "" && fs.GetMessage() != msg {
					t.Errorf("%s: message %q, want %q", field, fs.GetMessage(), msg)
				}
			}
			if diff := cmp.Diff(c.codes, codes(r.Findings), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("finding codes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestScoreVetoCapsWhatWeightsWouldPass: with the names weighing little,
// the other fields would pass; the veto still caps at 0.50.
func TestScoreVetoCapsWhatWeightsWouldPass(t *testing.T) {
	t.Parallel()
	pol := policy.Resolve(&idcontrolv1.Policy{SimilarityWeights: map[string]float64{"lastName": 0.01}})
	declared := with(func(f *idcontrolv1.IdentityFields) { f.LastName = "ZIMMERMANN" })
	r := Score(declared, base(), pol)
	checkInvariants(t, r)
	if r.Score != vetoCap || r.Passed || r.Error != ErrLowScore || !fieldOf(t, r, "lastName").GetVeto() {
		t.Fatalf("score %v passed %v error %q fields %v", r.Score, r.Passed, r.Error, r.Fields)
	}
	if !slices.Contains(codes(r.Findings), "SIMILARITY_VETO") {
		t.Errorf("no SIMILARITY_VETO finding: %v", r.Findings)
	}
}

func TestBirthDateScore(t *testing.T) {
	t.Parallel()
	cases := []struct {
		declared, document string
		match              bool
		lo, hi             float64
	}{
		{"1985-03-14", "1985-03-14", true, 1, 1},
		{"1985-03-14", "1985-03-XX", true, 0.9, 1},
		{"1985-03-14", "1985-XX-XX", true, 0.9, 1},
		{"1985-03-14", "1986-03-14", false, 2.0 / 3, 2.0 / 3},
		{"1985-03-14", "1985-12-03", false, 1.0 / 3, 1.0 / 3},
		{"1985-03-14", "1986-04-15", false, 0, 0},
		// A part unknown on both sides is no evidence of equality.
		{"1985-03-XX", "1985-04-XX", false, 0.5, 0.5},
		{"1985-XX-XX", "1986-XX-XX", false, 0, 0},
		{"1985-03-14", "1986-XX-XX", false, 0, 0},
	}
	for _, c := range cases {
		d := birthDateScore(c.declared, c.document)
		if d.Match != c.match || d.Score < c.lo-1e-9 || d.Score > c.hi+1e-9 {
			t.Errorf("birthDateScore(%s, %s) = %+v, want match %v score in [%v, %v]", c.declared, c.document, d, c.match, c.lo, c.hi)
		}
	}
	if d := birthDateScore("1985-02-30", "1985-02-28"); d.Rule != match.RuleUndetermined {
		t.Errorf("a date that is not a date: %+v", d)
	}
	// The score is symmetric in its parts.
	if a, b := birthDateScore("1985-03-XX", "1985-04-XX"), birthDateScore("1985-04-XX", "1985-03-XX"); a.Score != b.Score {
		t.Errorf("asymmetric: %v %v", a.Score, b.Score)
	}
}

func TestSexScore(t *testing.T) {
	t.Parallel()
	cases := []struct {
		a, b  string
		rule  match.Rule
		score float64
	}{
		{"M", "M", match.RuleExact, 1},
		{"F", "M", match.RuleNoMatch, 0},
		{"X", "F", match.RuleUndetermined, 0},
		{"M", "X", match.RuleUndetermined, 0},
	}
	for _, c := range cases {
		if d := sexScore(c.a, c.b); d.Rule != c.rule || d.Score != c.score || d.Match != (c.rule == match.RuleExact) {
			t.Errorf("sexScore(%s, %s) = %+v", c.a, c.b, d)
		}
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	fields := func(date string) *idcontrolv1.IdentityFields { return &idcontrolv1.IdentityFields{BirthDate: date} }
	cases := []struct {
		name               string
		declared, document *idcontrolv1.IdentityFields
		want               checks.Violations
	}{
		{name: "full dates", declared: fields("1985-03-14"), document: fields("1985-03-14")},
		{name: "partial dates", declared: fields("1985-XX-XX"), document: fields("1985-03-XX")},
		{name: "no dates", declared: fields(""), document: nil},
		{name: "nothing", declared: nil, document: nil},
		{
			name: "30 February", declared: fields("1985-02-30"), document: fields("1985-02-28"),
			want: checks.Violations{{Field: "declared.birthDate", Reason: "INVALID_DATE"}},
		},
		{
			name: "day known, month unknown", declared: fields("1985-02-28"), document: fields("1985-XX-14"),
			want: checks.Violations{{Field: "document.birthDate", Reason: "INVALID_DATE"}},
		},
		{
			name: "French order and year zero", declared: fields("14/03/1985"), document: fields("0000-01-01"),
			want: checks.Violations{{Field: "declared.birthDate", Reason: "INVALID_DATE"}, {Field: "document.birthDate", Reason: "INVALID_DATE"}},
		},
		{
			name: "month 13", declared: fields("1985-13-01"), document: fields(""),
			want: checks.Violations{{Field: "declared.birthDate", Reason: "INVALID_DATE"}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := Validate(c.declared, c.document)
			if c.want == nil {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			got, ok := err.(checks.Violations)
			if !ok {
				t.Fatalf("Validate = %v (%T), want checks.Violations", err, err)
			}
			if diff := cmp.Diff(c.want, got, cmpopts.IgnoreFields(checks.Violation{}, "Description")); diff != "" {
				t.Errorf("violations (-want +got):\n%s", diff)
			}
			for _, v := range got {
				if v.Description == "" {
					t.Errorf("%s has no description", v.Field)
				}
			}
		})
	}
}

// TestRuleMatchesScoreNearlyOne: a difference a rule explains (a hyphen, a
// particle) scores at least 0.95 and shows its rule; only an identical
// value scores 1.
func TestRuleMatchesScoreNearlyOne(t *testing.T) {
	t.Parallel()
	document := with(func(f *idcontrolv1.IdentityFields) {
		f.FirstNames = "JEAN PIERRE MARIE"
		f.LastName = "DE LA FONTAINE"
	})
	declared := with(func(f *idcontrolv1.IdentityFields) {
		f.FirstNames = "Jean-Pierre Marie"
		f.LastName = "La Fontaine"
	})
	r := Score(declared, document, policy.Resolve(nil))
	checkInvariants(t, r)
	for _, name := range []string{"firstNames", "lastName"} {
		fs := fieldOf(t, r, name)
		if fs.GetScore() < 0.95 || fs.GetScore() >= 1 || fs.GetRule() == string(match.RuleExact) || fs.GetVeto() {
			t.Errorf("%s: score %v rule %s veto %v, want a rule match in [0.95, 1)", name, fs.GetScore(), fs.GetRule(), fs.GetVeto())
		}
	}
	if !r.Passed {
		t.Errorf("rule matches failed the comparison: %v", r.Score)
	}
}

// BenchmarkScore is one SIMILARITY comparison of six fields, a name among
// them changed by the person (the slow path: no rule explains it).
func BenchmarkScore(b *testing.B) {
	document := base()
	declared := with(func(f *idcontrolv1.IdentityFields) {
		f.FirstNames = "Claire-Anne"
		f.LastName = "Martinez"
		f.BirthPlace = "Lyon 3e"
	})
	pol := policy.Resolve(nil)
	b.ReportAllocs()
	for b.Loop() {
		Score(declared, document, pol)
	}
}

// TestVetoFailsUnderALenientThreshold: a policy threshold at or under the
// veto cap does not let another birth date through.
func TestVetoFailsUnderALenientThreshold(t *testing.T) {
	t.Parallel()
	pol := policy.Resolve(&idcontrolv1.Policy{SimilarityThreshold: proto.Float64(0.4)})
	declared := with(func(f *idcontrolv1.IdentityFields) { f.BirthDate = "1985-03-15" })
	r := Score(declared, base(), pol)
	checkInvariants(t, r)
	if r.Passed || r.Error != ErrLowScore || r.Score > vetoCap {
		t.Fatalf("score %v passed %v error %q: a veto must fail", r.Score, r.Passed, r.Error)
	}
	if !slices.Contains(codes(r.Findings), "SIMILARITY_VETO") {
		t.Errorf("no SIMILARITY_VETO finding: %v", r.Findings)
	}
}
