package signature

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
)

// MinKeyLen is the least size of the server's code key, in bytes.
const MinKeyLen = 32

// LoadKey reads the server's code key from a file (--signature-key-file):
// at least MinKeyLen bytes once surrounding blanks are trimmed, such as
// the output of `openssl rand -hex 32`. The key never leaves the process.
func LoadKey(path string) ([]byte, error) {
	if path == "" {
		return nil, errors.New("signature: no key file")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("signature: key file: %w", err)
	}
	key := bytes.TrimSpace(raw)
	if len(key) < MinKeyLen {
		return nil, fmt.Errorf("signature: key file holds %d bytes; at least %d are needed", len(key), MinKeyLen)
	}
	return key, nil
}

// newCode draws a code of n decimal digits, uniform, from r (crypto/rand
// in production).
func newCode(r io.Reader, n int) (string, error) {
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
	v, err := rand.Int(r, limit)
	if err != nil {
		return "", fmt.Errorf("signature: random source: %w", err)
	}
	return fmt.Sprintf("%0*d", n, v.Int64()), nil
}

// newID draws 16 random bytes as 32 hex digits, prefixed.
func newID(r io.Reader, prefix string) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("signature: random source: %w", err)
	}
	return prefix + hex.EncodeToString(b[:]), nil
}

// keyed is HMAC-SHA256 under key of the parts, each length-prefixed so
// that no two lists of parts collide.
func keyed(key []byte, parts ...string) []byte {
	m := hmac.New(sha256.New, key)
	var n [4]byte
	for _, p := range parts {
		n[0], n[1], n[2], n[3] = byte(len(p)>>24), byte(len(p)>>16), byte(len(p)>>8), byte(len(p))
		m.Write(n[:])
		m.Write([]byte(p))
	}
	return m.Sum(nil)
}

// codeMAC is what is stored of a code: bound to its agreement and its id,
// so a stored MAC is worth nothing elsewhere.
func codeMAC(key []byte, agreementID, codeID, code string) []byte {
	return keyed(key, "code", agreementID, codeID, code)
}

// signerKey is the store key of a signer: no INN or number in clear in an
// index, and none a dictionary of numbers could recover without the key.
func signerKey(key []byte, inn, phone string) string {
	return hex.EncodeToString(keyed(key, "signer", inn, phone))
}

// phoneKey is the ledger key of a number's daily sends.
func phoneKey(key []byte, phone string) string {
	return "signature-sends:" + hex.EncodeToString(keyed(key, "phone", phone))
}

// codesMatch compares in constant time.
func codesMatch(key []byte, c *PendingCode, agreementID, code string) bool {
	return hmac.Equal(codeMAC(key, agreementID, c.ID, code), c.MAC)
}
