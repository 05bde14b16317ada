package signature

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/idcontrol/idcontrol/ledger"
)

// crashService builds the service the crash test's two processes share:
// same data directory, same keys, a file outbox.
func crashService(t *testing.T, dir, storeSpec string) (*Service, func()) {
	t.Helper()
	store, err := OpenStore(context.Background(), storeSpec, dir)
	if err != nil {
		t.Fatal(err)
	}
	led, err := ledger.OpenBolt(dir, ledger.WithSweepInterval(0))
	if err != nil {
		t.Fatal(err)
	}
	out, err := NewFileOutbox(dir)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := New(Config{Store: store, Ledger: led, Sender: out, Key: testKey, Evidence: testEvidenceKey(1)})
	if err != nil {
		t.Fatal(err)
	}
	return svc, func() { store.Close(); led.Close() }
}

// TestCrashHelper is the child process of TestKill9BetweenSendAndConfirm:
// it sends a code, says so, and waits to be killed.
func TestCrashHelper(t *testing.T) {
	dir := os.Getenv("IDCONTROL_SIGNATURE_CRASH_DIR")
	if dir == "" {
		t.Skip("child process of TestKill9BetweenSendAndConfirm")
	}
	spec := os.Getenv("IDCONTROL_SIGNATURE_CRASH_STORE")
	sg := Signer{INN: os.Getenv("IDCONTROL_SIGNATURE_CRASH_INN"), Phone: testSigner.Phone}
	svc, _ := crashService(t, dir, spec) // never closed: the process dies
	ctx := context.Background()
	must(svc.AcceptOffer(ctx, sg, signerA, t0))
	must(svc.UploadApplication(ctx, sg, signerA, appDoc, t0))
	must(svc.Review(ctx, sg, operatorA, true, "", t0))
	must(svc.SendCode(ctx, sg, signerA, "en", nil, t0))
	if err := os.WriteFile(filepath.Join(dir, "sent"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Minute)
}

// TestKill9BetweenSendAndConfirm kills the process that sent a code with
// SIGKILL, then confirms from a new one: the code verifies once, never
// twice.
func TestKill9BetweenSendAndConfirm(t *testing.T) {
	t.Parallel()
	run := func(t *testing.T, spec string, sg Signer) {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), "IDCONTROL_SIGNATURE_CRASH_DIR="+dir, "IDCONTROL_SIGNATURE_CRASH_STORE="+spec,
			"IDCONTROL_SIGNATURE_CRASH_INN="+sg.INN)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			if _, err := os.Stat(filepath.Join(dir, "sent")); err == nil {
				break
			}
			if time.Now().After(deadline) {
				_ = cmd.Process.Kill()
				t.Fatal("the child never sent its code")
			}
			time.Sleep(20 * time.Millisecond)
		}
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()

		code := outboxCode(t, dir)
		svc, done := crashService(t, dir, spec)
		defer done()
		ctx := context.Background()
		c := must(svc.ConfirmCode(ctx, sg, signerA, code, time.Time{}, t0.Add(time.Minute)))
		if c.Outcome != OutcomeConfirmed {
			t.Fatalf("after kill -9: %+v", c)
		}
		c = must(svc.ConfirmCode(ctx, sg, signerA, code, time.Time{}, t0.Add(2*time.Minute)))
		if c.Outcome != OutcomeAlreadyUsed || c.Evidence != nil {
			t.Fatalf("second confirmation: %+v", c)
		}
	}
	t.Run("bbolt", func(t *testing.T) { t.Parallel(); run(t, "bbolt", testSigner) })
	t.Run("postgres", func(t *testing.T) { t.Parallel(); run(t, postgresURL(t), freshSigner()) })
}

func outboxCode(t *testing.T, dir string) string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, OutboxFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var last Message
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if err := json.Unmarshal(sc.Bytes(), &last); err != nil {
			t.Fatal(err)
		}
	}
	code := digits.FindString(last.Text)
	if code == "" || !strings.HasPrefix(last.MessageID, "cod_") {
		t.Fatalf("outbox holds no code: %+v", last)
	}
	return code
}
