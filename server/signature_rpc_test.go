package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	sigcheck "github.com/idcontrol/idcontrol/checks/signature"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ledger"
	"github.com/idcontrol/idcontrol/signature"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func sigClient(env *testEnv) idcontrolv1.SignatureServiceClient {
	return idcontrolv1.NewSignatureServiceClient(env.conn)
}

func errorInfo(t *testing.T, err error, code codes.Code) *errdetails.ErrorInfo {
	t.Helper()
	st := status.Convert(err)
	if st.Code() != code {
		t.Fatalf("got %v, want %v", err, code)
	}
	for _, d := range st.Details() {
		if ei, ok := d.(*errdetails.ErrorInfo); ok {
			return ei
		}
	}
	t.Fatalf("no ErrorInfo in %v", st)
	return nil
}

func TestSignatureBadSigner(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	c := sigClient(env)
	ctx := context.Background()
	cases := []struct {
		inn, phone, field string
	}{
		{"7707083890", "+79123456789", "signer.inn"},   // check digit
		{"77070838", "+79123456789", "signer.inn"},     // length
		{"7707083893", "89123456789", "signer.phone"},  // no country code
		{"7707083893", "+74951234567", "signer.phone"}, // a Moscow landline
		{"7707083893", "+7912345678x", "signer.phone"},
	}
	for _, tc := range cases {
		_, err := c.AcceptOffer(ctx, &idcontrolv1.AcceptOfferRequest{Signer: &idcontrolv1.Signer{Inn: tc.inn, Phone: tc.phone}})
		badRequest(t, err, tc.field)
		_, err = c.SendCode(ctx, &idcontrolv1.SendCodeRequest{Signer: &idcontrolv1.Signer{Inn: tc.inn, Phone: tc.phone}})
		badRequest(t, err, tc.field)
	}
	_, err := c.ReviewApplication(ctx, &idcontrolv1.ReviewApplicationRequest{Signer: &idcontrolv1.Signer{Inn: "7707083893", Phone: "+79123456789"},
		ActorId: "m", Decision: idcontrolv1.ReviewDecision_REVIEW_DECISION_REJECT})
	badRequest(t, err, "reason")
	_, err = c.ConfirmCode(ctx, &idcontrolv1.ConfirmCodeRequest{Signer: &idcontrolv1.Signer{Inn: "7707083893", Phone: "+79123456789"}, Code: "12ab56"})
	badRequest(t, err, "code")
	_, err = c.UploadApplication(ctx, &idcontrolv1.UploadApplicationRequest{Signer: &idcontrolv1.Signer{Inn: "7707083893", Phone: "+79123456789"},
		Application: &idcontrolv1.DocumentDigest{Name: "a.pdf", Sha256: "ABC"}})
	badRequest(t, err, "application.sha256")
}

