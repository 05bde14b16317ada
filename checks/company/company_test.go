package company

import (
	"context"
	"errors"
	"testing"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/registry"
)

func TestParseID(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in                     string
		given, format, siret   bool
		sirenValid, siretValid bool
		key                    string
	}{
		{"", false, false, false, false, false, ""},
		{"812 345 676", true, true, false, true, false, "812345676"},
		{"812.345.676-00009", true, true, true, true, true, "81234567600009"},
		{"81234567600008", true, true, true, true, false, "812345676"}, // SIRET key wrong: ask for the SIREN
		{"812345677", true, true, false, false, false, ""},
		{"1234567890", true, false, false, false, false, ""},
		{"81234567A", true, false, false, false, false, ""},
		// La Poste: the head office is Luhn-valid, the others use the digit sum.
		{"35600000000048", true, true, true, true, true, "35600000000048"},
		{"35600000000001", true, true, true, true, true, "35600000000001"},
		{"35600000000002", true, true, true, true, false, "356000000"},
	}
	for _, tc := range cases {
		id := ParseID(tc.in)
		if id.Given != tc.given || id.FormatOK != tc.format || id.IsSIRET != tc.siret || id.SIREN.Valid != tc.sirenValid ||
			id.SIRET.Valid != tc.siretValid || id.LookupKey() != tc.key {
			t.Errorf("ParseID(%q) = %+v, key %q", tc.in, id, id.LookupKey())
		}
	}
}

type fakeLooker struct {
	c     *registry.Company
	err   error
	calls int
}

func (f *fakeLooker) Lookup(context.Context, string) (*registry.Company, error) {
	f.calls++
	return f.c, f.err
}

func TestLookupOutcomes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	valid := ParseID("81234567600009")
	if o := Lookup(ctx, nil, valid, nil); !o.Off || o.Requested {
		t.Errorf("no connector: %+v", o)
	}
	f := &fakeLooker{}
	if o := Lookup(ctx, f, ParseID("812345677"), nil); o.Requested || f.calls != 0 {
		t.Errorf("invalid number: %+v, %d calls", o, f.calls)
	}
	f = &fakeLooker{err: &registry.NotFoundError{Source: "sirene", Authoritative: true}}
	if o := Lookup(ctx, f, valid, nil); !o.Requested || !o.NotFound || !o.Authoritative || o.Err != nil {
		t.Errorf("not found: %+v", o)
	}
	f = &fakeLooker{err: &registry.UpstreamError{Source: "sirene", Status: 500, Reason: "x"}}
	o := Lookup(ctx, f, valid, nil)
	if !o.Requested || o.Err == nil || o.NotFound {
		t.Errorf("failure: %+v", o)
	}
	var fs checks.Findings
	req, failed := ConnectorControls(o, &fs)
	if !*req || !*failed {
		t.Errorf("failure: requested %v failed %v", *req, *failed)
	}
	// A failure never decides a state.
	if a := CompanyAlive(o, &fs); a != nil {
		t.Errorf("companyAlive = %v on a failure", *a)
	}
	if a := CompanyOfficeAlive(valid, o, &fs); a != nil {
		t.Errorf("companyOfficeAlive = %v on a failure", *a)
	}
	if !errors.As(o.Err, new(*registry.UpstreamError)) {
		t.Error("the error lost its type")
	}
}
