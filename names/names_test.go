package names

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/idcontrol/idcontrol/civil"
	"github.com/idcontrol/idcontrol/fold"
	"github.com/idcontrol/idcontrol/match"
)

type pair struct {
	line                int
	kind, source        string
	declared, extracted string
	want                bool
	note                string
}

// pairSets are the labelled sets TestAccuracy measures: the first one,
// written with the engine, and a second one written from outside sources
// (ICAO 9303, French civil-status rules, RIB/payslip/Kbis layouts).
var pairSets = []string{"testdata/pairs.tsv", "testdata/pairs_sources.tsv"}

// loadPairs loads every labelled set.
func loadPairs(t testing.TB) []pair {
	t.Helper()
	var out []pair
	for _, f := range pairSets {
		out = append(out, loadPairFile(t, f)...)
	}
	return out
}

func loadPairFile(t testing.TB, path string) []pair {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []pair
	sc := bufio.NewScanner(fh)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			t.Fatalf("%s line %d: %d columns", path, n, len(f))
		}
		if f[4] != "match" && f[4] != "nomatch" {
			t.Fatalf("%s line %d: expected %q", path, n, f[4])
		}
		out = append(out, pair{n, f[0], f[1], f[2], strings.ReplaceAll(f[3], `\n`, "\n"), f[4] == "match", f[5]})
	}
	return out
}

func sourceOf(t testing.TB, s string) Source {
	switch s {
	case "viz":
		return SourceVIZ
	case "mrz":
		return SourceMRZ
	case "text":
		return SourceText
	}
	t.Fatalf("source %q", s)
	return 0
}

func run(t testing.TB, p pair) match.Decision {
	src := sourceOf(t, p.source)
	switch p.kind {
	case "first":
		return FirstName(p.declared, p.extracted, src)
	case "last":
		return LastName(p.declared, p.extracted, src)
	case "birth":
		return BirthName(p.declared, p.extracted, src)
	case "full":
		return FullName(p.declared, p.extracted, src)
	case "found":
		first, last, ok := strings.Cut(p.declared, "|")
		if !ok {
			t.Fatalf("line %d: found needs first|last", p.line)
		}
		return Found(first, last, p.extracted)
	}
	t.Fatalf("line %d: kind %q", p.line, p.kind)
	return match.Decision{}
}

type counts struct{ tp, fp, tn, fn int }

func TestAccuracy(t *testing.T) {
	for _, set := range pairSets {
		t.Run(strings.TrimSuffix(strings.TrimPrefix(set, "testdata/"), ".tsv"), func(t *testing.T) {
			pairs := loadPairFile(t, set)
			if len(pairs) < 300 {
				t.Errorf("only %d pairs", len(pairs))
			}
			accuracy(t, pairs)
		})
	}
}

