package main

import (
	"bytes"
	"os"
	"testing"
)

// TestFresh: server/outcomes_gen.go is what the generator writes from the
// registered gen/ package (make check-generated also checks gen/ against
// proto/).
func TestFresh(t *testing.T) {
	want, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../server/outcomes_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("server/outcomes_gen.go is stale: run 'make generate'")
	}
}
