package mrz

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/idcontrol/idcontrol/civil"
)

var ref = civil.Date{Year: 2026, Month: 11, Day: 22}

func date(y, m, d int) civil.Date { return civil.Date{Year: y, Month: m, Day: d} }

// ignoreInternal compares Results by their exported fields only.
var ignoreInternal = cmpopts.IgnoreUnexported(Result{})

// fields is the part of a Result the specimen table asserts.
type fields struct {
	Format                                          Format
	Valid                                           bool
	DocumentCode, IssuingCountry, DocumentNumber    string
	LastName                                        string
	FirstNames                                      []string
	NameTruncated                                   bool
	Nationality                                     string
	BirthDate                                       civil.Date
	Sex                                             byte
	ExpirationDate                                  civil.Date
	OptionalData, OptionalData2, Department, Office string
	IssueMonth                                      civil.Date
}

func fieldsOf(r *Result) fields {
	return fields{r.Format, r.Valid, r.DocumentCode, r.IssuingCountry, r.DocumentNumber, r.LastName, r.FirstNames,
		r.NameTruncated, r.Nationality, r.BirthDate, r.Sex, r.ExpirationDate, r.OptionalData, r.OptionalData2,
		r.Department, r.Office, r.IssueMonth}
}

// specimens are published specimen documents (their check digits verify)
// and a few built by the ICAO rules where no public specimen shows a case.
var specimens = []struct {
	name  string
	lines []string
	want  fields
}{
	{
		"ICAO Doc 9303 Part 4 TD3",
		[]string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
		fields{Format: FormatTD3, Valid: true, DocumentCode: "P", IssuingCountry: "UTO", DocumentNumber: "L898902C3",
			LastName: "ERIKSSON", FirstNames: []string{"ANNA", "MARIA"}, Nationality: "UTO", BirthDate: date(1974, 8, 12),
			Sex: 'F', ExpirationDate: date(2012, 4, 15), OptionalData: "ZE184226B"},
	},
	{
		"ICAO Doc 9303 Part 7 MRV-A (optional data starts right after the expiry check digit)",
		[]string{"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"},
		fields{Format: FormatMRVA, Valid: true, DocumentCode: "V", IssuingCountry: "UTO", DocumentNumber: "L8988901C",
			LastName: "ERIKSSON", FirstNames: []string{"ANNA", "MARIA"}, Nationality: "XXX", BirthDate: date(1940, 9, 7),
			Sex: 'F', ExpirationDate: date(1996, 12, 10), OptionalData: "6ZE184226B"},
	},
	{
		"German ID card 2010 specimen (D, sex not printed)",
		[]string{"IDD<<T220001293<<<<<<<<<<<<<<<", "6408125<2010315D<<<<<<<<<<<<<4", "MUSTERMANN<<ERIKA<<<<<<<<<<<<<"},
		fields{Format: FormatTD1, Valid: true, DocumentCode: "ID", IssuingCountry: "D", DocumentNumber: "T22000129",
			LastName: "MUSTERMANN", FirstNames: []string{"ERIKA"}, Nationality: "D", BirthDate: date(1964, 8, 12),
			Sex: 'X', ExpirationDate: date(2020, 10, 31)},
	},
	{
		"German passport specimen (empty personal number, filler check digit)",
		[]string{"P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<", "C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4"},
		fields{Format: FormatTD3, Valid: true, DocumentCode: "P", IssuingCountry: "D", DocumentNumber: "C01X00T47",
			LastName: "MUSTERMANN", FirstNames: []string{"ERIKA"}, Nationality: "D", BirthDate: date(1964, 8, 12),
			Sex: 'F', ExpirationDate: date(2027, 2, 28)},
	},
	{
		"Dutch passport specimen (particle in the surname)",
		[]string{"P<NLDDE<BRUIJN<<WILLEKE<LISELOTTE<<<<<<<<<<<", "SPECI20142NLD6503101F2403096999999990<<<<<84"},
		fields{Format: FormatTD3, Valid: true, DocumentCode: "P", IssuingCountry: "NLD", DocumentNumber: "SPECI2014",
			LastName: "DE BRUIJN", FirstNames: []string{"WILLEKE", "LISELOTTE"}, Nationality: "NLD", BirthDate: date(1965, 3, 10),
			Sex: 'F', ExpirationDate: date(2024, 3, 9), OptionalData: "999999990"},
	},
	{
		"UK passport specimen",
		[]string{"P<GBRUK<SPECIMEN<<ANGELA<ZOE<<<<<<<<<<<<<<<<", "5334755143GBR8812049F2509286<<<<<<<<<<<<<<<4"},
		fields{Format: FormatTD3, Valid: true, DocumentCode: "P", IssuingCountry: "GBR", DocumentNumber: "533475514",
			LastName: "UK SPECIMEN", FirstNames: []string{"ANGELA", "ZOE"}, Nationality: "GBR", BirthDate: date(1988, 12, 4),
			Sex: 'F', ExpirationDate: date(2025, 9, 28)},
	},
	{
		"French ID card 2021 specimen (TD1)",
		[]string{"IDFRAX4RTBPFW46<<<<<<<<<<<<<<<", "9007138F3002119FRA<<<<<<<<<<<6", "MARTIN<<MAELYS<GAELLE<MARIE<<<"},
		fields{Format: FormatTD1, Valid: true, DocumentCode: "ID", IssuingCountry: "FRA", DocumentNumber: "X4RTBPFW4",
			LastName: "MARTIN", FirstNames: []string{"MAELYS", "GAELLE", "MARIE"}, Nationality: "FRA", BirthDate: date(1990, 7, 13),
			Sex: 'F', ExpirationDate: date(2030, 2, 11)},
	},
	{
		"French ID card 1988-2021, BERTHIER specimen",
		[]string{"IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "8806923102858CORINNE<<<<<<<6512068F6"},
		fields{Format: FormatFRIDCard, Valid: true, DocumentCode: "ID", IssuingCountry: "FRA", DocumentNumber: "880692310285",
			LastName: "BERTHIER", FirstNames: []string{"CORINNE"}, BirthDate: date(1965, 12, 6), Sex: 'F',
			Department: "", Office: "", IssueMonth: civil.Date{Year: 1988, Month: 6}},
	},
	{
		"French ID card 1988-2021 with department, office, two given names and a compound surname (built)",
		frCard("LE<GALL", "075", "123", "1502075123456", "JEAN<<PAUL", "800101", 'M'),
		fields{Format: FormatFRIDCard, Valid: true, DocumentCode: "ID", IssuingCountry: "FRA", DocumentNumber: "150207512345",
			LastName: "LE GALL", FirstNames: []string{"JEAN", "PAUL"}, BirthDate: date(1980, 1, 1), Sex: 'M',
			Department: "075", Office: "123", IssueMonth: civil.Date{Year: 2015, Month: 2}},
	},
	{
		"TD2 with an 11-character document number (built by the ICAO rule)",
		td2("I<UTO", "ERIKSSON<<ANNA", "D2314589012", "UTO", "740812", 'F', "300415", ""),
		fields{Format: FormatTD2, Valid: true, DocumentCode: "I", IssuingCountry: "UTO", DocumentNumber: "D2314589012",
			LastName: "ERIKSSON", FirstNames: []string{"ANNA"}, Nationality: "UTO", BirthDate: date(1974, 8, 12),
			Sex: 'F', ExpirationDate: date(2030, 4, 15)},
	},
	{
		"TD1 residence permit with a 10-character number and optional data after it (built)",
		td1("IR", "FRA", "AB12345678", "XY<Z", "750101", 'M', "310101", "FRA", "OPT2", "DOE<<JOHN"),
		fields{Format: FormatTD1, Valid: true, DocumentCode: "IR", IssuingCountry: "FRA", DocumentNumber: "AB12345678",
			LastName: "DOE", FirstNames: []string{"JOHN"}, Nationality: "FRA", BirthDate: date(1975, 1, 1),
			Sex: 'M', ExpirationDate: date(2031, 1, 1), OptionalData: "XY<Z", OptionalData2: "OPT2"},
	},
	{
		"truncated name: the field is full",
		td3("P<UTO", "VANDERWAALSHUYSENBERGHEMDORF<<ALEXANDRIA<MA", "L898902C3", "UTO", "740812", 'M', "300101", ""),
		fields{Format: FormatTD3, Valid: true, DocumentCode: "P", IssuingCountry: "UTO", DocumentNumber: "L898902C3",
			LastName: "VANDERWAALSHUYSENBERGHEMDORF", FirstNames: []string{"ALEXANDRI"}, NameTruncated: true,
			Nationality: "UTO", BirthDate: date(1974, 8, 12), Sex: 'M', ExpirationDate: date(2030, 1, 1)},
	},
}

func TestSpecimens(t *testing.T) {
	t.Parallel()
	for _, c := range specimens {
		r, err := Parse(c.lines, ref)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if d := cmp.Diff(c.want, fieldsOf(r)); d != "" {
			t.Errorf("%s (-want +got):\n%s\nfindings %v", c.name, d, r.Findings)
		}
	}
}

func TestRawNameAndChecks(t *testing.T) {
	t.Parallel()
	r, _ := Parse([]string{"IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "8806923102858CORINNE<<<<<<<6512068F6"}, ref)
	if r.RawName != "BERTHIER<<<<<<<<<<<<<<<<<" || r.RawGivenNames != "CORINNE<<<<<<<" {
		t.Errorf("raw names %q %q", r.RawName, r.RawGivenNames)
	}
	want := []Check{
		{Field: "documentNumber", Expected: '8', Found: '8', Valid: true}, {Field: "birthDate", Expected: '8', Found: '8', Valid: true}, {Field: "composite", Expected: '6', Found: '6', Valid: true},
	}
	if d := cmp.Diff(want, r.CheckDigits); d != "" {
		t.Errorf("French card checks (-want +got):\n%s", d)
	}
	r, _ = Parse([]string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}, ref)
	if r.RawName != "ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<" {
		t.Errorf("raw name %q", r.RawName)
	}
	var names []string
	for _, c := range r.CheckDigits {
		names = append(names, c.Field)
	}
	if got := strings.Join(names, ","); got != "documentNumber,birthDate,expirationDate,optionalData,composite" {
		t.Errorf("TD3 check digits %s", got)
	}
}

// TestCentury covers the placing of two-digit years against the reference.
func TestCentury(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name          string
		ref           civil.Date
		birth, expiry string
		wantBirth     civil.Date
		wantExpiry    civil.Date
		finding       string // field of the expected INVALID_DATE, if any
	}{
		{"born on the reference day", ref, "261122", "300101", date(2026, 11, 22), date(2030, 1, 1), ""},
		{"born the day after: previous century", ref, "261123", "300101", date(1926, 11, 23), date(2030, 1, 1), ""},
		{"unknown day", ref, "6512<<", "300101", civil.Date{Year: 1965, Month: 12}, date(2030, 1, 1), ""},
		{"unknown month and day", ref, "65<<<<", "300101", civil.Date{Year: 1965}, date(2030, 1, 1), ""},
		{"unknown month, current year", ref, "26<<<<", "300101", civil.Date{Year: 2026}, date(2030, 1, 1), ""},
		{"unknown birth date", ref, "<<<<<<", "300101", civil.Date{}, date(2030, 1, 1), ""},
		{"day known, month unknown", ref, "65<<01", "300101", civil.Date{}, date(2030, 1, 1), "birthDate"},
		{"expiry just under ref+50y", ref, "800101", "761121", date(1980, 1, 1), date(2076, 11, 21), ""},
		{"expiry at ref+50y goes back a century", ref, "800101", "761122", date(1980, 1, 1), date(1976, 11, 22), ""},
		{"past ref+50y: previous century", ref, "800101", "770101", date(1980, 1, 1), date(1977, 1, 1), ""},
		{"29 February reference", date(2024, 2, 29), "800101", "740301", date(1980, 1, 1), date(1974, 3, 1), ""},
		{"29 February reference, day before bound", date(2024, 2, 29), "800101", "740228", date(1980, 1, 1), date(2074, 2, 28), ""},
		{"leap day 2000", ref, "000229", "300101", date(2000, 2, 29), date(2030, 1, 1), ""},
		{"1900 was not leap", date(1999, 12, 31), "000229", "050101", civil.Date{}, date(2005, 1, 1), "birthDate"},
		{"30 February", ref, "740230", "300101", civil.Date{}, date(2030, 1, 1), "birthDate"},
		{"month 13", ref, "741301", "300101", civil.Date{}, date(2030, 1, 1), "birthDate"},
		{"day 00", ref, "740800", "300101", civil.Date{}, date(2030, 1, 1), "birthDate"},
		{"letter in expiry", ref, "740812", "3O0101", date(1974, 8, 12), civil.Date{}, "expirationDate"},
		{"unknown day in expiry", ref, "740812", "3001<<", date(1974, 8, 12), civil.Date{}, "expirationDate"},
		{"no expiry", ref, "740812", "<<<<<<", date(1974, 8, 12), civil.Date{}, ""},
		{"reference in another century", date(2150, 6, 1), "600101", "600101", date(2060, 1, 1), date(2160, 1, 1), ""},
	}
	for _, c := range cases {
		r, err := Parse(td3("P<UTO", "ERIKSSON<<ANNA", "L898902C3", "UTO", c.birth, 'F', c.expiry, ""), c.ref)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if r.BirthDate != c.wantBirth || r.ExpirationDate != c.wantExpiry {
			t.Errorf("%s: birth %v expiry %v, want %v %v", c.name, r.BirthDate, r.ExpirationDate, c.wantBirth, c.wantExpiry)
		}
		var got string
		for _, f := range r.Findings {
			if f.Code == CodeInvalidDate {
				got = f.Field
			}
		}
		if got != c.finding || r.Valid != (c.finding == "") {
			t.Errorf("%s: INVALID_DATE on %q, valid %v; want on %q (findings %v)", c.name, got, r.Valid, c.finding, r.Findings)
		}
	}
}

func TestFrenchIssueMonth(t *testing.T) {
	t.Parallel()
	cases := []struct {
		number  string
		want    civil.Date
		invalid bool
	}{
		{"2611", civil.Date{Year: 2026, Month: 11}, false},
		{"2612", civil.Date{Year: 1926, Month: 12}, false},
		{"9501", civil.Date{Year: 1995, Month: 1}, false},
		{"9513", civil.Date{}, true},
		{"9500", civil.Date{}, true},
		{"A501", civil.Date{}, true},
	}
	for _, c := range cases {
		r, err := Parse(frCard("DURAND", "<<<", "<<<", c.number+"923102858", "ANNE", "800101", 'F'), ref)
		if err != nil {
			t.Fatal(err)
		}
		if r.IssueMonth != c.want || r.Valid == c.invalid {
			t.Errorf("%s: issue month %v valid %v; want %v invalid %v (findings %v)", c.number, r.IssueMonth, r.Valid, c.want, c.invalid, r.Findings)
		}
	}
}

// TestTolerance: lower case, blanks, CR/LF and one newline-joined string
// parse as the clean lines do.
func TestTolerance(t *testing.T) {
	t.Parallel()
	for _, c := range specimens {
		want, _ := Parse(c.lines, ref)
		variants := [][]string{
			{"  " + strings.ToLower(c.lines[0]) + "\r\n", "\t" + c.lines[1] + " \n"},
			{strings.Join(c.lines, "\r\n") + "\r\n"},
			{"\n" + strings.ToLower(strings.Join(c.lines, "\n\n"))},
		}
		if len(c.lines) == 3 {
			variants[0] = append(variants[0], strings.ToLower(c.lines[2])+"\r")
		}
		for i, v := range variants {
			got, err := Parse(v, ref)
			if err != nil {
				t.Errorf("%s variant %d: %v", c.name, i, err)
				continue
			}
			if d := cmp.Diff(want, got, ignoreInternal); d != "" {
				t.Errorf("%s variant %d (-clean +variant):\n%s", c.name, i, d)
			}
		}
	}
}

func TestFormatErrors(t *testing.T) {
	t.Parallel()
	td3OK := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
	cases := []struct {
		name          string
		lines         []string
		field, reason string
	}{
		{"no line", nil, "lines", ReasonLineCount},
		{"one line", td3OK[:1], "lines", ReasonLineCount},
		{"four lines", []string{"A", "B", "C", "D"}, "lines", ReasonLineCount},
		{"four lines in one string", []string{"A\nB\nC\nD"}, "lines", ReasonLineCount},
		{"blank lines only", []string{"\n \r\n"}, "lines", ReasonLineCount},
		{"2 lines of 30", []string{strings.Repeat("<", 30), strings.Repeat("<", 30)}, "lines[0]", ReasonLineLength},
		{"second line short", []string{td3OK[0], td3OK[1][:43]}, "lines[1]", ReasonLineLength},
		{"36 then 44", []string{td3OK[0][:36], td3OK[1]}, "lines[1]", ReasonLineLength},
		{"TD1 line 3 long", []string{strings.Repeat("<", 30), strings.Repeat("<", 30), strings.Repeat("<", 31)}, "lines[2]", ReasonLineLength},
		{"empty lines", []string{"", ""}, "lines[0]", ReasonLineLength},
		{"ten megabytes", []string{strings.Repeat("<", 10<<20), "x"}, "lines[0]", ReasonLineLength},
		{"inner blank lengthens", []string{td3OK[0], td3OK[1][:20] + " " + td3OK[1][20:]}, "lines[1]", ReasonLineLength},
	}
	for _, c := range cases {
		r, err := Parse(c.lines, ref)
		var fe *FormatError
		if !errors.As(err, &fe) || r != nil {
			t.Errorf("%s: got %v, %v; want a *FormatError", c.name, r, err)
			continue
		}
		if fe.Field != c.field || fe.Reason != c.reason || fe.Description == "" || !strings.Contains(fe.Error(), fe.Description) {
			t.Errorf("%s: %+v; want field %s reason %s", c.name, fe, c.field, c.reason)
		}
	}
}

// TestFindings covers data problems inside a recognised layout.
func TestFindings(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		lines []string
		codes []string // expected finding codes, in order
	}{
		{"V as second letter of an ID card", td1("IV", "UTO", "D23145890", "", "740812", 'F', "300415", "UTO", "", "ERIKSSON<<ANNA"), []string{CodeInvalidDocumentCode}},
		{"visa letter on an ID card", td1("V<", "UTO", "D23145890", "", "740812", 'F', "300415", "UTO", "", "ERIKSSON<<ANNA"), []string{CodeInvalidDocumentCode}},
		{"passport letter on a TD2", td2("P<UTO", "ERIKSSON<<ANNA", "D23145890", "UTO", "740812", 'F', "300415", ""), []string{CodeInvalidDocumentCode}},
		{"ID letter on a TD3", td3("I<UTO", "ERIKSSON<<ANNA", "D23145890", "UTO", "740812", 'F', "300415", ""), []string{CodeInvalidDocumentCode}},
		{"digit as second character", td3("P1UTO", "ERIKSSON<<ANNA", "D23145890", "UTO", "740812", 'F', "300415", ""), []string{CodeInvalidDocumentCode}},
		{"unknown issuing state", td3("P<QQQ", "ERIKSSON<<ANNA", "D23145890", "UTO", "740812", 'F', "300415", ""), []string{CodeUnknownCountry}},
		{"unknown nationality", td1("I<", "UTO", "D23145890", "", "740812", 'F', "300415", "ZZZ", "", "ERIKSSON<<ANNA"), []string{CodeUnknownCountry}},
		{"bad sex", td3("P<UTO", "ERIKSSON<<ANNA", "D23145890", "UTO", "740812", 'Q', "300415", ""), []string{CodeInvalidSex}},
		{"digit in name", td3("P<UTO", "ERIKSS0N<<ANNA", "D23145890", "UTO", "740812", 'F', "300415", ""), []string{CodeInvalidName}},
		{"stray character in the name", td3("P<UTO", "ERIKS#ON<<ANNA", "D23145890", "UTO", "740812", 'F', "300415", ""), []string{CodeInvalidCharacter}},
		{"non-ASCII letter in the name", []string{"P<UTOERIKSSÖN<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}, []string{CodeInvalidCharacter}},
		{"stray character in the number", []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C#6UTO7408122F1204159ZE184226B<<<<<10"}, []string{CodeInvalidCharacter, CodeCheckDigitMismatch, CodeCheckDigitMismatch}},
		{"overflow without check digit", tamper(td1("I<", "UTO", "D23145890", "", "740812", 'F', "300415", "UTO", "", "ERIKSSON<<ANNA"), 0, 14, "<1"), []string{CodeInvalidDocumentNumber, CodeCheckDigitMismatch, CodeCheckDigitMismatch}},
		{"overflow after a short number", tamper(td1("I<", "UTO", "D2314589", "", "740812", 'F', "300415", "UTO", "", "ERIKSSON<<ANNA"), 0, 14, "<12"), []string{CodeInvalidDocumentNumber, CodeCheckDigitMismatch, CodeCheckDigitMismatch}},
		{"missing check digit", tamper(td1("I<", "UTO", "D23145890", "", "740812", 'F', "300415", "UTO", "", "ERIKSSON<<ANNA"), 0, 14, "<"), []string{CodeCheckDigitMismatch, CodeCheckDigitMismatch}},
	}
	for _, c := range cases {
		r, err := Parse(c.lines, ref)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		var codes []string
		for _, f := range r.Findings {
			codes = append(codes, f.Code)
			if f.Field == "" || f.Message == "" {
				t.Errorf("%s: finding without field or message: %+v", c.name, f)
			}
			for _, secret := range []string{"ERIKSS", "ANNA", "D2314", "740812", "L898902"} {
				if strings.Contains(f.Message, secret) {
					t.Errorf("%s: message %q leaks data", c.name, f.Message)
				}
			}
		}
		if d := cmp.Diff(c.codes, codes); d != "" || r.Valid {
			t.Errorf("%s: valid %v, codes (-want +got):\n%s%v", c.name, r.Valid, d, r.Findings)
		}
	}
}

// TestEverySubstitutionDetected changes, one at a time, every character of
// every field a check digit protects (and the check digits themselves) of
// every valid specimen into every other MRZ character. Each change must
// make the MRZ invalid, except where the 7-3-1 arithmetic is blind: two
// characters whose values are equal modulo 10 (0 and '<', 1 and B…), which
// no check digit can tell apart, in fields without syntax of their own.
func TestEverySubstitutionDetected(t *testing.T) {
	t.Parallel()
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
	all := [][]string{}
	for _, c := range specimens {
		all = append(all, c.lines)
	}
	for _, v := range loadVectorsOrNil(t) {
		if r, err := Parse(v.Lines, ref); err == nil && r.Valid {
			all = append(all, v.Lines)
		}
	}
	tried, blind := 0, 0
	for _, lines := range all {
		orig, err := Parse(lines, ref)
		if err != nil || !orig.Valid {
			t.Fatalf("%v: not a valid base", lines)
		}
		for _, pos := range protected(orig.Format, lines) {
			line, i := pos[0], pos[1]
			for k := 0; k < len(alphabet); k++ {
				c := alphabet[k]
				was := lines[line][i]
				if c == was {
					continue
				}
				mod := append([]string(nil), lines...)
				mod[line] = mod[line][:i] + string(c) + mod[line][i+1:]
				r, err := Parse(mod, ref)
				if err != nil {
					t.Fatalf("%v: %v", mod, err)
				}
				tried++
				if r.Valid && charValue[c]%10 == charValue[was]%10 {
					blind++
				}
				if r.Valid && charValue[c]%10 != charValue[was]%10 {
					t.Errorf("undetected: line %d position %d %q→%q in %v", line+1, i+1, was, c, lines)
				}
			}
		}
	}
	if tried < 10000 {
		t.Errorf("only %d substitutions tried", tried)
	}
	t.Logf("%d substitutions over %d MRZs, %d undetectable by the arithmetic (equal values mod 10)", tried, len(all), blind)
}

func loadVectorsOrNil(t *testing.T) []vector {
	var vs []vector
	t.Run("vectors", func(t *testing.T) { vs = loadVectors(t) })
	return vs
}

// protected lists (line, index) of every position a check digit covers,
// check digits included, by layout.
func protected(f Format, lines []string) [][2]int {
	var out [][2]int
	add := func(line, from, to int) {
		for i := from; i < to; i++ {
			out = append(out, [2]int{line, i})
		}
	}
	switch f {
	case FormatTD1:
		add(0, 5, 30)
		add(1, 0, 7) // the sex, position 8, has no check digit
		add(1, 8, 15)
		add(1, 18, 30)
	case FormatTD2:
		add(1, 0, 10)
		add(1, 13, 20)
		add(1, 21, 36)
	case FormatTD3:
		add(1, 0, 10)
		add(1, 13, 20)
		add(1, 21, 44)
	case FormatMRVA, FormatMRVB:
		add(1, 0, 10)
		add(1, 13, 20)
		add(1, 21, 28)
	case FormatFRIDCard:
		add(0, 0, 36)
		add(1, 0, 36)
	}
	return out
}

func TestCheckDigit(t *testing.T) {
	t.Parallel()
	cases := map[string]byte{
		"": '0', "L898902C3": '6', "740812": '2', "120415": '9', "<<<<<<": '0', "D23145890": '7',
		"ZE184226B<<<<<": '1', "592123456789": '1', "a": '0',
	}
	for in, want := range cases {
		if got := CheckDigit(in); got != want {
			t.Errorf("CheckDigit(%q) = %c, want %c", in, got, want)
		}
	}
}

func TestCheckDigitAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { CheckDigit("L898902C36UTO7408122F1204159ZE184226B<<<<<1") }); n != 0 {
		t.Errorf("CheckDigit: %v allocations, want 0", n)
	}
}

func TestFormatString(t *testing.T) {
	t.Parallel()
	for f, want := range map[Format]string{FormatTD1: "TD1", FormatMRVB: "MRV-B", FormatFRIDCard: "FR-ID-CARD", Format(99): "unknown", Format(-1): "unknown"} {
		if got := f.String(); got != want {
			t.Errorf("%d: %q, want %q", int(f), got, want)
		}
	}
}

// TestReferenceDateRequired: the package never reads the clock; a
// reference date that is not a calendar date is refused, not replaced.
func TestReferenceDateRequired(t *testing.T) {
	t.Parallel()
	for _, ref := range []civil.Date{{}, {Year: 2026, Month: 2, Day: 30}, {Year: 2026, Month: 13, Day: 1}} {
		r, err := Parse(specimens[0].lines, ref)
		var fe *FormatError
		if !errors.As(err, &fe) || fe.Field != "referenceDate" || fe.Reason != ReasonInvalidRef || r != nil {
			t.Errorf("ref %+v: got %v, %v; want a referenceDate FormatError", ref, r, err)
		}
	}
}

// TestBelgianLongNumber: the long document number of a Belgian card has its
// check digit over the number with the '<' of position 15 on the older
// model (PRADO BEL-BO-03003) and without it from BEL-BO-11005 on. Both
// specimens' lines are those of PRADO, as the peer MRZ library
// php-mrz-parser's test suite quotes them; each is valid, and the check's
// detail says which computation held.
func TestBelgianLongNumber(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		lines  []string
		number string
		detail string
	}{
		{"BEL-BO-03003", []string{"IDBEL000590240<6013<<<<<<<<<<<", "8512017F1311048BEL851201002007", "REINARTZ<<ULRIKE<KATIA<E<<<<<<"}, "000590240601", CheckOverFiller},
		{"BEL-BO-11005", []string{"IDBEL600001795<0152<<<<<<<<<<<", "1301014F2311207BEL130101987398", "SPECIMEN<<SPECIMEN<<<<<<<<<<<<"}, "600001795015", CheckWithoutFiller},
	} {
		r, err := Parse(c.lines, ref)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !r.Valid || r.DocumentNumber != c.number {
			t.Errorf("%s: valid %v number %q, want valid %q (findings %v)", c.name, r.Valid, r.DocumentNumber, c.number, r.Findings)
		}
		if cd := r.CheckDigits[0]; cd.Field != "documentNumber" || !cd.Valid || cd.Detail != c.detail {
			t.Errorf("%s: check %+v, want detail %q", c.name, cd, c.detail)
		}
	}
	// A wrong digit fails both ways, and says the digit ICAO's way expects.
	bad := tamper([]string{"IDBEL600001795<0152<<<<<<<<<<<", "1301014F2311207BEL130101987398", "SPECIMEN<<SPECIMEN<<<<<<<<<<<<"}, 0, 18, "7")
	r, err := Parse(bad, ref)
	if err != nil || r.Valid || r.CheckDigits[0].Valid || r.CheckDigits[0].Expected != '2' || r.CheckDigits[0].Found != '7' {
		t.Errorf("tampered number: %+v, %v", r, err)
	}
}

