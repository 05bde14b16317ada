package ident

// ValidateFRFiscalNumber validates a French numéro fiscal (SPI, numéro
// fiscal de référence of the DGFiP): 13 digits, the first 0-3, the last
// three equal to the first ten modulo 511.
// 0 allocations when the input is canonical.
func ValidateFRFiscalNumber(s string) Result { return Validate(KindFRFiscalNumber, s) }

func validateFRFiscalNumber(s string, r *Result) (code, msg string) {
	var b buf
	if code, msg := digitsOnly(s, &b, 13, "A numéro fiscal has 13 digits."); code != "" {
		return code, msg
	}
	v := b.bytes()
	if allZeros(v) {
		return CodeInvalidNumber, "A numéro fiscal is never all zeros."
	}
	if v[0] > '3' {
		return CodeInvalidStructure, "A numéro fiscal starts with 0, 1, 2 or 3."
	}
	var n, check uint64
	for _, c := range v[:10] {
		n = n*10 + uint64(c-'0')
	}
	for _, c := range v[10:] {
		check = check*10 + uint64(c-'0')
	}
	if n%511 != check {
		return CodeChecksumMismatch, "The numéro fiscal's last three digits do not match (mod 511)."
	}
	r.Normalized = canonical(s, &b)
	return CodeOK, "The numéro fiscal is valid."
}

// ValidateFRTaxNoticeReference validates the reference of a French tax
// notice (référence de l'avis, DGFiP): 13 characters [0-9A-Z]; it carries
// no check digit. 0 allocations when the input is canonical.
func ValidateFRTaxNoticeReference(s string) Result { return Validate(KindFRTaxNoticeReference, s) }

func validateFRTaxNoticeReference(s string, r *Result) (code, msg string) {
	var b buf
	if code := normalize(s, &b); code != "" {
		return normFail(code)
	}
	if b.n != 13 {
		return CodeInvalidLength, "A tax-notice reference has 13 characters."
	}
	if allZeros(b.bytes()) {
		return CodeInvalidNumber, "A tax-notice reference is never all zeros."
	}
	r.Normalized = canonical(s, &b)
	return CodeOK, "The tax-notice reference is well formed."
}
