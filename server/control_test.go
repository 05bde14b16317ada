package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/idcontrol/idcontrol/checks/similarity"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ledger"
	"github.com/idcontrol/idcontrol/policy"
	"github.com/redis/go-redis/v9"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
)

func TestMatchFieldRPC(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	client := idcontrolv1.NewControlServiceClient(env.conn)
	yes, no := true, false
	cases := []struct {
		name string
		req  *idcontrolv1.MatchFieldRequest
		want *idcontrolv1.MatchFieldResponse // message is not compared
	}{
		{
			"same last name",
			&idcontrolv1.MatchFieldRequest{Field: idcontrolv1.MatchField_MATCH_FIELD_LAST_NAME, Declared: "Dupont", Extracted: "DUPONT"},
			&idcontrolv1.MatchFieldResponse{Match: &yes, Rule: "EXACT", Score: 1},
		},
		{
			"another birth day",
			&idcontrolv1.MatchFieldRequest{Field: idcontrolv1.MatchField_MATCH_FIELD_BIRTH_DATE, Declared: "1985-03-14", Extracted: "1985-03-15"},
			&idcontrolv1.MatchFieldResponse{Match: &no, Rule: "NO_MATCH"},
		},
		{
			"arrondissement and INSEE code",
			&idcontrolv1.MatchFieldRequest{Field: idcontrolv1.MatchField_MATCH_FIELD_BIRTH_PLACE, Declared: "PARIS 15E ARRONDISSEMENT (75)", Extracted: "75115", Source: idcontrolv1.MatchSource_MATCH_SOURCE_VIZ},
			&idcontrolv1.MatchFieldResponse{Match: &yes, Rule: "PLACE", Score: 1},
		},
		{
			"address with abbreviations",
			&idcontrolv1.MatchFieldRequest{Field: idcontrolv1.MatchField_MATCH_FIELD_ADDRESS, Declared: "12 bis avenue du Général Leclerc, 75014 Paris", Extracted: "12B AV DU GAL LECLERC\n75014 PARIS CEDEX 14", Source: idcontrolv1.MatchSource_MATCH_SOURCE_TEXT},
			&idcontrolv1.MatchFieldResponse{Match: &yes, Rule: "ADDRESS", Score: 0.97},
		},
		{
			// The name engine: the first of several given names.
			"first of two given names",
			&idcontrolv1.MatchFieldRequest{Field: idcontrolv1.MatchField_MATCH_FIELD_FIRST_NAME, Declared: "JEAN", Extracted: "JEAN PIERRE"},
			&idcontrolv1.MatchFieldResponse{Match: &yes, Rule: "GIVEN_SUBSET"},
		},
		{
			// Contract principle 2: what cannot be decided is absent, not false.
			"a missing side leaves match absent",
			&idcontrolv1.MatchFieldRequest{Field: idcontrolv1.MatchField_MATCH_FIELD_FIRST_NAME, Declared: "", Extracted: "JEAN"},
			&idcontrolv1.MatchFieldResponse{Rule: "MISSING"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := client.MatchField(context.Background(), c.req)
			if err != nil {
				t.Fatal(err)
			}
			if got.GetMessage() == "" {
				t.Error("no message")
			}
			opts := []cmp.Option{protocmp.Transform(), protocmp.IgnoreFields(&idcontrolv1.MatchFieldResponse{}, "message")}
			if c.want.GetScore() == 0 { // a score only bounded: checked below
				opts = append(opts, protocmp.IgnoreFields(&idcontrolv1.MatchFieldResponse{}, "score"))
			}
			if diff := cmp.Diff(c.want, got, opts...); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if s := got.GetScore(); s < 0 || s > 1 || (got.GetMatch() && s == 0) || (got.Match != nil && !got.GetMatch() && s == 1) {
				t.Errorf("score %v with match %v", s, got.Match)
			}
		})
	}
}