// TestSingleName: a person with one name has it as secondary identifier and
// an empty primary identifier. The lines are valid; the empty surname is a
// note. Vectors from the peer library "mrz" (npm, cheminfo) and its
// Python namesake's test suites.
func TestSingleName(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		lines []string
		first []string
	}{
		{"TD3 P<IND", []string{"P<IND<<FIRST<NAME<<<<<<<<<<<<<<<<<<<<<<<<<<<", "C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0"}, []string{"FIRST", "NAME"}},
		{"TD3 P<IND, Python mrz", []string{"P<IND<<SHABEER<PUTHIYAVEETIL<ALIAMUNNY<<<<<<", "Z3560238<8IND7812101M2809012<<<<<<<<<<<<<<02"}, []string{"SHABEER", "PUTHIYAVEETIL", "ALIAMUNNY"}},
		{"TD1 CHE", []string{"I<CHED231458907ABC<<<<<<<<<<<<", "7408122F1204159CHE<<<<<<<<<<<1", "<<ANNA<MARIA<<<<<<<<<<<<<<<<<<"}, []string{"ANNA", "MARIA"}},
	} {
		r, err := Parse(c.lines, ref)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !r.Valid || r.LastName != "" || !slices.Equal(r.FirstNames, c.first) {
			t.Errorf("%s: valid %v last %q first %v (findings %v)", c.name, r.Valid, r.LastName, r.FirstNames, r.Findings)
		}
		if len(r.Findings) != 1 || r.Findings[0].Code != CodeEmptyPrimaryIdentifier || !r.Findings[0].Note {
			t.Errorf("%s: findings %+v, want one EMPTY_PRIMARY_IDENTIFIER note", c.name, r.Findings)
		}
	}
}

