package server

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/idcontrol/idcontrol/checks"
	"google.golang.org/grpc"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// grpc-go turns any decoding failure into INTERNAL and writes that status
// to the stream itself, before a handler or interceptor can change it. A
// request that is not valid protobuf (non-UTF-8 in a string field, truncated
// bytes) is the caller's fault, so for the messages of our own services the
// codec does not fail: it parks the error, naming the bad field, in
// undecodable, and decodeErrors, wrapped around every unary method handler,
// takes it out and answers INVALID_ARGUMENT with a BadRequest detail. Other
// services (health, reflection) keep grpc-go's behaviour.

const ownPackage = "idcontrol.v1."

// undecodable maps a request message (by pointer) to its decoding error
// until decodeErrors collects it, a few instructions later.
var undecodable sync.Map

type decodeFailure struct{ field, reason string }

// codec is the proto codec with errors that name the field at fault.
type codec struct{ encoding.CodecV2 }

func newCodec() codec { return codec{encoding.GetCodecV2("proto")} }

// vtMessage is what vtprotobuf generates for the messages of our own
// services (gen/…_vtproto.pb.go): a decoder and an encoder written out per
// field, without protobuf-go's reflective tables.
type vtMessage interface {
	proto.Message
	SizeVT() int
	MarshalToSizedBufferVT([]byte) (int, error)
	UnmarshalVTUnsafe([]byte) error
}

func (c codec) Unmarshal(data mem.BufferSlice, v any) error {
	if m, ok := v.(vtMessage); ok {
		// A private copy of the request: the unsafe decoder's strings
		// point into it instead of each being allocated, and nothing else
		// holds or reuses it. vtprotobuf does not check that strings are
		// UTF-8, which proto3 requires and protobuf-go enforces: the wire
		// is checked first, and any request the fast path does not take
		// whole is decoded again by protobuf-go, whose verdict stands.
		// A request string kept past the call (a cache key, say) keeps the
		// whole copy alive: keep a strings.Clone of it instead. Today
		// nothing keeps one (registry keys are rebuilt digit by digit).
		b := data.Materialize()
		if validStrings(b, wirePlanOf(m), 0) && m.UnmarshalVTUnsafe(b) == nil {
			return nil
		}
		proto.Reset(m)
		return unmarshalReporting(b, m)
	}
	buf := data.MaterializeToBuffer(mem.DefaultBufferPool())
	defer buf.Free()
	m, ok := v.(proto.Message)
	if !ok {
		return fmt.Errorf("%T is not a proto message", v)
	}
	return unmarshalReporting(buf.ReadOnlyData(), m)
}

// unmarshalReporting decodes b into m with protobuf-go; a failure in one of
// our own messages is parked for decodeErrors, naming the field.
func unmarshalReporting(b []byte, m proto.Message) error {
	err := proto.Unmarshal(b, m)
	if err == nil {
		return nil
	}
	md := m.ProtoReflect().Descriptor()
	field, reason := locateDecodeError(b, md, "")
	if !strings.HasPrefix(string(md.FullName()), ownPackage) {
		return fmt.Errorf("field %q: %s", field, reason)
	}
	proto.Reset(m)
	undecodable.Store(m, decodeFailure{field, reason})
	return nil
}

// Marshal encodes our own answers with vtprotobuf into a buffer from
// grpc's pool, which grpc frees once the answer is written: an answer costs
// no heap allocation (grpc's codec pools only answers of 1 KiB or more).
func (c codec) Marshal(v any) (mem.BufferSlice, error) {
	m, ok := v.(vtMessage)
	if !ok {
		return c.CodecV2.Marshal(v)
	}
	size := m.SizeVT()
	pool := mem.DefaultBufferPool()
	buf := pool.Get(size)
	if _, err := m.MarshalToSizedBufferVT((*buf)[:size]); err != nil {
		pool.Put(buf)
		return nil, err
	}
	return mem.BufferSlice{mem.NewBuffer(buf, pool)}, nil
}

// locateDecodeError walks the wire bytes against the message descriptor and
// returns the path of the first field that cannot be decoded.
func locateDecodeError(b []byte, md protoreflect.MessageDescriptor, prefix string) (string, string) {
	counts := map[protowire.Number]int{}
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return prefix, "the message is not valid protobuf"
		}
		b = b[n:]
		fd := md.Fields().ByNumber(num)
		name := prefix
		if fd != nil {
			name = joinPath(prefix, fd.JSONName())
			if fd.IsList() {
				name += "[" + strconv.Itoa(counts[num]) + "]"
				counts[num]++
			}
		}
		if fd != nil && typ == protowire.BytesType {
			v, n := protowire.ConsumeBytes(b)
			if n < 0 {
				return name, "the field is truncated"
			}
			switch fd.Kind() {
			case protoreflect.StringKind:
				if !utf8.Valid(v) {
					return name, "the string is not valid UTF-8"
				}
			case protoreflect.MessageKind, protoreflect.GroupKind:
				if field, reason := locateDecodeError(v, fd.Message(), name); reason != "" {
					return field, reason
				}
			}
			b = b[n:]
			continue
		}
		n = protowire.ConsumeFieldValue(num, typ, b)
		if n < 0 {
			return name, "the field is not valid protobuf"
		}
		b = b[n:]
	}
	if prefix == "" {
		return "", "the message is not valid protobuf"
	}
	return prefix, ""
}

func joinPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// decodeErrors wraps every method of sd so that a request that cannot be
// decoded is INVALID_ARGUMENT naming the field, not INTERNAL.
func decodeErrors(sd grpc.ServiceDesc) *grpc.ServiceDesc {
	methods := make([]grpc.MethodDesc, len(sd.Methods))
	for i, md := range sd.Methods {
		h := md.Handler
		md.Handler = func(srv any, ctx context.Context, dec func(any) error, ic grpc.UnaryServerInterceptor) (any, error) {
			return h(srv, ctx, func(m any) error {
				if err := dec(m); err != nil {
					return err
				}
				if f, bad := undecodable.LoadAndDelete(m); bad {
					failure := f.(decodeFailure)
					var v checks.Violations
					v.Add(failure.field, "DECODE", failure.reason)
					return invalidArgument(v)
				}
				return nil
			}, ic)
		}
		methods[i] = md
	}
	sd.Methods = methods
	return &sd
}
