package identity

import (
	"slices"
	"strings"

	"github.com/idcontrol/idcontrol/civil"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/mrz"
	"github.com/idcontrol/idcontrol/names"
)

// Finding codes of this package (besides the MRZ's own: CHECK_DIGIT_MISMATCH,
// INVALID_DATE… from package mrz, under mrzValid).
const (
	CodeMRZMissing         = "MRZ_MISSING"
	CodeMRZUnrecognised    = "MRZ_UNRECOGNISED"
	CodeDateMissing        = "DATE_MISSING"
	CodeNameMissing        = "NAME_MISSING"
	CodeNumberMissing      = "NUMBER_MISSING"
	CodeNotInMRZ           = "NOT_IN_MRZ"
	CodeNumberMismatch     = "NUMBER_MISMATCH"
	CodeNameMismatch       = "NAME_MISMATCH"
	CodeDateMismatch       = "DATE_MISMATCH"
	CodeUsageNameNotInMRZ  = "USAGE_NAME_NOT_IN_MRZ"
	CodeValidityMismatch   = "VALIDITY_PERIOD_MISMATCH"
	CodeDocumentExpired    = "DOCUMENT_EXPIRED"
	CodeResidualTooShort   = "RESIDUAL_VALIDITY_TOO_SHORT"
	CodeHolderAgeUnknown   = "HOLDER_AGE_UNKNOWN"
	CodeRuleAssumed        = "RULE_ASSUMED"
	CodeCountryMissing     = "COUNTRY_MISSING"
	CodeCountryUnknown     = "COUNTRY_UNKNOWN"
	CodeCountryNotAllowed  = "COUNTRY_NOT_ALLOWED"
	CodeCountryMismatch    = "COUNTRY_MISMATCH"
	CodeTypeMismatch       = "DOCUMENT_TYPE_MISMATCH"
	CodeTypeUnknown        = "DOCUMENT_TYPE_UNKNOWN"
	CodeNothingToCheck     = "NOTHING_TO_CHECK"
	CodeNoSecurityData     = "NO_SECURITY_DATA"
	CodeSecurityMismatch   = "SECURITY_ELEMENT_MISMATCH"
	CodeSpecimen           = "SPECIMEN"
	CodePagesMissing       = "PAGES_MISSING"
	CodePageNotFound       = "PAGE_NOT_FOUND"
	CodeNotApplicable      = "NOT_APPLICABLE"
	CodeFormatUnknown      = "FORMAT_UNKNOWN"
	CodeFormatInvalid      = "NUMBER_FORMAT_INVALID"
	CodeHolderTooYoung     = "HOLDER_TOO_YOUNG"
	CodeComparedWithMRZ    = "COMPARED_WITH_MRZ"
	CodeCivilityMismatch   = "CIVILITY_MISMATCH"
	CodeCivilityMissing    = "CIVILITY_MISSING"
	CodeSexUndetermined    = "SEX_UNDETERMINED"
	CodePlaceMismatch      = "PLACE_MISMATCH"
	CodePlaceMissing       = "PLACE_MISSING"
	CodeFirstLastInverted  = "FIRST_LAST_NAMES_INVERTED"
	CodeNamesInverted      = "NAMES_INVERTED"
	CodeComparedWithLastNm = "COMPARED_WITH_LAST_NAME"
	CodeNameDamaged        = "NAME_DAMAGED"
)

