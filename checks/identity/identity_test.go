package identity

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/idcontrol/idcontrol/internal/prototest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

var ref2026 = civil.Date{Year: 2026, Month: 11, Day: 22}

const corinne = "65436df9-1490-44f7-af78-76f67b86e6d1"

// berthierData is the seed's data block (report.json V6 documentation,
// ../shared/seeds/001_a2ea94737c156f8b.txt), as is.
const berthierData = `{
"pages": [
{"skewAngle": 6.279926776885986, "pageType": "FRONT_SIDE", "fileIndex": 0, "pageIndexInFile": 0},
{"skewAngle": -0.005252552218735218, "pageType": "BACK_SIDE", "fileIndex": 1, "pageIndexInFile": 0}
],
"mrz": {
"line2": "8806923102858CORINNE<<<<<<<6512068F6",
"line1": "IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<"
},
"informations": {
"document": {"number": "880692310285", "issuanceDate": "1988-06-22", "issuanceCountry": "FR", "expirationDate": "1998-06-21"},
"holder": {"firstName": "CORINNE", "birthPlace": "PARIS 1ER (75)", "rawAddress": "104 RUE DES FLEURS", "gender": "F",
"firstNames": ["CORINNE"], "birthDate": "1965-12-06", "birthName": "BERTHIER"}
}
}`

// berthierControls is the seed's controls block for that document.
const berthierControls = `{
"modelValid": true, "ocrMrzDocumentNumberMatch": true, "issuanceDateRead": true, "ocrMrzBirthNameMatch": true,
"faithfulFont": true, "ocrMrzIssuanceDateMatch": true, "ocrMrzExpirationDateMatch": true, "ocrMrzFirstNamesMatch": true,
"documentTypeMatch": true, "frontSideFound": true, "securityElementsValid": true, "expirationDateRead": true,
"documentAppearanceValid": true, "ocrMrzBirthDateMatch": true, "mrzValid": true, "backSideFound": true,
"issuanceAndExpirationDateMatch": true,
"participants": [{"owner": "65436df9-1490-44f7-af78-76f67b86e6d1", "firstLastNamesInverted": false,
"namesInverted": false, "lastNameMatch": true, "firstNameMatch": true, "civilityMatch": true}]
}`

func berthier(participants ...*idcontrolv1.Participant) *idcontrolv1.CheckIdentityDocumentRequest {
	data := &idcontrolv1.DocumentData{}
	if err := protojson.Unmarshal([]byte(berthierData), data); err != nil {
		panic(err)
	}
	return &idcontrolv1.CheckIdentityDocumentRequest{
		Document:     &idcontrolv1.Document{Type: TypeIDCard, Data: data},
		Participants: participants,
	}
}

var (
	martinLines = []string{"IDFRAX4RTBPFW46<<<<<<<<<<<<<<<", "9007138F3002119FRA<<<<<<<<<<<6", "MARTIN<<MAELYS<GAELLE<MARIE<<<"}
	utoTD3      = []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
	utoTD1      = []string{"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"}
)

func martin(lines []string, participants ...*idcontrolv1.Participant) *idcontrolv1.CheckIdentityDocumentRequest {
	return &idcontrolv1.CheckIdentityDocumentRequest{
		Document: doc(TypeIDCard, lines,
			info("X4RTBPFW4", "2020-02-12", "FR", "2030-02-11"),
			holder("MARTIN", "", []string{"MAËLYS", "GAELLE", "MARIE"}, "1990-07-13", "F"),
			"FRONT_SIDE", "BACK_SIDE"),
		Participants: participants,
	}
}

type testCase struct {
	name string
	req  *idcontrolv1.CheckIdentityDocumentRequest
	ref  civil.Date // zero: the request's referenceDate, read here as the server does
	pol  *idcontrolv1.Policy
	// want maps a control's JSON path ("mrzValid", "participants[0].firstNameMatch")
	// to "true", "false" or "absent"; unlisted controls are not asserted
	// here (the golden file holds them).
	want map[string]string
	// findings that must be present, as "control/CODE".
	findings []string
	validity *idcontrolv1.DocumentValidity
}

