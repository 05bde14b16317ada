package server

import (
	"github.com/idcontrol/idcontrol/checks"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
)

// policy resolves the inline policy or the named one.
func (d *deps) policy(v *checks.Violations, inline *idcontrolv1.Policy, id string) policy.Effective {
	p, err := d.policies.Lookup(inline, id)
	if err != nil {
		v.Add("policyId", "UNKNOWN_POLICY", "names no policy of the server's policy file")
	}
	return p
}
