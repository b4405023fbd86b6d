package project

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/synth"
)

// DemoOptions configure a demo project.
type DemoOptions struct {
	Orgs     int
	Seed     int64
	Workers  int
	Actor    string
	Progress func(done, total int, path string)
}

// Demo creates a project in dir, writes a synthetic corpus to dir/corpus
// (with its manifest.csv and orgs.csv), imports the organisations and
// ingests the corpus. The same seed gives the same corpus.
func Demo(ctx context.Context, dir string, opts DemoOptions) (*Project, IngestSummary, error) {
	p, err := Init(dir)
	if err != nil {
		return nil, IngestSummary{}, err
	}
	corpus := synth.Generate(synth.Options{Orgs: opts.Orgs, Seed: opts.Seed, PDF: true})
	cdir := filepath.Join(p.Dir, "corpus")
	if err := corpus.WriteDir(cdir); err != nil {
		return p, IngestSummary{}, fmt.Errorf("write demo corpus: %w", err)
	}
	orgs, err := ingest.ReadOrganisations(filepath.Join(cdir, "orgs.csv"))
	if err != nil {
		return p, IngestSummary{}, err
	}
	jobs, rowErrs, err := ingest.ReadManifest(filepath.Join(cdir, "manifest.csv"))
	if err != nil {
		return p, IngestSummary{}, err
	}
	if len(rowErrs) > 0 {
		return p, IngestSummary{}, fmt.Errorf("demo manifest: %w", rowErrs[0])
	}
	s, err := p.Open()
	if err != nil {
		return p, IngestSummary{}, err
	}
	defer s.Close()
	if _, _, err := s.PutOrganisations(opts.Actor, orgs); err != nil {
		return p, IngestSummary{}, err
	}
	sum, err := Ingest(ctx, s, IngestOptions{Jobs: jobs, Workers: opts.Workers, Actor: opts.Actor, Progress: opts.Progress})
	if err != nil {
		return p, sum, err
	}
	x, err := p.OpenIndex(ctx, s, nil)
	if err != nil {
		return p, sum, fmt.Errorf("index the demo corpus: %w", err)
	}
	if err := x.Close(); err != nil {
		return p, sum, err
	}
	if sum.Failed > 0 {
		for _, r := range sum.Reports {
			if r.Status == StatusFailed {
				return p, sum, fmt.Errorf("demo corpus: %s: %s", r.Path, r.Error)
			}
		}
	}
	return p, sum, nil
}
