package address

import (
	"slices"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/document"
	"github.com/idcontrol/idcontrol/civil"
	"github.com/idcontrol/idcontrol/doctype"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
)

// ProofTypes are the document types of a proof of address.
var ProofTypes = []string{doctype.Invoice, doctype.Schedule, doctype.PropertyTax, doctype.HomeInsurance}

// ageKey is the policy's maxDocumentAgeDays key of each type.
var ageKey = map[string]string{
	doctype.Invoice:       "invoice",
	doctype.Schedule:      "schedule",
	doctype.PropertyTax:   "propertyTax",
	doctype.HomeInsurance: "homeInsurance",
}

// proof is what the controls read from the request.
type proof struct {
	doc     *idcontrolv1.Document
	text    document.Text
	typ     string // declared, else detected when a proof of address; "" unknown
	issued  civil.Date
	hasDate bool
}

// CheckProofOfAddress computes the controls of a proof of address under
// pol at the reference date ref.
func CheckProofOfAddress(req *idcontrolv1.CheckProofOfAddressRequest, pol policy.Effective, ref civil.Date) (*idcontrolv1.CheckProofOfAddressResponse, error) {
	doc := req.GetDocument()
	var v checks.Violations
	if t := doc.GetType(); t != "" && !slices.Contains(ProofTypes, t) {
		v.Add("document.type", "WRONG_DOCUMENT_TYPE", "must be INVOICE, SCHEDULE, PROPERTY_TAX or HOME_INSURANCE (or empty) for CheckProofOfAddress")
	}
	p := proof{doc: doc, text: document.PrepareText(doc.GetText()), typ: doc.GetType()}
	p.issued, p.hasDate = checks.ParseDate(&v, "document.documentDetails.issuanceDate", doc.GetDocumentDetails().GetIssuanceDate(), false)
	if err := v.Err(); err != nil {
		return nil, err
	}

	var f checks.Findings
	c := &idcontrolv1.ProofOfAddressControls{}
	det := document.Detect(p.text)
	expected := ProofTypes
	if p.typ != "" {
		expected = []string{p.typ}
	} else if slices.Contains(ProofTypes, det.Type) {
		p.typ = det.Type
	}
	c.DocumentTypeMatch = document.DocumentTypeMatch(p.text, det, expected, &f)
	if dated(p.typ, pol, &f) {
		c.DateFound = dateFound(p, &f)
		c.MaxAgeExceeded = document.MaxAgeExceeded(p.issued, p.hasDate, ageKey[p.typ], pol, ref, &f)
	}
	c.ContainsAnnotations = document.ContainsAnnotations(doc, &f)
	c.ContainsTamperingSign = document.ContainsTamperingSign(doc, &f)
	kw := document.KeywordControls(p.text, pol, &f)
	c.KeywordsWhitelist, c.KeywordsBlacklist = kw.Whitelist, kw.Blacklist
	c.KeywordsParticipantAlert, c.KeywordsOperatorAlert, c.KeywordsOperatorInfo = kw.ParticipantAlert, kw.OperatorAlert, kw.OperatorInfo

	o := newOwners(doc)
	for _, pt := range req.GetParticipants() {
		c.Participants = append(c.Participants, &idcontrolv1.ProofOfAddressParticipantControls{
			Owner:              pt.GetUuid(),
			NameFound:          document.NameFound(pt, o.text, &f),
			PostalAddressFound: document.PostalAddressFound(pt, o.text+"\n"+o.address, &f),
			PostalAddressMatch: postalAddressMatch(pt, o, &f),
		})
	}
	return &idcontrolv1.CheckProofOfAddressResponse{Controls: c, Findings: f, DetectedType: document.DetectionProto(det)}, nil
}

// dated reports whether the reference has dateFound and maxAgeExceeded for
// the type: invoices and home insurance always (« seulement pour les
// factures », and the home insurance's maxAgeExceeded); schedules and
// property tax when the operator set a maximum age for them.
func dated(typ string, pol policy.Effective, f *checks.Findings) bool {
	switch typ {
	case doctype.Invoice, doctype.HomeInsurance:
		return true
	case doctype.Schedule, doctype.PropertyTax:
		_, ok := pol.MaxDocumentAgeDays[ageKey[typ]]
		return ok
	case "":
		f.Add("dateFound", "", "TYPE_UNDETERMINED", "The document's type is neither declared nor detected: whether its date is controlled is unknown.")
	}
	return false
}

// dateFound — « la date du document a été trouvée dans le document
// (seulement pour les factures) »: the document's date was extracted
// (documentDetails.issuanceDate).
func dateFound(p proof, f *checks.Findings) *bool {
	if !p.hasDate {
		f.Add("dateFound", "", "DATE_MISSING", "The document's date was not extracted (documentDetails.issuanceDate).")
		return checks.Bool(false)
	}
	return checks.Bool(true)
}
