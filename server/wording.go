package server

import (
	"slices"
	"strings"

	validatepb "buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate"
	"buf.build/go/protovalidate"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// violationDescription is what a client reads for one protovalidate
// violation. protovalidate's own words serve, except for enum rules: "must
// not be in list [0]" speaks of numbers a JSON client never sends, so the
// answer names the values the field accepts.
func violationDescription(viol *protovalidate.Violation) string {
	msg := viol.Proto.GetMessage()
	fd := viol.FieldDescriptor
	if fd == nil || fd.Enum() == nil || !strings.HasPrefix(viol.Proto.GetRuleId(), "enum.") {
		return msg
	}
	if names := acceptedEnumValues(fd); len(names) > 0 {
		return "must be one of " + strings.Join(names, ", ")
	}
	return msg
}

// acceptedEnumValues lists the names of the values that fd's enum rules
// (in, not_in) let through, in declaration order.
func acceptedEnumValues(fd protoreflect.FieldDescriptor) []string {
	var rules *validatepb.EnumRules
	if opts := fd.Options(); opts != nil && proto.HasExtension(opts, validatepb.E_Field) {
		if fr, ok := proto.GetExtension(opts, validatepb.E_Field).(*validatepb.FieldRules); ok {
			rules = fr.GetEnum()
		}
	}
	values := fd.Enum().Values()
	var names []string
	for i := 0; i < values.Len(); i++ {
		v := values.Get(i)
		n := int32(v.Number())
		if slices.Contains(rules.GetNotIn(), n) {
			continue
		}
		if in := rules.GetIn(); len(in) > 0 && !slices.Contains(in, n) {
			continue
		}
		names = append(names, string(v.Name()))
	}
	return names
}
