package server

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/netutil"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/tap"
)

// What a hostile or broken client can make the server hold, and how each is
// bounded (see Config and the README's "Limits"):
//
//   - a message larger than MaxRecvSize: grpc-go compares the length
//     prefix with MaxRecvMsgSize before it buffers a byte of the message,
//     and answers RESOURCE_EXHAUSTED;
//   - a message announced within the limit whose last bytes never come:
//     grpc-go opens the stream's flow-control window to the announced
//     length, so the bytes sent so far stay buffered. The deadline of the
//     call only starts once the message is whole, so receiveGuard bounds
//     the time to send it (RecvTimeout) and how many requests may be in
//     that state at once, across connections and services (MaxReceiving);
//   - streams and connections: MaxConcurrentStreams per connection,
//     MaxConnections in total, and HandshakeTimeout for a connection that
//     never completes the HTTP/2 handshake.

// transportOptions are the grpc.ServerOptions that enforce the limits.
func transportOptions(cfg Config, g *receiveGuard) []grpc.ServerOption {
	return []grpc.ServerOption{
		grpc.MaxRecvMsgSize(cfg.TransportLimit()),
		grpc.MaxConcurrentStreams(uint32(cfg.MaxConcurrentStreams)),
		grpc.ConnectionTimeout(cfg.HandshakeTimeout),
		grpc.InTapHandle(g.tap),
		grpc.ChainStreamInterceptor(g.streamGuard),
	}
}

// limitListener caps the connections served at once: Accept waits while
// max are open, so further clients queue in the kernel's backlog.
func limitListener(lis net.Listener, max int) net.Listener {
	return netutil.LimitListener(lis, max)
}

// errReceiveTimeout is the cause of a stream cancelled because its request
// did not arrive in time.
var errReceiveTimeout = errors.New("the request was not received in time")

// receiveGuard bounds the requests being received: at most cap(slots) at
// once, each for at most timeout.
//
// grpc-go runs the tap when a stream's headers arrive and makes the
// context it returns the stream's context (internal/transport/
// http2_server.go, operateHeaders); the reader that collects the message
// waits on that context's Done (recvBufferReader.read), so cancelling it
// ends a stalled read, answers DEADLINE_EXCEEDED and frees what was
// buffered. Once the request is decoded, the first interceptor calls
// received, which stops the timer and frees the slot: the handler then
// runs under the call's own deadline (or the default one), not this one.
//
// Streaming calls (health Watch, reflection) are guarded the same way up
// to their first message; each later message takes a slot and the timeout
// again while it is received (streamGuard), so a reflection session idle
// for the timeout is closed, and a Watch, which reads one message, may
// last.
//
// Health checks have slots of their own (healthSlots), taken when the
// shared ones are all held, so that a load balancer's probe is answered
// while hostile requests hold every other.
type receiveGuard struct {
	timeout time.Duration
	slots   slots
	health  slots
}

// healthSlots is the number of health requests received at once.
const healthSlots = 8

const healthPrefix = "/grpc.health.v1.Health/"

func newReceiveGuard(timeout time.Duration, max int) *receiveGuard {
	return &receiveGuard{timeout: timeout, slots: make(slots, max), health: make(slots, healthSlots)}
}

var errTooManyReceiving = status.Error(codes.ResourceExhausted, "too many requests are being received; retry later")

// slots is a counting semaphore that never waits.
type slots chan struct{}

// acquire takes a slot without waiting: the tap runs under the
// transport's lock.
func (s slots) acquire() bool {
	select {
	case s <- struct{}{}:
		return true
	default:
		return false
	}
}

func (s slots) release() { <-s }

type receivingKey struct{}

// receivingCtx is the stream's context while its request is received.
type receivingCtx struct {
	context.Context
	cancel   context.CancelCauseFunc
	received func()
	slots    slots // the pool the stream's messages take slots from
}

// Err reports a receive timeout as a deadline, so that the client reads
// DEADLINE_EXCEEDED rather than CANCELLED.
func (c *receivingCtx) Err() error {
	err := c.Context.Err()
	if err != nil && errors.Is(context.Cause(c.Context), errReceiveTimeout) {
		return context.DeadlineExceeded
	}
	return err
}

func (c *receivingCtx) Value(key any) any {
	if key == (receivingKey{}) {
		return c
	}
	return c.Context.Value(key)
}

// tap guards every stream from its headers. It runs under the
// transport's lock: it must not block.
func (g *receiveGuard) tap(ctx context.Context, info *tap.Info) (context.Context, error) {
	pool := g.slots
	if !pool.acquire() {
		// Health falls back on its reserve only when the shared slots are
		// all held: a reserve of its own alone turned away most of 50
		// concurrent health checks on a busy server (make load), whose
		// requests wait for a handler goroutine with their headers in.
		if !strings.HasPrefix(info.FullMethodName, healthPrefix) || !g.health.acquire() {
			return nil, errTooManyReceiving
		}
		pool = g.health
	}
	rctx, cancel := context.WithCancelCause(ctx)
	timer := time.AfterFunc(g.timeout, func() { cancel(errReceiveTimeout) })
	release := sync.OnceFunc(func() {
		timer.Stop()
		pool.release()
	})
	// The slot is freed when the request is whole, or when the stream ends
	// (finished, reset by the client, timed out) before that: a client that
	// resets its streams at once must not hold slots until the timeout.
	stopWatching := context.AfterFunc(rctx, release)
	received := func() {
		stopWatching() // no goroutine at the stream's end
		release()
	}
	return &receivingCtx{Context: rctx, cancel: cancel, received: received, slots: pool}, nil
}

// received marks the request of ctx's stream as whole: its receive timeout
// no longer applies and its slot is freed.
func received(ctx context.Context) {
	if c, ok := ctx.Value(receivingKey{}).(*receivingCtx); ok {
		c.received()
	}
}

// unaryReceived is the first unary interceptor: interceptors run once the
// request is decoded.
func unaryReceived(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	received(ctx)
	return handler(ctx, req)
}

// streamGuard guards each message of a streaming call: the first one
// under the tap's slot and timer, the later ones under a slot and a timer
// of their own.
func (g *receiveGuard) streamGuard(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
	c, ok := ss.Context().Value(receivingKey{}).(*receivingCtx)
	if !ok {
		return handler(srv, ss)
	}
	return handler(srv, &guardedStream{ServerStream: ss, guard: g, ctx: c})
}

type guardedStream struct {
	grpc.ServerStream
	guard *receiveGuard
	ctx   *receivingCtx
	first bool // the first message has been received
}

func (s *guardedStream) RecvMsg(m any) error {
	if !s.first {
		err := s.ServerStream.RecvMsg(m)
		s.first = true
		s.ctx.received()
		return err
	}
	if !s.ctx.slots.acquire() {
		return errTooManyReceiving
	}
	defer s.ctx.slots.release()
	timer := time.AfterFunc(s.guard.timeout, func() { s.ctx.cancel(errReceiveTimeout) })
	defer timer.Stop()
	return s.ServerStream.RecvMsg(m)
}
