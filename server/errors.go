package server

import (
	"errors"
	"fmt"
	"strings"

	"buf.build/go/protovalidate"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
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

// fromValidationError maps protovalidate's violations to field violations.
func fromValidationError(err error) (violations, bool) {
	var ve *protovalidate.ValidationError
	if !errors.As(err, &ve) {
		return nil, false
	}
	var v violations
	for _, viol := range ve.Violations {
		p := viol.Proto
		v.add(protovalidate.FieldPathString(p.GetField()), p.GetRuleId(), p.GetMessage())
	}
	return v, true
}

// unavailable is the answer when a dependency (the attempt ledger) fails:
// never a silent pass.
func unavailable(what string) error {
	return status.Error(codes.Unavailable, fmt.Sprintf("%s is unavailable; retry later", what))
}
