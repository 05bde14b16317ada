package signature

import (
	"context"
	"crypto/ed25519"
	"os"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/idcontrol/idcontrol/ledger"
)

// t0 is the tests' clock origin: nothing here reads the real clock.
var t0 = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

var (
	testSigner = Signer{INN: "7707083893", Phone: "+79123456789"}
	testKey    = []byte("0123456789abcdef0123456789abcdef-test-key")
	signerA    = Actor{Kind: ActorSigner, ID: "portal-user-1"}
	operatorA  = Actor{Kind: ActorOperator, ID: "manager-7"}
	appDoc     = Document{Name: "application.pdf", SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}
)

// outbox records messages instead of sending them.
type outbox struct {
	mu   sync.Mutex
	msgs []Message
	fail error
}

func (o *outbox) Send(_ context.Context, m Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.fail != nil {
		return o.fail
	}
	o.msgs = append(o.msgs, m)
	return nil
}

var digits = regexp.MustCompile(`[0-9]{6}`)

// lastCode reads the code of the last message, as the person would.
func (o *outbox) lastCode(t *testing.T) string {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.msgs) == 0 {
		t.Fatal("no message was sent")
	}
	c := digits.FindString(o.msgs[len(o.msgs)-1].Text)
	if c == "" {
		t.Fatalf("no code in the message")
	}
	return c
}

func testEvidenceKey(seed byte) *EvidenceKey {
	var s [ed25519.SeedSize]byte
	for i := range s {
		s[i] = seed
	}
	return NewEvidenceKey(ed25519.NewKeyFromSeed(s[:]))
}

type fixture struct {
	svc    *Service
	store  Store
	ledger ledger.Ledger
	out    *outbox
}

// newFixture builds a service over store with a bbolt ledger of its own
// (or led when given), a recording sender and a seeded random source.
func newFixture(t *testing.T, store Store, led ledger.Ledger) *fixture {
	t.Helper()
	if led == nil {
		b, err := ledger.OpenBolt(t.TempDir(), ledger.WithSweepInterval(0))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		led = b
	}
	out := &outbox{}
	svc, err := New(Config{Store: store, Ledger: led, Sender: out, Key: testKey, Evidence: testEvidenceKey(1)})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{svc: svc, store: store, ledger: led, out: out}
}

func boltStore(t *testing.T) Store {
	t.Helper()
	s, err := OpenBolt(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// postgresURL returns the test database or skips.
func postgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("IDCONTROL_TEST_POSTGRES_URL")
	if u == "" {
		t.Skip("IDCONTROL_TEST_POSTGRES_URL is unset: start PostgreSQL and set it, e.g. " +
			"IDCONTROL_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/idtest?sslmode=disable (.ci/run does)")
	}
	return u
}

func postgresStore(t *testing.T) Store {
	t.Helper()
	s, err := OpenPostgres(context.Background(), postgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// uniqueSigner gives each PostgreSQL test its own agreement (the database
// outlives the test): an INN with valid check digits, derived from n.
func uniqueSigner(n uint64) Signer {
	d := make([]byte, 10)
	for i := 8; i >= 0; i-- {
		d[i] = byte('0' + n%10)
		n /= 10
	}
	d[0] = '7'
	w := []int{2, 4, 10, 3, 5, 9, 4, 6, 8}
	s := 0
	for i, x := range w {
		s += int(d[i]-'0') * x
	}
	d[9] = byte('0' + s%11%10)
	return Signer{INN: string(d), Phone: testSigner.Phone}
}
