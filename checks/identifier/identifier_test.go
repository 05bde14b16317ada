package identifier_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/identifier"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ident"
	"google.golang.org/protobuf/testing/protocmp"
)

func id(kind idcontrolv1.IdentifierKind, value string) *idcontrolv1.Identifier {
	return &idcontrolv1.Identifier{Kind: kind, Value: value}
}

func valid(b bool) *bool { return &b }

// TestEveryKindIsMapped: every kind of the wire reaches a validator of its
// own (an empty value answers EMPTY, never UNKNOWN_KIND).
func TestEveryKindIsMapped(t *testing.T) {
	t.Parallel()
	for n, name := range idcontrolv1.IdentifierKind_name {
		kind := idcontrolv1.IdentifierKind(n)
		if kind == idcontrolv1.IdentifierKind_IDENTIFIER_KIND_UNSPECIFIED {
			continue
		}
		resp, err := identifier.Validate([]*idcontrolv1.Identifier{id(kind, "")})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		r := resp.GetResults()[0]
		if r.GetKind() != kind || r.Valid == nil || r.GetValid() || r.GetCode() != ident.CodeEmpty || r.GetMessage() == "" {
			t.Errorf("%s: %v", name, r)
		}
	}
}

func TestValidateUnknownKind(t *testing.T) {
	t.Parallel()
	_, err := identifier.Validate([]*idcontrolv1.Identifier{
		id(idcontrolv1.IdentifierKind_IDENTIFIER_KIND_IBAN, "FR7630006000011234567890189"),
		id(idcontrolv1.IdentifierKind_IDENTIFIER_KIND_UNSPECIFIED, "x"),
		id(idcontrolv1.IdentifierKind(99), "x"),
	})
	want := checks.Violations{
		{Field: "identifiers[1].kind", Reason: "UNKNOWN_KIND"},
		{Field: "identifiers[2].kind", Reason: "UNKNOWN_KIND"},
	}
	got, ok := err.(checks.Violations)
	if !ok {
		t.Fatalf("Validate = %v (%T), want checks.Violations", err, err)
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(checks.Violation{}, "Description")); diff != "" {
		t.Errorf("violations (-want +got):\n%s", diff)
	}
}