// TestFrenchCardWithoutOffice: a French card without department or office
// answers them empty, not as the fillers printed.
func TestFrenchCardWithoutOffice(t *testing.T) {
	t.Parallel()
	r, err := Parse(frCard("BERTHIER", "<<<", "<<<", "880692310285", "CORINNE", "650101", 'F'), ref)
	if err != nil || !r.Valid || r.Department != "" || r.Office != "" {
		t.Errorf("got %+v, %v", r, err)
	}
	r, err = Parse(frCard("BERTHIER", "92<", "031", "880692310285", "CORINNE", "650101", 'F'), ref)
	if err != nil || r.Department != "92" || r.Office != "031" {
		t.Errorf("got %q %q, %v", r.Department, r.Office, err)
	}
}

// TestCheckDigitMessage: a check-digit finding says the expected and the
// printed digit.
func TestCheckDigitMessage(t *testing.T) {
	t.Parallel()
	lines := tamper(specimens[0].lines, 1, 19, "3") // birth-date check digit 2 → 3
	r, err := Parse(lines, ref)
	if err != nil {
		t.Fatal(err)
	}
	var msg string
	for _, f := range r.Findings {
		if f.Code == CodeCheckDigitMismatch && f.Field == "birthDate" {
			msg = f.Message
		}
	}
	if !strings.Contains(msg, "expected 2, found 3") {
		t.Errorf("message %q does not say expected 2, found 3 (findings %v)", msg, r.Findings)
	}
}

