package ident

import (
	"strings"
	"testing"
)

// checkResult asserts what every result owes: a code, a message that does
// not repeat the value, Normalized only when valid.
func checkResult(t *testing.T, value string, r Result) {
	t.Helper()
	if r.Code == "" || r.Message == "" {
		t.Errorf("%q: empty code or message: %+v", value, r)
	}
	if r.Valid != (r.Code == CodeOK) || r.Valid != (r.Normalized != "") {
		t.Errorf("%q: valid=%v code=%s normalized=%q", value, r.Valid, r.Code, r.Normalized)
	}
	n := compactForTest(value)
	if len(n) >= 4 && (strings.Contains(strings.ToUpper(r.Message), n) || strings.Contains(r.Message, value)) {
		t.Errorf("%q: the message repeats the value: %s", value, r.Message)
	}
}

func compactForTest(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			return r
		}
		return -1
	}, s)
}

func TestCodes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind  Kind
		value string
		code  string
	}{
		{KindIBAN, "", CodeEmpty},
		{KindIBAN, " - ", CodeEmpty},
		{KindIBAN, "FR14 2004 1010 0505 0001 3M02 606é", CodeInvalidCharacter},
		{KindIBAN, "FR14 2004 1010 0505 0001 3M02 60٦", CodeInvalidCharacter}, // Arabic-Indic six
		{KindIBAN, "FR14_20041010050500013M02606", CodeInvalidCharacter},
		{KindIBAN, strings.Repeat("1", 35), CodeInvalidLength},
		{KindIBAN, "FR14", CodeInvalidLength},
		{KindIBAN, "1214200410100505000", CodeUnknownCountry},
		{KindIBAN, "NC4920041010050500013M02606", CodeUnknownCountry},
		{KindIBAN, "US64SVBKUS6S3300958879", CodeUnknownCountry},
		{KindIBAN, "FRA420041010050500013M02606", CodeInvalidCheckDigits},
		{KindIBAN, "DK0075251167185679", CodeInvalidCheckDigits},
		{KindIBAN, "FR142004101005050001M02606", CodeInvalidLength},
		{KindIBAN, "DE8937040044053201300A", CodeInvalidStructure},
		{KindIBAN, "GB82WES112345698765432", CodeInvalidStructure},
		{KindIBAN, "FR1420041010050500013M02607", CodeChecksumMismatch},
		{KindIBAN, "FR4913945565253032215815530", CodeNationalCheckFailed},
		{KindBIC, "BNPAFRP", CodeInvalidLength},
		{KindBIC, "AGRIF2PP", CodeInvalidStructure},
		{KindBIC, "BNPAQQPP", CodeUnknownCountry},
		{KindFRRIB, "20041010050500013M0260", CodeInvalidLength},
		{KindFRRIB, "2004A010050500013M02606", CodeInvalidStructure},
		{KindFRRIB, "20041010050500013M02607", CodeChecksumMismatch},
		{KindFRNIR, "29510991261119", CodeInvalidLength},
		{KindFRNIR, "395109912611193", CodeInvalidSex},
		{KindFRNIR, "295139912611193", CodeInvalidMonth},
		{KindFRNIR, "295009912611193", CodeInvalidMonth},
		{KindFRNIR, "295100012611193", CodeInvalidDepartment},
		{KindFRNIR, "295109612611193", CodeInvalidDepartment},
		{KindFRNIR, "253072C07300443", CodeInvalidDepartment},
		{KindFRNIR, "2951099126111A3", CodeInvalidCharacter},
		{KindFRNIR, "295109912611199", CodeChecksumMismatch},
		{KindFRSIREN, "73282932", CodeInvalidLength},
		{KindFRSIREN, "73282932A", CodeInvalidCharacter},
		{KindFRSIREN, "732829321", CodeChecksumMismatch},
		{KindFRSIRET, "73282932100074", CodeChecksumMismatch},
		{KindFRSIRET, "35600000014791", CodeChecksumMismatch},
		{KindFRFiscalNumber, "9701987765432", CodeInvalidStructure},
		{KindFRFiscalNumber, "302321760005", CodeInvalidLength},
		{KindFRFiscalNumber, "3023217600054", CodeChecksumMismatch},
		{KindFRTaxNoticeReference, "2364A1234567", CodeInvalidLength},
		{KindFRTaxNoticeReference, "2364A12345678*", CodeInvalidCharacter},
		{KindRUINN, "77070838931", CodeInvalidLength},
		{KindRUINN, "7707083894", CodeChecksumMismatch},
		{KindRUOGRN, "10277001321950", CodeInvalidLength},
		{KindRUOGRN, "1022500001328", CodeChecksumMismatch},
		{KindRUOGRNIP, "1027700132195", CodeInvalidLength},
		{KindRUSNILS, "11223344596", CodeChecksumMismatch},
		{KindPhone, "33612345678", CodeInvalidStructure},
		{KindPhone, "+33 6 12 34 56 7", CodeInvalidNumber},
		{KindPhone, "+33 6 12 34 56 78 ext", CodeInvalidCharacter},
		{KindPhone, "+999 1234 5678", CodeUnknownCountry},
		{Kind(200), "x", CodeUnknownKind},
	}
	for _, c := range cases {
		r := Validate(c.kind, c.value)
		checkResult(t, c.value, r)
		if r.Valid || r.Code != c.code {
			t.Errorf("%v %q: valid=%v code=%s (%s), want code %s", c.kind, c.value, r.Valid, r.Code, r.Message, c.code)
		}
		if r.IBAN != (IBANDetails{}) || r.BIC != (BICDetails{}) || r.NIR != (NIRDetails{}) || r.Phone != (PhoneDetails{}) || r.Company != (CompanyDetails{}) {
			t.Errorf("%v %q: details on an invalid value: %+v", c.kind, c.value, r)
		}
	}
}

