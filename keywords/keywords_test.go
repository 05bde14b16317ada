package keywords

import (
	"slices"
	"strings"
	"testing"

	"github.com/idcontrol/idcontrol/fold"
)

func TestFind(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		list []string
		text string
		want []string
	}{
		{"whole word, not a substring", []string{"RIB"}, "TRIBUNAL JUDICIAIRE DE PARIS", nil},
		{"whole word found", []string{"RIB"}, "Votre RIB ci-joint", []string{"RIB"}},
		{"CAF is not CAFE", []string{"CAF"}, "Café de la gare", nil},
		{"accents and case", []string{"impayé"}, "FACTURE IMPAYEE", nil},
		{"accents and case, same word", []string{"Impayé"}, "montant IMPAYÉ : 12 €", []string{"Impayé"}},
		{"phrase across punctuation", []string{"mise en demeure"}, "MISE-EN-DEMEURE, dernier avis", []string{"mise en demeure"}},
		{"apostrophe", []string{"avis d'impôt"}, "AVIS D IMPOT 2023", []string{"avis d'impôt"}},
		{"phrase needs consecutive words", []string{"mise en demeure"}, "mise en place d'une demeure", nil},
		{"phrase at the end of the text", []string{"dernier avis"}, "ceci est votre dernier", nil},
		{"no plural without the mark", []string{"impayé"}, "factures impayés", nil},
		{"plural with the mark", []string{"impayé(s)"}, "factures impayés", []string{"impayé(s)"}},
		{"singular with the mark", []string{"impayé(s)"}, "un impayé", []string{"impayé(s)"}},
		{"plural mark x", []string{"bureau(x)"}, "nos BUREAUX", []string{"bureau(x)"}},
		{"plural al to aux", []string{"journal(aux)"}, "Journaux officiels", []string{"journal(aux)"}},
		{"plural ail to aux", []string{"travail(aux)"}, "TRAVAUX", []string{"travail(aux)"}},
		{"marked word inside a phrase", []string{"pièce(s) jointe(s)"}, "PIECES JOINTES", []string{"pièce(s) jointe(s)"}},
		{"list order, each once", []string{"b", "a", "A"}, "a b a b", []string{"b", "a"}},
		{"blank entries dropped", []string{"  ", "--", "ok"}, "ok", []string{"ok"}},
		{"empty text", []string{"ok"}, "", nil},
		{"digits are words", []string{"2023"}, "année 20234", nil},
		{"ligature", []string{"oeuvre"}, "ŒUVRE", []string{"oeuvre"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := Compile(c.list).FindIn(c.text)
			if !slices.Equal(got, c.want) {
				t.Errorf("Find(%q in %q) = %q, want %q", c.list, c.text, got, c.want)
			}
		})
	}
}

// Adversarial pairs: every keyword stands inside a longer word of the text
// and must not be found.
func TestNoSubstring(t *testing.T) {
	t.Parallel()
	pairs := [][2]string{
		{"RIB", "TRIBUNAL"}, {"RIB", "ATTRIBUTION"}, {"CAF", "CAFETERIA"}, {"EDF", "SEDF"},
		{"impôt", "IMPOTS"}, {"avis", "AVISE"}, {"loyer", "LOYERS"}, {"faux", "FAUXBOURG"},
	}
	for _, p := range pairs {
		if got := Compile([]string{p[0]}).FindIn("le " + p[1] + " de"); got != nil {
			t.Errorf("%q found in %q", p[0], p[1])
		}
	}
}

func TestPrepareOnceManyLists(t *testing.T) {
	t.Parallel()
	txt := Prepare("Attestation de paiement CAF, allocataire n° 1234")
	if got := Compile([]string{"allocataire"}).Find(txt); len(got) != 1 {
		t.Errorf("got %q", got)
	}
	if got := Compile([]string{"paiement CAF"}).Find(txt); len(got) != 1 {
		t.Errorf("got %q", got)
	}
	if Prepare(" ,; ").Empty() != true {
		t.Error("punctuation only should be empty")
	}
}

