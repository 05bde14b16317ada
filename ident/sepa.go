package ident

import (
	_ "embed"
	"strings"
)

// sepaText is the EPC list of SEPA scheme countries; see its header.
//
//go:embed sepa.txt
var sepaText string

var (
	sepaScope     [26 * 26]bool
	sepaCountries []string // the 41 countries, without territories
)

func init() {
	for _, line := range strings.Split(sepaText, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || f[0][0] == '#' {
			continue
		}
		if len(f[0]) != 2 {
			panic("ident: sepa.txt: bad line " + line)
		}
		sepaScope[countryIndex(f[0][0], f[0][1])] = true
		if f[1] == "country" {
			sepaCountries = append(sepaCountries, f[0])
		}
	}
}

// IsSEPA reports whether an ISO 3166 alpha-2 code (upper case) is in the
// geographical scope of the SEPA schemes: one of the 41 countries of the
// EPC list of SEPA scheme countries (EPC409-09), or a territory the list
// includes through one of them (Åland, the French overseas departments,
// Saint-Barthélemy, Saint-Martin, Saint-Pierre-et-Miquelon, Gibraltar,
// Guernsey, Jersey, Isle of Man).
func IsSEPA(alpha2 string) bool {
	if len(alpha2) != 2 || alpha2[0] < 'A' || alpha2[0] > 'Z' || alpha2[1] < 'A' || alpha2[1] > 'Z' {
		return false
	}
	return sepaScope[countryIndex(alpha2[0], alpha2[1])]
}

// SEPACountries returns the 41 countries of the EPC list, without the
// territories.
func SEPACountries() []string { return append([]string(nil), sepaCountries...) }

// bicCountryExceptions lists, per IBAN country, the other BIC countries
// the EPC allows with it (EPC guidance on the IBAN/BIC country relation):
// French IBANs of overseas territories whose banks carry a territory BIC,
// Monaco IBANs at French BICs, British IBANs at Crown Dependency BICs,
// Danish IBANs at Faroese and Greenlandic BICs.
var bicCountryExceptions = map[string]string{
	"FR": "GF GP MQ YT RE BL MF PM NC PF TF WF",
	"MC": "FR",
	"GB": "GG JE IM",
	"DK": "FO GL",
}

// BICCountryMatches reports whether a BIC of bicCountry may serve an IBAN
// of ibanCountry: the same code, or one of the EPC's exceptions (FR IBAN
// with a BIC of GF GP MQ YT RE BL MF PM NC PF TF WF; MC IBAN with an FR
// BIC; GB IBAN with a GG, JE or IM BIC; DK IBAN with an FO or GL BIC).
func BICCountryMatches(ibanCountry, bicCountry string) bool {
	if len(ibanCountry) != 2 || len(bicCountry) != 2 {
		return false
	}
	if ibanCountry == bicCountry {
		return true
	}
	ex := bicCountryExceptions[ibanCountry]
	for i := 0; i+2 <= len(ex); i += 3 {
		if ex[i:i+2] == bicCountry {
			return true
		}
	}
	return false
}
