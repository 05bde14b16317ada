package twoddoc

import (
	"crypto/elliptic"
	"strings"
	"testing"
	"time"
)

// FuzzDecode feeds arbitrary text to Decode and Verify: they must never
// panic, and a decoded document must keep its invariants.
func FuzzDecode(f *testing.F) {
	for _, v := range loadVectors(f) {
		f.Add(v.Raw)
	}
	f.Add("DC02FR0AXT4A0E840E8A01221 RUE\x1d" + fakeSig[1:])
	f.Add("DC03FR0AXT4A0E840E8A0101" + fakeSig + "\x1d01AB")
	f.Add("DC04FR000001FFFF1FB60401FR46A\x1e4A1\x1d")
	f.Add("\xdc\x03")
	p := newPKI(f, elliptic.P256(), "FR99", "0001", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	store, err := NewTrustStore(nil, nil)
	if err != nil {
		f.Fatal(err)
	}
	store2 := mustLoad(f, p.WriteDir(f))
	f.Fuzz(func(t *testing.T, raw string) {
		d, err := Decode(raw)
		if err != nil {
			if d != nil {
				t.Fatal("a document and an error")
			}
			return
		}
		if in := trimScanner(raw); !strings.HasPrefix(in, d.SignedData()) {
			t.Fatal("the signed data is not a prefix of the input")
		}
		if n := len(d.Signature); n != 0 && n != 64 && n != 96 && n != 132 {
			t.Fatalf("signature of %d bytes", n)
		}
		for _, fl := range d.Message {
			if len(fl.ID) != 2 {
				t.Fatalf("identifier %q", fl.ID)
			}
		}
		_ = Verify(d, store)
		if Verify(d, store2).Valid() {
			t.Fatal("a fuzzed input verifies with a key it was never signed with")
		}
	})
}
