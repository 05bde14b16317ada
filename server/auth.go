package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"github.com/idcontrol/idcontrol/ledger"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
)

// Identity is the authenticated client of a call.
type Identity struct {
	// Client is the client's id in --auth-config, or the name of its
	// certificate under mutual TLS without --auth-config.
	Client string
	// Via is how it was proven: "api_key", "jwt" or "certificate".
	Via string
}

type identityKey struct{}

// IdentityFrom returns the client identity of an authenticated call.
func IdentityFrom(ctx context.Context) (Identity, bool) {
	id, ok := ctx.Value(identityKey{}).(Identity)
	return id, ok && id.Client != ""
}

func withIdentity(ctx context.Context, id Identity) context.Context {
	return context.WithValue(ctx, identityKey{}, id)
}

// The statuses an attacker sees: the same words whatever failed.
var (
	errUnauthenticated  = status.Error(codes.Unauthenticated, "authentication required")
	errPermissionDenied = status.Error(codes.PermissionDenied, "permission denied")
)

// apiKeyHeader carries an API key; JWTs come as "authorization: Bearer".
const apiKeyHeader = "x-api-key"

// authFile is --auth-config.
type authFile struct {
	Clients []clientConf `json:"clients"`
	JWT     *jwtConf     `json:"jwt,omitempty"`
	// DefaultRate and DefaultBurst limit clients that set none; 0 is no limit.
	DefaultRate  float64 `json:"default_rate_per_second,omitempty"`
	DefaultBurst int     `json:"default_burst,omitempty"`
}

type clientConf struct {
	ID string `json:"id"`
	// APIKeysSHA256 are hex SHA-256 digests of the client's API keys:
	// several, so a key can be rotated without an outage.
	APIKeysSHA256 []string `json:"api_keys_sha256,omitempty"`
	// CertificateNames are the names of its client certificates (mutual TLS).
	CertificateNames []string `json:"certificate_names,omitempty"`
	// JWTSubjects are the subjects of its bearer tokens.
	JWTSubjects []string `json:"jwt_subjects,omitempty"`
	// Services, when set, are the only gRPC services it may call
	// (e.g. "idcontrol.v1.ControlService"); health is always allowed.
	Services []string `json:"services,omitempty"`
	// RatePerSecond and Burst size its token bucket; 0 takes the defaults.
	RatePerSecond float64 `json:"rate_per_second,omitempty"`
	Burst         int     `json:"burst,omitempty"`
}

type jwtConf struct {
	// JWKSFile is a JSON Web Key Set, relative to the auth config's directory.
	JWKSFile  string `json:"jwks_file"`
	Issuer    string `json:"issuer"`
	Audience  string `json:"audience"`
	ClockSkew string `json:"clock_skew,omitempty"`
}

// authState is one load of the auth files, swapped whole on reload.
type authState struct {
	clients   map[string]*clientConf
	byKey     map[[sha256.Size]byte]*clientConf
	byCert    map[string]*clientConf
	bySubject map[string]*clientConf
	jwt       *jwtVerifier
	defRate   float64
	defBurst  int
}

var clientIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// loadAuthFile reads and checks --auth-config and its JWKS. Errors name
// the client and field, never a key.
func loadAuthFile(path string, now func() time.Time) (*authState, []string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("--auth-config: %w", err)
	}
	var f authFile
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, nil, fmt.Errorf("--auth-config: %w", err)
	}
	st := &authState{
		clients: map[string]*clientConf{}, byKey: map[[sha256.Size]byte]*clientConf{},
		byCert: map[string]*clientConf{}, bySubject: map[string]*clientConf{},
		defRate: f.DefaultRate, defBurst: f.DefaultBurst,
	}
	files := []string{path}
	var errs []error
	if len(f.Clients) == 0 {
		errs = append(errs, errors.New("no client"))
	}
	if f.DefaultRate < 0 || f.DefaultBurst < 0 {
		errs = append(errs, errors.New("default rate and burst must not be negative"))
	}
	for i := range f.Clients {
		c := &f.Clients[i]
		if !clientIDPattern.MatchString(c.ID) {
			errs = append(errs, fmt.Errorf("client %d: id must match %s", i, clientIDPattern))
			continue
		}
		if st.clients[c.ID] != nil {
			errs = append(errs, fmt.Errorf("client %q: listed twice", c.ID))
		}
		st.clients[c.ID] = c
		if c.RatePerSecond < 0 || c.Burst < 0 {
			errs = append(errs, fmt.Errorf("client %q: rate and burst must not be negative", c.ID))
		}
		for j, h := range c.APIKeysSHA256 {
			b, err := hex.DecodeString(h)
			if err != nil || len(b) != sha256.Size {
				errs = append(errs, fmt.Errorf("client %q: api_keys_sha256[%d] is not a hex SHA-256 digest", c.ID, j))
				continue
			}
			d := [sha256.Size]byte(b)
			if st.byKey[d] != nil {
				errs = append(errs, fmt.Errorf("client %q: api_keys_sha256[%d] is listed twice", c.ID, j))
			}
			st.byKey[d] = c
		}
		for _, n := range c.CertificateNames {
			if st.byCert[n] != nil {
				errs = append(errs, fmt.Errorf("client %q: certificate name %q is listed twice", c.ID, n))
			}
			st.byCert[n] = c
		}
		for _, s := range c.JWTSubjects {
			if st.bySubject[s] != nil {
				errs = append(errs, fmt.Errorf("client %q: JWT subject listed twice", c.ID))
			}
			st.bySubject[s] = c
		}
	}
	if f.JWT != nil {
		jwksPath := f.JWT.JWKSFile
		if jwksPath != "" && !filepath.IsAbs(jwksPath) {
			jwksPath = filepath.Join(filepath.Dir(path), jwksPath)
		}
		v, err := newJWTVerifier(*f.JWT, jwksPath, now)
		if err != nil {
			errs = append(errs, err)
		}
		st.jwt = v
		files = append(files, jwksPath)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, nil, fmt.Errorf("--auth-config: %w", err)
	}
	return st, files, nil
}

// authenticator checks every call's credentials against the current
// authState; reload swaps the state without a restart.
type authenticator struct {
	path       string
	openHealth bool
	state      atomic.Pointer[authState]
	files      atomic.Pointer[[]string]
	failures   *failureLog
	now        func() time.Time
}

func newAuthenticator(path string, openHealth bool, log *slog.Logger) (*authenticator, error) {
	a := &authenticator{path: path, openHealth: openHealth, failures: newFailureLog(log, 10*time.Minute), now: time.Now}
	if err := a.reload(); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *authenticator) reload() error {
	st, files, err := loadAuthFile(a.path, a.now)
	if err != nil {
		return err
	}
	a.state.Store(st)
	a.files.Store(&files)
	return nil
}

func (a *authenticator) watched() []string { return *a.files.Load() }

// authenticate is the auth interceptor's AuthFunc: an API key, else a
// bearer JWT, else the client certificate, must name a listed client.
func (a *authenticator) authenticate(ctx context.Context) (context.Context, error) {
	method, _ := grpc.Method(ctx)
	if a.openHealth && strings.HasPrefix(method, healthPrefix) {
		return ctx, nil
	}
	st := a.state.Load()
	id, who, reason, err := a.identify(ctx, st)
	if err == nil {
		c := st.clients[id.Client]
		if !serviceAllowed(c, method) {
			who, reason, err = c.ID, "service_not_allowed", errPermissionDenied
		}
	}
	if err != nil {
		if who == "" {
			who = "peer " + peerHost(ctx)
		}
		a.failures.record(ctx, who, reason, method)
		return nil, err
	}
	return withIdentity(ctx, id), nil
}

// identify finds the client; on failure it returns who failed (a client
// id when known) and why, for the log only.
func (a *authenticator) identify(ctx context.Context, st *authState) (id Identity, who, reason string, err error) {
	certName := certificateName(ctx)
	certClient := st.byCert[certName]
	var c *clientConf
	var via string
	if keys := metadata.ValueFromIncomingContext(ctx, apiKeyHeader); len(keys) > 0 {
		if len(keys) > 1 {
			return id, "", "several_api_keys", errUnauthenticated
		}
		sum := sha256.Sum256([]byte(keys[0]))
		c, via = st.byKey[sum], "api_key"
		if c == nil {
			return id, "", "unknown_api_key", errUnauthenticated
		}
	} else if token, terr := auth.AuthFromMD(ctx, "bearer"); terr == nil {
		if st.jwt == nil {
			return id, "", "jwt_not_configured", errUnauthenticated
		}
		sub, reason, err := st.jwt.subject(token)
		if err != nil {
			return id, "", reason, errUnauthenticated
		}
		c, via = st.bySubject[sub], "jwt"
		if c == nil {
			return id, "", "jwt_subject_not_listed", errPermissionDenied
		}
	} else if certName != "" {
		c, via = certClient, "certificate"
		if c == nil {
			return id, "", "certificate_not_listed", errPermissionDenied
		}
	} else {
		return id, "", "no_credentials", errUnauthenticated
	}
	// A key or token presented over a listed certificate must belong to
	// that certificate's client.
	if certClient != nil && certClient != c {
		return id, c.ID, "credential_certificate_mismatch", errPermissionDenied
	}
	return Identity{Client: c.ID, Via: via}, c.ID, "", nil
}

