package names

import (
	"slices"
	"strings"

	"github.com/idcontrol/idcontrol/fold"
	"github.com/idcontrol/idcontrol/match"
)

// Source says where the extracted side of a comparison was read.
type Source int

const (
	SourceVIZ  Source = iota // visual zone of an identity document
	SourceMRZ                // machine readable zone: ICAO transliteration, truncation
	SourceText               // free text: bank details, payslip, tax notice
)

// kind selects the rules that apply to a name part.
type kind int

const (
	kindFirst kind = iota
	kindLast
	kindBirth
	kindFull
)

// Messages. They never repeat a compared value (personal data).
const (
	msgMissing    = "A name is missing on one side."
	msgExact      = "Equal after folding case, accents and blanks."
	msgTitle      = "Equal once the leading title is set aside."
	msgSeparators = "Equal once hyphens, apostrophes and spaces are set aside."
	msgTranslit   = "Equal after transliteration of the MRZ."
	msgCyrillic   = "Equal after ICAO transliteration of the Cyrillic script."
	msgTruncated  = "The MRZ holds the start of the name, cut at the end of its field."
	msgUsage      = "Equal to the usage or birth name given after a marker."
	msgParticle   = "Equal once a particle is set aside or glued."
	msgGiven      = "The declared given names are among the document's, each one whole."
	msgFullGiven  = "The document adds further given names to the same person."
	msgOrder      = "The same words in another order."
	msgOCR        = "Equal after correcting a usual OCR confusion."
	msgNoMatch    = "The names differ."
	msgNoBirth    = "One side holds no birth name: only a usage name after its marker."
	msgInText     = "The full name stands in the text among other words (labels, roles, an address)."
)

// FirstName compares declared first name(s) with a document's given names.
// The declared value may hold any of the document's given names, one or
// several, in any order (CLAIRE of ANNE, MARIE, CLAIRE).
//
// A hyphenated given name is one name: JEAN is not JEAN-PIERRE, though it
// is one of JEAN PIERRE. The MRZ writes both as JEAN<PIERRE, so there the
// subset is accepted. An initial (P., J.-P.) is never a given name.
func FirstName(declared, extracted string, src Source) match.Decision {
	return firstName(declared, extracted, src, nil)
}

func firstName(declared, extracted string, src Source, m *Memo) match.Decision {
	r := compare(kindFirst, declared, extracted, src, true, m)
	if r.Rule == match.RuleExact && (hasHyphen(declared) || (src != SourceMRZ && hasHyphen(extracted))) {
		r.Rule, r.Message = match.RuleSeparators, msgSeparators
	}
	return r
}

// LastName compares a declared last (usage) name with a document's: its
// birth name, its usage name, or both (a double usage name, in either
// order).
func LastName(declared, extracted string, src Source) match.Decision {
	return compare(kindLast, declared, extracted, src, true, nil)
}

// BirthName compares a declared birth name with a document's birth name
// only: never with a usage name given after ÉPOUSE, VEUVE, NOM D'USAGE…
// or before NÉE.
func BirthName(declared, extracted string, src Source) match.Decision {
	return compare(kindBirth, declared, extracted, src, true, nil)
}

// FullName compares "first last" with a full name whose surname stands
// before or after its given names; the surname keeps its word order and
// the declared given names are some of the document's. In the MRZ, '<<'
// separates the surname from the given names.
//
// In a free text (SourceText) the name may stand among other words: labels
// and roles before it, an address after it, a joint holder line (M ET MME
// PIERRE ET MARIE ROUX). When the whole text is not the name, each line is
// searched for a run of words that is.
func FullName(declared, extracted string, src Source) match.Decision {
	r := compare(kindFull, declared, extracted, src, true, nil)
	if r.Match || src != SourceText || r.Rule == match.RuleMissing || r.Rule == match.RuleDamaged {
		return r
	}
	if t, ok := fullNameInText(declared, extracted); ok {
		return t
	}
	return r
}

// maxAround bounds the words a run may hold beyond the declared ones
// (further given names, a particle): a run is a name, not a paragraph.
const maxAround = 4

