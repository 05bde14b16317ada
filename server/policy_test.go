package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/idcontrol/idcontrol/checks/similarity"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// withPolicies serves with the policy file body.
func withPolicies(t *testing.T, body string) envOption {
	t.Helper()
	store, err := policy.Parse([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return func(_ *Config, d *deps) { d.policies = store }
}

// TestInlinePolicyCannotRaiseTheBudget: a key that has used its 3 attempts
// is not granted a 4th by an inline maxAttempts (it was, before the
// operator owned the budget); the refused call uses no attempt and names
// the field.
func TestInlinePolicyCannotRaiseTheBudget(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	client := idcontrolv1.NewControlServiceClient(env.conn)
	ctx := context.Background()
	for n := range policy.DefaultMaxAttempts {
		resp, err := client.ScoreSimilarity(ctx, similarityRequest(nil, "budget"))
		if err != nil || resp.Score == nil || resp.GetAttemptsUsed() != int32(n+1) {
			t.Fatalf("attempt %d: %v %v", n+1, resp, err)
		}
	}
	for _, inline := range []*idcontrolv1.Policy{
		{MaxAttempts: proto.Int32(1000)},
		{AttemptsTtlDays: proto.Int32(1)},
		{SimilarityThreshold: proto.Float64(0)},
		{SimilarityWeights: map[string]float64{"sex": 100}},
		{RequireAttemptKey: proto.Bool(false)},
	} {
		req := similarityRequest(nil, "budget")
		req.Policy = inline
		_, err := client.ScoreSimilarity(ctx, req)
		var field string
		inline.ProtoReflect().Range(func(fd protoreflect.FieldDescriptor, _ protoreflect.Value) bool {
			field = "policy." + fd.JSONName()
			return false
		})
		bad := badRequest(t, err, field)
		if v := bad.GetFieldViolations(); len(v) != 1 || v[0].GetReason() != policy.ReasonServerOnly {
			t.Errorf("%s: violations %v", field, v)
		}
	}
	// The refused calls used nothing; the budget stays spent.
	resp, err := client.ScoreSimilarity(ctx, similarityRequest(nil, "budget"))
	if err != nil || resp.GetError() != similarity.ErrAttemptsExhausted || resp.Score != nil || resp.GetAttemptsUsed() != 3 {
		t.Fatalf("4th attempt: %v %v", resp, err)
	}
}

// TestInlinePolicyStricterThanTheNamedOne: inline settings apply over the
// named policy (or the server's default) and only ever tighten it, in
// every family.
func TestInlinePolicyStricterThanTheNamedOne(t *testing.T) {
	t.Parallel()
	env := startServer(t, withPolicies(t, `{"policies": {"default": {"minimumAge": 18}, "fr": {"allowedDocumentCountries": ["FRA"], "minimumAge": 21}}}`))
	client := idcontrolv1.NewControlServiceClient(env.conn)
	cases := []struct {
		name   string
		id     string
		inline *idcontrolv1.Policy
		field  string // "" when accepted
	}{
		{name: "stricter than the default entry", inline: &idcontrolv1.Policy{MinimumAge: proto.Int32(20)}},
		{name: "looser than the default entry", inline: &idcontrolv1.Policy{MinimumAge: proto.Int32(16)}, field: "policy.minimumAge"},
		{name: "looser than the named policy, stricter than the default", id: "fr", inline: &idcontrolv1.Policy{MinimumAge: proto.Int32(20)}, field: "policy.minimumAge"},
		{name: "a country the named policy does not allow", id: "fr", inline: &idcontrolv1.Policy{AllowedDocumentCountries: []string{"FRA", "D"}}, field: "policy.allowedDocumentCountries[1]"},
		{name: "a bank country outside SEPA", inline: &idcontrolv1.Policy{AllowedBankCountries: []string{"US"}}, field: "policy.allowedBankCountries[0]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			req := identityRequestForPolicy(t)
			req.PolicyId, req.Policy = c.id, c.inline
			_, err := client.CheckIdentityDocument(context.Background(), req)
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			bad := badRequest(t, err, c.field)
			if v := bad.GetFieldViolations(); len(v) != 1 || v[0].GetReason() != policy.ReasonLooser || v[0].GetDescription() == "" {
				t.Errorf("violations %v", v)
			}
		})
	}
}

// identityRequestForPolicy is the id-card example, a French card.
func identityRequestForPolicy(t *testing.T) *idcontrolv1.CheckIdentityDocumentRequest {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "examples", "ControlService.CheckIdentityDocument.id-card.json"))
	if err != nil {
		t.Fatal(err)
	}
	req := &idcontrolv1.CheckIdentityDocumentRequest{}
	if err := protojson.Unmarshal(raw, req); err != nil {
		t.Fatal(err)
	}
	return req
}

// TestRequireAttemptKey: when the operator requires a key, a call without
// one is INVALID_ARGUMENT naming attemptKey and nothing is scored; without
// the setting a call without a key is scored and counted nowhere.
func TestRequireAttemptKey(t *testing.T) {
	t.Parallel()
	env := startServer(t, withPolicies(t, `{"policies": {"default": {"requireAttemptKey": true}, "self-counting": {}}}`))
	client := idcontrolv1.NewControlServiceClient(env.conn)
	ctx := context.Background()
	_, err := client.ScoreSimilarity(ctx, similarityRequest(nil, ""))
	if bad := badRequest(t, err, "attemptKey"); !strings.Contains(bad.GetFieldViolations()[0].GetDescription(), "required") {
		t.Errorf("description %q", bad.GetFieldViolations()[0].GetDescription())
	}
	resp, err := client.ScoreSimilarity(ctx, similarityRequest(nil, "k"))
	if err != nil || resp.Score == nil || resp.GetAttemptsUsed() != 1 {
		t.Fatalf("with a key: %v %v", resp, err)
	}
	req := similarityRequest(nil, "")
	req.PolicyId = "self-counting"
	resp, err = client.ScoreSimilarity(ctx, req)
	if err != nil || resp.Score == nil || resp.AttemptsUsed != nil {
		t.Fatalf("a policy without the requirement: %v %v", resp, err)
	}
}

// TestAttemptsRemainingZeroInJSON: the last attempt answers
// "attemptsRemaining": 0 in JSON, not nothing.
func TestAttemptsRemainingZeroInJSON(t *testing.T) {
	t.Parallel()
	env := startServer(t, withPolicies(t, `{"policies": {"one": {"maxAttempts": 1}}}`))
	client := idcontrolv1.NewControlServiceClient(env.conn)
	req := similarityRequest(nil, "last")
	req.PolicyId = "one"
	for _, want := range []string{`"attemptsUsed":1`, `"attemptsUsed":1`} {
		resp, err := client.ScoreSimilarity(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		js := strings.ReplaceAll(protojson.Format(resp), " ", "")
		if !strings.Contains(js, want) || !strings.Contains(js, `"attemptsRemaining":0`) {
			t.Errorf("JSON %s lacks %s and attemptsRemaining 0", js, want)
		}
	}
	resp, err := client.ScoreSimilarity(context.Background(), similarityRequest(nil, ""))
	if err != nil {
		t.Fatal(err)
	}
	if js := protojson.Format(resp); strings.Contains(js, "attempts") {
		t.Errorf("without a key nothing is counted, nothing is shown: %s", js)
	}
}