// accuracy prints the confusion matrix of each kind and fails under
// precision 0.995 or recall 0.98.
func accuracy(t *testing.T, pairs []pair) {
	cm := map[string]*counts{}
	var wrong []string
	for _, p := range pairs {
		d := run(t, p)
		c := cm[p.kind]
		if c == nil {
			c = &counts{}
			cm[p.kind] = c
		}
		switch {
		case p.want && d.Match:
			c.tp++
		case p.want:
			c.fn++
			wrong = append(wrong, fmt.Sprintf("line %d false negative %s/%s (%s): %s %s", p.line, p.kind, p.source, p.note, d.Rule, d.Message))
		case d.Match:
			c.fp++
			wrong = append(wrong, fmt.Sprintf("line %d false positive %s/%s (%s): %s %s", p.line, p.kind, p.source, p.note, d.Rule, d.Message))
		default:
			c.tn++
		}
	}
	kinds := make([]string, 0, len(cm))
	for k := range cm {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	bad := false
	for _, k := range kinds {
		c := cm[k]
		prec := float64(c.tp) / float64(max(1, c.tp+c.fp))
		rec := float64(c.tp) / float64(max(1, c.tp+c.fn))
		t.Logf("%-6s TP=%3d FP=%d TN=%3d FN=%d precision=%.3f recall=%.3f", k, c.tp, c.fp, c.tn, c.fn, prec, rec)
		if prec < 0.995 || rec < 0.98 {
			bad = true
			t.Errorf("%s: precision %.3f recall %.3f under 0.995/0.98", k, prec, rec)
		}
	}
	if bad || len(wrong) > 0 {
		t.Logf("wrong pairs:\n%s", strings.Join(wrong, "\n"))
	}
}

// TestNoPersonalDataInMessages: a Decision can be logged; its message
// never repeats a compared name.
func TestNoPersonalDataInMessages(t *testing.T) {
	t.Parallel()
	for _, p := range loadPairs(t) {
		d := run(t, p)
		msg := strings.ToUpper(d.Message)
		if d.Message == "" {
			t.Errorf("line %d: empty message", p.line)
		}
		for _, side := range []string{p.declared, p.extracted} {
			for _, part := range strings.Split(side, "|") {
				if f := fold.Fold(part); len(f) >= 3 && strings.Contains(msg, f) {
					t.Errorf("line %d: message %q repeats %q", p.line, d.Message, f)
				}
			}
		}
	}
}

func TestRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		fn        func(string, string, Source) match.Decision
		name      string
		decl, ext string
		src       Source
		match     bool
		rule      match.Rule
	}{
		{FirstName, "first", "Jean", "JEAN", SourceVIZ, true, match.RuleExact},
		{FirstName, "first", "", "JEAN", SourceVIZ, false, match.RuleMissing},
		{FirstName, "first", "Jean", "  ", SourceVIZ, false, match.RuleMissing},
		{FirstName, "first", "-", "JEAN", SourceVIZ, false, match.RuleMissing},
		{FirstName, "first", "Jean-Pierre", "JEANPIERRE", SourceVIZ, true, match.RuleSeparators},
		{FirstName, "first", "Jean", "JEAN PIERRE", SourceVIZ, true, match.RuleGivenSubset},
		{FirstName, "first", "Pierre", "JEAN PIERRE", SourceVIZ, true, match.RuleGivenSubset}, // any of the given names
		{FirstName, "first", "Claire Anne", "ANNE, MARIE, CLAIRE", SourceVIZ, true, match.RuleGivenSubset},
		{FirstName, "first", "Claire", "ANNE, MARIE-CLAIRE", SourceVIZ, false, match.RuleNoMatch}, // a compound is one name
		{FirstName, "first", "P", "PIERRE, LOUIS", SourceVIZ, false, match.RuleNoMatch},           // an initial is no given name
		{FirstName, "first", "Marie", "ANNE, MAR1E", SourceVIZ, true, match.RuleOCREquivalent},
		{FirstName, "first", "Jean-Pierre Marc", "JEAN<PIERRE<", SourceMRZ, true, match.RuleMRZTruncated}, // cut on the separator
		{FirstName, "first", "Jean", "JEAN\uFFFD", SourceVIZ, false, match.RuleDamaged},
		{FirstName, "first", "Jean", "JEAN\u200b", SourceVIZ, false, match.RuleDamaged},
		{FirstName, "first", "Jean", "JEANNE", SourceVIZ, false, match.RuleNoMatch},
		{FirstName, "first", "Jürgen", "JUERGEN<<<<", SourceMRZ, true, match.RuleMRZTranslit},
		{FirstName, "first", "Björn", "BJOERN", SourceVIZ, false, match.RuleNoMatch}, // variants are for the MRZ only
		{FirstName, "first", "Юлия", "IULIIA", SourceMRZ, true, match.RuleMRZTranslit},
		{FirstName, "first", "Jean Pierre Marie", "JEAN<<PIERRE<MA", SourceMRZ, true, match.RuleMRZTruncated},
		{FirstName, "first", "Jean Pierre Marie", "JEAN<<PIERRE<MA<<", SourceMRZ, false, match.RuleNoMatch},
		{FirstName, "first", "Mohamed", "M0HAMED", SourceVIZ, true, match.RuleOCREquivalent},
		{FirstName, "first", "Christophe", "CHRISTOHPE", SourceVIZ, false, match.RuleNoMatch}, // a typo, not an OCR confusion
		{FirstName, "first", "Catherine", "CATHERlNE", SourceVIZ, true, match.RuleOCREquivalent},
		{FirstName, "first", "Jean", "JEAN-PIERRE", SourceVIZ, false, match.RuleNoMatch}, // a compound name is one name
		{FirstName, "first", "Jean", "JEAN-PIERRE, MARIE", SourceVIZ, false, match.RuleNoMatch},
		{FirstName, "first", "Jean Pierre", "JEAN-PIERRE", SourceVIZ, true, match.RuleSeparators},
		{FirstName, "first", "Jean-Pierre", "JEAN PIERRE, MARIE", SourceVIZ, true, match.RuleGivenSubset},
		{FirstName, "first", "Jean", "JEAN<PIERRE<<<<", SourceMRZ, true, match.RuleGivenSubset}, // the MRZ cannot tell
		{FirstName, "first", "Sophie", "S0PHIE", SourceVIZ, true, match.RuleOCREquivalent},
		{FirstName, "first", "MR Jean", "JEAN", SourceVIZ, true, match.RuleCivility},
		{LastName, "last", "de la Fontaine", "LAFONTAINE", SourceVIZ, true, match.RuleParticle},
		{LastName, "last", "de la Fontaine", "LA FONTAINE", SourceVIZ, true, match.RuleParticle},
		{LastName, "last", "de la Fontaine", "FONTAINE", SourceVIZ, false, match.RuleNoMatch}, // LA is part of the name
		{LastName, "last", "Le Gall", "GALL", SourceVIZ, false, match.RuleNoMatch},
		{LastName, "last", "Ben Ali", "ALI", SourceVIZ, false, match.RuleNoMatch},
		{LastName, "last", "van der Berg", "BERG", SourceVIZ, true, match.RuleParticle},
		{LastName, "last", "D'Amico", "AMICO", SourceVIZ, true, match.RuleParticle},
		{LastName, "last", "Dupont", "DUPOND", SourceVIZ, false, match.RuleNoMatch},
		{LastName, "last", "Martin", "MARTINE", SourceVIZ, false, match.RuleNoMatch},
		{LastName, "last", "Bernard", "BERNQRD", SourceVIZ, false, match.RuleNoMatch},
		{LastName, "last", "Martine", "MART1N", SourceVIZ, false, match.RuleNoMatch},            // corrected, it reads another name
		{LastName, "last", "García López", "LOPEZ GARCIA", SourceVIZ, false, match.RuleNoMatch}, // a double name keeps its order
		{LastName, "last", "Leroy--Faure", "LEROY FAURE", SourceVIZ, true, match.RuleExact},
		{LastName, "last", "Leroy-Faure", "LEROY ÉPOUSE FAURE", SourceVIZ, true, match.RuleUsageOrBirth},
		{LastName, "last", "Dupont", "DUPONT\uFFFD", SourceVIZ, false, match.RuleDamaged},
		{LastName, "last", "Lefebvre-Duchamp", "LEFEBVRE<", SourceMRZ, true, match.RuleMRZTruncated},
		{LastName, "last", "M'Bappé", "M BAPPE", SourceVIZ, true, match.RuleExact},
		{LastName, "last", "Martin", "DUPONT ÉPOUSE MARTIN", SourceVIZ, true, match.RuleUsageOrBirth},
		{LastName, "last", "Dupont", "DUPONT ÉPOUSE MARTIN", SourceVIZ, true, match.RuleUsageOrBirth},
		{LastName, "last", "Martin", "MARTINEZ", SourceVIZ, false, match.RuleNoMatch},
		{LastName, "last", "Martinez", "MARTIN<<", SourceMRZ, false, match.RuleNoMatch},
		{LastName, "last", "Müller", "MUELLER<<", SourceMRZ, true, match.RuleMRZTranslit},
		{LastName, "last", "St-Exupéry", "SAINT EXUPERY", SourceVIZ, true, match.RuleParticle},
		{BirthName, "birth", "Martin née Dupont", "DUPONT", SourceVIZ, true, match.RuleUsageOrBirth},
		{BirthName, "birth", "Dupont", "MARTIN", SourceVIZ, false, match.RuleNoMatch},
		{BirthName, "birth", "Faure", "LEROY ÉPOUSE FAURE", SourceVIZ, false, match.RuleNoMatch}, // only the birth name
		{BirthName, "birth", "Faure", "VVE FAURE", SourceVIZ, false, match.RuleNoMatch},
		{BirthName, "birth", "Leroy", "MME FAURE NÉE LEROY", SourceVIZ, true, match.RuleUsageOrBirth},
		{FullName, "full", "Jean Dupont", "DUPONT JEAN", SourceText, true, match.RuleTokenOrder},
		{FullName, "full", "Jean Dupont", "DUPONT JEAN PIERRE", SourceText, true, match.RuleGivenSubset},
		{FullName, "full", "Jean Dupont", "MARIE JEAN DUPONT", SourceText, true, match.RuleGivenSubset},
		{FullName, "full", "Paul Roux", "ROUX PAUL-ÉMILE", SourceVIZ, false, match.RuleNoMatch},
		{FullName, "full", "Pierre Leroy-Faure", "FAURE LEROY PIERRE", SourceVIZ, false, match.RuleNoMatch},
		{FullName, "full", "Jean-Pierre Lefebvre-Duchamp", "LEFEBVRE<DUCHAMP<<JEAN<PIER", SourceMRZ, true, match.RuleMRZTruncated},
		{FullName, "full", "Moussa N'Diaye", "NDIAYE<<MOUSSA<<<<", SourceMRZ, true, match.RuleTokenOrder},
		{FullName, "full", "Pierre Roux", "Président : M. Pierre ROUX", SourceText, true, match.RuleCivility},
	}
	for _, c := range cases {
		d := c.fn(c.decl, c.ext, c.src)
		if d.Match != c.match || d.Rule != c.rule {
			t.Errorf("%s(%q, %q, %d) = %+v, want %v %s", c.name, c.decl, c.ext, c.src, d, c.match, c.rule)
		}
		if d.Score < 0 || d.Score > 1 || (d.Rule == match.RuleExact && d.Score != 1) || (d.Rule == match.RuleMissing && d.Score != 0) {
			t.Errorf("%s(%q, %q): score %v for %s", c.name, c.decl, c.ext, d.Score, d.Rule)
		}
	}
}

