package names

import (
	"unicode/utf8"

	"github.com/idcontrol/idcontrol/fold"
	"github.com/idcontrol/idcontrol/match"
)

// A Memo remembers the names folded during one request, so that a name
// compared several times (a document's given names against the MRZ, then
// against each declared first name, then in the inversion tests) is folded
// once. Its decisions are those of the package functions of the same
// names.
//
// The zero value is ready to use. A Memo is meant to live on the stack of
// one request's computation: it keeps what it was given, personal data,
// and is not safe for concurrent use.
type Memo struct {
	ent [memoSize]memoEntry
	n   int
}

// memoSize is enough for the distinct names of a request with one or two
// participants; beyond it names are folded as without a Memo.
const memoSize = 8

// memoEntry is a prepared name with at most two forms (the usual case; a
// name with more MRZ spellings is not kept), and what it was prepared from.
type memoEntry struct {
	s                        string // the value, trimmed of its ASCII separators
	glue, variants           bool   // as they act on s
	forms                    [2]string
	n                        int
	translit, titled, marked bool
}

// FirstName is FirstName with the names folded once per Memo.
func (m *Memo) FirstName(declared, extracted string, src Source) match.Decision {
	return firstName(declared, extracted, src, m)
}

// LastName is LastName with the names folded once per Memo.
func (m *Memo) LastName(declared, extracted string, src Source) match.Decision {
	return compare(kindLast, declared, extracted, src, true, m)
}

// BirthName is BirthName with the names folded once per Memo.
func (m *Memo) BirthName(declared, extracted string, src Source) match.Decision {
	return compare(kindBirth, declared, extracted, src, true, m)
}

// FirstLastInverted is FirstLastInverted with the names folded once per
// Memo.
func (m *Memo) FirstLastInverted(declFirst, declLast, docFirst, docLast string) bool {
	return firstLastInverted(declFirst, declLast, docFirst, docLast, m)
}

// NamesInverted is NamesInverted with the names folded once per Memo.
func (m *Memo) NamesInverted(declLast, declBirth, docLast, docBirth string) bool {
	return namesInverted(declLast, declBirth, docLast, docBirth, m)
}

// prepare is n.prepare(s, glue, variants) for a fresh n, from the Memo
// when s was prepared alike before. A nil Memo prepares every time.
func (m *Memo) prepare(n *name, s string, glue, variants bool) {
	if m == nil {
		n.prepare(s, glue, variants)
		return
	}
	// The key says what prepare's result depends on: the value without
	// the separators it trims first, glue only when there is a hyphen to
	// remove, variants only when there is a letter to spell otherwise.
	s = fold.TrimSeparators(s)
	glue = glue && hasHyphen(s)
	variants = variants && hasVariantLetter(s)
	for i := range m.n {
		if e := &m.ent[i]; e.s == s && e.glue == glue && e.variants == variants {
			// Form by form: copy's bulk write barrier costs more for two.
			for j, f := range e.forms[:e.n] {
				n.all[j] = f
			}
			n.n, n.translit, n.titled, n.marked = e.n, e.translit, e.titled, e.marked
			return
		}
	}
	n.prepareIn(s, glue, variants, m)
	if m.n < memoSize && n.n <= len(m.ent[0].forms) {
		// Field by field, as above; forms beyond n are never read.
		e := &m.ent[m.n]
		e.s, e.glue, e.variants = s, glue, variants
		for j, f := range n.forms() {
			e.forms[j] = f
		}
		e.n, e.translit, e.titled, e.marked = n.n, n.translit, n.titled, n.marked
		m.n++
	}
}

// form returns the form of a name of m equal to b, if there is one.
func (m *Memo) form(b []byte) (string, bool) {
	if m == nil {
		return "", false
	}
	for i := range m.n {
		e := &m.ent[i]
		for _, f := range e.forms[:e.n] {
			if f == string(b) {
				return f, true
			}
		}
	}
	return "", false
}

// hasVariantLetter reports whether s holds a letter of mrzVariants. The
// letters are not ASCII: ASCII bytes are skipped without decoding.
func hasVariantLetter(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if variantsOf(r, true) != nil {
			return true
		}
		i += size
	}
	return false
}
