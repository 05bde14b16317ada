package ident

// luhn reports whether digits pass the Luhn algorithm (ISO/IEC 7812-1
// annex B): from the right, every second digit doubled (minus 9 above 9),
// the sum a multiple of 10.
func luhn(d []byte) bool {
	s := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		x := int(d[i] - '0')
		if double {
			x *= 2
			if x > 9 {
				x -= 9
			}
		}
		s += x
		double = !double
	}
	return s%10 == 0
}

// laPosteSIREN is La Poste's SIREN, whose many SIRETs do not follow Luhn.
const laPosteSIREN = "356000000"

// laPosteHeadOffice is La Poste's head-office SIRET, Luhn-valid but whose
// digit sum is not a multiple of 5.
const laPosteHeadOffice = "35600000000048"

// ValidateFRSIREN validates a SIREN (INSEE company number): 9 digits
// passing the Luhn algorithm (INSEE, répertoire SIRENE).
// 0 allocations when the input is canonical.
func ValidateFRSIREN(s string) Result { return Validate(KindFRSIREN, s) }

func validateFRSIREN(s string, r *Result) (code, msg string) {
	var b buf
	if code, msg := digitsOnly(s, &b, 9, "A SIREN has 9 digits."); code != "" {
		return code, msg
	}
	if allZeros(b.bytes()) {
		return CodeInvalidNumber, "A SIREN is never all zeros (INSEE numbers its units from 1)."
	}
	if !luhn(b.bytes()) {
		return CodeChecksumMismatch, "The SIREN fails the Luhn check."
	}
	r.Normalized = canonical(s, &b)
	r.Company = CompanyDetails{Check: "LUHN"}
	return CodeOK, "The SIREN is valid."
}

// ValidateFRSIRET validates a SIRET (INSEE establishment number): 14
// digits, the SIREN (first 9) valid, the whole passing Luhn; La Poste's
// establishments (SIREN 356000000) instead have a digit sum that is a
// multiple of 5, apart from the head office 35600000000048, which is
// Luhn-valid (INSEE rule for La Poste).
// 0 allocations when the input is canonical.
func ValidateFRSIRET(s string) Result { return Validate(KindFRSIRET, s) }

func validateFRSIRET(s string, r *Result) (code, msg string) {
	var b buf
	if code, msg := digitsOnly(s, &b, 14, "A SIRET has 14 digits."); code != "" {
		return code, msg
	}
	v := b.bytes()
	if allZeros(v[:9]) {
		return CodeInvalidNumber, "A SIRET's SIREN is never all zeros (INSEE numbers its units from 1)."
	}
	if !luhn(v[:9]) {
		return CodeChecksumMismatch, "The SIREN part of the SIRET fails the Luhn check."
	}
	check := "LUHN"
	if string(v[:9]) == laPosteSIREN && string(v) != laPosteHeadOffice {
		check = "LA_POSTE_DIGIT_SUM"
		sum := 0
		for _, c := range v {
			sum += int(c - '0')
		}
		if sum%5 != 0 {
			return CodeChecksumMismatch, "The La Poste SIRET's digit sum is not a multiple of 5."
		}
	} else if !luhn(v) {
		return CodeChecksumMismatch, "The SIRET fails the Luhn check."
	}
	n := canonical(s, &b)
	r.Normalized = n
	r.Company = CompanyDetails{SIREN: n[:9], Check: check}
	return CodeOK, "The SIRET is valid."
}
