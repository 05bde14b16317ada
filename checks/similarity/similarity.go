// Package similarity scores the identity a person confirmed in a form
// against the identity read on their ID document (the Self ID flow): per
// field a score in [0, 1] — 1 or nearly when a rule of the name engine
// explains the difference, a guarded string similarity otherwise — weighted
// by the policy and renormalised over the fields present on both sides, with
// vetoes that no weighting can outvote.
//
// The support FAQ tells a person who got SIMILARITY_LOW_SCORE to "type the
// last name and all the given names exactly as on the ID card". So a name
// passes only as the document has it, up to what a rule of the name engine
// explains (case, accents, hyphens and spaces, particles, MRZ
// transliteration, the usage name); a name no rule explains — a typo
// included — vetoes, and given names left out cost in proportion (one of
// three given names scores 1/3). Vetoes apply whatever the field's weight: a
// field weighted 0 adds nothing to the score but is still compared.
//
// A field missing on either side (empty, blank, or nothing left once
// normalised, such as "-") is absent: it is neither guessed as equal nor
// counted as different, it gets weight 0 and the other weights are
// renormalised. So that renormalisation cannot let a near-empty comparison
// pass (the sex alone, say), the fields compared on both sides must carry at
// least half of the policy's total weight; below that the score is still
// shown but the comparison does not pass (INSUFFICIENT_FIELDS).
package similarity

import (
	"math"
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/names"
	"github.com/idcontrol/idcontrol/places"
	"github.com/idcontrol/idcontrol/policy"
)

// Error words of the response.
const (
	ErrLowScore          = "SIMILARITY_LOW_SCORE"
	ErrAttemptsExhausted = "SIMILARITY_ATTEMPTS_EXHAUSTED"
)

// vetoCap is the highest score a vetoed comparison can reach; minCoverage
// is the share of the policy's total weight that the fields compared on
// both sides must carry for the comparison to pass.
const (
	vetoCap     = 0.50
	minCoverage = 0.50
)

// Result is a similarity score with its explanation.
type Result struct {
	Score     float64
	Passed    bool
	Error     string // "" or ErrLowScore
	Threshold float64
	Fields    []*idcontrolv1.FieldScore
	Findings  checks.Findings
}

// fieldScore is a field's comparison: the decision shown, and whether it
// vetoes the comparison.
type fieldScore struct {
	match.Decision
	veto bool
}

// field is one comparable field: how to read it and how to score it. score
// gets the field's two values and the whole document identity (the last
// name is also compared with the document's usage name).
type field struct {
	name    string
	get     func(*idcontrolv1.IdentityFields) string
	score   func(declared, document string, doc *idcontrolv1.IdentityFields) fieldScore
	canVeto bool
}

var fields = []field{
	{name: "lastName", get: (*idcontrolv1.IdentityFields).GetLastName, score: surnameScore((*idcontrolv1.IdentityFields).GetUsageName, msgLastIsUsage), canVeto: true},
	{name: "firstNames", get: (*idcontrolv1.IdentityFields).GetFirstNames, score: givenNamesScore, canVeto: true},
	{name: "birthDate", get: (*idcontrolv1.IdentityFields).GetBirthDate, score: vetoUnlessMatch(birthDateScore), canVeto: true},
	{name: "birthPlace", get: (*idcontrolv1.IdentityFields).GetBirthPlace, score: noVeto(birthPlaceScore)},
	{name: "sex", get: (*idcontrolv1.IdentityFields).GetSex, score: noVeto(sexScore)},
	{name: "usageName", get: (*idcontrolv1.IdentityFields).GetUsageName, score: surnameScore((*idcontrolv1.IdentityFields).GetLastName, msgUsageIsLast), canVeto: true},
}

func noVeto(f func(string, string) match.Decision) func(string, string, *idcontrolv1.IdentityFields) fieldScore {
	return func(a, b string, _ *idcontrolv1.IdentityFields) fieldScore { return fieldScore{Decision: f(a, b)} }
}

func vetoUnlessMatch(f func(string, string) match.Decision) func(string, string, *idcontrolv1.IdentityFields) fieldScore {
	return func(a, b string, _ *idcontrolv1.IdentityFields) fieldScore {
		d := f(a, b)
		return fieldScore{Decision: d, veto: !d.Match && d.Rule != match.RuleUndetermined && d.Rule != match.RuleMissing}
	}
}

// Validate reports bad input: dates that are not dates.
func Validate(declared, document *idcontrolv1.IdentityFields) error {
	var v checks.Violations
	validate(&v, declared, document)
	return v.Err()
}

func validate(v *checks.Violations, declared, document *idcontrolv1.IdentityFields) {
	checks.ParseDate(v, "declared.birthDate", declared.GetBirthDate(), true)
	checks.ParseDate(v, "document.birthDate", document.GetBirthDate(), true)
}

