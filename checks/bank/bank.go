// Package bank runs the controls of bank details (RIB): is there an IBAN,
// is it well formed, is its country allowed, does it belong to the
// participants or the legal entity of the client file, and are their names
// and address on the document.
package bank

import (
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/identifier"
	"github.com/idcontrol/idcontrol/fold"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ident"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/names"
	"github.com/idcontrol/idcontrol/places"
	"github.com/idcontrol/idcontrol/policy"
)

// found is what the document shows: the IBAN (as printed in documentDetails
// or found in the text) and its validation.
type found struct {
	iban   string // normalised candidate, "" when none
	result ident.Result
	bic    string
	text   string
	// searched is true when there was something to look for an IBAN in:
	// documentDetails.iban or the text.
	searched bool
}

// hasText reports whether the document has text to search.
func (fd found) hasText() bool { return strings.TrimSpace(fd.text) != "" }

// Check computes the RIB controls of req under pol.
func Check(req *idcontrolv1.CheckBankDetailsRequest, pol policy.Effective) (*idcontrolv1.CheckBankDetailsResponse, error) {
	if err := validate(req); err != nil {
		return nil, err
	}
	doc := req.GetDocument()
	var f checks.Findings
	c := &idcontrolv1.BankDetailsControls{}
	fd := found{bic: doc.GetDocumentDetails().GetBic(), text: doc.GetText()}
	fd.iban, fd.result = findIBAN(doc)
	fd.searched = compact(doc.GetDocumentDetails().GetIban()) != "" || fd.hasText()

	c.IbanFound = ibanFound(fd, &f)
	c.IbanChecksumValid = ibanChecksumValid(fd, &f)
	c.BankCountryValid = bankCountryValid(fd, pol, &f)
	c.BicCountryMatch = bicCountryMatch(fd, &f)
	for _, p := range req.GetParticipants() {
		c.Participants = append(c.Participants, participantControls(p, fd, &f))
	}
	if le := req.GetLegalEntity(); le != nil {
		c.LegalEntityIbanMatch = legalEntityIbanMatch(le, fd, &f)
		c.LegalEntityNameFound = legalEntityNameFound(le, fd, &f)
		c.LegalEntityPostalAddressFound = legalEntityPostalAddressFound(le, fd, &f)
		c.LegalEntityPostalAddressMatch = legalEntityPostalAddressMatch(le, fd, &f)
	}
	resp := &idcontrolv1.CheckBankDetailsResponse{Controls: c, Findings: f}
	if fd.iban != "" {
		resp.Iban = identifierResult(fd.result)
	}
	return resp, nil
}

func validate(req *idcontrolv1.CheckBankDetailsRequest) error {
	var v checks.Violations
	if t := req.GetDocument().GetType(); t != "" && t != "RIB" {
		v.Add("document.type", "WRONG_DOCUMENT_TYPE", "must be RIB (or empty) for CheckBankDetails")
	}
	return v.Err()
}

// findIBAN takes documentDetails.iban when printed there, else the best IBAN
// candidate of the text (a valid one first). A documentDetails.iban made of
// blanks and separators only counts as not printed.
func findIBAN(doc *idcontrolv1.Document) (string, ident.Result) {
	if raw := doc.GetDocumentDetails().GetIban(); compact(raw) != "" {
		r := ident.Validate(ident.KindIBAN, raw)
		n := r.Normalized
		if n == "" {
			n = compact(raw)
		}
		return n, r
	}
	if cands := ident.FindIBANs(doc.GetText()); len(cands) > 0 {
		return cands[0], ident.Validate(ident.KindIBAN, cands[0])
	}
	return "", ident.Result{}
}

// compact upper-cases and drops blanks and separators, for comparing IBANs
// that failed validation.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'):
			return r
		}
		return -1
	}, s)
}

// ibanFound — « l’IBAN a été trouvé dans le document »: an IBAN is given
// in documentDetails.iban or an IBAN candidate stands in the text. Absent
// when the document has neither (nothing was read to look in).
func ibanFound(fd found, f *checks.Findings) *bool {
	if fd.iban != "" {
		return checks.Bool(true)
	}
	if !fd.searched {
		f.Add("ibanFound", "", "TEXT_MISSING", "The document has no documentDetails.iban and no text to look for an IBAN in.")
		return nil
	}
	f.Add("ibanFound", "", "IBAN_NOT_FOUND", "No IBAN was given in documentDetails.iban nor found in the document text.")
	return checks.Bool(false)
}

