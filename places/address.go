package places

import (
	"strings"

	"github.com/idcontrol/idcontrol/fold"
	"github.com/idcontrol/idcontrol/match"
)

// Address is a French postal address as declared in a participant file
// (postalAddress1, postalAddress2, postalCode, postalCity) or parsed from
// raw text by ParseAddress.
type Address struct {
	Line1, Line2, PostalCode, City, Country string
}

// streetTypes maps La Poste / AFNOR XP Z10-011 abbreviations to full words.
var streetTypes = map[string]string{
	"AV": "AVENUE", "AVE": "AVENUE", "AVENUE": "AVENUE",
	"BD": "BOULEVARD", "BLD": "BOULEVARD", "BOUL": "BOULEVARD", "BOULEVARD": "BOULEVARD",
	"R": "RUE", "RUE": "RUE",
	"CHE": "CHEMIN", "CHEM": "CHEMIN", "CHEMIN": "CHEMIN",
	"PL": "PLACE", "PLACE": "PLACE",
	"IMP": "IMPASSE", "IMPASSE": "IMPASSE",
	"ALL": "ALLEE", "ALLEE": "ALLEE",
	"RTE": "ROUTE", "ROUTE": "ROUTE",
	"FG": "FAUBOURG", "FBG": "FAUBOURG", "FAUBOURG": "FAUBOURG",
	"SQ": "SQUARE", "SQUARE": "SQUARE",
	"CRS": "COURS", "COURS": "COURS",
	"QUAI": "QUAI", "QU": "QUAI",
	"PASS": "PASSAGE", "PAS": "PASSAGE", "PASSAGE": "PASSAGE",
	"LOT": "LOTISSEMENT", "LOTISSEMENT": "LOTISSEMENT",
	"RES": "RESIDENCE", "RESIDENCE": "RESIDENCE",
	"CHS": "CHAUSSEE", "CHAUSSEE": "CHAUSSEE",
	"CITE": "CITE", "CTRE": "CENTRE", "HAM": "HAMEAU", "HAMEAU": "HAMEAU",
	"LD": "LIEU DIT", "LIEUDIT": "LIEU DIT", "MTE": "MONTEE", "MONTEE": "MONTEE",
	"PROM": "PROMENADE", "PROMENADE": "PROMENADE", "SEN": "SENTIER", "SENTIER": "SENTIER",
	"VLA": "VILLA", "VILLA": "VILLA", "VOIE": "VOIE", "ZA": "ZA", "ZI": "ZI", "ZAC": "ZAC",
	"ESP": "ESPLANADE", "ESPLANADE": "ESPLANADE", "TRAV": "TRAVERSE", "TRAVERSE": "TRAVERSE",
	"RPT": "ROND POINT", "PARV": "PARVIS", "PARVIS": "PARVIS", "CAR": "CARREFOUR",
	"DOM": "DOMAINE", "DOMAINE": "DOMAINE", "GR": "GRANDE RUE", "PTR": "PETITE RUE",
	"SENTE": "SENTE", "VC": "VOIE COMMUNALE", "CD": "CHEMIN DEPARTEMENTAL",
}

// wordAbbr expands common words inside street names.
var wordAbbr = map[string]string{
	"ST": "SAINT", "STE": "SAINTE", "GAL": "GENERAL", "GEN": "GENERAL", "MAL": "MARECHAL",
	"PDT": "PRESIDENT", "PROF": "PROFESSEUR", "DR": "DOCTEUR", "CDT": "COMMANDANT",
	"LT": "LIEUTENANT", "CPT": "CAPITAINE", "MGR": "MONSEIGNEUR", "NTRE": "NOTRE",
	"FG": "FAUBOURG", "FBG": "FAUBOURG", "GD": "GRAND", "GDE": "GRANDE", "PT": "PETIT", "PTE": "PETITE",
}

// complements take a value (BAT A, APT 12…) and are ignored with it.
var complements = map[string]bool{
	"BAT": true, "BATIMENT": true, "ESC": true, "ESCALIER": true, "APT": true, "APPT": true,
	"APPARTEMENT": true, "ETAGE": true, "ETG": true, "BP": true, "CS": true, "TSA": true,
	"PORTE": true, "CEDEX": true, "LOGT": true, "LOGEMENT": true, "ENTREE": true, "BOITE": true,
	"CP": true, "IMM": true, "IMMEUBLE": true,
}

