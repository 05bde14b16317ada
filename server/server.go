package server

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"time"

	"buf.build/go/protovalidate"
	"github.com/idcontrol/idcontrol/checks"
	"github.com/idcontrol/idcontrol/checks/doc2d"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/internal/apidesc"
	"github.com/idcontrol/idcontrol/ledger"
	"github.com/idcontrol/idcontrol/policy"
	"github.com/idcontrol/idcontrol/registry"
	"github.com/idcontrol/idcontrol/signature"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/protobuf/reflect/protoreflect"
	_ "time/tzdata" // Europe/Paris must resolve on machines without zoneinfo
)

// Server is a configured gRPC server with its dependencies.
type Server struct {
	grpc   *grpc.Server
	health *health.Server
	deps   *deps
	log    *slog.Logger
	cfg    Config
	// watch reports the ledger's health; probed is the ledger it probes.
	watch  *ledgerWatch
	probed ledger.Ledger
}

// deps are what handlers need beyond the request, injected so tests can
// replace them.
type deps struct {
	policies *policy.Store
	ledger   ledger.Ledger
	// ledgerProbe is how often the ledger is probed (defaultLedgerProbe
	// when zero).
	ledgerProbe time.Duration
	// today returns the default reference date (Europe/Paris).
	today func() time.Time
	log   *slog.Logger
	// trust verifies 2D-Docs (--trust-store); nil when none is configured.
	trust *doc2d.TrustStore
	// registry is the company-registry connector; nil when off.
	registry *registry.Connector
	// signature is nil when the SignatureService is not served.
	signature *signatureDeps
	// ext is TLS, auth, rate limits and metrics (production.go); nil in tests.
	ext *production
}

// New builds the server: it opens the attempt ledger and loads the policy
// file, so a bad configuration fails here rather than on the first call.
func New(ctx context.Context, cfg Config, log *slog.Logger) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	// Rules are compiled now for every request message, not on a message's
	// first call (milliseconds each); so is the commune reference.
	v, err := protovalidate.New(protovalidate.WithMessageDescriptors(requestDescriptors()...))
	if err != nil {
		return nil, fmt.Errorf("protovalidate: %w", err)
	}
	checks.Warm()
	if _, err := apidesc.Files(); err != nil {
		return nil, err
	}
	policies, err := policy.Load(cfg.Policies)
	if err != nil {
		return nil, err
	}
	// A bad trust directory fails the start: 2D-Docs must not be
	// reported unverifiable because of an operator's typo.
	trust, err := doc2d.LoadTrustStore(cfg.TrustStore)
	if err != nil {
		return nil, err
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return nil, fmt.Errorf("time zone: %w", err)
	}
	led, err := ledger.Open(ctx, cfg.AttemptsStore, cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("attempt ledger: %w", err)
	}
	d := &deps{policies: policies, ledger: led, today: func() time.Time { return time.Now().In(paris) }, log: log, trust: trust}
	d.registry = newRegistry(cfg)
	sig, why, err := openSignature(ctx, cfg, depsLedger{d}, log)
	if err != nil {
		_ = led.Close()
		return nil, fmt.Errorf("signature service: %w", err)
	}
	if sig == nil {
		log.Warn("SignatureService is not served", "reason", why)
	} else {
		log.Info("SignatureService served", "signature_store", signature.StoreKind(cfg.SignatureStore))
	}
	d.signature = sig
	if d.ext, err = newProduction(cfg, log); err != nil {
		_ = led.Close()
		return nil, err
	}
	return newServer(cfg, log, v, d), nil
}

func newServer(cfg Config, log *slog.Logger, v protovalidate.Validator, d *deps) *Server {
	g := grpc.NewServer(append(transportOptions(cfg, newReceiveGuard(cfg.RecvTimeout, cfg.MaxReceiving)),
		// A pool of goroutines keeps the stacks that validation and the
		// controls grew; a goroutine per call grew them anew each time
		// (a quarter of the server's CPU under load).
		grpc.NumStreamWorkers(streamWorkers()),
		grpc.ForceServerCodecV2(newCodec()),
		grpc.ChainUnaryInterceptor(d.ext.unaryChain(interceptors(log, v, cfg))...),
		grpc.ChainStreamInterceptor(d.ext.streamChain()...),
		d.ext.credsOption(),
		d.ext.statsOption(),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{
			MinTime:             10 * time.Second,
			PermitWithoutStream: true,
		}),
		grpc.KeepaliveParams(keepalive.ServerParameters{
			MaxConnectionIdle: 15 * time.Minute,
			Time:              2 * time.Hour,
			Timeout:           20 * time.Second,
		}),
	)...)
	g.RegisterService(decodeErrors(idcontrolv1.MrzService_ServiceDesc), &mrzServer{deps: d})
	g.RegisterService(decodeErrors(idcontrolv1.IdentifierService_ServiceDesc), &identifierServer{})
	g.RegisterService(decodeErrors(idcontrolv1.ControlService_ServiceDesc), &controlServer{deps: d})
	g.RegisterService(decodeErrors(idcontrolv1.TwoDDocService_ServiceDesc), &twoDDocServer{deps: d})
	if d.signature != nil {
		g.RegisterService(decodeErrors(idcontrolv1.SignatureService_ServiceDesc), &signatureServer{d: d.signature})
	}
	hs := health.NewServer()
	healthpb.RegisterHealthServer(g, hs)
	for _, name := range []string{
		"",
		idcontrolv1.MrzService_ServiceDesc.ServiceName,
		idcontrolv1.IdentifierService_ServiceDesc.ServiceName,
		idcontrolv1.ControlService_ServiceDesc.ServiceName,
		idcontrolv1.TwoDDocService_ServiceDesc.ServiceName,
	} {
		hs.SetServingStatus(name, healthpb.HealthCheckResponse_SERVING)
	}
	if d.signature != nil {
		hs.SetServingStatus(idcontrolv1.SignatureService_ServiceDesc.ServiceName, healthpb.HealthCheckResponse_SERVING)
	}
	if d.ext.reflectionAllowed() {
		registerReflection(g, log)
	}
	d.ext.registered(g)
	srv := &Server{grpc: g, health: hs, deps: d, log: log, cfg: cfg}
	if d.ledger != nil {
		srv.watch, srv.probed = newLedgerWatch(hs, log), d.ledger
		d.ledger = watchedLedger{Ledger: d.ledger, watch: srv.watch}
	}
	return srv
}

