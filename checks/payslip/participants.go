package payslip

import (
	"strconv"
	"strings"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/civil"
	"github.com/idcontrol/idcontrol/fold"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/names"
	"github.com/idcontrol/idcontrol/places"
)

func (s *state) participant(p *idcontrolv1.Participant) *idcontrolv1.PayslipParticipantControls {
	// The declared address is looked for once, for both address controls.
	var addr match.Decision
	if declared(p) && strings.TrimSpace(s.text) != "" {
		addr = s.addressText().AddressFound(toAddress(p.GetPostalAddress()))
	}
	return &idcontrolv1.PayslipParticipantControls{
		Owner:              p.GetUuid(),
		NameFound:          s.nameFound(p),
		PostalAddressFound: s.postalAddressFound(p, addr),
		PostalAddressMatch: s.postalAddressMatch(p, addr),
		CivilityMatch:      s.civilityMatch(p),
		BirthDateMatch:     s.birthDateMatch(p),
	}
}

// blank: nothing but spaces and punctuation (no word once folded).
func blank(s string) bool { return fold.Fold(s) == "" }

// nameFound — « le nom du participant a été trouvé »: the employee named
// on the payslip is the participant. When documentDetails carries the
// employee's first and last (or birth) name, they are compared through the
// name engine (given names, usage/birth names, particles, OCR confusions);
// otherwise the participant's first and last names must stand together in
// the text (names.Found: a last name alone does not name the employee).
// Absent when the participant lacks a first or last name, or the payslip
// gives neither names nor text.
func (s *state) nameFound(p *idcontrolv1.Participant) *bool {
	const ctl = "nameFound"
	owner := p.GetUuid()
	lasts := nonBlank(p.GetLastName(), p.GetBirthName())
	if blank(p.GetFirstName()) || len(lasts) == 0 {
		s.f.Add(ctl, owner, "NAME_MISSING", "The participant has no first name or no last name in the client file.")
		return nil
	}
	docLasts := nonBlank(s.dd.GetLastName(), s.dd.GetBirthName())
	if !blank(s.dd.GetFirstName()) && len(docLasts) > 0 {
		if names.FirstName(p.GetFirstName(), s.dd.GetFirstName(), names.SourceText).Match {
			for _, l := range lasts {
				for _, dl := range docLasts {
					if names.LastName(l, dl, names.SourceText).Match {
						return checks.Bool(true)
					}
				}
			}
		}
		s.f.Add(ctl, owner, "NAME_MISMATCH", "The employee's name on the payslip is not the participant's.")
		return checks.Bool(false)
	}
	if strings.TrimSpace(s.text) == "" {
		s.f.Add(ctl, owner, "TEXT_MISSING", "The payslip gives no employee name and no text to look for the name in.")
		return nil
	}
	for _, l := range lasts {
		if names.Found(p.GetFirstName(), l, s.text).Match {
			return checks.Bool(true)
		}
	}
	s.f.Add(ctl, owner, "NAME_NOT_FOUND", "The participant's first and last names were not found together in the text.")
	return checks.Bool(false)
}

func nonBlank(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if !blank(s) {
			out = append(out, s)
		}
	}
	return out
}

// postalAddressFound — « l'adresse postale du participant a été trouvée »:
// the text holds a postal address (places.FindAddresses: a street line
// then a postal code and city) other than the employer's
// (documentDetails.address, the reference's "adresse postale de
// l'entreprise"), or the participant's declared address itself. Absent
// without text.
func (s *state) postalAddressFound(p *idcontrolv1.Participant, addr match.Decision) *bool {
	const ctl = "postalAddressFound"
	owner := p.GetUuid()
	if strings.TrimSpace(s.text) == "" {
		s.f.Add(ctl, owner, "TEXT_MISSING", "The payslip has no text to look for an address in.")
		return nil
	}
	if addr.Match {
		return checks.Bool(true)
	}
	for _, a := range s.foundAddresses() {
		if !s.isEmployer(a) {
			return checks.Bool(true)
		}
	}
	s.f.Add(ctl, owner, "ADDRESS_NOT_FOUND", "No postal address other than the employer's was found in the text.")
	return checks.Bool(false)
}

// isEmployer reports whether a found address is the employer's. The
// payslip's field often holds the street line alone: then the street
// decides, with the found address's own postal code and city.
func (s *state) isEmployer(a places.Address) bool { return IsEmployerAddress(a, s.dd.GetAddress()) }

// IsEmployerAddress reports whether an address found in a payslip's text
// is its employer's, given as documentDetails.address (isEmployer); false
// when that field is blank.
func IsEmployerAddress(a places.Address, employer string) bool {
	if blank(employer) {
		return false
	}
	e := places.ParseAddress(employer)
	if e.PostalCode == "" && e.City == "" {
		employer += " " + a.PostalCode + " " + a.City
	}
	return places.AddressMatch(a, employer).Match
}

