package server

import (
	"context"
	"log/slog"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"buf.build/go/protovalidate"
	"github.com/idcontrol/idcontrol/ledger"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	v1pb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	v1alphapb "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
)

// startTCPServer serves on 127.0.0.1:0 as `make run` does, for clients
// (reflection, grpcurl) that dial a real address.
func startTCPServer(t *testing.T) *grpc.ClientConn {
	t.Helper()
	led, err := ledger.OpenBolt(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	store, err := policy.Load("")
	if err != nil {
		t.Fatal(err)
	}
	v, err := protovalidate.New()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	d := &deps{policies: store, ledger: led, today: time.Now, log: log}
	srv := newServer(Defaults(), log, v, d)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, lis) }()
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn.Close()
		cancel()
		<-done
	})
	return conn
}

// describe asks the reflection service, as grpcurl does, for the file
// defining symbol and its imports, and builds them into a registry.
func describe(t *testing.T, conn *grpc.ClientConn, v1alpha bool, symbol string) protoreflect.Descriptor {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var raw [][]byte
	if v1alpha {
		stream, err := v1alphapb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := stream.Send(&v1alphapb.ServerReflectionRequest{MessageRequest: &v1alphapb.ServerReflectionRequest_FileContainingSymbol{FileContainingSymbol: symbol}}); err != nil {
			t.Fatal(err)
		}
		resp, err := stream.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if e := resp.GetErrorResponse(); e != nil {
			t.Fatalf("v1alpha %s: %v", symbol, e)
		}
		raw = resp.GetFileDescriptorResponse().GetFileDescriptorProto()
	} else {
		stream, err := v1pb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := stream.Send(&v1pb.ServerReflectionRequest{MessageRequest: &v1pb.ServerReflectionRequest_FileContainingSymbol{FileContainingSymbol: symbol}}); err != nil {
			t.Fatal(err)
		}
		resp, err := stream.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if e := resp.GetErrorResponse(); e != nil {
			t.Fatalf("v1 %s: %v", symbol, e)
		}
		raw = resp.GetFileDescriptorResponse().GetFileDescriptorProto()
	}
	set := &descriptorpb.FileDescriptorSet{}
	for _, b := range raw {
		fdp := &descriptorpb.FileDescriptorProto{}
		if err := proto.Unmarshal(b, fdp); err != nil {
			t.Fatal(err)
		}
		set.File = append(set.File, fdp)
	}
	// The answer holds the file and the imports the client lacks; the
	// well-known types and buf/validate come from the test binary.
	files := new(protoregistry.Files)
	for len(set.File) > 0 {
		var rest []*descriptorpb.FileDescriptorProto
		for _, fdp := range set.File {
			fd, err := protodesc.NewFile(fdp, chain{files})
			if err != nil {
				rest = append(rest, fdp)
				continue
			}
			if err := files.RegisterFile(fd); err != nil {
				t.Fatal(err)
			}
		}
		if len(rest) == len(set.File) {
			t.Fatalf("reflection answered files that do not resolve: %d left", len(rest))
		}
		set.File = rest
	}
	d, err := files.FindDescriptorByName(protoreflect.FullName(symbol))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// chain resolves in the answer's files first, then in the test binary's.
type chain struct{ local *protoregistry.Files }

func (c chain) FindFileByPath(p string) (protoreflect.FileDescriptor, error) {
	if fd, err := c.local.FindFileByPath(p); err == nil {
		return fd, nil
	}
	return protoregistry.GlobalFiles.FindFileByPath(p)
}

func (c chain) FindDescriptorByName(n protoreflect.FullName) (protoreflect.Descriptor, error) {
	if d, err := c.local.FindDescriptorByName(n); err == nil {
		return d, nil
	}
	return protoregistry.GlobalFiles.FindDescriptorByName(n)
}

// TestReflectionServesComments: what grpcurl describe prints is the
// comment written in proto/, on a control, a message and a service, over
// v1 and v1alpha reflection.
func TestReflectionServesComments(t *testing.T) {
	t.Parallel()
	conn := startTCPServer(t)
	cases := []struct {
		symbol string
		file   string // the proto file whose text holds the comment
	}{
		{"idcontrol.v1.IdentityDocumentControls.mrz_valid", "identity.proto"},
		{"idcontrol.v1.IdentityDocumentControls", "identity.proto"},
		{"idcontrol.v1.MrzService", "mrz.proto"},
		{"idcontrol.v1.ControlService.CheckIdentityDocument", "control.proto"},
		{"idcontrol.v1.MatchFieldResponse.rule", "match.proto"},
		{"idcontrol.v1.TaxNoticeControls.doc2d_valid", "taxnotice.proto"},
		{"idcontrol.v1.SignatureService", "signature.proto"},
	}
	for _, c := range cases {
		src, err := os.ReadFile("../proto/idcontrol/v1/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		for _, v1alpha := range []bool{false, true} {
			d := describe(t, conn, v1alpha, c.symbol)
			comment := d.ParentFile().SourceLocations().ByDescriptor(d).LeadingComments
			if strings.TrimSpace(comment) == "" {
				t.Errorf("%s (v1alpha %v): described without its comment", c.symbol, v1alpha)
				continue
			}
			// Each comment line, as written after "//" in the proto file.
			for _, line := range strings.Split(strings.TrimSuffix(comment, "\n"), "\n") {
				if !strings.Contains(string(src), "//"+line+"\n") {
					t.Errorf("%s: comment line %q is not in proto/idcontrol/v1/%s", c.symbol, line, c.file)
				}
			}
		}
	}
}
