package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ledger"
	"github.com/redis/go-redis/v9"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"
	"google.golang.org/grpc/status"
)

// The built-in policy's budget: 3 attempts per key.
const budget = 3

// TestReplicasShareTheBudget starts three server processes on one Redis
// and a round-robin client: 50 concurrent calls per key are granted the
// budget exactly, across replicas; then a replica is killed (SIGKILL)
// mid-load and no key ends over budget or below what its clients were
// granted. It needs redis-server on PATH and skips without it.
func TestReplicasShareTheBudget(t *testing.T) {
	redisBin, child := replicaChildOrRedis(t)
	if child {
		return
	}
	redisURL := startRedis(t, redisBin)
	var addrs []string
	var procs []*exec.Cmd
	var served, probed []*atomic.Int64
	for range 3 {
		r := startReplica(t, "TestReplicasShareTheBudget", redisURL, "")
		procs, addrs, served, probed = append(procs, r.cmd), append(addrs, r.addr), append(served, r.similarity), append(probed, r.healths)
	}
	conn := roundRobin(t, addrs)
	client := idcontrolv1.NewControlServiceClient(conn)
	// round_robin balances over the connections that are ready: health
	// checks until every replica has answered one.
	health := healthpb.NewHealthClient(conn)
	for deadline := time.Now().Add(10 * time.Second); probed[0].Load() == 0 || probed[1].Load() == 0 || probed[2].Load() == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the client never reached every replica")
		}
		_, _ = health.Check(context.Background(), &healthpb.HealthCheckRequest{})
		time.Sleep(10 * time.Millisecond)
	}

	// Phase 1: 50 concurrent calls on each of 4 keys, all replicas up.
	granted := load(t, client, []string{"k1", "k2", "k3", "k4"}, 50, nil)
	for k, n := range granted {
		if n != budget {
			t.Errorf("key %s: %d calls granted across replicas, want %d", k, n, budget)
		}
	}
	time.Sleep(200 * time.Millisecond) // the last log lines
	for i, n := range served {
		t.Logf("replica %d answered %d of 200 calls", i, n.Load())
		if n.Load() == 0 {
			t.Errorf("replica %d answered nothing: the client did not balance", i)
		}
	}

	// Phase 2: a replica is killed while 8 keys are under load.
	keys := []string{"m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"}
	var once sync.Once
	granted = load(t, client, keys, 50, func(i int) {
		if i == 60 {
			once.Do(func() { _ = procs[1].Process.Signal(syscall.SIGKILL) })
		}
	})
	if err := procs[1].Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("replica 1 was not killed: %v", err)
	}
	led, err := ledger.OpenRedis(context.Background(), redisURL)
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	var sumGranted, sumCounted int
	for _, k := range keys {
		counted := countedAttempts(t, led, k)
		sumGranted, sumCounted = sumGranted+granted[k], sumCounted+counted
		if granted[k] > budget || counted > budget {
			t.Errorf("key %s: %d granted, %d counted: over the budget of %d", k, granted[k], counted, budget)
		}
		// Every attempt a client was granted is counted; an attempt may be
		// counted whose answer died with the replica, never the reverse.
		if counted < granted[k] {
			t.Errorf("key %s: %d granted but only %d counted: an attempt was lost", k, granted[k], counted)
		}
	}
	t.Logf("with a replica killed: %d attempts granted, %d counted over %d keys", sumGranted, sumCounted, len(keys))
	// The survivors agree on each key's count.
	for _, k := range keys {
		resp, err := similarity(context.Background(), client, k)
		if err != nil {
			t.Fatalf("after the kill, key %s: %v", k, err)
		}
		if c := countedAttempts(t, led, k); int(resp.GetAttemptsUsed()) != min(c, budget) {
			t.Errorf("key %s: a survivor says %d used, Redis %d", k, resp.GetAttemptsUsed(), c)
		}
	}
}

func similarity(ctx context.Context, c idcontrolv1.ControlServiceClient, key string) (*idcontrolv1.ScoreSimilarityResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return c.ScoreSimilarity(ctx, &idcontrolv1.ScoreSimilarityRequest{
		Declared:   &idcontrolv1.IdentityFields{LastName: "MARTIN", FirstNames: "PAUL", BirthDate: "1970-01-01"},
		Document:   &idcontrolv1.IdentityFields{LastName: "MARTIN", FirstNames: "PAUL", BirthDate: "1970-01-01"},
		AttemptKey: key,
	})
}

