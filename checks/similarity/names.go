package similarity

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/idcontrol/idcontrol/fold"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/match"
	"github.com/idcontrol/idcontrol/names"
)

// Messages of the name fields. They never repeat a name (personal data);
// they say what to retype, as support tells the person.
const (
	msgLastIsUsage  = "The form gives the document's usage name as the last name."
	msgUsageIsLast  = "The form gives the document's last name as the usage name."
	msgNameNoRule   = "The name differs from the document's in a way no matching rule explains (case, accents, hyphens and spaces, particles, MRZ transliteration and the usage name are explained; a typo is not): type it exactly as on the document."
	msgGivenReorder = "The same given names as on the document, in another order."
)

// nameRule is a comparison of the name engine.
type nameRule func(declared, extracted string, src names.Source) match.Decision

// explained compares a declared name with the document's and reports
// whether a rule of the engine explains every difference. The document
// may have been read from the MRZ (MUELLER for MÜLLER) or the person may
// have typed the MRZ's transliteration: MRZ_TRANSLIT is accepted either
// way, but not the MRZ's other rules (a cut name is no honest form).
// GIVEN_SUBSET is not an explanation here: the FAQ asks for every given
// name.
func explained(rule nameRule, declared, document string) (match.Decision, bool) {
	d := rule(declared, document, names.SourceVIZ)
	if d.Match && d.Rule != match.RuleGivenSubset {
		return d, true
	}
	// Transliteration variants come from letters beyond ASCII (Ü, Ø, Я…):
	// two ASCII names have none to try.
	if d.Rule == match.RuleMissing || (isASCII(declared) && isASCII(document)) {
		return d, false
	}
	for _, m := range [...]match.Decision{rule(declared, document, names.SourceMRZ), rule(document, declared, names.SourceMRZ)} {
		if m.Match && m.Rule == match.RuleMRZTranslit {
			return m, true
		}
	}
	return d, false
}

// surnameScore scores the last name or the usage name: as the engine
// explains it, else as the document's other surname field (the person
// typed their usage name as their last name, or the reverse), else a veto
// with the engine's string similarity as the score shown.
func surnameScore(other func(*idcontrolv1.IdentityFields) string, otherMsg string) func(string, string, *idcontrolv1.IdentityFields) fieldScore {
	return func(declared, document string, doc *idcontrolv1.IdentityFields) fieldScore {
		d, ok := explained(names.LastName, declared, document)
		if ok {
			d.Score = max(d.Score, ruleMatchFloor)
			return fieldScore{Decision: d}
		}
		if d.Rule == match.RuleMissing {
			return fieldScore{Decision: d}
		}
		if alt := other(doc); strings.TrimSpace(alt) != "" {
			if _, ok := explained(names.LastName, declared, alt); ok {
				return fieldScore{Decision: match.Decision{Match: true, Rule: match.RuleUsageOrBirth, Score: ruleMatchFloor, Message: otherMsg}}
			}
		}
		return fieldScore{Decision: match.Decision{Rule: match.RuleNoMatch, Score: names.Similarity(declared, document), Message: msgNameNoRule}, veto: true}
	}
}

// maxGivenNames bounds the given names aligned one by one (real documents
// carry up to six or so); past it only the whole field is compared, which
// keeps hostile input cheap.
const maxGivenNames = 12

// givenNamesScore scores the given names as the FAQ asks them: all of
// them, as on the document. Each given name of the form must be one of
// the document's, up to what a rule explains (JEAN-PIERRE is JEAN PIERRE;
// JEAN is not JEAN-PIERRE); a form's given name none of the document's
// explains vetoes. Given names of the document the form leaves out cost in
// proportion: the score is the share of the document's given names the
// form gives (1 of 3 scores 0.33). The same given names in another order
// are the same person's.
func givenNamesScore(declared, document string, _ *idcontrolv1.IdentityFields) fieldScore {
	whole, ok := explained(names.FirstName, declared, document)
	if whole.Rule == match.RuleMissing {
		return fieldScore{Decision: whole}
	}
	if ok && sameSequence[whole.Rule] {
		whole.Score = max(whole.Score, ruleMatchFloor)
		return fieldScore{Decision: whole}
	}
	form, doc := givenNames(declared), givenNames(document)
	if len(form) > maxGivenNames || len(doc) > maxGivenNames {
		if ok {
			whole.Score = max(whole.Score, ruleMatchFloor)
			return fieldScore{Decision: whole}
		}
		return fieldScore{Decision: match.Decision{Rule: match.RuleNoMatch, Score: names.Similarity(declared, document), Message: msgNameNoRule}, veto: true}
	}
	onDoc, unexplained := align(form, doc)
	switch {
	case unexplained > 0:
		msg := fmt.Sprintf("The document has %s, the form %d, of which %d no matching rule explains as one of the document's (a typo is not explained): type every given name exactly as on the document.",
			givenCount(len(doc)), len(form), unexplained)
		return fieldScore{Decision: match.Decision{Rule: match.RuleNoMatch, Score: names.Similarity(declared, document), Message: msg}, veto: true}
	case onDoc < len(doc):
		msg := fmt.Sprintf("The document has %s, the form %d: type every given name as on the document.", givenCount(len(doc)), len(form))
		return fieldScore{Decision: match.Decision{Rule: match.RuleGivenSubset, Score: float64(onDoc) / float64(len(doc)), Message: msg}}
	case ok:
		whole.Score = max(whole.Score, ruleMatchFloor)
		return fieldScore{Decision: whole}
	default:
		return fieldScore{Decision: match.Decision{Match: true, Rule: match.RuleTokenOrder, Score: ruleMatchFloor, Message: msgGivenReorder}}
	}
}

