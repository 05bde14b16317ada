package signature

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/idcontrol/idcontrol/ledger"
)

// TestPostgresConcurrentTransitions runs racing transitions on one
// agreement from two services, each with its own connection pool (two
// replicas): the row lock decides, so exactly one of each race wins.
func TestPostgresConcurrentTransitions(t *testing.T) {
	t.Parallel()
	led, err := ledger.OpenBolt(t.TempDir(), ledger.WithSweepInterval(0))
	if err != nil {
		t.Fatal(err)
	}
	defer led.Close()
	a := newFixture(t, postgresStore(t), led)
	b := newFixture(t, postgresStore(t), led)
	b.out = a.out
	b.svc.sender = a.out
	replicas := []*Service{a.svc, b.svc}
	sg := freshSigner()
	ctx := context.Background()
	const n = 16

	race := func(name string, call func(svc *Service) error) (won int) {
		t.Helper()
		var wg sync.WaitGroup
		var mu sync.Mutex
		start := make(chan struct{})
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(svc *Service) {
				defer wg.Done()
				<-start
				err := call(svc)
				var te *TransitionError
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					won++
				case errors.As(err, &te):
				default:
					t.Errorf("%s: %v", name, err)
				}
			}(replicas[i%2])
		}
		close(start)
		wg.Wait()
		return won
	}

	// Creating the agreement races on the insert too.
	if w := race("accept", func(s *Service) error { _, err := s.AcceptOffer(ctx, sg, signerA, t0); return err }); w != 1 {
		t.Fatalf("%d offers accepted, want 1", w)
	}
	if w := race("upload", func(s *Service) error { _, err := s.UploadApplication(ctx, sg, signerA, appDoc, t0); return err }); w != 1 {
		t.Fatalf("%d uploads, want 1", w)
	}
	i := 0
	var mu sync.Mutex
	if w := race("review", func(s *Service) error {
		mu.Lock()
		approve := i%2 == 0
		i++
		mu.Unlock()
		_, err := s.Review(ctx, sg, operatorA, approve, "reason", t0)
		return err
	}); w != 1 {
		t.Fatalf("%d reviews, want 1", w)
	}
	ag := must(a.svc.Get(ctx, sg, t0))
	if ag.State == StateRejected {
		must(a.svc.UploadApplication(ctx, sg, signerA, appDoc, t0))
		must(b.svc.Review(ctx, sg, operatorA, true, "", t0))
	}
	must(a.svc.SendCode(ctx, sg, signerA, "en", nil, t0))
	code := a.out.lastCode(t)
	var confirmed, used int
	var wg sync.WaitGroup
	for k := 0; k < n; k++ {
		wg.Add(1)
		go func(svc *Service) {
			defer wg.Done()
			c, err := svc.ConfirmCode(ctx, sg, signerA, code, time.Time{}, t0.Add(time.Minute))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				t.Error(err)
			case c.Outcome == OutcomeConfirmed:
				confirmed++
			case c.Outcome == OutcomeAlreadyUsed:
				used++
			default:
				t.Errorf("outcome %s", c.Outcome)
			}
		}(replicas[k%2])
	}
	wg.Wait()
	if confirmed != 1 || used != n-1 {
		t.Fatalf("%d confirmed, %d already used; want 1 and %d", confirmed, used, n-1)
	}
	ag = must(b.svc.Get(ctx, sg, t0.Add(time.Minute)))
	if ag.State != StateActive || len(must(a.store.Evidence(ctx, ag.ID))) != 1 {
		t.Fatalf("state %s, %d signatures", ag.State, ag.Signatures)
	}
	_, history, err := a.svc.History(ctx, sg, t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	counts := map[Action]int{}
	for _, e := range history {
		counts[e.Action]++
	}
	if counts[ActionAcceptOffer] != 1 || counts[ActionConfirmCode] != 1 {
		t.Fatalf("history %v", counts)
	}
}
