// Command loadreport summarises ghz JSON reports given as name=file
// arguments: RPS, p50 and p99 per call name (summed over rounds), and the
// RPS ratio of the second name to the first.
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
	fmt.Printf("%-10s %10s %12s %12s %8s\n", "call", "RPS", "p50", "p99", "errors")
	for _, name := range order {
		a := byName[name]
		fmt.Printf("%-10s %10.0f %12s %12s %8d\n", name, mean(a.rps), meanDur(a.p50), meanDur(a.p99), a.errors)
	}
	if len(order) >= 2 {
		base, other := byName[order[0]], byName[order[1]]
		fmt.Printf("RPS ratio %s/%s: %.3f\n", order[1], order[0], mean(other.rps)/mean(base.rps))
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
