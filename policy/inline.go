package policy

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ident"
)

// Reasons of the violations an inline policy gets.
const (
	// ReasonServerOnly: the field protects people (the attempt budget, the
	// SIMILARITY threshold and weights) and comes from the server's policy
	// file only.
	ReasonServerOnly = "POLICY_SERVER_ONLY"
	// ReasonLooser: the inline value would make a check looser than the
	// base policy's.
	ReasonLooser = "POLICY_LOOSER_THAN_SERVER"
)

// DefaultPolicyID is the entry of the policy file that applies to requests
// that name no policy; without it, the built-in defaults apply.
const DefaultPolicyID = "default"

// knownAgeFamilies are the keys of maxDocumentAgeDays the contract fixes;
// only these are echoed in a field path (any other key is caller text).
var knownAgeFamilies = []string{"payslip", "taxNotice", "invoice", "schedule", "propertyTax", "homeInsurance"}

// Tighten applies an inline policy over base, the policy the operator
// configured (policyId's, else the server's default). An inline policy may
// only make checks stricter: it may narrow the allowed countries, lower the
// maximum document ages, the expiry grace, raise the minimum residual
// validity and the minimum age, and add keywords to the blacklist and the
// alert lists. The settings that protect people — maxAttempts,
// attemptsTtlDays, similarityThreshold, similarityWeights,
// requireAttemptKey — and the keyword whitelist come from the server's
// policy file only (the contract: "limits that protect people come from
// the server's configuration only"), whatever their inline value. Each
// field that breaks these rules is a violation naming it (policy.<field>);
// the result is then base unchanged.
func (base Effective) Tighten(inline *idcontrolv1.Policy) (Effective, checks.Violations) {
	if inline == nil {
		return base, nil
	}
	var v checks.Violations
	serverOnly := func(field string, set bool) {
		if set {
			v.Add("policy."+field, ReasonServerOnly, "is set by the server's policy file only (use policyId); a request cannot change it")
		}
	}
	serverOnly("similarityThreshold", inline.SimilarityThreshold != nil)
	serverOnly("similarityWeights", len(inline.GetSimilarityWeights()) > 0)
	serverOnly("maxAttempts", inline.MaxAttempts != nil)
	serverOnly("attemptsTtlDays", inline.AttemptsTtlDays != nil)
	serverOnly("requireAttemptKey", inline.RequireAttemptKey != nil)
	serverOnly("keywordsWhitelist", len(inline.GetKeywordsWhitelist()) > 0)
	// A rule may approve what the defaults review: the operator's alone.
	serverOnly("decisionRules", len(inline.GetDecisionRules()) > 0)

	e := base
	if codes := inline.GetAllowedDocumentCountries(); len(codes) > 0 {
		e.AllowedDocumentCountries = narrow(&v, "allowedDocumentCountries", codes, base.AllowedDocumentCountries, nil,
			"must be one of the document countries the server's policy allows")
	}
	if codes := inline.GetAllowedBankCountries(); len(codes) > 0 {
		e.AllowedBankCountries = narrow(&v, "allowedBankCountries", codes, base.AllowedBankCountries, ident.IsSEPA,
			"must be one of the bank countries the server's policy allows (by default the SEPA scope)")
	}
	if ages := inline.GetMaxDocumentAgeDays(); len(ages) > 0 {
		e.MaxDocumentAgeDays = maps.Clone(base.MaxDocumentAgeDays)
		if e.MaxDocumentAgeDays == nil {
			e.MaxDocumentAgeDays = make(map[string]int, len(ages))
		}
		for _, family := range slices.Sorted(maps.Keys(ages)) {
			days := int(ages[family])
			if limit, ok := base.MaxDocumentAgeDays[family]; ok && days > limit {
				field := "policy.maxDocumentAgeDays"
				if slices.Contains(knownAgeFamilies, family) {
					field = fmt.Sprintf("policy.maxDocumentAgeDays[%q]", family)
				}
				v.Add(field, ReasonLooser, fmt.Sprintf("must be at most the server's %d days", limit))
				continue
			}
			e.MaxDocumentAgeDays[family] = days
		}
	}
	if inline.MinimumResidualValidityDays != nil {
		e.MinimumResidualValidityDays = atLeast(&v, "minimumResidualValidityDays", int(inline.GetMinimumResidualValidityDays()), base.MinimumResidualValidityDays)
	}
	if inline.MinimumAge != nil {
		e.MinimumAge = atLeast(&v, "minimumAge", int(inline.GetMinimumAge()), base.MinimumAge)
	}
	if inline.ExpiryGraceDays != nil {
		if grace := int(inline.GetExpiryGraceDays()); grace > base.ExpiryGraceDays {
			v.Add("policy.expiryGraceDays", ReasonLooser, fmt.Sprintf("must be at most the server's %d days", base.ExpiryGraceDays))
		} else {
			e.ExpiryGraceDays = grace
		}
	}
	if inline.MaxDocumentsPerFile != nil {
		if n := int(inline.GetMaxDocumentsPerFile()); n > base.MaxDocumentsPerFile {
			v.Add("policy.maxDocumentsPerFile", ReasonLooser, fmt.Sprintf("must be at most the server's %d", base.MaxDocumentsPerFile))
		} else {
			e.MaxDocumentsPerFile = n
		}
	}
	if inline.TaxNoticeAcceptsAsdir != nil {
		// Accepting an ASDIR as a tax notice admits more documents: looser.
		if inline.GetTaxNoticeAcceptsAsdir() && !base.TaxNoticeAcceptsASDIR {
			v.Add("policy.taxNoticeAcceptsAsdir", ReasonLooser, "cannot accept an ASDIR as a tax notice when the server's policy does not")
		} else {
			e.TaxNoticeAcceptsASDIR = inline.GetTaxNoticeAcceptsAsdir()
		}
	}
	// More words to look for is stricter: the lists are added to the base's.
	e.KeywordsBlacklist = union(base.KeywordsBlacklist, inline.GetKeywordsBlacklist())
	e.KeywordsParticipant = union(base.KeywordsParticipant, inline.GetKeywordsParticipantAlert())
	e.KeywordsOperator = union(base.KeywordsOperator, inline.GetKeywordsOperatorAlert())
	// Information for the operator decides nothing: a request may add to it.
	e.KeywordsOperatorInfo = union(base.KeywordsOperatorInfo, inline.GetKeywordsOperatorInfo())
	if len(v) > 0 {
		return base, v
	}
	return e, nil
}

// narrow checks that every inline code is allowed by base (nil: every
// code inScope accepts, or every code when inScope is nil) and returns the
// inline set.
func narrow(v *checks.Violations, field string, codes []string, base map[string]bool, inScope func(string) bool, msg string) map[string]bool {
	out := set(codes)
	for i, c := range codes {
		c = strings.ToUpper(strings.TrimSpace(c))
		ok := base[c] || (base == nil && (inScope == nil || inScope(c)))
		if !ok {
			v.Add(fmt.Sprintf("policy.%s[%d]", field, i), ReasonLooser, msg)
		}
	}
	return out
}

func atLeast(v *checks.Violations, field string, value, base int) int {
	if value < base {
		v.Add("policy."+field, ReasonLooser, fmt.Sprintf("must be at least the server's %d", base))
		return base
	}
	return value
}

func union(base, more []string) []string {
	if len(more) == 0 {
		return base
	}
	out := slices.Clone(base)
	for _, w := range more {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}
