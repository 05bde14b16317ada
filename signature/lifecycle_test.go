package signature

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// storeKinds runs a test on both stores; PostgreSQL skips without
// IDCONTROL_TEST_POSTGRES_URL.
func storeKinds(t *testing.T, run func(t *testing.T, f *fixture, sg Signer)) {
	t.Run("bbolt", func(t *testing.T) {
		t.Parallel()
		run(t, newFixture(t, boltStore(t), nil), testSigner)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		run(t, newFixture(t, postgresStore(t), nil), freshSigner())
	})
}

func freshSigner() Signer {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return uniqueSigner(binary.BigEndian.Uint64(b[:]) % 1e8)
}

// must unwraps a result the test expects to succeed; a failure panics
// with its stack, which names the line.
func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprintf("unexpected error: %v", err))
	}
	return v
}

func wantState(t *testing.T, a *Agreement, s State) {
	t.Helper()
	if a.State != s {
		t.Fatalf("state %s, want %s", a.State, s)
	}
}

func wantTransitionError(t *testing.T, err error, action Action, from State) {
	t.Helper()
	var te *TransitionError
	if !errors.As(err, &te) || te.Action != action || te.From != from {
		t.Fatalf("got %v, want %s refused from %s", err, action, from)
	}
}

// approved walks a fresh signer to APPROVED.
func approved(t *testing.T, f *fixture, sg Signer, now time.Time) {
	t.Helper()
	ctx := context.Background()
	must(f.svc.AcceptOffer(ctx, sg, signerA, now))
	must(f.svc.UploadApplication(ctx, sg, signerA, appDoc, now))
	wantState(t, must(f.svc.Review(ctx, sg, operatorA, true, "", now)), StateApproved)
}

