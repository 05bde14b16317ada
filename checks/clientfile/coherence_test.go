package clientfile

import (
	"context"
	"slices"
	"testing"

	"github.com/idcontrol/idcontrol/checks"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
)

// Documents of one honest file: Jean Dupont, born 1985-04-12, at 12 bis
// avenue du Général Leclerc, 75014 Paris.
func idCard(first, last, birthName, birthDate string) *idcontrolv1.Document {
	return &idcontrolv1.Document{Id: "id", Type: "ID_CARD", Data: &idcontrolv1.DocumentData{Informations: &idcontrolv1.Informations{
		Holder: &idcontrolv1.HolderInformation{FirstName: first, LastName: last, BirthName: birthName, BirthDate: birthDate}}}}
}

func payslipOf(first, last, text string) *idcontrolv1.Document {
	return &idcontrolv1.Document{Id: "pay", Type: "PAYSLIP", Text: text,
		DocumentDetails: &idcontrolv1.DocumentDetails{FirstName: first, LastName: last, Address: "1 RUE DE L'USINE 69001 LYON", PeriodDate: "2024-03-01"}}
}

func taxNoticeOf(full, address string) *idcontrolv1.Document {
	return &idcontrolv1.Document{Id: "tax", Type: "TAX_NOTICE", DocumentDetails: &idcontrolv1.DocumentDetails{FullName1: full, Address: address}}
}

func invoiceOf(address, text string) *idcontrolv1.Document {
	return &idcontrolv1.Document{Id: "inv", Type: "INVOICE", Text: text, DocumentDetails: &idcontrolv1.DocumentDetails{Address: address, IssuanceDate: "2024-03-12"}}
}

func ribOf(text string) *idcontrolv1.Document {
	return &idcontrolv1.Document{Id: "rib", Type: "RIB", Text: text, DocumentDetails: &idcontrolv1.DocumentDetails{Iban: "FR7630006000011234567890189"}}
}

const (
	home        = "12 BIS AV DU GAL LECLERC 75014 PARIS"
	payslipText = "BULLETIN DE PAIE\nACME SA\n1 RUE DE L'USINE\n69001 LYON\nM JEAN DUPONT\n12 BIS AVENUE DU GENERAL LECLERC\n75014 PARIS\nNET A PAYER 2 100,00"
	invoiceText = "EDF\nFacture du 12/03/2024\nM JEAN DUPONT\n12 BIS AV DU GAL LECLERC\n75014 PARIS"
	ribText     = "RELEVE D'IDENTITE BANCAIRE\nTitulaire du compte : M JEAN DUPONT\nIBAN FR76 3000 6000 0112 3456 7890 189"
)

func honest() []*idcontrolv1.Document {
	return []*idcontrolv1.Document{
		idCard("JEAN", "DUPONT", "", "1985-04-12"),
		payslipOf("Jean", "Dupont", payslipText),
		taxNoticeOf("DUPONT JEAN", home),
		invoiceOf(home, invoiceText),
		ribOf(ribText),
	}
}

