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

// foldSlow is Fold without the latin cache, which it builds.
func foldSlow(s string) string { return fold(s, false) }

func fold(s string, cached bool) string {
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	emit := func(r rune) {
		if pendingSpace && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pendingSpace = false
		b.WriteRune(r)
	}
	for i := 0; i < len(s); {
		// ASCII, most of any OCR text, is folded byte by byte: through
		// emit and WriteRune it cost most of the time of a long text.
		if c := s[i]; c < utf8.RuneSelf {
			i++
			switch {
			case c >= 'a' && c <= 'z':
				c -= 'a' - 'A'
			case (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'):
			default:
				pendingSpace = true
				continue
			}
			if pendingSpace && b.Len() > 0 {
				b.WriteByte(' ')
			}
			pendingSpace = false
			b.WriteByte(c)
			continue
		}
		// Invalid UTF-8 decodes to U+FFFD one byte at a time, as range does.
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case cached && r >= latinLo && r < latinHi && latin[r-latinLo] != "":
			for i := 0; i < len(latin[r-latinLo]); i++ {
				emit(rune(latin[r-latinLo][i]))
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
	return b.String()
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
