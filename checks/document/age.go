package document

import (
	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/civil"
	"github.com/idcontrol/idcontrol/policy"
)

// MaxAgeExceeded — « le document est trop ancien (configuré dans
// l'interface de workflow) »: more days than the policy's
// maxDocumentAgeDays[family] (payslip, taxNotice, invoice, schedule,
// propertyTax, homeInsurance) passed from the document's date to the
// reference date. Absent without a date (has false), without a maximum for
// the family, or with a date after the reference date — a document from
// the future is not "not too old". One rule, one set of finding codes, for
// every family that has the control.
func MaxAgeExceeded(date civil.Date, has bool, family string, pol policy.Effective, ref civil.Date, f *checks.Findings) *bool {
	const ctl = "maxAgeExceeded"
	if !has {
		f.Add(ctl, "", "DATE_MISSING", "The document has no date to measure its age from.")
		return nil
	}
	maxDays, ok := pol.MaxDocumentAgeDays[family]
	if !ok {
		f.Add(ctl, "", "NO_MAXIMUM_AGE", "The policy sets no maxDocumentAgeDays."+family+".")
		return nil
	}
	if ref.Before(date) {
		f.Add(ctl, "", "DATE_IN_FUTURE", "The document's date is after the reference date.")
		return nil
	}
	if age := int(ref.Time().Sub(date.Time()).Hours() / 24); age > maxDays {
		f.Addf(ctl, "", "MAX_AGE_EXCEEDED", "The document is %d days old, more than the policy's %d for %s.", age, maxDays, family)
		return checks.Bool(true)
	}
	return checks.Bool(false)
}
