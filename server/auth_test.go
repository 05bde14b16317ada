package server

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"
)

func keyHash(k string) string {
	s := sha256.Sum256([]byte(k))
	return hex.EncodeToString(s[:])
}

func writeJSON(t testing.TB, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	writeAtomic(t, path, b)
}

func dialPlain(t *testing.T, addr string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// withKey and withToken are a call's credentials.
func withKey(k string) context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), apiKeyHeader, k)
}

func withToken(tok string) context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+tok)
}

func matchField(ctx context.Context, conn *grpc.ClientConn) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err := idcontrolv1.NewControlServiceClient(conn).MatchField(ctx, &idcontrolv1.MatchFieldRequest{
		Field: idcontrolv1.MatchField_MATCH_FIELD_BIRTH_DATE, Declared: "1970-01-01", Extracted: "1970-01-01",
	})
	return err
}

// wantCode checks the code and that the message says nothing more than
// the generic words.
func wantCode(t *testing.T, what string, err error, code codes.Code) {
	t.Helper()
	st := status.Convert(err)
	if st.Code() != code {
		t.Fatalf("%s: got %v, want %v", what, err, code)
	}
	switch code {
	case codes.Unauthenticated:
		if st.Message() != "authentication required" || len(st.Details()) != 0 {
			t.Errorf("%s: UNAUTHENTICATED says more than it should: %v", what, st.Proto())
		}
	case codes.PermissionDenied:
		if st.Message() != "permission denied" || len(st.Details()) != 0 {
			t.Errorf("%s: PERMISSION_DENIED says more than it should: %v", what, st.Proto())
		}
	}
}

