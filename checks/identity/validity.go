package identity

import (
	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/mrz"
)

// Validity rules answered in the response's validity.rule.
const (
	// RulePrinted: the legal expiry is the printed one.
	RulePrinted = "PRINTED"
	// RuleFRCardExtended: décret 2013-1188 — a French ID card issued to an
	// adult from 2004-01-02 to 2013-12-31 is valid 15 years, 5 more than
	// printed.
	RuleFRCardExtended = "FR_ID_CARD_ADULT_2004_2013_PLUS_5_YEARS"
	// RuleFRCardUndetermined: the 5-year extension may apply but the
	// holder's age at issuance is unknown.
	RuleFRCardUndetermined = "FR_ID_CARD_EXTENSION_UNDETERMINED"
)

// model is a document model whose validity rules are known in depth.
type model int

const (
	modelOther      model = iota
	modelFRCard1988       // French ID card of 1988-2021 (2×36 MRZ, 12-digit number)
	modelFRCard2021       // French ID card from 2021 (TD1, 9-character number)
	modelFRPassport       // French passport
)

var (
	frExtStart   = civil.Date{Year: 2004, Month: 1, Day: 2}
	frExtEnd     = civil.Date{Year: 2013, Month: 12, Day: 31}
	fr15Start    = civil.Date{Year: 2014, Month: 1, Day: 1}
	frCard2021On = civil.Date{Year: 2021, Month: 8, Day: 2}
)

// model tells which known document model this is.
func (s *state) model() model {
	if s.country != "FRA" {
		return modelOther
	}
	switch s.typ {
	case TypePassport:
		return modelFRPassport
	case TypeIDCard:
		if s.hasMRZ() {
			switch s.m.Format {
			case mrz.FormatFRIDCard:
				return modelFRCard1988
			case mrz.FormatTD1:
				return modelFRCard2021
			}
		}
		n := s.viz.number
		switch {
		case len(n) == 12 && allDigits(n):
			return modelFRCard1988
		case len(n) == 9:
			return modelFRCard2021
		case s.viz.hasIssue && !s.viz.issue.Before(frCard2021On):
			return modelFRCard2021
		}
		return modelFRCard1988
	}
	return modelOther
}

// adultAt tells whether the holder (birth date from the document) was an
// adult on every day of [from, to]: adult true, minor false, or known
// false when the birth date is missing or too partial to tell.
func (s *state) adultAt(from, to civil.Date) (adult, known bool) {
	b, ok := s.holderBirth()
	if !ok {
		return false, false
	}
	lo, _ := ageBounds(b, from)
	_, hi := ageBounds(b, to)
	switch {
	case lo >= 18:
		return true, true
	case hi < 18:
		return false, true
	}
	return false, false
}

// frCardPrintedYears is the printed validity of a French ID card of the
// 1988 model issued on issue: 10 years before 2014 or to a minor, 15 to an
// adult from 2014; both when the holder's age is unknown.
func (s *state) frCardPrintedYears(issue civil.Date) []int {
	if issue.Before(fr15Start) {
		return []int{10}
	}
	adult, known := s.adultAt(issue, issue)
	switch {
	case !known:
		return []int{10, 15}
	case adult:
		return []int{15}
	}
	return []int{10}
}