// fullNameInText looks, line by line, for a run of words of a text that is
// the declared full name by fullNameEqual. A hyphenated compound of the
// text stays one word (PAUL-EMILE is not PAUL).
func fullNameInText(declared, text string) (match.Decision, bool) {
	var d name
	d.prepare(declared, true, false)
	dw := strings.Fields(saintForm(d.base()))
	if len(dw) < 2 || len(dw) > maxNameWords {
		return match.Decision{}, false
	}
	work := budget{left: maxTextWork} // one budget for the whole text
	for line := range strings.SplitSeq(text, "\n") {
		if work.left < 0 {
			break
		}
		toks, hyph := lineTokens(line)
		words := toks[:0:0]
		for i := 0; i < len(toks); i++ {
			w := toks[i]
			for hyph != nil && hyph[i] && i+1 < len(toks) {
				i++
				w += toks[i]
			}
			words = append(words, w)
		}
		for i := range words {
			for j := i + 2; j <= len(words) && j <= i+len(dw)+maxAround; j++ {
				if ok, how, particle := fullNameEqualWork(dw, words[i:j], nil, true, false, &work); ok {
					if how == viaSubset && !particle {
						// The words around the name were set aside, as
						// titles and labels are.
						return decision(true, match.RuleCivility, 0.9, msgInText), true
					}
					return howDecision(how, false, particle, false, 0.9, msgInText), true
				}
			}
		}
	}
	return match.Decision{}, false
}

func decision(ok bool, r match.Rule, score float64, msg string) match.Decision {
	return match.Decision{Match: ok, Rule: r, Score: min(max(score, 0), 1), Message: msg}
}

func missing() match.Decision { return decision(false, match.RuleMissing, 0, msgMissing) }

// compare runs the cascade: normalisation and markers, then the rules of
// cascade in order; the first that explains the difference decides.
//
// For first names, a hyphenated given name is written as one word
// (JEAN-PIERRE → JEANPIERRE) so that no rule splits it; the separators
// rule still finds it equal to JEAN PIERRE. The MRZ writes JEAN<PIERRE
// for both, so there nothing is glued.
//
// scored false leaves the Score of a no-match at 0, for callers that read
// only Match: the similarity is most of the cost of a no-match. m, when
// not nil, folds each name once across the comparisons of a request.
func compare(k kind, declared, extracted string, src Source, scored bool, m *Memo) match.Decision {
	if damaged(declared) || damaged(extracted) {
		return damagedDecision()
	}
	labelled := false
	mrz := src == SourceMRZ
	if !mrz {
		// A name never holds a colon: what stands before one is a field
		// label or a role ("Nom de naissance :", "Président :").
		// NOM D'USAGE : is a marker, not a label: it says what follows.
		if i := strings.LastIndexByte(extracted, ':'); i >= 0 && strings.TrimSpace(extracted[i+1:]) != "" && !isMarked(fold.Fold(extracted[:i])) {
			extracted, labelled = extracted[i+1:], true
		}
	}
	// The MRZ writes JEAN-PIERRE as JEAN<PIERRE: there nothing is glued.
	glue := (k == kindFirst || k == kindFull) && !mrz
	// Both names stay on the stack: their forms are an array, not a slice.
	var d, e name
	m.prepare(&d, declared, glue, mrz)
	m.prepare(&e, extracted, glue, false)
	if src == SourceText {
		e.dropLabels()
	}
	e.titled = e.titled || labelled
	if d.base() == "" || e.base() == "" {
		return missing()
	}
	if k != kindFirst && (d.marked || e.marked) {
		return compareMarked(k, &d, &e, extracted, src, scored)
	}
	if r, ok := cascade(k, &d, &e, extracted, src); ok {
		return r
	}
	if d.titled || e.titled {
		if r, ok := compareWithTitles(k, declared, extracted, src, glue); ok {
			return r
		}
	}
	if !scored {
		return decision(false, match.RuleNoMatch, 0, msgNoMatch)
	}
	return decision(false, match.RuleNoMatch, similarity(d.base(), e.base()), msgNoMatch)
}

// compareWithTitles runs the cascade on the names with their leading
// titles kept: a leading M may be an elided particle (M BAPPE for
// M'BAPPE). It is a function of its own so that compare's frame stays
// small on the usual path.
//
//go:noinline
func compareWithTitles(k kind, declared, extracted string, src Source, glue bool) (match.Decision, bool) {
	var d, e name
	d.keepTitles, e.keepTitles = true, true
	d.prepare(declared, glue, src == SourceMRZ)
	e.prepare(extracted, glue, false)
	return cascade(k, &d, &e, extracted, src)
}

