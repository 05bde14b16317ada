package server

import (
	"context"
	"crypto/ed25519"
	"io"
	"log/slog"
	"math/rand/v2"
	"regexp"
	"sync"
	"testing"
	"time"

	sigcheck "github.com/idcontrol/idcontrol/checks/signature"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ledger"
	"github.com/idcontrol/idcontrol/signature"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// signatureT0 is the clock of the test server's SignatureService.
var signatureT0 = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// The example signers (../examples/SignatureService.*.json), each seeded
// in the state its example needs.
var (
	exUpload   = signature.Signer{INN: "5001007329", Phone: "+79123456781"}
	exReview   = signature.Signer{INN: "7736010018", Phone: "+79123456782"}
	exWithdraw = signature.Signer{INN: "5402010015", Phone: "+79123456783"}
	exSend     = signature.Signer{INN: "6312001000", Phone: "+79123456784"}
	exConfirm  = signature.Signer{INN: "7842010010", Phone: "+79123456785"}
	exHistory  = signature.Signer{INN: "2465001018", Phone: "+79123456786"}
)

// exConfirmCode is the code sent to exConfirm while seeding.
const exConfirmCode = "555354"

// memorySender keeps messages: the test reads codes as the person would.
type memorySender struct {
	mu   sync.Mutex
	msgs []signature.Message
}

func (m *memorySender) Send(_ context.Context, msg signature.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.msgs = append(m.msgs, msg)
	return nil
}

var sixDigits = regexp.MustCompile(`[0-9]{6}`)

func (m *memorySender) lastCode() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.msgs) == 0 {
		return ""
	}
	return sixDigits.FindString(m.msgs[len(m.msgs)-1].Text)
}

var testSignatureKey = []byte("examples-only-key-0123456789abcdef")

func testEvidenceKey() *signature.EvidenceKey {
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = byte(i)
	}
	return signature.NewEvidenceKey(ed25519.NewKeyFromSeed(seed))
}

// testSignature serves the SignatureService in startServer's servers: a
// bbolt store, the server's ledger, a memory sender, a seeded random
// source and a fixed clock, so that the examples' answers are
// reproducible; the example signers are seeded in their states.
func testSignature(t *testing.T, led ledger.Ledger) *signatureDeps {
	t.Helper()
	d, _ := newTestSignature(t, led, signatureT0)
	return d
}

func newTestSignature(t *testing.T, led ledger.Ledger, now time.Time) (*signatureDeps, *memorySender) {
	t.Helper()
	store, err := signature.OpenBolt(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	out := &memorySender{}
	svc, err := signature.New(signature.Config{Store: store, Ledger: led, Sender: out, Key: testSignatureKey,
		Evidence: testEvidenceKey(), Rand: rand.NewChaCha8([32]byte{'i', 'd', 'c'})})
	if err != nil {
		t.Fatal(err)
	}
	seedExamples(t, svc, out, now)
	return &signatureDeps{family: &sigcheck.Family{Svc: svc}, store: store, now: func() time.Time { return now }}, out
}

func seedExamples(t *testing.T, svc *signature.Service, out *memorySender, now time.Time) {
	t.Helper()
	ctx := context.Background()
	signer := signature.Actor{Kind: signature.ActorSigner, ID: "portal-user-42"}
	manager := signature.Actor{Kind: signature.ActorOperator, ID: "manager-7"}
	app := signature.Document{Name: "Заявление на простую электронную подпись.pdf",
		SHA256: "3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7"}
	step := func(_ *signature.Agreement, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seeding the examples: %v", err)
		}
	}
	at := now.Add(-48 * time.Hour)
	for _, sg := range []signature.Signer{exUpload, exReview, exSend, exConfirm, exHistory} {
		step(svc.AcceptOffer(ctx, sg, signer, at))
	}
	for _, sg := range []signature.Signer{exReview, exSend, exConfirm, exHistory} {
		step(svc.UploadApplication(ctx, sg, signer, app, at.Add(time.Hour)))
	}
	for _, sg := range []signature.Signer{exSend, exConfirm, exHistory} {
		step(svc.Review(ctx, sg, manager, true, "", at.Add(5*time.Hour)))
	}
	step(svc.Refuse(ctx, exWithdraw, signer, at))
	if _, err := svc.SendCode(ctx, exConfirm, signer, "ru", nil, now.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	// The seeded random source and this order of calls make the code;
	// examples/SignatureService.ConfirmCode.activation.json holds it.
	if got := out.lastCode(); got != exConfirmCode {
		t.Fatalf("the ConfirmCode example's code is now %s, not %s: the seeding changed; update the example", got, exConfirmCode)
	}
	if _, err := svc.SendCode(ctx, exHistory, signer, "ru", nil, at.Add(6*time.Hour)); err != nil {
		t.Fatal(err)
	}
	c, err := svc.ConfirmCode(ctx, exHistory, signer, out.lastCode(), time.Time{}, at.Add(6*time.Hour+time.Minute))
	if err != nil || c.Outcome != signature.OutcomeConfirmed {
		t.Fatalf("seeding the history example: %v %+v", err, c)
	}
}

// TestSignatureLedgerThroughTheWatch: the signature service reaches the
// ledger through deps at each call, so the health watch newServer wraps
// around deps.ledger after the service was opened sees its calls too.
func TestSignatureLedgerThroughTheWatch(t *testing.T) {
	t.Parallel()
	d := &deps{}
	l := depsLedger{d}
	d.ledger = failingLedger{}
	hs := health.NewServer()
	d.ledger = watchedLedger{Ledger: d.ledger, watch: newLedgerWatch(hs, slog.New(slog.NewTextHandler(io.Discard, nil)))}
	if _, _, err := l.Consume(context.Background(), "k", 3, time.Hour); err == nil {
		t.Fatal("a failing ledger answered")
	}
	st, err := hs.Check(context.Background(), &healthpb.HealthCheckRequest{Service: idcontrolv1.ControlService_ServiceDesc.ServiceName})
	if err != nil || st.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Errorf("health after a failed signature attempt: %v %v, want NOT_SERVING", st.GetStatus(), err)
	}
}
