package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// DefaultTTL is the lifetime of an attempt key when the policy sets none:
// 30 days from the key's first attempt.
const DefaultTTL = 30 * 24 * time.Hour

// ErrUnavailable marks a failure of the store itself (connection refused,
// timeout, I/O error, closed ledger). The server answers UNAVAILABLE: a
// ledger that cannot count never lets a call through.
var ErrUnavailable = errors.New("ledger: attempt store unavailable")

// ErrInvalidArgument marks a caller bug: an empty key, max <= 0 or ttl <= 0.
var ErrInvalidArgument = errors.New("ledger: invalid argument")

// Ledger counts attempts per key. Implementations are safe for concurrent
// use, also across processes sharing the same store.
type Ledger interface {
	// Consume atomically records one attempt for key when fewer than max
	// were recorded within ttl (which runs from the key's first attempt).
	// It returns the number of attempts used after the call and whether
	// this attempt was granted. A refused call records nothing.
	Consume(ctx context.Context, key string, max int, ttl time.Duration) (used int, granted bool, err error)
	// Peek returns the attempts used by key without consuming one (for
	// diagnostics); an unknown or expired key has used 0.
	Peek(ctx context.Context, key string) (used int, err error)
	// Close releases the store. Calls after Close fail with ErrUnavailable.
	Close() error
}

// Pinger is a ledger that can tell whether its store answers, without
// touching any count; the server probes it to report its health.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Open opens the ledger named by spec: "" or "bbolt" is the embedded store
// in dataDir (see OpenBolt), "redis://…" or "rediss://…" a Redis server
// (see OpenRedis). Anything else is an error. Errors never repeat spec,
// which may hold a password.
func Open(ctx context.Context, spec, dataDir string) (Ledger, error) {
	switch {
	case spec == "" || spec == "bbolt":
		b, err := OpenBolt(dataDir)
		if err != nil {
			return nil, err
		}
		return b, nil
	case strings.HasPrefix(spec, "redis://") || strings.HasPrefix(spec, "rediss://"):
		r, err := OpenRedis(ctx, spec)
		if err != nil {
			return nil, err
		}
		return r, nil
	default:
		return nil, fmt.Errorf("%w: attempts store must be \"bbolt\" or a redis:// URL", ErrInvalidArgument)
	}
}

// Option configures a ledger.
type Option func(*options)

type options struct {
	clock         func() time.Time
	keyPrefix     string
	sweepInterval time.Duration
	lockTimeout   time.Duration
}

func defaultOptions() options {
	return options{
		clock:         time.Now,
		keyPrefix:     "idcontrol:attempts:",
		sweepInterval: time.Hour,
		lockTimeout:   5 * time.Second,
	}
}

func applyOptions(opts []Option) options {
	o := defaultOptions()
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// WithClock replaces time.Now in the bbolt ledger (tests). Redis uses the
// server's clock and ignores it.
func WithClock(now func() time.Time) Option {
	return func(o *options) {
		if now != nil {
			o.clock = now
		}
	}
}

// WithKeyPrefix sets the prefix of Redis keys (default
// "idcontrol:attempts:"); the bbolt ledger ignores it.
func WithKeyPrefix(prefix string) Option {
	return func(o *options) { o.keyPrefix = prefix }
}

// WithSweepInterval sets how often the bbolt ledger purges expired keys in
// the background (default one hour); d <= 0 disables the sweep, leaving
// only the lazy purge on Consume. Redis expires keys itself.
func WithSweepInterval(d time.Duration) Option {
	return func(o *options) { o.sweepInterval = d }
}

// WithLockTimeout bounds how long OpenBolt waits for the file lock held by
// another process (default 5 s).
func WithLockTimeout(d time.Duration) Option {
	return func(o *options) { o.lockTimeout = d }
}

// hashKey is how an attempt key is stored: the hex SHA-256 of the key, so
// that a key holding personal data never sits in clear at rest.
func hashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

func checkArgs(key string, max int, ttl time.Duration) error {
	switch {
	case key == "":
		return fmt.Errorf("%w: empty attempt key", ErrInvalidArgument)
	case max <= 0:
		return fmt.Errorf("%w: max attempts %d <= 0", ErrInvalidArgument, max)
	case ttl <= 0:
		return fmt.Errorf("%w: attempts TTL %v <= 0", ErrInvalidArgument, ttl)
	}
	return nil
}
