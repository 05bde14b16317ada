package server

import (
	"testing"

	idcontrolv1 "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

func TestLocateDecodeError(t *testing.T) {
	t.Parallel()
	md := (&idcontrolv1.CheckIdentityDocumentRequest{}).ProtoReflect().Descriptor()
	// document{data{mrz{line2: "\xff"}}}
	mrz := protowire.AppendBytes(protowire.AppendTag(nil, 2, protowire.BytesType), []byte{0xff})
	data := protowire.AppendBytes(protowire.AppendTag(nil, 2, protowire.BytesType), mrz)
	doc := protowire.AppendBytes(protowire.AppendTag(nil, 4, protowire.BytesType), data)
	req := protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), doc)
	field, reason := locateDecodeError(req, md, "")
	if field != "document.data.mrz.line2" || reason == "" {
		t.Fatalf("got %q %q", field, reason)
	}
	// Truncated bytes.
	field, reason = locateDecodeError(req[:len(req)-2], md, "")
	if field != "document" || reason == "" {
		t.Fatalf("truncated: got %q %q", field, reason)
	}
}

// FuzzDecode: any bytes either decode or are located without a panic.
func FuzzDecode(f *testing.F) {
	ok, _ := proto.Marshal(&idcontrolv1.ParseMrzRequest{Lines: []string{"A", "B"}, ReferenceDate: "2026-01-01"})
	f.Add(ok)
	f.Add([]byte{0x0a, 0x02, 0xff, 0xfe})
	f.Add([]byte{0x0a, 0xff})
	md := (&idcontrolv1.CheckIdentityDocumentRequest{}).ProtoReflect().Descriptor()
	f.Fuzz(func(t *testing.T, b []byte) {
		m := &idcontrolv1.CheckIdentityDocumentRequest{}
		if err := proto.Unmarshal(b, m); err != nil {
			locateDecodeError(b, md, "")
		}
	})
}
