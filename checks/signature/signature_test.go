package signature

import (
	"context"
	"crypto/ed25519"
	"errors"
	"testing"
	"time"

	"github.com/idcontrol/idcontrol/checks"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ledger"
	lib "github.com/idcontrol/idcontrol/signature"
	"google.golang.org/protobuf/types/known/timestamppb"
)

type nopSender struct{}

func (nopSender) Send(context.Context, lib.Message) error { return nil }

func family(t *testing.T, p lib.Policy) *Family {
	t.Helper()
	store, err := lib.OpenBolt(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	led, err := ledger.OpenBolt(t.TempDir(), ledger.WithSweepInterval(0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { led.Close() })
	svc, err := lib.New(lib.Config{Store: store, Ledger: led, Sender: nopSender{}, Key: make([]byte, 32),
		Evidence: lib.NewEvidenceKey(ed25519.NewKeyFromSeed(make([]byte, 32))), Policy: p})
	if err != nil {
		t.Fatal(err)
	}
	return &Family{Svc: svc}
}

var now = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// TestNotReadyReasons: the policy's countries and required documents
// block the offer; GetAgreement says why, AcceptOffer refuses.
func TestNotReadyReasons(t *testing.T) {
	t.Parallel()
	f := family(t, lib.Policy{AllowedCountries: []string{"RU"}, RequiredDocuments: []string{"Анкета", "Устав"}})
	ctx := context.Background()
	fr := &idcontrolv1.Signer{Inn: "7707083893", Phone: "+33 6 12 34 56 78"}
	g, err := f.GetAgreement(ctx, &idcontrolv1.GetAgreementRequest{Signer: fr, PresentDocuments: []string{"Анкета"}}, now)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, b := range g.GetAgreement().GetBlockers() {
		codes = append(codes, b.GetCode())
	}
	if g.GetAgreement().GetState() != idcontrolv1.AgreementState_AGREEMENT_STATE_NOT_READY ||
		len(codes) != 2 || codes[0] != "PHONE_COUNTRY_NOT_ALLOWED" || codes[1] != "DOCUMENTS_MISSING" {
		t.Fatalf("%v", g)
	}
	// A number of a country the policy refuses is a bad field for a transition.
	_, err = f.AcceptOffer(ctx, &idcontrolv1.AcceptOfferRequest{Signer: fr}, now)
	var v checks.Violations
	if !errors.As(err, &v) || v[0].Field != "signer.phone" || v[0].Reason != "PHONE_COUNTRY_NOT_ALLOWED" {
		t.Fatalf("%v", err)
	}
	ru := &idcontrolv1.Signer{Inn: "7707083893", Phone: "+79123456789"}
	_, err = f.AcceptOffer(ctx, &idcontrolv1.AcceptOfferRequest{Signer: ru, PresentDocuments: []string{"Анкета"}}, now)
	var nr *NotReadyError
	if !errors.As(err, &nr) || nr.Blockers[0].GetCode() != "DOCUMENTS_MISSING" {
		t.Fatalf("missing documents: %v", err)
	}
	a, err := f.AcceptOffer(ctx, &idcontrolv1.AcceptOfferRequest{Signer: ru, PresentDocuments: []string{"Устав", "Анкета"}}, now)
	if err != nil || a.GetAgreement().GetState() != idcontrolv1.AgreementState_AGREEMENT_STATE_OFFER_ACCEPTED {
		t.Fatalf("%v %v", a, err)
	}
}

func TestConfirmExpiryBounds(t *testing.T) {
	t.Parallel()
	f := family(t, lib.Policy{})
	_, err := f.ConfirmCode(context.Background(), &idcontrolv1.ConfirmCodeRequest{
		Signer: &idcontrolv1.Signer{Inn: "7707083893", Phone: "+79123456789"}, Code: "123456",
		AgreementExpiresAt: timestamp(now.Add(-time.Hour))}, now)
	var v checks.Violations
	if !errors.As(err, &v) || v[0].Field != "agreementExpiresAt" {
		t.Fatalf("%v", err)
	}
}

func timestamp(t time.Time) *timestamppb.Timestamp { return timestamppb.New(t) }
