package names

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/idcontrol/idcontrol/fold"
)

// cyrillic maps folded (upper-case, Й→И, Ё→Е already) Cyrillic letters to
// Latin after ICAO Doc 9303 Part 3 (Russian, plus the Ukrainian and
// Belarusian letters that do not clash with the Russian table).
var cyrillic = map[rune]string{
	'А': "A", 'Б': "B", 'В': "V", 'Г': "G", 'Д': "D", 'Е': "E", 'Ж': "ZH",
	'З': "Z", 'И': "I", 'К': "K", 'Л': "L", 'М': "M", 'Н': "N", 'О': "O",
	'П': "P", 'Р': "R", 'С': "S", 'Т': "T", 'У': "U", 'Ф': "F", 'Х': "KH",
	'Ц': "TS", 'Ч': "CH", 'Ш': "SH", 'Щ': "SHCH", 'Ъ': "IE", 'Ы': "Y",
	'Ь': "", 'Э': "E", 'Ю': "IU", 'Я': "IA",
	'Є': "IE", 'І': "I", 'Ґ': "G",
}

// mrzVariants lists, for national letters that ICAO 9303 lets issuers write
// in more than one way, every accepted MRZ spelling. Letters with a single
// spelling (É→E, ß→SS, Æ→AE, Þ→TH…) are left to fold.
var mrzVariants = map[rune][]string{
	'Ä': {"AE", "A"}, 'ä': {"AE", "A"},
	'Ö': {"OE", "O"}, 'ö': {"OE", "O"},
	'Ü': {"UE", "UXX", "U"}, 'ü': {"UE", "UXX", "U"},
	'Å': {"AA", "A"}, 'å': {"AA", "A"},
	'Ø': {"OE", "O"}, 'ø': {"OE", "O"},
	'Ñ': {"N", "NXX"}, 'ñ': {"N", "NXX"},
}

// variantLo and variantHi bound the letters of mrzVariants, so that
// variantsOf skips the others (ASCII above all) at once; variantTable is
// mrzVariants by r-variantLo, read without hashing.
var variantLo, variantHi = func() (lo, hi rune) {
	lo = utf8.MaxRune
	for r := range mrzVariants {
		lo, hi = min(lo, r), max(hi, r)
	}
	return lo, hi
}()

var variantTable = func() [][]string {
	t := make([][]string, variantHi-variantLo+1)
	for r, alts := range mrzVariants {
		t[r-variantLo] = alts
	}
	return t
}()

// variantsOf returns the MRZ spellings of r, nil when it has none or when
// want is false (checked first: most callers want none).
func variantsOf(r rune, want bool) []string {
	if !want || r < variantLo || r > variantHi {
		return nil
	}
	return variantTable[r-variantLo]
}

// maxVariants bounds the spellings tried for one name: a handful of
// umlauts already gives dozens, and real names carry one or two.
const maxVariants = 16

// titles are civility and honorific words dropped when they lead a name.
var titles = newWordSet(
	"M", "MR", "MME", "MRS", "MLLE", "MELLE", "MISS", "MS", "MONSIEUR", "MADAME",
	"MADEMOISELLE", "DR", "DOCTEUR", "PR", "PROFESSEUR", "ME", "MAITRE", "SR", "SRA",
	"HERR", "FRAU", "MISTER", "MISTRESS",
)

// markers separate a name from a usage or birth name: "DUPONT EPOUSE
// MARTIN", "MARTIN NEE DUPONT". Folded, so ÉP. is EP.
var markers = [][]string{
	{"NOM", "D", "USAGE"}, {"NOM", "USAGE"}, {"EPOUSE"}, {"EPOUX"}, {"EPSE"}, {"EP"},
	{"VEUVE"}, {"VVE"}, {"NEE"}, {"NE"}, {"DIVORCEE"}, {"DIV"}, {"DITE"}, {"DIT"},
}