// issuanceAndExpirationDateMatch: the expiry is consistent with the issue
// date for the document's type (the reference lists the key without a
// definition).
//
// Our rule: the expiry is the issue date plus the model's validity, minus
// one day (the same day is tolerated): French ID card of 1988-2021 10
// years (issued before 2014 or to a minor) or 15 (adult, from 2014); French
// ID card of 2021 10 years; French passport 10 years (adult) or 5 (minor),
// either when the holder's age is unknown. Other documents: a whole number
// of years from 1 to 15, or an expiry on the holder's birthday (Italy)
// within 16 years. Absent without both dates (the expiry may come from
// the MRZ).
func (s *state) issuanceAndExpirationDateMatch() *bool {
	exp, ok := s.printedExpiry()
	if !ok || !s.viz.hasIssue {
		return s.absent(ctlIssuanceExpiration, CodeDateMissing, "The issue date or the expiry date is missing.")
	}
	issue := s.viz.issue
	if !issue.Before(exp) {
		return s.no(ctlIssuanceExpiration, CodeValidityMismatch, "The expiry date is not after the issue date.")
	}
	var years []int
	switch s.model() {
	case modelFRCard1988:
		years = s.frCardPrintedYears(issue)
	case modelFRCard2021:
		years = []int{10}
	case modelFRPassport:
		adult, known := s.adultAt(issue, issue)
		switch {
		case !known:
			years = []int{5, 10}
		case adult:
			years = []int{10}
		default:
			years = []int{5}
		}
	default:
		if fitsWholeYears(issue, exp, 1, 15) || s.birthdayExpiry(issue, exp) {
			return s.bool(true)
		}
		return s.no(ctlIssuanceExpiration, CodeValidityMismatch, "The period from issue to expiry is not a validity period documents of this kind have.")
	}
	for _, n := range years {
		if fitsWholeYears(issue, exp, n, n) {
			return s.bool(true)
		}
	}
	return s.no(ctlIssuanceExpiration, CodeValidityMismatch, "The expiry date does not follow from the issue date by this document's validity period.")
}

// fitsWholeYears reports whether exp is issue plus n years minus one day
// (or plus n years exactly) for some n in [minN, maxN].
func fitsWholeYears(issue, exp civil.Date, minN, maxN int) bool {
	for n := minN; n <= maxN; n++ {
		e := issue.AddYears(n)
		if exp == e || exp == e.AddDays(-1) {
			return true
		}
	}
	return false
}

// birthdayExpiry reports whether exp falls on the holder's birthday at most
// 16 years after issue (Italian identity cards expire on the birthday after
// their tenth anniversary).
func (s *state) birthdayExpiry(issue, exp civil.Date) bool {
	b, ok := s.holderBirth()
	return ok && b.Month == exp.Month && b.Day == exp.Day && exp.Before(issue.AddYears(16))
}

// validity is the computation behind documentExpired.
type validity struct {
	printed, legal, accepted civil.Date
	rule                     string
	set                      bool
}

func (v validity) proto() *idcontrolv1.DocumentValidity {
	if !v.set {
		return nil
	}
	// The three dates are often one day: its text is written once and
	// shared (strings are immutable).
	printed := iso(v.printed)
	legal := printed
	if v.legal != v.printed {
		legal = iso(v.legal)
	}
	accepted := legal
	switch v.accepted {
	case v.legal:
	case v.printed:
		accepted = printed
	default:
		accepted = iso(v.accepted)
	}
	return &idcontrolv1.DocumentValidity{
		PrintedExpirationDate: printed,
		LegalExpirationDate:   legal,
		Rule:                  v.rule,
		AcceptedUntil:         accepted,
	}
}

// iso writes a date as YYYY-MM-DD, "" for the zero date.
func iso(d civil.Date) string { return d.String() }

// acceptedUntil is the last day a document legally valid until legal is
// accepted under the policy.
func (s *state) acceptedUntil(legal civil.Date) civil.Date {
	return legal.AddDays(s.pol.ExpiryGraceDays - s.pol.MinimumResidualValidityDays)
}

