package identity

import (
	"github.com/idcontrol/idcontrol/mrz"
)

// number is the document number: the VIZ's, else the MRZ's.
func (s *state) number() string {
	if s.viz.number != "" {
		return s.viz.number
	}
	if s.hasMRZ() {
		return compactNumber(s.m.DocumentNumber)
	}
	return ""
}

// securityElementsValid: « securityElements : pour indiquer si les éléments
// de sécurité suivants sont corrects : initiales du coin supérieur droit de
// la photo de la CNI française ; nombre de perforations sur le passeport
// français ; cohérence basique entre le numéro de passeport et sa date
// d'expiration ». securityElements answers the same value under the older
// key.
//
// Our rule, for what data can show (images are not ours): a French
// passport number has the form NNAANNNNN whose two leading digits are the
// year the booklet was numbered: the expiry is 10 or 5 years after it, ±1
// year, and the issue date (when read) is that year or the next. A French
// ID card of the 1988 model has a 12-digit number whose YYMM is the issue
// date's year and month, and whose characters 5-7 are the department
// printed on MRZ line 1 (when not fillers). Absent for other documents
// (NO_SECURITY_DATA) and when no date or department can be compared.
func (s *state) securityElementsValid() *bool {
	var consistent func(string) (ok, decided bool)
	var noDates, mismatch string
	switch s.model() {
	case modelFRPassport:
		consistent = s.frPassportConsistent
		noDates = "No issue or expiry date to compare the passport number with."
		mismatch = "The passport number's year does not fit the document's dates."
	case modelFRCard1988:
		consistent = s.frCard1988Consistent
		noDates = "No issue date or MRZ department to compare the card number with."
		mismatch = "The card number's issue month or department does not fit the document."
	default:
		return s.absent(ctlSecurity, CodeNoSecurityData, "No security element of this document can be checked from extracted data.")
	}
	n := s.number()
	if n == "" {
		return s.absent(ctlSecurity, CodeNumberMissing, "No document number was read.")
	}
	ok, decided := consistent(n)
	if !decided {
		return s.absent(ctlSecurity, CodeDateMissing, noDates)
	}
	if !ok {
		return s.no(ctlSecurity, CodeSecurityMismatch, mismatch)
	}
	return s.bool(true)
}

// frPassportConsistent checks a French passport number NNAANNNNN against
// the dates: decided is false when neither date is known.
func (s *state) frPassportConsistent(n string) (ok, decided bool) {
	if !frPassportSyntax(n) {
		return false, true
	}
	year := 2000 + int(n[0]-'0')*10 + int(n[1]-'0')
	if year > s.ref.Year {
		year -= 100
	}
	ok = true
	if exp, has := s.printedExpiry(); has {
		decided = true
		d := exp.Year - year
		ok = ok && (d >= 4 && d <= 6 || d >= 9 && d <= 11)
	}
	if s.viz.hasIssue {
		decided = true
		ok = ok && (s.viz.issue.Year == year || s.viz.issue.Year == year+1)
	}
	return ok, decided
}

// frCard1988Consistent checks the 12-digit number of a French ID card of
// the 1988 model against the issue date and the MRZ department: decided is
// false when neither can be compared.
func (s *state) frCard1988Consistent(n string) (ok, decided bool) {
	if len(n) != 12 || !allDigits(n) {
		return false, true
	}
	yy := int(n[0]-'0')*10 + int(n[1]-'0')
	mm := int(n[2]-'0')*10 + int(n[3]-'0')
	if mm < 1 || mm > 12 {
		return false, true
	}
	ok = true
	if s.viz.hasIssue {
		decided = true
		ok = ok && s.viz.issue.Year%100 == yy && s.viz.issue.Month == mm
	}
	if s.hasMRZ() && s.m.Format == mrz.FormatFRIDCard && len(s.m.Department) == 3 && s.m.Department != "<<<" {
		decided = true
		ok = ok && n[4:7] == s.m.Department
	}
	return ok, decided
}

