package similarity

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/idcontrol/idcontrol/checks"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
)

// fakeAttempts is an in-memory ledger that records its calls.
type fakeAttempts struct {
	used  map[string]int
	err   error
	calls int
	max   int
	ttl   time.Duration
}

func (f *fakeAttempts) Consume(_ context.Context, key string, max int, ttl time.Duration) (int, bool, error) {
	f.calls++
	f.max, f.ttl = max, ttl
	if f.err != nil {
		return 0, false, f.err
	}
	if f.used == nil {
		f.used = map[string]int{}
	}
	if f.used[key] >= max {
		return f.used[key], false, nil
	}
	f.used[key]++
	return f.used[key], true, nil
}

func request(key string) *idcontrolv1.ScoreSimilarityRequest {
	return &idcontrolv1.ScoreSimilarityRequest{Declared: base(), Document: base(), AttemptKey: key}
}

// TestCheckAttempts: each keyed call uses one attempt of the policy's
// budget; past it nothing is scored and the answer says so, with the
// remaining 0 present.
func TestCheckAttempts(t *testing.T) {
	t.Parallel()
	pol := policy.Resolve(&idcontrolv1.Policy{MaxAttempts: proto.Int32(2), AttemptsTtlDays: proto.Int32(7)})
	led := &fakeAttempts{}
	for n := int32(1); n <= 2; n++ {
		resp, err := Check(context.Background(), request("k"), pol, led)
		if err != nil {
			t.Fatal(err)
		}
		if resp.GetScore() != 1 || !resp.GetPassed() || resp.AttemptsUsed == nil || resp.GetAttemptsUsed() != n || resp.AttemptsRemaining == nil || resp.GetAttemptsRemaining() != 2-n {
			t.Fatalf("attempt %d: %v", n, resp)
		}
	}
	if led.max != 2 || led.ttl != 7*24*time.Hour {
		t.Errorf("ledger asked for max %d ttl %v, want the policy's", led.max, led.ttl)
	}
	resp, err := Check(context.Background(), request("k"), pol, led)
	if err != nil {
		t.Fatal(err)
	}
	want := &idcontrolv1.ScoreSimilarityResponse{
		Passed: proto.Bool(false), Error: ErrAttemptsExhausted, AttemptsUsed: proto.Int32(2), AttemptsRemaining: proto.Int32(0), Threshold: pol.SimilarityThreshold,
		Findings: []*idcontrolv1.Finding{{Control: "similarity", Code: ErrAttemptsExhausted, Message: "Every attempt allowed for this key has been used: nothing was scored."}},
	}
	if diff := cmp.Diff(want, resp, protocmp.Transform()); diff != "" {
		t.Errorf("exhausted (-want +got):\n%s", diff)
	}
}

// TestCheckWithoutKey: no key, no ledger call, no attempt counts; unless
// the policy requires a key.
func TestCheckWithoutKey(t *testing.T) {
	t.Parallel()
	led := &fakeAttempts{}
	resp, err := Check(context.Background(), request(""), policy.Resolve(nil), led)
	if err != nil || led.calls != 0 || resp.AttemptsUsed != nil || resp.AttemptsRemaining != nil || resp.GetScore() != 1 {
		t.Fatalf("no key: %v %v, %d ledger calls", resp, err, led.calls)
	}
	// nil Attempts is fine when nothing is counted.
	if _, err := Check(context.Background(), request(""), policy.Resolve(nil), nil); err != nil {
		t.Fatal(err)
	}
	required := policy.Resolve(&idcontrolv1.Policy{RequireAttemptKey: proto.Bool(true)})
	_, err = Check(context.Background(), request(""), required, led)
	var v checks.Violations
	if !errors.As(err, &v) || len(v) != 1 || v[0].Field != "attemptKey" || v[0].Reason != "REQUIRED" || led.calls != 0 {
		t.Fatalf("required key: %v, %d ledger calls", err, led.calls)
	}
}

// TestCheckErrors: bad input uses no attempt; a ledger failure is
// ErrAttemptsUnavailable and keeps its cause (a context error stays one).
func TestCheckErrors(t *testing.T) {
	t.Parallel()
	led := &fakeAttempts{}
	bad := request("k")
	bad.Declared.BirthDate = "1985-02-30"
	var v checks.Violations
	if _, err := Check(context.Background(), bad, policy.Resolve(nil), led); !errors.As(err, &v) || v[0].Field != "declared.birthDate" || led.calls != 0 {
		t.Fatalf("bad date: %v, %d ledger calls", err, led.calls)
	}
	for _, cause := range []error{errors.New("connection refused"), context.DeadlineExceeded, context.Canceled} {
		_, err := Check(context.Background(), request("k"), policy.Resolve(nil), &fakeAttempts{err: cause})
		if !errors.Is(err, ErrAttemptsUnavailable) || !errors.Is(err, cause) {
			t.Errorf("ledger failing with %v: %v", cause, err)
		}
	}
	if _, err := Check(context.Background(), request("k"), policy.Resolve(nil), nil); !errors.Is(err, ErrAttemptsUnavailable) {
		t.Errorf("a key without a ledger: %v", err)
	}
}
