package bank

import (
	"flag"
	"fmt"
	"github.com/idcontrol/idcontrol/internal/prototest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idcontrol/idcontrol/checks/identifier"
	"github.com/idcontrol/idcontrol/fold"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/protobuf/encoding/protojson"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// Public IBAN specimens (ECBS/SWIFT registry examples and bank documentation).
const (
	ibanFR      = "FR7630006000011234567890189"
	ibanFRSpace = "fr76 3000 6000 0112 3456 7890 189"
	ibanFRBad   = "FR7630006000011234567890188" // last digit changed: mod 97 fails
	ibanDE      = "DE89370400440532013000"
	ibanGB      = "GB82WEST12345698765432"
	ibanMC      = "MC5811222000010123456789030"
	ibanTR      = "TR330006100519786457841326" // Turkey: IBAN country outside SEPA
	ibanSA      = "SA0380000000608010167519"   // Saudi Arabia: outside SEPA
)

// ibanFRBadKey is a French IBAN whose ISO 13616 check digits are right but
// whose RIB key (the last two BBAN digits) is wrong.
var ibanFRBadKey = withCheckDigits("FR", "30006000011234567890188")

// withCheckDigits builds an IBAN with correct ISO 13616 check digits.
func withCheckDigits(cc, bban string) string {
	var digits strings.Builder
	for _, c := range bban + cc + "00" {
		if c >= 'A' && c <= 'Z' {
			fmt.Fprintf(&digits, "%d", c-'A'+10)
		} else {
			digits.WriteRune(c)
		}
	}
	r := 0
	for _, c := range digits.String() {
		r = (r*10 + int(c-'0')) % 97
	}
	return fmt.Sprintf("%s%02d%s", cc, 98-r, bban)
}

const duponText = `RELEVE D'IDENTITE BANCAIRE
Titulaire du compte : M JEAN DUPONT
12 RUE DES LILAS
75011 PARIS
Domiciliation : CA PARIS OPERA
IBAN : FR76 3000 6000 0112 3456 7890 189
BIC : AGRIFRPP882`

const boulangerieText = `RELEVE D'IDENTITE BANCAIRE
Titulaire : SARL BOULANGERIE MARTIN
12 BIS AV DU GAL LECLERC
69003 LYON
IBAN FR76 3000 6000 0112 3456 7890 189
BIC AGRIFRPP882`

func rib(iban, bic, text string) *idcontrolv1.Document {
	d := &idcontrolv1.Document{Type: "RIB", Text: text}
	if iban != "" || bic != "" {
		d.DocumentDetails = &idcontrolv1.DocumentDetails{Iban: iban, Bic: bic}
	}
	return d
}

func person(uuid, first, last, birth, iban string) *idcontrolv1.Participant {
	return &idcontrolv1.Participant{Uuid: uuid, FirstName: first, LastName: last, BirthName: birth, Iban: iban}
}

func company(name, iban string, pa *idcontrolv1.PostalAddress) *idcontrolv1.LegalEntity {
	return &idcontrolv1.LegalEntity{Name: name, Iban: iban, PostalAddress: pa}
}

func addr(line1, code, city string) *idcontrolv1.PostalAddress {
	return &idcontrolv1.PostalAddress{PostalAddress1: line1, PostalCode: code, PostalCity: city}
}

func req(doc *idcontrolv1.Document, le *idcontrolv1.LegalEntity, ps ...*idcontrolv1.Participant) *idcontrolv1.CheckBankDetailsRequest {
	return &idcontrolv1.CheckBankDetailsRequest{Document: doc, Participants: ps, LegalEntity: le}
}

type testCase struct {
	name string
	req  *idcontrolv1.CheckBankDetailsRequest
	pol  *idcontrolv1.Policy
	// want maps a control's JSON path ("ibanFound", "participants[0].nameFound")
	// to "true", "false" or "absent"; unlisted controls are not asserted.
	want map[string]string
	// findings that must be present, as "control/CODE" or
	// "participants[i].control/CODE".
	findings []string
}

func cases() []testCase {
	jean := func(iban string) *idcontrolv1.Participant { return person("p1", "Jean", "Dupont", "", iban) }
	boulangerie := func() *idcontrolv1.LegalEntity {
		return company("Boulangerie Martin SARL", ibanFR, addr("12 bis avenue du Général Leclerc", "69003", "Lyon"))
	}
	return []testCase{
		// IBAN, checksum, country, BIC.
		{
			name: "fr_all_true", req: req(rib(ibanFR, "AGRIFRPP882", duponText), nil, jean(ibanFRSpace)),
			want: map[string]string{
				"ibanFound": "true", "ibanChecksumValid": "true", "bankCountryValid": "true", "bicCountryMatch": "true",
				"participants[0].nameFound": "true", "participants[0].ibanMatch": "true", "participants[0].owner": "p1",
				"legalEntityIbanMatch": "absent", "legalEntityNameFound": "absent",
				"legalEntityPostalAddressFound": "absent", "legalEntityPostalAddressMatch": "absent",
			},
		},
		{
			name: "iban_from_text_only", req: req(rib("", "", duponText), nil, jean(ibanFR)),
			want: map[string]string{
				"ibanFound": "true", "ibanChecksumValid": "true", "bankCountryValid": "true", "bicCountryMatch": "absent",
				"participants[0].ibanMatch": "true",
			},
			findings: []string{"bicCountryMatch/BIC_MISSING"},
		},
		{
			name: "details_iban_only_separators_falls_back_to_text", req: req(rib(" - ", "", duponText), nil),
			want: map[string]string{"ibanFound": "true", "ibanChecksumValid": "true"},
		},
		{
			name: "no_iban_in_text", req: req(rib("", "", "Titulaire : M JEAN DUPONT\nCompte courant"), nil, jean(ibanFR)),
			want: map[string]string{
				"ibanFound": "false", "ibanChecksumValid": "absent", "bankCountryValid": "absent", "bicCountryMatch": "absent",
				"participants[0].ibanMatch": "absent", "participants[0].nameFound": "true",
			},
			findings: []string{
				"ibanFound/IBAN_NOT_FOUND", "ibanChecksumValid/IBAN_NOT_FOUND", "bankCountryValid/IBAN_NOT_FOUND",
				"participants[0].ibanMatch/IBAN_NOT_FOUND",
			},
		},
		{
			name: "nothing_to_search", req: req(rib("", "", ""), nil, jean(ibanFR)),
			want: map[string]string{
				"ibanFound": "absent", "ibanChecksumValid": "absent", "bankCountryValid": "absent",
				"participants[0].nameFound": "absent", "participants[0].ibanMatch": "absent",
			},
			findings: []string{"ibanFound/TEXT_MISSING", "participants[0].nameFound/TEXT_MISSING", "participants[0].ibanMatch/IBAN_NOT_FOUND"},
		},
		{
			name: "bic_without_iban", req: req(rib("", "AGRIFRPP882", "Titulaire : M JEAN DUPONT"), nil),
			want:     map[string]string{"ibanFound": "false", "bicCountryMatch": "absent"},
			findings: []string{"bicCountryMatch/IBAN_NOT_FOUND"},
		},
		{
			name: "invalid_checksum", req: req(rib(ibanFRBad, "AGRIFRPP882", ""), nil, jean(ibanFR)),
			want: map[string]string{
				"ibanFound": "true", "ibanChecksumValid": "false", "bankCountryValid": "true", "bicCountryMatch": "absent",
				"participants[0].ibanMatch": "absent", "participants[0].nameFound": "absent",
			},
			findings: []string{
				"ibanChecksumValid/CHECKSUM_MISMATCH", "bicCountryMatch/IBAN_INVALID",
				"participants[0].ibanMatch/IBAN_INVALID", "participants[0].nameFound/TEXT_MISSING",
			},
		},
		{
			name: "french_rib_key_wrong", req: req(rib(ibanFRBadKey, "", ""), nil),
			want:     map[string]string{"ibanChecksumValid": "false", "bankCountryValid": "true"},
			findings: []string{"ibanChecksumValid/NATIONAL_CHECK_FAILED"},
		},
		{
			name: "iban_without_country", req: req(rib("7630 0060 0001 1234 5678 9018 9", "", ""), nil),
			want:     map[string]string{"ibanFound": "false", "ibanChecksumValid": "absent", "bankCountryValid": "absent"},
			findings: []string{"ibanFound/IBAN_NOT_SHAPED", "ibanChecksumValid/IBAN_NOT_FOUND", "bankCountryValid/IBAN_NOT_FOUND"},
		},
		{
			name: "de_specimen", req: req(rib(ibanDE, "COBADEFFXXX", ""), nil),
			want: map[string]string{"ibanChecksumValid": "true", "bankCountryValid": "true", "bicCountryMatch": "true"},
		},
		{
			name: "gb_specimen", req: req(rib(ibanGB, "NWBKGB2L", ""), nil),
			want: map[string]string{"ibanChecksumValid": "true", "bankCountryValid": "true", "bicCountryMatch": "true"},
		},
		{
			name: "gb_iban_jersey_bic", req: req(rib(ibanGB, "HBUKJESH", ""), nil),
			want: map[string]string{"bicCountryMatch": "true"},
		},
		{
			name: "monaco_iban_french_bic", req: req(rib(ibanMC, "BNPAFRPPXXX", ""), nil),
			want: map[string]string{"ibanChecksumValid": "true", "bankCountryValid": "true", "bicCountryMatch": "true"},
		},
		{
			name: "non_sepa_turkey", req: req(rib(ibanTR, "", ""), nil),
			want:     map[string]string{"ibanChecksumValid": "true", "bankCountryValid": "false"},
			findings: []string{"bankCountryValid/COUNTRY_NOT_ALLOWED"},
		},
		{
			name: "non_sepa_saudi_arabia", req: req(rib(ibanSA, "", ""), nil),
			want:     map[string]string{"ibanChecksumValid": "true", "bankCountryValid": "false"},
			findings: []string{"bankCountryValid/COUNTRY_NOT_ALLOWED"},
		},
		{
			name: "turkey_allowed_by_policy", req: req(rib(ibanTR, "", ""), nil),
			pol:  &idcontrolv1.Policy{AllowedBankCountries: []string{"tr", "FR"}},
			want: map[string]string{"bankCountryValid": "true"},
		},
		{
			name: "france_outside_policy", req: req(rib(ibanFR, "", ""), nil),
			pol:      &idcontrolv1.Policy{AllowedBankCountries: []string{"DE"}},
			want:     map[string]string{"bankCountryValid": "false"},
			findings: []string{"bankCountryValid/COUNTRY_NOT_ALLOWED"},
		},
		{
			name: "invalid_iban_country_still_checked", req: req(rib("TR33 0006 1005 1978 6457 8413 20", "", ""), nil),
			want:     map[string]string{"ibanChecksumValid": "false", "bankCountryValid": "false"},
			findings: []string{"bankCountryValid/COUNTRY_NOT_ALLOWED"},
		},
		{
			name: "bic_wrong_country", req: req(rib(ibanDE, "BNPAFRPPXXX", ""), nil),
			want:     map[string]string{"bicCountryMatch": "false"},
			findings: []string{"bicCountryMatch/BIC_COUNTRY_MISMATCH"},
		},
		{
			name: "bic_invalid", req: req(rib(ibanFR, "BNPA", ""), nil),
			want:     map[string]string{"bicCountryMatch": "absent"},
			findings: []string{"bicCountryMatch/BIC_INVALID"},
		},
		{
			name: "iban_mismatch", req: req(rib(ibanFR, "", ""), nil, jean(ibanDE)),
			want:     map[string]string{"participants[0].ibanMatch": "false"},
			findings: []string{"participants[0].ibanMatch/IBAN_MISMATCH"},
		},
		{
			name: "participant_without_iban", req: req(rib(ibanFR, "", duponText), nil, jean("")),
			want:     map[string]string{"participants[0].ibanMatch": "absent", "participants[0].nameFound": "true"},
			findings: []string{"participants[0].ibanMatch/IBAN_NOT_DECLARED"},
		},

		// nameFound.
		{
			name: "joint_account",
			req: req(rib(ibanFR, "", "Titulaire : M OU MME JEAN DUPONT\n"+ibanFR), nil,
				person("p1", "Jean", "Dupont", "", ibanFR), person("p2", "Marie", "Dupont", "Durand", ibanFR)),
			want: map[string]string{
				"participants[0].nameFound": "true", "participants[0].owner": "p1",
				"participants[1].nameFound": "false", "participants[1].owner": "p2", "participants[1].ibanMatch": "true",
			},
			findings: []string{"participants[1].nameFound/NAME_NOT_FOUND"},
		},
		{
			name: "birth_name_on_document", req: req(rib("", "", "MME MARIE DURAND"), nil, person("p1", "Marie", "Dupont", "Durand", "")),
			want: map[string]string{"participants[0].nameFound": "true"},
		},
		{
			name: "accents_and_hyphens", req: req(rib("", "", "Titulaire : Mme Hélène LE GOFF-MÉNARD"), nil, person("p1", "Helene", "Le Goff Menard", "", "")),
			want: map[string]string{"participants[0].nameFound": "true"},
		},
		{
			name: "last_first_order", req: req(rib("", "", "DUPONT JEAN\n12 RUE DES LILAS"), nil, jean("")),
			want: map[string]string{"participants[0].nameFound": "true"},
		},
		{
			name: "last_name_alone", req: req(rib("", "", "Titulaire : M DUPONT"), nil, jean("")),
			want:     map[string]string{"participants[0].nameFound": "false"},
			findings: []string{"participants[0].nameFound/NAME_NOT_FOUND"},
		},
		{
			name: "first_name_initial", req: req(rib("", "", "Titulaire : M J DUPONT"), nil, jean("")),
			want: map[string]string{"participants[0].nameFound": "true"}, // the initial stands for the first name
		},
		{
			name: "first_and_last_not_adjacent", req: req(rib("", "", "JEAN MARTIN OU PAUL DUPONT"), nil, jean("")),
			want:     map[string]string{"participants[0].nameFound": "false"}, // never across OU/ET
			findings: []string{"participants[0].nameFound/NAME_NOT_FOUND"},
		},
		{
			name: "last_name_inside_a_word", req: req(rib("", "", "JEAN DUPONTEL"), nil, jean("")),
			want:     map[string]string{"participants[0].nameFound": "false"},
			findings: []string{"participants[0].nameFound/NAME_NOT_FOUND"},
		},
		{
			name: "first_name_missing", req: req(rib("", "", duponText), nil, person("p1", "", "Dupont", "", "")),
			want:     map[string]string{"participants[0].nameFound": "absent"},
			findings: []string{"participants[0].nameFound/NAME_MISSING"},
		},
		{
			name: "names_missing", req: req(rib("", "", duponText), nil, person("p1", "Jean", " ", "", "")),
			want:     map[string]string{"participants[0].nameFound": "absent"},
			findings: []string{"participants[0].nameFound/NAME_MISSING"},
		},

		// Legal entity.
		{
			name: "legal_entity_all_true", req: req(rib(ibanFR, "AGRIFRPP882", boulangerieText), boulangerie()),
			want: map[string]string{
				"legalEntityIbanMatch": "true", "legalEntityNameFound": "true",
				"legalEntityPostalAddressFound": "true", "legalEntityPostalAddressMatch": "true",
			},
		},
		{
			name: "legal_entity_address_mismatch",
			req: req(rib(ibanFR, "", boulangerieText),
				company("BOULANGERIE MARTIN", ibanFR, addr("14 avenue du Général Leclerc", "69003", "Lyon"))),
			want:     map[string]string{"legalEntityPostalAddressFound": "false", "legalEntityPostalAddressMatch": "false"},
			findings: []string{"legalEntityPostalAddressFound/ADDRESS_NOT_FOUND", "legalEntityPostalAddressMatch/ADDRESS_MISMATCH"},
		},
		{
			name: "legal_entity_no_address_on_document",
			req:  req(rib(ibanFR, "", "Titulaire : SARL BOULANGERIE MARTIN\nIBAN "+ibanFR), boulangerie()),
			want: map[string]string{
				"legalEntityNameFound": "true", "legalEntityPostalAddressFound": "false", "legalEntityPostalAddressMatch": "absent",
			},
			findings: []string{"legalEntityPostalAddressFound/ADDRESS_NOT_FOUND", "legalEntityPostalAddressMatch/ADDRESS_NOT_FOUND"},
		},
		{
			name: "legal_entity_street_without_number",
			req: req(rib("", "", "SCI LES TILLEULS\nRUE DE LA PAIX\n75002 PARIS"),
				company("SCI Les Tilleuls", "", addr("Rue de la Paix", "75002", "Paris"))),
			want: map[string]string{
				"legalEntityNameFound": "true", "legalEntityPostalAddressFound": "true", "legalEntityPostalAddressMatch": "true",
				"legalEntityIbanMatch": "absent",
			},
			findings: []string{"legalEntityIbanMatch/IBAN_NOT_DECLARED"},
		},
		{
			name: "legal_entity_name_and_iban_differ",
			req:  req(rib(ibanFR, "", boulangerieText), company("Pâtisserie Durand", ibanDE, nil)),
			want: map[string]string{
				"legalEntityNameFound": "false", "legalEntityIbanMatch": "false",
				"legalEntityPostalAddressFound": "absent", "legalEntityPostalAddressMatch": "absent",
			},
			findings: []string{
				"legalEntityNameFound/NAME_NOT_FOUND", "legalEntityIbanMatch/IBAN_MISMATCH",
				"legalEntityPostalAddressFound/ADDRESS_NOT_DECLARED", "legalEntityPostalAddressMatch/ADDRESS_NOT_DECLARED",
			},
		},
		{
			name: "legal_entity_name_only_legal_form",
			req:  req(rib("", "", "Titulaire : SCI\n"), company("SCI", "", nil)),
			want: map[string]string{"legalEntityNameFound": "true"},
		},
		{
			name:     "legal_entity_city_only",
			req:      req(rib("", "", boulangerieText), company("Boulangerie Martin", "", addr("", "", "Lyon"))),
			want:     map[string]string{"legalEntityPostalAddressMatch": "absent"},
			findings: []string{"legalEntityPostalAddressMatch/ADDRESS_INCOMPLETE"},
		},
		{
			name: "legal_entity_empty",
			req:  req(rib(ibanFR, "", boulangerieText), &idcontrolv1.LegalEntity{}),
			want: map[string]string{
				"legalEntityIbanMatch": "absent", "legalEntityNameFound": "absent",
				"legalEntityPostalAddressFound": "absent", "legalEntityPostalAddressMatch": "absent",
			},
			findings: []string{
				"legalEntityIbanMatch/IBAN_NOT_DECLARED", "legalEntityNameFound/NAME_MISSING", "legalEntityPostalAddressFound/ADDRESS_NOT_DECLARED",
				"legalEntityPostalAddressMatch/ADDRESS_NOT_DECLARED",
			},
		},
		{
			name: "legal_entity_without_text",
			req:  req(rib(ibanFR, "", ""), boulangerie()),
			want: map[string]string{
				"legalEntityIbanMatch": "true", "legalEntityNameFound": "absent",
				"legalEntityPostalAddressFound": "absent", "legalEntityPostalAddressMatch": "absent",
			},
			findings: []string{
				"legalEntityNameFound/TEXT_MISSING", "legalEntityPostalAddressFound/TEXT_MISSING",
				"legalEntityPostalAddressMatch/TEXT_MISSING",
			},
		},

		// Empty and nil pieces.
		{
			name: "nil_request", req: nil,
			want:     map[string]string{"ibanFound": "absent", "bicCountryMatch": "absent"},
			findings: []string{"ibanFound/TEXT_MISSING", "bicCountryMatch/BIC_MISSING"},
		},
		{
			name: "empty_request", req: &idcontrolv1.CheckBankDetailsRequest{},
			want: map[string]string{"ibanFound": "absent"},
		},
		{
			name: "nil_participant_and_address",
			req: req(&idcontrolv1.Document{DocumentDetails: &idcontrolv1.DocumentDetails{}, Text: duponText},
				&idcontrolv1.LegalEntity{Name: "Dupont", PostalAddress: nil}, nil, &idcontrolv1.Participant{}),
			want: map[string]string{
				"ibanFound": "true", "participants[0].nameFound": "absent", "participants[1].nameFound": "absent",
				"participants[0].ibanMatch": "absent", "legalEntityPostalAddressMatch": "absent",
			},
			findings: []string{"legalEntityPostalAddressMatch/ADDRESS_NOT_DECLARED"},
		},
		// Issue 8, "junk that passes": each of these was true or judged before.
		{
			name: "junk_in_details_iban", req: req(rib("hello world", "", ""), nil),
			want:     map[string]string{"ibanFound": "false", "ibanChecksumValid": "absent", "bankCountryValid": "absent"},
			findings: []string{"ibanFound/IBAN_NOT_SHAPED", "ibanFound/IBAN_NOT_FOUND", "bankCountryValid/IBAN_NOT_FOUND"},
		},
		{
			name: "junk_in_details_iban_text_has_one", req: req(rib("hello world", "", duponText), nil),
			want:     map[string]string{"ibanFound": "true", "ibanChecksumValid": "true", "bankCountryValid": "true"},
			findings: []string{"ibanFound/IBAN_NOT_SHAPED"},
		},
		{
			name: "minus_one_on_both_sides",
			req: req(rib("-1", "", ""), company("SARL Boulangerie Martin", "-1", nil),
				&idcontrolv1.Participant{Uuid: "p1", FirstName: "Jean", LastName: "Dupont", Iban: "-1"}),
			want:     map[string]string{"ibanFound": "false", "participants[0].ibanMatch": "absent", "legalEntityIbanMatch": "absent"},
			findings: []string{"participants[0].ibanMatch/IBAN_DECLARED_INVALID", "legalEntityIbanMatch/IBAN_DECLARED_INVALID"},
		},
		{
			name: "same_invalid_iban_on_both_sides",
			req: req(rib(ibanFRBad, "", ""), company("SARL Boulangerie Martin", ibanFRBad, nil),
				&idcontrolv1.Participant{Uuid: "p1", FirstName: "Jean", LastName: "Dupont", Iban: ibanFRBad}),
			want:     map[string]string{"ibanFound": "true", "participants[0].ibanMatch": "absent", "legalEntityIbanMatch": "absent"},
			findings: []string{"participants[0].ibanMatch/IBAN_DECLARED_INVALID", "legalEntityIbanMatch/IBAN_DECLARED_INVALID"},
		},
		{
			name:     "valid_iban_against_invalid_document_iban",
			req:      req(rib(ibanFRBad, "", ""), company("SARL Boulangerie Martin", ibanFR, nil)),
			want:     map[string]string{"legalEntityIbanMatch": "absent"},
			findings: []string{"legalEntityIbanMatch/IBAN_INVALID"},
		},
		{
			name: "only_the_bank_branch_address",
			req: req(rib(ibanFR, "", "CREDIT LYONNAIS AGENCE BELLECOUR\n18 RUE DE LA REPUBLIQUE\n69002 LYON\nTitulaire : SARL BOULANGERIE MARTIN"),
				boulangerie()),
			want:     map[string]string{"legalEntityPostalAddressFound": "false", "legalEntityPostalAddressMatch": "false"},
			findings: []string{"legalEntityPostalAddressFound/ADDRESS_NOT_FOUND"},
		},
		{
			name: "full_width_iban", req: req(rib(fullWidth(ibanFR), "", ""), nil, jean(ibanFR)),
			want: map[string]string{"ibanFound": "true", "ibanChecksumValid": "true", "participants[0].ibanMatch": "true"},
		},
	}
}

// fullWidth writes s in full-width forms (ＦＲ７６…).
func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r + 0xFEE0)
	}
	return b.String()
}