func TestNormalisation(t *testing.T) {
	t.Parallel()
	const want = "FR1420041010050500013M02606"
	for _, in := range []string{
		"FR14 2004 1010 0505 0001 3M02 606",
		"fr14 2004 1010 0505 0001 3m02 606",
		"FR14\t2004-1010.0505/0001 3M02 606",
		"FR14\u00a02004\u00a01010\u00a00505\u00a00001\u00a03M02\u00a0606",
		"FR14\u202f2004\u202f1010\u202f0505\u202f0001\u202f3M02\u202f606",
		" FR1420041010050500013M02606 ",
	} {
		r := ValidateIBAN(in)
		checkResult(t, in, r)
		if !r.Valid || r.Normalized != want {
			t.Errorf("%q: %+v", in, r)
		}
	}
	// Other spaces are not blanks here: U+2003 EM SPACE.
	if r := ValidateIBAN("FR14\u20032004 1010 0505 0001 3M02 606"); r.Code != CodeInvalidCharacter {
		t.Errorf("em space: %s", r.Code)
	}
}

func TestIBANDetails(t *testing.T) {
	t.Parallel()
	cases := []struct {
		value string
		want  IBANDetails
	}{
		{"FR14 2004 1010 0505 0001 3M02 606", IBANDetails{Country: "FR", BankCode: "20041", BranchCode: "01005", Account: "0500013M026", NationalCheck: "FR_RIB_KEY", SEPA: true}},
		{"GB29NWBK60161331926819", IBANDetails{Country: "GB", BankCode: "NWBK", BranchCode: "601613", Account: "31926819", SEPA: true}},
		{"DE89370400440532013000", IBANDetails{Country: "DE", BankCode: "37040044", Account: "0532013000", SEPA: true}},
		{"IT60X0542811101000000123456", IBANDetails{Country: "IT", BankCode: "05428", BranchCode: "11101", Account: "000000123456", NationalCheck: "IT_CIN", SEPA: true}},
		{"BE68539007547034", IBANDetails{Country: "BE", BankCode: "539", Account: "0075470", NationalCheck: "BE_MOD_97", SEPA: true}},
		{"ES9121000418450200051332", IBANDetails{Country: "ES", BankCode: "2100", BranchCode: "0418", Account: "0200051332", NationalCheck: "ES_DC", SEPA: true}},
		{"MC5811222000010123456789030", IBANDetails{Country: "MC", BankCode: "11222", BranchCode: "00001", Account: "01234567890", NationalCheck: "FR_RIB_KEY", SEPA: true}},
		{"SA0380000000608010167519", IBANDetails{Country: "SA", BankCode: "80", Account: "000000608010167519"}},
	}
	for _, c := range cases {
		r := ValidateIBAN(c.value)
		checkResult(t, c.value, r)
		if !r.Valid || r.IBAN != c.want {
			t.Errorf("%s: %+v, want %+v", c.value, r.IBAN, c.want)
		}
	}
}