func TestFound(t *testing.T) {
	t.Parallel()
	cases := []struct {
		first, last, text string
		match             bool
		rule              match.Rule
		msg               string
	}{
		{"Jean", "Dupont", "M. OU MME JEAN DUPONT\n12 RUE DES LILAS", true, match.RuleExact, msgFound},
		{"Jean", "Dupont", "MR J DUPONT", true, match.RuleGivenSubset, msgFoundInitial},
		{"Jean", "Dupont", "MME MARIE DUPONT", false, match.RuleNoMatch, msgOnlyLast},
		{"Jean", "Dupont", "SOCIETE GENERALE", false, match.RuleNoMatch, msgNotFound},
		{"", "Dupont", "JEAN DUPONT", false, match.RuleMissing, msgMissing},
		{"Jean", "", "JEAN DUPONT", false, match.RuleMissing, msgMissing},
		{"Jean", "Dupont", "", false, match.RuleMissing, msgMissing},
	}
	for _, c := range cases {
		d := Found(c.first, c.last, c.text)
		if d.Match != c.match || d.Rule != c.rule || d.Message != c.msg {
			t.Errorf("Found(%q, %q, %q) = %+v", c.first, c.last, c.text, d)
		}
	}
}

func TestInverted(t *testing.T) {
	t.Parallel()
	fl := []struct {
		df, dl, of, ol string
		want           bool
	}{
		{"Jean", "Dupont", "DUPONT", "JEAN", true},
		{"Jean", "Dupont", "DUPONT PIERRE", "JEAN", true},
		{"Jean", "Dupont", "JEAN", "DUPONT", false},
		{"Jean", "Dupont", "JEAN PIERRE", "DUPONT", false},
		{"Jean", "Dupont", "MARTIN", "JEAN", false},
		{"Martin", "Martin", "MARTIN", "MARTIN", false}, // same both ways: not inverted
		{"Jean", "Dupont", "", "JEAN", false},
		{"", "Dupont", "DUPONT", "JEAN", false},
	}
	for _, c := range fl {
		if got := FirstLastInverted(c.df, c.dl, c.of, c.ol); got != c.want {
			t.Errorf("FirstLastInverted(%q, %q, %q, %q) = %v", c.df, c.dl, c.of, c.ol, got)
		}
	}
	ni := []struct {
		dl, db, ol, ob string
		want           bool
	}{
		{"Martin", "Dupont", "DUPONT", "MARTIN", true},
		{"Martin", "Dupont", "MARTIN", "DUPONT", false},
		{"Martin", "Martin", "MARTIN", "MARTIN", false},
		{"Martin", "Dupont", "DURAND", "MARTIN", false},
		{"Martin", "", "DUPONT", "MARTIN", false},
		{"Martin", "Dupont", "", "MARTIN", false},
	}
	for _, c := range ni {
		if got := NamesInverted(c.dl, c.db, c.ol, c.ob); got != c.want {
			t.Errorf("NamesInverted(%q, %q, %q, %q) = %v", c.dl, c.db, c.ol, c.ob, got)
		}
	}
}