func checkFile(t *testing.T, req *idcontrolv1.CheckClientFileRequest, pol policy.Effective) *idcontrolv1.CheckClientFileResponse {
	t.Helper()
	resp, err := Check(context.Background(), req, pol, ref(), Deps{})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func show(b *bool) string {
	if b == nil {
		return "absent"
	}
	if *b {
		return "true"
	}
	return "false"
}

func findingCodes(f []*idcontrolv1.Finding, control string) []string {
	var out []string
	for _, x := range f {
		if x.GetControl() == control {
			out = append(out, x.GetCode())
		}
	}
	return out
}

func TestSameIdentity(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		edit func(docs []*idcontrolv1.Document) []*idcontrolv1.Document
		want string
		code string // the finding expected when not true
	}{
		{"honest file", func(d []*idcontrolv1.Document) []*idcontrolv1.Document { return d }, "true", ""},
		{"same surname, another given name on the payslip", func(d []*idcontrolv1.Document) []*idcontrolv1.Document {
			d[1] = payslipOf("Pierre", "Dupont", payslipText)
			return d
		}, "false", "NAME_MISMATCH"},
		{"same surname, another given name in the invoice's text", func(d []*idcontrolv1.Document) []*idcontrolv1.Document {
			d[3] = invoiceOf(home, "EDF\nMME MARIE DUPONT\n12 BIS AV DU GAL LECLERC\n75014 PARIS")
			return d
		}, "false", "NAME_MISMATCH"},
		{"tax notice of another declarant", func(d []*idcontrolv1.Document) []*idcontrolv1.Document {
			d[2] = taxNoticeOf("DURAND JEAN", home)
			return d
		}, "false", "NAME_MISMATCH"},
		{"a different birth date on one document", func(d []*idcontrolv1.Document) []*idcontrolv1.Document {
			d[3].Data = &idcontrolv1.DocumentData{Informations: &idcontrolv1.Informations{Holder: &idcontrolv1.HolderInformation{BirthDate: "1985-12-04"}}}
			return d
		}, "false", "BIRTH_DATE_MISMATCH"},
		{"a birth date known by its year only agrees", func(d []*idcontrolv1.Document) []*idcontrolv1.Document {
			d[3].Data = &idcontrolv1.DocumentData{Informations: &idcontrolv1.Informations{Holder: &idcontrolv1.HolderInformation{BirthDate: "1985-XX-XX"}}}
			return d
		}, "true", ""},
		{"usage name on the card, birth name on the payslip", func(d []*idcontrolv1.Document) []*idcontrolv1.Document {
			d[0] = idCard("JEAN", "MARTIN", "DUPONT", "1985-04-12")
			return d
		}, "true", ""},
		{"one of several given names on the payslip", func(d []*idcontrolv1.Document) []*idcontrolv1.Document {
			d[0] = idCard("JEAN PAUL MARIE", "DUPONT", "", "1985-04-12")
			return d
		}, "true", ""},
		{"a RIB of someone else", func(d []*idcontrolv1.Document) []*idcontrolv1.Document {
			d[4] = ribOf("RELEVE D'IDENTITE BANCAIRE\nTitulaire du compte : M PAUL DUPONT\nIBAN FR76 3000 6000 0112 3456 7890 189")
			return d
		}, "false", "NAME_MISMATCH"},
		{"one document only", func(d []*idcontrolv1.Document) []*idcontrolv1.Document { return d[:1] }, "absent", "TOO_FEW_DOCUMENTS"},
		{"no document with names as fields", func(d []*idcontrolv1.Document) []*idcontrolv1.Document { return d[3:] }, "absent", "TOO_FEW_DOCUMENTS"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			resp := checkFile(t, file(c.edit(honest())...), policy.Resolve(nil))
			pc := resp.GetCoherence().GetParticipants()[0]
			if got := show(pc.SameIdentity); got != c.want {
				t.Fatalf("sameIdentity %s, want %s; comparisons %v; findings %v", got, c.want, pc.GetComparisons(), pc.GetFindings())
			}
			if codes := findingCodes(pc.GetFindings(), ctlSameIdentity); c.code != "" && !slices.Contains(codes, c.code) || c.code == "" && len(codes) > 0 {
				t.Errorf("findings %v, want %q", codes, c.code)
			}
			if c.want == "false" && !slices.ContainsFunc(resp.GetReasons(), func(r *idcontrolv1.DecisionReason) bool {
				return r.GetFamily() == CoherenceFamily && r.GetControl() == "participants.sameIdentity" && r.GetOwner() == "p1" && r.DocumentIndex == nil
			}) {
				t.Errorf("the failed control is not among the reasons: %v", resp.GetReasons())
			}
		})
	}
}