// TestRegistryExamples validates the registry's own example IBAN of every
// country: length, structure, mod 97 and national check together.
func TestRegistryExamples(t *testing.T) {
	t.Parallel()
	if n := len(IBANCountries()); n != 89 {
		t.Errorf("%d registry countries, want 89 (Release 100)", n)
	}
	for _, cc := range IBANCountries() {
		s := specFor(cc)
		r := ValidateIBAN(s.example)
		if !r.Valid {
			t.Errorf("%s example: %s (%s)", cc, r.Code, r.Message)
			continue
		}
		if r.IBAN.Country != cc || r.IBAN.BankCode == "" || r.IBAN.Account == "" || IBANLength(cc) != len(s.example) {
			t.Errorf("%s example: details %+v", cc, r.IBAN)
		}
		if mod97Reference(s.example) != 1 {
			t.Errorf("%s example: reference mod 97", cc)
		}
	}
	// French overseas territories have no IBAN of their own.
	for _, cc := range []string{"GF", "GP", "MQ", "RE", "YT", "BL", "MF", "PM", "NC", "PF", "TF", "WF"} {
		if IBANLength(cc) != 0 {
			t.Errorf("%s has an IBAN entry", cc)
		}
	}
	for _, bad := range []string{"", "F", "fr", "F1", "ZZ"} {
		if IBANLength(bad) != 0 {
			t.Errorf("IBANLength(%q) != 0", bad)
		}
	}
}

