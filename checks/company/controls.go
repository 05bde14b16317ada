package company

import (
	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/registry"
)

// companyIdValid — « l'entreprise … est valide »: the SIREN, or a SIRET's
// first 9 digits, passes the Luhn check (INSEE). Absent when no number was
// given; false when what was given is not 9 or 14 digits.
func companyIdValid(id ID, f *checks.Findings) *bool {
	const ctl = "companyIdValid"
	if !id.Given {
		f.Add(ctl, "", CodeIDMissing, "No SIREN or SIRET was given.")
		return nil
	}
	if !id.FormatOK {
		f.Add(ctl, "", CodeIDFormat, "The company identifier is neither a SIREN (9 digits) nor a SIRET (14 digits).")
		return checks.Bool(false)
	}
	if !id.SIREN.Valid {
		f.Add(ctl, "", id.SIREN.Code, "The SIREN is not valid: "+id.SIREN.Message)
		return checks.Bool(false)
	}
	return checks.Bool(true)
}

// companyOfficeIdValid — « l'établissement de l'entreprise … est valide »:
// the SIRET passes its check: Luhn over the 14 digits, or for La Poste
// (SIREN 356000000) a digit sum that is a multiple of 5. Absent when no
// number was given or a SIREN was; false when the value is not 9 or 14
// digits.
func companyOfficeIdValid(id ID, f *checks.Findings) *bool {
	const ctl = "companyOfficeIdValid"
	switch {
	case !id.Given:
		f.Add(ctl, "", CodeIDMissing, "No SIRET was given.")
		return nil
	case !id.FormatOK:
		f.Add(ctl, "", CodeIDFormat, "The company identifier is neither a SIREN (9 digits) nor a SIRET (14 digits).")
		return checks.Bool(false)
	case !id.IsSIRET:
		f.Add(ctl, "", CodeSIRENOnly, "A SIREN was given, not a SIRET: there is no establishment number to check.")
		return nil
	case !id.SIRET.Valid:
		f.Add(ctl, "", id.SIRET.Code, "The SIRET is not valid: "+id.SIRET.Message)
		return checks.Bool(false)
	}
	return checks.Bool(true)
}

// IDControls computes companyIdValid and companyOfficeIdValid.
func IDControls(id ID, f *checks.Findings) (companyID, officeID *bool) {
	return companyIdValid(id, f), companyOfficeIdValid(id, f)
}

// identifierFormatValid (legal entity) — the identifier has the form of a
// SIREN or a SIRET: 9 or 14 digits, blanks, dots and dashes aside. Absent
// when none was given.
func identifierFormatValid(id ID, f *checks.Findings) *bool {
	const ctl = "identifierFormatValid"
	if !id.Given {
		f.Add(ctl, "", CodeIDMissing, "The legal entity has no companyId.")
		return nil
	}
	if !id.FormatOK {
		f.Add(ctl, "", CodeIDFormat, "The companyId is neither a SIREN (9 digits) nor a SIRET (14 digits).")
		return checks.Bool(false)
	}
	return checks.Bool(true)
}

// IdentifierFormatValid is identifierFormatValid for the legal entity.
func IdentifierFormatValid(id ID, f *checks.Findings) *bool { return identifierFormatValid(id, f) }

// companyAlive — the legal entity's company is active in the registry
// (unité légale état administratif A; C, cessée, is false). False too when
// SIRENE, which holds every unit, does not know the SIREN (an unknown SIRET
// proves nothing of its company: absent). Absent when the
// connector is off or failed, the open registry does not list the number,
// or the answer gives no state: a failure never reads as "closed".
func companyAlive(o Outcome, f *checks.Findings) *bool {
	const ctl = "companyAlive"
	if !registryAnswer(ctl, o, f) {
		switch {
		case o.NotFound && o.Authoritative && len(o.Key) == 9:
			f.Add(ctl, "", CodeNotInRegistry, "The registry (SIRENE) does not know this SIREN: no such company exists.")
			return checks.Bool(false)
		case o.NotFound && o.Authoritative:
			// An unknown SIRET says nothing of its SIREN.
			f.Add(ctl, "", CodeNotInRegistry, "The registry (SIRENE) does not know this SIRET; the company itself was not looked up.")
		}
		return nil
	}
	switch o.Company.State {
	case registry.StateActive:
		return checks.Bool(true)
	case registry.StateClosed:
		f.Add(ctl, "", CodeCompanyClosed, "The registry says the company has ceased.")
		return checks.Bool(false)
	}
	f.Add(ctl, "", CodeStateUnknown, "The registry data do not say whether the company is active.")
	return nil
}

// CompanyAlive is companyAlive for the legal entity.
func CompanyAlive(o Outcome, f *checks.Findings) *bool { return companyAlive(o, f) }

// companyOfficeAlive — « l'établissement de l'entreprise … est ouvert »:
// the registry lists the SIRET with état administratif A. False when it is
// closed (F), when its company has ceased, or when SIRENE does not know
// the number. Absent when only a SIREN was given, when the connector is
// off or failed, when the open registry does not list the number, or when
// the answer does not give the establishment's state.
func companyOfficeAlive(id ID, o Outcome, f *checks.Findings) *bool {
	const ctl = "companyOfficeAlive"
	if !id.IsSIRET || !id.SIRET.Valid {
		f.Add(ctl, "", CodeNoValidID, "No valid SIRET: there is no establishment to ask the registry about.")
		return nil
	}
	if !registryAnswer(ctl, o, f) {
		if o.NotFound && o.Authoritative {
			f.Add(ctl, "", CodeNotInRegistry, "The registry (SIRENE) does not know this SIRET: no such establishment exists.")
			return checks.Bool(false)
		}
		return nil
	}
	off, listed := o.Company.Office(id.Digits)
	switch {
	case listed && off.State == registry.StateActive:
		return checks.Bool(true)
	case listed && off.State == registry.StateClosed:
		f.Add(ctl, "", CodeOfficeClosed, "The registry says the establishment is closed.")
		return checks.Bool(false)
	case o.Company.State == registry.StateClosed:
		f.Add(ctl, "", CodeCompanyClosed, "The registry says the company has ceased: none of its establishments is open.")
		return checks.Bool(false)
	case !listed:
		f.Add(ctl, "", CodeOfficeNotListed, "The registry data do not list this establishment.")
		return nil
	}
	f.Add(ctl, "", CodeStateUnknown, "The registry data do not say whether the establishment is open.")
	return nil
}

// CompanyOfficeAlive is companyOfficeAlive.
func CompanyOfficeAlive(id ID, o Outcome, f *checks.Findings) *bool {
	return companyOfficeAlive(id, o, f)
}
