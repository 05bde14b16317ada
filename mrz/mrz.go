package mrz

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/idcontrol/idcontrol/civil"
)

// Format is the MRZ layout recognised.
type Format int

// The layouts Parse recognises.
const (
	FormatUnknown  Format = iota
	FormatTD1             // ICAO Doc 9303 Part 5: 3 lines of 30 (ID cards, residence permits)
	FormatTD2             // ICAO Doc 9303 Part 6: 2 lines of 36
	FormatTD3             // ICAO Doc 9303 Part 4: 2 lines of 44 (passports)
	FormatMRVA            // ICAO Doc 9303 Part 7: visa, 2 lines of 44
	FormatMRVB            // ICAO Doc 9303 Part 7: visa, 2 lines of 36
	FormatFRIDCard        // French national ID card of 1988-2021: 2 lines of 36, line 1 starting IDFRA
)

var formatNames = [...]string{"unknown", "TD1", "TD2", "TD3", "MRV-A", "MRV-B", "FR-ID-CARD"}

func (f Format) String() string {
	if f < 0 || int(f) >= len(formatNames) {
		return "unknown"
	}
	return formatNames[f]
}

// Check is one check digit of the MRZ.
type Check struct {
	// Field is documentNumber, birthDate, expirationDate, optionalData or
	// composite.
	Field string
	// Expected is the digit computed from the data, Found the character
	// printed; both are ASCII.
	Expected, Found byte
	Valid           bool
	// Detail says which computation a check digit followed when a layout
	// admits two (CheckOverFiller, CheckWithoutFiller); "" otherwise.
	Detail string
}

// Check details of a long TD1/TD2 document number (Part 5 §4.2.4), whose
// check digit issuers compute two ways.
const (
	// CheckWithoutFiller: over the 9 first characters and the overflow, the
	// '<' between them left out (Doc 9303; Belgian cards of model
	// BEL-BO-11005 on).
	CheckWithoutFiller = "over the document number without the filler at position 15 (ICAO Doc 9303 Part 5)"
	// CheckOverFiller: over the number with the '<' at position 15 included,
	// as the older Belgian card (PRADO BEL-BO-03003) computes it; accepted
	// on Belgian documents only.
	CheckOverFiller = "over the document number with the filler at position 15 included (older Belgian cards, PRADO BEL-BO-03003)"
)

// Finding is one problem of a recognised MRZ. Message never contains the
// MRZ's data (a check-digit finding names the expected and the printed
// digit, nothing else).
type Finding struct {
	Code    string // a Code… constant
	Field   string // JSON-style field name, or "lines[i]" for a whole line
	Message string
	// Note is true for what is worth saying but does not make the MRZ
	// invalid (an empty primary identifier: a person with one name).
	Note bool
}

// Finding codes. They are stable: clients may switch on them.
const (
	CodeCheckDigitMismatch    = "CHECK_DIGIT_MISMATCH"
	CodeInvalidCharacter      = "INVALID_CHARACTER"
	CodeUnknownCountry        = "UNKNOWN_COUNTRY"
	CodeInvalidDate           = "INVALID_DATE"
	CodeInvalidDocumentCode   = "INVALID_DOCUMENT_CODE"
	CodeInvalidDocumentNumber = "INVALID_DOCUMENT_NUMBER"
	CodeInvalidSex            = "INVALID_SEX"
	CodeInvalidName           = "INVALID_NAME"
	// CodeEmptyPrimaryIdentifier is a Note: the name field holds given
	// names only, as issuers print the name of a person who has one
	// (e.g. Indian passports "P<IND<<NAME<<…").
	CodeEmptyPrimaryIdentifier = "EMPTY_PRIMARY_IDENTIFIER"
)

// FormatError reports input whose line count or line lengths match no
// layout. It is the only error Parse returns.
type FormatError struct {
	// Field is "lines" or "lines[i]" (0-based), the input that is wrong.
	Field string
	// Reason is LINE_COUNT or LINE_LENGTH, or INVALID_DATE for a reference
	// date that is not a calendar date (Field "referenceDate").
	Reason string
	// Description is one English sentence without the input's data.
	Description string
}

// FormatError reasons.
const (
	ReasonLineCount  = "LINE_COUNT"
	ReasonLineLength = "LINE_LENGTH"
	ReasonInvalidRef = "INVALID_DATE"
)

func (e *FormatError) Error() string {
	return "mrz: " + e.Field + ": " + e.Description
}

