// Package digitalidentity compares the identity La Poste's digital identity
// service (L'Identité Numérique) returned — OpenID Connect claims, the
// providerData of report.json's lin block — with the participant of the
// client file, field by field, through the name engine.
package digitalidentity

import (
	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/civil"
	"github.com/idcontrol/idcontrol/fold"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/names"
)

// report.json's words for a field's comparison and for the verdict.
const (
	Matching    = "MATCHING"
	NotMatching = "NOT_MATCHING"
	Skipped     = "SKIPPED"
	VerdictOK   = "OK"
	VerdictKO   = "KO"
)

// Check compares req's providerData with its participant.
func Check(req *idcontrolv1.CheckDigitalIdentityRequest) (*idcontrolv1.CheckDigitalIdentityResponse, error) {
	var v checks.Violations
	pd, p := req.GetProviderData(), req.GetParticipant()
	pdBirth, pdHasBirth := checks.ParseDate(&v, "providerData.birthDate", pd.GetBirthDate(), false)
	pBirth, pHasBirth := checks.ParseDate(&v, "participant.birthDate", p.GetBirthDate(), false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var f checks.Findings
	c := &idcontrolv1.DigitalIdentityControls{
		FirstName: firstName(p, pd, &f),
		BirthName: birthName(p, pd, &f),
		LastName:  lastName(p, pd, &f),
		BirthDate: birthDate(pBirth, pHasBirth, pdBirth, pdHasBirth, &f),
	}
	return &idcontrolv1.CheckDigitalIdentityResponse{
		ComparisonVerdict: comparisonVerdict(c, &f),
		Controls:          c,
		Findings:          f,
	}, nil
}

// compare turns a name decision into report.json's word; a side without
// words is SKIPPED, the client file's side first (the reference: skipped
// when the file lacks the field).
func compare(ctl, declared, provided string, cmp func(string, string, names.Source) match.Decision, f *checks.Findings) string {
	if len(fold.Words(declared)) == 0 {
		f.Add(ctl, "", "FIELD_MISSING", "The client file does not give this field.")
		return Skipped
	}
	if len(fold.Words(provided)) == 0 {
		f.Add(ctl, "", "PROVIDER_FIELD_MISSING", "The digital identity does not give this field.")
		return Skipped
	}
	d := cmp(declared, provided, names.SourceVIZ)
	switch {
	case d.Match:
		return Matching
	case d.Rule == match.RuleMissing || d.Rule == match.RuleUndetermined:
		f.Add(ctl, "", "FIELD_UNDETERMINED", d.Message)
		return Skipped
	}
	f.Add(ctl, "", "NAME_MISMATCH", d.Message)
	return NotMatching
}

// firstName — « firstName : [MATCHING, NOT_MATCHING, SKIPPED] »: the
// participant's first name is the subject's given name, or one or the
// first of its given names ("Plusieurs prénoms séparés par des espaces").
func firstName(p *idcontrolv1.Participant, pd *idcontrolv1.DigitalIdentityProviderData, f *checks.Findings) string {
	return compare("firstName", p.GetFirstName(), pd.GetGivenName(), names.FirstName, f)
}

// birthName — « birthName : [MATCHING, NOT_MATCHING, SKIPPED] »: the
// participant's birth name is the subject's familyName (« nom de famille
// de naissance »).
func birthName(p *idcontrolv1.Participant, pd *idcontrolv1.DigitalIdentityProviderData, f *checks.Findings) string {
	return compare("birthName", p.GetBirthName(), pd.GetFamilyName(), names.BirthName, f)
}

// lastName — « lastName : [MATCHING, NOT_MATCHING, SKIPPED] »: the
// participant's last name is the subject's usage name (preferredUsername,
// « nom d'usage »), or its familyName when the subject has no usage name
// (the birth name is then the name in use).
func lastName(p *idcontrolv1.Participant, pd *idcontrolv1.DigitalIdentityProviderData, f *checks.Findings) string {
	provided := pd.GetPreferredUsername()
	if len(fold.Words(provided)) == 0 {
		provided = pd.GetFamilyName()
	}
	return compare("lastName", p.GetLastName(), provided, names.LastName, f)
}

// birthDate — « birthDate : [MATCHING, NOT_MATCHING, SKIPPED] »: the
// participant's birth date is the subject's, day for day.
func birthDate(declared civil.Date, hasDeclared bool, provided civil.Date, hasProvided bool, f *checks.Findings) string {
	switch {
	case !hasDeclared:
		f.Add("birthDate", "", "FIELD_MISSING", "The client file does not give a birth date.")
		return Skipped
	case !hasProvided:
		f.Add("birthDate", "", "PROVIDER_FIELD_MISSING", "The digital identity does not give a birth date.")
		return Skipped
	case declared.Compare(provided) != 0:
		f.Add("birthDate", "", "DATE_MISMATCH", "The birth dates differ.")
		return NotMatching
	}
	return Matching
}

// comparisonVerdict — « comparisonVerdict : [OK, KO] Résultat de la
// comparaison entre l'Identité Numérique et les informations du
// dossier »: KO when a field is NOT_MATCHING; OK when none is and at least
// one is MATCHING. Every field SKIPPED compared nothing: the verdict is
// absent (empty) rather than an OK nobody checked.
func comparisonVerdict(c *idcontrolv1.DigitalIdentityControls, f *checks.Findings) string {
	matched := false
	for _, v := range []string{c.GetFirstName(), c.GetBirthName(), c.GetLastName(), c.GetBirthDate()} {
		switch v {
		case NotMatching:
			f.Add("comparisonVerdict", "", "FIELD_NOT_MATCHING", "At least one field of the digital identity does not match the client file.")
			return VerdictKO
		case Matching:
			matched = true
		}
	}
	if !matched {
		f.Add("comparisonVerdict", "", "NOTHING_COMPARED", "Every field was skipped: the digital identity was compared with nothing.")
		return ""
	}
	return VerdictOK
}
