package identity

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/doc2d"
	"github.com/idcontrol/idcontrol/civil"
	"github.com/idcontrol/idcontrol/country"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/mrz"
	"github.com/idcontrol/idcontrol/names"
	"github.com/idcontrol/idcontrol/policy"
)

// Document types this package checks (report.json's `type` words).
const (
	TypeIDCard          = "ID_CARD"
	TypePassport        = "PASSPORT"
	TypeResidencePermit = "RESIDENCE_PERMIT"
)

// MaxParticipants is the most owners one request may carry (the proto's
// limit, enforced here too for callers that skip protovalidate).
const MaxParticipants = 16

// Field paths of the request, in JSON names.
const (
	pathType       = "document.type"
	pathDocInfo    = "document.data.informations.document."
	pathHolder     = "document.data.informations.holder."
	pathMRZ        = "document.data.mrz."
	pathIssuance   = pathDocInfo + "issuanceDate"
	pathExpiration = pathDocInfo + "expirationDate"
	pathBirthDate  = pathHolder + "birthDate"
	pathGender     = pathHolder + "gender"
)

// mrzState says what became of the MRZ lines.
type mrzState int

const (
	mrzAbsent       mrzState = iota // no line given
	mrzUnrecognised                 // lines match no layout
	mrzParsed                       // a layout was recognised (valid or not)
)

// viz is what was read in the visual inspection zone, parsed.
type viz struct {
	number              string // blanks removed, upper case
	issue, expiry       civil.Date
	countryRaw          string // as given, trimmed
	country             string // ICAO code, "" when not a known code
	lastName, birthName string
	firstNames          string // firstNames joined by a space, else firstName
	birth               civil.Date
	birthPlace          string
	sex                 byte // 'M', 'F', 'X' or 0 when not given
	hasIssue, hasExpiry bool
	hasBirth            bool
}

// state carries one request through its controls.
type state struct {
	req *idcontrolv1.CheckIdentityDocumentRequest
	pol policy.Effective
	ref civil.Date
	typ string
	viz viz
	mst mrzState
	// m is the parsed MRZ when mst == mrzParsed (see hasMRZ). A value, not
	// a pointer: the state stays on the stack, and so does m.
	m    mrz.Result
	merr *mrz.FormatError
	// country is the issuing country as an ICAO code: the MRZ's when
	// recognised, else the VIZ's; "" when unknown.
	country string

	// valid is the legal-validity computation shared by documentExpired
	// and the response's validity (computed once).
	valid validity

	f checks.Findings

	// memo folds each name once across the name controls of the request.
	memo names.Memo

	// pool backs the controls' *bool values: one allocation for all.
	pool []bool
	// fbuf is the block findings are taken from.
	fbuf []idcontrolv1.Finding
}

// note records a finding; findings are carved from one block.
func (s *state) note(control, owner, code, msg string) {
	s.f = append(s.f, s.finding(control, owner, code, msg))
}

// finding returns a new finding carved from the block.
func (s *state) finding(control, owner, code, msg string) *idcontrolv1.Finding {
	if len(s.fbuf) == 0 {
		s.fbuf = make([]idcontrolv1.Finding, 8)
	}
	f := &s.fbuf[0]
	s.fbuf = s.fbuf[1:]
	f.Control, f.Owner, f.Code, f.Message = control, owner, code, msg
	return f
}

// bool returns a pointer to v for a proto3 optional field.
func (s *state) bool(v bool) *bool {
	s.pool = append(s.pool, v)
	return &s.pool[len(s.pool)-1]
}

// Check computes the identity-document controls of req against pol at the
// reference date ref, which is required: the server resolves the request's
// referenceDate (or today) once, and the controls are pure functions of
// (request, policy, ref). The error, when not nil, is a checks.Violations.
func Check(req *idcontrolv1.CheckIdentityDocumentRequest, pol policy.Effective, ref civil.Date) (*idcontrolv1.CheckIdentityDocumentResponse, error) {
	return check(req, pol, ref, false, nil)
}

