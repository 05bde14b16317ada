package clientfile

import (
	"fmt"
	"testing"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/protobuf/proto"
)

func proofResult(c *idcontrolv1.ProofOfAddressControls) *idcontrolv1.ClientFileDocumentResult {
	return &idcontrolv1.ClientFileDocumentResult{Id: "doc", Type: "INVOICE", Family: &idcontrolv1.ClientFileDocumentResult_ProofOfAddress{
		ProofOfAddress: &idcontrolv1.CheckProofOfAddressResponse{Controls: c}}}
}

func owner(uuid string, name bool) *idcontrolv1.ProofOfAddressParticipantControls {
	return &idcontrolv1.ProofOfAddressParticipantControls{Owner: uuid, NameFound: proto.Bool(name), PostalAddressFound: proto.Bool(true), PostalAddressMatch: proto.Bool(true)}
}

// good is a proof of address whose every control passed or is absent for
// want of image analysis.
func good() *idcontrolv1.ProofOfAddressControls {
	return &idcontrolv1.ProofOfAddressControls{
		DocumentTypeMatch: proto.Bool(true), DateFound: proto.Bool(true), MaxAgeExceeded: proto.Bool(false),
		KeywordsWhitelist: []string{"EDF"}, KeywordsOperatorInfo: []string{"échéance(s)"},
		Participants: []*idcontrolv1.ProofOfAddressParticipantControls{owner("p1", true)},
	}
}

func TestDecide(t *testing.T) {
	t.Parallel()
	type reason struct{ control, outcome, action string }
	cases := []struct {
		name    string
		docs    []*idcontrolv1.ClientFileDocumentResult
		rules   []*idcontrolv1.DecisionRule
		want    idcontrolv1.Decision
		reasons []reason
	}{
		{name: "all passed", docs: []*idcontrolv1.ClientFileDocumentResult{proofResult(good())}, want: approve},
		{name: "too old", docs: []*idcontrolv1.ClientFileDocumentResult{proofResult(func() *idcontrolv1.ProofOfAddressControls {
			c := good()
			c.MaxAgeExceeded = proto.Bool(true)
			return c
		}())}, want: review, reasons: []reason{{"maxAgeExceeded", "CONTROL_OUTCOME_FAILED", "DECISION_REVIEW"}}},
		{name: "tampered", docs: []*idcontrolv1.ClientFileDocumentResult{proofResult(func() *idcontrolv1.ProofOfAddressControls {
			c := good()
			c.ContainsTamperingSign = proto.Bool(true)
			return c
		}())}, want: decline, reasons: []reason{{"containsTamperingSign", "CONTROL_OUTCOME_FAILED", "DECISION_DECLINE"}}},
		{name: "blacklisted keyword and a type mismatch", docs: []*idcontrolv1.ClientFileDocumentResult{proofResult(func() *idcontrolv1.ProofOfAddressControls {
			c := good()
			c.KeywordsBlacklist = []string{"duplicata"}
			c.DocumentTypeMatch = proto.Bool(false)
			return c
		}())}, want: decline, reasons: []reason{{"documentTypeMatch", "CONTROL_OUTCOME_FAILED", "DECISION_REVIEW"}, {"keywordsBlacklist", "CONTROL_OUTCOME_FAILED", "DECISION_DECLINE"}}},
		{name: "one owner of two on the document", docs: []*idcontrolv1.ClientFileDocumentResult{proofResult(func() *idcontrolv1.ProofOfAddressControls {
			c := good()
			c.Participants = append(c.Participants, owner("p2", false))
			return c
		}())}, want: approve},
		{name: "nobody's name on the document", docs: []*idcontrolv1.ClientFileDocumentResult{proofResult(func() *idcontrolv1.ProofOfAddressControls {
			c := good()
			c.Participants = []*idcontrolv1.ProofOfAddressParticipantControls{owner("p1", false), owner("p2", false)}
			return c
		}())}, want: review, reasons: []reason{{"participants.nameFound", "CONTROL_OUTCOME_FAILED", "DECISION_REVIEW"}}},
		{name: "a document no family checked", docs: []*idcontrolv1.ClientFileDocumentResult{{Id: "x", Type: "PAYSLIP"}}, want: review,
			reasons: []reason{{Unchecked, "CONTROL_OUTCOME_ABSENT", "DECISION_REVIEW"}}},
		{name: "the operator approves old documents", docs: []*idcontrolv1.ClientFileDocumentResult{proofResult(func() *idcontrolv1.ProofOfAddressControls {
			c := good()
			c.MaxAgeExceeded = proto.Bool(true)
			return c
		}())}, rules: []*idcontrolv1.DecisionRule{{Control: "maxAgeExceeded", Outcome: failed, Action: approve}}, want: approve},
		{name: "the operator wants a detected type", docs: []*idcontrolv1.ClientFileDocumentResult{proofResult(func() *idcontrolv1.ProofOfAddressControls {
			c := good()
			c.DocumentTypeMatch = nil
			return c
		}())}, rules: []*idcontrolv1.DecisionRule{{Family: "proofOfAddress", Control: "documentTypeMatch", Outcome: absent, Action: review}}, want: review,
			reasons: []reason{{"documentTypeMatch", "CONTROL_OUTCOME_ABSENT", "DECISION_REVIEW"}}},
		{name: "a family rule beats the catch-all", docs: []*idcontrolv1.ClientFileDocumentResult{proofResult(func() *idcontrolv1.ProofOfAddressControls {
			c := good()
			c.DateFound = proto.Bool(false)
			return c
		}())}, rules: []*idcontrolv1.DecisionRule{{Family: "proofOfAddress", Outcome: failed, Action: decline}}, want: decline,
			reasons: []reason{{"dateFound", "CONTROL_OUTCOME_FAILED", "DECISION_DECLINE"}}},
		{name: "no document", want: approve},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			resp := &idcontrolv1.CheckClientFileResponse{Documents: c.docs}
			decide(resp, c.rules)
			if resp.Decision != c.want {
				t.Errorf("decision %s, want %s", resp.Decision, c.want)
			}
			var got []reason
			for _, r := range resp.Reasons {
				got = append(got, reason{r.Control, r.Outcome.String(), r.Action.String()})
			}
			if fmt.Sprint(got) != fmt.Sprint(c.reasons) {
				t.Errorf("reasons %v, want %v", got, c.reasons)
			}
		})
	}
}