// mod97Reference is ISO 7064 mod 97-10 the textbook way: rearrange,
// letters to two digits, reduce digit by digit.
func mod97Reference(iban string) int {
	s := iban[4:] + iban[:4]
	r := 0
	for _, c := range s {
		if c >= 'A' {
			v := int(c-'A') + 10
			r = (r*10 + v/10) % 97
			r = (r*10 + v%10) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r
}

// TestNationalChecksSpecimens: public specimens of each national check
// beside the registry examples, and the same BBAN with a broken national
// check but recomputed IBAN check digits, which only the national check
// catches.
func TestNationalChecksSpecimens(t *testing.T) {
	t.Parallel()
	specimens := map[string][]string{
		"FR_RIB_KEY":        {"FR7630006000011234567890189", "FR3930002005500000157845P08", "FR1420041010050500013M02606"},
		"BE_MOD_97":         {"BE68539007547034", "BE71096123456769"},
		"ES_DC":             {"ES9121000418450200051332", "ES7921000813610123456789"},
		"IT_CIN":            {"IT60X0542811101000000123456"},
		"PT_NIB_MOD_97":     {"PT50000201231234567890154"},
		"NO_MOD_11":         {"NO9386011117947"},
		"ISO7064_MOD_97_10": {"ME25505000012345678951", "RS35260005601001611379", "SI56263300012039086", "BA391290079401028494", "TL380080012345678910157"},
	}
	for name, list := range specimens {
		for _, iban := range list {
			r := ValidateIBAN(iban)
			if !r.Valid || r.IBAN.NationalCheck != name {
				t.Errorf("%s: %s %s %q", iban, r.Code, r.Message, r.IBAN.NationalCheck)
				continue
			}
			// Break the BBAN's last digit, then make the IBAN check digits right again.
			b := []byte(iban)
			last := len(b) - 1
			b[last] = '0' + (b[last]-'0'+1)%10
			broken := withCheckDigits(string(b))
			if r := ValidateIBAN(broken); r.Code != CodeNationalCheckFailed {
				t.Errorf("%s broken national check: %s", iban, r.Code)
			}
		}
	}
}

// withCheckDigits sets an IBAN's check digits so that mod 97 holds.
func withCheckDigits(iban string) string {
	z := iban[:2] + "00" + iban[4:]
	cd := 98 - mod97Reference(z)
	return iban[:2] + string(rune('0'+cd/10)) + string(rune('0'+cd%10)) + iban[4:]
}

func TestBIC(t *testing.T) {
	t.Parallel()
	cases := []struct {
		value string
		want  BICDetails
	}{
		{"BNPAFRPP", BICDetails{Institution: "BNPA", Country: "FR", Location: "PP"}},
		{"agri fr pp 882", BICDetails{Institution: "AGRI", Country: "FR", Location: "PP", Branch: "882"}},
		{"DEUTDEFFXXX", BICDetails{Institution: "DEUT", Country: "DE", Location: "FF", Branch: "XXX"}},
		{"BNPAFRP0", BICDetails{Institution: "BNPA", Country: "FR", Location: "P0", Test: true}},
		{"1BNKGB2L", BICDetails{Institution: "1BNK", Country: "GB", Location: "2L"}}, // ISO 9362:2022 prefix with a digit
	}
	for _, c := range cases {
		r := ValidateBIC(c.value)
		checkResult(t, c.value, r)
		if !r.Valid || r.BIC != c.want {
			t.Errorf("%s: %s %+v, want %+v", c.value, r.Code, r.BIC, c.want)
		}
	}
}

func TestFRRIB(t *testing.T) {
	t.Parallel()
	r := ValidateFRRIB("20041 01005 0500013M026 06")
	checkResult(t, "", r)
	want := IBANDetails{BankCode: "20041", BranchCode: "01005", Account: "0500013M026", NationalCheck: "FR_RIB_KEY"}
	if !r.Valid || r.Normalized != "20041010050500013M02606" || r.IBAN != want {
		t.Errorf("%+v", r)
	}
	// The letter mapping: A/J→1 … I/R/Z→9, S→2.
	for c, d := range map[byte]uint64{'A': 1, 'J': 1, 'I': 9, 'R': 9, 'Z': 9, 'S': 2, 'T': 3, 'P': 7, '0': 0, '9': 9} {
		if got := ribDigit(c); got != d {
			t.Errorf("ribDigit(%c) = %d, want %d", c, got, d)
		}
	}
}

// nirWithKey completes 13 NIR characters with their key.
func nirWithKey(s13 string) string {
	var n uint64
	for i := 0; i < 13; i++ {
		c := s13[i]
		switch {
		case i == 6 && c == 'A':
			n = n*10 - 1
		case i == 6 && c == 'B':
			n = n*10 - 2
		default:
			n = n*10 + uint64(c-'0')
		}
	}
	k := 97 - n%97
	return s13 + string(rune('0'+k/10)) + string(rune('0'+k%10))
}

func TestNIR(t *testing.T) {
	t.Parallel()
	cases := []struct {
		value string
		want  NIRDetails
	}{
		{"2 55 08 14 168 025 38", NIRDetails{Sex: "F", BirthYear: "55", BirthMonth: 8, Department: "14", Place: "14168"}},
		{"253072A07300443", NIRDetails{Sex: "F", BirthYear: "53", BirthMonth: 7, Department: "2A", Place: "2A073"}},
		{"253072B07300470", NIRDetails{Sex: "F", BirthYear: "53", BirthMonth: 7, Department: "2B", Place: "2B073"}},
		{"295109912611193", NIRDetails{Sex: "F", BirthYear: "95", BirthMonth: 10, Department: "99", Place: "99126"}},
		{"178059933010817", NIRDetails{Sex: "M", BirthYear: "78", BirthMonth: 5, Department: "99", Place: "99330"}},
		{nirWithKey("1850597105123"), NIRDetails{Sex: "M", BirthYear: "85", BirthMonth: 5, Department: "971", Place: "97105"}},
		{nirWithKey("2852098801123"), NIRDetails{Sex: "F", BirthYear: "85", Department: "988", Place: "98801"}},
		{nirWithKey("1853575056123"), NIRDetails{Sex: "M", BirthYear: "85", Department: "75", Place: "75056"}},
		{nirWithKey("1859975056123"), NIRDetails{Sex: "M", BirthYear: "85", Department: "75", Place: "75056"}},
		{nirWithKey("7850000000123"), NIRDetails{Temporary: true}},
		{nirWithKey("8991396000001"), NIRDetails{Temporary: true}},
	}
	for _, c := range cases {
		r := ValidateFRNIR(c.value)
		checkResult(t, c.value, r)
		if !r.Valid || r.NIR != c.want {
			t.Errorf("%s: %s %s %+v, want %+v", c.value, r.Code, r.Message, r.NIR, c.want)
		}
	}
	for _, bad := range []string{nirWithKey("1854375056123"), nirWithKey("1852175056123"), nirWithKey("1851900056123"), nirWithKey("3850575056123")} {
		if r := ValidateFRNIR(bad); r.Valid {
			t.Errorf("%s valid", bad)
		}
	}
}

func TestCompanies(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind  Kind
		value string
		want  CompanyDetails
	}{
		{KindFRSIREN, "552 032 534", CompanyDetails{Check: "LUHN"}},                           // Danone
		{KindFRSIREN, "542051180", CompanyDetails{Check: "LUHN"}},                             // TotalEnergies
		{KindFRSIREN, "356000000", CompanyDetails{Check: "LUHN"}},                             // La Poste
		{KindFRSIRET, "443 061 841 00047", CompanyDetails{SIREN: "443061841", Check: "LUHN"}}, // Google France
		{KindFRSIRET, "35600000000048", CompanyDetails{SIREN: "356000000", Check: "LUHN"}},
		{KindFRSIRET, "35600000049837", CompanyDetails{SIREN: "356000000", Check: "LA_POSTE_DIGIT_SUM"}},
		{KindRUINN, "7736050003", CompanyDetails{Check: "MOD_11"}}, // Gazprom
		{KindRUINN, "7707083893", CompanyDetails{Check: "MOD_11"}}, // Sberbank
		{KindRUINN, "500100732259", CompanyDetails{Check: "MOD_11"}},
		{KindRUOGRN, "1027700070518", CompanyDetails{Check: "MOD_11"}}, // Gazprom
		{KindRUOGRN, "304500116000157", CompanyDetails{Check: "MOD_13"}},
		{KindRUOGRNIP, "304500116000157", CompanyDetails{Check: "MOD_13"}},
	}
	for _, c := range cases {
		r := Validate(c.kind, c.value)
		checkResult(t, c.value, r)
		if !r.Valid || r.Company != c.want {
			t.Errorf("%v %s: %s %+v, want %+v", c.kind, c.value, r.Code, r.Company, c.want)
		}
	}
}

func TestFiscalAndReference(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"3023217600053", "30 23 217 600 053", "1234567890066"} {
		if r := ValidateFRFiscalNumber(v); !r.Valid {
			t.Errorf("%s: %s", v, r.Code)
		}
	}
	if r := ValidateFRTaxNoticeReference("23 64a12345678"); !r.Valid || r.Normalized != "2364A12345678" {
		t.Errorf("%+v", r)
	}
}

