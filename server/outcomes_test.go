package server

import (
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// The generated walk (outcomes_gen.go) is checked against the reflective
// walk it replaced, kept here as the oracle: a plan per message type,
// built from the descriptors, read through protoreflect.

// isControl: a control is a proto3 optional bool.
func isControl(fd protoreflect.FieldDescriptor) bool {
	return fd.Kind() == protoreflect.BoolKind && fd.HasPresence() && !fd.IsList()
}

// registryLabels are the labels of every control of the messages of our
// own package, found in the protobuf registry (the counter's labels before
// they were generated).
func registryLabels() map[outcomeLabel]bool {
	out := map[outcomeLabel]bool{}
	for _, mt := range answerTypes() {
		md := mt.Descriptor()
		for i := range md.Fields().Len() {
			if fd := md.Fields().Get(i); isControl(fd) {
				for _, v := range []string{"true", "false", "absent"} {
					out[outcomeLabel{fd.JSONName(), v}] = true
				}
			}
		}
	}
	return out
}

// answerTypes are the types controls are counted in: what an RPC of ours
// returns, and the messages of our package it holds (not in maps), sorted.
func answerTypes() []protoreflect.MessageType {
	seen := map[protoreflect.FullName]bool{}
	var out []protoreflect.MessageType
	var reach func(md protoreflect.MessageDescriptor)
	reach = func(md protoreflect.MessageDescriptor) {
		if !strings.HasPrefix(string(md.FullName()), ownPackage) || seen[md.FullName()] {
			return
		}
		seen[md.FullName()] = true
		mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
		if err != nil {
			panic(err)
		}
		out = append(out, mt)
		for i := range md.Fields().Len() {
			if fd := md.Fields().Get(i); fd.Message() != nil && !fd.IsMap() {
				reach(fd.Message())
			}
		}
	}
	protoregistry.GlobalFiles.RangeFilesByPackage("idcontrol.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := range fd.Services().Len() {
			for j := range fd.Services().Get(i).Methods().Len() {
				reach(fd.Services().Get(i).Methods().Get(j).Output())
			}
		}
		return true
	})
	slices.SortFunc(out, func(a, b protoreflect.MessageType) int {
		return strings.Compare(string(a.Descriptor().FullName()), string(b.Descriptor().FullName()))
	})
	return out
}

// reflectWalk is the reflective walk, its plans made once per type.
type reflectWalk struct {
	slots map[outcomeLabel]int
	plans map[protoreflect.FullName]*controlPlan
}

func newReflectWalk(o *outcomeCounter) *reflectWalk {
	return &reflectWalk{slots: o.slots, plans: map[protoreflect.FullName]*controlPlan{}}
}

// count adds msg's outcomes to shard, msg being at the given depth.
func (w *reflectWalk) count(msg protoreflect.Message, shard []atomic.Uint64, depth int) {
	w.planFor(msg.Descriptor()).count(msg, shard, depth)
}

func (p *controlPlan) count(msg protoreflect.Message, shard []atomic.Uint64, depth int) {
	if depth > 8 || !msg.IsValid() {
		return
	}
	for _, c := range p.controls {
		switch {
		case !msg.Has(c.field):
			shard[c.absent].Add(1)
		case msg.Get(c.field).Bool():
			shard[c.yes].Add(1)
		default:
			shard[c.no].Add(1)
		}
	}
	for _, c := range p.lists {
		l := msg.Get(c.field).List()
		for j := range l.Len() {
			c.plan.count(l.Get(j).Message(), shard, depth+1)
		}
	}
	for _, c := range p.messages {
		if msg.Has(c.field) {
			c.plan.count(msg.Get(c.field).Message(), shard, depth+1)
		}
	}
}

// controlPlan is what the walk does with one message type.
type controlPlan struct {
	controls []controlCounters
	lists    []childPlan // repeated messages that hold controls
	messages []childPlan // singular messages that hold controls
	building bool        // while buildPlan makes it
}

type controlCounters struct {
	field           protoreflect.FieldDescriptor
	yes, no, absent int // slots in the outcome counter's shards
}

type childPlan struct {
	field protoreflect.FieldDescriptor
	plan  *controlPlan
}

func (w *reflectWalk) planFor(md protoreflect.MessageDescriptor) *controlPlan {
	if p, ok := w.plans[md.FullName()]; ok {
		return p
	}
	p := w.buildPlan(md, map[protoreflect.FullName]*controlPlan{})
	w.plans[md.FullName()] = p
	return p
}

