// Package match holds the vocabulary every comparison of the service answers
// with: whether two values match, the rule that decided it, a score and an
// explanation. The names engine (names/) and the place and address matcher
// (places/) both decide in these terms, so that MatchField and every control
// explain themselves the same way.
package match

// Rule names the mechanism that decided a comparison. Values are stable
// UPPER_SNAKE words: they reach clients as MatchField's `rule`.
type Rule string

// Rules shared by every comparison. Packages add their own in the same style.
const (
	RuleExact         Rule = "EXACT"          // identical after case, diacritics and blanks
	RuleSeparators    Rule = "SEPARATORS"     // differs only by hyphens, spaces, apostrophes, '<'
	RuleMRZTranslit   Rule = "MRZ_TRANSLIT"   // ICAO 9303 transliteration variant
	RuleMRZTruncated  Rule = "MRZ_TRUNCATED"  // MRZ field cut at its last position
	RuleUsageOrBirth  Rule = "USAGE_OR_BIRTH" // birth or usage name (ÉP., NÉE…)
	RuleParticle      Rule = "PARTICLE"       // droppable particle (DE, D', VAN…)
	RuleOCREquivalent Rule = "OCR_EQUIVALENT" // OCR confusion on the extracted side
	RuleGivenSubset   Rule = "GIVEN_SUBSET"   // one or the first given names of several
	RuleTokenOrder    Rule = "TOKEN_ORDER"    // same words in another order
	RuleCivility      Rule = "CIVILITY"       // titles and role labels ignored
	RuleDatePartial   Rule = "DATE_PARTIAL"   // equal on the parts known on both sides
	RulePlace         Rule = "PLACE"          // same commune (INSEE code, arrondissement…)
	RuleAddress       Rule = "ADDRESS"        // same address after street-type and complement rules
	RuleUndetermined  Rule = "UNDETERMINED"   // one side carries no information
	RuleNoMatch       Rule = "NO_MATCH"       // a difference no benign mechanism explains
	RuleMissing       Rule = "MISSING"        // a side is empty: nothing to compare
	RuleDamaged       Rule = "DAMAGED"        // a replacement or invisible character: the text was damaged on the way
)

// Decision is the outcome of one comparison.
type Decision struct {
	// Match is true when every difference is explained by a named, benign
	// mechanism.
	Match bool
	// Rule is the mechanism that decided (the strongest one used, or
	// RuleNoMatch).
	Rule Rule
	// Score in [0, 1]: 1 for identical values, close to 1 for rule matches,
	// a string similarity otherwise.
	Score float64
	// Message is one English sentence an operator understands. It never
	// repeats the compared values, so a Decision can be logged.
	Message string
}
