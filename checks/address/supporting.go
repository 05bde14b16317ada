package address

import (
	"slices"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/document"
	"github.com/idcontrol/idcontrol/doctype"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
)

// SupportingTypes are the document types of CheckSupportingDocument.
var SupportingTypes = []string{doctype.Pension, doctype.CAFCertificate, doctype.Other}

// CheckSupportingDocument computes the controls of a pension or CAF
// certificate, or the keyword controls of another document, under pol.
func CheckSupportingDocument(req *idcontrolv1.CheckSupportingDocumentRequest, pol policy.Effective) (*idcontrolv1.CheckSupportingDocumentResponse, error) {
	doc := req.GetDocument()
	var v checks.Violations
	typ := doc.GetType()
	if typ != "" && !slices.Contains(SupportingTypes, typ) {
		v.Add("document.type", "WRONG_DOCUMENT_TYPE", "must be PENSION, CAF_CERTIFICATE or OTHER (or empty) for CheckSupportingDocument")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}

	var f checks.Findings
	c := &idcontrolv1.SupportingDocumentControls{}
	text := document.PrepareText(doc.GetText())
	det := document.Detect(text)
	switch typ {
	case doctype.Other:
		// The reference gives other documents keyword controls only.
		f.Add("documentTypeMatch", "", "NO_EXPECTED_TYPE", "An OTHER document has no expected type to compare with.")
	case "":
		c.DocumentTypeMatch = document.DocumentTypeMatch(text, det, []string{doctype.Pension, doctype.CAFCertificate}, &f)
	default:
		c.DocumentTypeMatch = document.DocumentTypeMatch(text, det, []string{typ}, &f)
	}
	c.ContainsAnnotations = document.ContainsAnnotations(doc, &f)
	c.ContainsTamperingSign = document.ContainsTamperingSign(doc, &f)
	kw := document.KeywordControls(text, pol, &f)
	c.KeywordsWhitelist, c.KeywordsBlacklist = kw.Whitelist, kw.Blacklist
	c.KeywordsParticipantAlert, c.KeywordsOperatorAlert, c.KeywordsOperatorInfo = kw.ParticipantAlert, kw.OperatorAlert, kw.OperatorInfo

	if typ == doctype.Other {
		if len(req.GetParticipants()) > 0 {
			f.Add("participants", "", "NO_OWNER_CONTROLS", "The reference gives an OTHER document no per-owner controls: the participants were not compared.")
		}
		return &idcontrolv1.CheckSupportingDocumentResponse{Controls: c, Findings: f, DetectedType: document.DetectionProto(det)}, nil
	}
	o := newOwners(doc)
	for _, pt := range req.GetParticipants() {
		c.Participants = append(c.Participants, &idcontrolv1.SupportingParticipantControls{
			Owner:              pt.GetUuid(),
			NameFound:          document.NameFound(pt, o.text, &f),
			PostalAddressFound: document.PostalAddressFound(pt, o.text+"\n"+o.address, &f),
		})
	}
	return &idcontrolv1.CheckSupportingDocumentResponse{Controls: c, Findings: f, DetectedType: document.DetectionProto(det)}, nil
}
