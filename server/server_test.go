package server

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"buf.build/go/protovalidate"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ledger"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/grpc/test/bufconn"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type testEnv struct {
	conn   *grpc.ClientConn
	srv    *Server
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

type envOption func(*Config, *deps)

// startServer serves in process over bufconn with a bbolt ledger in a
// temporary directory and a fixed clock.
func startServer(t *testing.T, opts ...envOption) *testEnv {
	t.Helper()
	cfg := Defaults()
	led, err := ledger.OpenBolt(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	store, err := policy.Load("")
	if err != nil {
		t.Fatal(err)
	}
	d := &deps{policies: store, ledger: led, today: func() time.Time { return time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC) }}
	d.trust = testTrustStore(t)
	d.signature = testSignature(t, led)
	for _, o := range opts {
		o(&cfg, d)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	d.log = log
	v, err := protovalidate.New()
	if err != nil {
		t.Fatal(err)
	}
	srv := newServer(cfg, log, v, d)
	lis := bufconn.Listen(1 << 20)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, lis) }()
	conn, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(64<<20), grpc.MaxCallSendMsgSize(64<<20)))
	if err != nil {
		t.Fatal(err)
	}
	env := &testEnv{conn: conn, srv: srv, logs: logs, cancel: cancel, done: done}
	t.Cleanup(func() {
		conn.Close()
		cancel()
		<-done
	})
	return env
}

// badRequest asserts err is INVALID_ARGUMENT with a BadRequest naming field.
func badRequest(t *testing.T, err error, field string) *errdetails.BadRequest {
	t.Helper()
	st, ok := status.FromError(err)
	if !ok || st.Code() != codes.InvalidArgument {
		t.Fatalf("want INVALID_ARGUMENT, got %v", err)
	}
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, fv := range br.GetFieldViolations() {
				if fv.GetField() == field {
					return br
				}
			}
			t.Fatalf("BadRequest does not name %q: %v", field, br)
		}
	}
	t.Fatalf("no BadRequest detail in %v", st)
	return nil
}

func TestHealth(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	resp, err := healthpb.NewHealthClient(env.conn).Check(context.Background(), &healthpb.HealthCheckRequest{})
	if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health: %v %v", resp, err)
	}
}

func TestParseMrzFrenchSpecimen(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	resp, err := idcontrolv1.NewMrzServiceClient(env.conn).ParseMrz(context.Background(), &idcontrolv1.ParseMrzRequest{
		Lines: []string{"IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "8806923102858CORINNE<<<<<<<6512068F6"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.GetFormat() != idcontrolv1.MrzFormat_MRZ_FORMAT_FR_ID_CARD || !resp.GetValid() ||
		resp.GetFields().GetDocumentNumber() != "880692310285" || resp.GetFields().GetBirthDate() != "1965-12-06" {
		t.Fatalf("unexpected answer: %v", resp)
	}
}

type mrzVector struct {
	Name          string   `json:"name"`
	Lines         []string `json:"lines"`
	ReferenceDate string   `json:"referenceDate"`
	Expect        struct {
		Format            string   `json:"format"`
		Valid             bool     `json:"valid"`
		DocumentCode      string   `json:"documentCode"`
		IssuingCountry    string   `json:"issuingCountry"`
		DocumentNumber    string   `json:"documentNumber"`
		LastName          string   `json:"lastName"`
		FirstNames        []string `json:"firstNames"`
		Nationality       string   `json:"nationality"`
		BirthDate         string   `json:"birthDate"`
		Sex               string   `json:"sex"`
		ExpirationDate    string   `json:"expirationDate"`
		OptionalData      string   `json:"optionalData"`
		FailedCheckDigits []string `json:"failedCheckDigits"`
	} `json:"expect"`
	stated map[string]json.RawMessage // the keys the vector's expect states
}

// TestParseMrzVectors runs every public vector through the RPC.
func TestParseMrzVectors(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "vectors", "mrz.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vectors []mrzVector
	if err := json.Unmarshal(raw, &vectors); err != nil {
		t.Fatal(err)
	}
	var statedKeys []struct {
		Expect map[string]json.RawMessage `json:"expect"`
	}
	if err := json.Unmarshal(raw, &statedKeys); err != nil {
		t.Fatal(err)
	}
	for i := range vectors {
		vectors[i].stated = statedKeys[i].Expect
	}
	env := startServer(t)
	client := idcontrolv1.NewMrzServiceClient(env.conn)
	for _, vec := range vectors {
		resp, err := client.ParseMrz(context.Background(), &idcontrolv1.ParseMrzRequest{Lines: vec.Lines, ReferenceDate: vec.ReferenceDate})
		if err != nil {
			t.Errorf("%s: %v", vec.Name, err)
			continue
		}
		e := vec.Expect
		if got := resp.GetFormat().String(); got != e.Format {
			t.Errorf("%s: format %s, want %s", vec.Name, got, e.Format)
		}
		if resp.GetValid() != e.Valid {
			t.Errorf("%s: valid %v, want %v (findings %v)", vec.Name, resp.GetValid(), e.Valid, resp.GetFindings())
		}
		if len(e.FailedCheckDigits) > 0 {
			var failed []string
			for _, cd := range resp.GetCheckDigits() {
				if !cd.GetValid() {
					failed = append(failed, cd.GetField())
				}
			}
			if strings.Join(failed, ",") != strings.Join(e.FailedCheckDigits, ",") {
				t.Errorf("%s: failed check digits %v, want %v", vec.Name, failed, e.FailedCheckDigits)
			}
			continue
		}
		// Only the fields a vector states are asserted: a vector that omits
		// optionalData says nothing about it.
		f := resp.GetFields()
		got := map[string]any{
			"documentCode": f.GetDocumentCode(), "issuingCountry": f.GetIssuingCountry(), "documentNumber": f.GetDocumentNumber(),
			"lastName": f.GetLastName(), "firstNames": f.GetFirstNames(), "nationality": f.GetNationality(),
			"birthDate": f.GetBirthDate(), "sex": f.GetSex(), "expirationDate": f.GetExpirationDate(), "optionalData": f.GetOptionalData(),
		}
		for key, want := range vec.stated {
			g, asserted := got[key]
			if !asserted {
				continue
			}
			gotJSON, _ := json.Marshal(g)
			var gotValue, wantValue any
			_ = json.Unmarshal(gotJSON, &gotValue)
			if err := json.Unmarshal(want, &wantValue); err != nil {
				t.Fatalf("%s: %s: %v", vec.Name, key, err)
			}
			if !cmp.Equal(gotValue, wantValue) {
				t.Errorf("%s: %s = %s, want %s", vec.Name, key, gotJSON, want)
			}
		}
	}
}

func TestParseMrzBadInput(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	client := idcontrolv1.NewMrzServiceClient(env.conn)
	ctx := context.Background()
	cases := []struct {
		name  string
		req   *idcontrolv1.ParseMrzRequest
		field string
	}{
		{"one line", &idcontrolv1.ParseMrzRequest{Lines: []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"}}, "lines"},
		{"four lines", &idcontrolv1.ParseMrzRequest{Lines: []string{"A", "B", "C", "D"}}, "lines"},
		{"a line of 1000", &idcontrolv1.ParseMrzRequest{Lines: []string{strings.Repeat("<", 1000), "x"}}, "lines[0]"},
		{"bad reference date", &idcontrolv1.ParseMrzRequest{Lines: []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}, ReferenceDate: "2026-02-30"}, "referenceDate"},
	}
	for _, c := range cases {
		_, err := client.ParseMrz(ctx, c.req)
		badRequest(t, err, c.field)
	}
	// Over --max-recv-size, the transport refuses the request before
	// buffering it (see limits_test.go).
	if _, err := client.ParseMrz(ctx, &idcontrolv1.ParseMrzRequest{Lines: []string{strings.Repeat("<", 10<<20), "x"}}); status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("ten megabytes: want RESOURCE_EXHAUSTED, got %v", err)
	}
	// Lines of a length no format has.
	_, err := client.ParseMrz(ctx, &idcontrolv1.ParseMrzRequest{Lines: []string{"P<UTOERIKSSON", "L898902C36UTO"}})
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("wrong lengths: want INVALID_ARGUMENT, got %v", err)
	}
}

// TestNonUTF8IsInvalidArgument sends a request whose string is not UTF-8:
// grpc-go would call that INTERNAL; the service names the field.
func TestNonUTF8IsInvalidArgument(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	// ParseMrzRequest{lines: ["\xff\xfe", "AB"]} on the wire, built by hand
	// because the Go marshaller refuses invalid UTF-8.
	raw := []byte{0x0a, 0x02, 0xff, 0xfe, 0x0a, 0x02, 'A', 'B'}
	var out idcontrolv1.ParseMrzResponse
	err := env.conn.Invoke(context.Background(), "/idcontrol.v1.MrzService/ParseMrz", rawMessage(raw), &out, grpc.ForceCodecV2(rawCodec{}))
	badRequest(t, err, "lines[0]")
}

func TestLogsCarryNoPersonalData(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	client := idcontrolv1.NewMrzServiceClient(env.conn)
	secrets := []string{"BERTHIER", "CORINNE", "880692310285", "6512068"}
	_, _ = client.ParseMrz(context.Background(), &idcontrolv1.ParseMrzRequest{
		Lines: []string{"IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "8806923102858CORINNE<<<<<<<6512068F6"},
	})
	_, _ = client.ParseMrz(context.Background(), &idcontrolv1.ParseMrzRequest{
		Lines: []string{"IDFRABERTHIER<<<<", "8806923102858CORINNE<<<<<<<6512068F6", "X", "Y"},
	})
	ctrl := idcontrolv1.NewControlServiceClient(env.conn)
	_, _ = ctrl.MatchField(context.Background(), &idcontrolv1.MatchFieldRequest{
		Field: idcontrolv1.MatchField_MATCH_FIELD_BIRTH_DATE, Declared: "1965-12-06", Extracted: "1965-13-06",
	})
	_, _ = ctrl.ScoreSimilarity(context.Background(), &idcontrolv1.ScoreSimilarityRequest{
		Declared:   &idcontrolv1.IdentityFields{LastName: "BERTHIER", FirstNames: "CORINNE", BirthDate: "1965-12-06"},
		Document:   &idcontrolv1.IdentityFields{LastName: "BERTHIER", FirstNames: "CORINNE", BirthDate: "1965-12-06"},
		AttemptKey: "880692310285",
	})
	logs := env.logs.String()
	if !strings.Contains(logs, "ParseMrz") || !strings.Contains(logs, "InvalidArgument") {
		t.Fatalf("the log lacks method or code:\n%s", logs)
	}
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("personal data %q reached the log:\n%s", s, logs)
		}
	}
}

// TestGracefulShutdownDrains: an RPC in flight when the server is told to
// stop still completes.
func TestGracefulShutdownDrains(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	env := startServer(t, func(_ *Config, d *deps) {
		d.ledger = &blockingLedger{Ledger: d.ledger, entered: entered, release: release}
	})
	ctrl := idcontrolv1.NewControlServiceClient(env.conn)
	errc := make(chan error, 1)
	go func() {
		_, err := ctrl.ScoreSimilarity(context.Background(), &idcontrolv1.ScoreSimilarityRequest{
			Declared:   &idcontrolv1.IdentityFields{LastName: "DUPONT"},
			Document:   &idcontrolv1.IdentityFields{LastName: "DUPONT"},
			AttemptKey: "k",
		})
		errc <- err
	}()
	<-entered
	env.cancel()
	time.Sleep(50 * time.Millisecond)
	close(release)
	if err := <-errc; err != nil {
		t.Fatalf("in-flight RPC failed during shutdown: %v", err)
	}
	if err := <-env.done; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	env.done <- nil // for the cleanup
}

// TestShutdownTimeoutCancels: an RPC that outlives the shutdown timeout is
// cancelled and Serve returns.
func TestShutdownTimeoutCancels(t *testing.T) {
	t.Parallel()
	entered := make(chan struct{}, 1)
	env := startServer(t, func(c *Config, d *deps) {
		c.ShutdownTimeout = 100 * time.Millisecond
		d.ledger = &blockingLedger{Ledger: d.ledger, entered: entered, release: make(chan struct{})}
	})
	ctrl := idcontrolv1.NewControlServiceClient(env.conn)
	go func() {
		_, _ = ctrl.ScoreSimilarity(context.Background(), &idcontrolv1.ScoreSimilarityRequest{
			Declared: &idcontrolv1.IdentityFields{LastName: "A"}, Document: &idcontrolv1.IdentityFields{LastName: "A"}, AttemptKey: "k",
		})
	}()
	<-entered
	start := time.Now()
	env.cancel()
	select {
	case <-env.done:
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after the shutdown timeout")
	}
	if time.Since(start) < 100*time.Millisecond {
		t.Fatal("Serve returned before the shutdown timeout")
	}
	env.done <- nil
}

func TestLedgerFailureIsUnavailable(t *testing.T) {
	t.Parallel()
	env := startServer(t, func(_ *Config, d *deps) { d.ledger = failingLedger{} })
	_, err := idcontrolv1.NewControlServiceClient(env.conn).ScoreSimilarity(context.Background(), &idcontrolv1.ScoreSimilarityRequest{
		Declared: &idcontrolv1.IdentityFields{LastName: "A"}, Document: &idcontrolv1.IdentityFields{LastName: "A"}, AttemptKey: "k",
	})
	if status.Code(err) != codes.Unavailable {
		t.Fatalf("want UNAVAILABLE, got %v", err)
	}
}

// blockingLedger holds Consume until release is closed or the call's
// context ends.
type blockingLedger struct {
	ledger.Ledger
	entered chan struct{}
	release chan struct{}
}

func (b *blockingLedger) Consume(ctx context.Context, key string, maxAttempts int, ttl time.Duration) (int, bool, error) {
	b.entered <- struct{}{}
	select {
	case <-b.release:
	case <-ctx.Done():
		return 0, false, ctx.Err()
	}
	return b.Ledger.Consume(ctx, key, maxAttempts, ttl)
}

type failingLedger struct{ ledger.Ledger }

func (failingLedger) Consume(context.Context, string, int, time.Duration) (int, bool, error) {
	return 0, false, ledger.ErrUnavailable
}

func (failingLedger) Close() error { return nil }

// TestPanicBecomesInternal: a panic in a handler answers INTERNAL with a
// generic message, the stack goes to the log, and the server keeps serving.
func TestPanicBecomesInternal(t *testing.T) {
	t.Parallel()
	env := startServer(t, func(_ *Config, d *deps) { d.ledger = panickingLedger{} })
	ctrl := idcontrolv1.NewControlServiceClient(env.conn)
	_, err := ctrl.ScoreSimilarity(context.Background(), &idcontrolv1.ScoreSimilarityRequest{
		Declared: &idcontrolv1.IdentityFields{LastName: "A"}, Document: &idcontrolv1.IdentityFields{LastName: "A"}, AttemptKey: "k",
	})
	if st := status.Convert(err); st.Code() != codes.Internal || st.Message() != "internal error" {
		t.Fatalf("want a generic INTERNAL, got %v", err)
	}
	if !strings.Contains(env.logs.String(), "panic in handler") {
		t.Fatal("the panic was not logged")
	}
	if _, err := healthpb.NewHealthClient(env.conn).Check(context.Background(), &healthpb.HealthCheckRequest{}); err != nil {
		t.Fatalf("the server died with the panic: %v", err)
	}
}

type panickingLedger struct{ ledger.Ledger }

func (panickingLedger) Consume(context.Context, string, int, time.Duration) (int, bool, error) {
	var m map[string]int
	m["boom"]++ // a nil-map write: a runtime panic
	return 0, false, nil
}

func (panickingLedger) Close() error { return nil }

// TestEveryRequestIsPrecompiled: the validator is warmed for the request of
// every method the server serves, so no first call pays the compilation.
func TestEveryRequestIsPrecompiled(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	warmed := map[protoreflect.FullName]bool{}
	for _, md := range requestDescriptors() {
		warmed[md.FullName()] = true
	}
	n := 0
	for name, info := range env.srv.grpc.GetServiceInfo() {
		if !strings.HasPrefix(name, "idcontrol.") {
			continue
		}
		d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(name))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range info.Methods {
			in := d.(protoreflect.ServiceDescriptor).Methods().ByName(protoreflect.Name(m.Name)).Input().FullName()
			if !warmed[in] {
				t.Errorf("%s/%s: %s is not precompiled", name, m.Name, in)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no idcontrol service is registered")
	}
}