func TestSNILS(t *testing.T) {
	t.Parallel()
	valid := []string{"112-233-445 95", "001-001-998 00", "001-001-998 77", "000-000-001 42"} // up to 001-001-998: no check
	for _, v := range valid {
		if r := ValidateRUSNILS(v); !r.Valid || r.Normalized != compactForTest(v) {
			t.Errorf("%s: %s", v, r.Code)
		}
	}
	if r := ValidateRUSNILS("001-001-999 00"); r.Valid {
		t.Error("001-001-999 00 is checked and wrong")
	}
}

func TestPhone(t *testing.T) {
	t.Parallel()
	cases := []struct {
		value string
		want  PhoneDetails
	}{
		{"+7 912 345-67-89", PhoneDetails{Region: "RU", Type: "MOBILE", E164: "+79123456789", CountryCode: 7}},
		{"+7 701 123 4567", PhoneDetails{Region: "KZ", Type: "MOBILE", E164: "+77011234567", CountryCode: 7}},
		{"+33 6 12 34 56 78", PhoneDetails{Region: "FR", Type: "MOBILE", E164: "+33612345678", CountryCode: 33}},
		{"+33 (0)1 42 68 53 00", PhoneDetails{Region: "FR", Type: "FIXED_LINE", E164: "+33142685300", CountryCode: 33}},
	}
	for _, c := range cases {
		r := ValidatePhone(c.value)
		checkResult(t, c.value, r)
		if !r.Valid || r.Phone != c.want || r.Normalized != c.want.E164 {
			t.Errorf("%s: %s %+v, want %+v", c.value, r.Code, r.Phone, c.want)
		}
	}
}

