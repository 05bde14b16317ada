package server

import (
	"context"
	"errors"

	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/bank"
	"github.com/idcontrol/idcontrol/checks/fieldmatch"
	"github.com/idcontrol/idcontrol/checks/identity"
	"github.com/idcontrol/idcontrol/checks/similarity"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/grpc/status"
)

type controlServer struct {
	idcontrolv1.UnimplementedControlServiceServer
	deps *deps
}

var _ idcontrolv1.ControlServiceServer = (*controlServer)(nil)

func (s *controlServer) CheckIdentityDocument(_ context.Context, req *idcontrolv1.CheckIdentityDocumentRequest) (*idcontrolv1.CheckIdentityDocumentResponse, error) {
	var v checks.Violations
	ref := s.deps.referenceDate(&v, req.GetReferenceDate())
	pol := s.deps.policy(&v, req.GetPolicy(), req.GetPolicyId())
	if err := v.Err(); err != nil {
		return nil, inputError(err)
	}
	resp, err := identity.CheckWithTwoDDoc(req, pol, ref, s.deps.trust)
	if err != nil {
		return nil, inputError(err)
	}
	return resp, nil
}

func (s *controlServer) CheckBankDetails(_ context.Context, req *idcontrolv1.CheckBankDetailsRequest) (*idcontrolv1.CheckBankDetailsResponse, error) {
	var v checks.Violations
	s.deps.referenceDate(&v, req.GetReferenceDate())
	pol := s.deps.policy(&v, req.GetPolicy(), req.GetPolicyId())
	if err := v.Err(); err != nil {
		return nil, inputError(err)
	}
	resp, err := bank.Check(req, pol)
	if err != nil {
		return nil, inputError(err)
	}
	return resp, nil
}

func (s *controlServer) MatchField(_ context.Context, req *idcontrolv1.MatchFieldRequest) (*idcontrolv1.MatchFieldResponse, error) {
	d, err := fieldmatch.Match(req.GetField(), req.GetDeclared(), req.GetExtracted(), req.GetSource())
	if err != nil {
		return nil, inputError(err)
	}
	return fieldmatch.Response(d), nil
}

// ScoreSimilarity is transport only: checks/similarity validates, counts
// the attempt and scores; here its errors become statuses.
func (s *controlServer) ScoreSimilarity(ctx context.Context, req *idcontrolv1.ScoreSimilarityRequest) (*idcontrolv1.ScoreSimilarityResponse, error) {
	var v checks.Violations
	pol := s.deps.policy(&v, req.GetPolicy(), req.GetPolicyId())
	if err := v.Err(); err != nil {
		return nil, inputError(err)
	}
	resp, err := similarity.Check(ctx, req, pol, attemptsFor(ctx, s.deps.ledger))
	switch {
	case err == nil:
		return resp, nil
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return nil, status.FromContextError(err).Err()
	case errors.Is(err, similarity.ErrAttemptsUnavailable):
		s.deps.logLedgerError(ctx, err)
		return nil, unavailable("the attempt ledger")
	default:
		return nil, inputError(err)
	}
}
