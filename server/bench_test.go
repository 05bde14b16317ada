package server

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"buf.build/go/protovalidate"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ledger"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// benchIdentityRequest is a TD1 card of the 2021 French model with its VIZ,
// two pages and one participant.
func benchIdentityRequest(b *testing.B) []byte {
	b.Helper()
	req := &idcontrolv1.CheckIdentityDocumentRequest{}
	raw, err := os.ReadFile(filepath.Join("testdata", "bench", "identity-td1.json"))
	if err != nil {
		b.Fatal(err)
	}
	if err := protojson.Unmarshal(raw, req); err != nil {
		b.Fatal(err)
	}
	wire, err := proto.Marshal(req)
	if err != nil {
		b.Fatal(err)
	}
	return wire
}

// BenchmarkRPCPath measures what the server does for one call without the
// network: decode with the server codec, the whole interceptor chain
// (logging, recovery, deadline, validation), the handler, encode. Health
// runs beside it as the floor, so the ratio of the two is the cost of the
// controls.
func BenchmarkRPCPath(b *testing.B) {
	led, err := ledger.OpenBolt(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { led.Close() })
	store, _ := policy.Load("")
	v, err := protovalidate.New()
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	d := &deps{policies: store, ledger: led, log: log, today: func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }}
	cfg := Defaults()
	chain := chainUnary(interceptors(log, v, cfg))
	c := newCodec()

	mrzWire, _ := proto.Marshal(&idcontrolv1.ParseMrzRequest{Lines: []string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}})
	cases := []struct {
		name string
		sd   *grpc.ServiceDesc
		srv  any
		wire []byte
	}{
		{"CheckIdentityDocument", decodeErrors(idcontrolv1.ControlService_ServiceDesc), &controlServer{deps: d}, benchIdentityRequest(b)},
		{"ParseMrz", decodeErrors(idcontrolv1.MrzService_ServiceDesc), &mrzServer{deps: d}, mrzWire},
		{"Check", &healthpb.Health_ServiceDesc, health.NewServer(), nil},
	}
	for _, bc := range cases {
		var md *grpc.MethodDesc
		for i := range bc.sd.Methods {
			if bc.sd.Methods[i].MethodName == bc.name {
				md = &bc.sd.Methods[i]
			}
		}
		for _, ic := range []struct {
			name  string
			chain grpc.UnaryServerInterceptor
		}{{"chain", chain}, {"bare", nil}} {
			b.Run(bc.name+"/"+ic.name, func(b *testing.B) {
				benchHandler(b, md, bc.srv, c, bc.wire, ic.chain)
			})
		}
	}
}

// benchHandler runs one method handler as grpc-go does: decode, the
// interceptors (none when chain is nil), the handler, encode.
func benchHandler(b *testing.B, md *grpc.MethodDesc, srv any, c codec, wire []byte, chain grpc.UnaryServerInterceptor) {
	ctx := context.Background()
	dec := func(m any) error { return c.Unmarshal(mem.BufferSlice{mem.SliceBuffer(wire)}, m) }
	b.ReportAllocs()
	for b.Loop() {
		resp, err := md.Handler(srv, ctx, dec, chain)
		if err != nil {
			b.Fatal(err)
		}
		out, err := c.Marshal(resp)
		if err != nil {
			b.Fatal(err)
		}
		out.Free()
	}
}

// chainUnary composes interceptors the way grpc.ChainUnaryInterceptor does.
func chainUnary(ics []grpc.UnaryServerInterceptor) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		next := handler
		for i := len(ics) - 1; i >= 0; i-- {
			ic, h := ics[i], next
			next = func(ctx context.Context, req any) (any, error) { return ic(ctx, req, info, h) }
		}
		return next(ctx, req)
	}
}
