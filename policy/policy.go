// Package policy turns the Policy message (inline in a request, or named in
// the server's policy file) into the effective settings a control reads,
// with the documented defaults for whatever the policy leaves unset.
package policy

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"buf.build/go/protovalidate"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

// Default values of the settings a policy may leave unset.
const (
	DefaultSimilarityThreshold = 0.90
	DefaultMaxAttempts         = 3
	DefaultAttemptsTTL         = 30 * 24 * time.Hour
	// DefaultMaxDocumentsPerFile bounds CheckClientFile's documents.
	DefaultMaxDocumentsPerFile = 20
)

// DefaultSimilarityWeights are the SIMILARITY weights, keyed by field.
var DefaultSimilarityWeights = map[string]float64{
	"lastName":   0.30,
	"firstNames": 0.25,
	"birthDate":  0.20,
	"birthPlace": 0.15,
	"sex":        0.05,
	"usageName":  0.05,
}

// Effective is a resolved policy: every setting has a value.
type Effective struct {
	// AllowedDocumentCountries holds ICAO codes; nil allows every country.
	AllowedDocumentCountries map[string]bool
	// AllowedBankCountries holds alpha-2 codes; nil means the SEPA scope.
	AllowedBankCountries map[string]bool
	// MaxDocumentAgeDays by family; a missing family has no maximum.
	MaxDocumentAgeDays map[string]int
	// MinimumResidualValidityDays: a document must stay valid this long.
	MinimumResidualValidityDays int
	// ExpiryGraceDays: a document is accepted this long after its legal expiry.
	ExpiryGraceDays int
	// MinimumAge in years; 0 means no minimum (holderAgeValid absent).
	MinimumAge          int
	SimilarityThreshold float64
	SimilarityWeights   Weights
	MaxAttempts         int
	AttemptsTTL         time.Duration
	KeywordsWhitelist   []string
	KeywordsBlacklist   []string
	KeywordsParticipant []string
	KeywordsOperator    []string
	// MaxDocumentsPerFile: CheckClientFile refuses a file with more.
	MaxDocumentsPerFile int
	// DecisionRules: CheckClientFile's rules over its defaults.
	DecisionRules []*idcontrolv1.DecisionRule
	// KeywordsOperatorInfo: words shown to the operator as information.
	KeywordsOperatorInfo []string
	// TaxNoticeAcceptsASDIR: a tax notice's 2D-Doc may be an ASDIR (type 18).
	TaxNoticeAcceptsASDIR bool
	// RequireAttemptKey: ScoreSimilarity refuses a call without attemptKey.
	RequireAttemptKey bool
}

// Weights are SIMILARITY weights, keyed by field, read-only: a resolved
// policy is shared by every request that uses it, so no request may change
// the weights the next one reads.
type Weights struct{ m map[string]float64 }

// NewWeights returns weights holding a copy of m.
func NewWeights(m map[string]float64) Weights { return Weights{maps.Clone(m)} }

// Get returns the weight of field, 0 when it has none.
func (w Weights) Get(field string) float64 { return w.m[field] }

// Map returns a copy of the weights.
func (w Weights) Map() map[string]float64 { return maps.Clone(w.m) }

// defaultWeights are DefaultSimilarityWeights as of start-up, shared by
// every policy that sets no weight.
var defaultWeights = NewWeights(DefaultSimilarityWeights)

// Resolve applies p over the defaults. p may be nil.
func Resolve(p *idcontrolv1.Policy) Effective {
	e := Effective{
		SimilarityThreshold: DefaultSimilarityThreshold,
		SimilarityWeights:   defaultWeights,
		MaxAttempts:         DefaultMaxAttempts,
		AttemptsTTL:         DefaultAttemptsTTL,
		MaxDocumentsPerFile: DefaultMaxDocumentsPerFile,
	}
	if p == nil {
		return e
	}
	if len(p.GetAllowedDocumentCountries()) > 0 {
		e.AllowedDocumentCountries = set(p.GetAllowedDocumentCountries())
	}
	if len(p.GetAllowedBankCountries()) > 0 {
		e.AllowedBankCountries = set(p.GetAllowedBankCountries())
	}
	if len(p.GetMaxDocumentAgeDays()) > 0 {
		e.MaxDocumentAgeDays = make(map[string]int, len(p.GetMaxDocumentAgeDays()))
		for k, v := range p.GetMaxDocumentAgeDays() {
			e.MaxDocumentAgeDays[k] = int(v)
		}
	}
	e.MinimumResidualValidityDays = int(p.GetMinimumResidualValidityDays())
	e.ExpiryGraceDays = int(p.GetExpiryGraceDays())
	e.MinimumAge = int(p.GetMinimumAge())
	if p.SimilarityThreshold != nil {
		e.SimilarityThreshold = p.GetSimilarityThreshold()
	}
	if w := p.GetSimilarityWeights(); len(w) > 0 {
		m := defaultWeights.Map()
		maps.Copy(m, w)
		e.SimilarityWeights = Weights{m}
	}
	if p.MaxAttempts != nil {
		e.MaxAttempts = int(p.GetMaxAttempts())
	}
	if p.AttemptsTtlDays != nil {
		e.AttemptsTTL = time.Duration(p.GetAttemptsTtlDays()) * 24 * time.Hour
	}
	e.KeywordsWhitelist = p.GetKeywordsWhitelist()
	e.KeywordsBlacklist = p.GetKeywordsBlacklist()
	e.KeywordsParticipant = p.GetKeywordsParticipantAlert()
	e.KeywordsOperator = p.GetKeywordsOperatorAlert()
	e.KeywordsOperatorInfo = p.GetKeywordsOperatorInfo()
	e.DecisionRules = p.GetDecisionRules()
	if p.MaxDocumentsPerFile != nil {
		e.MaxDocumentsPerFile = int(p.GetMaxDocumentsPerFile())
	}
	e.TaxNoticeAcceptsASDIR = p.GetTaxNoticeAcceptsAsdir()
	e.RequireAttemptKey = p.GetRequireAttemptKey()
	return e
}