func TestBirthDate(t *testing.T) {
	t.Parallel()
	d := func(y, m, day int) civil.Date { return civil.Date{Year: y, Month: m, Day: day} }
	cases := []struct {
		a, b  civil.Date
		match bool
		rule  match.Rule
	}{
		{d(1980, 5, 17), d(1980, 5, 17), true, match.RuleExact},
		{d(1980, 5, 17), d(1980, 5, 18), false, match.RuleNoMatch},
		{d(1980, 5, 17), d(1980, 6, 17), false, match.RuleNoMatch},
		{d(1980, 5, 17), d(1981, 5, 17), false, match.RuleNoMatch},
		{d(1980, 5, 17), d(1980, 0, 0), true, match.RuleDatePartial},
		{d(1980, 5, 0), d(1980, 5, 17), true, match.RuleDatePartial},
		{d(1980, 5, 0), d(1980, 6, 0), false, match.RuleNoMatch},
		{d(1980, 0, 0), d(1981, 0, 0), false, match.RuleNoMatch},
		{civil.Date{}, d(1980, 5, 17), false, match.RuleMissing},
		{d(1980, 5, 17), civil.Date{}, false, match.RuleMissing},
	}
	for _, c := range cases {
		got := BirthDate(c.a, c.b)
		if got.Match != c.match || got.Rule != c.rule {
			t.Errorf("BirthDate(%v, %v) = %+v", c.a, c.b, got)
		}
		if rev := BirthDate(c.b, c.a); rev != got {
			t.Errorf("BirthDate not symmetric for %v, %v", c.a, c.b)
		}
	}
}

