package places

import (
	"strconv"
	"strings"

	"github.com/idcontrol/idcontrol/fold"
	"github.com/idcontrol/idcontrol/match"
)

// place is a parsed birth place.
type place struct {
	text    string // canonical folded text without the parenthesised part
	dep     string // department given in parentheses or by an INSEE code
	country string // parenthesised non-department text (foreign place)
	codes   []string
	arrOf   string // for an arrondissement: INSEE code of its commune
	city    bool   // Paris, Lyon or Marseille named without arrondissement
}

var romans = map[string]int{"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
	"XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15, "XVI": 16, "XVII": 17, "XVIII": 18, "XIX": 19, "XX": 20}

// arrNumber reads 15, 15E, 15EME, 1ER, XV, XVE as an arrondissement number.
func arrNumber(t string) int {
	if n, ok := romans[t]; ok {
		return n
	}
	for _, suf := range []string{"EME", "ER", "E", "ME"} {
		if len(t) > len(suf) && strings.HasSuffix(t, suf) {
			p := t[:len(t)-len(suf)]
			if n, ok := romans[p]; ok {
				return n
			}
			t = p
			break
		}
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 1 || n > 20 {
		return 0
	}
	return n
}

// bigCity is a city of arrondissements.
type bigCity struct {
	code, dep string
	base, max int
	codes     []string // code alone, shared by the places that name the city
}

var (
	paris     = bigCity{code: "75056", dep: "75", base: 75100, max: 20, codes: []string{"75056"}}
	lyon      = bigCity{code: "69123", dep: "69", base: 69380, max: 9, codes: []string{"69123"}}
	marseille = bigCity{code: "13055", dep: "13", base: 13200, max: 16, codes: []string{"13055"}}
)

// bigCityNamed returns the city of arrondissements of a folded name: a
// switch, cheaper than a map for three names looked up twice a place.
func bigCityNamed(name string) (*bigCity, bool) {
	switch name {
	case "PARIS":
		return &paris, true
	case "LYON":
		return &lyon, true
	case "MARSEILLE":
		return &marseille, true
	}
	return nil, false
}

func isDep(s string) bool {
	switch len(s) {
	case 2:
		return s == "2A" || s == "2B" || (isDigits(s) && s != "00" && s != "20")
	case 3:
		return isDigits(s) && strings.HasPrefix(s, "97")
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func parsePlace(raw string) place {
	var p place
	body := raw
	if i := strings.LastIndexByte(raw, '('); i >= 0 {
		inner := raw[i+1:]
		if j := strings.IndexByte(inner, ')'); j >= 0 {
			inner = inner[:j]
		}
		in := fold.Fold(inner)
		body = raw[:i]
		if isDep(in) {
			p.dep = in
		} else if in != "" {
			p.country = in
		}
	}
	// Fold drops the blanks and punctuation at the ends: without them
	// ("PARIS " of "PARIS (75)") a folded body is returned as is.
	f := fold.Fold(fold.TrimSeparators(body))
	r := loadRef()
	// INSEE code alone.
	if len(f) == 5 && !strings.Contains(f, " ") && (isDigits(f) || ((f[:2] == "2A" || f[:2] == "2B") && isDigits(f[2:]))) {
		if ix, ok := r.byCode[f]; ok {
			c := r.all[ix[0]]
			p.codes = []string{c.insee}
			p.dep = c.dep
			p.text = canonName(fold.Fold(c.name))
			if c.kind == 'M' {
				p.arrOf = bigCityOf(c.insee)
			}
			return p
		}
	}
	// The words of canonName(f), on the stack for a usual place.
	var wbuf [16]string
	w := appendCanonWords(wbuf[:0], f)
	// Trailing department number without parentheses: "SAINT DENIS 93".
	if p.dep == "" && len(w) > 1 && isDep(w[len(w)-1]) {
		if _, big := bigCityNamed(w[0]); !big || len(w) > 2 {
			p.dep = w[len(w)-1]
			w = w[:len(w)-1]
		}
	}
	if len(w) > 0 {
		if bc, ok := bigCityNamed(w[0]); ok && (p.dep == "" || p.dep == bc.dep) {
			rest := w[1:]
			var n int
			for _, t := range rest {
				if t == "ARRONDISSEMENT" || t == "ARR" || t == "ARRT" {
					continue
				}
				if n != 0 {
					n = -1
					break
				}
				if n = arrNumber(t); n == 0 {
					n = -1
					break
				}
			}
			switch {
			case len(rest) == 0:
				// Full slice: an append to p.codes could not write into
				// the shared one (nothing appends once a place is made).
				p.city, p.codes, p.dep, p.text = true, bc.codes[:1:1], bc.dep, w[0]
				return p
			case n > 0 && n <= bc.max:
				code := strconv.Itoa(bc.base + n)
				p.codes, p.dep, p.arrOf, p.text = []string{code}, bc.dep, bc.code, w[0]+" "+strconv.Itoa(n)
				return p
			}
		}
	}
	p.text = strings.Join(w, " ")
	for _, i := range r.byName[p.text] {
		c := r.all[i]
		if p.dep != "" && c.dep != p.dep {
			continue
		}
		p.codes = append(p.codes, c.insee)
	}
	return p
}

func bigCityOf(insee string) string {
	switch insee[:2] {
	case "75":
		return "75056"
	case "69":
		return "69123"
	case "13":
		return "13055"
	}
	return ""
}

func intersects(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// BirthPlace compares a declared birth place with an extracted one. French
// communes are resolved through the embedded reference (name, department,
// INSEE code, arrondissements of Paris, Lyon and Marseille); foreign places
// compare by folded text.
func BirthPlace(declared, extracted string) match.Decision {
	// Fold never leaves a blank at either end: blank means folded empty.
	if fold.Blank(declared) || fold.Blank(extracted) {
		return match.Decision{Rule: match.RuleMissing, Message: "A birth place is missing on one side."}
	}
	a, b := parsePlace(declared), parsePlace(extracted)
	if len(a.codes) > 0 && len(b.codes) > 0 && a.country == "" && b.country == "" {
		if a.dep != "" && b.dep != "" && a.dep != b.dep {
			return noMatch(declared, extracted, "The birth places are in different departments.")
		}
		if intersects(a.codes, b.codes) {
			if len(a.codes) > 1 || len(b.codes) > 1 {
				if (a.dep == "") != (b.dep == "") {
					return match.Decision{Match: true, Rule: match.RulePlace, Score: 0.95,
						Message: "Homonym commune: the department is given on one side only and is compatible."}
				}
				return match.Decision{Match: true, Rule: match.RulePlace, Score: 0.95,
					Message: "Same commune name; it has homonyms and no department tells them apart."}
			}
			return match.Decision{Match: true, Rule: match.RulePlace, Score: 1, Message: "Same commune in the reference."}
		}
		// A big city without arrondissement vs one of its arrondissements.
		if (a.city && b.arrOf == a.codes[0]) || (b.city && a.arrOf == b.codes[0]) {
			return match.Decision{Match: true, Rule: match.RulePlace, Score: 0.95,
				Message: "Same city; the arrondissement is given on one side only."}
		}
		return noMatch(declared, extracted, "The birth places are different communes.")
	}
	// Foreign or unknown places: folded text.
	if a.text == b.text && a.text != "" {
		if a.country == b.country || a.country == "" || b.country == "" {
			if a.dep != "" && b.dep != "" && a.dep != b.dep {
				return noMatch(declared, extracted, "The birth places are in different departments.")
			}
			return match.Decision{Match: true, Rule: match.RulePlace, Score: 1, Message: "Same place by text."}
		}
	}
	if a.text != "" && b.text != "" && strings.TrimSpace(a.text+" "+a.country) == strings.TrimSpace(b.text+" "+b.country) {
		return match.Decision{Match: true, Rule: match.RulePlace, Score: 1, Message: "Same place by text."}
	}
	if a.country != "" && a.country == b.text && b.country == "" {
		return match.Decision{Match: true, Rule: match.RulePlace, Score: 0.9, Message: "Same country; the town is given on one side only."}
	}
	if b.country != "" && b.country == a.text && a.country == "" {
		return match.Decision{Match: true, Rule: match.RulePlace, Score: 0.9, Message: "Same country; the town is given on one side only."}
	}
	return noMatch(declared, extracted, "The birth places differ.")
}

func noMatch(a, b, msg string) match.Decision {
	return match.Decision{Rule: match.RuleNoMatch, Score: similarity(fold.Fold(a), fold.Fold(b)), Message: msg}
}

// PlaceSimilarity scores two birth places in [0, 1]: 1 or close to it for
// a rule match, a string similarity otherwise.
func PlaceSimilarity(a, b string) float64 {
	d := BirthPlace(a, b)
	if d.Match {
		return 1
	}
	return d.Score
}

// similarity is 1 − normalised Levenshtein distance.
func similarity(a, b string) float64 {
	if a == b {
		if a == "" {
			return 0
		}
		return 1
	}
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	var buf [2][64]int
	var prev, cur []int
	if len(b)+1 <= 64 {
		prev, cur = buf[0][:len(b)+1], buf[1][:len(b)+1]
	} else {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			if prev[j]+1 < c {
				c = prev[j] + 1
			}
			if cur[j-1]+1 < c {
				c = cur[j-1] + 1
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	m := len(a)
	if len(b) > m {
		m = len(b)
	}
	return 1 - float64(prev[len(b)])/float64(m)
}
