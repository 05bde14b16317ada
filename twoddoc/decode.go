package twoddoc

import (
	"encoding/base32"
	"slices"
	"strconv"
	"strings"

	"github.com/idcontrol/idcontrol/civil"
)

// Control characters of the C40 text format.
const (
	gs = 0x1D // end of a variable-length field
	rs = 0x1E // end of a truncated field
	us = 0x1F // start of the signature
)

// MaxRawLength bounds the raw text Decode reads: a 2D-Doc is at most 16
// Data Matrix symbols of 1 558 C40 characters each.
const MaxRawLength = 16 * 1558

// Codes of decoding errors and structure issues. They are stable words:
// they reach clients as finding codes.
const (
	CodeEmpty               = "DOC2D_EMPTY"
	CodeTooLong             = "DOC2D_TOO_LONG"
	CodeNotTwoDDoc          = "DOC2D_MARKER_MISSING"
	CodeBinaryUnsupported   = "DOC2D_BINARY_UNSUPPORTED"
	CodeVersionUnsupported  = "DOC2D_VERSION_UNSUPPORTED"
	CodeHeaderMalformed     = "DOC2D_HEADER_MALFORMED"
	CodeMessageMalformed    = "DOC2D_MESSAGE_MALFORMED"
	CodeSignatureMissing    = "DOC2D_SIGNATURE_MISSING"
	CodeSignatureMalformed  = "DOC2D_SIGNATURE_MALFORMED"
	CodeIdentifierUnknown   = "DOC2D_IDENTIFIER_UNKNOWN"
	CodeIdentifierForbidden = "DOC2D_IDENTIFIER_NOT_ALLOWED"
	CodeMandatoryMissing    = "DOC2D_MANDATORY_MISSING"
	CodeWrongLength         = "DOC2D_WRONG_LENGTH"
	CodeTypeNotCatalogued   = "DOC2D_TYPE_NOT_CATALOGUED"
	CodeDuplicateIdentifier = "DOC2D_IDENTIFIER_REPEATED"
	CodeAnnexMalformed      = "DOC2D_ANNEX_MALFORMED"
)

// Error is why a raw text is not a decodable 2D-Doc. Message never repeats
// the content (personal data).
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func fail(code, msg string) *Error { return &Error{Code: code, Message: msg} }

// Header is the header of a C40 2D-Doc.
type Header struct {
	Version string // "01".."04"
	CAID    string // certification authority, e.g. FR01
	CertID  string // certificate of that authority, e.g. 0001
	// IssueDate is zero when the header says FFFF (undated document).
	IssueDate     civil.Date
	SignatureDate civil.Date
	DocumentType  string
	// Perimeter is "01" for versions 01 and 02, which have none.
	Perimeter string
	// Country is the issuing country (ISO 3166 alpha-2), version 04 only.
	Country string
}

// Field is one data block of the message or annex zone.
type Field struct {
	ID    string
	Value string
	// Truncated: the issuer cut the value (it ended with RS).
	Truncated bool
}

// Issue is a structure problem of a decoded 2D-Doc: an identifier unknown
// or not allowed for the document type, a mandatory one missing, a value
// of the wrong length. Message never repeats the value.
type Issue struct {
	Code    string
	ID      string
	Message string
}

// Doc is a decoded 2D-Doc.
type Doc struct {
	Header  Header
	Message []Field
	Annex   []Field
	// Signature is r‖s, 64, 96 or 132 bytes; nil for a version-01 document
	// (its binary signature is lost in the text a scanner returns).
	Signature []byte
	// Issues are the structure problems found against the catalogue.
	Issues []Issue
	// signed is the text the signature covers: header and message, up to
	// the US separator.
	signed string
}

// SignedData is what the signature covers.
func (d *Doc) SignedData() string { return d.signed }

