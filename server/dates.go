package server

import (
	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/civil"
)

// referenceDate reads a request's referenceDate, defaulting to today in
// Europe/Paris: the one place the controls' date comes from the clock.
func (d *deps) referenceDate(v *checks.Violations, value string) civil.Date {
	if ref, ok := checks.ParseDate(v, "referenceDate", value, false); ok {
		return ref
	}
	return civil.FromTime(d.today())
}