// compareMarked compares names carrying usage/birth markers ("DUPONT
// EPOUSE MARTIN"): each name of one side against each of the other.
func compareMarked(k kind, d, e *name, rawExt string, src Source, scored bool) match.Decision {
	if d.base() == e.base() {
		return decision(true, match.RuleExact, 1, msgExact)
	}
	dc := candidates(k, d)
	ec := candidates(k, e)
	if len(dc) == 0 || len(ec) == 0 {
		return decision(false, match.RuleNoMatch, 0, msgNoBirth)
	}
	best := 0.0
	for i := range dc {
		for j := range ec {
			dn, en := &dc[i], &ec[j]
			if r, ok := cascade(k, dn, en, rawExt, src); ok {
				r.Rule, r.Message = match.RuleUsageOrBirth, msgUsage
				return r
			}
			if scored {
				best = max(best, similarity(dn.base(), en.base()))
			}
		}
	}
	return decision(false, match.RuleNoMatch, best, msgNoMatch)
}

// candidates lists the names a marked name stands for. For a birth name,
// the birth name alone (LEROY of LEROY ÉPOUSE FAURE and of FAURE NÉE
// LEROY; none in VVE FAURE). For a last name, every segment, and the birth
// and usage names together in either order (LEROY FAURE or FAURE LEROY, a
// double usage name: a spouse's name is added to one's own "in the order
// one chooses", code civil art. 225-1). For a
// full name, the words before and after the marker, and the name with the
// surname next to the marker replaced: MARIE MARTIN NEE DUPONT → MARIE
// DUPONT; DUPONT EP MARTIN MARIE → DUPONT MARIE; DUPONT MARIE EP MARTIN →
// MARTIN MARIE.
func candidates(k kind, n *name) []name {
	forms := n.forms()
	segsByForm := make([][]string, len(forms))
	cnt := -1
	for i, f := range forms {
		var s []string
		switch k {
		case kindFull:
			s, _ = splitMarkers(f)
			if len(s) >= 2 {
				before, after := strings.Fields(s[0]), strings.Fields(strings.Join(s[1:], " "))
				// The name without its marker too: LEROY FAURE MARIE, a
				// double usage name.
				s = []string{s[0], strings.Join(after, " "), s[0] + " " + strings.Join(after, " ")}
				if len(before) > 1 {
					s = append(s, strings.Join(append(slices.Clone(before[:len(before)-1]), after...), " "))
					s = append(s, strings.Join(append(slices.Clone(after), before[1:]...), " "))
				}
				if len(after) > 1 {
					s = append(s, strings.Join(append(slices.Clone(before), after[1:]...), " "))
				}
			}
		default:
			segs, roles := segmentRoles(f)
			birth, usage := "", ""
			for j, seg := range segs {
				if roles[j] == roleBirth {
					birth = seg
				} else {
					usage = seg
				}
				if k == kindLast || roles[j] == roleBirth {
					s = append(s, seg)
				}
			}
			if k == kindLast && birth != "" && usage != "" {
				s = append(s, birth+" "+usage, usage+" "+birth)
			}
		}
		segsByForm[i] = s
		if cnt < 0 || len(s) < cnt {
			cnt = len(s)
		}
	}
	out := make([]name, max(cnt, 0))
	for j := range out {
		c := &out[j]
		c.translit, c.titled = n.translit, n.titled
		for _, s := range segsByForm {
			if !contains(c.forms(), s[j]) {
				c.push(s[j])
			}
		}
	}
	return out
}

