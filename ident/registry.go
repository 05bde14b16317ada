package ident

import (
	_ "embed"
	"strconv"
	"strings"
)

// registryText is the SWIFT IBAN registry as data; see its header.
//
//go:embed ibanregistry.txt
var registryText string

// ibanSpec is one country's IBAN format from the registry.
type ibanSpec struct {
	country string
	length  int
	// class of each BBAN character: 'n' digit, 'a' letter, 'c' either.
	classes [30]byte
	// digits and letters have bit i set when BBAN character i must be a
	// digit, or a letter.
	digits, letters       uint32
	bank, branch, account [2]int // half-open byte offsets in the IBAN; equal when absent
	example               string
	national              nationalCheck
	nationalName          string
}

// ibanSpecs is indexed by the two letters of the country code.
var ibanSpecs [26 * 26]*ibanSpec

// ibanCountries lists the registry's countries in file order.
var ibanCountries []string

func init() {
	for _, line := range strings.Split(registryText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		s, err := parseSpec(line)
		if err != nil {
			panic("ident: ibanregistry.txt: " + err.Error() + ": " + line)
		}
		s.national, s.nationalName = nationalChecks(s.country)
		ibanSpecs[countryIndex(s.country[0], s.country[1])] = s
		ibanCountries = append(ibanCountries, s.country)
	}
}

func countryIndex(a, b byte) int { return int(a-'A')*26 + int(b-'A') }

type specError string

func (e specError) Error() string { return string(e) }

func parseSpec(line string) (*ibanSpec, error) {
	f := strings.Fields(line)
	if len(f) != 7 || len(f[0]) != 2 {
		return nil, specError("want 7 fields")
	}
	s := &ibanSpec{country: f[0], example: f[6]}
	n, err := strconv.Atoi(f[1])
	if err != nil || n < 5 || n > maxLen {
		return nil, specError("bad length")
	}
	s.length = n
	// Structure: groups like 5!n, 11!c.
	pos := 0
	for rest := f[2]; rest != ""; {
		i := strings.IndexByte(rest, '!')
		if i <= 0 || i+1 >= len(rest) {
			return nil, specError("bad structure")
		}
		cnt, err := strconv.Atoi(rest[:i])
		cl := rest[i+1]
		if err != nil || (cl != 'n' && cl != 'a' && cl != 'c') || pos+cnt > len(s.classes) {
			return nil, specError("bad structure group")
		}
		for j := 0; j < cnt; j++ {
			s.classes[pos] = cl
			switch cl {
			case 'n':
				s.digits |= 1 << pos
			case 'a':
				s.letters |= 1 << pos
			}
			pos++
		}
		rest = rest[i+2:]
	}
	if pos != n-4 {
		return nil, specError("structure length differs from IBAN length")
	}
	for i, dst := range []*[2]int{&s.bank, &s.branch, &s.account} {
		r, err := parseRange(f[3+i], n-4)
		if err != nil {
			return nil, err
		}
		*dst = r
	}
	return s, nil
}

// parseRange turns "s-e" (1-based, inclusive, inside the BBAN) into offsets in the IBAN.
func parseRange(f string, bbanLen int) ([2]int, error) {
	if f == "-" {
		return [2]int{4, 4}, nil
	}
	a, b, found := strings.Cut(f, "-")
	s, err1 := strconv.Atoi(a)
	e, err2 := strconv.Atoi(b)
	if !found || err1 != nil || err2 != nil || s < 1 || e < s || e > bbanLen {
		return [2]int{}, specError("bad position " + f)
	}
	return [2]int{s + 3, e + 4}, nil
}

// IBANCountries returns the country codes of the IBAN registry, in order.
func IBANCountries() []string {
	return append([]string(nil), ibanCountries...)
}

// IBANLength returns the IBAN length of a registry country, 0 if it has none.
func IBANLength(alpha2 string) int {
	if s := specFor(alpha2); s != nil {
		return s.length
	}
	return 0
}

func specFor(cc string) *ibanSpec {
	if len(cc) != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' {
		return nil
	}
	return ibanSpecs[countryIndex(cc[0], cc[1])]
}