func cases() []testCase {
	adult2010 := func(ref string, withBirth bool, lines bool) *idcontrolv1.CheckIdentityDocumentRequest {
		h := holder("DUPONT", "", []string{"JEAN"}, "1970-03-15", "M")
		var mrzLines []string
		if lines {
			mrzLines = frCard("DUPONT", "750", "123", "100375012345", "JEAN", "700315", "M")
		}
		if !withBirth {
			h.BirthDate = ""
		}
		return &idcontrolv1.CheckIdentityDocumentRequest{
			Document:      doc(TypeIDCard, mrzLines, info("100375012345", "2010-03-10", "FR", "2020-03-09"), h, "FRONT_SIDE", "BACK_SIDE"),
			Participants:  []*idcontrolv1.Participant{person("p1", "MR", "Jean", "Dupont", "", "1970-03-15")},
			ReferenceDate: ref,
		}
	}
	frPassport := func(number string) *idcontrolv1.CheckIdentityDocumentRequest {
		return &idcontrolv1.CheckIdentityDocumentRequest{
			Document: doc(TypePassport, td3("FRA", number, "FRA", "800101", "F", "250531", "DURAND<<MARIE<CLAIRE"),
				info(number, "2015-06-01", "FRA", "2025-05-31"),
				holder("DURAND", "", []string{"MARIE", "CLAIRE"}, "1980-01-01", "F"), "FRONT_SIDE"),
			Participants:  []*idcontrolv1.Participant{person("p1", "MRS", "Marie", "Durand", "", "1980-01-01")},
			ReferenceDate: "2024-01-01",
		}
	}
	permit := func(typ string) *idcontrolv1.CheckIdentityDocumentRequest {
		return &idcontrolv1.CheckIdentityDocumentRequest{
			Document: doc(typ, td1("IR", "FRA", "AB1234567", "850101", "M", "300101", "MAR", "ALAOUI<<KARIM"),
				info("AB1234567", "2020-01-02", "FRA", "2030-01-01"),
				holder("ALAOUI", "", []string{"KARIM"}, "1985-01-01", "M"), "FRONT_SIDE", "BACK_SIDE"),
			Participants: []*idcontrolv1.Participant{person("p1", "MR", "Karim", "Alaoui", "", "1985-01-01")},
		}
	}
	minor := &idcontrolv1.CheckIdentityDocumentRequest{
		Document: doc(TypeIDCard, frCard("PETIT", "690", "001", "160969054321", "LUCAS", "050404", "M"),
			info("160969054321", "2016-09-01", "FR", "2026-08-31"),
			holder("PETIT", "", []string{"LUCAS"}, "2005-04-04", "M"), "FRONT_SIDE", "BACK_SIDE"),
		Participants: []*idcontrolv1.Participant{person("p1", "MR", "Lucas", "Petit", "", "2005-04-04")},
	}
	noDates := martin(martinLines, person("p1", "MRS", "Maëlys", "Martin", "", "1990-07-13"))
	noDates.Document.Data.Informations.Document.IssuanceDate = ""
	noDates.Document.Data.Informations.Document.ExpirationDate = ""
	noDates.Document.Data.Informations.Holder.BirthDate = ""

	inverted := martin(martinLines, person("p1", "MRS", "Maëlys", "Martin", "Durand", ""))
	inverted.Document.Data.Informations.Holder.LastName = "DURAND"
	inverted.Document.Data.Informations.Holder.BirthName = "MARTIN"

	wrongDigit := &idcontrolv1.CheckIdentityDocumentRequest{
		Document: doc(TypePassport, []string{utoTD3[0], strings.Replace(utoTD3[1], "7408122", "7408123", 1)},
			info("L898902C3", "2002-04-16", "UTO", "2012-04-15"),
			holder("ERIKSSON", "", []string{"ANNA", "MARIA"}, "1974-08-12", "F")),
	}
	unrecognised := &idcontrolv1.CheckIdentityDocumentRequest{
		Document: doc(TypePassport, []string{"P<UTOERIKSSON<<ANNA", utoTD3[1]},
			info("L898902C3", "2002-04-16", "UTO", "2012-04-15"),
			holder("ERIKSSON", "", []string{"ANNA", "MARIA"}, "1974-08-12", "F")),
	}
	german := &idcontrolv1.CheckIdentityDocumentRequest{
		Document: doc(TypeIDCard, td1("ID", "D", "T22000129", "640812", "F", "301031", "D", "MUSTERMANN<<ERIKA"),
			info("T22000129", "2020-11-01", "D", "2030-10-31"),
			holder("MUSTERMANN", "GABLER", []string{"ERIKA"}, "1964-08-12", "F"), "FRONT_SIDE", "BACK_SIDE"),
		Participants: []*idcontrolv1.Participant{person("p1", "MRS", "Erika", "Mustermann", "Gabler", "1964-08-12")},
	}
	residual := martin(martinLines, person("p1", "MRS", "Maëlys", "Martin", "", "1990-07-13"))

	return []testCase{
		{
			name: "berthier_seed", req: berthier(person(corinne, "MRS", "Corinne", "Berthier", "", "")), ref: ref2026,
			want: map[string]string{
				"mrzValid": "true", "notSpecimen": "false", "documentExpired": "true",
				"issuanceAndExpirationDateMatch": "true", "ocrMrzIssuanceDateMatch": "true", "ocrMrzExpirationDateMatch": "true",
				"ocrMrzLastNameMatch": "absent", "securityElementsValid": "true", "securityElements": "true",
				"documentNumberFormatValid": "true", "documentCountryValid": "true", "holderAgeValid": "absent",
				"participants[0].civilityMatch": "true", "participants[0].birthNameMatch": "absent",
				"participants[0].namesInverted": "absent", "participants[0].birthDateMatch": "absent",
			},
			findings: []string{"notSpecimen/SPECIMEN", "documentExpired/DOCUMENT_EXPIRED"},
			validity: &idcontrolv1.DocumentValidity{PrintedExpirationDate: "1998-06-21", LegalExpirationDate: "1998-06-21", Rule: RulePrinted, AcceptedUntil: "1998-06-21"},
		},
		{
			name: "fr_card_2021_specimen", req: martin(martinLines, person("p1", "MRS", "Maëlys", "Martin", "", "1990-07-13")), ref: ref2026,
			want: map[string]string{
				"mrzValid": "true", "notSpecimen": "false", "documentExpired": "false", "documentTypeMatch": "true",
				"issuanceAndExpirationDateMatch": "true", "ocrMrzExpirationDateMatch": "true", "ocrMrzIssuanceDateMatch": "absent",
				"documentNumberFormatValid": "true", "securityElementsValid": "absent", "ocrMrzFirstNamesMatch": "true",
				"participants[0].birthDateMatch": "true", "participants[0].firstNameMatch": "true",
			},
			findings: []string{"ocrMrzIssuanceDateMatch/NOT_IN_MRZ", "securityElementsValid/NO_SECURITY_DATA"},
		},
		{
			name: "icao_td3_specimen",
			req: &idcontrolv1.CheckIdentityDocumentRequest{
				Document: doc(TypePassport, utoTD3, info("L898902C3", "2002-04-16", "UTO", "2012-04-15"),
					holder("ERIKSSON", "", []string{"ANNA", "MARIA"}, "1974-08-12", "F"), "FRONT_SIDE"),
				Participants: []*idcontrolv1.Participant{person("p1", "MRS", "Anna", "Eriksson", "", "1974-08-12")},
			},
			ref: ref2026,
			want: map[string]string{
				"mrzValid": "true", "notSpecimen": "false", "documentExpired": "true", "documentTypeMatch": "true",
				"backSideFound": "absent", "frontSideFound": "true", "documentNumberFormatValid": "absent",
				"issuanceAndExpirationDateMatch": "true", "documentCountryValid": "true",
			},
			findings: []string{"backSideFound/NOT_APPLICABLE", "documentNumberFormatValid/FORMAT_UNKNOWN"},
		},
		{
			name: "icao_td1_specimen",
			req: &idcontrolv1.CheckIdentityDocumentRequest{
				Document: doc(TypeIDCard, utoTD1, info("D23145890", "", "UTO", "2012-04-15"),
					holder("ERIKSSON", "", []string{"ANNA", "MARIA"}, "1974-08-12", "F"), "FRONT_SIDE", "BACK_SIDE"),
				Participants: []*idcontrolv1.Participant{person("p1", "MRS", "Anna", "Eriksson", "", "1974-08-12")},
			},
			ref: ref2026,
			want: map[string]string{
				"mrzValid": "true", "notSpecimen": "false", "documentExpired": "true", "documentTypeMatch": "true",
				"issuanceDateRead": "false", "expirationDateRead": "true", "issuanceAndExpirationDateMatch": "absent",
			},
			findings: []string{"issuanceDateRead/DATE_MISSING"},
		},
		{
			name: "fr_card_adult_2010_legally_valid", req: adult2010("2024-06-01", true, true),
			want: map[string]string{
				"mrzValid": "true", "documentExpired": "false", "issuanceAndExpirationDateMatch": "true",
				"ocrMrzIssuanceDateMatch": "true", "ocrMrzExpirationDateMatch": "true", "securityElementsValid": "true",
				"documentNumberFormatValid": "true", "notSpecimen": "true",
			},
			validity: &idcontrolv1.DocumentValidity{PrintedExpirationDate: "2020-03-09", LegalExpirationDate: "2025-03-09", Rule: RuleFRCardExtended, AcceptedUntil: "2025-03-09"},
		},
		{
			name: "fr_card_adult_2010_expired_2026", req: adult2010("", true, true), ref: ref2026,
			want:     map[string]string{"documentExpired": "true"},
			findings: []string{"documentExpired/DOCUMENT_EXPIRED"},
			validity: &idcontrolv1.DocumentValidity{PrintedExpirationDate: "2020-03-09", LegalExpirationDate: "2025-03-09", Rule: RuleFRCardExtended, AcceptedUntil: "2025-03-09"},
		},
		{
			name: "fr_card_2010_age_unknown_undecided", req: adult2010("2024-06-01", false, false),
			want:     map[string]string{"documentExpired": "absent", "mrzValid": "absent", "participants[0].birthDateMatch": "absent"},
			findings: []string{"documentExpired/HOLDER_AGE_UNKNOWN", "mrzValid/MRZ_MISSING"},
		},
		{
			name: "fr_card_2010_age_unknown_both_expired", req: adult2010("2026-11-22", false, false),
			want:     map[string]string{"documentExpired": "true"},
			findings: []string{"documentExpired/RULE_ASSUMED", "documentExpired/DOCUMENT_EXPIRED"},
		},
		{
			name: "fr_card_adult_2015_15_years",
			req: &idcontrolv1.CheckIdentityDocumentRequest{
				Document: doc(TypeIDCard, frCard("LEROY", "920", "045", "150592012345", "SOPHIE", "800101", "F"),
					info("150592012345", "2015-05-20", "FR", "2030-05-19"),
					holder("LEROY", "", []string{"SOPHIE"}, "1980-01-01", "F"), "FRONT_SIDE", "BACK_SIDE"),
				Participants: []*idcontrolv1.Participant{person("p1", "MRS", "Sophie", "Leroy", "", "1980-01-01")},
			},
			ref: ref2026,
			want: map[string]string{
				"documentExpired": "false", "issuanceAndExpirationDateMatch": "true", "ocrMrzExpirationDateMatch": "true",
				"securityElementsValid": "true",
			},
			validity: &idcontrolv1.DocumentValidity{PrintedExpirationDate: "2030-05-19", LegalExpirationDate: "2030-05-19", Rule: RulePrinted, AcceptedUntil: "2030-05-19"},
		},
		{
			name: "fr_card_minor", req: minor, ref: ref2026, pol: &idcontrolv1.Policy{MinimumAge: ptr(int32(25))},
			want: map[string]string{
				"documentExpired": "true", "issuanceAndExpirationDateMatch": "true", "ocrMrzExpirationDateMatch": "true",
				"holderAgeValid": "false",
			},
			findings: []string{"holderAgeValid/HOLDER_TOO_YOUNG"},
			validity: &idcontrolv1.DocumentValidity{PrintedExpirationDate: "2026-08-31", LegalExpirationDate: "2026-08-31", Rule: RulePrinted, AcceptedUntil: "2026-08-31"},
		},
		{
			name: "fr_passport", req: frPassport("15AB12345"),
			want: map[string]string{
				"mrzValid": "true", "documentExpired": "false", "documentTypeMatch": "true", "securityElementsValid": "true",
				"documentNumberFormatValid": "true", "issuanceAndExpirationDateMatch": "true", "backSideFound": "absent",
				"ocrMrzFirstNamesMatch": "true", "participants[0].civilityMatch": "true",
			},
		},
		{
			name: "fr_passport_number_year_wrong", req: frPassport("09AB12345"),
			want:     map[string]string{"securityElementsValid": "false", "securityElements": "false", "documentNumberFormatValid": "false"},
			findings: []string{"securityElementsValid/SECURITY_ELEMENT_MISMATCH"},
		},
		{
			name: "residence_permit", req: permit(TypeResidencePermit), ref: ref2026,
			want: map[string]string{"documentTypeMatch": "true", "mrzValid": "true", "documentNumberFormatValid": "absent", "documentExpired": "false"},
		},
		{
			name: "residence_permit_declared_id_card", req: permit(TypeIDCard), ref: ref2026,
			want:     map[string]string{"documentTypeMatch": "false"},
			findings: []string{"documentTypeMatch/DOCUMENT_TYPE_MISMATCH"},
		},
		{
			name: "missing_mrz", req: martin(nil, person("p1", "MRS", "Maëlys", "Martin", "", "1990-07-13")), ref: ref2026,
			want: map[string]string{
				"mrzValid": "absent", "ocrMrzDocumentNumberMatch": "absent", "ocrMrzFirstNamesMatch": "absent",
				"documentTypeMatch": "absent", "documentExpired": "false", "documentNumberFormatValid": "true",
				"participants[0].firstNameMatch": "true",
			},
			findings: []string{"mrzValid/MRZ_MISSING", "ocrMrzDocumentNumberMatch/MRZ_MISSING", "documentTypeMatch/MRZ_MISSING"},
		},
		{
			name: "missing_dates", req: noDates, ref: ref2026,
			want: map[string]string{
				"issuanceDateRead": "false", "expirationDateRead": "true", "issuanceAndExpirationDateMatch": "absent",
				"ocrMrzExpirationDateMatch": "absent", "ocrMrzBirthDateMatch": "absent", "documentExpired": "false",
				"participants[0].birthDateMatch": "true",
			},
			findings: []string{"issuanceDateRead/DATE_MISSING", "ocrMrzBirthDateMatch/DATE_MISSING"},
		},
		{
			name: "wrong_check_digit", req: wrongDigit, ref: ref2026,
			want:     map[string]string{"mrzValid": "false", "ocrMrzBirthDateMatch": "true"},
			findings: []string{"mrzValid/CHECK_DIGIT_MISMATCH"},
		},
		{
			name: "mrz_unrecognised", req: unrecognised, ref: ref2026,
			want:     map[string]string{"mrzValid": "false", "ocrMrzDocumentNumberMatch": "absent", "documentTypeMatch": "absent"},
			findings: []string{"mrzValid/MRZ_UNRECOGNISED", "ocrMrzDocumentNumberMatch/MRZ_UNRECOGNISED"},
		},
		{
			name: "names_inverted", req: inverted, ref: ref2026,
			want: map[string]string{
				"participants[0].namesInverted": "true", "ocrMrzLastNameMatch": "absent", "ocrMrzBirthNameMatch": "true",
				"participants[0].birthNameMatch": "false",
			},
			findings: []string{"participants[0].namesInverted/NAMES_INVERTED", "ocrMrzLastNameMatch/USAGE_NAME_NOT_IN_MRZ"},
		},
		{
			name: "first_last_inverted", req: berthier(person(corinne, "MRS", "Berthier", "Corinne", "", "1965-12-06")), ref: ref2026,
			want: map[string]string{
				"participants[0].firstLastNamesInverted": "true", "participants[0].firstNameMatch": "false",
				"participants[0].lastNameMatch": "false", "participants[0].birthDateMatch": "true",
			},
			findings: []string{"participants[0].firstLastNamesInverted/FIRST_LAST_NAMES_INVERTED", "participants[0].firstNameMatch/NAME_MISMATCH"},
		},
		{
			name: "german_specimen_policy_deu", req: german, ref: ref2026,
			pol: &idcontrolv1.Policy{AllowedDocumentCountries: []string{"DEU"}},
			want: map[string]string{
				"documentCountryValid": "true", "notSpecimen": "false", "documentNumberFormatValid": "true",
				"mrzValid": "true", "participants[0].birthNameMatch": "true",
			},
		},
		{
			name: "country_not_allowed", req: martin(martinLines), ref: ref2026,
			pol:      &idcontrolv1.Policy{AllowedDocumentCountries: []string{"BEL", "D"}},
			want:     map[string]string{"documentCountryValid": "false"},
			findings: []string{"documentCountryValid/COUNTRY_NOT_ALLOWED"},
		},
		{
			name: "residual_validity_too_short", req: residual, ref: civil.Date{Year: 2030, Month: 1, Day: 20},
			pol:      &idcontrolv1.Policy{MinimumResidualValidityDays: ptr(int32(30))},
			want:     map[string]string{"documentExpired": "true"},
			findings: []string{"documentExpired/RESIDUAL_VALIDITY_TOO_SHORT"},
			validity: &idcontrolv1.DocumentValidity{PrintedExpirationDate: "2030-02-11", LegalExpirationDate: "2030-02-11", Rule: RulePrinted, AcceptedUntil: "2030-01-12"},
		},
		{
			name: "grace_days", req: martin(martinLines), ref: civil.Date{Year: 2030, Month: 2, Day: 20},
			pol:      &idcontrolv1.Policy{ExpiryGraceDays: ptr(int32(30))},
			want:     map[string]string{"documentExpired": "false"},
			validity: &idcontrolv1.DocumentValidity{PrintedExpirationDate: "2030-02-11", LegalExpirationDate: "2030-02-11", Rule: RulePrinted, AcceptedUntil: "2030-03-13"},
		},
	}
}

