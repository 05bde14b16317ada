package fastvalidate

import (
	"testing"

	"buf.build/go/protovalidate"
	"google.golang.org/protobuf/proto"
)

// FuzzPass: whatever the bytes, a request Pass clears is one protovalidate
// accepts (Pass may send a valid one to protovalidate, never the reverse).
func FuzzPass(f *testing.F) {
	types := requestTypes(f)
	for _, ms := range examples(f) {
		for _, m := range ms {
			wire, err := proto.Marshal(m)
			if err != nil {
				f.Fatal(err)
			}
			for i, mt := range types {
				if mt.Descriptor() == m.ProtoReflect().Descriptor() {
					f.Add(uint8(i), wire)
				}
			}
		}
	}
	v, err := protovalidate.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, which uint8, wire []byte) {
		m := types[int(which)%len(types)].New().Interface()
		if proto.Unmarshal(wire, m) != nil {
			return
		}
		if Pass(m) {
			if err := v.Validate(m); err != nil {
				t.Fatalf("Pass accepts what protovalidate refuses: %v\n%v", err, m)
			}
		}
	})
}