// TestSignatureOverRPC walks the lifecycle through gRPC: statuses of
// refused transitions, the cooldown, the outcomes; no code in any answer;
// no INN, number or code in the log.
func TestSignatureOverRPC(t *testing.T) {
	t.Parallel()
	var out *memorySender
	env := startServer(t, func(_ *Config, d *deps) {
		d.signature, out = newTestSignature(t, d.ledger, signatureT0)
	})
	c := sigClient(env)
	ctx := context.Background()
	signer := &idcontrolv1.Signer{Inn: "500100732259", Phone: "+7 (912) 000-12-34"}
	var answers []proto.Message
	keep := func(m proto.Message, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, m)
	}

	g, err := c.GetAgreement(ctx, &idcontrolv1.GetAgreementRequest{Signer: signer})
	keep(g, err)
	if g.GetAgreement().GetState() != idcontrolv1.AgreementState_AGREEMENT_STATE_WANTED || g.GetAgreement().GetMaskedPhone() != "+7 *** *** 12 34" {
		t.Fatalf("default agreement %v", g)
	}
	_, err = c.ConfirmCode(ctx, &idcontrolv1.ConfirmCodeRequest{Signer: signer, Code: "123456"})
	if ei := errorInfo(t, err, codes.FailedPrecondition); ei.GetReason() != "TRANSITION_REFUSED" || ei.GetMetadata()["state"] != "WANTED" {
		t.Fatalf("confirm while wanted: %v", ei)
	}
	a, err := c.AcceptOffer(ctx, &idcontrolv1.AcceptOfferRequest{Signer: signer, ActorId: "u1"})
	keep(a, err)
	u, err := c.UploadApplication(ctx, &idcontrolv1.UploadApplicationRequest{Signer: signer,
		Application: &idcontrolv1.DocumentDigest{Name: "app.pdf", Sha256: strings.Repeat("0a", 32)}})
	keep(u, err)
	r, err := c.ReviewApplication(ctx, &idcontrolv1.ReviewApplicationRequest{Signer: signer, ActorId: "manager-7",
		Decision: idcontrolv1.ReviewDecision_REVIEW_DECISION_APPROVE})
	keep(r, err)
	s, err := c.SendCode(ctx, &idcontrolv1.SendCodeRequest{Signer: signer, Language: "fr"})
	keep(s, err)
	code := out.lastCode()
	if !strings.Contains(out.msgs[len(out.msgs)-1].Text, "Votre code") || out.msgs[len(out.msgs)-1].To != "+79120001234" {
		t.Fatalf("message %+v", out.msgs[len(out.msgs)-1])
	}
	_, err = c.SendCode(ctx, &idcontrolv1.SendCodeRequest{Signer: signer})
	st := status.Convert(err)
	if st.Code() != codes.ResourceExhausted {
		t.Fatalf("resend within the cooldown: %v", err)
	}
	var retry *errdetails.RetryInfo
	for _, d := range st.Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok {
			retry = ri
		}
	}
	if retry == nil || retry.GetRetryDelay().AsDuration() != time.Minute {
		t.Fatalf("retry info %v", st.Details())
	}
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	m, err := c.ConfirmCode(ctx, &idcontrolv1.ConfirmCodeRequest{Signer: signer, Code: wrong})
	keep(m, err)
	if m.GetOutcome() != idcontrolv1.CodeOutcome_CODE_OUTCOME_MISMATCH || m.GetAttemptsRemaining() != 2 || m.GetEvidence() != nil {
		t.Fatalf("wrong code: %v", m)
	}
	ok, err := c.ConfirmCode(ctx, &idcontrolv1.ConfirmCodeRequest{Signer: signer, Code: code,
		AgreementExpiresAt: timestamppb.New(signatureT0.AddDate(1, 0, 0))})
	keep(ok, err)
	if ok.GetOutcome() != idcontrolv1.CodeOutcome_CODE_OUTCOME_CONFIRMED || ok.GetAgreement().GetState() != idcontrolv1.AgreementState_AGREEMENT_STATE_ACTIVE {
		t.Fatalf("right code: %v", ok)
	}
	v, err := c.VerifyEvidence(ctx, &idcontrolv1.VerifyEvidenceRequest{Payload: ok.GetEvidence().GetPayload(), Signature: ok.GetEvidence().GetSignature()})
	keep(v, err)
	if !v.GetValid() || v.GetRecord().GetInn() != "500100732259" {
		t.Fatalf("verify %v", v)
	}
	h, err := c.GetHistory(ctx, &idcontrolv1.GetHistoryRequest{Signer: signer})
	keep(h, err)
	if len(h.GetEvents()) != 5 || h.GetEvents()[2].GetActorKind() != idcontrolv1.ActorKind_ACTOR_KIND_OPERATOR {
		t.Fatalf("history %v", h)
	}
	ref, err := c.Refuse(ctx, &idcontrolv1.RefuseRequest{Signer: signer})
	keep(ref, err)
	w, err := c.WithdrawRefusal(ctx, &idcontrolv1.WithdrawRefusalRequest{Signer: signer})
	keep(w, err)

	for _, m := range answers {
		js := protojson.Format(m)
		// The evidence payload holds the number in full (base64); nothing
		// else may, and no answer holds the code.
		if p, ok := m.(*idcontrolv1.ConfirmCodeResponse); ok && p.GetEvidence() != nil {
			c := proto.Clone(p).(*idcontrolv1.ConfirmCodeResponse)
			c.Evidence.Payload = nil
			js = protojson.Format(c)
		}
		if strings.Contains(js, code) || strings.Contains(js, "9120001234") {
			t.Errorf("an answer holds the code or the number: %s", js)
		}
	}
	logs := env.logs.String()
	if !strings.Contains(logs, "ConfirmCode") {
		t.Fatalf("the calls were not logged:\n%s", logs)
	}
	for _, p := range []string{"500100732259", "9120001234", "912) 000-12-34", "000-12-34", code, "12 34"} {
		if strings.Contains(logs, p) {
			t.Errorf("%q reached the log", p)
		}
	}
}