func ptr[T any](v T) *T { return &v }

func TestCheck(t *testing.T) {
	t.Parallel()
	for _, tc := range cases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ref := tc.ref
			if ref.IsZero() { // as the server does: the request's referenceDate
				var err error
				if ref, err = civil.ParseISO(tc.req.GetReferenceDate()); err != nil {
					t.Fatalf("case without a reference date: %v", err)
				}
			}
			resp, err := Check(tc.req, policy.Resolve(tc.pol), ref)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			got := prototest.Flatten(t, resp.GetControls())
			for k, want := range tc.want {
				if got[k] != want && !(want == "absent" && got[k] == "") {
					t.Errorf("%s = %q, want %q", k, got[k], want)
				}
			}
			have := map[string]bool{}
			for _, f := range resp.GetFindings() {
				key := f.GetControl() + "/" + f.GetCode()
				if f.GetOwner() != "" {
					for i, p := range tc.req.GetParticipants() {
						if p.GetUuid() == f.GetOwner() {
							key = fmt.Sprintf("participants[%d].%s/%s", i, f.GetControl(), f.GetCode())
						}
					}
				}
				have[key] = true
			}
			for _, f := range tc.findings {
				if !have[f] {
					t.Errorf("finding %s missing; have %v", f, prototest.SortedKeys(have))
				}
			}
			if tc.validity != nil {
				if d := cmp.Diff(tc.validity, resp.GetValidity(), protocmp.Transform()); d != "" {
					t.Errorf("validity (-want +got):\n%s", d)
				}
			}
			checkFindingsExplain(t, resp)
			prototest.Golden(t, filepath.Join("testdata", tc.name+".golden.json"), resp, *update)
		})
	}
}

