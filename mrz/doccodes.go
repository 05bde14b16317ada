package mrz

import (
	_ "embed"
	"strings"
)

// DocumentKind is what a document code says the document is.
type DocumentKind string

// The kinds of doccodes.txt; KindUnknown when no row covers a code.
const (
	KindUnknown               DocumentKind = ""
	KindPassport              DocumentKind = "PASSPORT"
	KindIDCard                DocumentKind = "ID_CARD"
	KindResidencePermit       DocumentKind = "RESIDENCE_PERMIT"
	KindVisa                  DocumentKind = "VISA"
	KindCrewMemberCertificate DocumentKind = "CREW_MEMBER_CERTIFICATE"
)

//go:embed doccodes.txt
var docCodesFile string

// docCode is a row of doccodes.txt: issuer ("ITA", "*"), the code's two
// characters (second '*' for any) and kind.
type docCode struct {
	issuer string
	code   [2]byte
	kind   DocumentKind
}

// docCodes holds the rows of doccodes.txt, read once: a dozen rows, which
// KindOf scans, cheaper than building and hashing a key per lookup. The
// rows of any issuer ("*") are apart from those of a named one.
var docCodes = func() (t struct{ named, any []docCode }) {
	seen := map[string]bool{}
	for _, line := range strings.Split(docCodesFile, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 || len(f[1]) != 2 {
			panic("mrz: bad doccodes.txt row: " + line)
		}
		switch k := DocumentKind(f[2]); k {
		case KindPassport, KindIDCard, KindResidencePermit, KindVisa, KindCrewMemberCertificate:
			if seen[f[0]+" "+f[1]] {
				panic("mrz: duplicate doccodes.txt row: " + line)
			}
			seen[f[0]+" "+f[1]] = true
			row := docCode{f[0], [2]byte{f[1][0], f[1][1]}, k}
			if f[0] == "*" {
				t.any = append(t.any, row)
			} else {
				t.named = append(t.named, row)
			}
		default:
			panic("mrz: unknown kind in doccodes.txt: " + line)
		}
	}
	return t
}()

// KindOf says what the document code code ("P", "ID", "C<"…, as printed
// or with trailing fillers removed) means on a document of issuer (an ICAO
// code, "D" or "D<<"), per doccodes.txt: Doc 9303's first letters and
// national practice where a state gives a letter its own meaning (Italy's
// identity card is C<). KindUnknown when no row covers the code.
func KindOf(issuer, code string) DocumentKind {
	issuer = strings.TrimRight(issuer, "<")
	if code == "" || len(code) > 2 {
		return KindUnknown
	}
	c := [2]byte{code[0], '<'}
	if len(code) == 2 {
		c[1] = code[1]
	}
	wild := [2]byte{c[0], '*'}
	// The most specific row first: the issuer's own, then any issuer's; a
	// full code before a wildcard.
	for _, want := range [2][2]byte{c, wild} {
		for _, r := range docCodes.named {
			if r.code == want && r.issuer == issuer {
				return r.kind
			}
		}
	}
	for _, want := range [2][2]byte{c, wild} {
		for _, r := range docCodes.any {
			if r.code == want {
				return r.kind
			}
		}
	}
	return KindUnknown
}