var repeat = map[string]string{"BIS": "B", "B": "B", "TER": "T", "T": "T", "QUATER": "Q", "Q": "Q", "QUINQUIES": "C", "C": "C"}

var stopWords = map[string]bool{"DE": true, "DU": true, "DES": true, "D": true, "L": true, "LA": true, "LE": true, "LES": true, "ET": true, "A": true, "AU": true, "AUX": true}

// street is the canonical form of a street line.
type street struct {
	number string // digits plus B/T/Q
	kind   string
	name   string // canonical words, stop words removed
}

func digitsPrefix(t string) (string, string) {
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return t[:i], t[i:]
}

// parseStreet reads "12 BIS AV DU GAL LECLERC" (folded words).
func parseStreet(w []string) (street, bool) {
	var s street
	w = lieuDit(w)
	w = w[skipLeadingComplement(w):]
	i := 0
	for i < len(w) && complements[w[i]] {
		i += 2
	}
	if i >= len(w) {
		return s, false
	}
	d, rest := digitsPrefix(w[i])
	if d != "" {
		s.number = strings.TrimLeft(d, "0")
		i++
		if r, ok := repeat[rest]; ok && rest != "" {
			s.number += r
		} else if rest != "" {
			return s, false
		} else if i < len(w) && i+1 < len(w) {
			if r, ok := repeat[w[i]]; ok {
				s.number += r
				i++
			}
		}
	}
	if i < len(w) {
		if k, ok := streetTypes[w[i]]; ok && i+1 < len(w) {
			s.kind = k
			i++
		}
	}
	var name []string
	for ; i < len(w); i++ {
		t := w[i]
		if len(name) > 0 && residenceWords[t] && i+1 < len(w) {
			break // a building or residence complement ends the street
		}
		if complements[t] {
			i++
			continue
		}
		if x, ok := wordAbbr[t]; ok {
			t = x
		}
		if stopWords[t] {
			continue
		}
		name = append(name, t)
	}
	s.name = strings.Join(name, " ")
	return s, s.name != "" || s.kind != ""
}

// ParseAddress splits a raw address (one or several lines, commas) into
// its parts on a best-effort basis: the line holding a 5-digit postal code
// gives PostalCode and City, the first line with a street gives Line1.
func ParseAddress(raw string) Address {
	var a Address
	lines := strings.FieldsFunc(raw, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == ';' })
	var rest []string
	carry := ""
	for _, l := range lines {
		w := strings.Fields(fold.Fold(l))
		if len(w) == 0 {
			continue
		}
		if carry != "" {
			w = append([]string{carry}, w...)
			carry = ""
		}
		if len(w) == 1 && isNumberToken(w[0]) {
			carry = w[0]
			continue
		}
		if a.PostalCode == "" {
			if k := postalIndex(w); k >= 0 {
				a.PostalCode = w[k]
				a.City = cityOf(w[k+1:])
				if k > 0 {
					rest = append(rest, strings.Join(w[:k], " "))
				}
				continue
			}
		}
		if a.PostalCode != "" && len(w) == 1 && a.Country == "" && !isDigits(w[0]) {
			a.Country = w[0]
			continue
		}
		rest = append(rest, strings.Join(w, " "))
	}
	for i, l := range rest {
		if _, ok := parseStreet(strings.Fields(l)); ok && startsWithNumberOrType(l) {
			a.Line1 = l
			rest = append(rest[:i:i], rest[i+1:]...)
			break
		}
	}
	if a.Line1 == "" && len(rest) > 0 {
		a.Line1, rest = rest[len(rest)-1], rest[:len(rest)-1]
	}
	a.Line2 = strings.Join(rest, " ")
	return a
}

func isNumberToken(t string) bool {
	d, rest := digitsPrefix(t)
	if d == "" {
		return false // most words: no map lookup
	}
	_, ok := repeat[rest]
	return rest == "" || ok
}

