package server

import (
	"context"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/address"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
)

func (s *controlServer) CheckProofOfAddress(_ context.Context, req *idcontrolv1.CheckProofOfAddressRequest) (*idcontrolv1.CheckProofOfAddressResponse, error) {
	var v checks.Violations
	ref := s.deps.referenceDate(&v, req.GetReferenceDate())
	pol := s.deps.policy(&v, req.GetPolicy(), req.GetPolicyId())
	if err := v.Err(); err != nil {
		return nil, inputError(err)
	}
	resp, err := address.CheckProofOfAddress(req, pol, ref)
	if err != nil {
		return nil, inputError(err)
	}
	return resp, nil
}

func (s *controlServer) CheckSupportingDocument(_ context.Context, req *idcontrolv1.CheckSupportingDocumentRequest) (*idcontrolv1.CheckSupportingDocumentResponse, error) {
	var v checks.Violations
	s.deps.referenceDate(&v, req.GetReferenceDate())
	pol := s.deps.policy(&v, req.GetPolicy(), req.GetPolicyId())
	if err := v.Err(); err != nil {
		return nil, inputError(err)
	}
	resp, err := address.CheckSupportingDocument(req, pol)
	if err != nil {
		return nil, inputError(err)
	}
	return resp, nil
}
