package twoddoc

import (
	"crypto/elliptic"
	"testing"
	"time"
)

// BenchmarkDecode decodes the specification's type-04 sample.
func BenchmarkDecode(b *testing.B) {
	raw := loadVectors(b)[0].Raw
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeVerifyP256 decodes and verifies a freshly signed P-256
// 2D-Doc against a trust store holding its authority and certificate.
func BenchmarkDecodeVerifyP256(b *testing.B) {
	p := newPKI(b, elliptic.P256(), "FR99", "0001", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	store := mustLoad(b, p.WriteDir(b))
	raw := sign(b, p.LeafKey, taxNotice)
	b.ReportAllocs()
	for b.Loop() {
		d, err := Decode(raw)
		if err != nil {
			b.Fatal(err)
		}
		if !Verify(d, store).Valid() {
			b.Fatal("not valid")
		}
	}
}

// BenchmarkECDSAVerifyP256 is the floor of BenchmarkDecodeVerifyP256: the
// standard library's P-256 verification alone, to compare as a ratio
// within one run on a shared machine.
func BenchmarkECDSAVerifyP256(b *testing.B) {
	p := newPKI(b, elliptic.P256(), "FR99", "0001", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	d, err := Decode(sign(b, p.LeafKey, taxNotice))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if signatureStep(d, p.Leaf).Status != StatusPassed {
			b.Fatal("not valid")
		}
	}
}
