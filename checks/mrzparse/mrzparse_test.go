package mrzparse

import (
	"errors"
	"testing"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
)

var ref = civil.Date{Year: 2026, Month: 11, Day: 22}

// The ICAO 9303 Part 4 specimen (Anna Maria Eriksson, Utopia).
func TestParseSpecimen(t *testing.T) {
	resp, err := Parse([]string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
	}, ref)
	if err != nil {
		t.Fatal(err)
	}
	f := resp.GetFields()
	if resp.GetFormat() != idcontrolv1.MrzFormat_MRZ_FORMAT_TD3 || !resp.GetValid() ||
		f.GetLastName() != "ERIKSSON" || f.GetDocumentNumber() != "L898902C3" ||
		f.GetBirthDate() != "1974-08-12" || f.GetSex() != "F" || f.GetExpirationDate() != "2012-04-15" {
		t.Fatalf("unexpected answer: %v", resp)
	}
	for _, cd := range resp.GetCheckDigits() {
		if !cd.GetValid() || cd.GetExpected() != cd.GetFound() {
			t.Errorf("check digit %v", cd)
		}
	}
}

// A bad check digit is an answer: valid false, a finding of mrzValid.
func TestParseBadCheckDigit(t *testing.T) {
	resp, err := Parse([]string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C37UTO7408122F1204159ZE184226B<<<<<10",
	}, ref)
	if err != nil {
		t.Fatal(err)
	}
	if resp.GetValid() || len(resp.GetFindings()) == 0 {
		t.Fatalf("want valid false with findings: %v", resp)
	}
	for _, f := range resp.GetFindings() {
		if f.GetControl() != "mrzValid" {
			t.Errorf("finding of %q, want mrzValid", f.GetControl())
		}
	}
}

// Lines that are no MRZ at all are bad input, named by field.
func TestParseFormatErrorIsViolation(t *testing.T) {
	_, err := Parse([]string{"P<UTOERIKSSON", "L898902C36UTO"}, ref)
	var v checks.Violations
	if !errors.As(err, &v) || len(v) != 1 || v[0].Field == "" || v[0].Reason == "" {
		t.Fatalf("want one violation naming the field, got %v", err)
	}
}
