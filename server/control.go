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
	resp, err := identity.Check(req, pol, ref)
	if err != nil {
		return nil, inputError(err)
	}
	identity.AddTwoDDoc(req, resp, s.deps.trust)
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

func (s *controlServer) ScoreSimilarity(ctx context.Context, req *idcontrolv1.ScoreSimilarityRequest) (*idcontrolv1.ScoreSimilarityResponse, error) {
	var v checks.Violations
	pol := s.deps.policy(&v, req.GetPolicy(), req.GetPolicyId())
	if err := v.Err(); err != nil {
		return nil, inputError(err)
	}
	if err := similarity.Validate(req.GetDeclared(), req.GetDocument()); err != nil {
		return nil, inputError(err)
	}
	resp := &idcontrolv1.ScoreSimilarityResponse{Threshold: pol.SimilarityThreshold}
	if key := req.GetAttemptKey(); key != "" {
		used, granted, err := s.deps.ledger.Consume(ctx, key, pol.MaxAttempts, pol.AttemptsTTL)
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return nil, status.FromContextError(err).Err()
			}
			s.deps.logLedgerError(ctx, err)
			return nil, unavailable("the attempt ledger")
		}
		resp.AttemptsUsed = int32(used)
		resp.AttemptsRemaining = int32(max(pol.MaxAttempts-used, 0))
		if !granted {
			resp.Passed = checks.Bool(false)
			resp.Error = similarity.ErrAttemptsExhausted
			resp.Findings = append(resp.Findings, &idcontrolv1.Finding{
				Control: "similarity", Code: similarity.ErrAttemptsExhausted,
				Message: "Every attempt allowed for this key has been used: nothing was scored.",
			})
			return resp, nil
		}
	}
	r := similarity.Score(req.GetDeclared(), req.GetDocument(), pol)
	resp.Score = &r.Score
	resp.Passed = checks.Bool(r.Passed)
	resp.Error = r.Error
	resp.FieldScores = r.Fields
	resp.Findings = append(resp.Findings, r.Findings...)
	return resp, nil
}
