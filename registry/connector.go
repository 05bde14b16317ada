package registry

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/sony/gobreaker/v2"
	"golang.org/x/sync/singleflight"
)

// Defaults of a Connector.
const (
	DefaultCacheSize = 10000
	DefaultCacheTTL  = 24 * time.Hour
	// maxNegativeTTL bounds how long "unknown number" is remembered: a
	// company registered today must not stay unknown for a day.
	maxNegativeTTL = time.Hour
	// defaultBudget bounds a lookup whose caller set no deadline.
	defaultBudget = 10 * time.Second
	// breakerFailures consecutive failures open a source's breaker for
	// breakerCooldown; then one trial call decides.
	breakerFailures = 5
	breakerCooldown = 30 * time.Second
)

// Options configure a Connector. At least one source must be set.
type Options struct {
	// Sirene is authoritative for the administrative state (nil: not used).
	Sirene Source
	// Open gives the directors, and everything when Sirene is nil.
	Open Source
	// CacheSize bounds the cached answers (DefaultCacheSize when 0).
	CacheSize int
	// CacheTTL is how long an answer is reused (DefaultCacheTTL when 0).
	CacheTTL time.Duration
}

// Connector looks companies up through the configured sources, with a
// cache, singleflight and a circuit breaker per source. It is safe for
// concurrent use; the Companies it returns are shared and must not be
// modified.
type Connector struct {
	sirene, open *guarded
	found        *expirable.LRU[string, *Company]
	unknown      *expirable.LRU[string, error]
	group        singleflight.Group
	hits, misses atomic.Int64
}

// guarded is a source behind its circuit breaker.
type guarded struct {
	src     Source
	breaker *gobreaker.CircuitBreaker[*Company]
	calls   atomic.Int64
}

// Stats counts what a Connector did.
type Stats struct {
	// Hits and Misses of the cache (a miss that joins a call in flight
	// counts as a miss).
	Hits, Misses int64
	// SireneCalls and OpenCalls count lookups that reached the source
	// (each may make several HTTP attempts).
	SireneCalls, OpenCalls int64
}

// New returns a Connector; nil when opts has no source.
func New(opts Options) *Connector {
	if opts.Sirene == nil && opts.Open == nil {
		return nil
	}
	size := opts.CacheSize
	if size <= 0 {
		size = DefaultCacheSize
	}
	ttl := opts.CacheTTL
	if ttl <= 0 {
		ttl = DefaultCacheTTL
	}
	c := &Connector{
		found:   expirable.NewLRU[string, *Company](size, nil, ttl),
		unknown: expirable.NewLRU[string, error](size, nil, min(ttl, maxNegativeTTL)),
	}
	if opts.Sirene != nil {
		c.sirene = guard(opts.Sirene)
	}
	if opts.Open != nil {
		c.open = guard(opts.Open)
	}
	return c
}

func guard(src Source) *guarded {
	return &guarded{src: src, breaker: gobreaker.NewCircuitBreaker[*Company](gobreaker.Settings{
		Name:    src.Name(),
		Timeout: breakerCooldown,
		ReadyToTrip: func(c gobreaker.Counts) bool {
			return c.ConsecutiveFailures >= breakerFailures
		},
		// An unknown number is an answer, not a failure of the source.
		IsSuccessful: func(err error) bool {
			nf, _ := IsNotFound(err)
			return err == nil || nf
		},
	})}
}

func (g *guarded) lookup(ctx context.Context, id string) (*Company, error) {
	c, err := g.breaker.Execute(func() (*Company, error) {
		g.calls.Add(1)
		return g.src.Lookup(ctx, id)
	})
	if errors.Is(err, gobreaker.ErrOpenState) || errors.Is(err, gobreaker.ErrTooManyRequests) {
		return nil, &UpstreamError{Source: g.src.Name(), Reason: "circuit open after repeated failures", Err: err}
	}
	return c, err
}

// Stats returns the counters.
func (c *Connector) Stats() Stats {
	s := Stats{Hits: c.hits.Load(), Misses: c.misses.Load()}
	if c.sirene != nil {
		s.SireneCalls = c.sirene.calls.Load()
	}
	if c.open != nil {
		s.OpenCalls = c.open.calls.Load()
	}
	return s
}

