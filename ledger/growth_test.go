package ledger

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// fillBolt records n first attempts (keys prefix0…) as Consume writes
// them — hashed key → record — but batchSize per transaction: one fsync
// per key would make a million keys take most of an hour.
func fillBolt(t testing.TB, b *Bolt, prefix string, n int, ttl time.Duration) {
	t.Helper()
	const batchSize = 10000
	for start := 0; start < n; start += batchSize {
		err := b.db.Update(func(tx *bolt.Tx) error {
			bk := tx.Bucket(bucketName)
			exp := b.now().Add(ttl).UnixNano()
			for i := start; i < min(n, start+batchSize); i++ {
				if err := bk.Put([]byte(hashKey(fmt.Sprint(prefix, i))), record{expires: exp, count: 1}.encode()); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// allocated is the bytes of the pages the attempts bucket holds.
func allocated(t testing.TB, b *Bolt) int {
	t.Helper()
	var n int
	if err := b.db.View(func(tx *bolt.Tx) error {
		s := tx.Bucket(bucketName).Stats()
		n = s.BranchAlloc + s.LeafAlloc
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

func fileSize(t testing.TB, dir string) int64 {
	t.Helper()
	fi, err := os.Stat(filepath.Join(dir, BoltFile))
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// BenchmarkBoltFileGrowth reports the size of the ledger file per live
// key: run with -benchtime=100x for a million keys (10 000 per iteration).
func BenchmarkBoltFileGrowth(b *testing.B) {
	dir := b.TempDir()
	l := openTestBolt(b, dir)
	n := 0
	for b.Loop() {
		fillBolt(b, l, fmt.Sprint("k", n, "-"), 10000, DefaultTTL)
		n += 10000
	}
	size := fileSize(b, dir)
	b.ReportMetric(float64(size)/float64(n)*1e6/(1<<20), "file-MiB/Mkeys")
	b.ReportMetric(float64(allocated(b, l))/float64(n), "page-B/key")
}

// TestBoltFileSizeMatchesConsume checks fillBolt against real Consume
// calls: for the same keys, its batches leave pages no fuller than one
// transaction per key does, so the figure of BenchmarkBoltFileGrowth is an
// upper bound of what Consume writes.
func TestBoltFileSizeMatchesConsume(t *testing.T) {
	const n = 1000
	dirA, dirB := t.TempDir(), t.TempDir()
	a, b := openTestBolt(t, dirA), openTestBolt(t, dirB)
	for i := range n {
		if _, ok, err := a.Consume(context.Background(), fmt.Sprint("c", i), 3, DefaultTTL); err != nil || !ok {
			t.Fatal(ok, err)
		}
	}
	fillBolt(t, b, "f", n, DefaultTTL)
	sa, sb := allocated(t, a), allocated(t, b)
	t.Logf("%d keys: pages of %d bytes by Consume, %d by fillBolt", n, sa, sb)
	if sb < sa {
		t.Fatalf("fillBolt underestimates Consume: %d < %d bytes", sb, sa)
	}
}

// TestBoltSweepDoesNotBlockConsume: a grant must not wait while the sweep
// scans the live keys. The sweep used to scan the whole bucket inside its
// write transaction, so every Consume waited for a scan of every live key
// (seconds at tens of millions of keys, each hour).
func TestBoltSweepDoesNotBlockConsume(t *testing.T) {
	clock := newFakeClock()
	b := openTestBolt(t, t.TempDir(), WithClock(clock.Now))
	fillBolt(t, b, "old", 500, time.Hour)
	clock.Add(2 * time.Hour)
	fillBolt(t, b, "live", 500, time.Hour)
	granted := make(chan error, 1)
	b.onSweepScan = func() {
		b.onSweepScan = nil
		go func() {
			_, _, err := b.Consume(context.Background(), "during-the-scan", 3, time.Hour)
			granted <- err
		}()
		select {
		case err := <-granted:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(10 * time.Second):
			t.Error("a Consume waited for the sweep's scan (10 s)")
		}
	}
	n, err := b.Sweep(context.Background())
	if err != nil || n != 500 {
		t.Fatalf("Sweep = %d, %v; want 500", n, err)
	}
	if used, _ := b.Peek(context.Background(), "during-the-scan"); used != 1 {
		t.Fatalf("the key granted during the scan: Peek = %d", used)
	}
}

// TestBoltSweptSpaceIsReused: keys expire and are swept; as many new keys
// then fit in the pages freed: the file follows the live keys, not time.
func TestBoltSweptSpaceIsReused(t *testing.T) {
	clock := newFakeClock()
	dir := t.TempDir()
	b := openTestBolt(t, dir, WithClock(clock.Now))
	const n = 50000
	fillBolt(t, b, "day1-", n, time.Hour)
	first := fileSize(t, dir)
	for day := 2; day <= 4; day++ {
		clock.Add(2 * time.Hour)
		if swept, err := b.Sweep(context.Background()); err != nil || swept != n {
			t.Fatalf("day %d: Sweep = %d, %v; want %d", day, swept, err, n)
		}
		fillBolt(t, b, fmt.Sprintf("day%d-", day), n, time.Hour)
	}
	last := fileSize(t, dir)
	t.Logf("%d live keys: file %d bytes after the first fill, %d after three expiries and refills", n, first, last)
	if last > first*5/4 {
		t.Fatalf("file grew from %d to %d bytes with the same number of live keys", first, last)
	}
}