func startsWithNumberOrType(l string) bool {
	w := strings.Fields(l)
	if len(w) == 0 {
		return false
	}
	d, _ := digitsPrefix(w[0])
	_, ok := streetTypes[w[0]]
	return d != "" || ok
}

func postalIndex(w []string) int {
	for k, t := range w {
		if len(t) == 5 && isDigits(t) && (k+1 < len(w)) {
			if k > 0 && complements[w[k-1]] {
				continue
			}
			return k
		}
	}
	return -1
}

// cityOf drops CEDEX and its number, and the country written after the
// city on the same line (75001 PARIS FRANCE).
func cityOf(w []string) string {
	if len(w) > 1 && w[len(w)-1] == "FRANCE" {
		w = w[:len(w)-1]
	}
	var out []string
	for i := 0; i < len(w); i++ {
		if w[i] == "CEDEX" {
			if i+1 < len(w) && isDigits(w[i+1]) {
				i++
			}
			continue
		}
		out = append(out, w[i])
	}
	return strings.Join(out, " ")
}

func canonCity(c string) string {
	w := strings.Fields(canonName(fold.Fold(c)))
	w = strings.Fields(cityOf(w))
	return strings.Join(w, " ")
}

// citiesMatch compares two city names, arrondissements of Paris, Lyon and
// Marseille included ("PARIS 15" = "PARIS").
func citiesMatch(a, b string) bool {
	a, b = canonCity(a), canonCity(b)
	if a == b {
		return true
	}
	pa, pb := parsePlace(a), parsePlace(b)
	if len(pa.codes) > 0 && intersects(pa.codes, pb.codes) {
		return true
	}
	return (pa.city && pb.arrOf == pa.codes[0]) || (pb.city && len(pb.codes) > 0 && pa.arrOf == pb.codes[0])
}

func streetOf(a Address) (street, bool) {
	s, ok := parseStreet(strings.Fields(fold.Fold(a.Line1)))
	if ok && s.number == "" && a.Line2 != "" {
		if s2, ok2 := parseStreet(strings.Fields(fold.Fold(a.Line2))); ok2 && s2.number != "" {
			return s2, true
		}
	}
	if !ok && a.Line2 != "" {
		return parseStreet(strings.Fields(fold.Fold(a.Line2)))
	}
	return s, ok
}

// AddressMatch compares a declared address with an extracted raw one
// (postalAddressMatch).
//
// Words the OCR read with a digit for a letter (RUE DE LA G4RE) are read
// as the declared word they stand for first.
func AddressMatch(declared Address, extracted string) match.Decision {
	text, repaired := repairOCR(declared, extracted)
	d := compareAddress(declared, ParseAddress(text))
	if d.Match && repaired {
		d.Rule, d.Score, d.Message = match.RuleAddress, min(d.Score, 0.95), "Same address after correcting usual OCR confusions of digits for letters."
	}
	return d
}

func compareAddress(d, e Address) match.Decision {
	ds, dok := streetOf(d)
	es, eok := streetOf(e)
	if !dok || !eok {
		return match.Decision{Rule: match.RuleMissing, Message: "A street line is missing on one side."}
	}
	fd, fe := canon(d), canon(e)
	sim := similarity(fd, fe)
	if ds.number != es.number {
		return match.Decision{Rule: match.RuleNoMatch, Score: sim, Message: "The street numbers differ (number or BIS/TER suffix)."}
	}
	if ds.kind != "" && es.kind != "" && ds.kind != es.kind {
		return match.Decision{Rule: match.RuleNoMatch, Score: sim, Message: "The street types differ."}
	}
	if ds.name != es.name {
		return match.Decision{Rule: match.RuleNoMatch, Score: sim, Message: "The street names differ."}
	}
	dp, ep := fold.Fold(d.PostalCode), fold.Fold(e.PostalCode)
	if dp != "" && ep != "" && dp != ep {
		return match.Decision{Rule: match.RuleNoMatch, Score: sim, Message: "The postal codes differ."}
	}
	if d.City != "" && e.City != "" && !citiesMatch(d.City, e.City) {
		return match.Decision{Rule: match.RuleNoMatch, Score: sim, Message: "The cities differ."}
	}
	if (dp == "" || ep == "") && (d.City == "" || e.City == "") {
		return match.Decision{Rule: match.RuleMissing, Score: sim, Message: "Neither the postal code nor the city can be compared."}
	}
	if fold.Fold(d.Line1) == fold.Fold(e.Line1) && fold.Fold(d.Line2) == fold.Fold(e.Line2) && dp == ep && canonCity(d.City) == canonCity(e.City) {
		return match.Decision{Match: true, Rule: match.RuleExact, Score: 1, Message: "Same address."}
	}
	return match.Decision{Match: true, Rule: match.RuleAddress, Score: 0.97, Message: "Same address after street-type, number-suffix and complement rules."}
}

