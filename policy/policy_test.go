package policy

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/idcontrol/idcontrol/checks"
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
	for _, w := range e.SimilarityWeights.Map() {
		sum += w
	}
	if sum < 0.999 || sum > 1.001 {
		t.Errorf("default weights sum to %v, want 1", sum)
	}
	if diff := cmp.Diff(DefaultSimilarityWeights, e.SimilarityWeights.Map()); diff != "" {
		t.Errorf("default weights (-want +got):\n%s", diff)
	}
	// The weights are shared: Map must hand out a copy.
	e.SimilarityWeights.Map()["lastName"] = 9
	if Resolve(nil).SimilarityWeights.Get("lastName") != 0.30 || DefaultSimilarityWeights["lastName"] != 0.30 {
		t.Fatal("Map aliased the shared weights")
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
	if e.SimilarityWeights.Get("birthPlace") != 0.1 || e.SimilarityWeights.Get("lastName") != 0.30 {
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
	if diff := cmp.Diff([]string{"kyc-fr", "onboarding-eu", "self-id"}, s.IDs()); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	e, err := s.Lookup(nil, "onboarding-eu")
	if err != nil {
		t.Fatal(err)
	}
	if e.MaxAttempts != 5 || e.SimilarityThreshold != 0.92 {
		t.Errorf("onboarding-eu: attempts %d, threshold %v", e.MaxAttempts, e.SimilarityThreshold)
	}
	if e, err := s.Lookup(nil, "self-id"); err != nil || !e.RequireAttemptKey {
		t.Errorf("self-id: requireAttemptKey %v, %v", e.RequireAttemptKey, err)
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	s, err := Parse([]byte(`{"policies": {"strict": {"maxAttempts": 1, "minimumAge": 18}}}`))
	if err != nil {
		t.Fatal(err)
	}
	withDefault, err := Parse([]byte(`{"policies": {"default": {"maxAttempts": 2, "requireAttemptKey": true}, "strict": {"maxAttempts": 1}}}`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		store      *Store
		inline     *idcontrolv1.Policy
		id         string
		attempts   int
		minimumAge int
		requireKey bool
		err        error
	}{
		{name: "built-in defaults", store: s, attempts: 3},
		{name: "named", store: s, id: "strict", attempts: 1, minimumAge: 18},
		{name: "the file's default entry", store: withDefault, attempts: 2, requireKey: true},
		{name: "a named policy is not merged with the default", store: withDefault, id: "strict", attempts: 1},
		// The inline policy tightens the named one: it never replaces it.
		{name: "inline over the id", store: s, id: "strict", inline: &idcontrolv1.Policy{MinimumAge: proto.Int32(21)}, attempts: 1, minimumAge: 21},
		{name: "inline over the default entry", store: withDefault, inline: &idcontrolv1.Policy{MinimumAge: proto.Int32(21)}, attempts: 2, minimumAge: 21, requireKey: true},
		{name: "inline cannot lower the named minimum age", store: s, id: "strict", inline: &idcontrolv1.Policy{MinimumAge: proto.Int32(16)}, err: checks.Violations{}},
		{name: "inline cannot raise the attempts", store: s, inline: &idcontrolv1.Policy{MaxAttempts: proto.Int32(1000)}, err: checks.Violations{}},
		{name: "inline cannot lift requireAttemptKey", store: withDefault, inline: &idcontrolv1.Policy{RequireAttemptKey: proto.Bool(false)}, err: checks.Violations{}},
		{name: "unknown id", store: s, id: "nope", err: ErrUnknownPolicy},
		{name: "nil store, no id", attempts: 3},
		{name: "nil store, an id", id: "x", err: ErrUnknownPolicy},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e, err := c.store.Lookup(c.inline, c.id)
			switch want := c.err.(type) {
			case nil:
				if err != nil {
					t.Fatalf("err %v", err)
				}
			case checks.Violations:
				if !errors.As(err, &want) || len(want) == 0 {
					t.Fatalf("err %v, want violations", err)
				}
				return
			default:
				if !errors.Is(err, want) {
					t.Fatalf("err %v, want %v", err, want)
				}
				return
			}
			if e.MaxAttempts != c.attempts || e.MinimumAge != c.minimumAge || e.RequireAttemptKey != c.requireKey {
				t.Errorf("attempts %d age %d requireKey %v, want %d %d %v", e.MaxAttempts, e.MinimumAge, e.RequireAttemptKey, c.attempts, c.minimumAge, c.requireKey)
			}
		})
	}
}

// TestLookupSharesNothingWritable: the store resolves its policies once and
// shares them between requests, so a request writing to the maps of what
// Lookup returned must not change what the next Lookup returns (the
// weights cannot be written to: Weights has no setter, and Map copies).
func TestLookupSharesNothingWritable(t *testing.T) {
	t.Parallel()
	s, err := Parse([]byte(`{"policies": {
		"default": {"allowedDocumentCountries": ["FRA"], "maxDocumentAgeDays": {"payslip": 90}},
		"kyc": {"allowedDocumentCountries": ["FRA", "D"], "allowedBankCountries": ["FR"], "maxDocumentAgeDays": {"payslip": 60}, "similarityWeights": {"birthPlace": 0.1}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	type view struct {
		Docs, Banks map[string]bool
		Ages        map[string]int
		Weights     map[string]float64
	}
	see := func(e Effective) view {
		return view{e.AllowedDocumentCountries, e.AllowedBankCountries, e.MaxDocumentAgeDays, e.SimilarityWeights.Map()}
	}
	for _, id := range []string{"", "kyc"} {
		for _, inline := range []*idcontrolv1.Policy{nil, {MinimumAge: proto.Int32(18)}} {
			first, err := s.Lookup(inline, id)
			if err != nil {
				t.Fatal(err)
			}
			want := see(first)
			want = view{maps.Clone(want.Docs), maps.Clone(want.Banks), maps.Clone(want.Ages), want.Weights}
			first.AllowedDocumentCountries["UTO"] = true
			delete(first.AllowedDocumentCountries, "FRA")
			if first.AllowedBankCountries != nil {
				first.AllowedBankCountries["US"] = true
			}
			first.MaxDocumentAgeDays["payslip"] = 9999
			first.SimilarityWeights.Map()["sex"] = 100
			next, err := s.Lookup(inline, id)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, see(next)); diff != "" {
				t.Errorf("id %q, inline %v: a caller's writes changed the next Lookup (-want +got):\n%s", id, inline, diff)
			}
		}
	}
}

// TestTighten: each setting a request may send inline, stricter and
// looser than the operator's; and the settings it may not send at all.
func TestTighten(t *testing.T) {
	t.Parallel()
	base := Resolve(&idcontrolv1.Policy{
		AllowedDocumentCountries:    []string{"FRA", "D", "BEL"},
		MaxDocumentAgeDays:          map[string]int32{"payslip": 90},
		MinimumResidualValidityDays: proto.Int32(30),
		ExpiryGraceDays:             proto.Int32(10),
		MinimumAge:                  proto.Int32(18),
		SimilarityThreshold:         proto.Float64(0.92),
		MaxAttempts:                 proto.Int32(3),
		KeywordsBlacklist:           []string{"SPECIMEN"},
	})
	defaults := Resolve(nil)
	cases := []struct {
		name   string
		base   Effective
		inline *idcontrolv1.Policy
		// want the violated field and reason; "" when the inline policy is accepted.
		field, reason string
		check         func(t *testing.T, e Effective)
	}{
		{
			name: "nothing inline", base: base, inline: &idcontrolv1.Policy{},
			check: func(t *testing.T, e Effective) {
				if e.MaxAttempts != 3 || e.MinimumAge != 18 || e.SimilarityThreshold != 0.92 {
					t.Errorf("base changed: %+v", e)
				}
			},
		},
		{
			name: "narrower document countries", base: base, inline: &idcontrolv1.Policy{AllowedDocumentCountries: []string{"fra"}},
			check: func(t *testing.T, e Effective) {
				if !e.AllowedDocumentCountries["FRA"] || len(e.AllowedDocumentCountries) != 1 {
					t.Errorf("countries %v", e.AllowedDocumentCountries)
				}
			},
		},
		{name: "a document country the server does not allow", base: base, inline: &idcontrolv1.Policy{AllowedDocumentCountries: []string{"FRA", "RUS"}}, field: "policy.allowedDocumentCountries[1]", reason: ReasonLooser},
		{name: "any document country under the defaults", base: defaults, inline: &idcontrolv1.Policy{AllowedDocumentCountries: []string{"RUS"}}},
		{name: "a SEPA bank country under the defaults", base: defaults, inline: &idcontrolv1.Policy{AllowedBankCountries: []string{"FR", "DE"}}},
		{name: "a bank country outside SEPA", base: defaults, inline: &idcontrolv1.Policy{AllowedBankCountries: []string{"FR", "US"}}, field: "policy.allowedBankCountries[1]", reason: ReasonLooser},
		{
			name: "a shorter document age", base: base, inline: &idcontrolv1.Policy{MaxDocumentAgeDays: map[string]int32{"payslip": 60, "invoice": 120}},
			check: func(t *testing.T, e Effective) {
				if e.MaxDocumentAgeDays["payslip"] != 60 || e.MaxDocumentAgeDays["invoice"] != 120 {
					t.Errorf("ages %v", e.MaxDocumentAgeDays)
				}
				if base.MaxDocumentAgeDays["invoice"] != 0 {
					t.Error("Tighten wrote into the base's map")
				}
			},
		},
		{name: "a longer document age", base: base, inline: &idcontrolv1.Policy{MaxDocumentAgeDays: map[string]int32{"payslip": 91}}, field: `policy.maxDocumentAgeDays["payslip"]`, reason: ReasonLooser},
		{name: "a higher residual validity", base: base, inline: &idcontrolv1.Policy{MinimumResidualValidityDays: proto.Int32(60)}, check: func(t *testing.T, e Effective) {
			if e.MinimumResidualValidityDays != 60 {
				t.Errorf("residual %d", e.MinimumResidualValidityDays)
			}
		}},
		{name: "a lower residual validity", base: base, inline: &idcontrolv1.Policy{MinimumResidualValidityDays: proto.Int32(0)}, field: "policy.minimumResidualValidityDays", reason: ReasonLooser},
		{name: "less grace", base: base, inline: &idcontrolv1.Policy{ExpiryGraceDays: proto.Int32(0)}, check: func(t *testing.T, e Effective) {
			if e.ExpiryGraceDays != 0 {
				t.Errorf("grace %d", e.ExpiryGraceDays)
			}
		}},
		{name: "more grace", base: base, inline: &idcontrolv1.Policy{ExpiryGraceDays: proto.Int32(11)}, field: "policy.expiryGraceDays", reason: ReasonLooser},
		{name: "a higher minimum age", base: base, inline: &idcontrolv1.Policy{MinimumAge: proto.Int32(21)}},
		{name: "a lower minimum age", base: base, inline: &idcontrolv1.Policy{MinimumAge: proto.Int32(0)}, field: "policy.minimumAge", reason: ReasonLooser},
		{name: "more attempts", base: base, inline: &idcontrolv1.Policy{MaxAttempts: proto.Int32(1000)}, field: "policy.maxAttempts", reason: ReasonServerOnly},
		// The contract: attempts, their lifetime, the threshold come from
		// the server's configuration only, even when stricter.
		{name: "fewer attempts", base: base, inline: &idcontrolv1.Policy{MaxAttempts: proto.Int32(1)}, field: "policy.maxAttempts", reason: ReasonServerOnly},
		{name: "a lower threshold", base: base, inline: &idcontrolv1.Policy{SimilarityThreshold: proto.Float64(0)}, field: "policy.similarityThreshold", reason: ReasonServerOnly},
		{name: "a higher threshold", base: base, inline: &idcontrolv1.Policy{SimilarityThreshold: proto.Float64(0.99)}, field: "policy.similarityThreshold", reason: ReasonServerOnly},
		{name: "weights", base: base, inline: &idcontrolv1.Policy{SimilarityWeights: map[string]float64{"sex": 1}}, field: "policy.similarityWeights", reason: ReasonServerOnly},
		{name: "attempts lifetime", base: base, inline: &idcontrolv1.Policy{AttemptsTtlDays: proto.Int32(1)}, field: "policy.attemptsTtlDays", reason: ReasonServerOnly},
		{name: "require a key", base: base, inline: &idcontrolv1.Policy{RequireAttemptKey: proto.Bool(true)}, field: "policy.requireAttemptKey", reason: ReasonServerOnly},
		{name: "a whitelist", base: base, inline: &idcontrolv1.Policy{KeywordsWhitelist: []string{"SPECIMEN"}}, field: "policy.keywordsWhitelist", reason: ReasonServerOnly},
		{
			name: "more blacklisted words", base: base, inline: &idcontrolv1.Policy{KeywordsBlacklist: []string{"SPECIMEN", "FAKE"}},
			check: func(t *testing.T, e Effective) {
				if diff := cmp.Diff([]string{"SPECIMEN", "FAKE"}, e.KeywordsBlacklist); diff != "" {
					t.Errorf("blacklist (-want +got):\n%s", diff)
				}
			},
		},
		{name: "decision rules", base: base, inline: &idcontrolv1.Policy{DecisionRules: []*idcontrolv1.DecisionRule{{Control: "notSpecimen", Outcome: idcontrolv1.ControlOutcome_CONTROL_OUTCOME_FAILED, Action: idcontrolv1.Decision_DECISION_DECLINE}}}, field: "policy.decisionRules", reason: ReasonServerOnly},
		{name: "more documents per file", base: base, inline: &idcontrolv1.Policy{MaxDocumentsPerFile: proto.Int32(21)}, field: "policy.maxDocumentsPerFile", reason: ReasonLooser},
		{
			name: "fewer documents per file", base: base, inline: &idcontrolv1.Policy{MaxDocumentsPerFile: proto.Int32(5)},
			check: func(t *testing.T, e Effective) {
				if e.MaxDocumentsPerFile != 5 {
					t.Errorf("maxDocumentsPerFile = %d", e.MaxDocumentsPerFile)
				}
			},
		},
		{
			name: "more operator information words", base: base, inline: &idcontrolv1.Policy{KeywordsOperatorInfo: []string{"loyer"}},
			check: func(t *testing.T, e Effective) {
				if diff := cmp.Diff([]string{"loyer"}, e.KeywordsOperatorInfo); diff != "" {
					t.Errorf("operator info (-want +got):\n%s", diff)
				}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e, v := c.base.Tighten(c.inline)
			if c.field == "" {
				if len(v) != 0 {
					t.Fatalf("refused: %v", v)
				}
				if c.check != nil {
					c.check(t, e)
				}
				return
			}
			if len(v) != 1 || v[0].Field != c.field || v[0].Reason != c.reason || v[0].Description == "" {
				t.Fatalf("violations %+v, want one on %s (%s)", v, c.field, c.reason)
			}
			// A refused inline policy changes nothing.
			if e.MaxAttempts != c.base.MaxAttempts || e.SimilarityThreshold != c.base.SimilarityThreshold || e.MinimumAge != c.base.MinimumAge {
				t.Errorf("a refused inline policy changed the base: %+v", e)
			}
		})
	}
}

func TestCheckWeights(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		w    map[string]float64
		ok   bool
	}{
		{"defaults", DefaultSimilarityWeights, true},
		{"the onboarding example", Resolve(&idcontrolv1.Policy{SimilarityWeights: map[string]float64{"birthPlace": 0.10}}).SimilarityWeights.Map(), true},
		{"everything on sex", map[string]float64{"sex": 1}, false},
		{"sex dominant", Resolve(&idcontrolv1.Policy{SimilarityWeights: map[string]float64{"sex": 100}}).SimilarityWeights.Map(), false},
		{"names weighted zero", Resolve(&idcontrolv1.Policy{SimilarityWeights: map[string]float64{"lastName": 0, "firstNames": 0}}).SimilarityWeights.Map(), false},
		{"birth date weighted zero", Resolve(&idcontrolv1.Policy{SimilarityWeights: map[string]float64{"birthDate": 0}}).SimilarityWeights.Map(), false},
		{"all zero", map[string]float64{"lastName": 0}, false},
		{"birth place dominant", Resolve(&idcontrolv1.Policy{SimilarityWeights: map[string]float64{"birthPlace": 1}}).SimilarityWeights.Map(), false},
		{"identity fields only", map[string]float64{"lastName": 1, "firstNames": 1, "birthDate": 1}, true},
		{"usage name weighted zero", Resolve(&idcontrolv1.Policy{SimilarityWeights: map[string]float64{"usageName": 0, "sex": 0}}).SimilarityWeights.Map(), true},
	}
	for _, c := range cases {
		if err := CheckWeights(c.w); (err == nil) != c.ok {
			t.Errorf("%s: CheckWeights(%v) = %v, want ok %v", c.name, c.w, err, c.ok)
		}
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
		// Errors name the file's keys, camelCase.
		{"threshold above 1", `{"policies": {"a": {"similarityThreshold": 1.5}}}`, `policies["a"].similarityThreshold: must be`},
		{"a number as text", `{"policies": {"a": {"maxAttempts": "x"}}}`, `field maxAttempts`},
		{"negative residual validity", `{"policies": {"a": {"minimumResidualValidityDays": -1}}}`, `policies["a"].minimumResidualValidityDays`},
		{"everything on sex", `{"policies": {"a": {"similarityWeights": {"lastName": 0, "firstNames": 0, "birthDate": 0, "birthPlace": 0, "usageName": 0, "sex": 1}}}}`, `policies["a"].similarityWeights: lastName carries 0%`},
		{"names weighted zero", `{"policies": {"ok": {}, "b": {"similarityWeights": {"lastName": 0, "firstNames": 0}}}}`, `policies["b"].similarityWeights: lastName carries 0%`},
		{"a degenerate default entry", `{"policies": {"default": {"similarityWeights": {"birthDate": 0}}}}`, `policies["default"].similarityWeights: birthDate carries 0%`},
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
			if err != nil && strings.Contains(err.Error(), "_") {
				t.Errorf("Load: %v names a field in snake_case", err)
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

func TestCamelPath(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`policies["kyc_fr"].similarity_threshold`:           `policies["kyc_fr"].similarityThreshold`,
		`policies["a"].max_document_age_days["tax_notice"]`: `policies["a"].maxDocumentAgeDays["tax_notice"]`,
		`policies["a\"_b"].keywords_blacklist[3]`:           `policies["a\"_b"].keywordsBlacklist[3]`,
		`max_attempts`: `maxAttempts`,
	} {
		if got := camelPath(in); got != want {
			t.Errorf("camelPath(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestDecisionRulesNameKnownControls: a misspelt control in a decision rule
// would never match; the file is refused instead.
func TestDecisionRulesNameKnownControls(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		rule string
		ok   bool
	}{
		{`{"control": "mrzValid", "outcome": "CONTROL_OUTCOME_FAILED", "action": "DECISION_DECLINE"}`, true},
		{`{"family": "identityDocument", "control": "mrzValid", "outcome": "CONTROL_OUTCOME_FAILED", "action": "DECISION_DECLINE"}`, true},
		{`{"family": "payslip", "control": "participants.birthDateMatch", "outcome": "CONTROL_OUTCOME_FAILED", "action": "DECISION_DECLINE"}`, true},
		{`{"control": "unchecked", "outcome": "CONTROL_OUTCOME_ABSENT", "action": "DECISION_DECLINE"}`, true},
		{`{"family": "bankDetails", "outcome": "CONTROL_OUTCOME_ABSENT", "action": "DECISION_REVIEW"}`, true},
		{`{"control": "mrzValide", "outcome": "CONTROL_OUTCOME_FAILED", "action": "DECISION_DECLINE"}`, false},
		{`{"family": "bankDetails", "control": "mrzValid", "outcome": "CONTROL_OUTCOME_FAILED", "action": "DECISION_DECLINE"}`, false},
		{`{"control": "participants.owner", "outcome": "CONTROL_OUTCOME_FAILED", "action": "DECISION_DECLINE"}`, false},
		{`{"family": "coherence", "control": "participants.sameIdentity", "outcome": "CONTROL_OUTCOME_FAILED", "action": "DECISION_DECLINE"}`, true},
		{`{"family": "coherence", "control": "participants.sameIdentiti", "outcome": "CONTROL_OUTCOME_FAILED", "action": "DECISION_DECLINE"}`, false},
	} {
		_, err := Parse([]byte(`{"policies": {"p": {"decisionRules": [` + c.rule + `]}}}`))
		if (err == nil) != c.ok {
			t.Errorf("%s: err %v, want ok %v", c.rule, err, c.ok)
		}
	}
}
