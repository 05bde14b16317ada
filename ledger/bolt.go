package ledger

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BoltFile is the name of the bbolt file inside the data directory.
const BoltFile = "attempts.db"

var bucketName = []byte("attempts")

// sweepBatch bounds the keys deleted by one sweep transaction, so the sweep
// never holds the write lock long; it also bounds the keys a scan collects.
const sweepBatch = 10000

// Bolt is the embedded ledger: one bbolt file, fsync'd on every commit, so
// a granted attempt survives kill -9 and power loss. bbolt serialises
// write transactions, which makes Consume atomic; the file lock keeps a
// second process out.
//
// A record is the hashed key → expiry (Unix ns, set at the first attempt)
// and count. Expired records are purged lazily by Consume and by a
// periodic sweep stopped by Close.
type Bolt struct {
	db    *bolt.DB
	now   func() time.Time
	stop  chan struct{}
	wg    sync.WaitGroup
	close sync.Once
	err   error
	// onSweepScan, when set (tests), runs inside each scan of Sweep.
	onSweepScan func()
}

var (
	_ Ledger = (*Bolt)(nil)
	_ Pinger = (*Bolt)(nil)
)

// OpenBolt opens (creating if missing) the ledger file in dataDir, itself
// created with mode 0700 if missing; the file has mode 0600.
func OpenBolt(dataDir string, opts ...Option) (*Bolt, error) {
	o := applyOptions(opts)
	if dataDir == "" {
		return nil, fmt.Errorf("%w: empty data directory", ErrInvalidArgument)
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("ledger: create data directory: %w", err)
	}
	db, err := bolt.Open(filepath.Join(dataDir, BoltFile), 0o600, &bolt.Options{
		Timeout: o.lockTimeout,
		NoSync:  false,
	})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s is locked by another process: %w", ErrUnavailable, BoltFile, err)
		}
		return nil, fmt.Errorf("ledger: open %s: %w", BoltFile, err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketName)
		return err
	}); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("ledger: init %s: %w", BoltFile, err)
	}
	b := &Bolt{db: db, now: o.clock, stop: make(chan struct{})}
	if o.sweepInterval > 0 {
		b.wg.Add(1)
		go b.sweepLoop(o.sweepInterval)
	}
	return b, nil
}

// record is the stored value: expiry (Unix ns) then count, big-endian.
type record struct {
	expires int64
	count   uint64
}

const recordLen = 16

func (r record) encode() []byte {
	v := make([]byte, recordLen)
	binary.BigEndian.PutUint64(v[:8], uint64(r.expires))
	binary.BigEndian.PutUint64(v[8:], r.count)
	return v
}

func decodeRecord(v []byte) (record, error) {
	if len(v) != recordLen {
		return record{}, fmt.Errorf("ledger: corrupt record (%d bytes)", len(v))
	}
	return record{
		expires: int64(binary.BigEndian.Uint64(v[:8])),
		count:   binary.BigEndian.Uint64(v[8:]),
	}, nil
}

func (r record) expired(now time.Time) bool { return now.UnixNano() >= r.expires }

// Consume implements Ledger. A refused call runs a read-only transaction
// and writes nothing; a granted one commits (and fsyncs) before returning.
func (b *Bolt) Consume(ctx context.Context, key string, max int, ttl time.Duration) (int, bool, error) {
	if err := checkArgs(key, max, ttl); err != nil {
		return 0, false, err
	}
	if err := ctx.Err(); err != nil {
		return 0, false, fmt.Errorf("ledger: %w", err)
	}
	k := []byte(hashKey(key))

	// Fast path for the common refusal: no write lock, no fsync.
	var used int
	refused := false
	if err := b.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketName).Get(k)
		if v == nil {
			return nil
		}
		r, err := decodeRecord(v)
		if err != nil {
			return err
		}
		if !r.expired(b.now()) && r.count >= uint64(max) {
			used, refused = int(r.count), true
		}
		return nil
	}); err != nil {
		return 0, false, b.wrap(err)
	}
	if refused {
		return used, false, nil
	}

	var granted bool
	err := b.db.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketName)
		now := b.now()
		var r record
		if v := bk.Get(k); v != nil {
			var err error
			if r, err = decodeRecord(v); err != nil {
				return err
			}
			if r.expired(now) {
				r = record{} // lazy purge: the key starts afresh
			}
		}
		if r.count >= uint64(max) {
			used, granted = int(r.count), false
			return nil // nothing written: bbolt commits no change
		}
		if r.count == 0 {
			r.expires = now.Add(ttl).UnixNano()
		}
		r.count++
		used, granted = int(r.count), true
		return bk.Put(k, r.encode())
	})
	if err != nil {
		return 0, false, b.wrap(err)
	}
	return used, granted, nil
}

