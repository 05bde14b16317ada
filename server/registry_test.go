package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/registry"
	"google.golang.org/protobuf/encoding/protojson"
)

// openRegistry answers /search?q= like the API Recherche d'entreprises,
// from registry/testdata; status, when set, is answered instead.
func openRegistry(t testing.TB, status int, calls *atomic.Int64) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if status != 0 {
			w.WriteHeader(status)
			return
		}
		raw, err := os.ReadFile(filepath.Join("..", "registry", "testdata", "recherche", r.URL.Query().Get("q")+".json"))
		if err != nil {
			_, _ = w.Write([]byte(`{"results":[],"total_results":0,"page":1,"per_page":5,"total_pages":0}`))
			return
		}
		_, _ = w.Write(raw)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func openRegistryB(b *testing.B, calls *atomic.Int64) string { return openRegistry(b, 0, calls) }

func withRegistry(url string) envOption {
	return func(cfg *Config, d *deps) {
		cfg.RegistryURL = url
		cfg.RegistryTimeout = 200 * time.Millisecond
		d.registry = newRegistry(*cfg)
	}
}

func loadRequest[M interface {
	*idcontrolv1.CheckPayslipRequest | *idcontrolv1.CheckLegalEntityRequest
}](t *testing.T, file string, m M) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "examples", file))
	if err != nil {
		t.Fatal(err)
	}
	switch v := any(m).(type) {
	case *idcontrolv1.CheckPayslipRequest:
		err = protojson.Unmarshal(raw, v)
	case *idcontrolv1.CheckLegalEntityRequest:
		err = protojson.Unmarshal(raw, v)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func TestPayslipThroughConnector(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	env := startServer(t, withRegistry(openRegistry(t, 0, &calls)))
	client := idcontrolv1.NewControlServiceClient(env.conn)
	req := &idcontrolv1.CheckPayslipRequest{}
	loadRequest(t, "ControlService.CheckPayslip.reference-example.json", req)
	for range 3 {
		resp, err := client.CheckPayslip(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		c := resp.GetControls()
		if !c.GetCompanyConnectorRequested() || c.GetCompanyConnectorFailed() || !c.GetCompanyOfficeAlive() {
			t.Fatalf("controls %v", c)
		}
		if resp.GetExtraData().GetCompanyDetails().GetLegalName() != "BOULANGERIE DURAND" {
			t.Errorf("extraData %v", resp.GetExtraData())
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d registry calls for 3 RPCs, want 1 (cache)", n)
	}
	if st := env.srv.deps.registry.Stats(); st.Hits != 2 || st.Misses != 1 {
		t.Errorf("cache stats %+v, want 2 hits and 1 miss", st)
	}
}

func TestLegalEntityConnectorFailure(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	env := startServer(t, withRegistry(openRegistry(t, http.StatusServiceUnavailable, &calls)))
	client := idcontrolv1.NewControlServiceClient(env.conn)
	req := &idcontrolv1.CheckLegalEntityRequest{}
	loadRequest(t, "ControlService.CheckLegalEntity.siret.json", req)
	resp, err := client.CheckLegalEntity(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	c := resp.GetControls()
	if !c.GetCompanyConnectorFailed() || c.CompanyAlive != nil || c.CompanyOfficeAlive != nil || resp.GetExtraData() != nil {
		t.Errorf("a failed connector: %v; want failed and the dependent controls absent", c)
	}
	logs := env.logs.String()
	if !strings.Contains(logs, "company registry failed") {
		t.Errorf("the failure was not logged:\n%s", logs)
	}
	for _, personal := range []string{"812345676", "81234567600017", "812 345 676", "Durand"} {
		if strings.Contains(logs, personal) {
			t.Errorf("%q reached the log", personal)
		}
	}
}

func TestPayslipConnectorFailureLogsNoPersonalData(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	env := startServer(t, withRegistry(openRegistry(t, http.StatusBadGateway, &calls)))
	client := idcontrolv1.NewControlServiceClient(env.conn)
	req := &idcontrolv1.CheckPayslipRequest{}
	loadRequest(t, "ControlService.CheckPayslip.reference-example.json", req)
	resp, err := client.CheckPayslip(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if c := resp.GetControls(); !c.GetCompanyConnectorFailed() || c.CompanyOfficeAlive != nil {
		t.Errorf("controls %v: want failed, office state absent", c)
	}
	logs := env.logs.String()
	if !strings.Contains(logs, "company registry failed") || !strings.Contains(logs, "502") {
		t.Errorf("the failure and its status were not logged:\n%s", logs)
	}
	for _, personal := range []string{"81234567600009", "812345676", "812 345 676", "1850234567890", "1 85 02", "John", "JOHN", "Doe", "DOE", "1854", "25412"} {
		if strings.Contains(logs, personal) {
			t.Errorf("%q reached the log", personal)
		}
	}
}

func TestRegistryConfig(t *testing.T) {
	t.Parallel()
	cfg := Defaults()
	if newRegistry(cfg) != nil {
		t.Error("the connector is on by default")
	}
	for _, bad := range []func(*Config){
		func(c *Config) { c.RegistryURL = "ftp://x" },
		func(c *Config) { c.SireneURL = "not a url" },
		func(c *Config) { c.RegistryTimeout = 0 },
		func(c *Config) { c.RegistryCacheTTL = -time.Second },
		func(c *Config) { c.RegistryCacheSize = 0 },
		func(c *Config) { c.SireneToken = "k" },
	} {
		c := Defaults()
		bad(&c)
		if c.Validate() == nil {
			t.Errorf("%+v accepted", c)
		}
	}
	cfg.SireneURL, cfg.SireneToken = registry.DefaultSireneURL, "k"
	if err := cfg.Validate(); err != nil || newRegistry(cfg) == nil {
		t.Errorf("SIRENE configured: %v", err)
	}
}
