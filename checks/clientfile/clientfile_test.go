package clientfile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/company"
	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/protobuf/proto"
)

var jean = &idcontrolv1.Participant{
	Uuid: "p1", FirstName: "Jean", LastName: "Dupont", Iban: "FR7630006000011234567890189",
	PostalAddress: &idcontrolv1.PostalAddress{PostalAddress1: "12 bis avenue du Général Leclerc", PostalCode: "75014", PostalCity: "Paris"},
}

func ref() civil.Date { return civil.Date{Year: 2024, Month: 4, Day: 1} }

func file(docs ...*idcontrolv1.Document) *idcontrolv1.CheckClientFileRequest {
	return &idcontrolv1.CheckClientFileRequest{ClientFile: &idcontrolv1.ClientFile{Participants: []*idcontrolv1.Participant{jean}}, Documents: docs}
}

// familyOf names the family a result was routed to, "" when none.
func familyOf(r *idcontrolv1.ClientFileDocumentResult) string {
	switch r.Family.(type) {
	case *idcontrolv1.ClientFileDocumentResult_IdentityDocument:
		return "identity"
	case *idcontrolv1.ClientFileDocumentResult_BankDetails:
		return "bank"
	case *idcontrolv1.ClientFileDocumentResult_Payslip:
		return "payslip"
	case *idcontrolv1.ClientFileDocumentResult_TaxNotice:
		return "taxNotice"
	case *idcontrolv1.ClientFileDocumentResult_ProofOfAddress:
		return "proofOfAddress"
	case *idcontrolv1.ClientFileDocumentResult_SupportingDocument:
		return "supporting"
	}
	return ""
}

func TestRouting(t *testing.T) {
	t.Parallel()
	cases := []struct {
		doc         *idcontrolv1.Document
		wantFamily  string
		wantFinding string
	}{
		{&idcontrolv1.Document{Id: "a", Type: "ID_CARD"}, "identity", ""},
		{&idcontrolv1.Document{Id: "b", Type: "PASSPORT"}, "identity", ""},
		{&idcontrolv1.Document{Id: "c", Type: "RESIDENCE_PERMIT"}, "identity", ""},
		{&idcontrolv1.Document{Id: "d", Type: "RIB", DocumentDetails: &idcontrolv1.DocumentDetails{Iban: "FR7630006000011234567890189"}}, "bank", ""},
		{&idcontrolv1.Document{Id: "e", Type: "TAX_NOTICE"}, "taxNotice", ""},
		{&idcontrolv1.Document{Id: "f", Type: "INVOICE"}, "proofOfAddress", ""},
		{&idcontrolv1.Document{Id: "g", Type: "SCHEDULE"}, "proofOfAddress", ""},
		{&idcontrolv1.Document{Id: "h", Type: "PROPERTY_TAX"}, "proofOfAddress", ""},
		{&idcontrolv1.Document{Id: "i", Type: "HOME_INSURANCE"}, "proofOfAddress", ""},
		{&idcontrolv1.Document{Id: "j", Type: "PENSION"}, "supporting", ""},
		{&idcontrolv1.Document{Id: "k", Type: "CAF_CERTIFICATE"}, "supporting", ""},
		{&idcontrolv1.Document{Id: "l", Type: "OTHER"}, "supporting", ""},
		{&idcontrolv1.Document{Id: "m", Type: "PAYSLIP"}, "payslip", ""},
		{&idcontrolv1.Document{Id: "n", Text: "RELEVÉ D'IDENTITÉ BANCAIRE IBAN FR76 3000 6000 0112 3456 7890 189"}, "bank", "TYPE_FROM_TEXT"},
		{&idcontrolv1.Document{Id: "o", Text: "Bonjour"}, "", "TYPE_UNDETERMINED"},
		{&idcontrolv1.Document{Id: "p", Text: "BULLETIN DE PAIE"}, "payslip", "TYPE_FROM_TEXT"},
		{&idcontrolv1.Document{Id: "q", Type: "DRIVING_LICENCE"}, "", "FAMILY_NOT_AVAILABLE"},
	}
	var docs []*idcontrolv1.Document
	for _, c := range cases {
		docs = append(docs, c.doc)
	}
	resp, err := Check(context.Background(), file(docs...), policy.Resolve(nil), ref(), Deps{})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Documents) != len(cases) {
		t.Fatalf("%d answers for %d documents", len(resp.Documents), len(cases))
	}
	for i, c := range cases {
		r := resp.Documents[i]
		if r.Id != c.doc.Id || r.Type != c.doc.Type {
			t.Errorf("answer %d is %s/%s, want %s/%s: input order lost", i, r.Id, r.Type, c.doc.Id, c.doc.Type)
		}
		if got := familyOf(r); got != c.wantFamily {
			t.Errorf("%s (%s): routed to %q, want %q", c.doc.Id, c.doc.Type, got, c.wantFamily)
		}
		var codes []string
		for _, f := range r.Findings {
			codes = append(codes, f.Code)
		}
		if (c.wantFinding == "") != (len(codes) == 0) || (c.wantFinding != "" && !slices.Contains(codes, c.wantFinding)) {
			t.Errorf("%s: findings %q, want %q", c.doc.Id, codes, c.wantFinding)
		}
	}
	// The file's participants reach the families.
	if ps := resp.Documents[5].GetProofOfAddress().GetControls().GetParticipants(); len(ps) != 1 || ps[0].Owner != "p1" {
		t.Errorf("invoice participants: %v", ps)
	}
	if ps := resp.Documents[11].GetSupportingDocument().GetControls().GetParticipants(); len(ps) != 0 {
		t.Errorf("an OTHER document got per-owner controls: %v", ps)
	}
}

