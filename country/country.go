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

// The codes are at most three letters A-Z: each indexes an array (key),
// cheaper than hashing it for a map, and read several times per request.
var (
	// alpha3Of holds, by key of an ISO alpha-2 code, 1 + the index of its
	// alpha-3 code in alpha3s.
	alpha3Of [keys]uint16
	alpha3s  []string
	// infoOf holds, by key of an ISO alpha-3 or ICAO-only code, 1 + the
	// index of its entry in infos.
	infoOf [keys]uint16
	infos  []info
)

// info is what is known of an ISO alpha-3 or ICAO code.
type info struct {
	alpha2   string // "" for an ICAO-only code without a country
	icaoOnly bool   // one of the codes Doc 9303 adds to ISO 3166-1 alpha-3
}

// keys is the number of codes of one to three letters A-Z (key's range).
const keys = 27 * 27 * 27

// key numbers a code of one to three letters A-Z; ok is false for any
// other string.
func key(code string) (k int, ok bool) {
	if len(code) == 0 || len(code) > 3 {
		return 0, false
	}
	for i := 0; i < 3; i++ {
		v := 0
		if i < len(code) {
			c := code[i]
			if c < 'A' || c > 'Z' {
				return 0, false
			}
			v = int(c-'A') + 1
		}
		k = k*27 + v
	}
	return k, true
}

func init() {
	for _, f := range rows(isoData, "iso3166.txt", 4) {
		a2, a3 := f[0], f[1]
		if len(a2) != 2 || len(a3) != 3 || !upper(a2) || !upper(a3) {
			panic(fmt.Sprintf("country: iso3166.txt: bad codes %q %q", a2, a3))
		}
		k2, _ := key(a2)
		k3, _ := key(a3)
		alpha3s = append(alpha3s, a3)
		alpha3Of[k2] = uint16(len(alpha3s))
		infos = append(infos, info{alpha2: a2})
		infoOf[k3] = uint16(len(infos))
	}
	for _, f := range rows(icaoData, "icao.txt", 3) {
		code, a2 := f[0], f[1]
		if a2 == "-" {
			a2 = ""
		}
		k, ok := key(code)
		if !ok || infoOf[k] != 0 {
			panic(fmt.Sprintf("country: icao.txt: bad or duplicate code %q", code))
		}
		infos = append(infos, info{alpha2: a2, icaoOnly: true})
		infoOf[k] = uint16(len(infos))
	}
}

// lookup returns the entry of an ISO alpha-3 or ICAO code.
func lookup(code string) (info, bool) {
	k, ok := key(code)
	if !ok || infoOf[k] == 0 {
		return info{}, false
	}
	return infos[infoOf[k]-1], true
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
	_, ok := Alpha3(code)
	return ok
}

// IsAlpha3 reports whether code is the ISO 3166-1 alpha-3 code of a
// current country.
func IsAlpha3(code string) bool {
	c, ok := lookup(code)
	return ok && c.alpha2 != "" && !c.icaoOnly
}

// IsICAO reports whether code may stand for an issuing state or a
// nationality in an MRZ: an ISO alpha-3 code or a Doc 9303 code such as
// "D" (Germany, written without its '<' filler), "GBN" or "XXA".
func IsICAO(code string) bool {
	_, ok := lookup(code)
	return ok
}

// Alpha3 returns the ISO alpha-3 code of an ISO alpha-2 code.
func Alpha3(alpha2 string) (string, bool) {
	k, ok := key(alpha2)
	if !ok || len(alpha2) != 2 || alpha3Of[k] == 0 {
		return "", false
	}
	return alpha3s[alpha3Of[k]-1], true
}

// Alpha2 returns the alpha-2 code of the country behind an ISO alpha-3 or
// ICAO code: DEU and D give DE, GBD/GBN/GBO/GBP/GBS give GB, RKS gives the
// user-assigned XK. Codes of organisations and of stateless persons or
// refugees (UNO, XXA, EUE, UTO…) have no country: ok is false.
func Alpha2(alpha3OrICAO string) (string, bool) {
	c, _ := lookup(alpha3OrICAO)
	return c.alpha2, c.alpha2 != ""
}
