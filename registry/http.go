package registry

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/time/rate"
)

// Defaults of the HTTP layer.
const (
	DefaultTimeout = 3 * time.Second
	// maxAttempts bounds the calls for one lookup: the first and two retries.
	maxAttempts = 3
	// baseBackoff is the first retry's wait after a 5xx or a transport
	// error; it doubles, with jitter.
	baseBackoff = 100 * time.Millisecond
	// maxRetryAfter caps what a Retry-After may make us wait.
	maxRetryAfter = 10 * time.Second
	// maxBody bounds a response body: a company with thousands of
	// establishments is still far below.
	maxBody   = 4 << 20
	userAgent = "idcontrol-registry/1 (+https://github.com/idcontrol/idcontrol)"
)

// fetcher does GET requests for one source: a timeout per attempt within
// the caller's deadline, retries on 429 (after Retry-After) and on 5xx or
// transport errors (backoff), while the deadline allows.
type fetcher struct {
	source  string
	client  *http.Client
	timeout time.Duration
	header  http.Header
	// limiter keeps us under the source's published rate, so that we wait
	// here (within the deadline) rather than earn 429s; nil for none.
	limiter *rate.Limiter
	// wait sleeps d unless ctx ends first; tests make it instant.
	wait func(ctx context.Context, d time.Duration) error
}

func newFetcher(source string, client *http.Client, timeout time.Duration, header http.Header, limiter *rate.Limiter) *fetcher {
	if client == nil {
		client = http.DefaultClient
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	h := header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Accept", "application/json")
	h.Set("User-Agent", userAgent)
	return &fetcher{source: source, client: client, timeout: timeout, header: h, limiter: limiter, wait: sleepCtx}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// get returns the status and body of the first answer that is not 429 or
// 5xx; statuses the caller understands (200, 404, 403…) are its to read.
func (f *fetcher) get(ctx context.Context, url string) (int, []byte, error) {
	var last error
	for attempt := 0; attempt < maxAttempts; attempt++ {
		if f.limiter != nil {
			// Wait fails at once when the wait would pass the deadline.
			if err := f.limiter.Wait(ctx); err != nil {
				return 0, nil, &UpstreamError{Source: f.source, Reason: "the source's rate limit leaves no time before the deadline", Err: err}
			}
		}
		status, body, retryAfter, err := f.once(ctx, url)
		if err == nil && status != http.StatusTooManyRequests && status < 500 {
			return status, body, nil
		}
		if ctx.Err() != nil {
			return 0, nil, &UpstreamError{Source: f.source, Reason: "the caller's deadline passed", Err: ctx.Err()}
		}
		if err != nil {
			last = err
		} else {
			last = &UpstreamError{Source: f.source, Status: status, Reason: "the registry refused the call"}
		}
		if attempt == maxAttempts-1 {
			break
		}
		d := backoff(attempt)
		if status == http.StatusTooManyRequests && retryAfter > 0 {
			d = retryAfter
		}
		// Waiting past the deadline would only fail later: fail now.
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
			break
		}
		if err := f.wait(ctx, d); err != nil {
			return 0, nil, &UpstreamError{Source: f.source, Reason: "the caller's deadline passed", Err: err}
		}
	}
	return 0, nil, last
}

// once makes one call under the per-call timeout.
func (f *fetcher) once(ctx context.Context, url string) (status int, body []byte, retryAfter time.Duration, err error) {
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, 0, &UpstreamError{Source: f.source, Reason: "bad base URL", Err: err}
	}
	req.Header = f.header.Clone()
	resp, err := f.client.Do(req)
	if err != nil {
		reason := "the registry did not answer"
		if errors.Is(err, context.DeadlineExceeded) {
			reason = "the registry did not answer in time"
		}
		// The URL holds the number looked up: keep it out of the error.
		var ue interface{ Unwrap() error }
		if errors.As(err, &ue) {
			err = ue.Unwrap()
		}
		return 0, nil, 0, &UpstreamError{Source: f.source, Reason: reason, Err: err}
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return resp.StatusCode, nil, 0, &UpstreamError{Source: f.source, Status: resp.StatusCode, Reason: "the answer was cut", Err: err}
	}
	if len(body) > maxBody {
		return resp.StatusCode, nil, 0, &UpstreamError{Source: f.source, Status: resp.StatusCode, Reason: "the answer is too large"}
	}
	return resp.StatusCode, body, parseRetryAfter(resp.Header.Get("Retry-After")), nil
}

// backoff is the wait before retry attempt+1: 100 ms doubling, with up to
// 50 % jitter so that callers do not retry in step.
func backoff(attempt int) time.Duration {
	d := baseBackoff << attempt
	return d + time.Duration(rand.Int64N(int64(d/2)+1))
}

// parseRetryAfter reads Retry-After as seconds or an HTTP date (RFC 9110
// §10.2.3), capped at maxRetryAfter; 0 when absent or unreadable.
func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	var d time.Duration
	if s, err := strconv.Atoi(v); err == nil {
		d = time.Duration(s) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = time.Until(t)
	}
	return min(max(d, 0), maxRetryAfter)
}