func TestCivility(t *testing.T) {
	t.Parallel()
	cases := []struct {
		civ, sex          string
		match, determined bool
	}{
		{"MR", "M", true, true},
		{"M.", "M", true, true},
		{"Monsieur", "M", true, true},
		{"MRS", "F", true, true},
		{"Mme", "F", true, true},
		{"Madame", "F", true, true},
		{"MISS", "F", true, true},
		{"Mlle.", "F", true, true},
		{"Mademoiselle", "F", true, true},
		{"MS", "F", true, true},
		{"mr", "f", false, true},
		{"MME", "M", false, true},
		{"MR", "X", false, false},
		{"MR", "", false, false},
		{"DR", "M", false, false},
		{"MX", "F", false, false},
		{"", "F", false, false},
	}
	for _, c := range cases {
		d, det := Civility(c.civ, c.sex)
		if d.Match != c.match || det != c.determined {
			t.Errorf("Civility(%q, %q) = %+v, %v", c.civ, c.sex, d, det)
		}
		if !det && d.Rule != match.RuleUndetermined {
			t.Errorf("Civility(%q, %q): rule %s when undetermined", c.civ, c.sex, d.Rule)
		}
	}
}

func TestSimilarity(t *testing.T) {
	t.Parallel()
	if s := Similarity("Hélène", "HELENE"); s != 1 {
		t.Errorf("equal after fold: %v", s)
	}
	if s := Similarity("", "JEAN"); s != 0 {
		t.Errorf("empty: %v", s)
	}
	for _, c := range [][2]string{{"JEAN", "JEANNE"}, {"MARIE", "MARIA"}, {"JEAN DUPONT", "JEANNE DUPONT"}, {"IVANOV", "IVANOVA"}} {
		if s := Similarity(c[0], c[1]); s > capScore {
			t.Errorf("Similarity(%q, %q) = %v above the cap", c[0], c[1], s)
		}
	}
	if a, b := Similarity("DUPONT JEAN", "JEAN DUPONT"), Similarity("DUPONT JEAN", "MARTIN PAUL"); a <= b || a < 0.9 {
		t.Errorf("order change %v vs different %v", a, b)
	}
	if s := Similarity("CHRISTOPHE", "CHRISTOHPE"); s < 0.9 || s >= 1 {
		t.Errorf("typo: %v", s)
	}
}