// documentExpired: « pour indiquer si le document est expiré ».
//
// Our rule: true when the reference date is after the last accepted day:
// the LEGAL expiry plus the policy's grace days minus its minimum residual
// validity. The legal expiry is the printed one (VIZ, else MRZ), except for
// a French ID card of the 1988 model issued to an adult from 2004-01-02 to
// 2013-12-31, valid 5 more years than printed (décret 2013-1188). Its issue
// date is the VIZ's, else the issue month of its MRZ number, else inferred
// from the printed expiry (10 years minus a day). When the holder's age at
// issuance is unknown, both readings are tried: the control is decided
// only when they agree (finding RULE_ASSUMED), absent otherwise
// (HOLDER_AGE_UNKNOWN). Absent without an expiry date, and for an ID card
// of unknown country when the French extension would change the answer
// (COUNTRY_UNKNOWN). The response's
// validity answers the printed and legal expiry, the rule and the last
// accepted day.
func (s *state) documentExpired() *bool {
	printed, ok := s.printedExpiry()
	if !ok {
		return s.absent(ctlExpired, CodeDateMissing, "No expiry date was read on the document.")
	}
	v := &s.valid
	v.set, v.printed = true, printed
	extended := printed.AddYears(5)
	if s.country == "" && s.typ == TypeIDCard && s.acceptedUntil(printed).Before(s.ref) && !s.acceptedUntil(extended).Before(s.ref) {
		// An ID card of unknown country may be a French one whose 5 more
		// years decide the answer: not guessed.
		v.rule = RuleFRCardUndetermined
		return s.absent(ctlExpired, CodeCountryUnknown, "The issuing country is unknown, and a French ID card's 5-year extension would change the answer.")
	}
	if s.model() != modelFRCard1988 {
		return s.expiredAt(printed, RulePrinted)
	}
	from, to, inferred := s.frIssueRange(printed)
	inWindow := !from.Before(frExtStart) && !frExtEnd.Before(to)
	outside := to.Before(frExtStart) || frExtEnd.Before(from)
	if outside {
		return s.expiredAt(printed, RulePrinted)
	}
	adult, known := s.adultAt(from, to)
	if known && !adult {
		// A minor through the whole issue range: the extension is for adults.
		return s.expiredAt(printed, RulePrinted)
	}
	if known && inWindow {
		if inferred {
			s.note(ctlExpired, "", CodeRuleAssumed, "The issue date was inferred from the printed expiry to apply the 5-year extension of French ID cards.")
		}
		return s.expiredAt(extended, RuleFRCardExtended)
	}
	// The extension may or may not apply: decide only if both readings agree.
	e1 := s.acceptedUntil(printed).Before(s.ref)
	e2 := s.acceptedUntil(extended).Before(s.ref)
	if e1 != e2 {
		v.rule = RuleFRCardUndetermined
		return s.absent(ctlExpired, CodeHolderAgeUnknown, "Whether the 5-year extension of French ID cards applies depends on the holder's age at issuance, which is unknown.")
	}
	s.note(ctlExpired, "", CodeRuleAssumed, "The 5-year extension of French ID cards may apply; the answer is the same with or without it.")
	if e1 {
		return s.expiredAt(extended, RuleFRCardUndetermined)
	}
	return s.expiredAt(printed, RuleFRCardUndetermined)
}

// expiredAt decides documentExpired for a legal expiry.
func (s *state) expiredAt(legal civil.Date, rule string) *bool {
	v := &s.valid
	v.legal, v.rule, v.accepted = legal, rule, s.acceptedUntil(legal)
	if !v.accepted.Before(s.ref) {
		return s.bool(false)
	}
	if legal.Before(s.ref) {
		s.note(ctlExpired, "", CodeDocumentExpired, "The document's legal validity ended before the reference date.")
	} else {
		s.note(ctlExpired, "", CodeResidualTooShort, "The document stays valid for less than the policy's minimum residual validity.")
	}
	return s.bool(true)
}

// frIssueRange is the issue date of a French ID card of the 1988 model as
// a range of days: the VIZ date, else the month of its MRZ number, else
// inferred from the printed expiry (printed 10 years, minus one day).
func (s *state) frIssueRange(printed civil.Date) (from, to civil.Date, inferred bool) {
	if s.viz.hasIssue {
		return s.viz.issue, s.viz.issue, false
	}
	if s.hasMRZ() {
		if im := s.m.IssueMonth; im.Year != 0 && im.Month != 0 {
			return civil.Date{Year: im.Year, Month: im.Month, Day: 1},
				civil.Date{Year: im.Year, Month: im.Month, Day: civil.DaysIn(im.Year, im.Month)}, false
		}
	}
	d := printed.AddYears(-10).AddDays(1)
	return d, d, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
