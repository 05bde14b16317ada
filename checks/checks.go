// Package checks holds what every document family's controls share: input
// violations (bad input becomes INVALID_ARGUMENT with one entry per field),
// findings (why a control is false or absent) and date parsing of request
// fields. Each family lives in its own package below (checks/identity,
// checks/bank…): pure functions from a request, a resolved policy and a
// reference date to controls and findings. Nothing here imports gRPC.
package checks

import (
	"fmt"
	"strings"

	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
)

// Violation is one bad input field. Description never repeats the value:
// it may be personal data, and errors are logged.
type Violation struct {
	Field       string // path in the request, JSON names: "document.data.informations.holder.birthDate"
	Reason      string // stable UPPER_SNAKE: INVALID_DATE, UNKNOWN_VALUE…
	Description string
}

// Violations is bad input: the transport answers INVALID_ARGUMENT with one
// field violation each.
type Violations []Violation

func (v Violations) Error() string {
	fields := make([]string, len(v))
	for i, x := range v {
		fields[i] = x.Field
	}
	return "invalid fields: " + strings.Join(fields, ", ")
}

// Add records a bad field.
func (v *Violations) Add(field, reason, description string) {
	*v = append(*v, Violation{Field: field, Reason: reason, Description: description})
}

// Err returns v as an error, or nil when empty.
func (v Violations) Err() error {
	if len(v) == 0 {
		return nil
	}
	return v
}

// Findings accumulates the explanations of a response.
type Findings []*idcontrolv1.Finding

// Add records why control (its JSON name) is false or absent; owner is the
// participant uuid for per-participant controls.
func (f *Findings) Add(control, owner, code, message string) {
	*f = append(*f, &idcontrolv1.Finding{Control: control, Owner: owner, Code: code, Message: message})
}

// Addf is Add with a formatted message.
func (f *Findings) Addf(control, owner, code, format string, args ...any) {
	f.Add(control, owner, code, fmt.Sprintf(format, args...))
}

// Bool returns a pointer to b, for proto3 optional fields.
func Bool(b bool) *bool { return &b }

// The years a date of a request may have.
const minYear, maxYear = 1800, 2999

// DateWording and PartialDateWording describe a bad date, here and for the
// protos' date patterns (server/wording.go), so that a date refused by its
// shape or by the calendar reads the same.
const (
	DateWording        = "must be a calendar date written YYYY-MM-DD"
	PartialDateWording = "must be a calendar date written YYYY-MM-DD, with XX for an unknown month or day"
)

// ParseDate reads an optional YYYY-MM-DD request field. An empty value is
// no date (ok false, no violation); a malformed one is recorded in v.
// allowPartial accepts XX for an unknown month or day.
func ParseDate(v *Violations, field, value string, allowPartial bool) (civil.Date, bool) {
	if value == "" {
		return civil.Date{}, false
	}
	d, err := civil.ParseISO(value)
	if err != nil {
		if allowPartial {
			v.Add(field, "INVALID_DATE", PartialDateWording)
		} else {
			v.Add(field, "INVALID_DATE", DateWording)
		}
		return civil.Date{}, false
	}
	// Year 0001 or 9999 is an OCR or keying error, not a document's date;
	// left through it would be rendered and compared as if meant.
	if d.Year < minYear || d.Year > maxYear {
		v.Add(field, "INVALID_DATE", "must be a date between the years 1800 and 2999")
		return civil.Date{}, false
	}
	if !allowPartial && !d.Known() {
		v.Add(field, "INVALID_DATE", "must be a full calendar date written YYYY-MM-DD")
		return civil.Date{}, false
	}
	return d, true
}
