package places

import (
	"bufio"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/idcontrol/idcontrol/match"
)

func parseDeclared(s string) Address {
	f := strings.Split(s, "|")
	for len(f) < 4 {
		f = append(f, "")
	}
	return Address{Line1: f[0], Line2: f[1], PostalCode: f[2], City: f[3]}
}

type counts struct{ tp, fp, tn, fn int }

// pairSets are the labelled sets TestAccuracy measures: the first one,
// written with the matcher, and a second one written from outside sources
// (La Poste / AFNOR address layout, lieu-dit, résidence, OCR confusions).
var pairSets = []string{"testdata/pairs.tsv", "testdata/pairs_sources.tsv"}

func TestAccuracy(t *testing.T) {
	for _, set := range pairSets {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(set, "testdata/"), ".tsv"), func(t *testing.T) {
			accuracy(t, set)
		})
	}
}

// accuracy prints the confusion matrix of each category of a set and
// fails under precision 0.995 or recall 0.98.
func accuracy(t *testing.T, path string) {
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	cm := map[string]*counts{}
	sc := bufio.NewScanner(fh)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("bad line %q", line)
		}
		n++
		want := f[3] == "1"
		var d match.Decision
		ext := strings.ReplaceAll(f[2], `\n`, "\n")
		switch f[0] {
		case "birthPlace":
			d = BirthPlace(f[1], ext)
		case "address":
			d = AddressMatch(parseDeclared(f[1]), ext)
		default:
			t.Fatalf("category %q", f[0])
		}
		c := cm[f[0]]
		if c == nil {
			c = &counts{}
			cm[f[0]] = c
		}
		switch {
		case want && d.Match:
			c.tp++
		case want:
			c.fn++
			t.Logf("false negative %s: %q vs %q: %s %s", f[0], f[1], f[2], d.Rule, d.Message)
		case d.Match:
			c.fp++
			t.Logf("false positive %s: %q vs %q: %s %s", f[0], f[1], f[2], d.Rule, d.Message)
		default:
			c.tn++
		}
	}
	if n < 60 {
		t.Errorf("only %d pairs", n)
	}
	cats := make([]string, 0, len(cm))
	for cat := range cm {
		cats = append(cats, cat)
	}
	sort.Strings(cats)
	for _, cat := range cats {
		c := cm[cat]
		prec := float64(c.tp) / float64(max(1, c.tp+c.fp))
		rec := float64(c.tp) / float64(max(1, c.tp+c.fn))
		t.Logf("%-10s TP=%d FP=%d TN=%d FN=%d precision=%.3f recall=%.3f", cat, c.tp, c.fp, c.tn, c.fn, prec, rec)
		if prec < 0.995 || rec < 0.98 {
			t.Errorf("%s: precision %.3f recall %.3f under 0.995/0.98", cat, prec, rec)
		}
	}
}

func TestBirthPlaceRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		a, b  string
		match bool
		rule  match.Rule
	}{
		{"PARIS 15E ARRONDISSEMENT (75)", "PARIS 15E (75)", true, match.RulePlace},
		{"", "PARIS", false, match.RuleMissing},
		{"SAINT-DENIS (93)", "SAINT-DENIS", true, match.RulePlace},
		{"SAINT-DENIS (93)", "SAINT-DENIS (974)", false, match.RuleNoMatch},
		{"CASABLANCA (MAROC)", "CASABLANCA (MAROC)", true, match.RulePlace},
	}
	for _, c := range cases {
		d := BirthPlace(c.a, c.b)
		if d.Match != c.match || d.Rule != c.rule {
			t.Errorf("BirthPlace(%q, %q) = %+v", c.a, c.b, d)
		}
		if strings.Contains(d.Message, "DENIS") || strings.Contains(d.Message, "PARIS") {
			t.Errorf("message repeats a value: %q", d.Message)
		}
	}
}

func TestAddressRules(t *testing.T) {
	t.Parallel()
	decl := Address{Line1: "12 BIS AVENUE DU GENERAL LECLERC", PostalCode: "75014", City: "PARIS"}
	cases := []struct {
		ext   string
		match bool
		rule  match.Rule
	}{
		{"12 BIS AVENUE DU GENERAL LECLERC\n75014 PARIS", true, match.RuleExact},
		{"12B AV DU GAL LECLERC\n75014 PARIS CEDEX 14", true, match.RuleAddress},
		{"12 AV DU GAL LECLERC\n75014 PARIS", false, match.RuleNoMatch},
		{"12 B1S AV DU GAL LECLERC\n75014 PARIS", true, match.RuleAddress}, // OCR inside a word
		{"RES LES PINS BAT A 12B AV DU GAL LECLERC\n75014 PARIS", true, match.RuleAddress},
		{"12B AV DU GAL LECLERC RESIDENCE LES PINS\n75014 PARIS", true, match.RuleAddress},
		{"12 BIS AV DU GAL LECLERC\n75015 PARIS", false, match.RuleNoMatch},
		{"", false, match.RuleMissing},
	}
	for _, c := range cases {
		d := AddressMatch(decl, c.ext)
		if d.Match != c.match || d.Rule != c.rule {
			t.Errorf("AddressMatch(%q) = %+v", c.ext, d)
		}
	}
}