// checkFindingsExplain asserts principle 3: every false or absent control
// has a finding (true for the controls where true is the bad answer).
func checkFindingsExplain(t *testing.T, resp *idcontrolv1.CheckIdentityDocumentResponse) {
	t.Helper()
	explained := map[string]bool{}
	for _, f := range resp.GetFindings() {
		explained[f.GetOwner()+"/"+f.GetControl()] = true
		if f.GetCode() == "" || f.GetMessage() == "" || f.GetCode() != strings.ToUpper(f.GetCode()) {
			t.Errorf("finding %v lacks a code or a message", f)
		}
	}
	bad := map[string]string{"documentExpired": "true", "firstLastNamesInverted": "true", "namesInverted": "true"}
	all := []string{ctlMRZValid, ctlOcrNumber, ctlOcrBirthName, ctlOcrLastName, ctlOcrFirstNames, ctlOcrBirthDate,
		ctlOcrIssuance, ctlOcrExpiration, ctlIssuanceExpiration, ctlExpired, ctlExpirationRead, ctlIssuanceRead,
		ctlCountry, ctlType, ctlSecurity, ctlNotSpecimen, ctlFront, ctlBack, ctlNumberFormat}
	got := prototest.Flatten(t, resp.GetControls())
	for _, c := range all {
		v := got[c]
		if (v == "" || v == "false" && bad[c] == "" || v == bad[c]) && !explained["/"+c] {
			t.Errorf("control %s is %q without a finding", c, v)
		}
	}
	for i, p := range resp.GetControls().GetParticipants() {
		for _, c := range []string{ctlFirstName, ctlLastName, ctlBirthName, ctlBirthDate, ctlBirthPlace, ctlCivility, ctlFirstLastInv, ctlNamesInverted} {
			v := got[fmt.Sprintf("participants[%d].%s", i, c)]
			if (v == "" || v == "false" && bad[c] == "" || v == bad[c]) && !explained[p.GetOwner()+"/"+c] {
				t.Errorf("participant %d control %s is %q without a finding", i, c, v)
			}
		}
	}
}

