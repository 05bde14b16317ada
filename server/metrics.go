package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	grpcprom "github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus"
	"github.com/idcontrol/idcontrol/ledger"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
)

// metrics are served on --metrics-listen. Every label value comes from the
// schema (method, status code, control name, true/false/absent), never
// from a request.
type metrics struct {
	reg      *prometheus.Registry
	rpc      *grpcprom.ServerMetrics
	inFlight prometheus.Gauge
	controls *outcomeCounter
	ledgerUp prometheus.Gauge
}

// latencyBuckets span the controls' costs: tens of µs in process to the
// default timeout.
var latencyBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		rpc: grpcprom.NewServerMetrics(grpcprom.WithServerHandlingTimeHistogram(grpcprom.WithHistogramBuckets(latencyBuckets))),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "idcontrol_rpcs_in_flight", Help: "gRPC calls being handled.",
		}),
		controls: newOutcomeCounter(),
		ledgerUp: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "idcontrol_ledger_up", Help: "1 when the attempt ledger answered the last probe, else 0.",
		}),
	}
	m.reg.MustRegister(m.rpc, m.inFlight, m.controls, m.ledgerUp,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// unary is the outermost interceptor: RPC counts and latency (the
// provider), calls in flight, and the outcome of every control answered.
func (m *metrics) unary() []grpc.UnaryServerInterceptor {
	return []grpc.UnaryServerInterceptor{
		m.rpc.UnaryServerInterceptor(),
		func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
			m.inFlight.Inc()
			defer m.inFlight.Dec()
			resp, err := handler(ctx, req)
			if msg, ok := resp.(proto.Message); ok && err == nil {
				m.countControls(msg)
			}
			return resp, err
		},
	}
}

// countControls counts every proto3 optional bool of the answer (the
// controls) as true, false or absent, descending into set sub-messages.
// The walk is Go written out per message type by scripts/outcomesgen
// (outcomes_gen.go), reading the fields directly; the sub-messages that
// hold no control (findings, validity) are not descended into, and a type
// holding none at all is not walked.
func (m *metrics) countControls(resp proto.Message) {
	countOutcomes(resp, m.controls.shard())
}

// probeLedger says whether the ledger answers within a second.
func probeLedger(ctx context.Context, led ledger.Ledger) bool {
	if led == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_, err := led.Peek(ctx, "idcontrol-healthz-probe")
	return err == nil
}

// handler serves /metrics and /healthz (200 while the ledger answers,
// 503 otherwise: a replica that cannot count attempts must leave the
// load balancer).
func (m *metrics) handler(led ledger.Ledger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if !probeLedger(r.Context(), led) {
			m.ledgerUp.Set(0)
			http.Error(w, "attempt ledger unavailable", http.StatusServiceUnavailable)
			return
		}
		m.ledgerUp.Set(1)
		_, _ = w.Write([]byte("ok\n"))
	})
	prom := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		if probeLedger(r.Context(), led) {
			m.ledgerUp.Set(1)
		} else {
			m.ledgerUp.Set(0)
		}
		prom.ServeHTTP(w, r)
	})
	return mux
}

// serveMetrics serves the handler on lis until ctx ends.
func (m *metrics) serveMetrics(ctx context.Context, log *slog.Logger, lis net.Listener, led ledger.Ledger) {
	hs := &http.Server{Handler: m.handler(led), ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	if err := hs.Serve(lis); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("metrics listener stopped", "error", err.Error())
	}
}

// servePprof serves net/http/pprof on lis (--pprof-listen) until ctx
// ends: CPU and heap profiles of the live server under load. Profiles
// hold no request data (stacks and sizes only), but the port must stay
// private like the metrics one.
func servePprof(ctx context.Context, log *slog.Logger, lis net.Listener) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		_ = hs.Close()
	}()
	if err := hs.Serve(lis); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("pprof listener stopped", "error", err.Error())
	}
}
