package server

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
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
	// default 1 MiB). Larger requests are INVALID_ARGUMENT; past
	// TransportLimit the transport refuses them with RESOURCE_EXHAUSTED.
	MaxRecvSize int
	// DefaultTimeout is the deadline given to RPCs that arrive without one
	// (--default-timeout, default 10s).
	DefaultTimeout time.Duration
	// TrustStore is a directory of 2D-Doc certificates (--trust-store).
	TrustStore string
	// SireneURL and SireneToken configure the company registry connector.
	SireneURL   string
	SireneToken string

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
		ReloadInterval:  5 * time.Second,
		TraceRatio:      1,
	}
}

// TransportLimit is the hard cap of the gRPC transport: well above
// MaxRecvSize so that an oversized request still reaches validation and is
// answered with the fields at fault.
func (c Config) TransportLimit() int {
	return max(16<<20, 4*c.MaxRecvSize)
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
	if _, err := ParseLogLevel(c.LogLevel); err != nil {
		errs = append(errs, err)
	}
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
