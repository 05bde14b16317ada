// Package bank runs the controls of bank details (RIB): is there an IBAN,
// is it well formed, is its country allowed, does it belong to the
// participants or the legal entity of the client file, and are their names
// and address on the document.
package bank

import (
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/document"
	"github.com/idcontrol/idcontrol/checks/identifier"
	"github.com/idcontrol/idcontrol/fold"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ident"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/places"
	"github.com/idcontrol/idcontrol/policy"
)

// found is what the document shows: the IBAN (as printed in documentDetails
// or found in the text) and its validation.
type found struct {
	iban   string // normalised IBAN-shaped candidate, "" when none
	result ident.Result
	bic    string
	text   string
	// searched is true when there was something to look for an IBAN in:
	// documentDetails.iban or the text.
	searched bool
	// junk is true when documentDetails.iban holds something that is not
	// shaped like an IBAN ("hello world", "-1").
	junk bool
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
	fd.iban, fd.result, fd.junk = findIBAN(doc)
	fd.searched = printed(doc.GetDocumentDetails().GetIban()) || fd.hasText()

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

// findIBAN takes documentDetails.iban when it is shaped like an IBAN, else
// the best IBAN candidate of the text (a valid one first). Both go through
// ident's one normaliser (blanks, separators, case, full-width forms), so
// that this answer and ValidateIdentifiers' agree. junk reports a
// documentDetails.iban that is printed but not IBAN-shaped.
func findIBAN(doc *idcontrolv1.Document) (iban string, r ident.Result, junk bool) {
	if raw := doc.GetDocumentDetails().GetIban(); printed(raw) {
		if n, ok := ident.IBANShaped(raw); ok {
			return n, ident.Validate(ident.KindIBAN, n), false
		}
		junk = true
	}
	if cands := ident.FindIBANs(doc.GetText()); len(cands) > 0 {
		return cands[0], ident.Validate(ident.KindIBAN, cands[0]), junk
	}
	return "", ident.Result{}, junk
}

// printed reports whether a value holds more than blanks and separators
// (ident's normaliser finds something in it, valid or not).
func printed(s string) bool {
	return ident.Validate(ident.KindIBAN, s).Code != ident.CodeEmpty
}

// ibanFound — « l’IBAN a été trouvé dans le document »: an IBAN-shaped
// value (two letters, two digits, then letters and digits, 15 to 34 in
// all; ident.IBANShaped) is given in documentDetails.iban or stands in the
// text. Found is not valid: ibanChecksumValid says that. A
// documentDetails.iban that is not IBAN-shaped ("hello world") is not an
// IBAN found, and says so. Absent when the document has neither
// documentDetails.iban nor text (nothing was read to look in).
func ibanFound(fd found, f *checks.Findings) *bool {
	if fd.junk {
		f.Add("ibanFound", "", "IBAN_NOT_SHAPED", "documentDetails.iban is not shaped like an IBAN (two letters, two digits, then letters and digits, 15 to 34 in all).")
	}
	if fd.iban != "" {
		return checks.Bool(true)
	}
	if !fd.searched {
		f.Add("ibanFound", "", "TEXT_MISSING", "The document has no documentDetails.iban and no text to look for an IBAN in.")
		return nil
	}
	f.Add("ibanFound", "", "IBAN_NOT_FOUND", "No IBAN-shaped value was given in documentDetails.iban nor found in the document text.")
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
// Absent when no IBAN-shaped value was found.
func bankCountryValid(fd found, pol policy.Effective, f *checks.Findings) *bool {
	if fd.iban == "" {
		f.Add("bankCountryValid", "", "IBAN_NOT_FOUND", "No IBAN was found on the document: there is no country to check.")
		return nil
	}
	cc := fd.iban[:2] // an IBAN-shaped value starts with two letters
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
		NameFound: document.NameFound(p, fd.text, f),
		IbanMatch: ibanMatch(p, fd, f),
	}
}

// ibanMatch — « l'IBAN trouvé dans le document correspond à celui du
// participant »: both IBANs valid (ISO 13616 and national checks) and equal
// once normalised. A match needs a valid IBAN on both sides: absent when
// the participant has no IBAN or an invalid one, or when the document's is
// missing or invalid.
func ibanMatch(p *idcontrolv1.Participant, fd found, f *checks.Findings) *bool {
	return sameIBAN("ibanMatch", p.GetUuid(), p.GetIban(), fd, f, "The participant has no IBAN in the client file.")
}

// legalEntityIbanMatch — « l'IBAN trouvé correspond à celui de la personne
// morale »: as ibanMatch, with the legal entity's IBAN.
func legalEntityIbanMatch(le *idcontrolv1.LegalEntity, fd found, f *checks.Findings) *bool {
	return sameIBAN("legalEntityIbanMatch", "", le.GetIban(), fd, f, "The legal entity has no IBAN in the client file.")
}

func sameIBAN(control, owner, declared string, fd found, f *checks.Findings, noDeclared string) *bool {
	d := ident.Validate(ident.KindIBAN, declared)
	if d.Code == ident.CodeEmpty {
		f.Add(control, owner, "IBAN_NOT_DECLARED", noDeclared)
		return nil
	}
	if !d.Valid {
		// ident's messages never repeat the value.
		f.Add(control, owner, "IBAN_DECLARED_INVALID", "The IBAN of the client file is not valid, and a match needs a valid IBAN on both sides: "+d.Message)
		return nil
	}
	if fd.iban == "" {
		f.Add(control, owner, "IBAN_NOT_FOUND", "No IBAN was found on the document.")
		return nil
	}
	if !fd.result.Valid {
		f.Add(control, owner, "IBAN_INVALID", "The IBAN found on the document is not valid, and a match needs a valid IBAN on both sides.")
		return nil
	}
	ok := d.Normalized == fd.result.Normalized
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
// a été trouvée dans le document »: the legal entity's address — the one of
// the client file — stands in the text (places.AddressFound: its street on
// one line, its postal code or city). Another address (the bank branch's)
// is not the legal entity's. Absent when the file has no address for the
// legal entity (which address would be its?), or one without a street
// line, or when the document has no text.
func legalEntityPostalAddressFound(le *idcontrolv1.LegalEntity, fd found, f *checks.Findings) *bool {
	const ctl = "legalEntityPostalAddressFound"
	if _, answer, done := entityAddress(ctl, le, fd, f); done {
		return answer
	}
	f.Add(ctl, "", "ADDRESS_NOT_FOUND", "The legal entity's postal address was not found in the document text.")
	return checks.Bool(false)
}

// entityAddress looks for the legal entity's declared address in the text
// for control ctl. done is true when that settles the answer: true when it
// stands there, absent (with a finding) when there is no declared address,
// no text or too little of the address to look for.
func entityAddress(ctl string, le *idcontrolv1.LegalEntity, fd found, f *checks.Findings) (d match.Decision, answer *bool, done bool) {
	if !declaredAddress(le) {
		f.Add(ctl, "", "ADDRESS_NOT_DECLARED", "The legal entity has no postal address in the client file.")
		return d, nil, true
	}
	if !fd.hasText() {
		f.Add(ctl, "", "TEXT_MISSING", "The document has no text to look for the address in.")
		return d, nil, true
	}
	d = places.AddressFound(toAddress(le.GetPostalAddress()), fd.text)
	switch {
	case d.Match:
		return d, checks.Bool(true), true
	case d.Rule == match.RuleMissing:
		// places' messages never repeat the compared values.
		f.Add(ctl, "", "ADDRESS_INCOMPLETE", d.Message)
		return d, nil, true
	}
	return d, nil, false
}

// legalEntityPostalAddressMatch — « l'adresse postale de la personne morale
// trouvée dans le document correspond à celle du dossier »: the declared
// address stands in the text (street-type abbreviations, BIS/TER,
// complements and CEDEX handled by the address matcher). Absent when the
// file has no address or one without street line, when the document has no
// text, or when it shows no address at all.
func legalEntityPostalAddressMatch(le *idcontrolv1.LegalEntity, fd found, f *checks.Findings) *bool {
	const ctl = "legalEntityPostalAddressMatch"
	d, answer, done := entityAddress(ctl, le, fd, f)
	if done {
		return answer
	}
	if len(places.FindAddresses(fd.text)) == 0 {
		f.Add(ctl, "", "ADDRESS_NOT_FOUND", "No postal address was found on the document to compare.")
		return nil
	}
	// places' messages never repeat the compared values.
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
