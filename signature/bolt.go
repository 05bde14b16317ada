package signature

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BoltFile is the agreements file inside the data directory, apart from
// the attempt ledger's.
const BoltFile = "signature.db"

var (
	agreementsBucket = []byte("agreements")
	// evidenceBucket and historyBucket hold a sub-bucket per agreement
	// id: sequence → record (JSON).
	evidenceBucket = []byte("evidence")
	historyBucket  = []byte("history")
)

// Bolt is the embedded store: one bbolt file fsync'd on every commit, so a
// stored code or transition survives kill -9. bbolt serialises write
// transactions, which makes Update atomic; its file lock keeps a second
// process out.
type Bolt struct {
	db *bolt.DB
}

var _ Store = (*Bolt)(nil)

// OpenBolt opens (creating if missing) signature.db in dataDir.
func OpenBolt(dataDir string) (*Bolt, error) {
	if dataDir == "" {
		return nil, errors.New("signature: empty data directory")
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("signature: create data directory: %w", err)
	}
	db, err := bolt.Open(filepath.Join(dataDir, BoltFile), 0o600, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s is locked by another process", ErrUnavailable, BoltFile)
		}
		return nil, fmt.Errorf("signature: open %s: %w", BoltFile, err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists(agreementsBucket); err != nil {
			return err
		}
		if _, err := tx.CreateBucketIfNotExists(historyBucket); err != nil {
			return err
		}
		_, err := tx.CreateBucketIfNotExists(evidenceBucket)
		return err
	}); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("signature: init %s: %w", BoltFile, err)
	}
	return &Bolt{db: db}, nil
}

// Get implements Store.
func (b *Bolt) Get(ctx context.Context, key string) (*Agreement, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var a *Agreement
	err := b.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(agreementsBucket).Get([]byte(key))
		if v == nil {
			return ErrNotFound
		}
		var err error
		a, err = decodeAgreement(v)
		return err
	})
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: bbolt: %w", ErrUnavailable, err)
	}
	return a, nil
}

// Update implements Store.
func (b *Bolt) Update(ctx context.Context, key string, fn func(cur *Agreement) (*Agreement, error)) (*Agreement, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out *Agreement
	var fnErr error
	err := b.db.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(agreementsBucket)
		var cur *Agreement
		if v := bk.Get([]byte(key)); v != nil {
			var err error
			if cur, err = decodeAgreement(v); err != nil {
				return err
			}
		}
		next, raw, ferr, err := prepare(cur, fn)
		switch {
		case ferr != nil:
			fnErr = ferr
			return ferr
		case err != nil:
			return err
		case next == nil:
			out = cur
			return nil
		}
		out = next
		if e := next.newEvidence; e != nil {
			if err := appendJSON(tx, evidenceBucket, next.ID, e); err != nil {
				return err
			}
			next.newEvidence = nil
		}
		for _, e := range next.History {
			if err := appendJSON(tx, historyBucket, next.ID, e); err != nil {
				return err
			}
		}
		return bk.Put([]byte(key), raw)
	})
	if fnErr != nil {
		return nil, fnErr
	}
	if err != nil {
		return nil, fmt.Errorf("%w: bbolt: %w", ErrUnavailable, err)
	}
	return out, nil
}

// appendJSON appends v to the agreement's sub-bucket of bucket.
func appendJSON(tx *bolt.Tx, bucket []byte, agreementID string, v any) error {
	b, err := tx.Bucket(bucket).CreateBucketIfNotExists([]byte(agreementID))
	if err != nil {
		return err
	}
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(binary.BigEndian.AppendUint64(nil, seq), raw)
}

// readJSON reads the agreement's sub-bucket of bucket, in order.
func readJSON[T any](b *Bolt, ctx context.Context, bucket []byte, agreementID string) ([]T, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []T
	err := b.db.View(func(tx *bolt.Tx) error {
		sub := tx.Bucket(bucket).Bucket([]byte(agreementID))
		if sub == nil {
			return nil
		}
		return sub.ForEach(func(_, v []byte) error {
			var x T
			if err := json.Unmarshal(v, &x); err != nil {
				return err
			}
			out = append(out, x)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("%w: bbolt: %w", ErrUnavailable, err)
	}
	return out, nil
}

// Evidence implements Store.
func (b *Bolt) Evidence(ctx context.Context, agreementID string) ([]SignedEvidence, error) {
	return readJSON[SignedEvidence](b, ctx, evidenceBucket, agreementID)
}

// History implements Store.
func (b *Bolt) History(ctx context.Context, agreementID string) ([]Event, error) {
	return readJSON[Event](b, ctx, historyBucket, agreementID)
}

// Close implements Store.
func (b *Bolt) Close() error { return b.db.Close() }

func decodeAgreement(v []byte) (*Agreement, error) {
	var a Agreement
	if err := json.Unmarshal(v, &a); err != nil {
		return nil, fmt.Errorf("signature: corrupt agreement record: %w", err)
	}
	return &a, nil
}