// TestSameIdentityComparisons: every comparison names both documents, and
// the identity document is the reference even when it comes last.
func TestSameIdentityComparisons(t *testing.T) {
	t.Parallel()
	docs := honest()
	docs = append(docs[1:], docs[0])
	pc := checkFile(t, file(docs...), policy.Resolve(nil)).GetCoherence().GetParticipants()[0]
	var compared []int32
	for _, c := range pc.GetComparisons() {
		if c.GetControl() != ctlSameIdentity {
			continue
		}
		if c.GetReferenceIndex() != 4 || c.GetReferenceId() != "id" || !c.GetMatch() {
			t.Errorf("comparison %v", c)
		}
		compared = append(compared, c.GetDocumentIndex())
	}
	if want := []int32{0, 1, 2, 3}; !slices.Equal(compared, want) {
		t.Errorf("compared documents %v, want %v", compared, want)
	}
}

func TestSameAddress(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		edit func(docs []*idcontrolv1.Document) []*idcontrolv1.Document
		want string
		code string
	}{
		{"one address written three ways", func(d []*idcontrolv1.Document) []*idcontrolv1.Document { return d }, "true", ""},
		{"the tax notice at another address", func(d []*idcontrolv1.Document) []*idcontrolv1.Document {
			d[2] = taxNoticeOf("DUPONT JEAN", "5 RUE DE LA PAIX 75002 PARIS")
			return d
		}, "false", "ADDRESS_MISMATCH"},
		{"another street number", func(d []*idcontrolv1.Document) []*idcontrolv1.Document {
			d[2] = taxNoticeOf("DUPONT JEAN", "14 AV DU GAL LECLERC 75014 PARIS")
			return d
		}, "false", "ADDRESS_MISMATCH"},
		{"the payslip at another home (the employer's address aside)", func(d []*idcontrolv1.Document) []*idcontrolv1.Document {
			d[1] = payslipOf("Jean", "Dupont", "BULLETIN DE PAIE\nACME SA\n1 RUE DE L'USINE\n69001 LYON\nM JEAN DUPONT\n3 RUE DES LILAS\n33000 BORDEAUX")
			return d
		}, "false", "ADDRESS_MISMATCH"},
		{"a payslip printing only its employer's address carries none", func(d []*idcontrolv1.Document) []*idcontrolv1.Document {
			d[1] = payslipOf("Jean", "Dupont", "BULLETIN DE PAIE\nACME SA\n1 RUE DE L'USINE\n69001 LYON\nM JEAN DUPONT")
			return d
		}, "true", ""},
		{"a tax notice whose text holds another address", func(d []*idcontrolv1.Document) []*idcontrolv1.Document {
			d[2] = taxNoticeOf("DUPONT JEAN", "")
			d[2].Text = "AVIS D'IMPOT 2023\nM DUPONT JEAN\n8 RUE DU MOULIN\n13001 MARSEILLE"
			return d
		}, "false", "ADDRESS_MISMATCH"},
		{"no address as a field", func(d []*idcontrolv1.Document) []*idcontrolv1.Document {
			return []*idcontrolv1.Document{d[0], payslipOf("Jean", "Dupont", payslipText)}
		}, "absent", "TOO_FEW_DOCUMENTS"},
		{"a proof alone", func(d []*idcontrolv1.Document) []*idcontrolv1.Document { return d[3:4] }, "absent", "TOO_FEW_DOCUMENTS"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			pc := checkFile(t, file(c.edit(honest())...), policy.Resolve(nil)).GetCoherence().GetParticipants()[0]
			if got := show(pc.SameAddress); got != c.want {
				t.Fatalf("sameAddress %s, want %s; comparisons %v; findings %v", got, c.want, pc.GetComparisons(), pc.GetFindings())
			}
			if codes := findingCodes(pc.GetFindings(), ctlSameAddress); c.code != "" && !slices.Contains(codes, c.code) || c.code == "" && len(codes) > 0 {
				t.Errorf("findings %v, want %q", codes, c.code)
			}
		})
	}
}

