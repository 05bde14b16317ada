package ledger

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// fakeClock is a settable clock for the bbolt ledger.
type fakeClock struct{ ns atomic.Int64 }

func newFakeClock() *fakeClock {
	c := &fakeClock{}
	c.ns.Store(time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC).UnixNano())
	return c
}
func (c *fakeClock) Now() time.Time                        { return time.Unix(0, c.ns.Load()) }
func (c *fakeClock) Add(d time.Duration)                   { c.ns.Add(int64(d)) }
func (c *fakeClock) advance(_ *testing.T, d time.Duration) { c.Add(d) }

func openTestBolt(t testing.TB, dir string, opts ...Option) *Bolt {
	t.Helper()
	b, err := OpenBolt(dir, append([]Option{WithSweepInterval(0)}, opts...)...)
	if err != nil {
		t.Fatalf("OpenBolt: %v", err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return b
}

func TestBoltConformance(t *testing.T) {
	clock := newFakeClock()
	testConformance(t, harness{
		open: func(t *testing.T) Ledger {
			return openTestBolt(t, t.TempDir(), WithClock(clock.Now))
		},
		advance: clock.advance,
		ttl:     DefaultTTL,
	})
}

func TestBoltReopenKeepsCounts(t *testing.T) {
	dir := t.TempDir()
	clock := newFakeClock()
	b := openTestBolt(t, dir, WithClock(clock.Now))
	mustConsume(t, b, "k1", 3, time.Hour, 1, true)
	mustConsume(t, b, "k1", 3, time.Hour, 2, true)
	mustConsume(t, b, "k2", 3, time.Hour, 1, true)
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}

	b = openTestBolt(t, dir, WithClock(clock.Now))
	mustConsume(t, b, "k1", 3, time.Hour, 3, true)
	mustConsume(t, b, "k1", 3, time.Hour, 3, false)
	mustConsume(t, b, "k2", 3, time.Hour, 2, true)
	// The expiry survives too: 1 h after the first attempt k1 is fresh.
	clock.Add(time.Hour)
	mustConsume(t, b, "k1", 3, time.Hour, 1, true)
}

func TestBoltPermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "idcontrol")
	openTestBolt(t, dir)
	st, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode().Perm(); got != 0o700 {
		t.Errorf("data dir mode = %o; want 700", got)
	}
	st, err = os.Stat(filepath.Join(dir, BoltFile))
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode().Perm(); got&0o077 != 0 {
		t.Errorf("ledger file mode = %o; want no group/other access", got)
	}
}

func TestBoltKeysHashedAtRest(t *testing.T) {
	dir := t.TempDir()
	b := openTestBolt(t, dir)
	const key = "DUPONT Marie 1985-07-12 NIR 285077512345678"
	mustConsume(t, b, key, 3, time.Hour, 1, true)
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, BoltFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{key, "DUPONT", "285077512345678"} {
		if bytes.Contains(raw, []byte(part)) {
			t.Errorf("ledger file holds %q in clear", part)
		}
	}
	if !bytes.Contains(raw, []byte(hashKey(key))) {
		t.Errorf("ledger file lacks the hashed key")
	}
}

func TestBoltSweep(t *testing.T) {
	clock := newFakeClock()
	b := openTestBolt(t, t.TempDir(), WithClock(clock.Now))
	for i := range 25 {
		mustConsume(t, b, fmt.Sprint("old", i), 3, time.Hour, 1, true)
	}
	clock.Add(30 * time.Minute)
	mustConsume(t, b, "young", 3, time.Hour, 1, true)
	clock.Add(45 * time.Minute)
	n, err := b.Sweep(context.Background())
	if err != nil || n != 25 {
		t.Fatalf("Sweep = %d, %v; want 25, nil", n, err)
	}
	if used, _ := b.Peek(context.Background(), "young"); used != 1 {
		t.Fatalf("young key swept: Peek = %d", used)
	}
	if n, err := b.Sweep(context.Background()); err != nil || n != 0 {
		t.Fatalf("second Sweep = %d, %v; want 0", n, err)
	}
}

