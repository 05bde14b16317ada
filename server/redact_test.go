package server

import (
	"context"
	"strings"
	"testing"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestPolicyMapKeyNeverLogged: a caller's map key is caller text. Before,
// the status message named the field with its key
// (policy.similarityWeights["…"]) and the message was logged. Now the log
// has the code and the field path with the key redacted, the status
// message too; only the BadRequest detail, which goes back to the caller
// alone, names the key.
func TestPolicyMapKeyNeverLogged(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	const key = "Corinne BERTHIER 1965-12-06 corinne.berthier@example.fr"
	_, err := idcontrolv1.NewControlServiceClient(env.conn).ScoreSimilarity(context.Background(), &idcontrolv1.ScoreSimilarityRequest{
		Declared: &idcontrolv1.IdentityFields{LastName: "A"},
		Document: &idcontrolv1.IdentityFields{LastName: "A"},
		Policy:   &idcontrolv1.Policy{SimilarityWeights: map[string]float64{key: 1}},
	})
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("want INVALID_ARGUMENT, got %v", err)
	}
	br := badRequest(t, err, `policy.similarityWeights["`+key+`"]`)
	if len(br.GetFieldViolations()) == 0 {
		t.Fatal("no field violation")
	}
	msg := status.Convert(err).Message()
	if strings.Contains(msg, "BERTHIER") || !strings.Contains(msg, "policy.similarityWeights[…]") {
		t.Errorf("status message %q: want the path with its key redacted", msg)
	}
	logs := env.logs.String()
	for _, s := range []string{"BERTHIER", "Corinne", "1965-12-06", "example.fr"} {
		if strings.Contains(logs, s) {
			t.Errorf("caller text %q reached the log:\n%s", s, logs)
		}
	}
	if !strings.Contains(logs, "InvalidArgument") || !strings.Contains(logs, `policy.similarityWeights[…]`) {
		t.Errorf("the log lacks the code or the redacted field path:\n%s", logs)
	}
}

func TestRedactPath(t *testing.T) {
	for in, want := range map[string]string{
		"lines[0]":                        "lines[0]",
		"":                                "",
		`policy.similarityWeights["sex"]`: "policy.similarityWeights[…]",
		`a["x\"]y"].b[2].c["k"]`:          "a[…].b[2].c[…]",
		`a["unterminated`:                 "a[…]",
		`participants[1].extra["Jean"]["Dupont"]`: "participants[1].extra[…][…]",
	} {
		if got := redactPath(in); got != want {
			t.Errorf("redactPath(%q) = %q, want %q", in, got, want)
		}
	}
}
