package server

import (
	"slices"
	"strings"

	"github.com/idcontrol/idcontrol/checks"

	validatepb "buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate"
	"buf.build/go/protovalidate"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The protos' date rules. They are native string.pattern rules, not a
// predefined CEL rule: protovalidate evaluates a pattern in Go, and the CEL
// rule cost a third of the validation of an identity request.
const (
	datePattern        = `^([0-9]{4}-[0-9]{2}-[0-9]{2})?$`
	partialDatePattern = `^([0-9]{4}-([0-9]{2}|XX)-([0-9]{2}|XX))?$`
)

// violationWords are the reason and description a client reads for one
// protovalidate violation. protovalidate's own serve, except for:
//   - a date's pattern: "does not match regex pattern" reads as a mistake
//     beside the calendar check's words; one field, one wording whichever
//     check caught it (INVALID_DATE, checks.DateWording);
//   - enum rules: "must not be in list [0]" speaks of numbers a JSON client
//     never sends, so the answer names the values the field accepts.
func violationWords(viol *protovalidate.Violation) (reason, description string) {
	reason, description = viol.Proto.GetRuleId(), viol.Proto.GetMessage()
	fd := viol.FieldDescriptor
	if fd == nil {
		return reason, description
	}
	switch {
	case reason == "string.pattern":
		switch fieldRules(fd).GetString().GetPattern() {
		case datePattern:
			return "INVALID_DATE", checks.DateWording
		case partialDatePattern:
			return "INVALID_DATE", checks.PartialDateWording
		}
	case fd.Enum() != nil && strings.HasPrefix(reason, "enum."):
		if names := acceptedEnumValues(fd); len(names) > 0 {
			return reason, "must be one of " + strings.Join(names, ", ")
		}
	}
	return reason, description
}

// fieldRules are fd's protovalidate rules; nil without any.
func fieldRules(fd protoreflect.FieldDescriptor) *validatepb.FieldRules {
	if opts := fd.Options(); opts != nil && proto.HasExtension(opts, validatepb.E_Field) {
		if fr, ok := proto.GetExtension(opts, validatepb.E_Field).(*validatepb.FieldRules); ok {
			return fr
		}
	}
	return nil
}

// acceptedEnumValues lists the names of the values that fd's enum rules
// (in, not_in) let through, in declaration order.
func acceptedEnumValues(fd protoreflect.FieldDescriptor) []string {
	rules := fieldRules(fd).GetEnum()
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
