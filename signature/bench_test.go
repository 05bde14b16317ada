package signature

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/idcontrol/idcontrol/ledger"
)

// BenchmarkConfirmAndSign measures ConfirmCode with the right code on
// bbolt: one ledger attempt (fsync'd), the agreement's transaction
// (fsync'd), the Ed25519 signature of the evidence. Sending the code is
// outside the timer.
func BenchmarkConfirmAndSign(b *testing.B) {
	dir := b.TempDir()
	store, err := OpenBolt(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	led, err := ledger.OpenBolt(dir, ledger.WithSweepInterval(0))
	if err != nil {
		b.Fatal(err)
	}
	defer led.Close()
	out := &outbox{}
	p := DefaultPolicy()
	p.ResendCooldown, p.MaxSendsPerDay = 0, 100
	svc, err := New(Config{Store: store, Ledger: led, Sender: out, Key: testKey, Evidence: testEvidenceKey(1), Policy: p})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	docs := []Document{appDoc}
	var sg Signer
	now := t0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if i%90 == 0 { // a new active signer before the daily cap
			sg = Signer{INN: "7707083893", Phone: fmt.Sprintf("+7912%07d", i)}
			must(svc.AcceptOffer(ctx, sg, signerA, now))
			must(svc.UploadApplication(ctx, sg, signerA, appDoc, now))
			must(svc.Review(ctx, sg, operatorA, true, "", now))
			must(svc.SendCode(ctx, sg, signerA, "en", nil, now))
			must(svc.ConfirmCode(ctx, sg, signerA, lastCodeOf(out), time.Time{}, now))
		}
		must(svc.SendCode(ctx, sg, signerA, "en", docs, now))
		code := lastCodeOf(out)
		out.msgs = out.msgs[:0]
		b.StartTimer()
		c := must(svc.ConfirmCode(ctx, sg, signerA, code, time.Time{}, now))
		if c.Outcome != OutcomeConfirmed {
			b.Fatalf("%+v", c)
		}
	}
}

func lastCodeOf(o *outbox) string { return digits.FindString(o.msgs[len(o.msgs)-1].Text) }

// BenchmarkEvidenceSign is the signing part alone: JSON encoding and
// Ed25519.
func BenchmarkEvidenceSign(b *testing.B) {
	k := testEvidenceKey(1)
	rec := EvidenceRecord{AgreementID: "agr_0123456789abcdef0123456789abcdef", Purpose: PurposeSigning, INN: "7707083893",
		Phone: "+79123456789", Documents: []Document{appDoc}, CodeID: "cod_0123456789abcdef0123456789abcdef",
		CodeSentAt: t0, ConfirmedAt: t0, AgreementExpiresAt: t0}
	for b.Loop() {
		if _, err := k.Sign(rec); err != nil {
			b.Fatal(err)
		}
	}
}
