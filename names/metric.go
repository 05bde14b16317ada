package names

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

//go:embed firstnames.txt
var firstNamesTxt string

var (
	knownOnce sync.Once
	known     map[string]bool
)

// isKnown reports whether w is a common given name of the embedded list.
func isKnown(w string) bool {
	knownOnce.Do(func() {
		known = map[string]bool{}
		for _, line := range strings.Split(firstNamesTxt, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' {
				continue
			}
			for _, w := range strings.Fields(line) {
				known[w] = true
			}
		}
	})
	return known[w]
}

// distinctNames reports whether a and b are two different names that both
// appear in the list: MARIE and MARIA are two people, not a typo.
func distinctNames(a, b string) bool { return a != b && isKnown(a) && isKnown(b) }

func isVowel(c byte) bool {
	switch c {
	case 'A', 'E', 'I', 'O', 'U', 'Y':
		return true
	}
	return false
}

// genderSuffixes turn a name into its feminine (or another-language) form.
var genderSuffixes = []string{"E", "NE", "LE", "TE", "TTE", "ETTE", "INE", "NNE", "LLE", "EE", "A", "O", "I", "IA", "INA", "IE"}

// genderPair reports whether a and b are the two forms of one name:
// JEAN/JEANNE, LOUIS/LOUISE, IVANOV/IVANOVA, MARIO/MARIA, KOWALSKI/KOWALSKA,
// ROBERT/ROBERTO. They are one edit apart yet different people.
func genderPair(a, b string) bool {
	if a == b {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	if strings.HasPrefix(b, a) {
		for _, s := range genderSuffixes {
			if len(b)-len(a) == len(s) && b[len(a):] == s {
				return true
			}
		}
	}
	n := len(a)
	return n == len(b) && n > 1 && a[:n-1] == b[:n-1] && isVowel(a[n-1]) && isVowel(b[n-1])
}

// jaroWinkler is the Jaro-Winkler similarity of two ASCII strings (or
// byte slices, so that a string built on the stack needs no copy).
func jaroWinkler[S ~string | ~[]byte](a, b S) float64 {
	if string(a) == string(b) {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	var bufA, bufB [64]bool
	ma, mb := bufA[:0], bufB[:0]
	if la <= 64 && lb <= 64 {
		ma, mb = bufA[:la], bufB[:lb]
	} else {
		ma, mb = make([]bool, la), make([]bool, lb)
	}
	win := max(la, lb)/2 - 1
	if win < 0 {
		win = 0
	}
	// The common prefix matches letter for letter: the search below would
	// pair a[i] with b[i] for each of its letters (every b[j] before is
	// taken), after scanning the window for it.
	prefix := 0
	for prefix < la && prefix < lb && a[prefix] == b[prefix] {
		ma[prefix], mb[prefix] = true, true
		prefix++
	}
	m := prefix
	for i := prefix; i < la; i++ {
		lo, hi := max(0, i-win), min(lb, i+win+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, k := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			t++
		}
		k++
	}
	fm := float64(m)
	jaro := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	p := 0
	for p < 4 && p < la && p < lb && a[p] == b[p] {
		p++
	}
	return jaro + float64(p)*0.1*(1-jaro)
}

// capScore is the ceiling of a similarity between two forms of a name or
// two known names: close in letters, different people.
const capScore = 0.85

// Similarity returns a name similarity in [0, 1] for an operator: 1 when
// the names are equal after folding, else the best of Jaro-Winkler on the
// sorted words and a word-by-word comparison, capped at 0.85 when the
// difference is a gendered form or another known name (JEAN/JEANNE,
// MARIE/MARIA). It is symmetric.
func Similarity(a, b string) float64 {
	fa, _ := translit(foldText(a, false))
	fb, _ := translit(foldText(b, false))
	return similarity(fa, fb)
}

// similarity works on folded strings. It does not allocate for names of a
// few words: the word lists live in arrays on the stack.
func similarity(fa, fb string) float64 {
	if fa == "" || fb == "" {
		return 0
	}
	if fa == fb {
		return 1
	}
	if fa > fb {
		fa, fb = fb, fa // one order for every call: exact symmetry
	}
	var taBuf, tbBuf, saBuf, sbBuf [8]string
	ta, tb := appendWords(taBuf[:0], fa), appendWords(tbBuf[:0], fb)
	sa, sb := append(saBuf[:0], ta...), append(sbBuf[:0], tb...)
	slices.Sort(sa)
	slices.Sort(sb)
	// The sorted words joined: fa itself when already in order.
	var jaBuf, jbBuf [64]byte
	s := jaroWinkler(sortedJoin(jaBuf[:0], fa, ta, sa), sortedJoin(jbBuf[:0], fb, tb, sb))
	s = max(s, (bestAvg(ta, tb)+bestAvg(tb, ta))/2)
	if eqJoined(fa, fb) {
		s = max(s, 0.95)
	}
	if capped(ta, tb) || capped(sa, sb) {
		s = min(s, capScore)
	}
	// Different strings never score as identical ones.
	return min(max(s, 0), 0.99)
}

// appendWords appends the words of a folded string (single blanks, none at
// the ends, so strings.Fields would give the same) to dst.
func appendWords(dst []string, s string) []string {
	// A byte loop: names are short, and strings.IndexByte's setup cost
	// more than the search itself for each word.
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			if i > start {
				dst = append(dst, s[start:i])
			}
			start = i + 1
		}
	}
	if start < len(s) {
		dst = append(dst, s[start:])
	}
	return dst
}

// sortedJoin returns the words sorted, joined by blanks, as bytes: f's own
// bytes when ws (the words of f) were in order already, else written to
// dst.
func sortedJoin(dst []byte, f string, ws, sorted []string) []byte {
	if slices.Equal(ws, sorted) {
		return append(dst, f...)
	}
	for i, w := range sorted {
		if i > 0 {
			dst = append(dst, ' ')
		}
		dst = append(dst, w...)
	}
	return dst
}

// bestAvg averages, over the words of a, the best Jaro-Winkler against b.
func bestAvg(a, b []string) float64 {
	sum := 0.0
	for _, x := range a {
		best := 0.0
		for _, y := range b {
			best = max(best, jaroWinkler(x, y))
		}
		sum += best
	}
	return sum / float64(len(a))
}

// capped reports whether two word lists of one length differ only by
// gendered forms or distinct known names.
func capped(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	diff := false
	for i := range a {
		if a[i] == b[i] {
			continue
		}
		if !genderPair(a[i], b[i]) && !distinctNames(a[i], b[i]) {
			return false
		}
		diff = true
	}
	return diff
}