func set(codes []string) map[string]bool {
	m := make(map[string]bool, len(codes))
	for _, c := range codes {
		m[strings.ToUpper(strings.TrimSpace(c))] = true
	}
	return m
}

// Store holds the named policies of the server's policy file, resolved
// once when the file is read: a request shares the resolved policy instead
// of resolving it again.
type Store struct {
	named    map[string]*idcontrolv1.Policy
	resolved map[string]Effective
}

// ErrUnknownPolicy is returned for a policyId the store does not hold.
var ErrUnknownPolicy = errors.New("unknown policy id")

// Lookup returns the policy a request asks for. The base is the named
// policy when id is set, else the server's default policy (the file's
// "default" entry, else the built-in defaults); an inline policy is applied
// over the base and may only make it stricter (see Tighten). A rule the
// inline policy breaks is returned as checks.Violations; an id the store
// does not hold as ErrUnknownPolicy.
func (s *Store) Lookup(inline *idcontrolv1.Policy, id string) (Effective, error) {
	base, err := s.base(id)
	if err != nil {
		return Effective{}, err
	}
	e, v := base.Tighten(inline)
	if err := v.Err(); err != nil {
		return Effective{}, err
	}
	return e, nil
}

func (s *Store) base(id string) (Effective, error) {
	if id == "" {
		id = DefaultPolicyID
		if _, ok := s.lookup(id); !ok {
			return Resolve(nil), nil
		}
	}
	if e, ok := s.lookup(id); ok {
		return e.own(), nil
	}
	return Effective{}, ErrUnknownPolicy
}

func (s *Store) lookup(id string) (Effective, bool) {
	if s == nil {
		return Effective{}, false
	}
	e, ok := s.resolved[id]
	return e, ok
}

// own gives e its own copies of the maps a caller can write to (none on the
// default policy, so nothing is copied there), so that the stored policy
// stays as the file says whatever a request does with its copy. The
// weights are read-only and stay shared.
func (e Effective) own() Effective {
	e.AllowedDocumentCountries = maps.Clone(e.AllowedDocumentCountries)
	e.AllowedBankCountries = maps.Clone(e.AllowedBankCountries)
	e.MaxDocumentAgeDays = maps.Clone(e.MaxDocumentAgeDays)
	return e
}

// IDs lists the named policies, sorted.
func (s *Store) IDs() []string {
	if s == nil {
		return nil
	}
	return slices.Sorted(maps.Keys(s.named))
}

// Load reads a policy file: a PolicyFile message in protojson, whose
// "policies" object maps policy ids to Policy messages
// ({"policies": {"kyc-fr": {"allowedDocumentCountries": ["FRA"]}}}).
// An empty path gives an empty store.
func Load(path string) (*Store, error) {
	s := &Store{named: map[string]*idcontrolv1.Policy{}}
	if path == "" {
		return s, nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read policy file: %w", err)
	}
	return Parse(raw)
}

// Parse reads the content of a policy file (see Load).
func Parse(raw []byte) (*Store, error) {
	// protojson rejects unknown keys, so a misspelt setting fails the start
	// instead of being ignored.
	file := &idcontrolv1.PolicyFile{}
	if err := protojson.Unmarshal(raw, file); err != nil {
		return nil, fmt.Errorf("parse policy file: %w", err)
	}
	if err := protovalidate.Validate(file); err != nil {
		return nil, fmt.Errorf("policy file: %w", jsonNamed(err))
	}
	var errs []error
	resolved := make(map[string]Effective, len(file.GetPolicies()))
	for _, id := range slices.Sorted(maps.Keys(file.GetPolicies())) {
		resolved[id] = Resolve(file.GetPolicies()[id])
		if err := CheckWeights(resolved[id].SimilarityWeights.m); err != nil {
			errs = append(errs, fmt.Errorf("policies[%q].similarityWeights: %w", id, err))
		}
		for _, err := range checkDecisionRules(file.GetPolicies()[id].GetDecisionRules()) {
			errs = append(errs, fmt.Errorf("policies[%q].%w", id, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("policy file: %w", err)
	}
	return &Store{named: file.GetPolicies(), resolved: resolved}, nil
}
