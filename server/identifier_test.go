package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/grpc"
)

// identifierVector is one entry of testdata/vectors/identifiers.json. Only
// the keys a vector states are asserted; "normalized": null states that
// nothing is normalized (the field is empty).
type identifierVector struct {
	Kind   string                     `json:"kind"`
	Value  string                     `json:"value"`
	Why    string                     `json:"why"`
	stated map[string]json.RawMessage // every key of the vector
}

func loadIdentifierVectors(t *testing.T) []identifierVector {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "vectors", "identifiers.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vectors []identifierVector
	if err := json.Unmarshal(raw, &vectors); err != nil {
		t.Fatal(err)
	}
	var stated []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &stated); err != nil {
		t.Fatal(err)
	}
	for i := range vectors {
		vectors[i].stated = stated[i]
	}
	if len(vectors) == 0 {
		t.Fatal("no identifier vectors")
	}
	return vectors
}

// TestValidateIdentifiersVectors sends every public vector through the RPC,
// all in one request (answered in request order) and each on its own.
func TestValidateIdentifiersVectors(t *testing.T) {
	t.Parallel()
	vectors := loadIdentifierVectors(t)
	env := startServer(t)
	client := idcontrolv1.NewIdentifierServiceClient(env.conn)
	req := &idcontrolv1.ValidateIdentifiersRequest{}
	for _, vec := range vectors {
		kind, ok := idcontrolv1.IdentifierKind_value[vec.Kind]
		if !ok {
			t.Fatalf("vector %q: unknown kind %s", vec.Value, vec.Kind)
		}
		req.Identifiers = append(req.Identifiers, &idcontrolv1.Identifier{Kind: idcontrolv1.IdentifierKind(kind), Value: vec.Value})
	}
	all, err := client.ValidateIdentifiers(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(all.GetResults()) != len(vectors) {
		t.Fatalf("%d results for %d identifiers", len(all.GetResults()), len(vectors))
	}
	for i, vec := range vectors {
		name := vec.Kind + " " + vec.Value
		if vec.Why != "" {
			name += " (" + vec.Why + ")"
		}
		one, err := client.ValidateIdentifiers(context.Background(), &idcontrolv1.ValidateIdentifiersRequest{Identifiers: req.Identifiers[i : i+1]})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for _, r := range []*idcontrolv1.IdentifierResult{all.GetResults()[i], one.GetResults()[0]} {
			checkIdentifierVector(t, name, vec, r)
		}
	}
}

func checkIdentifierVector(t *testing.T, name string, vec identifierVector, r *idcontrolv1.IdentifierResult) {
	t.Helper()
	if r.GetKind().String() != vec.Kind {
		t.Errorf("%s: kind %s", name, r.GetKind())
	}
	if r.Valid == nil {
		t.Errorf("%s: valid is absent", name)
	}
	if r.GetMessage() == "" || r.GetCode() == "" {
		t.Errorf("%s: code %q message %q", name, r.GetCode(), r.GetMessage())
	}
	if r.GetValid() != (r.GetCode() == "OK") {
		t.Errorf("%s: valid %v with code %s", name, r.GetValid(), r.GetCode())
	}
	got := map[string]any{"valid": r.GetValid(), "normalized": r.GetNormalized(), "code": r.GetCode()}
	for key, raw := range vec.stated {
		g, asserted := got[key]
		if !asserted {
			continue
		}
		var want any
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatalf("%s: %s: %v", name, key, err)
		}
		if want == nil && key == "normalized" {
			want = ""
		}
		if g != want {
			t.Errorf("%s: %s = %v, want %v (code %s: %s)", name, key, g, want, r.GetCode(), r.GetMessage())
		}
	}
}

func TestValidateIdentifiersBadInput(t *testing.T) {
	t.Parallel()
	env := startServer(t)
	client := idcontrolv1.NewIdentifierServiceClient(env.conn)
	iban := func(v string) *idcontrolv1.Identifier {
		return &idcontrolv1.Identifier{Kind: idcontrolv1.IdentifierKind_IDENTIFIER_KIND_IBAN, Value: v}
	}
	many := make([]*idcontrolv1.Identifier, 101)
	for i := range many {
		many[i] = iban("FR7630006000011234567890189")
	}
	cases := []struct {
		name  string
		ids   []*idcontrolv1.Identifier
		field string
	}{
		{"no identifier", nil, "identifiers"},
		{"101 identifiers", many, "identifiers"},
		{"unspecified kind", []*idcontrolv1.Identifier{{Value: "FR7630006000011234567890189"}}, "identifiers[0].kind"},
		{"undefined kind", []*idcontrolv1.Identifier{iban("FR7630006000011234567890189"), {Kind: 99, Value: "x"}}, "identifiers[1].kind"},
		{"a value of 129 characters", []*idcontrolv1.Identifier{iban("FR76"), iban(strings.Repeat("1", 129))}, "identifiers[1].value"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := client.ValidateIdentifiers(context.Background(), &idcontrolv1.ValidateIdentifiersRequest{Identifiers: c.ids})
			badRequest(t, err, c.field)
		})
	}
	// A value that is not UTF-8, built by hand: the Go marshaller refuses it.
	// ValidateIdentifiersRequest{identifiers: [{kind: 1, value: "\xff"}]}.
	raw := []byte{0x0a, 0x05, 0x08, 0x01, 0x12, 0x01, 0xff}
	var out idcontrolv1.ValidateIdentifiersResponse
	err := env.conn.Invoke(context.Background(), "/idcontrol.v1.IdentifierService/ValidateIdentifiers", rawMessage(raw), &out, grpc.ForceCodecV2(rawCodec{}))
	badRequest(t, err, "identifiers[0].value")
}
