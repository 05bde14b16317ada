package fold

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"", ""},
		{"DUPONT", "DUPONT"},
		{"  Jean-Pierre  ", "JEAN PIERRE"},
		{"D'Amico", "D AMICO"},
		{"Héloïse", "HELOISE"},
		{"ǿ Ǿ", "O O"}, // decomposes to ø, which still needs its map
		{"Lætitia Œdipe", "LAETITIA OEDIPE"},
		{"Straße", "STRASSE"},
		{"Søren Þór", "SOREN THOR"},
		{"ERIKSSON<<ANNA<MARIA<<<", "ERIKSSON ANNA MARIA"},
		{"Łukasz Đorđević", "LUKASZ DORDEVIC"},
		{"ﬁnn", "FINN"},
		{"Иванов", "ИВАНОВ"},
		{"Paris 15e (75)", "PARIS 15E 75"},
		{"A\u00a0B\u202fC", "A B C"},
		{"A ", "A"},
	}
	for _, c := range cases {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFoldAlreadyFoldedDoesNotAllocate(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _ = Fold("JEAN PIERRE") }); n != 0 {
		t.Fatalf("Fold of folded text allocated %v times", n)
	}
}

func TestBlank(t *testing.T) {
	inputs := []string{"", " ", "-", "<<<", " \t\n", "A", "a", "0", " - x", "É", "\u00a0", "\u0301", "e\u0301",
		"\xc3", "\xc3a", "\xe2\x80", "Иванов", "\u2010", "·", "Ŀ", "ﬁ", "½", "(75)", "\u200b"}
	for r := rune(0); r < 0x3000; r++ {
		inputs = append(inputs, string(r), " "+string(r)+"-")
	}
	for _, s := range inputs {
		if got, want := Blank(s), Fold(s) == ""; got != want {
			t.Errorf("Blank(%q) = %v, want %v", s, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = Blank("Hélène") || Blank("Paris (75)") || Blank("  ") }); n != 0 {
		t.Errorf("Blank allocated %v times", n)
	}
}

func FuzzBlank(f *testing.F) {
	for _, s := range []string{"", "-", "É", "\xc3-", "\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Blank(s), Fold(s) == ""; got != want {
			t.Fatalf("Blank(%q) = %v, Fold gives %q", s, got, Fold(s))
		}
	})
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Jean-Pierre", "Æ ß", "\xff", "<<A"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Fold(s)
		if !wellFormed(out) {
			t.Fatalf("Fold(%q) = %q is not upper-case words separated by single spaces", s, out)
		}
		if Fold(out) != out {
			t.Fatalf("Fold is not idempotent on %q: %q then %q", s, out, Fold(out))
		}
		if got := Fold(TrimSeparators(s)); got != out {
			t.Fatalf("Fold(TrimSeparators(%q)) = %q, Fold = %q", s, got, out)
		}
	})
}

// wellFormed: words of A-Z, 0-9 and upper-case letters of other scripts
// (kept for the caller to transliterate), one space apart.
func wellFormed(s string) bool {
	if s != strings.TrimSpace(s) || strings.Contains(s, "  ") {
		return false
	}
	for _, r := range s {
		switch {
		case r == ' ', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case r < utf8.RuneSelf:
			return false
		case unicode.Is(unicode.Mn, r), unicode.ToUpper(r) != r, !unicode.IsLetter(r) && !unicode.IsDigit(r):
			return false
		}
	}
	return true
}

// TestLatinCacheAgreesWithDecomposition: with and without the cache, every
// Latin letter folds alike, alone and between other characters.
func TestLatinCacheAgreesWithDecomposition(t *testing.T) {
	t.Parallel()
	for r := rune(latinLo); r < latinHi; r++ {
		for _, s := range []string{string(r), "a" + string(r) + "b", "-" + string(r) + " ", string(r) + string(r)} {
			if got, want := Fold(s), foldSlow(s); got != want {
				t.Errorf("Fold(%q) = %q, want %q", s, got, want)
			}
		}
	}
}

func BenchmarkFold(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Fold("Maëlys Gaëlle Müller-Lüdenscheidt")
	}
}

// BenchmarkFoldUncached is BenchmarkFold without the Latin cache, to
// compare in one run.
func BenchmarkFoldUncached(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		foldSlow("Maëlys Gaëlle Müller-Lüdenscheidt")
	}
}
