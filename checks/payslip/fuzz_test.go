package payslip

import (
	"testing"

	"github.com/idcontrol/idcontrol/checks/company"
	"github.com/idcontrol/idcontrol/policy"
)

// FuzzCheck: whatever OCR sends, Check answers or refuses the input; it
// never panics, and a NIR it calls valid is 13 or 15 characters.
func FuzzCheck(f *testing.F) {
	f.Add(nirFull, siret, "2020-07-01", payslipText, 1854.25, 25412.25)
	f.Add(nirKeyless, "1234567890", "", "", 0.0, -1.0)
	f.Add("2A", "SIRET 812 345 676 00009", "2020-02-30", "1 80 01 2A 123 456 NET A PAYER", 1e9, 0.0)
	f.Fuzz(func(t *testing.T, ssn, officeID, period, text string, monthly, annual float64) {
		req := base()
		dd := req.Document.DocumentDetails
		dd.Ssn, dd.LegalEntityOfficeId, dd.PeriodDate = ssn, officeID, period
		dd.MonthlyNetTaxableIncome, dd.AnnualNetTaxableIncome = &monthly, &annual
		req.Document.Text = text
		id := ID(req)
		o := company.Lookup(t.Context(), nil, id, Supplied(req, id))
		resp, err := Check(req, policy.Resolve(req.GetPolicy()), ref, o)
		if err != nil {
			return
		}
		if resp.GetControls().GetNirValid() {
			if n := readNIR(ssn, text); len(n.value) != 13 && len(n.value) != 15 {
				t.Errorf("nirValid for %q", n.value)
			}
		}
	})
}
