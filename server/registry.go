package server

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/idcontrol/idcontrol/checks/company"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/registry"
)

// validateRegistry checks the connector's flags.
func (c Config) validateRegistry() []error {
	var errs []error
	for flag, raw := range map[string]string{"--sirene-url": c.SireneURL, "--registry-url": c.RegistryURL} {
		if raw == "" {
			continue
		}
		if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("%s must be an http(s) URL", flag))
		}
	}
	if c.SireneToken != "" && c.SireneURL == "" {
		errs = append(errs, fmt.Errorf("--sirene-token needs --sirene-url (%s)", registry.DefaultSireneURL))
	}
	if c.RegistryTimeout <= 0 {
		errs = append(errs, errors.New("--registry-timeout must be positive"))
	}
	if c.RegistryCacheTTL <= 0 {
		errs = append(errs, errors.New("--registry-cache-ttl must be positive"))
	}
	if c.RegistryCacheSize < 1 || c.RegistryCacheSize > 10_000_000 {
		errs = append(errs, fmt.Errorf("--registry-cache-size must be between 1 and 10000000, got %d", c.RegistryCacheSize))
	}
	return errs
}

// newRegistry builds the company-registry connector from the flags; nil
// (off) when neither source is configured.
func newRegistry(c Config) *registry.Connector {
	opts := registry.Options{CacheSize: c.RegistryCacheSize, CacheTTL: c.RegistryCacheTTL}
	if c.SireneURL != "" {
		opts.Sirene = registry.NewSirene(c.SireneURL, c.SireneToken, nil, c.RegistryTimeout)
	}
	if c.RegistryURL != "" {
		opts.Open = registry.NewRecherche(c.RegistryURL, nil, c.RegistryTimeout)
	}
	return registry.New(opts)
}

// registrySources names the configured sources for the start-up log (no
// URL, no token).
func registrySources(c Config) []string {
	var out []string
	if c.SireneURL != "" {
		out = append(out, registry.SourceSirene)
	}
	if c.RegistryURL != "" {
		out = append(out, registry.SourceRecherche)
	}
	return out
}

// lookupCompany asks the registry (or takes the supplied data) and logs a
// connector failure: the error names the source and HTTP status, never the
// number looked up.
func (d *deps) lookupCompany(ctx context.Context, id company.ID, supplied *idcontrolv1.CompanyRecord) company.Outcome {
	var looker company.Looker
	if d.registry != nil {
		looker = d.registry
	}
	o := company.Lookup(ctx, looker, id, supplied)
	if o.Err != nil && d.log != nil {
		d.log.WarnContext(ctx, "company registry failed", "error", o.Err.Error())
	}
	return o
}
