package main

import (
	"os"
	"strings"
	"testing"

	_ "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// TestDocNamesEveryElement: docs/api.md, as committed, has a heading for
// every service, message and enum the generated code serves, a row for
// every RPC and field (by JSON name), and the finding codes of the goldens.
func TestDocNamesEveryElement(t *testing.T) {
	raw, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	n := 0
	protoregistry.GlobalFiles.RangeFilesByPackage("idcontrol.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := 0; i < fd.Services().Len(); i++ {
			sd := fd.Services().Get(i)
			need(t, doc, "### "+string(sd.FullName())+"\n")
			for j := 0; j < sd.Methods().Len(); j++ {
				need(t, doc, "| `"+string(sd.Methods().Get(j).Name())+"` |")
			}
		}
		var walk func(ms protoreflect.MessageDescriptors)
		walk = func(ms protoreflect.MessageDescriptors) {
			for i := 0; i < ms.Len(); i++ {
				md := ms.Get(i)
				if md.IsMapEntry() {
					continue
				}
				n++
				need(t, doc, "### "+string(md.FullName())+"\n")
				for j := 0; j < md.Fields().Len(); j++ {
					need(t, doc, "| `"+md.Fields().Get(j).JSONName()+"` |")
				}
				for j := 0; j < md.Enums().Len(); j++ {
					need(t, doc, "### "+string(md.Enums().Get(j).FullName())+"\n")
				}
				walk(md.Messages())
			}
		}
		walk(fd.Messages())
		for i := 0; i < fd.Enums().Len(); i++ {
			need(t, doc, "### "+string(fd.Enums().Get(i).FullName())+"\n")
		}
		return true
	})
	if n < 20 {
		t.Fatalf("only %d messages in package idcontrol.v1", n)
	}
	codes, err := findingCodes("../..")
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) < 20 {
		t.Fatalf("only %d finding codes in the goldens", len(codes))
	}
	for _, c := range codes {
		need(t, doc, "| `"+c.code+"` |")
	}
}

func need(t *testing.T, doc, s string) {
	t.Helper()
	if !strings.Contains(doc, s) {
		t.Errorf("docs/api.md lacks %q: run make generate", strings.TrimSpace(s))
	}
}

// TestCollectIsDeterministic: when several answers give one code, the
// example message is always the same one (the first in key order), so
// that make generate writes the same docs/api.md every time.
func TestCollectIsDeterministic(t *testing.T) {
	v := map[string]any{}
	for _, k := range []string{"e", "b", "d", "a", "c", "f", "h", "g"} {
		v[k] = map[string]any{"findings": []any{map[string]any{"control": "ctl" + k, "code": "SAME", "message": "from " + k}}}
	}
	for range 50 {
		byCode := map[string]*codeInfo{}
		collect(v, byCode)
		if got := byCode["SAME"].message; got != "from a" {
			t.Fatalf("example message %q, want the first in key order (from a)", got)
		}
	}
}
