package company

import (
	"strings"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/registry"
)

// Agent types of CompanyRecord.legalAgents[].agentType.
const (
	AgentNaturalPerson = "NATURAL_PERSON"
	AgentLegalPerson   = "LEGAL_PERSON"
)

// SourceCaller names registry data the caller supplied.
const SourceCaller = "caller"

// FromRecord reads registry data supplied in report.json's companyDetails
// shape. What the reference shape cannot say (the states) stays unknown
// unless the record's alive fields say it; directors are known when some
// are listed or legalAgentsKnown says so.
func FromRecord(r *idcontrolv1.CompanyRecord) *registry.Company {
	c := &registry.Company{
		SIREN:            onlyDigits(r.GetCompanyId()),
		LegalName:        r.GetLegalName(),
		LegalForm:        r.GetLegalForm(),
		RegistrationDate: r.GetRegistrationDate(),
		ClosingDate:      r.GetClosingDate(),
		State:            state(r.Alive),
		AgentsKnown:      len(r.GetLegalAgents()) > 0 || r.GetLegalAgentsKnown(),
		Source:           SourceCaller,
	}
	for _, a := range r.GetLegalAgents() {
		ag := registry.Agent{
			Role:       a.GetAgentRole(),
			Legal:      a.GetAgentType() == AgentLegalPerson,
			SIREN:      a.GetAgentCompanyId(),
			LastName:   a.GetAgentLastName(),
			FirstNames: a.GetAgentFirstName(),
			Name:       a.GetAgentFullname(),
			BirthName:  a.GetAgentBirthName(),
			BirthDate:  a.GetAgentBirthDate(),
		}
		c.Agents = append(c.Agents, ag)
	}
	for _, o := range r.GetOffices() {
		c.Offices = append(c.Offices, registry.Office{
			SIRET: onlyDigits(o.GetSiret()), Address: o.GetAddress(), PostalCode: o.GetPostalCode(),
			City: o.GetCity(), APECode: o.GetApeCode(), Main: o.GetMain(), State: state(o.Alive),
		})
	}
	return c
}

func state(alive *bool) registry.State {
	switch {
	case alive == nil:
		return registry.StateUnknown
	case *alive:
		return registry.StateActive
	}
	return registry.StateClosed
}

func alive(s registry.State) *bool {
	switch s {
	case registry.StateActive:
		t := true
		return &t
	case registry.StateClosed:
		f := false
		return &f
	}
	return nil
}

// Record renders what the registry said as report.json's companyDetails.
func Record(c *registry.Company) *idcontrolv1.CompanyRecord {
	if c == nil {
		return nil
	}
	form := c.LegalForm
	if form == "" {
		form = c.LegalFormCode
	}
	known := c.AgentsKnown
	r := &idcontrolv1.CompanyRecord{
		CompanyId:        c.SIREN,
		LegalName:        c.LegalName,
		LegalForm:        form,
		RegistrationDate: c.RegistrationDate,
		Alive:            alive(c.State),
		ClosingDate:      c.ClosingDate,
		Source:           c.Source,
		LegalAgentsKnown: &known,
	}
	for _, a := range c.Agents {
		la := &idcontrolv1.LegalAgent{AgentRole: a.Role, AgentFullname: a.Name}
		if a.Legal {
			la.AgentType, la.AgentCompanyId = AgentLegalPerson, a.SIREN
		} else {
			la.AgentType = AgentNaturalPerson
			la.AgentFirstName, la.AgentLastName, la.AgentBirthName, la.AgentBirthDate = a.FirstNames, a.LastName, a.BirthName, a.BirthDate
		}
		r.LegalAgents = append(r.LegalAgents, la)
	}
	for _, o := range c.Offices {
		r.Offices = append(r.Offices, &idcontrolv1.CompanyOffice{
			Siret: o.SIRET, Address: o.Address, PostalCode: o.PostalCode, City: o.City,
			ApeCode: o.APECode, Main: o.Main, Alive: alive(o.State),
		})
	}
	return r
}

// ExtraData wraps a Record as report.json's extraData; nil without data.
func ExtraData(c *registry.Company) *idcontrolv1.LegalEntityExtraData {
	if c == nil {
		return nil
	}
	return &idcontrolv1.LegalEntityExtraData{CompanyDetails: Record(c)}
}

func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}
