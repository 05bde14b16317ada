package address

import (
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/document"
	"github.com/idcontrol/idcontrol/fold"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/places"
)

// owners is what the per-owner controls read from the document.
type owners struct {
	text    string
	address string // documentDetails.address
	// found are the addresses standing in the text, looked for once, when
	// postalAddressMatch first needs them.
	found       []places.Address
	foundLooked bool
}

func newOwners(doc *idcontrolv1.Document) *owners {
	return &owners{text: doc.GetText(), address: doc.GetDocumentDetails().GetAddress()}
}

// addresses returns the addresses standing in the text.
func (o *owners) addresses() []places.Address {
	if !o.foundLooked {
		o.foundLooked = true
		if strings.TrimSpace(o.text) != "" {
			o.found = places.FindAddresses(o.text)
		}
	}
	return o.found
}

// postalAddressMatch — « l'adresse postale du participant correspond »:
// the document's address — documentDetails.address, else an address
// standing in the text (places.FindAddresses: an invoice carries its
// issuer's too, so any of them) — is the participant's declared one: same
// number, street type and name, postal code or city (places.AddressMatch).
// Absent without a declared street line or without an address on the
// document.
func postalAddressMatch(p *idcontrolv1.Participant, o *owners, f *checks.Findings) *bool {
	owner := p.GetUuid()
	decl := document.DeclaredAddress(p)
	if len(fold.Words(decl.Line1)) == 0 {
		f.Add("postalAddressMatch", owner, "ADDRESS_NOT_DECLARED", "The participant has no street line in the client file.")
		return nil
	}
	var extracted []string
	if strings.TrimSpace(o.address) != "" {
		extracted = []string{o.address}
	} else {
		for _, a := range o.addresses() {
			extracted = append(extracted, a.Line1+"\n"+a.Line2+"\n"+a.PostalCode+" "+a.City)
		}
	}
	if len(extracted) == 0 {
		f.Add("postalAddressMatch", owner, "ADDRESS_NOT_ON_DOCUMENT", "No address was extracted (documentDetails.address) nor found in the text.")
		return nil
	}
	decided := false
	var last match.Decision
	for _, e := range extracted {
		d := places.AddressMatch(decl, e)
		if d.Match {
			return checks.Bool(true)
		}
		if d.Rule != match.RuleMissing {
			decided, last = true, d
		}
	}
	if !decided {
		f.Add("postalAddressMatch", owner, "ADDRESS_INCOMPLETE", "The addresses cannot be compared: a street line, or both the postal code and the city, are missing on one side.")
		return nil
	}
	msg := "The document's address is not the participant's."
	if len(extracted) == 1 {
		msg += " " + last.Message
	}
	f.Add("postalAddressMatch", owner, "ADDRESS_MISMATCH", msg)
	return checks.Bool(false)
}