func TestKnownList(t *testing.T) {
	t.Parallel()
	for _, w := range []string{"MARIE", "MARIA", "LEA", "LEO", "JEAN", "ANNE", "ANNA"} {
		if !isKnown(w) {
			t.Errorf("%s not in the list", w)
		}
	}
	for _, line := range strings.Split(firstNamesTxt, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		for _, w := range strings.Fields(line) {
			if fold.Fold(w) != w {
				t.Errorf("list word %q is not folded", w)
			}
		}
	}
}

func TestHelpers(t *testing.T) {
	t.Parallel()
	if got := jaroWinkler("MARTHA", "MARHTA"); math.Abs(got-0.9611) > 0.001 {
		t.Errorf("jaroWinkler MARTHA MARHTA = %v", got)
	}
	if got := spellings("Åsa"); len(got) != 2 {
		t.Errorf("spellings = %q", got)
	}
	if got := spellings(strings.Repeat("ü", 10)); len(got) > maxVariants {
		t.Errorf("%d spellings", len(got))
	}
}

func FuzzMatch(f *testing.F) {
	f.Add("Jean-Pierre", "JEAN<<PIERRE<MA", "M OU MME DUPONT JEAN")
	f.Add("Müller", "MUELLER<<", "DUPONT ÉPOUSE MARTIN")
	f.Add("Сергей", "SERGEI", "ИВАНОВ СЕРГЕЙ")
	f.Add("de la Fontaine", "EP NEE DIT", "JEAN ET MARIE\nDUPONT")
	f.Add("", "<<<", "\n\n")
	f.Add("M0RN1", "RNRNRNRN", "ü ü ü ü ü ü ü ü")
	f.Fuzz(func(t *testing.T, a, b, text string) {
		for _, src := range []Source{SourceVIZ, SourceMRZ, SourceText} {
			for _, d := range []match.Decision{FirstName(a, b, src), LastName(a, b, src), BirthName(a, b, src), FullName(a, b, src)} {
				check(t, d)
			}
		}
		check(t, Found(a, b, text))
		s1, s2 := Similarity(a, b), Similarity(b, a)
		if s1 != s2 || s1 < 0 || s1 > 1 || math.IsNaN(s1) {
			t.Fatalf("Similarity(%q, %q) = %v, reversed %v", a, b, s1, s2)
		}
		FirstLastInverted(a, b, b, a)
		NamesInverted(a, b, text, a)
	})
}

