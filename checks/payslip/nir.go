package payslip

import (
	"regexp"
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/ident"
)

// nirReading is the social security number as read.
type nirReading struct {
	// searched is false when there was neither documentDetails.ssn nor text.
	searched bool
	// value is the NIR without blanks, upper case; "" when none was found.
	value string
	// keyless: printed without its key (13 characters).
	keyless bool
	// r is ident's verdict; for a keyless NIR, the verdict on the NIR
	// completed with its computed key, which checks the structure only.
	r ident.Result
}

// usable reports whether the NIR may decide civility and birth date: valid
// (structure, and key when printed) and permanent — a temporary number
// (sex digit 7 or 8) encodes no birth data.
func (n nirReading) usable() bool { return n.r.Valid && !n.r.NIR.Temporary }

// nirInText finds a NIR in OCR text: sex digit, year, month, department
// (2 digits or 2A/2B), commune, order, and an optional key, in groups
// separated by single blanks as payslips print them.
var nirInText = regexp.MustCompile(`(?i)\b[1278] ?[0-9]{2} ?[0-9]{2} ?(?:[0-9]{2}|2[AB]) ?[0-9]{3} ?[0-9]{3}(?: ?[0-9]{2})?\b`)

// readNIR takes documentDetails.ssn when given, else the first NIR of the
// text (a valid one first).
func readNIR(ssn, text string) nirReading {
	n := nirReading{searched: strings.TrimSpace(ssn) != "" || strings.TrimSpace(text) != ""}
	if v := compactNIR(ssn); v != "" {
		n.value = v
	} else {
		for _, m := range nirInText.FindAllString(text, 8) {
			v := compactNIR(m)
			if n.value == "" {
				n.value = v
			}
			if r := validateNIR(v); r.Valid {
				n.value = v
				break
			}
		}
	}
	if n.value != "" {
		n.keyless = len(n.value) == 13
		n.r = validateNIR(n.value)
	}
	return n
}

// validateNIR validates through ident; a 13-character NIR is completed
// with the key its characters give (97 − n mod 97, 2A read 19 and 2B 18,
// as ident computes it), so that ident checks its structure.
func validateNIR(v string) ident.Result {
	if len(v) == 13 {
		if key, ok := nirKey(v); ok {
			return ident.ValidateFRNIR(v + key)
		}
	}
	return ident.ValidateFRNIR(v)
}

// nirKey computes the key of 13 NIR characters; ok is false when they are
// not digits (2A/2B aside).
func nirKey(v string) (string, bool) {
	var n uint64
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case i == 6 && v[5] == '2' && c == 'A':
			n = n*10 - 1 // "2A" reads 19: the 2 already counted makes 20
		case i == 6 && v[5] == '2' && c == 'B':
			n = n*10 - 2 // "2B" reads 18
		case c >= '0' && c <= '9':
			n = n*10 + uint64(c-'0')
		default:
			return "", false
		}
	}
	k := 97 - n%97
	return string([]byte{byte('0' + k/10), byte('0' + k%10)}), true
}

// compactNIR drops blanks, dots and dashes and upper-cases.
func compactNIR(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '.' || r == '-' || r == '\t' || r == '\u00a0' || r == '\u202f':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, strings.TrimSpace(s))
}

// nirFound — « indique si le numéro de sécurité sociale a été trouvé »: a
// NIR is given in documentDetails.ssn or stands in the text. Absent when
// there is neither to look in.
func (s *state) nirFound() *bool {
	const ctl = "nirFound"
	if s.nir.value != "" {
		return checks.Bool(true)
	}
	if !s.nir.searched {
		s.f.Add(ctl, "", "TEXT_MISSING", "The payslip has no documentDetails.ssn and no text to look for a NIR in.")
		return nil
	}
	s.f.Add(ctl, "", "NIR_NOT_FOUND", "No social security number was given in documentDetails.ssn nor found in the text.")
	return checks.Bool(false)
}

// nirValid — « indique si le numéro de sécurité sociale est valide »: 13
// characters and the key = 97 − (n mod 97), Corsica 2A→19, 2B→18; sex
// digit 1, 2 (7 or 8 for a temporary number), a birth month 01-12 or an
// unknown-month code, a department that exists (ident.ValidateFRNIR). A
// NIR printed without its key (13 characters) is checked for structure
// only: true when the structure holds, with a finding that the key could
// not be verified. Absent when no NIR was found.
func (s *state) nirValid() *bool {
	const ctl = "nirValid"
	if s.nir.value == "" {
		s.f.Add(ctl, "", "NIR_NOT_FOUND", "No social security number was found: there is nothing to validate.")
		return nil
	}
	if !s.nir.r.Valid {
		s.f.Add(ctl, "", s.nir.r.Code, "The social security number is not valid: "+s.nir.r.Message)
		return checks.Bool(false)
	}
	if s.nir.keyless {
		s.f.Add(ctl, "", "NIR_KEY_MISSING", "The social security number is printed without its key: its structure is valid, its key could not be verified.")
	}
	return checks.Bool(true)
}

// siretInText is a SIRET after its label: "SIRET : 812 345 676 00009".
var siretInText = regexp.MustCompile(`(?i)\bSIRET\b[^0-9\n]{0,12}((?:[0-9][ .\x{00a0}]?){13}[0-9])\b`)

// findSIRET returns the SIRET printed after its label in the text, "" if
// none.
func findSIRET(text string) string {
	if !mayHoldSIRETLabel(text) {
		return "" // the regexp, case-insensitive, has no literal prefix to skip by
	}
	if m := siretInText.FindStringSubmatch(text); m != nil {
		return m[1]
	}
	return ""
}

// mayHoldSIRETLabel reports whether text may hold the word SIRET as
// siretInText's (?i) reads it: "siret" in any ASCII case, or a long s
// (U+017F), which Unicode case folding makes an s.
func mayHoldSIRETLabel(text string) bool {
	const label = "siret"
	for i := 0; i+len(label) <= len(text); i++ {
		if text[i]|0x20 != 's' {
			continue
		}
		k := 1
		for k < len(label) && text[i+k]|0x20 == label[k] {
			k++
		}
		if k == len(label) {
			return true
		}
	}
	return strings.ContainsRune(text, 'ſ')
}
