package names

import (
	"strings"

	"github.com/idcontrol/idcontrol/civil"
	"github.com/idcontrol/idcontrol/fold"
	"github.com/idcontrol/idcontrol/match"
)

const (
	msgFound        = "The first and last names were found together in the text."
	msgFoundInitial = "The last name was found with the first name's initial."
	msgFoundOCR     = "The first and last names were found together, once usual OCR confusions are undone."
	msgOnlyLast     = "Only the last name was found."
	msgNotFound     = "The name was not found in the text."
)

// maxGap is how many words may stand between the first and the last name
// in a holder line (DUPONT EPOUSE MARTIN JEANNE); never across OU/ET.
const maxGap = 2

// Found reports whether the person first last is named in a free text (a
// bank statement holder line, a payslip header). The last name must appear
// as whole words (particles and separators allowed) with the first name, or
// its initial, next to it on the same line, whatever stands around them
// (labels, civilities, an address); the last name alone is not enough: a
// relative shares it. A given name inside a hyphenated compound of the text
// (PIERRE of PIERRE-LOUIS) is another name. Words the OCR misread (R0UX)
// are accepted when the words as written find nobody.
func Found(first, last, text string) match.Decision {
	if damaged(first) || damaged(last) {
		return damagedDecision()
	}
	var fn, ln name
	fn.prepare(first, false, false)
	ln.prepare(last, false, false)
	f, l := fn.base(), ln.base()
	if f == "" || l == "" || strings.TrimSpace(text) == "" {
		return missing()
	}
	fw := strings.Fields(f)
	firsts := [][]string{fw}
	if len(fw) > 1 {
		firsts = append(firsts, []string{join(f)})
		// "JEAN PIERRE" may be two given names, the first enough; a
		// hyphenated "JEAN-PIERRE" is one name and must appear whole.
		if !strings.Contains(first, "-") {
			firsts = append(firsts, fw[:1])
		}
	}
	initials := ""
	for _, w := range fw {
		initials += w[:1]
	}
	var lasts [][]string
	addLast := func(s string) {
		s = saintForm(s)
		for _, w := range [...]string{s, join(s)} {
			ws := strings.Fields(w)
			if len(ws) > 0 && !allParticles(ws) && !containsSeq(lasts, ws) {
				lasts = append(lasts, ws)
			}
		}
		ws := strings.Fields(s)
		for i := 0; i+1 < len(ws) && i < maxParticles && droppablePrefix(ws, i+1); i++ {
			rest := ws[i+1:]
			if allParticles(rest) {
				break
			}
			for _, r := range [][]string{rest, {strings.Join(rest, "")}} {
				if !containsSeq(lasts, r) {
					lasts = append(lasts, r)
				}
			}
		}
	}
	if segs, ok := splitMarkers(l); ok {
		for _, s := range segs {
			addLast(s)
		}
	} else {
		addLast(l)
	}

	// Words as written first; then words the OCR may have misread (R0UX),
	// only when the first pass found nobody.
	lastSeen := false
	for _, ocr := range [...]bool{false, true} {
		best := match.Decision{}
		for line := range strings.SplitSeq(text, "\n") {
			toks, hyph := lineTokens(line)
			if len(toks) == 0 {
				continue
			}
			for _, lw := range lasts {
				for p := 0; p+len(lw) <= len(toks); p++ {
					if !seqAt(toks, p, lw, ocr) {
						continue
					}
					lastSeen = true
					end := p + len(lw)
					for _, fseq := range firsts {
						if firstNear(toks, hyph, p, end, fseq, ocr) {
							if ocr {
								return decision(true, match.RuleOCREquivalent, 0.9, msgFoundOCR)
							}
							return decision(true, match.RuleExact, 1, msgFound)
						}
					}
					if initialNear(toks, p, end, fw[0][:1], initials) {
						best = decision(true, match.RuleGivenSubset, 0.8, msgFoundInitial)
					}
				}
			}
		}
		if best.Match {
			return best
		}
	}
	if lastSeen {
		return decision(false, match.RuleNoMatch, 0.5, msgOnlyLast)
	}
	return decision(false, match.RuleNoMatch, 0, msgNotFound)
}

func containsSeq(list [][]string, ws []string) bool {
	for _, x := range list {
		if strings.Join(x, " ") == strings.Join(ws, " ") {
			return true
		}
	}
	return false
}

