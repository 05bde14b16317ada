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

		SignatureStore:    "bbolt",
		SMSWebhookTimeout: 5 * time.Second,
		SMSWebhookRetries: 2,
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