// JSON names of the controls, as in report.json.
const (
	ctlMRZValid           = "mrzValid"
	ctlOcrNumber          = "ocrMrzDocumentNumberMatch"
	ctlOcrBirthName       = "ocrMrzBirthNameMatch"
	ctlOcrLastName        = "ocrMrzLastNameMatch"
	ctlOcrFirstNames      = "ocrMrzFirstNamesMatch"
	ctlOcrBirthDate       = "ocrMrzBirthDateMatch"
	ctlOcrIssuance        = "ocrMrzIssuanceDateMatch"
	ctlOcrExpiration      = "ocrMrzExpirationDateMatch"
	ctlIssuanceExpiration = "issuanceAndExpirationDateMatch"
	ctlExpired            = "documentExpired"
	ctlExpirationRead     = "expirationDateRead"
	ctlIssuanceRead       = "issuanceDateRead"
	ctlCountry            = "documentCountryValid"
	ctlType               = "documentTypeMatch"
	ctlSecurity           = "securityElementsValid"
	ctlNotSpecimen        = "notSpecimen"
	ctlFront              = "frontSideFound"
	ctlBack               = "backSideFound"
	ctlNumberFormat       = "documentNumberFormatValid"
	ctlHolderAge          = "holderAgeValid"
)

// absent records why control could not be computed and returns nil.
func (s *state) absent(control, code, msg string) *bool {
	s.note(control, "", code, msg)
	return nil
}

// no records why control is false and returns false.
func (s *state) no(control, code, msg string) *bool {
	s.note(control, "", code, msg)
	return s.bool(false)
}

// needMRZ reports whether a recognised MRZ is there; otherwise it records
// why control is absent.
func (s *state) needMRZ(control string) bool {
	switch s.mst {
	case mrzAbsent:
		s.note(control, "", CodeMRZMissing, "No MRZ was read on the document.")
		return false
	case mrzUnrecognised:
		s.note(control, "", CodeMRZUnrecognised, "The MRZ lines match no known layout.")
		return false
	}
	return true
}

// decision turns a comparison of the engine into a control value, with a
// finding when it does not match.
func (s *state) decision(control, owner, code string, d match.Decision) *bool {
	if d.Match {
		return s.bool(true)
	}
	if d.Rule == match.RuleDamaged {
		// A name that lost characters on the way cannot be compared: neither
		// a match nor a mismatch.
		s.note(control, owner, CodeNameDamaged, d.Message)
		return nil
	}
	msg := d.Message
	if msg == "" {
		msg = "The compared values differ."
	}
	s.note(control, owner, code, msg)
	return s.bool(false)
}

// mrzValid: « mrzValid : pour indiquer si les lignes MRZ sont valides ».
//
// Our rule: true when the lines fit a layout (TD1, TD2, TD3, MRV-A, MRV-B,
// or the French ID card of 1988-2021) and package mrz finds nothing wrong:
// every check digit right (composite included, and the French card's final
// digit over line 1 and line 2[0:35]), countries known, dates real,
// characters allowed. Lines that fit no layout give false with
// MRZ_UNRECOGNISED; absent (MRZ_MISSING) when no line was read. Each problem
// of the MRZ is one finding, with package mrz's code; an empty primary
// identifier (a person with a single name, printed as given names) is a
// finding (EMPTY_PRIMARY_IDENTIFIER) that leaves the MRZ valid.
func (s *state) mrzValid() *bool {
	switch s.mst {
	case mrzAbsent:
		return s.absent(ctlMRZValid, CodeMRZMissing, "No MRZ was read on the document.")
	case mrzUnrecognised:
		msg := "The MRZ lines match no known layout: " + s.merr.Description
		if !strings.HasSuffix(msg, ".") {
			msg += "."
		}
		return s.no(ctlMRZValid, CodeMRZUnrecognised, msg)
	}
	// Notes (an empty primary identifier: a person with a single name) are
	// reported without making the MRZ invalid; the name controls decide
	// what an empty surname means for them.
	for _, f := range s.m.Findings {
		s.note(ctlMRZValid, "", f.Code, f.Message)
	}
	return s.bool(s.m.Valid)
}

