package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/auth"
	"golang.org/x/time/rate"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// production gathers what issue 14 adds around the handlers: TLS,
// authentication, per-client rate limits and metrics. A nil *production
// (the tests' in-process server) adds nothing.
type production struct {
	cfg     Config
	tls     *tlsFiles
	auth    *authenticator // nil: authentication off
	limiter *clientLimiter // with auth only
	metrics *metrics       // nil: --metrics-listen unset
	tracing *tracing       // nil: --otlp-endpoint unset
	// metricsAddr and healthAddr are where /metrics and the plaintext
	// health service are served once started.
	metricsAddr, healthAddr, pprofAddr string
}

// validateProduction checks the production flags that need no file.
func (c Config) validateProduction() error {
	var errs []error
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("--tls-cert and --tls-key go together"))
	}
	if c.TLSClientCA != "" && c.TLSCert == "" {
		errs = append(errs, errors.New("--tls-client-ca needs --tls-cert and --tls-key"))
	}
	if c.TraceRatio < 0 || c.TraceRatio > 1 {
		errs = append(errs, errors.New("--trace-ratio must be between 0 and 1"))
	}
	if c.ReloadInterval <= 0 {
		errs = append(errs, errors.New("--reload-interval must be positive"))
	}
	return errors.Join(errs...)
}

// errPlaintext refuses to serve in clear where others can listen.
var errPlaintext = errors.New("refusing plaintext on a non-loopback address: give --tls-cert/--tls-key, listen on 127.0.0.1, or pass --insecure")

// checkTransport is checked when Run listens (New also serves tests
// in process, where no address is involved).
func checkTransport(c Config) error {
	if c.TLSCert == "" && !plaintextAllowed(c) {
		return errPlaintext
	}
	return nil
}

// newProduction loads the certificate and auth files; a bad file fails
// the start.
func newProduction(cfg Config, log *slog.Logger) (*production, error) {
	p := &production{cfg: cfg}
	if cfg.TLSCert != "" {
		t, err := loadTLS(cfg.TLSCert, cfg.TLSKey, cfg.TLSClientCA)
		if err != nil {
			return nil, err
		}
		p.tls = t
	}
	if cfg.AuthConfig != "" {
		a, err := newAuthenticator(cfg.AuthConfig, cfg.AuthOpenHealth, log)
		if err != nil {
			return nil, err
		}
		p.auth = a
		p.limiter = newClientLimiter(func(client string) (rate.Limit, int, bool) {
			return a.state.Load().limit(client)
		})
	}
	if cfg.MetricsListen != "" {
		p.metrics = newMetrics()
	}
	if cfg.OTLPEndpoint != "" {
		t, err := newTracing(cfg)
		if err != nil {
			return nil, fmt.Errorf("--otlp-endpoint: %w", err)
		}
		p.tracing = t
	}
	return p, nil
}

// credsOption is the server's transport security: TLS when configured.
func (p *production) credsOption() grpc.ServerOption {
	if p == nil || p.tls == nil {
		return grpc.EmptyServerOption{}
	}
	return grpc.Creds(p.tls.credentials())
}

// unaryChain splices issue 14's interceptors into base, whose first two
// are logging and recovery (see interceptors): the design's order is
// metrics → logging → recovery → auth → rate limit → deadline, validation.
func (p *production) unaryChain(base []grpc.UnaryServerInterceptor) []grpc.UnaryServerInterceptor {
	if p == nil {
		return base
	}
	var out []grpc.UnaryServerInterceptor
	if p.metrics != nil {
		out = append(out, p.metrics.unary()...)
	}
	n := min(outerInterceptors, len(base))
	out = append(out, base[:n]...)
	if af := p.authFunc(); af != nil {
		out = append(out, auth.UnaryServerInterceptor(af))
	}
	if p.limiter != nil {
		out = append(out, rateLimited(p.limiter))
	}
	if p.tracing != nil {
		out = append(out, p.tracing.familySpan())
	}
	return append(out, base[n:]...)
}

// statsOption traces calls when --otlp-endpoint is set.
func (p *production) statsOption() grpc.ServerOption {
	if p == nil || p.tracing == nil {
		return grpc.EmptyServerOption{}
	}
	return p.tracing.statsOption()
}

// authFunc is the auth interceptor's check: the authenticator with
// --auth-config, the certificate's name under mutual TLS without it.
func (p *production) authFunc() auth.AuthFunc {
	switch {
	case p.auth != nil:
		return p.auth.authenticate
	case p.tls != nil && p.cfg.TLSClientCA != "":
		return certificateIdentity
	}
	return nil
}

