package server

import (
	"context"
	"strings"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
)

// tracing exports spans over OTLP/gRPC (--otlp-endpoint): otelgrpc's span
// per call (method, status code, peer — no payload, no message events)
// and, inside it, a span per check family. Attributes never hold a value
// from the request.
type tracing struct {
	tp *sdktrace.TracerProvider
}

func newTracing(cfg Config) (*tracing, error) {
	opts := []otlptracegrpc.Option{otlptracegrpc.WithEndpoint(cfg.OTLPEndpoint)}
	if cfg.OTLPInsecure {
		opts = append(opts, otlptracegrpc.WithInsecure())
	}
	// The exporter connects lazily: a collector down at start costs spans,
	// never the service.
	exp, err := otlptracegrpc.New(context.Background(), opts...)
	if err != nil {
		return nil, err
	}
	return newTracingWith(sdktrace.WithBatcher(exp), cfg.TraceRatio), nil
}

// newTracingWith builds the provider around a span processor (tests use a
// synchronous in-memory one).
func newTracingWith(proc sdktrace.TracerProviderOption, ratio float64) *tracing {
	return &tracing{tp: sdktrace.NewTracerProvider(proc,
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(ratio))),
		sdktrace.WithResource(resource.NewSchemaless(attribute.String("service.name", "idcontrol"))),
	)}
}

func (t *tracing) statsOption() grpc.ServerOption {
	return grpc.StatsHandler(otelgrpc.NewServerHandler(
		otelgrpc.WithTracerProvider(t.tp),
		otelgrpc.WithPropagators(propagation.TraceContext{}),
	))
}

// families names the check family of each method, for the span inside
// the call's.
var families = map[string]string{
	"CheckIdentityDocument":   "identity",
	"CheckBankDetails":        "bank",
	"MatchField":              "fieldmatch",
	"ScoreSimilarity":         "similarity",
	"CheckTaxNotice":          "taxnotice",
	"ParseMrz":                "mrz",
	"ValidateIdentifiers":     "identifier",
	"DecodeTwoDDoc":           "doc2d",
	"CheckPayslip":            "payslip",
	"CheckLegalEntity":        "legalentity",
	"CheckProofOfAddress":     "address",
	"CheckSupportingDocument": "address",
	"CheckDigitalIdentity":    "digitalidentity",
	"CheckClientFile":         "clientfile",
}

// familyOf names the family a method runs: by method, else by service
// (every SignatureService method is the signature family).
func familyOf(fullMethod string) (string, bool) {
	service, method, _ := strings.Cut(strings.TrimPrefix(fullMethod, "/"), "/")
	if f, ok := families[method]; ok {
		return f, true
	}
	if service == "idcontrol.v1.SignatureService" {
		return "signature", true
	}
	return "", false
}

// familySpan wraps the handler in a span named after its family, with the
// client's identity (a configured id, not personal data).
func (t *tracing) familySpan() grpc.UnaryServerInterceptor {
	tracer := t.tp.Tracer("github.com/idcontrol/idcontrol/server")
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		family, ok := familyOf(info.FullMethod)
		if !ok {
			return handler(ctx, req)
		}
		attrs := []attribute.KeyValue{attribute.String("idcontrol.family", family)}
		if id, ok := IdentityFrom(ctx); ok {
			attrs = append(attrs, attribute.String("idcontrol.client", id.Client))
		}
		ctx, span := tracer.Start(ctx, "idcontrol."+family, trace.WithAttributes(attrs...))
		defer span.End()
		return handler(ctx, req)
	}
}

// shutdown flushes the spans still buffered.
func (t *tracing) shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = t.tp.Shutdown(ctx)
}
