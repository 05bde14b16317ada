package signature

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// Policy holds the operator's limits for signatures. Zero fields take the
// defaults of DefaultPolicy when loaded.
type Policy struct {
	// CodeLength is the number of digits of a code (default 6, 4..10).
	CodeLength int `json:"codeLength,omitempty"`
	// CodeTTL is how long a code is valid (default 5 minutes).
	CodeTTL Duration `json:"codeTtl,omitempty"`
	// ResendCooldown is the least time between two codes to one
	// agreement (default 60 s).
	ResendCooldown Duration `json:"resendCooldown,omitempty"`
	// MaxSendsPerDay caps the codes sent to one number in 24 hours
	// (default 5).
	MaxSendsPerDay int `json:"maxSendsPerDay,omitempty"`
	// MaxAttempts is the number of tries per code (default 3).
	MaxAttempts int `json:"maxAttempts,omitempty"`
	// DefaultValidity is how long an agreement stays active when the CRM
	// sets no expiry date on activation (default 365 days).
	DefaultValidity Duration `json:"defaultValidity,omitempty"`
	// AllowedCountries are the ISO 3166 alpha-2 regions whose mobile
	// numbers may sign (empty: all).
	AllowedCountries []string `json:"allowedCountries,omitempty"`
	// RequiredDocuments are the documents the signer's portal must hold
	// before the offer can be accepted (names; empty: none).
	RequiredDocuments []string `json:"requiredDocuments,omitempty"`
	// Templates is the SMS text per language (ru, fr, en) with the
	// placeholders {code}, {minutes} and {documents}; the default
	// language is en.
	Templates map[string]string `json:"templates,omitempty"`
}

// DefaultTemplates are the SMS texts when the policy sets none.
var DefaultTemplates = map[string]string{
	"ru": "Код простой электронной подписи: {code}. Действует {minutes} мин. Документов: {documents}. Никому не сообщайте этот код.",
	"fr": "Votre code de signature : {code}. Valable {minutes} min. Documents : {documents}. Ne le communiquez à personne.",
	"en": "Your signature code: {code}. Valid for {minutes} min. Documents: {documents}. Never share this code.",
}

// DefaultPolicy returns the limits used when the operator sets none.
func DefaultPolicy() Policy {
	return Policy{
		CodeLength:      6,
		CodeTTL:         Duration(5 * time.Minute),
		ResendCooldown:  Duration(time.Minute),
		MaxSendsPerDay:  5,
		MaxAttempts:     3,
		DefaultValidity: Duration(365 * 24 * time.Hour),
		Templates:       DefaultTemplates,
	}
}

// withDefaults fills zero fields from DefaultPolicy.
func (p Policy) withDefaults() Policy {
	d := DefaultPolicy()
	if p.CodeLength == 0 {
		p.CodeLength = d.CodeLength
	}
	if p.CodeTTL == 0 {
		p.CodeTTL = d.CodeTTL
	}
	if p.ResendCooldown == 0 {
		p.ResendCooldown = d.ResendCooldown
	}
	if p.MaxSendsPerDay == 0 {
		p.MaxSendsPerDay = d.MaxSendsPerDay
	}
	if p.MaxAttempts == 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.DefaultValidity == 0 {
		p.DefaultValidity = d.DefaultValidity
	}
	if len(p.Templates) == 0 {
		p.Templates = d.Templates
	}
	return p
}

// Validate reports limits that make no sense.
func (p Policy) Validate() error {
	var errs []error
	if p.CodeLength < 4 || p.CodeLength > 10 {
		errs = append(errs, fmt.Errorf("codeLength must be between 4 and 10, got %d", p.CodeLength))
	}
	if p.CodeTTL < Duration(30*time.Second) || p.CodeTTL > Duration(time.Hour) {
		errs = append(errs, errors.New("codeTtl must be between 30s and 1h"))
	}
	if p.ResendCooldown < 0 || p.ResendCooldown > p.CodeTTL {
		errs = append(errs, errors.New("resendCooldown must be between 0 and codeTtl"))
	}
	if p.MaxSendsPerDay < 1 || p.MaxSendsPerDay > 100 {
		errs = append(errs, errors.New("maxSendsPerDay must be between 1 and 100"))
	}
	if p.MaxAttempts < 1 || p.MaxAttempts > 10 {
		errs = append(errs, errors.New("maxAttempts must be between 1 and 10"))
	}
	if p.DefaultValidity < Duration(24*time.Hour) {
		errs = append(errs, errors.New("defaultValidity must be at least 24h"))
	}
	for lang, t := range p.Templates {
		if !strings.Contains(t, "{code}") {
			errs = append(errs, fmt.Errorf("template %q lacks {code}", lang))
		}
	}
	if _, ok := p.Templates["en"]; !ok {
		errs = append(errs, errors.New(`templates must include "en", the fallback language`))
	}
	return errors.Join(errs...)
}

// LoadPolicy reads a JSON policy file; "" is DefaultPolicy.
func LoadPolicy(path string) (Policy, error) {
	if path == "" {
		return DefaultPolicy(), nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return Policy{}, fmt.Errorf("signature policy: %w", err)
	}
	var p Policy
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Policy{}, fmt.Errorf("signature policy %s: %w", path, err)
	}
	p = p.withDefaults()
	if err := p.Validate(); err != nil {
		return Policy{}, fmt.Errorf("signature policy %s: %w", path, err)
	}
	return p, nil
}

// CountryAllowed says whether numbers of region may sign.
func (p Policy) CountryAllowed(region string) bool {
	if len(p.AllowedCountries) == 0 {
		return true
	}
	for _, c := range p.AllowedCountries {
		if strings.EqualFold(c, region) {
			return true
		}
	}
	return false
}

// Duration is a time.Duration written as "5m" in JSON.
type Duration time.Duration

// MarshalJSON writes the duration as a Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads a Go duration string ("90s", "5m", "8760h").
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("a duration is a string such as \"5m\"")
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// D returns the time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }
