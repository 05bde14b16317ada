package ledger

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// benchConsume measures granted attempts (every call writes) and refused
// ones (the common case once a key is exhausted).
func benchConsume(b *testing.B, l Ledger) {
	ctx := context.Background()
	b.Run("granted", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, ok, err := l.Consume(ctx, "bench-granted", 1<<30, time.Hour); err != nil || !ok {
				b.Fatal(ok, err)
			}
		}
	})
	b.Run("granted-parallel", func(b *testing.B) {
		var n atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			key := fmt.Sprint("bench-par-", n.Add(1))
			for pb.Next() {
				if _, ok, err := l.Consume(ctx, key, 1<<30, time.Hour); err != nil || !ok {
					b.Fatal(ok, err)
				}
			}
		})
	})
	b.Run("refused", func(b *testing.B) {
		_, _, _ = l.Consume(ctx, "bench-refused", 1, time.Hour)
		for b.Loop() {
			if _, ok, err := l.Consume(ctx, "bench-refused", 1, time.Hour); err != nil || ok {
				b.Fatal(ok, err)
			}
		}
	})
}

func BenchmarkBoltConsume(b *testing.B) {
	benchConsume(b, openTestBolt(b, b.TempDir()))
}

func BenchmarkRedisConsume(b *testing.B) {
	benchConsume(b, openTestRedis(b, testRedisURL(b)))
}