// particles may be dropped or glued at the head of a last name. MAC, MC
// and O are only glued (MC DONALD = MCDONALD, by the separator rule), never
// dropped: MACDONALD and DONALD are different names.
var particles = newWordSet(
	"DE", "DU", "DES", "D", "LE", "LA", "L", "LES", "DEL", "DELLA", "DELLE", "DEI",
	"DI", "DA", "DAS", "DOS", "VAN", "VON", "DER", "DEN", "TER", "TEN", "BEN", "BINT",
	"AL", "EL", "ZU", "Y",
)

// droppable are the particles a person may leave out of a surname (DE LA
// FONTAINE is LA FONTAINE, VAN DIJK is DIJK): DE, D', DU, DES, VAN, VON,
// and DER, DEN, DEM, DE after VAN or VON. Every other particle (LE, LA, EL,
// AL, BEN, DI, DA, DEL, DOS, SAINT…) is part of the name: LE GALL is not
// GALL, BEN ALI is not ALI.
var droppable = newWordSet("DE", "D", "DU", "DES", "VAN", "VON")

var afterVanVon = newWordSet("DER", "DEN", "DEM", "DE")

// droppablePrefix reports whether the words ws[:n] may all be left out.
func droppablePrefix(ws []string, n int) bool {
	for i := 0; i < n; i++ {
		if droppable.has(ws[i]) || (i > 0 && (ws[i-1] == "VAN" || ws[i-1] == "VON") && afterVanVon.has(ws[i])) {
			continue
		}
		return false
	}
	return true
}

// saints are abbreviations written either way in names (ST = SAINT).
var saints = map[string]string{"ST": "SAINT", "STE": "SAINTE"}

// jointWords separate two people in a holder line ("M OU MME").
var jointWords = newWordSet("OU", "ET", "AND", "UND", "OR")

// name is one side of a comparison, folded. Its forms live in a fixed
// array rather than a slice so that a name kept on the stack costs no
// allocation.
type name struct {
	all      [1 + maxVariants]string // all[:n]: the folded name, then MRZ spellings of it
	n        int
	translit bool // Cyrillic was transliterated
	titled   bool // a leading title was dropped
	marked   bool // the folded name holds a usage or birth marker (hasMarker)
	// keepTitles leaves leading titles in place: M BAPPE may be M'BAPPE.
	keepTitles bool
}

// forms returns the folded name followed by its MRZ spellings.
func (n *name) forms() []string { return n.all[:n.n] }

// base is the folded name.
func (n *name) base() string { return n.all[0] }

// push appends a form; there is room for every form a name can have.
func (n *name) push(f string) {
	n.all[n.n] = f
	n.n++
}

// prepare folds s, transliterates Cyrillic, drops leading titles and, when
// variants is set, adds the ICAO MRZ spellings of its national letters.
// glue first removes hyphens (a hyphenated given name is one word).
func (n *name) prepare(s string, glue, variants bool) { n.prepareIn(s, glue, variants, nil) }

// prepareIn is prepare taking the folded name from m when one of its forms
// is equal to it, rather than allocating it again (Martin, MARTIN).
func (n *name) prepareIn(s string, glue, variants bool, m *Memo) {
	s = fold.TrimSeparators(s)
	if glue && hasHyphen(s) && !utf8.ValidString(s) {
		// Removing a hyphen may join broken UTF-8 into a letter: glue
		// first, the plain way.
		s, glue = compoundHyphens.Replace(s), false
	}
	base, ascii := foldName(s, glue, m)
	n.translit = false
	if !ascii { // ASCII holds no Cyrillic: translit would return it as is
		base, n.translit = translit(base)
	}
	if !n.keepTitles {
		// elided only when a title would go: it is the rare case.
		if t, ok := dropTitles(base); ok && !elided(s) {
			base, n.titled = t, true
		}
	}
	n.n = 0
	n.push(base)
	n.marked = hasMarker(base)
	if !variants || base == "" {
		return
	}
	n.addSpellings(s, glue)
}