func TestAuthAPIKeysAndRotation(t *testing.T) {
	t.Parallel()
	cfgPath := filepath.Join(t.TempDir(), "auth.json")
	writeJSON(t, cfgPath, authFile{Clients: []clientConf{
		{ID: "alpha", APIKeysSHA256: []string{keyHash("alpha-key-1"), keyHash("alpha-key-2")}},
		{ID: "mrz-only", APIKeysSHA256: []string{keyHash("mrz-key")}, Services: []string{"idcontrol.v1.MrzService"}},
	}})
	live := startLive(t, func(c *Config) { c.AuthConfig = cfgPath })
	conn := dialPlain(t, live.addr)

	wantCode(t, "no credentials", matchField(context.Background(), conn), codes.Unauthenticated)
	wantCode(t, "unknown key", matchField(withKey("guessed-key-0001"), conn), codes.Unauthenticated)
	// Authentication comes before validation: a stranger learns nothing
	// of the rules.
	_, err := idcontrolv1.NewMrzServiceClient(conn).ParseMrz(context.Background(), &idcontrolv1.ParseMrzRequest{Lines: []string{"X"}})
	wantCode(t, "an invalid request without key", err, codes.Unauthenticated)
	wantCode(t, "health without key", healthCheck(conn), codes.Unauthenticated)
	for _, k := range []string{"alpha-key-1", "alpha-key-2"} {
		if err := matchField(withKey(k), conn); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
	}
	wantCode(t, "service not allowed", matchField(withKey("mrz-key"), conn), codes.PermissionDenied)
	if _, err := healthpb.NewHealthClient(conn).Check(withKey("mrz-key"), &healthpb.HealthCheckRequest{}); err != nil {
		t.Errorf("health with a valid key: %v", err)
	}

	// Rotation without restart: key 1 retired, key 3 added.
	writeJSON(t, cfgPath, authFile{Clients: []clientConf{
		{ID: "alpha", APIKeysSHA256: []string{keyHash("alpha-key-2"), keyHash("alpha-key-3")}},
	}})
	deadline := time.Now().Add(15 * time.Second)
	for matchField(withKey("alpha-key-3"), conn) != nil {
		if time.Now().After(deadline) {
			t.Fatalf("the new key was never accepted; log:\n%s", live.logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	wantCode(t, "retired key", matchField(withKey("alpha-key-1"), conn), codes.Unauthenticated)
	if err := matchField(withKey("alpha-key-2"), conn); err != nil {
		t.Errorf("the kept key: %v", err)
	}

	// A broken file keeps the current keys.
	writeAtomic(t, cfgPath, []byte(`{"clients": [`))
	time.Sleep(200 * time.Millisecond)
	if err := matchField(withKey("alpha-key-3"), conn); err != nil {
		t.Errorf("a broken auth file disabled the current keys: %v", err)
	}

	logs := live.logs.String()
	if n := strings.Count(logs, `"reason":"unknown_api_key"`); n != 1 {
		t.Errorf("unknown_api_key logged %d times, want once:\n%s", n, logs)
	}
	for _, secret := range []string{"alpha-key", "guessed-key", "mrz-key", keyHash("alpha-key-1")} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
	// Authentication sits inside logging: refused calls are logged with
	// their code like any other.
	if !strings.Contains(logs, "Unauthenticated") || !strings.Contains(logs, "PermissionDenied") {
		t.Errorf("refused calls are not in the call log:\n%s", logs)
	}
	if !strings.Contains(logs, "authentication on") || !strings.Contains(logs, "auth config reloaded") {
		t.Errorf("the log lacks the start-up or reload line:\n%s", logs)
	}
}

func TestFailedAuthenticationLoggedOncePerClientAndReason(t *testing.T) {
	t.Parallel()
	logs := &syncBuffer{}
	f := newFailureLog(newTestLogger(logs), time.Hour)
	for range 50 {
		f.record(context.Background(), "peer 10.0.0.1", "unknown_api_key", "/m")
		f.record(context.Background(), "peer 10.0.0.1", "jwt_expired", "/m")
		f.record(context.Background(), "peer 10.0.0.2", "unknown_api_key", "/m")
	}
	if n := strings.Count(logs.String(), "authentication failed"); n != 3 {
		t.Errorf("%d lines for 3 client×reason pairs:\n%s", n, logs)
	}
}

func TestReflectionAndHealthFlagsUnderAuth(t *testing.T) {
	t.Parallel()
	cfgPath := filepath.Join(t.TempDir(), "auth.json")
	writeJSON(t, cfgPath, authFile{Clients: []clientConf{{ID: "alpha", APIKeysSHA256: []string{keyHash("k")}}}})
	reflect := func(ctx context.Context, conn *grpc.ClientConn) error {
		stream, err := reflectionpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
		if err != nil {
			return err
		}
		// A stream the server has already ended makes Send return io.EOF;
		// its status is Recv's (grpc-go's contract for SendMsg).
		if err := stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		_, err = stream.Recv()
		return err
	}
	closed := startLive(t, func(c *Config) { c.AuthConfig = cfgPath })
	conn := dialPlain(t, closed.addr)
	wantCode(t, "reflection off by default", reflect(withKey("k"), conn), codes.Unimplemented)

	open := startLive(t, func(c *Config) { c.AuthConfig, c.AuthOpenHealth, c.Reflection = cfgPath, true, true })
	conn = dialPlain(t, open.addr)
	if err := healthCheck(conn); err != nil {
		t.Errorf("--auth-open-health: %v", err)
	}
	wantCode(t, "the API under an open health", matchField(context.Background(), conn), codes.Unauthenticated)
	wantCode(t, "reflection without key", reflect(context.Background(), conn), codes.Unauthenticated)
	if err := reflect(withKey("k"), conn); err != nil {
		t.Errorf("--reflection with a key: %v", err)
	}
}

// jwks writes a one-key JWKS for key and returns its path.
func jwksFile(t testing.TB, dir, kid string, key *ecdsa.PrivateKey) string {
	t.Helper()
	b64 := base64.RawURLEncoding.EncodeToString
	raw, err := key.PublicKey.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "jwks.json")
	writeJSON(t, path, map[string]any{"keys": []map[string]string{{
		"kty": "EC", "crv": "P-256", "kid": kid, "use": "sig", "x": b64(raw[1:33]), "y": b64(raw[33:]),
	}}})
	return path
}

func TestAuthJWT(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	jwksFile(t, dir, "k1", key)
	cfgPath := filepath.Join(dir, "auth.json")
	writeJSON(t, cfgPath, authFile{
		Clients: []clientConf{{ID: "alpha", JWTSubjects: []string{"svc-alpha"}}},
		JWT:     &jwtConf{JWKSFile: "jwks.json", Issuer: "https://issuer.test", Audience: "idcontrol", ClockSkew: "30s"},
	})
	live := startLive(t, func(c *Config) { c.AuthConfig = cfgPath })
	conn := dialPlain(t, live.addr)
	now := time.Now()
	sign := func(k *ecdsa.PrivateKey, kid string, mod func(*jwt.RegisteredClaims)) string {
		c := jwt.RegisteredClaims{
			Issuer: "https://issuer.test", Audience: jwt.ClaimStrings{"idcontrol"}, Subject: "svc-alpha",
			ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute)), IssuedAt: jwt.NewNumericDate(now),
		}
		if mod != nil {
			mod(&c)
		}
		tok := jwt.NewWithClaims(jwt.SigningMethodES256, c)
		tok.Header["kid"] = kid
		s, err := tok.SignedString(k)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if err := matchField(withToken(sign(key, "k1", nil)), conn); err != nil {
		t.Fatalf("a valid token: %v", err)
	}
	if err := matchField(withToken(sign(key, "k1", func(c *jwt.RegisteredClaims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-10 * time.Second)) })), conn); err != nil {
		t.Errorf("expired 10s ago, within the 30s skew: %v", err)
	}
	for name, tok := range map[string]string{
		"expired":        sign(key, "k1", func(c *jwt.RegisteredClaims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Minute)) }),
		"no expiry":      sign(key, "k1", func(c *jwt.RegisteredClaims) { c.ExpiresAt = nil }),
		"not yet valid":  sign(key, "k1", func(c *jwt.RegisteredClaims) { c.NotBefore = jwt.NewNumericDate(now.Add(time.Minute)) }),
		"wrong issuer":   sign(key, "k1", func(c *jwt.RegisteredClaims) { c.Issuer = "https://evil.test" }),
		"wrong audience": sign(key, "k1", func(c *jwt.RegisteredClaims) { c.Audience = jwt.ClaimStrings{"other"} }),
		"other key":      sign(other, "k1", nil),
		"unknown kid":    sign(key, "k9", nil),
		"hmac with the public key": func() string {
			pub, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
			tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{Issuer: "https://issuer.test", Audience: jwt.ClaimStrings{"idcontrol"}, Subject: "svc-alpha", ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute))})
			tok.Header["kid"] = "k1"
			s, _ := tok.SignedString(pub)
			return s
		}(),
		"garbage": "not.a.jwt",
	} {
		wantCode(t, name, matchField(withToken(tok), conn), codes.Unauthenticated)
	}
	wantCode(t, "unlisted subject", matchField(withToken(sign(key, "k1", func(c *jwt.RegisteredClaims) { c.Subject = "svc-unknown" })), conn), codes.PermissionDenied)
	if strings.Contains(live.logs.String(), "eyJ") {
		t.Errorf("a token reached the log:\n%s", live.logs)
	}
}