// TestRIBHolderAndEmployer reads the families' own controls: built here as
// the families would answer them.
func TestRIBHolderAndEmployer(t *testing.T) {
	t.Parallel()
	bank := func(person, entity *bool) *idcontrolv1.ClientFileDocumentResult {
		return &idcontrolv1.ClientFileDocumentResult{Family: &idcontrolv1.ClientFileDocumentResult_BankDetails{BankDetails: &idcontrolv1.CheckBankDetailsResponse{
			Controls: &idcontrolv1.BankDetailsControls{LegalEntityNameFound: entity, Participants: []*idcontrolv1.BankParticipantControls{{Owner: "p1", NameFound: person}}}}}}
	}
	pay := func(alive *bool) *idcontrolv1.ClientFileDocumentResult {
		return &idcontrolv1.ClientFileDocumentResult{Family: &idcontrolv1.ClientFileDocumentResult_Payslip{Payslip: &idcontrolv1.CheckPayslipResponse{
			Controls: &idcontrolv1.PayslipControls{CompanyOfficeAlive: alive}}}}
	}
	yes, no := checks.Bool(true), checks.Bool(false)
	cases := []struct {
		name          string
		results       []*idcontrolv1.ClientFileDocumentResult
		rib, employer string
	}{
		{"the participant's RIB, a live employer", []*idcontrolv1.ClientFileDocumentResult{bank(yes, nil), pay(yes)}, "true", "true"},
		{"the company's RIB", []*idcontrolv1.ClientFileDocumentResult{bank(no, yes)}, "true", "absent"},
		{"a stranger's RIB, a closed employer", []*idcontrolv1.ClientFileDocumentResult{bank(no, no), pay(no)}, "false", "false"},
		{"one good RIB, one stranger's", []*idcontrolv1.ClientFileDocumentResult{bank(yes, nil), bank(no, nil)}, "false", "absent"},
		{"nothing computed", []*idcontrolv1.ClientFileDocumentResult{bank(nil, nil), pay(nil)}, "absent", "absent"},
		{"one closed employer of two", []*idcontrolv1.ClientFileDocumentResult{pay(yes), pay(no)}, "absent", "false"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			req := file(make([]*idcontrolv1.Document, len(c.results))...)
			for i := range req.Documents {
				req.Documents[i] = &idcontrolv1.Document{}
			}
			pc := coherence(req, &idcontrolv1.CheckClientFileResponse{Documents: c.results}).GetParticipants()[0]
			if got := show(pc.RibHolderKnown); got != c.rib {
				t.Errorf("ribHolderKnown %s, want %s; %v", got, c.rib, pc.GetFindings())
			}
			if got := show(pc.EmployerAlive); got != c.employer {
				t.Errorf("employerAlive %s, want %s; %v", got, c.employer, pc.GetFindings())
			}
		})
	}
}

// TestCoherenceParticipants: documents go to the participant their
// participantUuid names; without one, in a file of two, to nobody, said.
func TestCoherenceParticipants(t *testing.T) {
	t.Parallel()
	marie := &idcontrolv1.Participant{Uuid: "p2", FirstName: "Marie", LastName: "Durand"}
	docs := honest()
	for _, d := range docs {
		d.ParticipantUuid = "p1"
	}
	card := idCard("MARIE", "DURAND", "", "1990-01-01")
	card.ParticipantUuid = "p2"
	stray := payslipOf("Marie", "Durand", "")
	docs = append(docs, card, stray)
	req := file(docs...)
	req.ClientFile.Participants = append(req.ClientFile.Participants, marie)
	resp := checkFile(t, req, policy.Resolve(nil))
	ps := resp.GetCoherence().GetParticipants()
	if len(ps) != 2 || ps[0].GetOwner() != "p1" || ps[1].GetOwner() != "p2" {
		t.Fatalf("participants %v", ps)
	}
	if show(ps[0].SameIdentity) != "true" || show(ps[1].SameIdentity) != "absent" {
		t.Errorf("sameIdentity p1 %s, p2 %s", show(ps[0].SameIdentity), show(ps[1].SameIdentity))
	}
	if !slices.Contains(findingCodes(ps[1].GetFindings(), CoherenceFamily), "DOCUMENTS_UNATTRIBUTED") {
		t.Errorf("p2 findings %v", ps[1].GetFindings())
	}
}