// streamChain guards the streaming RPCs (health Watch, reflection).
func (p *production) streamChain() []grpc.StreamServerInterceptor {
	if p == nil {
		return nil
	}
	var out []grpc.StreamServerInterceptor
	if p.metrics != nil {
		out = append(out, p.metrics.rpc.StreamServerInterceptor())
	}
	if af := p.authFunc(); af != nil {
		out = append(out, auth.StreamServerInterceptor(af))
	}
	if p.limiter != nil {
		out = append(out, rateLimitedStream(p.limiter))
	}
	return out
}

// reflectionAllowed: reflection describes the API to whoever asks, so with
// authentication on it is served only when --reflection asks for it (and
// then to authenticated clients only).
func (p *production) reflectionAllowed() bool {
	return p == nil || p.auth == nil || p.cfg.Reflection
}

// registered runs once every service is registered.
func (p *production) registered(g *grpc.Server) {
	if p != nil && p.metrics != nil {
		p.metrics.rpc.InitializeMetrics(g)
	}
}

// start logs the security mode and runs the reloaders until ctx ends.
func (p *production) start(ctx context.Context, log *slog.Logger, srv *Server) error {
	if p == nil {
		return nil
	}
	if err := checkTransport(p.cfg); err != nil {
		return err
	}
	if p.metrics != nil {
		lis, err := net.Listen("tcp", p.cfg.MetricsListen)
		if err != nil {
			return fmt.Errorf("--metrics-listen: %w", err)
		}
		p.metricsAddr = lis.Addr().String()
		if srv.deps.registry != nil {
			p.metrics.reg.MustRegister(newRegistryCollector(srv.deps.registry))
		}
		log.Info("metrics served", "address", p.metricsAddr, "paths", "/metrics /healthz")
		go p.metrics.serveMetrics(ctx, log, lis, srv.deps.ledger)
	}
	if p.cfg.PprofListen != "" {
		lis, err := net.Listen("tcp", p.cfg.PprofListen)
		if err != nil {
			return fmt.Errorf("--pprof-listen: %w", err)
		}
		p.pprofAddr = lis.Addr().String()
		log.Warn("pprof served: keep this port private", "address", p.pprofAddr)
		go servePprof(ctx, log, lis)
	}
	if p.tracing != nil {
		log.Info("tracing: spans exported over OTLP", "endpoint", p.cfg.OTLPEndpoint, "ratio", p.cfg.TraceRatio)
		go func() {
			<-ctx.Done()
			p.tracing.shutdown()
		}()
	}
	if p.cfg.HealthListen != "" {
		lis, err := net.Listen("tcp", p.cfg.HealthListen)
		if err != nil {
			return fmt.Errorf("--health-listen: %w", err)
		}
		p.healthAddr = lis.Addr().String()
		log.Info("plaintext health service served (grpc.health.v1 only)", "address", p.healthAddr)
		go serveHealthOnly(ctx, lis, srv.health, p.cfg.ShutdownTimeout)
	}
	switch {
	case p.tls != nil && p.cfg.TLSClientCA != "":
		log.Info("transport: mutual TLS (client certificates required)")
	case p.tls != nil:
		log.Info("transport: TLS")
	case p.cfg.Insecure:
		log.Warn("transport: PLAINTEXT (--insecure): traffic and credentials travel in clear")
	default:
		log.Warn("transport: PLAINTEXT on a loopback address only")
	}
	if p.tls != nil {
		go watchFiles(ctx, log, "TLS certificate", p.cfg.ReloadInterval, p.tls.files, p.tls.reload)
	}
	if p.auth == nil {
		log.Warn("AUTHENTICATION IS OFF: any caller that reaches the port can run every control and spend attempts; set --auth-config (and mutual TLS) before serving real data")
	} else {
		st := p.auth.state.Load()
		log.Info("authentication on", "clients", len(st.clients), "jwt", st.jwt != nil,
			"health_open", p.cfg.AuthOpenHealth, "reflection", p.cfg.Reflection)
		go watchFiles(ctx, log, "auth config", p.cfg.ReloadInterval, p.auth.watched, p.auth.reload)
	}
	return nil
}

// serveHealthOnly serves grpc.health.v1, and nothing else, in plaintext:
// Kubernetes' native gRPC probes speak neither TLS nor authentication. It
// shares the main server's health statuses and outlives ctx by the drain
// time, so that a draining server answers NOT_SERVING rather than nothing.
func serveHealthOnly(ctx context.Context, lis net.Listener, hs healthpb.HealthServer, drain time.Duration) {
	g := grpc.NewServer()
	healthpb.RegisterHealthServer(g, hs)
	go func() {
		<-ctx.Done()
		time.Sleep(drain)
		g.Stop()
	}()
	_ = g.Serve(lis)
}