func check(t *testing.T, d match.Decision) {
	t.Helper()
	if d.Score < 0 || d.Score > 1 || math.IsNaN(d.Score) {
		t.Fatalf("score %v", d.Score)
	}
	if d.Match && (d.Rule == match.RuleNoMatch || d.Rule == match.RuleMissing) {
		t.Fatalf("match with rule %s", d.Rule)
	}
	if d.Rule == "" || d.Message == "" {
		t.Fatalf("incomplete decision %+v", d)
	}
}

func BenchmarkFirstName(b *testing.B) {
	b.Run("viz", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			FirstName("Jean-Pierre", "JEAN PIERRE, MARIE", SourceVIZ)
		}
	})
	b.Run("mrz", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			FirstName("JEAN PIERRE", "JEAN<<PIERRE<<<<<<", SourceMRZ)
		}
	})
}

func BenchmarkLastName(b *testing.B) {
	b.Run("viz", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			LastName("Dupont", "DUPONT", SourceVIZ)
		}
	})
	b.Run("mrz", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			LastName("MÜLLER", "MUELLER<<", SourceMRZ)
		}
	})
	b.Run("nomatch", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			LastName("DUPONT", "DURAND", SourceVIZ)
		}
	})
}

// TestHostileSets: names made of many repeated words, the worst case of
// the given-name and full-name searches, are decided (no match) instead of
// searched for ever. Without the bounds this test does not end.
func TestHostileSets(t *testing.T) {
	t.Parallel()
	for _, n := range []int{8, 15, 16, 17, 300} {
		d := strings.TrimSpace(strings.Repeat("A ", n))
		e := strings.TrimSpace(strings.Repeat("A A ", n)) + " B"
		for _, src := range []Source{SourceVIZ, SourceMRZ, SourceText} {
			FirstName(d, e, src)
			FullName(d, e, src)
			FullName(d+" Z", strings.ReplaceAll(e, " ", "<"), src)
		}
		Found(d, d, e)
	}
	if ok, _ := givenSet(strings.Fields(strings.Repeat("A ", 16)), strings.Fields(strings.Repeat("A ", 15)+"B"), true, true); ok {
		t.Error("16 declared words matched 15 of them and another")
	}
}

// TestFullNameLongText: the search budget of a text is enough for the
// longest text MatchField takes (4 KiB): a name on its last line is found.
func TestFullNameLongText(t *testing.T) {
	t.Parallel()
	line := "COTISATION VIEILLESSE PLAFONNEE BASE 2 345,67 TAUX 6,90 MONTANT 161,85 EUR\n"
	text := strings.Repeat(line, (4096-40)/len(line)) + "Salarié : M. Pierre ROUX, technicien"
	if d := FullName("Pierre Roux", text, SourceText); !d.Match {
		t.Errorf("not found at the end of a %d-byte text: %+v", len(text), d)
	}
	if d := FullName("Paul Roux", text, SourceText); d.Match {
		t.Errorf("another person found: %+v", d)
	}
}
