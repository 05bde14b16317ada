package country

import (
	"fmt"
	"testing"
)

func TestLookups(t *testing.T) {
	t.Parallel()
	cases := []struct {
		code                 string
		alpha2, alpha3, icao bool
	}{
		{"FR", true, false, false},
		{"FRA", false, true, true},
		{"DE", true, false, false},
		{"DEU", false, true, true},
		{"D", false, false, true},
		{"UTO", false, false, true},
		{"GBN", false, false, true},
		{"XXA", false, false, true},
		{"EUE", false, false, true},
		{"RKS", false, false, true},
		{"XK", false, false, false},
		{"fr", false, false, false},
		{"fra", false, false, false},
		{"", false, false, false},
		{"ZZZ", false, false, false},
		{"D<<", false, false, false},
		{"YUG", false, false, false}, // withdrawn
		{"ANT", false, false, false}, // withdrawn
	}
	for _, c := range cases {
		if got := IsAlpha2(c.code); got != c.alpha2 {
			t.Errorf("IsAlpha2(%q) = %v", c.code, got)
		}
		if got := IsAlpha3(c.code); got != c.alpha3 {
			t.Errorf("IsAlpha3(%q) = %v", c.code, got)
		}
		if got := IsICAO(c.code); got != c.icao {
			t.Errorf("IsICAO(%q) = %v", c.code, got)
		}
	}
}

func TestConversions(t *testing.T) {
	t.Parallel()
	to2 := []struct {
		in, want string
		ok       bool
	}{
		{"DEU", "DE", true}, {"D", "DE", true}, {"GBR", "GB", true}, {"GBD", "GB", true},
		{"GBN", "GB", true}, {"GBO", "GB", true}, {"GBP", "GB", true}, {"GBS", "GB", true},
		{"RKS", "XK", true}, {"FRA", "FR", true}, {"UTO", "", false}, {"XXA", "", false},
		{"UNO", "", false}, {"EUE", "", false}, {"QQQ", "", false}, {"", "", false},
	}
	for _, c := range to2 {
		got, ok := Alpha2(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("Alpha2(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	to3 := []struct {
		in, want string
		ok       bool
	}{{"DE", "DEU", true}, {"FR", "FRA", true}, {"TW", "TWN", true}, {"XK", "", false}, {"UT", "", false}}
	for _, c := range to3 {
		got, ok := Alpha3(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("Alpha3(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestTables checks the embedded data as a whole: every alpha-2 code round
// trips, and the ISO table holds the 249 current entries.
func TestTables(t *testing.T) {
	t.Parallel()
	iso := rows(isoData, "iso3166.txt", 4)
	if len(iso) != 249 {
		t.Errorf("%d ISO entries, want 249", len(iso))
	}
	for _, f := range iso {
		a2, a3 := f[0], f[1]
		if back, ok := Alpha2(a3); !ok || back != a2 || !IsAlpha3(a3) || !IsICAO(a3) || !IsAlpha2(a2) {
			t.Errorf("%s/%s does not round trip", a2, a3)
		}
		if got, ok := Alpha3(a2); !ok || got != a3 {
			t.Errorf("Alpha3(%s) = %q, %v; want %s", a2, got, ok, a3)
		}
	}
	for _, f := range rows(icaoData, "icao.txt", 3) {
		if code := f[0]; IsAlpha3(code) || !IsICAO(code) {
			t.Errorf("ICAO-only %s misclassified", code)
		}
	}
	for _, code := range []string{"", "fra", "FR<", "FRAN", "F", "ZZZ", "XK", "É"} {
		if IsICAO(code) {
			t.Errorf("IsICAO(%q) = true", code)
		}
	}
}

func TestNoAllocations(t *testing.T) {
	codes := []string{"FRA", "D", "GBN", "XX", "FR"}
	n := testing.AllocsPerRun(100, func() {
		for _, c := range codes {
			IsAlpha2(c)
			IsAlpha3(c)
			IsICAO(c)
			Alpha2(c)
			Alpha3(c)
		}
	})
	if n != 0 {
		t.Errorf("%v allocations per run, want 0", n)
	}
}

func BenchmarkIsICAO(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		IsICAO("UTO")
	}
}

func ExampleAlpha2() {
	a2, ok := Alpha2("D")
	fmt.Println(a2, ok)
	_, ok = Alpha2("XXA")
	fmt.Println(ok)
	// Output:
	// DE true
	// false
}
