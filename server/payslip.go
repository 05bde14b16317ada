package server

import (
	"context"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/payslip"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
)

// CheckPayslip validates the request before anything is asked of the
// company registry, then runs the payslip controls with its answer.
func (s *controlServer) CheckPayslip(ctx context.Context, req *idcontrolv1.CheckPayslipRequest) (*idcontrolv1.CheckPayslipResponse, error) {
	var v checks.Violations
	ref := s.deps.referenceDate(&v, req.GetReferenceDate())
	pol := s.deps.policy(&v, req.GetPolicy(), req.GetPolicyId())
	if err := v.Err(); err != nil {
		return nil, inputError(err)
	}
	if err := payslip.Validate(req); err != nil {
		return nil, inputError(err)
	}
	id := payslip.ID(req)
	o := s.deps.lookupCompany(ctx, id, payslip.Supplied(req, id))
	resp, err := payslip.Check(req, pol, ref, o)
	if err != nil {
		return nil, inputError(err)
	}
	return resp, nil
}