func TestMatchFieldBadInput(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	client := idcontrolv1.NewControlServiceClient(env.conn)
	cases := []struct {
		name  string
		req   *idcontrolv1.MatchFieldRequest
		field string
	}{
		{"no field", &idcontrolv1.MatchFieldRequest{Declared: "JEAN", Extracted: "JEAN"}, "field"},
		{"undefined field", &idcontrolv1.MatchFieldRequest{Field: 99, Declared: "JEAN", Extracted: "JEAN"}, "field"},
		{"undefined source", &idcontrolv1.MatchFieldRequest{Field: idcontrolv1.MatchField_MATCH_FIELD_FIRST_NAME, Declared: "JEAN", Extracted: "JEAN", Source: 99}, "source"},
		{"declared too long", &idcontrolv1.MatchFieldRequest{Field: idcontrolv1.MatchField_MATCH_FIELD_FIRST_NAME, Declared: strings.Repeat("A", 1025), Extracted: "JEAN"}, "declared"},
		{"extracted too long", &idcontrolv1.MatchFieldRequest{Field: idcontrolv1.MatchField_MATCH_FIELD_ADDRESS, Declared: "1 RUE DE LA PAIX", Extracted: strings.Repeat("A", 4097)}, "extracted"},
		{"30 February", &idcontrolv1.MatchFieldRequest{Field: idcontrolv1.MatchField_MATCH_FIELD_BIRTH_DATE, Declared: "1985-02-30", Extracted: "1985-02-28"}, "declared"},
		{"French date order", &idcontrolv1.MatchFieldRequest{Field: idcontrolv1.MatchField_MATCH_FIELD_BIRTH_DATE, Declared: "1985-02-28", Extracted: "28/02/1985"}, "extracted"},
		{"a bad date beside an empty one", &idcontrolv1.MatchFieldRequest{Field: idcontrolv1.MatchField_MATCH_FIELD_BIRTH_DATE, Declared: "", Extracted: "1985-13-01"}, "extracted"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := client.MatchField(context.Background(), c.req)
			badRequest(t, err, c.field)
		})
	}
}

// documentIdentity is the identity read on the document in the similarity tests.
func documentIdentity() *idcontrolv1.IdentityFields {
	return &idcontrolv1.IdentityFields{LastName: "MARTIN", FirstNames: "CLAIRE ANNE", BirthDate: "1985-03-14", BirthPlace: "LYON", Sex: "F"}
}

func similarityRequest(edit func(*idcontrolv1.IdentityFields), key string) *idcontrolv1.ScoreSimilarityRequest {
	declared := documentIdentity()
	if edit != nil {
		edit(declared)
	}
	return &idcontrolv1.ScoreSimilarityRequest{Declared: declared, Document: documentIdentity(), AttemptKey: key}
}

