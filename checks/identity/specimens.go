package identity

import (
	_ "embed"
	"slices"
	"strings"

	"github.com/idcontrol/idcontrol/fold"
)

//go:embed specimens.txt
var specimensTxt string

// specimens is specimens.txt, parsed once.
var specimens = parseSpecimens(specimensTxt)

type specimenSet struct {
	// names holds, by folded surname, the folded given names (all of
	// them, one string) of the specimen holders of that surname.
	names   map[string]map[string]bool
	numbers map[string]bool
	states  []string // one or two: scanned, not hashed
	tokens  []string // looked for in names and text
	text    []string // looked for in the text only
}

func parseSpecimens(txt string) specimenSet {
	s := specimenSet{names: map[string]map[string]bool{}, numbers: map[string]bool{}}
	for _, line := range strings.Split(txt, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		kind, rest, _ := strings.Cut(line, "|")
		value, _, _ := strings.Cut(rest, "|")
		switch kind {
		case "name":
			last, first, _ := strings.Cut(value, "/")
			fl := fold.Fold(last)
			if s.names[fl] == nil {
				s.names[fl] = map[string]bool{}
			}
			s.names[fl][fold.Fold(first)] = true
		case "number":
			s.numbers[compactNumber(value)] = true
		case "state":
			s.states = append(s.states, value)
		case "token":
			s.tokens = append(s.tokens, value)
		case "texttoken":
			s.text = append(s.text, value)
		default:
			panic("identity: specimens.txt: unknown kind " + kind)
		}
	}
	return s
}

// notSpecimen: « notSpecimen : Le document n'est pas un specimen ».
//
// Our rule: false when the document carries the data of a known specimen
// (specimens.txt): a specimen holder's surname and all given names (VIZ
// or MRZ, compared after folding; a surname and one given name alone are
// real people too), a specimen document number (VIZ or MRZ), the specimen
// state UTO (MRZ issuing state or nationality, VIZ country), the word
// SPECIMEN in a name or the text, or MUSTER or SAMPLE in the text (as
// names they are real surnames). True otherwise. Absent when the document
// shows nothing to look at (NOTHING_TO_CHECK): no name, number or country
// in the VIZ, no MRZ, no text.
func (s *state) notSpecimen() *bool {
	z0 := &s.viz
	if s.mst == mrzAbsent && z0.lastName == "" && z0.birthName == "" && z0.firstNames == "" && z0.number == "" &&
		z0.countryRaw == "" && strings.TrimSpace(s.req.GetDocument().GetText()) == "" {
		return s.absent(ctlNotSpecimen, CodeNothingToCheck, "The document shows no name, number, country, MRZ or text to compare with the known specimens.")
	}
	found := false
	flag := func(msg string) {
		found = true
		s.note(ctlNotSpecimen, "", CodeSpecimen, msg)
	}
	z := &s.viz
	nameHit := false
	// Names are folded into buf, not into new strings: a lookup keyed by
	// string(bytes) copies nothing.
	var buf [128]byte
	for _, last := range [2]string{z.lastName, z.birthName} {
		if last == "" {
			continue
		}
		// Given names are folded only for a specimen surname.
		fl := fold.Append(buf[:0], last)
		if given := specimens.names[string(fl)]; given != nil && given[string(fold.Append(fl[len(fl):], z.firstNames))] {
			nameHit = true
		}
	}
	if s.hasMRZ() && len(s.m.FirstNames) > 0 {
		fl := fold.Append(buf[:0], s.m.LastName)
		if given := specimens.names[string(fl)]; given != nil && given[string(foldJoined(fl[len(fl):], s.m.FirstNames))] {
			nameHit = true
		}
	}
	if nameHit {
		flag("The holder's name is that of a known specimen.")
	}
	if specimens.numbers[z.number] || s.hasMRZ() && specimens.numbers[compactNumber(s.m.DocumentNumber)] {
		flag("The document number is that of a known specimen.")
	}
	if slices.Contains(specimens.states, z.countryRaw) || s.hasMRZ() && (slices.Contains(specimens.states, s.m.IssuingCountry) || slices.Contains(specimens.states, s.m.Nationality)) {
		flag("The issuing state is the specimens' fictitious state.")
	}
	if s.hasSpecimenToken() {
		flag("A word printed on specimens appears on the document.")
	}
	return s.bool(!found)
}

// foldJoined appends fold.Fold(strings.Join(names, " ")) to dst: the
// folded names one space apart, those that fold to nothing left out.
func foldJoined(dst []byte, names []string) []byte {
	start := len(dst)
	for _, n := range names {
		mark := len(dst)
		if mark > start {
			dst = append(dst, ' ')
		}
		lo := len(dst)
		if dst = fold.Append(dst, n); len(dst) == lo {
			dst = dst[:mark]
		}
	}
	return dst
}

// hasSpecimenToken looks for the specimen words in the names and the text.
func (s *state) hasSpecimenToken() bool {
	fields := [...]string{s.viz.lastName, s.viz.birthName, s.viz.firstNames, "", "", s.req.GetDocument().GetText()}
	if s.hasMRZ() {
		fields[3], fields[4] = s.m.RawName, s.m.RawGivenNames
	}
	for _, f := range fields {
		for _, t := range specimens.tokens {
			if containsWordFold(f, t) {
				return true
			}
		}
	}
	for _, t := range specimens.text {
		if containsWordFold(s.req.GetDocument().GetText(), t) {
			return true
		}
	}
	return false
}

// containsWordFold reports whether text holds word (upper-case ASCII) as a
// whole word, ignoring ASCII case; a word is a run of letters.
func containsWordFold(text, word string) bool {
	n := len(word)
	for i := 0; i+n <= len(text); i++ {
		if i > 0 && isASCIILetter(text[i-1]) {
			continue
		}
		j := 0
		for j < n && upper(text[i+j]) == word[j] {
			j++
		}
		if j == n && (i+n == len(text) || !isASCIILetter(text[i+n])) {
			return true
		}
	}
	return false
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