// ocrMrzDocumentNumberMatch: « pour indiquer si le numéro du document issu de
// la MRZ correspond à celui de la VIZ (Zone d'inspection visuelle) ».
//
// Our rule: the VIZ number, blanks, '<' and hyphens removed, equals the
// MRZ's (long TD1/TD2 numbers joined with their overflow). Absent when
// either is missing.
func (s *state) ocrMrzDocumentNumberMatch() *bool {
	if !s.needMRZ(ctlOcrNumber) {
		return nil
	}
	if s.viz.number == "" || s.m.DocumentNumber == "" {
		return s.absent(ctlOcrNumber, CodeNumberMissing, "The document number is missing in the VIZ or the MRZ.")
	}
	if s.viz.number != compactNumber(s.m.DocumentNumber) {
		return s.no(ctlOcrNumber, CodeNumberMismatch, "The document number of the VIZ differs from the MRZ's.")
	}
	return s.bool(true)
}

// ocrMrzBirthNameMatch: « pour indiquer si le nom de naissance issu de la MRZ
// correspond à celui de la VIZ ».
//
// Our rule: the VIZ birth name against the MRZ's primary identifier (the
// surname field), through the name engine with the MRZ as source (ICAO
// transliteration, truncation). Absent when the VIZ has no birth name.
func (s *state) ocrMrzBirthNameMatch() *bool {
	if !s.needMRZ(ctlOcrBirthName) {
		return nil
	}
	raw := mrzRawLast(&s.m)
	if s.viz.birthName == "" || raw == "" {
		return s.absent(ctlOcrBirthName, CodeNameMissing, "The birth name is missing in the VIZ or the MRZ.")
	}
	return s.decision(ctlOcrBirthName, "", CodeNameMismatch, s.memo.BirthName(s.viz.birthName, raw, names.SourceMRZ))
}

// ocrMrzLastNameMatch: « pour indiquer si le nom d'usage issu de la MRZ
// correspond à celui de la VIZ ».
//
// Our rule: the VIZ last (usage) name against the MRZ's primary identifier,
// through the name engine with the MRZ as source. When they differ but the
// VIZ birth name matches the MRZ, the MRZ carries the birth name only (the
// French cards do): the usage name cannot be read there and the control is
// absent (USAGE_NAME_NOT_IN_MRZ). Absent when the VIZ has no last name.
func (s *state) ocrMrzLastNameMatch() *bool {
	if !s.needMRZ(ctlOcrLastName) {
		return nil
	}
	raw := mrzRawLast(&s.m)
	if s.viz.lastName == "" || raw == "" {
		return s.absent(ctlOcrLastName, CodeNameMissing, "The last name is missing in the VIZ or the MRZ.")
	}
	d := s.memo.LastName(s.viz.lastName, raw, names.SourceMRZ)
	if !d.Match && s.viz.birthName != "" && s.memo.BirthName(s.viz.birthName, raw, names.SourceMRZ).Match {
		return s.absent(ctlOcrLastName, CodeUsageNameNotInMRZ, "The MRZ carries the birth name, not the usage name printed in the VIZ.")
	}
	return s.decision(ctlOcrLastName, "", CodeNameMismatch, d)
}

// ocrMrzFirstNamesMatch: « pour indiquer si le prénom issu de la MRZ
// correspond à celui de la VIZ ».
//
// Our rule: the VIZ given names (in order) against the MRZ's secondary
// identifiers, through the name engine with the MRZ as source (truncation
// may drop trailing given names). Absent when either side has none.
func (s *state) ocrMrzFirstNamesMatch() *bool {
	if !s.needMRZ(ctlOcrFirstNames) {
		return nil
	}
	raw := mrzRawGiven(&s.m)
	if s.viz.firstNames == "" || strings.Trim(raw, "<") == "" {
		return s.absent(ctlOcrFirstNames, CodeNameMissing, "The given names are missing in the VIZ or the MRZ.")
	}
	return s.decision(ctlOcrFirstNames, "", CodeNameMismatch, s.memo.FirstName(s.viz.firstNames, raw, names.SourceMRZ))
}

