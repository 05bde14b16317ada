package server

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/ledger"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// defaultLedgerProbe is how often the attempt ledger is probed.
const defaultLedgerProbe = 2 * time.Second

// ledgerWatch follows the attempt ledger's availability. While it is down,
// every keyed ScoreSimilarity fails, so the ControlService is reported
// NOT_SERVING to health checks (the server as a whole, "", stays SERVING:
// the other services and the unkeyed calls work); it is SERVING again when
// a probe or a call succeeds. The outage is logged once when it starts
// and once when it ends, with the number of calls that failed meanwhile,
// instead of one line per failed call (22 000 lines in 6 s under load).
type ledgerWatch struct {
	health *health.Server
	log    *slog.Logger

	mu     sync.Mutex
	down   bool
	since  time.Time
	failed int // calls failed since the outage began
}

func newLedgerWatch(hs *health.Server, log *slog.Logger) *ledgerWatch {
	return &ledgerWatch{health: hs, log: log}
}

// failure records a failed ledger call (call true) or probe.
func (w *ledgerWatch) failure(err error, call bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if call {
		w.failed++
	}
	if w.down {
		return
	}
	w.down, w.since = true, time.Now()
	w.health.SetServingStatus(idcontrolv1.ControlService_ServiceDesc.ServiceName, healthpb.HealthCheckResponse_NOT_SERVING)
	// Ledger errors name the store and the failure, never an attempt key.
	w.log.Error("attempt ledger unavailable: keyed ScoreSimilarity calls answer UNAVAILABLE until it is back",
		"error", err.Error())
}

// success records a ledger call or probe that worked.
func (w *ledgerWatch) success() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.down {
		return
	}
	w.health.SetServingStatus(idcontrolv1.ControlService_ServiceDesc.ServiceName, healthpb.HealthCheckResponse_SERVING)
	w.log.Warn("attempt ledger available again",
		"failed_calls", w.failed, "outage", time.Since(w.since).Round(time.Millisecond).String())
	w.down, w.failed = false, 0
}

// probe checks the ledger every interval until ctx is done. Only ledgers
// with a Ping are probed; for others a successful call ends an outage.
func (w *ledgerWatch) probe(ctx context.Context, l ledger.Ledger, every time.Duration) {
	p, ok := l.(ledger.Pinger)
	if !ok {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		pctx, cancel := context.WithTimeout(ctx, max(every, time.Second))
		err := p.Ping(pctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			w.failure(err, false)
		default:
			w.success()
		}
	}
}

// watchedLedger reports the outcome of each call to the watch.
type watchedLedger struct {
	ledger.Ledger
	watch *ledgerWatch
}

func (l watchedLedger) Consume(ctx context.Context, key string, maxAttempts int, ttl time.Duration) (int, bool, error) {
	used, granted, err := l.Ledger.Consume(ctx, key, maxAttempts, ttl)
	switch {
	case err == nil:
		l.watch.success()
	case ctx.Err() != nil || errors.Is(err, ledger.ErrInvalidArgument):
		// The caller's deadline or cancellation, or a bug of ours: not
		// the store's health (a hung store is caught by the probe).
	default:
		l.watch.failure(err, true)
	}
	return used, granted, err
}

// logLedgerError notes a failed ledger call at debug level: the outage
// itself is logged once by the ledger watch. The attempt key, which may
// carry personal data, is never logged.
func (d *deps) logLedgerError(ctx context.Context, err error) {
	if d.log != nil {
		d.log.DebugContext(ctx, "attempt ledger call failed", "error", err.Error())
	}
}
