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

// BenchmarkClientFile10 measures the figure: a 10-document client
// file server-side without connectors (target ≤ 300 µs), as BenchmarkRPCPath
// does (codec, the interceptor chain, handler, encode). The file is one
// participant's: the coherence example's identity card, payslip, tax
// notice, RIB and invoice, then the every-family example's tax notice with
// its 2D-Doc, RIB and invoice, and the payslip and invoice again.
func BenchmarkClientFile10(b *testing.B) {
	load := func(name string) *idcontrolv1.CheckClientFileRequest {
		raw, err := os.ReadFile(filepath.Join("..", "examples", name))
		if err != nil {
			b.Fatal(err)
		}
		req := &idcontrolv1.CheckClientFileRequest{}
		if err := protojson.Unmarshal(raw, req); err != nil {
			b.Fatal(err)
		}
		return req
	}
	req := load("ControlService.CheckClientFile.coherence.json")
	other := load("ControlService.CheckClientFile.every-family.json").GetDocuments()
	own := req.GetDocuments()
	req.Documents = append(req.Documents, other[1], other[2], other[3], proto.CloneOf(own[1]), proto.CloneOf(own[4]))
	if len(req.Documents) != 10 {
		b.Fatalf("%d documents", len(req.Documents))
	}
	wire, err := proto.Marshal(req)
	if err != nil {
		b.Fatal(err)
	}
	store, _ := policy.Load("")
	v, err := protovalidate.New()
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	d := &deps{policies: store, log: log, today: func() time.Time { return time.Date(2024, 4, 1, 12, 0, 0, 0, time.UTC) }}
	sd := decodeErrors(idcontrolv1.ControlService_ServiceDesc)
	var md *grpc.MethodDesc
	for i := range sd.Methods {
		if sd.Methods[i].MethodName == "CheckClientFile" {
			md = &sd.Methods[i]
		}
	}
	benchHandler(b, md, &controlServer{deps: d}, newCodec(), wire, chainUnary(interceptors(log, v, Defaults())))
}