// CheckWithTwoDDoc is Check followed by AddTwoDDoc(req, resp, store), the
// same answer, with the finding of a document without 2D-Doc (the usual
// case) taken from the response's block instead of allocated apart.
func CheckWithTwoDDoc(req *idcontrolv1.CheckIdentityDocumentRequest, pol policy.Effective, ref civil.Date, store *doc2d.TrustStore) (*idcontrolv1.CheckIdentityDocumentResponse, error) {
	return check(req, pol, ref, true, store)
}

func check(req *idcontrolv1.CheckIdentityDocumentRequest, pol policy.Effective, ref civil.Date, twoD bool, store *doc2d.TrustStore) (*idcontrolv1.CheckIdentityDocumentResponse, error) {
	s := &state{req: req, pol: pol, ref: ref}
	if err := s.parse(); err != nil {
		return nil, err
	}
	r := &reply{}
	s.pool, s.f, s.fbuf = r.pool[:0], r.f[:0], r.fbuf[:]
	s.m.CheckDigits, s.m.FirstNames = r.mrzChecks[:0], r.mrzNames[:0]
	if n := len(req.GetParticipants()); n > 1 {
		s.pool = make([]bool, 0, 24+8*n)
	}
	s.readMRZ()
	s.resolveCountry()

	c := &r.controls
	c.MrzValid = s.mrzValid()
	c.OcrMrzDocumentNumberMatch = s.ocrMrzDocumentNumberMatch()
	c.OcrMrzBirthNameMatch = s.ocrMrzBirthNameMatch()
	c.OcrMrzLastNameMatch = s.ocrMrzLastNameMatch()
	c.OcrMrzFirstNamesMatch = s.ocrMrzFirstNamesMatch()
	c.OcrMrzBirthDateMatch = s.ocrMrzBirthDateMatch()
	c.OcrMrzIssuanceDateMatch = s.ocrMrzIssuanceDateMatch()
	c.OcrMrzExpirationDateMatch = s.ocrMrzExpirationDateMatch()
	c.IssuanceAndExpirationDateMatch = s.issuanceAndExpirationDateMatch()
	c.DocumentExpired = s.documentExpired()
	c.ExpirationDateRead = s.expirationDateRead()
	c.IssuanceDateRead = s.issuanceDateRead()
	c.DocumentCountryValid = s.documentCountryValid()
	c.DocumentTypeMatch = s.documentTypeMatch()
	c.SecurityElementsValid = s.securityElementsValid()
	if c.SecurityElementsValid != nil {
		c.SecurityElements = s.bool(*c.SecurityElementsValid)
	}
	c.NotSpecimen = s.notSpecimen()
	c.FrontSideFound = s.frontSideFound()
	c.BackSideFound = s.backSideFound()
	c.DocumentNumberFormatValid = s.documentNumberFormatValid()
	c.HolderAgeValid = s.holderAgeValid()
	if n := len(req.GetParticipants()); n > 0 {
		out := r.owner[:]
		c.Participants = r.one[:]
		if n > 1 {
			c.Participants, out = make([]*idcontrolv1.IdentityParticipantControls, n), make([]idcontrolv1.IdentityParticipantControls, n)
		}
		for i, p := range req.GetParticipants() {
			c.Participants[i] = s.participant(p, &out[i])
		}
	}
	resp := &r.resp
	resp.Controls, resp.Findings, resp.Validity = c, s.f, s.valid.proto()
	if twoD {
		addTwoDDoc(s, req, resp, store)
	}
	return resp, nil
}

