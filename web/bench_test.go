package web

import (
	"context"
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

// TestBench: a short run of Bench saves, serves pages, and finds every
// acknowledged coding in the store and no other.
func TestBench(t *testing.T) {
	f := newFixture(t)
	res, err := Bench(context.Background(), f.p, BenchOptions{Coders: 3, Readers: 2, Duration: 1500 * time.Millisecond,
		Interval: 40 * time.Millisecond, Codes: []string{"VERBIND", "FIN", "VRIJW"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Save.N < 10 || res.Save.Errors > 0 || res.Theme.N == 0 || res.Matrix.N == 0 || res.Theme.Errors+res.Matrix.Errors > 0 {
		t.Errorf("result %+v", res)
	}
	if res.Lost != 0 || res.Extra != 0 {
		t.Errorf("lost %d, extra %d of %d codings", res.Lost, res.Extra, res.Expected)
	}
	if res.Save.P50MS <= 0 || res.Save.P99MS < res.Save.P50MS {
		t.Errorf("latency %+v", res.Save)
	}
}