// TestSignatureNotReadyRefusesTheOffer: a landline is NOT_READY in
// GetAgreement; policy-required documents block AcceptOffer.
func TestSignatureNotReady(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	c := sigClient(env)
	g, err := c.GetAgreement(context.Background(), &idcontrolv1.GetAgreementRequest{
		Signer: &idcontrolv1.Signer{Inn: "7707083893", Phone: "+33 1 23 45 67 89"}})
	if err != nil {
		t.Fatal(err)
	}
	if g.GetAgreement().GetState() != idcontrolv1.AgreementState_AGREEMENT_STATE_NOT_READY ||
		len(g.GetAgreement().GetBlockers()) != 1 || g.GetAgreement().GetBlockers()[0].GetCode() != "PHONE_NOT_MOBILE" ||
		g.GetAgreement().GetMaskedPhone() != "+33 ** *** 67 89" {
		t.Fatalf("%v", g)
	}
}

func TestMaskPhone(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"+79123456789":  "+7 *** *** 67 89",
		"+33612345678":  "+33 ** *** 56 78",
		"+491701234567": "+49 *** *** 45 67",
		"+3524621123":   "+352 *** 11 23",
	} {
		cc := map[string]int{"+7": 7, "+3": 33, "+4": 49}[in[:2]]
		if strings.HasPrefix(in, "+352") {
			cc = 352
		}
		if got := sigcheck.MaskPhone(in, cc); got != want {
			t.Errorf("MaskPhone(%s) = %q, want %q", in, got, want)
		}
	}
}

// TestSignatureTwoServersSharePostgres runs racing transitions on one
// agreement through two Server instances, each with its own PostgreSQL
// connection pool: the database decides, exactly one wins each race.
func TestSignatureTwoServersSharePostgres(t *testing.T) {
	t.Parallel()
	url := os.Getenv("IDCONTROL_TEST_POSTGRES_URL")
	if url == "" {
		t.Skip("IDCONTROL_TEST_POSTGRES_URL is unset: start PostgreSQL and set it, e.g. " +
			"IDCONTROL_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/idtest?sslmode=disable (.ci/run does)")
	}
	// Attempts and daily caps are shared too: through Redis when the CI
	// provides it (as replicas would), else one bbolt ledger in process.
	var b [4]byte
	_, _ = rand.Read(b[:])
	shared := func() ledger.Ledger {
		led, err := ledger.OpenBolt(t.TempDir(), ledger.WithSweepInterval(0))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { led.Close() })
		return led
	}
	if redisURL := os.Getenv("IDCONTROL_TEST_REDIS_URL"); redisURL != "" {
		shared = func() ledger.Ledger {
			led, err := ledger.OpenRedis(context.Background(), redisURL, ledger.WithKeyPrefix(fmt.Sprintf("idcontrol-test:%x:", b)))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { led.Close() })
			return led
		}
	}
	boltLed := shared()
	out := &memorySender{}
	replica := func() *testEnv {
		led := boltLed
		if os.Getenv("IDCONTROL_TEST_REDIS_URL") != "" {
			led = shared() // each replica its own connection
		}
		return startServer(t, func(_ *Config, d *deps) {
			store, err := signature.OpenPostgres(context.Background(), url)
			if err != nil {
				t.Fatal(err)
			}
			svc, err := signature.New(signature.Config{Store: store, Ledger: led, Sender: out, Key: testSignatureKey, Evidence: testEvidenceKey()})
			if err != nil {
				t.Fatal(err)
			}
			d.signature = &signatureDeps{family: &sigcheck.Family{Svc: svc}, store: store, now: func() time.Time { return signatureT0 }}
		})
	}
	clients := []idcontrolv1.SignatureServiceClient{sigClient(replica()), sigClient(replica())}
	signer := &idcontrolv1.Signer{Inn: innFrom(binary.BigEndian.Uint32(b[:]) % 1e8), Phone: "+79120005566"}
	ctx := context.Background()

	race := func(name string, call func(c idcontrolv1.SignatureServiceClient) error) {
		t.Helper()
		const n = 12
		var wg sync.WaitGroup
		var mu sync.Mutex
		won, refused := 0, 0
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(c idcontrolv1.SignatureServiceClient) {
				defer wg.Done()
				err := call(c)
				mu.Lock()
				defer mu.Unlock()
				switch status.Code(err) {
				case codes.OK:
					won++
				case codes.FailedPrecondition:
					refused++
				default:
					t.Errorf("%s: %v", name, err)
				}
			}(clients[i%2])
		}
		wg.Wait()
		if won != 1 || refused != n-1 {
			t.Fatalf("%s: %d won, %d refused; want 1 and %d", name, won, refused, n-1)
		}
	}
	race("AcceptOffer", func(c idcontrolv1.SignatureServiceClient) error {
		_, err := c.AcceptOffer(ctx, &idcontrolv1.AcceptOfferRequest{Signer: signer})
		return err
	})
	race("UploadApplication", func(c idcontrolv1.SignatureServiceClient) error {
		_, err := c.UploadApplication(ctx, &idcontrolv1.UploadApplicationRequest{Signer: signer,
			Application: &idcontrolv1.DocumentDigest{Name: "app.pdf", Sha256: strings.Repeat("1b", 32)}})
		return err
	})
	race("ReviewApplication", func(c idcontrolv1.SignatureServiceClient) error {
		_, err := c.ReviewApplication(ctx, &idcontrolv1.ReviewApplicationRequest{Signer: signer, ActorId: "m",
			Decision: idcontrolv1.ReviewDecision_REVIEW_DECISION_APPROVE})
		return err
	})
	if _, err := clients[0].SendCode(ctx, &idcontrolv1.SendCodeRequest{Signer: signer}); err != nil {
		t.Fatal(err)
	}
	code := out.lastCode()
	var confirmed, used int
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func(c idcontrolv1.SignatureServiceClient) {
			defer wg.Done()
			r, err := c.ConfirmCode(ctx, &idcontrolv1.ConfirmCodeRequest{Signer: signer, Code: code})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				t.Error(err)
			case r.GetOutcome() == idcontrolv1.CodeOutcome_CODE_OUTCOME_CONFIRMED:
				confirmed++
			case r.GetOutcome() == idcontrolv1.CodeOutcome_CODE_OUTCOME_ALREADY_USED:
				used++
			}
		}(clients[i%2])
	}
	wg.Wait()
	if confirmed != 1 || used != 11 {
		t.Fatalf("%d confirmed, %d already used", confirmed, used)
	}
	h, err := clients[1].GetHistory(ctx, &idcontrolv1.GetHistoryRequest{Signer: signer})
	if err != nil || len(h.GetEvents()) != 5 {
		t.Fatalf("history %v %v", h, err)
	}
}