// cascade applies the rules to two unmarked names.
func cascade(k kind, d, e *name, rawExt string, src Source) (match.Decision, bool) {
	d0, e0 := d.base(), e.base()
	if k == kindFull && src == SourceMRZ && mrzStructured(rawExt) {
		// The '<<' tells the surname from the given names: no rule may
		// read them in another order.
		return fullNames(d, e, rawExt, src)
	}
	if d0 == e0 {
		switch {
		case d.translit || e.translit:
			return decision(true, match.RuleMRZTranslit, 1, msgCyrillic), true
		case d.titled || e.titled:
			return decision(true, match.RuleCivility, 1, msgTitle), true
		}
		return decision(true, match.RuleExact, 1, msgExact), true
	}
	if eqJoined(d0, e0) {
		return decision(true, match.RuleSeparators, jaroWinkler(d0, e0), msgSeparators), true
	}
	mrz := src == SourceMRZ
	if mrz {
		for _, v := range d.forms()[1:] {
			if eqJoined(v, e0) {
				return decision(true, match.RuleMRZTranslit, jaroWinkler(d0, e0), msgTranslit), true
			}
		}
		if mrzMayBeCut(rawExt) {
			for _, v := range d.forms() {
				if truncated(v, e0) {
					return decision(true, match.RuleMRZTruncated, jaroWinkler(d0, e0), msgTruncated), true
				}
			}
		}
	}
	multi := indexBlank(d0) >= 0 || indexBlank(e0) >= 0
	if k != kindFirst && (multi || hasSaint(d0) || hasSaint(e0)) {
		for _, v := range d.forms() {
			if particleEqual(k, v, e0) {
				return decision(true, match.RuleParticle, jaroWinkler(d0, e0), msgParticle), true
			}
		}
	}
	switch k {
	case kindFirst:
		if r, ok := givenNames(d, e, rawExt, src); ok {
			return r, true
		}
	case kindFull:
		if r, ok := fullNames(d, e, rawExt, src); ok {
			return r, true
		}
	}
	for _, v := range d.forms() {
		if ocrEqual(v, e0) {
			return decision(true, match.RuleOCREquivalent, similarity(v, e0), msgOCR), true
		}
	}
	// No typo tolerance: a declared typo, MARTIN/MARTINE, DUPONT/DUPOND
	// are no match (the SIMILARITY score is where fuzziness belongs).
	return match.Decision{}, false
}

// minTruncated is the shortest MRZ value read as a cut name. Trade-off:
// without the field's fillers we cannot tell MARTIN cut from MARTINEZ from
// the name MARTIN; a prefix of at least 4 letters of a strictly longer
// declared name is accepted, except when the cut word is itself a known
// given name or a gendered form of the declared word (JEAN/JEANNE), the
// common confusions between two people.
const minTruncated = 4

// truncated reports whether e (MRZ) is the start of d cut at the end of
// the field.
func truncated(d, e string) bool {
	if letters(e) < minTruncated || letters(d) <= letters(e) {
		return false
	}
	var cutWord, fullWord string
	switch {
	case strings.HasPrefix(d, e):
		cutWord, fullWord = lastWord(e), wordAt(d, len(e)-1)
	case strings.HasPrefix(join(d), join(e)):
		// D'ARTAGNAN is DARTAGNAN in the MRZ: compare without blanks.
		cutWord = lastWord(e)
		fullWord = wordAtJoined(d, letters(e)-1)
	default:
		return false
	}
	if cutWord == fullWord {
		return true // whole words dropped
	}
	return !isKnown(cutWord) && !genderPair(cutWord, fullWord)
}

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

// wordAt returns the word of s holding byte i.
func wordAt(s string, i int) string {
	start := strings.LastIndexByte(s[:i+1], ' ') + 1
	end := strings.IndexByte(s[i:], ' ')
	if end < 0 {
		return s[start:]
	}
	return s[start : i+end]
}

// wordAtJoined returns the word of s holding its n-th non-blank letter.
func wordAtJoined(s string, n int) string {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			continue
		}
		if n == 0 {
			return wordAt(s, i)
		}
		n--
	}
	return ""
}

// particleEqual: equal once leading particles are dropped or glued
// (DE LA FONTAINE = LAFONTAINE = DELAFONTAINE = FONTAINE), or with ST for
// SAINT. For full names only SAINT/ST: fullNames drops particles.
func particleEqual(k kind, d, e string) bool {
	if sd, se := saintForm(d), saintForm(e); (sd != d || se != e) && join(sd) == join(se) {
		return true
	}
	if k == kindFull {
		return false // the full-name rule drops particles inside the surname
	}
	var dwBuf, ewBuf [8]string // word lists on the stack
	dw, ew := appendWords(dwBuf[:0], d), appendWords(ewBuf[:0], e)
	for i := 0; i < len(dw) && i <= maxParticles; i++ {
		if !droppablePrefix(dw, i) {
			break
		}
		for j := 0; j < len(ew) && j <= maxParticles; j++ {
			if !droppablePrefix(ew, j) {
				break
			}
			// One side keeps all its particles: VAN DER BERG and VAN DEN
			// BERG both losing theirs would make two families one.
			if (i == 0) == (j == 0) {
				continue
			}
			a, b := dw[i:], ew[j:]
			if len(a) > 0 && len(b) > 0 && !allParticles(a) && sameConcat(a, b) {
				return true
			}
		}
	}
	return false
}

