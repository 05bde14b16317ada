package server

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ledger"
	"github.com/redis/go-redis/v9"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// switchLedger is a ledger whose store can be taken down and brought back.
type switchLedger struct {
	ledger.Ledger
	down atomic.Bool
}

var errStoreDown = fmt.Errorf("%w: store down (test)", ledger.ErrUnavailable)

func (s *switchLedger) Consume(ctx context.Context, key string, maxAttempts int, ttl time.Duration) (int, bool, error) {
	if s.down.Load() {
		return 0, false, errStoreDown
	}
	return s.Ledger.Consume(ctx, key, maxAttempts, ttl)
}

func (s *switchLedger) Ping(context.Context) error {
	if s.down.Load() {
		return errStoreDown
	}
	return nil
}

func controlHealth(t *testing.T, env *testEnv, service string) healthpb.HealthCheckResponse_ServingStatus {
	t.Helper()
	resp, err := healthpb.NewHealthClient(env.conn).Check(context.Background(), &healthpb.HealthCheckRequest{Service: service})
	if err != nil {
		t.Fatal(err)
	}
	return resp.GetStatus()
}

// waitHealth polls until service reports want, for at most 10 s.
func waitHealth(t *testing.T, env *testEnv, service string, want healthpb.HealthCheckResponse_ServingStatus) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if controlHealth(t, env, service) == want {
			return
		}
	}
	t.Fatalf("%q: health did not become %v", service, want)
}

func keyedScore(env *testEnv, key string) error {
	_, err := idcontrolv1.NewControlServiceClient(env.conn).ScoreSimilarity(context.Background(), &idcontrolv1.ScoreSimilarityRequest{
		Declared: &idcontrolv1.IdentityFields{LastName: "A"}, Document: &idcontrolv1.IdentityFields{LastName: "A"}, AttemptKey: key,
	})
	return err
}

// checkOutage runs calls through an outage of the ledger behind env and
// checks health and logs: NOT_SERVING for the ControlService while down,
// "" SERVING throughout, one line for the outage and one for its end with
// the count of failed calls.
func checkOutage(t *testing.T, env *testEnv, takeDown, bringBack func()) {
	t.Helper()
	control := idcontrolv1.ControlService_ServiceDesc.ServiceName
	if err := keyedScore(env, "before"); err != nil {
		t.Fatal(err)
	}
	if got := controlHealth(t, env, control); got != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("before the outage: %v", got)
	}
	takeDown()
	const calls = 30
	for i := range calls {
		if err := keyedScore(env, fmt.Sprint("key-", i)); status.Code(err) != codes.Unavailable {
			t.Fatalf("call %d with the ledger down: %v; want UNAVAILABLE", i, err)
		}
	}
	if got := controlHealth(t, env, control); got != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Errorf("ControlService during the outage: %v; want NOT_SERVING", got)
	}
	if got := controlHealth(t, env, ""); got != healthpb.HealthCheckResponse_SERVING {
		t.Errorf(`"" during the outage: %v; want SERVING`, got)
	}
	bringBack()
	waitHealth(t, env, control, healthpb.HealthCheckResponse_SERVING)
	if err := keyedScore(env, "after"); err != nil {
		t.Fatalf("after the outage: %v", err)
	}
	logs := env.logs.String()
	if n := strings.Count(logs, "attempt ledger unavailable"); n != 1 {
		t.Errorf("%d outage lines, want 1:\n%s", n, logs)
	}
	if n := strings.Count(logs, "attempt ledger available again"); n != 1 {
		t.Errorf("%d end-of-outage lines, want 1:\n%s", n, logs)
	}
	if !strings.Contains(logs, fmt.Sprintf(`"failed_calls":%d`, calls)) {
		t.Errorf("the end-of-outage line lacks failed_calls %d:\n%s", calls, logs)
	}
	if n := strings.Count(logs, `"level":"ERROR"`); n != 1 {
		t.Errorf("%d ERROR lines, want 1 (the outage):\n%s", n, logs)
	}
}

func TestLedgerOutageHealthAndLogs(t *testing.T) {
	t.Parallel()
	var sw *switchLedger
	env := startServer(t, func(_ *Config, d *deps) {
		sw = &switchLedger{Ledger: d.ledger}
		d.ledger = sw
		d.ledgerProbe = 20 * time.Millisecond
	})
	checkOutage(t, env, func() { sw.down.Store(true) }, func() { sw.down.Store(false) })
}

// TestRedisOutageHealthAndLogs runs the same outage on a real Redis,
// reached through a proxy that the test cuts and restores: the Redis of
// IDCONTROL_TEST_REDIS_URL, else a redis-server on the PATH started on a
// random port; without either the test is skipped.
func TestRedisOutageHealthAndLogs(t *testing.T) {
	url := os.Getenv("IDCONTROL_TEST_REDIS_URL")
	if url == "" {
		url = startRedisServer(t)
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	p := newCutProxy(t, opts.Addr)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	led, err := ledger.OpenRedis(ctx, strings.Replace(url, opts.Addr, p.addr, 1),
		ledger.WithKeyPrefix(fmt.Sprintf("idcontrol-test:%d:", time.Now().UnixNano())))
	if err != nil {
		t.Fatal(err)
	}
	env := startServer(t, func(_ *Config, d *deps) {
		_ = d.ledger.Close()
		d.ledger = led
		d.ledgerProbe = 50 * time.Millisecond
	})
	checkOutage(t, env, p.cut, p.restore)
}

// startRedisServer starts redis-server on 127.0.0.1 and a random port, or
// skips the test.
func startRedisServer(t *testing.T) string {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("no Redis: set IDCONTROL_TEST_REDIS_URL or install redis-server")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	cmd := exec.Command(bin, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	url := "redis://127.0.0.1:" + port + "/0"
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:" + port})
	defer c.Close()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if c.Ping(context.Background()).Err() == nil {
			return url
		}
	}
	t.Fatal("redis-server did not answer")
	return ""
}

// cutProxy forwards TCP to a target; cut closes its listener and every
// connection (Redis gone), restore listens again on the same address.
type cutProxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	l      net.Listener
	conns  []net.Conn
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	p := &cutProxy{t: t, addr: "127.0.0.1:0", target: target}
	p.restore()
	t.Cleanup(p.cut)
	return p
}

func (p *cutProxy) restore() {
	l, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.l, p.addr = l, l.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			if p.l != l { // cut while this one was being accepted
				p.mu.Unlock()
				c.Close()
				u.Close()
				return
			}
			p.conns = append(p.conns, c, u)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(u, c); u.Close() }()
			go func() { _, _ = io.Copy(c, u); c.Close() }()
		}
	}()
}

func (p *cutProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.l != nil {
		p.l.Close()
		p.l = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
