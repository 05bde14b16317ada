package ident

// ribDigit maps a RIB account character to its digit for the key: digits
// as they are, letters A/J→1, B/K/S→2, … I/R/Z→9 (the letters' order with
// S…Z starting at 2, as the French banking standard defines it).
func ribDigit(c byte) uint64 {
	switch {
	case c <= '9':
		return uint64(c - '0')
	case c <= 'I':
		return uint64(c-'A') + 1
	case c <= 'R':
		return uint64(c-'J') + 1
	default:
		return uint64(c-'S') + 2
	}
}

// ribKey computes the French RIB key of bank (5), branch (5) and account
// (11) characters: 97 − ((89·bank + 15·branch + 3·account) mod 97), the
// CFONB / Banque de France clé RIB.
func ribKey(rib []byte) uint64 {
	var bank, branch, account uint64
	for _, c := range rib[0:5] {
		bank = bank*10 + ribDigit(c)
	}
	for _, c := range rib[5:10] {
		branch = branch*10 + ribDigit(c)
	}
	for _, c := range rib[10:21] {
		account = account*10 + ribDigit(c)
	}
	return 97 - (89*bank+15*branch+3*account)%97
}

// ribKeyBBAN checks the RIB key of a French or Monaco BBAN.
func ribKeyBBAN(bban []byte) bool { return ribKey(bban) == twoDigits(bban[21:23]) }

// ValidateFRRIB validates a French RIB of 23 characters: bank code (5
// digits), branch code (5 digits), account number (11 letters or digits)
// and RIB key (2 digits), the key being 97 − ((89·bank + 15·branch +
// 3·account) mod 97) with account letters mapped A/J→1 … I/R/Z→9. The
// details carry no country: a RIB does not say France or Monaco.
// 0 allocations when the input is canonical.
func ValidateFRRIB(s string) Result { return Validate(KindFRRIB, s) }

func validateFRRIB(s string, r *Result) (code, msg string) {
	var b buf
	if code := normalize(s, &b); code != "" {
		return normFail(code)
	}
	v := b.bytes()
	if len(v) != 23 {
		return CodeInvalidLength, "A RIB has 23 characters: bank 5, branch 5, account 11, key 2."
	}
	if !allDigits(v[0:10]) || !allDigits(v[21:23]) {
		return CodeInvalidStructure, "The RIB's bank code, branch code and key are digits."
	}
	if ribKey(v) != twoDigits(v[21:23]) {
		return CodeChecksumMismatch, "The RIB key does not match."
	}
	n := canonical(s, &b)
	r.Normalized = n
	r.IBAN = IBANDetails{BankCode: n[0:5], BranchCode: n[5:10], Account: n[10:21], NationalCheck: "FR_RIB_KEY"}
	return CodeOK, "The RIB is valid."
}