// buildPlan makes md's plan and its sub-messages' (built holds each type's
// plan once); a message type nesting itself, met while its plan is being
// built, keeps its descent (it may hold controls).
func (w *reflectWalk) buildPlan(md protoreflect.MessageDescriptor, built map[protoreflect.FullName]*controlPlan) *controlPlan {
	p := &controlPlan{building: true}
	built[md.FullName()] = p
	fields := md.Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		switch {
		case isControl(fd):
			// Every control of our package has its slots (TestOutcomeLabels);
			// a message of another package holds none.
			name := fd.JSONName()
			yes, ok1 := w.slots[outcomeLabel{name, "true"}]
			no, ok2 := w.slots[outcomeLabel{name, "false"}]
			absent, ok3 := w.slots[outcomeLabel{name, "absent"}]
			if ok1 && ok2 && ok3 {
				p.controls = append(p.controls, controlCounters{field: fd, yes: yes, no: no, absent: absent})
			}
		case fd.Kind() == protoreflect.MessageKind && !fd.IsMap():
			child, ok := built[fd.Message().FullName()]
			if !ok {
				child = w.buildPlan(fd.Message(), built)
			}
			if child.building || !child.empty() {
				if fd.IsList() {
					p.lists = append(p.lists, childPlan{fd, child})
				} else {
					p.messages = append(p.messages, childPlan{fd, child})
				}
			}
		}
	}
	p.building = false
	return p
}

func (p *controlPlan) empty() bool {
	return len(p.controls) == 0 && len(p.lists) == 0 && len(p.messages) == 0
}

// outcomeCounts are one walk's counts by label, the ones at 0 left out.
func outcomeCounts(shard []atomic.Uint64) map[outcomeLabel]uint64 {
	out := map[outcomeLabel]uint64{}
	for slot, l := range outcomeLabels {
		if n := shard[slot].Load(); n > 0 {
			out[l] = n
		}
	}
	for slot := len(outcomeLabels); slot < len(shard); slot++ {
		if n := shard[slot].Load(); n > 0 {
			out[outcomeLabel{"spare slot", string(rune('0' + slot - len(outcomeLabels)))}] = n
		}
	}
	return out
}

// compareWalks counts msg with the generated walk and the reflective one
// and says how they differ.
func compareWalks(t *testing.T, w *reflectWalk, what string, msg proto.Message) {
	t.Helper()
	gen := make([]atomic.Uint64, outcomeSlots+8)
	ref := make([]atomic.Uint64, outcomeSlots+8)
	known := countOutcomes(msg, gen)
	w.count(msg.ProtoReflect(), ref, 0)
	g, r := outcomeCounts(gen), outcomeCounts(ref)
	if !known && len(r) > 0 {
		t.Fatalf("%s: the generated walk does not know %T, whose controls the reflective walk counts: %v", what, msg, r)
	}
	for l, n := range r {
		if g[l] != n {
			t.Errorf("%s: %s=%s counted %d times, the reflective walk %d", what, l.control, l.value, g[l], n)
		}
	}
	for l, n := range g {
		if _, ok := r[l]; !ok {
			t.Errorf("%s: %s=%s counted %d times, the reflective walk 0", what, l.control, l.value, n)
		}
	}
}

// TestOutcomeLabels: the generated table has a slot for each value of
// every control of the schema, and none other, each label once.
func TestOutcomeLabels(t *testing.T) {
	want := registryLabels()
	seen := map[outcomeLabel]bool{}
	for slot, l := range outcomeLabels {
		if seen[l] {
			t.Errorf("slot %d: %v twice", slot, l)
		}
		seen[l] = true
		if !want[l] {
			t.Errorf("slot %d: %v is no control of the schema", slot, l)
		}
	}
	for l := range want {
		if !seen[l] {
			t.Errorf("%v has no slot", l)
		}
	}
	if len(outcomeLabels) < 200 {
		t.Errorf("only %d slots", len(outcomeLabels))
	}
}

// TestOutcomesGoldens: on every example's answer, the generated walk counts
// what the reflective one does.
func TestOutcomesGoldens(t *testing.T) {
	w := newReflectWalk(newOutcomeCounter())
	examples := loadExamples(t) // each has its golden answer
	counted := 0
	for _, ex := range examples {
		name, md := ex.name, ex.method
		file := filepath.Join("testdata", "examples", name+".golden.json")
		mt, err := protoregistry.GlobalTypes.FindMessageByName(md.Output().FullName())
		if err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		resp := mt.New().Interface()
		if err := protojson.Unmarshal(raw, resp); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		compareWalks(t, w, name, resp)
		if countOutcomes(resp, make([]atomic.Uint64, outcomeSlots)) {
			counted++
		}
	}
	if counted < 15 {
		t.Errorf("only %d of %d answers hold controls", counted, len(examples))
	}
}

