package taxnotice

import "strings"

// maxAmountCents bounds an amount: beyond a trillion euros it is not a
// tax notice's amount but an OCR accident, and overflow is avoided.
const maxAmountCents = 100_000_000_000_000

// parseAmount reads an amount in euros as printed on a French document or
// in a 2D-Doc and returns it in cents: blanks (spaces, no-break spaces) and
// the currency ("€", "EUR") are ignored; a comma, or a dot followed by one
// or two digits, is the decimal separator; a dot followed by three digits
// groups thousands ("28.450"). A sign may lead. ok is false for anything
// else.
func parseAmount(s string) (cents int64, ok bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "€")
	s = strings.TrimSuffix(strings.TrimSpace(s), "EUR")
	var b strings.Builder
	for _, r := range s {
		switch r {
		case ' ', '\u00a0', '\u202f', '\t':
			continue
		}
		b.WriteRune(r)
	}
	s = b.String()
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg, s = s[0] == '-', s[1:]
	}
	if s == "" {
		return 0, false
	}
	intPart, frac := s, ""
	if i := strings.LastIndexAny(s, ",."); i >= 0 {
		tail := s[i+1:]
		if s[i] == ',' || len(tail) != 3 {
			intPart, frac = s[:i], tail
			if len(frac) == 0 || len(frac) > 2 {
				return 0, false
			}
		}
	}
	intPart = strings.ReplaceAll(intPart, ".", "") // thousands
	if intPart == "" {
		intPart = "0"
	}
	var v int64
	for _, c := range intPart + (frac + "00")[:2] {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
		if v > maxAmountCents {
			return 0, false
		}
	}
	if neg {
		v = -v
	}
	return v, true
}
