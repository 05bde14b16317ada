package server

import (
	"os"
	"path/filepath"
	"testing"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

// BenchmarkCountControls counts the outcomes of an identity answer (the
// id-card example's golden) from every core at once, as a loaded server
// does.
func BenchmarkCountControls(b *testing.B) {
	resp := idCardAnswer(b)
	m := newMetrics()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.countControls(resp)
		}
	})
}

// BenchmarkCountControlsReflect is BenchmarkCountControls with the
// reflective walk the generated one replaced (the tests' oracle), for
// comparison in the same run.
func BenchmarkCountControlsReflect(b *testing.B) {
	resp := idCardAnswer(b)
	m := newMetrics()
	w := newReflectWalk(m.controls)
	w.planFor(resp.ProtoReflect().Descriptor()) // the plan made before the walks run in parallel
	msg := resp.ProtoReflect()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w.count(msg, m.controls.shard(), 0)
		}
	})
}

// idCardAnswer is the id-card example's golden answer.
func idCardAnswer(b *testing.B) *idcontrolv1.CheckIdentityDocumentResponse {
	b.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "examples", "ControlService.CheckIdentityDocument.id-card.golden.json"))
	if err != nil {
		b.Fatal(err)
	}
	resp := &idcontrolv1.CheckIdentityDocumentResponse{}
	if err := protojson.Unmarshal(raw, resp); err != nil {
		b.Fatal(err)
	}
	return resp
}