// reply holds a response with its parts for the usual request (one
// participant, up to 8 findings): one allocation instead of seven. They
// all live as long as the response, so sharing a block keeps nothing
// alive longer; beyond these sizes the parts are allocated as before.
// (The validity stays apart: with it the block would take the next size
// class, 1792 bytes, for 104 more.)
type reply struct {
	resp     idcontrolv1.CheckIdentityDocumentResponse
	controls idcontrolv1.IdentityDocumentControls
	one      [1]*idcontrolv1.IdentityParticipantControls
	owner    [1]idcontrolv1.IdentityParticipantControls
	pool     [32]bool // the controls' *bool values
	f        [16]*idcontrolv1.Finding
	fbuf     [8]idcontrolv1.Finding
	// Storage for the MRZ's check digits and names (mrz.ParseInto): the
	// state, with the rest of the MRZ, lives on the stack, which cannot
	// hold them (a state pointing into itself moves to the heap). Seven
	// names, not Parse's eight, keep the block, with the allocator's 8-byte
	// header, in the 1792-byte size class; an eighth name is appended apart.
	mrzChecks [5]mrz.Check
	mrzNames  [7]string
}

// parse validates the request and reads its dates and words. Every bad
// field is reported, not only the first.
func (s *state) parse() error {
	var v checks.Violations
	req := s.req
	if req == nil || req.GetDocument() == nil {
		v.Add("document", "REQUIRED", "the identity document is required")
		return v
	}
	doc := req.GetDocument()
	switch doc.GetType() {
	case TypeIDCard, TypePassport, TypeResidencePermit:
		s.typ = doc.GetType()
	case "":
		v.Add(pathType, "REQUIRED", "must be ID_CARD, PASSPORT or RESIDENCE_PERMIT")
	default:
		v.Add(pathType, "UNKNOWN_VALUE", "must be ID_CARD, PASSPORT or RESIDENCE_PERMIT")
	}
	// The caller (the server, the only reader of the clock) resolves the
	// request's referenceDate or today; this package never does.
	if !s.ref.Known() || !s.ref.Valid() {
		v.Add("referenceDate", "INVALID_DATE", "a reference date, a full calendar date, is required")
	}

	data := doc.GetData()
	info := data.GetInformations().GetDocument()
	h := data.GetInformations().GetHolder()
	z := &s.viz
	maxLen(&v, pathDocInfo, "number", info.GetNumber(), 64)
	maxLen(&v, pathDocInfo, "issuanceCountry", info.GetIssuanceCountry(), 64)
	maxLen(&v, pathHolder, "lastName", h.GetLastName(), 256)
	maxLen(&v, pathHolder, "birthName", h.GetBirthName(), 256)
	maxLen(&v, pathHolder, "firstName", h.GetFirstName(), 256)
	maxLen(&v, pathHolder, "birthPlace", h.GetBirthPlace(), 256)
	if len(h.GetFirstNames()) > 16 {
		v.Add(pathHolder+"firstNames", "TOO_MANY", "at most 16 given names")
	}
	for i, fn := range h.GetFirstNames() {
		if len(fn) > 128 {
			maxLen(&v, pathHolder, "firstNames["+strconv.Itoa(i)+"]", fn, 128)
		}
	}
	maxLen(&v, pathMRZ, "line1", data.GetMrz().GetLine1(), 128)
	maxLen(&v, pathMRZ, "line2", data.GetMrz().GetLine2(), 128)
	maxLen(&v, pathMRZ, "line3", data.GetMrz().GetLine3(), 128)

	z.issue, z.hasIssue = parseDate(&v, pathIssuance, "", info.GetIssuanceDate(), false)
	z.expiry, z.hasExpiry = parseDate(&v, pathExpiration, "", info.GetExpirationDate(), false)
	z.birth, z.hasBirth = parseDate(&v, pathBirthDate, "", h.GetBirthDate(), true)
	switch g := strings.ToUpper(strings.TrimSpace(h.GetGender())); g {
	case "":
	case "M", "MALE":
		z.sex = 'M'
	case "F", "FEMALE":
		z.sex = 'F'
	case "X", "<", "UNSPECIFIED":
		z.sex = 'X'
	default:
		v.Add(pathGender, "UNKNOWN_VALUE", "must be M, F or X")
	}
	z.number = compactNumber(info.GetNumber())
	z.countryRaw = strings.ToUpper(strings.TrimSpace(info.GetIssuanceCountry()))
	z.lastName = strings.TrimSpace(h.GetLastName())
	z.birthName = strings.TrimSpace(h.GetBirthName())
	z.firstNames = joinNames(h.GetFirstNames(), h.GetFirstName())
	z.birthPlace = strings.TrimSpace(h.GetBirthPlace())

	ps := req.GetParticipants()
	if len(ps) > MaxParticipants {
		v.Add("participants", "TOO_MANY", "at most 16 participants")
	}
	for i, p := range ps {
		if i >= MaxParticipants {
			break
		}
		path := participantPath(i)
		switch p.GetCivility() {
		case "", "MR", "MRS", "MISS", "UNKNOWN":
		default:
			v.Add(path+"civility", "UNKNOWN_VALUE", "must be MR, MRS, MISS or UNKNOWN")
		}
		parseDate(&v, path, "birthDate", p.GetBirthDate(), false)
		maxLen(&v, path, "firstName", p.GetFirstName(), 256)
		maxLen(&v, path, "lastName", p.GetLastName(), 256)
		maxLen(&v, path, "birthName", p.GetBirthName(), 256)
		maxLen(&v, path, "birthPlace", p.GetBirthPlace(), 256)
	}
	return v.Err()
}

