package fastvalidate

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	validatepb "buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate"
	"buf.build/go/protovalidate"
	_ "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// requestTypes is the input type of every idcontrol.v1 method, sorted.
func requestTypes(t testing.TB) []protoreflect.MessageType {
	t.Helper()
	var out []protoreflect.MessageType
	seen := map[protoreflect.FullName]bool{}
	protoregistry.GlobalFiles.RangeFilesByPackage("idcontrol.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := range fd.Services().Len() {
			ms := fd.Services().Get(i).Methods()
			for j := range ms.Len() {
				in := ms.Get(j).Input()
				if seen[in.FullName()] {
					continue
				}
				seen[in.FullName()] = true
				mt, err := protoregistry.GlobalTypes.FindMessageByName(in.FullName())
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, mt)
			}
		}
		return true
	})
	slices.SortFunc(out, func(a, b protoreflect.MessageType) int {
		return strings.Compare(string(a.Descriptor().FullName()), string(b.Descriptor().FullName()))
	})
	if len(out) < 20 {
		t.Fatalf("only %d request types found", len(out))
	}
	return out
}

// examples reads examples/*.json, each the request of the method its name
// gives (Service.Method.case.json), by request type.
func examples(t testing.TB) map[protoreflect.FullName][]proto.Message {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	out := map[protoreflect.FullName][]proto.Message{}
	for _, p := range paths {
		parts := strings.Split(filepath.Base(p), ".")
		sd, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName("idcontrol.v1." + parts[0]))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		md := sd.(protoreflect.ServiceDescriptor).Methods().ByName(protoreflect.Name(parts[1]))
		if md == nil {
			t.Fatalf("%s: no method %s", p, parts[1])
		}
		mt, err := protoregistry.GlobalTypes.FindMessageByName(md.Input().FullName())
		if err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m := mt.New().Interface()
		if err := protojson.Unmarshal(raw, m); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out[md.Input().FullName()] = append(out[md.Input().FullName()], m)
	}
	return out
}

// Every request type is compiled: otherwise its calls quietly take the slow
// path.
func TestEveryRequestIsCompiled(t *testing.T) {
	for _, mt := range requestTypes(t) {
		if why, ok := Fallback[string(mt.Descriptor().FullName())]; ok {
			t.Errorf("%s is left to protovalidate: %s", mt.Descriptor().FullName(), why)
		}
	}
}

// The examples are valid requests: protovalidate accepts them and so must
// Pass, or the fast path is never taken.
func TestExamplesPass(t *testing.T) {
	v, err := protovalidate.New()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for name, ms := range examples(t) {
		for _, m := range ms {
			if err := v.Validate(m); err != nil {
				t.Errorf("%s example: protovalidate: %v", name, err)
			}
			if !Pass(m) {
				t.Errorf("%s example: Pass is false", name)
			}
			n++
		}
	}
	if n < 30 {
		t.Errorf("only %d examples", n)
	}
}

// Every rule of every request, at and around its bounds: Pass and
// protovalidate agree on each variant. A variant starts from an example of
// its method (so that the rest of the request is valid) and sets one field,
// instantiating the messages on its path.
func TestBoundariesAgreeWithProtovalidate(t *testing.T) {
	v, err := protovalidate.New()
	if err != nil {
		t.Fatal(err)
	}
	ex := examples(t)
	total, rejected := 0, 0
	for _, mt := range requestTypes(t) {
		base := mt.New().Interface()
		if ms := ex[mt.Descriptor().FullName()]; len(ms) > 0 {
			base = ms[0]
		}
		walk(mt.Descriptor(), nil, 0, func(path []protoreflect.FieldDescriptor, fd protoreflect.FieldDescriptor) {
			for _, val := range candidates(fd) {
				m := proto.Clone(base)
				leaf := at(m.ProtoReflect(), path)
				if leaf == nil {
					continue
				}
				leaf.Set(fd, val(leaf))
				fast, slow := Pass(m), v.Validate(m)
				total++
				if slow != nil {
					rejected++
				}
				where := pathString(path, fd)
				switch {
				case fast && slow != nil:
					t.Errorf("%s %s: Pass accepts what protovalidate refuses: %v\n%v", mt.Descriptor().Name(), where, slow, m)
				case !fast && slow == nil && !hasNaN(m):
					t.Errorf("%s %s: Pass refuses what protovalidate accepts\n%v", mt.Descriptor().Name(), where, m)
				}
			}
		})
	}
	// Both verdicts must be well represented, or the test proves little.
	if total < 2000 || rejected < total/5 || rejected > total*4/5 {
		t.Errorf("%d variants, %d refused by protovalidate: the variants do not exercise the rules", total, rejected)
	}
	t.Logf("%d variants, %d refused", total, rejected)
}

