package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/ratelimit"
	"golang.org/x/time/rate"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
)

// clientLimiter is a token bucket per client identity, sized by the
// client's entry in --auth-config (or its defaults); calls without an
// identity (open health) and clients without a limit pass.
type clientLimiter struct {
	limits func(client string) (rate.Limit, int, bool)
	mu     sync.Mutex
	bucket map[string]*rate.Limiter
}

var _ ratelimit.Limiter = (*clientLimiter)(nil)

// retryAfter is a refusal with the delay after which a token is free.
type retryAfter time.Duration

func (r retryAfter) Error() string { return fmt.Sprintf("rate limited; retry in %v", time.Duration(r)) }

func newClientLimiter(limits func(string) (rate.Limit, int, bool)) *clientLimiter {
	return &clientLimiter{limits: limits, bucket: map[string]*rate.Limiter{}}
}

// Limit takes a token from the caller's bucket, or says how long to wait
// for one; a refused call takes nothing.
func (l *clientLimiter) Limit(ctx context.Context) error {
	id, ok := IdentityFrom(ctx)
	if !ok {
		return nil
	}
	r, burst, ok := l.limits(id.Client)
	if !ok {
		return nil
	}
	b := l.bucketOf(id.Client, r, burst)
	now := time.Now()
	res := b.ReserveN(now, 1)
	if !res.OK() {
		return retryAfter(time.Second)
	}
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return retryAfter(d)
	}
	return nil
}

// bucketOf returns the client's bucket, resized when a reload changed
// its limits (tokens already taken stay taken).
func (l *clientLimiter) bucketOf(client string, r rate.Limit, burst int) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.bucket[client]
	if b == nil {
		b = rate.NewLimiter(r, burst)
		l.bucket[client] = b
		return b
	}
	if b.Limit() != r {
		b.SetLimit(r)
	}
	if b.Burst() != burst {
		b.SetBurst(burst)
	}
	return b
}

// rateLimited is go-grpc-middleware's ratelimit interceptor but for the
// status: the middleware flattens the limiter's error into text, and a
// client needs the delay as a google.rpc.RetryInfo detail.
func rateLimited(l ratelimit.Limiter) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if err := l.Limit(ctx); err != nil {
			return nil, exhausted(err)
		}
		return handler(ctx, req)
	}
}

// rateLimitedStream is rateLimited for streams (health Watch, reflection):
// a stream takes one token when it opens.
func rateLimitedStream(l ratelimit.Limiter) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if err := l.Limit(ss.Context()); err != nil {
			return exhausted(err)
		}
		return handler(srv, ss)
	}
}

// exhausted is RESOURCE_EXHAUSTED with the retry delay, rounded up to the
// millisecond.
func exhausted(err error) error {
	d := time.Second
	var ra retryAfter
	if errors.As(err, &ra) {
		d = time.Duration(ra).Round(time.Millisecond)
		if d < time.Duration(ra) || d == 0 {
			d += time.Millisecond
		}
	}
	st, derr := status.New(codes.ResourceExhausted, "rate limit exceeded").
		WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(d)})
	if derr != nil {
		return status.Error(codes.ResourceExhausted, "rate limit exceeded")
	}
	return st.Err()
}

// limit is a client's bucket: its own rate, else the defaults; false when
// neither sets one. A burst left unset is a second's worth of calls.
func (st *authState) limit(client string) (rate.Limit, int, bool) {
	c := st.clients[client]
	if c == nil {
		return 0, 0, false
	}
	r, b := c.RatePerSecond, c.Burst
	if r == 0 {
		r = st.defRate
		if b == 0 {
			b = st.defBurst
		}
	}
	if r == 0 {
		return 0, 0, false
	}
	if b == 0 {
		b = max(1, int(math.Ceil(r)))
	}
	return rate.Limit(r), b, true
}
