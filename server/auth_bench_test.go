package server

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"path/filepath"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/time/rate"
	"google.golang.org/grpc/metadata"
)

// benchAuthenticator has one API-key client, one JWT client at 1e9/s.
func benchAuthenticator(b *testing.B) (*authenticator, string) {
	dir := b.TempDir()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	jwksFile(b, dir, "k1", key)
	cfgPath := filepath.Join(dir, "auth.json")
	writeJSON(b, cfgPath, authFile{
		Clients: []clientConf{{ID: "alpha", APIKeysSHA256: []string{keyHash("alpha-key")}, JWTSubjects: []string{"svc"}, RatePerSecond: 1e9, Burst: 1e9}},
		JWT:     &jwtConf{JWKSFile: "jwks.json", Issuer: "iss", Audience: "aud"},
	})
	a, err := newAuthenticator(cfgPath, false, nil)
	if err != nil {
		b.Fatal(err)
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.RegisteredClaims{
		Issuer: "iss", Audience: jwt.ClaimStrings{"aud"}, Subject: "svc", ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour)),
	}).SignedString(key)
	if err != nil {
		b.Fatal(err)
	}
	return a, tok
}

func BenchmarkAuthenticate(b *testing.B) {
	a, tok := benchAuthenticator(b)
	for name, md := range map[string]metadata.MD{
		"APIKey":   metadata.Pairs(apiKeyHeader, "alpha-key"),
		"JWTES256": metadata.Pairs("authorization", "Bearer "+tok),
	} {
		b.Run(name, func(b *testing.B) {
			ctx := metadata.NewIncomingContext(context.Background(), md)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := a.authenticate(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("RateLimit", func(b *testing.B) {
		l := newClientLimiter(func(c string) (rate.Limit, int, bool) { return a.state.Load().limit(c) })
		ctx := withIdentity(context.Background(), Identity{Client: "alpha", Via: "api_key"})
		b.ReportAllocs()
		for b.Loop() {
			if err := l.Limit(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