// Get returns the value of the first message field with id.
func (d *Doc) Get(id string) (string, bool) {
	for _, f := range d.Message {
		if f.ID == id {
			return f.Value, true
		}
	}
	return "", false
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// Signature sizes of the curves, in base32 characters without padding.
const (
	sigChars256 = 103
	sigChars384 = 154
	sigChars521 = 212
)

// Decode parses raw, the text a scanner returns from a 2D-Doc in the C40
// format. Structure problems of the message against the catalogue are in
// Doc.Issues; an error means raw is not a 2D-Doc this package can read.
func Decode(raw string) (*Doc, error) {
	raw = trimScanner(raw)
	switch {
	case raw == "":
		return nil, fail(CodeEmpty, "The 2D-Doc text is empty.")
	case len(raw) > MaxRawLength:
		return nil, fail(CodeTooLong, "The 2D-Doc text is longer than 16 Data Matrix symbols can hold.")
	case raw[0] == 0xDC || strings.HasPrefix(raw, "\u00dc"):
		return nil, fail(CodeBinaryUnsupported, "The 2D-Doc is in the binary format, which this verifier does not read.")
	case len(raw) < 4 || raw[:2] != "DC":
		return nil, fail(CodeNotTwoDDoc, "The text does not start with the 2D-Doc marker DC.")
	}
	d := &Doc{}
	hlen, err := parseHeader(raw, &d.Header)
	if err != nil {
		return nil, err
	}
	end := strings.IndexByte(raw, us)
	if end < 0 && d.Header.Version == "01" {
		return nil, fail(CodeVersionUnsupported, "A version-01 2D-Doc carries its signature in binary, which the text a scanner returns does not keep.")
	}
	if end < 0 {
		return nil, fail(CodeSignatureMissing, "The 2D-Doc has no signature (no US separator).")
	}
	if end < hlen {
		return nil, fail(CodeHeaderMalformed, "The 2D-Doc header is cut by the signature separator.")
	}
	d.signed = raw[:end]
	for i := 0; i < end; i++ {
		if raw[i] >= 0x80 {
			return nil, fail(CodeBinaryUnsupported, "The 2D-Doc message holds binary data (a mixed C40/binary code), which this verifier does not read.")
		}
	}
	if d.Message, err = parseFields(raw[hlen:end], "message"); err != nil {
		return nil, err
	}
	sig := raw[end+1:]
	annex := ""
	if i := strings.IndexByte(sig, gs); i >= 0 {
		sig, annex = sig[:i], sig[i+1:]
	}
	if d.Header.Version != "01" {
		if d.Signature, err = decodeSignature(sig); err != nil {
			return nil, err
		}
	}
	if annex != "" {
		// The annex is not signed: a malformed one is reported, not fatal.
		if d.Annex, err = parseFields(annex, "annex"); err != nil {
			d.Issues = append(d.Issues, Issue{Code: CodeAnnexMalformed, Message: "The unsigned annex is malformed and was ignored."})
			d.Annex = nil
		}
	}
	d.checkCatalog()
	return d, nil
}

// trimScanner drops what a scanner adds around the barcode's content: the
// AIM symbology identifier of Data Matrix ("]d1" to "]d6") and a trailing
// line end. Neither can be part of the signed data, which starts with DC
// and ends before US.
func trimScanner(raw string) string {
	if len(raw) >= 3 && raw[0] == ']' && raw[1] == 'd' && raw[2] >= '0' && raw[2] <= '9' {
		raw = raw[3:]
	}
	return strings.TrimRight(raw, "\r\n")
}

// parseHeader reads the fixed-size C40 header of versions 01 to 04.
func parseHeader(raw string, h *Header) (int, error) {
	v := raw[2:4]
	var n int
	switch v {
	case "01", "02":
		n = 22
	case "03":
		n = 24
	case "04":
		n = 26
	default:
		return 0, fail(CodeVersionUnsupported, "The 2D-Doc header version is not 01, 02, 03 or 04.")
	}
	if len(raw) < n {
		return 0, fail(CodeHeaderMalformed, "The 2D-Doc header is shorter than its version requires.")
	}
	for i := 4; i < n; i++ {
		if c := raw[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return 0, fail(CodeHeaderMalformed, "The 2D-Doc header holds a character outside [A-Z0-9].")
		}
	}
	h.Version, h.CAID, h.CertID = v, raw[4:8], raw[8:12]
	var ok bool
	if h.IssueDate, ok = hexDays(raw[12:16], true); !ok {
		return 0, fail(CodeHeaderMalformed, "The 2D-Doc issue date is not a hexadecimal day count.")
	}
	if h.SignatureDate, ok = hexDays(raw[16:20], false); !ok {
		return 0, fail(CodeHeaderMalformed, "The 2D-Doc signature date is not a hexadecimal day count.")
	}
	h.DocumentType = raw[20:22]
	h.Perimeter = "01"
	if n >= 24 {
		h.Perimeter = raw[22:24]
	}
	if n == 26 {
		h.Country = raw[24:26]
	}
	return n, nil
}

var epoch = civil.Date{Year: 2000, Month: 1, Day: 1}

// hexDays reads a date written as the hexadecimal number of days since
// 2000-01-01; FFFF is no date when allowed.
func hexDays(s string, allowNone bool) (civil.Date, bool) {
	if s == "FFFF" {
		return civil.Date{}, allowNone
	}
	n, err := strconv.ParseUint(s, 16, 16)
	if err != nil {
		return civil.Date{}, false
	}
	return epoch.AddDays(int(n)), true
}

// parseFields splits a message or annex zone into its data blocks. The
// length of a known identifier decides where a fixed-length value ends; a
// variable one ends with GS, RS (truncated), its maximum length or the
// end of the zone.
func parseFields(z, zone string) ([]Field, error) {
	c := mustCatalog()
	// A field takes at least two characters: the count bounds the slice.
	fields := make([]Field, 0, min(len(z)/2+1, 16))
	for i := 0; i < len(z); {
		if z[i] == gs { // a separator after a fixed-length field or a trailing one
			i++
			continue
		}
		if i+2 > len(z) {
			return nil, fail(CodeMessageMalformed, "The 2D-Doc "+zone+" ends inside a data identifier.")
		}
		id := z[i : i+2]
		if !isIDChars(id) {
			return nil, fail(CodeMessageMalformed, "The 2D-Doc "+zone+" holds a data identifier outside [A-Z0-9].")
		}
		i += 2
		def, known := c.ids[id]
		f := Field{ID: id}
		if known && def.Fixed() {
			if i+def.Max > len(z) {
				return nil, fail(CodeMessageMalformed, "The 2D-Doc "+zone+" ends inside the fixed-length field "+id+".")
			}
			f.Value = z[i : i+def.Max]
			if strings.IndexByte(f.Value, gs) >= 0 || strings.IndexByte(f.Value, rs) >= 0 {
				return nil, fail(CodeMessageMalformed, "The fixed-length field "+id+" of the 2D-Doc "+zone+" holds a separator.")
			}
			i += def.Max
		} else {
			j := i
			limit := len(z)
			if known && def.Max > 0 {
				limit = min(len(z), i+def.Max)
			}
			for j < limit && z[j] != gs && z[j] != rs {
				j++
			}
			f.Value = z[i:j]
			if j < len(z) && z[j] == rs {
				f.Truncated = true
				j++
			} else if j < len(z) && z[j] == gs {
				j++
			}
			i = j
		}
		fields = append(fields, f)
	}
	return fields, nil
}

func isIDChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// decodeSignature reads the base32 signature (without padding) whose
// length gives the curve: 103 characters for P-256, 154 for P-384, 212 for
// P-521.
func decodeSignature(s string) ([]byte, error) {
	if s == "" {
		return nil, fail(CodeSignatureMissing, "The 2D-Doc signature zone is empty.")
	}
	s = strings.TrimRight(s, "=")
	switch len(s) {
	case sigChars256, sigChars384, sigChars521:
	default:
		return nil, fail(CodeSignatureMalformed, "The 2D-Doc signature has a length no supported curve gives (103, 154 or 212 base32 characters).")
	}
	// encoding/base32 skips CR and LF inside its input: a signature with a
	// line break would decode to fewer bytes than its curve needs.
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7') {
			return nil, fail(CodeSignatureMalformed, "The 2D-Doc signature is not base32.")
		}
	}
	sig, err := b32.DecodeString(s)
	if err != nil {
		return nil, fail(CodeSignatureMalformed, "The 2D-Doc signature is not base32.")
	}
	return sig, nil
}