// Peek implements Ledger.
func (b *Bolt) Peek(ctx context.Context, key string) (int, error) {
	if key == "" {
		return 0, fmt.Errorf("%w: empty attempt key", ErrInvalidArgument)
	}
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("ledger: %w", err)
	}
	k := []byte(hashKey(key))
	var used int
	err := b.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketName).Get(k)
		if v == nil {
			return nil
		}
		r, err := decodeRecord(v)
		if err != nil {
			return err
		}
		if !r.expired(b.now()) {
			used = int(r.count)
		}
		return nil
	})
	if err != nil {
		return 0, b.wrap(err)
	}
	return used, nil
}

// Ping implements Pinger: a read transaction on the attempts bucket.
func (b *Bolt) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	if err := b.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketName) == nil {
			return errors.New("attempts bucket missing")
		}
		return nil
	}); err != nil {
		return b.wrap(err)
	}
	return nil
}

// Sweep deletes every expired record and returns how many it deleted. The
// background sweep calls it; it is exported for operators and tests.
//
// Expired records are reclaimed by this sweep rather than by dropping
// whole per-day buckets: a key's record must be found by its hash alone
// whatever its TTL (a policy may set any number of days), which per-expiry
// buckets would turn into one lookup per live bucket on every Consume. The
// sweep finds expired records in read transactions, which never block a
// Consume, and deletes them in write transactions of at most sweepBatch
// keys, each key checked again under the write lock (a Consume may have
// started it afresh meanwhile). The pages freed are reused by later keys:
// the file grows to the largest number of live keys, not with time.
func (b *Bolt) Sweep(ctx context.Context) (int, error) {
	total := 0
	var after []byte // the scan resumes after this key
	for {
		if err := ctx.Err(); err != nil {
			return total, fmt.Errorf("ledger: %w", err)
		}
		var dead [][]byte
		finished := false
		err := b.db.View(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketName).Cursor()
			now := b.now()
			k, v := c.First()
			if after != nil {
				if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
					k, v = c.Next()
				}
			}
			for ; k != nil; k, v = c.Next() {
				if r, err := decodeRecord(v); err != nil || r.expired(now) {
					dead = append(dead, bytes.Clone(k))
					if len(dead) == sweepBatch {
						break
					}
				}
			}
			finished = k == nil
			if b.onSweepScan != nil {
				b.onSweepScan()
			}
			return nil
		})
		if err != nil {
			return total, b.wrap(err)
		}
		if len(dead) > 0 {
			after = dead[len(dead)-1]
			n := 0
			err = b.db.Update(func(tx *bolt.Tx) error {
				bk := tx.Bucket(bucketName)
				now := b.now()
				for _, k := range dead {
					v := bk.Get(k)
					if v == nil {
						continue
					}
					if r, err := decodeRecord(v); err == nil && !r.expired(now) {
						continue
					}
					if err := bk.Delete(k); err != nil {
						return err
					}
					n++
				}
				return nil
			})
			if err != nil {
				return total, b.wrap(err)
			}
			total += n
		}
		if finished {
			return total, nil
		}
	}
}

func (b *Bolt) sweepLoop(every time.Duration) {
	defer b.wg.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-b.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithCancel(context.Background())
			go func() {
				select {
				case <-b.stop:
					cancel()
				case <-ctx.Done():
				}
			}()
			_, _ = b.Sweep(ctx) // best effort; the lazy purge covers a failure
			cancel()
		}
	}
}

// Close stops the sweep and closes the file. It is idempotent.
func (b *Bolt) Close() error {
	b.close.Do(func() {
		close(b.stop)
		b.wg.Wait()
		b.err = b.db.Close()
	})
	return b.err
}

// wrap marks store failures as ErrUnavailable. bbolt errors never hold the
// key.
func (b *Bolt) wrap(err error) error {
	return fmt.Errorf("%w: bbolt: %w", ErrUnavailable, err)
}