// TestOneVerdictForOneIBAN: the bank-details controls and
// ValidateIdentifiers judge the same value alike, full-width forms
// included.
func TestOneVerdictForOneIBAN(t *testing.T) {
	t.Parallel()
	for _, v := range []string{fullWidth(ibanFR), fullWidth(ibanFRBad), ibanFR, "ＦＲ７６　３０００", "hello world"} {
		resp, err := Check(req(rib(v, "", ""), nil), policy.Resolve(nil))
		if err != nil {
			t.Fatal(err)
		}
		ids, err := identifier.Validate([]*idcontrolv1.Identifier{{Kind: idcontrolv1.IdentifierKind_IDENTIFIER_KIND_IBAN, Value: v}})
		if err != nil {
			t.Fatal(err)
		}
		want := ids.GetResults()[0]
		got := resp.GetIban()
		if resp.GetControls().GetIbanFound() {
			if got.GetValid() != want.GetValid() || got.GetCode() != want.GetCode() {
				t.Errorf("%q: bank says %v %s, ValidateIdentifiers %v %s", v, got.GetValid(), got.GetCode(), want.GetValid(), want.GetCode())
			}
		} else if want.GetValid() {
			t.Errorf("%q: no IBAN found, yet ValidateIdentifiers says valid", v)
		}
	}
}