// checkCatalog records the structure issues of the message against the
// catalogue: unknown or forbidden identifiers, missing mandatory ones,
// lengths outside the identifier's bounds.
func (d *Doc) checkCatalog() {
	c := mustCatalog()
	t, typed := c.types[d.Header.DocumentType]
	if d.Header.Perimeter != "01" {
		typed = false
	}
	if !typed {
		d.Issues = append(d.Issues, Issue{Code: CodeTypeNotCatalogued, Message: "The document type " + d.Header.DocumentType + " of perimeter " + d.Header.Perimeter + " is not in the catalogue: identifiers are checked for their length only."})
	}
	var seen [36 * 36]bool
	for _, f := range d.Message {
		def, known := c.ids[f.ID]
		if !known {
			d.Issues = append(d.Issues, Issue{Code: CodeIdentifierUnknown, ID: f.ID, Message: "The data identifier " + f.ID + " is not in the specification."})
			continue
		}
		if typed && t.Presence(f.ID, def, known) == PresenceForbidden {
			d.Issues = append(d.Issues, Issue{Code: CodeIdentifierForbidden, ID: f.ID, Message: "The data identifier " + f.ID + " is not allowed in a document of type " + t.Code + "."})
		}
		n := len(f.Value)
		if n < def.Min || (def.Max >= 0 && n > def.Max) {
			d.Issues = append(d.Issues, Issue{Code: CodeWrongLength, ID: f.ID, Message: "The value of " + f.ID + " has " + strconv.Itoa(n) + " characters, outside " + bounds(def) + "."})
		}
		if k := idIndex(f.ID); seen[k] {
			d.Issues = append(d.Issues, Issue{Code: CodeDuplicateIdentifier, ID: f.ID, Message: "The data identifier " + f.ID + " appears more than once."})
		} else {
			seen[k] = true
		}
	}
	if !typed {
		return
	}
	for id, p := range t.rules {
		if p == PresenceMandatory {
			if _, ok := d.Get(id); !ok {
				d.Issues = append(d.Issues, Issue{Code: CodeMandatoryMissing, ID: id, Message: "The mandatory data identifier " + id + " of type " + t.Code + " is missing."})
			}
		}
	}
	for _, group := range t.alternatives {
		if !anyComplete(d, group) {
			d.Issues = append(d.Issues, Issue{Code: CodeMandatoryMissing, ID: group[0][0], Message: "None of the mandatory alternatives " + describe(group) + " of type " + t.Code + " is complete."})
		}
	}
	sortIssues(d.Issues)
}

