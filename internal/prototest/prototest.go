// Package prototest holds what the tests of several packages share about
// proto answers: protojson goldens and a flat view of controls.
package prototest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
)

// Golden compares got with the protojson file at path; with update it
// rewrites the file instead.
func Golden(t testing.TB, path string, got proto.Message, update bool) {
	t.Helper()
	if update {
		raw, err := protojson.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		// protojson varies its whitespace on purpose; json.Indent makes the
		// file stable, so a rewrite shows only what changed.
		var out bytes.Buffer
		if err := json.Indent(&out, raw, "", "  "); err != nil {
			t.Fatal(err)
		}
		raw = out.Bytes()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(raw, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	want := got.ProtoReflect().New().Interface()
	if err := protojson.Unmarshal(raw, want); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if d := cmp.Diff(want, got, protocmp.Transform()); d != "" {
		t.Errorf("%s differs from the answer (-golden +got; go test -update rewrites it):\n%s", path, d)
	}
}

// Flatten renders a message's protojson as path → value, lists of
// messages indexed: "mrzValid" → "true", "participants[0].owner" → "p1".
func Flatten(t testing.TB, m proto.Message) map[string]string {
	t.Helper()
	raw, err := protojson.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	out, err := FlattenJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// FlattenJSON is Flatten for a JSON object, such as a report.json excerpt.
func FlattenJSON(raw []byte) (map[string]string, error) {
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	out := map[string]string{}
	flattenInto(out, "", v)
	return out, nil
}

func flattenInto(out map[string]string, prefix string, m map[string]any) {
	for k, v := range m {
		switch v := v.(type) {
		case []any:
			for i, e := range v {
				if em, ok := e.(map[string]any); ok {
					flattenInto(out, fmt.Sprintf("%s%s[%d].", prefix, k, i), em)
				}
			}
		default:
			out[prefix+k] = fmt.Sprint(v)
		}
	}
}

// SortedKeys returns the keys of m in order.
func SortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
