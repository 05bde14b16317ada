// Command outcomesgen writes server/outcomes_gen.go: the walk that counts
// every control of an answer (a proto3 optional bool of a message an RPC
// of ours returns, or of one it holds; a request's optional bools are
// settings) as true, false or absent into idcontrol_control_outcomes_total,
// written out as plain Go over the generated structs. The reflective walk
// it replaces (protoreflect Has/Get and list wrappers per field, after
// every call) cost the server some 3 µs per identity answer.
//
// The file holds the table of labels (control × true/false/absent) with a
// constant slot each, one count function per message type that holds a
// control itself or in a descendant, and countOutcomes, the dispatch over
// those types. A type holding no control gets no function and is never
// descended into; maps are not descended into (the reflective walk never
// did). A schema shape this generator does not handle (a control in a
// real oneof, a message of another package that holds a control or one of
// ours) fails the run rather than being counted wrongly. `make generate`
// runs it after buf; `make check-generated` checks it is fresh.
//
//	go run ./scripts/outcomesgen -o server/outcomes_gen.go
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	_ "github.com/idcontrol/idcontrol/gen/idcontrol/v1" // registers the types
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/runtime/protoimpl"
)

const (
	ownPackage = "idcontrol.v1"
	genImport  = "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	genAlias   = "idcontrolv1"
	// maxDepth is the deepest level of nesting counted (the answer itself
	// is level 0): a bound for message types that nest themselves.
	maxDepth = 8
)

var outcomeValues = [3]string{"true", "false", "absent"}

func main() {
	out := flag.String("o", "server/outcomes_gen.go", "file to write")
	flag.Parse()
	src, err := generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "outcomesgen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "outcomesgen:", err)
		os.Exit(1)
	}
}

// isControl: a control is a proto3 optional bool (server/outcomes.go).
func isControl(fd protoreflect.FieldDescriptor) bool {
	return fd.Kind() == protoreflect.BoolKind && fd.HasPresence() && !fd.IsList()
}

type gen struct {
	msgs     []protoreflect.MessageDescriptor // idcontrol.v1 answers and their parts, sorted by name
	holds    map[protoreflect.FullName]bool   // holds a control, itself or below
	controls []string                         // JSON names, sorted
}

func generate() ([]byte, error) {
	g := &gen{holds: map[protoreflect.FullName]bool{}}
	// Only answers hold controls: the messages an RPC of ours returns and
	// those they descend into. A request's optional bool (a policy's
	// requireAttemptKey) is a setting, not a control.
	reached := map[protoreflect.FullName]bool{}
	var reach func(md protoreflect.MessageDescriptor)
	reach = func(md protoreflect.MessageDescriptor) {
		if md.ParentFile().Package() != ownPackage || md.IsMapEntry() || reached[md.FullName()] {
			return
		}
		reached[md.FullName()] = true
		g.msgs = append(g.msgs, md)
		for i := range md.Fields().Len() {
			if n := descended(md.Fields().Get(i)); n != nil {
				reach(n)
			}
		}
	}
	protoregistry.GlobalFiles.RangeFilesByPackage(ownPackage, func(fd protoreflect.FileDescriptor) bool {
		for i := range fd.Services().Len() {
			methods := fd.Services().Get(i).Methods()
			for j := range methods.Len() {
				reach(methods.Get(j).Output())
			}
		}
		return true
	})
	slices.SortFunc(g.msgs, func(a, b protoreflect.MessageDescriptor) int {
		return strings.Compare(string(a.FullName()), string(b.FullName()))
	})
	if len(g.msgs) == 0 {
		return nil, fmt.Errorf("no %s message is registered", ownPackage)
	}
	seen := map[string]bool{}
	for _, md := range g.msgs {
		for i := range md.Fields().Len() {
			fd := md.Fields().Get(i)
			if !isControl(fd) {
				continue
			}
			if o := fd.ContainingOneof(); o != nil && !o.IsSynthetic() {
				return nil, fmt.Errorf("%s: a control in oneof %s is not supported", fd.FullName(), o.Name())
			}
			g.holds[md.FullName()] = true
			if !seen[fd.JSONName()] {
				seen[fd.JSONName()] = true
				g.controls = append(g.controls, fd.JSONName())
			}
		}
		for i := range md.Fields().Len() {
			if n := md.Fields().Get(i).Message(); n != nil && n.ParentFile().Package() != ownPackage {
				if err := foreignFree(n, map[protoreflect.FullName]bool{}); err != nil {
					return nil, fmt.Errorf("%s: %v", md.Fields().Get(i).FullName(), err)
				}
			}
		}
	}
	slices.Sort(g.controls)
	idents := map[string]string{}
	for _, c := range g.controls {
		if other, ok := idents[ident(c)]; ok {
			return nil, fmt.Errorf("controls %s and %s make the same Go name", other, c)
		}
		idents[ident(c)] = c
	}
	// A type holds a control if a message it descends into does, until
	// nothing changes (types may nest each other).
	for changed := true; changed; {
		changed = false
		for _, md := range g.msgs {
			if g.holds[md.FullName()] {
				continue
			}
			for i := range md.Fields().Len() {
				if n := descended(md.Fields().Get(i)); n != nil && g.holds[n.FullName()] {
					g.holds[md.FullName()] = true
					changed = true
					break
				}
			}
		}
	}
	return g.file()
}

