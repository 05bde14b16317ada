package identity

import (
	"strings"

	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/names"
	"github.com/idcontrol/idcontrol/places"
)

// Per-participant control names.
const (
	ctlFirstName     = "firstNameMatch"
	ctlLastName      = "lastNameMatch"
	ctlBirthName     = "birthNameMatch"
	ctlBirthDate     = "birthDateMatch"
	ctlBirthPlace    = "birthPlaceMatch"
	ctlCivility      = "civilityMatch"
	ctlFirstLastInv  = "firstLastNamesInverted"
	ctlNamesInverted = "namesInverted"
)

// docName is a name read on the document with the source it came from.
type docName struct {
	value string
	src   names.Source
	mrz   bool // read in the MRZ because the VIZ had none
}

// participant computes the controls of one owner into out.
func (s *state) participant(p *idcontrolv1.Participant, out *idcontrolv1.IdentityParticipantControls) *idcontrolv1.IdentityParticipantControls {
	*out = idcontrolv1.IdentityParticipantControls{
		Owner:                  p.GetUuid(),
		FirstNameMatch:         s.firstNameMatch(p),
		LastNameMatch:          s.lastNameMatch(p),
		BirthNameMatch:         s.birthNameMatch(p),
		BirthDateMatch:         s.birthDateMatch(p),
		BirthPlaceMatch:        s.birthPlaceMatch(p),
		CivilityMatch:          s.civilityMatch(p),
		FirstLastNamesInverted: s.firstLastNamesInverted(p),
		NamesInverted:          s.namesInverted(p),
	}
	return out
}

func (s *state) pAbsent(control, owner, code, msg string) *bool {
	s.note(control, owner, code, msg)
	return nil
}

// docFirst is the document's given names: the VIZ's, else the MRZ's.
func (s *state) docFirst() docName {
	if s.viz.firstNames != "" {
		return docName{value: s.viz.firstNames, src: names.SourceVIZ}
	}
	if s.hasMRZ() {
		if g := mrzRawGiven(&s.m); strings.Trim(g, "<") != "" {
			return docName{value: g, src: names.SourceMRZ, mrz: true}
		}
	}
	return docName{}
}

// docLast is the document's last names: the VIZ usage name and birth name
// (either may be empty), else the MRZ surname; n says how many.
func (s *state) docLast() (out [2]docName, n int) {
	if s.viz.lastName != "" {
		out[n] = docName{value: s.viz.lastName, src: names.SourceVIZ}
		n++
	}
	if s.viz.birthName != "" {
		out[n] = docName{value: s.viz.birthName, src: names.SourceVIZ}
		n++
	}
	if n == 0 && s.hasMRZ() {
		if l := mrzRawLast(&s.m); strings.Trim(l, "<") != "" {
			out[n] = docName{value: l, src: names.SourceMRZ, mrz: true}
			n++
		}
	}
	return out, n
}

// docBirth is the document's birth name: the VIZ's, else the MRZ surname
// (the French cards' MRZ carries the birth name), else the VIZ last name.
func (s *state) docBirth() docName {
	if s.viz.birthName != "" {
		return docName{value: s.viz.birthName, src: names.SourceVIZ}
	}
	if s.hasMRZ() {
		if l := mrzRawLast(&s.m); strings.Trim(l, "<") != "" {
			return docName{value: l, src: names.SourceMRZ, mrz: true}
		}
	}
	if s.viz.lastName != "" {
		return docName{value: s.viz.lastName, src: names.SourceVIZ}
	}
	return docName{}
}

// plainFirst and plainLast are the document's names as words, for the
// inversion tests.
func (s *state) plainFirst() string {
	if s.viz.firstNames != "" {
		return s.viz.firstNames
	}
	if s.hasMRZ() {
		return strings.Join(s.m.FirstNames, " ")
	}
	return ""
}

func (s *state) plainLast() string {
	switch {
	case s.viz.lastName != "":
		return s.viz.lastName
	case s.viz.birthName != "":
		return s.viz.birthName
	case s.hasMRZ():
		return s.m.LastName
	}
	return ""
}

func (s *state) noteMRZ(control, owner string, n docName) {
	if n.mrz {
		s.note(control, owner, CodeComparedWithMRZ, "The VIZ has no such name: the client file was compared with the MRZ.")
	}
}

