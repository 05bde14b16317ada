package mrz

import "testing"

// TestKindOf: Doc 9303's first letters, and national practice where a
// letter means something else (Italy's identity card is C<).
func TestKindOf(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		issuer, code string
		want         DocumentKind
	}{
		{"UTO", "P", KindPassport},
		{"FRA", "P", KindPassport},
		{"D<<", "PP", KindPassport},
		{"UTO", "I", KindIDCard},
		{"FRA", "ID", KindIDCard},
		{"D", "ID", KindIDCard},
		{"BEL", "ID", KindIDCard},
		{"FRA", "IR", KindResidencePermit},
		{"D", "AR", KindResidencePermit},
		{"ITA", "C", KindIDCard},
		{"ITA", "C<", KindIDCard},
		{"ESP", "C<", KindResidencePermit},
		{"UTO", "AC", KindCrewMemberCertificate},
		{"UTO", "V", KindVisa},
		{"UTO", "VD", KindVisa},
		{"UTO", "X", KindUnknown},
		{"UTO", "", KindUnknown},
		{"UTO", "IDX", KindUnknown},
	} {
		if got := KindOf(c.issuer, c.code); got != c.want {
			t.Errorf("KindOf(%q, %q) = %q, want %q", c.issuer, c.code, got, c.want)
		}
	}
}
