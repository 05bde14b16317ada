package ident

import "strings"

// FindIBANs returns the IBAN candidates of free (OCR) text, normalised:
// two letters and two digits starting a word, then letters and digits in
// groups separated by single blanks or '-' (grouped by 4 or not, any case),
// cut to the country's registry length when the text runs on. Valid IBANs
// come first, then the other candidates of plausible length (15 to 34), in
// text order, without duplicates. Full-width forms are read as ASCII
// (FoldWidth), as the validators read them.
func FindIBANs(text string) []string {
	text = FoldWidth(text)
	var valid, other []string
	seen := map[string]bool{}
	for i := 0; i+4 <= len(text); i++ {
		if i > 0 && isWordByte(text[i-1]) {
			continue
		}
		if !isLetter(text[i]) || !isLetter(text[i+1]) || !isDigit(text[i+2]) || !isDigit(text[i+3]) {
			continue
		}
		var sb strings.Builder
		j := i
		for j < len(text) && sb.Len() < maxLen {
			c := text[j]
			if isWordByte(c) {
				sb.WriteByte(upperASCII(c))
				j++
				continue
			}
			// One separator between groups, then the group goes on.
			w := sepWidth(text, j)
			if w == 0 || j+w >= len(text) || !isWordByte(text[j+w]) {
				break
			}
			j += w
		}
		cand := sb.String()
		if want := IBANLength(cand[:2]); want != 0 && len(cand) > want {
			cand = cand[:want]
		}
		if len(cand) < 15 || seen[cand] {
			continue
		}
		seen[cand] = true
		if ValidateIBAN(cand).Valid {
			valid = append(valid, cand)
		} else {
			other = append(other, cand)
		}
		i = j - 1
	}
	return append(valid, other...)
}

// sepWidth is the byte width of a group separator at text[j], 0 if none.
func sepWidth(text string, j int) int {
	switch c := text[j]; {
	case c == ' ' || c == '\t' || c == '-':
		return 1
	case c == 0xC2 && strings.HasPrefix(text[j:], "\u00a0"):
		return 2
	case c == 0xE2 && strings.HasPrefix(text[j:], "\u202f"):
		return 3
	}
	return 0
}

func isLetter(c byte) bool   { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }
func isDigit(c byte) bool    { return c >= '0' && c <= '9' }
func isWordByte(c byte) bool { return isLetter(c) || isDigit(c) }

func upperASCII(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