// descended is the message type a field's walk descends into: a singular
// or repeated message of our package (maps are not descended into, nor
// are other packages' messages, which hold none of our controls).
func descended(fd protoreflect.FieldDescriptor) protoreflect.MessageDescriptor {
	if fd.IsMap() || fd.Message() == nil || fd.Message().ParentFile().Package() != ownPackage {
		return nil
	}
	return fd.Message()
}

// foreignFree checks that a message of another package holds neither a
// control nor a message of ours, at any depth.
func foreignFree(md protoreflect.MessageDescriptor, seen map[protoreflect.FullName]bool) error {
	if seen[md.FullName()] {
		return nil
	}
	seen[md.FullName()] = true
	if md.ParentFile().Package() == ownPackage {
		return fmt.Errorf("another package's message nests %s: not supported", md.FullName())
	}
	for i := range md.Fields().Len() {
		fd := md.Fields().Get(i)
		if isControl(fd) {
			return fmt.Errorf("%s, another package's optional bool: not supported", fd.FullName())
		}
		if fd.IsMap() {
			fd = fd.MapValue()
		}
		if n := fd.Message(); n != nil {
			if err := foreignFree(n, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

// ident is a control's name in Go identifiers: mrzValid → MrzValid.
func ident(jsonName string) string {
	r := []rune(jsonName)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func slotName(control, value string) string {
	return "outcome" + ident(control) + ident(value)
}

// goStruct reads md's generated struct: its name, its fields' Go names by
// field number, its oneofs' Go names and, for each oneof member, the
// wrapper type's name.
type goStruct struct {
	name     string
	fields   map[protoreflect.FieldNumber]string
	oneofs   map[protoreflect.Name]string
	wrappers map[protoreflect.FieldNumber]string
}

func structOf(md protoreflect.MessageDescriptor) (goStruct, error) {
	mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
	if err != nil {
		return goStruct{}, err
	}
	t := reflect.TypeOf(mt.Zero().Interface()).Elem()
	s := goStruct{name: t.Name(), fields: map[protoreflect.FieldNumber]string{},
		oneofs: map[protoreflect.Name]string{}, wrappers: map[protoreflect.FieldNumber]string{}}
	for i := range t.NumField() {
		f := t.Field(i)
		if o := f.Tag.Get("protobuf_oneof"); o != "" {
			s.oneofs[protoreflect.Name(o)] = f.Name
			continue
		}
		if n, ok := tagNumber(f.Tag.Get("protobuf")); ok {
			s.fields[n] = f.Name
		}
	}
	mi, ok := mt.(*protoimpl.MessageInfo)
	if !ok && md.Oneofs().Len() > 0 {
		return goStruct{}, fmt.Errorf("%s: %T is not a generated message", md.FullName(), mt)
	}
	if ok {
		for _, w := range mi.OneofWrappers {
			wt := reflect.TypeOf(w).Elem()
			if wt.NumField() != 1 {
				return goStruct{}, fmt.Errorf("%s: oneof wrapper %s has %d fields", md.FullName(), wt.Name(), wt.NumField())
			}
			n, ok := tagNumber(wt.Field(0).Tag.Get("protobuf"))
			if !ok {
				return goStruct{}, fmt.Errorf("%s: oneof wrapper %s has no field number", md.FullName(), wt.Name())
			}
			s.wrappers[n] = wt.Name()
			s.fields[n] = wt.Field(0).Name
		}
	}
	return s, nil
}

// tagNumber is the field number of a protobuf struct tag
// ("bytes,3,opt,name=…").
func tagNumber(tag string) (protoreflect.FieldNumber, bool) {
	parts := strings.Split(tag, ",")
	if len(parts) < 2 {
		return 0, false
	}
	n, err := strconv.Atoi(parts[1])
	return protoreflect.FieldNumber(n), err == nil
}

func countFunc(md protoreflect.MessageDescriptor) string {
	return "count" + strings.ReplaceAll(strings.TrimPrefix(string(md.FullName()), ownPackage+"."), ".", "_")
}

// body writes the count function of md.
func (g *gen) body(b *bytes.Buffer, md protoreflect.MessageDescriptor) error {
	s, err := structOf(md)
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "\nfunc %s(m *%s.%s, s *outcomeShard, depth int) {\n", countFunc(md), genAlias, s.name)
	fmt.Fprintf(b, "if m == nil || depth > %d {\nreturn\n}\n", maxDepth)
	goField := func(fd protoreflect.FieldDescriptor) (string, error) {
		name, ok := s.fields[fd.Number()]
		if !ok {
			return "", fmt.Errorf("%s has no Go field", fd.FullName())
		}
		return name, nil
	}
	oneofsDone := map[protoreflect.Name]bool{}
	for i := range md.Fields().Len() {
		fd := md.Fields().Get(i)
		if o := fd.ContainingOneof(); o != nil && !o.IsSynthetic() {
			if oneofsDone[o.Name()] {
				continue
			}
			oneofsDone[o.Name()] = true
			if err := g.oneof(b, s, o); err != nil {
				return err
			}
			continue
		}
		switch n := descended(fd); {
		case isControl(fd):
			name, err := goField(fd)
			if err != nil {
				return err
			}
			c := fd.JSONName()
			fmt.Fprintf(b, "if m.%s == nil {\ns[%s].Add(1)\n} else if *m.%s {\ns[%s].Add(1)\n} else {\ns[%s].Add(1)\n}\n",
				name, slotName(c, "absent"), name, slotName(c, "true"), slotName(c, "false"))
		case n != nil && g.holds[n.FullName()]:
			name, err := goField(fd)
			if err != nil {
				return err
			}
			if fd.IsList() {
				fmt.Fprintf(b, "for _, x := range m.%s {\n%s(x, s, depth+1)\n}\n", name, countFunc(n))
			} else {
				fmt.Fprintf(b, "%s(m.%s, s, depth+1)\n", countFunc(n), name)
			}
		}
	}
	b.WriteString("}\n")
	return nil
}

// oneof writes a type switch over the members of o that hold controls.
func (g *gen) oneof(b *bytes.Buffer, s goStruct, o protoreflect.OneofDescriptor) error {
	var cases bytes.Buffer
	for i := range o.Fields().Len() {
		fd := o.Fields().Get(i)
		n := descended(fd)
		if n == nil || !g.holds[n.FullName()] {
			continue
		}
		w, ok := s.wrappers[fd.Number()]
		if !ok {
			return fmt.Errorf("%s has no oneof wrapper", fd.FullName())
		}
		fmt.Fprintf(&cases, "case *%s.%s:\n%s(x.%s, s, depth+1)\n", genAlias, w, countFunc(n), s.fields[fd.Number()])
	}
	if cases.Len() == 0 {
		return nil
	}
	name, ok := s.oneofs[o.Name()]
	if !ok {
		return fmt.Errorf("oneof %s has no Go field", o.FullName())
	}
	fmt.Fprintf(b, "switch x := m.%s.(type) {\n%s}\n", name, cases.String())
	return nil
}

func (g *gen) file() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by scripts/outcomesgen from the idcontrol.v1 messages. DO NOT EDIT.\n\n")
	b.WriteString("package server\n\n")
	fmt.Fprintf(&b, "import (\n\"sync/atomic\"\n\n%s %q\n)\n\n", genAlias, genImport)
	b.WriteString("// The slots of the outcome counts: each control's true, false and absent.\nconst (\n")
	slot := 0
	for _, c := range g.controls {
		for _, v := range outcomeValues {
			fmt.Fprintf(&b, "%s = %d\n", slotName(c, v), slot)
			slot++
		}
	}
	fmt.Fprintf(&b, "\noutcomeSlots = %d\n)\n\n", slot)
	b.WriteString("// outcomeShard is one shard's counts, by slot: a constant slot needs no\n// bounds check.\ntype outcomeShard = [outcomeSlots]atomic.Uint64\n\n")
	b.WriteString("// outcomeLabels are the labels of the slots.\n")
	b.WriteString("var outcomeLabels = [outcomeSlots]outcomeLabel{\n")
	for _, c := range g.controls {
		for _, v := range outcomeValues {
			fmt.Fprintf(&b, "%s: {%q, %q},\n", slotName(c, v), c, v)
		}
	}
	b.WriteString("}\n\n")
	b.WriteString("// countOutcomes adds the outcomes of every control of resp to s (at least\n")
	b.WriteString("// outcomeSlots long); false for a type that holds no control at any depth.\n")
	b.WriteString("func countOutcomes(resp any, s []atomic.Uint64) bool {\n")
	b.WriteString("a := (*outcomeShard)(s)\nswitch m := resp.(type) {\n")
	for _, md := range g.msgs {
		if !g.holds[md.FullName()] {
			continue
		}
		s, err := structOf(md)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "case *%s.%s:\n%s(m, a, 0)\n", genAlias, s.name, countFunc(md))
	}
	b.WriteString("default:\nreturn false\n}\nreturn true\n}\n")
	for _, md := range g.msgs {
		if !g.holds[md.FullName()] {
			continue
		}
		if err := g.body(&b, md); err != nil {
			return nil, err
		}
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("format: %v\n%s", err, b.String())
	}
	return src, nil
}