// ocrMrzBirthDateMatch: « pour indiquer si la date de naissance issue de la
// MRZ correspond à celle de la VIZ ».
//
// Our rule: equal on the parts known on both sides (an MRZ may print an
// unknown day or month as "<<"), through the engine's date comparison.
// Absent when either date is missing.
func (s *state) ocrMrzBirthDateMatch() *bool {
	if !s.needMRZ(ctlOcrBirthDate) {
		return nil
	}
	if !s.viz.hasBirth || s.m.BirthDate.IsZero() {
		return s.absent(ctlOcrBirthDate, CodeDateMissing, "The birth date is missing in the VIZ or the MRZ.")
	}
	return s.decision(ctlOcrBirthDate, "", CodeDateMismatch, names.BirthDate(s.viz.birth, s.m.BirthDate))
}

// ocrMrzIssuanceDateMatch: « pour indiquer si la date d'émission issue de la
// MRZ correspond à celle de la VIZ ».
//
// Our rule: only the French ID card of 1988-2021 encodes an issue date in
// its MRZ: the first four digits of its number are the year and month of
// issue (YYMM). True when they are the VIZ issue date's year and month.
// Absent for every other layout (NOT_IN_MRZ) and when the VIZ has no issue
// date.
func (s *state) ocrMrzIssuanceDateMatch() *bool {
	if !s.needMRZ(ctlOcrIssuance) {
		return nil
	}
	im := s.m.IssueMonth
	if s.m.Format != mrz.FormatFRIDCard || im.Year == 0 || im.Month == 0 {
		return s.absent(ctlOcrIssuance, CodeNotInMRZ, "This MRZ layout does not encode the issue date.")
	}
	if !s.viz.hasIssue {
		return s.absent(ctlOcrIssuance, CodeDateMissing, "The VIZ has no issue date.")
	}
	if s.viz.issue.Year != im.Year || s.viz.issue.Month != im.Month {
		return s.no(ctlOcrIssuance, CodeDateMismatch, "The issue month encoded in the MRZ number differs from the VIZ issue date.")
	}
	return s.bool(true)
}

// ocrMrzExpirationDateMatch: « pour indiquer si la date d'expiration issue
// de la MRZ correspond à celle de la VIZ ».
//
// Our rule: the MRZ expiry equals the VIZ expiry. The French ID card of
// 1988-2021 prints no expiry in its MRZ; its expiry follows from the issue
// month of its number and the printed validity (10 years, 15 for an adult
// from 2014, minus one day): true when the VIZ expiry falls in the window
// that month gives for one of the periods the holder's age allows. Absent
// when the VIZ has no expiry.
func (s *state) ocrMrzExpirationDateMatch() *bool {
	if !s.needMRZ(ctlOcrExpiration) {
		return nil
	}
	if !s.viz.hasExpiry {
		return s.absent(ctlOcrExpiration, CodeDateMissing, "The VIZ has no expiry date.")
	}
	if s.m.Format == mrz.FormatFRIDCard {
		im := s.m.IssueMonth
		if im.Year == 0 || im.Month == 0 {
			return s.absent(ctlOcrExpiration, CodeNotInMRZ, "The MRZ number encodes no readable issue month to derive the expiry from.")
		}
		first := civil.Date{Year: im.Year, Month: im.Month, Day: 1}
		last := civil.Date{Year: im.Year, Month: im.Month, Day: civil.DaysIn(im.Year, im.Month)}
		// The holder may turn 18 within the issue month: the periods of
		// its first and its last day both stand.
		for _, n := range union(s.frCardPrintedYears(first), s.frCardPrintedYears(last)) {
			lo, hi := first.AddYears(n).AddDays(-1), last.AddYears(n)
			if !s.viz.expiry.Before(lo) && !hi.Before(s.viz.expiry) {
				return s.bool(true)
			}
		}
		return s.no(ctlOcrExpiration, CodeDateMismatch, "The VIZ expiry does not follow from the issue month encoded in the MRZ number.")
	}
	if !s.m.ExpirationDate.Known() {
		return s.absent(ctlOcrExpiration, CodeDateMissing, "The MRZ has no readable expiry date.")
	}
	if s.m.ExpirationDate != s.viz.expiry {
		return s.no(ctlOcrExpiration, CodeDateMismatch, "The expiry date of the VIZ differs from the MRZ's.")
	}
	return s.bool(true)
}

