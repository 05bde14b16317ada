package mrz

import (
	"strings"

	"github.com/idcontrol/idcontrol/civil"
)

// date decodes YYMMDD into dst. A birth date may print its month, or its
// day, as "<<" (unknown, left 0); an all-filler date is left zero. The
// century puts a birth date at or before the reference date and an expiry
// within 50 years of it.
func (p *parser) date(dst *civil.Date, field, raw string, birth bool) {
	if raw == "<<<<<<" {
		return
	}
	yy, okY := twoDigits(raw[0:2])
	m, okM := twoDigits(raw[2:4])
	d, okD := twoDigits(raw[4:6])
	unknownM, unknownD := birth && raw[2:4] == "<<", birth && raw[4:6] == "<<"
	if unknownM {
		m, okM = 0, true
	}
	if unknownD {
		d, okD = 0, true
	}
	what := "the expiration date"
	if birth {
		what = "the birth date"
	}
	if !okY || !okM || !okD || (unknownM && !unknownD) || m > 12 || d > 31 || (!unknownM && m == 0) || (!unknownD && d == 0) {
		p.finding(CodeInvalidDate, field, what+" is not a YYMMDD date")
		return
	}
	ref := p.ref
	y := ref.Year/100*100 + yy
	if birth {
		if after(y, m, d, ref.Year, ref.Month, ref.Day) {
			y -= 100
		}
	} else {
		// [ref-50y, ref+50y): the bounds compare as (year, month, day)
		// tuples, so 29 February needs no special case.
		if !after(ref.Year+50, ref.Month, ref.Day, y, m, d) {
			y -= 100
		} else if after(ref.Year-50, ref.Month, ref.Day, y, m, d) {
			y += 100
		}
	}
	if y < 1 || y > 9999 || d > 0 && d > daysIn(y, m) {
		p.finding(CodeInvalidDate, field, what+" is not a calendar date")
		return
	}
	*dst = civil.Date{Year: y, Month: m, Day: d}
}

// after reports whether (y, m, d) is later than (ry, rm, rd); an unknown
// (0) month or day of the first date is taken as not later.
func after(y, m, d, ry, rm, rd int) bool {
	switch {
	case y != ry:
		return y > ry
	case m == 0 || m != rm:
		return m > rm
	default:
		return d > rd
	}
}

// issueMonth decodes the French card's YYMM of issue: the latest century
// that does not put it after the reference month.
func (p *parser) issueMonth(raw string) {
	yy, okY := twoDigits(raw[0:2])
	m, okM := twoDigits(raw[2:4])
	if !okY || !okM || m < 1 || m > 12 {
		p.finding(CodeInvalidDate, "issuanceMonth", "the document number does not start with a YYMM issue month")
		return
	}
	y := p.ref.Year/100*100 + yy
	if y > p.ref.Year || (y == p.ref.Year && m > p.ref.Month) {
		y -= 100
	}
	if y < 1 {
		p.finding(CodeInvalidDate, "issuanceMonth", "the issue month falls before year 1")
		return
	}
	p.r.IssueMonth = civil.Date{Year: y, Month: m}
}

func twoDigits(s string) (int, bool) {
	a, b := s[0]-'0', s[1]-'0'
	if a > 9 || b > 9 {
		return 0, false
	}
	return int(a)*10 + int(b), true
}

// icaoName splits an ICAO name field (Part 3 §4.6): the primary identifier
// ends at the first "<<"; secondary identifiers follow, their components
// separated by '<'. A '<' inside the primary identifier stands for a space
// or hyphen.
func (p *parser) icaoName(field string) {
	r := p.r
	r.RawName = field
	r.NameTruncated = isLetter(field[len(field)-1])
	p.nameChars(field, "lastName")
	primary, secondary, _ := strings.Cut(field, "<<")
	primary = strings.Trim(primary, "<")
	p.spaced(slotLastName, primary)
	start := 0
	for i := 0; i <= len(secondary); i++ {
		if i == len(secondary) || secondary[i] == '<' {
			if i > start {
				r.FirstNames = append(r.FirstNames, secondary[start:i])
			}
			start = i + 1
		}
	}
}

