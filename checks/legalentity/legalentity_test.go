package legalentity

import (
	"context"
	"errors"
	"flag"
	"path/filepath"
	"testing"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/company"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/internal/prototest"
	"github.com/idcontrol/idcontrol/registry"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

func boulangerie() *registry.Company {
	return &registry.Company{
		SIREN: "812345676", LegalName: "BOULANGERIE DURAND", LegalFormCode: "5710", LegalForm: "SAS, société par actions simplifiée",
		RegistrationDate: "2015-09-01", State: registry.StateActive, AgentsKnown: true, Source: registry.SourceRecherche,
		Agents: []registry.Agent{
			{Role: "Président de SAS", LastName: "DURAND", FirstNames: "Marie Claire", Name: "DURAND Marie Claire", BirthDate: "1980-04"},
			{Role: "Directeur général", Legal: true, SIREN: "443061841", Name: "HOLDING DURAND"},
		},
		Offices: []registry.Office{
			{SIRET: "81234567600009", Address: "12 BIS RUE DES LILAS", PostalCode: "69003", City: "LYON", APECode: "1071C", Main: true, State: registry.StateActive},
			{SIRET: "81234567600017", Address: "3 AVENUE JEAN JAURES", PostalCode: "69007", City: "LYON", APECode: "1071C", State: registry.StateClosed},
		},
	}
}

func request(companyID string, ps ...*idcontrolv1.Participant) *idcontrolv1.CheckLegalEntityRequest {
	return &idcontrolv1.CheckLegalEntityRequest{
		LegalEntity:  &idcontrolv1.LegalEntity{Name: "Boulangerie Durand", CompanyId: companyID},
		Participants: ps,
	}
}

func person(uuid, first, last, birthName, birth string) *idcontrolv1.Participant {
	return &idcontrolv1.Participant{Uuid: uuid, FirstName: first, LastName: last, BirthName: birthName, BirthDate: birth}
}

var (
	marie     = person("marie", "Marie", "Durand", "", "1980-04-17")
	marieWed  = person("marie-wed", "Marie-Claire", "Martin", "Durand", "")
	namesake  = person("namesake", "Marie", "Durand", "", "1955-04-02")
	paul      = person("paul", "Paul", "Durand", "", "")
	noNames   = person("nonames", "", "", "", "")
	found     = func(c *registry.Company) company.Outcome { return company.Outcome{Requested: true, Company: c} }
	offOut    = company.Outcome{Off: true}
	legalOnly = func() *registry.Company {
		c := boulangerie()
		c.Agents = c.Agents[1:]
		return c
	}
)

func TestCheck(t *testing.T) {
	t.Parallel()
	ceased := boulangerie()
	ceased.State, ceased.ClosingDate = registry.StateClosed, "2023-12-31"
	sireneOnly := boulangerie()
	sireneOnly.Agents, sireneOnly.AgentsKnown, sireneOnly.Source = nil, false, registry.SourceSirene
	cases := []struct {
		name  string
		req   *idcontrolv1.CheckLegalEntityRequest
		out   company.Outcome
		want  map[string]string
		codes []string
	}{
		{"active_president_found", request("812 345 676", marie, marieWed, namesake, paul), found(boulangerie()), map[string]string{
			"identifierFormatValid": "true", "companyIdValid": "true", "companyOfficeIdValid": "absent", "companyAlive": "true",
			"companyConnectorRequested": "true", "companyConnectorFailed": "false", "companyOfficeAlive": "absent",
			"agents[0].agentNameMatch": "true", "agents[1].agentNameMatch": "true",
			"agents[2].agentNameMatch": "false", "agents[3].agentNameMatch": "false",
		}, []string{company.CodeAgentNotFound}},
		{"ceased_company", request("812345676", marie), found(ceased), map[string]string{"companyAlive": "false"}, []string{company.CodeCompanyClosed}},
		{"closed_establishment", request("81234567600017", marie), found(boulangerie()), map[string]string{
			"companyOfficeIdValid": "true", "companyAlive": "true", "companyOfficeAlive": "false"}, []string{company.CodeOfficeClosed}},
		{"director_is_a_company", request("812345676", marie), found(legalOnly()), map[string]string{
			"agents[0].agentNameMatch": "absent"}, []string{company.CodeAgentsLegalOnly}},
		{"sirene_gives_no_directors", request("812345676", marie), found(sireneOnly), map[string]string{
			"companyAlive": "true", "agents[0].agentNameMatch": "absent"}, []string{company.CodeAgentsUnknown}},
		{"connector_off", request("812345676", marie), offOut, map[string]string{
			"companyConnectorRequested": "false", "companyConnectorFailed": "absent", "companyAlive": "absent", "agents[0].agentNameMatch": "absent"},
			[]string{company.CodeConnectorOff}},
		{"connector_failed", request("812345676", marie), company.Outcome{Requested: true, Err: &registry.UpstreamError{Source: "recherche-entreprises", Reason: "the registry did not answer in time"}},
			map[string]string{"companyConnectorFailed": "true", "companyAlive": "absent"}, []string{company.CodeConnectorFailed}},
		{"unknown_in_sirene", request("812345676", marie), company.Outcome{Requested: true, NotFound: true, Authoritative: true, Key: "812345676"},
			map[string]string{"companyConnectorFailed": "false", "companyAlive": "false"}, []string{company.CodeNotInRegistry}},
		{"unknown_siret_in_sirene", request("81234567600025", marie), company.Outcome{Requested: true, NotFound: true, Authoritative: true, Key: "81234567600025"},
			map[string]string{"companyAlive": "absent", "companyOfficeAlive": "false"}, []string{company.CodeNotInRegistry}},
		{"unknown_in_open_registry", request("812345676", marie), company.Outcome{Requested: true, NotFound: true},
			map[string]string{"companyAlive": "absent"}, []string{company.CodeNotInOpenData}},
		{"bad_format", request("81234567", marie), offOut, map[string]string{
			"identifierFormatValid": "false", "companyIdValid": "false", "companyOfficeIdValid": "false"}, nil},
		{"luhn_fails", request("812345677", marie), offOut, map[string]string{
			"identifierFormatValid": "true", "companyIdValid": "false"}, nil},
		{"no_company_id", request("", marie), offOut, map[string]string{
			"identifierFormatValid": "absent", "companyIdValid": "absent", "companyConnectorRequested": "false"}, nil},
		{"participant_without_names", request("812345676", noNames), found(boulangerie()), map[string]string{
			"agents[0].agentNameMatch": "absent"}, []string{company.CodeParticipantNames}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp, err := Check(tc.req, tc.out)
			if err != nil {
				t.Fatal(err)
			}
			prototest.WantControls(t, resp.GetControls(), tc.want)
			prototest.WantCodes(t, resp.GetFindings(), tc.codes...)
			prototest.Golden(t, filepath.Join("testdata", tc.name+".golden.json"), resp, *update)
		})
	}
}

