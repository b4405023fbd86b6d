package project

import (
	"context"
	"os"
	"time"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/store"
)

// IngestBench is the outcome of timing a whole ingest.
type IngestBench struct {
	Documents      int     `json:"documents"`
	Pages          int     `json:"pages"`
	Fragments      int     `json:"fragments"`
	Failed         int     `json:"failed"`
	Seconds        float64 `json:"seconds"`
	PagesPerSecond float64 `json:"pages_per_second"`
	PeakRSSMiB     int64   `json:"peak_rss_mib"` // of the whole process, -1 when unknown
	StoreMiB       int64   `json:"store_mib"`
}

// benchProject creates a project in projDir, opens it and lists the files
// of corpusDir to ingest.
func benchProject(projDir, corpusDir string) (*Project, *store.Store, []ingest.Job, error) {
	p, err := Init(projDir)
	if err != nil {
		return nil, nil, nil, err
	}
	jobs, _, problems := ingest.Expand([]string{corpusDir}, ingest.Meta{})
	if len(problems) > 0 {
		return nil, nil, nil, problems[0]
	}
	s, err := p.Open()
	if err != nil {
		return nil, nil, nil, err
	}
	return p, s, jobs, nil
}

// BenchIngest creates a project in projDir and times the ingest of every
// file under corpusDir.
func BenchIngest(ctx context.Context, projDir, corpusDir string, workers int, progress func(done, total int, path string)) (IngestBench, error) {
	var b IngestBench
	p, s, jobs, err := benchProject(projDir, corpusDir)
	if err != nil {
		return b, err
	}
	start := time.Now()
	sum, err := Ingest(ctx, s, IngestOptions{Jobs: jobs, Workers: workers, Actor: "bench", Progress: progress})
	b.Seconds = time.Since(start).Seconds()
	s.Close()
	if err != nil {
		return b, err
	}
	b.Documents, b.Pages, b.Fragments, b.Failed = sum.Added+sum.Replaced, sum.Pages, sum.Fragments, sum.Failed
	if b.Seconds > 0 {
		b.PagesPerSecond = float64(b.Pages) / b.Seconds
	}
	b.PeakRSSMiB = peakRSSMiB()
	if fi, err := os.Stat(p.DBPath()); err == nil {
		b.StoreMiB = fi.Size() >> 20
	}
	return b, nil
}