func canon(a Address) string {
	s, _ := streetOf(a)
	return s.number + " " + s.kind + " " + s.name + " " + fold.Fold(a.PostalCode) + " " + canonCity(a.City)
}

// AddressFound tells whether the declared address appears in OCR text
// (postalAddressFound): its street (number, type, name) on one line and its
// postal code or city anywhere in the text. Words read with a digit for a
// letter are read as the declared word they stand for (repairOCR).
//
// To look for several addresses in one text, NewText(text).AddressFound
// folds the text once.
func AddressFound(declared Address, text string) match.Decision {
	ds, ok := streetOf(declared)
	if !ok {
		return match.Decision{Rule: match.RuleMissing, Message: "The declared address has no street line."}
	}
	if strings.TrimSpace(text) == "" {
		return match.Decision{Rule: match.RuleMissing, Message: "The text is empty."}
	}
	return NewText(text).addressFound(declared, ds)
}

// AddressFound is the package's AddressFound on the text x holds.
func (x *Text) AddressFound(declared Address) match.Decision {
	ds, ok := streetOf(declared)
	if !ok {
		return match.Decision{Rule: match.RuleMissing, Message: "The declared address has no street line."}
	}
	if x.blank {
		return match.Decision{Rule: match.RuleMissing, Message: "The text is empty."}
	}
	return x.addressFound(declared, ds)
}

// addressFound is AddressFound once the declared street ds is known and
// the text is not blank.
func (x *Text) addressFound(declared Address, ds street) match.Decision {
	// The words OCR misread are repaired on the folded words, line by
	// line, and a repaired line is searched whole (as repairOCR's rewritten
	// line, which holds no comma any more).
	t := x.t
	lines := x.lines
	words, repaired := t.repair(declared, x.raw, lines)
	streetFound := false
	// The words a street can span: its own, doubled for stop words and
	// abbreviations, plus number, suffix, type and a complement or two.
	window := 2*len(strings.Fields(ds.name)) + 10
	// The declared number without its BIS/TER suffix letter.
	number := strings.TrimRight(ds.number, "BTQC")
	search := func(w []string) bool {
		for k := range w {
			// A street starts with its number when one is declared, and
			// spans a bounded number of words: both keep a long text
			// (256 KiB on one line) linear instead of quadratic.
			if ds.number != "" {
				d, _ := digitsPrefix(w[k])
				if d == "" || strings.TrimLeft(d, "0") != number {
					continue
				}
			}
			win := w[k:min(len(w), k+window)]
			s, ok := parseStreet(win)
			if !ok || s.number != ds.number {
				continue
			}
			if (s.kind == ds.kind || s.kind == "" || ds.kind == "") && (s.name == ds.name || strings.HasPrefix(s.name, ds.name+" ")) {
				return true
			}
			// Street followed by postal code on the same line.
			if j := postalIndex(win); j > 0 {
				s2, _ := parseStreet(win[:j])
				if s2.number == ds.number && s2.name == ds.name && (s2.kind == ds.kind || s2.kind == "" || ds.kind == "") {
					return true
				}
			}
		}
		return false
	}
	for li, l := range lines {
		if repaired != nil && repaired[li] {
			streetFound = search(t.wordsIn(words, l))
		} else {
			for i := l.lo; i < l.hi && !streetFound; i++ {
				streetFound = search(t.wordsIn(words, span{i, i + 1}))
			}
		}
		if streetFound {
			break
		}
	}
	if !streetFound {
		return match.Decision{Rule: match.RuleNoMatch, Message: "The declared street was not found in the text."}
	}
	// Postal code and city anywhere: whole words of the folded text, the
	// city's with ST read as SAINT (canonName).
	pc := fold.Fold(declared.PostalCode)
	city := canonCity(declared.City)
	pcOK := pc != "" && containsWords(words, strings.Fields(pc), same)
	cityOK := city != "" && containsWords(words, strings.Fields(city), saintWord)
	if pc != "" && !pcOK {
		return match.Decision{Rule: match.RuleNoMatch, Message: "The declared postal code was not found in the text."}
	}
	if !pcOK && !cityOK {
		return match.Decision{Rule: match.RuleNoMatch, Message: "Neither the postal code nor the city was found in the text."}
	}
	return match.Decision{Match: true, Rule: match.RuleAddress, Score: 1, Message: "The declared address was found in the text."}
}

