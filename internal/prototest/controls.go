package prototest

import (
	"testing"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/protobuf/proto"
)

// WantControls checks controls by flattened JSON path ("participants[0].nameFound");
// the value "absent" wants the control absent.
func WantControls(t testing.TB, controls proto.Message, want map[string]string) {
	t.Helper()
	got := Flatten(t, controls)
	for _, k := range SortedKeys(want) {
		g, ok := got[k]
		if !ok {
			g = "absent"
		}
		if g != want[k] {
			t.Errorf("%s = %s, want %s", k, g, want[k])
		}
	}
}

// WantCodes checks that each code is among the findings.
func WantCodes(t testing.TB, findings []*idcontrolv1.Finding, codes ...string) {
	t.Helper()
	have := map[string]bool{}
	for _, f := range findings {
		have[f.GetCode()] = true
	}
	for _, c := range codes {
		if !have[c] {
			t.Errorf("no finding %s in %v", c, findings)
		}
	}
}
