package server

import (
	"context"
	"google.golang.org/protobuf/proto"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/grpc/codes"
)

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestMetricsEndpoint(t *testing.T) {
	t.Parallel()
	live := startLive(t, func(c *Config) { c.MetricsListen = "127.0.0.1:0" })
	conn := dialPlain(t, live.addr)
	if err := matchField(context.Background(), conn); err != nil {
		t.Fatal(err)
	}
	_, err := idcontrolv1.NewMrzServiceClient(conn).ParseMrz(context.Background(), &idcontrolv1.ParseMrzRequest{Lines: []string{"X"}})
	wantCode(t, "bad MRZ", err, codes.InvalidArgument)
	base := "http://" + live.srv.deps.ext.metricsAddr
	code, body := httpGet(t, base+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{
		`grpc_server_handled_total{grpc_code="OK",grpc_method="MatchField",grpc_service="idcontrol.v1.ControlService",grpc_type="unary"} 1`,
		`grpc_server_handled_total{grpc_code="InvalidArgument",grpc_method="ParseMrz",grpc_service="idcontrol.v1.MrzService",grpc_type="unary"} 1`,
		`grpc_server_handling_seconds_bucket{grpc_method="MatchField"`,
		"idcontrol_rpcs_in_flight 0",
		"idcontrol_ledger_up 1",
		`idcontrol_control_outcomes_total{control="match",value="true"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if code, body := httpGet(t, base+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	// A closed ledger turns /healthz to 503.
	_ = live.srv.deps.ledger.Close()
	if code, _ := httpGet(t, base+"/healthz"); code != http.StatusServiceUnavailable {
		t.Errorf("/healthz with the ledger closed: %d, want 503", code)
	}
	if _, body := httpGet(t, base+"/metrics"); !strings.Contains(body, "idcontrol_ledger_up 0") {
		t.Error("idcontrol_ledger_up stays 1 with the ledger closed")
	}
}

func TestMetricsOffByDefault(t *testing.T) {
	t.Parallel()
	live := startLive(t, func(*Config) {})
	ext := live.srv.deps.ext
	if ext.metrics != nil || ext.metricsAddr != "" || ext.pprofAddr != "" || ext.healthAddr != "" || ext.tracing != nil {
		t.Error("metrics, pprof, the health port or tracing are on without their flags")
	}
}

func TestPprofListen(t *testing.T) {
	t.Parallel()
	live := startLive(t, func(c *Config) { c.PprofListen = "127.0.0.1:0" })
	if code, body := httpGet(t, "http://"+live.srv.deps.ext.pprofAddr+"/debug/pprof/"); code != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Errorf("/debug/pprof/: %d", code)
	}
}

// TestRegistryMetrics: with a company-registry connector, its cache and
// source counters are on /metrics (none without one).
func TestRegistryMetrics(t *testing.T) {
	t.Parallel()
	live := startLive(t, func(c *Config) {
		c.MetricsListen, c.RegistryURL = "127.0.0.1:0", "http://127.0.0.1:9"
	})
	_, body := httpGet(t, "http://"+live.srv.deps.ext.metricsAddr+"/metrics")
	for _, want := range []string{
		"idcontrol_registry_cache_hits_total 0",
		"idcontrol_registry_cache_misses_total 0",
		`idcontrol_registry_source_lookups_total{source="open"} 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	off := startLive(t, func(c *Config) { c.MetricsListen = "127.0.0.1:0" })
	if _, body := httpGet(t, "http://"+off.srv.deps.ext.metricsAddr+"/metrics"); strings.Contains(body, "idcontrol_registry_") {
		t.Error("registry metrics without a connector")
	}
}

// countControls reaches the controls of a nested answer — a client file's
// identity document, through its oneof, down to each participant — and
// counts absent ones; findings and other control-free parts are skipped.
func TestCountControlsNested(t *testing.T) {
	m := newMetrics()
	idDoc := &idcontrolv1.CheckIdentityDocumentResponse{
		Controls: &idcontrolv1.IdentityDocumentControls{
			MrzValid: proto.Bool(true),
			Participants: []*idcontrolv1.IdentityParticipantControls{
				{Owner: "p1", FirstNameMatch: proto.Bool(true)},
				{Owner: "p2", FirstNameMatch: proto.Bool(false)},
			},
		},
		Findings: []*idcontrolv1.Finding{{Control: "mrzValid", Code: "OK"}},
	}
	resp := &idcontrolv1.CheckClientFileResponse{Documents: []*idcontrolv1.ClientFileDocumentResult{
		{Family: &idcontrolv1.ClientFileDocumentResult_IdentityDocument{IdentityDocument: idDoc}},
		{Id: "unrouted"},
	}}
	m.countControls(resp)
	m.countControls(resp)
	for _, c := range []struct {
		control, value string
		want           float64
	}{
		{"mrzValid", "true", 2},
		{"firstNameMatch", "true", 2},
		{"firstNameMatch", "false", 2},
		{"lastNameMatch", "absent", 4},
		{"documentExpired", "absent", 2},
	} {
		if got := m.controls.value(c.control, c.value); float64(got) != c.want {
			t.Errorf("%s=%s counted %v times, want %v", c.control, c.value, got, c.want)
		}
	}
}

// Outcomes counted from many goroutines at once add up over the shards,
// and a scrape exports every control of the schema, at 0 until counted.
func TestOutcomeCountsAddUp(t *testing.T) {
	m := newMetrics()
	resp := &idcontrolv1.CheckIdentityDocumentResponse{Controls: &idcontrolv1.IdentityDocumentControls{MrzValid: proto.Bool(true)}}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				m.countControls(resp)
			}
		})
	}
	wg.Wait()
	mfs, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, mf := range mfs {
		if mf.GetName() != "idcontrol_control_outcomes_total" {
			continue
		}
		for _, s := range mf.GetMetric() {
			var l []string
			for _, lp := range s.GetLabel() {
				l = append(l, lp.GetName()+"="+lp.GetValue())
			}
			got[strings.Join(l, ",")] = s.GetCounter().GetValue()
		}
	}
	for series, want := range map[string]float64{
		"control=mrzValid,value=true":            8000,
		"control=mrzValid,value=false":           0,
		"control=documentExpired,value=absent":   8000,
		"control=ibanChecksumValid,value=absent": 0, // never answered, still exported
	} {
		if v, ok := got[series]; !ok || v != want {
			t.Errorf("%s = %v (exported: %v), want %v", series, v, ok, want)
		}
	}
	if len(got) != len(m.controls.labels) || len(got) < 200 {
		t.Errorf("%d series exported for %d slots", len(got), len(m.controls.labels))
	}
}
