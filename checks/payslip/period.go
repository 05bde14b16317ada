package payslip

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/idcontrol/idcontrol/civil"
)

// Pay-period phrases a French payslip prints: "Période du 01/07/2020 au
// 31/07/2020", "Période : 07/2020", "Période de paie : juillet 2020". Only
// a date written after the word période counts: a payslip holds other
// dates (payment, entry, birth) that must not pass for its period.
var (
	periodDayMonthYear = regexp.MustCompile(`(?i)p[ée]riode(?:\s+de\s+paie)?\s*(?:du\s*)?:?\s*([0-3]?[0-9])[/.-]([01]?[0-9])[/.-]((?:19|20)[0-9]{2})\b`)
	periodMonthYear    = regexp.MustCompile(`(?i)p[ée]riode(?:\s+de\s+paie)?\s*:?\s*([01]?[0-9])[/.-]((?:19|20)[0-9]{2})\b`)
	periodMonthName    = regexp.MustCompile(`(?i)p[ée]riode(?:\s+de\s+paie)?\s*(?:du\s+1(?:er)?\s+)?:?\s*(janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)\s+((?:19|20)[0-9]{2})\b`)
)

var frenchMonths = map[string]int{
	"janvier": 1, "fevrier": 2, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
	"aout": 8, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "décembre": 12,
}

// periodInText reads the start of the pay period from the text; ok is false
// when no period phrase holds a real date.
func periodInText(text string) (civil.Date, bool) {
	if m := periodDayMonthYear.FindStringSubmatch(text); m != nil {
		return date(m[3], m[2], m[1])
	}
	if m := periodMonthName.FindStringSubmatch(text); m != nil {
		if mo, ok := frenchMonths[strings.ToLower(m[1])]; ok {
			return date(m[2], strconv.Itoa(mo), "1")
		}
	}
	if m := periodMonthYear.FindStringSubmatch(text); m != nil {
		return date(m[2], m[1], "1")
	}
	return civil.Date{}, false
}

func date(y, m, d string) (civil.Date, bool) {
	yy, _ := strconv.Atoi(y)
	mm, _ := strconv.Atoi(m)
	dd, _ := strconv.Atoi(d)
	c := civil.Date{Year: yy, Month: mm, Day: dd}
	return c, c.Known() && c.Valid()
}
