package twoddoc

import (
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/idcontrol/idcontrol/twoddoc/twoddoctest"
)

// Helpers of twoddoctest under their short names.
var (
	sign         = twoddoctest.Sign
	newPKI       = twoddoctest.NewPKI
	parseSpecKey = twoddoctest.ParseSpecKey
)

// taxNotice is a type-04 message of the specification's sample, signed 2025-01-15.
const taxNotice = "DC04FR990001FFFF23B80401FR432,75\x1d44227801234567845202146RETI PATRICK\x1d4A310720224163198\x1d47300112345678948RETI SOPHIE\x1d490701987765432"

func mustLoad(t testing.TB, dir string) *TrustStore {
	t.Helper()
	s, err := LoadTrustStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFreshlySignedOnEachCurve(t *testing.T) {
	t.Parallel()
	from, to := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, curve := range []elliptic.Curve{elliptic.P256(), elliptic.P384(), elliptic.P521()} {
		t.Run(curve.Params().Name, func(t *testing.T) {
			t.Parallel()
			p := newPKI(t, curve, "FR99", "0001", from, to)
			store := mustLoad(t, p.WriteDir(t))
			raw := sign(t, p.LeafKey, taxNotice)
			d, err := Decode(raw)
			if err != nil {
				t.Fatal(err)
			}
			v := Verify(d, store)
			if !v.Valid() {
				t.Fatalf("fresh 2D-Doc not valid: %+v", v)
			}
			if v.NotRevoked.Code != CodeNoCRL {
				t.Errorf("without a CRL NotRevoked = %+v, want CRL_MISSING", v.NotRevoked)
			}
			// Every changed byte of the signed part fails (structure or signature).
			for i := 0; i < len(taxNotice); i++ {
				b := []byte(raw)
				b[i] = flip(b[i])
				d, err := Decode(string(b))
				if err != nil {
					continue // no longer a readable 2D-Doc: fails too
				}
				if Verify(d, store).Valid() {
					t.Fatalf("byte %d changed (%q → %q) still verifies", i, raw[i], b[i])
				}
			}
			// The annex is not signed: adding or changing it does not matter.
			for _, annex := range []string{"\x1d0112345", "\x1d01ABCDEF\x1d02CHANGED"} {
				d, err := Decode(raw + annex)
				if err != nil {
					t.Fatal(err)
				}
				if !Verify(d, store).Valid() {
					t.Errorf("annex %q broke the verification", annex)
				}
				if len(d.Annex) == 0 {
					t.Errorf("annex %q not decoded", annex)
				}
			}
		})
	}
}

// flip changes a byte into another printable one of the C40 set.
func flip(c byte) byte {
	switch {
	case c == 'Z':
		return 'A'
	case c == '9':
		return '0'
	case c == 0x1d:
		return ' '
	case c >= 'A' && c < 'Z', c >= '0' && c < '9':
		return c + 1
	}
	return 'X'
}

func TestSpecificationKeySignsAfreshDocument(t *testing.T) {
	t.Parallel()
	// The specification's key signs a new document dated within the test
	// certificate's validity (2014-01-12): every step but the chain passes.
	doc := strings.Replace(taxNotice, "FR990001FFFF23B8", "FR000001FFFF1405", 1)
	d, err := Decode(sign(t, parseSpecKey(t), doc))
	if err != nil {
		t.Fatal(err)
	}
	if d.Header.SignatureDate.String() != "2014-01-12" {
		t.Fatalf("signature date %s", d.Header.SignatureDate)
	}
	store, _ := NewTrustStore([]*x509.Certificate{specCert(t)}, nil)
	v := Verify(d, store)
	if v.SignatureValid.Status != StatusPassed || v.CertificateValidAtSignature.Status != StatusPassed {
		t.Fatalf("%+v", v)
	}
	if v.ChainValid.Code != CodeAuthorityNotFound || v.Valid() {
		t.Errorf("without the FR00 authority the chain must fail: %+v", v.ChainValid)
	}
}

func TestRevokedCertificateFails(t *testing.T) {
	t.Parallel()
	p := newPKI(t, elliptic.P256(), "FR99", "0001", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	raw := sign(t, p.LeafKey, taxNotice)
	d, _ := Decode(raw)

	v := Verify(d, mustLoad(t, p.WriteDir(t, big.NewInt(7))))
	if v.NotRevoked.Status != StatusPassed || !v.Valid() {
		t.Errorf("another serial revoked: %+v", v.NotRevoked)
	}
	v = Verify(d, mustLoad(t, p.WriteDir(t, p.Leaf.SerialNumber)))
	if v.NotRevoked.Status != StatusFailed || v.NotRevoked.Code != CodeRevoked || v.Valid() {
		t.Errorf("revoked certificate: %+v", v.NotRevoked)
	}
}

func TestChainAndValidity(t *testing.T) {
	t.Parallel()
	from, to := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newPKI(t, elliptic.P256(), "FR99", "0001", from, to)
	other := newPKI(t, elliptic.P256(), "FR99", "0001", from, to)
	raw := sign(t, p.LeafKey, taxNotice)
	d, _ := Decode(raw)

	// An authority of the same name that did not sign the certificate.
	store, _ := NewTrustStore([]*x509.Certificate{other.CA, p.Leaf}, nil)
	if v := Verify(d, store); v.ChainValid.Code != CodeChainInvalid || v.Valid() {
		t.Errorf("foreign authority: %+v", v.ChainValid)
	}
	// Another key under the same certificate id: the signature fails.
	store, _ = NewTrustStore([]*x509.Certificate{other.CA, other.Leaf}, nil)
	if v := Verify(d, store); v.SignatureValid.Code != CodeSignatureInvalid || v.Valid() {
		t.Errorf("other key: %+v", v.SignatureValid)
	}
	// Certificate not found, no store.
	store, _ = NewTrustStore([]*x509.Certificate{p.CA}, nil)
	if v := Verify(d, store); v.CertificateFound.Code != CodeCertificateNotFound {
		t.Errorf("missing leaf: %+v", v.CertificateFound)
	}
	if v := Verify(d, nil); v.CertificateFound.Code != CodeTrustStoreMissing || v.Valid() {
		t.Errorf("no store: %+v", v.CertificateFound)
	}
	// Signature date before and after the validity, and its edges.
	store, _ = NewTrustStore([]*x509.Certificate{p.CA, p.Leaf}, nil)
	for _, c := range []struct {
		date time.Time
		ok   bool
	}{
		{from.AddDate(0, 0, -1), false},
		{from, true},
		{to.AddDate(0, 0, -1), true},
		{to, true}, // NotAfter is 00:00 on that day: valid at an instant of it
		{to.AddDate(0, 0, 1), false},
	} {
		days := int(c.date.Sub(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).Hours() / 24)
		doc := taxNotice[:16] + strings.ToUpper(hex4(days)) + taxNotice[20:]
		d, err := Decode(sign(t, p.LeafKey, doc))
		if err != nil {
			t.Fatal(err)
		}
		v := Verify(d, store)
		if got := v.CertificateValidAtSignature.Status == StatusPassed; got != c.ok || v.Valid() != c.ok {
			t.Errorf("signed %s: validity %+v, want ok=%v", c.date.Format(time.DateOnly), v.CertificateValidAtSignature, c.ok)
		}
	}
}

func hex4(n int) string {
	const digits = "0123456789ABCDEF"
	return string([]byte{digits[n>>12&15], digits[n>>8&15], digits[n>>4&15], digits[n&15]})
}

func TestTrustStoreLoadErrors(t *testing.T) {
	t.Parallel()
	if _, err := LoadTrustStore(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("a missing directory loads")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "junk.crt"), []byte("not a certificate"), 0o600)
	if _, err := LoadTrustStore(dir); err == nil {
		t.Error("a junk file loads")
	}
	// A CRL no certificate of the store signed.
	p := newPKI(t, elliptic.P256(), "FR99", "0001", time.Now(), time.Now().AddDate(1, 0, 0))
	q := newPKI(t, elliptic.P256(), "FR98", "0001", time.Now(), time.Now().AddDate(1, 0, 0))
	dir = q.WriteDir(t, big.NewInt(1))
	os.Remove(filepath.Join(dir, "ca.pem"))
	os.WriteFile(filepath.Join(dir, "other.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.CA.Raw}), 0o600)
	if _, err := LoadTrustStore(dir); err == nil {
		t.Error("an unverifiable CRL loads")
	}
	s := mustLoad(t, p.WriteDir(t, big.NewInt(3)))
	if s.Len() != 2 || s.CRLs() != 1 {
		t.Errorf("Len %d CRLs %d, want 2 and 1", s.Len(), s.CRLs())
	}
}

func TestAuthorityExpiredAtSignatureDate(t *testing.T) {
	t.Parallel()
	from, to := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newPKI(t, elliptic.P256(), "FR99", "0001", from, to)
	// Re-issue the authority's certificate, same key and name, expired in 2024.
	tmpl := *p.CA
	tmpl.NotBefore, tmpl.NotAfter = from.AddDate(-2, 0, 0), from.AddDate(0, 3, 0)
	der, err := x509.CreateCertificate(rand.Reader, &tmpl, &tmpl, &p.CAKey.PublicKey, p.CAKey)
	if err != nil {
		t.Fatal(err)
	}
	oldCA, _ := x509.ParseCertificate(der)
	store, _ := NewTrustStore([]*x509.Certificate{oldCA, p.Leaf}, nil)
	d, _ := Decode(sign(t, p.LeafKey, taxNotice)) // signed 2025-01-15
	if v := Verify(d, store); v.ChainValid.Code != CodeChainInvalid || v.Valid() {
		t.Errorf("authority expired at the signature date: %+v", v.ChainValid)
	}
}
