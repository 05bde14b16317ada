package twoddoc

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// maxTrustFile bounds a file of the trust directory: certificates and CRLs
// of 2D-Doc authorities are a few KiB.
const maxTrustFile = 8 << 20

// TrustStore holds the certificates 2D-Docs are verified against: the
// certification authorities (found by their subject CN, the header's CA
// id), the signing certificates (subject CN = the header's certificate id,
// issued by that CA) and the revocations of the CRLs whose signature one of
// the authorities verifies.
type TrustStore struct {
	byCN map[string][]*x509.Certificate
	// revoked maps an issuer's raw subject to the revoked serial numbers.
	revoked map[string]map[string]time.Time
	// crlIssuers are the raw subjects of the authorities that published a CRL.
	crlIssuers map[string]bool
	// chained maps a certificate to the authority of the store that
	// signed it, verified once when the store is built: a signature check
	// per request would double the cost of a verification.
	chained map[*x509.Certificate]*x509.Certificate
	// subjects caches each certificate's subject as text (SignedBy).
	subjects map[*x509.Certificate]string
	certs    int
}

// Len is the number of certificates of the store.
func (s *TrustStore) Len() int { return s.certs }

// CRLs is the number of authorities whose CRL the store holds.
func (s *TrustStore) CRLs() int { return len(s.crlIssuers) }

// LoadTrustStore reads every regular file of dir: PEM (CERTIFICATE, X509
// CRL blocks, several per file) or DER (one certificate or CRL). A file that
// is neither, or a CRL no certificate of the directory signed, fails the
// load: an operator's mistake must stop the start, not weaken verification.
func LoadTrustStore(dir string) (*TrustStore, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("trust store: %w", err)
	}
	var certs []*x509.Certificate
	var crls []*x509.RevocationList
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		name := e.Name()
		if name[0] == '.' || filepath.Ext(name) == ".md" || filepath.Ext(name) == ".txt" {
			continue // hidden files and notes an operator keeps beside
		}
		path := filepath.Join(dir, name)
		info, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("trust store: %w", err)
		}
		if info.Size() > maxTrustFile {
			return nil, fmt.Errorf("trust store: %s is larger than %d bytes", name, maxTrustFile)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("trust store: %w", err)
		}
		c, r, err := parseTrustFile(data)
		if err != nil {
			return nil, fmt.Errorf("trust store: %s: %w", name, err)
		}
		certs = append(certs, c...)
		crls = append(crls, r...)
	}
	return NewTrustStore(certs, crls)
}

func parseTrustFile(data []byte) ([]*x509.Certificate, []*x509.RevocationList, error) {
	var certs []*x509.Certificate
	var crls []*x509.RevocationList
	rest := data
	sawPEM := false
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		sawPEM = true
		switch b.Type {
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				return nil, nil, err
			}
			certs = append(certs, c)
		case "X509 CRL":
			r, err := x509.ParseRevocationList(b.Bytes)
			if err != nil {
				return nil, nil, err
			}
			crls = append(crls, r)
		default:
			// Keys or parameters beside the certificates play no part.
		}
	}
	if sawPEM {
		if len(certs) == 0 && len(crls) == 0 {
			return nil, nil, errors.New("no CERTIFICATE nor X509 CRL block")
		}
		return certs, crls, nil
	}
	if c, err := x509.ParseCertificate(data); err == nil {
		return []*x509.Certificate{c}, nil, nil
	}
	if r, err := x509.ParseRevocationList(data); err == nil {
		return nil, []*x509.RevocationList{r}, nil
	}
	return nil, nil, errors.New("neither a PEM file nor a DER certificate or CRL")
}

// NewTrustStore builds a store from parsed certificates and CRLs. A CRL
// must be signed by one of the certificates.
func NewTrustStore(certs []*x509.Certificate, crls []*x509.RevocationList) (*TrustStore, error) {
	s := &TrustStore{byCN: map[string][]*x509.Certificate{}, revoked: map[string]map[string]time.Time{}, crlIssuers: map[string]bool{}}
	for _, c := range certs {
		cn := c.Subject.CommonName
		if slices.ContainsFunc(s.byCN[cn], c.Equal) {
			continue
		}
		s.byCN[cn] = append(s.byCN[cn], c)
		s.certs++
	}
	s.chained = map[*x509.Certificate]*x509.Certificate{}
	s.subjects = map[*x509.Certificate]string{}
	for _, list := range s.byCN {
		for _, c := range list {
			s.subjects[c] = c.Subject.String()
			for _, ca := range s.byCN[c.Issuer.CommonName] {
				if ca != c && string(ca.RawSubject) == string(c.RawIssuer) && c.CheckSignatureFrom(ca) == nil {
					s.chained[c] = ca
					break
				}
			}
		}
	}
	for _, r := range crls {
		var issuer *x509.Certificate
		for _, c := range s.byCN[r.Issuer.CommonName] {
			if string(c.RawSubject) == string(r.RawIssuer) && r.CheckSignatureFrom(c) == nil {
				issuer = c
				break
			}
		}
		if issuer == nil {
			return nil, fmt.Errorf("trust store: the CRL of %q is signed by no certificate of the store", r.Issuer.CommonName)
		}
		key := string(r.RawIssuer)
		s.crlIssuers[key] = true
		if s.revoked[key] == nil {
			s.revoked[key] = map[string]time.Time{}
		}
		for _, e := range r.RevokedCertificateEntries {
			s.revoked[key][serialKey(e.SerialNumber)] = e.RevocationTime
		}
	}
	return s, nil
}

func serialKey(n *big.Int) string {
	if n == nil {
		return ""
	}
	return string(n.Bytes()) + map[bool]string{true: "-", false: "+"}[n.Sign() < 0]
}

// authorities returns the certificates whose subject CN is caID.
func (s *TrustStore) authorities(caID string) []*x509.Certificate {
	if s == nil {
		return nil
	}
	return s.byCN[caID]
}

// leaves returns the certificates whose subject CN is certID and whose
// issuer CN is caID.
func (s *TrustStore) leaves(caID, certID string) []*x509.Certificate {
	if s == nil {
		return nil
	}
	var out []*x509.Certificate
	for _, c := range s.byCN[certID] {
		if c.Issuer.CommonName == caID {
			out = append(out, c)
		}
	}
	return out
}
