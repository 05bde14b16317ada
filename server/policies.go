package server

import (
	"errors"

	"github.com/idcontrol/idcontrol/checks"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
)

// policy resolves the inline policy or the named one.
func (d *deps) policy(v *checks.Violations, inline *idcontrolv1.Policy, id string) policy.Effective {
	p, err := d.policies.Lookup(inline, id)
	if err == nil {
		return p
	}
	// Declared after the usual case: errors.As moves its target to the
	// heap, an allocation a call without error need not pay.
	var refused checks.Violations
	if errors.As(err, &refused) {
		*v = append(*v, refused...) // an inline setting looser than the operator's
	} else {
		v.Add("policyId", "UNKNOWN_POLICY", "names no policy of the server's policy file")
	}
	return p
}
