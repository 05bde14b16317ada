package ident

// nationalCheck names the national check digits of a country's BBAN. A
// switch rather than function values keeps the BBAN on the stack (an
// indirect call would make it escape).
type nationalCheck uint8

const (
	noNationalCheck nationalCheck = iota
	checkRIBKey
	checkBelgium
	checkSpain
	checkItaly
	checkPortugal
	checkNorway
	checkMod97Trailing
)

// nationalChecks returns the national check of a registry country and its
// name; noNationalCheck when none is verified here.
func nationalChecks(cc string) (nationalCheck, string) {
	switch cc {
	case "FR", "MC":
		return checkRIBKey, "FR_RIB_KEY"
	case "BE":
		return checkBelgium, "BE_MOD_97"
	case "ES":
		return checkSpain, "ES_DC"
	case "IT", "SM":
		return checkItaly, "IT_CIN"
	case "PT":
		return checkPortugal, "PT_NIB_MOD_97"
	case "NO":
		return checkNorway, "NO_MOD_11"
	case "ME", "RS", "SI", "BA", "TL":
		return checkMod97Trailing, "ISO7064_MOD_97_10"
	}
	return noNationalCheck, ""
}

// verify runs the national check on a BBAN that matches its structure.
func (c nationalCheck) verify(bban []byte) bool {
	switch c {
	case checkRIBKey:
		return ribKeyBBAN(bban)
	case checkBelgium:
		return belgiumMod97(bban)
	case checkSpain:
		return spainDC(bban)
	case checkItaly:
		return italyCIN(bban)
	case checkPortugal:
		return portugalNIB(bban)
	case checkNorway:
		return norwayMod11(bban)
	case checkMod97Trailing:
		return mod97Trailing(bban)
	}
	return true
}

// ValidateIBAN validates an IBAN: ISO 13616-1 (mod 97-10 per ISO 7064,
// check digits 02-98), the length and BBAN structure of the country's entry
// in the SWIFT IBAN registry (ibanregistry.txt), and the national check
// digits where one is verified here (see nationalChecks). 0 allocations
// when the input is canonical.
func ValidateIBAN(s string) Result { return Validate(KindIBAN, s) }

func validateIBAN(s string, r *Result) (code, msg string) {
	var b buf
	if code := normalize(s, &b); code != "" {
		return normFail(code)
	}
	v := b.bytes()
	if len(v) < 5 {
		return CodeInvalidLength, "An IBAN has at least 15 characters."
	}
	if v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z' {
		return CodeUnknownCountry, "An IBAN starts with a two-letter country code."
	}
	spec := ibanSpecs[countryIndex(v[0], v[1])]
	if spec == nil {
		return CodeUnknownCountry, "The country code has no IBAN in the SWIFT IBAN registry (French overseas territories use FR)."
	}
	if v[2] < '0' || v[2] > '9' || v[3] < '0' || v[3] > '9' {
		return CodeInvalidCheckDigits, "The IBAN check digits (3rd and 4th characters) must be digits."
	}
	if len(v) != spec.length {
		return CodeInvalidLength, "The IBAN's length is not the one of its country in the IBAN registry."
	}
	// One pass over the BBAN: its mod 97-10 accumulator and where its
	// digits stand, for the structure.
	var acc uint64
	var isDigit uint32
	for i, c := range v[4:] {
		if c <= '9' {
			acc = acc*10 + uint64(c-'0')
			isDigit |= 1 << i
		} else {
			acc = acc*100 + uint64(c-'A'+10)
		}
		if acc >= 1<<56 {
			acc %= 97
		}
	}
	if spec.digits&^isDigit != 0 {
		return CodeInvalidStructure, "The BBAN has a letter where its country's structure wants a digit."
	}
	if spec.letters&isDigit != 0 {
		return CodeInvalidStructure, "The BBAN has a digit where its country's structure wants a letter."
	}
	if cd := (v[2]-'0')*10 + v[3] - '0'; cd < 2 || cd > 98 {
		return CodeInvalidCheckDigits, "IBAN check digits are always between 02 and 98."
	}
	// Then the country code and check digits, moved to the end.
	acc = acc%97*1_000_000 + uint64(v[0]-'A'+10)*10_000 + uint64(v[1]-'A'+10)*100 + uint64(v[2]-'0')*10 + uint64(v[3]-'0')
	if acc%97 != 1 {
		return CodeChecksumMismatch, "The IBAN check digits do not match (ISO 13616 mod 97)."
	}
	if !spec.national.verify(v[4:]) {
		return CodeNationalCheckFailed, "The national check digits inside the BBAN do not match."
	}
	n := canonical(s, &b)
	r.Normalized = n
	r.IBAN = IBANDetails{
		Country:       n[:2],
		BankCode:      n[spec.bank[0]:spec.bank[1]],
		BranchCode:    n[spec.branch[0]:spec.branch[1]],
		Account:       n[spec.account[0]:spec.account[1]],
		NationalCheck: spec.nationalName,
		SEPA:          IsSEPA(n[:2]),
	}
	return CodeOK, "The IBAN is valid."
}

