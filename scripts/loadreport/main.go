// Command loadreport summarises the ghz JSON reports of make load, given as
// name=file arguments (several rounds per name): RPS, p50 and p99 per call
// name (averaged over rounds), the server's resident memory (file.mem: the
// VmRSS/VmHWM lines of /proc/PID/status after the run) and, when file.cpu
// holds the server's CPU clock ticks during that run (LOAD_CLK_TCK ticks a
// second), the server's CPU time per call, and when file.client holds the
// client's (ghz's) CPU seconds, the client's. Each name is set against the
// first (Health/Check, the floor), with issue 14's targets for the names
// given to -targets. With -sigterm, it
// also counts the calls of that report in flight at the SIGTERM
// (file.at, Unix nanoseconds) that failed — there must be none.
//
// With -base PREFIX (make load-ab), a name that starts with PREFIX is the
// same call to another build of the server, run in the same rounds: after
// the table, each call's CPU per call is set against its base's, round by
// round, since on a noisy machine only figures measured side by side
// compare.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// Issue 14's targets, against Health/Check in the same run.
const (
	minRPSRatio    = 0.85
	maxP99Ratio    = 2.0
	maxCPURatio    = 1.5
	maxResidentMiB = 150
)

type report struct {
	Count               int64   `json:"count"`
	Rps                 float64 `json:"rps"`
	LatencyDistribution []struct {
		Percentage int   `json:"percentage"`
		Latency    int64 `json:"latency"`
	} `json:"latencyDistribution"`
	StatusCodeDistribution map[string]int `json:"statusCodeDistribution"`
	ErrorDistribution      map[string]int `json:"errorDistribution"`
	Details                []detail       `json:"details"`
}

// detail is one call; ghz's timestamp is when the call ended.
type detail struct {
	Timestamp time.Time     `json:"timestamp"`
	Latency   time.Duration `json:"latency"`
	Error     string        `json:"error"`
	Status    string        `json:"status"`
}

type agg struct {
	rps          []float64
	p50, p99     []time.Duration
	errors       int
	reasons      map[string]int  // error → count, over the rounds
	cpu          time.Duration   // server CPU over all rounds
	roundCPU     []time.Duration // server CPU per call, round by round
	calls        int64
	client       time.Duration // ghz's CPU over the rounds that measured it
	clientCalls  int64
	rssKB, hwmKB int64 // largest over the rounds
}

