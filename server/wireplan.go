package server

import (
	"sync"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// A wirePlan says, for one message type, which length-delimited fields
// are strings (checked as UTF-8) and which are messages (map entries
// included, walked with their own plan), by field number: the fast decode
// path checks a request's strings on the wire in one pass, without
// descriptor lookups.
type wirePlan struct {
	fields []wireField // indexed by field number; numbers past the end are neither
}

type wireField struct {
	str bool
	msg *wirePlan
}

// maxWireDepth bounds the walk; deeper requests go to protobuf-go.
const maxWireDepth = 64

var wirePlans sync.Map // protoreflect.FullName → *wirePlan

func wirePlanOf(m proto.Message) *wirePlan {
	md := m.ProtoReflect().Descriptor()
	if p, ok := wirePlans.Load(md.FullName()); ok {
		return p.(*wirePlan)
	}
	p := buildWirePlan(md, map[protoreflect.FullName]*wirePlan{})
	wirePlans.Store(md.FullName(), p)
	return p
}

// buildWirePlan makes md's plan; built holds the plans under way, so a
// message type that nests itself points at its own plan.
func buildWirePlan(md protoreflect.MessageDescriptor, built map[protoreflect.FullName]*wirePlan) *wirePlan {
	if p, ok := built[md.FullName()]; ok {
		return p
	}
	p := &wirePlan{}
	built[md.FullName()] = p
	fds := md.Fields()
	for i := range fds.Len() {
		fd := fds.Get(i)
		var f wireField
		switch fd.Kind() {
		case protoreflect.StringKind:
			f.str = true
		case protoreflect.MessageKind:
			f.msg = buildWirePlan(fd.Message(), built)
		default:
			continue
		}
		n := int(fd.Number())
		if n >= len(p.fields) {
			p.fields = append(p.fields, make([]wireField, n+1-len(p.fields))...)
		}
		p.fields[n] = f
	}
	return p
}

// validStrings reports whether b is well-formed protobuf wire whose string
// fields, at every depth, are UTF-8. False sends the request to
// protobuf-go, which decides.
func validStrings(b []byte, p *wirePlan, depth int) bool {
	if depth > maxWireDepth {
		return false
	}
	for len(b) > 0 {
		var num protowire.Number
		var typ protowire.Type
		if b[0] < 0x80 && b[0]>>3 != 0 { // the usual one-byte tag
			num, typ = protowire.Number(b[0]>>3), protowire.Type(b[0]&7)
			b = b[1:]
		} else {
			var n int
			if num, typ, n = protowire.ConsumeTag(b); n < 0 {
				return false
			}
			b = b[n:]
		}
		if typ != protowire.BytesType {
			n := protowire.ConsumeFieldValue(num, typ, b)
			if n < 0 {
				return false
			}
			b = b[n:]
			continue
		}
		var v []byte
		if len(b) > 0 && b[0] < 0x80 && int(b[0]) < len(b) { // the usual one-byte length
			v, b = b[1:1+b[0]], b[1+b[0]:]
		} else {
			var n int
			if v, n = protowire.ConsumeBytes(b); n < 0 {
				return false
			}
			b = b[n:]
		}
		if int(num) >= len(p.fields) {
			continue
		}
		switch f := p.fields[num]; {
		case f.str:
			if !utf8.Valid(v) {
				return false
			}
		case f.msg != nil:
			if !validStrings(v, f.msg, depth+1) {
				return false
			}
		}
	}
	return true
}
