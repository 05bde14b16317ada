package signature

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// Store keeps agreements, keyed by an opaque signer key (an HMAC of the
// INN and number, never the values themselves). Implementations are safe
// for concurrent use, also across processes sharing one store.
type Store interface {
	// Get returns a copy of the agreement under key, or ErrNotFound.
	Get(ctx context.Context, key string) (*Agreement, error)
	// Update runs fn in a transaction that holds the agreement locked
	// until it commits, so two transitions of one agreement never
	// interleave: fn receives a copy of the stored agreement (nil when
	// there is none) and returns the agreement to store, or nil to store
	// nothing. An error of fn aborts the transaction and is returned as
	// is; Update returns what was stored (or cur when nothing was). An
	// evidence record and the events produced by fn are appended in the
	// same transaction.
	Update(ctx context.Context, key string, fn func(cur *Agreement) (*Agreement, error)) (*Agreement, error)
	// History returns the events of an agreement, oldest first.
	History(ctx context.Context, agreementID string) ([]Event, error)
	// Evidence returns the evidence records of an agreement, oldest first.
	Evidence(ctx context.Context, agreementID string) ([]SignedEvidence, error)
	// Close releases the store.
	Close() error
}

// OpenStore opens the store named by spec: "" or "bbolt" is the embedded
// file in dataDir (see OpenBolt), "postgres://…" or "postgresql://…" a
// PostgreSQL database (see OpenPostgres). Errors never repeat spec, which
// may hold a password.
func OpenStore(ctx context.Context, spec, dataDir string) (Store, error) {
	switch {
	case spec == "" || spec == "bbolt":
		return OpenBolt(dataDir)
	case strings.HasPrefix(spec, "postgres://") || strings.HasPrefix(spec, "postgresql://"):
		return OpenPostgres(ctx, spec)
	default:
		return nil, fmt.Errorf("signature: the store must be \"bbolt\" or a postgres:// URL")
	}
}

// StoreKind names the store of spec without its URL.
func StoreKind(spec string) string {
	if spec == "" || spec == "bbolt" {
		return "bbolt"
	}
	return "postgres"
}

// prepare runs fn for a store's Update: next is what to write (nil:
// nothing), doc its JSON with the version bumped, fnErr an error of fn
// to return as is.
func prepare(cur *Agreement, fn func(cur *Agreement) (*Agreement, error)) (next *Agreement, doc []byte, fnErr, err error) {
	next, fnErr = fn(cur)
	if fnErr != nil || next == nil {
		return nil, nil, fnErr, nil
	}
	next.Version++
	doc, err = json.Marshal(next)
	return next, doc, nil, err
}
