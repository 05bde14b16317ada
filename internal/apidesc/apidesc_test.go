package apidesc

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/testing/protocmp"
)

// TestSameAsGenerated: the embedded descriptors are those of the generated
// code, comments aside, so reflection never describes another contract
// than the one the server runs; and they carry the comments.
func TestSameAsGenerated(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	protoregistry.GlobalFiles.RangeFilesByPackage("idcontrol.v1", func(gen protoreflect.FileDescriptor) bool {
		n++
		emb, err := files.FindFileByPath(gen.Path())
		if err != nil {
			t.Errorf("%s: not in descriptor.binpb: run make generate", gen.Path())
			return true
		}
		if emb.SourceLocations().Len() == 0 {
			t.Errorf("%s: embedded without source info", gen.Path())
		}
		want, got := protodesc.ToFileDescriptorProto(gen), protodesc.ToFileDescriptorProto(emb)
		// buf's managed mode sets go_package at generation only.
		want.Options, got.Options = nil, nil
		got.SourceCodeInfo = nil
		if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
			t.Errorf("%s: descriptor.binpb differs from gen/ (-gen +embedded): run make generate\n%s", gen.Path(), diff)
		}
		return true
	})
	if n == 0 || n != files.NumFiles() {
		t.Errorf("%d generated files, %d embedded", n, files.NumFiles())
	}
}
