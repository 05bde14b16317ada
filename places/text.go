package places

import (
	"strings"

	"github.com/idcontrol/idcontrol/fold"
)

// Text is an OCR text folded once, to look for several addresses in it
// (AddressFound for each participant, FindAddresses) without folding it
// again for each. It is not changed once made: safe for concurrent use.
type Text struct {
	raw   string
	blank bool // only white space
	t     *foldedText
	lines []span // '\n' lines, for the OCR repair
}

// NewText folds text for AddressFound and FindAddresses.
func NewText(text string) *Text {
	t := foldText(text)
	return &Text{raw: text, blank: strings.TrimSpace(text) == "", t: t, lines: t.lines("\n")}
}

// Folded returns fold.Fold of the text, for other searches of the same
// request.
func (x *Text) Folded() string { return x.t.folded }

// foldedText is an OCR text folded once, for AddressFound and
// FindAddresses: its words in order, and its segments — the raw pieces
// between the separators '\n', '\r', ',' and ';' — as ranges of words.
// Folding works rune by rune, so the words of any piece of the text (a
// line, a line's comma-separated part) are the words of its segments, and
// each search reads them from here instead of folding the text again.
type foldedText struct {
	folded string // fold.Fold of the text
	words  []string
	segs   []segment
}

// segment is a raw piece of text between two separators: its words
// [lo, hi), whether it was empty before folding, and the separator that
// ends it (0 for the end of the text).
type segment struct {
	lo, hi int
	empty  bool
	end    byte
}

func isSegmentEnd(c byte) bool { return c == '\n' || c == '\r' || c == ',' || c == ';' }

func foldText(text string) *foldedText {
	n := 1
	for i := 0; i < len(text); i++ {
		if isSegmentEnd(text[i]) {
			n++
		}
	}
	t := &foldedText{segs: make([]segment, 0, n)}
	// First the segments' folded bytes, one after the other in one buffer
	// (lo, hi: byte offsets for now), then their words, sliced from it.
	// Folding works rune by rune and the separators fold to spaces: the
	// buffer is Fold(text).
	buf := make([]byte, 0, len(text))
	start := 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && !isSegmentEnd(text[i]) {
			continue
		}
		var end byte
		if i < len(text) {
			end = text[i]
		}
		// One space between the segments' words makes buf Fold(text).
		mark := len(buf)
		if mark > 0 {
			buf = append(buf, ' ')
		}
		lo := len(buf)
		buf = fold.Append(buf, text[start:i])
		if len(buf) == lo {
			buf, lo = buf[:mark], mark
		}
		t.segs = append(t.segs, segment{lo: lo, hi: len(buf), empty: i == start, end: end})
		start = i + 1
	}
	folded := string(buf)
	t.folded = folded
	t.words = make([]string, 0, strings.Count(folded, " ")+len(t.segs))
	for k := range t.segs {
		sg := &t.segs[k]
		// A folded piece is words one space apart, without leading or
		// trailing space: splitting on ' ' is strings.Fields.
		f := folded[sg.lo:sg.hi]
		sg.lo = len(t.words)
		for f != "" {
			j := strings.IndexByte(f, ' ')
			if j < 0 {
				t.words = append(t.words, f)
				break
			}
			t.words = append(t.words, f[:j])
			f = f[j+1:]
		}
		sg.hi = len(t.words)
	}
	return t
}

// span is a range of segments [lo, hi).
type span struct{ lo, hi int }

// lines groups the segments into the pieces of text that cuts splits on:
// a piece ends at a segment whose end separator is in cuts (or at the end
// of the text). strings.Split semantics: empty pieces are kept.
func (t *foldedText) lines(cuts string) []span {
	var out []span
	lo := 0
	for i, s := range t.segs {
		if s.end == 0 || strings.IndexByte(cuts, s.end) >= 0 {
			out = append(out, span{lo, i + 1})
			lo = i + 1
		}
	}
	return out
}

// wordsOf returns the words of the segments of sp, capacity-limited so
// that no append can write past them.
func (t *foldedText) wordsOf(sp span) []string { return t.wordsIn(t.words, sp) }

// wordsIn is wordsOf on words, t's words or a repaired copy of them.
func (t *foldedText) wordsIn(words []string, sp span) []string {
	lo, hi := t.segs[sp.lo].lo, t.segs[sp.hi-1].hi
	return words[lo:hi:hi]
}

// emptyRaw tells whether the raw text of sp was empty: one segment with
// nothing in it (two segments hold at least their separator).
func (t *foldedText) emptyRaw(sp span) bool { return sp.hi-sp.lo == 1 && t.segs[sp.lo].empty }

// repair reads, line by line ('\n'), the words that are OCR readings of
// a declared word as that word (repairOCR's rule, on the folded words). It
// returns the text's words with those rewritten — a copy when one was, so
// that t stays as folded — and which lines changed (nil when none did). A
// text without a digit an OCR engine reads for a letter is left alone, as
// repairOCR does.
func (t *foldedText) repair(declared Address, text string, lines []span) (words []string, changed []bool) {
	words = t.words
	if !strings.ContainsAny(text, "0124568") {
		return words, nil
	}
	var known []string
	for li, l := range lines {
		for j := t.segs[l.lo].lo; j < t.segs[l.hi-1].hi; j++ {
			w := words[j]
			if !mixedWord(w) {
				continue
			}
			if known == nil {
				for _, s := range []string{declared.Line1, declared.Line2, declared.City} {
					known = append(known, strings.Fields(fold.Fold(s))...)
				}
			}
			for _, k := range known {
				if ocrWordEqual(k, w) {
					if changed == nil {
						changed = make([]bool, len(lines))
						words = append([]string(nil), t.words...)
					}
					words[j], changed[li] = k, true
					break
				}
			}
		}
	}
	return words, changed
}

// containsWords tells whether the words of phrase stand next to one
// another in words, each word of words read through canon first.
func containsWords(words, phrase []string, canon func(string) string) bool {
	if len(phrase) == 0 {
		return false
	}
	for i := 0; i+len(phrase) <= len(words); i++ {
		k := 0
		for k < len(phrase) && canon(words[i+k]) == phrase[k] {
			k++
		}
		if k == len(phrase) {
			return true
		}
	}
	return false
}

func same(w string) string { return w }

// saintWord is canonName on one word.
func saintWord(w string) string {
	switch w {
	case "ST":
		return "SAINT"
	case "STE":
		return "SAINTE"
	}
	return w
}
