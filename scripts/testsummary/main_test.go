package main

import (
	"bytes"
	"strings"
	"testing"
)

// events as `go test -json` writes them for one package with a passing, a
// failing and a skipped test.
const events = `{"Action":"start","Package":"github.com/idcontrol/idcontrol/ledger"}
{"Action":"run","Package":"github.com/idcontrol/idcontrol/ledger","Test":"TestOK"}
{"Action":"output","Package":"github.com/idcontrol/idcontrol/ledger","Test":"TestOK","Output":"=== RUN   TestOK\n"}
{"Action":"output","Package":"github.com/idcontrol/idcontrol/ledger","Test":"TestOK","Output":"    a_test.go:3: quiet\n"}
{"Action":"pass","Package":"github.com/idcontrol/idcontrol/ledger","Test":"TestOK"}
{"Action":"output","Package":"github.com/idcontrol/idcontrol/ledger","Test":"TestBad","Output":"    a_test.go:6: boom\n"}
{"Action":"output","Package":"github.com/idcontrol/idcontrol/ledger","Test":"TestBad","Output":"--- FAIL: TestBad (0.00s)\n"}
{"Action":"fail","Package":"github.com/idcontrol/idcontrol/ledger","Test":"TestBad"}
{"Action":"output","Package":"github.com/idcontrol/idcontrol/ledger","Test":"TestRedis","Output":"    redis_test.go:27: no Redis: to run the Redis tests, set IDCONTROL_TEST_REDIS_URL\n"}
{"Action":"output","Package":"github.com/idcontrol/idcontrol/ledger","Test":"TestRedis","Output":"--- SKIP: TestRedis (0.00s)\n"}
{"Action":"skip","Package":"github.com/idcontrol/idcontrol/ledger","Test":"TestRedis"}
{"Action":"output","Package":"github.com/idcontrol/idcontrol/ledger","Output":"FAIL\n"}
{"Action":"output","Package":"github.com/idcontrol/idcontrol/ledger","Output":"FAIL\tgithub.com/idcontrol/idcontrol/ledger\t0.01s\n"}
{"Action":"fail","Package":"github.com/idcontrol/idcontrol/ledger"}`

func TestSummary(t *testing.T) {
	var out bytes.Buffer
	s := &summary{out: &out, logs: map[key][]string{}, skipped: map[string][]string{}}
	for _, l := range strings.Split(events, "\n") {
		s.line([]byte(l))
	}
	got := out.String() + s.skipLine() + "\n"
	want := "    a_test.go:6: boom\n--- FAIL: TestBad (0.00s)\n" +
		"FAIL\tgithub.com/idcontrol/idcontrol/ledger\t0.01s\n" +
		"skipped: 1 tests: no Redis (ledger.TestRedis)\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if !s.failed || s.results != 1 {
		t.Errorf("failed %v, results %d; want true, 1", s.failed, s.results)
	}
}

func TestNoSkips(t *testing.T) {
	s := &summary{out: &bytes.Buffer{}, logs: map[key][]string{}, skipped: map[string][]string{}}
	if got := s.skipLine(); got != "skipped: none" {
		t.Errorf("got %q", got)
	}
}