// --- builders of valid MRZs, computing every check digit ---

// tamper overwrites lines[line] from index i with s.
func tamper(lines []string, line, i int, s string) []string {
	out := append([]string(nil), lines...)
	out[line] = out[line][:i] + s + out[line][i+len(s):]
	return out
}

func pad(s string, n int) string {
	if len(s) >= n {
		return s[:n]
	}
	return s + strings.Repeat("<", n-len(s))
}

func td3(codeState, name, number, nat, birth string, sex byte, expiry, personal string) []string {
	l1 := pad(codeState+name, 44)
	num := pad(number, 9)
	pn := pad(personal, 14)
	l2 := num + string(CheckDigit(num)) + pad(nat, 3) + birth + string(CheckDigit(birth)) + string(sex) +
		expiry + string(CheckDigit(expiry)) + pn + string(CheckDigit(pn))
	return []string{l1, l2 + string(CheckDigit(l2[0:10]+l2[13:20]+l2[21:43]))}
}

func td2(codeState, name, number, nat, birth string, sex byte, expiry, opt string) []string {
	l1 := pad(codeState+name, 36)
	var head, optField string
	if len(number) > 9 {
		over := number[9:]
		head = number[:9] + "<"
		optField = pad(over+string(CheckDigit(number))+opt, 7)
	} else {
		num := pad(number, 9)
		head = num + string(CheckDigit(num))
		optField = pad(opt, 7)
	}
	l2 := head + pad(nat, 3) + birth + string(CheckDigit(birth)) + string(sex) + expiry + string(CheckDigit(expiry)) + optField
	return []string{l1, l2 + string(CheckDigit(l2[0:10]+l2[13:20]+l2[21:35]))}
}