// walk calls visit for every field with rules reachable from md, up to a
// depth that covers the requests, never entering a message type twice on one
// path.
func walk(md protoreflect.MessageDescriptor, path []protoreflect.FieldDescriptor, depth int, visit func([]protoreflect.FieldDescriptor, protoreflect.FieldDescriptor)) {
	if depth > 8 {
		return
	}
	for i := range md.Fields().Len() {
		fd := md.Fields().Get(i)
		if proto.HasExtension(fd.Options(), validatepb.E_Field) {
			visit(path, fd)
		}
		if fd.Message() == nil || fd.IsMap() {
			continue
		}
		if slices.ContainsFunc(path, func(p protoreflect.FieldDescriptor) bool { return p.Message() == fd.Message() }) {
			continue
		}
		walk(fd.Message(), append(slices.Clip(path), fd), depth+1, visit)
	}
}

// at instantiates path under m (the first element of a list) and returns
// the message at its end.
func at(m protoreflect.Message, path []protoreflect.FieldDescriptor) protoreflect.Message {
	for _, fd := range path {
		if fd.IsList() {
			l := m.Mutable(fd).List()
			if l.Len() == 0 {
				l.Append(l.NewElement())
			}
			m = l.Get(0).Message()
			continue
		}
		if fd.ContainingOneof() != nil && !fd.ContainingOneof().IsSynthetic() {
			return nil
		}
		m = m.Mutable(fd).Message()
	}
	return m
}

func pathString(path []protoreflect.FieldDescriptor, fd protoreflect.FieldDescriptor) string {
	var s []string
	for _, p := range path {
		s = append(s, string(p.Name()))
	}
	return strings.Join(append(s, string(fd.Name())), ".")
}

func hasNaN(m proto.Message) bool {
	nan := false
	var visit func(protoreflect.Message)
	visit = func(m protoreflect.Message) {
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.IsMap():
				v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
					if fd.MapValue().Kind() == protoreflect.DoubleKind && math.IsNaN(mv.Float()) {
						nan = true
					}
					return true
				})
			case fd.IsList() && fd.Message() != nil:
				for i := range v.List().Len() {
					visit(v.List().Get(i).Message())
				}
			case fd.Message() != nil:
				visit(v.Message())
			case fd.Kind() == protoreflect.DoubleKind || fd.Kind() == protoreflect.FloatKind:
				nan = nan || math.IsNaN(v.Float())
			}
			return true
		})
	}
	visit(m.ProtoReflect())
	return nan
}