// digitsMod97 is the decimal number of digits d, modulo 97.
func digitsMod97(d []byte) uint64 {
	var r uint64
	for _, c := range d {
		r = r*10 + uint64(c-'0')
		if r >= 1<<56 {
			r %= 97
		}
	}
	return r % 97
}

func twoDigits(d []byte) uint64 { return uint64(d[0]-'0')*10 + uint64(d[1]-'0') }

// belgiumMod97: the Belgian account number's last two digits are its first
// ten modulo 97, with 97 for a zero remainder (Febelfin account structure).
func belgiumMod97(bban []byte) bool {
	r := digitsMod97(bban[:10])
	if r == 0 {
		r = 97
	}
	return r == twoDigits(bban[10:12])
}

// spainDC: the two dígitos de control of the Código Cuenta Cliente (CCC):
// weights 1,2,4,8,5,10,9,7,3,6 modulo 11 over "00"+entidad+oficina, then over
// the account number; 11 - r, with 10→1 and 11→0 (Código Cuenta Cliente of the
// Consejo Superior Bancario).
func spainDC(bban []byte) bool {
	var w = [10]int{1, 2, 4, 8, 5, 10, 9, 7, 3, 6}
	dc := func(d []byte, off int) byte {
		s := 0
		for i, c := range d {
			s += int(c-'0') * w[i+off]
		}
		r := 11 - s%11
		switch r {
		case 10:
			r = 1
		case 11:
			r = 0
		}
		return byte(r) + '0'
	}
	return dc(bban[0:8], 2) == bban[8] && dc(bban[10:20], 0) == bban[9]
}

// italyOdd maps a character's value (digit 0-9 or letter A=0…Z=25) at an
// odd position to its CIN weight (Banca d'Italia / ABI CIN algorithm).
var italyOdd = [26]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

// italyCIN: the CIN letter of an Italian (or San Marino) BBAN over ABI,
// CAB and account: odd positions through the odd table, even positions at
// face value, sum modulo 26 as a letter.
func italyCIN(bban []byte) bool {
	s := 0
	for i, c := range bban[1:23] {
		v := int(c - '0')
		if c >= 'A' {
			v = int(c - 'A')
		}
		if i%2 == 0 {
			s += italyOdd[v]
		} else {
			s += v
		}
	}
	return bban[0] == byte('A'+s%26)
}

// portugalNIB: the NIB's two check digits are 98 - (first 19 digits × 100
// mod 97) (ISO 7064 mod 97-10, Banco de Portugal).
func portugalNIB(bban []byte) bool { return mod97Trailing(bban) }

// mod97Trailing: the BBAN's last two digits are the ISO 7064 mod 97-10
// check of the digits before them (98 - (n × 100 mod 97)); used by
// Portugal, Montenegro, Serbia, Slovenia, Bosnia and Herzegovina and
// Timor-Leste.
func mod97Trailing(bban []byte) bool {
	n := len(bban)
	r := digitsMod97(bban[:n-2])
	return 98-(r*100)%97 == twoDigits(bban[n-2:])
}

// norwayMod11: the Norwegian account number's last digit is its mod 11
// check with weights 5,4,3,2,7,6,5,4,3,2; a remainder of 1 is never issued.
func norwayMod11(bban []byte) bool {
	w := [10]int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
	s := 0
	for i, c := range bban[:10] {
		s += int(c-'0') * w[i]
	}
	r := s % 11
	if r == 1 {
		return false
	}
	check := 0
	if r != 0 {
		check = 11 - r
	}
	return int(bban[10]-'0') == check
}
