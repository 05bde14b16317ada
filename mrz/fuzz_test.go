package mrz

import (
	"errors"
	"testing"

	"github.com/idcontrol/idcontrol/civil"
)

// FuzzParse feeds arbitrary lines (a third empty line means two lines) and
// reference years. Parse must not panic, must answer either a Result or a
// *FormatError, and its Result must be self-consistent.
func FuzzParse(f *testing.F) {
	for _, c := range specimens {
		l3 := ""
		if len(c.lines) == 3 {
			l3 = c.lines[2]
		}
		f.Add(c.lines[0], c.lines[1], l3, 2026)
	}
	for _, v := range loadVectorsQuiet() {
		l3 := ""
		if len(v.Lines) == 3 {
			l3 = v.Lines[2]
		}
		f.Add(v.Lines[0], v.Lines[1], l3, 2026)
	}
	f.Add("p<uto\r\n", "  ", "", 1)
	f.Add("IDFRA\xff\xfe", "8806923102858CORINNE<<<<<<<6512068F6", "", 9999)
	f.Fuzz(func(t *testing.T, l1, l2, l3 string, year int) {
		lines := []string{l1, l2}
		if l3 != "" {
			lines = append(lines, l3)
		}
		r, err := Parse(lines, civil.Date{Year: year%9000 + 1000, Month: 6, Day: 15})
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) || r != nil || fe.Reason == "" || fe.Field == "" {
				t.Fatalf("bad error %v, result %v", err, r)
			}
			return
		}
		notes := 0
		for _, f := range r.Findings {
			if f.Note {
				notes++
			}
		}
		if r.Format == FormatUnknown || r.Valid != (len(r.Findings) == notes) {
			t.Fatalf("inconsistent result: format %v valid %v findings %v", r.Format, r.Valid, r.Findings)
		}
		for _, c := range r.CheckDigits {
			if c.Expected < '0' || c.Expected > '9' || c.Valid && c.Expected != c.Found && c.Found != '<' {
				t.Fatalf("bad check %+v", c)
			}
		}
		for _, d := range []civil.Date{r.BirthDate, r.ExpirationDate, r.IssueMonth} {
			if !d.IsZero() && !d.Valid() {
				t.Fatalf("invalid date %+v", d)
			}
		}
	})
}
