// Package demo builds demonstration projects: a synthetic corpus ingested
// and indexed, a codebook, a reliability sample and simulated coders whose
// codings and slips look like a careful human's.
package demo

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/plancoder/plancoder/codebook"
	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/synth"
)

// Options configure a demo project.
type Options struct {
	Orgs int
	// MinPages is the least number of pages of a plan (0: the generator's
	// default); 70 with 131 organisations gives about 9,000 pages.
	MinPages int
	Seed     int64
	Workers  int
	Actor    string
	Progress func(done, total int, path string)
}

func simulateCoders(s *store.Store) error {
	docs, err := s.Documents()
	if err != nil {
		return err
	}
	var shared, annDocs, bobDocs []string
	orgSeen := map[string]int{}
	for _, d := range docs {
		if _, ok := orgSeen[d.Org]; !ok {
			orgSeen[d.Org] = len(orgSeen)
		}
		switch {
		case orgSeen[d.Org] < 2 && d.Type == store.TypePlan:
			shared = append(shared, d.ID)
		case len(annDocs) <= len(bobDocs):
			annDocs = append(annDocs, d.ID)
		default:
			bobDocs = append(bobDocs, d.ID)
		}
	}
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, run := range []SimulateOptions{
		// On the shared plans chris reads "vrijwilligers" as staff and bob
		// "ontmoeting" as community building: agree must find both.
		{Coders: []string{"ann"}, Docs: shared, ErrorRate: 0.06, Seed: 1, Start: start},
		{Coders: []string{"bob"}, Docs: shared, ErrorRate: 0.08, Seed: 4, Start: start.Add(time.Hour),
			Confuse: map[string]string{"ONTMOET": "GEMVORM"}, ConfuseRate: 0.5},
		{Coders: []string{"chris"}, Docs: shared, ErrorRate: 0.08, Seed: 5, Start: start.Add(2 * time.Hour),
			Confuse: map[string]string{"VRIJW": "PERS"}, ConfuseRate: 0.6},
		{Coders: []string{"ann"}, Docs: annDocs, ErrorRate: 0.08, Seed: 2, Start: start.AddDate(0, 0, 7)},
		{Coders: []string{"bob"}, Docs: bobDocs, ErrorRate: 0.1, Seed: 3, Start: start.AddDate(0, 0, 7)},
	} {
		if _, err := Simulate(s, run); err != nil {
			return err
		}
	}
	if len(shared) == 0 {
		return nil
	}
	_, err = coding.CreateSample(s, "demo", coding.SampleOptions{Name: "pilot", DocIDs: shared, Coders: []string{"ann", "bob", "chris"}, Seed: 1})
	return err
}

// Demo creates a project in dir, writes a synthetic corpus to dir/corpus
// (with its manifest.csv and orgs.csv), imports the organisations and
// ingests the corpus. The same seed gives the same corpus.
func Demo(ctx context.Context, dir string, opts Options) (*project.Project, project.IngestSummary, error) {
	p, err := project.Init(dir)
	if err != nil {
		return nil, project.IngestSummary{}, err
	}
	corpus := synth.Generate(synth.Options{Orgs: opts.Orgs, Seed: opts.Seed, PDF: true, MinPages: opts.MinPages})
	cdir := filepath.Join(p.Dir, "corpus")
	if err := corpus.WriteDir(cdir); err != nil {
		return p, project.IngestSummary{}, fmt.Errorf("write demo corpus: %w", err)
	}
	orgs, err := ingest.ReadOrganisations(filepath.Join(cdir, "orgs.csv"))
	if err != nil {
		return p, project.IngestSummary{}, err
	}
	jobs, rowErrs, err := ingest.ReadManifest(filepath.Join(cdir, "manifest.csv"))
	if err != nil {
		return p, project.IngestSummary{}, err
	}
	if len(rowErrs) > 0 {
		return p, project.IngestSummary{}, fmt.Errorf("demo manifest: %w", rowErrs[0])
	}
	s, err := p.Open()
	if err != nil {
		return p, project.IngestSummary{}, err
	}
	defer s.Close()
	if _, _, err := s.PutOrganisations(opts.Actor, orgs); err != nil {
		return p, project.IngestSummary{}, err
	}
	sum, err := project.Ingest(ctx, s, project.IngestOptions{Jobs: jobs, Workers: opts.Workers, Actor: opts.Actor, Progress: opts.Progress})
	if err != nil {
		return p, sum, err
	}
	// The example codebook and three simulated coders, so every later
	// command has data on first run: ann and bob share the plans of the
	// first two organisations (for agreement), and split the rest.
	if _, err := s.PutCodes(opts.Actor, codebook.Example().Codes); err != nil {
		return p, sum, err
	}
	if err := simulateCoders(s); err != nil {
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
			if r.Status == project.StatusFailed {
				return p, sum, fmt.Errorf("demo corpus: %s: %s", r.Path, r.Error)
			}
		}
	}
	return p, sum, nil
}