// frenchNames decodes the French card's surname field and given-name field,
// whose given names are separated by "<<"; a single '<' inside either is a
// space or hyphen of a compound name.
func (p *parser) frenchNames(surname, given string) {
	r := p.r
	r.NameTruncated = isLetter(surname[len(surname)-1]) || isLetter(given[len(given)-1])
	p.nameChars(surname, "lastName")
	p.nameChars(given, "firstNames")
	p.spaced(slotLastName, strings.Trim(surname, "<"))
	for rest := given; rest != ""; {
		var tok string
		tok, rest, _ = strings.Cut(rest, "<<")
		if tok = strings.Trim(tok, "<"); tok != "" {
			r.FirstNames = append(r.FirstNames, tok)
		}
	}
	for i := range r.FirstNames {
		p.spaced(slotFirstNames+slot(i), r.FirstNames[i])
	}
}

// nameChars reports digits in a name field, and notes a surname or ICAO
// name field that starts with a filler: no primary identifier, the name of
// a person who has a single one being printed as secondary identifier
// (issued so by India, among others; the peer MRZ libraries "mrz" (npm)
// and "mrz" (PyPI) accept such lines as valid in their test suites). The
// lines are valid; whoever compares names decides what an empty surname
// means.
// Other bad characters are already reported for their line.
func (p *parser) nameChars(field, name string) {
	if field[0] == '<' && name == "lastName" {
		p.r.Findings = append(p.r.Findings, Finding{Code: CodeEmptyPrimaryIdentifier, Field: name, Note: true,
			Message: "the name field has no primary identifier (surname): the holder's name is given as secondary identifiers only"})
	}
	for i := 0; i < len(field); i++ {
		if c := field[i]; c >= '0' && c <= '9' {
			p.finding(CodeInvalidName, name, "the name field holds a digit")
			return
		}
	}
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }

// spaced sets the string at dst to src with each run of '<' read as one
// space; src itself when it holds no filler (no copy).
func (p *parser) spaced(dst slot, src string) {
	if strings.IndexByte(src, '<') < 0 {
		p.r.set(dst, src)
		return
	}
	p.s.put(p.r, dst, src, true)
}

// A slot names a string field of the Result: scratch records where a
// string goes by slot, not by pointer, so that the Result stays where its
// owner put it (ParseInto's caller may keep it on its stack).
type slot int

const (
	slotLastName slot = iota
	slotDocumentNumber
	slotFirstNames // slotFirstNames+i is FirstNames[i]
)

// set sets the string at dst to v.
func (r *Result) set(dst slot, v string) {
	switch dst {
	case slotLastName:
		r.LastName = v
	case slotDocumentNumber:
		r.DocumentNumber = v
	default:
		r.FirstNames[dst-slotFirstNames] = v
	}
}

// scratch gathers the strings that are not slices of the input (names with
// spaces, long document numbers) in one buffer on the stack, turned into a
// single string by flush: one allocation however many there are.
type scratch struct {
	buf  [128]byte
	n    int
	pend [12]pending
	np   int
}

type pending struct {
	dst      slot
	off, end int
}

// join sets the string at dst to the concatenation of parts.
func (s *scratch) join(r *Result, dst slot, parts ...string) {
	size := 0
	for _, x := range parts {
		size += len(x)
	}
	if s.np == len(s.pend) || s.n+size > len(s.buf) {
		r.set(dst, strings.Join(parts, ""))
		return
	}
	off := s.n
	for _, x := range parts {
		s.n += copy(s.buf[s.n:], x)
	}
	s.pend[s.np] = pending{dst, off, s.n}
	s.np++
}

// put sets the string at dst to src, runs of '<' becoming one space when
// spaces is set.
func (s *scratch) put(r *Result, dst slot, src string, spaces bool) {
	if s.np == len(s.pend) || s.n+len(src) > len(s.buf) {
		r.set(dst, collapse(src))
		return
	}
	off := s.n
	for i := 0; i < len(src); i++ {
		c := src[i]
		if spaces && c == '<' {
			if s.n > off && s.buf[s.n-1] == ' ' {
				continue
			}
			c = ' '
		}
		s.buf[s.n] = c
		s.n++
	}
	s.pend[s.np] = pending{dst, off, s.n}
	s.np++
}

// collapse is put's fallback when the buffer is full.
func collapse(src string) string {
	return strings.Join(strings.FieldsFunc(src, func(r rune) bool { return r == '<' }), " ")
}

// flush makes the buffer one string and points every pending field of r
// into it.
func (s *scratch) flush(r *Result) {
	if s.np == 0 {
		return
	}
	all := string(s.buf[:s.n])
	for _, q := range s.pend[:s.np] {
		r.set(q.dst, all[q.off:q.end])
	}
}