// elided reports whether the first word of s ends with an apostrophe
// (M'BAPPE, D'ARTAGNAN): an elided particle of the name, never a title.
func elided(s string) bool {
	// Only a title can be mistaken for an elided particle, and titles are
	// short: look at the first bytes only.
	for i := 0; i < len(s) && i < 14; i++ {
		c := s[i]
		switch {
		case c == '\'' || (c == 0xE2 && strings.HasPrefix(s[i:], "\u2019")) || (c == 0xCA && strings.HasPrefix(s[i:], "\u02bc")):
			return i > 0
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf:
		default:
			return false
		}
	}
	return false
}

// hyphens join the parts of a compound given name.
const hyphens = "-\u2010\u2011"

// hasHyphen is strings.ContainsAny(s, hyphens) without its per-rune
// search: U+2010 and U+2011 both start with the bytes E2 80.
func hasHyphen(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '-':
			return true
		case 0xE2:
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0x90 || s[i+2] == 0x91) {
				return true
			}
		}
	}
	return false
}

var compoundHyphens = strings.NewReplacer("-", "", "\u2010", "", "\u2011", "")

// foldText returns fold.Fold(s), of s without hyphens when glue is set.
// Fold returns a folded input as is but otherwise allocates, several times
// per accented letter; when appendPrefolded can write s in folded form,
// that costs one allocation at most.
func foldText(s string, glue bool) string {
	f, _ := foldName(s, glue, nil)
	return f
}

// foldName is foldText that also reports whether the result is ASCII, and
// that returns a form of m equal to it rather than a copy.
func foldName(s string, glue bool, m *Memo) (_ string, ascii bool) {
	glue = glue && hasHyphen(s)
	var buf [128]byte
	b, ok := appendPrefolded(buf[:0], s, glue, nil)
	switch {
	case !ok && !glue:
		return fold.Fold(s), false
	case !ok:
		return fold.Fold(string(b)), false
	case string(b) == s:
		return s, true // folded already: no copy
	}
	// ok: b is in folded form, Fold would return it as is, and it is ASCII
	// (appendPrefolded writes only ASCII when ok).
	if f, found := m.form(b); found {
		return f, true
	}
	return string(b), true
}

func isASCIISeparator(c byte) bool {
	return c < utf8.RuneSelf && !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9')
}

// latinFold[r-latinLo] is fold.Fold(string(r)) for the Latin letters that
// Fold turns into upper-case ASCII letters alone, whatever surrounds them
// (É → E, ß → SS, Ø → O); empty for the others. It is built from Fold
// itself, so fold stays the one definition; Fold would decompose such a
// letter each time, at several allocations.
const latinLo, latinHi = 0xC0, 0x250

