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

// docCodes maps "issuer code" ("ITA C<", "* I*") to a kind.
var docCodes = func() map[string]DocumentKind {
	m := map[string]DocumentKind{}
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
			m[f[0]+" "+f[1]] = k
		default:
			panic("mrz: unknown kind in doccodes.txt: " + line)
		}
	}
	return m
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
	if len(code) == 1 {
		code += "<"
	}
	for _, key := range [...]string{issuer + " " + code, issuer + " " + code[:1] + "*", "* " + code, "* " + code[:1] + "*"} {
		if k, ok := docCodes[key]; ok {
			return k
		}
	}
	return KindUnknown
}
