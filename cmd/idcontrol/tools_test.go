package main

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
)

// fakeMrz answers ParseMrz with a fixed parse, to test the client side.
type fakeMrz struct {
	idcontrolv1.UnimplementedMrzServiceServer
	got []string
}

func (f *fakeMrz) ParseMrz(_ context.Context, req *idcontrolv1.ParseMrzRequest) (*idcontrolv1.ParseMrzResponse, error) {
	f.got = req.GetLines()
	return &idcontrolv1.ParseMrzResponse{
		Format: idcontrolv1.MrzFormat_MRZ_FORMAT_TD3, Valid: proto.Bool(false),
		Fields:      &idcontrolv1.MrzFields{DocumentCode: "P", LastName: "ERIKSSON"},
		CheckDigits: []*idcontrolv1.CheckDigit{{Field: "documentNumber", Expected: "6", Found: "5", Valid: proto.Bool(false)}},
	}, nil
}

func serve(t *testing.T, register func(*grpc.Server)) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer()
	register(s)
	go s.Serve(lis)
	t.Cleanup(s.Stop)
	return lis.Addr().String()
}

func TestMrz(t *testing.T) {
	t.Parallel()
	fake := &fakeMrz{}
	addr := serve(t, func(s *grpc.Server) { idcontrolv1.RegisterMrzServiceServer(s, fake) })
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"mrz", "--addr", addr, "LINE1", "LINE2"}, nil, &out, &errOut)
	if code != exitInvalid {
		t.Fatalf("exit %d, want %d: %s", code, exitInvalid, errOut.String())
	}
	if strings.Join(fake.got, "|") != "LINE1|LINE2" {
		t.Errorf("sent %q", fake.got)
	}
	for _, want := range []string{"format", "TD3", "lastName", "ERIKSSON", "check digit documentNumber", "expected 6 found 5 valid false"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if code := run(context.Background(), []string{"mrz", "--addr", addr, "ONE"}, nil, &out, &errOut); code != exitError {
		t.Errorf("one line: exit %d", code)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"validate", "--local", "iban", "FR7630006000011234567890189"}, nil, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "true") {
		t.Errorf("output:\n%s", out.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"validate", "--local", "IDENTIFIER_KIND_IBAN", "FR7630006000011234567890188"}, nil, &out, &errOut); code != exitInvalid {
		t.Errorf("a bad IBAN: exit %d", code)
	}
	if code := run(context.Background(), []string{"validate", "--local", "passport", "X"}, nil, &out, &errOut); code != exitError {
		t.Errorf("an unknown kind: exit %d", code)
	}
}
