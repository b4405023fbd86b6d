package web

import (
	"net/url"
	"slices"
	"testing"
	"time"
)

// BenchmarkToggle times one key press through the whole server: login
// check, store opened, code toggled in a committed transaction, answer.
// It reports the median and the 99th percentile.
func BenchmarkToggle(b *testing.B) {
	f := newFixture(b)
	c := f.loggedIn("ann")
	c.start(url.Values{"kind": {"doc"}, "doc": {fixtureDoc}, "fromstart": {"1"}})
	frag, _ := c.current()
	form := url.Values{"op": {"toggle"}, "code": {"VERBIND"}, "frag": {frag}}
	var took []time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if code, body := c.post("/code/do", form); code != 200 {
			b.Fatalf("%d %s", code, body)
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}
