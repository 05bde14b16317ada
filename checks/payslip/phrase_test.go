package payslip

import (
	"strings"
	"testing"
)

// TestHasPhrase: hasPhrase is whole-word containment, as
// strings.Contains(" "+folded+" ", " "+m+" ") is.
func TestHasPhrase(t *testing.T) {
	t.Parallel()
	texts := []string{"", "NET A PAYER", "XNET A PAYER", "NET A PAYERS", "BRUT NET A PAYER 12", "NET A NET A PAYER",
		"NET A PAYERX NET A PAYER", "SALAIRE BRUT", "NET"}
	for _, folded := range texts {
		for _, m := range []string{"NET A PAYER", "NET", "BRUT", "A", "PAYER 12"} {
			want := strings.Contains(" "+folded+" ", " "+m+" ")
			if got := hasPhrase(folded, m); got != want {
				t.Errorf("hasPhrase(%q, %q) = %v, want %v", folded, m, got, want)
			}
		}
	}
}
