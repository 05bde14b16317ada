package ledger_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/idcontrol/idcontrol/ledger"
)

// Three attempts per key: the fourth call is refused and records nothing.
func Example_threeAttempts() {
	dir, err := os.MkdirTemp("", "ledger-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	ctx := context.Background()
	l, err := ledger.Open(ctx, "bbolt", dir) // or "redis://127.0.0.1:6379/0"
	if err != nil {
		log.Fatal(err)
	}
	defer l.Close()

	for range 4 {
		used, granted, err := l.Consume(ctx, "dossier-42", 3, ledger.DefaultTTL)
		if err != nil {
			log.Fatal(err) // the server answers UNAVAILABLE
		}
		if !granted {
			fmt.Println("SIMILARITY_ATTEMPTS_EXHAUSTED, used", used)
			continue
		}
		fmt.Println("scored, attempt", used)
	}
	// Output:
	// scored, attempt 1
	// scored, attempt 2
	// scored, attempt 3
	// SIMILARITY_ATTEMPTS_EXHAUSTED, used 3
}