// innFrom makes a 10-digit INN with valid check digit from n.
func innFrom(n uint32) string {
	d := []byte(fmt.Sprintf("7%08d", n))
	w := []int{2, 4, 10, 3, 5, 9, 4, 6, 8}
	s := 0
	for i, x := range w {
		s += int(d[i]-'0') * x
	}
	return string(d) + string(rune('0'+s%11%10))
}

// TestSignatureConfiguration: without a key the service is not served and
// the log says why; with keys and the outbox it is, and the log warns.
func TestSignatureConfiguration(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "code.key")
	if err := os.WriteFile(keyFile, []byte(strings.Repeat("k", 40)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	der, _ := x509.MarshalPKCS8PrivateKey(priv)
	evFile := filepath.Join(dir, "evidence.pem")
	if err := os.WriteFile(evFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	newWith := func(mod func(*Config)) (*Server, string, error) {
		cfg := Defaults()
		cfg.DataDir = t.TempDir()
		mod(&cfg)
		logs := &syncBuffer{}
		srv, err := New(context.Background(), cfg, slog.New(slog.NewJSONHandler(logs, nil)))
		if srv != nil {
			t.Cleanup(func() { _ = srv.closeDeps() })
		}
		return srv, logs.String(), err
	}
	srv, logs, err := newWith(func(*Config) {})
	if err != nil || srv.deps.signature != nil || !strings.Contains(logs, "SignatureService is not served") || !strings.Contains(logs, "--signature-key-file") {
		t.Fatalf("no key: %v %s", err, logs)
	}
	srv, logs, err = newWith(func(c *Config) {
		c.SignatureKeyFile, c.SignatureEvidenceKeyFile, c.SMSOutbox = keyFile, evFile, true
	})
	if err != nil || srv.deps.signature == nil || !strings.Contains(logs, "DEVELOPMENT SMS OUTBOX") {
		t.Fatalf("outbox: %v %s", err, logs)
	}
	if _, ok := srv.grpc.GetServiceInfo()["idcontrol.v1.SignatureService"]; !ok {
		t.Fatal("SignatureService not registered")
	}
	if _, _, err := newWith(func(c *Config) {
		c.SignatureKeyFile, c.SignatureEvidenceKeyFile, c.SMSOutbox = evFile+"-missing", evFile, true
	}); err == nil {
		t.Fatal("a missing key file was accepted")
	}
}
