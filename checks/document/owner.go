package document

import (
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/fold"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/names"
	"github.com/idcontrol/idcontrol/places"
)

// NameFound — « le nom du participant a été trouvé »: the participant's
// first name (or, on bank documents, its initial) and last name — or birth
// name — stand together in the document's text, through the name engine
// (names.Found: civility titles, labels, order, joint holders "M OU MME …").
// A last name alone does not name the holder. Absent without text, last
// name or first name. One rule for every family whose document is looked
// through for its owner (bank details, proofs of address, tax notices).
func NameFound(p *idcontrolv1.Participant, text string, f *checks.Findings) *bool {
	const ctl = "nameFound"
	owner := p.GetUuid()
	if strings.TrimSpace(text) == "" {
		f.Add(ctl, owner, "TEXT_MISSING", "The document has no text to look for the name in.")
		return nil
	}
	var lasts []string
	for _, n := range []string{p.GetLastName(), p.GetBirthName()} {
		if len(fold.Words(n)) > 0 && (len(lasts) == 0 || fold.Fold(n) != fold.Fold(lasts[0])) {
			lasts = append(lasts, n)
		}
	}
	if len(lasts) == 0 {
		f.Add(ctl, owner, "NAME_MISSING", "The participant has no last name nor birth name in the client file.")
		return nil
	}
	if len(fold.Words(p.GetFirstName())) == 0 {
		f.Add(ctl, owner, "NAME_MISSING", "The participant has no first name in the client file: a last name alone does not identify the holder.")
		return nil
	}
	decided := false
	for _, last := range lasts {
		d := names.Found(p.GetFirstName(), last, text)
		if d.Match {
			return checks.Bool(true)
		}
		decided = decided || d.Rule != match.RuleMissing
	}
	if !decided { // the engine found nothing comparable in the names
		f.Add(ctl, owner, "NAME_MISSING", "The participant's names hold nothing the name engine can look for.")
		return nil
	}
	// The engine's message is not repeated: a fixed sentence keeps the
	// finding free of personal data whatever the engine says.
	f.Add(ctl, owner, "NAME_NOT_FOUND", "The participant's first and last names were not found together in the document's text.")
	return checks.Bool(false)
}

// DeclaredAddress is the participant's postal address as the address
// matcher reads it.
func DeclaredAddress(p *idcontrolv1.Participant) places.Address {
	pa := p.GetPostalAddress()
	return places.Address{
		Line1: pa.GetPostalAddress1(), Line2: pa.GetPostalAddress2(),
		PostalCode: pa.GetPostalCode(), City: pa.GetPostalCity(), Country: pa.GetCountry(),
	}
}

// PostalAddressFound — « l'adresse postale du participant a été trouvée »:
// the participant's declared address (street, postal code or city) stands
// in where — the document's text and its extracted address — through the
// address matcher (places.AddressFound: street-type abbreviations,
// complements, CEDEX). Absent without a declared address or without
// anything to look in.
func PostalAddressFound(p *idcontrolv1.Participant, where string, f *checks.Findings) *bool {
	const ctl = "postalAddressFound"
	owner := p.GetUuid()
	decl := DeclaredAddress(p)
	if len(fold.Words(decl.Line1+" "+decl.PostalCode+" "+decl.City)) == 0 {
		f.Add(ctl, owner, "ADDRESS_NOT_DECLARED", "The participant has no postal address in the client file.")
		return nil
	}
	if strings.TrimSpace(where) == "" {
		f.Add(ctl, owner, "TEXT_MISSING", "The document has no text nor extracted address to look for the address in.")
		return nil
	}
	d := places.AddressFound(decl, where)
	switch {
	case d.Match:
		return checks.Bool(true)
	case d.Rule == match.RuleMissing:
		f.Add(ctl, owner, "ADDRESS_INCOMPLETE", d.Message)
		return nil
	}
	f.Add(ctl, owner, "ADDRESS_NOT_FOUND", "The participant's postal address was not found on the document.")
	return checks.Bool(false)
}
