// Package apidesc holds the descriptors of idcontrol's protos with their
// comments (source info), which the generated Go code drops: the server
// serves them through reflection, so that `grpcurl describe` prints the
// documentation, and scripts/apidoc renders them as docs/api.md.
//
// descriptor.binpb is written by `make generate` (buf build
// --as-file-descriptor-set --exclude-imports) and checked fresh by
// `make check-generated`: never edit it.
package apidesc

import (
	_ "embed"
	"errors"
	"fmt"
	"sync"

	// The generated code links every file ours import (buf/validate, the
	// well-known types) into protoregistry.GlobalFiles.
	_ "github.com/idcontrol/idcontrol/gen/idcontrol/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
)

//go:embed descriptor.binpb
var descriptorSet []byte

// Files returns a registry of our own proto files (idcontrol/v1/*.proto)
// with their source info. Their imports (buf/validate, well-known types)
// are the ones linked into the binary, without comments.
var Files = sync.OnceValues(func() (*protoregistry.Files, error) {
	var set descriptorpb.FileDescriptorSet
	if err := proto.Unmarshal(descriptorSet, &set); err != nil {
		return nil, fmt.Errorf("apidesc: descriptor.binpb: %w", err)
	}
	files := new(protoregistry.Files)
	// The set holds only our files, in dependency order (buf writes each
	// file after its imports); an import is found among those already
	// registered, else among the binary's.
	for _, fdp := range set.GetFile() {
		fd, err := protodesc.NewFile(fdp, Resolver{Local: files})
		if err != nil {
			return nil, fmt.Errorf("apidesc: %s: %w", fdp.GetName(), err)
		}
		if err := files.RegisterFile(fd); err != nil {
			return nil, fmt.Errorf("apidesc: %s: %w", fdp.GetName(), err)
		}
	}
	return files, nil
})

// Resolver finds a file or a descriptor in Local first, then in
// protoregistry.GlobalFiles: ours come with their comments, anything else
// (grpc.health.v1, the reflection service, buf/validate) as linked.
type Resolver struct {
	Local *protoregistry.Files
}

// FindFileByPath implements protodesc.Resolver.
func (r Resolver) FindFileByPath(path string) (protoreflect.FileDescriptor, error) {
	if fd, err := r.Local.FindFileByPath(path); err == nil || !errors.Is(err, protoregistry.NotFound) {
		return fd, err
	}
	return protoregistry.GlobalFiles.FindFileByPath(path)
}

// FindDescriptorByName implements protodesc.Resolver.
func (r Resolver) FindDescriptorByName(name protoreflect.FullName) (protoreflect.Descriptor, error) {
	if d, err := r.Local.FindDescriptorByName(name); err == nil || !errors.Is(err, protoregistry.NotFound) {
		return d, err
	}
	return protoregistry.GlobalFiles.FindDescriptorByName(name)
}
