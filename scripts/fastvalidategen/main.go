// Command fastvalidategen writes internal/fastvalidate/rules_gen.go: the
// buf.validate rules of the idcontrol.v1 messages compiled to plain Go over
// the generated structs. protovalidate evaluates the same rules through
// reflection, one evaluator per field, which under load cost the server as
// much as the identity controls themselves; the compiled checks read the
// fields directly.
//
// The compiled code only ever says "passes every rule" or "ask
// protovalidate": a request it passes is one protovalidate accepts, and
// any other goes to protovalidate, whose violations are the answer. A rule
// this generator does not know (a CEL expression, a predefined rule, a
// message or oneof rule, a kind of rule not used here) makes its message
// fall back to protovalidate whole; the file lists such messages and why.
// `make generate` runs it after buf; `make check-generated` checks it is
// fresh.
//
//	go run ./scripts/fastvalidategen -o internal/fastvalidate/rules_gen.go
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"math"
	"math/big"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	validatepb "buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate"
	_ "github.com/idcontrol/idcontrol/gen/idcontrol/v1" // registers the types
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

const (
	ownPackage = "idcontrol.v1"
	genImport  = "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	genAlias   = "idcontrolv1"
)

func main() {
	out := flag.String("o", "internal/fastvalidate/rules_gen.go", "file to write")
	flag.Parse()
	src, err := generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "fastvalidategen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "fastvalidategen:", err)
		os.Exit(1)
	}
}

// gen holds what one run learns and writes.
type gen struct {
	msgs        []protoreflect.MessageDescriptor // idcontrol.v1, sorted by name
	unsupported map[protoreflect.FullName]string // message → why it falls back
	patterns    []string                         // compiled once, by index
	body        map[protoreflect.FullName]string
}

func generate() ([]byte, error) {
	g := &gen{unsupported: map[protoreflect.FullName]string{}, body: map[protoreflect.FullName]string{}}
	protoregistry.GlobalTypes.RangeMessages(func(mt protoreflect.MessageType) bool {
		if md := mt.Descriptor(); md.ParentFile().Package() == ownPackage && !md.IsMapEntry() {
			g.msgs = append(g.msgs, md)
		}
		return true
	})
	slices.SortFunc(g.msgs, func(a, b protoreflect.MessageDescriptor) int {
		return strings.Compare(string(a.FullName()), string(b.FullName()))
	})
	if len(g.msgs) == 0 {
		return nil, fmt.Errorf("no %s message is registered", ownPackage)
	}
	// A message's own body first; then fall back wherever a nested message
	// does, until nothing changes (messages may nest each other).
	for _, md := range g.msgs {
		body, err := g.message(md)
		if err != nil {
			g.unsupported[md.FullName()] = err.Error()
			continue
		}
		g.body[md.FullName()] = body
	}
	for changed := true; changed; {
		changed = false
		for _, md := range g.msgs {
			if _, ok := g.unsupported[md.FullName()]; ok {
				continue
			}
			for _, n := range nestedMessages(md) {
				if why, ok := g.unsupported[n.FullName()]; ok || !g.known(n) {
					if !ok {
						why = "no compiled rules"
					}
					g.unsupported[md.FullName()] = fmt.Sprintf("nests %s (%s)", n.FullName(), why)
					changed = true
					break
				}
			}
		}
	}
	return g.file()
}

// known says whether n is compiled here, or is a message from elsewhere
// that carries no rule at any depth (protovalidate has nothing to check).
func (g *gen) known(n protoreflect.MessageDescriptor) bool {
	if n.ParentFile().Package() == ownPackage {
		_, ok := g.body[n.FullName()]
		return ok
	}
	return ruleFree(n, map[protoreflect.FullName]bool{})
}

func ruleFree(md protoreflect.MessageDescriptor, seen map[protoreflect.FullName]bool) bool {
	if seen[md.FullName()] {
		return true
	}
	seen[md.FullName()] = true
	if proto.HasExtension(md.Options(), validatepb.E_Message) {
		return false
	}
	for i := range md.Oneofs().Len() {
		if proto.HasExtension(md.Oneofs().Get(i).Options(), validatepb.E_Oneof) {
			return false
		}
	}
	for i := range md.Fields().Len() {
		fd := md.Fields().Get(i)
		if proto.HasExtension(fd.Options(), validatepb.E_Field) {
			return false
		}
		for _, n := range fieldMessages(fd) {
			if !ruleFree(n, seen) {
				return false
			}
		}
	}
	return true
}