func similarityCall(ctx context.Context, conn *grpc.ClientConn, key string) (*idcontrolv1.ScoreSimilarityResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return idcontrolv1.NewControlServiceClient(conn).ScoreSimilarity(ctx, &idcontrolv1.ScoreSimilarityRequest{
		Declared:   &idcontrolv1.IdentityFields{LastName: "MARTIN", FirstNames: "PAUL", BirthDate: "1970-01-01"},
		Document:   &idcontrolv1.IdentityFields{LastName: "MARTIN", FirstNames: "PAUL", BirthDate: "1970-01-01"},
		AttemptKey: key,
	})
}

// TestAttemptKeysScopedPerClient: two clients naming the same attempt key
// count separately.
func TestAttemptKeysScopedPerClient(t *testing.T) {
	t.Parallel()
	cfgPath := filepath.Join(t.TempDir(), "auth.json")
	writeJSON(t, cfgPath, authFile{Clients: []clientConf{
		{ID: "alpha", APIKeysSHA256: []string{keyHash("a")}},
		{ID: "beta", APIKeysSHA256: []string{keyHash("b")}},
	}})
	live := startLive(t, func(c *Config) { c.AuthConfig = cfgPath })
	conn := dialPlain(t, live.addr)
	for i := 1; i <= 2; i++ {
		resp, err := similarityCall(withKey("a"), conn, "dossier-42")
		if err != nil {
			t.Fatal(err)
		}
		if resp.GetAttemptsUsed() != int32(i) {
			t.Fatalf("alpha call %d: %d attempts used", i, resp.GetAttemptsUsed())
		}
	}
	resp, err := similarityCall(withKey("b"), conn, "dossier-42")
	if err != nil {
		t.Fatal(err)
	}
	if resp.GetAttemptsUsed() != 1 {
		t.Errorf("beta sees %d attempts used on alpha's key name, want its own 1", resp.GetAttemptsUsed())
	}
	// The prefix cannot be forged through the key: alpha naming beta's
	// scoped key still gets a key of its own.
	forged := "client/4/beta/dossier-42"
	resp, err = similarityCall(withKey("a"), conn, forged)
	if err != nil {
		t.Fatal(err)
	}
	if resp.GetAttemptsUsed() != 1 {
		t.Errorf("alpha reached beta's counter through %q: %d used", forged, resp.GetAttemptsUsed())
	}
}

