// Package clientfile runs a whole client file: each document goes to its
// family's checks (identity, bank details, payslip, tax notice, proofs of
// address, supporting documents) with the file's participants, legal entity, policy
// and reference date, and is answered in the order sent. A document whose
// family cannot be told or is not available is answered with a finding.
package clientfile

import (
	"context"
	"fmt"
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/address"
	"github.com/idcontrol/idcontrol/checks/bank"
	"github.com/idcontrol/idcontrol/checks/company"
	"github.com/idcontrol/idcontrol/checks/doc2d"
	"github.com/idcontrol/idcontrol/checks/identity"
	"github.com/idcontrol/idcontrol/checks/payslip"
	"github.com/idcontrol/idcontrol/checks/taxnotice"
	"github.com/idcontrol/idcontrol/civil"
	"github.com/idcontrol/idcontrol/doctype"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
)

// Deps are what the families need beyond the request, injected by the
// caller: the 2D-Doc trust store and the company-registry lookup. The zero
// Deps has neither (doc2DValid absent, the connector off).
type Deps struct {
	Trust *doc2d.TrustStore
	// LookupCompany asks the registry for a payslip's employer; nil is the
	// connector off.
	LookupCompany func(id company.ID, supplied *idcontrolv1.CompanyRecord) company.Outcome
}

func (d Deps) lookup(id company.ID, supplied *idcontrolv1.CompanyRecord) company.Outcome {
	if d.LookupCompany == nil {
		return company.Lookup(context.Background(), nil, id, supplied)
	}
	return d.LookupCompany(id, supplied)
}

// Check answers every document of req under pol at ref. The file's size
// beyond the policy's maxDocumentsPerFile, and a document's bad field, are
// violations naming documents[i]; anything else is an answer. A context
// done between two documents (the RPC's deadline) stops the file with its
// error.
func Check(ctx context.Context, req *idcontrolv1.CheckClientFileRequest, pol policy.Effective, ref civil.Date, deps Deps) (*idcontrolv1.CheckClientFileResponse, error) {
	docs := req.GetDocuments()
	if len(docs) > pol.MaxDocumentsPerFile {
		var v checks.Violations
		v.Add("documents", "TOO_MANY_DOCUMENTS", fmt.Sprintf("must hold at most %d documents (the policy's maxDocumentsPerFile)", pol.MaxDocumentsPerFile))
		return nil, v
	}
	resp := &idcontrolv1.CheckClientFileResponse{Documents: make([]*idcontrolv1.ClientFileDocumentResult, len(docs))}
	var bad checks.Violations
	for i, doc := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r, err := route(req.GetClientFile(), doc, pol, ref, deps)
		if err != nil {
			bad = append(bad, prefixed(err, i)...)
			continue
		}
		resp.Documents[i] = r
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	resp.Coherence = coherence(req, resp)
	decide(resp, pol.DecisionRules)
	return resp, nil
}

// family tells which checks a document type goes to.
func family(typ string) string {
	switch typ {
	case doctype.IDCard, doctype.Passport, doctype.ResidencePermit:
		return "identity"
	case doctype.RIB:
		return "bank"
	case doctype.Payslip:
		return "payslip"
	case doctype.TaxNotice:
		return "taxNotice"
	case doctype.Invoice, doctype.Schedule, doctype.PropertyTax, doctype.HomeInsurance:
		return "proofOfAddress"
	case doctype.Pension, doctype.CAFCertificate, doctype.Other:
		return "supporting"
	}
	return ""
}

