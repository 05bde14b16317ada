package mrz

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/idcontrol/idcontrol/civil"
	"github.com/idcontrol/idcontrol/country"
)

// parser carries the Result being filled, the reference date and the
// scratch space for strings that are not plain slices of the input.
type parser struct {
	r   *Result
	ref civil.Date
	s   scratch
}

// finding records one problem of the MRZ. Its message reaches operators
// as a finding's: one sentence, capitalised, ending with a period.
func (p *parser) finding(code, field, msg string) {
	p.r.Findings = append(p.r.Findings, Finding{Code: code, Field: field, Message: sentence(msg)})
}

// sentence capitalises msg's first letter and ends it with a period.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	r, n := utf8.DecodeRuneInString(msg)
	msg = string(unicode.ToUpper(r)) + msg[n:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// chars reports the first character of a line outside 0-9, A-Z and '<'.
// Fields are still decoded: the check digits usually point at the culprit.
func (p *parser) chars(i int, line string) {
	bad, first := 0, -1
	for j := 0; j < len(line); j++ {
		if class[line[j]]&allowed == 0 {
			if first < 0 {
				first = j
			}
			bad++
		}
	}
	if bad > 0 {
		p.finding(CodeInvalidCharacter, fmt.Sprintf("lines[%d]", i),
			fmt.Sprintf("line %d holds %d character(s) outside 0-9, A-Z and '<', the first at position %d", i+1, bad, first+1))
	}
}

// check records the check digit printed as found over data.
func (p *parser) check(field, data string, found byte) {
	p.checkSum(field, found, data)
}

// checkSum records a check digit computed over several pieces.
func (p *parser) checkSum(field string, found byte, pieces ...string) {
	var c checksum
	for _, s := range pieces {
		c.add(s)
	}
	p.record(field, c.digit(), found)
}

func (p *parser) record(field string, want, found byte) {
	p.recordOK(field, want, found, want == found)
}

func (p *parser) recordOK(field string, want, found byte, ok bool) {
	p.recordDetail(field, want, found, ok, "")
}

func (p *parser) recordDetail(field string, want, found byte, ok bool, detail string) {
	p.r.CheckDigits = append(p.r.CheckDigits, Check{Field: field, Expected: want, Found: found, Valid: ok, Detail: detail})
	if !ok {
		p.finding(CodeCheckDigitMismatch, field, "the check digit of "+fieldWords(field)+" does not match its data: expected "+
			digitWord(want)+", found "+digitWord(found))
	}
}

// digitWord renders a check digit for a message: the digit, "'<'" for a
// filler, a phrase for anything else (already reported as a character).
func digitWord(c byte) string {
	switch {
	case c >= '0' && c <= '9':
		return string(rune(c))
	case c == '<':
		return "'<'"
	}
	return "a character that is not a digit"
}

func fieldWords(field string) string {
	switch field {
	case "documentNumber":
		return "the document number"
	case "birthDate":
		return "the birth date"
	case "expirationDate":
		return "the expiration date"
	case "optionalData":
		return "the personal number"
	}
	return "the composite (several fields together)"
}

// td1 decodes ICAO Doc 9303 Part 5:
//
//	line 1: code 1-2, state 3-5, number 6-14, check 15, optional 16-30
//	line 2: birth 1-6, check 7, sex 8, expiry 9-14, check 15, nationality 16-18, optional 19-29, composite 30
//	line 3: name 1-30
func (p *parser) td1(l1, l2, l3 string) {
	r := p.r
	p.documentCode(l1[0:2], "AIC")
	p.state(&r.IssuingCountry, "issuingCountry", l1[2:5])
	r.OptionalData = p.number(l1[5:14], l1[14], l1[15:30])
	p.date(&r.BirthDate, "birthDate", l2[0:6], true)
	p.check("birthDate", l2[0:6], l2[6])
	p.sex(l2[7])
	p.date(&r.ExpirationDate, "expirationDate", l2[8:14], false)
	p.check("expirationDate", l2[8:14], l2[14])
	p.state(&r.Nationality, "nationality", l2[15:18])
	r.OptionalData2 = trimFiller(l2[18:29])
	p.checkSum("composite", l2[29], l1[5:30], l2[0:7], l2[8:15], l2[18:29])
	p.icaoName(l3)
}

// twoLine decodes the 2-line ICAO layouts, which share line 2's start:
//
//	line 1: code 1-2, state 3-5, name 6-end
//	line 2: number 1-9, check 10, nationality 11-13, birth 14-19, check 20,
//	        sex 21, expiry 22-27, check 28, then by layout:
//	TD3 (Part 4):   personal number 29-42, check 43, composite 44
//	TD2 (Part 6):   optional 29-35, composite 36 (long numbers as in TD1)
//	MRV-A, MRV-B (Part 7): optional 29-end, no composite
func (p *parser) twoLine(l1, l2 string) {
	r := p.r
	switch r.Format {
	case FormatTD3:
		p.documentCode(l1[0:2], "P")
	case FormatTD2:
		p.documentCode(l1[0:2], "AIC")
	default:
		p.documentCode(l1[0:2], "V")
	}
	p.state(&r.IssuingCountry, "issuingCountry", l1[2:5])
	p.icaoName(l1[5:])
	if r.Format == FormatTD2 {
		r.OptionalData = p.number(l2[0:9], l2[9], l2[28:35])
	} else {
		r.DocumentNumber = trimFiller(l2[0:9])
		p.check("documentNumber", l2[0:9], l2[9])
	}
	p.state(&r.Nationality, "nationality", l2[10:13])
	p.date(&r.BirthDate, "birthDate", l2[13:19], true)
	p.check("birthDate", l2[13:19], l2[19])
	p.sex(l2[20])
	p.date(&r.ExpirationDate, "expirationDate", l2[21:27], false)
	p.check("expirationDate", l2[21:27], l2[27])
	switch r.Format {
	case FormatTD3:
		r.OptionalData = trimFiller(l2[28:42])
		// Part 4: an unused personal number may have a filler check digit.
		want, found := CheckDigit(l2[28:42]), l2[42]
		p.recordOK("optionalData", want, found, want == found || r.OptionalData == "" && found == '<')
		p.checkSum("composite", l2[43], l2[0:10], l2[13:20], l2[21:43])
	case FormatTD2:
		p.checkSum("composite", l2[35], l2[0:10], l2[13:20], l2[21:35])
	default:
		r.OptionalData = trimFiller(l2[28:])
	}
}

// french decodes the French national ID card of 1988-2021 (not ICAO):
//
//	line 1: "IDFRA" 1-5, surname 6-30, department 31-33, office 34-36
//	line 2: number 1-12 (YYMM of issue, department/office, sequence),
//	        check 13, given names 14-27, birth 28-33, check 34, sex 35,
//	        final check 36 over line 1 and line 2 positions 1-35
func (p *parser) french(l1, l2 string) {
	r := p.r
	r.DocumentCode, r.IssuingCountry = "ID", "FRA"
	r.RawName, r.RawGivenNames = l1[5:30], l2[13:27]
	r.Department, r.Office = trimFiller(l1[30:33]), trimFiller(l1[33:36])
	r.DocumentNumber = trimFiller(l2[0:12])
	p.check("documentNumber", l2[0:12], l2[12])
	p.issueMonth(l2[0:4])
	p.frenchNames(l1[5:30], l2[13:27])
	p.date(&r.BirthDate, "birthDate", l2[27:33], true)
	p.check("birthDate", l2[27:33], l2[33])
	p.sex(l2[34])
	p.checkSum("composite", l2[35], l1, l2[:35])
}

// documentCode checks the code against the first letters the layout allows
// (Doc 9303 Parts 4-7); the second character is a letter at the issuer's
// discretion or '<', but never V on an ID card (Part 5 and 6), which would
// read as a visa.
func (p *parser) documentCode(code, firsts string) {
	p.r.DocumentCode = trimFiller(code)
	ok := false
	for i := 0; i < len(firsts); i++ {
		ok = ok || code[0] == firsts[i]
	}
	second := code[1]
	switch {
	case !ok:
		p.finding(CodeInvalidDocumentCode, "documentCode", "the document code's first letter is not allowed in the "+p.r.Format.String()+" layout")
	case second != '<' && (second < 'A' || second > 'Z'):
		p.finding(CodeInvalidDocumentCode, "documentCode", "the document code's second character is neither a letter nor '<'")
	case second == 'V' && firsts == "AIC":
		p.finding(CodeInvalidDocumentCode, "documentCode", "the document code's second character may not be V on an identity card")
	}
}

// state checks an issuing state or nationality: an ISO 3166-1 alpha-3 or
// ICAO code, fillers removed ("D<<" is Germany).
func (p *parser) state(dst *string, field, raw string) {
	code := trimFiller(raw)
	*dst = code
	if !country.IsICAO(code) {
		what := "nationality"
		if field == "issuingCountry" {
			what = "issuing state"
		}
		p.finding(CodeUnknownCountry, field, "the "+what+" is not an ICAO country code")
	}
}

// number decodes a TD1/TD2 document number with its check digit; when the
// check digit position holds '<', the number is longer than 9 characters
// (Part 5 §4.2.4): it continues in the optional data up to the character
// before the first filler, which is its check digit. The '<' itself is not
// part of the number; Doc 9303 leaves it out of the check too, but the
// older Belgian card (PRADO BEL-BO-03003) computes the check digit over it.
// On a Belgian document either is accepted, and the Check's Detail says
// which held; elsewhere only Doc 9303's (accepting two computations
// everywhere would let twice as many misreadings through). It returns the
// optional data left.
func (p *parser) number(first string, cd byte, opt string) string {
	r := p.r
	if cd != '<' || opt[0] == '<' {
		r.DocumentNumber = trimFiller(first)
		p.check("documentNumber", first, cd)
		return trimFiller(opt)
	}
	end := 0
	for end < len(opt) && opt[end] != '<' {
		end++
	}
	if end < 2 || first[len(first)-1] == '<' {
		// An overflow needs at least one character and a check digit, and
		// follows a full 9-character first part.
		p.finding(CodeInvalidDocumentNumber, "documentNumber", "the document number's overflow into the optional data is malformed")
		r.DocumentNumber = trimFiller(first)
		p.check("documentNumber", first, cd)
		return trimFiller(opt)
	}
	over := opt[:end-1]
	p.s.join(r, slotDocumentNumber, first, over)
	var without, with checksum
	without.add(first)
	without.add(over)
	with.add(first)
	with.add("<")
	with.add(over)
	found := opt[end-1]
	switch {
	case without.digit() == found:
		p.recordDetail("documentNumber", found, found, true, CheckWithoutFiller)
	case with.digit() == found && r.IssuingCountry == "BEL":
		p.recordDetail("documentNumber", found, found, true, CheckOverFiller)
	default:
		p.recordDetail("documentNumber", without.digit(), found, false, CheckWithoutFiller)
	}
	// A filler separates the check digit from any further optional data.
	return strings.Trim(opt[end:], "<")
}

func (p *parser) sex(c byte) {
	switch c {
	case 'M', 'F', 'X':
		p.r.Sex = c
	case '<':
		p.r.Sex = 'X'
	default:
		p.finding(CodeInvalidSex, "sex", "the sex is none of M, F, X or '<'")
	}
}

// trimFiller drops the fillers that pad a field on the right.
func trimFiller(s string) string {
	j := len(s)
	for j > 0 && s[j-1] == '<' {
		j--
	}
	return s[:j]
}