// readMRZ parses the MRZ lines, if any.
func (s *state) readMRZ() {
	m := s.req.GetDocument().GetData().GetMrz()
	l1, l2, l3 := m.GetLine1(), m.GetLine2(), m.GetLine3()
	if blankLines(l1, l2, l3) {
		s.mst = mrzAbsent
		return
	}
	lines := [3]string{l1, l2, l3}
	n := 3
	if strings.TrimSpace(l3) == "" {
		n = 2
	}
	err := mrz.ParseInto(&s.m, lines[:n], s.ref)
	if err != nil {
		s.mst = mrzUnrecognised
		// A local target: &s.merr given to errors.As would move the whole
		// state to the heap.
		var fe *mrz.FormatError
		if !errors.As(err, &fe) {
			fe = &mrz.FormatError{Field: "lines", Description: "the MRZ could not be read"}
		}
		s.merr = fe
		return
	}
	s.mst = mrzParsed
}

// hasMRZ reports whether an MRZ was recognised, s.m holding it.
func (s *state) hasMRZ() bool { return s.mst == mrzParsed }

// blankLines is strings.TrimSpace(l1+l2+l3) == "" without the
// concatenation when a line holds a printable ASCII byte, as MRZ lines do:
// such a byte is never part of a multi-byte space.
func blankLines(l1, l2, l3 string) bool {
	for _, l := range [3]string{l1, l2, l3} {
		for i := 0; i < len(l); i++ {
			if c := l[i]; c > ' ' && c < utf8.RuneSelf {
				return false
			}
		}
	}
	return strings.TrimSpace(l1+l2+l3) == ""
}

// resolveCountry sets the VIZ country as an ICAO code and the document's
// issuing country: the MRZ's when recognised and known, else the VIZ's.
func (s *state) resolveCountry() {
	s.viz.country = icaoCode(s.viz.countryRaw)
	if s.hasMRZ() && country.IsICAO(s.m.IssuingCountry) {
		s.country = s.m.IssuingCountry
		return
	}
	s.country = s.viz.country
}

// icaoCode returns the ICAO code of an alpha-2, alpha-3 or ICAO code ("FR",
// "FRA", "D", "D<<"), or "" when code is none of these.
func icaoCode(code string) string {
	code = strings.TrimRight(code, "<")
	switch {
	case code == "":
		return ""
	case len(code) == 2:
		if a3, ok := country.Alpha3(code); ok {
			return a3
		}
		return ""
	case country.IsICAO(code):
		return code
	}
	return ""
}