// TestSeedControls pastes the seed's data block and expects the seed's
// controls back: every key the seed answers that data can decide, with the
// seed's value. Image-based controls (modelValid, faithfulFont,
// documentAppearanceValid) are not ours. namesInverted is absent here:
// the reference says it is present only when the client file has a birth
// name, and the seed's participant shows none.
func TestSeedControls(t *testing.T) {
	t.Parallel()
	resp, err := Check(berthier(person(corinne, "MRS", "Corinne", "Berthier", "", "")), policy.Resolve(nil), ref2026)
	if err != nil {
		t.Fatal(err)
	}
	got := prototest.Flatten(t, resp.GetControls())
	want, err := prototest.FlattenJSON([]byte(berthierControls))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range want {
		switch k {
		case "modelValid", "faithfulFont", "documentAppearanceValid", "participants[0].namesInverted":
			continue
		}
		if got[k] != v {
			t.Errorf("%s = %q, the seed says %q", k, got[k], v)
		}
	}
}

// TestDatesOutOfRange: a well-formed date outside 1800–2999 is an OCR or
// keying error, refused like a malformed one, on the document and the holder.
func TestDatesOutOfRange(t *testing.T) {
	t.Parallel()
	req := berthier(person("a", "MRS", "Corinne", "Berthier", "", "1965-12-06"))
	req.Document.Data.Informations.Document.IssuanceDate = "0001-01-01"
	req.Document.Data.Informations.Holder.BirthDate = "9999-12-31"
	_, err := Check(req, policy.Resolve(nil), ref2026)
	got := violationReasons(t, err)
	want := map[string]string{
		"document.data.informations.document.issuanceDate": "INVALID_DATE",
		"document.data.informations.holder.birthDate":      "INVALID_DATE",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("violations (-want +got):\n%s", d)
	}
}

// violationReasons is err's violations, reason by field.
func violationReasons(t *testing.T, err error) map[string]string {
	t.Helper()
	var v checks.Violations
	if !errors.As(err, &v) {
		t.Fatalf("err = %v, want checks.Violations", err)
	}
	got := map[string]string{}
	for _, x := range v {
		got[x.Field] = x.Reason
	}
	return got
}

func TestViolations(t *testing.T) {
	t.Parallel()
	req := berthier(
		person("a", "MRS", "Corinne", "Berthier", "", "06/12/1965"),
		person("b", "MADAME", "Corinne", "Berthier", "", ""),
	)
	req.Document.Type = "PAYSLIP"
	req.Document.Data.Informations.Document.IssuanceDate = "1988-13-01"
	req.Document.Data.Informations.Document.ExpirationDate = "1998-06-XX"
	req.Document.Data.Informations.Holder.BirthDate = "1965-XX-XX" // allowed
	req.Document.Data.Informations.Holder.Gender = "Z"
	req.Document.Data.Informations.Holder.LastName = strings.Repeat("A", 300)
	_, err := Check(req, policy.Resolve(nil), ref2026)
	got := violationReasons(t, err)
	var v checks.Violations
	errors.As(err, &v)
	for _, x := range v {
		if strings.Contains(x.Description, "Z") && x.Field == pathGender {
			t.Errorf("description repeats the value: %q", x.Description)
		}
	}
	want := map[string]string{
		"document.type": "UNKNOWN_VALUE",
		"document.data.informations.document.issuanceDate":   "INVALID_DATE",
		"document.data.informations.document.expirationDate": "INVALID_DATE",
		"document.data.informations.holder.gender":           "UNKNOWN_VALUE",
		"document.data.informations.holder.lastName":         "TOO_LONG",
		"participants[0].birthDate":                          "INVALID_DATE",
		"participants[1].civility":                           "UNKNOWN_VALUE",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("violations (-want +got):\n%s", d)
	}

	if _, err := Check(&idcontrolv1.CheckIdentityDocumentRequest{}, policy.Resolve(nil), ref2026); !errors.As(err, &v) || v[0].Field != "document" {
		t.Errorf("no document: err = %v", err)
	}
	bad := berthier()
	bad.ReferenceDate = "2026-02-30"
	if _, err := Check(bad, policy.Resolve(nil), civil.Date{}); !errors.As(err, &v) || v[0].Field != "referenceDate" {
		t.Errorf("bad reference date: err = %v", err)
	}
}