func TestLimits(t *testing.T) {
	t.Parallel()
	many := make([]*idcontrolv1.Document, 21)
	for i := range many {
		many[i] = &idcontrolv1.Document{Type: "OTHER"}
	}
	_, err := Check(context.Background(), file(many...), policy.Resolve(nil), ref(), Deps{})
	var v checks.Violations
	if !errors.As(err, &v) || v[0].Field != "documents" || v[0].Reason != "TOO_MANY_DOCUMENTS" {
		t.Errorf("21 documents under the default limit: %v", err)
	}
	if _, err := Check(context.Background(), file(many[:20]...), policy.Resolve(nil), ref(), Deps{}); err != nil {
		t.Errorf("20 documents: %v", err)
	}
	if _, err := Check(context.Background(), file(many[:3]...), policy.Resolve(&idcontrolv1.Policy{MaxDocumentsPerFile: proto.Int32(2)}), ref(), Deps{}); err == nil {
		t.Error("3 documents over a limit of 2 must be refused")
	}
}

func TestViolationsNameTheDocument(t *testing.T) {
	t.Parallel()
	_, err := Check(context.Background(), file(
		&idcontrolv1.Document{Type: "OTHER"},
		&idcontrolv1.Document{Type: "INVOICE", DocumentDetails: &idcontrolv1.DocumentDetails{IssuanceDate: "12/03/2024"}},
	), policy.Resolve(nil), ref(), Deps{})
	var v checks.Violations
	if !errors.As(err, &v) || len(v) != 1 || v[0].Field != "documents[1].documentDetails.issuanceDate" {
		t.Errorf("got %v", err)
	}
}

func BenchmarkCheck10(b *testing.B) {
	docs := make([]*idcontrolv1.Document, 0, 10)
	for i := range 10 {
		switch i % 3 {
		case 0:
			docs = append(docs, &idcontrolv1.Document{Id: fmt.Sprint(i), Type: "RIB", DocumentDetails: &idcontrolv1.DocumentDetails{Iban: "FR76 3000 6000 0112 3456 7890 189"},
				Text: "RELEVE D'IDENTITE BANCAIRE\nTitulaire du compte : M JEAN DUPONT\n12 BIS AV DU GENERAL LECLERC\n75014 PARIS\nIBAN FR76 3000 6000 0112 3456 7890 189"})
		case 1:
			docs = append(docs, &idcontrolv1.Document{Id: fmt.Sprint(i), Type: "INVOICE", DocumentDetails: &idcontrolv1.DocumentDetails{Address: "12 BIS AV DU GAL LECLERC 75014 PARIS", IssuanceDate: "2024-03-12"},
				Text: "EDF\nFacture du 12/03/2024\nM JEAN DUPONT\n12 BIS AV DU GAL LECLERC\n75014 PARIS\nMontant TTC 84,20 €"})
		default:
			docs = append(docs, &idcontrolv1.Document{Id: fmt.Sprint(i), Type: "CAF_CERTIFICATE",
				Text: "CAISSE D'ALLOCATIONS FAMILIALES\nAttestation de paiement\nM JEAN DUPONT\n12 BIS AV DU GAL LECLERC\n75014 PARIS"})
		}
	}
	req := file(docs...)
	pol := policy.Resolve(&idcontrolv1.Policy{MaxDocumentAgeDays: map[string]int32{"invoice": 90}})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Check(context.Background(), req, pol, ref(), Deps{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDeadline(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Check(ctx, file(&idcontrolv1.Document{Type: "OTHER"}), policy.Resolve(nil), ref(), Deps{}); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want the context's error", err)
	}
}

// TestPayslipEmployerLookedUp: a payslip's employer goes to the injected
// registry lookup, and the connector's answer reaches the payslip's controls.
func TestPayslipEmployerLookedUp(t *testing.T) {
	t.Parallel()
	doc := &idcontrolv1.Document{Type: "PAYSLIP", DocumentDetails: &idcontrolv1.DocumentDetails{LegalEntityOfficeId: "73282932000074"}}
	var asked []string
	deps := Deps{LookupCompany: func(id company.ID, supplied *idcontrolv1.CompanyRecord) company.Outcome {
		asked = append(asked, id.LookupKey())
		return company.Outcome{Requested: true, Err: errors.New("registry down"), Key: id.LookupKey()}
	}}
	resp, err := Check(context.Background(), file(doc), policy.Resolve(nil), ref(), deps)
	if err != nil {
		t.Fatal(err)
	}
	c := resp.Documents[0].GetPayslip().GetControls()
	if len(asked) != 1 || c.CompanyConnectorRequested == nil || !*c.CompanyConnectorRequested || c.CompanyConnectorFailed == nil || !*c.CompanyConnectorFailed {
		t.Errorf("asked %v; controls %v", asked, c)
	}
	// Without a lookup the connector is off: requested false, no call.
	resp, err = Check(context.Background(), file(doc), policy.Resolve(nil), ref(), Deps{})
	if err != nil {
		t.Fatal(err)
	}
	if c := resp.Documents[0].GetPayslip().GetControls(); c.CompanyConnectorRequested == nil || *c.CompanyConnectorRequested {
		t.Errorf("without a connector: %v", c)
	}
}