// TestOutcomesRandom: on messages of every answer type of the package, their
// controls set at random to true, false or nothing, their lists of 0 to 3
// elements, the generated walk counts what the reflective one does.
func TestOutcomesRandom(t *testing.T) {
	w := newReflectWalk(newOutcomeCounter())
	rnd := rand.New(rand.NewPCG(1, 2))
	types := answerTypes()
	// A request's optional bools are settings, not controls, and answers
	// are all countControls is given: the walk knows no other type.
	protoregistry.GlobalTypes.RangeMessages(func(mt protoreflect.MessageType) bool {
		if strings.HasPrefix(string(mt.Descriptor().FullName()), ownPackage) && !slices.Contains(types, mt) &&
			countOutcomes(mt.New().Interface(), make([]atomic.Uint64, outcomeSlots)) {
			t.Errorf("%s is no answer's part, yet its outcomes are counted", mt.Descriptor().FullName())
		}
		return true
	})
	holding := 0
	for _, mt := range types {
		name := string(mt.Descriptor().FullName())
		if countOutcomes(mt.Zero().Interface(), make([]atomic.Uint64, outcomeSlots)) {
			holding++
		}
		// A nil message counts nothing, an empty one its absent controls.
		compareWalks(t, w, name+" (nil)", mt.Zero().Interface())
		compareWalks(t, w, name+" (empty)", mt.New().Interface())
		for i := range 300 {
			msg := mt.New()
			fillRandom(rnd, msg, 0)
			compareWalks(t, w, name, msg.Interface())
			if t.Failed() {
				t.Fatalf("%s #%d: %v", name, i, msg.Interface())
			}
		}
	}
	if holding < 30 {
		t.Errorf("only %d types hold controls", holding)
	}
}

// TestOutcomesDepthBound: the generated walk stops at the depth the
// reflective one does (no type of ours nests itself yet: started deep, a
// client file's answer is cut at every level).
func TestOutcomesDepthBound(t *testing.T) {
	w := newReflectWalk(newOutcomeCounter())
	rnd := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		msg := (&idcontrolv1.CheckClientFileResponse{}).ProtoReflect()
		fillRandom(rnd, msg, 0)
		resp := msg.Interface().(*idcontrolv1.CheckClientFileResponse)
		for depth := range 11 {
			gen := make([]atomic.Uint64, outcomeSlots+8)
			ref := make([]atomic.Uint64, outcomeSlots+8)
			countCheckClientFileResponse(resp, (*outcomeShard)(gen), depth)
			w.count(msg, ref, depth)
			if g, r := outcomeCounts(gen), outcomeCounts(ref); !maps.Equal(g, r) {
				t.Fatalf("from depth %d: generated %v, reflective %v", depth, g, r)
			}
		}
	}
}

// fillRandom sets msg's controls at random (true, false or unset), its
// messages (set or not, one member of each oneof or none), its lists of
// messages (0 to 3 elements) and its maps of messages (0 to 2 entries),
// down to depth 12, past the walks' bound.
func fillRandom(rnd *rand.Rand, msg protoreflect.Message, depth int) {
	md := msg.Descriptor()
	for i := range md.Oneofs().Len() {
		o := md.Oneofs().Get(i)
		if o.IsSynthetic() {
			continue
		}
		if k := rnd.IntN(o.Fields().Len() + 1); k < o.Fields().Len() {
			setRandom(rnd, msg, o.Fields().Get(k), depth)
		}
	}
	for i := range md.Fields().Len() {
		fd := md.Fields().Get(i)
		if o := fd.ContainingOneof(); o != nil && !o.IsSynthetic() {
			continue
		}
		setRandom(rnd, msg, fd, depth)
	}
}

func setRandom(rnd *rand.Rand, msg protoreflect.Message, fd protoreflect.FieldDescriptor, depth int) {
	deeper := depth < 12
	switch {
	case fd.IsMap():
		if fd.MapValue().Message() == nil || fd.MapKey().Kind() != protoreflect.StringKind || !deeper {
			return
		}
		m := msg.Mutable(fd).Map()
		for j := range rnd.IntN(3) {
			v := m.NewValue()
			fillRandom(rnd, v.Message(), depth+1)
			m.Set(protoreflect.ValueOfString(string(rune('a'+j))).MapKey(), v)
		}
	case fd.IsList():
		if fd.Message() == nil || !deeper {
			return
		}
		l := msg.Mutable(fd).List()
		for range rnd.IntN(4) {
			v := l.NewElement()
			fillRandom(rnd, v.Message(), depth+1)
			l.Append(v)
		}
	case fd.Message() != nil:
		if deeper && rnd.IntN(3) > 0 {
			fillRandom(rnd, msg.Mutable(fd).Message(), depth+1)
		}
	case fd.Kind() == protoreflect.BoolKind:
		if k := rnd.IntN(3); k < 2 || !fd.HasPresence() {
			msg.Set(fd, protoreflect.ValueOfBool(k == 0))
		}
	}
}
