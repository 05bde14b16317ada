package server

import (
	"context"
	"flag"
	"github.com/idcontrol/idcontrol/internal/prototest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"

	_ "github.com/idcontrol/idcontrol/gen/idcontrol/v1" // registers the services
)

var update = flag.Bool("update", false, "rewrite testdata/examples/*.golden.json from the current answers")

// TestExamples sends every request of ../examples (the ones the README
// shows with grpcurl) and compares the answer with its golden, so that the
// README's examples keep working and their answers are reviewed on change.
// A file is named <Service>.<Method>.<case>.json.
func TestExamples(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	for _, ex := range loadExamples(t) {
		t.Run(ex.name, func(t *testing.T) {
			md, req := ex.method, ex.request
			resp := dynamicpb.NewMessage(md.Output())
			if err := env.conn.Invoke(context.Background(), ex.path(), req, resp); err != nil {
				t.Fatalf("%s: %v", ex.path(), err)
			}
			prototest.Golden(t, filepath.Join("testdata", "examples", ex.name+".golden.json"), resp, *update)
		})
	}
}

// example is one request of ../examples.
type example struct {
	name    string
	method  protoreflect.MethodDescriptor
	request *dynamicpb.Message
}

func (e example) path() string {
	return "/" + string(e.method.Parent().FullName()) + "/" + string(e.method.Name())
}

func loadExamples(t *testing.T) []example {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "examples", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples found: %v", err)
	}
	var out []example
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		parts := strings.SplitN(name, ".", 3)
		if len(parts) != 3 {
			t.Fatalf("%s: want <Service>.<Method>.<case>.json", file)
		}
		desc, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName("idcontrol.v1." + parts[0]))
		if err != nil {
			t.Fatalf("%s: service %s: %v", file, parts[0], err)
		}
		md := desc.(protoreflect.ServiceDescriptor).Methods().ByName(protoreflect.Name(parts[1]))
		if md == nil {
			t.Fatalf("%s: method %s not in %s", file, parts[1], parts[0])
		}
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		req := dynamicpb.NewMessage(md.Input())
		if err := protojson.Unmarshal(raw, req); err != nil {
			t.Fatalf("%s does not parse as %s: %v", file, md.Input().FullName(), err)
		}
		out = append(out, example{name: name, method: md, request: req})
	}
	return out
}

// TestLogsCarryNoPersonalDataOnAnyRPC sends every example, valid and made
// invalid, at debug level, and looks for its personal values in the log.
func TestLogsCarryNoPersonalDataOnAnyRPC(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	// Values distinctive enough not to turn up by chance (a bare "912"
	// does, in a duration or a port).
	personal := []string{
		"BERTHIER", "Berthier", "CORINNE", "Corinne", "880692310285", "1965-12-06",
		"ERIKSSON", "Eriksson", "L898902C3", "D23145890", "1974-08-12",
		"DUPONT", "Dupont", "FR76", "AGRIFRPP", "LECLERC", "Lyon", "LYON",
		"Müller", "MUELLER", "LUEDENSCHEIDT", "Paris", "PARIS", "1980-03-14", "form-7f3a9c",
		"ROUX", "1980-05-02", "form-faq-2b1d",
		"7707083893", "DEUTDEFF", "35600000000048", "+79123456789", "345-67-89",
		"RETI", "Reti", "Smith", "j.doe@example.net", "PATRICK", "Patrick", "2278012345678", "3001123456016", "JULLIARD", "X4RTBPFW4",
	}
	for _, ex := range loadExamples(t) {
		resp := dynamicpb.NewMessage(ex.method.Output())
		if err := env.conn.Invoke(context.Background(), ex.path(), ex.request, resp); err != nil {
			t.Errorf("%s: %v", ex.name, err)
		}
		// The same request with one bad field: errors are logged too.
		bad := proto.Clone(ex.request).(*dynamicpb.Message)
		if fd := bad.Descriptor().Fields().ByJSONName("referenceDate"); fd != nil {
			bad.Set(fd, protoreflect.ValueOfString("1965-12-06T00:00"))
		} else if fd := bad.Descriptor().Fields().ByJSONName("field"); fd != nil {
			bad.Set(fd, protoreflect.ValueOfEnum(0))
		} else if fd := bad.Descriptor().Fields().ByJSONName("declared"); fd != nil {
			bad.Clear(fd)
		} else if fd := bad.Descriptor().Fields().ByJSONName("identifiers"); fd != nil {
			bad.Clear(fd)
		} else if fd := bad.Descriptor().Fields().ByJSONName("raw"); fd != nil {
			bad.Clear(fd)
		} else if fd := bad.Descriptor().Fields().ByJSONName("signer"); fd != nil {
			bad.Clear(fd)
		} else if fd := bad.Descriptor().Fields().ByJSONName("payload"); fd != nil {
			bad.Clear(fd)
		} else if fd := bad.Descriptor().Fields().ByJSONName("providerData"); fd != nil {
			bad.Clear(fd)
		}
		if err := env.conn.Invoke(context.Background(), ex.path(), bad, resp); status.Code(err) != codes.InvalidArgument {
			t.Errorf("%s made invalid: %v, want INVALID_ARGUMENT", ex.name, err)
		}
	}
	logs := env.logs.String()
	if !strings.Contains(logs, "CheckIdentityDocument") || !strings.Contains(logs, "InvalidArgument") {
		t.Fatalf("the log lacks the calls:\n%s", logs)
	}
	for _, p := range personal {
		if strings.Contains(logs, p) {
			t.Errorf("personal data %q reached the log", p)
		}
	}
}
