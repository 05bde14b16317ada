package server

import (
	"context"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/clientfile"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
)

func (s *controlServer) CheckClientFile(_ context.Context, req *idcontrolv1.CheckClientFileRequest) (*idcontrolv1.CheckClientFileResponse, error) {
	var v checks.Violations
	ref := s.deps.referenceDate(&v, req.GetReferenceDate())
	pol := s.deps.policy(&v, req.GetPolicy(), req.GetPolicyId())
	if err := v.Err(); err != nil {
		return nil, inputError(err)
	}
	resp, err := clientfile.Check(req, pol, ref, s.deps.trust)
	if err != nil {
		return nil, inputError(err)
	}
	return resp, nil
}