// streamWorkers sizes the worker pool: a call arriving while every worker
// is busy gets a goroutine of its own, with a small stack to grow again, so
// the pool covers the concurrency of a busy client (ghz runs 50), not just
// the cores. An idle worker costs its stack, a few KiB.
func streamWorkers() uint32 {
	return uint32(max(64, 8*runtime.GOMAXPROCS(0)))
}

// requestDescriptors lists the request messages of our services.
func requestDescriptors() []protoreflect.MessageDescriptor {
	var out []protoreflect.MessageDescriptor
	for _, sd := range []protoreflect.ServiceDescriptor{
		idcontrolv1.File_idcontrol_v1_mrz_proto.Services().ByName("MrzService"),
		idcontrolv1.File_idcontrol_v1_identifier_proto.Services().ByName("IdentifierService"),
		idcontrolv1.File_idcontrol_v1_control_proto.Services().ByName("ControlService"),
		idcontrolv1.File_idcontrol_v1_twoddoc_proto.Services().ByName("TwoDDocService"),
		idcontrolv1.File_idcontrol_v1_signature_proto.Services().ByName("SignatureService"),
	} {
		for i := 0; i < sd.Methods().Len(); i++ {
			out = append(out, sd.Methods().Get(i).Input())
		}
	}
	return out
}

// Serve serves on lis until ctx is done, then drains in-flight RPCs for at
// most the shutdown timeout and closes the ledger.
func (s *Server) Serve(ctx context.Context, lis net.Listener) error {
	errc := make(chan error, 1)
	lis = limitListener(lis, s.cfg.MaxConnections)
	go func() { errc <- s.grpc.Serve(lis) }()
	probeCtx, stopProbe := context.WithCancel(ctx)
	defer stopProbe()
	if s.watch != nil {
		go s.watch.probe(probeCtx, s.probed, cmp.Or(s.deps.ledgerProbe, defaultLedgerProbe))
	}
	select {
	case err := <-errc:
		stopProbe()
		s.closeDeps()
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "timeout", s.cfg.ShutdownTimeout.String())
	s.health.Shutdown()
	drained := make(chan struct{})
	go func() {
		s.grpc.GracefulStop()
		close(drained)
	}()
	timer := time.NewTimer(s.cfg.ShutdownTimeout)
	defer timer.Stop()
	select {
	case <-drained:
	case <-timer.C:
		s.log.Warn("shutdown timeout reached; cancelling remaining RPCs")
		s.grpc.Stop()
		<-drained
	}
	<-errc
	return s.closeDeps()
}

func (s *Server) closeDeps() error {
	var errs []error
	if s.deps.signature != nil {
		errs = append(errs, s.deps.signature.store.Close())
	}
	if s.deps.ledger != nil {
		errs = append(errs, s.deps.ledger.Close())
	}
	return errors.Join(errs...)
}

// Run listens on cfg.Listen and serves until ctx is done.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	srv, err := New(ctx, cfg, log)
	if err != nil {
		return err
	}
	lis, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		_ = srv.closeDeps()
		return fmt.Errorf("listen: %w", err)
	}
	if err := srv.deps.ext.start(ctx, log, srv); err != nil {
		_ = lis.Close()
		_ = srv.closeDeps()
		return err
	}
	log.Info("serving", "address", lis.Addr().String(), "attempts_store", storeKind(cfg.AttemptsStore))
	if srv.deps.trust == nil {
		log.Warn("no --trust-store: 2D-Doc signatures are not verified (doc2DValid absent)")
	} else {
		log.Info("2D-Doc trust store loaded", "certificates", srv.deps.trust.Len(), "crls", srv.deps.trust.CRLs())
	}
	if src := registrySources(cfg); len(src) > 0 {
		log.Info("company registry connector on", "sources", src, "timeout", cfg.RegistryTimeout.String(), "cache_ttl", cfg.RegistryCacheTTL.String())
	} else {
		log.Info("company registry connector off: payslip and legal-entity registry controls are absent (set --registry-url or --sirene-url)")
	}
	if err := srv.Serve(ctx, lis); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
		return err
	}
	return nil
}

// storeKind names the ledger without its URL, which may hold a password.
func storeKind(spec string) string {
	if spec == "" || spec == "bbolt" {
		return "bbolt"
	}
	return "redis"
}