// postalAddressMatch — « l'adresse postale du participant correspond »:
// the participant's declared address stands in the text (street-type
// abbreviations, BIS/TER, complements and CEDEX through the address
// matcher). Absent when the participant has no address, the payslip no
// text, or the text no address at all.
func (s *state) postalAddressMatch(p *idcontrolv1.Participant, d match.Decision) *bool {
	const ctl = "postalAddressMatch"
	owner := p.GetUuid()
	if !declared(p) {
		s.f.Add(ctl, owner, "ADDRESS_NOT_DECLARED", "The participant has no postal address in the client file.")
		return nil
	}
	if strings.TrimSpace(s.text) == "" {
		s.f.Add(ctl, owner, "TEXT_MISSING", "The payslip has no text to look for the address in.")
		return nil
	}
	switch {
	case d.Match:
		return checks.Bool(true)
	case d.Rule == match.RuleMissing:
		s.f.Add(ctl, owner, "ADDRESS_INCOMPLETE", d.Message) // places' messages never repeat values
		return nil
	case len(s.foundAddresses()) == 0:
		s.f.Add(ctl, owner, "ADDRESS_NOT_FOUND", "No postal address was found on the payslip to compare.")
		return nil
	}
	s.f.Add(ctl, owner, "ADDRESS_MISMATCH", d.Message)
	return checks.Bool(false)
}

func declared(p *idcontrolv1.Participant) bool {
	pa := p.GetPostalAddress()
	return !blank(pa.GetPostalAddress1()) || !blank(pa.GetPostalAddress2()) || !blank(pa.GetPostalCode()) || !blank(pa.GetPostalCity())
}

func toAddress(pa *idcontrolv1.PostalAddress) places.Address {
	return places.Address{
		Line1: pa.GetPostalAddress1(), Line2: pa.GetPostalAddress2(),
		PostalCode: pa.GetPostalCode(), City: pa.GetPostalCity(), Country: pa.GetCountry(),
	}
}

// nirUsable explains, for a control the NIR decides, why it cannot.
func (s *state) nirUsable(ctl, owner string) bool {
	switch {
	case s.nir.value == "":
		s.f.Add(ctl, owner, "NIR_NOT_FOUND", "No social security number was found to read it from.")
	case !s.nir.r.Valid:
		s.f.Add(ctl, owner, "NIR_INVALID", "The social security number is not valid: what it encodes cannot be trusted.")
	case s.nir.r.NIR.Temporary:
		s.f.Add(ctl, owner, "NIR_TEMPORARY", "The social security number is a temporary one (7 or 8): it encodes no sex nor birth date.")
	default:
		return true
	}
	return false
}

// civilityMatch — « indique si la civilité issue du numéro de sécurité
// sociale correspond à celle du participant »: the NIR's sex digit (1 man,
// 2 woman) against the civility (MR ↔ 1; MRS, MISS ↔ 2). Only a permanent
// NIR decides, never a temporary one (7/8). Absent without a usable NIR or
// a civility (UNKNOWN is none).
func (s *state) civilityMatch(p *idcontrolv1.Participant) *bool {
	const ctl = "civilityMatch"
	owner := p.GetUuid()
	if !s.nirUsable(ctl, owner) {
		return nil
	}
	d, determined := names.Civility(p.GetCivility(), s.nir.r.NIR.Sex)
	if !determined {
		s.f.Add(ctl, owner, "CIVILITY_MISSING", "The participant has no civility (or UNKNOWN) in the client file.")
		return nil
	}
	if !d.Match {
		s.f.Add(ctl, owner, "CIVILITY_MISMATCH", "The sex the social security number encodes does not fit the participant's civility.")
		return checks.Bool(false)
	}
	return checks.Bool(true)
}

// birthDateMatch — « indique si la date de naissance issue du numéro de
// sécurité sociale correspond à celle du participant »: the NIR's birth
// year (two digits: the century is not encoded) and month against the
// declared birth date; when the NIR's month is an unknown-month code
// (20, 30-42, 50-99), the year alone. Only a permanent NIR decides. Absent
// without a usable NIR or a declared birth date.
func (s *state) birthDateMatch(p *idcontrolv1.Participant) *bool {
	const ctl = "birthDateMatch"
	owner := p.GetUuid()
	if !s.nirUsable(ctl, owner) {
		return nil
	}
	bd, err := civil.ParseISO(p.GetBirthDate())
	if err != nil || bd.Year == 0 {
		s.f.Add(ctl, owner, "BIRTH_DATE_MISSING", "The participant has no birth date in the client file.")
		return nil
	}
	yy, _ := strconv.Atoi(s.nir.r.NIR.BirthYear)
	if bd.Year%100 != yy {
		s.f.Add(ctl, owner, "BIRTH_YEAR_MISMATCH", "The birth year the social security number encodes differs from the participant's.")
		return checks.Bool(false)
	}
	if m := s.nir.r.NIR.BirthMonth; m != 0 && bd.Month != 0 && m != bd.Month {
		s.f.Add(ctl, owner, "BIRTH_MONTH_MISMATCH", "The birth month the social security number encodes differs from the participant's.")
		return checks.Bool(false)
	}
	return checks.Bool(true)
}
