package places

import (
	"strings"

	"github.com/idcontrol/idcontrol/fold"
)

// ocrLetters maps the digits an OCR engine reads inside a word to the
// letters they may stand for (RUE DE LA G4RE, V1CTOR, B0ULEVARD). 3/E and
// 7/T are left out: they are not usual confusions of print OCR.
var ocrLetters = [10]string{'0' - '0': "O", '1' - '0': "IL", '2' - '0': "Z", '4' - '0': "A", '5' - '0': "S", '6' - '0': "G", '8' - '0': "B"}

// ocrWordEqual reports whether e, read by an OCR engine, is the word d
// with some letters read as digits: same length, at least one letter and
// one digit in e, every digit standing for d's letter.
func ocrWordEqual(d, e string) bool {
	if len(d) != len(e) || d == e {
		return false
	}
	digit, letter := false, false
	for i := 0; i < len(e); i++ {
		c := e[i]
		switch {
		case c >= '0' && c <= '9':
			if !strings.ContainsRune(ocrLetters[c-'0'], rune(d[i])) {
				return false
			}
			digit = true
		case c == d[i]:
			letter = true
		default:
			return false
		}
	}
	return digit && letter
}

// mixedWord: a word holding both letters and digits that is not a street
// number (12, 12B, 12BIS): a candidate OCR misreading.
func mixedWord(w string) bool {
	if isNumberToken(w) {
		return false
	}
	digit, letter := false, false
	for i := 0; i < len(w); i++ {
		if w[i] >= '0' && w[i] <= '9' {
			digit = true
		} else {
			letter = true
		}
	}
	return digit && letter
}

// repairOCR rewrites the words of an extracted text that are OCR readings
// of a declared word (G4RE for GARE) into that word, line by line; the
// declared address guides the repair, so a digit is only read as a letter
// where the declared address has that letter. repaired says whether a word
// was rewritten.
func repairOCR(declared Address, text string) (out string, repaired bool) {
	if !strings.ContainsAny(text, "0124568") {
		return text, false
	}
	var known []string
	for _, s := range []string{declared.Line1, declared.Line2, declared.City} {
		known = append(known, strings.Fields(fold.Fold(s))...)
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		ws := strings.Fields(fold.Fold(l))
		changed := false
		for j, w := range ws {
			if !mixedWord(w) {
				continue
			}
			for _, k := range known {
				if ocrWordEqual(k, w) {
					ws[j], changed = k, true
					break
				}
			}
		}
		if changed {
			lines[i] = strings.Join(ws, " ")
			repaired = true
		}
	}
	if !repaired {
		return text, false
	}
	return strings.Join(lines, "\n"), true
}

// residenceWords open a building or residence complement that runs to the
// end of its line once a street name has started (12 RUE DES LILAS
// RESIDENCE LES PINS), or that stands before the street number (BAT C RES
// LES PINS 12 RUE DES LILAS).
var residenceWords = map[string]bool{
	"RES": true, "RESIDENCE": true, "BAT": true, "BATIMENT": true, "IMM": true, "IMMEUBLE": true,
	"ENTREE": true, "ESC": true, "ESCALIER": true, "APT": true, "APPT": true, "APPARTEMENT": true,
	"ETAGE": true, "ETG": true, "LOGT": true, "LOGEMENT": true,
}

// skipLeadingComplement returns where the street starts in words opened
// by a complement (BAT C RES LES PINS 12 RUE DES LILAS → 12): the first
// street number followed by a street type. It returns 0 when the words do
// not open with a complement or hold no such street.
func skipLeadingComplement(w []string) int {
	if len(w) == 0 || !residenceWords[w[0]] {
		return 0
	}
	for k := 1; k+1 < len(w); k++ {
		if !isNumberToken(w[k]) {
			continue
		}
		n := k + 1
		if _, ok := repeat[w[n]]; ok && n+1 < len(w) {
			if _, isType := streetTypes[w[n]]; !isType {
				n++
			}
		}
		if _, ok := streetTypes[w[n]]; ok && n+1 < len(w) {
			return k
		}
	}
	return 0
}

// lieuDit reads LIEU DIT and LIEUDIT as the street type LD.
func lieuDit(w []string) []string {
	for i := 0; i < len(w); i++ {
		switch {
		case w[i] == "LIEUDIT":
			w = append(w[:i:i], append([]string{"LD"}, w[i+1:]...)...)
		case w[i] == "LIEU" && i+1 < len(w) && w[i+1] == "DIT":
			w = append(w[:i:i], append([]string{"LD"}, w[i+2:]...)...)
		}
	}
	return w
}