func TestSEPA(t *testing.T) {
	t.Parallel()
	if n := len(SEPACountries()); n != 41 {
		t.Errorf("%d SEPA countries, want 41", n)
	}
	for _, cc := range []string{"FR", "DE", "GB", "CH", "NO", "IS", "LI", "MC", "SM", "VA", "AD", "AL", "MD", "ME", "MK", "RS", "BG", "GF", "RE", "YT", "PM", "GI", "GG", "JE", "IM", "AX"} {
		if !IsSEPA(cc) {
			t.Errorf("IsSEPA(%s) = false", cc)
		}
	}
	for _, cc := range []string{"US", "NC", "PF", "WF", "TR", "UA", "fr", "", "F", "FRA"} {
		if IsSEPA(cc) {
			t.Errorf("IsSEPA(%q) = true", cc)
		}
	}
	for _, c := range []struct {
		iban, bic string
		ok        bool
	}{
		{"FR", "FR", true}, {"FR", "GP", true}, {"FR", "NC", true}, {"FR", "WF", true}, {"FR", "MC", false},
		{"MC", "FR", true}, {"GB", "JE", true}, {"GB", "IM", true}, {"GB", "IE", false}, {"DK", "FO", true},
		{"DE", "AT", false}, {"NC", "FR", false}, {"", "", false},
	} {
		if got := BICCountryMatches(c.iban, c.bic); got != c.ok {
			t.Errorf("BICCountryMatches(%s, %s) = %v", c.iban, c.bic, got)
		}
	}
}

func TestFindIBANs(t *testing.T) {
	t.Parallel()
	text := "RELEVE D'IDENTITE BANCAIRE\nTitulaire: M. DUPONT\nIBAN : FR76 3000 6000 0112 3456 7890 189 BIC : AGRIFRPP882\n" +
		"ancien compte fr14 2004 1010 0505 0001 3m02 607\nautre: DE89370400440532013000, encore FR76 3000 6000 0112 3456 7890 189."
	got := FindIBANs(text)
	want := []string{"FR7630006000011234567890189", "DE89370400440532013000", "FR1420041010050500013M02607"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("FindIBANs = %q, want %q", got, want)
	}
	if got := FindIBANs("nothing here, AB12 too short, 2024-01-01"); len(got) != 0 {
		t.Errorf("FindIBANs = %q", got)
	}
}

func TestKindString(t *testing.T) {
	t.Parallel()
	if KindFRTaxNumber.String() != "FR_TAX_NUMBER" || KindIBAN.String() != "IBAN" || Kind(99).String() != "UNKNOWN" {
		t.Error("Kind.String")
	}
}