func TestLifecycle(t *testing.T) {
	t.Parallel()
	storeKinds(t, func(t *testing.T, f *fixture, sg Signer) {
		ctx := context.Background()
		now := t0
		a := must(f.svc.Get(ctx, sg, now))
		if a.State != StateWanted || a.ID != "" {
			t.Fatalf("default agreement: %+v", a)
		}
		a = must(f.svc.AcceptOffer(ctx, sg, signerA, now))
		wantState(t, a, StateOfferAccepted)
		id := a.ID
		if !strings.HasPrefix(id, "agr_") {
			t.Fatalf("id %q", id)
		}
		now = now.Add(time.Hour)
		wantState(t, must(f.svc.UploadApplication(ctx, sg, signerA, appDoc, now)), StateUnderReview)
		a = must(f.svc.Review(ctx, sg, operatorA, false, "the application lacks the director's signature", now))
		wantState(t, a, StateRejected)
		if a.RejectionReason == "" {
			t.Fatal("no rejection reason")
		}
		wantState(t, must(f.svc.UploadApplication(ctx, sg, signerA, appDoc, now)), StateUnderReview)
		a = must(f.svc.Review(ctx, sg, operatorA, true, "", now))
		wantState(t, a, StateApproved)
		if a.RejectionReason != "" {
			t.Fatal("the rejection reason outlived the approval")
		}

		sent := must(f.svc.SendCode(ctx, sg, signerA, "ru", nil, now))
		wantState(t, sent.Agreement, StateAwaitingCode)
		if !sent.CodeExpiresAt.Equal(now.Add(5 * time.Minute)) {
			t.Fatalf("code expires %v", sent.CodeExpiresAt)
		}
		code := f.out.lastCode(t)
		if m := f.out.msgs[0]; m.To != sg.Phone || !strings.Contains(m.Text, "Код") || m.Language != "ru" {
			t.Fatalf("message %+v", m)
		}
		wrong := "000000"
		if code == wrong {
			wrong = "111111"
		}
		c := must(f.svc.ConfirmCode(ctx, sg, signerA, wrong, time.Time{}, now.Add(time.Minute)))
		if c.Outcome != OutcomeMismatch || c.AttemptsRemaining != 2 || c.Evidence != nil {
			t.Fatalf("wrong code: %+v", c)
		}
		confirmAt := now.Add(2 * time.Minute)
		until := time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC)
		c = must(f.svc.ConfirmCode(ctx, sg, signerA, code, until, confirmAt))
		if c.Outcome != OutcomeConfirmed || c.Evidence == nil {
			t.Fatalf("right code: %+v", c)
		}
		wantState(t, c.Agreement, StateActive)
		rec := must(VerifyEvidence(f.svc.EvidenceKey().Public(), *c.Evidence))
		if rec.AgreementID != id || rec.INN != sg.INN || rec.Phone != sg.Phone || rec.Purpose != PurposeActivation ||
			!rec.ConfirmedAt.Equal(confirmAt) || !rec.AgreementExpiresAt.Equal(until) ||
			len(rec.Documents) != 1 || rec.Documents[0] != appDoc {
			t.Fatalf("evidence %+v", rec)
		}
		// Used once.
		c = must(f.svc.ConfirmCode(ctx, sg, signerA, code, time.Time{}, confirmAt.Add(time.Second)))
		if c.Outcome != OutcomeAlreadyUsed || c.Evidence != nil {
			t.Fatalf("second use: %+v", c)
		}

		// Signing documents with the active agreement.
		now = now.Add(24 * time.Hour)
		if _, err := f.svc.SendCode(ctx, sg, signerA, "fr", nil, now); !errors.Is(err, ErrDocumentsRequired) {
			t.Fatalf("signing code without documents: %v", err)
		}
		docs := []Document{{Name: "consent.pdf", SHA256: strings.Repeat("ab", 32)}, {Name: "form.pdf", SHA256: strings.Repeat("cd", 32)}}
		sent = must(f.svc.SendCode(ctx, sg, signerA, "fr", docs, now))
		wantState(t, sent.Agreement, StateActive)
		if !strings.Contains(f.out.msgs[len(f.out.msgs)-1].Text, "Documents : 2") {
			t.Fatalf("fr message %q", f.out.msgs[len(f.out.msgs)-1].Text)
		}
		c = must(f.svc.ConfirmCode(ctx, sg, signerA, f.out.lastCode(t), time.Time{}, now.Add(time.Minute)))
		if c.Outcome != OutcomeConfirmed || c.Record.Purpose != PurposeSigning || len(c.Record.Documents) != 2 ||
			!c.Record.AgreementExpiresAt.Equal(until) {
			t.Fatalf("signing: %+v %+v", c, c.Record)
		}

		// Expiry, recorded by the system at the agreement's date.
		a = must(f.svc.Get(ctx, sg, until))
		wantState(t, a, StateExpired)
		last := a.History[len(a.History)-1]
		if last.Action != ActionExpire || last.Actor.Kind != ActorSystem || !last.At.Equal(until) {
			t.Fatalf("expiry event %+v", last)
		}
		_, err := f.svc.SendCode(ctx, sg, signerA, "en", docs, until.Add(time.Hour))
		wantTransitionError(t, err, ActionSendCode, StateExpired)
		// Renewal starts again from the offer.
		wantState(t, must(f.svc.AcceptOffer(ctx, sg, signerA, until.Add(time.Hour))), StateOfferAccepted)
		// Refusal and its withdrawal.
		wantState(t, must(f.svc.Refuse(ctx, sg, signerA, until.Add(2*time.Hour))), StateRefused)
		wantState(t, must(f.svc.WithdrawRefusal(ctx, sg, signerA, until.Add(3*time.Hour))), StateWanted)

		a, history, err := f.svc.History(ctx, sg, until.Add(4*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range history {
			got = append(got, string(e.Action)+":"+string(e.To))
			if e.At.IsZero() || e.Actor.Kind == "" {
				t.Errorf("event without time or actor: %+v", e)
			}
		}
		want := "ACCEPT_OFFER:OFFER_ACCEPTED UPLOAD_APPLICATION:UNDER_REVIEW REJECT:REJECTED UPLOAD_APPLICATION:UNDER_REVIEW " +
			"APPROVE:APPROVED SEND_CODE:AWAITING_CODE CONFIRM_CODE:ACTIVE SEND_CODE:ACTIVE CONFIRM_CODE:ACTIVE EXPIRE:EXPIRED " +
			"ACCEPT_OFFER:OFFER_ACCEPTED REFUSE:REFUSED WITHDRAW_REFUSAL:WANTED"
		if strings.Join(got, " ") != want {
			t.Fatalf("history\n got %s\nwant %s", strings.Join(got, " "), want)
		}
		if a.ID != id || a.Signatures != 2 || len(must(f.store.Evidence(ctx, a.ID))) != 2 {
			t.Fatalf("id %s evidence %d", a.ID, a.Signatures)
		}
	})
}

// TestRefusedTransitions tries every action from every state it may not
// start from.
func TestRefusedTransitions(t *testing.T) {
	t.Parallel()
	all := []State{StateWanted, StateRefused, StateOfferAccepted, StateUnderReview, StateRejected,
		StateApproved, StateAwaitingCode, StateActive, StateExpired}
	n := 0
	for action, tr := range Transitions {
		for _, from := range all {
			a := &Agreement{State: from}
			err := a.apply(action, signerA, t0, "")
			if allowed(action, from) {
				if err != nil {
					t.Errorf("%s from %s: %v", action, from, err)
				}
				continue
			}
			n++
			var te *TransitionError
			if !errors.As(err, &te) || a.State != from || len(a.History) != 0 {
				t.Errorf("%s from %s: %v, state %s", action, from, err, a.State)
			}
			_ = tr
		}
	}
	if n < 40 {
		t.Fatalf("only %d refused pairs", n)
	}
	// The seed's example: no jump from refused to active, nor to a code.
	storeKinds(t, func(t *testing.T, f *fixture, sg Signer) {
		ctx := context.Background()
		must(f.svc.Refuse(ctx, sg, signerA, t0))
		_, err := f.svc.SendCode(ctx, sg, signerA, "en", nil, t0)
		wantTransitionError(t, err, ActionSendCode, StateRefused)
		_, err = f.svc.ConfirmCode(ctx, sg, signerA, "123456", time.Time{}, t0)
		wantTransitionError(t, err, ActionConfirmCode, StateRefused)
		_, err = f.svc.Review(ctx, sg, operatorA, true, "", t0)
		wantTransitionError(t, err, ActionApprove, StateRefused)
		_, err = f.svc.Refuse(ctx, sg, signerA, t0)
		wantTransitionError(t, err, ActionRefuse, StateRefused)
		must(f.svc.WithdrawRefusal(ctx, sg, signerA, t0))
		_, err = f.svc.UploadApplication(ctx, sg, signerA, appDoc, t0)
		wantTransitionError(t, err, ActionUploadApplication, StateWanted)
		_, history, err := f.svc.History(ctx, sg, t0)
		if err != nil || len(history) != 2 {
			t.Fatalf("refused transitions were recorded: %+v %v", history, err)
		}
		if len(f.out.msgs) != 0 {
			t.Fatal("a refused send sent a message")
		}
	})
}

func TestCodeExpiryAttemptsAndCooldown(t *testing.T) {
	t.Parallel()
	storeKinds(t, func(t *testing.T, f *fixture, sg Signer) {
		ctx := context.Background()
		approved(t, f, sg, t0)
		must(f.svc.SendCode(ctx, sg, signerA, "en", nil, t0))
		first := f.out.lastCode(t)

		// Resend cooldown: refused within a minute, with the time to wait.
		_, err := f.svc.SendCode(ctx, sg, signerA, "en", nil, t0.Add(30*time.Second))
		var we *WaitError
		if !errors.As(err, &we) || we.Reason != "RESEND_COOLDOWN" || !we.RetryAt.Equal(t0.Add(time.Minute)) {
			t.Fatalf("resend within the cooldown: %v", err)
		}
		if len(f.out.msgs) != 1 {
			t.Fatal("the cooldown let a message through")
		}

		// Expired: its own outcome, and the way out is a new code.
		c := must(f.svc.ConfirmCode(ctx, sg, signerA, first, time.Time{}, t0.Add(5*time.Minute)))
		if c.Outcome != OutcomeExpired || c.Evidence != nil {
			t.Fatalf("expired code: %+v", c)
		}
		wantState(t, c.Agreement, StateAwaitingCode)
		must(f.svc.SendCode(ctx, sg, signerA, "en", nil, t0.Add(5*time.Minute)))
		second := f.out.lastCode(t)
		at := t0.Add(6 * time.Minute)
		if first != second {
			// The first code no longer opens anything.
			if c := must(f.svc.ConfirmCode(ctx, sg, signerA, first, time.Time{}, at)); c.Outcome != OutcomeMismatch {
				t.Fatalf("old code: %+v", c)
			}
		} else {
			must(f.svc.ConfirmCode(ctx, sg, signerA, "x", time.Time{}, at))
		}
		// Three attempts in all, the right code included.
		must(f.svc.ConfirmCode(ctx, sg, signerA, "bad", time.Time{}, at))
		c = must(f.svc.ConfirmCode(ctx, sg, signerA, "bad", time.Time{}, at))
		if c.Outcome != OutcomeAttemptsExhausted || c.AttemptsRemaining != 0 {
			t.Fatalf("third wrong attempt: %+v", c)
		}
		c = must(f.svc.ConfirmCode(ctx, sg, signerA, second, time.Time{}, at))
		if c.Outcome != OutcomeAttemptsExhausted || c.Evidence != nil || c.RetryAt.Before(at) {
			t.Fatalf("right code after the attempts: %+v", c)
		}

		// Daily cap: five sends per number in 24 hours.
		for i := 2; i < 5; i++ {
			must(f.svc.SendCode(ctx, sg, signerA, "en", nil, t0.Add(time.Duration(i)*10*time.Minute)))
		}
		_, err = f.svc.SendCode(ctx, sg, signerA, "en", nil, t0.Add(time.Hour))
		if !errors.As(err, &we) || we.Reason != "DAILY_SEND_LIMIT" {
			t.Fatalf("sixth send: %v", err)
		}
		if len(f.out.msgs) != 5 {
			t.Fatalf("%d messages sent", len(f.out.msgs))
		}
	})
}

func TestUndeliveredCodeLeavesNoCooldown(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boltStore(t), nil)
	ctx := context.Background()
	approved(t, f, testSigner, t0)
	f.out.fail = ErrUnavailable
	if _, err := f.svc.SendCode(ctx, testSigner, signerA, "en", nil, t0); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("send through a failing gateway: %v", err)
	}
	f.out.fail = nil
	must(f.svc.SendCode(ctx, testSigner, signerA, "en", nil, t0.Add(time.Second)))
	c := must(f.svc.ConfirmCode(ctx, testSigner, signerA, f.out.lastCode(t), time.Time{}, t0.Add(2*time.Second)))
	if c.Outcome != OutcomeConfirmed {
		t.Fatalf("%+v", c)
	}
}