// candidates are values for fd around its rules' bounds, each built for the
// message it is set in.
func candidates(fd protoreflect.FieldDescriptor) []func(protoreflect.Message) protoreflect.Value {
	rules := proto.GetExtension(fd.Options(), validatepb.E_Field).(*validatepb.FieldRules)
	var out []func(protoreflect.Message) protoreflect.Value
	switch {
	case fd.IsMap():
		r := rules.GetMap()
		keys := scalars(fd.MapKey(), r.GetKeys())
		values := scalars(fd.MapValue(), r.GetValues())
		for _, k := range keys {
			for _, val := range values {
				out = append(out, func(m protoreflect.Message) protoreflect.Value {
					mv := m.NewField(fd).Map()
					mv.Set(k.MapKey(), val)
					return protoreflect.ValueOfMap(mv)
				})
			}
		}
		for _, n := range sizes(int(r.GetMinPairs()), r.HasMaxPairs(), int(r.GetMaxPairs())) {
			out = append(out, func(m protoreflect.Message) protoreflect.Value {
				mv := m.NewField(fd).Map()
				for i := range n {
					mv.Set(sample(fd.MapKey(), r.GetKeys(), i).MapKey(), sample(fd.MapValue(), r.GetValues(), 0))
				}
				return protoreflect.ValueOfMap(mv)
			})
		}
	case fd.IsList():
		r := rules.GetRepeated()
		if fd.Message() == nil {
			for _, e := range scalars(fd, r.GetItems()) {
				out = append(out, func(m protoreflect.Message) protoreflect.Value {
					l := m.NewField(fd).List()
					l.Append(e)
					return protoreflect.ValueOfList(l)
				})
			}
		}
		for _, n := range sizes(int(r.GetMinItems()), r.HasMaxItems(), int(r.GetMaxItems())) {
			out = append(out, func(m protoreflect.Message) protoreflect.Value {
				l := m.NewField(fd).List()
				for i := range n {
					if fd.Message() != nil {
						l.Append(l.NewElement())
					} else {
						l.Append(sample(fd, r.GetItems(), i))
					}
				}
				return protoreflect.ValueOfList(l)
			})
		}
	case fd.Message() != nil:
		out = append(out, func(m protoreflect.Message) protoreflect.Value { return m.NewField(fd) })
	default:
		for _, val := range scalars(fd, rules) {
			out = append(out, func(protoreflect.Message) protoreflect.Value { return val })
		}
	}
	return out
}