// Result is a parsed MRZ. Strings are as printed, trailing fillers removed,
// except where said otherwise.
type Result struct {
	Format Format
	// Valid is true when the layout is recognised and there is no finding
	// other than a Note: every check digit right, countries known, dates
	// real, characters allowed.
	Valid bool

	DocumentCode   string // e.g. "P", "ID", "I", "AC", "V"
	IssuingCountry string // ICAO code, e.g. "FRA", "D", "UTO"
	DocumentNumber string // long TD1/TD2 numbers joined with their overflow

	LastName   string   // primary identifier, '<' inside read as a space
	FirstNames []string // secondary identifiers, in printed order
	// NameTruncated is true when a name field is filled to its last
	// position, so the name may have been cut: compare by prefix.
	NameTruncated bool
	// RawName is the name field exactly as printed, fillers included (the
	// French card: its surname field).
	RawName string
	// RawGivenNames is the French card's given-name field as printed; empty
	// for ICAO layouts, whose given names are in RawName.
	RawGivenNames string

	Nationality    string     // ICAO code; empty on the French card
	BirthDate      civil.Date // Month or Day 0 when printed "<<"
	Sex            byte       // 'M', 'F', 'X' (unspecified), 0 when invalid
	ExpirationDate civil.Date // zero on the French card

	// OptionalData is TD3's personal number, the optional data of TD1's
	// line 1 or of TD2 (what follows any document-number overflow), or the
	// visas' optional data.
	OptionalData string
	// OptionalData2 is TD1's line 2 optional data.
	OptionalData2 string

	// French card only: department and office of issue (line 1, three
	// characters each, trailing fillers removed: "" when the card has
	// none) and the year and month of issue
	// encoded in the first four digits of the number (Day 0).
	Department, Office string
	IssueMonth         civil.Date

	CheckDigits []Check
	Findings    []Finding

	// Backing storage so that a valid MRZ needs no further allocation.
	checkBuf [5]Check
	nameBuf  [8]string
}

// Parse recognises the layout of lines, splits and checks its fields. Two-
// digit years are placed against ref, the caller's reference date: the
// package never reads the clock, and a ref that is not a calendar date is
// refused (FormatError on "referenceDate"), never replaced.
// The error, when not nil, is a *FormatError.
func Parse(lines []string, ref civil.Date) (*Result, error) {
	r := new(Result)
	// A new Result is already zero: read need not clear it as ParseInto does.
	if err := r.read(r.checkBuf[:0], r.nameBuf[:0], lines, ref); err != nil {
		return nil, err
	}
	return r, nil
}

// ParseInto is Parse writing its result to *dst, for a caller that keeps
// the Result (in a struct of its own) instead of having Parse allocate
// one. The CheckDigits and FirstNames slices dst holds on entry are
// reused, from length 0, as storage for those of the result: given room
// for 5 checks and 8 names (the capacity of Parse's own), parsing a valid
// MRZ allocates nothing more. The result is the one Parse would return;
// on error, *dst is the zero Result and the error is Parse's.
func ParseInto(dst *Result, lines []string, ref civil.Date) error {
	checks, names := dst.CheckDigits[:0], dst.FirstNames[:0]
	*dst = Result{}
	return dst.read(checks, names, lines, ref)
}

// read parses lines into r, a zero Result, with checks and names (empty)
// as storage for its CheckDigits and FirstNames; r stays zero on error.
func (r *Result) read(checks []Check, names []string, lines []string, ref civil.Date) error {
	if ref.Year < 1 || ref.Year > 9999 || ref.Month < 1 || ref.Month > 12 || ref.Day < 1 || ref.Day > daysIn(ref.Year, ref.Month) {
		return &FormatError{Field: "referenceDate", Reason: ReasonInvalidRef,
			Description: "the reference date must be a full calendar date"}
	}
	ls, n, good, err := normalize(lines)
	if err != nil {
		return err
	}
	r.CheckDigits, r.FirstNames = checks, names
	r.parse(ls, n, good, ref)
	return nil
}

// parse fills r from the normalized lines; r's CheckDigits and FirstNames
// are empty slices whose storage the parse appends to.
func (r *Result) parse(ls [3]string, n int, good bool, ref civil.Date) {
	p := parser{r: r, ref: ref}
	if !good {
		for i := 0; i < n; i++ {
			p.chars(i, ls[i])
		}
	}
	switch {
	case n == 3:
		r.Format = FormatTD1
		p.td1(ls[0], ls[1], ls[2])
	case len(ls[0]) == 44 && ls[0][0] == 'V':
		r.Format = FormatMRVA
		p.twoLine(ls[0], ls[1])
	case len(ls[0]) == 44:
		r.Format = FormatTD3
		p.twoLine(ls[0], ls[1])
	case strings.HasPrefix(ls[0], "IDFRA"):
		r.Format = FormatFRIDCard
		p.french(ls[0], ls[1])
	case ls[0][0] == 'V':
		r.Format = FormatMRVB
		p.twoLine(ls[0], ls[1])
	default:
		r.Format = FormatTD2
		p.twoLine(ls[0], ls[1])
	}
	p.s.flush(r)
	if len(r.FirstNames) == 0 {
		r.FirstNames = nil
	}
	r.Valid = true
	for _, f := range r.Findings {
		r.Valid = r.Valid && f.Note
	}
}

