package ident

import "github.com/idcontrol/idcontrol/country"

func isAlnum(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' }

// ValidateBIC validates a BIC per ISO 9362:2022: a 4-character business
// party prefix (letters or digits since the 2022 edition), a 2-letter
// country code that must be an assigned ISO 3166-1 alpha-2 code (or XK,
// which SWIFT uses for Kosovo), a
// 2-character location code and an optional 3-character branch code. A
// location code whose second character is '0' marks a test BIC.
// 0 allocations when the input is canonical.
func ValidateBIC(s string) Result { return Validate(KindBIC, s) }

func validateBIC(s string, r *Result) (code, msg string) {
	var b buf
	if code := normalize(s, &b); code != "" {
		return normFail(code)
	}
	v := b.bytes()
	if len(v) != 8 && len(v) != 11 {
		return CodeInvalidLength, "A BIC has 8 or 11 characters."
	}
	if v[4] < 'A' || v[4] > 'Z' || v[5] < 'A' || v[5] > 'Z' {
		return CodeInvalidStructure, "The BIC's 5th and 6th characters are a country code of two letters."
	}
	// XK is Kosovo's code at SWIFT (BICs such as MBKOXK21HDO, and XK IBANs
	// in the SWIFT IBAN registry since 2014) though ISO 3166 leaves it
	// user-assigned.
	if !country.IsAlpha2(string(v[4:6])) && !(v[4] == 'X' && v[5] == 'K') { // the conversion does not allocate: the compiler sees it only read
		return CodeUnknownCountry, "The BIC's country code is not an ISO 3166 country (nor SWIFT's XK for Kosovo)."
	}
	n := canonical(s, &b)
	r.Normalized = n
	r.BIC = BICDetails{Institution: n[0:4], Country: n[4:6], Location: n[6:8], Test: n[7] == '0'}
	if len(n) == 11 {
		r.BIC.Branch = n[8:11]
	}
	return CodeOK, "The BIC is valid."
}