// seqAt reports whether the declared words seq stand at toks[p:]; with
// ocr, a text word may be an OCR reading of the declared one (R0UX).
func seqAt(toks []string, p int, seq []string, ocr bool) bool {
	if p < 0 || p+len(seq) > len(toks) {
		return false
	}
	for i, w := range seq {
		t := toks[p+i]
		if t != w && !(ocr && ocrCandidate(t, w) && ocrEqual(w, t)) {
			return false
		}
	}
	return true
}

// ocrCandidate is a cheap filter before ocrEqual: a text word of about the
// declared word's length whose first letter is the same or an OCR
// confusion.
func ocrCandidate(t, w string) bool {
	if len(t) < 2 || len(w) < 2 || len(t) > len(w)+1 || len(w) > len(t)+1 {
		return false
	}
	return t[0] == w[0] || ocrDigits[t[0]] != ""
}

// lineTokens folds one line of text into words. hyph[i] reports whether
// word i is joined to word i+1 by a hyphen (JEAN-PIERRE): a compound given
// name is one name, and JEAN alone must not be found in it. hyph is nil
// when the line has no hyphen.
func lineTokens(line string) (toks []string, hyph []bool) {
	if !hasHyphen(line) {
		fl, _ := translit(fold.Fold(line))
		return strings.Fields(saintForm(fl)), nil
	}
	for _, chunk := range strings.Fields(line) {
		parts := strings.FieldsFunc(chunk, func(r rune) bool { return strings.ContainsRune(hyphens, r) })
		for i, part := range parts {
			fp, _ := translit(fold.Fold(part))
			ws := strings.Fields(saintForm(fp))
			for j, w := range ws {
				toks = append(toks, w)
				hyph = append(hyph, i < len(parts)-1 && j == len(ws)-1)
			}
		}
	}
	return toks, hyph
}

// wholeAt: seq stands at toks[p:] and is not part of a hyphenated
// compound with the words around it.
func wholeAt(toks []string, hyph []bool, p int, seq []string, ocr bool) bool {
	if !seqAt(toks, p, seq, ocr) {
		return false
	}
	if hyph == nil {
		return true
	}
	return (p == 0 || !hyph[p-1]) && !hyph[p+len(seq)-1]
}

// firstNear: the first name ends at most maxGap words before the last name
// [p, end) or starts at most maxGap words after it, no joint word between,
// and is a whole given name (not the start of JEAN-PIERRE).
func firstNear(toks []string, hyph []bool, p, end int, f []string, ocr bool) bool {
	for g := 0; g <= maxGap; g++ {
		if g > 0 && p-g >= 0 && jointWords.has(toks[p-g]) {
			break
		}
		if wholeAt(toks, hyph, p-g-len(f), f, ocr) {
			return true
		}
	}
	// JEAN ET MARIE DUPONT: two given names sharing the last name.
	if p >= 2 && jointWords.has(toks[p-2]) && wholeAt(toks, hyph, p-2-len(f), f, ocr) {
		return true
	}
	// DUPONT JEAN OU MARIE: the same, surname first.
	if end+1 < len(toks) && jointWords.has(toks[end+1]) && wholeAt(toks, hyph, end+2, f, ocr) {
		return true
	}
	for g := 0; g <= maxGap; g++ {
		if g > 0 && end+g-1 < len(toks) && jointWords.has(toks[end+g-1]) {
			break
		}
		if wholeAt(toks, hyph, end+g, f, ocr) {
			return true
		}
	}
	return false
}

// initialNear: the first name's initial (or the initials of a composed
// first name, JP) right before or after the last name. A lone M that opens
// the line or follows OU/ET is Monsieur, not an initial.
func initialNear(toks []string, p, end int, initial, initials string) bool {
	ok := func(i int) bool {
		if i < 0 || i >= len(toks) {
			return false
		}
		w := toks[i]
		if w != initial && (len(initials) < 2 || w != initials) {
			return false
		}
		if w == "M" && (i == 0 || jointWords.has(toks[i-1])) {
			return false
		}
		return true
	}
	if ok(p-1) || ok(end) {
		return true
	}
	// J P DUPONT: initials written apart.
	return len(initials) > 1 && p >= len(initials) && strings.Join(toks[p-len(initials):p], "") == initials
}

// FirstLastInverted reports whether the declared first and last names are
// swapped on the document: declared first ≈ document last and declared
// last ≈ document first, while the straight comparison fails.
func FirstLastInverted(declFirst, declLast, docFirst, docLast string) bool {
	return firstLastInverted(declFirst, declLast, docFirst, docLast, nil)
}