func TestMutualTLSIdentity(t *testing.T) {
	t.Parallel()
	ca, cert, key := tlsSetup(t, "server-one")
	clientCA := newTestCA(t, "test client CA")
	dir := t.TempDir()
	caFile := filepath.Join(dir, "clients.pem")
	writeAtomic(t, caFile, clientCA.pem)
	cfgPath := filepath.Join(dir, "auth.json")
	writeJSON(t, cfgPath, authFile{Clients: []clientConf{
		{ID: "onboarding", CertificateNames: []string{"onboarding.svc"}, APIKeysSHA256: []string{keyHash("onb")}},
		{ID: "other", APIKeysSHA256: []string{keyHash("oth")}},
	}})
	live := startLive(t, func(c *Config) { c.TLSCert, c.TLSKey, c.TLSClientCA, c.AuthConfig = cert, key, caFile, cfgPath })
	oc, ok := clientCA.issue(t, "onboarding.svc", 10, x509.ExtKeyUsageClientAuth)
	listed := dialTLS(t, live.addr, ca.pem, oc, ok)
	if err := matchField(context.Background(), listed); err != nil {
		t.Errorf("a listed certificate: %v", err)
	}
	if err := matchField(withKey("onb"), listed); err != nil {
		t.Errorf("the certificate's own client key: %v", err)
	}
	wantCode(t, "another client's key over this certificate", matchField(withKey("oth"), listed), codes.PermissionDenied)
	uc, uk := clientCA.issue(t, "stranger.svc", 11, x509.ExtKeyUsageClientAuth)
	stranger := dialTLS(t, live.addr, ca.pem, uc, uk)
	wantCode(t, "an unlisted certificate", matchField(context.Background(), stranger), codes.PermissionDenied)
	// An unlisted certificate is only the transport: the key decides.
	if err := matchField(withKey("oth"), stranger); err != nil {
		t.Errorf("a valid key over an unlisted certificate: %v", err)
	}

	// Without --auth-config the certificate's name is the identity.
	bare := startLive(t, func(c *Config) { c.TLSCert, c.TLSKey, c.TLSClientCA = cert, key, caFile })
	a := dialTLS(t, bare.addr, ca.pem, oc, ok)
	b := dialTLS(t, bare.addr, ca.pem, uc, uk)
	for _, conn := range []*grpc.ClientConn{a, a, b} {
		if _, err := similarityCall(context.Background(), conn, "k"); err != nil {
			t.Fatal(err)
		}
	}
	if resp, err := similarityCall(context.Background(), b, "k"); err != nil || resp.GetAttemptsUsed() != 2 {
		t.Errorf("the second certificate's second attempt: %v used, %v", resp.GetAttemptsUsed(), err)
	}
}