// sameCountry reports whether two ICAO codes name the same country (DEU
// and D are both Germany).
func sameCountry(a, b string) bool {
	if a == b {
		return true
	}
	a2, ok1 := country.Alpha2(a)
	b2, ok2 := country.Alpha2(b)
	return ok1 && ok2 && a2 == b2
}

// holderBirth is the holder's birth date read on the document: the VIZ's
// (the MRZ's instead when fuller and agreeing with it), else the MRZ's.
func (s *state) holderBirth() (civil.Date, bool) {
	mrzOK := s.hasMRZ() && !s.m.BirthDate.IsZero() && s.checkOK("birthDate")
	if s.viz.hasBirth {
		// A partial VIZ date (1986-XX-XX) gives way to a fuller MRZ date
		// that agrees with it on the parts it shows.
		if b := s.viz.birth; !b.Known() && mrzOK && s.m.BirthDate.Known() && agrees(b, s.m.BirthDate) {
			return s.m.BirthDate, true
		}
		return s.viz.birth, true
	}
	if mrzOK {
		return s.m.BirthDate, true
	}
	return civil.Date{}, false
}

// agrees reports whether full has the year, and the month and day where
// known, of partial.
func agrees(partial, full civil.Date) bool {
	return partial.Year == full.Year && (partial.Month == 0 || partial.Month == full.Month) &&
		(partial.Day == 0 || partial.Day == full.Day)
}

// printedExpiry is the expiry printed on the document: the VIZ's, else the
// MRZ's when its check digit is right.
func (s *state) printedExpiry() (civil.Date, bool) {
	if s.viz.hasExpiry {
		return s.viz.expiry, true
	}
	if s.hasMRZ() && s.m.ExpirationDate.Known() && s.checkOK("expirationDate") {
		return s.m.ExpirationDate, true
	}
	return civil.Date{}, false
}

// checkOK reports whether the MRZ's check digit over field is right (true
// when the layout has none).
func (s *state) checkOK(field string) bool {
	for _, c := range s.m.CheckDigits {
		if c.Field == field {
			return c.Valid
		}
	}
	return true
}

// maxLen records prefix+name as too long when value exceeds n bytes (the
// path is only built for a violation).
func maxLen(v *checks.Violations, prefix, name, value string, n int) {
	if len(value) > n {
		v.Add(prefix+name, "TOO_LONG", "must be at most "+strconv.Itoa(n)+" bytes")
	}
}

// parseDate is checks.ParseDate with the field path prefix+name built only
// for a violation.
func parseDate(v *checks.Violations, prefix, name, value string, allowPartial bool) (civil.Date, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return civil.Date{}, false
	}
	// No fast path of our own around checks.ParseDate: one skipped its
	// 1800–2999 bound and took year 0001 for a document's date.
	return checks.ParseDate(v, prefix+name, value, allowPartial)
}

var participantPaths = func() (p [MaxParticipants]string) {
	for i := range p {
		p[i] = "participants[" + strconv.Itoa(i) + "]."
	}
	return p
}()

func participantPath(i int) string { return participantPaths[i] }

// compactNumber removes blanks, '<' and '-' from a document number and
// upper-cases it ("880 692 310 285" is "880692310285").
func compactNumber(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToUpper(s) {
		switch r {
		case ' ', '\t', '<', '-', '.', '/':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// joinNames joins the given names read on the document; firstName is used
// when the list is empty.
func joinNames(list []string, first string) string {
	switch len(list) {
	case 0:
		return strings.TrimSpace(first)
	case 1:
		return strings.TrimSpace(list[0])
	}
	size := 0
	for _, n := range list {
		size += len(n) + 1
	}
	var b strings.Builder
	b.Grow(size)
	for _, n := range list {
		if n = strings.TrimSpace(n); n != "" {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(n)
		}
	}
	return b.String()
}
