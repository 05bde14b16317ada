package twoddoc

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"math/big"
	"time"
)

// Status is the outcome of one verification step.
type Status uint8

const (
	// StatusNotChecked: the step could not be run (an earlier step failed,
	// or what it needs is missing); Message says why.
	StatusNotChecked Status = iota
	// StatusPassed: the step succeeded.
	StatusPassed
	// StatusFailed: the step ran and failed.
	StatusFailed
)

func (s Status) String() string {
	switch s {
	case StatusPassed:
		return "PASSED"
	case StatusFailed:
		return "FAILED"
	}
	return "NOT_CHECKED"
}

// Step is one verification step's outcome.
type Step struct {
	Status  Status
	Code    string // stable UPPER_SNAKE reason when not passed
	Message string
}

// Codes of verification steps.
const (
	CodeTrustStoreMissing   = "TRUST_STORE_MISSING"
	CodeStructureInvalid    = "DOC2D_STRUCTURE_INVALID"
	CodeCertificateNotFound = "CERTIFICATE_NOT_FOUND"
	CodeAuthorityNotFound   = "AUTHORITY_NOT_FOUND"
	CodeChainInvalid        = "CHAIN_INVALID"
	CodeCertificateExpired  = "CERTIFICATE_NOT_VALID_AT_SIGNATURE_DATE"
	CodeSignatureInvalid    = "SIGNATURE_INVALID"
	CodeKeyUnsupported      = "KEY_UNSUPPORTED"
	CodeRevoked             = "CERTIFICATE_REVOKED"
	CodeNoCRL               = "CRL_MISSING"
	CodeSignatureV1         = "SIGNATURE_FORMAT_UNSUPPORTED"
)

// Verification answers each step of the specification's verification
// algorithm (section 5.1) separately.
type Verification struct {
	Structure                   Step
	CertificateFound            Step
	ChainValid                  Step
	CertificateValidAtSignature Step
	SignatureValid              Step
	// NotRevoked is NotChecked with CRL_MISSING when the store holds no CRL
	// of the authority: CRLs are optional, and Valid accepts that.
	NotRevoked Step
	// SignedBy is the signing certificate's subject (RFC 2253 order), when found.
	SignedBy string
}

// Valid reports whether the 2D-Doc is proved genuine: every step passed,
// revocation aside when the store has no CRL for the authority.
func (v Verification) Valid() bool {
	for _, s := range []Step{v.Structure, v.CertificateFound, v.ChainValid, v.CertificateValidAtSignature, v.SignatureValid} {
		if s.Status != StatusPassed {
			return false
		}
	}
	return v.NotRevoked.Status == StatusPassed || (v.NotRevoked.Status == StatusNotChecked && v.NotRevoked.Code == CodeNoCRL)
}

func passed(msg string) Step       { return Step{Status: StatusPassed, Message: msg} }
func failed(code, msg string) Step { return Step{Status: StatusFailed, Code: code, Message: msg} }
func notChecked(code, msg string) Step {
	return Step{Status: StatusNotChecked, Code: code, Message: msg}
}

// Verify runs the verification steps of d against s (which may be nil: no
// trust store configured).
func Verify(d *Doc, s *TrustStore) Verification {
	var v Verification
	if bl := d.Blocking(); len(bl) > 0 {
		v.Structure = failed(CodeStructureInvalid, "The 2D-Doc does not follow its type's definition: "+bl[0].Message)
	} else {
		v.Structure = passed("The 2D-Doc follows its type's definition.")
	}
	h := d.Header
	if s == nil {
		msg := "No trust store is configured (--trust-store): the certificate cannot be looked up."
		v.CertificateFound = notChecked(CodeTrustStoreMissing, msg)
		v.ChainValid = notChecked(CodeTrustStoreMissing, msg)
		v.CertificateValidAtSignature = notChecked(CodeTrustStoreMissing, msg)
		v.SignatureValid = notChecked(CodeTrustStoreMissing, msg)
		v.NotRevoked = notChecked(CodeTrustStoreMissing, msg)
		return v
	}
	leaves := s.leaves(h.CAID, h.CertID)
	if len(leaves) == 0 {
		v.CertificateFound = failed(CodeCertificateNotFound, "The trust store has no certificate "+h.CertID+" issued by "+h.CAID+".")
		msg := "The signing certificate was not found."
		v.ChainValid = notChecked(CodeCertificateNotFound, msg)
		v.CertificateValidAtSignature = notChecked(CodeCertificateNotFound, msg)
		v.SignatureValid = notChecked(CodeCertificateNotFound, msg)
		v.NotRevoked = notChecked(CodeCertificateNotFound, msg)
		return v
	}
	v.CertificateFound = passed("The trust store holds certificate " + h.CertID + " issued by " + h.CAID + ".")
	// A renewed certificate may share its CN with the old one: the one
	// whose key verifies the signature decides, else the first.
	leaf := leaves[0]
	sigStep := signatureStep(d, leaf)
	for _, c := range leaves[1:] {
		if sigStep.Status == StatusPassed {
			break
		}
		if st := signatureStep(d, c); st.Status == StatusPassed {
			leaf, sigStep = c, st
		}
	}
	v.SignedBy = s.subjects[leaf]
	v.SignatureValid = sigStep
	v.ChainValid = chainStep(s, h, leaf)
	v.CertificateValidAtSignature = validityStep(h, leaf)
	v.NotRevoked = revocationStep(s, leaf)
	return v
}