func route(cf *idcontrolv1.ClientFile, doc *idcontrolv1.Document, pol policy.Effective, ref civil.Date, deps Deps) (*idcontrolv1.ClientFileDocumentResult, error) {
	r := &idcontrolv1.ClientFileDocumentResult{Id: doc.GetId(), Type: doc.GetType()}
	ps := cf.GetParticipants()
	typ := doc.GetType()
	if typ == "" {
		// Routed by what the text reads as; the family then checks it
		// as of any of its types.
		if d := doctype.Detect(doc.GetText()); d.Type != "" {
			typ = d.Type
			r.Findings = append(r.Findings, &idcontrolv1.Finding{Control: "documentTypeMatch", Code: "TYPE_FROM_TEXT",
				Message: fmt.Sprintf("The document has no type; its text reads as %s (%s), the family it was checked as.", d.Type, strings.Join(d.Evidence, ", "))})
		}
	}
	switch family(typ) {
	case "identity":
		req := &idcontrolv1.CheckIdentityDocumentRequest{Document: doc, Participants: ps}
		resp, err := identity.CheckWithTwoDDoc(req, pol, ref, deps.Trust)
		if err != nil {
			return nil, err
		}
		r.Family = &idcontrolv1.ClientFileDocumentResult_IdentityDocument{IdentityDocument: resp}
	case "bank":
		resp, err := bank.Check(&idcontrolv1.CheckBankDetailsRequest{Document: doc, Participants: ps, LegalEntity: cf.GetLegalEntity()}, pol)
		if err != nil {
			return nil, err
		}
		r.Family = &idcontrolv1.ClientFileDocumentResult_BankDetails{BankDetails: resp}
	case "payslip":
		req := &idcontrolv1.CheckPayslipRequest{Document: doc, Participants: ps, LegalEntity: cf.GetLegalEntity()}
		if err := payslip.Validate(req); err != nil {
			return nil, err
		}
		id := payslip.ID(req)
		resp, err := payslip.Check(req, pol, ref, deps.lookup(id, payslip.Supplied(req, id)))
		if err != nil {
			return nil, err
		}
		r.Family = &idcontrolv1.ClientFileDocumentResult_Payslip{Payslip: resp}
	case "taxNotice":
		resp, err := taxnotice.Check(&idcontrolv1.CheckTaxNoticeRequest{Document: doc, Participants: ps}, pol, ref, deps.Trust)
		if err != nil {
			return nil, err
		}
		r.Family = &idcontrolv1.ClientFileDocumentResult_TaxNotice{TaxNotice: resp}
	case "proofOfAddress":
		resp, err := address.CheckProofOfAddress(&idcontrolv1.CheckProofOfAddressRequest{Document: doc, Participants: ps}, pol, ref)
		if err != nil {
			return nil, err
		}
		r.Family = &idcontrolv1.ClientFileDocumentResult_ProofOfAddress{ProofOfAddress: resp}
	case "supporting":
		var owners []*idcontrolv1.Participant
		if typ != doctype.Other {
			owners = ps // other documents have keyword controls only
		}
		resp, err := address.CheckSupportingDocument(&idcontrolv1.CheckSupportingDocumentRequest{Document: doc, Participants: owners}, pol)
		if err != nil {
			return nil, err
		}
		r.Family = &idcontrolv1.ClientFileDocumentResult_SupportingDocument{SupportingDocument: resp}
	default:
		unrouted(r, typ)
	}
	return r, nil
}

// unrouted explains a document no family answers: no type and none read
// from the text, or a type whose family this server does not run yet.
func unrouted(r *idcontrolv1.ClientFileDocumentResult, typ string) {
	if typ == "" {
		r.Findings = append(r.Findings, &idcontrolv1.Finding{Control: "documentTypeMatch", Code: "TYPE_UNDETERMINED",
			Message: "The document has no type and its text reads as no family clearly: it was not checked."})
		return
	}
	r.Findings = append(r.Findings, &idcontrolv1.Finding{Control: "documentTypeMatch", Code: "FAMILY_NOT_AVAILABLE",
		Message: "No family of this server checks documents of type " + typ + " yet: it was not checked."})
}

// prefixed renames a family's violations ("document.x") after the
// document's place in the file ("documents[i].x").
func prefixed(err error, i int) checks.Violations {
	v, ok := err.(checks.Violations)
	if !ok {
		return checks.Violations{{Field: fmt.Sprintf("documents[%d]", i), Reason: "INVALID", Description: "is not a valid document"}}
	}
	out := make(checks.Violations, len(v))
	for k, x := range v {
		field := x.Field
		switch {
		case strings.HasPrefix(field, "document."):
			field = fmt.Sprintf("documents[%d].", i) + strings.TrimPrefix(field, "document.")
		case field == "document":
			field = fmt.Sprintf("documents[%d]", i)
		case strings.HasPrefix(field, "participants"), strings.HasPrefix(field, "legalEntity"):
			field = "clientFile." + field
		default:
			field = fmt.Sprintf("documents[%d].", i) + field
		}
		x.Field = field
		out[k] = x
	}
	return out
}