// TestPartialBirthDateAccepted: a holder birth date with unknown parts is
// data, not an error.
func TestPartialBirthDateAccepted(t *testing.T) {
	t.Parallel()
	req := berthier(person(corinne, "MRS", "Corinne", "Berthier", "", "1965-12-06"))
	req.Document.Data.Informations.Holder.BirthDate = "1965-XX-XX"
	resp, err := Check(req, policy.Resolve(nil), ref2026)
	if err != nil {
		t.Fatal(err)
	}
	if got := prototest.Flatten(t, resp.GetControls())["ocrMrzBirthDateMatch"]; got != "true" {
		t.Errorf("ocrMrzBirthDateMatch = %q, want true on the known parts", got)
	}
}

// TestVectors runs the public MRZ vectors through Check: mrzValid follows
// the vector's validity, and a well-formed document never errs.
func TestVectors(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.FromSlash("../../testdata/vectors/mrz.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vectors []struct {
		Name   string         `json:"name"`
		Lines  []string       `json:"lines"`
		Expect map[string]any `json:"expect"`
	}
	if err := json.Unmarshal(raw, &vectors); err != nil {
		t.Fatal(err)
	}
	for _, v := range vectors {
		typ := TypeIDCard
		switch v.Lines[0][0] {
		case 'P':
			typ = TypePassport
		case 'V':
			typ = TypePassport // visas: the type cannot match, mrzValid still can
		}
		req := &idcontrolv1.CheckIdentityDocumentRequest{Document: doc(typ, v.Lines, nil, nil)}
		resp, err := Check(req, policy.Resolve(nil), ref2026)
		if err != nil {
			t.Errorf("%s: %v", v.Name, err)
			continue
		}
		want, ok := v.Expect["valid"].(bool)
		if !ok {
			continue
		}
		if got := resp.GetControls().GetMrzValid(); got != want {
			t.Errorf("%s: mrzValid = %v, want %v", v.Name, got, want)
		}
		if v.Lines[0][0] == 'V' && resp.GetControls().GetDocumentTypeMatch() {
			t.Errorf("%s: a visa matched a declared passport", v.Name)
		}
	}
}

func TestNumberFormats(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		country, typ, number string
		want                 string
	}{
		{"D", TypeIDCard, "T22000129", "true"},
		{"DEU", TypePassport, "C01X00T47", "true"},
		{"D", TypeIDCard, "T2200O129", "false"}, // letter O
		{"ITA", TypeIDCard, "CA00000AA", "true"},
		{"ITA", TypeIDCard, "AA00000AA", "false"},
		{"ITA", TypePassport, "YA1234567", "true"},
		{"ESP", TypeIDCard, "BAA000589", "true"},
		{"ESP", TypeIDCard, "99999999R", "true"},
		{"ESP", TypeIDCard, "99999999T", "false"},
		{"BEL", TypeIDCard, "591123456753", "true"},
		{"BEL", TypeIDCard, "591123456754", "false"},
		{"BEL", TypePassport, "EH123456", "true"},
		{"NLD", TypePassport, "SPECI2014", "true"},
		{"NLD", TypeIDCard, "XR1O01R58", "false"},
		{"FRA", TypeIDCard, "X4RTBPFW4", "true"},
		{"FRA", TypeIDCard, "880692310285", "true"},
		{"FRA", TypeIDCard, "881392310285", "false"}, // month 13
		{"FRA", TypePassport, "15AB12345", "true"},
		{"FRA", TypePassport, "15AB1234", "false"},
		{"USA", TypePassport, "123456789", "absent"},
	} {
		req := &idcontrolv1.CheckIdentityDocumentRequest{
			Document: doc(tc.typ, nil, info(tc.number, "", tc.country, "2025-05-31"), nil),
		}
		if tc.country == "FRA" && tc.typ == TypePassport {
			req.Document.Data.Informations.Document.IssuanceDate = "2015-06-01"
		}
		if tc.number == "880692310285" || tc.number == "881392310285" {
			req.Document.Data.Informations.Document.IssuanceDate = "1988-06-22"
		}
		resp, err := Check(req, policy.Resolve(nil), ref2026)
		if err != nil {
			t.Fatal(err)
		}
		got := prototest.Flatten(t, resp.GetControls())["documentNumberFormatValid"]
		if got == "" {
			got = "absent"
		}
		if got != tc.want {
			t.Errorf("%s %s %s: documentNumberFormatValid = %s, want %s", tc.country, tc.typ, tc.number, got, tc.want)
		}
	}
}

