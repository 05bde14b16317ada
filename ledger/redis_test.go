package ledger

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

const redisURLEnv = "IDCONTROL_TEST_REDIS_URL"

// testRedisURL returns the Redis of the tests: skipped when the variable is
// unset, failed when it is set and Redis does not answer (CI sets it).
func testRedisURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv(redisURLEnv)
	if url == "" {
		t.Skip("no Redis: to run the Redis tests, apt-get install redis-server; " +
			"redis-server --port 6379 --save '' & ; " +
			redisURLEnv + "=redis://127.0.0.1:6379/15 go test ./ledger")
	}
	return url
}

// openTestRedis opens a ledger on its own random key prefix and deletes
// its keys at cleanup.
func openTestRedis(t testing.TB, url string) *Redis {
	t.Helper()
	var b [8]byte
	_, _ = rand.Read(b[:])
	prefix := "idcontrol-test:" + hex.EncodeToString(b[:]) + ":"
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := OpenRedis(ctx, url, WithKeyPrefix(prefix))
	if err != nil {
		t.Fatalf("%s is set but Redis does not answer: %v", redisURLEnv, err)
	}
	t.Cleanup(func() {
		c := redis.NewClient(mustParseURL(t, url))
		defer c.Close()
		ctx := context.Background()
		keys, _ := c.Keys(ctx, prefix+"*").Result()
		if len(keys) > 0 {
			c.Del(ctx, keys...)
		}
		_ = r.Close()
	})
	return r
}

func mustParseURL(t testing.TB, url string) *redis.Options {
	o, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestRedisConformance(t *testing.T) {
	url := testRedisURL(t)
	testConformance(t, harness{
		open:    func(t *testing.T) Ledger { return openTestRedis(t, url) },
		advance: func(_ *testing.T, d time.Duration) { time.Sleep(d) },
		ttl:     500 * time.Millisecond,
	})
}

func TestRedisKeysHashed(t *testing.T) {
	url := testRedisURL(t)
	r := openTestRedis(t, url)
	const key = "DUPONT Marie 1985-07-12 NIR 285077512345678"
	mustConsume(t, r, key, 3, time.Hour, 1, true)
	ctx := context.Background()
	keys, err := r.c.Keys(ctx, r.prefix+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys[0] != r.prefix+hashKey(key) {
		t.Fatalf("Redis keys = %q; want only the prefixed SHA-256", keys)
	}
	if strings.Contains(keys[0], "DUPONT") {
		t.Fatalf("Redis key %q holds the attempt key", keys[0])
	}
	ttl, err := r.c.PTTL(ctx, keys[0]).Result()
	if err != nil || ttl <= 0 || ttl > time.Hour {
		t.Fatalf("PTTL = %v, %v; want in (0, 1h]", ttl, err)
	}
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

func TestRedisUnreachableIsUnavailable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	url := "redis://:hunter2@" + closedPort(t) + "/15"
	start := time.Now()
	r, err := OpenRedis(ctx, url)
	if !errors.Is(err, ErrUnavailable) || r != nil {
		t.Fatalf("OpenRedis(closed port) = %v, %v; want nil, ErrUnavailable", r, err)
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("error %q repeats the password", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("OpenRedis took %v to fail", d)
	}
	if l, err := Open(ctx, url, t.TempDir()); !errors.Is(err, ErrUnavailable) || l != nil {
		t.Fatalf("Open(closed port) = %v, %v; want nil, ErrUnavailable", l, err)
	}
	if _, err := OpenRedis(ctx, "redis://[::1"); !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("OpenRedis(malformed) = %v; want ErrInvalidArgument", err)
	}
}

// TestRedisGoesDown opens the ledger through a loopback proxy, then stops
// the proxy: Consume must fail with ErrUnavailable, never grant.
func TestRedisGoesDown(t *testing.T) {
	url := testRedisURL(t)
	target := mustParseURL(t, url).Addr
	p := startProxy(t, target)
	r := openTestRedis(t, strings.Replace(url, target, p.addr, 1))
	mustConsume(t, r, "kim", 3, time.Hour, 1, true)
	p.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	used, granted, err := r.Consume(ctx, "kim", 3, time.Hour)
	if !errors.Is(err, ErrUnavailable) || granted {
		t.Fatalf("Consume with Redis down = %d, %v, %v; want not granted, ErrUnavailable", used, granted, err)
	}
	if strings.Contains(err.Error(), "kim") {
		t.Fatalf("error %q holds the key", err)
	}
	if _, err := r.Peek(ctx, "kim"); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Peek with Redis down = %v; want ErrUnavailable", err)
	}
}

type proxy struct {
	addr string
	l    net.Listener
	mu   sync.Mutex
	cs   []net.Conn
	wg   sync.WaitGroup
	once sync.Once
}

func startProxy(t testing.TB, target string) *proxy {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{addr: l.Addr().String(), l: l}
	p.wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", target)
			if err != nil {
				_ = c.Close()
				continue
			}
			p.mu.Lock()
			p.cs = append(p.cs, c, u)
			p.mu.Unlock()
			p.wg.Go(func() { _, _ = io.Copy(u, c); _ = u.Close() })
			p.wg.Go(func() { _, _ = io.Copy(c, u); _ = c.Close() })
		}
	})
	t.Cleanup(p.stop)
	return p
}

// stop closes the listener and every connection, as a Redis that died.
func (p *proxy) stop() {
	p.once.Do(func() {
		_ = p.l.Close()
		p.mu.Lock()
		for _, c := range p.cs {
			_ = c.Close()
		}
		p.mu.Unlock()
		p.wg.Wait()
	})
}

// TestRedisHungIsUnavailable: a server that accepts and never answers
// fails the open within the caller's deadline.
func TestRedisHungIsUnavailable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu sync.Mutex
		cs []net.Conn
	)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			cs = append(cs, c) // hold it open, answer nothing
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range cs {
			_ = c.Close()
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	r, err := OpenRedis(ctx, "redis://"+l.Addr().String()+"/0")
	if !errors.Is(err, ErrUnavailable) || r != nil {
		t.Fatalf("OpenRedis(hung server) = %v, %v; want nil, ErrUnavailable", r, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("OpenRedis took %v; the 300 ms deadline should bound it", d)
	}
}
