package server

import (
	"github.com/idcontrol/idcontrol/registry"
	"github.com/prometheus/client_golang/prometheus"
)

// registryCollector exports the company-registry connector's health at
// scrape time, from its own counters: cache hits and misses, and lookups
// that reached each source (a lookup may make several HTTP attempts).
type registryCollector struct {
	conn                       *registry.Connector
	hits, misses, sourceLookup *prometheus.Desc
}

func newRegistryCollector(conn *registry.Connector) *registryCollector {
	return &registryCollector{
		conn:         conn,
		hits:         prometheus.NewDesc("idcontrol_registry_cache_hits_total", "Company-registry lookups answered from the cache.", nil, nil),
		misses:       prometheus.NewDesc("idcontrol_registry_cache_misses_total", "Company-registry lookups the cache could not answer.", nil, nil),
		sourceLookup: prometheus.NewDesc("idcontrol_registry_source_lookups_total", "Company-registry lookups that reached a source (sirene, open).", []string{"source"}, nil),
	}
}

func (c *registryCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.hits
	ch <- c.misses
	ch <- c.sourceLookup
}

func (c *registryCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.conn.Stats()
	ch <- prometheus.MustNewConstMetric(c.hits, prometheus.CounterValue, float64(s.Hits))
	ch <- prometheus.MustNewConstMetric(c.misses, prometheus.CounterValue, float64(s.Misses))
	ch <- prometheus.MustNewConstMetric(c.sourceLookup, prometheus.CounterValue, float64(s.SireneCalls), "sirene")
	ch <- prometheus.MustNewConstMetric(c.sourceLookup, prometheus.CounterValue, float64(s.OpenCalls), "open")
}