func nestedMessages(md protoreflect.MessageDescriptor) []protoreflect.MessageDescriptor {
	var out []protoreflect.MessageDescriptor
	for i := range md.Fields().Len() {
		out = append(out, fieldMessages(md.Fields().Get(i))...)
	}
	return out
}

func fieldMessages(fd protoreflect.FieldDescriptor) []protoreflect.MessageDescriptor {
	switch {
	case fd.IsMap():
		if v := fd.MapValue(); v.Message() != nil {
			return []protoreflect.MessageDescriptor{v.Message()}
		}
	case fd.Message() != nil:
		return []protoreflect.MessageDescriptor{fd.Message()}
	}
	return nil
}

// goFields maps a message's field numbers to its Go struct field names,
// read from the generated struct's protobuf tags.
func goFields(md protoreflect.MessageDescriptor) (map[protoreflect.FieldNumber]string, string, error) {
	mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
	if err != nil {
		return nil, "", err
	}
	t := reflect.TypeOf(mt.Zero().Interface()).Elem()
	names := map[protoreflect.FieldNumber]string{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("protobuf")
		if tag == "" {
			continue
		}
		parts := strings.Split(tag, ",")
		if len(parts) < 2 {
			return nil, "", fmt.Errorf("%s.%s: protobuf tag %q", t.Name(), f.Name, tag)
		}
		n, err := strconv.Atoi(parts[1])
		if err != nil {
			return nil, "", fmt.Errorf("%s.%s: protobuf tag %q", t.Name(), f.Name, tag)
		}
		names[protoreflect.FieldNumber(n)] = f.Name
	}
	return names, t.Name(), nil
}

// message writes the body of md's check, its receiver being x.
func (g *gen) message(md protoreflect.MessageDescriptor) (string, error) {
	if proto.HasExtension(md.Options(), validatepb.E_Message) {
		return "", fmt.Errorf("message rules")
	}
	for i := range md.Oneofs().Len() {
		o := md.Oneofs().Get(i)
		if !o.IsSynthetic() {
			return "", fmt.Errorf("oneof %s", o.Name())
		}
	}
	names, _, err := goFields(md)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i := range md.Fields().Len() {
		fd := md.Fields().Get(i)
		name, ok := names[fd.Number()]
		if !ok {
			return "", fmt.Errorf("field %s has no Go field", fd.Name())
		}
		if err := g.field(&b, fd, "x."+name); err != nil {
			return "", fmt.Errorf("field %s: %v", fd.Name(), err)
		}
	}
	return b.String(), nil
}

// field writes the checks of one field whose Go value is expr.
func (g *gen) field(b *strings.Builder, fd protoreflect.FieldDescriptor, expr string) error {
	var rules *validatepb.FieldRules
	if proto.HasExtension(fd.Options(), validatepb.E_Field) {
		rules = proto.GetExtension(fd.Options(), validatepb.E_Field).(*validatepb.FieldRules)
	}
	if err := onlyKnown(rules.ProtoReflect(), "required", "ignore", "string", "bytes", "int32", "int64", "uint32", "uint64", "double", "float", "enum", "repeated", "map"); err != nil {
		return err
	}
	switch rules.GetIgnore() {
	case validatepb.Ignore_IGNORE_UNSPECIFIED:
	case validatepb.Ignore_IGNORE_ALWAYS:
		return nil
	default:
		// IGNORE_IF_ZERO_VALUE and anything newer: not used here.
		return fmt.Errorf("ignore %v", rules.GetIgnore())
	}
	required := rules.GetRequired()
	switch {
	case fd.IsMap():
		if required {
			fmt.Fprintf(b, "if len(%s) == 0 { return false }\n", expr)
		}
		return g.mapRules(b, fd, rules, expr)
	case fd.IsList():
		if required {
			fmt.Fprintf(b, "if len(%s) == 0 { return false }\n", expr)
		}
		return g.listRules(b, fd, rules, expr)
	case fd.Message() != nil:
		if typeRules(rules) != nil {
			return fmt.Errorf("rules on a message field")
		}
		if required {
			fmt.Fprintf(b, "if %s == nil { return false }\n", expr)
		}
		fmt.Fprintf(b, "if %s != nil && !%s(%s) { return false }\n", expr, g.checkFunc(fd.Message()), expr)
		return nil
	case fd.HasPresence():
		// proto3 optional: unset skips the rules.
		if required {
			fmt.Fprintf(b, "if %s == nil { return false }\n", expr)
		}
		var inner strings.Builder
		if err := g.scalar(&inner, fd, rules, "(*"+expr+")"); err != nil {
			return err
		}
		if inner.Len() > 0 {
			fmt.Fprintf(b, "if %s != nil {\n%s}\n", expr, inner.String())
		}
		return nil
	default:
		switch {
		case required && fd.Kind() == protoreflect.BytesKind:
			fmt.Fprintf(b, "if len(%s) == 0 { return false }\n", expr)
		case required:
			fmt.Fprintf(b, "if %s == %s { return false }\n", expr, zero(fd))
		}
		return g.scalar(b, fd, rules, expr)
	}
}

