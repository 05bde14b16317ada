package server

import (
	"context"
	"strings"
	"testing"

	"github.com/idcontrol/idcontrol/checks"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
)

// violation returns the one field violation of err naming field.
func violation(t *testing.T, err error, field string) *errdetails.BadRequest_FieldViolation {
	t.Helper()
	for _, fv := range badRequest(t, err, field).GetFieldViolations() {
		if fv.GetField() == field {
			return fv
		}
	}
	return nil
}

// TestDateErrorsReadAlike: a date refused by its shape (the proto's rule,
// before any handler) and one refused by the calendar (the handler) give
// the same reason and the same words, never a regular expression.
func TestDateErrorsReadAlike(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	mrzClient := idcontrolv1.NewMrzServiceClient(env.conn)
	control := idcontrolv1.NewControlServiceClient(env.conn)
	lines := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}
	for _, date := range []string{"2026-02-30", "14/03/2026", "2026-3-14", "2026-03-14T00:00", "XXXX-03-14", "2026-XX-XX"} {
		_, err := mrzClient.ParseMrz(context.Background(), &idcontrolv1.ParseMrzRequest{Lines: lines, ReferenceDate: date})
		fv := violation(t, err, "referenceDate")
		if fv.GetReason() != "INVALID_DATE" || fv.GetDescription() != checks.DateWording {
			t.Errorf("referenceDate %q: %s %q, want INVALID_DATE %q", date, fv.GetReason(), fv.GetDescription(), checks.DateWording)
		}
	}
	for _, date := range []string{"1985-02-30", "14/03/1985", "1985-3-XX"} {
		_, err := control.ScoreSimilarity(context.Background(), similarityRequest(func(f *idcontrolv1.IdentityFields) { f.BirthDate = date }, ""))
		fv := violation(t, err, "declared.birthDate")
		if fv.GetReason() != "INVALID_DATE" || fv.GetDescription() != checks.PartialDateWording {
			t.Errorf("declared.birthDate %q: %s %q, want INVALID_DATE %q", date, fv.GetReason(), fv.GetDescription(), checks.PartialDateWording)
		}
	}
	// An unknown month and day are a date here.
	if _, err := control.ScoreSimilarity(context.Background(), similarityRequest(func(f *idcontrolv1.IdentityFields) { f.BirthDate = "1985-XX-XX" }, "")); err != nil {
		t.Errorf("1985-XX-XX: %v", err)
	}
}

// TestEnumErrorsNameTheValues: a MatchField without a field, or an
// identifier without a kind, says which values are accepted.
func TestEnumErrorsNameTheValues(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	control := idcontrolv1.NewControlServiceClient(env.conn)
	_, err := control.MatchField(context.Background(), &idcontrolv1.MatchFieldRequest{Declared: "DUPONT", Extracted: "DUPONT"})
	fv := violation(t, err, "field")
	want := "must be one of MATCH_FIELD_"
	if d := fv.GetDescription(); !strings.HasPrefix(d, want) || strings.Contains(d, "UNSPECIFIED") || strings.Contains(d, "[0]") {
		t.Errorf("field: %q, want the accepted values, MATCH_FIELD_UNSPECIFIED excluded", d)
	}
	for i := 1; i < idcontrolv1.MatchField(0).Descriptor().Values().Len(); i++ {
		if name := string(idcontrolv1.MatchField(0).Descriptor().Values().Get(i).Name()); !strings.Contains(fv.GetDescription(), name) {
			t.Errorf("field: %q does not name %s", fv.GetDescription(), name)
		}
	}
	// An undefined number: the same answer.
	_, err = control.MatchField(context.Background(), &idcontrolv1.MatchFieldRequest{Field: 999, Declared: "A", Extracted: "A"})
	if d := violation(t, err, "field").GetDescription(); d != fv.GetDescription() {
		t.Errorf("field 999: %q, want %q", d, fv.GetDescription())
	}
	// MatchSource accepts its zero value (the default, VIZ).
	_, err = control.MatchField(context.Background(), &idcontrolv1.MatchFieldRequest{Field: 1, Source: 999, Declared: "A", Extracted: "A"})
	if d := violation(t, err, "source").GetDescription(); !strings.Contains(d, "MATCH_SOURCE_UNSPECIFIED") || !strings.Contains(d, "MATCH_SOURCE_MRZ") {
		t.Errorf("source 999: %q, want every defined value", d)
	}
	ids := idcontrolv1.NewIdentifierServiceClient(env.conn)
	_, err = ids.ValidateIdentifiers(context.Background(), &idcontrolv1.ValidateIdentifiersRequest{Identifiers: []*idcontrolv1.Identifier{{Value: "FR76"}}})
	if d := violation(t, err, "identifiers[0].kind").GetDescription(); !strings.HasPrefix(d, "must be one of IDENTIFIER_KIND_IBAN") {
		t.Errorf("identifiers[0].kind: %q", d)
	}
}
