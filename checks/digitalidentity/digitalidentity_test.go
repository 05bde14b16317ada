package digitalidentity

import (
	"slices"
	"strings"
	"testing"

	"github.com/idcontrol/idcontrol/fold"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name                          string
		pd                            *idcontrolv1.DigitalIdentityProviderData
		p                             *idcontrolv1.Participant
		first, birth, last, birthDate string
		verdict                       string
	}{
		{
			// The reference's example: a file without birth name nor usage
			// name differences.
			name:  "reference example, file with first and last name",
			pd:    &idcontrolv1.DigitalIdentityProviderData{GivenName: "John", FamilyName: "Doe", BirthDate: "2021-05-28"},
			p:     &idcontrolv1.Participant{FirstName: "JOHN", LastName: "DOE", BirthDate: "2021-05-28"},
			first: Matching, birth: Skipped, last: Matching, birthDate: Matching, verdict: VerdictOK,
		},
		{
			name:  "several given names, usage name",
			pd:    &idcontrolv1.DigitalIdentityProviderData{GivenName: "Marie Hélène Louise", FamilyName: "Dubois", PreferredUsername: "Martin", BirthDate: "1980-03-14"},
			p:     &idcontrolv1.Participant{FirstName: "Marie-Hélène", LastName: "Martin", BirthName: "DUBOIS", BirthDate: "1980-03-14"},
			first: Matching, birth: Matching, last: Matching, birthDate: Matching, verdict: VerdictOK,
		},
		{
			name:  "birth name differs",
			pd:    &idcontrolv1.DigitalIdentityProviderData{GivenName: "John", FamilyName: "Doe"},
			p:     &idcontrolv1.Participant{FirstName: "John", BirthName: "Smith"},
			first: Matching, birth: NotMatching, last: Skipped, birthDate: Skipped, verdict: VerdictKO,
		},
		{
			name:  "birth date differs",
			pd:    &idcontrolv1.DigitalIdentityProviderData{GivenName: "John", FamilyName: "Doe", BirthDate: "1980-03-15"},
			p:     &idcontrolv1.Participant{FirstName: "John", LastName: "Doe", BirthDate: "1980-03-14"},
			first: Matching, birth: Skipped, last: Matching, birthDate: NotMatching, verdict: VerdictKO,
		},
		{
			name:  "another first name",
			pd:    &idcontrolv1.DigitalIdentityProviderData{GivenName: "Paul", FamilyName: "Doe"},
			p:     &idcontrolv1.Participant{FirstName: "John", LastName: "Doe"},
			first: NotMatching, birth: Skipped, last: Matching, birthDate: Skipped, verdict: VerdictKO,
		},
		{
			name:  "empty client file: nothing compared, no verdict",
			pd:    &idcontrolv1.DigitalIdentityProviderData{GivenName: "John", FamilyName: "Doe", BirthDate: "1980-03-14"},
			p:     &idcontrolv1.Participant{},
			first: Skipped, birth: Skipped, last: Skipped, birthDate: Skipped, verdict: "",
		},
		{
			name:  "provider without birth date",
			pd:    &idcontrolv1.DigitalIdentityProviderData{GivenName: "John", FamilyName: "Doe"},
			p:     &idcontrolv1.Participant{FirstName: "John", LastName: "Doe", BirthDate: "1980-03-14"},
			first: Matching, birth: Skipped, last: Matching, birthDate: Skipped, verdict: VerdictOK,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			resp, err := Check(&idcontrolv1.CheckDigitalIdentityRequest{ProviderData: c.pd, Participant: c.p})
			if err != nil {
				t.Fatal(err)
			}
			ct := resp.GetControls()
			got := []string{ct.FirstName, ct.BirthName, ct.LastName, ct.BirthDate, resp.ComparisonVerdict}
			want := []string{c.first, c.birth, c.last, c.birthDate, c.verdict}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("got %q, want %q (findings %v)", got, want, resp.Findings)
			}
			for _, f := range resp.Findings {
				for _, pd := range []string{"JOHN", "DOE", "SMITH", "PAUL", "1980"} {
					if slices.Contains(fold.Words(f.Message), pd) {
						t.Errorf("finding %s says %q", f.Control, f.Message)
					}
				}
			}
		})
	}
}

func TestBadDate(t *testing.T) {
	t.Parallel()
	_, err := Check(&idcontrolv1.CheckDigitalIdentityRequest{
		ProviderData: &idcontrolv1.DigitalIdentityProviderData{BirthDate: "28/05/2021"},
		Participant:  &idcontrolv1.Participant{},
	})
	if err == nil {
		t.Error("a date that is not YYYY-MM-DD must be refused")
	}
}
