package server

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/idcontrol/idcontrol/registry"
)

// Config is the server's configuration. Every field has a flag and an
// IDCONTROL_-prefixed environment variable (see cmd/idcontrol-server).
type Config struct {
	// Listen is the TCP address to serve on (--listen, default ":50051").
	Listen string
	// DataDir holds the embedded attempt ledger (--data-dir, default "./data").
	DataDir string
	// Policies is a JSON file of named policies (--policies, optional).
	Policies string
	// AttemptsStore is "bbolt" (default) or a redis:// URL (--attempts-store).
	AttemptsStore string
	// LogLevel is debug, info, warn or error (--log-level, default info).
	LogLevel string
	// ShutdownTimeout bounds the drain of in-flight RPCs on SIGINT/SIGTERM
	// (--shutdown-timeout, default 10s); RPCs still running then are cancelled.
	ShutdownTimeout time.Duration
	// MaxRecvSize is the largest request accepted, in bytes (--max-recv-size,
	// default 1 MiB). The transport refuses a larger one from its length
	// prefix, before buffering it, with RESOURCE_EXHAUSTED.
	MaxRecvSize int
	// DefaultTimeout is the deadline given to RPCs that arrive without one
	// (--default-timeout, default 10s).
	DefaultTimeout time.Duration
	// TrustStore is a directory of 2D-Doc certificates (--trust-store).
	TrustStore string
	// SireneURL and SireneToken configure the company registry connector.
	SireneURL   string
	SireneToken string

	// The limits below bound what a hostile or broken client can make the
	// server hold (see limits.go).

	// MaxConcurrentStreams caps the calls in progress on one connection
	// (--max-concurrent-streams, default 100, the minimum RFC 9113
	// recommends); a client queues the others.
	MaxConcurrentStreams int
	// MaxConnections caps the connections served at once
	// (--max-connections, default 512); further ones wait to be accepted.
	MaxConnections int
	// MaxReceiving caps the requests being received at once, over all
	// connections (--max-receiving, default 256): a request arriving beyond
	// it is RESOURCE_EXHAUSTED. With MaxRecvSize it bounds the memory that
	// incomplete requests hold: (MaxReceiving + 8 health slots) × MaxRecvSize.
	MaxReceiving int
	// RecvTimeout bounds the time from a call's headers to the last byte of
	// its request (--recv-timeout, default 10s); a slower call is
	// DEADLINE_EXCEEDED. The call's deadline only starts after that.
	RecvTimeout time.Duration
	// HandshakeTimeout closes a connection that has not completed the
	// HTTP/2 handshake in time (--handshake-timeout, default 5s).
	HandshakeTimeout time.Duration
	// RegistryURL is the base URL of the open API Recherche d'entreprises
	// (--registry-url, e.g. https://recherche-entreprises.api.gouv.fr). With
	// SireneURL empty too, the connector is off.
	RegistryURL string
	// RegistryTimeout bounds each upstream call of the connector, within the
	// RPC's deadline (--registry-timeout, default 3s).
	RegistryTimeout time.Duration
	// RegistryCacheTTL is how long a registry answer is reused
	// (--registry-cache-ttl, default 24h).
	RegistryCacheTTL time.Duration
	// RegistryCacheSize bounds the cached registry answers
	// (--registry-cache-size, default 10000).
	RegistryCacheSize int
	// SignatureStore keeps the simple-signature agreements: "bbolt"
	// (default, signature.db in DataDir) or a postgres:// URL
	// (--signature-store).
	SignatureStore string
	// SignatureKeyFile holds the server key one-time codes are HMAC'd
	// under (--signature-key-file, at least 32 bytes). Without it the
	// SignatureService is not served.
	SignatureKeyFile string
	// SignatureEvidenceKeyFile is the PEM PKCS#8 Ed25519 key that signs
	// evidence records (--signature-evidence-key-file).
	SignatureEvidenceKeyFile string
	// SignaturePolicy is a JSON file of signature limits and SMS templates
	// (--signature-policy, optional).
	SignaturePolicy string
	// SMSWebhookURL receives a POST per SMS (--sms-webhook-url).
	SMSWebhookURL string
	// SMSWebhookAuthHeader is sent with each POST, "Name: value"
	// (--sms-webhook-auth-header).
	SMSWebhookAuthHeader string
	// SMSWebhookTimeout bounds each POST (--sms-webhook-timeout, default 5s).
	SMSWebhookTimeout time.Duration
	// SMSWebhookRetries is the number of retries after a network error, a
	// 429 or a 5xx (--sms-webhook-retries, default 2).
	SMSWebhookRetries int
	// SMSOutbox writes SMS to DataDir/sms-outbox.jsonl instead of sending
	// them: development only (--sms-outbox).
	SMSOutbox bool

	// Production hardening (issue 14): see tls.go, auth.go, ratelimit.go
	// and metrics.go.

	// TLSCert and TLSKey are PEM files served over TLS (--tls-cert,
	// --tls-key); reloaded on SIGHUP or file change.
	TLSCert string
	TLSKey  string
	// TLSClientCA is a PEM bundle; when set a client certificate signed by
	// it is required (mutual TLS) and its name is the client's identity.
	TLSClientCA string
	// Insecure allows plaintext on a non-loopback address (--insecure).
	Insecure bool
	// AuthConfig is the JSON file of clients, hashed API keys, JWT settings
	// and rate limits (--auth-config); authentication is off without it.
	AuthConfig string
	// AuthOpenHealth leaves grpc.health.v1 open when authentication is on
	// (--auth-open-health).
	AuthOpenHealth bool
	// Reflection serves server reflection when authentication is on
	// (--reflection); without authentication it is always served.
	Reflection bool
	// MetricsListen is the HTTP address of /metrics and /healthz
	// (--metrics-listen); off when empty.
	MetricsListen string
	// ReloadInterval is how often certificate and auth files are checked
	// for changes (--reload-interval, default 5s).
	ReloadInterval time.Duration
	// HealthListen serves grpc.health.v1 alone, in plaintext, for
	// Kubernetes' native gRPC probes (--health-listen); off when empty.
	HealthListen string
	// OTLPEndpoint is the host:port of an OTLP/gRPC trace collector
	// (--otlp-endpoint); tracing is off when empty. OTLPInsecure speaks
	// plaintext to it (--otlp-insecure); TraceRatio samples that share of
	// the traces not already sampled by the caller (--trace-ratio, default 1).
	OTLPEndpoint string
	OTLPInsecure bool
	TraceRatio   float64
	// PprofListen serves net/http/pprof (--pprof-listen); off when empty.
	PprofListen string
}