// onlyKnown refuses rules that set anything but the named fields: a CEL
// expression, a predefined rule (an extension) or a rule kind not compiled.
func onlyKnown(m protoreflect.Message, allowed ...string) error {
	if !m.IsValid() {
		return nil
	}
	var err error
	m.Range(func(fd protoreflect.FieldDescriptor, _ protoreflect.Value) bool {
		if fd.IsExtension() || !slices.Contains(allowed, string(fd.Name())) {
			err = fmt.Errorf("rule %s", fd.FullName())
			return false
		}
		return true
	})
	if err == nil && len(m.GetUnknown()) > 0 {
		err = fmt.Errorf("unknown rule fields in %s", m.Descriptor().FullName())
	}
	return err
}

// typeRules is the kind-specific part of rules (string, int32, ...), or nil.
func typeRules(rules *validatepb.FieldRules) protoreflect.Message {
	m := rules.ProtoReflect()
	if !m.IsValid() {
		return nil
	}
	o := m.Descriptor().Oneofs().ByName("type")
	fd := m.WhichOneof(o)
	if fd == nil {
		return nil
	}
	return m.Get(fd).Message()
}

func (g *gen) listRules(b *strings.Builder, fd protoreflect.FieldDescriptor, rules *validatepb.FieldRules, expr string) error {
	tr := typeRules(rules)
	var items *validatepb.FieldRules
	if tr != nil {
		r, ok := tr.Interface().(*validatepb.RepeatedRules)
		if !ok {
			return fmt.Errorf("%s rules on a repeated field", tr.Descriptor().Name())
		}
		if err := onlyKnown(tr, "min_items", "max_items", "items"); err != nil {
			return err
		}
		lenBounds(b, expr, r.HasMinItems(), r.GetMinItems(), r.HasMaxItems(), r.GetMaxItems())
		items = r.GetItems()
	}
	var inner strings.Builder
	if err := g.element(&inner, fd, items, "e"); err != nil {
		return fmt.Errorf("items: %v", err)
	}
	if inner.Len() > 0 {
		fmt.Fprintf(b, "for _, e := range %s {\n%s}\n", expr, inner.String())
	}
	return nil
}

func (g *gen) mapRules(b *strings.Builder, fd protoreflect.FieldDescriptor, rules *validatepb.FieldRules, expr string) error {
	tr := typeRules(rules)
	var keys, values *validatepb.FieldRules
	if tr != nil {
		r, ok := tr.Interface().(*validatepb.MapRules)
		if !ok {
			return fmt.Errorf("%s rules on a map field", tr.Descriptor().Name())
		}
		if err := onlyKnown(tr, "min_pairs", "max_pairs", "keys", "values"); err != nil {
			return err
		}
		lenBounds(b, expr, r.HasMinPairs(), r.GetMinPairs(), r.HasMaxPairs(), r.GetMaxPairs())
		keys, values = r.GetKeys(), r.GetValues()
	}
	var inner strings.Builder
	if err := g.element(&inner, fd.MapKey(), keys, "k"); err != nil {
		return fmt.Errorf("keys: %v", err)
	}
	if err := g.element(&inner, fd.MapValue(), values, "v"); err != nil {
		return fmt.Errorf("values: %v", err)
	}
	if inner.Len() > 0 {
		fmt.Fprintf(b, "for k, v := range %s {\n_, _ = k, v\n%s}\n", expr, inner.String())
	}
	return nil
}