// sameSequence are the engine's rules that rewrite a whole name letter by
// letter (folding, separators, transliteration, OCR confusions): when one
// explains the whole field, the form holds the document's given names, all
// of them, in order, and no alignment is needed.
var sameSequence = map[match.Rule]bool{
	match.RuleExact: true, match.RuleSeparators: true, match.RuleMRZTranslit: true, match.RuleOCREquivalent: true,
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func givenCount(n int) string {
	if n == 1 {
		return "1 given name"
	}
	return fmt.Sprintf("%d given names", n)
}

// givenNames splits a given-names field into given names: blanks and
// commas separate them ("PIERRE, LOUIS"), a hyphen joins a compound given
// name (JEAN-PIERRE is one). Tokens without a letter or digit ("-") are
// no name.
func givenNames(s string) []string {
	out := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' })
	kept := out[:0]
	for _, t := range out {
		if strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			kept = append(kept, t)
		}
	}
	return kept
}

// maxRun is the most given names glued into one compared unit: JEAN PIERRE
// typed for JEAN-PIERRE, MARIE ANNE SOPHIE for MARIE-ANNE-SOPHIE.
const maxRun = 3

// align pairs the form's given names with the document's and returns how
// many of the document's the form gives and how many of the form's are
// none of the document's. A unit is a run of up to maxRun consecutive
// given names (compared glued, so a hyphen or a blank makes no
// difference); longer runs are paired first, in any order. Units equal
// once folded (case, accents, separators) pair without the engine; the rest
// go through the engine's rules (OCR confusions, MRZ transliteration).
func align(form, doc []string) (onDoc, unexplained int) {
	fk, dk := keys(form), keys(doc)
	usedF, usedD := make([]bool, len(form)), make([]bool, len(doc))
	folded := func(i, a, j, b int) bool {
		k := joinedKey(fk, i, a)
		return k != "" && k == joinedKey(dk, j, b)
	}
	engine := func(i, a, j, b int) bool {
		_, ok := explained(names.FirstName, strings.Join(form[i:i+a], "-"), strings.Join(doc[j:j+b], "-"))
		return ok
	}
	pair(folded, 2*maxRun, usedF, usedD)
	// The engine's rules on what is left, single names and pairs only:
	// runs are the folded pass's business, and this keeps the cost bounded.
	pair(engine, 3, usedF, usedD)
	for _, u := range usedD {
		if u {
			onDoc++
		}
	}
	for _, u := range usedF {
		if !u {
			unexplained++
		}
	}
	return onDoc, unexplained
}

// keys folds each given name to its letters and digits (Hélène-Marie →
// HELENEMARIE). A name carrying a replacement or invisible character was
// damaged on the way: it gets no key, so only the engine may pair it.
func keys(ns []string) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		if strings.ContainsFunc(n, damaged) {
			continue
		}
		out[i] = strings.ReplaceAll(fold.Fold(n), " ", "")
	}
	return out
}

func damaged(r rune) bool {
	return r == unicode.ReplacementChar || unicode.Is(unicode.Cf, r) || unicode.IsControl(r)
}

// joinedKey glues the keys of n names from i; "" when one has no key.
func joinedKey(k []string, i, n int) string {
	if n == 1 {
		return k[i]
	}
	var b strings.Builder
	for _, x := range k[i : i+n] {
		if x == "" {
			return ""
		}
		b.WriteString(x)
	}
	return b.String()
}

// pair marks the units that same pairs, runs of up to maxTotal names in
// all, the longest first.
func pair(same func(i, a, j, b int) bool, maxTotal int, usedF, usedD []bool) {
	for total := maxTotal; total >= 2; total-- {
		for a := max(1, total-maxRun); a <= min(maxRun, total-1); a++ {
			b := total - a
			for i := 0; i+a <= len(usedF); i++ {
				if anyUsed(usedF, i, a) {
					continue
				}
				for j := 0; j+b <= len(usedD); j++ {
					if !anyUsed(usedD, j, b) && same(i, a, j, b) {
						mark(usedF, i, a)
						mark(usedD, j, b)
						break
					}
				}
			}
		}
	}
}

func anyUsed(used []bool, i, n int) bool {
	for _, u := range used[i : i+n] {
		if u {
			return true
		}
	}
	return false
}

func mark(used []bool, i, n int) {
	for k := i; k < i+n; k++ {
		used[k] = true
	}
}