// Defaults returns the configuration `make run` uses.
func Defaults() Config {
	return Config{
		Listen:          ":50051",
		DataDir:         "./data",
		AttemptsStore:   "bbolt",
		LogLevel:        "info",
		ShutdownTimeout: 10 * time.Second,
		MaxRecvSize:     1 << 20,
		DefaultTimeout:  10 * time.Second,

		MaxConcurrentStreams: 100,
		MaxConnections:       512,
		MaxReceiving:         256,
		RecvTimeout:          10 * time.Second,
		HandshakeTimeout:     5 * time.Second,
		RegistryTimeout:      registry.DefaultTimeout,
		RegistryCacheTTL:     registry.DefaultCacheTTL,
		RegistryCacheSize:    registry.DefaultCacheSize,
		SignatureStore:       "bbolt",
		SMSWebhookTimeout:    5 * time.Second,
		SMSWebhookRetries:    2,
		ReloadInterval:       5 * time.Second,
		TraceRatio:           1,
	}
}

// TransportLimit is the cap the gRPC transport applies to a request's
// length prefix: MaxRecvSize itself, so that an oversized request is
// refused (RESOURCE_EXHAUSTED) before it is buffered. A higher cap let a
// client make the server hold 16 MiB per rejected request.
func (c Config) TransportLimit() int {
	return c.MaxRecvSize
}

// Validate reports configuration errors before anything starts.
func (c Config) Validate() error {
	var errs []error
	if c.Listen == "" {
		errs = append(errs, errors.New("--listen is empty"))
	}
	if c.MaxRecvSize < 1024 || c.MaxRecvSize > 64<<20 {
		errs = append(errs, fmt.Errorf("--max-recv-size must be between 1 KiB and 64 MiB, got %d", c.MaxRecvSize))
	}
	if c.ShutdownTimeout < 0 {
		errs = append(errs, errors.New("--shutdown-timeout must not be negative"))
	}
	if c.DefaultTimeout <= 0 {
		errs = append(errs, errors.New("--default-timeout must be positive"))
	}
	if c.MaxConcurrentStreams < 1 {
		errs = append(errs, errors.New("--max-concurrent-streams must be at least 1"))
	}
	if c.MaxConnections < 1 {
		errs = append(errs, errors.New("--max-connections must be at least 1"))
	}
	if c.MaxReceiving < 1 {
		errs = append(errs, errors.New("--max-receiving must be at least 1"))
	}
	if c.RecvTimeout <= 0 {
		errs = append(errs, errors.New("--recv-timeout must be positive"))
	}
	if c.HandshakeTimeout <= 0 {
		errs = append(errs, errors.New("--handshake-timeout must be positive"))
	}
	if _, err := ParseLogLevel(c.LogLevel); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, c.validateRegistry()...)
	errs = append(errs, c.validateProduction())
	return errors.Join(errs...)
}

// ParseLogLevel maps --log-level to a slog level.
func ParseLogLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("--log-level must be debug, info, warn or error, got %q", s)
	}
	return l, nil
}