// element writes the checks of one list item or map key or value.
func (g *gen) element(b *strings.Builder, fd protoreflect.FieldDescriptor, rules *validatepb.FieldRules, expr string) error {
	if err := onlyKnown(rules.ProtoReflect(), "string", "bytes", "int32", "int64", "uint32", "uint64", "double", "float", "enum"); err != nil {
		return err
	}
	if fd.Message() != nil {
		if typeRules(rules) != nil {
			return fmt.Errorf("rules on a message element")
		}
		// A nil element cannot come off the wire; if one is there, let
		// protovalidate say what it makes of it.
		fmt.Fprintf(b, "if %s == nil || !%s(%s) { return false }\n", expr, g.checkFunc(fd.Message()), expr)
		return nil
	}
	return g.scalar(b, fd, rules, expr)
}

// lenBounds writes bounds on len(expr): items, pairs or bytes.
func lenBounds(b *strings.Builder, expr string, hasMin bool, lo uint64, hasMax bool, hi uint64) {
	if hasMin {
		fmt.Fprintf(b, "if len(%s) < %d { return false }\n", expr, lo)
	}
	if hasMax {
		fmt.Fprintf(b, "if len(%s) > %d { return false }\n", expr, hi)
	}
}

// maxLen is the upper bound of bytes rules: len, else max_len.
func maxLen(r *validatepb.BytesRules) uint64 {
	if r.HasLen() && (!r.HasMaxLen() || r.GetLen() < r.GetMaxLen()) {
		return r.GetLen()
	}
	return r.GetMaxLen()
}

// ruleKinds is the field kind each kind of rules applies to.
var ruleKinds = map[protoreflect.Name]protoreflect.Kind{
	"StringRules": protoreflect.StringKind, "BytesRules": protoreflect.BytesKind,
	"Int32Rules": protoreflect.Int32Kind, "Int64Rules": protoreflect.Int64Kind,
	"UInt32Rules": protoreflect.Uint32Kind, "UInt64Rules": protoreflect.Uint64Kind,
	"DoubleRules": protoreflect.DoubleKind, "FloatRules": protoreflect.FloatKind,
	"EnumRules": protoreflect.EnumKind,
}

// scalar writes the kind-specific rules of a scalar value expr.
func (g *gen) scalar(b *strings.Builder, fd protoreflect.FieldDescriptor, rules *validatepb.FieldRules, expr string) error {
	tr := typeRules(rules)
	if tr == nil {
		return nil
	}
	name := tr.Descriptor().Name()
	if kind, ok := ruleKinds[name]; !ok || kind != fd.Kind() {
		return fmt.Errorf("%s on a %v field", name, fd.Kind())
	}
	switch r := tr.Interface().(type) {
	case *validatepb.StringRules:
		return g.stringRules(b, r, expr)
	case *validatepb.BytesRules:
		if err := onlyKnown(tr, "len", "min_len", "max_len"); err != nil {
			return err
		}
		lenBounds(b, expr, r.HasLen() || r.HasMinLen(), max(r.GetLen(), r.GetMinLen()), r.HasLen() || r.HasMaxLen(), maxLen(r))
		return nil
	case *validatepb.DoubleRules, *validatepb.FloatRules:
		return floatRules(b, tr, expr)
	case *validatepb.EnumRules:
		return enumRules(b, fd, r, expr)
	default: // the integer kinds
		return intRules(b, tr, expr)
	}
}

