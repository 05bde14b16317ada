package names

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/idcontrol/idcontrol/match"
)

// How a set of words was matched, strongest last: the rule a decision
// names.
const (
	viaSubset = iota // exact words (separators aside)
	viaOCR           // an OCR confusion undone on the extracted side
	viaCut           // an MRZ field cut at its end
)

// givenSet reports whether every declared given name is one of the
// document's given names, each document name used once, in any order
// (CLAIRE of ANNE MARIE CLAIRE; CLAIRE ANNE too). A run of declared words
// may stand for one document word and the reverse (JEAN PIERRE for
// JEANPIERRE, the compound written apart), never a part of a word: a
// compound given name (JEANPIERRE, glued from JEAN-PIERRE) is one name.
//
// ocr lets a document word be an OCR reading of a declared one; cut lets
// the last document word be the start of a declared one and declared names
// be left over once every document word is used (an MRZ field cut at its
// end). how says which of these was needed.
func givenSet(d, e []string, ocr, cut bool) (ok bool, how int) {
	// One declared name that is one of the document's, the usual case:
	// the search would find it within a few hundred steps, plainly.
	if len(d) == 1 && len(e) <= maxNameWords && slices.Contains(e, d[0]) {
		return true, viaSubset
	}
	return givenSetWork(d, e, ocr, cut, &budget{left: maxGivenWork, own: true})
}

// budget counts down the comparisons a decision may still make.
type budget struct {
	left int
	// own: the budget is one search's alone. That search may then stop at
	// its first plain match, which nothing beats; a shared budget must be
	// spent as before, or a later search sharing it could go further.
	own bool
}

// spend takes one comparison; false once the budget is gone.
func (b *budget) spend() bool {
	b.left--
	return b.left >= 0
}

// givenSetWork is givenSet within a budget of comparisons shared by the
// searches of one decision: once it is spent, nothing more matches.
func givenSetWork(d, e []string, ocr, cut bool, work *budget) (ok bool, how int) {
	if len(d) == 0 || len(e) == 0 || len(d) > maxNameWords || len(e) > maxNameWords {
		return false, 0
	}
	// Plain words first: OCR readings and cuts are tried only when they
	// do not suffice, which keeps the usual comparison cheap.
	g := givenMatcher{d: d, e: e, best: -1, work: work}
	g.run(0, 0, viaSubset)
	if g.best < 0 && (ocr || cut) {
		g = givenMatcher{d: d, e: e, ocr: ocr, cut: cut, best: -1, work: work}
		g.run(0, 0, viaSubset)
	}
	return g.best >= 0, g.best
}

type givenMatcher struct {
	d, e     []string
	ocr, cut bool
	best     int     // the weakest mechanism over the matchings found, -1 for none
	work     *budget // bounds the search on hostile input
}

// maxGivenWork bounds the comparisons of one decision: real names have a
// handful of words and need a few dozen; a hostile list of repeated words
// would need billions. A search cut short finds no match: the engine
// refuses rather than guesses. maxTextWork is the budget of a search
// through a whole text (a payslip of 4 KiB needs some 30,000).
const (
	maxGivenWork = 20000
	maxTextWork  = 400000
)

// maxNameWords is the most words a name compared by sets may have; a
// longer value is not a name.
const maxNameWords = 16

func (g *givenMatcher) run(i int, used uint32, how int) {
	if g.best == viaSubset || g.work.left < 0 {
		return
	}
	all := uint32(1)<<len(g.e) - 1
	if i == len(g.d) {
		g.found(how)
		return
	}
	if g.cut && used == all {
		// Every document word is used: the declared ones left were cut off
		// with the end of the field.
		g.found(viaCut)
		return
	}
	for j := range g.e {
		if used&(1<<j) != 0 {
			continue
		}
		for b := 1; j+b <= len(g.e) && used&(1<<(j+b-1)) == 0; b++ {
			mask := uint32(1)<<(j+b) - uint32(1)<<j
			for a := 1; i+a <= len(g.d); a++ {
				if a > 1 && b > 1 {
					break // one side is a single word
				}
				if g.best == viaSubset && g.work.own {
					return
				}
				if !g.work.spend() {
					return
				}
				dr, er := g.d[i:i+a], g.e[j:j+b]
				switch {
				case sameConcat(dr, er):
					g.run(i+a, used|mask, how)
				case g.ocr && a == 1 && b == 1 && ocrEqual(dr[0], er[0]):
					g.run(i+a, used|mask, max(how, viaOCR))
				case g.cut && j+b == len(g.e) && cutConcat(dr, er):
					g.run(i+a, used|mask, viaCut)
				}
			}
		}
	}
}

func (g *givenMatcher) found(how int) {
	if g.best < 0 || how < g.best {
		g.best = how
	}
}

// cutConcat reports whether the words of e, glued, are a strict start of
// the words of d, glued, and the cut word is not another name: not a known
// given name, not a gendered form of the word it cuts (JEAN of JEANNE).
func cutConcat(d, e []string) bool {
	var x, y string
	full := ""
	for {
		for x == "" && len(d) > 0 {
			x, d, full = d[0], d[1:], d[0]
		}
		for y == "" && len(e) > 0 {
			y, e = e[0], e[1:]
		}
		if y == "" {
			break
		}
		if x == "" {
			return false
		}
		n := min(len(x), len(y))
		if x[:n] != y[:n] {
			return false
		}
		x, y = x[n:], y[n:]
	}
	if x == "" && len(d) == 0 {
		return false // equal, not cut
	}
	if x == "" {
		return true // cut between words
	}
	cutWord := full[:len(full)-len(x)]
	return !isKnown(cutWord) && !genderPair(cutWord, full)
}