func main() {
	sigterm := flag.String("sigterm", "", "ghz report of the run interrupted by SIGTERM (its .at file holds the time)")
	sigtermExit := flag.Int("sigterm-exit", 0, "the server's exit status after the SIGTERM")
	targets := flag.String("targets", "CheckIdentityDocument", "comma-separated names the targets apply to; the others are set against the floor without a verdict")
	basePrefix := flag.String("base", "", "names starting with this are another build's figures for the same call (make load-ab)")
	flag.Parse()

	var order []string
	byName := map[string]*agg{}
	for _, arg := range flag.Args() {
		name, file, ok := strings.Cut(arg, "=")
		if !ok {
			fail("argument %q is not name=file", arg)
		}
		r := read(file)
		a, seen := byName[name]
		if !seen {
			a = &agg{reasons: map[string]int{}}
			byName[name] = a
			order = append(order, name)
		}
		a.rps = append(a.rps, r.Rps)
		if ticks, err := os.ReadFile(file + ".cpu"); err == nil {
			var n int64
			if _, err := fmt.Sscan(string(ticks), &n); err == nil && clkTck() > 0 {
				cpu := time.Duration(n) * time.Second / time.Duration(clkTck())
				a.cpu += cpu
				a.calls += r.Count
				if r.Count > 0 {
					a.roundCPU = append(a.roundCPU, cpu/time.Duration(r.Count))
				}
			}
		}
		if secs, err := os.ReadFile(file + ".client"); err == nil {
			var f float64
			if _, err := fmt.Sscan(string(secs), &f); err == nil && f > 0 {
				a.client += time.Duration(f * float64(time.Second))
				a.clientCalls += r.Count
			}
		}
		if mem, err := os.ReadFile(file + ".mem"); err == nil {
			f := strings.Fields(string(mem))
			for i := 0; i+1 < len(f); i += 2 {
				var kb int64
				fmt.Sscan(f[i+1], &kb)
				switch f[i] {
				case "VmRSS:":
					a.rssKB = max(a.rssKB, kb)
				case "VmHWM:":
					a.hwmKB = max(a.hwmKB, kb)
				}
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
		for reason, n := range r.ErrorDistribution {
			a.reasons[reason] += n
		}
	}
	failed := false
	fmt.Printf("%-26s %8s %10s %10s %7s %9s %9s %10s %11s\n", "call", "RPS", "p50", "p99", "errors", "RSS MiB", "peak MiB", "CPU/call", "client/call")
	for _, name := range order {
		a := byName[name]
		fmt.Printf("%-26s %8.0f %10s %10s %7d %9.1f %9.1f %10s %11s\n", name, mean(a.rps), meanDur(a.p50), meanDur(a.p99),
			a.errors, float64(a.rssKB)/1024, float64(a.hwmKB)/1024, a.cpuPerCall(), a.clientPerCall())
		failed = failed || a.errors > 0
		for reason, n := range a.reasons {
			fmt.Printf("  %d × %s\n", n, reason)
		}
	}
	if *basePrefix != "" {
		comparePairs(order, byName, *basePrefix)
		order = slices.DeleteFunc(order, func(n string) bool { return strings.HasPrefix(n, *basePrefix) })
	}
	if len(order) >= 2 {
		base := byName[order[0]]
		fmt.Printf("\nagainst %s (targets for %s: RPS ≥ %.2f×, p99 ≤ %.1f×, CPU/call ≤ %.1f×; peak RSS ≤ %d MiB):\n",
			order[0], *targets, minRPSRatio, maxP99Ratio, maxCPURatio, maxResidentMiB)
		for _, name := range order[1:] {
			a := byName[name]
			judged := slices.Contains(strings.Split(*targets, ","), name)
			verdict := func(ok bool) string {
				if !judged {
					return "(no target)"
				}
				return mark(ok)
			}
			rps := mean(a.rps) / mean(base.rps)
			p99 := float64(meanDur(a.p99)) / float64(meanDur(base.p99))
			line := fmt.Sprintf("%-26s RPS %.3f× %s  p99 %.2f× %s", name, rps, verdict(rps >= minRPSRatio), p99, verdict(p99 <= maxP99Ratio))
			if base.calls > 0 && a.calls > 0 {
				cpu := float64(a.cpuPerCall()) / float64(base.cpuPerCall())
				line += fmt.Sprintf("  CPU/call %.2f× %s", cpu, verdict(cpu <= maxCPURatio))
			}
			fmt.Println(line)
			// Client and server share the cores: the RPS ratio cannot
			// exceed the ratio of their CPU per call added up.
			if base.clientCalls > 0 && a.clientCalls > 0 && base.calls > 0 && a.calls > 0 {
				b := base.cpuPerCall() + base.clientPerCall()
				x := a.cpuPerCall() + a.clientPerCall()
				fmt.Printf("%-26s client+server CPU/call %s against %s: RPS ratio ≤ %.3f× while the cores are saturated\n", "",
					x, b, float64(b)/float64(x))
			}
		}
		var hwm int64
		for _, a := range byName {
			hwm = max(hwm, a.hwmKB)
		}
		fmt.Printf("%-26s %.1f MiB %s\n", "server peak RSS", float64(hwm)/1024, mark(hwm <= maxResidentMiB*1024))
	}
	if *sigterm != "" {
		if !sigtermReport(*sigterm, *sigtermExit) {
			failed = true
		}
	}
	if failed {
		fail("some calls failed")
	}
}

// sigtermReport counts the calls of the interrupted run by when they
// started: before the SIGTERM and failed (the drain lost them — must be
// zero), before it and refused on a new connection (never reached a
// server: the client's retry found the listener closed), after it (refused,
// expected).
func sigtermReport(file string, exit int) bool {
	r := read(file)
	var nanos int64
	raw, err := os.ReadFile(file + ".at")
	if err != nil {
		fail("%v", err)
	}
	if _, err := fmt.Sscan(string(raw), &nanos); err != nil {
		fail("%s.at: %v", file, err)
	}
	at := time.Unix(0, nanos)
	var okBefore, failedBefore, refusedBefore, after int
	reasons := map[string]int{}
	for _, d := range r.Details {
		start := d.Timestamp.Add(-d.Latency)
		switch {
		case !start.Before(at):
			after++
		case d.Error == "":
			okBefore++
		case strings.Contains(d.Error, "connection refused") || strings.Contains(d.Error, "while dialing"):
			refusedBefore++
		default:
			failedBefore++
			reasons[d.Status+": "+d.Error]++
		}
	}
	fmt.Printf("\nSIGTERM mid-run: %d calls in flight or done before it succeeded, %d failed %s; %d refused before reaching a server, %d started after it (refused, expected); server exit status %d %s\n",
		okBefore, failedBefore, mark(failedBefore == 0), refusedBefore, after, exit, mark(exit == 0))
	for reason, n := range reasons {
		fmt.Printf("  %d × %s\n", n, reason)
	}
	return failedBefore == 0 && exit == 0 && okBefore > 0
}

func read(file string) report {
	raw, err := os.ReadFile(file)
	if err != nil {
		fail("%v", err)
	}
	var r report
	if err := json.Unmarshal(raw, &r); err != nil {
		fail("%s: %v", file, err)
	}
	return r
}

func mark(ok bool) string {
	if ok {
		return "ok"
	}
	return "MISSED"
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
// comparePairs prints, for each call measured on both builds, the server
// CPU per call of each and their ratio: over all rounds, and the median,
// lowest and highest of the round-by-round ratios.
func comparePairs(order []string, byName map[string]*agg, prefix string) {
	fmt.Printf("\nthis build against %q, server CPU per call, in the same rounds:\n", strings.TrimSuffix(prefix, "/"))
	for _, name := range order {
		base, ok := byName[prefix+name]
		a := byName[name]
		if !ok || base.calls == 0 || a.calls == 0 {
			continue
		}
		var ratios []float64
		for i := range min(len(a.roundCPU), len(base.roundCPU)) {
			ratios = append(ratios, float64(a.roundCPU[i])/float64(base.roundCPU[i]))
		}
		slices.Sort(ratios)
		if len(ratios) == 0 {
			continue
		}
		fmt.Printf("%-26s %10s against %10s: %.3f× (rounds: median %.3f×, %.3f× to %.3f×)\n", name,
			a.cpuPerCall(), base.cpuPerCall(), float64(a.cpuPerCall())/float64(base.cpuPerCall()),
			ratios[len(ratios)/2], ratios[0], ratios[len(ratios)-1])
	}
	fmt.Println()
}

func (a *agg) cpuPerCall() time.Duration {
	if a.calls == 0 {
		return 0
	}
	return (a.cpu / time.Duration(a.calls)).Round(100 * time.Nanosecond)
}

// clientPerCall is ghz's CPU time per call, 0 when not measured.
func (a *agg) clientPerCall() time.Duration {
	if a.clientCalls == 0 {
		return 0
	}
	return (a.client / time.Duration(a.clientCalls)).Round(100 * time.Nanosecond)
}

func clkTck() int64 {
	var n int64
	_, _ = fmt.Sscan(os.Getenv("LOAD_CLK_TCK"), &n)
	return n
}