// TestCoherenceRules: a failed coherence control calls for a review by
// default, a policy rule may make it decline, and an absent one decides
// nothing.
func TestCoherenceRules(t *testing.T) {
	t.Parallel()
	docs := honest()
	docs[1] = payslipOf("Pierre", "Dupont", payslipText)
	got := checkFile(t, file(docs...), policy.Resolve(nil))
	if got.GetDecision() < review {
		t.Errorf("decision %v, want at least REVIEW", got.GetDecision())
	}
	pol := policy.Resolve(nil)
	pol.DecisionRules = []*idcontrolv1.DecisionRule{{Family: CoherenceFamily, Control: "participants.sameIdentity", Outcome: failed, Action: decline}}
	if got := checkFile(t, file(docs...), pol); got.GetDecision() != decline {
		t.Errorf("with the rule: decision %v, want DECLINE", got.GetDecision())
	}
	one := checkFile(t, file(idCard("JEAN", "DUPONT", "", "1985-04-12")), policy.Resolve(nil))
	for _, r := range one.GetReasons() {
		if r.GetFamily() == CoherenceFamily {
			t.Errorf("an absent coherence control decided: %v", r)
		}
	}
}

// BenchmarkCoherence measures the coherence controls alone on a ten-document
// file of one participant (the families' answers computed once).
func BenchmarkCoherence(b *testing.B) {
	docs := append(honest(), honest()...)
	req := file(docs...)
	resp, err := Check(context.Background(), req, policy.Resolve(nil), ref(), Deps{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		coherence(req, resp)
	}
}

// BenchmarkCheck10Families is BenchmarkCoherence's file through Check:
// every family, coherence and the decision.
func BenchmarkCheck10Families(b *testing.B) {
	req := file(append(honest(), honest()...)...)
	pol := policy.Resolve(nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Check(context.Background(), req, pol, ref(), Deps{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFamilyName: the reflection-free family name is familyResult's for
// every family of the oneof.
func TestFamilyName(t *testing.T) {
	t.Parallel()
	for _, r := range []*idcontrolv1.ClientFileDocumentResult{
		{Family: &idcontrolv1.ClientFileDocumentResult_IdentityDocument{IdentityDocument: &idcontrolv1.CheckIdentityDocumentResponse{}}},
		{Family: &idcontrolv1.ClientFileDocumentResult_BankDetails{BankDetails: &idcontrolv1.CheckBankDetailsResponse{}}},
		{Family: &idcontrolv1.ClientFileDocumentResult_TaxNotice{TaxNotice: &idcontrolv1.CheckTaxNoticeResponse{}}},
		{Family: &idcontrolv1.ClientFileDocumentResult_ProofOfAddress{ProofOfAddress: &idcontrolv1.CheckProofOfAddressResponse{}}},
		{Family: &idcontrolv1.ClientFileDocumentResult_SupportingDocument{SupportingDocument: &idcontrolv1.CheckSupportingDocumentResponse{}}},
		{Family: &idcontrolv1.ClientFileDocumentResult_Payslip{Payslip: &idcontrolv1.CheckPayslipResponse{}}},
		{},
	} {
		if want, _ := familyResult(r); familyName(r) != want {
			t.Errorf("familyName %q, familyResult %q", familyName(r), want)
		}
	}
	if n := (&idcontrolv1.ClientFileDocumentResult{}).ProtoReflect().Descriptor().Oneofs().ByName("family").Fields().Len(); n != 6 {
		t.Errorf("the family oneof has %d fields: familyName knows 6", n)
	}
}
