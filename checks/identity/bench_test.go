package identity

import (
	"os"
	"path/filepath"
	"testing"
	"unsafe"

	"github.com/idcontrol/idcontrol/civil"
	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"github.com/idcontrol/idcontrol/policy"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// benchRequest is a TD1 card (a French card of the 2021 model, not a
// specimen) with its VIZ, two pages and one participant.
func benchRequest() *idcontrolv1.CheckIdentityDocumentRequest {
	return &idcontrolv1.CheckIdentityDocumentRequest{
		Document: doc(TypeIDCard, td1("ID", "FRA", "AB12CD345", "850315", "M", "320610", "FRA", "DUBOIS<<PAUL<ANDRE"),
			info("AB12CD345", "2022-06-11", "FR", "2032-06-10"),
			holder("DUBOIS", "", []string{"PAUL", "ANDRÉ"}, "1985-03-15", "M"), "FRONT_SIDE", "BACK_SIDE"),
		Participants: []*idcontrolv1.Participant{person("p1", "MR", "Paul", "Dubois", "", "1985-03-15")},
	}
}

// BenchmarkCheckTD1 is Check alone.
func BenchmarkCheckTD1(b *testing.B) {
	req, pol := benchRequest(), policy.Resolve(nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Check(req, pol, ref2026); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckTD1Wire adds what the RPC path does around Check: decode
// the request from the wire and encode the response (no network, no
// interceptors).
func BenchmarkCheckTD1Wire(b *testing.B) {
	raw, err := proto.Marshal(benchRequest())
	if err != nil {
		b.Fatal(err)
	}
	pol := policy.Resolve(nil)
	b.ReportAllocs()
	for b.Loop() {
		req := &idcontrolv1.CheckIdentityDocumentRequest{}
		if err := proto.Unmarshal(raw, req); err != nil {
			b.Fatal(err)
		}
		resp, err := Check(req, pol, ref2026)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := proto.Marshal(resp); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckTD1Server is Check on the request of the server's
// benchmark (server/testdata/bench): accented given names, a birth place
// on both sides, so the place matcher is part of the path.
func BenchmarkCheckTD1Server(b *testing.B) {
	req, ref := serverBenchRequest(b)
	pol := policy.Resolve(nil)
	// The first call loads the communes (places.Preload, done by the
	// server at start): not part of a call's cost.
	if _, err := Check(req, pol, ref); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Check(req, pol, ref); err != nil {
			b.Fatal(err)
		}
	}
}

// serverBenchRequest is the request of the server's benchmark with its
// reference date.
func serverBenchRequest(tb testing.TB) (*idcontrolv1.CheckIdentityDocumentRequest, civil.Date) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "server", "testdata", "bench", "identity-td1.json"))
	if err != nil {
		tb.Fatal(err)
	}
	req := &idcontrolv1.CheckIdentityDocumentRequest{}
	if err := protojson.Unmarshal(raw, req); err != nil {
		tb.Fatal(err)
	}
	ref, err := civil.ParseISO(req.GetReferenceDate())
	if err != nil {
		tb.Fatal(err)
	}
	return req, ref
}

// TestReplySizeClass: the reply block, with the allocator's 8-byte header
// for objects with pointers, stays in the 1792-byte size class; a field
// added to it would take it to 2048 bytes per call.
func TestReplySizeClass(t *testing.T) {
	if size := unsafe.Sizeof(reply{}) + 8; size > 1792 {
		t.Errorf("reply takes %d bytes with its header, over the 1792-byte size class", size)
	}
}

// TestCheckAllocs pins the allocations of the benchmark's request, to
// notice a change that adds one.
func TestCheckAllocs(t *testing.T) {
	req, pol := benchRequest(), policy.Resolve(nil)
	n := testing.AllocsPerRun(100, func() {
		if _, err := Check(req, pol, ref2026); err != nil {
			t.Fatal(err)
		}
	})
	if n > 8 {
		t.Errorf("Check allocates %v times, want at most 8", n)
	}
}

// TestCheckServerAllocs pins the allocations of the server benchmark's
// request, a specimen's name and number: looking the names up among the
// specimens' folds them into a buffer, not into new strings.
func TestCheckServerAllocs(t *testing.T) {
	req, ref := serverBenchRequest(t)
	pol := policy.Resolve(nil)
	n := testing.AllocsPerRun(100, func() {
		if _, err := Check(req, pol, ref); err != nil {
			t.Fatal(err)
		}
	})
	if n > 9 {
		t.Errorf("Check allocates %v times, want at most 9", n)
	}
}
