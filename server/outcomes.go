package server

import (
	"math/rand/v2"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// outcomeShards is how many copies of the outcome counts calls spread
// over: a few per core keeps two cores off each other's cache lines.
const outcomeShards = 16

// outcomeCounter is idcontrol_control_outcomes_total: one count per control
// (its report.json name) and value (true, false, absent). An identity
// answer holds some forty controls, and forty increments of counters
// shared by every core moved their cache lines from core to core under
// load; so each call adds to one of several shards, picked at random, and
// a scrape sums them. Every control an answer can hold has its slots from
// the start, so every series is exported, at 0 until counted.
type outcomeCounter struct {
	desc   *prometheus.Desc
	slots  map[outcomeLabel]int // read-only once built
	labels []outcomeLabel       // by slot
	shards [outcomeShards][]atomic.Uint64
}

type outcomeLabel struct{ control, value string }

// newOutcomeCounter gives a slot to each value of every control our
// answers hold: the table scripts/outcomesgen wrote from the schema
// (outcomes_gen.go).
func newOutcomeCounter() *outcomeCounter {
	o := &outcomeCounter{
		desc: prometheus.NewDesc("idcontrol_control_outcomes_total",
			"Controls answered, by control (report.json name) and value: true, false or absent.",
			[]string{"control", "value"}, nil),
		slots:  make(map[outcomeLabel]int, len(outcomeLabels)),
		labels: outcomeLabels[:],
	}
	for slot, l := range o.labels {
		o.slots[l] = slot
	}
	for i := range o.shards {
		// Eight spare counters: two shards' live counters never share a
		// cache line.
		o.shards[i] = make([]atomic.Uint64, len(o.labels)+8)
	}
	return o
}

// shard is where one call adds its outcomes.
func (o *outcomeCounter) shard() []atomic.Uint64 {
	return o.shards[rand.N(outcomeShards)]
}

// value is the count of one control's value, summed over the shards.
func (o *outcomeCounter) value(control, value string) uint64 {
	slot, ok := o.slots[outcomeLabel{control, value}]
	if !ok {
		return 0
	}
	var n uint64
	for i := range o.shards {
		n += o.shards[i][slot].Load()
	}
	return n
}

func (o *outcomeCounter) Describe(ch chan<- *prometheus.Desc) { ch <- o.desc }

func (o *outcomeCounter) Collect(ch chan<- prometheus.Metric) {
	for _, l := range o.labels {
		ch <- prometheus.MustNewConstMetric(o.desc, prometheus.CounterValue, float64(o.value(l.control, l.value)), l.control, l.value)
	}
}
