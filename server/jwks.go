package server

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// jwtVerifier checks bearer tokens against the keys of a JWKS file: the
// signature (asymmetric algorithms only, so a public key can never be
// used as an HMAC secret), issuer, audience, expiry (required) and
// not-before, with the configured clock skew.
type jwtVerifier struct {
	keys   map[string]any // by kid
	parser *jwt.Parser
	skew   time.Duration
	now    func() time.Time
	// verified remembers tokens already verified (an ES256 verification
	// costs ~130 µs, four times a whole identity check), until their
	// expiry; a reload of the files starts a new, empty cache.
	mu       sync.Mutex
	verified map[[sha256.Size]byte]verifiedToken
}

type verifiedToken struct {
	subject string
	until   time.Time
}

// maxVerifiedTokens bounds the cache; it is emptied when full.
const maxVerifiedTokens = 10000

func newJWTVerifier(c jwtConf, jwksPath string, now func() time.Time) (*jwtVerifier, error) {
	if c.JWKSFile == "" || c.Issuer == "" || c.Audience == "" {
		return nil, errors.New("jwt: jwks_file, issuer and audience are required")
	}
	skew := 30 * time.Second
	if c.ClockSkew != "" {
		d, err := time.ParseDuration(c.ClockSkew)
		if err != nil || d < 0 || d > 10*time.Minute {
			return nil, errors.New("jwt: clock_skew must be a duration between 0 and 10m")
		}
		skew = d
	}
	keys, err := loadJWKS(jwksPath)
	if err != nil {
		return nil, err
	}
	return &jwtVerifier{
		keys: keys, skew: skew, now: now, verified: map[[sha256.Size]byte]verifiedToken{},
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}),
			jwt.WithIssuer(c.Issuer),
			jwt.WithAudience(c.Audience),
			jwt.WithLeeway(skew),
			jwt.WithExpirationRequired(),
			jwt.WithTimeFunc(now),
		),
	}, nil
}

// subject verifies token and returns its subject, or a reason for the log.
func (v *jwtVerifier) subject(token string) (sub, reason string, err error) {
	sum := sha256.Sum256([]byte(token))
	v.mu.Lock()
	hit, ok := v.verified[sum]
	v.mu.Unlock()
	if ok && v.now().Before(hit.until) {
		return hit.subject, "", nil
	}
	var claims jwt.RegisteredClaims
	_, err = v.parser.ParseWithClaims(token, &claims, v.key)
	switch {
	case err == nil && claims.Subject == "":
		return "", "jwt_no_subject", errors.New("no subject")
	case err == nil:
		v.mu.Lock()
		if len(v.verified) >= maxVerifiedTokens {
			clear(v.verified)
		}
		v.verified[sum] = verifiedToken{subject: claims.Subject, until: claims.ExpiresAt.Add(v.skew)}
		v.mu.Unlock()
		return claims.Subject, "", nil
	case errors.Is(err, jwt.ErrTokenMalformed):
		reason = "jwt_malformed"
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		reason = "jwt_unknown_key"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		reason = "jwt_bad_signature"
	case errors.Is(err, jwt.ErrTokenExpired):
		reason = "jwt_expired"
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		reason = "jwt_not_yet_valid"
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		reason = "jwt_wrong_issuer"
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		reason = "jwt_wrong_audience"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		reason = "jwt_missing_claim"
	default:
		reason = "jwt_invalid"
	}
	return "", reason, err
}

// key picks the verification key by the token's kid; a set of one key
// also verifies tokens without a kid.
func (v *jwtVerifier) key(t *jwt.Token) (any, error) {
	kid, _ := t.Header["kid"].(string)
	if kid == "" && len(v.keys) == 1 {
		for _, k := range v.keys {
			return k, nil
		}
	}
	if k, ok := v.keys[kid]; ok {
		return k, nil
	}
	return nil, errors.New("unknown key id")
}

type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Crv string `json:"crv"`
	N   string `json:"n"`
	E   string `json:"e"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// loadJWKS reads the public signing keys of a JWKS file (RFC 7517): RSA,
// EC (P-256, P-384, P-521) and OKP Ed25519. A key it cannot read fails the
// load rather than being skipped silently.
func loadJWKS(path string) (map[string]any, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("jwt: jwks_file: %w", err)
	}
	var set struct {
		Keys []jwk `json:"keys"`
	}
	if err := json.Unmarshal(raw, &set); err != nil {
		return nil, fmt.Errorf("jwt: jwks_file: %w", err)
	}
	keys := map[string]any{}
	for i, k := range set.Keys {
		if k.Use != "" && k.Use != "sig" {
			continue
		}
		pub, err := k.publicKey()
		if err != nil {
			return nil, fmt.Errorf("jwt: jwks_file key %d: %w", i, err)
		}
		if _, dup := keys[k.Kid]; dup {
			return nil, fmt.Errorf("jwt: jwks_file key %d: kid %q listed twice", i, k.Kid)
		}
		keys[k.Kid] = pub
	}
	if len(keys) == 0 {
		return nil, errors.New("jwt: jwks_file has no signing key")
	}
	return keys, nil
}

func (k jwk) publicKey() (any, error) {
	b64 := base64.RawURLEncoding.DecodeString
	switch k.Kty {
	case "RSA":
		n, err1 := b64(k.N)
		e, err2 := b64(k.E)
		if err := errors.Join(err1, err2); err != nil || len(n) < 256 || len(e) == 0 || len(e) > 4 {
			return nil, errors.New("RSA key: bad n or e (2048 bits at least)")
		}
		return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}, nil
	case "EC":
		var curve elliptic.Curve
		switch k.Crv {
		case "P-256":
			curve = elliptic.P256()
		case "P-384":
			curve = elliptic.P384()
		case "P-521":
			curve = elliptic.P521()
		default:
			return nil, fmt.Errorf("EC key: unsupported curve %q", k.Crv)
		}
		x, err1 := b64(k.X)
		y, err2 := b64(k.Y)
		size := (curve.Params().BitSize + 7) / 8
		if errors.Join(err1, err2) != nil || len(x) != size || len(y) != size {
			return nil, errors.New("EC key: bad x or y")
		}
		point := append(append([]byte{4}, x...), y...)
		pub, err := ecdsa.ParseUncompressedPublicKey(curve, point)
		if err != nil {
			return nil, errors.New("EC key: not a point of the curve")
		}
		return pub, nil
	case "OKP":
		x, err := b64(k.X)
		if k.Crv != "Ed25519" || err != nil || len(x) != ed25519.PublicKeySize {
			return nil, errors.New("OKP key: Ed25519 only")
		}
		return ed25519.PublicKey(x), nil
	}
	return nil, fmt.Errorf("unsupported kty %q", k.Kty)
}