func TestCheck(t *testing.T) {
	t.Parallel()
	for _, tc := range cases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp, err := Check(tc.req, policy.Resolve(tc.pol))
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			got := prototest.Flatten(t, resp.GetControls())
			for k, want := range tc.want {
				if got[k] != want && !(want == "absent" && got[k] == "") {
					t.Errorf("%s = %q, want %q", k, got[k], want)
				}
			}
			have := findingKeys(tc.req, resp)
			for _, f := range tc.findings {
				if !have[f] {
					t.Errorf("finding %s missing; have %v", f, prototest.SortedKeys(have))
				}
			}
			checkFindingsExplain(t, tc.req, resp)
			checkNoPersonalData(t, tc.req, resp)
		})
	}
}

func TestWrongDocumentType(t *testing.T) {
	t.Parallel()
	cases := []struct {
		typ     string
		wantErr bool
	}{
		{"RIB", false},
		{"", false},
		{"PAYSLIP", true},
		{"ID_CARD", true},
	}
	for _, tc := range cases {
		_, err := Check(req(&idcontrolv1.Document{Type: tc.typ}, nil), policy.Resolve(nil))
		if (err != nil) != tc.wantErr {
			t.Errorf("type %q: err = %v, want error %v", tc.typ, err, tc.wantErr)
		}
	}
}

