package server

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	validatepb "buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate"
	"buf.build/go/protovalidate"
	"github.com/idcontrol/idcontrol/checks"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// invalidArgument is the one mapping of checks.Violations, whoever found them
// (protovalidate, the codec, a family), to INVALID_ARGUMENT with a
// google.rpc.BadRequest detail listing each bad field. The detail goes back
// to the caller as is; the status message, which is logged and shown by
// every client, names the fields with their map keys redacted
// (redactPath): a key is caller text and may be personal data.
func invalidArgument(v checks.Violations) error {
	fields := make([]string, 0, len(v))
	detail := &errdetails.BadRequest{FieldViolations: make([]*errdetails.BadRequest_FieldViolation, len(v))}
	for i, x := range v {
		if x.Field != "" {
			fields = append(fields, redactPath(x.Field))
		}
		detail.FieldViolations[i] = &errdetails.BadRequest_FieldViolation{Field: x.Field, Reason: x.Reason, Description: x.Description}
	}
	msg := "invalid request"
	if len(fields) > 0 {
		msg = "invalid request: bad " + strings.Join(fields, ", ")
	}
	st := status.New(codes.InvalidArgument, msg)
	if detailed, err := st.WithDetails(detail); err == nil {
		return detailed.Err()
	}
	return st.Err()
}

// inputError maps checks.Violations to INVALID_ARGUMENT; any other error is
// returned as is.
func inputError(err error) error {
	var vs checks.Violations
	if errors.As(err, &vs) {
		if len(vs) == 0 {
			return status.Error(codes.InvalidArgument, "invalid request")
		}
		return invalidArgument(vs)
	}
	return err
}

// redactPath replaces the string keys of a field path with "…":
// policy.similarityWeights["Jean Dupont"] becomes
// policy.similarityWeights[…]. Field names and list indexes come from the
// schema and stay.
func redactPath(path string) string {
	if !strings.Contains(path, `["`) {
		return path
	}
	var b strings.Builder
	for {
		i := strings.Index(path, `["`)
		if i < 0 {
			b.WriteString(path)
			return b.String()
		}
		b.WriteString(path[:i])
		b.WriteString("[…]")
		q, err := strconv.QuotedPrefix(path[i+1:])
		if err != nil { // not a quoted key: drop the rest rather than leak it
			return b.String()
		}
		path = strings.TrimPrefix(path[i+1+len(q):], "]")
	}
}

// fromValidationError maps protovalidate's violations to field violations,
// naming fields by their JSON names (declared.birthDate, not
// declared.birth_date) as the handlers' own violations do: one field, one
// name, whichever check caught it.
func fromValidationError(root protoreflect.MessageDescriptor, err error) (checks.Violations, bool) {
	var ve *protovalidate.ValidationError
	if !errors.As(err, &ve) {
		return nil, false
	}
	var v checks.Violations
	for _, viol := range ve.Violations {
		p := viol.Proto
		reason, description := violationWords(viol)
		v.Add(jsonFieldPath(root, p.GetField()), reason, description)
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
