package address

import (
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/fold"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/names"
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

func declaredAddress(p *idcontrolv1.Participant) places.Address {
	pa := p.GetPostalAddress()
	return places.Address{
		Line1: pa.GetPostalAddress1(), Line2: pa.GetPostalAddress2(),
		PostalCode: pa.GetPostalCode(), City: pa.GetPostalCity(), Country: pa.GetCountry(),
	}
}

// nameFound — « le nom du participant a été trouvé »: the participant's
// first name (or its initial) and last or birth name stand together in the
// document's text, through the name engine (names.Found). Absent without
// text or without the participant's names.
func nameFound(p *idcontrolv1.Participant, o *owners, f *checks.Findings) *bool {
	owner := p.GetUuid()
	if strings.TrimSpace(o.text) == "" {
		f.Add("nameFound", owner, "TEXT_MISSING", "The document has no text to look for the name in.")
		return nil
	}
	if len(fold.Words(p.GetFirstName())) == 0 || len(fold.Words(p.GetLastName()+" "+p.GetBirthName())) == 0 {
		f.Add("nameFound", owner, "NAME_MISSING", "The participant has no first name or no last name in the client file.")
		return nil
	}
	decided := false
	for _, last := range []string{p.GetLastName(), p.GetBirthName()} {
		if len(fold.Words(last)) == 0 {
			continue
		}
		d := names.Found(p.GetFirstName(), last, o.text)
		if d.Match {
			return checks.Bool(true)
		}
		decided = decided || d.Rule != match.RuleMissing
	}
	if !decided {
		f.Add("nameFound", owner, "NAME_MISSING", "The participant's names hold nothing the name engine can look for.")
		return nil
	}
	f.Add("nameFound", owner, "NAME_NOT_FOUND", "The participant's first and last names were not found together in the document's text.")
	return checks.Bool(false)
}

// postalAddressFound — « l'adresse postale du participant a été trouvée »:
// the participant's declared address (street on one line, postal code or
// city) stands in the text or in documentDetails.address, through the
// address matcher (places.AddressFound). Absent without a declared address
// or without anything to look in.
func postalAddressFound(p *idcontrolv1.Participant, o *owners, f *checks.Findings) *bool {
	owner := p.GetUuid()
	decl := declaredAddress(p)
	if len(fold.Words(decl.Line1+" "+decl.PostalCode+" "+decl.City)) == 0 {
		f.Add("postalAddressFound", owner, "ADDRESS_NOT_DECLARED", "The participant has no postal address in the client file.")
		return nil
	}
	where := strings.TrimSpace(o.text + "\n" + o.address)
	if where == "" {
		f.Add("postalAddressFound", owner, "TEXT_MISSING", "The document has no text nor extracted address to look for the address in.")
		return nil
	}
	d := places.AddressFound(decl, where)
	switch {
	case d.Match:
		return checks.Bool(true)
	case d.Rule == match.RuleMissing:
		f.Add("postalAddressFound", owner, "ADDRESS_INCOMPLETE", d.Message)
		return nil
	}
	f.Add("postalAddressFound", owner, "ADDRESS_NOT_FOUND", "The participant's postal address was not found on the document.")
	return checks.Bool(false)
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
	decl := declaredAddress(p)
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