// TestIBANSpecimens runs public IBAN specimens through the document and
// reads the IBAN result beside the controls.
func TestIBANSpecimens(t *testing.T) {
	t.Parallel()
	cases := []struct {
		iban     string
		valid    bool
		code     string
		country  string // "" when invalid
		inSEPA   string // bankCountryValid
		national string
	}{
		{ibanFR, true, "OK", "FR", "true", "FR_RIB_KEY"},
		{ibanFRSpace, true, "OK", "FR", "true", "FR_RIB_KEY"},
		{ibanDE, true, "OK", "DE", "true", ""},
		{ibanGB, true, "OK", "GB", "true", ""},
		{ibanMC, true, "OK", "MC", "true", "FR_RIB_KEY"},
		{ibanTR, true, "OK", "TR", "false", ""},
		{ibanSA, true, "OK", "SA", "false", ""},
		{ibanFRBad, false, "CHECKSUM_MISMATCH", "", "true", ""},
		{ibanFRBadKey, false, "NATIONAL_CHECK_FAILED", "", "true", ""},
		{"FR76300060000112345678901", false, "INVALID_LENGTH", "", "true", ""},
	}
	for _, tc := range cases {
		resp, err := Check(req(rib(tc.iban, "", ""), nil), policy.Resolve(nil))
		if err != nil {
			t.Fatal(err)
		}
		r := resp.GetIban()
		if r.GetValid() != tc.valid || r.GetCode() != tc.code || r.GetIban().GetCountry() != tc.country {
			t.Errorf("%s: valid %v code %s country %q, want %v %s %q", tc.iban, r.GetValid(), r.GetCode(), r.GetIban().GetCountry(), tc.valid, tc.code, tc.country)
		}
		if tc.valid && r.GetIban().GetNationalCheck() != tc.national {
			t.Errorf("%s: national check %q, want %q", tc.iban, r.GetIban().GetNationalCheck(), tc.national)
		}
		if got := fmt.Sprint(resp.GetControls().GetBankCountryValid()); got != tc.inSEPA {
			t.Errorf("%s: bankCountryValid %s, want %s", tc.iban, got, tc.inSEPA)
		}
		if got := resp.GetControls().GetIbanChecksumValid(); got != tc.valid {
			t.Errorf("%s: ibanChecksumValid %v, want %v", tc.iban, got, tc.valid)
		}
	}
}

