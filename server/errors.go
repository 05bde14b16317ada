package server

import (
	"errors"
	"fmt"
	"strings"

	validatepb "buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate"
	"buf.build/go/protovalidate"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// violations collects the bad fields of one request, in the order found.
type violations []*errdetails.BadRequest_FieldViolation

// add records that field (a path such as "document.data.mrz.line1") is bad.
// description must not repeat the field's value: it may be personal data
// and statuses are logged.
func (v *violations) add(field, reason, description string) {
	*v = append(*v, &errdetails.BadRequest_FieldViolation{Field: field, Reason: reason, Description: description})
}

// err returns nil when no field is bad, else INVALID_ARGUMENT with a
// google.rpc.BadRequest detail listing each bad field.
func (v violations) err() error {
	if len(v) == 0 {
		return nil
	}
	return invalidArgument(v)
}

func invalidArgument(v violations) error {
	fields := make([]string, 0, len(v))
	for _, fv := range v {
		if fv.Field != "" {
			fields = append(fields, fv.Field)
		}
	}
	msg := "invalid request"
	if len(fields) > 0 {
		msg = "invalid request: bad " + strings.Join(fields, ", ")
	}
	st := status.New(codes.InvalidArgument, msg)
	if detailed, err := st.WithDetails(&errdetails.BadRequest{FieldViolations: v}); err == nil {
		return detailed.Err()
	}
	return st.Err()
}

// fromValidationError maps protovalidate's violations to field violations,
// naming fields by their JSON names (declared.birthDate, not
// declared.birth_date) as the handlers' own violations do: one field, one
// name, whichever check caught it.
func fromValidationError(root protoreflect.MessageDescriptor, err error) (violations, bool) {
	var ve *protovalidate.ValidationError
	if !errors.As(err, &ve) {
		return nil, false
	}
	var v violations
	for _, viol := range ve.Violations {
		p := viol.Proto
		v.add(jsonFieldPath(root, p.GetField()), p.GetRuleId(), violationDescription(viol))
	}
	return v, true
}

// jsonFieldPath renders a protovalidate field path with JSON names and
// subscripts: lines[0], policy.similarityWeights["shoeSize"].
func jsonFieldPath(md protoreflect.MessageDescriptor, path *validatepb.FieldPath) string {
	var b strings.Builder
	for _, el := range path.GetElements() {
		var fd protoreflect.FieldDescriptor
		if md != nil {
			fd = md.Fields().ByNumber(protoreflect.FieldNumber(el.GetFieldNumber()))
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		if fd != nil {
			b.WriteString(fd.JSONName())
		} else {
			b.WriteString(el.GetFieldName())
		}
		switch sub := el.GetSubscript().(type) {
		case *validatepb.FieldPathElement_Index:
			fmt.Fprintf(&b, "[%d]", sub.Index)
		case *validatepb.FieldPathElement_BoolKey:
			fmt.Fprintf(&b, "[%t]", sub.BoolKey)
		case *validatepb.FieldPathElement_IntKey:
			fmt.Fprintf(&b, "[%d]", sub.IntKey)
		case *validatepb.FieldPathElement_UintKey:
			fmt.Fprintf(&b, "[%d]", sub.UintKey)
		case *validatepb.FieldPathElement_StringKey:
			fmt.Fprintf(&b, "[%q]", sub.StringKey)
		}
		md = nil
		if fd != nil {
			if fd.IsMap() {
				fd = fd.MapValue()
			}
			if fd.Message() != nil {
				md = fd.Message()
			}
		}
	}
	return b.String()
}

// unavailable is the answer when a dependency (the attempt ledger) fails:
// never a silent pass.
func unavailable(what string) error {
	return status.Error(codes.Unavailable, fmt.Sprintf("%s is unavailable; retry later", what))
}
