package signature

import (
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"time"
)

// EvidenceType names the evidence records of this package.
const EvidenceType = "idcontrol.simple-electronic-signature.evidence"

// EvidenceRecord binds the three elements of the simple signature (INN,
// mobile number, confirmed code) to the documents and the agreement. Its
// JSON encoding, exactly as signed, is SignedEvidence.Payload.
type EvidenceRecord struct {
	Type        string  `json:"type"`
	Version     int     `json:"version"`
	AgreementID string  `json:"agreementId"`
	Purpose     Purpose `json:"purpose"`
	INN         string  `json:"inn"`
	// Phone is the full E.164 number: the record is the legal evidence,
	// kept by the operator, and must name the number the code went to.
	Phone     string     `json:"phone"`
	Documents []Document `json:"documents"`
	CodeID    string     `json:"codeId"`
	// CodeSentAt and ConfirmedAt are UTC, to the nanosecond.
	CodeSentAt         time.Time `json:"codeSentAt"`
	ConfirmedAt        time.Time `json:"confirmedAt"`
	AgreementExpiresAt time.Time `json:"agreementExpiresAt"`
	// KeyID names the signing key: the first 16 hex digits of the SHA-256
	// of its raw 32-byte public key.
	KeyID string `json:"keyId"`
}

// SignedEvidence is an evidence record and its Ed25519 signature.
type SignedEvidence struct {
	// Payload is the signed bytes: the record's JSON.
	Payload []byte `json:"payload"`
	// Signature is Ed25519 (RFC 8032) over Payload.
	Signature []byte `json:"signature"`
	KeyID     string `json:"keyId"`
}

// Digest is the hex SHA-256 of the payload, recorded in the history.
func (s SignedEvidence) Digest() string {
	sum := sha256.Sum256(s.Payload)
	return hex.EncodeToString(sum[:])
}

// ErrEvidenceInvalid is a record whose signature does not verify, or that
// does not parse as an evidence record.
var ErrEvidenceInvalid = errors.New("signature: the evidence does not verify")

// EvidenceKey signs evidence records.
type EvidenceKey struct {
	priv  ed25519.PrivateKey
	pub   ed25519.PublicKey
	keyID string
}

// NewEvidenceKey wraps an Ed25519 private key.
func NewEvidenceKey(priv ed25519.PrivateKey) *EvidenceKey {
	pub := priv.Public().(ed25519.PublicKey)
	return &EvidenceKey{priv: priv, pub: pub, keyID: KeyID(pub)}
}

// KeyID is the first 16 hex digits of the SHA-256 of pub.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// LoadEvidenceKey reads a PEM PKCS#8 Ed25519 private key
// (`openssl genpkey -algorithm ed25519 -out evidence.pem`).
func LoadEvidenceKey(path string) (*EvidenceKey, error) {
	if path == "" {
		return nil, errors.New("signature: no evidence key file")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("signature: evidence key file: %w", err)
	}
	block, _ := pem.Decode(raw)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, errors.New("signature: the evidence key file holds no PEM \"PRIVATE KEY\" block")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("signature: evidence key: %w", err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("signature: the evidence key is %T; Ed25519 is needed", k)
	}
	return NewEvidenceKey(priv), nil
}

// Public returns the verification key.
func (k *EvidenceKey) Public() ed25519.PublicKey { return k.pub }

// KeyID returns the key's id.
func (k *EvidenceKey) KeyID() string { return k.keyID }

// PublicPEM returns the verification key as a PEM "PUBLIC KEY" block, as
// `openssl pkey -pubout` writes it.
func (k *EvidenceKey) PublicPEM() string {
	der, err := x509.MarshalPKIXPublicKey(k.pub)
	if err != nil {
		return ""
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// Sign encodes rec (setting its type, version and key id) and signs it.
func (k *EvidenceKey) Sign(rec EvidenceRecord) (SignedEvidence, error) {
	rec.Type, rec.Version, rec.KeyID = EvidenceType, 1, k.keyID
	payload, err := json.Marshal(rec)
	if err != nil {
		return SignedEvidence{}, fmt.Errorf("signature: encode evidence: %w", err)
	}
	return SignedEvidence{Payload: payload, Signature: ed25519.Sign(k.priv, payload), KeyID: k.keyID}, nil
}

// VerifyEvidence checks the signature of s under pub and returns the
// record. It needs nothing but the public key: it runs offline.
func VerifyEvidence(pub ed25519.PublicKey, s SignedEvidence) (EvidenceRecord, error) {
	if len(pub) != ed25519.PublicKeySize || len(s.Signature) != ed25519.SignatureSize ||
		!ed25519.Verify(pub, s.Payload, s.Signature) {
		return EvidenceRecord{}, ErrEvidenceInvalid
	}
	var rec EvidenceRecord
	if err := json.Unmarshal(s.Payload, &rec); err != nil || rec.Type != EvidenceType || rec.KeyID != KeyID(pub) {
		return EvidenceRecord{}, ErrEvidenceInvalid
	}
	return rec, nil
}
