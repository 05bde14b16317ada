package address

import (
	"slices"
	"strings"
	"testing"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/protobuf/proto"
)

const invoiceText = `EDF
Facture du 12/03/2024
N° de facture 10123456789
M JEAN DUPONT
12 BIS AV DU GAL LECLERC
75014 PARIS
Point de livraison 01234567890123
Montant TTC 84,20 €
EDF SA 22-30 avenue de Wagram 75008 Paris`

func jean() *idcontrolv1.Participant {
	return &idcontrolv1.Participant{
		Uuid: "p1", FirstName: "Jean", LastName: "Dupont",
		PostalAddress: &idcontrolv1.PostalAddress{PostalAddress1: "12 bis avenue du Général Leclerc", PostalCode: "75014", PostalCity: "Paris"},
	}
}

func ref(t *testing.T) civil.Date {
	t.Helper()
	d, err := civil.ParseISO("2024-04-01")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func b(v bool) *bool { return &v }

func eq(a, b *bool) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func show(p *bool) string {
	if p == nil {
		return "absent"
	}
	if *p {
		return "true"
	}
	return "false"
}

func hasFinding(fs []*idcontrolv1.Finding, control, code string) bool {
	return slices.ContainsFunc(fs, func(f *idcontrolv1.Finding) bool { return f.Control == control && f.Code == code })
}

func TestCheckProofOfAddress(t *testing.T) {
	t.Parallel()
	pol := policy.Resolve(&idcontrolv1.Policy{
		MaxDocumentAgeDays: map[string]int32{"invoice": 90, "homeInsurance": 365},
		KeywordsBlacklist:  []string{"RIB", "impayé(s)"},
		KeywordsWhitelist:  []string{"EDF"},
	})
	cases := []struct {
		name                            string
		doc                             *idcontrolv1.Document
		participant                     *idcontrolv1.Participant
		typeMatch, dateFound, maxAge    *bool
		nameFound, addrFound, addrMatch *bool
		whitelist, blacklist            []string
		finding                         [2]string // a finding that must be there
	}{
		{
			name: "reference invoice",
			doc: &idcontrolv1.Document{Type: "INVOICE", Text: invoiceText,
				DocumentDetails: &idcontrolv1.DocumentDetails{IssuanceDate: "2024-03-12"}},
			participant: jean(), typeMatch: b(true), dateFound: b(true), maxAge: b(false),
			nameFound: b(true), addrFound: b(true), addrMatch: b(true), whitelist: []string{"EDF"},
			finding: [2]string{"documentTypeMatch", "TYPE_DETECTED"},
		},
		{
			name: "old invoice",
			doc: &idcontrolv1.Document{Type: "INVOICE", Text: invoiceText,
				DocumentDetails: &idcontrolv1.DocumentDetails{IssuanceDate: "2023-11-30"}},
			participant: jean(), typeMatch: b(true), dateFound: b(true), maxAge: b(true),
			nameFound: b(true), addrFound: b(true), addrMatch: b(true), whitelist: []string{"EDF"},
			finding: [2]string{"maxAgeExceeded", "MAX_AGE_EXCEEDED"},
		},
		{
			name:        "invoice without date",
			doc:         &idcontrolv1.Document{Type: "INVOICE", Text: invoiceText},
			participant: jean(), typeMatch: b(true), dateFound: b(false), maxAge: nil,
			nameFound: b(true), addrFound: b(true), addrMatch: b(true), whitelist: []string{"EDF"},
			finding: [2]string{"maxAgeExceeded", "DATE_MISSING"},
		},
		{
			name: "declared invoice, reads as home insurance",
			doc: &idcontrolv1.Document{Type: "INVOICE", Text: "ATTESTATION D'ASSURANCE HABITATION\nM JEAN DUPONT\n12 BIS AV DU GAL LECLERC 75014 PARIS",
				DocumentDetails: &idcontrolv1.DocumentDetails{IssuanceDate: "2024-03-12"}},
			participant: jean(), typeMatch: b(false), dateFound: b(true), maxAge: b(false),
			nameFound: b(true), addrFound: b(true), addrMatch: b(true),
			finding: [2]string{"documentTypeMatch", "TYPE_MISMATCH"},
		},
		{
			name:        "undetected type, no declared type: no date controls",
			doc:         &idcontrolv1.Document{Text: "M JEAN DUPONT 12 BIS AV DU GAL LECLERC 75014 PARIS"},
			participant: jean(), typeMatch: nil, dateFound: nil, maxAge: nil,
			nameFound: b(true), addrFound: b(true), addrMatch: b(true),
			finding: [2]string{"documentTypeMatch", "TYPE_UNDETERMINED"},
		},
		{
			name: "another person, another address, a blacklisted word",
			doc: &idcontrolv1.Document{Type: "INVOICE", Text: invoiceText + "\nRappel : montants IMPAYÉS",
				DocumentDetails: &idcontrolv1.DocumentDetails{IssuanceDate: "2024-03-12", Address: "3 rue de la Paix 75002 Paris"}},
			participant: &idcontrolv1.Participant{Uuid: "p2", FirstName: "Marie", LastName: "Curie",
				PostalAddress: &idcontrolv1.PostalAddress{PostalAddress1: "8 rue Lhomond", PostalCode: "75005", PostalCity: "Paris"}},
			typeMatch: b(true), dateFound: b(true), maxAge: b(false),
			nameFound: b(false), addrFound: b(false), addrMatch: b(false),
			whitelist: []string{"EDF"}, blacklist: []string{"impayé(s)"},
			finding: [2]string{"keywordsBlacklist", "KEYWORD_FOUND"},
		},
		{
			name:        "no text",
			doc:         &idcontrolv1.Document{Type: "HOME_INSURANCE", DocumentDetails: &idcontrolv1.DocumentDetails{IssuanceDate: "2022-01-01"}},
			participant: jean(), typeMatch: nil, dateFound: b(true), maxAge: b(true),
			nameFound: nil, addrFound: nil, addrMatch: nil,
			finding: [2]string{"keywordsBlacklist", "TEXT_MISSING"},
		},
		{
			name:        "schedule without a maximum age: no date controls",
			doc:         &idcontrolv1.Document{Type: "SCHEDULE", Text: "ÉCHÉANCIER DE PAIEMENT 2024 Mensualisation"},
			participant: &idcontrolv1.Participant{Uuid: "p3"}, typeMatch: b(true),
			finding: [2]string{"nameFound", "NAME_MISSING"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			req := &idcontrolv1.CheckProofOfAddressRequest{Document: c.doc, Participants: []*idcontrolv1.Participant{c.participant}}
			resp, err := CheckProofOfAddress(req, pol, ref(t))
			if err != nil {
				t.Fatal(err)
			}
			ct := resp.GetControls()
			pc := ct.GetParticipants()[0]
			for _, x := range []struct {
				name      string
				got, want *bool
			}{
				{"documentTypeMatch", ct.DocumentTypeMatch, c.typeMatch}, {"dateFound", ct.DateFound, c.dateFound},
				{"maxAgeExceeded", ct.MaxAgeExceeded, c.maxAge}, {"nameFound", pc.NameFound, c.nameFound},
				{"postalAddressFound", pc.PostalAddressFound, c.addrFound}, {"postalAddressMatch", pc.PostalAddressMatch, c.addrMatch},
			} {
				if !eq(x.got, x.want) {
					t.Errorf("%s = %s, want %s", x.name, show(x.got), show(x.want))
				}
			}
			if !slices.Equal(ct.KeywordsWhitelist, c.whitelist) || !slices.Equal(ct.KeywordsBlacklist, c.blacklist) {
				t.Errorf("keywords = %q / %q, want %q / %q", ct.KeywordsWhitelist, ct.KeywordsBlacklist, c.whitelist, c.blacklist)
			}
			if ct.ContainsAnnotations != nil || !hasFinding(resp.Findings, "containsAnnotations", "IMAGE_ANALYSIS_MISSING") {
				t.Error("containsAnnotations without image analysis must be absent with a finding")
			}
			if !hasFinding(resp.Findings, c.finding[0], c.finding[1]) {
				t.Errorf("no finding %v in %v", c.finding, resp.Findings)
			}
			if pc.Owner != c.participant.Uuid {
				t.Errorf("owner %q", pc.Owner)
			}
		})
	}
}

func TestImageAnalysis(t *testing.T) {
	t.Parallel()
	doc := &idcontrolv1.Document{Type: "INVOICE", ImageAnalysis: &idcontrolv1.ImageAnalysis{
		ContainsAnnotations: proto.Bool(false), ContainsTamperingSign: proto.Bool(true)}}
	resp, err := CheckProofOfAddress(&idcontrolv1.CheckProofOfAddressRequest{Document: doc}, policy.Resolve(nil), ref(t))
	if err != nil {
		t.Fatal(err)
	}
	c := resp.GetControls()
	if !eq(c.ContainsAnnotations, b(false)) || !eq(c.ContainsTamperingSign, b(true)) {
		t.Errorf("got %s %s", show(c.ContainsAnnotations), show(c.ContainsTamperingSign))
	}
	if !hasFinding(resp.Findings, "containsTamperingSign", "TAMPERING_SIGN_FOUND") || hasFinding(resp.Findings, "containsAnnotations", "ANNOTATIONS_FOUND") {
		t.Errorf("findings %v", resp.Findings)
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	for _, req := range []*idcontrolv1.CheckProofOfAddressRequest{
		{Document: &idcontrolv1.Document{Type: "RIB"}},
		{Document: &idcontrolv1.Document{Type: "INVOICE", DocumentDetails: &idcontrolv1.DocumentDetails{IssuanceDate: "12/03/2024"}}},
	} {
		_, err := CheckProofOfAddress(req, policy.Resolve(nil), ref(t))
		var v checks.Violations
		if err == nil || !errorsAs(err, &v) {
			t.Errorf("%v: want violations, got %v", req, err)
		}
	}
	if _, err := CheckSupportingDocument(&idcontrolv1.CheckSupportingDocumentRequest{Document: &idcontrolv1.Document{Type: "INVOICE"}}, policy.Resolve(nil)); err == nil {
		t.Error("an INVOICE is not a supporting document")
	}
}

func errorsAs(err error, v *checks.Violations) bool {
	x, ok := err.(checks.Violations)
	*v = x
	return ok
}

func TestCheckSupportingDocument(t *testing.T) {
	t.Parallel()
	pol := policy.Resolve(&idcontrolv1.Policy{KeywordsOperatorInfo: []string{"allocataire"}, KeywordsOperatorAlert: []string{"fin de droits"}})
	cafText := "CAISSE D'ALLOCATIONS FAMILIALES DE PARIS\nATTESTATION DE PAIEMENT\nNuméro d'allocataire : 1234567\nM JEAN DUPONT\n12 BIS AV DU GAL LECLERC\n75014 PARIS"
	cases := []struct {
		name                 string
		doc                  *idcontrolv1.Document
		typeMatch            *bool
		nameFound, addrFound *bool
		participants         int
		info, alert          []string
	}{
		{"CAF certificate", &idcontrolv1.Document{Type: "CAF_CERTIFICATE", Text: cafText}, b(true), b(true), b(true), 1, []string{"allocataire"}, nil},
		{"CAF certificate declared as pension", &idcontrolv1.Document{Type: "PENSION", Text: cafText + "\nFin de droits le 31/12"}, b(false), b(true), b(true), 1, []string{"allocataire"}, []string{"fin de droits"}},
		{"no declared type, detected", &idcontrolv1.Document{Text: cafText}, b(true), b(true), b(true), 1, []string{"allocataire"}, nil},
		{"pension, nobody on it", &idcontrolv1.Document{Type: "PENSION", Text: "ASSURANCE RETRAITE\nTITRE DE PENSION\nMme MARIE CURIE"}, b(true), b(false), b(false), 1, nil, nil},
		{"other: keywords only", &idcontrolv1.Document{Type: "OTHER", Text: cafText}, nil, nil, nil, 0, []string{"allocataire"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			resp, err := CheckSupportingDocument(&idcontrolv1.CheckSupportingDocumentRequest{Document: c.doc, Participants: []*idcontrolv1.Participant{jean()}}, pol)
			if err != nil {
				t.Fatal(err)
			}
			ct := resp.GetControls()
			if !eq(ct.DocumentTypeMatch, c.typeMatch) {
				t.Errorf("documentTypeMatch = %s, want %s", show(ct.DocumentTypeMatch), show(c.typeMatch))
			}
			if len(ct.Participants) != c.participants {
				t.Fatalf("%d participants", len(ct.Participants))
			}
			if c.participants > 0 {
				pc := ct.Participants[0]
				if !eq(pc.NameFound, c.nameFound) || !eq(pc.PostalAddressFound, c.addrFound) {
					t.Errorf("nameFound %s postalAddressFound %s", show(pc.NameFound), show(pc.PostalAddressFound))
				}
			} else if !hasFinding(resp.Findings, "participants", "NO_OWNER_CONTROLS") {
				t.Error("participants of an OTHER document dropped silently")
			}
			if !slices.Equal(ct.KeywordsOperatorInfo, c.info) || !slices.Equal(ct.KeywordsOperatorAlert, c.alert) {
				t.Errorf("info %q alert %q", ct.KeywordsOperatorInfo, ct.KeywordsOperatorAlert)
			}
		})
	}
}

// Findings never carry the participant's data.
func TestNoPersonalDataInFindings(t *testing.T) {
	t.Parallel()
	resp, err := CheckProofOfAddress(&idcontrolv1.CheckProofOfAddressRequest{
		Document: &idcontrolv1.Document{Type: "INVOICE", Text: "FACTURE M PIERRE MARTIN 3 RUE DE LA PAIX 75002 PARIS",
			DocumentDetails: &idcontrolv1.DocumentDetails{Address: "3 rue de la Paix 75002 Paris"}},
		Participants: []*idcontrolv1.Participant{jean()},
	}, policy.Resolve(nil), ref(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range resp.Findings {
		for _, pd := range []string{"JEAN", "DUPONT", "LECLERC", "75014", "MARTIN", "PAIX"} {
			if strings.Contains(strings.ToUpper(f.Message), pd) {
				t.Errorf("finding %s/%s says %q", f.Control, f.Code, f.Message)
			}
		}
	}
}
