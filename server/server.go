package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"time"

	"buf.build/go/protovalidate"
	"github.com/idcontrol/idcontrol/checks/doc2d"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/internal/apidesc"
	"github.com/idcontrol/idcontrol/ledger"
	"github.com/idcontrol/idcontrol/places"
	"github.com/idcontrol/idcontrol/policy"
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
}

// deps are what handlers need beyond the request, injected so tests can
// replace them.
type deps struct {
	policies *policy.Store
	ledger   ledger.Ledger
	// today returns the default reference date (Europe/Paris).
	today func() time.Time
	log   *slog.Logger
	// trust verifies 2D-Docs (--trust-store); nil when none is configured.
	trust *doc2d.TrustStore
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
	places.Preload()
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
	if d.ext, err = newProduction(cfg, log); err != nil {
		_ = led.Close()
		return nil, err
	}
	return newServer(cfg, log, v, d), nil
}

func newServer(cfg Config, log *slog.Logger, v protovalidate.Validator, d *deps) *Server {
	g := grpc.NewServer(
		// A pool of goroutines keeps the stacks that validation and the
		// controls grew; a goroutine per call grew them anew each time
		// (a quarter of the server's CPU under load).
		grpc.NumStreamWorkers(streamWorkers()),
		grpc.ForceServerCodecV2(newCodec()),
		grpc.MaxRecvMsgSize(cfg.TransportLimit()),
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
	)
	g.RegisterService(decodeErrors(idcontrolv1.MrzService_ServiceDesc), &mrzServer{deps: d})
	g.RegisterService(decodeErrors(idcontrolv1.IdentifierService_ServiceDesc), &identifierServer{})
	g.RegisterService(decodeErrors(idcontrolv1.ControlService_ServiceDesc), &controlServer{deps: d})
	g.RegisterService(decodeErrors(idcontrolv1.TwoDDocService_ServiceDesc), &twoDDocServer{deps: d})
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
	if d.ext.reflectionAllowed() {
		registerReflection(g, log)
	}
	d.ext.registered(g)
	return &Server{grpc: g, health: hs, deps: d, log: log, cfg: cfg}
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
	go func() { errc <- s.grpc.Serve(lis) }()
	select {
	case err := <-errc:
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
	if s.deps.ledger != nil {
		return s.deps.ledger.Close()
	}
	return nil
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
	// The contract fixes these flags for services still to come; say so
	// rather than let an operator believe they are in force.
	if cfg.SireneURL != "" || cfg.SireneToken != "" {
		log.Warn("--sirene-* are accepted but not used yet: no company-registry RPC is served by this version")
	}
	if srv.deps.trust == nil {
		log.Warn("no --trust-store: 2D-Doc signatures are not verified (doc2DValid absent)")
	} else {
		log.Info("2D-Doc trust store loaded", "certificates", srv.deps.trust.Len(), "crls", srv.deps.trust.CRLs())
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
