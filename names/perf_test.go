package names

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/idcontrol/idcontrol/fold"
)

// TestAllocs guards the allocation budget of the usual comparisons (at
// most 2 each). Allocations are deterministic, unlike timings, so a
// regression fails here rather than only in a benchmark.
func TestAllocs(t *testing.T) {
	cases := []struct {
		name string
		fn   func()
	}{
		{"first/viz", func() { FirstName("Jean-Pierre", "JEAN PIERRE, MARIE", SourceVIZ) }},
		{"first/mrz", func() { FirstName("JEAN PIERRE", "JEAN<<PIERRE<<<<<<", SourceMRZ) }},
		{"first/mrz-translit", func() { FirstName("Jürgen", "JUERGEN<<<<", SourceMRZ) }},
		{"last/viz", func() { LastName("Dupont", "DUPONT", SourceVIZ) }},
		{"last/viz-accent", func() { LastName("Hélène Lefèvre", "HELENE LEFEVRE", SourceVIZ) }},
		{"last/mrz", func() { LastName("MÜLLER", "MUELLER<<", SourceMRZ) }},
		{"last/mrz-mixed", func() { LastName("Müller", "MUELLER<<<<<<", SourceMRZ) }},
		{"last/nomatch", func() { LastName("DUPONT", "DURAND", SourceVIZ) }},
		{"similarity", func() { Similarity("JEAN DUPONT", "DUPONT JEANNE") }},
	}
	for _, c := range cases {
		if n := testing.AllocsPerRun(100, c.fn); n > 2 {
			t.Errorf("%s: %v allocations, want at most 2", c.name, n)
		}
	}
}

// TestFoldText: foldText is fold.Fold with fewer allocations, never a
// different result.
func TestFoldText(t *testing.T) {
	inputs := []string{"", "-", "<<A<<", "Jean-Pierre", "JEAN‐PIERRE", "d'Artagnan", "Hélène", "Straße", "Øster-Ålund",
		"Иванов", "A\u00a0B", "e\u0301", "\xc3-\x9c", "ﬁnn", "Łukasz", "Ǆ", "½"}
	for r := rune(0); r < 0x600; r++ {
		inputs = append(inputs, "a"+string(r)+"b", string(r)+" -x", "-"+string(r))
	}
	for _, p := range loadPairs(t) {
		inputs = append(inputs, strings.Split(p.declared+"|"+p.extracted, "|")...)
	}
	for _, s := range inputs {
		checkFoldText(t, s)
	}
}

func checkFoldText(t *testing.T, s string) {
	t.Helper()
	if got, want := foldText(s, false), fold.Fold(s); got != want {
		t.Fatalf("foldText(%q) = %q, fold.Fold %q", s, got, want)
	}
	if utf8.ValidString(s) {
		if got, want := foldText(s, true), fold.Fold(compoundHyphens.Replace(s)); got != want {
			t.Fatalf("foldText(%q, glue) = %q, want %q", s, got, want)
		}
	}
}

func FuzzFoldText(f *testing.F) {
	for _, s := range []string{"Jean-Pierre", "Müller<<", "Ä ß é", "\xff-", "Юлия"} {
		f.Add(s)
	}
	f.Fuzz(checkFoldText)
}

func BenchmarkBirthName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		BirthName("Martin née Dupont", "DUPONT", SourceVIZ)
	}
}

func BenchmarkFullName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		FullName("Jean Dupont", "DUPONT JEAN PIERRE", SourceText)
	}
}

func BenchmarkFound(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Found("Jean", "Dupont", "M. OU MME JEAN DUPONT\n12 RUE DES LILAS\n75012 PARIS")
	}
}

func BenchmarkSimilarity(b *testing.B) {
	b.Run("words", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Similarity("Jean Dupont", "DUPONT JEANNE")
		}
	})
	b.Run("accents", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Similarity("Hélène Lefèvre", "HELENE LEFEVRE")
		}
	})
}

