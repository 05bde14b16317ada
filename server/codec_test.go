package server

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

func TestLocateDecodeError(t *testing.T) {
	t.Parallel()
	md := (&idcontrolv1.CheckIdentityDocumentRequest{}).ProtoReflect().Descriptor()
	// document{data{mrz{line2: "\xff"}}}
	mrz := protowire.AppendBytes(protowire.AppendTag(nil, 2, protowire.BytesType), []byte{0xff})
	data := protowire.AppendBytes(protowire.AppendTag(nil, 2, protowire.BytesType), mrz)
	doc := protowire.AppendBytes(protowire.AppendTag(nil, 4, protowire.BytesType), data)
	req := protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), doc)
	field, reason := locateDecodeError(req, md, "")
	if field != "document.data.mrz.line2" || reason == "" {
		t.Fatalf("got %q %q", field, reason)
	}
	// Truncated bytes.
	field, reason = locateDecodeError(req[:len(req)-2], md, "")
	if field != "document" || reason == "" {
		t.Fatalf("truncated: got %q %q", field, reason)
	}
}

// FuzzDecode: any bytes either decode or are located without a panic.
func FuzzDecode(f *testing.F) {
	ok, _ := proto.Marshal(&idcontrolv1.ParseMrzRequest{Lines: []string{"A", "B"}, ReferenceDate: "2026-01-01"})
	f.Add(ok)
	f.Add([]byte{0x0a, 0x02, 0xff, 0xfe})
	f.Add([]byte{0x0a, 0xff})
	md := (&idcontrolv1.CheckIdentityDocumentRequest{}).ProtoReflect().Descriptor()
	f.Fuzz(func(t *testing.T, b []byte) {
		m := &idcontrolv1.CheckIdentityDocumentRequest{}
		if err := proto.Unmarshal(b, m); err != nil {
			locateDecodeError(b, md, "")
		}
	})
}

// ownMessages lists every message type of our services' package.
func ownMessages(t testing.TB) []protoreflect.MessageType {
	t.Helper()
	var out []protoreflect.MessageType
	protoregistry.GlobalTypes.RangeMessages(func(mt protoreflect.MessageType) bool {
		if strings.HasPrefix(string(mt.Descriptor().FullName()), ownPackage) {
			out = append(out, mt)
		}
		return true
	})
	if len(out) < 50 {
		t.Fatalf("only %d messages in %s", len(out), ownPackage)
	}
	return out
}

// Every message of ours has vtprotobuf's decoder and encoder: a type
// without them would quietly take the slow path.
func TestEveryOwnMessageHasTheFastCodec(t *testing.T) {
	t.Parallel()
	for _, mt := range ownMessages(t) {
		if _, ok := mt.New().Interface().(vtMessage); !ok {
			t.Errorf("%s has no vtprotobuf methods: is protoc-gen-go-vtproto in buf.gen.yaml?", mt.Descriptor().FullName())
		}
	}
}

// fastDecode is the codec's fast path alone: ok is false when the request
// would go to protobuf-go.
func fastDecode(b []byte, m vtMessage) bool {
	return validStrings(b, wirePlanOf(m), 0) && m.UnmarshalVTUnsafe(append([]byte(nil), b...)) == nil
}

// sameMessage compares two messages' known fields by their deterministic
// encoding (which tells NaNs apart by their bits). Unknown fields are left
// out: no control reads them, and vtprotobuf drops those inside
// well-known types (a Timestamp's) where protobuf-go keeps them.
func sameMessage(t testing.TB, a, b proto.Message) bool {
	t.Helper()
	a, b = proto.Clone(a), proto.Clone(b)
	discardUnknown(a.ProtoReflect())
	discardUnknown(b.ProtoReflect())
	opts := proto.MarshalOptions{Deterministic: true}
	wa, err := opts.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := opts.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(wa, wb)
}

func discardUnknown(m protoreflect.Message) {
	m.SetUnknown(nil)
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsMap() && fd.MapValue().Message() != nil:
			v.Map().Range(func(_ protoreflect.MapKey, v protoreflect.Value) bool {
				discardUnknown(v.Message())
				return true
			})
		case fd.IsList() && fd.Message() != nil:
			for i := range v.List().Len() {
				discardUnknown(v.List().Get(i).Message())
			}
		case !fd.IsMap() && !fd.IsList() && fd.Message() != nil:
			discardUnknown(v.Message())
		}
		return true
	})
}