func TestSpecimenWords(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"CARTE NATIONALE D'IDENTITE specimen", true},
		{"Musterstadt MUSTER", true},
		{"MUSTERMANN", false},
		{"a SAMPLEX word", false},
		{"", false},
	} {
		req := martin(martinLines)
		req.Document.Data.Informations.Holder = holder("DUBOIS", "", []string{"PAUL"}, "1990-07-13", "M")
		req.Document.Data.Informations.Document.Number = "AB12CD345"
		req.Document.Data.Mrz = nil
		req.Document.Text = tc.text
		resp, err := Check(req, policy.Resolve(nil), ref2026)
		if err != nil {
			t.Fatal(err)
		}
		if got := !resp.GetControls().GetNotSpecimen(); got != tc.want {
			t.Errorf("%q: specimen = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestSpecimenNeedsTheWholeIdentity: a surname and one given name of a
// specimen are real people too; only the specimen's whole identity, its
// number, its state or a specimen word flag a document.
func TestSpecimenNeedsTheWholeIdentity(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		document *idcontrolv1.Document
		want     string
	}{
		{"Swedish Anna Eriksson", doc(TypePassport, td3("SWE", "AA1234567", "SWE", "900101", "F", "300101", "ERIKSSON<<ANNA"),
			info("AA1234567", "2020-01-02", "SE", "2030-01-01"), holder("ERIKSSON", "", []string{"ANNA"}, "1990-01-01", "F"), "FRONT_SIDE"), "true"},
		{"French Maëlys Martin", doc(TypeIDCard, nil, info("AB12CD345", "2022-06-11", "FR", "2032-06-10"),
			holder("MARTIN", "", []string{"MAËLYS"}, "1990-07-13", "F"), "FRONT_SIDE", "BACK_SIDE"), "true"},
		{"a real Mr Muster", doc(TypeIDCard, nil, info("AB12CD345", "2022-06-11", "FR", "2032-06-10"),
			holder("MUSTER", "", []string{"HANS"}, "1970-01-01", "M"), "FRONT_SIDE", "BACK_SIDE"), "true"},
		{"the ICAO specimen's whole name", doc(TypePassport, td3("SWE", "AA1234567", "SWE", "900101", "F", "300101", "ERIKSSON<<ANNA<MARIA"),
			info("AA1234567", "2020-01-02", "SE", "2030-01-01"), holder("ERIKSSON", "", []string{"ANNA", "MARIA"}, "1990-01-01", "F"), "FRONT_SIDE"), "false"},
		{"SAMPLE printed in the text", func() *idcontrolv1.Document {
			d := doc(TypeIDCard, nil, info("AB12CD345", "2022-06-11", "FR", "2032-06-10"),
				holder("DUBOIS", "", []string{"PAUL"}, "1985-03-15", "M"), "FRONT_SIDE", "BACK_SIDE")
			d.Text = "SAMPLE - NOT VALID"
			return d
		}(), "false"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			resp, err := Check(&idcontrolv1.CheckIdentityDocumentRequest{Document: c.document}, policy.Resolve(nil), ref2026)
			if err != nil {
				t.Fatal(err)
			}
			if got := prototest.Flatten(t, resp.GetControls())["notSpecimen"]; got != c.want {
				t.Errorf("notSpecimen = %q, want %s (findings %v)", got, c.want, resp.GetFindings())
			}
		})
	}
}

// TestReviewRegressions: cases a review found wrong, each now right.
func TestReviewRegressions(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		req     *idcontrolv1.CheckIdentityDocumentRequest
		ref     civil.Date
		control string
		want    string
	}{
		{
			// 18 on 2014-03-20, card issued 2014-03-25: an adult's 15 years.
			name: "holder turning 18 within the issue month",
			req: &idcontrolv1.CheckIdentityDocumentRequest{Document: doc(TypeIDCard,
				frCard("DUPONT", "750", "123", "140375012345", "JEAN", "960320", "M"),
				info("140375012345", "2014-03-25", "FR", "2029-03-24"),
				holder("DUPONT", "", []string{"JEAN"}, "1996-03-20", "M"), "FRONT_SIDE", "BACK_SIDE")},
			ref: ref2026, control: "ocrMrzExpirationDateMatch", want: "true",
		},
		{
			// A minor in January 2004 (no VIZ issue date): the printed date rules.
			name: "minor whose issue month straddles 2004-01-02",
			req: &idcontrolv1.CheckIdentityDocumentRequest{Document: doc(TypeIDCard,
				frCard("PETIT", "750", "123", "040175012345", "LUCAS", "900404", "M"),
				info("040175012345", "", "FR", "2014-01-14"),
				holder("PETIT", "", []string{"LUCAS"}, "1990-04-04", "M"), "FRONT_SIDE", "BACK_SIDE")},
			ref: civil.Date{Year: 2016, Month: 6, Day: 1}, control: "documentExpired", want: "true",
		},
		{
			// Adult at issue (2004-06) by the MRZ's full date: extended to 2019.
			name: "a partial VIZ birth date gives way to the MRZ's full one",
			req: &idcontrolv1.CheckIdentityDocumentRequest{Document: doc(TypeIDCard,
				frCard("MOREAU", "750", "123", "040675012345", "LEA", "860315", "F"),
				info("040675012345", "2004-06-01", "FR", "2014-05-31"),
				holder("MOREAU", "", []string{"LEA"}, "1986-XX-XX", "F"), "FRONT_SIDE", "BACK_SIDE")},
			ref: civil.Date{Year: 2016, Month: 1, Day: 1}, control: "documentExpired", want: "false",
		},
		{
			// "FRANCE" is no ICAO code: maybe a French card of 2010, legally
			// valid until 2025, maybe not.
			name: "an expired ID card of unknown country is not guessed",
			req: &idcontrolv1.CheckIdentityDocumentRequest{Document: doc(TypeIDCard, nil,
				info("100375012345", "2010-03-10", "FRANCE", "2020-03-09"),
				holder("DUPONT", "", []string{"JEAN"}, "1970-03-15", "M"), "FRONT_SIDE", "BACK_SIDE")},
			ref: civil.Date{Year: 2022, Month: 1, Day: 1}, control: "documentExpired", want: "",
		},
		{
			name: "names swap cannot be judged without the document's birth name",
			req: &idcontrolv1.CheckIdentityDocumentRequest{
				Document: doc(TypeIDCard, nil, info("AB12CD345", "2022-06-11", "FR", "2032-06-10"),
					holder("DURAND", "", []string{"CLAIRE"}, "1980-01-01", "F"), "FRONT_SIDE", "BACK_SIDE"),
				Participants: []*idcontrolv1.Participant{person("p1", "MRS", "Claire", "Martin", "Durand", "1980-01-01")},
			},
			ref: ref2026, control: "participants[0].namesInverted", want: "",
		},
		{
			name: "declared birth date with blanks is still compared",
			req: &idcontrolv1.CheckIdentityDocumentRequest{
				Document: doc(TypeIDCard, nil, info("AB12CD345", "2022-06-11", "FR", "2032-06-10"),
					holder("DURAND", "", []string{"CLAIRE"}, "1980-01-01", "F"), "FRONT_SIDE", "BACK_SIDE"),
				Participants: []*idcontrolv1.Participant{person("p1", "MRS", "Claire", "Durand", "", " 1980-01-01 ")},
			},
			ref: ref2026, control: "participants[0].birthDateMatch", want: "true",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			resp, err := Check(c.req, policy.Resolve(nil), c.ref)
			if err != nil {
				t.Fatal(err)
			}
			if got := prototest.Flatten(t, resp.GetControls())[c.control]; got != c.want {
				t.Errorf("%s = %q, want %q (findings %v)", c.control, got, c.want, resp.GetFindings())
			}
		})
	}
}

