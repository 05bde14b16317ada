package server

import (
	"context"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/legalentity"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
)

// CheckLegalEntity validates the request before anything is asked of the
// company registry, then runs the legal-entity controls with its answer
// (or with the registry data the caller supplied).
func (s *controlServer) CheckLegalEntity(ctx context.Context, req *idcontrolv1.CheckLegalEntityRequest) (*idcontrolv1.CheckLegalEntityResponse, error) {
	var v checks.Violations
	s.deps.referenceDate(&v, req.GetReferenceDate())
	s.deps.policy(&v, req.GetPolicy(), req.GetPolicyId())
	if err := v.Err(); err != nil {
		return nil, inputError(err)
	}
	if err := legalentity.Validate(req); err != nil {
		return nil, inputError(err)
	}
	o := s.deps.lookupCompany(ctx, legalentity.ID(req), legalentity.Supplied(req))
	resp, err := legalentity.Check(req, o)
	if err != nil {
		return nil, inputError(err)
	}
	return resp, nil
}