// maxRaw bounds the bytes of a line looked at: four bytes per character of
// the longest layout covers any UTF-8, so megabytes are refused at once.
const maxRaw = 4 * 44

// normalize trims and upper-cases the lines and checks their count and
// lengths. Clean input is returned as is (no allocation); otherwise the
// lines are rebuilt in one string, each non-ASCII character becoming a
// single '?' so that lengths count characters and the bad character is
// reported later. good is true when every character is already allowed.
func normalize(in []string) (out [3]string, n int, good bool, err error) {
	if len(in) == 1 && strings.ContainsAny(in[0], "\r\n") {
		// One string holding every line: split it, ignoring blank lines.
		rest := in[0]
		for rest != "" {
			var line string
			line, rest, _ = strings.Cut(rest, "\n")
			if trimBlank(line) == "" {
				continue
			}
			if n == 3 {
				return out, 0, false, countError()
			}
			out[n] = line
			n++
		}
	} else {
		if len(in) < 2 || len(in) > 3 {
			return out, 0, false, countError()
		}
		n = copy(out[:], in)
	}
	if n < 2 {
		return out, 0, false, countError()
	}
	clean, good := true, true
	for i := 0; i < n; i++ {
		s := trimBlank(out[i])
		if len(s) > maxRaw {
			return out, 0, false, lengthError(i, n, len(s))
		}
		out[i] = s
		var or, and uint8 = 0, allowed
		for j := 0; j < len(s); j++ {
			or |= class[s[j]]
			and &= class[s[j]]
		}
		clean = clean && or&rewrite == 0
		good = good && and != 0
	}
	if !clean {
		good = false // upper-casing may leave other bad characters: check again
		var b strings.Builder
		b.Grow(len(out[0]) + len(out[1]) + len(out[2]))
		var ends [3]int
		for i := 0; i < n; i++ {
			s := out[i]
			for j := 0; j < len(s); {
				c := s[j]
				if c >= utf8.RuneSelf {
					_, size := utf8.DecodeRuneInString(s[j:])
					b.WriteByte('?')
					j += size
					continue
				}
				if 'a' <= c && c <= 'z' {
					c -= 'a' - 'A'
				}
				b.WriteByte(c)
				j++
			}
			ends[i] = b.Len()
		}
		all, start := b.String(), 0
		for i := 0; i < n; i++ {
			out[i] = all[start:ends[i]]
			start = ends[i]
		}
	}
	want := 30
	if n == 2 {
		want = len(out[0])
		if want != 36 && want != 44 {
			return out, 0, false, lengthError(0, n, want)
		}
	}
	for i := 0; i < n; i++ {
		if len(out[i]) != want {
			return out, 0, false, lengthError(i, n, len(out[i]))
		}
	}
	return out, n, good, nil
}

func countError() error {
	return &FormatError{Field: "lines", Reason: ReasonLineCount,
		Description: "an MRZ has 2 lines (TD2, TD3, visas, French ID card) or 3 lines (TD1)"}
}

func lengthError(i, n, got int) error {
	var d string
	switch {
	case n == 3:
		d = fmt.Sprintf("line %d has %d characters; the 3 lines of a TD1 have 30 each", i+1, got)
	case i == 0:
		d = fmt.Sprintf("line 1 has %d characters; 2-line layouts have 36 (TD2, MRV-B, French ID card) or 44 (TD3, MRV-A)", got)
	default:
		d = fmt.Sprintf("line %d has %d characters, not as many as line 1", i+1, got)
	}
	return &FormatError{Field: fmt.Sprintf("lines[%d]", i), Reason: ReasonLineLength, Description: d}
}

// trimBlank drops ASCII blanks, tabs, CR and LF around s.
func trimBlank(s string) string {
	i, j := 0, len(s)
	for i < j && isBlank(s[i]) {
		i++
	}
	for j > i && isBlank(s[j-1]) {
		j--
	}
	return s[i:j]
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// Byte classes, one table lookup per byte.
const (
	allowed = 1 << iota // 0-9, A-Z, '<'
	rewrite             // a-z or non-ASCII: normalize copies the line
)

var class = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z', c == '<':
			t[c] = allowed
		case c >= 'a' && c <= 'z', c >= utf8.RuneSelf:
			t[c] = rewrite
		}
	}
	return t
}()

// daysIn is civil.DaysIn without going through package time.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
