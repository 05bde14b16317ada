package ident

import "testing"

// canonicalSamples are valid, already canonical values: validating them
// must not allocate (the phone kind aside, see the package doc).
var canonicalSamples = []struct {
	kind  Kind
	value string
}{
	{KindIBAN, "FR1420041010050500013M02606"},
	{KindIBAN, "DE89370400440532013000"},
	{KindIBAN, "IT60X0542811101000000123456"},
	{KindIBAN, "LC55HEMM000100010012001200023015"},
	{KindBIC, "AGRIFRPP882"},
	{KindFRRIB, "20041010050500013M02606"},
	{KindFRNIR, "253072A07300443"},
	{KindFRNIR, "178059933010817"},
	{KindFRSIREN, "732829320"},
	{KindFRSIRET, "73282932000074"},
	{KindFRSIRET, "35600000049837"},
	{KindFRFiscalNumber, "3023217600053"},
	{KindFRTaxNoticeReference, "2364A12345678"},
	{KindRUINN, "7707083893"},
	{KindRUINN, "500100732259"},
	{KindRUOGRN, "1027700132195"},
	{KindRUOGRNIP, "304500116000157"},
	{KindRUSNILS, "11223344595"},
}

func TestZeroAllocs(t *testing.T) {
	for _, s := range canonicalSamples {
		r := Validate(s.kind, s.value)
		if !r.Valid {
			t.Fatalf("%v %s: %s", s.kind, s.value, r.Code)
		}
		if r.Normalized != s.value {
			t.Errorf("%v %s: normalized %q", s.kind, s.value, r.Normalized)
		}
		if n := testing.AllocsPerRun(100, func() { Validate(s.kind, s.value) }); n != 0 {
			t.Errorf("%v %s: %v allocations, want 0", s.kind, s.value, n)
		}
	}
	// Failures do not allocate either: their messages are constants.
	for _, v := range []struct {
		kind  Kind
		value string
	}{{KindIBAN, "FR1420041010050500013M02607"}, {KindIBAN, "fr14 2004 1010 0505 0001 3m02 607"}, {KindFRNIR, "295109912611199"}, {KindBIC, "AGRIF2PP"}} {
		if n := testing.AllocsPerRun(100, func() { Validate(v.kind, v.value) }); n != 0 {
			t.Errorf("%v invalid %s: %v allocations, want 0", v.kind, v.value, n)
		}
	}
	// A value that needs normalising allocates its canonical form, once.
	if n := testing.AllocsPerRun(100, func() { Validate(KindIBAN, "FR14 2004 1010 0505 0001 3M02 606") }); n != 1 {
		t.Errorf("grouped IBAN: %v allocations, want 1", n)
	}
}

var sink Result

func BenchmarkValidate(b *testing.B) {
	for _, s := range canonicalSamples {
		b.Run(s.kind.String()+"/"+s.value, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = Validate(s.kind, s.value)
			}
		})
	}
	b.Run("IBAN/grouped", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = Validate(KindIBAN, "FR14 2004 1010 0505 0001 3M02 606")
		}
	})
	b.Run("PHONE/+33612345678", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = Validate(KindPhone, "+33612345678")
		}
	})
}

func BenchmarkFindIBANs(b *testing.B) {
	text := "RELEVE D'IDENTITE BANCAIRE Titulaire M. DUPONT IBAN : FR76 3000 6000 0112 3456 7890 189 BIC : AGRIFRPP882 Domiciliation AGENCE CENTRALE"
	b.ReportAllocs()
	for b.Loop() {
		FindIBANs(text)
	}
}