// TestUnscoredCompare: compare without the no-match score (the inversion
// tests' matches) decides as the scored one on every labelled pair, under
// every kind and source, and each pair swapped.
func TestUnscoredCompare(t *testing.T) {
	for _, p := range loadPairs(t) {
		for _, k := range []kind{kindFirst, kindLast, kindBirth, kindFull} {
			for _, src := range []Source{SourceVIZ, SourceMRZ, SourceText} {
				for _, dx := range [][2]string{{p.declared, p.extracted}, {p.extracted, p.declared}} {
					a, b := compare(k, dx[0], dx[1], src, true, nil), compare(k, dx[0], dx[1], src, false, nil)
					if a.Match != b.Match || a.Rule != b.Rule || a.Message != b.Message || (a.Match && a.Score != b.Score) {
						t.Fatalf("compare(%v, %q, %q, %v): scored %+v, unscored %+v", k, dx[0], dx[1], src, a, b)
					}
				}
			}
		}
	}
}

// TestMemo: a Memo's decisions are the package functions', whether it is
// fresh, shared by the comparisons of one pair (hits across kinds, sources
// and sides) or full.
func TestMemo(t *testing.T) {
	var long Memo
	for _, p := range loadPairs(t) {
		var m Memo
		checkMemo(t, &m, p.declared, p.extracted)
		checkMemo(t, &m, p.extracted, p.declared)
		checkMemo(t, &long, p.declared, p.extracted)
	}
	if long.n != memoSize {
		t.Errorf("the long-lived memo holds %d names, want it full (%d)", long.n, memoSize)
	}
}

func FuzzMemo(f *testing.F) {
	f.Add("Jean-Pierre", "JEAN<<PIERRE<MA", "Müller")
	f.Add("DUPONT ÉPOUSE MARTIN", "MUELLER<<", "M'BAPPE")
	f.Add("Сергей", "SERGEI", "M Dupont")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var m Memo
		checkMemo(t, &m, a, b)
		checkMemo(t, &m, b, c)
		checkMemo(t, &m, c, a)
	})
}

func checkMemo(t *testing.T, m *Memo, a, b string) {
	t.Helper()
	for _, src := range []Source{SourceVIZ, SourceMRZ, SourceText} {
		if got, want := m.FirstName(a, b, src), FirstName(a, b, src); got != want {
			t.Fatalf("FirstName(%q, %q, %v): memo %+v, want %+v", a, b, src, got, want)
		}
		if got, want := m.LastName(a, b, src), LastName(a, b, src); got != want {
			t.Fatalf("LastName(%q, %q, %v): memo %+v, want %+v", a, b, src, got, want)
		}
		if got, want := m.BirthName(a, b, src), BirthName(a, b, src); got != want {
			t.Fatalf("BirthName(%q, %q, %v): memo %+v, want %+v", a, b, src, got, want)
		}
	}
	for _, q := range [][4]string{{a, b, b, a}, {b, a, b, a}, {a, b, a, b}, {a, a, b, b}} {
		if got, want := m.FirstLastInverted(q[0], q[1], q[2], q[3]), FirstLastInverted(q[0], q[1], q[2], q[3]); got != want {
			t.Fatalf("FirstLastInverted%q: memo %v, want %v", q, got, want)
		}
		if got, want := m.NamesInverted(q[0], q[1], q[2], q[3]), NamesInverted(q[0], q[1], q[2], q[3]); got != want {
			t.Fatalf("NamesInverted%q: memo %v, want %v", q, got, want)
		}
	}
}

// BenchmarkMemoRequest is the name comparisons of one identity request
// (checks/identity on server/testdata/bench/identity-td1.json), in its
// order, on one Memo: the MRZ against the VIZ, then the client file
// against the VIZ, then the inversion test.
func BenchmarkMemoRequest(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var m Memo
		m.LastName("MARTIN", "MARTIN<<", SourceMRZ)
		m.FirstName("MAËLYS GAELLE MARIE", "MAELYS<GAELLE<MARIE<<<", SourceMRZ)
		m.FirstName("Maëlys", "MAËLYS GAELLE MARIE", SourceVIZ)
		m.LastName("Martin", "MARTIN", SourceVIZ)
		m.FirstLastInverted("Maëlys", "Martin", "MAËLYS GAELLE MARIE", "MARTIN")
	}
}
