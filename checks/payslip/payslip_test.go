package payslip

import (
	"errors"
	"flag"
	"path/filepath"
	"testing"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/company"
	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/internal/prototest"
	"github.com/idcontrol/idcontrol/policy"
	"github.com/idcontrol/idcontrol/registry"
	"google.golang.org/protobuf/proto"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// NIRs built from the reference's example (1 85 02 34 567 890, printed
// there without its key) with keys computed by hand: 97 − (n mod 97).
const (
	nirKeyless   = "1850234567890" // the reference's ssn, no key
	nirFull      = "1 85 02 34 567 890 85"
	nirBadKey    = "185023456789084" // key off by one
	nirWoman     = "292067512345684" // F, 1992-06, Paris
	nirTemporary = "785023456789076" // temporary: no birth data
	nirCorsica   = "1 80 01 2A 123 456 20"
	siret        = "81234567600009"
	siretClosed  = "81234567600017"
)

var ref = civil.Date{Year: 2020, Month: 9, Day: 15}

const payslipText = `BULLETIN DE PAIE
BOULANGERIE DURAND - 12 BIS RUE DES LILAS 69003 LYON
SIRET : 812 345 676 00009   Convention collective : boulangerie
Période du 01/07/2020 au 31/07/2020
M JOHN DOE
45 AVENUE JEAN JAURES
69007 LYON
N° de sécurité sociale : 1 85 02 34 567 890 85
SALAIRE DE BASE 2 350,00
NET A PAYER AVANT IMPOT SUR LE REVENU 1 854,25
NET IMPOSABLE 1 854,25`

func f64(v float64) *float64 { return &v }

// base is the reference's payslip example, with a text and a SIRET that
// holds together, one participant and a 90-day policy.
func base() *idcontrolv1.CheckPayslipRequest {
	return &idcontrolv1.CheckPayslipRequest{
		Document: &idcontrolv1.Document{
			Type: TypePayslip,
			DocumentDetails: &idcontrolv1.DocumentDetails{
				FirstName: "John", LastName: "DOE", BirthName: "DOE", Address: "12 bis rue des Lilas",
				Ssn: nirFull, LegalEntityOfficeId: siret, PeriodDate: "2020-07-01", SeniorityDate: "2018-06-10",
				MonthlyNetTaxableIncome: f64(1854.25), AnnualNetTaxableIncome: f64(25412.25),
			},
			Text: payslipText,
		},
		Participants: []*idcontrolv1.Participant{{
			Uuid: "p1", Civility: "MR", FirstName: "John", LastName: "Doe", BirthDate: "1985-02-11",
			PostalAddress: &idcontrolv1.PostalAddress{PostalAddress1: "45 av. Jean Jaurès", PostalCode: "69007", PostalCity: "Lyon"},
		}},
		Policy: &idcontrolv1.Policy{MaxDocumentAgeDays: map[string]int32{"payslip": 90}},
	}
}

func activeCompany() *registry.Company {
	return &registry.Company{
		SIREN: "812345676", LegalName: "BOULANGERIE DURAND", LegalFormCode: "5710", LegalForm: "SAS, société par actions simplifiée",
		RegistrationDate: "2015-09-01", State: registry.StateActive, AgentsKnown: true, Source: registry.SourceRecherche,
		Agents: []registry.Agent{{Role: "Président de SAS", LastName: "DURAND", FirstNames: "Marie Claire", Name: "DURAND Marie Claire", BirthDate: "1980-04"}},
		Offices: []registry.Office{
			{SIRET: siret, Address: "12 BIS RUE DES LILAS", PostalCode: "69003", City: "LYON", APECode: "1071C", Main: true, State: registry.StateActive},
			{SIRET: siretClosed, Address: "3 AVENUE JEAN JAURES", PostalCode: "69007", City: "LYON", APECode: "1071C", State: registry.StateClosed},
		},
	}
}

func found(c *registry.Company) company.Outcome { return company.Outcome{Requested: true, Company: c} }

var off = company.Outcome{Off: true}

type tcase struct {
	name   string
	mutate func(*idcontrolv1.CheckPayslipRequest)
	out    company.Outcome
	// want holds controls by flattened JSON path; "absent" for absent.
	want map[string]string
	// codes are finding codes that must be present.
	codes []string
}

func TestCheck(t *testing.T) {
	t.Parallel()
	closedCo := activeCompany()
	closedCo.State = registry.StateClosed
	closedCo.Offices = []registry.Office{{SIRET: siret, State: registry.StateUnknown}}
	cases := []tcase{
		{name: "all_good_connector", out: found(activeCompany()), want: map[string]string{
			"documentTypeMatch": "true", "dateFound": "true", "maxAgeExceeded": "false", "nirFound": "true", "nirValid": "true",
			"companyIdValid": "true", "companyOfficeIdValid": "true", "companyConnectorRequested": "true",
			"companyConnectorFailed": "false", "companyOfficeAlive": "true",
			"participants[0].nameFound": "true", "participants[0].postalAddressFound": "true", "participants[0].postalAddressMatch": "true",
			"participants[0].civilityMatch": "true", "participants[0].birthDateMatch": "true",
		}},
		{name: "reference_example_connector_off", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			// The seed's documentDetails as they are: keyless NIR, a
			// 10-digit "SIRET", no text.
			r.Document.DocumentDetails.Ssn = nirKeyless
			r.Document.DocumentDetails.LegalEntityOfficeId = "1234567890"
			r.Document.DocumentDetails.Address = "123 rue Victor Hugo"
			r.Document.Text = ""
		}, out: off, want: map[string]string{
			"documentTypeMatch": "absent", "nirFound": "true", "nirValid": "true", "companyIdValid": "false",
			"companyOfficeIdValid": "false", "companyConnectorRequested": "false", "companyConnectorFailed": "absent",
			"companyOfficeAlive": "absent", "participants[0].nameFound": "true", "participants[0].postalAddressFound": "absent",
			"participants[0].civilityMatch": "true", "participants[0].birthDateMatch": "true",
		}, codes: []string{"NIR_KEY_MISSING", company.CodeConnectorOff, company.CodeIDFormat}},
		{name: "closed_office_of_active_company", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Document.DocumentDetails.LegalEntityOfficeId = siretClosed
		}, out: found(activeCompany()), want: map[string]string{"companyOfficeAlive": "false", "companyOfficeIdValid": "true"},
			codes: []string{company.CodeOfficeClosed}},
		{name: "ceased_company", out: found(closedCo), want: map[string]string{"companyOfficeAlive": "false"}, codes: []string{company.CodeCompanyClosed}},
		{name: "connector_failed", out: company.Outcome{Requested: true, Err: &registry.UpstreamError{Source: "sirene", Status: 503, Reason: "the registry refused the call"}},
			want:  map[string]string{"companyConnectorRequested": "true", "companyConnectorFailed": "true", "companyOfficeAlive": "absent"},
			codes: []string{company.CodeConnectorFailed}},
		{name: "unknown_in_sirene", out: company.Outcome{Requested: true, NotFound: true, Authoritative: true},
			want: map[string]string{"companyConnectorFailed": "false", "companyOfficeAlive": "false"}, codes: []string{company.CodeNotInRegistry}},
		{name: "unknown_in_open_registry", out: company.Outcome{Requested: true, NotFound: true},
			want: map[string]string{"companyConnectorFailed": "false", "companyOfficeAlive": "absent"}, codes: []string{company.CodeNotInOpenData}},
		{name: "siren_only", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Document.DocumentDetails.LegalEntityOfficeId = "812 345 676"
		},
			out: found(activeCompany()), want: map[string]string{"companyIdValid": "true", "companyOfficeIdValid": "absent", "companyOfficeAlive": "absent"}},
		{name: "siret_from_text", mutate: func(r *idcontrolv1.CheckPayslipRequest) { r.Document.DocumentDetails.LegalEntityOfficeId = "" },
			out: off, want: map[string]string{"companyIdValid": "true", "companyOfficeIdValid": "true"}},
		{name: "siret_luhn_fails", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Document.DocumentDetails.LegalEntityOfficeId = "81234567600008"
		},
			out: off, want: map[string]string{"companyIdValid": "true", "companyOfficeIdValid": "false"}},
		{name: "temporary_nir", mutate: func(r *idcontrolv1.CheckPayslipRequest) { r.Document.DocumentDetails.Ssn = nirTemporary },
			out: off, want: map[string]string{"nirValid": "true", "participants[0].civilityMatch": "absent", "participants[0].birthDateMatch": "absent"},
			codes: []string{"NIR_TEMPORARY"}},
		{name: "nir_bad_key", mutate: func(r *idcontrolv1.CheckPayslipRequest) { r.Document.DocumentDetails.Ssn = nirBadKey },
			out: off, want: map[string]string{"nirValid": "false", "participants[0].civilityMatch": "absent", "participants[0].birthDateMatch": "absent"}},
		{name: "nir_corsica", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Document.DocumentDetails.Ssn = nirCorsica
			r.Participants[0].BirthDate = "1980-01-20"
		}, out: off, want: map[string]string{"nirValid": "true", "participants[0].birthDateMatch": "true"}},
		{name: "nir_from_text_only", mutate: func(r *idcontrolv1.CheckPayslipRequest) { r.Document.DocumentDetails.Ssn = "" },
			out: off, want: map[string]string{"nirFound": "true", "nirValid": "true", "participants[0].civilityMatch": "true"}},
		{name: "nir_missing", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Document.DocumentDetails.Ssn = ""
			r.Document.Text = "BULLETIN DE SALAIRE\nNET A PAYER 1 000,00"
		}, out: off, want: map[string]string{"nirFound": "false", "nirValid": "absent", "participants[0].civilityMatch": "absent"}},
		{name: "woman_declared_mr", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Document.DocumentDetails.Ssn = nirWoman
			r.Participants[0].BirthDate = "1992-06-03"
		}, out: off, want: map[string]string{"participants[0].civilityMatch": "false", "participants[0].birthDateMatch": "true"}},
		{name: "birth_month_differs", mutate: func(r *idcontrolv1.CheckPayslipRequest) { r.Participants[0].BirthDate = "1985-03-11" },
			out: off, want: map[string]string{"participants[0].birthDateMatch": "false"}, codes: []string{"BIRTH_MONTH_MISMATCH"}},
		{name: "birth_year_differs", mutate: func(r *idcontrolv1.CheckPayslipRequest) { r.Participants[0].BirthDate = "1986-02-11" },
			out: off, want: map[string]string{"participants[0].birthDateMatch": "false"}, codes: []string{"BIRTH_YEAR_MISMATCH"}},
		{name: "civility_unknown", mutate: func(r *idcontrolv1.CheckPayslipRequest) { r.Participants[0].Civility = "UNKNOWN" },
			out: off, want: map[string]string{"participants[0].civilityMatch": "absent"}},
		{name: "other_employee", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Participants[0].FirstName, r.Participants[0].LastName = "Jane", "Dupont"
		}, out: off, want: map[string]string{"participants[0].nameFound": "false"}},
		{name: "name_from_text", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Document.DocumentDetails.FirstName, r.Document.DocumentDetails.LastName, r.Document.DocumentDetails.BirthName = "", "", ""
		}, out: off, want: map[string]string{"participants[0].nameFound": "true"}},
		{name: "address_elsewhere", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Participants[0].PostalAddress = &idcontrolv1.PostalAddress{PostalAddress1: "7 rue de la Paix", PostalCode: "75002", PostalCity: "Paris"}
		}, out: off, want: map[string]string{"participants[0].postalAddressFound": "true", "participants[0].postalAddressMatch": "false"}},
		{name: "only_employer_address", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Document.Text = "BULLETIN DE PAIE\nBOULANGERIE DURAND\n12 BIS RUE DES LILAS\n69003 LYON\nM JOHN DOE\nNET A PAYER 1 854,25"
		}, out: off, want: map[string]string{"participants[0].postalAddressFound": "false", "participants[0].postalAddressMatch": "false"}},
		{name: "too_old", mutate: func(r *idcontrolv1.CheckPayslipRequest) { r.Document.DocumentDetails.PeriodDate = "2020-05-01" },
			out: off, want: map[string]string{"maxAgeExceeded": "true"}, codes: []string{"MAX_AGE_EXCEEDED"}},
		{name: "no_age_policy", mutate: func(r *idcontrolv1.CheckPayslipRequest) { r.Policy = nil },
			out: off, want: map[string]string{"maxAgeExceeded": "absent"}, codes: []string{"NO_MAXIMUM_AGE"}},
		{name: "period_from_text", mutate: func(r *idcontrolv1.CheckPayslipRequest) { r.Document.DocumentDetails.PeriodDate = "" },
			out: off, want: map[string]string{"dateFound": "true", "maxAgeExceeded": "false"}},
		{name: "no_period_date", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Document.DocumentDetails.PeriodDate = ""
			r.Document.Text = "BULLETIN DE PAIE\nDate de paiement : 31/07/2020\nNET A PAYER 1 854,25"
		}, out: off, want: map[string]string{"dateFound": "false", "maxAgeExceeded": "absent"}},
		{name: "sanity_findings", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Document.DocumentDetails.PeriodDate = "2020-10-01"
			r.Document.DocumentDetails.SeniorityDate = "2020-12-01"
			r.Document.DocumentDetails.AnnualNetTaxableIncome = f64(1200)
		}, out: off, want: map[string]string{"maxAgeExceeded": "absent"}, // a period in the future is no age
			codes: []string{"PERIOD_IN_FUTURE", "DATE_IN_FUTURE", "SENIORITY_AFTER_PERIOD", "SENIORITY_IN_FUTURE", "ANNUAL_BELOW_MONTHLY"}},
		{name: "annual_too_high", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Document.DocumentDetails.AnnualNetTaxableIncome = f64(40000)
		},
			out: off, codes: []string{"ANNUAL_ABOVE_TWELVE_MONTHS"}},
		{name: "type_from_salary_words", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Document.Text = "SALAIRE BRUT 2 500,00\nNET A PAYER AVANT IMPOT SUR LE REVENU 1 950,00"
		}, out: off, want: map[string]string{"documentTypeMatch": "true"}, codes: []string{"TYPE_DETECTED"}},
		{name: "type_undetermined", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Document.Text = "NET A PAYER 1 950,00"
		}, out: off, want: map[string]string{"documentTypeMatch": "absent"}, codes: []string{"TYPE_UNDETERMINED"}},
		{name: "tax_notice_text", mutate: func(r *idcontrolv1.CheckPayslipRequest) {
			r.Document.Text = "AVIS D'IMPOT 2020 SUR LES REVENUS 2019\nREVENU FISCAL DE REFERENCE 25 000"
		}, out: off, want: map[string]string{"documentTypeMatch": "false"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := base()
			if tc.mutate != nil {
				tc.mutate(req)
			}
			resp, err := Check(req, policy.Resolve(req.GetPolicy()), ref, tc.out)
			if err != nil {
				t.Fatal(err)
			}
			prototest.WantControls(t, resp.GetControls(), tc.want)
			prototest.WantCodes(t, resp.GetFindings(), tc.codes...)
			prototest.Golden(t, filepath.Join("testdata", tc.name+".golden.json"), resp, *update)
		})
	}
}