// sameConcat reports whether the words of a and b, glued, are equal:
// strings.Join(a, "") == strings.Join(b, "") without building either.
func sameConcat(a, b []string) bool {
	var x, y string // what is left of the current word of a, of b
	for {
		for x == "" && len(a) > 0 {
			x, a = a[0], a[1:]
		}
		for y == "" && len(b) > 0 {
			y, b = b[0], b[1:]
		}
		if x == "" || y == "" {
			return x == "" && y == ""
		}
		n := min(len(x), len(y))
		if x[:n] != y[:n] {
			return false
		}
		x, y = x[n:], y[n:]
	}
}

// maxParticles bounds the leading particles looked at: real names carry
// two or three (DE LA, VAN DER), and a bound keeps hostile input linear.
const maxParticles = 4

func allParticles(ws []string) bool {
	for _, w := range ws {
		if !particles.has(w) {
			return false
		}
	}
	return true
}

func saintForm(s string) string {
	if !hasSaint(s) {
		return s
	}
	ws := strings.Fields(s)
	changed := false
	for i, w := range ws {
		if r, ok := saints[w]; ok {
			ws[i] = r
			changed = true
		}
	}
	if !changed {
		return s
	}
	return strings.Join(ws, " ")
}

// eqJoined reports whether a and b are equal once blanks are removed.
func eqJoined(a, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && a[i] == ' ' {
			i++
		}
		for j < len(b) && b[j] == ' ' {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i] != b[j] {
			return false
		}
		i++
		j++
	}
}

// hasSaint reports whether s holds the word ST or STE.
func hasSaint(s string) bool {
	start := 0 // of the current word
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if w := s[start:i]; w == "ST" || w == "STE" {
				return true
			}
			start = i + 1
		}
	}
	return false
}

// ocrDigits maps what an OCR engine reads to the letters it may stand
// for: digits read for letters, and L/I.
// L and I are the one pair of letters confused the same way (1/I/L).
// An array rather than a map: it is read at every byte ocrAlign compares.
var ocrDigits = [256]string{'0': "O", '1': "IL", '5': "S", '8': "B", '2': "Z", '6': "G", 'L': "I", 'I': "L"}

// ocrPairs are the confusions of letter groups: declared, then read.
var ocrPairs = [...][2]string{{"M", "RN"}, {"W", "VV"}, {"D", "CL"}, {"RN", "M"}, {"VV", "W"}, {"CL", "D"}}

// ocrPairHeads[c] reports whether the declared side of a pair starts with
// c: elsewhere ocrAlign need not try the pairs.
var ocrPairHeads = func() (t [256]bool) {
	for _, p := range ocrPairs {
		t[p[0][0]] = true
	}
	return t
}()

// ocrEqual: the extracted side equals the declared once OCR confusions are
// undone (digits read for letters, RN for M, VV for W, CL for D and back).
// Two different known given names are never made equal this way.
func ocrEqual(d, e string) bool {
	if len(e) > 128 || len(d) > 128 {
		return false
	}
	if !ocrAlign(d, e, 0, 0, 0) {
		return false
	}
	var dwBuf, ewBuf [8]string
	dw, ew := appendWords(dwBuf[:0], d), appendWords(ewBuf[:0], e)
	if len(dw) == len(ew) {
		for i := range dw {
			if distinctNames(dw[i], ew[i]) || genderPair(dw[i], ew[i]) {
				return false
			}
		}
	}
	return true
}

// ocrAlign walks both strings; used counts corrections (at least one, and
// few enough that the result is still the same word).
func ocrAlign(d, e string, i, j, used int) bool {
	for i < len(d) && j < len(e) && d[i] == e[j] {
		i++
		j++
	}
	if i == len(d) && j == len(e) {
		return used > 0
	}
	if used >= 3 || j == len(e) || i == len(d) {
		return false
	}
	if strings.IndexByte(ocrDigits[e[j]], d[i]) >= 0 {
		return ocrAlign(d, e, i+1, j+1, used+1)
	}
	if !ocrPairHeads[d[i]] {
		return false // no pair starts here
	}
	for _, p := range ocrPairs {
		if strings.HasPrefix(d[i:], p[0]) && strings.HasPrefix(e[j:], p[1]) &&
			ocrAlign(d, e, i+len(p[0]), j+len(p[1]), used+1) {
			return true
		}
	}
	return false
}