// documentNumberFormatValid (beyond the reference): the document number has
// the syntax of its country and type.
//
// Our rule, per issuing country (sources in each pattern's comment):
//   - France, ID card of 1988-2021: 12 digits, YYMM a real month agreeing
//     with the issue date, characters 5-7 the MRZ line 1 department when
//     printed; ID card from 2021: 9 letters or digits; passport: 2 digits,
//     2 letters, 5 digits, whose year fits the dates.
//   - Germany, ID card and passport: 9 characters of 0-9 and
//     CFGHJKLMNPRTVWXYZ (no vowels, no O nor I).
//   - Italy: CIE C + a letter + 5 digits + 2 letters (CA00000AA); passport 2
//     letters + 7 digits.
//   - Spain: DNI support number 3 letters + 6 digits, or the DNI number
//     itself (8 digits and its mod-23 letter); passport 3 letters + 6
//     digits.
//   - Belgium: ID card 12 digits, the last two the first ten mod 97 (97 for
//     0); passport 2 letters + 6 digits.
//   - Netherlands, ID card and passport: 2 letters, 6 letters or digits, 1
//     digit, never the letter O.
//
// Absent for other countries and types (FORMAT_UNKNOWN) and without a
// number.
func (s *state) documentNumberFormatValid() *bool {
	n := s.number()
	if n == "" {
		return s.absent(ctlNumberFormat, CodeNumberMissing, "No document number was read.")
	}
	var ok bool
	switch c, t := s.country, s.typ; {
	case c == "FRA" && t == TypeIDCard:
		if s.model() == modelFRCard2021 {
			ok = len(n) == 9 && alnum(n)
		} else {
			ok, _ = s.frCard1988Consistent(n)
		}
	case c == "FRA" && t == TypePassport:
		ok, _ = s.frPassportConsistent(n)
	case (c == "D" || c == "DEU") && (t == TypeIDCard || t == TypePassport):
		// Source: § 2 PAuswG / PassV; the alphabet excludes vowels and
		// letters mistaken for digits (deutsch.city, t-online.de).
		ok = len(n) == 9 && only(n, "0123456789CFGHJKLMNPRTVWXYZ")
	case c == "ITA" && t == TypeIDCard:
		// Source: Ministero dell'Interno, CIE "numero unico nazionale".
		ok = pattern(n, "CALLLLLAA")
	case c == "ITA" && t == TypePassport:
		// Source: D.M. 23 marzo 2010 (two letters, seven digits).
		ok = pattern(n, "AALLLLLLL")
	case c == "ESP" && t == TypeIDCard:
		// Source: DNIe "número de soporte" AAA000000 (Policía Nacional).
		ok = pattern(n, "AAALLLLLL") || dniNumber(n)
	case c == "ESP" && t == TypePassport:
		ok = pattern(n, "AAALLLLLL")
	case c == "BEL" && t == TypeIDCard:
		// Source: eID card number NNN-NNNNNNN-NN, mod-97 check.
		ok = belgianCard(n)
	case c == "BEL" && t == TypePassport:
		ok = pattern(n, "AALLLLLL")
	case c == "NLD" && (t == TypeIDCard || t == TypePassport):
		// Source: government.nl (no letter O); python-stdnum
		// nl.identiteitskaartnummer (2 letters, 6 alphanumerics, 1 digit).
		ok = len(n) == 9 && pattern(n[:2], "AA") && alnum(n[2:8]) && n[8] >= '0' && n[8] <= '9' && !contains(n, 'O')
	default:
		return s.absent(ctlNumberFormat, CodeFormatUnknown, "No number syntax is known for this country and document type.")
	}
	if !ok {
		return s.no(ctlNumberFormat, CodeFormatInvalid, "The document number does not have the syntax of its country and type.")
	}
	return s.bool(true)
}

// pattern matches s against p, where A stands for a letter, L for a digit
// and any other byte for itself.
func pattern(s, p string) bool {
	if len(s) != len(p) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch p[i] {
		case 'A':
			if c < 'A' || c > 'Z' {
				return false
			}
		case 'L':
			if c < '0' || c > '9' {
				return false
			}
		default:
			if c != p[i] {
				return false
			}
		}
	}
	return true
}

func frPassportSyntax(n string) bool { return pattern(n, "LLAALLLLL") }

// alnum reports whether s is non-empty and only 0-9 and A-Z (only(s,
// "0-9A-Z") by ranges instead of a search of the set per byte).
func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return s != ""
}

func only(s, set string) bool {
	for i := 0; i < len(s); i++ {
		if !contains(set, s[i]) {
			return false
		}
	}
	return s != ""
}

func contains(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

// dniNumber checks a Spanish DNI number: 8 digits and the letter of their
// value mod 23.
func dniNumber(n string) bool {
	if !pattern(n, "LLLLLLLLA") {
		return false
	}
	v := 0
	for i := 0; i < 8; i++ {
		v = v*10 + int(n[i]-'0')
	}
	return "TRWAGMYFPDXBNJZSQVHLCKE"[v%23] == n[8]
}

// belgianCard checks a Belgian eID card number: 12 digits, the last two
// the first ten mod 97 (97 when 0).
func belgianCard(n string) bool {
	if len(n) != 12 || !allDigits(n) {
		return false
	}
	v := 0
	for i := 0; i < 10; i++ {
		v = v*10 + int(n[i]-'0')
	}
	want := v % 97
	if want == 0 {
		want = 97
	}
	return int(n[10]-'0')*10+int(n[11]-'0') == want
}