// TestEveryAbsentOrFalseControlExplained: each false or absent control has
// a finding naming it.
func TestEveryAbsentOrFalseControlExplained(t *testing.T) {
	t.Parallel()
	req := base()
	req.Document.DocumentDetails = nil
	req.Document.Text = ""
	resp, err := Check(req, policy.Resolve(nil), ref, off)
	if err != nil {
		t.Fatal(err)
	}
	explained := map[string]bool{}
	for _, f := range resp.GetFindings() {
		explained[f.GetControl()] = true
	}
	c := resp.GetControls().ProtoReflect()
	fields := c.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if fd.IsList() {
			continue
		}
		// false is the good answer of these two
		good := fd.JSONName() == "maxAgeExceeded" || fd.JSONName() == "companyConnectorFailed"
		if !c.Has(fd) || !c.Get(fd).Bool() && !good {
			if !explained[fd.JSONName()] {
				t.Errorf("%s is false or absent without a finding", fd.JSONName())
			}
		}
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	for name, mutate := range map[string]func(*idcontrolv1.CheckPayslipRequest){
		"document.type":                          func(r *idcontrolv1.CheckPayslipRequest) { r.Document.Type = "RIB" },
		"document.documentDetails.periodDate":    func(r *idcontrolv1.CheckPayslipRequest) { r.Document.DocumentDetails.PeriodDate = "07/2020" },
		"document.documentDetails.seniorityDate": func(r *idcontrolv1.CheckPayslipRequest) { r.Document.DocumentDetails.SeniorityDate = "2018-02-30" },
		"participants[0].birthDate":              func(r *idcontrolv1.CheckPayslipRequest) { r.Participants[0].BirthDate = "1985-13-01" },
	} {
		req := base()
		mutate(req)
		_, err := Check(req, policy.Resolve(nil), ref, off)
		var v checks.Violations
		if !errors.As(err, &v) || len(v) != 1 || v[0].Field != name {
			t.Errorf("%s: %v, want one violation on it", name, err)
		}
	}
}

