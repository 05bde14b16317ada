package server

import (
	"context"
	"errors"
	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
)

// referenceDate reads a request's referenceDate, defaulting to today in
// Europe/Paris.
func (d *deps) referenceDate(v *checks.Violations, value string) civil.Date {
	if ref, ok := checks.ParseDate(v, "referenceDate", value, false); ok {
		return ref
	}
	return civil.FromTime(d.today())
}

// policy resolves the inline policy or the named one.
func (d *deps) policy(v *checks.Violations, inline *idcontrolv1.Policy, id string) policy.Effective {
	p, err := d.policies.Lookup(inline, id)
	var refused checks.Violations
	switch {
	case errors.As(err, &refused):
		*v = append(*v, refused...) // an inline setting looser than the operator's
	case err != nil:
		v.Add("policyId", "UNKNOWN_POLICY", "names no policy of the server's policy file")
	}
	return p
}

// inputError maps checks.Violations to INVALID_ARGUMENT; any other error is
// returned as is.
func inputError(err error) error {
	if vs, ok := err.(checks.Violations); ok {
		var bad violations
		for _, x := range vs {
			bad.add(x.Field, x.Reason, x.Description)
		}
		return bad.err()
	}
	return err
}

// logLedgerError logs a ledger failure without the attempt key, which may
// carry personal data.
func (d *deps) logLedgerError(ctx context.Context, err error) {
	if d.log != nil {
		d.log.ErrorContext(ctx, "attempt ledger failed", "error", err.Error())
	}
}