// AddressSimilarity scores two raw addresses in [0, 1]: 1 for a rule
// match, a string similarity of their canonical forms otherwise.
func AddressSimilarity(a, b string) float64 {
	d := compareAddress(ParseAddress(a), ParseAddress(b))
	if d.Match {
		return 1
	}
	return similarity(canon(ParseAddress(a)), canon(ParseAddress(b)))
}

// FindAddresses returns the French postal addresses standing in OCR text:
// a street line (a number then a known street type, as in "12 BIS AV DU
// GAL LECLERC") followed, on the same line or one of the next two, by a
// 5-digit postal code and a city. A postal code alone is not an address:
// legal notices and reference numbers carry 5-digit runs too.
//
// NewText(text).FindAddresses does the same on a text folded once.
func FindAddresses(text string) []Address { return NewText(text).FindAddresses() }

// FindAddresses is the package's FindAddresses on the text x holds.
func (x *Text) FindAddresses() []Address {
	// Lines end at '\n', '\r' and ';' (a comma separates words only);
	// lines empty before folding are dropped, as strings.FieldsFunc does.
	t := x.t
	var words [][]string
	for _, l := range t.lines("\n\r;") {
		if !t.emptyRaw(l) {
			words = append(words, t.wordsOf(l))
		}
	}
	var out []Address
	for i := 0; i < len(words); i++ {
		w := words[i]
		for start := 0; start < len(w); {
			k := streetStart(w[start:])
			if k < 0 {
				break
			}
			k += start
			// A street line and its postal code stand within a few words.
			tail := w[k:min(len(w), k+maxStreetWords)]
			if j := postalIndex(tail); j > 0 {
				city := cityWords(tail[j+1:])
				out = append(out, Address{Line1: strings.Join(tail[:j], " "), PostalCode: tail[j], City: cityOf(city)})
				start = k + j + 1 + len(city)
				continue
			}
			// The postal code on one of the next two lines ends the search
			// of this one.
			for n := i + 1; n < len(words) && n <= i+2; n++ {
				if j := postalIndex(words[n]); j >= 0 {
					out = append(out, Address{Line1: strings.Join(w[k:], " "), PostalCode: words[n][j], City: cityOf(cityWords(words[n][j+1:]))})
					i = n
					break
				}
			}
			break
		}
	}
	return out
}

// cityWords keeps the words after a postal code that can be its city: up
// to the next word with a digit (CEDEX 14 aside), at most five.
func cityWords(w []string) []string {
	for i, t := range w {
		if i == 5 {
			return w[:i]
		}
		if strings.ContainsAny(t, "0123456789") && (i == 0 || w[i-1] != "CEDEX") {
			return w[:i]
		}
	}
	return w
}

// maxStreetWords bounds the words from a street number to the postal code
// on one line, so that a long text stays linear.
const maxStreetWords = 24

// streetStart finds where a street begins in a line's words: a street
// number (12, 12B, 12 BIS) directly followed by a known street type.
func streetStart(w []string) int {
	for k := 0; k < len(w); k++ {
		if !isNumberToken(w[k]) {
			continue
		}
		n := k + 1
		if n < len(w) {
			if _, ok := repeat[w[n]]; ok && n+1 < len(w) {
				if _, isType := streetTypes[w[n]]; !isType {
					n++
				}
			}
		}
		if n+1 < len(w) {
			if _, ok := streetTypes[w[n]]; ok {
				return k
			}
		}
	}
	return -1
}
