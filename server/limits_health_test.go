package server

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc/tap"
)

// TestHealthTakesSharedSlotsFirst: 50 health checks being received at once
// are all let in while shared slots are free (8 of their own refused 42 of
// them under make load), and the reserve still answers probes when every
// shared slot is held — but no more than the reserve.
func TestHealthTakesSharedSlotsFirst(t *testing.T) {
	t.Parallel()
	healthCall := &tap.Info{FullMethodName: healthPrefix + "Check"}
	otherCall := &tap.Info{FullMethodName: "/idcontrol.v1.ControlService/CheckIdentityDocument"}

	g := newReceiveGuard(time.Minute, 256)
	for i := range 50 {
		if _, err := g.tap(context.Background(), healthCall); err != nil {
			t.Fatalf("health check %d of 50 being received: %v", i+1, err)
		}
	}

	g = newReceiveGuard(time.Minute, 4)
	for i := range 4 {
		if _, err := g.tap(context.Background(), otherCall); err != nil {
			t.Fatalf("call %d of 4 shared slots: %v", i+1, err)
		}
	}
	if _, err := g.tap(context.Background(), otherCall); err == nil {
		t.Fatal("a fifth call got in with 4 shared slots")
	}
	for i := range healthSlots {
		if _, err := g.tap(context.Background(), healthCall); err != nil {
			t.Fatalf("health probe %d with every shared slot held: %v", i+1, err)
		}
	}
	if _, err := g.tap(context.Background(), healthCall); err == nil {
		t.Fatal("a health probe got in beyond the reserve")
	}
}