func TestScoreSimilarityRPC(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	client := idcontrolv1.NewControlServiceClient(env.conn)
	ctx := context.Background()

	t.Run("identical", func(t *testing.T) {
		t.Parallel()
		got, err := client.ScoreSimilarity(ctx, similarityRequest(nil, ""))
		if err != nil {
			t.Fatal(err)
		}
		one, yes := 1.0, true
		want := &idcontrolv1.ScoreSimilarityResponse{Score: &one, Passed: &yes, Threshold: policy.DefaultSimilarityThreshold}
		opts := []cmp.Option{protocmp.Transform(), protocmp.IgnoreFields(&idcontrolv1.ScoreSimilarityResponse{}, "field_scores")}
		if diff := cmp.Diff(want, got, opts...); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if len(got.GetFieldScores()) != 6 {
			t.Errorf("%d field scores, want 6", len(got.GetFieldScores()))
		}
	})

	t.Run("one field changed", func(t *testing.T) {
		t.Parallel()
		got, err := client.ScoreSimilarity(ctx, similarityRequest(func(f *idcontrolv1.IdentityFields) { f.BirthPlace = "LILLE" }, ""))
		if err != nil {
			t.Fatal(err)
		}
		if got.Score == nil || got.GetScore() >= 0.9 || got.GetPassed() || got.Passed == nil || got.GetError() != similarity.ErrLowScore {
			t.Fatalf("score %v passed %v error %q", got.Score, got.Passed, got.GetError())
		}
		var place *idcontrolv1.FieldScore
		for _, fs := range got.GetFieldScores() {
			if fs.GetField() == "birthPlace" {
				place = fs
			}
		}
		if place.GetDocumentValue() != "LYON" || place.GetDeclaredValue() != "LILLE" || place.GetScore() <= 0 || place.GetScore() >= 1 || place.GetRule() != "NO_MATCH" {
			t.Errorf("birthPlace explained as %v", place)
		}
		if !slices.ContainsFunc(got.GetFindings(), func(f *idcontrolv1.Finding) bool { return f.GetCode() == "FIELD_DIFFERS" }) {
			t.Errorf("no FIELD_DIFFERS finding: %v", got.GetFindings())
		}
	})

	t.Run("named policy", func(t *testing.T) {
		t.Parallel()
		env := startServer(t, withPolicies(t, `{"policies": {"lenient": {"similarityThreshold": 0.8}}}`))
		req := similarityRequest(func(f *idcontrolv1.IdentityFields) { f.BirthPlace = "LILLE" }, "")
		req.PolicyId = "lenient"
		got, err := idcontrolv1.NewControlServiceClient(env.conn).ScoreSimilarity(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if !got.GetPassed() || got.GetError() != "" || got.GetThreshold() != 0.8 {
			t.Errorf("score %v passed %v error %q threshold %v", got.GetScore(), got.GetPassed(), got.GetError(), got.GetThreshold())
		}
	})

	t.Run("no key counts nothing", func(t *testing.T) {
		t.Parallel()
		for range 5 {
			got, err := client.ScoreSimilarity(ctx, similarityRequest(nil, ""))
			if err != nil {
				t.Fatal(err)
			}
			if got.Score == nil || got.AttemptsUsed != nil || got.AttemptsRemaining != nil || got.GetError() != "" {
				t.Fatalf("without a key: %v", got)
			}
		}
	})
}

func TestScoreSimilarityBadInput(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	client := idcontrolv1.NewControlServiceClient(env.conn)
	cases := []struct {
		name  string
		req   *idcontrolv1.ScoreSimilarityRequest
		field string
	}{
		{"no document", &idcontrolv1.ScoreSimilarityRequest{Declared: documentIdentity()}, "document"},
		{"no declared identity", &idcontrolv1.ScoreSimilarityRequest{Document: documentIdentity()}, "declared"},
		{"30 February declared", similarityRequest(func(f *idcontrolv1.IdentityFields) { f.BirthDate = "1985-02-30" }, ""), "declared.birthDate"},
		{"French date order", similarityRequest(func(f *idcontrolv1.IdentityFields) { f.BirthDate = "14/03/1985" }, ""), "declared.birthDate"},
		{"unknown sex", similarityRequest(func(f *idcontrolv1.IdentityFields) { f.Sex = "Z" }, ""), "declared.sex"},
		{"a name of 257 characters", similarityRequest(func(f *idcontrolv1.IdentityFields) { f.LastName = strings.Repeat("A", 257) }, ""), "declared.lastName"},
		{"an attempt key of 257 characters", similarityRequest(nil, strings.Repeat("k", 257)), "attemptKey"},
		{"unknown weight in an inline policy", func() *idcontrolv1.ScoreSimilarityRequest {
			r := similarityRequest(nil, "")
			r.Policy = &idcontrolv1.Policy{SimilarityWeights: map[string]float64{"shoeSize": 1}}
			return r
		}(), `policy.similarityWeights["shoeSize"]`},
		{"unknown policy id", func() *idcontrolv1.ScoreSimilarityRequest {
			r := similarityRequest(nil, "")
			r.PolicyId = "nope"
			return r
		}(), "policyId"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := client.ScoreSimilarity(context.Background(), c.req)
			badRequest(t, err, c.field)
		})
	}
}

// TestBadInputUsesNoAttempt: a refused request is not an attempt.
func TestBadInputUsesNoAttempt(t *testing.T) {
	t.Parallel()
	env := startServer(t, withPolicies(t, `{"policies": {"one": {"maxAttempts": 1}}}`))
	client := idcontrolv1.NewControlServiceClient(env.conn)
	bad := similarityRequest(func(f *idcontrolv1.IdentityFields) { f.BirthDate = "1985-02-30" }, "key")
	bad.PolicyId = "one"
	for range 3 {
		if _, err := client.ScoreSimilarity(context.Background(), bad); status.Code(err) != codes.InvalidArgument {
			t.Fatalf("want INVALID_ARGUMENT, got %v", err)
		}
	}
	good := similarityRequest(nil, "key")
	good.PolicyId = "one"
	got, err := client.ScoreSimilarity(context.Background(), good)
	if err != nil || got.Score == nil || got.GetAttemptsUsed() != 1 || got.AttemptsRemaining == nil || got.GetAttemptsRemaining() != 0 {
		t.Fatalf("first good attempt: %v %v", got, err)
	}
}