func TestAddressFound(t *testing.T) {
	t.Parallel()
	decl := Address{Line1: "12 AVENUE DU GENERAL LECLERC", PostalCode: "75014", City: "PARIS"}
	text := "EDF FACTURE\nM JEAN DUPONT\n12 AV DU GAL LECLERC\n75014 PARIS\nMontant 45,00 EUR"
	if d := AddressFound(decl, text); !d.Match {
		t.Errorf("not found: %+v", d)
	}
	if d := AddressFound(decl, strings.Replace(text, "75014", "75015", 1)); d.Match {
		t.Errorf("found with another postal code: %+v", d)
	}
	if d := AddressFound(decl, strings.Replace(text, "12 AV", "14 AV", 1)); d.Match {
		t.Errorf("found with another number: %+v", d)
	}
	if d := AddressFound(decl, strings.Replace(text, "LECLERC", "LECL3RC", 1)); d.Match {
		t.Errorf("found with a digit that reads no letter: %+v", d)
	}
	if d := AddressFound(decl, strings.Replace(text, "LECLERC", "1ECLERC", 1)); !d.Match {
		t.Errorf("not found with an OCR confusion: %+v", d)
	}
}

func TestParseAddress(t *testing.T) {
	t.Parallel()
	got := ParseAddress("M DUPONT\nAPT 4\n3 rue des Écoles\n67000 Strasbourg Cedex 2\nFrance")
	want := Address{Line1: "3 RUE DES ECOLES", Line2: "M DUPONT APT 4", PostalCode: "67000", City: "STRASBOURG", Country: "FRANCE"}
	if got != want {
		t.Errorf("ParseAddress = %+v, want %+v", got, want)
	}
}

func TestSimilarity(t *testing.T) {
	t.Parallel()
	if s := PlaceSimilarity("PARIS 15", "75115"); s != 1 {
		t.Errorf("PlaceSimilarity = %v", s)
	}
	if s := PlaceSimilarity("LYON", "LILLE"); s <= 0 || s >= 1 {
		t.Errorf("PlaceSimilarity = %v", s)
	}
	if s := AddressSimilarity("1 R DE LA PAIX 75002 PARIS", "1 RUE DE LA PAIX, 75002 PARIS"); s != 1 {
		t.Errorf("AddressSimilarity = %v", s)
	}
}

func FuzzCompare(f *testing.F) {
	f.Add("PARIS 15E (75)", "12 BIS AV FOCH\n75016 PARIS CEDEX")
	f.Add("(", "BAT")
	f.Add("2A004", "1 1 1")
	f.Fuzz(func(t *testing.T, a, b string) {
		d := BirthPlace(a, b)
		if d.Score < 0 || d.Score > 1 {
			t.Fatalf("score %v", d.Score)
		}
		AddressMatch(ParseAddress(a), b)
		AddressFound(ParseAddress(a), b)
		_ = AddressSimilarity(a, b)
	})
}

func BenchmarkBirthPlace(b *testing.B) {
	loadRef()
	b.ReportAllocs()
	for b.Loop() {
		BirthPlace("PARIS 15E ARRONDISSEMENT (75)", "SAINT-DENIS (93)")
	}
}

func BenchmarkAddress(b *testing.B) {
	loadRef()
	decl := Address{Line1: "12 BIS AVENUE DU GENERAL LECLERC", PostalCode: "75014", City: "PARIS"}
	b.ReportAllocs()
	for b.Loop() {
		AddressMatch(decl, "12 B AV DU GAL LECLERC\nBAT A\n75014 PARIS CEDEX 14")
	}
}

func TestFindAddresses(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		text string
		want []Address
	}{
		{"one line", "SARL DUPONT 12 BIS AV DU GAL LECLERC 75014 PARIS", []Address{{Line1: "12 BIS AV DU GAL LECLERC", PostalCode: "75014", City: "PARIS"}}},
		{"two on one line", "SIEGE 1 RUE DE RIVOLI 75001 PARIS AGENCE 3 AV FOCH 69006 LYON", []Address{
			{Line1: "1 RUE DE RIVOLI", PostalCode: "75001", City: "PARIS AGENCE"},
			{Line1: "3 AV FOCH", PostalCode: "69006", City: "LYON"}}},
		{"two lines", "Titulaire du compte\nM JEAN DUPONT\n3, rue de la Paix\n69002 Lyon Cedex 02", []Address{{Line1: "3 RUE DE LA PAIX", PostalCode: "69002", City: "LYON"}}},
		{"street type after repeat", "4 TER BD VOLTAIRE\nBAT A\n13001 MARSEILLE", []Address{{Line1: "4 TER BD VOLTAIRE", PostalCode: "13001", City: "MARSEILLE"}}},
		{"postal code alone", "CAPITAL 75000 EUR RCS 12345 PARIS", nil},
		{"street without postal code", "12 RUE DES LILAS", nil},
		{"postal code too far", "12 RUE DES LILAS\nA\nB\nC\n75001 PARIS", nil},
		{"empty", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(c.want, FindAddresses(c.text)); diff != "" {
				t.Errorf("FindAddresses mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLongText: the largest text a request may carry (256 KiB) on one line
// and on many, full of street-like runs, is searched in linear time (a
// quadratic search here took minutes).
func TestLongText(t *testing.T) {
	t.Parallel()
	unit := "12 RUE DE LA PAIX 3 AV FOCH 75001 PARIS "
	oneLine := strings.Repeat(unit, (256<<10)/len(unit))
	manyLines := strings.ReplaceAll(oneLine, "PARIS ", "PARIS\n")
	decl := Address{Line1: "12 RUE DES LILAS", PostalCode: "69002", City: "LYON"}
	for _, text := range []string{oneLine, manyLines} {
		if d := AddressFound(decl, text); d.Match {
			t.Error("found an address that is not in the text")
		}
		if got := len(FindAddresses(text)); got == 0 {
			t.Error("no address found in a text full of them")
		}
	}
}