// firstNameMatch: « pour indiquer si le prénom extrait du document est celui
// défini dans le dossier ».
//
// Our rule: the name engine's first-name comparison of the declared first
// name with the document's given names (the VIZ's, else the MRZ's with a
// COMPARED_WITH_MRZ finding): it matches one given name or the ordered
// start of them. Absent when either side has none.
func (s *state) firstNameMatch(p *idcontrolv1.Participant) *bool {
	o := p.GetUuid()
	doc := s.docFirst()
	if strings.TrimSpace(p.GetFirstName()) == "" || doc.value == "" {
		return s.pAbsent(ctlFirstName, o, CodeNameMissing, "The first name is missing in the client file or on the document.")
	}
	s.noteMRZ(ctlFirstName, o, doc)
	return s.decision(ctlFirstName, o, CodeNameMismatch, s.memo.FirstName(p.GetFirstName(), doc.value, doc.src))
}

// lastNameMatch: « pour indiquer si le nom de famille extrait du document
// est celui défini dans le dossier ».
//
// Our rule: the name engine's last-name comparison of the declared last
// name with the document's usage name or, failing that, its birth name
// (the VIZ's, else the MRZ surname with a COMPARED_WITH_MRZ finding).
// Absent when either side has none.
func (s *state) lastNameMatch(p *idcontrolv1.Participant) *bool {
	o := p.GetUuid()
	all, n := s.docLast()
	docs := all[:n]
	if strings.TrimSpace(p.GetLastName()) == "" || n == 0 {
		return s.pAbsent(ctlLastName, o, CodeNameMissing, "The last name is missing in the client file or on the document.")
	}
	s.noteMRZ(ctlLastName, o, docs[0])
	var d = s.memo.LastName(p.GetLastName(), docs[0].value, docs[0].src)
	for _, n := range docs[1:] {
		if d.Match {
			break
		}
		if d2 := s.memo.LastName(p.GetLastName(), n.value, n.src); d2.Match {
			d = d2
		}
	}
	return s.decision(ctlLastName, o, CodeNameMismatch, d)
}

// birthNameMatch: « pour indiquer si le nom de naissance extrait du
// document est celui défini dans le dossier (bien le différencier du nom de
// famille) ».
//
// Our rule: the name engine's birth-name comparison of the declared birth
// name with the document's birth name (the VIZ's, else the MRZ surname with
// a COMPARED_WITH_MRZ finding, else the VIZ last name with a
// COMPARED_WITH_LAST_NAME finding). Absent when the client file has no
// birth name.
func (s *state) birthNameMatch(p *idcontrolv1.Participant) *bool {
	o := p.GetUuid()
	if strings.TrimSpace(p.GetBirthName()) == "" {
		return s.pAbsent(ctlBirthName, o, CodeNameMissing, "The client file has no birth name.")
	}
	doc := s.docBirth()
	if doc.value == "" {
		return s.pAbsent(ctlBirthName, o, CodeNameMissing, "The document has no birth name.")
	}
	s.noteMRZ(ctlBirthName, o, doc)
	if !doc.mrz && s.viz.birthName == "" {
		s.note(ctlBirthName, o, CodeComparedWithLastNm, "The document prints no separate birth name: its last name was used.")
	}
	return s.decision(ctlBirthName, o, CodeNameMismatch, s.memo.BirthName(p.GetBirthName(), doc.value, doc.src))
}

// birthDateMatch: « la date de naissance extraite du document correspond à
// celle du dossier (ce champ n'est pas présent si aucune date n'est définie
// dans le dossier) ».
//
// Our rule: the engine's date comparison (parts known on both sides) of
// the declared date with the document's (VIZ, else MRZ). Absent when
// either is missing.
func (s *state) birthDateMatch(p *idcontrolv1.Participant) *bool {
	o := p.GetUuid()
	raw := strings.TrimSpace(p.GetBirthDate())
	if raw == "" {
		return s.pAbsent(ctlBirthDate, o, CodeDateMissing, "The client file has no birth date.")
	}
	declared, err := civil.ParseISO(raw)
	if err != nil { // cannot happen: parse() rejected it
		return s.pAbsent(ctlBirthDate, o, CodeDateMissing, "The client file's birth date is not a date.")
	}
	doc, ok := s.holderBirth()
	if !ok {
		return s.pAbsent(ctlBirthDate, o, CodeDateMissing, "No birth date was read on the document.")
	}
	return s.decision(ctlBirthDate, o, CodeDateMismatch, names.BirthDate(declared, doc))
}

// birthPlaceMatch: « le lieu de naissance extraite du document correspond à
// celle du dossier (ce champ n'est pas présent si aucune lieu n'est défini
// dans le dossier) ».
//
// Our rule: places.BirthPlace (communes by INSEE code, arrondissements,
// departments; foreign places by folded text). Absent when either side has
// no place.
func (s *state) birthPlaceMatch(p *idcontrolv1.Participant) *bool {
	o := p.GetUuid()
	if strings.TrimSpace(p.GetBirthPlace()) == "" {
		return s.pAbsent(ctlBirthPlace, o, CodePlaceMissing, "The client file has no birth place.")
	}
	if s.viz.birthPlace == "" {
		return s.pAbsent(ctlBirthPlace, o, CodePlaceMissing, "No birth place was read on the document.")
	}
	return s.decision(ctlBirthPlace, o, CodePlaceMismatch, places.BirthPlace(p.GetBirthPlace(), s.viz.birthPlace))
}