// chainStep checks that an authority of the store signed the certificate
// and was itself valid on the signature date.
func chainStep(s *TrustStore, h Header, leaf *x509.Certificate) Step {
	caID := h.CAID
	cas := s.authorities(caID)
	if len(cas) == 0 {
		return failed(CodeAuthorityNotFound, "The trust store has no certificate of the authority "+caID+": the chain cannot be verified.")
	}
	if ca := s.chained[leaf]; ca != nil && ca.Subject.CommonName == caID {
		if validityStep(h, ca).Status != StatusPassed {
			return failed(CodeChainInvalid, "The authority "+caID+" that signed the certificate was not valid on the signature date.")
		}
		return passed("The certificate is signed by the authority " + caID + " of the trust store.")
	}
	return failed(CodeChainInvalid, "No certificate of the authority "+caID+" in the trust store verifies the signing certificate.")
}

// validityStep checks the certificate at the header's signature date, not
// today: a 2D-Doc stays genuine after its certificate expired. The date is
// a day: the certificate must be valid at some instant of it (UTC).
func validityStep(h Header, leaf *x509.Certificate) Step {
	if h.SignatureDate.IsZero() {
		return failed(CodeCertificateExpired, "The header has no signature date to check the certificate's validity at.")
	}
	start := h.SignatureDate.Time().UTC()
	start = time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	end := start.Add(24*time.Hour - time.Nanosecond)
	if end.Before(leaf.NotBefore) || start.After(leaf.NotAfter) {
		return failed(CodeCertificateExpired, "The certificate was not valid on the signature date "+h.SignatureDate.String()+": it is valid from "+leaf.NotBefore.UTC().Format(time.DateOnly)+" to "+leaf.NotAfter.UTC().Format(time.DateOnly)+".")
	}
	return passed("The certificate was valid on the signature date " + h.SignatureDate.String() + ".")
}

func revocationStep(s *TrustStore, leaf *x509.Certificate) Step {
	key := string(leaf.RawIssuer)
	if !s.crlIssuers[key] {
		return notChecked(CodeNoCRL, "The trust store holds no CRL of the certificate's authority: revocation was not checked.")
	}
	if t, ok := s.revoked[key][serialKey(leaf.SerialNumber)]; ok {
		return failed(CodeRevoked, "The certificate was revoked on "+t.UTC().Format(time.DateOnly)+": no 2D-Doc it signed can be verified.")
	}
	return passed("The certificate is not on its authority's CRL.")
}

// signatureStep verifies the ECDSA signature r‖s over the signed text with
// the certificate's key: SHA-256 on P-256, SHA-384 on P-384, SHA-512 on
// P-521.
func signatureStep(d *Doc, leaf *x509.Certificate) Step {
	if d.Header.Version == "01" {
		return notChecked(CodeSignatureV1, "A version-01 2D-Doc carries a binary signature that the scanned text does not keep.")
	}
	pub, ok := leaf.PublicKey.(*ecdsa.PublicKey)
	if !ok {
		return failed(CodeKeyUnsupported, "The certificate's key is not an ECDSA key.")
	}
	var digest []byte
	var size int
	switch pub.Curve {
	case elliptic.P256():
		h := sha256.Sum256([]byte(d.signed))
		digest, size = h[:], 32
	case elliptic.P384():
		h := sha512.Sum384([]byte(d.signed))
		digest, size = h[:], 48
	case elliptic.P521():
		h := sha512.Sum512([]byte(d.signed))
		digest, size = h[:], 66
	default:
		return failed(CodeKeyUnsupported, "The certificate's curve is not P-256, P-384 or P-521.")
	}
	if len(d.Signature) != 2*size {
		return failed(CodeSignatureInvalid, "The signature's length does not match the certificate's curve.")
	}
	r := new(big.Int).SetBytes(d.Signature[:size])
	sv := new(big.Int).SetBytes(d.Signature[size:])
	if !ecdsa.Verify(pub, digest, r, sv) {
		return failed(CodeSignatureInvalid, "The signature does not verify: the signed data was altered or another key signed it.")
	}
	return passed("The signature verifies with the certificate's key.")
}