func TestBoltBackgroundSweepStopsOnClose(t *testing.T) {
	clock := newFakeClock()
	b, err := OpenBolt(t.TempDir(), WithClock(clock.Now), WithSweepInterval(5*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	mustConsume(t, b, "k", 3, time.Minute, 1, true)
	clock.Add(time.Hour)
	deadline := time.Now().Add(5 * time.Second)
	for {
		var n int
		if err := b.db.View(func(tx *bolt.Tx) error { n = tx.Bucket(bucketName).Stats().KeyN; return nil }); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("background sweep never purged the expired key")
		}
		time.Sleep(5 * time.Millisecond)
	}
	done := make(chan error)
	go func() { done <- b.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not stop the sweep")
	}
}

func TestBoltSecondOpenTimesOut(t *testing.T) {
	dir := t.TempDir()
	openTestBolt(t, dir)
	_, err := OpenBolt(dir, WithLockTimeout(100*time.Millisecond))
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("second OpenBolt = %v; want ErrUnavailable (file locked)", err)
	}
}

func TestOpenSpec(t *testing.T) {
	ctx := context.Background()
	for _, spec := range []string{"", "bbolt"} {
		l, err := Open(ctx, spec, t.TempDir())
		if err != nil {
			t.Fatalf("Open(%q): %v", spec, err)
		}
		if _, ok := l.(*Bolt); !ok {
			t.Fatalf("Open(%q) = %T; want *Bolt", spec, l)
		}
		_ = l.Close()
	}
	for _, spec := range []string{"bolt", "memory", "mysql://u:hunter2@h/db", "REDIS://x", "redis:/x"} {
		l, err := Open(ctx, spec, t.TempDir())
		if err == nil || l != nil {
			t.Fatalf("Open(%q) = %v, %v; want nil, error", spec, l, err)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Fatalf("error %q repeats the spec's password", err)
		}
	}
	// A failing open returns a nil interface, not a typed nil.
	if l, err := Open(ctx, "bbolt", ""); err == nil || l != nil {
		t.Fatalf("Open(bbolt, \"\") = %v, %v; want nil, error", l, err)
	}
}

// The crash test re-executes the test binary as a child that consumes
// attempts as fast as it can and reports each granted one on stdout after
// Consume returns; the parent kills it with SIGKILL mid-stream, reopens the
// file and finds every reported attempt.
const crashChildEnv = "IDCONTROL_LEDGER_CRASH_CHILD_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		crashChild(dir)
		return
	}
	os.Exit(m.Run())
}

const crashWorkers = 4

func crashChild(dir string) {
	b, err := OpenBolt(dir, WithSweepInterval(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(2)
	}
	var wg sync.WaitGroup
	for w := range crashWorkers {
		wg.Go(func() {
			key := fmt.Sprint("crash-", w)
			for {
				used, granted, err := b.Consume(context.Background(), key, 1<<30, time.Hour)
				if err != nil || !granted {
					fmt.Fprintln(os.Stderr, "child:", used, granted, err)
					os.Exit(2)
				}
				// One write per line: atomic on a pipe.
				if _, err := os.Stdout.WriteString(fmt.Sprintf("%d %d\n", w, used)); err != nil {
					os.Exit(3)
				}
			}
		})
	}
	wg.Wait()
}

func TestBoltKill9LosesNoGrantedAttempt(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	reported := make([]int, crashWorkers)
	lines := 0
	sc := bufio.NewScanner(out)
	killed := false
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 {
			t.Fatalf("child wrote %q", sc.Text())
		}
		w, _ := strconv.Atoi(f[0])
		used, _ := strconv.Atoi(f[1])
		if w < 0 || w >= crashWorkers || used != reported[w]+1 {
			t.Fatalf("child line %q out of sequence", sc.Text())
		}
		reported[w] = used
		lines++
		if lines == 300 && !killed {
			// Drain what the child printed before it died: those too were granted.
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
		}
	}
	err = cmd.Wait()
	if !killed {
		t.Fatalf("child exited before being killed: %v; stderr: %s", err, stderr.String())
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v; want killed by SIGKILL", err)
	}

	b := openTestBolt(t, dir)
	for w, rep := range reported {
		got, err := b.Peek(context.Background(), fmt.Sprint("crash-", w))
		if err != nil {
			t.Fatal(err)
		}
		// At most one more: committed but killed before it could print.
		if got < rep || got > rep+1 {
			t.Errorf("key %d: %d attempts on disk, child reported %d granted", w, got, rep)
		}
	}
	t.Logf("child killed after %d reported attempts; per key %v", lines, reported)
}
