// Package fold reduces free text to a comparable form: upper-case ASCII
// letters and digits separated by single spaces. Diacritics are dropped
// (É→E), ligatures and special letters expanded (Æ→AE, Œ→OE, ß→SS, Ø→O,
// Þ→TH), and anything else (hyphen, apostrophe, punctuation, MRZ '<') becomes
// a separator. Name, place and address matching all start here.
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// special maps letters that Unicode decomposition does not reduce to ASCII.
var special = map[rune]string{
	'Æ': "AE", 'æ': "AE", 'Œ': "OE", 'œ': "OE", 'ß': "SS", 'ẞ': "SS",
	'Ø': "O", 'ø': "O", 'Þ': "TH", 'þ': "TH", 'Ð': "D", 'ð': "D",
	'Đ': "D", 'đ': "D", 'Ł': "L", 'ł': "L", 'Ħ': "H", 'ħ': "H",
	'ı': "I", 'Ŋ': "N", 'ŋ': "N", 'Ŧ': "T", 'ŧ': "T", 'ĸ': "K",
	'Ə': "E", 'ə': "E",
}

// latin caches the folding of the Latin letters of U+00C0–U+024F (É, Ë,
// Ø, Ł…), which names are mostly made of: decomposing them on every call
// cost a normalisation and an allocation per letter. Only letters that fold
// to plain A-Z whatever surrounds them are cached; the rest take the
// general path.
const latinLo, latinHi = 0xC0, 0x250

var latin [latinHi - latinLo]string

func init() {
	for r := rune(latinLo); r < latinHi; r++ {
		// Ŀ is L then a middle dot, a separator: only letters that fold the
		// same between two others are cached.
		out := foldSlow(string(r))
		if out != "" && strings.Trim(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" && foldSlow("A"+string(r)+"A") == "A"+out+"A" {
			latin[r-latinLo] = out
		}
	}
}

// Fold returns s reduced to upper-case ASCII words separated by one space.
// It allocates only when s is not already in folded form.
func Fold(s string) string {
	if isFolded(s) {
		return s
	}
	return fold(s, true)
}

// Blank reports whether Fold(s) is empty: s holds no letter or digit. It
// decides without folding, so without allocating, when s has an ASCII
// letter or digit or a Latin letter of the cache, or is all ASCII: callers
// test every name and place of a request this way.
func Blank(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			ascii = false
		case (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'):
			// Fold emits every ASCII letter and digit: a broken sequence
			// before one never swallows it.
			return false
		}
	}
	if ascii {
		return true
	}
	for _, r := range s {
		if r >= latinLo && r < latinHi && latin[r-latinLo] != "" {
			return false
		}
	}
	return Fold(s) == ""
}

// TrimSeparators drops the ASCII bytes other than letters and digits at
// both ends of s. Fold drops them too, and an ASCII byte is never part of a
// multi-byte letter, so Fold(TrimSeparators(s)) == Fold(s): a caller can
// trim first and find an already folded value ("MUELLER<<") needs no copy.
func TrimSeparators(s string) string {
	i, j := 0, len(s)
	for i < j && asciiSeparator(s[i]) {
		i++
	}
	for j > i && asciiSeparator(s[j-1]) {
		j--
	}
	return s[i:j]
}

func asciiSeparator(c byte) bool {
	return c < utf8.RuneSelf && !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9')
}

// Append appends Fold(s) to dst and returns the extended buffer, for a
// caller that folds many pieces of one text into one buffer.
func Append(dst []byte, s string) []byte { return appendFold(dst, s, true) }

// foldSlow is Fold without the latin cache, which it builds.
func foldSlow(s string) string { return fold(s, false) }

func fold(s string, cached bool) string {
	b := appendFold(make([]byte, 0, len(s)), s, cached)
	if len(b) == 0 {
		return ""
	}
	// b is never written again: the string can share its bytes, as
	// strings.Builder's do.
	return unsafe.String(unsafe.SliceData(b), len(b))
}

func appendFold(b []byte, s string, cached bool) []byte {
	start := len(b)
	pendingSpace := false
	emit := func(r rune) {
		if pendingSpace && len(b) > start {
			b = append(b, ' ')
		}
		pendingSpace = false
		b = utf8.AppendRune(b, r)
	}
	for i := 0; i < len(s); {
		// ASCII, most of any OCR text, is folded a byte or a run of
		// upper-case letters and digits at a time: through emit it cost
		// most of the time of a long text.
		if c := s[i]; c < utf8.RuneSelf {
			j := i + 1
			switch {
			case c >= 'a' && c <= 'z':
				c -= 'a' - 'A'
			case (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'):
				for j < len(s) && ((s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9')) {
					j++
				}
			default:
				pendingSpace = true
				i = j
				continue
			}
			if pendingSpace && len(b) > start {
				b = append(b, ' ')
			}
			pendingSpace = false
			if j == i+1 {
				b = append(b, c)
			} else {
				b = append(b, s[i:j]...)
			}
			i = j
			continue
		}
		// Invalid UTF-8 decodes to U+FFFD one byte at a time, as range does.
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case cached && r >= latinLo && r < latinHi && latin[r-latinLo] != "":
			for k := 0; k < len(latin[r-latinLo]); k++ {
				emit(rune(latin[r-latinLo][k]))
			}
		default:
			if rep, ok := special[r]; ok {
				for _, c := range rep {
					emit(c)
				}
				continue
			}
			decomposed := false
			for _, d := range norm.NFKD.String(string(r)) {
				if rep, ok := special[d]; ok {
					// ǿ decomposes to ø and an accent: ø still needs its map.
					for _, c := range rep {
						emit(c)
					}
					decomposed = true
					continue
				}
				switch {
				case unicode.Is(unicode.Mn, d):
					// combining mark: the accent of a letter, dropped
				case d < utf8.RuneSelf && ((d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9')):
					emit(d)
					decomposed = true
				case d >= 'a' && d <= 'z':
					emit(d - 'a' + 'A')
					decomposed = true
				case d < utf8.RuneSelf:
					pendingSpace = true
				case unicode.IsLetter(d) || unicode.IsDigit(d):
					// a letter of another script (Cyrillic, Greek…): kept upper-cased;
					// transliteration is the caller's business
					emit(unicode.ToUpper(d))
					decomposed = true
				default:
					pendingSpace = true
				}
			}
			if !decomposed {
				pendingSpace = true
			}
		}
	}
	return b
}

// isFolded reports whether s is already upper-case ASCII words separated by
// single spaces, with no leading or trailing space.
func isFolded(s string) bool {
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'):
			prevSpace = false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		default:
			return false
		}
	}
	return !prevSpace || s == ""
}

// Words returns the words of Fold(s).
func Words(s string) []string { return strings.Fields(Fold(s)) }
