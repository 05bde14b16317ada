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
//     that state at once, across connections (MaxReceiving);
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

// receiveGuard bounds the requests of our own services while they are
// being received: at most cap(slots) at once, each for at most timeout.
//
// grpc-go runs the tap when a stream's headers arrive and makes the
// context it returns the stream's context (internal/transport/
// http2_server.go, operateHeaders); the reader that collects the message
// waits on that context's Done (recvBufferReader.read), so cancelling it
// ends a stalled read, answers DEADLINE_EXCEEDED and frees what was
// buffered. Once the message is decoded, decodeErrors calls received, which
// stops the timer and frees the slot: the handler then runs under the
// call's own deadline (or the default one), not this one.
//
// Health and reflection streams are not guarded: their requests are small
// and a Watch or a reflection session may rightly last; they remain bounded
// by the stream, connection and size limits.
type receiveGuard struct {
	timeout time.Duration
	slots   chan struct{}
}

func newReceiveGuard(timeout time.Duration, max int) *receiveGuard {
	return &receiveGuard{timeout: timeout, slots: make(chan struct{}, max)}
}

type receivingKey struct{}

// receivingCtx is the stream's context while its request is received.
type receivingCtx struct {
	context.Context
	received func()
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

// tap runs under the transport's lock: it must not block.
func (g *receiveGuard) tap(ctx context.Context, info *tap.Info) (context.Context, error) {
	if !strings.HasPrefix(info.FullMethodName, "/"+ownPackage) {
		return ctx, nil
	}
	select {
	case g.slots <- struct{}{}:
	default:
		return nil, status.Error(codes.ResourceExhausted, "too many requests are being received; retry later")
	}
	rctx, cancel := context.WithCancelCause(ctx)
	timer := time.AfterFunc(g.timeout, func() { cancel(errReceiveTimeout) })
	release := sync.OnceFunc(func() {
		timer.Stop()
		<-g.slots
	})
	// The slot is freed when the request is whole, or when the stream ends
	// (finished, reset by the client, or timed out) before that.
	context.AfterFunc(rctx, release)
	return &receivingCtx{Context: rctx, received: release}, nil
}

// received marks the request of ctx's stream as whole: its receive timeout
// no longer applies and its slot is freed. Streams not guarded are ignored.
func received(ctx context.Context) {
	if c, ok := ctx.Value(receivingKey{}).(*receivingCtx); ok {
		c.received()
	}
}
