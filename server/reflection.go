package server

import (
	"log/slog"

	"github.com/idcontrol/idcontrol/internal/apidesc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/reflection"
	v1reflectiongrpc "google.golang.org/grpc/reflection/grpc_reflection_v1"
	v1alphareflectiongrpc "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// registerReflection serves server reflection, v1 and v1alpha (grpcurl and
// older clients), from the descriptors that keep the protos' comments, so
// that `grpcurl describe` prints the documentation of every message, field
// and control. New has already checked that those descriptors load; should
// they not, reflection still answers with the linked descriptors, without
// comments, and says so in the log.
func registerReflection(g *grpc.Server, log *slog.Logger) {
	var resolver protodesc.Resolver = protoregistry.GlobalFiles
	if files, err := apidesc.Files(); err == nil {
		resolver = apidesc.Resolver{Local: files}
	} else if log != nil {
		log.Error("reflection serves descriptors without comments", "error", err.Error())
	}
	opts := reflection.ServerOptions{
		Services:           g,
		DescriptorResolver: resolver,
		ExtensionResolver:  protoregistry.GlobalTypes,
	}
	v1reflectiongrpc.RegisterServerReflectionServer(g, reflection.NewServerV1(opts))
	v1alphareflectiongrpc.RegisterServerReflectionServer(g, reflection.NewServer(opts))
}