// sizes are collection sizes around the bounds.
func sizes(lo int, hasHi bool, hi int) []int {
	out := []int{0, 1, lo, lo + 1}
	if lo > 0 {
		out = append(out, lo-1)
	}
	if hasHi {
		out = append(out, hi, hi+1)
		if hi > 0 {
			out = append(out, hi-1)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// sample is a value that meets rules, the i-th of distinct ones where the
// rules allow (collection sizes are tested with valid elements).
func sample(fd protoreflect.FieldDescriptor, rules *validatepb.FieldRules, i int) protoreflect.Value {
	if fd.Kind() != protoreflect.StringKind {
		return fd.Default()
	}
	r := rules.GetString()
	if in := r.GetIn(); len(in) > 0 {
		return protoreflect.ValueOfString(in[i%len(in)])
	}
	n := max(int(r.GetLen()), int(r.GetMinLen()), 1)
	b := []byte(strings.Repeat("a", n))
	for j := len(b) - 1; j >= 0 && i > 0; j, i = j-1, i/26 {
		b[j] = byte('a' + i%26)
	}
	return protoreflect.ValueOfString(string(b))
}

// scalars are values of fd's kind at and around the bounds of rules.
func scalars(fd protoreflect.FieldDescriptor, rules *validatepb.FieldRules) []protoreflect.Value {
	var out []protoreflect.Value
	switch fd.Kind() {
	case protoreflect.StringKind:
		r := rules.GetString()
		lengths := []int{0, 1, 2, 3}
		for _, n := range []uint64{r.GetMinLen(), r.GetMaxLen(), r.GetLen(), r.GetMinBytes(), r.GetMaxBytes()} {
			if n > 0 {
				lengths = append(lengths, int(n)-1, int(n), int(n)+1)
			}
		}
		for _, n := range lengths {
			out = append(out, protoreflect.ValueOfString(strings.Repeat("a", n)),
				protoreflect.ValueOfString(strings.Repeat("é", n)))
		}
		for _, s := range append(append(slices.Clone(r.GetIn()), r.GetNotIn()...),
			"2024-02-29", "2024-2-29", " 2024-02-29", "2024-02-29\n", "FR", "FRA", "fr", "X4RTBPFW4",
			"0123456789abcdef0123456789abcdef", "0123456789ABCDEF", "+33612345678", "lastName", "UNKNOWN") {
			out = append(out, protoreflect.ValueOfString(s))
		}
	case protoreflect.BytesKind:
		r := rules.GetBytes()
		for _, n := range []uint64{0, 1, r.GetLen() - 1, r.GetLen(), r.GetLen() + 1, r.GetMinLen() - 1, r.GetMinLen(), r.GetMaxLen(), r.GetMaxLen() + 1} {
			if n < 1<<20 {
				out = append(out, protoreflect.ValueOfBytes(make([]byte, n)))
			}
		}
	case protoreflect.Int32Kind:
		r := rules.GetInt32()
		for _, b := range []int32{0, 1, -1, r.GetGte(), r.GetGt(), r.GetLte(), r.GetLt(), math.MaxInt32, math.MinInt32} {
			for _, d := range []int32{-1, 0, 1} {
				if (d > 0 && b == math.MaxInt32) || (d < 0 && b == math.MinInt32) {
					continue
				}
				out = append(out, protoreflect.ValueOfInt32(b+d))
			}
		}
	case protoreflect.Int64Kind:
		for _, v := range []int64{0, 1, -1, math.MaxInt64, math.MinInt64} {
			out = append(out, protoreflect.ValueOfInt64(v))
		}
	case protoreflect.Uint32Kind:
		for _, v := range []uint32{0, 1, math.MaxUint32} {
			out = append(out, protoreflect.ValueOfUint32(v))
		}
	case protoreflect.Uint64Kind:
		for _, v := range []uint64{0, 1, math.MaxUint64} {
			out = append(out, protoreflect.ValueOfUint64(v))
		}
	case protoreflect.DoubleKind:
		r := rules.GetDouble()
		for _, b := range []float64{0, r.GetGte(), r.GetGt(), r.GetLte(), r.GetLt()} {
			out = append(out, protoreflect.ValueOfFloat64(b), protoreflect.ValueOfFloat64(math.Nextafter(b, math.Inf(1))),
				protoreflect.ValueOfFloat64(math.Nextafter(b, math.Inf(-1))))
		}
		out = append(out, protoreflect.ValueOfFloat64(math.NaN()), protoreflect.ValueOfFloat64(math.Inf(1)),
			protoreflect.ValueOfFloat64(math.Inf(-1)), protoreflect.ValueOfFloat64(math.Copysign(0, -1)))
	case protoreflect.FloatKind:
		for _, v := range []float32{0, 1, -1, float32(math.NaN()), float32(math.Inf(1))} {
			out = append(out, protoreflect.ValueOfFloat32(v))
		}
	case protoreflect.BoolKind:
		out = append(out, protoreflect.ValueOfBool(false), protoreflect.ValueOfBool(true))
	case protoreflect.EnumKind:
		values := fd.Enum().Values()
		nums := []protoreflect.EnumNumber{-1, 0}
		for i := range values.Len() {
			nums = append(nums, values.Get(i).Number(), values.Get(i).Number()+1)
		}
		for _, n := range nums {
			out = append(out, protoreflect.ValueOfEnum(n))
		}
	}
	return out
}

// BenchmarkValidate: the compiled rules beside protovalidate on every
// example request (the same verdict, by the tests above).
func BenchmarkValidate(b *testing.B) {
	v, err := protovalidate.New()
	if err != nil {
		b.Fatal(err)
	}
	var ms []proto.Message
	for _, e := range examples(b) {
		ms = append(ms, e...)
	}
	b.Run("Pass", func(b *testing.B) {
		for b.Loop() {
			for _, m := range ms {
				if !Pass(m) {
					b.Fatal("an example does not pass")
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ms)), "ns/request")
	})
	b.Run("protovalidate", func(b *testing.B) {
		for b.Loop() {
			for _, m := range ms {
				if err := v.Validate(m); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ms)), "ns/request")
	})
}