// load sends perKey concurrent calls on every key and returns how many
// were granted (scored, not exhausted) per key. Calls failing because a
// replica died are retried once, as a client would on UNAVAILABLE.
func load(t *testing.T, c idcontrolv1.ControlServiceClient, keys []string, perKey int, onCall func(int)) map[string]int {
	t.Helper()
	var mu sync.Mutex
	granted := map[string]int{}
	var retried atomic.Int64
	var wg sync.WaitGroup
	var started int
	for i := range perKey {
		for _, k := range keys {
			wg.Add(1)
			mu.Lock()
			started++
			n := started
			mu.Unlock()
			go func() {
				defer wg.Done()
				if onCall != nil {
					onCall(n)
				}
				resp, err := similarity(context.Background(), c, k)
				if status.Code(err) == codes.Unavailable {
					retried.Add(1)
					resp, err = similarity(context.Background(), c, k)
				}
				if err != nil {
					if status.Code(err) != codes.Unavailable {
						t.Errorf("key %s call %d: %v", k, i, err)
					}
					return
				}
				if resp.GetError() == "" {
					mu.Lock()
					granted[k]++
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	if n := retried.Load(); n > 0 {
		t.Logf("%d calls failed UNAVAILABLE and were retried", n)
	}
	return granted
}

func startRedis(t *testing.T, bin string) string {
	t.Helper()
	url, _, _ := startRedisProcess(t, bin)
	return url
}

func redisClient(t *testing.T, url string) *redis.Client {
	t.Helper()
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(opt)
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

// countedAttempts reads a key's count through the ledger itself.
func countedAttempts(t *testing.T, led ledger.Ledger, key string) int {
	t.Helper()
	n, err := led.Peek(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var servingAddr = regexp.MustCompile(`"msg":"serving","address":"([^"]+)"`)

// replicaChildOrRedis runs the server when this test binary was started
// as a replica (child true), else returns redis-server's path, or skips.
func replicaChildOrRedis(t *testing.T) (redisBin string, child bool) {
	t.Helper()
	if os.Getenv("IDCONTROL_REPLICA_CHILD") == "1" {
		if err := run(strings.Fields(os.Getenv("IDCONTROL_REPLICA_ARGS"))); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return "", true
	}
	if testing.Short() {
		t.Skip("starts redis-server and server processes")
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server is not on PATH")
	}
	return bin, false
}

// replica is a server process: its addresses and the calls it logged.
type replica struct {
	cmd                 *exec.Cmd
	addr, metricsAddr   string
	similarity, healths *atomic.Int64
}

// startReplica runs this test binary (test names the test that turns it
// into a server) on redisURL with extra flags, and waits for its
// "serving" line (and "metrics served" when asked for).
func startReplica(t *testing.T, test, redisURL, extra string) *replica {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$")
	cmd.Env = append(os.Environ(), "IDCONTROL_REPLICA_CHILD=1",
		"IDCONTROL_REPLICA_ARGS=--listen 127.0.0.1:0 --data-dir "+t.TempDir()+" --attempts-store "+redisURL+" --log-level info "+extra)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	r := &replica{cmd: cmd, similarity: new(atomic.Int64), healths: new(atomic.Int64)}
	wantMetrics := strings.Contains(extra, "--metrics-listen")
	ready := make(chan struct{})
	go func() {
		// Read to the end: a server blocked writing its log stops serving.
		sc := bufio.NewScanner(stderr)
		started := false
		for sc.Scan() {
			line := sc.Text()
			if m := servingAddr.FindStringSubmatch(line); m != nil {
				r.addr = m[1]
			}
			if m := metricsAddr.FindStringSubmatch(line); m != nil {
				r.metricsAddr = m[1]
			}
			if !started && r.addr != "" && (r.metricsAddr != "" || !wantMetrics) {
				started = true
				close(ready)
			}
			if strings.Contains(line, "ScoreSimilarity") {
				r.similarity.Add(1)
			}
			if strings.Contains(line, "grpc.health.v1.Health") {
				r.healths.Add(1)
			}
		}
	}()
	select {
	case <-ready:
		return r
	case <-time.After(30 * time.Second):
		t.Fatal("a replica did not start")
	}
	return nil
}

// roundRobin dials the replicas with client-side round robin.
func roundRobin(t *testing.T, addrs []string) *grpc.ClientConn {
	t.Helper()
	r := manual.NewBuilderWithScheme("replicas")
	var state resolver.State
	for _, a := range addrs {
		state.Addresses = append(state.Addresses, resolver.Address{Addr: a})
	}
	r.InitialState(state)
	conn, err := grpc.NewClient("replicas:///idcontrol",
		grpc.WithResolvers(r),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultServiceConfig(`{"loadBalancingConfig": [{"round_robin": {}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

var metricsAddr = regexp.MustCompile(`"msg":"metrics served","address":"([^"]+)"`)

// TestRedisOutage: with Redis down, keyed ScoreSimilarity calls are
// UNAVAILABLE while calls that need no ledger are answered, /healthz says
// 503; when Redis returns, so does the service, without a restart.
func TestRedisOutage(t *testing.T) {
	redisBin, child := replicaChildOrRedis(t)
	if child {
		return
	}
	redisURL, redisCmd, port := startRedisProcess(t, redisBin)
	rep := startReplica(t, "TestRedisOutage", redisURL, "--metrics-listen 127.0.0.1:0")
	maddr := rep.metricsAddr
	conn, err := grpc.NewClient(rep.addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := idcontrolv1.NewControlServiceClient(conn)
	healthz := func() int {
		resp, err := (&http.Client{Timeout: 5 * time.Second}).Get("http://" + maddr + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	unkeyed := func() error {
		_, err := client.MatchField(context.Background(), &idcontrolv1.MatchFieldRequest{
			Field: idcontrolv1.MatchField_MATCH_FIELD_BIRTH_DATE, Declared: "1970-01-01", Extracted: "1970-01-01",
		})
		return err
	}
	if _, err := similarity(context.Background(), client, "k"); err != nil || healthz() != http.StatusOK {
		t.Fatalf("with Redis up: %v, /healthz %d", err, healthz())
	}
	ready := func() healthpb.HealthCheckResponse_ServingStatus {
		resp, err := healthpb.NewHealthClient(conn).Check(context.Background(),
			&healthpb.HealthCheckRequest{Service: idcontrolv1.ControlService_ServiceDesc.ServiceName})
		if err != nil {
			t.Fatal(err)
		}
		return resp.GetStatus()
	}
	// Load through the outage and the recovery: keyed calls may fail only
	// with UNAVAILABLE, calls that need no ledger never fail.
	stopLoad := make(chan struct{})
	var loadWG sync.WaitGroup
	var keyedUnavailable, keyedOK atomic.Int64
	for g := range 8 {
		loadWG.Add(1)
		go func() {
			defer loadWG.Done()
			for i := 0; ; i++ {
				select {
				case <-stopLoad:
					return
				default:
				}
				_, err := similarity(context.Background(), client, fmt.Sprintf("load-%d-%d", g, i))
				switch status.Code(err) {
				case codes.OK:
					keyedOK.Add(1)
				case codes.Unavailable:
					keyedUnavailable.Add(1)
				default:
					t.Errorf("a keyed call under load: %v, want OK or UNAVAILABLE", err)
				}
				if err := unkeyed(); err != nil {
					t.Errorf("MatchField under load: %v", err)
				}
			}
		}()
	}
	defer func() { close(stopLoad); loadWG.Wait() }()
	time.Sleep(200 * time.Millisecond)

	_ = redisCmd.Process.Kill()
	_ = redisCmd.Wait()
	if _, err := similarity(context.Background(), client, "k"); status.Code(err) != codes.Unavailable {
		t.Errorf("a keyed call with Redis down: %v, want UNAVAILABLE", err)
	}
	if err := unkeyed(); err != nil {
		t.Errorf("MatchField with Redis down: %v", err)
	}
	if _, err := similarity(context.Background(), client, ""); err != nil {
		t.Errorf("ScoreSimilarity without a key, Redis down: %v", err)
	}
	if code := healthz(); code != http.StatusServiceUnavailable {
		t.Errorf("/healthz with Redis down: %d, want 503", code)
	}
	if st := ready(); st != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Errorf("gRPC health of ControlService with Redis down: %v, want NOT_SERVING", st)
	}
	time.Sleep(300 * time.Millisecond) // load on the outage

	restartRedis(t, redisBin, port)
	deadline := time.Now().Add(15 * time.Second)
	for {
		_, err := similarity(context.Background(), client, "k")
		if err == nil && healthz() == http.StatusOK && ready() == healthpb.HealthCheckResponse_SERVING {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no recovery after Redis returned: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	okBefore := keyedOK.Load()
	time.Sleep(300 * time.Millisecond) // load on the recovered service
	if keyedUnavailable.Load() == 0 || keyedOK.Load() == okBefore {
		t.Errorf("under load: %d keyed calls UNAVAILABLE in the outage, %d answered after it; want both > 0",
			keyedUnavailable.Load(), keyedOK.Load()-okBefore)
	}
}

// startRedisProcess is startRedis keeping the process and port.
func startRedisProcess(t *testing.T, bin string) (string, *exec.Cmd, int) {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := lis.Addr().(*net.TCPAddr).Port
	lis.Close()
	url, cmd := restartRedis(t, bin, port)
	return url, cmd, port
}

// restartRedis runs redis-server on port, without persistence, and waits
// for it to answer.
func restartRedis(t *testing.T, bin string, port int) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	url := fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	rdb := redisClient(t, url)
	deadline := time.Now().Add(10 * time.Second)
	for rdb.Ping(context.Background()).Err() != nil {
		if time.Now().After(deadline) {
			t.Fatal("redis-server did not answer")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return url, cmd
}