// expirationDateRead: the expiry date was read on the document.
//
// Our rule (the reference lists the key without a definition): true when
// the VIZ gives a real expiry date, or the MRZ does with a right check
// digit; false (DATE_MISSING) when neither does. A VIZ value that is not a
// date is bad input, not false.
func (s *state) expirationDateRead() *bool {
	if _, ok := s.printedExpiry(); ok {
		return s.bool(true)
	}
	return s.no(ctlExpirationRead, CodeDateMissing, "No expiry date was read on the document.")
}

// issuanceDateRead: the issue date was read on the document.
//
// Our rule (the reference lists the key without a definition): true when
// the VIZ gives a real issue date; false (DATE_MISSING) otherwise.
func (s *state) issuanceDateRead() *bool {
	if s.viz.hasIssue {
		return s.bool(true)
	}
	return s.no(ctlIssuanceRead, CodeDateMissing, "No issue date was read on the document.")
}

// documentCountryValid: « pour indiquer que le pays trouvé dans le document
// est autorisé ».
//
// Our rule: the issuing country (the MRZ's ICAO code when recognised, else
// the VIZ issuanceCountry, alpha-2 or alpha-3) is a known ICAO code and is
// in the policy's allow-list (every country when the list is empty; D and
// DEU are the same country). False when the VIZ and MRZ countries are both
// known and differ. Absent when no country was read or the VIZ value is no
// country code.
func (s *state) documentCountryValid() *bool {
	if s.hasMRZ() && s.m.IssuingCountry != "" && s.country == "" {
		return s.no(ctlCountry, CodeCountryUnknown, "The issuing state of the MRZ is not an ICAO country code.")
	}
	if s.country == "" {
		if s.viz.countryRaw != "" {
			return s.absent(ctlCountry, CodeCountryUnknown, "The issuing country of the VIZ is not a country code.")
		}
		return s.absent(ctlCountry, CodeCountryMissing, "No issuing country was read on the document.")
	}
	if s.hasMRZ() && s.viz.country != "" && !sameCountry(s.viz.country, s.m.IssuingCountry) {
		return s.no(ctlCountry, CodeCountryMismatch, "The issuing country of the VIZ differs from the MRZ's.")
	}
	if allow := s.pol.AllowedDocumentCountries; allow != nil && !allowed(allow, s.country) {
		return s.no(ctlCountry, CodeCountryNotAllowed, "The issuing country is not in the policy's allowed document countries.")
	}
	return s.bool(true)
}

func allowed(allow map[string]bool, code string) bool {
	if allow[code] {
		return true
	}
	for k, ok := range allow {
		if ok && sameCountry(k, code) {
			return true
		}
	}
	return false
}

// documentTypeMatch: « le type de document détecté est bien celui attendu
// (ce champ n'est pas présent si le type de document n'a pu être
// déterminé) ».
//
// Our rule: the declared type is the kind the MRZ document code gives for
// its issuing state (mrz.KindOf, table mrz/doccodes.txt: ICAO Doc 9303's
// first letters — P passport, V visa, AC crew member certificate — and
// national practice, e.g. Italy's identity card C<, Germany's residence
// permit AR; otherwise ID card I*/ID, residence permit IR/A*/C*). Absent
// without a recognised MRZ, or when the table does not cover the code
// (DOCUMENT_TYPE_UNKNOWN): the type could not be determined.
func (s *state) documentTypeMatch() *bool {
	if !s.needMRZ(ctlType) {
		return nil
	}
	code := s.m.DocumentCode
	if code == "" {
		return s.absent(ctlType, CodeNotInMRZ, "The MRZ has no document code.")
	}
	kind := mrz.KindOf(s.m.IssuingCountry, code)
	if kind == mrz.KindUnknown {
		return s.absent(ctlType, CodeTypeUnknown, "The MRZ document code is not one whose meaning is known for its issuing state.")
	}
	if string(kind) != s.typ {
		return s.no(ctlType, CodeTypeMismatch, "The MRZ document code does not fit the declared document type.")
	}
	return s.bool(true)
}