// serviceAllowed applies the client's service allow-list to method
// ("/pkg.Service/Method"); health is always allowed.
func serviceAllowed(c *clientConf, method string) bool {
	if len(c.Services) == 0 || strings.HasPrefix(method, healthPrefix) {
		return true
	}
	svc := strings.TrimPrefix(method, "/")
	if i := strings.LastIndexByte(svc, '/'); i >= 0 {
		svc = svc[:i]
	}
	return slices.Contains(c.Services, svc)
}

// certificateIdentity names the client by its certificate under mutual
// TLS without --auth-config (the handshake already required a certificate
// signed by the client CA).
func certificateIdentity(ctx context.Context) (context.Context, error) {
	name := certificateName(ctx)
	if name == "" {
		return nil, errUnauthenticated
	}
	return withIdentity(ctx, Identity{Client: name, Via: "certificate"}), nil
}

func peerHost(ctx context.Context) string {
	p, ok := peer.FromContext(ctx)
	if !ok || p.Addr == nil {
		return "unknown"
	}
	host, _, err := net.SplitHostPort(p.Addr.String())
	if err != nil {
		return p.Addr.String()
	}
	return host
}

// failureLog logs a failed authentication once per client and reason in
// each period, with how many were not logged since: a client retrying a
// revoked key must not flood the log.
type failureLog struct {
	log    *slog.Logger
	period time.Duration
	mu     sync.Mutex
	seen   map[string]*failureCount
}

type failureCount struct {
	last       time.Time
	suppressed int
}

// maxFailureKeys bounds the memory a flood of peers can take.
const maxFailureKeys = 4096

func newFailureLog(log *slog.Logger, period time.Duration) *failureLog {
	return &failureLog{log: log, period: period, seen: map[string]*failureCount{}}
}

func (f *failureLog) record(ctx context.Context, who, reason, method string) {
	if f == nil || f.log == nil {
		return
	}
	now := time.Now()
	key := who + "\x00" + reason
	f.mu.Lock()
	e := f.seen[key]
	if e != nil && now.Sub(e.last) < f.period {
		e.suppressed++
		f.mu.Unlock()
		return
	}
	suppressed := 0
	if e != nil {
		suppressed = e.suppressed
	}
	if len(f.seen) >= maxFailureKeys {
		for k, v := range f.seen {
			if now.Sub(v.last) >= f.period {
				delete(f.seen, k)
			}
		}
		if len(f.seen) >= maxFailureKeys {
			clear(f.seen)
		}
	}
	f.seen[key] = &failureCount{last: now}
	f.mu.Unlock()
	f.log.WarnContext(ctx, "authentication failed", "client", who, "reason", reason, "method", method, "not_logged_since", suppressed)
}

// scopedAttempts prefixes every attempt key with the caller's identity, so
// that one client can neither spend nor read another's attempts.
type scopedAttempts struct {
	ledger ledger.Ledger
	prefix string
}

// attemptsFor returns l scoped to the call's client; calls without an
// identity (authentication off) keep the key as given.
func attemptsFor(ctx context.Context, l ledger.Ledger) ledger.Ledger {
	id, ok := IdentityFrom(ctx)
	if !ok || l == nil {
		return l
	}
	// "/" cannot occur in a client id; the length keeps certificate names
	// (which may contain "/") from colliding.
	return scopedAttempts{ledger: l, prefix: fmt.Sprintf("client/%d/%s/", len(id.Client), id.Client)}
}

func (s scopedAttempts) Consume(ctx context.Context, key string, max int, ttl time.Duration) (int, bool, error) {
	return s.ledger.Consume(ctx, s.prefix+key, max, ttl)
}

func (s scopedAttempts) Peek(ctx context.Context, key string) (int, error) {
	return s.ledger.Peek(ctx, s.prefix+key)
}

func (s scopedAttempts) Close() error { return nil }