var latinFold = func() (t [latinHi - latinLo]string) {
	for r := rune(latinLo); r < latinHi; r++ {
		f := fold.Fold(string(r))
		if f != "" && strings.Trim(f, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == "" &&
			fold.Fold("0"+string(r)+"0") == "0"+f+"0" {
			t[r-latinLo] = f
		}
	}
	return t
}()

// appendPrefolded appends to dst a rewrite of s that fold.Fold maps to the
// same result but that Fold finds already folded when ok: ASCII letters
// upper-cased, each run of other ASCII bytes one blank and none at the
// ends, the letters of latinFold replaced. Other bytes are copied for Fold
// to deal with (ok is then false). glue drops hyphens; choice, when not
// nil, gives for each MRZ-variant letter the index of the spelling written
// instead (see addSpellings).
func appendPrefolded(dst []byte, s string, glue bool, choice []uint8) (_ []byte, ok bool) {
	ok = true
	start := len(dst)
	blank := false // a separator is pending
	k := 0         // MRZ-variant letters seen
	for i := 0; i < len(s); {
		c := s[i]
		if 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			// A run of folded bytes, most of a name, is copied at once.
			j := i + 1
			for j < len(s) && ('A' <= s[j] && s[j] <= 'Z' || '0' <= s[j] && s[j] <= '9') {
				j++
			}
			if blank && len(dst) > start {
				dst = append(dst, ' ')
			}
			blank = false
			dst = append(dst, s[i:j]...)
			i = j
			continue
		}
		if c < utf8.RuneSelf {
			i++
			switch {
			case glue && c == '-':
				continue
			case 'a' <= c && c <= 'z':
				c -= 'a' - 'A'
			case isASCIISeparator(c):
				blank = true
				continue
			}
			if blank && len(dst) > start {
				dst = append(dst, ' ')
			}
			blank = false
			dst = append(dst, c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		out := s[i : i+size]
		i += size
		if glue && (r == '\u2010' || r == '\u2011') {
			continue
		}
		if alts := variantsOf(r, choice != nil); alts != nil {
			out = alts[choice[k]]
			k++
		} else if latinLo <= r && r < latinHi && latinFold[r-latinLo] != "" {
			out = latinFold[r-latinLo]
		} else {
			ok = false
		}
		if blank && len(dst) > start {
			dst = append(dst, ' ')
		}
		blank = false
		dst = append(dst, out...)
	}
	return dst, ok
}

// addSpellings adds the forms of s rewritten with every combination of the
// MRZ variants of its letters, at most maxVariants, in the order of an
// odometer whose last variant letter turns fastest. The spellings are
// written into one buffer, so they cost a single allocation together.
func (n *name) addSpellings(s string, glue bool) {
	var radixBuf, choiceBuf [16]uint8
	radix := radixBuf[:0]
	for _, r := range s {
		if alts := variantsOf(r, true); alts != nil {
			radix = append(radix, uint8(len(alts)))
		}
	}
	if len(radix) == 0 {
		return
	}
	choice := choiceBuf[:0]
	for range radix {
		choice = append(choice, 0)
	}
	var arena [256]byte
	buf := arena[:0]
	var ends [maxVariants]int
	cnt := 0
	for cnt < maxVariants {
		buf, _ = appendPrefolded(buf, s, glue, choice)
		ends[cnt] = len(buf)
		cnt++
		if !nextChoice(choice, radix) {
			break
		}
	}
	all := string(buf)
	start := 0
	for _, end := range ends[:cnt] {
		f, _ := translit(fold.Fold(all[start:end]))
		if n.titled {
			f, _ = dropTitles(f)
		}
		if f != "" && !contains(n.forms(), f) {
			n.push(f)
		}
		start = end
	}
}

// nextChoice turns the odometer; false once every combination was seen.
func nextChoice(choice, radix []uint8) bool {
	for i := len(choice) - 1; i >= 0; i-- {
		choice[i]++
		if choice[i] < radix[i] {
			return true
		}
		choice[i] = 0
	}
	return false
}

// spellings returns the MRZ spellings of s (nil when it has none), folded,
// at most maxVariants.
func spellings(s string) []string {
	var n name
	n.push("")
	n.addSpellings(s, false)
	return slices.Clone(n.forms()[1:])
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// translit replaces Cyrillic letters of a folded string by their ICAO
// Latin spelling; other strings come back unchanged without allocation.
func translit(s string) (string, bool) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s, false
	}
	var b strings.Builder
	changed := false
	for _, r := range s {
		if rep, ok := cyrillic[r]; ok {
			b.WriteString(rep)
			changed = true
			continue
		}
		b.WriteRune(r)
	}
	if !changed {
		return s, false
	}
	// Ь may leave a double or trailing blank: fold again to tidy.
	return fold.Fold(b.String()), true
}

// dropTitles removes leading title words when more words follow.
//
// A joint civility (M OU MME, M ET MME, MR AND MRS) is dropped whole.
func dropTitles(s string) (string, bool) {
	dropped := false
	for {
		i := indexBlank(s)
		if i < 0 || !titles.has(s[:i]) {
			return s, dropped
		}
		s = s[i+1:]
		dropped = true
		// OU MME PIERRE…: the joint word goes with the title after it.
		if j := indexBlank(s); j > 0 && jointWords.has(s[:j]) {
			if k := indexBlank(s[j+1:]); k > 0 && titles.has(s[j+1:j+1+k]) {
				s = s[j+1:]
			}
		}
	}
}

// Roles of the segments of a marked name.
const (
	roleBirth = iota // the birth name: before ÉPOUSE, VEUVE, DIT…, after NÉE
	roleUsage        // a usage name: after ÉPOUSE, VEUVE, NOM D'USAGE, DIT…, before NÉE
)

// birthMarkers introduce the birth name (MARTIN NÉE DUPONT); every other
// marker introduces a usage name or an alias (DUPONT ÉPOUSE MARTIN, VVE
// MARTIN, DUPONT DIT DURAND), the name before it being the birth name.
var birthMarkers = map[string]bool{"NEE": true, "NE": true}

// segmentRoles cuts a folded marked name like splitMarkers and says for
// each segment whether it is the birth name or a usage name. A segment
// after a usage marker is a usage name, one after NÉE the birth name; a
// segment before the first marker is the birth name unless that marker is
// NÉE. VVE FAURE has no birth name.
func segmentRoles(s string) (segs []string, roles []int) {
	toks := strings.Fields(s)
	var cur []string
	role := -1 // of the segment being read: unknown until its marker is seen
	flush := func(next int) {
		if len(cur) > 0 {
			if role < 0 {
				role = next
			}
			segs = append(segs, strings.Join(cur, " "))
			roles = append(roles, role)
		}
		cur = nil
	}
	for i := 0; i < len(toks); {
		if m := markerAt(toks, i); m > 0 {
			before, after := roleBirth, roleUsage
			if birthMarkers[toks[i]] {
				before, after = roleUsage, roleBirth
			}
			flush(before)
			role = after
			i += m
			continue
		}
		cur = append(cur, toks[i])
		i++
	}
	flush(roleBirth)
	return segs, roles
}

// labels are the words that stand before a name in a free text: a field
// label or a role ("Nom de naissance :", "Président :", "Titulaire du
// compte"), folded. They are dropped, longest first, with the titles that
// follow them, when the extracted side is a text.
var labels = [][]string{
	{"TITULAIRE", "DU", "COMPTE"}, {"TITULAIRES", "DU", "COMPTE"}, {"TITULAIRE"}, {"TITULAIRES"},
	{"NOM", "DE", "NAISSANCE"}, {"NOM", "DE", "FAMILLE"}, {"NOM", "ET", "PRENOM"}, {"NOM", "ET", "PRENOMS"},
	{"NOM", "PRENOM"}, {"NOM", "PRENOMS"}, {"NOM"}, {"PRENOM"}, {"PRENOMS"},
	{"PRESIDENT"}, {"PRESIDENTE"}, {"CO", "GERANT"}, {"CO", "GERANTE"}, {"GERANT"}, {"GERANTE"},
	{"DIRECTEUR", "GENERAL", "DELEGUE"}, {"DIRECTRICE", "GENERALE", "DELEGUEE"},
	{"DIRECTEUR", "GENERAL"}, {"DIRECTRICE", "GENERALE"}, {"DIRECTEUR"}, {"DIRECTRICE"},
	{"REPRESENTANT", "LEGAL"}, {"REPRESENTANTE", "LEGALE"}, {"ASSOCIE", "UNIQUE"}, {"ASSOCIEE", "UNIQUE"},
	{"ASSOCIE"}, {"ASSOCIEE"}, {"MANDATAIRE"}, {"BENEFICIAIRE"}, {"SALARIE"}, {"SALARIEE"},
	{"EMPLOYE"}, {"EMPLOYEE"}, {"CLIENT"}, {"CLIENTE"}, {"ASSURE"}, {"ASSUREE"}, {"ADHERENT"}, {"ADHERENTE"},
	{"SOUSCRIPTEUR"}, {"LOCATAIRE"}, {"DECLARANT"}, {"DECLARANTE"}, {"AGENT"}, {"HOLDER"}, {"NAME"},
}

// labelHeads are the first words of labels, for a cheap pre-check.
var labelHeads = func() *wordSet {
	var heads []string
	for _, l := range labels {
		heads = append(heads, l[0])
	}
	return newWordSet(heads...)
}()

// dropLabels removes the leading labels and titles of a name read in a
// free text (TITULAIRE DU COMPTE M PIERRE ROUX → PIERRE ROUX). NOM D'USAGE
// is a marker, not a label: it stays.
func (n *name) dropLabels() {
	s := n.base()
	first, _, _ := strings.Cut(s, " ")
	if !labelHeads.has(first) {
		return // the usual case, without allocation
	}
	for changed := true; changed; {
		changed = false
		toks := strings.Fields(s)
		if markerAt(toks, 0) > 0 {
			break
		}
		for _, l := range labels {
			if len(l) < len(toks) && slices.Equal(toks[:len(l)], l) {
				s = strings.Join(toks[len(l):], " ")
				changed, n.titled = true, true
				break
			}
		}
		if t, ok := dropTitles(s); ok {
			s, changed = t, true
			n.titled = true
		}
	}
	n.all[0] = s
	n.marked = hasMarker(s)
}

// splitMarkers cuts a folded name at usage/birth markers and returns the
// non-empty segments; ok is false when there is no marker.
func splitMarkers(s string) (segs []string, ok bool) {
	toks := strings.Fields(s)
	var cur []string
	for i := 0; i < len(toks); {
		if m := markerAt(toks, i); m > 0 {
			if len(cur) > 0 {
				segs = append(segs, strings.Join(cur, " "))
			}
			cur = nil
			ok = true
			i += m
			continue
		}
		cur = append(cur, toks[i])
		i++
	}
	if len(cur) > 0 {
		segs = append(segs, strings.Join(cur, " "))
	}
	return segs, ok && len(segs) > 0
}

// markerAt returns the length of the marker starting at toks[i], or 0. NE
// and DIT are names in some languages: they count only between two words.
func markerAt(toks []string, i int) int {
	for _, m := range markers {
		if i+len(m) > len(toks) {
			continue
		}
		hit := true
		for j, w := range m {
			if toks[i+j] != w {
				hit = false
				break
			}
		}
		if !hit {
			continue
		}
		if (m[0] == "NE" || m[0] == "DIT" || m[0] == "DITE" || m[0] == "DIV") && (i == 0 || i+1 == len(toks)) {
			continue
		}
		return len(m)
	}
	return 0
}

// markerHeads are the first words of markers, for a cheap pre-check.
var markerHeads = func() *wordSet {
	var heads []string
	for _, mk := range markers {
		heads = append(heads, mk[0])
	}
	return newWordSet(heads...)
}()

// hasMarker is a cheap pre-check before splitMarkers: one pass, no
// allocation.
func hasMarker(s string) bool {
	start := 0 // of the current word
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if markerHeads.has(s[start:i]) {
				return true
			}
			start = i + 1
		}
	}
	return false
}

// indexBlank is strings.IndexByte(s, ' ') for a name: on a few bytes a
// plain loop costs less than IndexByte's vector setup.
func indexBlank(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			return i
		}
	}
	return -1
}

// join removes the spaces of a folded string.
func join(s string) string {
	if strings.IndexByte(s, ' ') < 0 {
		return s
	}
	return strings.ReplaceAll(s, " ", "")
}

// letters counts the non-space bytes of a folded string.
func letters(s string) int { return len(s) - strings.Count(s, " ") }
