package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/dynamicpb"
)

// TestTracesCarryNoPersonalData: every example, valid and scrambled, gives
// a server span with a family span inside it, continues the caller's
// trace, and no fixture value reaches a span's name, attributes, events or
// status.
func TestTracesCarryNoPersonalData(t *testing.T) {
	t.Parallel()
	exp := tracetest.NewInMemoryExporter()
	env := startServer(t, func(c *Config, d *deps) {
		d.ext = &production{cfg: *c, tracing: newTracingWith(sdktrace.WithSyncer(exp), 1)}
	})
	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	ctx := metadata.AppendToOutgoingContext(context.Background(), "traceparent", "00-"+traceID+"-00f067aa0ba902b7-01")
	examples := loadExamples(t)
	for _, ex := range examples {
		resp := dynamicpb.NewMessage(ex.method.Output())
		if err := env.conn.Invoke(ctx, ex.path(), ex.request, resp); err != nil {
			t.Errorf("%s: %v", ex.name, err)
		}
		bad := proto.Clone(ex.request).(*dynamicpb.Message)
		scramble(bad)
		_ = env.conn.Invoke(ctx, ex.path(), bad, resp)
	}
	// The server span of a call ends once its answer is written, which
	// may be after the client has read it: wait for the last ones.
	var spans tracetest.SpanStubs
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		spans = exp.GetSpans()
		n := 0
		for _, s := range spans {
			if strings.HasPrefix(s.Name, "idcontrol.v1.") {
				n++
			}
		}
		if n >= 2*len(examples) || time.Now().After(deadline) {
			break
		}
	}
	server := map[string]tracetest.SpanStub{}
	families := 0
	for _, s := range spans {
		if s.SpanContext.TraceID().String() != traceID {
			t.Errorf("span %s is not in the caller's trace", s.Name)
		}
		if strings.HasPrefix(s.Name, "idcontrol.v1.") {
			server[s.SpanContext.SpanID().String()] = s
		}
	}
	for _, s := range spans {
		if strings.HasPrefix(s.Name, "idcontrol.") && !strings.HasPrefix(s.Name, "idcontrol.v1.") {
			families++
			if _, ok := server[s.Parent.SpanID().String()]; !ok {
				t.Errorf("family span %s has no server span for parent", s.Name)
			}
		}
	}
	if len(server) != 2*len(examples) || families < len(examples) {
		t.Fatalf("%d server spans and %d family spans for %d calls", len(server), families, 2*len(examples))
	}
	personal := fixtureValues(examples)
	for _, s := range spans {
		texts := []string{s.Name, s.Status.Description}
		collect := func(kvs []attribute.KeyValue) {
			for _, kv := range kvs {
				texts = append(texts, string(kv.Key), kv.Value.Emit())
			}
		}
		collect(s.Attributes)
		for _, e := range s.Events {
			texts = append(texts, e.Name)
			collect(e.Attributes)
		}
		all := strings.Join(texts, "\n")
		for _, p := range personal {
			if strings.Contains(all, p) {
				t.Errorf("fixture value %q reached span %s", p, s.Name)
			}
		}
	}
}