func (g *gen) stringRules(b *strings.Builder, r *validatepb.StringRules, expr string) error {
	if err := onlyKnown(r.ProtoReflect(), "len", "min_len", "max_len", "min_bytes", "max_bytes", "pattern", "in", "not_in"); err != nil {
		return err
	}
	// Lengths count code points, as protovalidate does; the byte length
	// bounds the count, so most values are decided without counting.
	if r.HasLen() {
		fmt.Fprintf(b, "if utf8.RuneCountInString(%s) != %d { return false }\n", expr, r.GetLen())
	}
	if r.HasMinLen() {
		fmt.Fprintf(b, "if len(%s) < %d || utf8.RuneCountInString(%s) < %d { return false }\n", expr, r.GetMinLen(), expr, r.GetMinLen())
	}
	if r.HasMaxLen() {
		fmt.Fprintf(b, "if len(%s) > %d && utf8.RuneCountInString(%s) > %d { return false }\n", expr, r.GetMaxLen(), expr, r.GetMaxLen())
	}
	if r.HasMinBytes() {
		fmt.Fprintf(b, "if len(%s) < %d { return false }\n", expr, r.GetMinBytes())
	}
	if r.HasMaxBytes() {
		fmt.Fprintf(b, "if len(%s) > %d { return false }\n", expr, r.GetMaxBytes())
	}
	if r.HasPattern() {
		if _, err := regexp.Compile(r.GetPattern()); err != nil {
			return fmt.Errorf("pattern: %v", err)
		}
		fmt.Fprintf(b, "if !patterns[%d](%s) { return false }\n", len(g.patterns), expr)
		g.patterns = append(g.patterns, r.GetPattern())
	}
	if in := r.GetIn(); len(in) > 0 {
		fmt.Fprintf(b, "switch %s {\ncase %s:\ndefault:\nreturn false\n}\n", expr, quoteAll(in))
	}
	if notIn := r.GetNotIn(); len(notIn) > 0 {
		fmt.Fprintf(b, "switch %s {\ncase %s:\nreturn false\n}\n", expr, quoteAll(notIn))
	}
	return nil
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// intRules compiles const bounds of any integer kind: gt/gte, lt/lte, in,
// not_in. An upper bound below the lower one means "outside the range" in
// protovalidate; it is not compiled.
func intRules(b *strings.Builder, tr protoreflect.Message, expr string) error {
	if err := onlyKnown(tr, "gt", "gte", "lt", "lte", "in", "not_in"); err != nil {
		return err
	}
	var lo, hi *big.Int
	for _, c := range []struct{ name, fails string }{{"gte", "<"}, {"gt", "<="}, {"lte", ">"}, {"lt", ">="}} {
		fd := tr.Descriptor().Fields().ByName(protoreflect.Name(c.name))
		if !tr.Has(fd) {
			continue
		}
		v, _ := new(big.Int).SetString(tr.Get(fd).String(), 10)
		if c.fails[0] == '<' {
			lo = v
		} else {
			hi = v
		}
		fmt.Fprintf(b, "if %s %s %s { return false }\n", expr, c.fails, v)
	}
	if lo != nil && hi != nil && hi.Cmp(lo) <= 0 {
		return fmt.Errorf("exclusive range")
	}
	for _, name := range []string{"in", "not_in"} {
		l := tr.Get(tr.Descriptor().Fields().ByName(protoreflect.Name(name))).List()
		if l.Len() == 0 {
			continue
		}
		vals := make([]string, l.Len())
		for i := range l.Len() {
			vals[i] = l.Get(i).String()
		}
		if name == "in" {
			fmt.Fprintf(b, "switch %s {\ncase %s:\ndefault:\nreturn false\n}\n", expr, strings.Join(vals, ", "))
		} else {
			fmt.Fprintf(b, "switch %s {\ncase %s:\nreturn false\n}\n", expr, strings.Join(vals, ", "))
		}
	}
	return nil
}

// floatRules compiles inclusive and exclusive bounds and finite. Written
// as !(v >= lo) so that NaN never passes: protovalidate may let it through
// a bound, and then it is protovalidate's call.
func floatRules(b *strings.Builder, tr protoreflect.Message, expr string) error {
	if err := onlyKnown(tr, "gt", "gte", "lt", "lte", "finite"); err != nil {
		return err
	}
	lit := func(name string) (string, float64, bool) {
		fd := tr.Descriptor().Fields().ByName(protoreflect.Name(name))
		if !tr.Has(fd) {
			return "", 0, false
		}
		f := tr.Get(fd).Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return "", f, false
		}
		return strconv.FormatFloat(f, 'g', -1, 64), f, true
	}
	var lo, hi float64
	var hasLo, hasHi bool
	for _, c := range []struct{ name, op string }{{"gte", ">="}, {"gt", ">"}, {"lte", "<="}, {"lt", "<"}} {
		fd := tr.Descriptor().Fields().ByName(protoreflect.Name(c.name))
		if !tr.Has(fd) {
			continue
		}
		s, f, ok := lit(c.name)
		if !ok {
			return fmt.Errorf("%s bound %v", c.name, f)
		}
		if c.op[0] == '>' {
			lo, hasLo = f, true
		} else {
			hi, hasHi = f, true
		}
		fmt.Fprintf(b, "if !(float64(%s) %s %s) { return false }\n", expr, c.op, s)
	}
	if hasLo && hasHi && hi <= lo {
		return fmt.Errorf("exclusive range")
	}
	if tr.Get(tr.Descriptor().Fields().ByName("finite")).Bool() {
		fmt.Fprintf(b, "if math.IsNaN(float64(%s)) || math.IsInf(float64(%s), 0) { return false }\n", expr, expr)
	}
	return nil
}

