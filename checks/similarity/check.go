package similarity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/idcontrol/idcontrol/checks"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
)

// Attempts counts the SIMILARITY attempts of a key: the attempt ledger
// (ledger.Ledger satisfies it). Consume records one attempt when fewer than
// max were recorded within ttl, and says how many are used, this one
// included.
type Attempts interface {
	Consume(ctx context.Context, key string, max int, ttl time.Duration) (used int, granted bool, err error)
}

// ErrAttemptsUnavailable wraps a failure of the attempt ledger: nothing
// was scored, and the call must not be read as a pass or a failure. The
// cause is wrapped too (a context error stays one).
var ErrAttemptsUnavailable = errors.New("the attempt ledger is unavailable")

// Check answers ScoreSimilarity: it validates the request, uses one attempt
// of attemptKey when the request has one (an exhausted key is answered
// SIMILARITY_ATTEMPTS_EXHAUSTED without a score), then scores. Bad input is
// checks.Violations — among it a missing attemptKey when the policy
// requires one; a ledger failure is ErrAttemptsUnavailable.
func Check(ctx context.Context, req *idcontrolv1.ScoreSimilarityRequest, pol policy.Effective, attempts Attempts) (*idcontrolv1.ScoreSimilarityResponse, error) {
	var v checks.Violations
	key := req.GetAttemptKey()
	if key == "" && pol.RequireAttemptKey {
		v.Add("attemptKey", "REQUIRED", "is required by the server's policy: every call must name the key its attempts count against")
	}
	validate(&v, req.GetDeclared(), req.GetDocument())
	if err := v.Err(); err != nil {
		return nil, err
	}
	resp := &idcontrolv1.ScoreSimilarityResponse{Threshold: pol.SimilarityThreshold}
	if key != "" {
		if attempts == nil {
			return nil, fmt.Errorf("%w: no ledger configured", ErrAttemptsUnavailable)
		}
		used, granted, err := attempts.Consume(ctx, key, pol.MaxAttempts, pol.AttemptsTTL)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrAttemptsUnavailable, err)
		}
		resp.AttemptsUsed = int32Ptr(used)
		resp.AttemptsRemaining = int32Ptr(max(pol.MaxAttempts-used, 0))
		if !granted {
			resp.Passed = checks.Bool(false)
			resp.Error = ErrAttemptsExhausted
			resp.Findings = append(resp.Findings, &idcontrolv1.Finding{
				Control: "similarity", Code: ErrAttemptsExhausted,
				Message: "Every attempt allowed for this key has been used: nothing was scored.",
			})
			return resp, nil
		}
	}
	r := Score(req.GetDeclared(), req.GetDocument(), pol)
	resp.Score = &r.Score
	resp.Passed = checks.Bool(r.Passed)
	resp.Error = r.Error
	resp.FieldScores = r.Fields
	resp.Findings = append(resp.Findings, r.Findings...)
	return resp, nil
}

func int32Ptr(n int) *int32 {
	x := int32(n)
	return &x
}
