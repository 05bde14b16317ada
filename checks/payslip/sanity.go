package payslip

import (
	"fmt"

	"github.com/idcontrol/idcontrol/civil"
)

// Payroll tolerance of the income check (incomesConsistent).
//
// Amounts on a payslip are printed to the cent, and the annual amount is
// the sum of up to twelve printed monthly amounts: a rounding tolerance of
// one cent per month. Beyond twelve months' worth, French pay commonly adds
// up to two further monthly amounts a year — a 13th-month bonus (set by
// many collective agreements) and a holiday or year-end bonus — and
// overtime and variable pay move a month by about a tenth. So the annual
// amount can be at most (12 + 2) monthly amounts plus 10 %.
const (
	roundingPerMonth = 0.01
	extraMonthlyPays = 2
	variableShare    = 0.10
)

// sanity reports what a payroll check would refuse; each is a finding,
// never a control and never a silent pass.
func (s *state) sanity() {
	if s.hasPeriod && s.ref.Before(s.period) {
		s.f.Add("periodDate", "", "PERIOD_IN_FUTURE", "The pay period starts after the reference date.")
	}
	if s.hasSen && s.hasPeriod && lastDayOfMonth(s.period).Before(s.seniority) {
		// A start within the period's month is ordinary (a first, partial month).
		s.f.Add("seniorityDate", "", "SENIORITY_AFTER_PERIOD", "The employee's start date is after the pay period.")
	}
	if s.hasSen && s.ref.Before(s.seniority) {
		s.f.Add("seniorityDate", "", "SENIORITY_IN_FUTURE", "The employee's start date is after the reference date.")
	}
	s.incomesConsistent()
}

func lastDayOfMonth(d civil.Date) civil.Date {
	return civil.Date{Year: d.Year, Month: d.Month, Day: civil.DaysIn(d.Year, d.Month)}
}

// incomesConsistent: the monthly and annual net taxable incomes can go
// together. The annual amount includes the month, so it is at least the
// monthly one (less rounding); it covers at most twelve months plus the
// usual annual bonuses, so it is at most (12 + 2) × monthly × 1.10 (see
// the tolerance above). A month far below the others (unpaid leave, a
// partial month) can exceed the upper bound honestly: the finding says so.
func (s *state) incomesConsistent() {
	const ctl = "netTaxableIncome"
	if s.dd == nil || s.dd.MonthlyNetTaxableIncome == nil || s.dd.AnnualNetTaxableIncome == nil {
		return
	}
	m, a := s.dd.MonthlyNetTaxableIncome, s.dd.AnnualNetTaxableIncome
	if *m <= 0 || *a <= 0 {
		s.f.Add(ctl, "", "INCOME_NOT_POSITIVE", "A net taxable income on the payslip is zero or negative.")
		return
	}
	rounding := 12 * roundingPerMonth
	if *a < *m-rounding {
		s.f.Add(ctl, "", "ANNUAL_BELOW_MONTHLY", "The annual net taxable income is below the monthly one, which it includes.")
		return
	}
	if ceiling := *m*(12+extraMonthlyPays)*(1+variableShare) + rounding; *a > ceiling {
		s.f.Add(ctl, "", "ANNUAL_ABOVE_TWELVE_MONTHS", fmt.Sprintf(
			"The annual net taxable income is %.1f times the monthly one: more than twelve months plus two bonus months and %d %% of variable pay, unless this month is unusually low.",
			*a / *m, int(variableShare*100)))
	}
}