func td1(code, state, number, opt1, birth string, sex byte, expiry, nat, opt2, name string) []string {
	var l1 string
	if len(number) > 9 {
		l1 = pad(code, 2) + state + number[:9] + "<" + pad(number[9:]+string(CheckDigit(number))+"<"+opt1, 15)
	} else {
		num := pad(number, 9)
		l1 = pad(code, 2) + state + num + string(CheckDigit(num)) + pad(opt1, 15)
	}
	l2 := birth + string(CheckDigit(birth)) + string(sex) + expiry + string(CheckDigit(expiry)) + pad(nat, 3) + pad(opt2, 11)
	l2 += string(CheckDigit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]))
	return []string{l1, l2, pad(name, 30)}
}

func frCard(surname, dept, office, number12, given, birth string, sex byte) []string {
	l1 := "IDFRA" + pad(surname, 25) + dept + office
	num := pad(number12, 12)
	l2 := num + string(CheckDigit(num)) + pad(given, 14) + birth + string(CheckDigit(birth)) + string(sex)
	return []string{l1, l2 + string(CheckDigit(l1+l2))}
}

// TestExtremeReferences: dates stay within civil's years 1-9999.
func TestExtremeReferences(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		ref           civil.Date
		birth, expiry string
	}{
		{date(9999, 12, 31), "990101", "000101"},
		{date(1, 1, 1), "990101", "990101"},
		{date(50, 6, 1), "000101", "990101"},
	} {
		r, err := Parse(td3("P<UTO", "ERIKSSON<<ANNA", "L898902C3", "UTO", c.birth, 'F', c.expiry, ""), c.ref)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []civil.Date{r.BirthDate, r.ExpirationDate} {
			if !d.IsZero() && !d.Valid() {
				t.Errorf("ref %v: date %+v out of range", c.ref, d)
			}
		}
	}
}

// TestOverFillerOnlyBelgian: the Belgian computation of a long number's
// check digit is not accepted from other issuers.
func TestOverFillerOnlyBelgian(t *testing.T) {
	t.Parallel()
	lines := []string{"IDBEL000590240<6013<<<<<<<<<<<", "8512017F1311048BEL851201002007", "REINARTZ<<ULRIKE<KATIA<E<<<<<<"}
	lines = tamper(lines, 0, 2, "UTO")
	// The composite covers line 1 from position 6 only: the issuer change
	// leaves it right, so the number's check digit is the only finding.
	r, err := Parse(lines, ref)
	if err != nil {
		t.Fatal(err)
	}
	if r.Valid || r.CheckDigits[0].Valid {
		t.Errorf("UTO card with the Belgian computation: valid %v, check %+v", r.Valid, r.CheckDigits[0])
	}
}
