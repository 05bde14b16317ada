package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/logging"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
)

// runCallLog sends one call through callLog at level and returns the lines
// it logged, decoded.
func runCallLog(t *testing.T, level slog.Level, err error) []map[string]any {
	t.Helper()
	var buf bytes.Buffer
	ic := callLog(slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: level})))
	info := &grpc.UnaryServerInfo{FullMethod: "/idcontrol.v1.ControlService/CheckIdentityDocument"}
	_, got := ic(context.Background(), nil, info, func(context.Context, any) (any, error) {
		time.Sleep(20 * time.Millisecond)
		return nil, err
	})
	if got != err {
		t.Fatalf("callLog returned %v, want the handler's %v", got, err)
	}
	var lines []map[string]any
	for l := range strings.Lines(buf.String()) {
		m := map[string]any{}
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		lines = append(lines, m)
	}
	return lines
}

// TestCallLogSkipsDroppedLines: at warn, a successful call logs nothing and
// a failure logged at warn or error gives the line it gives at info — same
// fields, the handler's duration, the call's start time.
func TestCallLogSkipsDroppedLines(t *testing.T) {
	t.Parallel()
	if lines := runCallLog(t, slog.LevelWarn, nil); len(lines) != 0 {
		t.Errorf("OK call at warn logged %v", lines)
	}
	if lines := runCallLog(t, slog.LevelWarn, status.Error(codes.InvalidArgument, "x")); len(lines) != 0 {
		t.Errorf("INVALID_ARGUMENT (an info line) at warn logged %v", lines)
	}
	unavailable := status.Error(codes.Unavailable, "attempt ledger unavailable")
	before := time.Now().Add(-time.Second)
	atWarn := runCallLog(t, slog.LevelWarn, unavailable)
	atInfo := runCallLog(t, slog.LevelInfo, unavailable)
	if len(atWarn) != 1 || len(atInfo) != 1 {
		t.Fatalf("UNAVAILABLE logged %d lines at warn, %d at info, want 1 and 1", len(atWarn), len(atInfo))
	}
	w, i := atWarn[0], atInfo[0]
	if k1, k2 := slices.Sorted(maps.Keys(w)), slices.Sorted(maps.Keys(i)); !slices.Equal(k1, k2) {
		t.Errorf("fields at warn %v, at info %v", k1, k2)
	}
	for _, k := range []string{"grpc.code", "grpc.method", "grpc.service", "msg", "level"} {
		if w[k] != i[k] {
			t.Errorf("%s: %v at warn, %v at info", k, w[k], i[k])
		}
	}
	if d, err := time.ParseDuration(w["grpc.duration"].(string)); err != nil || d < 20*time.Millisecond {
		t.Errorf("grpc.duration at warn %v (%v), want the handler's ≥ 20ms", w["grpc.duration"], err)
	}
	if s, err := time.Parse(time.RFC3339, w["grpc.start_time"].(string)); err != nil || s.Before(before.Truncate(time.Second)) {
		t.Errorf("grpc.start_time at warn %v (%v)", w["grpc.start_time"], err)
	}
	if _, ok := w["grpc.error"]; ok {
		t.Errorf("the status message reached the log: %v", w)
	}
}

// BenchmarkCallLogAtWarn: the call log's cost for a successful call on a
// server at --log-level warn, the middleware's interceptor alone (what
// every call paid before) beside callLog.
func BenchmarkCallLogAtWarn(b *testing.B) {
	log := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn}))
	info := &grpc.UnaryServerInfo{FullMethod: "/idcontrol.v1.ControlService/CheckIdentityDocument"}
	handler := func(context.Context, any) (any, error) { return nil, nil }
	ctx := peer.NewContext(context.Background(), &peer.Peer{Addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 50000}})
	for _, bc := range []struct {
		name string
		ic   grpc.UnaryServerInterceptor
	}{
		{"middleware", logging.UnaryServerInterceptor(slogAdapter(log), logging.WithLogOnEvents(logging.FinishCall),
			logging.WithDurationField(logging.DurationToDurationField), logging.WithErrorFields(errorFields))},
		{"callLog", callLog(log)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = bc.ic(ctx, nil, info, handler)
			}
		})
	}
}