// TestGoldens runs the whole requests of testdata/*.request.json and
// compares the answers with testdata/*.golden.json (-update rewrites them).
func TestGoldens(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob(filepath.Join("testdata", "*.request.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 4 {
		t.Fatalf("%d golden requests, want at least 4", len(paths))
	}
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".request.json")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := readRequest(t, path)
			resp, err := Check(r, policy.Resolve(r.GetPolicy()))
			if err != nil {
				t.Fatal(err)
			}
			checkFindingsExplain(t, r, resp)
			checkNoPersonalData(t, r, resp)
			prototest.Golden(t, filepath.Join("testdata", name+".golden.json"), resp, *update)
		})
	}
}

func readRequest(t *testing.T, path string) *idcontrolv1.CheckBankDetailsRequest {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := &idcontrolv1.CheckBankDetailsRequest{}
	if err := protojson.Unmarshal(raw, r); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return r
}

// TestNoPersonalDataInFindings runs every table case and golden request
// with a participant and legal entity carrying distinctive values, and
// looks for those values in the findings.
func TestNoPersonalDataInFindings(t *testing.T) {
	t.Parallel()
	reqs := []*idcontrolv1.CheckBankDetailsRequest{
		// Everything false: names, IBANs, BIC and address appear on both sides.
		req(rib("FR76 3000 6000 0112 3456 7890 188", "COBADEFFXXX", "Titulaire : M JEAN DUPONT\n12 RUE DES LILAS\n75011 PARIS"),
			company("Quincaillerie Vauban", ibanDE, addr("8 boulevard Haussmann", "75009", "Paris")),
			person("p1", "Bertrand", "Castelnau", "Villeneuve", ibanGB)),
		req(rib(ibanTR, "QNBATRISXXX", "KONTO SAHIBI : AYSE YILMAZ"), nil, person("p1", "Ayşe", "Yılmaz", "", ibanTR)),
		req(rib("GARBAGEDUPONT", "DUPONTXX", "DUPONT"), company("DUPONT", "DUPONT", addr("DUPONT", "DUPONT", "DUPONT")),
			person("p1", "DUPONT", "DUPONT", "", "DUPONT")),
	}
	for _, tc := range cases() {
		if tc.req != nil {
			reqs = append(reqs, tc.req)
		}
	}
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.request.json"))
	for _, p := range paths {
		reqs = append(reqs, readRequest(t, p))
	}
	for _, r := range reqs {
		resp, err := Check(r, policy.Resolve(r.GetPolicy()))
		if err != nil {
			t.Fatal(err)
		}
		checkNoPersonalData(t, r, resp)
	}
}

