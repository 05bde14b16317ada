package fold

import "testing"

func TestFold(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"", ""},
		{"DUPONT", "DUPONT"},
		{"  Jean-Pierre  ", "JEAN PIERRE"},
		{"D'Amico", "D AMICO"},
		{"Héloïse", "HELOISE"},
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

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Jean-Pierre", "Æ ß", "\xff", "<<A"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Fold(s)
		if !isFolded(out) {
			t.Fatalf("Fold(%q) = %q is not folded", s, out)
		}
		if Fold(out) != out {
			t.Fatalf("Fold is not idempotent on %q", s)
		}
	})
}
