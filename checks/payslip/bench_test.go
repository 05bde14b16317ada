package payslip

import (
	"testing"

	"github.com/idcontrol/idcontrol/checks/company"
	"github.com/idcontrol/idcontrol/policy"
)

// BenchmarkCheck is Check alone on the test payslip (one participant),
// without the connector and with a registry answer.
func BenchmarkCheck(b *testing.B) {
	req := base()
	pol := policy.Resolve(req.GetPolicy())
	for _, bc := range []struct {
		name string
		out  company.Outcome
	}{{"no-connector", off}, {"registry-answer", found(activeCompany())}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Check(req, pol, ref, bc.out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
