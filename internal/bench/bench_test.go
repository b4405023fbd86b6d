package bench

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/project/projecttest"
	"github.com/plancoder/plancoder/synth"
)

// synthCorpus writes a small synthetic corpus (PDFs with their truth files,
// manifest and organisations) and returns its folder.
func synthCorpus(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus")
	if err := synth.Generate(synth.Options{Orgs: 1, Seed: 7, PDF: true}).WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// tool is the path of a standard program that stands in for pdftotext.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("no %s: %v", name, err)
	}
	return p
}

func TestBenchExtractAndReference(t *testing.T) {
	ctx := context.Background()
	corpus := synthCorpus(t)
	pdfs, err := PDFFiles(corpus)
	if err != nil || len(pdfs) == 0 {
		t.Fatalf("PDFFiles = %v, %v", pdfs, err)
	}
	withTruth, err := TruthFiles(corpus)
	if err != nil || strings.Join(withTruth, " ") != strings.Join(pdfs, " ") {
		t.Fatalf("TruthFiles = %v, %v; want every synth PDF %v", withTruth, err, pdfs)
	}
	// A PDF without a truth file is left out of the extraction bench.
	if err := os.Remove(pdfs[0] + ".truth.json"); err != nil {
		t.Fatal(err)
	}

	var calls, total int
	scores, err := Extract(ctx, corpus, tool(t, "echo"), func(done, n int) { calls, total = done, n })
	if err != nil {
		t.Fatal(err)
	}
	if len(scores) != len(pdfs)-1 || calls != len(scores) || total != len(scores) {
		t.Fatalf("BenchExtract: %d scores, progress %d/%d; want %d", len(scores), calls, total, len(pdfs)-1)
	}
	for _, sc := range scores {
		if sc.OursErr != "" || sc.Pages == 0 || sc.Ours.TruthWords == 0 || sc.Ours.MatchedWords*10 < sc.Ours.TruthWords*9 {
			t.Errorf("%s: ours %+v (error %q)", sc.File, sc.Ours, sc.OursErr)
		}
		if sc.Poppler == nil || filepath.IsAbs(sc.File) {
			t.Errorf("%s: the reference program ran but has no score (%v), or the name is not relative", sc.File, sc.Poppler)
		}
	}

	refs, err := Reference(ctx, corpus, tool(t, "false"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != len(pdfs) {
		t.Fatalf("BenchReference: %d scores, want %d", len(refs), len(pdfs))
	}
	for _, r := range refs {
		// A reference program that fails is reported per file, not fatal.
		if r.OursErr != "" || r.Pages == 0 || !strings.Contains(r.RefErr, "exit status 1") {
			t.Errorf("%s: pages %d, ours %q, reference error %q", r.File, r.Pages, r.OursErr, r.RefErr)
		}
	}

	empty := t.TempDir()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for _, tt := range []struct {
		name string
		run  func() error
		want string
	}{
		{"extract, no truth files", func() error { _, err := Extract(ctx, empty, "", nil); return err }, "no PDF with a .truth.json"},
		{"reference, no PDFs", func() error { _, err := Reference(ctx, empty, "false", nil); return err }, "no PDF under"},
		{"reference, no folder", func() error {
			_, err := Reference(ctx, filepath.Join(empty, "none"), "false", nil)
			return err
		}, "list "},
		{"extract, cancelled", func() error { _, err := Extract(cancelled, corpus, "", nil); return err }, "context canceled"},
		{"reference, cancelled", func() error { _, err := Reference(cancelled, corpus, "false", nil); return err }, "context canceled"},
	} {
		if err := tt.run(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one with %q", tt.name, err, tt.want)
		}
	}
}

func TestBenchIngest(t *testing.T) {
	ctx := context.Background()
	corpus := synthCorpus(t)
	pdfs, err := PDFFiles(corpus)
	if err != nil {
		t.Fatal(err)
	}
	// Every file is ingested; pdftotext reads only the PDFs.
	jobs, _, problems := ingest.Expand([]string{corpus}, ingest.Meta{})
	if len(problems) > 0 || len(jobs) <= len(pdfs) {
		t.Fatalf("corpus of %d files (%v), %d PDFs: want other formats too", len(jobs), problems, len(pdfs))
	}
	for _, tt := range []struct {
		name, pdftotext string
		runs            int
		refErr          bool
	}{
		{"no reference", "", 0, false},
		{"reference before and after", tool(t, "true"), 2, false},
		{"reference fails", tool(t, "false"), 0, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Ingest(ctx, filepath.Join(t.TempDir(), "proj"), corpus, 2, tt.pdftotext, nil)
			if err != nil {
				t.Fatal(err)
			}
			if b.Documents != len(jobs) || b.PDFs != len(pdfs) || b.Failed != 0 || b.Pages == 0 || b.Fragments == 0 {
				t.Errorf("counts %+v, want %d documents, %d PDFs", b, len(jobs), len(pdfs))
			}
			if !b.Complete || b.Indexed != b.Fragments {
				t.Errorf("index complete %v with %d of %d fragments", b.Complete, b.Indexed, b.Fragments)
			}
			if len(b.PdftotextRuns) != tt.runs || (tt.runs > 0) != (b.Ratio > 0) || (b.PdftotextError != "") != tt.refErr {
				t.Errorf("reference runs %v, ratio %v, error %q", b.PdftotextRuns, b.Ratio, b.PdftotextError)
			}
		})
	}
	// A project that exists already is not overwritten.
	proj := filepath.Join(t.TempDir(), "proj")
	if _, err := project.Init(proj); err != nil {
		t.Fatal(err)
	}
	if _, err := Ingest(ctx, proj, corpus, 1, "", nil); err == nil {
		t.Error("bench ingest into an existing project succeeded")
	}
}

func TestBenchSearch(t *testing.T) {
	corpus := synthCorpus(t)
	stages := map[string]int{}
	b, err := Search(context.Background(), filepath.Join(t.TempDir(), "proj"), corpus, 16, 3, 2,
		func(stage string, done, total int) { stages[stage] = total })
	if err != nil {
		t.Fatal(err)
	}
	if b.Documents == 0 || b.Fragments == 0 || b.TextMiB <= 0 || b.IndexMiB <= 0 || b.Queries != 16 {
		t.Fatalf("bench %+v", b)
	}
	if b.P50 > b.P90 || b.P90 > b.P99 || b.P99 > b.Max || len(b.ByKind) == 0 {
		t.Errorf("percentiles out of order or no kinds: %v %v %v %v %v", b.P50, b.P90, b.P99, b.Max, b.ByKind)
	}
	if stages["ingest"] == 0 || stages["search"] != 16 {
		t.Errorf("progress stages %v", stages)
	}
}

func TestPct(t *testing.T) {
	ds := []time.Duration{5, 1, 4, 2, 3, 6, 7, 8, 9, 10}
	for _, tt := range []struct {
		ds   []time.Duration
		p    int
		want time.Duration
	}{
		{nil, 50, 0},
		{[]time.Duration{3}, 99, 3},
		{ds, 0, 1},
		{ds, 50, 5},
		{ds, 90, 9},
		{ds, 99, 10},
		{ds, 100, 10},
	} {
		if got := pct(tt.ds, tt.p); got != tt.want {
			t.Errorf("pct(%v, %d) = %v, want %v", tt.ds, tt.p, got, tt.want)
		}
	}
	if ds[0] != 5 {
		t.Error("pct sorted its input")
	}
}

// TestBenchQueriesEnds: texts without two long words give no query; the
// query generator used to loop for ever on them.
func TestBenchQueriesEnds(t *testing.T) {
	_, _, s := projecttest.New(t)
	for _, tt := range []struct {
		texts []string
		n     int
		want  int
	}{
		{nil, 5, 0},
		{[]string{"Ja, nee, dat kan."}, 5, 0},
		{[]string{"Vrijwilligers organiseren ontmoetingen."}, 8, 8},
	} {
		done := make(chan []index.Request, 1)
		go func() {
			reqs, _ := benchQueries(tt.texts, s, tt.n, 1)
			done <- reqs
		}()
		select {
		case reqs := <-done:
			if len(reqs) != tt.want {
				t.Errorf("benchQueries(%q, %d) = %d queries, want %d", tt.texts, tt.n, len(reqs), tt.want)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("benchQueries(%q, %d) does not return", tt.texts, tt.n)
		}
	}
}
