package twoddoc

import (
	"errors"
	"strings"
	"testing"
)

// fakeSig is a syntactically valid P-256 signature (103 base32 characters).
var fakeSig = "\x1f" + strings.Repeat("A", 103)

func codes(is []Issue) []string {
	var out []string
	for _, i := range is {
		out = append(out, i.Code+":"+i.ID)
	}
	return out
}

func TestDecodeHeaders(t *testing.T) {
	t.Parallel()
	cases := []struct {
		raw                         string
		version, perimeter, country string
		issue, signature            string
	}{
		// The specification's header examples (sections 3.3.1 to 3.3.3).
		{"DC02FR0AXT4A0E840E8A01", "02", "01", "", "2010-03-05", "2010-03-11"},
		{"DC03FR0AXT4A0E840E8A0101", "03", "01", "", "2010-03-05", "2010-03-11"},
		{"DC04FR0AXT4A0E840E8A0101FR", "04", "01", "FR", "2010-03-05", "2010-03-11"},
		{"DC04FR0AXT4AFFFF0E8A0101FR", "04", "01", "FR", "", "2010-03-11"},
	}
	for _, c := range cases {
		d, err := Decode(c.raw + "22" + "1 RUE DE LA PAIX" + fakeSig)
		if err != nil {
			t.Fatalf("%s: %v", c.raw, err)
		}
		h := d.Header
		issue := ""
		if !h.IssueDate.IsZero() {
			issue = h.IssueDate.String()
		}
		if h.Version != c.version || h.CAID != "FR0A" || h.CertID != "XT4A" || h.Perimeter != c.perimeter ||
			h.Country != c.country || issue != c.issue || h.SignatureDate.String() != c.signature || h.DocumentType != "01" {
			t.Errorf("%s: %+v", c.raw, h)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	head := "DC04FR000001FFFF1FB60401FR"
	cases := map[string]string{
		"":                                     CodeEmpty,
		"XX04":                                 CodeNotTwoDDoc,
		"\xdc\x03\x7b":                         CodeBinaryUnsupported,
		"\u00dc\u0003":                         CodeBinaryUnsupported,
		"DC05FR000001FFFF1FB60401FR":           CodeVersionUnsupported,
		"DC04FR00":                             CodeHeaderMalformed,
		"DC04FR00-001FFFF1FB60401FR" + fakeSig: CodeHeaderMalformed,
		"DC04FR000001FFFFGGGG0401FR" + fakeSig: CodeHeaderMalformed,
		"DC04FR000001FFFFFFFF0401FR" + fakeSig: CodeHeaderMalformed, // no signature date
		head + "452021":                        CodeSignatureMissing,
		head + "452021\x1f":                    CodeSignatureMissing,
		head + "452021\x1fAAAA":                CodeSignatureMalformed,
		head + "452021\x1f" + strings.Repeat("1", 103): CodeSignatureMalformed, // 1 is not base32
		head + "4520" + fakeSig:                        CodeMessageMalformed,   // fixed field cut
		head + "452021a" + fakeSig:                     CodeMessageMalformed,   // lower-case identifier
		head + "4\xc3\xa9" + fakeSig:                   CodeBinaryUnsupported,
		head + strings.Repeat("4", MaxRawLength):       CodeTooLong,
	}
	for raw, want := range cases {
		_, err := Decode(raw)
		var e *Error
		if !errors.As(err, &e) || e.Code != want {
			t.Errorf("Decode(%q) = %v, want %s", raw, err, want)
		}
	}
}

func TestMessageZone(t *testing.T) {
	t.Parallel()
	head := "DC04FR000001FFFF1FB60401FR"
	mandatory := "432,75\x1d4422780123456784520214A31072022"
	cases := []struct {
		name    string
		message string
		fields  []Field
		issues  []string
	}{
		{
			name:    "fixed then variable, last without separator",
			message: mandatory + "46RETI PATRICK\x1d4712345678901234163198",
			fields: []Field{{ID: "43", Value: "2,75"}, {ID: "44", Value: "2278012345678"}, {ID: "45", Value: "2021"},
				{ID: "4A", Value: "31072022"}, {ID: "46", Value: "RETI PATRICK"}, {ID: "47", Value: "1234567890123"}, {ID: "41", Value: "63198"}},
		},
		{
			name:    "truncated field ends with RS, even last",
			message: mandatory + "46RETI PAT\x1e4712345678901234163198\x1d",
			fields: []Field{{ID: "43", Value: "2,75"}, {ID: "44", Value: "2278012345678"}, {ID: "45", Value: "2021"},
				{ID: "4A", Value: "31072022"}, {ID: "46", Value: "RETI PAT", Truncated: true}, {ID: "47", Value: "1234567890123"}, {ID: "41", Value: "63198"}},
		},
		{
			// 41 holds at most 12 characters: at its maximum it needs no GS.
			name:    "variable field at its maximum needs no separator",
			message: mandatory + "4112345678901246RETI PATRICK\x1d471234567890123",
			fields: []Field{{ID: "43", Value: "2,75"}, {ID: "44", Value: "2278012345678"}, {ID: "45", Value: "2021"},
				{ID: "4A", Value: "31072022"}, {ID: "41", Value: "123456789012"}, {ID: "46", Value: "RETI PATRICK"}, {ID: "47", Value: "1234567890123"}},
		},
		{
			name:    "missing mandatory, forbidden, unknown and repeated identifiers",
			message: "432,75\x1d45202146A\x1d4B01012022" + "ZZFOO\x1d46B",
			fields:  []Field{{ID: "43", Value: "2,75"}, {ID: "45", Value: "2021"}, {ID: "46", Value: "A"}, {ID: "4B", Value: "01012022"}, {ID: "ZZ", Value: "FOO"}, {ID: "46", Value: "B"}},
			issues: []string{CodeMandatoryMissing + ":44", "DOC2D_IDENTIFIER_REPEATED:46", CodeMandatoryMissing + ":47", CodeMandatoryMissing + ":4A",
				CodeIdentifierForbidden + ":4B", CodeIdentifierUnknown + ":ZZ"},
		},
		{
			name:    "wrong length and an identifier of another family",
			message: mandatory + "46RETI PATRICK\x1d471234567890123\x1d43\x1d31FR7630006000011234567890189",
			issues:  []string{"DOC2D_IDENTIFIER_NOT_ALLOWED:31", "DOC2D_IDENTIFIER_REPEATED:43", "DOC2D_WRONG_LENGTH:43"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, err := Decode(head + c.message + fakeSig)
			if err != nil {
				t.Fatal(err)
			}
			if c.fields != nil {
				if len(d.Message) != len(c.fields) {
					t.Fatalf("fields %+v, want %+v", d.Message, c.fields)
				}
				for i := range c.fields {
					if d.Message[i] != c.fields[i] {
						t.Errorf("field %d = %+v, want %+v", i, d.Message[i], c.fields[i])
					}
				}
			}
			if got := strings.Join(codes(d.Issues), " "); got != strings.Join(c.issues, " ") {
				t.Errorf("issues %s, want %s", got, strings.Join(c.issues, " "))
			}
		})
	}
}

func TestCatalogue(t *testing.T) {
	t.Parallel()
	c, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.ids) < 330 {
		t.Errorf("%d identifiers, want the ~337 of section 7", len(c.ids))
	}
	// Definitions of section 7.3 as printed in the specification.
	for id, want := range map[string][2]int{"40": {13, 13}, "41": {0, 12}, "43": {1, 5}, "44": {13, 13}, "45": {4, 4}, "46": {0, 38}, "4A": {8, 8}, "01": {0, -1}, "31": {14, 38}} {
		d, ok := LookupIdentifier(id)
		if !ok || d.Min != want[0] || d.Max != want[1] {
			t.Errorf("%s: %+v, want %v", id, d, want)
		}
	}
	for _, code := range []string{"00", "01", "02", "03", "05", "11", "04", "09", "18", "28", "06", "10", "15", "07", "08", "13"} {
		if _, ok := LookupType(code); !ok {
			t.Errorf("type %s not catalogued", code)
		}
	}
	// The 10 / 11+12+13 alternative of address proofs.
	head := "DC04FR000001FFFF1FB60001FR"
	rest := "20A\x1d21B\x1d22C\x1d23D\x1d2475001\x1d25PARIS\x1d26FR"
	for msg, want := range map[string]int{
		"10M DUPONT\x1d" + rest:                0,
		"11M\x1d12JEAN\x1d13DUPONT\x1d" + rest: 0,
		"11M\x1d13DUPONT\x1d" + rest:           1,
		rest:                                   1,
	} {
		d, err := Decode(head + msg + fakeSig)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Issues) != want {
			t.Errorf("%q: issues %v, want %d", msg, codes(d.Issues), want)
		}
	}
	// A type outside the catalogue: a note, not a blocking issue.
	d, err := Decode("DC04FR000001FFFF1FB6ZZ01FR0112345" + fakeSig)
	if err != nil || len(d.Issues) != 1 || d.Issues[0].Code != CodeTypeNotCatalogued || len(d.Blocking()) != 0 {
		t.Errorf("uncatalogued type: %v %+v", err, d)
	}
}

func TestScannerAdditions(t *testing.T) {
	t.Parallel()
	raw := loadVectors(t)[0].Raw
	for _, in := range []string{"]d1" + raw, raw + "\r\n", "]d2" + raw + "\n"} {
		d, err := Decode(in)
		if err != nil {
			t.Fatalf("%q: %v", in[:6], err)
		}
		if d.SignedData() != raw[:strings.IndexByte(raw, 0x1f)] {
			t.Errorf("signed data changed by the scanner's additions")
		}
	}
}

func TestAnnexAndVersion01(t *testing.T) {
	t.Parallel()
	// A malformed annex is noted but does not make the structure invalid.
	d, err := Decode("DC04FR000001FFFF1FB6ZZ01FR0112345" + fakeSig + "\x1d0")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Annex) != 0 || len(d.Blocking()) != 0 || len(d.Issues) != 2 {
		t.Errorf("annex %v issues %v", d.Annex, codes(d.Issues))
	}
	var e *Error
	if _, err := Decode("DC01FR0AXT4A0E840E8A0122ABC\x00\x01"); !errors.As(err, &e) || e.Code != CodeVersionUnsupported {
		t.Errorf("version 01: %v", err)
	}
}
