package ident

// innCheck is Σ digit·weight mod 11 mod 10, the INN check digit.
func innCheck(d []byte, w []int) byte {
	s := 0
	for i, x := range w {
		s += int(d[i]-'0') * x
	}
	return byte(s%11%10) + '0'
}

var (
	innWeights10 = []int{2, 4, 10, 3, 5, 9, 4, 6, 8}
	innWeights11 = []int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
	innWeights12 = []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
)

// ValidateRUINN validates a Russian INN (taxpayer number, FNS order
// ММВ-7-6/435@ annex): 10 digits for an organisation, the last being
// Σ dᵢ·(2,4,10,3,5,9,4,6,8) mod 11 mod 10; 12 digits for an individual,
// the 11th over weights (7,2,4,10,3,5,9,4,6,8) and the 12th over
// (3,7,2,4,10,3,5,9,4,6,8). 0 allocations when the input is canonical.
func ValidateRUINN(s string) Result { return Validate(KindRUINN, s) }

func validateRUINN(s string, r *Result) (code, msg string) {
	var b buf
	if code := normalize(s, &b); code != "" {
		return normFail(code)
	}
	v := b.bytes()
	if !allDigits(v) {
		return CodeInvalidCharacter, "The value must hold only digits."
	}
	if len(v) == 10 || len(v) == 12 {
		// The first two digits are the code of the federal subject of the
		// tax office that assigned the number (01-99, 99 for the
		// interregional offices of large taxpayers and foreign
		// organisations); 00 names none (FNS order ММВ-7-6/435@, INN
		// structure NNNN XXXXX C for organisations, NNNN XXXXXX CC for
		// individuals).
		if v[0] == '0' && v[1] == '0' {
			return CodeInvalidNumber, "An INN starts with a region code, never 00."
		}
	}
	switch len(v) {
	case 10:
		if innCheck(v, innWeights10) != v[9] {
			return CodeChecksumMismatch, "The INN check digit does not match."
		}
	case 12:
		if innCheck(v, innWeights11) != v[10] || innCheck(v, innWeights12) != v[11] {
			return CodeChecksumMismatch, "The INN check digits do not match."
		}
	default:
		return CodeInvalidLength, "An INN has 10 digits (organisation) or 12 (individual)."
	}
	r.Normalized = canonical(s, &b)
	r.Company = CompanyDetails{Check: "MOD_11"}
	return CodeOK, "The INN is valid."
}

// decimal is the number written by at most 19 digits.
func decimal(d []byte) uint64 {
	var n uint64
	for _, c := range d {
		n = n*10 + uint64(c-'0')
	}
	return n
}

// ogrnCheck: the last digit of an OGRN is the last digit of the first 12
// modulo 11; of an OGRNIP, the last digit of the first 14 modulo 13.
func ogrnCheck(v []byte) bool {
	m := uint64(11)
	if len(v) == 15 {
		m = 13
	}
	return byte(decimal(v[:len(v)-1])%m%10)+'0' == v[len(v)-1]
}

// ValidateRUOGRN validates a Russian state registration number: an OGRN
// (13 digits, check = (first 12 mod 11) mod 10) or, as the wire's OGRN
// kind allows, an OGRNIP (15 digits, check = (first 14 mod 13) mod 10)
// (Government decree 438 of 19.06.2002 and FNS rules on the EGRIP).
// 0 allocations when the input is canonical.
func ValidateRUOGRN(s string) Result { return Validate(KindRUOGRN, s) }

// ValidateRUOGRNIP validates an OGRNIP only: 15 digits, check = (first 14
// mod 13) mod 10. 0 allocations when the input is canonical.
func ValidateRUOGRNIP(s string) Result { return Validate(KindRUOGRNIP, s) }

func validateOGRN(s string, r *Result, allow13 bool) (code, msg string) {
	var b buf
	if code := normalize(s, &b); code != "" {
		return normFail(code)
	}
	v := b.bytes()
	if !allDigits(v) {
		return CodeInvalidCharacter, "The value must hold only digits."
	}
	if len(v) != 15 && !(allow13 && len(v) == 13) {
		if allow13 {
			return CodeInvalidLength, "An OGRN has 13 digits (an OGRNIP 15)."
		}
		return CodeInvalidLength, "An OGRNIP has 15 digits."
	}
	// The first digit classes the record (Government decree 438 of
	// 19.06.2002, annex: OGRN 1 or 5, another EGRUL record 2, 6, 7, 8 or 9;
	// decree 630 of 16.10.2003 for the EGRIP: OGRNIP 3, another record 4).
	// 0 classes nothing. The wire's OGRN kind takes OGRNs and the other
	// EGRUL records (same 13-digit format) and OGRNIPs; OGRNIP, only 3.
	switch c := v[0]; {
	case len(v) == 13 && (c == '0' || c == '3' || c == '4'):
		return CodeInvalidNumber, "A 13-digit registration number starts with 1 or 5 (OGRN) or 2, 6, 7, 8 or 9 (another EGRUL record)."
	case len(v) == 15 && c != '3':
		return CodeInvalidNumber, "An OGRNIP starts with 3."
	}
	if !ogrnCheck(v) {
		return CodeChecksumMismatch, "The registration number's check digit does not match."
	}
	r.Normalized = canonical(s, &b)
	r.Company = CompanyDetails{Check: "MOD_11"}
	if len(v) == 15 {
		r.Company.Check = "MOD_13"
	}
	return CodeOK, "The registration number is valid."
}

// snilsUnchecked is the highest SNILS number issued before the check
// digits were introduced: numbers up to 001-001-998 carry no check.
const snilsUnchecked = 1001998

// ValidateRUSNILS validates a Russian SNILS (insurance number, Pension Fund
// rules): 9 digits and 2 check digits, Σ dᵢ·(9…1); below 100 the sum
// itself, 100 and 101 give 00, above that the sum mod 101 (100 again
// giving 00). Only numbers above 001-001-998 are checked.
// 0 allocations when the input is canonical.
func ValidateRUSNILS(s string) Result { return Validate(KindRUSNILS, s) }

func validateRUSNILS(s string, r *Result) (code, msg string) {
	var b buf
	if code, msg := digitsOnly(s, &b, 11, "A SNILS has 11 digits."); code != "" {
		return code, msg
	}
	v := b.bytes()
	if allZeros(v[:9]) {
		return CodeInvalidNumber, "A SNILS is never all zeros."
	}
	if decimal(v[:9]) > snilsUnchecked {
		sum := uint64(0)
		for i, c := range v[:9] {
			sum += uint64(c-'0') * uint64(9-i)
		}
		if sum%101%100 != twoDigits(v[9:11]) {
			return CodeChecksumMismatch, "The SNILS check digits do not match."
		}
	}
	r.Normalized = canonical(s, &b)
	return CodeOK, "The SNILS is valid."
}
