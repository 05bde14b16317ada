// Package payslip runs the controls of a payslip (report.json's PAYSLIP
// controls): its period date and age, the employee's social security
// number (NIR), the employer's SIREN/SIRET and, through the company
// registry, whether its establishment is open; per employee the name, the
// address, and the civility and birth date the NIR encodes. Beyond the
// reference's controls it reports, as findings, what a payroll check would
// refuse: a period in the future, a start date after the period, incomes
// that cannot go together.
package payslip

import (
	"strconv"
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/company"
	"github.com/idcontrol/idcontrol/checks/document"
	"github.com/idcontrol/idcontrol/civil"
	"github.com/idcontrol/idcontrol/doctype"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/places"
	"github.com/idcontrol/idcontrol/policy"
)

// TypePayslip is report.json's document type word.
const TypePayslip = "PAYSLIP"

// PolicyFamily is the key of the policy's maxDocumentAgeDays.
const PolicyFamily = "payslip"

// Request field paths, in JSON names.
const (
	pathDetails   = "document.documentDetails."
	pathPeriod    = pathDetails + "periodDate"
	pathSeniority = pathDetails + "seniorityDate"
)

// state carries one request through its controls.
type state struct {
	req       *idcontrolv1.CheckPayslipRequest
	dd        *idcontrolv1.DocumentDetails
	pol       policy.Effective
	ref       civil.Date
	text      string
	period    civil.Date
	hasPeriod bool
	seniority civil.Date
	hasSen    bool
	// periodFromText: the period was read in the text, not documentDetails.
	periodFromText bool
	nir            nirReading
	id             company.ID
	o              company.Outcome
	f              checks.Findings
	// addresses holds places.FindAddresses(text), computed on first use.
	addresses    []places.Address
	addressesSet bool
	// folded is the text folded on first use, for the type markers and
	// the address searches: once per request, not once per participant
	// and search.
	folded *places.Text
}

// addressText returns the text folded once per request.
func (s *state) addressText() *places.Text {
	if s.folded == nil {
		s.folded = places.NewText(s.text)
	}
	return s.folded
}

// foundAddresses returns the postal addresses of the text, found once per
// request.
func (s *state) foundAddresses() []places.Address {
	if !s.addressesSet {
		s.addresses, s.addressesSet = s.addressText().FindAddresses(), true
	}
	return s.addresses
}

// ID is the employer's number: documentDetails.legalEntityOfficeId, else
// a SIRET printed after its label in the text.
func ID(req *idcontrolv1.CheckPayslipRequest) company.ID {
	if raw := req.GetDocument().GetDocumentDetails().GetLegalEntityOfficeId(); strings.TrimSpace(raw) != "" {
		return company.ParseID(raw)
	}
	return company.ParseID(findSIRET(req.GetDocument().GetText()))
}

// Supplied returns the registry data of the client file's legal entity
// when they describe the payslip's employer (same SIREN); nil otherwise.
func Supplied(req *idcontrolv1.CheckPayslipRequest, id company.ID) *idcontrolv1.CompanyRecord {
	rec := req.GetLegalEntity().GetData().GetExtraData().GetCompanyDetails()
	if rec == nil || !id.FormatOK {
		return nil
	}
	if sup := company.ParseID(rec.GetCompanyId()); sup.FormatOK && sup.Digits[:9] == id.Digits[:9] {
		return rec
	}
	return nil
}

// Validate checks what would make the controls meaningless: a document of
// another type, dates that are not dates.
func Validate(req *idcontrolv1.CheckPayslipRequest) error {
	var v checks.Violations
	validate(req, &v)
	return v.Err()
}

func validate(req *idcontrolv1.CheckPayslipRequest, v *checks.Violations) (period, seniority civil.Date, hasPeriod, hasSen bool) {
	if t := req.GetDocument().GetType(); t != "" && t != TypePayslip {
		v.Add("document.type", "WRONG_DOCUMENT_TYPE", "must be PAYSLIP (or empty) for CheckPayslip")
	}
	dd := req.GetDocument().GetDocumentDetails()
	period, hasPeriod = checks.ParseDate(v, pathPeriod, dd.GetPeriodDate(), false)
	seniority, hasSen = checks.ParseDate(v, pathSeniority, dd.GetSeniorityDate(), false)
	for i, p := range req.GetParticipants() {
		checks.ParseDate(v, "participants["+strconv.Itoa(i)+"].birthDate", p.GetBirthDate(), false)
	}
	return
}

// Check computes the payslip controls of req under pol at the reference
// date, with what the registry said (company.Lookup).
func Check(req *idcontrolv1.CheckPayslipRequest, pol policy.Effective, ref civil.Date, o company.Outcome) (*idcontrolv1.CheckPayslipResponse, error) {
	var v checks.Violations
	s := &state{req: req, dd: req.GetDocument().GetDocumentDetails(), pol: pol, ref: ref, text: req.GetDocument().GetText(), o: o}
	s.period, s.seniority, s.hasPeriod, s.hasSen = validate(req, &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if !s.hasPeriod && s.dd.GetPeriodDate() == "" {
		s.period, s.hasPeriod = periodInText(s.text)
		s.periodFromText = s.hasPeriod
	}
	s.nir = readNIR(s.dd.GetSsn(), s.text)
	s.id = ID(req)

	c := &idcontrolv1.PayslipControls{}
	c.DocumentTypeMatch = s.documentTypeMatch()
	c.DateFound = s.dateFound()
	c.MaxAgeExceeded = document.MaxAgeExceeded(s.period, s.hasPeriod, PolicyFamily, s.pol, s.ref, &s.f)
	c.NirFound = s.nirFound()
	c.NirValid = s.nirValid()
	c.CompanyIdValid, c.CompanyOfficeIdValid = company.IDControls(s.id, &s.f)
	c.CompanyConnectorRequested, c.CompanyConnectorFailed = company.ConnectorControls(o, &s.f)
	c.CompanyOfficeAlive = company.CompanyOfficeAlive(s.id, o, &s.f)
	for _, p := range req.GetParticipants() {
		c.Participants = append(c.Participants, s.participant(p))
	}
	s.sanity()
	return &idcontrolv1.CheckPayslipResponse{Controls: c, Findings: s.f, ExtraData: company.ExtraData(o.Company)}, nil
}

// documentTypeMatch — « le type de document détecté est bien celui attendu
// (ce champ n'est pas présent si le type de document n'a pu être
// déterminé) »: the family the text reads as (doctype's anchors, as for
// every other family) is PAYSLIP. Absent without text or when no family
// wins clearly; the evidence is a finding. The text folded for the
// address searches is the one searched.
func (s *state) documentTypeMatch() *bool {
	var t document.Text
	if strings.TrimSpace(s.text) != "" {
		t = document.PrepareFolded(s.addressText().Folded())
	}
	return document.DocumentTypeMatch(t, document.Detect(t), []string{doctype.Payslip}, &s.f)
}

// dateFound — « la date du document a été trouvée dans le document »: the
// period date (documentDetails.periodDate, the start of the pay period) is
// given, or the text prints the period after the word période ("Période
// du 01/07/2020 au 31/07/2020", "Période : juillet 2020"). A malformed
// documentDetails.periodDate is refused as bad input, not read as absent.
func (s *state) dateFound() *bool {
	if !s.hasPeriod {
		s.f.Add("dateFound", "", "DATE_MISSING", "No period date was read on the payslip: neither documentDetails.periodDate nor a period in the text.")
		return checks.Bool(false)
	}
	return checks.Bool(true)
}