// personalValues are the values of r a finding must never repeat: words of
// four letters or more of names and addresses, IBANs and BICs (compacted).
func personalValues(r *idcontrolv1.CheckBankDetailsRequest) (words, ids []string) {
	addWords := func(s ...string) {
		for _, x := range s {
			for _, w := range fold.Words(x) {
				if len(w) >= 4 {
					words = append(words, w)
				}
			}
		}
	}
	addID := func(s string) {
		if c := compact(s); len(c) >= 6 {
			ids = append(ids, c)
		}
	}
	for _, p := range r.GetParticipants() {
		addWords(p.GetFirstName(), p.GetLastName(), p.GetBirthName())
		pa := p.GetPostalAddress()
		addWords(pa.GetPostalAddress1(), pa.GetPostalAddress2(), pa.GetPostalCity())
		addID(p.GetIban())
	}
	le := r.GetLegalEntity()
	pa := le.GetPostalAddress()
	addWords(le.GetName(), pa.GetPostalAddress1(), pa.GetPostalAddress2(), pa.GetPostalCity())
	addID(le.GetIban())
	addID(r.GetDocument().GetDocumentDetails().GetIban())
	addID(r.GetDocument().GetDocumentDetails().GetBic())
	addWords(r.GetDocument().GetDocumentDetails().GetBic())
	return words, ids
}

func checkNoPersonalData(t *testing.T, r *idcontrolv1.CheckBankDetailsRequest, resp *idcontrolv1.CheckBankDetailsResponse) {
	t.Helper()
	words, ids := personalValues(r)
	for _, f := range resp.GetFindings() {
		msg := f.GetMessage()
		folded := " " + fold.Fold(msg) + " "
		for _, w := range words {
			if strings.Contains(folded, " "+w+" ") {
				t.Errorf("finding %s/%s repeats %q: %q", f.GetControl(), f.GetCode(), w, msg)
			}
		}
		c := compact(msg)
		for _, id := range ids {
			if strings.Contains(c, id) {
				t.Errorf("finding %s/%s repeats an identifier %q: %q", f.GetControl(), f.GetCode(), id, msg)
			}
		}
	}
}

func findingKeys(r *idcontrolv1.CheckBankDetailsRequest, resp *idcontrolv1.CheckBankDetailsResponse) map[string]bool {
	have := map[string]bool{}
	for _, f := range resp.GetFindings() {
		key := f.GetControl() + "/" + f.GetCode()
		if f.GetOwner() != "" {
			for i, p := range r.GetParticipants() {
				if p.GetUuid() == f.GetOwner() {
					key = fmt.Sprintf("participants[%d].%s/%s", i, f.GetControl(), f.GetCode())
				}
			}
		}
		have[key] = true
	}
	return have
}

