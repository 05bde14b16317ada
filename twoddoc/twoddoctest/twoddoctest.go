// Package twoddoctest issues 2D-Docs for tests: a throwaway certification
// authority and signing certificate on P-256, P-384 or P-521, a trust
// directory holding them (and a CRL), and the signature of a 2D-Doc text
// the way an issuer makes it. It also holds the specification's test key.
package twoddoctest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base32"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// SpecKey is the specification's test private key (annex 16.1), the key of
// its certificate FR00/0001.
const SpecKey = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEINbI/xP+yGOgp79v7qibvYs03x+cSIaiKzpOhJsScwDDoAoGCCqGSM49
AwEHoUQDQgAEqY8NfM1igIiTvsTUNuedGDSh1uAB1w8cTNzNnZ4v4in3JAUU6N3A
ypjQx0QMnMSShJoPvac/w5L02grgf4TCPA==
-----END EC PRIVATE KEY-----`

// ParseSpecKey returns SpecKey.
func ParseSpecKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	b, _ := pem.Decode([]byte(SpecKey))
	k, err := x509.ParseECPrivateKey(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// SpecCertificatePEM is the specification's test certificate FR00/0001
// (annex 16.1), valid from 2012-11-01 to 2015-11-01, whose key is SpecKey.
const SpecCertificatePEM = `-----BEGIN CERTIFICATE-----
MIICVzCCAT8CCQCpMEvcR9M4RTANBgkqhkiG9w0BAQUFADBPMQswCQYDVQQGEwJG
UjETMBEGA1UECgwKQUMgREUgVEVTVDEcMBoGA1UECwwTMDAwMiAwMDAwMDAwMDAw
MDAwMDENMAsGA1UEAwwERlIwMDAeFw0xMjExMDExMzQ3NDZaFw0xNTExMDExMzQ3
NDZaMFcxCzAJBgNVBAYTAkZSMRswGQYDVQQKDBJDRVJUSUZJQ0FUIERFIFRFU1Qx
HDAaBgNVBAsMEzAwMDIgMDAwMDAwMDAwMDAwMDAxDTALBgNVBAMMBDAwMDEwWTAT
BgcqhkjOPQIBBggqhkjOPQMBBwNCAASpjw18zWKAiJO+xNQ2550YNKHW4AHXDxxM
3M2dni/iKfckBRTo3cDKmNDHRAycxJKEmg+9pz/DkvTaCuB/hMI8MA0GCSqGSIb3
DQEBBQUAA4IBAQA6HN+w/bzIdg0ZQF+ELrocplehP7r5JuRJNBAgmoqoER7IonCv
KSNUgUVbJ/MB4UKQ6CgzK7AOlCpiViAnBv+i6fg8Dh9evoUcHBiDvbl19+4iREaO
oyVZ8RAlkp7VJKrC3s6dJEmI8/19obLbTvdHfY+TZfduqpVl63RSxwLG0Fjl0SAQ
z9a+KJSKZnEvT9I0iUUgCSnqFt77RSppziQTZ+rkWcfd+BSorWr8BHqOkLtj7EiV
amIh+g3A8JtwV7nm+NUbBlhh2UPSI0eevsRjQRghtTiEn0wflVBX7xFP9zXpViHq
Ij+R9WiXzWGFYyKuAFK1pQ2QH8BxCbvdNdff
-----END CERTIFICATE-----`

// SpecCertificate returns SpecCertificatePEM parsed.
func SpecCertificate(t testing.TB) *x509.Certificate {
	t.Helper()
	b, _ := pem.Decode([]byte(SpecCertificatePEM))
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// Sign returns signed followed by US and the base32 r‖s signature of
// signed with key: SHA-256 on P-256, SHA-384 on P-384, SHA-512 on P-521.
func Sign(t testing.TB, key *ecdsa.PrivateKey, signed string) string {
	t.Helper()
	var digest []byte
	switch key.Curve {
	case elliptic.P256():
		h := sha256.Sum256([]byte(signed))
		digest = h[:]
	case elliptic.P384():
		h := sha512.Sum384([]byte(signed))
		digest = h[:]
	default:
		h := sha512.Sum512([]byte(signed))
		digest = h[:]
	}
	r, s, err := ecdsa.Sign(rand.Reader, key, digest)
	if err != nil {
		t.Fatal(err)
	}
	size := (key.Curve.Params().BitSize + 7) / 8
	sig := make([]byte, 2*size)
	r.FillBytes(sig[:size])
	s.FillBytes(sig[size:])
	return signed + "\x1f" + b32.EncodeToString(sig)
}

// PKI is a throwaway authority and its signing certificate.
type PKI struct {
	CAKey   *ecdsa.PrivateKey
	CA      *x509.Certificate
	LeafKey *ecdsa.PrivateKey
	Leaf    *x509.Certificate
}

// NewPKI makes an authority whose CN is caID (P-256) and a signing
// certificate whose CN is certID on curve, valid from notBefore to
// notAfter, serial number 4242.
func NewPKI(t testing.TB, curve elliptic.Curve, caID, certID string, notBefore, notAfter time.Time) *PKI {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{Country: []string{"FR"}, Organization: []string{"AC DE TEST"}, CommonName: caID},
		NotBefore: notBefore.AddDate(-1, 0, 0), NotAfter: notAfter.AddDate(5, 0, 0),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	leafKey, err := ecdsa.GenerateKey(curve, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(4242), Subject: pkix.Name{Country: []string{"FR"}, Organization: []string{"EMETTEUR DE TEST"}, CommonName: certID},
		NotBefore: notBefore, NotAfter: notAfter, KeyUsage: x509.KeyUsageDigitalSignature,
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &leafKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(leafDER)
	return &PKI{CAKey: caKey, CA: ca, LeafKey: leafKey, Leaf: leaf}
}

// WriteDir writes the authority (PEM) and the signing certificate (DER) to
// a temporary trust directory, with a CRL of the authority revoking the
// given serial numbers when revoke is not nil.
func (p *PKI) WriteDir(t testing.TB, revoke ...*big.Int) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("ca.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.CA.Raw}))
	write("leaf.der", p.Leaf.Raw)
	if revoke != nil {
		var entries []x509.RevocationListEntry
		for _, s := range revoke {
			entries = append(entries, x509.RevocationListEntry{SerialNumber: s, RevocationTime: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)})
		}
		crl, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{
			Number: big.NewInt(1), ThisUpdate: time.Now(), NextUpdate: time.Now().Add(24 * time.Hour),
			RevokedCertificateEntries: entries,
		}, p.CA, p.CAKey)
		if err != nil {
			t.Fatal(err)
		}
		write("ca.crl", pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: crl}))
	}
	return dir
}