func FuzzFind(f *testing.F) {
	f.Add("impayé(s)", "Factures IMPAYÉES")
	f.Add("(s)", "s")
	f.Add("a(aux)", "aux")
	f.Fuzz(func(t *testing.T, kw, text string) {
		got := Compile([]string{kw}).FindIn(text)
		if len(got) > 1 {
			t.Fatalf("one keyword found %d times", len(got))
		}
	})
}

func BenchmarkFind(b *testing.B) {
	list := make([]string, 0, 200)
	for i := range 200 {
		list = append(list, "mot"+strings.Repeat("x", i%7)+" clé")
	}
	list = append(list, "impayé(s)")
	l := Compile(list)
	text := strings.Repeat("Facture EDF du 12/03/2024, montant TTC 84,20 €, 12 rue de la Paix 75002 Paris. ", 40) + "impayés"
	b.ReportAllocs()
	for b.Loop() {
		if len(l.FindIn(text)) != 1 {
			b.Fatal("want one")
		}
	}
}

// A long text is indexed; the answers are the same as a scan's.
func TestIndexedText(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("le tribunal de commerce ", indexFrom/4+1) + "factures impayés RIB"
	l := Compile([]string{"RIB", "impayé(s)", "tribunal de commerce", "commerce le", "absent"})
	if !slices.Equal(l.FindIn(long), []string{"RIB", "impayé(s)", "tribunal de commerce", "commerce le"}) {
		t.Errorf("indexed: %q", l.FindIn(long))
	}
	if Prepare(long).at == nil {
		t.Error("a long text should be indexed")
	}
}

// TestIndex: an index of many lists answers what each list answers, on the
// cases above (every list against every text) and on a long text.
func TestIndex(t *testing.T) {
	t.Parallel()
	lists := []List{
		Compile([]string{"RIB"}), Compile([]string{"impayé(s)", "mise en demeure"}), Compile([]string{"pièce(s) jointe(s)"}),
		Compile([]string{"journal(aux)", "travail(aux)"}), Compile([]string{"dernier avis", "avis"}), Compile(nil),
		Compile([]string{"tribunal de commerce", "commerce le"}), Compile([]string{"avis d'impôt"}), Compile([]string{"RIB"}),
	}
	texts := []string{"", "TRIBUNAL JUDICIAIRE", "Votre RIB", "factures impayés", "MISE-EN-DEMEURE, dernier avis", "mise en place d'une demeure",
		"PIECES JOINTES", "TRAVAUX et Journaux", "ceci est votre dernier", "AVIS D IMPOT 2023", "avis d", "RIB RIB impayé",
		strings.Repeat("le tribunal de commerce ", indexFrom/4+1) + "factures impayés RIB"}
	x := NewIndex(lists)
	for _, text := range texts {
		p := Prepare(text)
		got := x.Has(p)
		for i, l := range lists {
			if got[i] != l.Has(p) {
				t.Errorf("list %d in %q: index %v, list %v", i, text, got[i], l.Has(p))
			}
		}
	}
}

// FuzzIndex: the index and the lists agree on any keyword and text.
func FuzzIndex(f *testing.F) {
	f.Add("impayé(s)", "avis d'impôt", "Factures IMPAYÉES, avis d'impôt")
	f.Add("a b", "b", "a a b")
	f.Fuzz(func(t *testing.T, k1, k2, text string) {
		lists := []List{Compile([]string{k1}), Compile([]string{k2}), Compile([]string{k1, k2})}
		p := Prepare(text)
		got := NewIndex(lists).Has(p)
		for i, l := range lists {
			if got[i] != l.Has(p) {
				t.Fatalf("list %d: index %v, list %v", i, got[i], l.Has(p))
			}
		}
	})
}

// TestPrepareFolded: a text folded by the caller prepares as the raw text.
func TestPrepareFolded(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"", "Avis d'IMPÔT, 2023", "  ŒUVRE\n\tpièces-jointes "} {
		if a, b := Prepare(text), PrepareFolded(fold.Fold(text)); !slices.Equal(a.words, b.words) {
			t.Errorf("%q: %q vs %q", text, a.words, b.words)
		}
	}
}