// checkFindingsExplain asserts contract principle 3: every false or absent
// control has a finding with a code and a message. The legal entity's
// controls are not added at all without a legal entity (the reference adds
// them only to workflows configured for legal entities).
func checkFindingsExplain(t *testing.T, r *idcontrolv1.CheckBankDetailsRequest, resp *idcontrolv1.CheckBankDetailsResponse) {
	t.Helper()
	explained := map[string]bool{}
	for _, f := range resp.GetFindings() {
		explained[f.GetOwner()+"/"+f.GetControl()] = true
		if f.GetCode() == "" || f.GetMessage() == "" || f.GetCode() != strings.ToUpper(f.GetCode()) {
			t.Errorf("finding %v lacks a code or a message", f)
		}
	}
	got := prototest.Flatten(t, resp.GetControls())
	all := []string{"ibanFound", "ibanChecksumValid", "bankCountryValid", "bicCountryMatch"}
	le := []string{"legalEntityIbanMatch", "legalEntityNameFound", "legalEntityPostalAddressFound", "legalEntityPostalAddressMatch"}
	if r.GetLegalEntity() != nil {
		all = append(all, le...)
	} else {
		for _, c := range le {
			if got[c] != "" {
				t.Errorf("%s = %s without a legal entity", c, got[c])
			}
		}
	}
	for _, c := range all {
		if v := got[c]; (v == "" || v == "false") && !explained["/"+c] {
			t.Errorf("control %s is %q without a finding", c, v)
		}
	}
	ps := resp.GetControls().GetParticipants()
	if len(ps) != len(r.GetParticipants()) {
		t.Errorf("%d participant entries, want %d", len(ps), len(r.GetParticipants()))
	}
	for i, p := range ps {
		if p.GetOwner() != r.GetParticipants()[i].GetUuid() {
			t.Errorf("participants[%d].owner = %q, want %q", i, p.GetOwner(), r.GetParticipants()[i].GetUuid())
		}
		for _, c := range []string{"nameFound", "ibanMatch"} {
			v := got[fmt.Sprintf("participants[%d].%s", i, c)]
			if (v == "" || v == "false") && !explained[p.GetOwner()+"/"+c] {
				t.Errorf("participants[%d].%s is %q without a finding", i, c, v)
			}
		}
	}
}

// FuzzCheck feeds arbitrary holder, IBAN, BIC and text values: Check never
// panics, every false or absent control is explained, and no finding
// repeats a name or an identifier.
func FuzzCheck(f *testing.F) {
	f.Add("Jean", "Dupont", ibanFR, "AGRIFRPP882", duponText, "Boulangerie Martin", "12 bis avenue du Général Leclerc")
	f.Add("", "", "", "", "", "", "")
	f.Add("Marie", "Dupont", "FR76 3000 6000 0112 3456 7890 18\u00a09", "BNPA", "M OU MME JEAN DUPONT", "SCI", "RUE DE LA PAIX")
	f.Add("É", "-", "IBAN", "\xff\xfe", "FR76\u202f3000 IBAN DE89 3704 0044 0532 0130 00", "SAS", "1")
	f.Fuzz(func(t *testing.T, first, last, iban, bic, text, company, street string) {
		r := &idcontrolv1.CheckBankDetailsRequest{
			Document: &idcontrolv1.Document{Type: "RIB", Text: text, DocumentDetails: &idcontrolv1.DocumentDetails{Iban: iban, Bic: bic}},
			Participants: []*idcontrolv1.Participant{
				{Uuid: "p1", FirstName: first, LastName: last, Iban: iban},
				{Uuid: "p2", FirstName: last, LastName: first, BirthName: company},
			},
			LegalEntity: &idcontrolv1.LegalEntity{Name: company, Iban: iban, PostalAddress: addr(street, "75011", "")},
		}
		resp, err := Check(r, policy.Resolve(nil))
		if err != nil {
			t.Fatal(err)
		}
		checkFindingsExplain(t, r, resp)
	})
}

// compact upper-cases and drops blanks and separators, for comparing IBANs
// that failed validation.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'):
			return r
		}
		return -1
	}, s)
}