func TestNIRKeyAgreesWithIdent(t *testing.T) {
	t.Parallel()
	// A keyless NIR completed with nirKey must be what ident accepts:
	// every specimen above, and the key of each changed digit.
	for _, full := range []string{nirFull, nirWoman, nirTemporary, nirCorsica} {
		v := compactNIR(full)
		k, ok := nirKey(v[:13])
		if !ok || k != v[13:] {
			t.Errorf("nirKey(%s) = %s, want %s", v[:13], k, v[13:])
		}
	}
	if _, ok := nirKey("18502345678X0"); ok {
		t.Error("a letter outside the department was accepted")
	}
	// Structure is still checked without the key: month 13 is no month.
	if r := validateNIR("1851334567890"); r.Valid {
		t.Error("a keyless NIR with month 13 passed")
	}
}

func TestSuppliedRegistryData(t *testing.T) {
	t.Parallel()
	req := base()
	rec := company.Record(activeCompany())
	req.LegalEntity = &idcontrolv1.LegalEntity{CompanyId: "812345676", Data: &idcontrolv1.LegalEntityData{
		ExtraData: &idcontrolv1.LegalEntityExtraData{CompanyDetails: rec}}}
	id := ID(req)
	if Supplied(req, id) == nil {
		t.Fatal("the legal entity's data for the same SIREN were not used")
	}
	o := company.Lookup(t.Context(), nil, id, Supplied(req, id))
	resp, err := Check(req, policy.Resolve(req.GetPolicy()), ref, o)
	if err != nil {
		t.Fatal(err)
	}
	c := resp.GetControls()
	if c.GetCompanyConnectorRequested() || c.CompanyConnectorFailed != nil || !c.GetCompanyOfficeAlive() {
		t.Errorf("supplied data: %v", c)
	}
	if !proto.Equal(resp.GetExtraData().GetCompanyDetails().GetOffices()[0], rec.GetOffices()[0]) {
		t.Error("extraData does not echo the supplied office")
	}
	// Another company's data are not the employer's.
	req.LegalEntity.Data.ExtraData.CompanyDetails.CompanyId = "901234567"
	if Supplied(req, id) != nil {
		t.Error("data of another SIREN were used")
	}
}

