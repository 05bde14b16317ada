package apidesc

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// TestEveryElementCommented: every service, RPC, message, field, enum and
// enum value of proto/idcontrol/v1 carries a leading comment, since
// reflection serves these comments (grpcurl describe) and docs/api.md is
// built from them. buf lint's COMMENTS rules (buf.yaml) refuse the same at
// `make lint`; this keeps `make test` honest about the embedded set too.
func TestEveryElementCommented(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	check := func(d protoreflect.Descriptor) {
		n++
		loc := d.ParentFile().SourceLocations().ByDescriptor(d)
		if strings.TrimSpace(loc.LeadingComments) == "" {
			t.Errorf("%s (%s:%d): no comment", d.FullName(), d.ParentFile().Path(), loc.StartLine+1)
		}
	}
	var enums func(protoreflect.EnumDescriptors)
	enums = func(es protoreflect.EnumDescriptors) {
		for i := 0; i < es.Len(); i++ {
			e := es.Get(i)
			check(e)
			for j := 0; j < e.Values().Len(); j++ {
				check(e.Values().Get(j))
			}
		}
	}
	var messages func(protoreflect.MessageDescriptors)
	messages = func(ms protoreflect.MessageDescriptors) {
		for i := 0; i < ms.Len(); i++ {
			m := ms.Get(i)
			if m.IsMapEntry() {
				continue // synthesised for a map field, which is checked
			}
			check(m)
			for j := 0; j < m.Fields().Len(); j++ {
				check(m.Fields().Get(j))
			}
			enums(m.Enums())
			messages(m.Messages())
		}
	}
	files.RangeFiles(func(f protoreflect.FileDescriptor) bool {
		for i := 0; i < f.Services().Len(); i++ {
			s := f.Services().Get(i)
			check(s)
			for j := 0; j < s.Methods().Len(); j++ {
				check(s.Methods().Get(j))
			}
		}
		enums(f.Enums())
		messages(f.Messages())
		return true
	})
	if n < 500 {
		t.Errorf("only %d elements checked: the descriptor set lost files", n)
	}
	t.Logf("%d elements, each with its comment", n)
}
