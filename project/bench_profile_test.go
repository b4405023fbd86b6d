package project

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/synth"
)

// benchOrgs is the size of the generated corpus of the benchmarks below:
// PLANCODER_BENCH_ORGS organisations, 8 by default.
func benchOrgs() int {
	if n, err := strconv.Atoi(os.Getenv("PLANCODER_BENCH_ORGS")); err == nil && n > 0 {
		return n
	}
	return 8
}

// BenchmarkIngestIndex times ingest with its index, as 'plancoder ingest'
// does it: the index is built alongside extraction.
func BenchmarkIngestIndex(b *testing.B) {
	dir := b.TempDir()
	corpus := synth.Generate(synth.Options{Orgs: benchOrgs(), Seed: 1, PDF: true, MinPages: 40})
	if err := corpus.WriteDir(filepath.Join(dir, "corpus")); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, p, s := newProject(b)
		jobs := corpusJobs(b, filepath.Join(dir, "corpus"))
		t0 := time.Now()
		x, err := p.OpenIndex(context.Background(), s, nil)
		if err != nil {
			b.Fatal(err)
		}
		sum, err := Ingest(context.Background(), s, IngestOptions{Jobs: jobs, Workers: 2, Actor: "bench", Index: x})
		if err != nil || sum.IndexError != "" {
			b.Fatal(err, sum.IndexError)
		}
		if err := x.Close(); err != nil {
			b.Fatal(err)
		}
		s.Close()
		b.Logf("ingest and index %.2fs pages %d fragments %d", time.Since(t0).Seconds(), sum.Pages, sum.Fragments)
	}
}

// BenchmarkReindex times building the index from a store already filled.
func BenchmarkReindex(b *testing.B) {
	dir := b.TempDir()
	corpus := synth.Generate(synth.Options{Orgs: benchOrgs(), Seed: 1, PDF: true, MinPages: 40})
	if err := corpus.WriteDir(filepath.Join(dir, "corpus")); err != nil {
		b.Fatal(err)
	}
	_, p, s := newProject(b)
	jobs := corpusJobs(b, filepath.Join(dir, "corpus"))
	if _, err := Ingest(context.Background(), s, IngestOptions{Jobs: jobs, Workers: 2, Actor: "bench"}); err != nil {
		b.Fatal(err)
	}
	if n, err := strconv.Atoi(os.Getenv("PLANCODER_BENCH_BATCH")); err == nil && n > 0 {
		defer func(old int) { batchFragments = old }(batchFragments)
		batchFragments = n
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := p.Reindex(context.Background(), s, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// corpusJobs lists the files under dir to ingest.
func corpusJobs(b *testing.B, dir string) []ingest.Job {
	b.Helper()
	jobs, _, problems := ingest.Expand([]string{dir}, ingest.Meta{})
	if len(problems) > 0 {
		b.Fatal(problems[0])
	}
	return jobs
}
