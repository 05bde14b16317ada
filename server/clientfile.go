package server

import (
	"context"
	"errors"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/clientfile"
	"github.com/idcontrol/idcontrol/checks/company"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/grpc/status"
)

func (s *controlServer) CheckClientFile(ctx context.Context, req *idcontrolv1.CheckClientFileRequest) (*idcontrolv1.CheckClientFileResponse, error) {
	var v checks.Violations
	ref := s.deps.referenceDate(&v, req.GetReferenceDate())
	pol := s.deps.policy(&v, req.GetPolicy(), req.GetPolicyId())
	if err := v.Err(); err != nil {
		return nil, inputError(err)
	}
	resp, err := clientfile.Check(ctx, req, pol, ref, clientfile.Deps{
		Trust: s.deps.trust,
		LookupCompany: func(id company.ID, supplied *idcontrolv1.CompanyRecord) company.Outcome {
			return s.deps.lookupCompany(ctx, id, supplied)
		},
	})
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return nil, status.FromContextError(err).Err()
	case err != nil:
		return nil, inputError(err)
	}
	return resp, nil
}