func enumRules(b *strings.Builder, fd protoreflect.FieldDescriptor, r *validatepb.EnumRules, expr string) error {
	if err := onlyKnown(r.ProtoReflect(), "defined_only", "in", "not_in"); err != nil {
		return err
	}
	num := func(vs []int32) string {
		s := make([]string, len(vs))
		for i, v := range vs {
			s[i] = strconv.Itoa(int(v))
		}
		return strings.Join(s, ", ")
	}
	if r.GetDefinedOnly() {
		values := fd.Enum().Values()
		defined := make([]int32, values.Len())
		for i := range values.Len() {
			defined[i] = int32(values.Get(i).Number())
		}
		slices.Sort(defined)
		defined = slices.Compact(defined)
		fmt.Fprintf(b, "switch int32(%s) {\ncase %s:\ndefault:\nreturn false\n}\n", expr, num(defined))
	}
	if in := r.GetIn(); len(in) > 0 {
		fmt.Fprintf(b, "switch int32(%s) {\ncase %s:\ndefault:\nreturn false\n}\n", expr, num(in))
	}
	if notIn := r.GetNotIn(); len(notIn) > 0 {
		fmt.Fprintf(b, "switch int32(%s) {\ncase %s:\nreturn false\n}\n", expr, num(notIn))
	}
	return nil
}

func zero(fd protoreflect.FieldDescriptor) string {
	switch fd.Kind() {
	case protoreflect.StringKind:
		return `""`
	case protoreflect.BoolKind:
		return "false"
	default:
		return "0"
	}
}

func (g *gen) checkFunc(md protoreflect.MessageDescriptor) string {
	if md.ParentFile().Package() != ownPackage {
		return "ruleFree"
	}
	return "pass" + strings.ReplaceAll(strings.TrimPrefix(string(md.FullName()), ownPackage+"."), ".", "_")
}

func goType(md protoreflect.MessageDescriptor) string {
	_, name, err := goFields(md)
	if err != nil {
		panic(err) // checked when the body was written
	}
	return genAlias + "." + name
}

func (g *gen) file() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by scripts/fastvalidategen from the buf.validate rules of proto/. DO NOT EDIT.\n\n")
	b.WriteString("package fastvalidate\n\n")
	fmt.Fprintf(&b, "import (\n\"math\"\n\"unicode/utf8\"\n\n\"google.golang.org/protobuf/proto\"\n\n%s %q\n)\n\n", genAlias, genImport)
	b.WriteString("var _ = math.IsNaN\nvar _ = utf8.RuneCountInString\n\n")
	b.WriteString("// patterns are matched by hand where matchers.go knows them, else by regexp.\nvar patterns = []func(string) bool{\n")
	for _, p := range g.patterns {
		fmt.Fprintf(&b, "matcher(%s),\n", strconv.Quote(p))
	}
	b.WriteString("}\n\n")
	b.WriteString("// ruleFree checks a message from another package that carries no rule.\n")
	b.WriteString("func ruleFree(proto.Message) bool { return true }\n\n")
	b.WriteString("// pass is Pass for the messages whose rules are all compiled.\n")
	b.WriteString("func pass(m proto.Message) bool {\nswitch x := m.(type) {\n")
	for _, md := range g.msgs {
		if _, ok := g.unsupported[md.FullName()]; ok {
			continue
		}
		fmt.Fprintf(&b, "case *%s:\nreturn %s(x)\n", goType(md), g.checkFunc(md))
	}
	b.WriteString("}\nreturn false\n}\n\n")
	b.WriteString("// Fallback lists the messages left to protovalidate, and why.\n")
	b.WriteString("var Fallback = map[string]string{\n")
	for _, md := range g.msgs {
		if why, ok := g.unsupported[md.FullName()]; ok {
			fmt.Fprintf(&b, "%q: %q,\n", md.FullName(), why)
		}
	}
	b.WriteString("}\n")
	for _, md := range g.msgs {
		if _, ok := g.unsupported[md.FullName()]; ok {
			continue
		}
		fmt.Fprintf(&b, "\nfunc %s(x *%s) bool {\n%sreturn true\n}\n", g.checkFunc(md), goType(md), g.body[md.FullName()])
	}
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("format: %v\n%s", err, b.String())
	}
	return src, nil
}
