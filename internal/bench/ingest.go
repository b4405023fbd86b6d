package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
)

// IngestFigures is the outcome of timing a whole ingest, search index
// included, against pdftotext over the same PDFs.
type IngestFigures struct {
	Documents      int     `json:"documents"`
	Pages          int     `json:"pages"`
	Fragments      int     `json:"fragments"`
	Failed         int     `json:"failed"`
	Seconds        float64 `json:"seconds"` // ingest and index together
	PagesPerSecond float64 `json:"pages_per_second"`
	Jobs           int     `json:"jobs"`
	// Indexed is the number of fragments in the index at the end; Complete
	// says that a check found store and index consistent (every fragment
	// indexed with its current text, no pending notes).
	Indexed  int  `json:"indexed"`
	Complete bool `json:"index_complete"`
	// PDFs is how many of the files are PDFs: those pdftotext reads, with
	// as many processes at once as Jobs, before and after our ingest.
	PDFs             int       `json:"pdf_files"`
	PdftotextSeconds float64   `json:"pdftotext_seconds,omitempty"` // mean of the runs
	PdftotextRuns    []float64 `json:"pdftotext_runs,omitempty"`
	PdftotextError   string    `json:"pdftotext_error,omitempty"`
	Ratio            float64   `json:"ratio_to_pdftotext,omitempty"` // Seconds / PdftotextSeconds
	PeakRSSMiB       int64     `json:"peak_rss_mib"`                 // of the whole process, -1 when unknown
	StoreMiB         int64     `json:"store_mib"`
	IndexMiB         int64     `json:"index_mib"`
}

// benchProject creates a project in projDir, opens it and lists the files
// of corpusDir to ingest.
func benchProject(projDir, corpusDir string) (*project.Project, *store.Store, []ingest.Job, error) {
	p, err := project.Init(projDir)
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

// Ingest creates a project in projDir and times the ingest of every
// file under corpusDir with its search index, as 'plancoder ingest' does
// it, from the first file read to the index closed. pdftotext, when not
// "", is the path of poppler's pdftotext: it reads the same PDFs with
// workers processes at once, once before and once after our run, and the
// ratio is to the mean of the two. The index is checked afterwards (not
// timed).
func Ingest(ctx context.Context, projDir, corpusDir string, workers int, pdftotext string, progress func(done, total int, path string)) (IngestFigures, error) {
	b := IngestFigures{Jobs: workers}
	p, s, jobs, err := benchProject(projDir, corpusDir)
	if err != nil {
		return b, err
	}
	pdfs, err := PDFFiles(corpusDir)
	if err != nil {
		s.Close()
		return b, fmt.Errorf("list %s: %w", corpusDir, err)
	}
	b.PDFs = len(pdfs)
	reference := func() {
		if pdftotext == "" || b.PdftotextError != "" || len(pdfs) == 0 {
			return
		}
		sec, err := runPdftotext(ctx, pdftotext, pdfs, workers)
		if err != nil {
			b.PdftotextError = err.Error()
			return
		}
		b.PdftotextRuns = append(b.PdftotextRuns, sec)
	}
	reference()

	start := time.Now()
	x, err := p.OpenIndex(ctx, s, nil)
	if err != nil {
		s.Close()
		return b, err
	}
	sum, err := project.Ingest(ctx, s, project.IngestOptions{Jobs: jobs, Workers: workers, Actor: "bench", Progress: progress, Index: x})
	if cerr := x.Close(); err == nil {
		err = cerr
	}
	b.Seconds = time.Since(start).Seconds()
	if err == nil && sum.IndexError != "" {
		err = fmt.Errorf("index: %s", sum.IndexError)
	}
	if err != nil {
		s.Close()
		return b, err
	}
	b.PeakRSSMiB = peakRSSMiB()
	b.Documents, b.Pages, b.Fragments, b.Failed = sum.Added+sum.Replaced, sum.Pages, sum.Fragments, sum.Failed
	if b.Seconds > 0 {
		b.PagesPerSecond = float64(b.Pages) / b.Seconds
	}

	reference()
	if len(b.PdftotextRuns) > 0 {
		for _, r := range b.PdftotextRuns {
			b.PdftotextSeconds += r
		}
		b.PdftotextSeconds /= float64(len(b.PdftotextRuns))
		b.Ratio = b.Seconds / b.PdftotextSeconds
	}

	x, err = p.OpenIndex(ctx, s, nil)
	if err != nil {
		s.Close()
		return b, err
	}
	rep, err := project.Check(s, x)
	x.Close()
	s.Close()
	if err != nil {
		return b, fmt.Errorf("check the index: %w", err)
	}
	b.Indexed, b.Complete = rep.Indexed, rep.OK() && rep.Indexed == b.Fragments
	if fi, err := os.Stat(p.DBPath()); err == nil {
		b.StoreMiB = fi.Size() >> 20
	}
	b.IndexMiB = dirSize(p.IndexDir()) >> 20
	return b, nil
}

// runPdftotext extracts every file with pdftotext, workers processes at a
// time (as xargs -P would), and returns the wall time in seconds.
func runPdftotext(ctx context.Context, pdftotext string, files []string, workers int) (float64, error) {
	workers = max(workers, 1)
	next := make(chan string)
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	start := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				out, err := exec.CommandContext(ctx, pdftotext, "-q", "-enc", "UTF-8", f, os.DevNull).CombinedOutput()
				if err != nil {
					mu.Lock()
					if first == nil {
						first = fmt.Errorf("pdftotext %s: %w %s", f, err, out)
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	return time.Since(start).Seconds(), first
}