func firstLastInverted(declFirst, declLast, docFirst, docLast string, m *Memo) bool {
	if blank(declFirst) || blank(declLast) || blank(docFirst) || blank(docLast) {
		return false
	}
	crossed := matches(kindLast, declFirst, docLast, m) && matches(kindFirst, declLast, docFirst, m)
	if !crossed {
		return false
	}
	straight := matches(kindFirst, declFirst, docFirst, m) && matches(kindLast, declLast, docLast, m)
	return !straight
}

// NamesInverted reports whether the declared usage and birth names are
// swapped on the document: declared last ≈ document birth and declared
// birth ≈ document last, while the straight comparison fails.
func NamesInverted(declLast, declBirth, docLast, docBirth string) bool {
	return namesInverted(declLast, declBirth, docLast, docBirth, nil)
}

func namesInverted(declLast, declBirth, docLast, docBirth string, m *Memo) bool {
	if blank(declLast) || blank(declBirth) || blank(docLast) || blank(docBirth) {
		return false
	}
	crossed := matches(kindLast, declLast, docBirth, m) && matches(kindBirth, declBirth, docLast, m)
	if !crossed {
		return false
	}
	straight := matches(kindLast, declLast, docLast, m) && matches(kindBirth, declBirth, docBirth, m)
	return !straight
}

func blank(s string) bool { return fold.Blank(s) }

// matches is FirstName, LastName or BirthName of VIZ names (k says which)
// reduced to its Match, without the score of a no-match: the inversion
// tests expect no match on their crossed comparison.
func matches(k kind, declared, extracted string, m *Memo) bool {
	return compare(k, declared, extracted, SourceVIZ, false, m).Match
}

// BirthDate compares two birth dates on the parts known on both sides (an
// MRZ may read 65<<<<): RuleExact when both are full, RuleDatePartial when
// a month or day is unknown on one side.
func BirthDate(a, b civil.Date) match.Decision {
	if a.IsZero() || b.IsZero() || a.Year == 0 || b.Year == 0 {
		return decision(false, match.RuleMissing, 0, "A birth date is missing on one side.")
	}
	if a.Year != b.Year {
		return decision(false, match.RuleNoMatch, 0, "The birth years differ.")
	}
	partial := false
	if a.Month == 0 || b.Month == 0 {
		partial = true
	} else if a.Month != b.Month {
		return decision(false, match.RuleNoMatch, 0, "The birth months differ.")
	}
	if a.Day == 0 || b.Day == 0 || partial {
		partial = true
	} else if a.Day != b.Day {
		return decision(false, match.RuleNoMatch, 0, "The birth days differ.")
	}
	if partial {
		return decision(true, match.RuleDatePartial, 0.9, "Equal on the parts of the date known on both sides.")
	}
	return decision(true, match.RuleExact, 1, "The birth dates are equal.")
}

// sexOfTitle maps civility words to the sex they state.
var sexOfTitle = map[string]byte{
	"M": 'M', "MR": 'M', "MONSIEUR": 'M', "MISTER": 'M', "SR": 'M', "HERR": 'M',
	"MRS": 'F', "MME": 'F', "MADAME": 'F', "MISS": 'F', "MLLE": 'F', "MELLE": 'F',
	"MADEMOISELLE": 'F', "MS": 'F', "MISTRESS": 'F', "SRA": 'F', "FRAU": 'F',
}

// Civility compares a declared civility (MR, MME, MADEMOISELLE…) with the
// document's sex (M or F). determined is false when either side cannot be
// read as a sex (X, DR, MX, empty); the decision is then RuleUndetermined.
func Civility(declared, docSex string) (match.Decision, bool) {
	c := fold.Fold(declared)
	if t, ok := sexOfTitle[strings.ReplaceAll(c, " ", "")]; ok {
		c = string(t)
	} else {
		c = ""
	}
	s := fold.Fold(docSex)
	switch s {
	case "M", "MALE", "MASCULIN", "H", "HOMME":
		s = "M"
	case "F", "FEMALE", "FEMININ", "FEMME":
		s = "F"
	default:
		s = ""
	}
	if c == "" || s == "" {
		return decision(false, match.RuleUndetermined, 0, "The civility or the sex cannot be interpreted."), false
	}
	if c != s {
		return decision(false, match.RuleNoMatch, 0, "The civility does not fit the document's sex."), true
	}
	return decision(true, match.RuleCivility, 1, "The civility fits the document's sex."), true
}