func anyComplete(d *Doc, group [][]string) bool {
	for _, alt := range group {
		all := true
		for _, id := range alt {
			if _, ok := d.Get(id); !ok {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

func describe(group [][]string) string {
	parts := make([]string, len(group))
	for i, alt := range group {
		parts[i] = strings.Join(alt, "+")
	}
	return strings.Join(parts, " or ")
}

func bounds(def Identifier) string {
	if def.Max < 0 {
		return "at least " + strconv.Itoa(def.Min)
	}
	if def.Min == def.Max {
		return "exactly " + strconv.Itoa(def.Max)
	}
	return strconv.Itoa(def.Min) + " to " + strconv.Itoa(def.Max)
}

// sortIssues orders issues by identifier then code, so answers are stable
// whatever the map order of the rules.
func sortIssues(is []Issue) {
	slices.SortStableFunc(is, func(a, b Issue) int {
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
}

// idIndex maps a checked identifier ([A-Z0-9]{2}) to 0..1295.
func idIndex(id string) int { return digit36(id[0])*36 + digit36(id[1]) }

func digit36(c byte) int {
	if c <= '9' {
		return int(c - '0')
	}
	return int(c-'A') + 10
}

// Blocking returns the structure issues that make the 2D-Doc's structure
// invalid: every issue but the note that the type is not catalogued and a
// malformed annex (it is not signed, and ignored).
func (d *Doc) Blocking() []Issue {
	var out []Issue
	for _, is := range d.Issues {
		if is.Code != CodeTypeNotCatalogued && is.Code != CodeAnnexMalformed {
			out = append(out, is)
		}
	}
	return out
}