// civilityMatch: « la civilité extraite du document correspond à celle du
// dossier (ce champ n'est pas présent si aucune civilité n'est définie dans
// le dossier ou dans la MRZ) ».
//
// Our rule: the engine's civility comparison (MR ↔ M, MRS/MISS ↔ F) with
// the sex of the MRZ, as the reference says: the visual zone's sex is not
// used. Absent when the client file has no civility or UNKNOWN, when there
// is no recognised MRZ, or when its sex is undetermined (X or '<').
func (s *state) civilityMatch(p *idcontrolv1.Participant) *bool {
	o := p.GetUuid()
	civ := p.GetCivility()
	if civ == "" || civ == "UNKNOWN" {
		return s.pAbsent(ctlCivility, o, CodeCivilityMissing, "The client file has no civility.")
	}
	if !s.hasMRZ() {
		return s.pAbsent(ctlCivility, o, CodeMRZMissing, "No MRZ was read: the reference compares the civility with the MRZ's sex only.")
	}
	sex := s.m.Sex
	if sex != 'M' && sex != 'F' {
		return s.pAbsent(ctlCivility, o, CodeSexUndetermined, "The MRZ's sex is unspecified.")
	}
	d, determined := names.Civility(civ, string(sex))
	if !determined {
		return s.pAbsent(ctlCivility, o, CodeSexUndetermined, "The civility cannot be compared with the document's sex.")
	}
	if !d.Match {
		msg := d.Message
		if msg == "" {
			msg = "The civility of the client file does not fit the document's sex."
		}
		s.note(ctlCivility, o, CodeCivilityMismatch, msg)
		return s.bool(false)
	}
	return s.bool(true)
}

// firstLastNamesInverted: « le prénom et le nom extrait du document sont
// inversés par rapport aux valeurs du dossier client ».
//
// Our rule: the name engine's inversion test of the declared first and
// last names with the document's (VIZ, else MRZ). True is the bad answer
// and comes with a finding. Absent when a name is missing on either side.
func (s *state) firstLastNamesInverted(p *idcontrolv1.Participant) *bool {
	o := p.GetUuid()
	df, dl := s.plainFirst(), s.plainLast()
	if strings.TrimSpace(p.GetFirstName()) == "" || strings.TrimSpace(p.GetLastName()) == "" || df == "" || dl == "" {
		return s.pAbsent(ctlFirstLastInv, o, CodeNameMissing, "A first or last name is missing in the client file or on the document.")
	}
	if s.memo.FirstLastInverted(p.GetFirstName(), p.GetLastName(), df, dl) {
		s.note(ctlFirstLastInv, o, CodeFirstLastInverted, "The first and last names of the client file are swapped on the document.")
		return s.bool(true)
	}
	return s.bool(false)
}

// namesInverted: « le nom de naissance et le nom de famille sont inversés
// (ce champ n'est présent que si l'utilisateur a défini un nom de
// naissance) ».
//
// Our rule: the name engine's test whether the declared last (usage) and
// birth names are swapped against the document's usage name (VIZ) and
// birth name (VIZ, else MRZ surname). True is the bad answer and comes with
// a finding. Absent without a declared birth name or last name, or without
// both a last name and a birth name on the document.
func (s *state) namesInverted(p *idcontrolv1.Participant) *bool {
	o := p.GetUuid()
	if strings.TrimSpace(p.GetBirthName()) == "" {
		return s.pAbsent(ctlNamesInverted, o, CodeNameMissing, "The client file has no birth name.")
	}
	docBirth := s.viz.birthName
	if docBirth == "" && s.hasMRZ() {
		docBirth = s.m.LastName
	}
	// A swap is judged with both names on both sides; with one missing,
	// "not inverted" would be a guess.
	if strings.TrimSpace(p.GetLastName()) == "" {
		return s.pAbsent(ctlNamesInverted, o, CodeNameMissing, "The client file has no last name.")
	}
	if strings.TrimSpace(s.viz.lastName) == "" || strings.TrimSpace(docBirth) == "" {
		return s.pAbsent(ctlNamesInverted, o, CodeNameMissing, "The document lacks its last name or its birth name.")
	}
	if s.memo.NamesInverted(p.GetLastName(), p.GetBirthName(), s.viz.lastName, docBirth) {
		s.note(ctlNamesInverted, o, CodeNamesInverted, "The usage and birth names of the client file are swapped on the document.")
		return s.bool(true)
	}
	return s.bool(false)
}
