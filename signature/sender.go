package signature

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Message is one SMS to deliver. Webhook posts it as this JSON:
//
//	{"messageId":"cod_…","to":"+79123456789","text":"…","language":"ru","sentAt":"2026-11-22T12:00:00Z"}
//
// messageId is unique per code: a gateway uses it to drop the duplicates
// that retries may cause.
type Message struct {
	MessageID string    `json:"messageId"`
	To        string    `json:"to"`
	Text      string    `json:"text"`
	Language  string    `json:"language"`
	SentAt    time.Time `json:"sentAt"`
}

// Sender delivers a message, or says why it could not. Errors never repeat
// the number or the text.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// WebhookConfig configures Webhook.
type WebhookConfig struct {
	// URL receives a POST of each message as JSON.
	URL string
	// AuthHeader is sent with every request, written "Name: value" (e.g.
	// "Authorization: Bearer …"); empty sends none.
	AuthHeader string
	// Timeout bounds each attempt (default 5 s).
	Timeout time.Duration
	// Retries is the number of further attempts after a network error, a
	// 429 or a 5xx (default 0); a 4xx is final.
	Retries int
	// Backoff is the wait before the first retry, doubled each time
	// (default 200 ms).
	Backoff time.Duration
	// Client is the HTTP client (default http.Client with Timeout).
	Client *http.Client
}

// Webhook posts messages to the operator's SMS gateway.
type Webhook struct {
	cfg         WebhookConfig
	name, value string
}

// NewWebhook checks cfg and returns the sender.
func NewWebhook(cfg WebhookConfig) (*Webhook, error) {
	if !strings.HasPrefix(cfg.URL, "https://") && !strings.HasPrefix(cfg.URL, "http://") {
		return nil, errors.New("signature: the SMS webhook URL must be http:// or https://")
	}
	w := &Webhook{cfg: cfg}
	if cfg.AuthHeader != "" {
		name, value, ok := strings.Cut(cfg.AuthHeader, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, errors.New(`signature: the SMS webhook auth header must read "Name: value"`)
		}
		w.name, w.value = strings.TrimSpace(name), strings.TrimSpace(value)
	}
	if w.cfg.Timeout <= 0 {
		w.cfg.Timeout = 5 * time.Second
	}
	if w.cfg.Backoff <= 0 {
		w.cfg.Backoff = 200 * time.Millisecond
	}
	if w.cfg.Retries < 0 || w.cfg.Retries > 10 {
		return nil, errors.New("signature: SMS webhook retries must be between 0 and 10")
	}
	if w.cfg.Client == nil {
		w.cfg.Client = &http.Client{}
	}
	return w, nil
}

// Send implements Sender.
func (w *Webhook) Send(ctx context.Context, m Message) error {
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	wait := w.cfg.Backoff
	var last error
	for attempt := 0; attempt <= w.cfg.Retries; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return fmt.Errorf("%w: SMS webhook: %w (after %v)", ErrUnavailable, ctx.Err(), last)
			case <-time.After(wait):
			}
			wait *= 2
		}
		retry, err := w.post(ctx, body)
		if err == nil {
			return nil
		}
		last = err
		if !retry {
			break
		}
	}
	return fmt.Errorf("%w: SMS webhook: %w", ErrUnavailable, last)
}

func (w *Webhook) post(ctx context.Context, body []byte) (retry bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, w.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return false, errors.New("bad request")
	}
	req.Header.Set("Content-Type", "application/json")
	if w.name != "" {
		req.Header.Set(w.name, w.value)
	}
	resp, err := w.cfg.Client.Do(req)
	if err != nil {
		// url.Error repeats the URL, which may hold a token: keep the cause.
		var cause error = errors.New("request failed")
		if ctx.Err() != nil {
			cause = errors.New("timeout")
		}
		return true, cause
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return false, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return true, fmt.Errorf("status %d", resp.StatusCode)
	default:
		return false, fmt.Errorf("status %d", resp.StatusCode)
	}
}

// OutboxFile is the development outbox inside the data directory.
const OutboxFile = "sms-outbox.jsonl"

// FileOutbox appends each message as one JSON line to a file instead of
// sending it. It holds codes in clear: for development only — the server
// says so loudly at start.
type FileOutbox struct {
	mu   sync.Mutex
	path string
}

// NewFileOutbox writes to OutboxFile in dir (mode 0600).
func NewFileOutbox(dir string) (*FileOutbox, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("signature: outbox directory: %w", err)
	}
	return &FileOutbox{path: filepath.Join(dir, OutboxFile)}, nil
}

// Path is the outbox file.
func (o *FileOutbox) Path() string { return o.path }

// Send implements Sender.
func (o *FileOutbox) Send(_ context.Context, m Message) error {
	line, err := json.Marshal(m)
	if err != nil {
		return err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	f, err := os.OpenFile(o.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("%w: outbox: %w", ErrUnavailable, err)
	}
	_, werr := f.Write(append(line, '\n'))
	if err := f.Close(); werr == nil {
		werr = err
	}
	if werr != nil {
		return fmt.Errorf("%w: outbox: %w", ErrUnavailable, werr)
	}
	return nil
}