// The README's example requests all take the fast path, and decode to what
// protobuf-go decodes; their answers, encoded by the codec, decode back to
// themselves.
func TestCodecOnTheExamples(t *testing.T) {
	t.Parallel()
	c := newCodec()
	for _, ex := range loadExamples(t) {
		mt, err := protoregistry.GlobalTypes.FindMessageByName(ex.method.Input().FullName())
		if err != nil {
			t.Fatal(err)
		}
		wire, err := proto.Marshal(ex.request)
		if err != nil {
			t.Fatal(err)
		}
		fast := mt.New().Interface().(vtMessage)
		if !fastDecode(wire, fast) {
			t.Errorf("%s: the fast path refused a valid request", ex.name)
			continue
		}
		want := mt.New().Interface()
		if err := proto.Unmarshal(wire, want); err != nil {
			t.Fatal(err)
		}
		if !sameMessage(t, fast, want) {
			t.Errorf("%s: the fast path decoded %v, protobuf-go %v", ex.name, fast, want)
		}
		out, err := c.Marshal(fast)
		if err != nil {
			t.Fatalf("%s: %v", ex.name, err)
		}
		back := mt.New().Interface()
		if err := proto.Unmarshal(out.Materialize(), back); err != nil || !sameMessage(t, back, want) {
			t.Errorf("%s: encoded by the codec, decodes to %v (%v)", ex.name, back, err)
		}
		out.Free()
	}
}

// Strings that are not UTF-8, wherever they are (nested, repeated, a map
// key), keep the fast path off, and the request is refused naming the
// field, as protobuf-go would.
func TestFastPathChecksUTF8(t *testing.T) {
	t.Parallel()
	cases := []struct {
		m     func(s string) vtMessage
		field string
	}{
		{func(s string) vtMessage { return &idcontrolv1.ParseMrzRequest{Lines: []string{"OK", s}} }, "lines[1]"},
		{func(s string) vtMessage {
			return &idcontrolv1.CheckIdentityDocumentRequest{Document: &idcontrolv1.Document{Type: s}}
		}, "document.type"},
		{func(s string) vtMessage {
			return &idcontrolv1.CheckIdentityDocumentRequest{Policy: &idcontrolv1.Policy{MaxDocumentAgeDays: map[string]int32{s: 1}}}
		}, "policy.maxDocumentAgeDays"},
	}
	c := newCodec()
	for _, tc := range cases {
		// protobuf-go will not write invalid UTF-8: write a placeholder of
		// the same length and swap its bytes.
		wire, err := proto.Marshal(tc.m("@@"))
		if err != nil {
			t.Fatal(err)
		}
		wire = bytes.Replace(wire, []byte("@@"), []byte("\xc3("), 1) // a lead byte without its continuation
		if fastDecode(wire, tc.m("")) {
			t.Errorf("%s: the fast path took invalid UTF-8", tc.field)
		}
		got := tc.m("")
		proto.Reset(got)
		if err := c.Unmarshal(mem.BufferSlice{mem.SliceBuffer(wire)}, got); err != nil {
			t.Fatal(err)
		}
		f, parked := undecodable.LoadAndDelete(got)
		if !parked || !strings.HasPrefix(f.(decodeFailure).field, tc.field) {
			t.Errorf("%s: parked %v %v", tc.field, parked, f)
		}
	}
}

// FuzzFastDecode: whatever the bytes, a request the fast path takes is one
// protobuf-go takes too, decoded the same; and an answer the codec encodes
// decodes back to itself.
func FuzzFastDecode(f *testing.F) {
	types := ownMessages(f)
	for _, p := range []string{"../examples/*.json"} {
		files, _ := filepath.Glob(p)
		for _, file := range files {
			raw, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			for i, mt := range types {
				m := mt.New().Interface()
				if protojson.Unmarshal(raw, m) == nil {
					wire, _ := proto.Marshal(m)
					f.Add(uint16(i), wire)
				}
			}
		}
	}
	c := newCodec()
	f.Fuzz(func(t *testing.T, which uint16, b []byte) {
		mt := types[int(which)%len(types)]
		fast := mt.New().Interface().(vtMessage)
		slow := mt.New().Interface()
		slowErr := proto.Unmarshal(b, slow)
		if fastDecode(b, fast) {
			if slowErr != nil {
				t.Fatalf("%s: the fast path took what protobuf-go refuses (%v)", mt.Descriptor().FullName(), slowErr)
			}
			if !sameMessage(t, fast, slow) {
				t.Fatalf("%s: fast %v, protobuf-go %v", mt.Descriptor().FullName(), fast, slow)
			}
		}
		if slowErr != nil {
			return
		}
		out, err := c.Marshal(slow)
		if err != nil {
			t.Fatal(err)
		}
		defer out.Free()
		back := mt.New().Interface()
		if err := proto.Unmarshal(out.Materialize(), back); err != nil || !sameMessage(t, back, slow) {
			t.Fatalf("%s: encoded by the codec, decodes to %v (%v), want %v", mt.Descriptor().FullName(), back, err, slow)
		}
	})
}