// ibanChecksumValid — « indique que la somme de contrôles est valide »:
// ISO 13616 mod 97, the country's length and BBAN structure from the IBAN
// registry, and the national check where one exists (French RIB key…).
// Absent when no IBAN was found.
func ibanChecksumValid(fd found, f *checks.Findings) *bool {
	if fd.iban == "" {
		f.Add("ibanChecksumValid", "", "IBAN_NOT_FOUND", "No IBAN was found on the document: there is no checksum to verify.")
		return nil
	}
	if !fd.result.Valid {
		f.Add("ibanChecksumValid", "", fd.result.Code, fd.result.Message)
		return checks.Bool(false)
	}
	return checks.Bool(true)
}

// bankCountryValid — « le pays spécifié dans le RIB est autorisé »: the
// IBAN's country is in the policy's allow-list, by default the SEPA scope.
// Absent when no IBAN was found or it does not start with two letters.
func bankCountryValid(fd found, pol policy.Effective, f *checks.Findings) *bool {
	if fd.iban == "" {
		f.Add("bankCountryValid", "", "IBAN_NOT_FOUND", "No IBAN was found on the document: there is no country to check.")
		return nil
	}
	cc := ""
	if len(fd.iban) >= 2 {
		cc = fd.iban[:2]
	}
	if fd.result.Valid {
		cc = fd.result.IBAN.Country
	}
	if !isLetters(cc) {
		f.Add("bankCountryValid", "", "COUNTRY_UNREADABLE", "The IBAN does not start with a country code.")
		return nil
	}
	var ok bool
	if pol.AllowedBankCountries != nil {
		ok = pol.AllowedBankCountries[cc]
	} else {
		ok = ident.IsSEPA(cc)
	}
	if !ok {
		scope := "the SEPA scope"
		if pol.AllowedBankCountries != nil {
			scope = "the policy's allowed bank countries"
		}
		f.Addf("bankCountryValid", "", "COUNTRY_NOT_ALLOWED", "The IBAN's country %s is not in %s.", cc, scope)
	}
	return checks.Bool(ok)
}

