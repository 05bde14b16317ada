package server

import (
	"context"
	"io"
	"log/slog"
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
	"google.golang.org/grpc/metadata"
)

// BenchmarkRPCPathProduction is BenchmarkRPCPath's chain beside the same
// chain with issue 14's interceptors (metrics with control outcomes, API
// key authentication, a rate limit that never refuses): the ratio is what
// they cost per call, without the network or TLS.
func BenchmarkRPCPathProduction(b *testing.B) {
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
	cfgPath := filepath.Join(b.TempDir(), "auth.json")
	writeJSON(b, cfgPath, authFile{Clients: []clientConf{{ID: "alpha", APIKeysSHA256: []string{keyHash("bench-key")}, RatePerSecond: 1e9, Burst: 1e9}}})
	cfg.AuthConfig, cfg.MetricsListen = cfgPath, "127.0.0.1:0"
	ext, err := newProduction(cfg, log)
	if err != nil {
		b.Fatal(err)
	}
	plain := chainUnary(interceptors(log, v, cfg))
	full := chainUnary(ext.unaryChain(interceptors(log, v, cfg)))
	ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs(apiKeyHeader, "bench-key"))
	c := newCodec()
	cases := []struct {
		name string
		sd   *grpc.ServiceDesc
		srv  any
		wire []byte
	}{
		{"CheckIdentityDocument", decodeErrors(idcontrolv1.ControlService_ServiceDesc), &controlServer{deps: d}, benchIdentityRequest(b)},
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
		}{{"chain", plain}, {"production", full}} {
			b.Run(bc.name+"/"+ic.name, func(b *testing.B) {
				dec := func(m any) error { return c.Unmarshal(mem.BufferSlice{mem.SliceBuffer(bc.wire)}, m) }
				b.ReportAllocs()
				for b.Loop() {
					resp, err := md.Handler(bc.srv, ctx, dec, ic.chain)
					if err != nil {
						b.Fatal(err)
					}
					out, err := c.Marshal(resp)
					if err != nil {
						b.Fatal(err)
					}
					out.Free()
				}
			})
		}
	}
}
