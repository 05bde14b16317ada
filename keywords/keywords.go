// Package keywords finds the words and phrases of a policy's keyword list
// in a document's OCR text. Both sides go through fold (accents, case,
// ligatures, punctuation) and are compared as whole words: a keyword is a
// run of consecutive words of the text, never a substring of one ("RIB" is
// not found in "TRIBUNAL", "CAF" not in "CAFE").
//
// A list says where a word may be singular or plural: a word written with
// a plural mark, "impayé(s)", "journal(aux)", matches its singular and its
// plural forms (IMPAYE, IMPAYES; JOURNAL, JOURNAUX). Without the mark a word
// matches as written only.
package keywords

import (
	"strings"

	"github.com/idcontrol/idcontrol/fold"
)

// List is a compiled keyword list; the zero List finds nothing.
type List struct {
	entries []entry
}

type entry struct {
	raw   string // as written in the policy, answered as found
	words []word // folded words, in order
}

type word struct {
	forms []string // the folded forms this word of the keyword matches
}

// Compile prepares a policy list. Entries that fold to nothing (blanks,
// punctuation) are dropped; duplicates after folding are kept once, the
// first spelling answering for them.
func Compile(list []string) List {
	var l List
	seen := make(map[string]bool, len(list))
	for _, raw := range list {
		e, key := compileEntry(raw)
		if len(e.words) == 0 || seen[key] {
			continue
		}
		seen[key] = true
		l.entries = append(l.entries, e)
	}
	return l
}

// Len is the number of keywords the list looks for.
func (l List) Len() int { return len(l.entries) }

// compileEntry folds one keyword; key identifies it after folding.
func compileEntry(raw string) (entry, string) {
	e := entry{raw: strings.TrimSpace(raw)}
	var key []string
	for _, part := range strings.Fields(raw) {
		stem, plural := pluralMark(part)
		ws := fold.Words(stem)
		for i, w := range ws {
			forms := []string{w}
			// The mark applies to the word it is written on: the last of
			// the part ("pièce-jointe(s)" marks JOINTE).
			if i == len(ws)-1 && plural != "" {
				forms = pluralForms(w, plural)
			}
			e.words = append(e.words, word{forms: forms})
			key = append(key, strings.Join(forms, "|"))
		}
	}
	return e, strings.Join(key, " ")
}

// pluralMark splits "impayé(s)" into "impayé" and "S"; a part without a
// mark returns itself and "".
func pluralMark(part string) (string, string) {
	if !strings.HasSuffix(part, ")") {
		return part, ""
	}
	open := strings.LastIndexByte(part, '(')
	if open <= 0 {
		return part, ""
	}
	mark := strings.ToUpper(part[open+1 : len(part)-1])
	switch mark {
	case "S", "X", "ES", "AUX":
		return part[:open], mark
	}
	return part, ""
}

// pluralForms is the singular w and its plural for the mark: +S, +X, +ES,
// or AL/AIL → AUX.
func pluralForms(w, mark string) []string {
	switch mark {
	case "AUX":
		for _, suf := range []string{"AIL", "AL"} {
			if strings.HasSuffix(w, suf) {
				return []string{w, strings.TrimSuffix(w, suf) + "AUX"}
			}
		}
		return []string{w, w + "AUX"}
	default:
		if strings.HasSuffix(w, mark) {
			// Written in the plural already: "frais(s)" is FRAIS only.
			return []string{w}
		}
		return []string{w, w + mark}
	}
}

// Text is a document's text, folded once to be searched by several lists.
type Text struct {
	words []string
	at    map[string][]int // word → its positions; nil for a short text
}

// indexFrom is the word count from which a text is indexed: below it, a
// scan of the words per keyword costs less than building the map (a
// one-page invoice is ~100 words), above it the scan would grow with
// text × list.
const indexFrom = 400

// Prepare folds text for searching.
func Prepare(text string) Text { return PrepareFolded(fold.Fold(text)) }

// PrepareFolded is Prepare on a text already folded (fold.Fold, as
// places.Text.Folded gives it), so that a request folds its text once.
func PrepareFolded(folded string) Text {
	ws := strings.Fields(folded)
	t := Text{words: ws}
	if len(ws) >= indexFrom {
		t.at = make(map[string][]int, len(ws)/2+1)
		for i, w := range ws {
			t.at[w] = append(t.at[w], i)
		}
	}
	return t
}

// Empty reports whether the text holds no word.
func (t Text) Empty() bool { return len(t.words) == 0 }

// Has reports whether one keyword of l stands in t.
func (l List) Has(t Text) bool {
	for _, e := range l.entries {
		if t.has(e) {
			return true
		}
	}
	return false
}

// Find returns the keywords of l that stand in t as whole words, in the
// list's order, each once, spelt as in the list.
func (l List) Find(t Text) []string {
	var out []string
	for _, e := range l.entries {
		if t.has(e) {
			out = append(out, e.raw)
		}
	}
	return out
}

// FindIn is Find on a raw text, for a single list.
func (l List) FindIn(text string) []string { return l.Find(Prepare(text)) }

func (t Text) has(e entry) bool {
	if t.at == nil {
		for i := 0; i+len(e.words) <= len(t.words); i++ {
			if contains(e.words[0].forms, t.words[i]) && t.matchesAt(e, i) {
				return true
			}
		}
		return false
	}
	for _, first := range e.words[0].forms {
		for _, i := range t.at[first] {
			if i+len(e.words) <= len(t.words) && t.matchesAt(e, i) {
				return true
			}
		}
	}
	return false
}

func (t Text) matchesAt(e entry, i int) bool {
	for k := 1; k < len(e.words); k++ {
		if !contains(e.words[k].forms, t.words[i+k]) {
			return false
		}
	}
	return true
}

func contains(forms []string, w string) bool {
	for _, f := range forms {
		if f == w {
			return true
		}
	}
	return false
}

// Index looks for the keywords of many lists in one pass over a text's
// words, where asking each list in turn would scan the text once per
// keyword (doctype's hundred anchors on every document).
type Index struct {
	first map[string][]indexed // a first word's form → the keywords it starts
	lists int
}

type indexed struct {
	list int
	e    *entry
}

// NewIndex indexes lists; Has answers in their order.
func NewIndex(lists []List) *Index {
	x := &Index{first: map[string][]indexed{}, lists: len(lists)}
	for li := range lists {
		for ei := range lists[li].entries {
			e := &lists[li].entries[ei]
			for _, f := range e.words[0].forms {
				x.first[f] = append(x.first[f], indexed{li, e})
			}
		}
	}
	return x
}

// Has reports, per list of the index, whether one of its keywords stands
// in t: lists[i].Has(t) for each i.
func (x *Index) Has(t Text) []bool {
	out := make([]bool, x.lists)
	for i, w := range t.words {
		for _, r := range x.first[w] {
			if !out[r.list] && i+len(r.e.words) <= len(t.words) && t.matchesAt(*r.e, i) {
				out[r.list] = true
			}
		}
	}
	return out
}
