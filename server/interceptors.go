package server

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"time"

	"buf.build/go/protovalidate"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/logging"
	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/recovery"
	"github.com/idcontrol/idcontrol/internal/fastvalidate"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// interceptors returns the unary chain, outermost first: the end of the
// receive timeout (unaryReceived, see limits.go), logging (one line
// per finished call: method, code, duration, peer, the paths of bad fields
// — never a payload nor a status message, see callLogFields),
// recovery (a panic becomes INTERNAL, the stack goes to the log), the
// default deadline, then validation (protovalidate rules).
// outerInterceptors is how many of interceptors' first entries run before
// authentication and rate limiting (production.unaryChain): the receive
// guard, the call log (so refused calls are logged) and recovery.
const outerInterceptors = 3

func interceptors(log *slog.Logger, v protovalidate.Validator, cfg Config) []grpc.UnaryServerInterceptor {
	return []grpc.UnaryServerInterceptor{
		unaryReceived,
		callLog(log),
		recovery.UnaryServerInterceptor(recovery.WithRecoveryHandlerContext(recoverPanic(log))),
		defaultDeadline(cfg.DefaultTimeout),
		validate(v),
	}
}

// slogAdapter lets the middleware log through slog, without its
// "grpc.error" field: that is the status message, and a message may carry
// caller text (a map key, a method name) that may be personal data.
func slogAdapter(l *slog.Logger) logging.Logger {
	return logging.LoggerFunc(func(ctx context.Context, lvl logging.Level, msg string, fields ...any) {
		l.Log(ctx, slog.Level(lvl), msg, callLogFields(fields)...)
	})
}

// callLogFields drops the status message from the middleware's key/value
// pairs.
func callLogFields(fields []any) []any {
	out := fields[:0:0]
	for i := 0; i+1 < len(fields); i += 2 {
		if k, _ := fields[i].(string); k == "grpc.error" {
			continue
		}
		out = append(out, fields[i], fields[i+1])
	}
	return out
}

// errorFields logs what of a failed call's status is ours: for
// INVALID_ARGUMENT, each bad field's path, map keys redacted, and reason.
func errorFields(err error) logging.Fields {
	st, ok := status.FromError(err)
	if !ok {
		return nil
	}
	var bad []string
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, fv := range br.GetFieldViolations() {
				bad = append(bad, redactPath(fv.GetField())+" "+fv.GetReason())
			}
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return logging.Fields{"grpc.bad_fields", bad}
}

// recoverPanic logs a panic with its stack and answers a generic INTERNAL.
// Only a runtime error's text is logged: a panic value of our own could
// carry request data.
func recoverPanic(log *slog.Logger) recovery.RecoveryHandlerFuncContext {
	return func(ctx context.Context, p any) error {
		what := fmt.Sprintf("%T", p)
		if re, ok := p.(runtime.Error); ok {
			what = re.Error()
		}
		log.ErrorContext(ctx, "panic in handler", "panic", what, "stack", string(debug.Stack()))
		return status.Error(codes.Internal, "internal error")
	}
}

// defaultDeadline gives RPCs that arrive without a deadline one of d, so no
// call can hold resources forever.
func defaultDeadline(d time.Duration) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if _, ok := ctx.Deadline(); !ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, d)
			defer cancel()
		}
		return handler(ctx, req)
	}
}

// validate rejects requests that break the proto's buf.validate rules, as
// INVALID_ARGUMENT with a BadRequest detail. Size is the transport's
// (Config.TransportLimit). The rules compiled to Go (internal/fastvalidate)
// clear a valid request without protovalidate's reflection; any other
// request — a violation, a type not compiled — is protovalidate's to judge.
func validate(v protovalidate.Validator) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		m, ok := req.(proto.Message)
		if !ok || fastvalidate.Pass(m) {
			return handler(ctx, req)
		}
		if err := v.Validate(m); err != nil {
			vs, ok := fromValidationError(m.ProtoReflect().Descriptor(), err)
			if !ok {
				return nil, status.Error(codes.Internal, "request validation failed")
			}
			return nil, inputError(vs)
		}
		return handler(ctx, req)
	}
}
