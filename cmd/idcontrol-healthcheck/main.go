// Command idcontrol-healthcheck asks a gRPC health service (grpc.health.v1)
// whether the server is SERVING and exits 0 if so, 1 otherwise: the
// container's HEALTHCHECK, where a distroless image has no shell or grpcurl.
// It speaks plaintext, to the server's --health-listen address.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8086", "address of the plaintext health service (--health-listen)")
	service := flag.String("service", "", "service to check; empty for the server as a whole")
	timeout := flag.Duration("timeout", 3*time.Second, "give up after")
	flag.Parse()
	if err := check(*addr, *service, *timeout); err != nil {
		fmt.Fprintln(os.Stderr, "idcontrol-healthcheck:", err)
		os.Exit(1)
	}
}

func check(addr, service string, timeout time.Duration) error {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	resp, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{Service: service})
	if err != nil {
		return err
	}
	if resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		return fmt.Errorf("status %v", resp.GetStatus())
	}
	return nil
}
