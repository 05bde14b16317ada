package server

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"buf.build/go/protovalidate"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// BenchmarkDocumentRPCs measures the RPCs of proofs of address, supporting
// documents, digital identity and a five-document client file as BenchmarkRPCPath does (codec, the
// interceptor chain, handler, encode), on their README examples.
func BenchmarkDocumentRPCs(b *testing.B) {
	store, _ := policy.Load("")
	v, err := protovalidate.New()
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	d := &deps{policies: store, log: log, today: func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }}
	chain := chainUnary(interceptors(log, v, Defaults()))
	c := newCodec()
	sd := decodeErrors(idcontrolv1.ControlService_ServiceDesc)
	for _, bc := range []struct {
		method, example string
		req             proto.Message
	}{
		{"CheckProofOfAddress", "ControlService.CheckProofOfAddress.invoice.json", &idcontrolv1.CheckProofOfAddressRequest{}},
		{"CheckSupportingDocument", "ControlService.CheckSupportingDocument.caf-certificate.json", &idcontrolv1.CheckSupportingDocumentRequest{}},
		{"CheckDigitalIdentity", "ControlService.CheckDigitalIdentity.lin.json", &idcontrolv1.CheckDigitalIdentityRequest{}},
		{"CheckClientFile", "ControlService.CheckClientFile.proofs.json", &idcontrolv1.CheckClientFileRequest{}},
	} {
		raw, err := os.ReadFile(filepath.Join("..", "examples", bc.example))
		if err != nil {
			b.Fatal(err)
		}
		if err := protojson.Unmarshal(raw, bc.req); err != nil {
			b.Fatal(err)
		}
		wire, err := proto.Marshal(bc.req)
		if err != nil {
			b.Fatal(err)
		}
		var md *grpc.MethodDesc
		for i := range sd.Methods {
			if sd.Methods[i].MethodName == bc.method {
				md = &sd.Methods[i]
			}
		}
		b.Run(bc.method, func(b *testing.B) {
			benchHandler(b, md, &controlServer{deps: d}, c, wire, chain)
		})
	}
}