// TestValidateDetails: what a valid value encodes, kind by kind; an
// invalid value answers its reason and nothing it would encode.
func TestValidateDetails(t *testing.T) {
	t.Parallel()
	const (
		iban   = idcontrolv1.IdentifierKind_IDENTIFIER_KIND_IBAN
		bic    = idcontrolv1.IdentifierKind_IDENTIFIER_KIND_BIC
		rib    = idcontrolv1.IdentifierKind_IDENTIFIER_KIND_FR_RIB
		nir    = idcontrolv1.IdentifierKind_IDENTIFIER_KIND_FR_NIR
		siren  = idcontrolv1.IdentifierKind_IDENTIFIER_KIND_FR_SIREN
		siret  = idcontrolv1.IdentifierKind_IDENTIFIER_KIND_FR_SIRET
		tax    = idcontrolv1.IdentifierKind_IDENTIFIER_KIND_FR_TAX_NUMBER
		inn    = idcontrolv1.IdentifierKind_IDENTIFIER_KIND_RU_INN
		ogrn   = idcontrolv1.IdentifierKind_IDENTIFIER_KIND_RU_OGRN
		ogrnip = idcontrolv1.IdentifierKind_IDENTIFIER_KIND_RU_OGRNIP
		snils  = idcontrolv1.IdentifierKind_IDENTIFIER_KIND_RU_SNILS
		phone  = idcontrolv1.IdentifierKind_IDENTIFIER_KIND_PHONE
	)
	company := func(siren, check string) *idcontrolv1.IdentifierResult_Company {
		return &idcontrolv1.IdentifierResult_Company{Company: &idcontrolv1.CompanyDetails{Siren: siren, Check: check}}
	}
	cases := []struct {
		in   *idcontrolv1.Identifier
		want *idcontrolv1.IdentifierResult
	}{
		{id(iban, "FR76 3000 6000 0112 3456 7890 189"), &idcontrolv1.IdentifierResult{
			Kind: iban, Valid: valid(true), Normalized: "FR7630006000011234567890189", Code: "OK",
			Details: &idcontrolv1.IdentifierResult_Iban{Iban: &idcontrolv1.IbanDetails{
				Country: "FR", BankCode: "30006", BranchCode: "00001", AccountNumber: "12345678901", NationalCheck: "FR_RIB_KEY", Sepa: true,
			}},
		}},
		{id(iban, "GB82WEST12345698765432"), &idcontrolv1.IdentifierResult{
			Kind: iban, Valid: valid(true), Normalized: "GB82WEST12345698765432", Code: "OK",
			Details: &idcontrolv1.IdentifierResult_Iban{Iban: &idcontrolv1.IbanDetails{
				Country: "GB", BankCode: "WEST", BranchCode: "123456", AccountNumber: "98765432", Sepa: true,
			}},
		}},
		{id(rib, "30006 00001 12345678901 89"), &idcontrolv1.IdentifierResult{
			Kind: rib, Valid: valid(true), Normalized: "30006000011234567890189", Code: "OK",
			Details: &idcontrolv1.IdentifierResult_Iban{Iban: &idcontrolv1.IbanDetails{
				BankCode: "30006", BranchCode: "00001", AccountNumber: "12345678901", NationalCheck: "FR_RIB_KEY",
			}},
		}},
		{id(bic, "AGRIFRPP882"), &idcontrolv1.IdentifierResult{
			Kind: bic, Valid: valid(true), Normalized: "AGRIFRPP882", Code: "OK",
			Details: &idcontrolv1.IdentifierResult_Bic{Bic: &idcontrolv1.BicDetails{Institution: "AGRI", Country: "FR", Location: "PP", Branch: "882"}},
		}},
		{id(bic, "BNPAFRP0"), &idcontrolv1.IdentifierResult{
			Kind: bic, Valid: valid(true), Normalized: "BNPAFRP0", Code: "OK",
			Details: &idcontrolv1.IdentifierResult_Bic{Bic: &idcontrolv1.BicDetails{Institution: "BNPA", Country: "FR", Location: "P0", Test: true}},
		}},
		{id(nir, "178059933010817"), &idcontrolv1.IdentifierResult{
			Kind: nir, Valid: valid(true), Normalized: "178059933010817", Code: "OK",
			Details: &idcontrolv1.IdentifierResult_Nir{Nir: &idcontrolv1.NirDetails{Sex: "M", BirthYear: "78", BirthMonth: 5, Department: "99", Place: "99330"}},
		}},
		{id(nir, "253072B07300470"), &idcontrolv1.IdentifierResult{
			Kind: nir, Valid: valid(true), Normalized: "253072B07300470", Code: "OK",
			Details: &idcontrolv1.IdentifierResult_Nir{Nir: &idcontrolv1.NirDetails{Sex: "F", BirthYear: "53", BirthMonth: 7, Department: "2B", Place: "2B073"}},
		}},
		{id(siren, "732829320"), &idcontrolv1.IdentifierResult{Kind: siren, Valid: valid(true), Normalized: "732829320", Code: "OK", Details: company("", "LUHN")}},
		{id(siret, "73282932000074"), &idcontrolv1.IdentifierResult{Kind: siret, Valid: valid(true), Normalized: "73282932000074", Code: "OK", Details: company("732829320", "LUHN")}},
		{id(siret, "35600000049837"), &idcontrolv1.IdentifierResult{Kind: siret, Valid: valid(true), Normalized: "35600000049837", Code: "OK", Details: company("356000000", "LA_POSTE_DIGIT_SUM")}},
		{id(tax, "3023217600053"), &idcontrolv1.IdentifierResult{Kind: tax, Valid: valid(true), Normalized: "3023217600053", Code: "OK"}},
		{id(inn, "7707083893"), &idcontrolv1.IdentifierResult{Kind: inn, Valid: valid(true), Normalized: "7707083893", Code: "OK", Details: company("", "MOD_11")}},
		{id(ogrn, "1027700132195"), &idcontrolv1.IdentifierResult{Kind: ogrn, Valid: valid(true), Normalized: "1027700132195", Code: "OK", Details: company("", "MOD_11")}},
		{id(ogrnip, "304500116000157"), &idcontrolv1.IdentifierResult{Kind: ogrnip, Valid: valid(true), Normalized: "304500116000157", Code: "OK", Details: company("", "MOD_13")}},
		{id(ogrnip, "1027700132195"), &idcontrolv1.IdentifierResult{Kind: ogrnip, Valid: valid(false), Code: "INVALID_LENGTH"}},
		{id(snils, "112-233-445 95"), &idcontrolv1.IdentifierResult{Kind: snils, Valid: valid(true), Normalized: "11223344595", Code: "OK"}},
		{id(phone, "+33 6 12 34 56 78"), &idcontrolv1.IdentifierResult{
			Kind: phone, Valid: valid(true), Normalized: "+33612345678", Code: "OK",
			Details: &idcontrolv1.IdentifierResult_Phone{Phone: &idcontrolv1.PhoneDetails{Region: "FR", Type: "MOBILE", E164: "+33612345678", CountryCode: 33}},
		}},
		{id(phone, "06 12 34 56 78"), &idcontrolv1.IdentifierResult{Kind: phone, Valid: valid(false), Code: "INVALID_STRUCTURE"}},
		{id(iban, "FR1420041010050500013M02607"), &idcontrolv1.IdentifierResult{Kind: iban, Valid: valid(false), Code: "CHECKSUM_MISMATCH"}},
		{id(iban, ""), &idcontrolv1.IdentifierResult{Kind: iban, Valid: valid(false), Code: "EMPTY"}},
	}
	ids := make([]*idcontrolv1.Identifier, len(cases))
	for i, c := range cases {
		ids[i] = c.in
	}
	// One call, answered in request order.
	resp, err := identifier.Validate(ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.GetResults()) != len(cases) {
		t.Fatalf("%d results for %d identifiers", len(resp.GetResults()), len(cases))
	}
	for i, c := range cases {
		got := resp.GetResults()[i]
		if diff := cmp.Diff(c.want, got, protocmp.Transform(), protocmp.IgnoreFields(&idcontrolv1.IdentifierResult{}, "message")); diff != "" {
			t.Errorf("%s %q (-want +got):\n%s", c.in.GetKind(), c.in.GetValue(), diff)
		}
		if got.GetMessage() == "" {
			t.Errorf("%s %q: no message", c.in.GetKind(), c.in.GetValue())
		}
	}
}

// TestResultOfInvalidHasNoDetails: details describe valid values only,
// even when the library filled some.
func TestResultOfInvalidHasNoDetails(t *testing.T) {
	t.Parallel()
	r := ident.Result{Kind: ident.KindIBAN, Code: ident.CodeNationalCheckFailed, Message: "m", IBAN: ident.IBANDetails{Country: "FR", BankCode: "30006"}}
	got := identifier.Result(r, idcontrolv1.IdentifierKind_IDENTIFIER_KIND_IBAN)
	want := &idcontrolv1.IdentifierResult{Kind: idcontrolv1.IdentifierKind_IDENTIFIER_KIND_IBAN, Valid: valid(false), Code: ident.CodeNationalCheckFailed, Message: "m"}
	if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
