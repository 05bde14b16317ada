package server

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"buf.build/go/protovalidate"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ledger"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// BenchmarkRPCPathRegistry measures CheckPayslip (one participant, the
// README example) and CheckLegalEntity server-side as BenchmarkRPCPath
// does — decode, interceptor chain, handler, encode — without the
// connector and with a warm registry cache, beside Health/Check as the
// floor.
func BenchmarkRPCPathRegistry(b *testing.B) {
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
	today := func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }
	cfg := Defaults()
	chain := chainUnary(interceptors(log, v, cfg))
	c := newCodec()
	sd := decodeErrors(idcontrolv1.ControlService_ServiceDesc)

	off := &deps{policies: store, ledger: led, log: log, today: today}
	var calls atomic.Int64
	warmCfg := cfg
	warmCfg.RegistryURL = openRegistryB(b, &calls)
	warm := &deps{policies: store, ledger: led, log: log, today: today, registry: newRegistry(warmCfg)}

	payslipWire := exampleWire(b, "ControlService.CheckPayslip.reference-example.json", &idcontrolv1.CheckPayslipRequest{})
	legalWire := exampleWire(b, "ControlService.CheckLegalEntity.siret.json", &idcontrolv1.CheckLegalEntityRequest{})
	// Warm the cache once per number.
	if _, err := warm.registry.Lookup(context.Background(), "81234567600009"); err != nil {
		b.Fatal(err)
	}
	if _, err := warm.registry.Lookup(context.Background(), "81234567600017"); err != nil {
		b.Fatal(err)
	}
	method := func(name string) *grpc.MethodDesc {
		for i := range sd.Methods {
			if sd.Methods[i].MethodName == name {
				return &sd.Methods[i]
			}
		}
		b.Fatalf("no method %s", name)
		return nil
	}
	cases := []struct {
		name string
		md   *grpc.MethodDesc
		srv  any
		wire []byte
	}{
		{"CheckPayslip/no-connector", method("CheckPayslip"), &controlServer{deps: off}, payslipWire},
		{"CheckPayslip/warm-cache", method("CheckPayslip"), &controlServer{deps: warm}, payslipWire},
		{"CheckLegalEntity/no-connector", method("CheckLegalEntity"), &controlServer{deps: off}, legalWire},
		{"CheckLegalEntity/warm-cache", method("CheckLegalEntity"), &controlServer{deps: warm}, legalWire},
		{"Health/Check", &healthpb.Health_ServiceDesc.Methods[0], health.NewServer(), nil},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			// CPU time as well as wall time: on a machine shared with
			// other builds, wall time measures the neighbours too.
			start := cpuTime()
			benchHandler(b, bc.md, bc.srv, c, bc.wire, chain)
			b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
	if n := calls.Load(); n != 2 {
		b.Errorf("%d registry calls, want the 2 of the warm-up", n)
	}
}

// cpuTime is the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func exampleWire(b *testing.B, file string, m proto.Message) []byte {
	raw, err := os.ReadFile(filepath.Join("..", "examples", file))
	if err != nil {
		b.Fatal(err)
	}
	if err := protojson.Unmarshal(raw, m); err != nil {
		b.Fatal(err)
	}
	wire, err := proto.Marshal(m)
	if err != nil {
		b.Fatal(err)
	}
	return wire
}
