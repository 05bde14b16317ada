// Package server is the transport of idcontrol: it builds the gRPC server
// (interceptor chain, health, reflection), decodes and validates requests,
// calls the pure control functions of checks/ (never a library directly),
// and maps their outcome to gRPC statuses. It also bounds what a client can
// make it hold (limits.go) and reports the attempt ledger's health
// (ledgerwatch.go). Nothing below this package imports gRPC.
package server
