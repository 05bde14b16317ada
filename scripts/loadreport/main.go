// Command loadreport summarises ghz JSON reports given as name=file
// arguments: RPS, p50 and p99 per call name (averaged over rounds), the
// RPS ratio of the second name to the first, and, when file.cpu holds the
// server's CPU clock ticks during that run (LOAD_CLK_TCK ticks a second),
// the server's CPU time per call.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"
)

type report struct {
	Count               int64   `json:"count"`
	Total               int64   `json:"total"`
	Rps                 float64 `json:"rps"`
	ErrorDist           map[string]int
	LatencyDistribution []struct {
		Percentage int   `json:"percentage"`
		Latency    int64 `json:"latency"`
	} `json:"latencyDistribution"`
	StatusCodeDistribution map[string]int `json:"statusCodeDistribution"`
}

type agg struct {
	rps      []float64
	p50, p99 []time.Duration
	errors   int
	cpu      time.Duration // server CPU over all rounds
	calls    int64
}

func main() {
	var order []string
	byName := map[string]*agg{}
	for _, arg := range os.Args[1:] {
		name, file, ok := strings.Cut(arg, "=")
		if !ok {
			fail("argument %q is not name=file", arg)
		}
		raw, err := os.ReadFile(file)
		if err != nil {
			fail("%v", err)
		}
		var r report
		if err := json.Unmarshal(raw, &r); err != nil {
			fail("%s: %v", file, err)
		}
		a, seen := byName[name]
		if !seen {
			a = &agg{}
			byName[name] = a
			order = append(order, name)
		}
		a.rps = append(a.rps, r.Rps)
		if ticks, err := os.ReadFile(file + ".cpu"); err == nil {
			var n int64
			if _, err := fmt.Sscan(string(ticks), &n); err == nil && clkTck() > 0 {
				a.cpu += time.Duration(n) * time.Second / time.Duration(clkTck())
				a.calls += r.Count
			}
		}
		for _, l := range r.LatencyDistribution {
			switch l.Percentage {
			case 50:
				a.p50 = append(a.p50, time.Duration(l.Latency))
			case 99:
				a.p99 = append(a.p99, time.Duration(l.Latency))
			}
		}
		for code, n := range r.StatusCodeDistribution {
			if code != "OK" {
				a.errors += n
			}
		}
	}
	fmt.Printf("%-10s %10s %12s %12s %8s %16s\n", "call", "RPS", "p50", "p99", "errors", "server CPU/call")
	for _, name := range order {
		a := byName[name]
		fmt.Printf("%-10s %10.0f %12s %12s %8d %16s\n", name, mean(a.rps), meanDur(a.p50), meanDur(a.p99), a.errors, a.cpuPerCall())
	}
	if len(order) >= 2 {
		base, other := byName[order[0]], byName[order[1]]
		fmt.Printf("RPS ratio %s/%s: %.3f\n", order[1], order[0], mean(other.rps)/mean(base.rps))
		if base.calls > 0 && other.calls > 0 {
			fmt.Printf("server CPU per call, %s/%s: %.3f\n", order[1], order[0], float64(other.cpuPerCall())/float64(base.cpuPerCall()))
		}
	}
	for _, a := range byName {
		if a.errors > 0 {
			fail("some calls failed")
		}
	}
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(max(len(xs), 1))
}

func meanDur(xs []time.Duration) time.Duration {
	var s time.Duration
	for _, x := range xs {
		s += x
	}
	return (s / time.Duration(max(len(xs), 1))).Round(time.Microsecond)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "loadreport: "+format+"\n", args...)
	os.Exit(1)
}

// cpuPerCall is the server's CPU time per call, 0 when not measured.
func (a *agg) cpuPerCall() time.Duration {
	if a.calls == 0 {
		return 0
	}
	return (a.cpu / time.Duration(a.calls)).Round(100 * time.Nanosecond)
}

func clkTck() int64 {
	var n int64
	_, _ = fmt.Sscan(os.Getenv("LOAD_CLK_TCK"), &n)
	return n
}