// frontSideFound: the front side of the document is among its pages.
//
// Our rule: a page of data.pages has pageType FRONT_SIDE. Absent when no
// pages are given.
func (s *state) frontSideFound() *bool {
	return s.side(ctlFront, "FRONT_SIDE", "No page is the front side of the document.")
}

// backSideFound: the back side of the document is among its pages.
//
// Our rule: a page of data.pages has pageType BACK_SIDE. Absent when no
// pages are given, and for a passport, whose data page has no back side
// to check.
func (s *state) backSideFound() *bool {
	if s.typ == TypePassport {
		return s.absent(ctlBack, CodeNotApplicable, "A passport's data page has no back side to look for.")
	}
	return s.side(ctlBack, "BACK_SIDE", "No page is the back side of the document.")
}

func (s *state) side(control, pageType, msg string) *bool {
	pages := s.req.GetDocument().GetData().GetPages()
	if len(pages) == 0 {
		return s.absent(control, CodePagesMissing, "No pages were given for the document.")
	}
	for _, p := range pages {
		if strings.EqualFold(strings.TrimSpace(p.GetPageType()), pageType) {
			return s.bool(true)
		}
	}
	return s.no(control, CodePageNotFound, msg)
}

// holderAgeValid (beyond the reference): the holder is at least the
// policy's minimum age at the reference date.
//
// Our rule: computed only when the policy sets a minimum age. The birth
// date is the VIZ's, else the MRZ's; a date with unknown parts decides only
// when every possible day gives the same answer. Absent otherwise.
func (s *state) holderAgeValid() *bool {
	if s.pol.MinimumAge <= 0 {
		return nil
	}
	b, ok := s.holderBirth()
	if !ok {
		return s.absent(ctlHolderAge, CodeDateMissing, "No birth date was read on the document.")
	}
	lo, hi := ageBounds(b, s.ref)
	switch {
	case lo >= s.pol.MinimumAge:
		return s.bool(true)
	case hi < s.pol.MinimumAge:
		return s.no(ctlHolderAge, CodeHolderTooYoung, "The holder is younger than the policy's minimum age.")
	}
	return s.absent(ctlHolderAge, CodeHolderAgeUnknown, "The birth date read is too partial to tell whether the holder has the minimum age.")
}

// ageBounds returns the least and greatest age at date at of someone born
// on b, whose month or day may be unknown.
func ageBounds(b, at civil.Date) (lo, hi int) {
	early, late := b, b
	if b.Month == 0 {
		early.Month, late.Month = 1, 12
	}
	if b.Day == 0 {
		early.Day, late.Day = 1, civil.DaysIn(late.Year, late.Month)
	}
	return late.AgeAt(at), early.AgeAt(at)
}

// mrzRawLast is the MRZ primary identifier as the name engine reads MRZ
// sources: as printed, followed by its fillers when the name field goes on
// (so that a surname that fills its field reads as possibly truncated).
func mrzRawLast(r *mrz.Result) string {
	if r.Format == mrz.FormatFRIDCard {
		return r.RawName
	}
	if i := strings.Index(r.RawName, "<<"); i >= 0 {
		return r.RawName[:i+2]
	}
	return r.RawName
}

// mrzRawGiven is the MRZ secondary identifiers as printed, fillers
// included up to the end of the name field.
func mrzRawGiven(r *mrz.Result) string {
	if r.Format == mrz.FormatFRIDCard {
		return r.RawGivenNames
	}
	if i := strings.Index(r.RawName, "<<"); i >= 0 {
		return strings.TrimLeft(r.RawName[i+2:], "<")
	}
	return ""
}

// union returns the values of a then those of b not already in a.
func union(a, b []int) []int {
	out := append([]int(nil), a...)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