// TestReferenceDateRequired: the package never reads the clock nor the
// request's referenceDate: the reference date is the caller's argument,
// and a missing one is an error, not today.
func TestReferenceDateRequired(t *testing.T) {
	t.Parallel()
	req := berthier(person(corinne, "MRS", "Corinne", "Berthier", "", ""))
	var v checks.Violations
	if _, err := Check(req, policy.Resolve(nil), civil.Date{}); !errors.As(err, &v) || v[0].Field != "referenceDate" {
		t.Errorf("zero reference date: err = %v, want a referenceDate violation", err)
	}
	// The request's referenceDate is the server's to read: the argument wins.
	req.ReferenceDate = "2040-01-01"
	a, err := Check(req, policy.Resolve(nil), ref2026)
	if err != nil {
		t.Fatal(err)
	}
	req.ReferenceDate = ""
	b, err := Check(req, policy.Resolve(nil), ref2026)
	if err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(a, b) {
		t.Errorf("the request's referenceDate changed the answer")
	}
}

// TestHardening: answers that misled (issue 8), each now right.
func TestHardening(t *testing.T) {
	t.Parallel()
	// Italy's electronic identity card (CIE) prints C< (PRADO specimen of
	// 2022: C<ITACA00000AA4 / 6412308F2212304ITA<<<<<<<<<<<0 / ROSSI<<BIANCA).
	cie := []string{"C<ITACA00000AA4<<<<<<<<<<<<<<<", "6412308F2212304ITA<<<<<<<<<<<0", "ROSSI<<BIANCA<<<<<<<<<<<<<<<<<"}
	cieDoc := func(typ string) *idcontrolv1.Document {
		return doc(typ, cie, info("CA00000AA", "2012-12-31", "IT", "2022-12-30"),
			holder("ROSSI", "", []string{"BIANCA"}, "1964-12-30", "F"), "FRONT_SIDE", "BACK_SIDE")
	}
	// A person with one name (peer library "mrz" (npm) test vector).
	single := []string{"P<IND<<FIRST<NAME<<<<<<<<<<<<<<<<<<<<<<<<<<<", "C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0"}
	cases := []struct {
		name     string
		req      *idcontrolv1.CheckIdentityDocumentRequest
		want     map[string]string
		findings []string
	}{
		{"Italian CIE declared as an ID card", &idcontrolv1.CheckIdentityDocumentRequest{Document: cieDoc(TypeIDCard)},
			map[string]string{"mrzValid": "true", "documentTypeMatch": "true"}, nil},
		{"Italian CIE declared as a residence permit", &idcontrolv1.CheckIdentityDocumentRequest{Document: cieDoc(TypeResidencePermit)},
			map[string]string{"documentTypeMatch": "false"}, []string{"documentTypeMatch/DOCUMENT_TYPE_MISMATCH"}},
		{"a code no table row covers", &idcontrolv1.CheckIdentityDocumentRequest{Document: doc(TypeIDCard,
			td1("X<", "FRA", "AB1234567", "900101", "F", "300101", "FRA", "DURAND<<CLAIRE"), info("", "", "", ""), holder("DURAND", "", []string{"CLAIRE"}, "", ""))},
			map[string]string{"documentTypeMatch": "absent"}, []string{"documentTypeMatch/DOCUMENT_TYPE_UNKNOWN"}},
		{"empty document", &idcontrolv1.CheckIdentityDocumentRequest{Document: &idcontrolv1.Document{Type: TypeIDCard}},
			map[string]string{"notSpecimen": "absent"}, []string{"notSpecimen/NOTHING_TO_CHECK"}},
		{"civility without MRZ is absent, as the reference says", &idcontrolv1.CheckIdentityDocumentRequest{
			Document: doc(TypeIDCard, nil, info("AB12CD345", "2022-06-11", "FR", "2032-06-10"),
				holder("DURAND", "", []string{"CLAIRE"}, "1980-01-01", "F"), "FRONT_SIDE", "BACK_SIDE"),
			Participants: []*idcontrolv1.Participant{person("p1", "MR", "Claire", "Durand", "", "1980-01-01")}},
			map[string]string{"participants[0].civilityMatch": "absent"}, []string{"civilityMatch/MRZ_MISSING"}},
		{"civility from the MRZ", &idcontrolv1.CheckIdentityDocumentRequest{
			Document:     cieDoc(TypeIDCard),
			Participants: []*idcontrolv1.Participant{person("p1", "MR", "Bianca", "Rossi", "", "1964-12-30")}},
			map[string]string{"participants[0].civilityMatch": "false"}, []string{"civilityMatch/CIVILITY_MISMATCH"}},
		{"a single name: the MRZ is valid, the empty surname a finding", &idcontrolv1.CheckIdentityDocumentRequest{
			Document: doc(TypePassport, single, info("C01X0006H", "2007-11-01", "IN", "2017-10-31"),
				holder("", "", []string{"FIRST", "NAME"}, "1964-08-12", "F"), "FRONT_SIDE")},
			map[string]string{"mrzValid": "true", "ocrMrzLastNameMatch": "absent", "ocrMrzFirstNamesMatch": "true"},
			[]string{"mrzValid/EMPTY_PRIMARY_IDENTIFIER", "ocrMrzLastNameMatch/NAME_MISSING"}},
		{"a damaged declared name is neither a match nor a mismatch", &idcontrolv1.CheckIdentityDocumentRequest{
			Document:     cieDoc(TypeIDCard),
			Participants: []*idcontrolv1.Participant{person("p1", "MRS", "Bianca", "Rossi\uFFFD", "", "1964-12-30")}},
			map[string]string{"participants[0].lastNameMatch": "absent", "participants[0].firstNameMatch": "true"},
			[]string{"lastNameMatch/NAME_DAMAGED"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			resp, err := Check(c.req, policy.Resolve(nil), ref2026)
			if err != nil {
				t.Fatal(err)
			}
			got := prototest.Flatten(t, resp.GetControls())
			for k, want := range c.want {
				if g := got[k]; g != want && !(want == "absent" && g == "") {
					t.Errorf("%s = %q, want %q (findings %v)", k, g, want, resp.GetFindings())
				}
			}
			have := map[string]bool{}
			for _, f := range resp.GetFindings() {
				have[f.GetControl()+"/"+f.GetCode()] = true
			}
			for _, f := range c.findings {
				if !have[f] {
					t.Errorf("finding %s missing (findings %v)", f, resp.GetFindings())
				}
			}
		})
	}
}