// Score compares declared with document under pol. Call Validate first.
func Score(declared, document *idcontrolv1.IdentityFields, pol policy.Effective) Result {
	r := Result{Threshold: pol.SimilarityThreshold}
	totalWeight, policyWeight := 0.0, 0.0
	type scored struct {
		fs     *idcontrolv1.FieldScore
		weight float64
	}
	var present []scored
	vetoed := false
	for _, f := range fields {
		dec, doc := f.get(declared), f.get(document)
		w := max(pol.SimilarityWeights.Get(f.name), 0)
		policyWeight += w
		fs := &idcontrolv1.FieldScore{Field: f.name, DeclaredValue: dec, DocumentValue: doc}
		r.Fields = append(r.Fields, fs)
		if strings.TrimSpace(dec) == "" || strings.TrimSpace(doc) == "" {
			fs.Rule = string(match.RuleMissing)
			fs.Message = absentMessage(strings.TrimSpace(dec), strings.TrimSpace(doc))
			continue
		}
		// A field of weight 0 is compared all the same: it cannot add to
		// the score, but it can veto.
		d := f.score(dec, doc, document)
		if d.Rule == match.RuleUndetermined || d.Rule == match.RuleMissing {
			// Nothing comparable once normalised ("-", "X"): absent, not 0.
			fs.Rule, fs.Message = string(d.Rule), d.Message
			continue
		}
		d.Score = min(max(d.Score, 0), 1)
		fs.Rule, fs.Score, fs.Message = string(d.Rule), round(d.Score), d.Message
		if d.veto {
			fs.Veto = true
			vetoed = true
		}
		if w == 0 {
			fs.Message += " The policy gives this field no weight: it adds nothing to the score."
			if f.canVeto {
				fs.Message += " It is still compared for the vetoes."
			}
			continue
		}
		totalWeight += w
		present = append(present, scored{fs, w})
	}
	score := 0.0
	for _, s := range present {
		s.fs.Weight = round(s.weight / totalWeight)
		s.fs.Contribution = round(s.fs.Weight * s.fs.Score)
		score += s.weight / totalWeight * s.fs.Score
	}
	if vetoed {
		score = min(score, vetoCap)
		r.Findings.Add("similarity", "", "SIMILARITY_VETO", "A name differs beyond what the matching rules explain, or the birth date differs: the score is capped at 0.50 and the comparison cannot pass.")
	}
	if totalWeight == 0 {
		r.Findings.Add("similarity", "", "NO_COMMON_FIELD", "No field the policy weighs is filled on both the form and the document: nothing can be compared.")
		r.Error = ErrLowScore
		return r
	}
	r.Score = round(score)
	// A veto fails the comparison even under a policy threshold at or
	// below the cap: a lenient threshold must not let another person's
	// birth date through.
	r.Passed = r.Score >= r.Threshold && !vetoed
	if totalWeight < minCoverage*policyWeight {
		r.Passed = false
		r.Findings.Addf("similarity", "", "INSUFFICIENT_FIELDS", "The fields filled on both the form and the document carry %.0f%% of the policy's weight, under the %.0f%% needed to pass.", 100*totalWeight/policyWeight, 100*minCoverage)
	}
	if !r.Passed {
		r.Error = ErrLowScore
		for _, fs := range r.Fields {
			if fs.Rule != string(match.RuleMissing) && fs.Rule != string(match.RuleUndetermined) && fs.Score < 1 {
				// The field's message says what to retype: support reads it
				// to the person.
				r.Findings.Addf("similarity", "", "FIELD_DIFFERS", "The %s confirmed in the form differs from the document (%s, score %.2f). %s", fs.Field, fs.Rule, fs.Score, fs.Message)
			}
		}
	}
	return r
}

func absentMessage(dec, doc string) string {
	switch {
	case dec == "" && doc == "":
		return "Neither the form nor the document has this field."
	case dec == "":
		return "The form does not have this field."
	default:
		return "The document does not have this field."
	}
}

// ruleMatchFloor is the least score of a name a rule explains (hyphen,
// particle, usage name…): "rule matches ≈ 1", below an exact 1 so the
// operator still sees that something differs.
const ruleMatchFloor = 0.95

// birthDateScore: equal on the parts known on both sides scores as the
// engine says (1 or nearly); a different date scores the share of equal
// parts among those known on both sides (a part unknown on both sides is
// no evidence of equality) and vetoes.
func birthDateScore(declared, document string) match.Decision {
	a, errA := civil.ParseISO(declared)
	b, errB := civil.ParseISO(document)
	if errA != nil || errB != nil {
		return match.Decision{Rule: match.RuleUndetermined, Message: "A birth date is not a date."}
	}
	d := names.BirthDate(a, b)
	if d.Match {
		return d
	}
	same, known := 0, 0
	for _, p := range [][2]int{{a.Year, b.Year}, {a.Month, b.Month}, {a.Day, b.Day}} {
		if p[0] == 0 || p[1] == 0 {
			continue
		}
		known++
		if p[0] == p[1] {
			same++
		}
	}
	d.Score = 0
	if known > 0 {
		d.Score = float64(same) / float64(known)
	}
	return d
}

func birthPlaceScore(declared, document string) match.Decision {
	d := places.BirthPlace(declared, document)
	if d.Match {
		d.Score = max(d.Score, ruleMatchFloor)
		return d
	}
	d.Score = places.PlaceSimilarity(declared, document)
	return d
}

// sexScore: X (unspecified) on either side carries no information.
func sexScore(declared, document string) match.Decision {
	switch {
	case declared == "X" || document == "X":
		return match.Decision{Rule: match.RuleUndetermined, Message: "The sex is unspecified on one side."}
	case declared == document:
		return match.Decision{Match: true, Rule: match.RuleExact, Score: 1, Message: "The sex is the same."}
	default:
		return match.Decision{Rule: match.RuleNoMatch, Score: 0, Message: "The sex differs."}
	}
}

func round(x float64) float64 { return math.Round(x*10000) / 10000 }
