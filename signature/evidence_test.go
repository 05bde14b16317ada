package signature

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func signedFixture(t *testing.T) (*EvidenceKey, SignedEvidence) {
	t.Helper()
	k := testEvidenceKey(7)
	se, err := k.Sign(EvidenceRecord{AgreementID: "agr_1", Purpose: PurposeSigning, INN: "7707083893", Phone: "+79123456789",
		Documents: []Document{appDoc}, CodeID: "cod_1", CodeSentAt: t0, ConfirmedAt: t0.Add(time.Minute), AgreementExpiresAt: t0.AddDate(1, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	return k, se
}

func TestEvidenceVerifiesAndTamperingFails(t *testing.T) {
	t.Parallel()
	k, se := signedFixture(t)
	rec, err := VerifyEvidence(k.Public(), se)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Type != EvidenceType || rec.KeyID != k.KeyID() || rec.INN != "7707083893" || rec.Documents[0] != appDoc {
		t.Fatalf("record %+v", rec)
	}
	// Independent check with the standard library alone, as a verifier
	// holding only the PEM public key would do.
	block, _ := pem.Decode([]byte(k.PublicPEM()))
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil || !ed25519.Verify(pub.(ed25519.PublicKey), se.Payload, se.Signature) {
		t.Fatalf("offline verification failed: %v", err)
	}

	tamper := func(name string, f func(*SignedEvidence)) {
		t.Run(name, func(t *testing.T) {
			bad := SignedEvidence{Payload: bytes.Clone(se.Payload), Signature: bytes.Clone(se.Signature), KeyID: se.KeyID}
			f(&bad)
			if _, err := VerifyEvidence(k.Public(), bad); !errors.Is(err, ErrEvidenceInvalid) {
				t.Fatalf("tampered record verified: %v", err)
			}
		})
	}
	tamper("inn", func(s *SignedEvidence) {
		s.Payload = bytes.Replace(s.Payload, []byte("7707083893"), []byte("7707083894"), 1)
	})
	tamper("digest", func(s *SignedEvidence) { s.Payload = bytes.Replace(s.Payload, []byte("9f86d0"), []byte("9f86d1"), 1) })
	tamper("time", func(s *SignedEvidence) {
		s.Payload = bytes.Replace(s.Payload, []byte("12:01:00"), []byte("12:02:00"), 1)
	})
	tamper("signature bit", func(s *SignedEvidence) { s.Signature[10] ^= 1 })
	tamper("truncated signature", func(s *SignedEvidence) { s.Signature = s.Signature[:63] })
	tamper("other key", func(s *SignedEvidence) {
		var rec EvidenceRecord
		_ = json.Unmarshal(se.Payload, &rec)
		*s, _ = testEvidenceKey(8).Sign(rec)
	})
	tamper("not a record", func(s *SignedEvidence) {
		s.Payload = []byte(`{"hello":"world"}`)
		s.Signature = ed25519.Sign(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32)), s.Payload)
	})
}

func TestLoadEvidenceKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	k := testEvidenceKey(3)
	der, err := x509.MarshalPKCS8PrivateKey(k.priv)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "ev.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := LoadEvidenceKey(path)
	if err != nil || got.KeyID() != k.KeyID() {
		t.Fatalf("%v %v", got, err)
	}
	bad := filepath.Join(dir, "bad.pem")
	_ = os.WriteFile(bad, []byte("not pem"), 0o600)
	if _, err := LoadEvidenceKey(bad); err == nil {
		t.Fatal("a non-PEM file was accepted")
	}
	short := filepath.Join(dir, "short.key")
	_ = os.WriteFile(short, []byte("too short\n"), 0o600)
	if _, err := LoadKey(short); err == nil {
		t.Fatal("a short code key was accepted")
	}
}