func TestPeriodInText(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]string{
		"Période du 01/07/2020 au 31/07/2020":    "2020-07-01",
		"PERIODE DU 1/7/2020 AU 31/7/2020":       "2020-07-01",
		"Période de paie : juillet 2020":         "2020-07-01",
		"periode du 1er aout 2021":               "2021-08-01",
		"Période : 07/2020":                      "2020-07-01",
		"Période: Décembre 2019":                 "2019-12-01",
		"Date de paiement : 31/07/2020":          "",
		"Entrée le 10/06/2018\nNé le 11/02/1985": "",
		"Période du 31/02/2020 au 28/02/2020":    "",
		"Période : 13/2020":                      "",
		"Période de référence congés 2019-2020":  "",
	} {
		d, ok := periodInText(text)
		got := ""
		if ok {
			got = d.String()
		}
		if got != want {
			t.Errorf("periodInText(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestFindSIRETPrefilter: the prefilter never hides a SIRET the regexp
// alone finds.
func TestFindSIRETPrefilter(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"", "SIRET : 812 345 676 00009", "siret 81234567600009", "Siret:81234567600009", "ſIRET 81234567600009",
		"N° SIRET\u00a0812 345 676 00009", "SIREN 812345676", "SIRE T 81234567600009", "xsiret 81234567600009", "BULLETIN DE PAIE"} {
		want := ""
		if m := siretInText.FindStringSubmatch(text); m != nil {
			want = m[1]
		}
		if got := findSIRET(text); got != want {
			t.Errorf("findSIRET(%q) = %q, the regexp alone %q", text, got, want)
		}
	}
}

// FuzzFindSIRETPrefilter: as TestFindSIRETPrefilter on any text.
func FuzzFindSIRETPrefilter(f *testing.F) {
	f.Add("SIRET : 812 345 676 00009")
	f.Add("ſiret 81234567600009")
	f.Fuzz(func(t *testing.T, text string) {
		want := ""
		if m := siretInText.FindStringSubmatch(text); m != nil {
			want = m[1]
		}
		if got := findSIRET(text); got != want {
			t.Fatalf("findSIRET(%q) = %q, the regexp alone %q", text, got, want)
		}
	})
}
