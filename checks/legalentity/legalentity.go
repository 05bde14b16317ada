// Package legalentity runs the controls of a client file's legal entity:
// the form and checks of its SIREN or SIRET, whether the registry says the
// company is active, and which participants are among its legal
// representatives (through the name engine; a company as director is
// reported, never matched against a person).
package legalentity

import (
	"strconv"
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/company"
	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/names"
	"github.com/idcontrol/idcontrol/registry"
)

// ID reads the legal entity's companyId.
func ID(req *idcontrolv1.CheckLegalEntityRequest) company.ID {
	return company.ParseID(req.GetLegalEntity().GetCompanyId())
}

// Supplied returns the registry data the caller sent, nil when none.
func Supplied(req *idcontrolv1.CheckLegalEntityRequest) *idcontrolv1.CompanyRecord {
	return req.GetLegalEntity().GetData().GetExtraData().GetCompanyDetails()
}

// Validate refuses supplied registry data about another company: the
// answer would describe a company the client file does not name.
func Validate(req *idcontrolv1.CheckLegalEntityRequest) error {
	var v checks.Violations
	if rec := Supplied(req); rec != nil {
		id := ID(req)
		sup := company.ParseID(rec.GetCompanyId())
		if id.FormatOK && sup.Given && (!sup.FormatOK || sup.Digits[:9] != id.Digits[:9]) {
			v.Add("legalEntity.data.extraData.companyDetails.companyId", "COMPANY_MISMATCH", "must be the SIREN of legalEntity.companyId")
		}
	}
	for i, p := range req.GetParticipants() {
		checks.ParseDate(&v, "participants["+strconv.Itoa(i)+"].birthDate", p.GetBirthDate(), false)
	}
	return v.Err()
}

// Check computes the legal-entity controls from the request and what the
// registry said (company.Lookup).
func Check(req *idcontrolv1.CheckLegalEntityRequest, o company.Outcome) (*idcontrolv1.CheckLegalEntityResponse, error) {
	if err := Validate(req); err != nil {
		return nil, err
	}
	var f checks.Findings
	id := ID(req)
	c := &idcontrolv1.LegalEntityControls{}
	c.IdentifierFormatValid = company.IdentifierFormatValid(id, &f)
	c.CompanyIdValid, c.CompanyOfficeIdValid = company.IDControls(id, &f)
	c.CompanyConnectorRequested, c.CompanyConnectorFailed = company.ConnectorControls(o, &f)
	c.CompanyAlive = company.CompanyAlive(o, &f)
	if id.IsSIRET {
		c.CompanyOfficeAlive = company.CompanyOfficeAlive(id, o, &f)
	}
	for _, p := range req.GetParticipants() {
		c.Agents = append(c.Agents, &idcontrolv1.LegalAgentControls{
			Owner:          p.GetUuid(),
			AgentNameMatch: agentNameMatch(p, o, &f),
		})
	}
	return &idcontrolv1.CheckLegalEntityResponse{Controls: c, Findings: f, ExtraData: company.ExtraData(o.Company)}, nil
}

// agentNameMatch — agents[].agentNameMatch, « legal agents from the
// registry data vs participants »: the participant is one of the natural
// persons the registry lists as legal representatives. Names go through the
// name engine: the declared first name is the agent's first given name(s)
// (GIVEN_SUBSET…), the last name the agent's last or birth name (or the
// participant's birth name the agent's last name); a registry giving only a
// full name is compared as a full name. A birth year and month known on
// both sides must agree: a namesake is not the director. A company as
// director is reported in extraData, never matched against a person.
// Absent when no registry data could be had, when the source lists no
// directors, or when every director is a company.
func agentNameMatch(p *idcontrolv1.Participant, o company.Outcome, f *checks.Findings) *bool {
	const ctl = "agentNameMatch"
	owner := p.GetUuid()
	if o.Company == nil {
		f.Add(ctl, owner, company.CodeAgentsUnknown, "No registry data: the legal representatives are not known.")
		return nil
	}
	if !o.Company.AgentsKnown {
		f.Add(ctl, owner, company.CodeAgentsUnknown, "The registry data do not list the legal representatives (SIRENE does not give them).")
		return nil
	}
	if blank(p.GetFirstName()) || blank(p.GetLastName()) && blank(p.GetBirthName()) {
		f.Add(ctl, owner, company.CodeParticipantNames, "The participant has no first name or no last name in the client file.")
		return nil
	}
	var naturals []registry.Agent
	legal := 0
	for _, a := range o.Company.Agents {
		if a.Legal {
			legal++
		} else {
			naturals = append(naturals, a)
		}
	}
	if len(naturals) == 0 {
		if legal > 0 {
			f.Add(ctl, owner, company.CodeAgentsLegalOnly, "Every legal representative the registry lists is a company: reported in extraData, not matched against a person.")
		} else {
			f.Add(ctl, owner, company.CodeNoAgents, "The registry lists no legal representative.")
		}
		return nil
	}
	birth, _ := civil.ParseISO(p.GetBirthDate())
	for _, a := range naturals {
		if isAgent(p, a) && sameBirth(birth, a.BirthDate) {
			return checks.Bool(true)
		}
	}
	f.Add(ctl, owner, company.CodeAgentNotFound, "The participant is not among the natural persons the registry lists as legal representatives.")
	return checks.Bool(false)
}

// isAgent compares a participant's names with one natural-person agent.
func isAgent(p *idcontrolv1.Participant, a registry.Agent) bool {
	first, last, birthName := p.GetFirstName(), p.GetLastName(), p.GetBirthName()
	if !blank(a.LastName) && !blank(a.FirstNames) {
		if !names.FirstName(first, a.FirstNames, names.SourceVIZ).Match {
			return false
		}
		for _, pair := range [][2]string{{last, a.LastName}, {birthName, a.LastName}, {last, a.BirthName}, {birthName, a.BirthName}} {
			if !blank(pair[0]) && !blank(pair[1]) && names.LastName(pair[0], pair[1], names.SourceVIZ).Match {
				return true
			}
		}
		return false
	}
	if blank(a.Name) {
		return false
	}
	for _, l := range []string{last, birthName} {
		if !blank(l) && names.FullName(first+" "+l, a.Name, names.SourceVIZ).Match {
			return true
		}
	}
	return false
}

// sameBirth: a birth date known on both sides (the registry's may be
// YYYY-MM) agrees on the parts both know.
func sameBirth(declared civil.Date, agent string) bool {
	if declared.IsZero() || strings.TrimSpace(agent) == "" {
		return true
	}
	ad, err := civil.ParseISO(agent)
	if err != nil {
		ad, err = parseYearMonth(agent)
		if err != nil {
			return true // an unreadable registry date decides nothing
		}
	}
	d := names.BirthDate(declared, ad)
	return d.Match || d.Rule == match.RuleMissing
}

func parseYearMonth(s string) (civil.Date, error) {
	s = strings.TrimSpace(s)
	switch len(s) {
	case 7: // YYYY-MM
		return civil.ParseISO(s + "-XX")
	case 4: // YYYY
		return civil.ParseISO(s + "-XX-XX")
	}
	return civil.ParseISO(s)
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }
