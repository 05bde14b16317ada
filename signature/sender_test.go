package signature

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestWebhookPostsDocumentedJSON(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	got := make(chan map[string]any, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || r.Header.Get("Authorization") != "Bearer s3cret" {
			t.Errorf("request %s %v", r.Method, r.Header)
		}
		body, _ := io.ReadAll(r.Body)
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Errorf("body %s: %v", body, err)
		}
		got <- m
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable) // retried
			return
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	defer srv.Close()
	w, err := NewWebhook(WebhookConfig{URL: srv.URL, AuthHeader: "Authorization: Bearer s3cret", Retries: 2, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	msg := Message{MessageID: "cod_1", To: "+79123456789", Text: "Код: 123456", Language: "ru", SentAt: t0}
	if err := w.Send(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 {
		t.Fatalf("%d calls, want 2 (one retry after 503)", calls.Load())
	}
	m := <-got
	want := map[string]any{"messageId": "cod_1", "to": "+79123456789", "text": "Код: 123456", "language": "ru", "sentAt": "2026-11-22T12:00:00Z"}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	if len(m) != len(want) {
		t.Errorf("fields %v", m)
	}
}

func TestWebhookFailures(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		switch r.URL.Path {
		case "/bad":
			w.WriteHeader(http.StatusBadRequest)
		case "/slow":
			time.Sleep(200 * time.Millisecond)
		default:
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	send := func(path string, retries int) error {
		w, err := NewWebhook(WebhookConfig{URL: srv.URL + path + "?token=tok", Retries: retries, Backoff: time.Millisecond, Timeout: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		return w.Send(context.Background(), Message{To: "+79123456789", Text: "123456"})
	}
	calls.Store(0)
	if err := send("/bad", 3); !errors.Is(err, ErrUnavailable) || calls.Load() != 1 {
		t.Fatalf("a 400 is final: %v after %d calls", err, calls.Load())
	}
	calls.Store(0)
	err := send("/down", 2)
	if !errors.Is(err, ErrUnavailable) || calls.Load() != 3 {
		t.Fatalf("500s: %v after %d calls", err, calls.Load())
	}
	if err := send("/slow", 0); !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "timeout") {
		t.Fatalf("slow gateway: %v", err)
	}
	for _, e := range []error{err, send("/slow", 0)} {
		if s := e.Error(); strings.Contains(s, "tok") || strings.Contains(s, "79123456789") || strings.Contains(s, "123456") {
			t.Fatalf("the error repeats a secret or personal data: %s", s)
		}
	}
	if _, err := NewWebhook(WebhookConfig{URL: "ftp://x"}); err == nil {
		t.Fatal("ftp URL accepted")
	}
	if _, err := NewWebhook(WebhookConfig{URL: srv.URL, AuthHeader: "no colon"}); err == nil {
		t.Fatal("malformed header accepted")
	}
}

func TestFileOutbox(t *testing.T) {
	t.Parallel()
	o, err := NewFileOutbox(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := o.Send(context.Background(), Message{MessageID: "cod_" + string(rune('a'+i)), To: "+79123456789", Text: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(o.Path())
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(string(raw)), "\n"); len(lines) != 2 || !strings.Contains(lines[1], `"messageId":"cod_b"`) {
		t.Fatalf("outbox %q", raw)
	}
	if fi, _ := os.Stat(o.Path()); fi.Mode().Perm() != 0o600 {
		t.Fatalf("outbox mode %v", fi.Mode())
	}
}
