// Package server is the transport of idcontrol: it builds the gRPC server
// (interceptor chain, health, reflection), decodes and validates requests,
// calls the pure control functions of checks/ and the libraries, and maps
// their outcome to gRPC statuses. Nothing below this package imports gRPC.
package server