// withLedger serves with led instead of the default bbolt ledger.
func withLedger(led ledger.Ledger) envOption {
	return func(_ *Config, d *deps) {
		_ = d.ledger.Close()
		d.ledger = led
	}
}

// testLedgers are the stores the attempt semantics are checked on: bbolt
// always, Redis when IDCONTROL_TEST_REDIS_URL is set.
var testLedgers = []struct {
	name string
	open func(t *testing.T) ledger.Ledger
}{
	{"bbolt", func(t *testing.T) ledger.Ledger {
		led, err := ledger.OpenBolt(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return led
	}},
	{"redis", openTestRedisLedger},
}

// openTestRedisLedger opens a Redis ledger on a key prefix of its own,
// whose keys are deleted at cleanup.
func openTestRedisLedger(t *testing.T) ledger.Ledger {
	t.Helper()
	url := os.Getenv("IDCONTROL_TEST_REDIS_URL")
	if url == "" {
		t.Skip("no Redis: to run the attempt tests on Redis, start one (redis-server --port 6390 --save '' --daemonize yes) " +
			"and set IDCONTROL_TEST_REDIS_URL=redis://127.0.0.1:6390/15")
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	prefix := "idcontrol-servertest:" + hex.EncodeToString(b[:]) + ":"
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	led, err := ledger.OpenRedis(ctx, url, ledger.WithKeyPrefix(prefix))
	if err != nil {
		t.Fatalf("IDCONTROL_TEST_REDIS_URL is set but Redis does not answer: %v", err)
	}
	t.Cleanup(func() { // runs after the server (and the ledger) is closed
		opts, err := redis.ParseURL(url)
		if err != nil {
			return
		}
		c := redis.NewClient(opts)
		defer c.Close()
		keys, _ := c.Keys(context.Background(), prefix+"*").Result()
		if len(keys) > 0 {
			c.Del(context.Background(), keys...)
		}
	})
	return led
}

// TestAttemptsExhaustedConcurrently: with one attemptKey, of 50 concurrent
// calls exactly maxAttempts are scored and the rest are told the attempts
// are exhausted, on every store.
func TestAttemptsExhaustedConcurrently(t *testing.T) {
	t.Parallel()
	for _, store := range testLedgers {
		t.Run(store.name, func(t *testing.T) {
			t.Parallel()
			for _, maxAttempts := range []int32{policy.DefaultMaxAttempts, 7} {
				env := startServer(t, withLedger(store.open(t)), withPolicies(t, `{"policies": {"seven": {"maxAttempts": 7}}}`))
				client := idcontrolv1.NewControlServiceClient(env.conn)
				policyID := ""
				if maxAttempts != policy.DefaultMaxAttempts {
					policyID = "seven"
				}
				const calls = 50
				resps := make([]*idcontrolv1.ScoreSimilarityResponse, calls)
				errs := make([]error, calls)
				var wg sync.WaitGroup
				start := make(chan struct{})
				for i := range calls {
					wg.Go(func() {
						<-start
						req := similarityRequest(nil, "person-42")
						req.PolicyId = policyID
						resps[i], errs[i] = client.ScoreSimilarity(context.Background(), req)
					})
				}
				close(start)
				wg.Wait()
				var used []int32
				exhausted := 0
				for i, resp := range resps {
					if errs[i] != nil {
						t.Fatalf("call %d: %v", i, errs[i])
					}
					if resp.GetError() == similarity.ErrAttemptsExhausted {
						exhausted++
						checkExhausted(t, resp, maxAttempts)
						continue
					}
					if resp.Score == nil || resp.GetScore() != 1 || !resp.GetPassed() || resp.GetError() != "" {
						t.Errorf("scored call %d: %v", i, resp)
					}
					if resp.GetAttemptsRemaining() != maxAttempts-resp.GetAttemptsUsed() {
						t.Errorf("used %d, remaining %d, max %d", resp.GetAttemptsUsed(), resp.GetAttemptsRemaining(), maxAttempts)
					}
					used = append(used, resp.GetAttemptsUsed())
				}
				slices.Sort(used)
				var want []int32
				for n := int32(1); n <= maxAttempts; n++ {
					want = append(want, n)
				}
				if !slices.Equal(used, want) || exhausted != calls-int(maxAttempts) {
					t.Errorf("max %d: scored calls used %v (want %v), %d exhausted (want %d)", maxAttempts, used, want, exhausted, calls-int(maxAttempts))
				}
				// Later calls stay refused; another key is untouched.
				req := similarityRequest(nil, "person-42")
				req.PolicyId = policyID
				if resp, err := client.ScoreSimilarity(context.Background(), req); err != nil || resp.GetError() != similarity.ErrAttemptsExhausted {
					t.Errorf("after exhaustion: %v %v", resp, err)
				}
				req.AttemptKey = "person-43"
				if resp, err := client.ScoreSimilarity(context.Background(), req); err != nil || resp.Score == nil || resp.GetAttemptsUsed() != 1 {
					t.Errorf("another key: %v %v", resp, err)
				}
			}
		})
	}
}

// checkExhausted: nothing was scored, and the answer says why.
func checkExhausted(t *testing.T, resp *idcontrolv1.ScoreSimilarityResponse, maxAttempts int32) {
	t.Helper()
	no := false
	want := &idcontrolv1.ScoreSimilarityResponse{
		Passed:            &no,
		Error:             similarity.ErrAttemptsExhausted,
		AttemptsUsed:      &maxAttempts,
		AttemptsRemaining: proto.Int32(0),
		Threshold:         policy.DefaultSimilarityThreshold,
		Findings:          []*idcontrolv1.Finding{{Control: "similarity", Code: similarity.ErrAttemptsExhausted}},
	}
	opts := []cmp.Option{protocmp.Transform(), protocmp.IgnoreFields(&idcontrolv1.Finding{}, "message")}
	if diff := cmp.Diff(want, resp, opts...); diff != "" {
		t.Errorf("exhausted answer (-want +got):\n%s", diff)
	}
}

// TestAttemptKeysAreIndependent: keys used concurrently each get their own
// maxAttempts, on every store.
func TestAttemptKeysAreIndependent(t *testing.T) {
	t.Parallel()
	for _, store := range testLedgers {
		t.Run(store.name, func(t *testing.T) {
			t.Parallel()
			env := startServer(t, withLedger(store.open(t)))
			client := idcontrolv1.NewControlServiceClient(env.conn)
			const keys, callsPerKey = 8, 6
			var mu sync.Mutex
			granted := map[string]int{}
			var wg sync.WaitGroup
			for k := range keys {
				for range callsPerKey {
					wg.Go(func() {
						key := "key-" + string(rune('a'+k))
						resp, err := client.ScoreSimilarity(context.Background(), similarityRequest(nil, key))
						if err != nil {
							t.Error(err)
							return
						}
						if resp.Score != nil {
							mu.Lock()
							granted[key]++
							mu.Unlock()
						}
					})
				}
			}
			wg.Wait()
			if len(granted) != keys {
				t.Errorf("%d keys scored, want %d", len(granted), keys)
			}
			for key, n := range granted {
				if n != policy.DefaultMaxAttempts {
					t.Errorf("%s: %d scored calls, want %d", key, n, policy.DefaultMaxAttempts)
				}
			}
		})
	}
}

// TestClosedLedgerIsUnavailable: a real store that fails (here closed)
// answers UNAVAILABLE with no score, never a pass. (A fake failing ledger
// is TestLedgerFailureIsUnavailable.)
func TestClosedLedgerIsUnavailable(t *testing.T) {
	t.Parallel()
	led, err := ledger.OpenBolt(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := led.Close(); err != nil {
		t.Fatal(err)
	}
	env := startServer(t, withLedger(led))
	resp, err := idcontrolv1.NewControlServiceClient(env.conn).ScoreSimilarity(context.Background(), similarityRequest(nil, "secret-key-77"))
	if status.Code(err) != codes.Unavailable || resp != nil {
		t.Fatalf("want UNAVAILABLE and no answer, got %v %v", resp, err)
	}
	if strings.Contains(status.Convert(err).Message(), "MARTIN") || strings.Contains(env.logs.String(), "secret-key-77") {
		t.Errorf("personal data leaked: %v", err)
	}
}
