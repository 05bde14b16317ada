package ident

import (
	"strings"
	"testing"
)

// FuzzValidate: no panics; a valid result has a canonical form that
// validates again to itself; FindIBANs only answers plausible candidates.
func FuzzValidate(f *testing.F) {
	for _, s := range canonicalSamples {
		f.Add(uint8(s.kind), s.value)
	}
	f.Add(uint8(KindIBAN), "fr14 2004 1010 0505 0001 3m02 606")
	f.Add(uint8(KindFRNIR), "2 55 08 14 168 025 38")
	f.Add(uint8(KindPhone), "+7 912 345-67-89")
	f.Add(uint8(KindIBAN), "NC4920041010050500013M02606\u00a0")
	f.Fuzz(func(t *testing.T, kind uint8, value string) {
		k := Kind(kind % 15)
		r := Validate(k, value)
		if r.Kind != k || r.Code == "" || r.Message == "" {
			t.Fatalf("%v %q: %+v", k, value, r)
		}
		if r.Valid {
			if r.Normalized == "" || r.Code != CodeOK {
				t.Fatalf("%v %q: valid without normalized form: %+v", k, value, r)
			}
			again := Validate(k, r.Normalized)
			if !again.Valid || again.Normalized != r.Normalized {
				t.Fatalf("%v %q: normalized %q does not re-validate: %+v", k, value, r.Normalized, again)
			}
		} else if r.Normalized != "" {
			t.Fatalf("%v %q: invalid with a normalized form", k, value)
		}
		for _, c := range FindIBANs(value) {
			if len(c) < 15 || len(c) > maxLen || strings.ToUpper(c) != c {
				t.Fatalf("FindIBANs(%q): candidate %q", value, c)
			}
		}
	})
}
