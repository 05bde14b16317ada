package ident

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestNumbersNeverIssued: numbers that pass their checksum yet are never
// issued are refused: all zeros (SIREN, SIRET, numéro fiscal, tax-notice
// reference, SNILS; INN and OGRN through their leading digits), an INN of
// region 00, an OGRN whose first digit classes no record (decree 438 of
// 19.06.2002: 1, 5 OGRN; 2, 6-9 other EGRUL records; decree 630 of
// 16.10.2003: 3 OGRNIP, 4 other EGRIP records).
func TestNumbersNeverIssued(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind  Kind
		value string
	}{
		{KindFRSIREN, "000000000"},
		{KindFRSIRET, "00000000000000"},
		{KindFRFiscalNumber, "0000000000000"},
		{KindFRTaxNoticeReference, "0000000000000"},
		{KindRUINN, "0000000000"},
		{KindRUINN, "000000000000"},
		{KindRUINN, "0012345679"}, // region 00, check digit right
		{KindRUOGRN, "0000000000000"},
		{KindRUOGRN, "000000000000000"},
		{KindRUOGRNIP, "000000000000000"},
		{KindRUSNILS, "00000000000"},
		{KindRUOGRN, "0027700132195"},     // check digit right, first digit 0
		{KindRUOGRN, "4027700132195"},     // 4 is an EGRIP record, 15 digits
		{KindRUOGRN, "3027700132195"},     // 3 is an OGRNIP, 15 digits
		{KindRUOGRNIP, "404500200000000"}, // another EGRIP record, not an OGRNIP
	} {
		if c.kind == KindRUINN && c.value == "0012345679" {
			// Make the check digit right so that only the region refuses it.
			v := []byte(c.value)
			v[9] = innCheck(v, innWeights10)
			c.value = string(v)
		}
		if c.kind == KindRUOGRN || c.kind == KindRUOGRNIP {
			c.value = withOGRNCheck(c.value[:len(c.value)-1])
		}
		if r := Validate(c.kind, c.value); r.Valid {
			t.Errorf("%v %s is valid, want refused", c.kind, c.value)
		}
	}
	// Real numbers (and a built one) next to them stay valid.
	for _, c := range []struct {
		kind  Kind
		value string
	}{
		{KindRUOGRN, "1027700132195"},                   // Sberbank
		{KindRUINN, "7707083893"},                       // Sberbank
		{KindBIC, "MBKOXK21HDO"},                        // ProCredit Bank Kosovo: SWIFT's XK
		{KindBIC, "RBKOXKPR"},                           // Raiffeisen Bank Kosovo
		{KindRUOGRN, withOGRNCheck("212770001076")},     // another EGRUL record (built)
		{KindRUOGRN, withOGRNCheck("507774688731")},     // first digit 5 (built)
		{KindRUOGRNIP, withOGRNCheck("30450011600015")}, // OGRNIP (built)
	} {
		if r := Validate(c.kind, c.value); !r.Valid {
			t.Errorf("%v %s: %s, want valid", c.kind, c.value, r.Code)
		}
	}
}

// withOGRNCheck appends the check digit of an OGRN (12 digits given) or an
// OGRNIP (14 given).
func withOGRNCheck(s string) string {
	m := uint64(11)
	if len(s) == 14 {
		m = 13
	}
	return s + string(rune('0'+decimal([]byte(s))%m%10))
}

// TestFullWidth: a full-width IBAN (ＦＲ７６…) is the same IBAN: one
// normaliser folds the full-width forms as Unicode NFKC does.
func TestFullWidth(t *testing.T) {
	t.Parallel()
	const ascii = "FR1420041010050500013M02606"
	wide := ""
	for _, r := range ascii {
		wide += string(r + 0xFEE0)
	}
	r := Validate(KindIBAN, wide)
	if !r.Valid || r.Normalized != ascii {
		t.Errorf("full-width IBAN: %+v", r)
	}
	if r := Validate(KindIBAN, "ＦＲ１４　２００４　１０１０"); r.Code == CodeInvalidCharacter {
		t.Errorf("ideographic spaces are separators: %+v", r)
	}
	if got := FindIBANs("IBAN : " + wide); len(got) != 1 || got[0] != ascii {
		t.Errorf("FindIBANs = %v", got)
	}
	// The fold is NFKC's on every full-width form.
	for r := rune(0xFF01); r <= 0xFF5E; r++ {
		s := string(r)
		if got, want := FoldWidth(s), norm.NFKC.String(s); got != want {
			t.Errorf("FoldWidth(%U) = %q, NFKC %q", r, got, want)
		}
	}
	if n, ok := IBANShaped(wide); !ok || n != ascii {
		t.Errorf("IBANShaped(wide) = %q, %v", n, ok)
	}
	for _, junk := range []string{"hello world", "-1", "FR76", "1234567890123456", "FRXX1234567890123"} {
		if _, ok := IBANShaped(junk); ok {
			t.Errorf("IBANShaped(%q) = true", junk)
		}
	}
}
