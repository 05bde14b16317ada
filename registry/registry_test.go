package registry

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// fakeRegistry answers as both sources do, from testdata: the open API's
// /search?q= and SIRENE's /siren/{siren} and /siret/{siret}. hook, when
// set, may answer first (429, 500, delays…).
type fakeRegistry struct {
	calls atomic.Int64
	hook  func(w http.ResponseWriter, r *http.Request, n int64) bool
	key   string
}

func (f *fakeRegistry) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := f.calls.Add(1)
	if f.hook != nil && f.hook(w, r, n) {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	var file string
	switch {
	case r.URL.Path == "/search":
		file = filepath.Join("testdata", "recherche", r.URL.Query().Get("q")+".json")
		if _, err := os.Stat(file); err != nil {
			// The open API answers an empty page for a number it does not hold.
			_, _ = w.Write([]byte(`{"results":[],"total_results":0,"page":1,"per_page":5,"total_pages":0}`))
			return
		}
	case strings.HasPrefix(r.URL.Path, "/siren/"), strings.HasPrefix(r.URL.Path, "/siret/"):
		if f.key != "" && r.Header.Get(sireneKeyHeader) != f.key {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		kind, id := r.URL.Path[1:6], r.URL.Path[7:]
		file = filepath.Join("testdata", "sirene", kind+"_"+id+".json")
		if _, err := os.Stat(file); err != nil {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"header":{"statut":404,"message":"Aucun élément trouvé pour le ` + kind + ` ` + id + `"}}`))
			return
		}
	default:
		w.WriteHeader(http.StatusNotFound)
		return
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	_, _ = w.Write(raw)
}

func newFake(t *testing.T, f *fakeRegistry) string {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return srv.URL
}

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestRechercheActiveCompany(t *testing.T) {
	t.Parallel()
	url := newFake(t, &fakeRegistry{})
	c, err := NewRecherche(url, nil, time.Second).Lookup(ctxTimeout(t, 2*time.Second), "812345676")
	if err != nil {
		t.Fatal(err)
	}
	if c.State != StateActive || c.LegalName != "BOULANGERIE DURAND" || c.LegalFormCode != "5710" ||
		c.LegalForm != "SAS, société par actions simplifiée" || c.RegistrationDate != "2015-09-01" {
		t.Errorf("company = %+v", c)
	}
	o, ok := c.Office("81234567600009")
	if !ok || !o.Main || o.State != StateActive || o.Address != "12 BIS RUE DES LILAS" || o.PostalCode != "69003" || o.City != "LYON" || o.APECode != "1071C" {
		t.Errorf("head office = %+v, %v", o, ok)
	}
	if !c.AgentsKnown || len(c.Agents) != 2 {
		t.Fatalf("agents = %+v", c.Agents)
	}
	pp, pm := c.Agents[0], c.Agents[1]
	if pp.Legal || pp.LastName != "DURAND" || pp.FirstNames != "Marie Claire" || pp.BirthDate != "1980-04" || pp.Role != "Président de SAS" || pp.Name != "DURAND Marie Claire" {
		t.Errorf("natural person = %+v", pp)
	}
	// A director that is itself a company.
	if !pm.Legal || pm.SIREN != "443061841" || pm.Name != "HOLDING DURAND" || pm.LastName != "" {
		t.Errorf("legal person = %+v", pm)
	}
}

func TestRechercheClosedCompany(t *testing.T) {
	t.Parallel()
	url := newFake(t, &fakeRegistry{})
	c, err := NewRecherche(url, nil, time.Second).Lookup(ctxTimeout(t, 2*time.Second), "443061841")
	if err != nil {
		t.Fatal(err)
	}
	if c.State != StateClosed || c.ClosingDate != "2019-12-31" {
		t.Errorf("state %v closing %q, want closed on 2019-12-31", c.State, c.ClosingDate)
	}
}

func TestClosedEstablishmentOfActiveCompany(t *testing.T) {
	t.Parallel()
	url := newFake(t, &fakeRegistry{})
	for _, src := range []Source{NewRecherche(url, nil, time.Second), NewSirene(url, "", nil, time.Second)} {
		c, err := src.Lookup(ctxTimeout(t, 2*time.Second), "81234567600017")
		if err != nil {
			t.Fatalf("%s: %v", src.Name(), err)
		}
		o, ok := c.Office("81234567600017")
		if c.State != StateActive || !ok || o.State != StateClosed || o.Main || o.APECode != "1071C" || o.PostalCode != "69007" {
			t.Errorf("%s: company %v office %+v (%v): want an active company and a closed establishment", src.Name(), c.State, o, ok)
		}
	}
}

func TestSireneCompany(t *testing.T) {
	t.Parallel()
	url := newFake(t, &fakeRegistry{key: "k3y"})
	s := NewSirene(url, "k3y", nil, time.Second)
	c, err := s.Lookup(ctxTimeout(t, 2*time.Second), "812345676")
	if err != nil {
		t.Fatal(err)
	}
	// The current period (dateFin null) decides, not the older name and form.
	if c.State != StateActive || c.LegalName != "BOULANGERIE DURAND" || c.LegalFormCode != "5710" || c.AgentsKnown {
		t.Errorf("company = %+v", c)
	}
	if o, ok := c.Office("81234567600009"); !ok || !o.Main || o.State != StateUnknown {
		t.Errorf("head office = %+v, %v: its state is not in a /siren answer", o, ok)
	}
	closed, err := s.Lookup(ctxTimeout(t, 2*time.Second), "443061841")
	if err != nil || closed.State != StateClosed || closed.ClosingDate != "2019-12-31" {
		t.Errorf("closed company = %+v, %v", closed, err)
	}
	// A wrong key is a failure, not an unknown company.
	_, err = NewSirene(url, "wrong", nil, time.Second).Lookup(ctxTimeout(t, 2*time.Second), "812345676")
	var ue *UpstreamError
	if !errors.As(err, &ue) || ue.Status != http.StatusUnauthorized {
		t.Errorf("wrong key: %v", err)
	}
}

func TestUnknownNumber(t *testing.T) {
	t.Parallel()
	fake := &fakeRegistry{}
	url := newFake(t, fake)
	conn := New(Options{Sirene: NewSirene(url, "", nil, time.Second)})
	for range 2 {
		_, err := conn.Lookup(ctxTimeout(t, 2*time.Second), "901234567")
		if nf, auth := IsNotFound(err); !nf || !auth {
			t.Fatalf("SIRENE 404: %v, want an authoritative not-found", err)
		}
	}
	if n := fake.calls.Load(); n != 1 {
		t.Errorf("%d upstream calls, want 1: the unknown number is cached", n)
	}
	// The open registry's empty page is a non-authoritative not-found.
	_, err := NewRecherche(url, nil, time.Second).Lookup(ctxTimeout(t, 2*time.Second), "111111118")
	if nf, auth := IsNotFound(err); !nf || auth {
		t.Errorf("open registry, no result: %v, want a non-authoritative not-found", err)
	}
}

func TestRetryAfter429(t *testing.T) {
	t.Parallel()
	fake := &fakeRegistry{hook: func(w http.ResponseWriter, _ *http.Request, n int64) bool {
		if n == 1 {
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
			return true
		}
		return false
	}}
	url := newFake(t, fake)
	r := NewRecherche(url, nil, time.Second)
	var waited []time.Duration
	r.f.wait = func(_ context.Context, d time.Duration) error { waited = append(waited, d); return nil }
	c, err := r.Lookup(ctxTimeout(t, 5*time.Second), "812345676")
	if err != nil || c.SIREN != "812345676" {
		t.Fatalf("after a 429: %v", err)
	}
	if len(waited) != 1 || waited[0] != 2*time.Second {
		t.Errorf("waited %v, want the 2s of Retry-After", waited)
	}
	// A Retry-After beyond the deadline fails at once, as a failure.
	fake2 := &fakeRegistry{hook: func(w http.ResponseWriter, _ *http.Request, _ int64) bool {
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusTooManyRequests)
		return true
	}}
	r2 := NewRecherche(newFake(t, fake2), nil, time.Second)
	start := time.Now()
	_, err = r2.Lookup(ctxTimeout(t, time.Second), "812345676")
	var ue *UpstreamError
	if !errors.As(err, &ue) || ue.Status != http.StatusTooManyRequests || time.Since(start) > 900*time.Millisecond {
		t.Errorf("Retry-After past the deadline: %v after %v", err, time.Since(start))
	}
}

func TestRetry5xx(t *testing.T) {
	t.Parallel()
	fake := &fakeRegistry{hook: func(w http.ResponseWriter, _ *http.Request, n int64) bool {
		if n <= 2 {
			w.WriteHeader(http.StatusBadGateway)
			return true
		}
		return false
	}}
	s := NewSirene(newFake(t, fake), "", nil, time.Second)
	s.f.wait = func(context.Context, time.Duration) error { return nil }
	if _, err := s.Lookup(ctxTimeout(t, 2*time.Second), "812345676"); err != nil {
		t.Fatalf("after two 502: %v", err)
	}
	if n := fake.calls.Load(); n != 3 {
		t.Errorf("%d calls, want 3", n)
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	fake := &fakeRegistry{hook: func(w http.ResponseWriter, r *http.Request, _ int64) bool {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		return true
	}}
	conn := New(Options{Open: NewRecherche(newFake(t, fake), nil, 50*time.Millisecond)})
	start := time.Now()
	_, err := conn.Lookup(ctxTimeout(t, 400*time.Millisecond), "812345676")
	var ue *UpstreamError
	if !errors.As(err, &ue) {
		t.Fatalf("timeout: %v, want an upstream error", err)
	}
	if nf, _ := IsNotFound(err); nf {
		t.Error("a timeout must not read as an unknown company")
	}
	if el := time.Since(start); el > time.Second {
		t.Errorf("took %v: the deadline was 400ms", el)
	}
	// Failures are not cached: the next lookup calls again.
	before := fake.calls.Load()
	_, _ = conn.Lookup(ctxTimeout(t, 100*time.Millisecond), "812345676")
	if fake.calls.Load() == before {
		t.Error("a failure was cached")
	}
}

func TestMalformedJSON(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"results":[{"siren":`, `<html>maintenance</html>`, `{"total_results":0}`} {
		fake := &fakeRegistry{hook: func(w http.ResponseWriter, _ *http.Request, _ int64) bool {
			_, _ = w.Write([]byte(body))
			return true
		}}
		_, err := NewRecherche(newFake(t, fake), nil, time.Second).Lookup(ctxTimeout(t, time.Second), "812345676")
		var ue *UpstreamError
		if !errors.As(err, &ue) {
			t.Errorf("%q: %v, want an upstream error", body, err)
		}
	}
	fake := &fakeRegistry{hook: func(w http.ResponseWriter, _ *http.Request, _ int64) bool {
		_, _ = w.Write([]byte(`{"header":{"statut":200},"uniteLegale":{"siren":"812345676","periodesUniteLegale":[]}}`))
		return true
	}}
	if _, err := NewSirene(newFake(t, fake), "", nil, time.Second).Lookup(ctxTimeout(t, time.Second), "812345676"); err == nil {
		t.Error("SIRENE answer without periods accepted")
	}
}

func TestErrorsCarryNoNumber(t *testing.T) {
	t.Parallel()
	fake := &fakeRegistry{hook: func(w http.ResponseWriter, _ *http.Request, _ int64) bool {
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	}}
	s := NewSirene(newFake(t, fake), "", nil, time.Second)
	s.f.wait = func(context.Context, time.Duration) error { return nil }
	_, err := s.Lookup(ctxTimeout(t, time.Second), "81234567600017")
	if err == nil || strings.Contains(err.Error(), "812345676") {
		t.Errorf("error %v: want a failure without the number", err)
	}
	// A refused connection: the transport's error names the URL, which
	// holds the number.
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	r := NewRecherche(dead.URL, nil, time.Second)
	r.f.wait = func(context.Context, time.Duration) error { return nil }
	_, err = r.Lookup(ctxTimeout(t, time.Second), "812345676")
	if err == nil || strings.Contains(err.Error(), "812345676") {
		t.Errorf("error %v: want a failure without the number", err)
	}
}

func TestSingleflight50(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	fake := &fakeRegistry{hook: func(http.ResponseWriter, *http.Request, int64) bool {
		<-release
		return false
	}}
	conn := New(Options{Open: NewRecherche(newFake(t, fake), nil, 5*time.Second)})
	ctx := ctxTimeout(t, 5*time.Second)
	var wg sync.WaitGroup
	var started sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Add(1)
		started.Add(1)
		go func() {
			defer wg.Done()
			started.Done()
			c, err := conn.Lookup(ctx, "812345676")
			if err == nil && c.SIREN != "812345676" {
				err = errors.New("wrong company")
			}
			errs <- err
		}()
	}
	started.Wait()
	// Let every goroutine reach the shared call before the upstream answers.
	for conn.Stats().Misses < 50 && ctx.Err() == nil {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := fake.calls.Load(); n != 1 {
		t.Errorf("%d upstream calls for 50 concurrent lookups, want 1", n)
	}
	st := conn.Stats()
	if _, err := conn.Lookup(ctx, "812345676"); err != nil {
		t.Fatal(err)
	}
	if st2 := conn.Stats(); st2.Hits != st.Hits+1 || st2.OpenCalls != 1 {
		t.Errorf("stats %+v then %+v: want one more hit and still one call", st, st2)
	}
}

func TestCircuitBreaker(t *testing.T) {
	t.Parallel()
	fake := &fakeRegistry{hook: func(w http.ResponseWriter, _ *http.Request, _ int64) bool {
		w.WriteHeader(http.StatusInternalServerError)
		return true
	}}
	r := NewRecherche(newFake(t, fake), nil, time.Second)
	r.f.wait = func(context.Context, time.Duration) error { return nil }
	conn := New(Options{Open: r})
	for range breakerFailures {
		if _, err := conn.Lookup(ctxTimeout(t, time.Second), "812345676"); err == nil {
			t.Fatal("a 500 succeeded")
		}
	}
	before := fake.calls.Load()
	_, err := conn.Lookup(ctxTimeout(t, time.Second), "812345676")
	if fake.calls.Load() != before || err == nil || !strings.Contains(err.Error(), "circuit open") {
		t.Errorf("after %d failures: %v, %d new calls; want the breaker open", breakerFailures, err, fake.calls.Load()-before)
	}
}

func TestMergeSireneAndOpen(t *testing.T) {
	t.Parallel()
	url := newFake(t, &fakeRegistry{})
	conn := New(Options{Sirene: NewSirene(url, "", nil, time.Second), Open: NewRecherche(url, nil, time.Second)})
	c, err := conn.Lookup(ctxTimeout(t, 2*time.Second), "812345676")
	if err != nil {
		t.Fatal(err)
	}
	o, _ := c.Office("81234567600009")
	if c.Source != "sirene+recherche-entreprises" || !c.AgentsKnown || len(c.Agents) != 2 || o.Address != "12 BIS RUE DES LILAS" || o.State != StateActive {
		t.Errorf("merged = %+v, head office %+v", c, o)
	}
	// SIRENE's state wins: closed there stays closed.
	c, err = conn.Lookup(ctxTimeout(t, 2*time.Second), "443061841")
	if err != nil || c.State != StateClosed {
		t.Errorf("closed company: %+v, %v", c, err)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{"": 0, "3": 3 * time.Second, "-1": 0, "junk": 0, "86400": maxRetryAfter} {
		if got := parseRetryAfter(in); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
	if d := parseRetryAfter(time.Now().Add(4 * time.Second).UTC().Format(http.TimeFormat)); d < 2*time.Second || d > 4*time.Second {
		t.Errorf("HTTP-date Retry-After = %v", d)
	}
}

func TestRateLimitWithinDeadline(t *testing.T) {
	t.Parallel()
	fake := &fakeRegistry{}
	r := NewRecherche(newFake(t, fake), nil, time.Second)
	r.f.limiter = rate.NewLimiter(rate.Every(time.Hour), 1)
	if _, err := r.Lookup(ctxTimeout(t, time.Second), "812345676"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := r.Lookup(ctxTimeout(t, 200*time.Millisecond), "812345676")
	var ue *UpstreamError
	if !errors.As(err, &ue) || time.Since(start) > 150*time.Millisecond || fake.calls.Load() != 1 {
		t.Errorf("over the rate: %v after %v, %d calls; want an immediate failure and no call", err, time.Since(start), fake.calls.Load())
	}
}
