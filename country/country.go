package country

import (
	_ "embed"
	"fmt"
	"strings"
)

//go:embed iso3166.txt
var isoData string

//go:embed icao.txt
var icaoData string

var (
	// alpha2to3 holds every ISO alpha-2 code with its alpha-3 code.
	alpha2to3 map[string]string
	// toAlpha2 maps ISO alpha-3 codes and ICAO-only codes to an alpha-2
	// code; an ICAO-only code without a country maps to "".
	toAlpha2 map[string]string
	// icaoOnly holds the codes Doc 9303 adds to ISO 3166-1 alpha-3.
	icaoOnly map[string]bool
)

func init() {
	alpha2to3 = make(map[string]string, 256)
	toAlpha2 = make(map[string]string, 300)
	icaoOnly = make(map[string]bool, 32)
	for _, f := range rows(isoData, "iso3166.txt", 4) {
		a2, a3 := f[0], f[1]
		if len(a2) != 2 || len(a3) != 3 || !upper(a2) || !upper(a3) {
			panic(fmt.Sprintf("country: iso3166.txt: bad codes %q %q", a2, a3))
		}
		alpha2to3[a2] = a3
		toAlpha2[a3] = a2
	}
	for _, f := range rows(icaoData, "icao.txt", 3) {
		code, a2 := f[0], f[1]
		if a2 == "-" {
			a2 = ""
		}
		if _, dup := toAlpha2[code]; dup || code == "" || len(code) > 3 || !upper(code) {
			panic(fmt.Sprintf("country: icao.txt: bad or duplicate code %q", code))
		}
		icaoOnly[code] = true
		toAlpha2[code] = a2
	}
}

// rows splits an embedded table into tab-separated fields, skipping
// comments; a malformed table is a build defect, hence the panic.
func rows(data, name string, n int) [][]string {
	var out [][]string
	for line := range strings.Lines(data) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != n {
			panic(fmt.Sprintf("country: %s: want %d fields in %q", name, n, line))
		}
		out = append(out, f)
	}
	return out
}

func upper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// IsAlpha2 reports whether code is the ISO 3166-1 alpha-2 code of a
// current country (user-assigned codes such as XK are not).
func IsAlpha2(code string) bool {
	_, ok := alpha2to3[code]
	return ok
}

// IsAlpha3 reports whether code is the ISO 3166-1 alpha-3 code of a
// current country.
func IsAlpha3(code string) bool {
	a2, ok := toAlpha2[code]
	return ok && a2 != "" && !icaoOnly[code]
}

// IsICAO reports whether code may stand for an issuing state or a
// nationality in an MRZ: an ISO alpha-3 code or a Doc 9303 code such as
// "D" (Germany, written without its '<' filler), "GBN" or "XXA".
func IsICAO(code string) bool {
	_, ok := toAlpha2[code]
	return ok
}

// Alpha3 returns the ISO alpha-3 code of an ISO alpha-2 code.
func Alpha3(alpha2 string) (string, bool) {
	a3, ok := alpha2to3[alpha2]
	return a3, ok
}

// Alpha2 returns the alpha-2 code of the country behind an ISO alpha-3 or
// ICAO code: DEU and D give DE, GBD/GBN/GBO/GBP/GBS give GB, RKS gives the
// user-assigned XK. Codes of organisations and of stateless persons or
// refugees (UNO, XXA, EUE, UTO…) have no country: ok is false.
func Alpha2(alpha3OrICAO string) (string, bool) {
	a2 := toAlpha2[alpha3OrICAO]
	return a2, a2 != ""
}