// Lookup looks up a SIREN or a SIRET (already validated: 9 or 14 digits).
// An unknown number is a *NotFoundError; a failure an *UpstreamError.
// Concurrent lookups of one number share one upstream call, which runs
// until the first caller's deadline even if that caller goes away.
func (c *Connector) Lookup(ctx context.Context, id string) (*Company, error) {
	if co, ok := c.found.Get(id); ok {
		c.hits.Add(1)
		return co, nil
	}
	if err, ok := c.unknown.Get(id); ok {
		c.hits.Add(1)
		return nil, err
	}
	c.misses.Add(1)
	ch := c.group.DoChan(id, func() (any, error) {
		// A call that ended just before this one began has cached its answer.
		if co, ok := c.found.Get(id); ok {
			return co, nil
		}
		uctx, cancel := detached(ctx)
		defer cancel()
		return c.fetch(uctx, id)
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*Company), nil
	case <-ctx.Done():
		return nil, &UpstreamError{Source: "registry", Reason: "the caller's deadline passed", Err: ctx.Err()}
	}
}

// detached is ctx without its cancellation but with its deadline (or the
// default budget): the shared call outlives a caller that gives up.
func detached(ctx context.Context) (context.Context, context.CancelFunc) {
	dl, ok := ctx.Deadline()
	if !ok {
		dl = time.Now().Add(defaultBudget)
	}
	return context.WithDeadline(context.WithoutCancel(ctx), dl)
}

// fetch asks the sources and merges their answers: SIRENE's state and
// offices, the open registry's directors (and the rest without SIRENE).
// Only complete answers and "unknown" are cached, never a failure.
func (c *Connector) fetch(ctx context.Context, id string) (*Company, error) {
	var (
		sir, opn       *Company
		sirErr, opnErr error
		wg             sync.WaitGroup
	)
	if c.open != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			opn, opnErr = c.open.lookup(ctx, id)
		}()
	}
	if c.sirene != nil {
		sir, sirErr = c.sirene.lookup(ctx, id)
	}
	wg.Wait()

	if c.sirene == nil {
		if opnErr != nil {
			// "Unknown" is an answer and is remembered (briefly); it
			// stays non-authoritative for the controls.
			if nf, _ := IsNotFound(opnErr); nf {
				c.unknown.Add(id, opnErr)
			}
			return nil, opnErr
		}
		c.found.Add(id, opn)
		return opn, nil
	}
	if sirErr != nil {
		if nf, _ := IsNotFound(sirErr); nf {
			c.unknown.Add(id, sirErr)
		}
		return nil, sirErr
	}
	if c.open == nil {
		c.found.Add(id, sir)
		return sir, nil
	}
	merged := merge(sir, opn)
	// Complete when the open registry answered, even "unknown" (a unit
	// whose data are not public there): a failure there is retried next
	// time instead.
	if nf, _ := IsNotFound(opnErr); opnErr == nil || nf {
		c.found.Add(id, merged)
	}
	return merged, nil
}

// merge completes SIRENE's answer with the open registry's directors and
// the addresses SIRENE's /siren answer lacks. open may be nil (it failed):
// then the directors are unknown.
func merge(sir, open *Company) *Company {
	m := *sir
	m.Offices = append([]Office(nil), sir.Offices...)
	if open == nil {
		return &m
	}
	m.Source = SourceSirene + "+" + SourceRecherche
	m.Agents, m.AgentsKnown = open.Agents, open.AgentsKnown
	if m.LegalName == "" {
		m.LegalName = open.LegalName
	}
	for _, oo := range open.Offices {
		i := -1
		for j := range m.Offices {
			if m.Offices[j].SIRET == oo.SIRET {
				i = j
			}
		}
		if i < 0 {
			m.Offices = append(m.Offices, oo)
			continue
		}
		so := &m.Offices[i]
		if so.Address == "" {
			so.Address, so.PostalCode, so.City = oo.Address, oo.PostalCode, oo.City
		}
		if so.State == StateUnknown {
			so.State = oo.State
		}
		if so.APECode == "" {
			so.APECode = oo.APECode
		}
	}
	return &m
}