// TestSuppliedData: the reference's own legalEntity block, pasted as is,
// decides without a connector (whose absence would otherwise show).
func TestSuppliedData(t *testing.T) {
	t.Parallel()
	alive := true
	req := request("812345676", person("5ab1a3f9", "John", "Detour", "Doe", "1975-01-01"))
	req.LegalEntity.Data = &idcontrolv1.LegalEntityData{ExtraData: &idcontrolv1.LegalEntityExtraData{CompanyDetails: &idcontrolv1.CompanyRecord{
		CompanyId: "812345676", LegalName: "MY CORP", LegalForm: "Société par actions simplifiée (SAS)", RegistrationDate: "2001-01-01",
		Alive: &alive,
		LegalAgents: []*idcontrolv1.LegalAgent{{AgentBirthDate: "1975-01-01", AgentBirthName: "DOE", AgentFirstName: "JOHN",
			AgentFullname: "DOE JOHN", AgentLastName: "DETOUR", AgentRole: "Président"}},
		Offices: []*idcontrolv1.CompanyOffice{{Address: "10 AV JOHN DOE", ApeCode: "5829C", City: "PARIS", Main: true, PostalCode: "75000", Siret: "81234567600009"}},
	}}}
	o := company.Lookup(context.Background(), panicLooker{}, ID(req), Supplied(req))
	resp, err := Check(req, o)
	if err != nil {
		t.Fatal(err)
	}
	c := resp.GetControls()
	if c.GetCompanyConnectorRequested() || !c.GetCompanyAlive() || !c.GetAgents()[0].GetAgentNameMatch() {
		t.Errorf("supplied data: %v", c)
	}
	prototest.Golden(t, filepath.Join("testdata", "supplied_reference_shape.golden.json"), resp, *update)

	// Data about another company are refused.
	req.LegalEntity.Data.ExtraData.CompanyDetails.CompanyId = "901234567"
	var v checks.Violations
	if _, err := Check(req, o); !errors.As(err, &v) {
		t.Errorf("another company's data: %v", err)
	}
}

type panicLooker struct{}

func (panicLooker) Lookup(context.Context, string) (*registry.Company, error) {
	panic("the connector was called although the caller supplied the data")
}

// TestRecordRoundTrip: what the connector answers, rendered as
// companyDetails and read back, decides the same.
func TestRecordRoundTrip(t *testing.T) {
	t.Parallel()
	back := company.FromRecord(company.Record(boulangerie()))
	for _, p := range []*idcontrolv1.Participant{marie, namesake, paul} {
		var f1, f2 checks.Findings
		a := agentNameMatch(p, found(boulangerie()), &f1)
		b := agentNameMatch(p, found(back), &f2)
		if (a == nil) != (b == nil) || a != nil && *a != *b {
			t.Errorf("%s: %v vs %v after the round trip", p.GetUuid(), a, b)
		}
	}
	if back.State != registry.StateActive || back.Offices[1].State != registry.StateClosed || !back.Agents[1].Legal {
		t.Errorf("round trip lost states: %+v", back)
	}
}