// hasParticle: particles belong to a surname, never to given names.
func hasParticle(ws []string) bool {
	for _, w := range ws {
		if particles.has(w) {
			return true
		}
	}
	return false
}

// fullNameEqual compares two full names whose surname and given names may
// come in either order (JEAN DUPONT, DUPONT JEAN): the surname is a run of
// words at the start or the end of each side, equal as a last name (words
// in order, separators and droppable particles aside); the declared given
// names are a set of the document's (givenSet). surE, when not nil, is the
// document's surname already known (an MRZ's primary identifier) and e its
// given names. how reports the mechanism: viaSubset, viaOCR, viaCut, or
// particle when a particle was dropped.
func fullNameEqual(d, e, surE []string, ocr, cut bool) (ok bool, how int, particle bool) {
	return fullNameEqualWork(d, e, surE, ocr, cut, &budget{left: maxGivenWork})
}

// fullNameEqualWork is fullNameEqual within a shared budget of comparisons
// (givenSetWork).
func fullNameEqualWork(d, e, surE []string, ocr, cut bool, work *budget) (ok bool, how int, particle bool) {
	if len(d) > maxNameWords || len(e) > maxNameWords || len(surE) > maxNameWords {
		return false, 0, false
	}
	best, found := 99, false
	try := func(sd, gd, se, ge []string) {
		if !work.spend() || len(sd) == 0 || hasParticle(gd) || (surE == nil && (len(se) == 0 || len(ge) == 0 || hasParticle(ge))) {
			return
		}
		h, p, ok := surnameEqual(sd, se, ocr, cut && len(ge) == 0)
		if !ok {
			return
		}
		if len(gd) == 0 || len(ge) == 0 {
			// Only an MRZ cut inside the surname leaves no given names.
			if !(cut && len(ge) == 0 && surE != nil) {
				return
			}
			h = viaCut
		} else {
			ok, gh := givenSetWork(gd, ge, ocr, cut, work)
			if !ok {
				return
			}
			h = max(h, gh)
		}
		if !found || h < best || (h == best && particle && !p) {
			best, particle = h, p
		}
		found = true
	}
	done := func() bool { return found && best == viaSubset && !particle }
	// The declared name is "first last": its surname is its last words.
	// (Given names before the surname either way: DUPONT JEAN read as
	// given name DUPONT, surname JEAN, still finds JEAN DUPONT.)
	for s := 1; s < len(d) && !done(); s++ {
		sd, gd := d[len(d)-s:], d[:len(d)-s]
		if surE != nil {
			try(sd, gd, surE, e)
			continue
		}
		for k := 1; k < len(e) && !done(); k++ {
			try(sd, gd, e[:k], e[k:])
			try(sd, gd, e[len(e)-k:], e[:len(e)-k])
		}
	}
	return found, best, particle
}

// surnameEqual compares two surnames word lists in order: glued equal,
// equal once leading droppable particles are left out on one side, word by
// word with OCR readings, or (cut) the document's the start of the
// declared one.
func surnameEqual(d, e []string, ocr, cut bool) (how int, particle, ok bool) {
	if sameConcat(d, e) {
		return viaSubset, false, true
	}
	for i := 0; i < len(d) && i <= maxParticles && droppablePrefix(d, i); i++ {
		for j := 0; j < len(e) && j <= maxParticles && droppablePrefix(e, j); j++ {
			if (i == 0) == (j == 0) {
				continue
			}
			if !allParticles(d[i:]) && sameConcat(d[i:], e[j:]) {
				return viaSubset, true, true
			}
		}
	}
	if ocr && len(d) == len(e) {
		all, used := true, false
		for k := range d {
			if d[k] != e[k] {
				all, used = all && ocrEqual(d[k], e[k]), true
			}
		}
		if all && used {
			return viaOCR, false, true
		}
	}
	if cut && cutConcat(d, e) {
		return viaCut, false, true
	}
	return 0, false, false
}

// mrzMayBeCut reports whether an MRZ name field may have been cut at its
// end: it ends with a letter, or with a single '<' right after a letter
// (the cut fell on the separator inside a compound name). Two fillers or
// more prove the field was not full.
func mrzMayBeCut(raw string) bool {
	raw = strings.TrimRight(raw, " \t\r\n")
	n := len(raw)
	if n == 0 {
		return false
	}
	if raw[n-1] != '<' {
		return true
	}
	return n >= 2 && raw[n-2] != '<' && raw[n-2] != ' '
}

// damaged reports whether s carries a replacement character left by a
// broken encoding, an invisible one (zero-width space, joiner or
// non-joiner, word joiner, byte-order mark, soft hyphen) or bytes that are
// not UTF-8: the name was damaged on the way, and folding would hide it.
func damaged(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < utf8.RuneSelf {
			continue
		}
		for _, r := range s[i:] {
			switch r {
			case utf8.RuneError, '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD':
				// RuneError is both U+FFFD and what ranging yields for a
				// byte that is not UTF-8.
				return true
			}
		}
		return false
	}
	return false
}

const msgDamaged = "A name holds a replacement or invisible character: it was damaged on the way and is not compared."

func damagedDecision() match.Decision {
	return decision(false, match.RuleDamaged, 0, msgDamaged)
}
