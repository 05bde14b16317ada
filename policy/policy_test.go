package policy

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/protobuf/proto"
)

func TestResolveDefaults(t *testing.T) {
	t.Parallel()
	e := Resolve(nil)
	if e.SimilarityThreshold != 0.90 || e.MaxAttempts != 3 || e.AttemptsTTL != 30*24*time.Hour {
		t.Errorf("defaults: threshold %v, attempts %d, ttl %v", e.SimilarityThreshold, e.MaxAttempts, e.AttemptsTTL)
	}
	if e.AllowedDocumentCountries != nil || e.AllowedBankCountries != nil || e.MinimumAge != 0 {
		t.Errorf("defaults restrict something: %+v", e)
	}
	sum := 0.0
	for _, w := range e.SimilarityWeights {
		sum += w
	}
	if sum < 0.999 || sum > 1.001 {
		t.Errorf("default weights sum to %v, want 1", sum)
	}
	// Resolve must not hand out the package's own map.
	e.SimilarityWeights["lastName"] = 9
	if DefaultSimilarityWeights["lastName"] != 0.30 {
		t.Fatal("Resolve aliased DefaultSimilarityWeights")
	}
}

func TestResolveOverrides(t *testing.T) {
	t.Parallel()
	e := Resolve(&idcontrolv1.Policy{
		AllowedDocumentCountries: []string{" fra ", "D"},
		SimilarityThreshold:      proto.Float64(0),
		SimilarityWeights:        map[string]float64{"birthPlace": 0.1},
		MaxAttempts:              proto.Int32(5),
		AttemptsTtlDays:          proto.Int32(7),
		MinimumAge:               proto.Int32(18),
	})
	if diff := cmp.Diff(map[string]bool{"FRA": true, "D": true}, e.AllowedDocumentCountries); diff != "" {
		t.Errorf("countries (-want +got):\n%s", diff)
	}
	// An explicit zero threshold is a choice, not "unset".
	if e.SimilarityThreshold != 0 {
		t.Errorf("threshold %v, want the explicit 0", e.SimilarityThreshold)
	}
	if e.SimilarityWeights["birthPlace"] != 0.1 || e.SimilarityWeights["lastName"] != 0.30 {
		t.Errorf("weights %v: want birthPlace overridden, others default", e.SimilarityWeights)
	}
	if e.MaxAttempts != 5 || e.AttemptsTTL != 7*24*time.Hour || e.MinimumAge != 18 {
		t.Errorf("attempts %d, ttl %v, age %d", e.MaxAttempts, e.AttemptsTTL, e.MinimumAge)
	}
}

// TestLoadExample loads the policy file the README shows.
func TestLoadExample(t *testing.T) {
	t.Parallel()
	s, err := Load(filepath.Join("..", "examples", "policy", "policies.json"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"kyc-fr", "onboarding-eu"}, s.IDs()); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	e, err := s.Lookup(nil, "onboarding-eu")
	if err != nil {
		t.Fatal(err)
	}
	if e.MaxAttempts != 5 || e.SimilarityThreshold != 0.92 {
		t.Errorf("onboarding-eu: attempts %d, threshold %v", e.MaxAttempts, e.SimilarityThreshold)
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	s, err := parse([]byte(`{"policies": {"strict": {"maxAttempts": 1}}}`))
	if err != nil {
		t.Fatal(err)
	}
	inline := &idcontrolv1.Policy{MaxAttempts: proto.Int32(7)}
	cases := []struct {
		name     string
		inline   *idcontrolv1.Policy
		id       string
		attempts int
		err      error
	}{
		{"defaults", nil, "", 3, nil},
		{"named", nil, "strict", 1, nil},
		{"inline wins over the id", inline, "strict", 7, nil},
		{"unknown id", nil, "nope", 0, ErrUnknownPolicy},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e, err := s.Lookup(c.inline, c.id)
			if !errors.Is(err, c.err) {
				t.Fatalf("err %v, want %v", err, c.err)
			}
			if err == nil && e.MaxAttempts != c.attempts {
				t.Errorf("attempts %d, want %d", e.MaxAttempts, c.attempts)
			}
		})
	}
	var nilStore *Store
	if _, err := nilStore.Lookup(nil, "x"); !errors.Is(err, ErrUnknownPolicy) {
		t.Errorf("nil store: %v", err)
	}
}

func TestLoadRejects(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, body, want string
	}{
		{"not JSON", `{`, "parse policy file"},
		{"misspelt setting", `{"policies": {"a": {"maxAttempt": 3}}}`, "parse policy file"},
		{"out of range", `{"policies": {"a": {"maxAttempts": 0}}}`, "policy file"},
		{"unknown weight", `{"policies": {"a": {"similarityWeights": {"shoeSize": 1}}}}`, "policy file"},
		{"threshold above 1", `{"policies": {"a": {"similarityThreshold": 1.5}}}`, "policy file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "p.json")
			if err := os.WriteFile(path, []byte(c.body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Load: %v, want an error containing %q", err, c.want)
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("a missing file must fail the start")
	}
	s, err := Load("")
	if err != nil || len(s.IDs()) != 0 {
		t.Errorf("no file: %v, %v", s.IDs(), err)
	}
}