func TestRateLimitPerClient(t *testing.T) {
	t.Parallel()
	cfgPath := filepath.Join(t.TempDir(), "auth.json")
	writeJSON(t, cfgPath, authFile{
		Clients: []clientConf{
			{ID: "slow", APIKeysSHA256: []string{keyHash("s")}, RatePerSecond: 0.5, Burst: 2},
			{ID: "fast", APIKeysSHA256: []string{keyHash("f")}},
		},
		DefaultRate: 1000, DefaultBurst: 1000,
	})
	live := startLive(t, func(c *Config) { c.AuthConfig = cfgPath })
	conn := dialPlain(t, live.addr)
	for i := range 2 {
		if err := matchField(withKey("s"), conn); err != nil {
			t.Fatalf("call %d within the burst: %v", i, err)
		}
	}
	err := matchField(withKey("s"), conn)
	st := status.Convert(err)
	if st.Code() != codes.ResourceExhausted {
		t.Fatalf("past the burst: %v", err)
	}
	var delay time.Duration
	for _, d := range st.Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok {
			delay = ri.GetRetryDelay().AsDuration()
		}
	}
	if delay <= 0 || delay > 2*time.Second {
		t.Errorf("RetryInfo delay %v, want within (0, 2s] at 0.5/s", delay)
	}
	// Streams take a token too: health Watch is refused the same way.
	watch, err := healthpb.NewHealthClient(conn).Watch(withKey("s"), &healthpb.HealthCheckRequest{})
	if err == nil {
		_, err = watch.Recv()
	}
	if status.Code(err) != codes.ResourceExhausted {
		t.Errorf("health Watch past the burst: %v, want RESOURCE_EXHAUSTED", err)
	}
	for i := range 20 {
		if err := matchField(withKey("f"), conn); err != nil {
			t.Fatalf("another client, call %d: %v", i, err)
		}
	}
}

func newTestLogger(w *syncBuffer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// TestJWTCacheHonoursExpiry: a token verified once is not re-verified, but
// its expiry (plus the skew) still ends it.
func TestJWTCacheHonoursExpiry(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	path := jwksFile(t, dir, "k1", key)
	cur := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	v, err := newJWTVerifier(jwtConf{JWKSFile: path, Issuer: "iss", Audience: "aud", ClockSkew: "30s"}, path, func() time.Time { return cur })
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.RegisteredClaims{
		Issuer: "iss", Audience: jwt.ClaimStrings{"aud"}, Subject: "svc", ExpiresAt: jwt.NewNumericDate(cur.Add(time.Minute)),
	}).SignedString(key)
	for range 2 {
		if sub, _, err := v.subject(tok); err != nil || sub != "svc" {
			t.Fatalf("valid token: %q %v", sub, err)
		}
	}
	if len(v.verified) != 1 {
		t.Errorf("%d tokens cached, want 1", len(v.verified))
	}
	cur = cur.Add(80 * time.Second) // within exp + skew
	if _, _, err := v.subject(tok); err != nil {
		t.Errorf("within the skew: %v", err)
	}
	cur = cur.Add(20 * time.Second) // past exp + skew
	if _, reason, err := v.subject(tok); err == nil || reason != "jwt_expired" {
		t.Errorf("past expiry and skew: %q %v", reason, err)
	}
}

func TestRateLimitSizes(t *testing.T) {
	t.Parallel()
	st := &authState{clients: map[string]*clientConf{
		"set":     {ID: "set", RatePerSecond: 100, Burst: 10},
		"noburst": {ID: "noburst", RatePerSecond: 2.5},
		"default": {ID: "default"},
	}, defRate: 5, defBurst: 7}
	for _, tc := range []struct {
		client string
		r      float64
		b      int
		ok     bool
	}{
		{"set", 100, 10, true}, // the operator's burst stands, even below the rate
		{"noburst", 2.5, 3, true},
		{"default", 5, 7, true},
		{"unknown", 0, 0, false},
	} {
		r, b, ok := st.limit(tc.client)
		if float64(r) != tc.r || b != tc.b || ok != tc.ok {
			t.Errorf("%s: %v/s burst %d %v, want %v/s burst %d %v", tc.client, r, b, ok, tc.r, tc.b, tc.ok)
		}
	}
}