func isLetters(s string) bool {
	if len(s) != 2 {
		return false
	}
	for i := 0; i < 2; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// bicCountryMatch (beyond the reference): the BIC's country agrees with the
// IBAN's, allowing the EPC's exceptions (a French IBAN with a BIC of an
// overseas territory, a Monaco IBAN with a French BIC…). Absent without a
// BIC or a valid IBAN.
func bicCountryMatch(fd found, f *checks.Findings) *bool {
	if strings.TrimSpace(fd.bic) == "" {
		f.Add("bicCountryMatch", "", "BIC_MISSING", "No BIC was given in documentDetails.bic.")
		return nil
	}
	if fd.iban == "" {
		f.Add("bicCountryMatch", "", "IBAN_NOT_FOUND", "No IBAN was found on the document to compare the BIC's country with.")
		return nil
	}
	if !fd.result.Valid {
		f.Add("bicCountryMatch", "", "IBAN_INVALID", "The IBAN is not valid: its country cannot be compared with the BIC's.")
		return nil
	}
	b := ident.Validate(ident.KindBIC, fd.bic)
	if !b.Valid {
		f.Add("bicCountryMatch", "", "BIC_INVALID", "The BIC is not valid. "+b.Message)
		return nil
	}
	ok := ident.BICCountryMatches(fd.result.IBAN.Country, b.BIC.Country)
	if !ok {
		f.Addf("bicCountryMatch", "", "BIC_COUNTRY_MISMATCH", "The BIC's country %s does not go with the IBAN's country %s.", b.BIC.Country, fd.result.IBAN.Country)
	}
	return checks.Bool(ok)
}

func participantControls(p *idcontrolv1.Participant, fd found, f *checks.Findings) *idcontrolv1.BankParticipantControls {
	return &idcontrolv1.BankParticipantControls{
		Owner:     p.GetUuid(),
		NameFound: nameFound(p, fd, f),
		IbanMatch: ibanMatch(p, fd, f),
	}
}

// nameFound — « le nom du participant a été trouvé »: the participant's
// first name (or its initial) and last name — or birth name — stand
// together in the document text, through the name engine (civility titles,
// order, separators, joint holders "M OU MME …"). A last name alone does
// not name the holder. Absent without text, last name or first name.
func nameFound(p *idcontrolv1.Participant, fd found, f *checks.Findings) *bool {
	owner := p.GetUuid()
	if !fd.hasText() {
		f.Add("nameFound", owner, "TEXT_MISSING", "The document has no text to look for the name in.")
		return nil
	}
	var lasts []string
	for _, n := range []string{p.GetLastName(), p.GetBirthName()} {
		if len(fold.Words(n)) > 0 && (len(lasts) == 0 || fold.Fold(n) != fold.Fold(lasts[0])) {
			lasts = append(lasts, n)
		}
	}
	if len(lasts) == 0 {
		f.Add("nameFound", owner, "NAME_MISSING", "The participant has no last name nor birth name in the client file.")
		return nil
	}
	if len(fold.Words(p.GetFirstName())) == 0 {
		f.Add("nameFound", owner, "NAME_MISSING", "The participant has no first name in the client file: a last name alone does not identify the holder.")
		return nil
	}
	decided := false
	for _, last := range lasts {
		d := names.Found(p.GetFirstName(), last, fd.text)
		if d.Match {
			return checks.Bool(true)
		}
		decided = decided || d.Rule != match.RuleMissing
	}
	if !decided { // the engine found nothing comparable in the names
		f.Add("nameFound", owner, "NAME_MISSING", "The participant's names hold nothing the name engine can look for.")
		return nil
	}
	// The engine's message is not repeated: a fixed sentence keeps the
	// finding free of personal data whatever the engine says.
	f.Add("nameFound", owner, "NAME_NOT_FOUND", "The participant's first and last names were not found together in the document text.")
	return checks.Bool(false)
}

// ibanMatch — « l'IBAN trouvé dans le document correspond à celui du
// participant »: equal after normalisation. Absent when the participant
// has no IBAN or none was found.
func ibanMatch(p *idcontrolv1.Participant, fd found, f *checks.Findings) *bool {
	return sameIBAN("ibanMatch", p.GetUuid(), p.GetIban(), fd, f, "The participant has no IBAN in the client file.")
}

// legalEntityIbanMatch — « l'IBAN trouvé correspond à celui de la personne
// morale »: equal after normalisation. Absent when the legal entity has no
// IBAN or none was found.
func legalEntityIbanMatch(le *idcontrolv1.LegalEntity, fd found, f *checks.Findings) *bool {
	return sameIBAN("legalEntityIbanMatch", "", le.GetIban(), fd, f, "The legal entity has no IBAN in the client file.")
}

func sameIBAN(control, owner, declared string, fd found, f *checks.Findings, noDeclared string) *bool {
	if compact(declared) == "" {
		f.Add(control, owner, "IBAN_NOT_DECLARED", noDeclared)
		return nil
	}
	if fd.iban == "" {
		f.Add(control, owner, "IBAN_NOT_FOUND", "No IBAN was found on the document.")
		return nil
	}
	ok := compact(declared) == fd.iban
	if !ok {
		f.Add(control, owner, "IBAN_MISMATCH", "The IBAN on the document differs from the one in the client file.")
	}
	return checks.Bool(ok)
}

// legalEntityNameFound — « le nom de la personne morale a été trouvé dans
// le document »: every word of the company name, legal form aside, stands
// in order in the text.
func legalEntityNameFound(le *idcontrolv1.LegalEntity, fd found, f *checks.Findings) *bool {
	if len(fold.Words(le.GetName())) == 0 {
		f.Add("legalEntityNameFound", "", "NAME_MISSING", "The legal entity has no name in the client file.")
		return nil
	}
	if !fd.hasText() {
		f.Add("legalEntityNameFound", "", "TEXT_MISSING", "The document has no text to look for the company name in.")
		return nil
	}
	ok := companyNameIn(le.GetName(), fd.text)
	if !ok {
		f.Add("legalEntityNameFound", "", "NAME_NOT_FOUND", "The company name was not found in the document text.")
	}
	return checks.Bool(ok)
}

// legalForms are words a company name may carry or drop on bank details.
var legalForms = map[string]bool{
	"SA": true, "SAS": true, "SASU": true, "SARL": true, "EURL": true, "SCI": true, "SNC": true,
	"SCP": true, "SCOP": true, "SELARL": true, "GIE": true, "EI": true, "EIRL": true, "STE": true,
	"SOCIETE": true, "ASSOCIATION": true, "ASSO": true,
}

// companyNameIn reports whether the significant words of name appear, in
// order and next to each other, among the words of text. A name made of
// legal-form words only ("SCI", "SOCIETE SA") is looked for as it is.
func companyNameIn(name, text string) bool {
	all := fold.Words(name)
	var want []string
	for _, w := range all {
		if !legalForms[w] {
			want = append(want, w)
		}
	}
	drop := legalForms
	if len(want) == 0 {
		want, drop = all, nil
	}
	if len(want) == 0 {
		return false
	}
	var words []string
	for _, w := range fold.Words(text) {
		if !drop[w] {
			words = append(words, w)
		}
	}
	for i := 0; i+len(want) <= len(words); i++ {
		match := true
		for j, w := range want {
			if words[i+j] != w {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// legalEntityPostalAddressFound — « l'adresse postale de la personne morale
// a été trouvée dans le document »: the text holds a postal address (a
// street line then a postal code and city, places.FindAddresses), or the
// declared address itself stands in it (an address without street number
// is not recognised on its own). Absent without text.
func legalEntityPostalAddressFound(le *idcontrolv1.LegalEntity, fd found, f *checks.Findings) *bool {
	if !fd.hasText() {
		f.Add("legalEntityPostalAddressFound", "", "TEXT_MISSING", "The document has no text to look for an address in.")
		return nil
	}
	ok := len(places.FindAddresses(fd.text)) > 0
	if !ok && declaredAddress(le) {
		ok = places.AddressFound(toAddress(le.GetPostalAddress()), fd.text).Match
	}
	if !ok {
		f.Add("legalEntityPostalAddressFound", "", "ADDRESS_NOT_FOUND", "No postal address was found in the document text.")
	}
	return checks.Bool(ok)
}

// legalEntityPostalAddressMatch — « l'adresse postale de la personne morale
// trouvée dans le document correspond à celle du dossier »: the declared
// address stands in the text (street-type abbreviations, BIS/TER,
// complements and CEDEX handled by the address matcher). Absent when the
// file has no address or one without street line, when the document has no
// text, or when it shows no address at all.
func legalEntityPostalAddressMatch(le *idcontrolv1.LegalEntity, fd found, f *checks.Findings) *bool {
	const ctl = "legalEntityPostalAddressMatch"
	if !declaredAddress(le) {
		f.Add(ctl, "", "ADDRESS_NOT_DECLARED", "The legal entity has no postal address in the client file.")
		return nil
	}
	if !fd.hasText() {
		f.Add(ctl, "", "TEXT_MISSING", "The document has no text to look for the address in.")
		return nil
	}
	d := places.AddressFound(toAddress(le.GetPostalAddress()), fd.text)
	switch {
	case d.Match:
		return checks.Bool(true)
	case d.Rule == match.RuleMissing:
		// places' messages never repeat the compared values.
		f.Add(ctl, "", "ADDRESS_INCOMPLETE", d.Message)
		return nil
	case len(places.FindAddresses(fd.text)) == 0:
		f.Add(ctl, "", "ADDRESS_NOT_FOUND", "No postal address was found on the document to compare.")
		return nil
	}
	f.Add(ctl, "", "ADDRESS_MISMATCH", d.Message)
	return checks.Bool(false)
}

// declaredAddress reports whether the legal entity has a postal address.
func declaredAddress(le *idcontrolv1.LegalEntity) bool {
	pa := le.GetPostalAddress()
	return len(fold.Words(pa.GetPostalAddress1()+" "+pa.GetPostalAddress2()+" "+pa.GetPostalCode()+" "+pa.GetPostalCity())) > 0
}

func toAddress(pa *idcontrolv1.PostalAddress) places.Address {
	return places.Address{
		Line1: pa.GetPostalAddress1(), Line2: pa.GetPostalAddress2(),
		PostalCode: pa.GetPostalCode(), City: pa.GetPostalCity(), Country: pa.GetCountry(),
	}
}

// identifierResult renders an IBAN validation as the API answers it.
func identifierResult(r ident.Result) *idcontrolv1.IdentifierResult {
	return identifier.Result(r, idcontrolv1.IdentifierKind_IDENTIFIER_KIND_IBAN)
}
