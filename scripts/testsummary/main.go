// Command testsummary reads `go test -json` on stdin and prints what plain
// `go test` prints (each package's closing line, the output of failed tests
// and build errors), then one line saying which tests were skipped and why,
// so that a skipped suite (Redis…) is never mistaken for a passed one. It
// exits 1 when a test or a build failed, or when the input held no result.
//
//	go test -json ./... | go run ./scripts/testsummary
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

type event struct {
	Action      string
	Package     string
	Test        string
	Output      string
	ImportPath  string
	FailedBuild string
}

type key struct{ pkg, test string }

type summary struct {
	out     io.Writer
	logs    map[key][]string // a running test's output, kept until it ends
	skipped map[string][]string
	failed  bool
	results int
}

func main() {
	s := &summary{out: os.Stdout, logs: map[key][]string{}, skipped: map[string][]string{}}
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		s.line(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(1)
	}
	fmt.Fprintln(s.out, s.skipLine())
	if s.failed || s.results == 0 {
		os.Exit(1)
	}
}

func (s *summary) line(raw []byte) {
	var e event
	if json.Unmarshal(raw, &e) != nil || e.Action == "" {
		fmt.Fprintln(s.out, string(raw)) // not an event: go test printed it
		return
	}
	k := key{e.Package, e.Test}
	switch e.Action {
	case "build-output":
		fmt.Fprint(s.out, e.Output)
	case "build-fail":
		s.failed = true
	case "output":
		if e.Test == "" {
			// Package-level: the closing "ok"/"FAIL" lines and anything a
			// TestMain printed; the verbose PASS/FAIL markers are dropped.
			if t := strings.TrimSpace(e.Output); t != "PASS" && t != "FAIL" && !strings.HasPrefix(t, "=== ") {
				fmt.Fprint(s.out, e.Output)
			}
			return
		}
		s.logs[k] = append(s.logs[k], e.Output)
	case "fail":
		if e.Test == "" {
			s.results++
			s.failed = true
			return
		}
		for _, l := range s.logs[k] {
			if !strings.HasPrefix(strings.TrimSpace(l), "=== ") {
				fmt.Fprint(s.out, l)
			}
		}
		delete(s.logs, k)
	case "skip":
		if e.Test == "" {
			s.results++ // a package without tests
			return
		}
		r := reason(s.logs[k])
		s.skipped[r] = append(s.skipped[r], short(e.Package)+"."+e.Test)
		delete(s.logs, k)
	case "pass":
		if e.Test == "" {
			s.results++
		}
		delete(s.logs, k)
	}
}

// reason is the first clause of the message a test gave t.Skip.
func reason(lines []string) string {
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- ") {
			continue
		}
		// "file_test.go:12: message"
		if i := strings.Index(t, ".go:"); i >= 0 {
			if j := strings.Index(t[i+4:], ": "); j >= 0 {
				t = t[i+4+j+2:]
			}
		}
		if i := strings.IndexAny(t, ":;("); i > 0 {
			t = t[:i]
		}
		return strings.TrimSpace(t)
	}
	return "no reason given"
}

func short(pkg string) string {
	const module = "github.com/idcontrol/idcontrol/"
	return strings.TrimPrefix(pkg, module)
}

func (s *summary) skipLine() string {
	if len(s.skipped) == 0 {
		return "skipped: none"
	}
	reasons := make([]string, 0, len(s.skipped))
	n := 0
	for r, tests := range s.skipped {
		sort.Strings(tests)
		n += len(tests)
		reasons = append(reasons, fmt.Sprintf("%s (%s)", r, strings.Join(tests, ", ")))
	}
	sort.Strings(reasons)
	return fmt.Sprintf("skipped: %d tests: %s", n, strings.Join(reasons, "; "))
}