// givenNames: the declared given names are some of the document's, in any
// order, each one whole (givenSet); OCR readings on the document side, and
// in the MRZ a field cut at its end, are allowed.
func givenNames(d, e *name, rawExt string, src Source) (match.Decision, bool) {
	var ewBuf, dwBuf [8]string
	e0 := e.base()
	ew := appendWords(ewBuf[:0], e0)
	cut := src == SourceMRZ && mrzMayBeCut(rawExt) && letters(e0) >= minTruncated
	for i, v := range d.forms() {
		ok, how := givenSet(appendWords(dwBuf[:0], v), ew, true, cut)
		if !ok {
			continue
		}
		return howDecision(how, i > 0, false, false, jaroWinkler(d.base(), e0), msgGiven), true
	}
	return match.Decision{}, false
}

// fullNames: the surname and the given names in either order on each
// side, the surname's words in their order, the declared given names some
// of the document's (fullNameEqual). In the MRZ, the '<<' tells the
// surname from the given names, and a field cut at its end is allowed.
func fullNames(d, e *name, rawExt string, src Source) (match.Decision, bool) {
	var ewBuf, dwBuf, sBuf [8]string
	e0 := saintForm(e.base())
	ew := appendWords(ewBuf[:0], e0)
	var surE []string
	cut := false
	if src == SourceMRZ {
		raw := strings.TrimRight(rawExt, "< \t\r\n")
		if primary, secondary, ok := strings.Cut(raw, "<<"); ok && mrzStructured(rawExt) && e.base() == foldText(rawExt, false) {
			surE = appendWords(sBuf[:0], foldText(primary, false))
			ew = appendWords(ewBuf[:0], foldText(secondary, false))
		}
		cut = mrzMayBeCut(rawExt) && letters(e0) >= minTruncated
	}
	for i, v := range d.forms() {
		dw := appendWords(dwBuf[:0], saintForm(v))
		ok, how, particle := fullNameEqual(dw, ew, surE, true, cut)
		if !ok {
			continue
		}
		msg := msgFullGiven
		if how == viaSubset && !particle && letters(v) == letters(e0) {
			msg = msgOrder
		}
		return howDecision(how, i > 0, particle, msg == msgOrder, fullScore(len(dw), len(ew)+len(surE), how), msg), true
	}
	return match.Decision{}, false
}

// fullScore scores a full name a rule explains, from its structure rather
// than its letters ("close to 1 for rule matches"): 0.95 for the same
// words, a little less for each further given name of the document, 0.9
// at least, and 0.9 for an OCR reading or a cut.
func fullScore(declaredWords, documentWords, how int) float64 {
	if how != viaSubset {
		return 0.9
	}
	return max(0.9, 0.95-0.01*float64(max(0, documentWords-declaredWords)))
}

// howDecision names the rule a set comparison used: the MRZ cut, an OCR
// reading, an MRZ spelling, a particle, the same words in another order,
// else a subset of given names.
func howDecision(how int, translit, particle, order bool, score float64, subsetMsg string) match.Decision {
	switch {
	case how == viaCut:
		return decision(true, match.RuleMRZTruncated, score, msgTruncated)
	case how == viaOCR:
		return decision(true, match.RuleOCREquivalent, score, msgOCR)
	case translit:
		return decision(true, match.RuleMRZTranslit, score, msgTranslit)
	case particle:
		return decision(true, match.RuleParticle, score, msgParticle)
	case order:
		return decision(true, match.RuleTokenOrder, score, msgOrder)
	}
	return decision(true, match.RuleGivenSubset, score, subsetMsg)
}

// mrzStructured reports whether an MRZ name field holds the '<<' between
// the surname and the given names.
func mrzStructured(raw string) bool {
	raw = strings.TrimRight(raw, "< \t\r\n")
	i := strings.Index(raw, "<<")
	return i > 0 && i+2 < len(raw)
}

// isMarked reports whether a folded string holds a usage or birth marker.
func isMarked(s string) bool {
	if !hasMarker(s) {
		return false
	}
	toks := strings.Fields(s)
	for i := range toks {
		if markerAt(toks, i) > 0 {
			return true
		}
	}
	return false
}
