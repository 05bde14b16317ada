package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"runtime"
	"testing"
	"time"

	"buf.build/go/protovalidate"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ledger"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/tap"
)

// startTCP serves cfg on 127.0.0.1:0 (the limits act on real connections)
// and returns the address.
func startTCP(t *testing.T, cfg Config) string {
	t.Helper()
	led, err := ledger.OpenBolt(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	store, err := policy.Load("")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	d := &deps{policies: store, ledger: led, log: log, today: func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }}
	v, err := protovalidate.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(cfg, log, v, d)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, lis) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return lis.Addr().String()
}

// handshaken dials addr and waits for the server's side of the handshake.
func handshaken(t *testing.T, addr string) *rawH2 {
	t.Helper()
	c := dialRawH2(t, addr)
	if !c.waitSettings(5 * time.Second) {
		t.Fatal("no HTTP/2 handshake")
	}
	return c
}

// heapInUse is the live heap after the garbage (and sync.Pool caches,
// which survive one cycle) are collected.
func heapInUse() uint64 {
	var ms runtime.MemStats
	for range 3 {
		runtime.GC()
	}
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

const parseMrz = "/idcontrol.v1.MrzService/ParseMrz"

// TestHostileStreamsCostBoundedMemory opens, on one connection, streams
// that announce a message within --max-recv-size and stall before its last
// bytes, and streams that announce one far over it. Before the limits, the
// transport accepted 16 MiB per message and the receive had no deadline:
// 40 stalled streams held 40 × the announced size for as long as the client
// wished. Now the oversized ones are refused from their length prefix, at
// most --max-receiving stall at once, and each for at most --recv-timeout.
func TestHostileStreamsCostBoundedMemory(t *testing.T) {
	const (
		n         = 40
		maxRecv   = 1 << 20
		receiving = 4
	)
	cfg := Defaults()
	cfg.MaxRecvSize = maxRecv
	cfg.MaxReceiving = receiving
	cfg.RecvTimeout = 3 * time.Second
	addr := startTCP(t, cfg)
	c := handshaken(t, addr)
	before := heapInUse()

	// Oversized: 15 MiB announced, the first 64 KiB sent.
	for range n {
		id := c.open(parseMrz)
		go c.send(id, 15<<20, 64<<10)
		if got := c.wait(id); got != int(codes.ResourceExhausted) {
			t.Fatalf("oversized request: grpc-status %d, want RESOURCE_EXHAUSTED (%d)", got, codes.ResourceExhausted)
		}
	}
	afterOversized := heapInUse()

	// Stalled: announce just under the limit, send all but 10 bytes.
	ids := make([]uint32, n)
	sent := make(chan struct{}, n)
	for i := range ids {
		ids[i] = c.open(parseMrz)
		go func(id uint32) {
			c.send(id, maxRecv-64, maxRecv-64-10)
			sent <- struct{}{}
		}(ids[i])
	}
	for range n {
		<-sent
	}
	stalled := heapInUse()
	codesSeen := map[int]int{}
	for _, id := range ids {
		codesSeen[c.wait(id)]++
	}
	after := heapInUse()

	t.Logf("heap: before %.1f MiB, after %d oversized %.1f MiB, while %d stalled %.1f MiB, after they ended %.1f MiB",
		mib(before), n, mib(afterOversized), n, mib(stalled), mib(after))
	// A slot of the oversized phase may be freed a moment after its
	// answer: between 1 and receiving streams stall.
	if de := codesSeen[int(codes.DeadlineExceeded)]; de < 1 || de > receiving || codesSeen[int(codes.ResourceExhausted)] != n-de {
		t.Errorf("stalled streams ended with %v; want at most %d DEADLINE_EXCEEDED, the others RESOURCE_EXHAUSTED",
			codesSeen, receiving)
	}
	// The bound: what --max-receiving requests of --max-recv-size may
	// hold, plus 4 MiB for buffers and pools.
	bound := uint64(receiving*maxRecv + 4<<20)
	for name, h := range map[string]uint64{"oversized": afterOversized, "stalled": stalled, "after": after} {
		if h > before+bound {
			t.Errorf("heap %s: %.1f MiB over %.1f MiB before; bound %.1f MiB", name, mib(h-before), mib(before), mib(bound))
		}
	}
	if after > before+4<<20 {
		t.Errorf("heap after the stalled streams ended: %.1f MiB, %.1f MiB before: not released", mib(after), mib(before))
	}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// TestOversizedRequestIsResourceExhausted: a request over --max-recv-size
// is refused by the transport, whatever it holds.
func TestOversizedRequestIsResourceExhausted(t *testing.T) {
	cfg := Defaults()
	cfg.MaxRecvSize = 4096
	addr := startTCP(t, cfg)
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := idcontrolv1.NewMrzServiceClient(conn)
	big := make([]byte, 5000)
	for i := range big {
		big[i] = '<'
	}
	_, err = client.ParseMrz(context.Background(), &idcontrolv1.ParseMrzRequest{Lines: []string{string(big)}})
	if status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("5000-byte request with --max-recv-size 4096: %v; want RESOURCE_EXHAUSTED", err)
	}
	// Within the limit, the same service answers.
	_, err = client.ParseMrz(context.Background(), &idcontrolv1.ParseMrzRequest{
		Lines: []string{"IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "8806923102858CORINNE<<<<<<<6512068F6"}})
	if err != nil {
		t.Fatal(err)
	}
}

// TestReceiveTimeoutLeavesTheCallItsDeadline: once the request is whole,
// the receive timeout no longer applies; a handler slower than it (here a
// ledger taking 300 ms, with --recv-timeout 50ms) runs under the default
// deadline and answers.
func TestReceiveTimeoutLeavesTheCallItsDeadline(t *testing.T) {
	t.Parallel()
	env := startServer(t, func(cfg *Config, d *deps) {
		cfg.RecvTimeout = 50 * time.Millisecond
		d.ledger = slowLedger{Ledger: d.ledger, delay: 300 * time.Millisecond}
	})
	_, err := idcontrolv1.NewControlServiceClient(env.conn).ScoreSimilarity(context.Background(), &idcontrolv1.ScoreSimilarityRequest{
		Declared: &idcontrolv1.IdentityFields{LastName: "A"}, Document: &idcontrolv1.IdentityFields{LastName: "A"}, AttemptKey: "k",
	})
	if err != nil {
		t.Fatalf("a call slower than --recv-timeout once received: %v", err)
	}
}

type slowLedger struct {
	ledger.Ledger
	delay time.Duration
}

func (s slowLedger) Consume(ctx context.Context, key string, maxAttempts int, ttl time.Duration) (int, bool, error) {
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return 0, false, ctx.Err()
	}
	return s.Ledger.Consume(ctx, key, maxAttempts, ttl)
}

// TestHandshakeTimeoutClosesSilentConnections: a connection that sends
// nothing is closed after --handshake-timeout, not kept for two minutes.
func TestHandshakeTimeoutClosesSilentConnections(t *testing.T) {
	cfg := Defaults()
	cfg.HandshakeTimeout = 200 * time.Millisecond
	addr := startTCP(t, cfg)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	_, err = io.Copy(io.Discard, conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("a connection that never sent the HTTP/2 preface is still open after 20 s")
	}
}

// TestMaxConnections: past --max-connections a new connection is not
// served until one closes.
func TestMaxConnections(t *testing.T) {
	cfg := Defaults()
	cfg.MaxConnections = 1
	addr := startTCP(t, cfg)
	first := dialRawH2(t, addr)
	if !first.waitSettings(5 * time.Second) {
		t.Fatal("first connection: no handshake")
	}
	second := dialRawH2(t, addr)
	if second.waitSettings(300 * time.Millisecond) {
		t.Fatal("second connection served while the first is open, with --max-connections 1")
	}
	first.close()
	if !second.waitSettings(5 * time.Second) {
		t.Fatal("second connection not served after the first closed")
	}
}

// TestMaxConcurrentStreamsIsAnnounced: the server's SETTINGS carry the cap.
func TestMaxConcurrentStreamsIsAnnounced(t *testing.T) {
	cfg := Defaults()
	cfg.MaxConcurrentStreams = 7
	addr := startTCP(t, cfg)
	c := handshaken(t, addr)
	c.mu.Lock()
	got := c.maxStreams
	c.mu.Unlock()
	if got != 7 {
		t.Fatalf("SETTINGS_MAX_CONCURRENT_STREAMS = %d, want 7", got)
	}
}

// TestStalledStreamsOfEveryServiceAreCut: reflection and health streams
// are guarded too (a reflection message may be as large as any), and
// health probes have slots of their own, so they are answered while
// hostile requests hold every other slot.
func TestStalledStreamsOfEveryServiceAreCut(t *testing.T) {
	cfg := Defaults()
	cfg.MaxReceiving = 2
	cfg.RecvTimeout = 300 * time.Millisecond
	addr := startTCP(t, cfg)
	c := handshaken(t, addr)
	const reflection = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"
	// A reflection session whose first message (list_services) is whole
	// and whose second stalls.
	session := c.open(reflection)
	c.sendData(session, []byte{0, 0, 0, 0, 2, 0x3a, 0x00})
	c.send(session, 1000, 500)
	stalledMrz := c.open(parseMrz)
	c.send(stalledMrz, 1000, 500)
	// Both slots are held: one more is refused...
	refused := c.open(parseMrz)
	c.send(refused, 1000, 500)
	if got := c.wait(refused); got != int(codes.ResourceExhausted) {
		t.Errorf("a third stalled request: grpc-status %d, want RESOURCE_EXHAUSTED", got)
	}
	// ...but a health probe is answered.
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if resp, err := healthpb.NewHealthClient(conn).Check(context.Background(), &healthpb.HealthCheckRequest{}); err != nil ||
		resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Errorf("health with every slot held: %v, %v", resp, err)
	}
	for name, id := range map[string]uint32{"reflection, second message": session, "ParseMrz": stalledMrz} {
		if got := c.wait(id); got != int(codes.DeadlineExceeded) {
			t.Errorf("stalled %s: grpc-status %d, want DEADLINE_EXCEEDED", name, got)
		}
	}
}

// BenchmarkReceiveGuard is what the guard adds to every call: the tap at
// the headers, received after decoding, the stream's end.
// "stream-only" is the stream's own context, the floor.
func BenchmarkReceiveGuard(b *testing.B) {
	b.Run("stream-only", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, end := context.WithCancel(context.Background())
			end()
		}
	})
	b.Run("guarded", func(b *testing.B) {
		g := newReceiveGuard(10*time.Second, 64)
		info := &tap.Info{FullMethodName: parseMrz}
		b.ReportAllocs()
		for b.Loop() {
			stream, end := context.WithCancel(context.Background())
			ctx, err := g.tap(stream, info)
			if err != nil {
				b.Fatal(err)
			}
			received(ctx)
			end()
		}
	})
}

// TestResetStreamsFreeTheirSlots: streams reset before their request is
// whole give their receiving slot back at once, not after --recv-timeout:
// a client resetting streams in a loop cannot hold every slot.
func TestResetStreamsFreeTheirSlots(t *testing.T) {
	cfg := Defaults()
	cfg.MaxReceiving = 2
	cfg.RecvTimeout = time.Hour
	addr := startTCP(t, cfg)
	c := handshaken(t, addr)
	for range 20 {
		id := c.open(parseMrz)
		c.send(id, 1000, 100)
		c.reset(id)
	}
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	client := idcontrolv1.NewMrzServiceClient(conn)
	// The resets may still be on their way: a few attempts.
	for attempt := 0; ; attempt++ {
		_, err = client.ParseMrz(context.Background(), &idcontrolv1.ParseMrzRequest{
			Lines: []string{"IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "8806923102858CORINNE<<<<<<<6512068F6"}})
		if err == nil {
			return
		}
		if status.Code(err) != codes.ResourceExhausted || attempt == 50 {
			t.Fatalf("after 20 reset streams, with --max-receiving 2: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
