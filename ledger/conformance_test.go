package ledger

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// harness adapts one store to the shared contract test.
type harness struct {
	// open returns a fresh ledger isolated from every other one.
	open func(t *testing.T) Ledger
	// advance moves the store's clock forward by d.
	advance func(t *testing.T, d time.Duration)
	// ttl is a TTL short enough for advance to pass it.
	ttl time.Duration
}

// testConformance is the contract every Ledger obeys.
func testConformance(t *testing.T, h harness) {
	ctx := context.Background()

	t.Run("CountsThenRefuses", func(t *testing.T) {
		l := h.open(t)
		for want := 1; want <= 3; want++ {
			used, granted, err := l.Consume(ctx, "alice", 3, h.ttl)
			if err != nil || !granted || used != want {
				t.Fatalf("attempt %d: Consume = %d, %v, %v; want %d, true, nil", want, used, granted, err, want)
			}
		}
		for range 3 {
			used, granted, err := l.Consume(ctx, "alice", 3, h.ttl)
			if err != nil || granted || used != 3 {
				t.Fatalf("after max: Consume = %d, %v, %v; want 3, false, nil", used, granted, err)
			}
		}
		if used, err := l.Peek(ctx, "alice"); err != nil || used != 3 {
			t.Fatalf("Peek = %d, %v; want 3 (refused calls record nothing)", used, err)
		}
	})

	t.Run("PeekUnknownAndDoesNotConsume", func(t *testing.T) {
		l := h.open(t)
		if used, err := l.Peek(ctx, "nobody"); err != nil || used != 0 {
			t.Fatalf("Peek(unknown) = %d, %v; want 0, nil", used, err)
		}
		mustConsume(t, l, "bob", 3, h.ttl, 1, true)
		for range 5 {
			if used, err := l.Peek(ctx, "bob"); err != nil || used != 1 {
				t.Fatalf("Peek = %d, %v; want 1", used, err)
			}
		}
		mustConsume(t, l, "bob", 3, h.ttl, 2, true)
	})

	t.Run("Concurrent50OnOneKey", func(t *testing.T) {
		l := h.open(t)
		const callers = 50
		var (
			wg    sync.WaitGroup
			mu    sync.Mutex
			grant []int
			errs  []error
		)
		start := make(chan struct{})
		for range callers {
			wg.Go(func() {
				<-start
				used, granted, err := l.Consume(ctx, "carol", 3, h.ttl)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
				} else if granted {
					grant = append(grant, used)
				} else if used != 3 {
					errs = append(errs, fmt.Errorf("refused with used=%d, want 3", used))
				}
			})
		}
		close(start)
		wg.Wait()
		if len(errs) > 0 {
			t.Fatalf("%d errors, first: %v", len(errs), errs[0])
		}
		slices.Sort(grant)
		if !slices.Equal(grant, []int{1, 2, 3}) {
			t.Fatalf("granted attempts numbered %v; want exactly [1 2 3]", grant)
		}
		if used, err := l.Peek(ctx, "carol"); err != nil || used != 3 {
			t.Fatalf("Peek = %d, %v; want 3", used, err)
		}
	})

	t.Run("TTLExpiry", func(t *testing.T) {
		l := h.open(t)
		for range 3 {
			mustConsume(t, l, "dave", 3, h.ttl, -1, true)
		}
		h.advance(t, h.ttl/2)
		mustConsume(t, l, "dave", 3, h.ttl, 3, false)
		h.advance(t, h.ttl/2+h.ttl/5)
		if used, err := l.Peek(ctx, "dave"); err != nil || used != 0 {
			t.Fatalf("Peek after TTL = %d, %v; want 0", used, err)
		}
		mustConsume(t, l, "dave", 3, h.ttl, 1, true)
	})

	t.Run("TTLRunsFromFirstAttempt", func(t *testing.T) {
		l := h.open(t)
		step := h.ttl * 6 / 10
		mustConsume(t, l, "erin", 3, h.ttl, 1, true)
		h.advance(t, step)
		mustConsume(t, l, "erin", 3, h.ttl, 2, true) // must not push the expiry back
		h.advance(t, step)
		if used, err := l.Peek(ctx, "erin"); err != nil || used != 0 {
			t.Fatalf("Peek 1.2×TTL after the first attempt = %d, %v; want 0", used, err)
		}
	})

	t.Run("KeysIndependent", func(t *testing.T) {
		l := h.open(t)
		for range 3 {
			mustConsume(t, l, "frank", 3, h.ttl, -1, true)
		}
		mustConsume(t, l, "frank", 3, h.ttl, 3, false)
		mustConsume(t, l, "Frank", 3, h.ttl, 1, true)
		mustConsume(t, l, "frank ", 3, h.ttl, 1, true)
		mustConsume(t, l, "grace", 1, h.ttl, 1, true)
		mustConsume(t, l, "grace", 1, h.ttl, 1, false)
	})

	t.Run("MaxIsThePolicyOfTheCall", func(t *testing.T) {
		l := h.open(t)
		for range 3 {
			mustConsume(t, l, "heidi", 5, h.ttl, -1, true)
		}
		mustConsume(t, l, "heidi", 3, h.ttl, 3, false) // policy lowered: refused
		mustConsume(t, l, "heidi", 5, h.ttl, 4, true)  // raised again: granted
	})

	t.Run("InvalidArguments", func(t *testing.T) {
		l := h.open(t)
		const key = "secret-NIR-1850775123456"
		cases := []struct {
			name string
			key  string
			max  int
			ttl  time.Duration
		}{
			{"max zero", key, 0, h.ttl},
			{"max negative", key, -1, h.ttl},
			{"ttl zero", key, 3, 0},
			{"ttl negative", key, 3, -time.Second},
			{"empty key", "", 3, h.ttl},
		}
		for _, c := range cases {
			used, granted, err := l.Consume(ctx, c.key, c.max, c.ttl)
			if !errors.Is(err, ErrInvalidArgument) || granted || used != 0 {
				t.Errorf("%s: Consume = %d, %v, %v; want 0, false, ErrInvalidArgument", c.name, used, granted, err)
			}
			if err != nil && strings.Contains(err.Error(), key) {
				t.Errorf("%s: error %q holds the key", c.name, err)
			}
		}
		if used, err := l.Peek(ctx, key); err != nil || used != 0 {
			t.Fatalf("Peek = %d, %v; invalid calls must record nothing", used, err)
		}
		if _, err := l.Peek(ctx, ""); !errors.Is(err, ErrInvalidArgument) {
			t.Fatalf("Peek(\"\") error = %v; want ErrInvalidArgument", err)
		}
	})

	t.Run("CanceledContext", func(t *testing.T) {
		l := h.open(t)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, granted, err := l.Consume(cctx, "ivan", 3, h.ttl); !errors.Is(err, context.Canceled) || granted {
			t.Fatalf("Consume(canceled) = %v, %v; want not granted, context.Canceled", granted, err)
		}
		if used, err := l.Peek(ctx, "ivan"); err != nil || used != 0 {
			t.Fatalf("Peek = %d, %v; want 0", used, err)
		}
	})

	t.Run("ClosedIsUnavailable", func(t *testing.T) {
		l := h.open(t)
		mustConsume(t, l, "judy", 3, h.ttl, 1, true)
		if err := l.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if _, granted, err := l.Consume(ctx, "judy", 3, h.ttl); !errors.Is(err, ErrUnavailable) || granted {
			t.Fatalf("Consume after Close = %v, %v; want not granted, ErrUnavailable", granted, err)
		}
		if _, err := l.Peek(ctx, "judy"); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("Peek after Close: %v; want ErrUnavailable", err)
		}
	})
}

// mustConsume consumes one attempt and checks the answer; wantUsed < 0
// skips the count check.
func mustConsume(t *testing.T, l Ledger, key string, max int, ttl time.Duration, wantUsed int, wantGranted bool) {
	t.Helper()
	used, granted, err := l.Consume(context.Background(), key, max, ttl)
	if err != nil {
		t.Fatalf("Consume(%q): %v", key, err)
	}
	if granted != wantGranted || (wantUsed >= 0 && used != wantUsed) {
		t.Fatalf("Consume(%q, max %d) = %d, %v; want %d, %v", key, max, used, granted, wantUsed, wantGranted)
	}
}
