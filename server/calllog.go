package server

import (
	"context"
	"log/slog"
	"time"

	mw "github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/logging"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
)

// callLog is the call log: go-grpc-middleware's logging interceptor, one
// line per finished call, skipped when slog would drop that line.
//
// The middleware builds the line's fields (a map, a dozen strings, the
// peer address) before it asks the logger, so a server at --log-level warn
// still paid for a line per successful call: 15 % of CheckIdentityDocument's
// handler time in a CPU profile under ghz. When info lines are off, the
// handler runs alone, and only a failure logged at its code's level is
// written, by replaying the finished call through the middleware with the
// start time and duration measured around the real one, so the line holds
// the same fields either way.
func callLog(log *slog.Logger) grpc.UnaryServerInterceptor {
	opts := []logging.Option{
		logging.WithLogOnEvents(logging.FinishCall),
		logging.WithDurationField(logging.DurationToDurationField),
		logging.WithErrorFields(errorFields),
	}
	full := logging.UnaryServerInterceptor(slogAdapter(log), opts...)
	// The fields from the context come first and win over the replay's own
	// start time and duration (reportable and PostCall append uniquely).
	replay := logging.UnaryServerInterceptor(slogAdapter(log), append(opts,
		logging.WithFieldsFromContextAndCallMeta(func(ctx context.Context, _ mw.CallMeta) logging.Fields {
			if r, ok := ctx.Value(finishedCallKey{}).(finishedCall); ok {
				return logging.Fields{"grpc.start_time", r.start.Format(time.RFC3339), "grpc.duration", r.elapsed.String()}
			}
			return nil
		}))...)
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if log.Enabled(ctx, slog.LevelInfo) {
			return full(ctx, req, info, handler)
		}
		start := time.Now()
		resp, err := handler(ctx, req)
		// The middleware's default level for a code (OK is info).
		if err == nil || !log.Enabled(ctx, slog.Level(logging.DefaultServerCodeToLevel(status.Code(err)))) {
			return resp, err
		}
		done := context.WithValue(ctx, finishedCallKey{}, finishedCall{start: start, elapsed: time.Since(start)})
		return replay(done, req, info, func(context.Context, any) (any, error) { return resp, err })
	}
}

type finishedCallKey struct{}

type finishedCall struct {
	start   time.Time
	elapsed time.Duration
}
