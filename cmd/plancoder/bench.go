package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/plancoder/plancoder/internal/bench"
	"github.com/plancoder/plancoder/internal/demo"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/synth"
	"github.com/plancoder/plancoder/truth"
	"github.com/plancoder/plancoder/web"
	"github.com/spf13/cobra"
)

func newCmdBench(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "bench",
		Short: "Measure extraction quality and whole-pipeline speed",
		Long: `Benchmarks that print figures you can cite: 'bench extract' scores PDF
extraction against ground truth (and against pdftotext when installed);
'bench ingest' times a whole generated corpus through extraction, cleaning,
fragmenting and storing.`,
		Example: `  plancoder bench extract
  plancoder bench ingest --format json
  plancoder bench search`,
	}
	c.AddCommand(newCmdBenchExtract(f, nil), newCmdBenchIngest(f, nil), newCmdBenchSearch(f, nil), newCmdBenchServe(f, nil))
	return c
}

// benchExtractOptions are the parsed arguments of `plancoder bench extract`.
// With Reference, Corpus is the folder compared.
type benchExtractOptions struct {
	runIO
	Corpus    string
	Orgs      int
	Seed      int64
	Format    string
	NoPopler  bool
	Reference string
}

func newCmdBenchExtract(f *Factory, runF func(*benchExtractOptions) error) *cobra.Command {
	opts := &benchExtractOptions{runIO: newRunIO(f)}
	c := &cobra.Command{
		Use:   "extract [DIR]",
		Short: "Score PDF extraction against ground truth or pdftotext",
		Long: `Compare the text plancoder extracts from PDFs with their ground truth
(FILE.pdf.truth.json beside each PDF) and print, per file and in total: word
recall and precision, running header/footer and page-number lines leaked into
the text, line-end hyphenations resolved correctly, headings found, and time.
Without --corpus a synthetic PDF corpus is generated in a temporary folder.
When pdftotext (poppler-utils) is installed, its output is scored and timed on
the same files.

With --reference pdftotext DIR, every PDF under DIR (real files without
ground truth) is read by plancoder and by pdftotext and compared as bags of
words: per file, the recall of pdftotext's words in plancoder's text (running
header and footer lines, page numbers and proof pages' margin line numbers,
which plancoder drops by design, taken out of pdftotext's text first;
ligatures and hyphens folded on both sides, as pdftotext joins a compound
broken at a line end without its hyphen), the words plancoder has that
pdftotext lacks, the time of both, and the files either cannot read. Without pdftotext on PATH this is skipped with a message.`,
		Example: `  plancoder bench extract
  plancoder bench extract --corpus ingest/pdftext/testdata/pdf --format json
  plancoder bench extract --reference pdftotext ingest/pdftext/testdata/pdf-real`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if err := checkFormat(opts.Format); err != nil {
				return err
			}
			if opts.Reference != "" {
				if opts.Reference != "pdftotext" {
					return fmt.Errorf("--reference %q: the only reference extractor is pdftotext", opts.Reference)
				}
				dir := opts.Corpus
				if len(args) == 1 {
					dir = args[0]
				}
				if dir == "" {
					return fmt.Errorf("--reference needs a folder of PDFs: plancoder bench extract --reference pdftotext DIR")
				}
				opts.Corpus = dir
			} else if len(args) == 1 {
				if opts.Corpus != "" {
					return fmt.Errorf("give the folder once: as an argument or with --corpus")
				}
				opts.Corpus = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return runBenchExtract(opts)
		},
	}
	c.Flags().StringVar(&opts.Reference, "reference", "", "compare with this extractor instead of ground truth (pdftotext)")
	c.Flags().StringVar(&opts.Corpus, "corpus", "", "folder of PDFs with .truth.json files (default: generate one)")
	c.Flags().IntVar(&opts.Orgs, "orgs", 6, "organisations in the generated corpus")
	c.Flags().Int64Var(&opts.Seed, "seed", 1, "seed of the generated corpus")
	c.Flags().BoolVar(&opts.NoPopler, "no-pdftotext", false, "do not compare with pdftotext")
	addFormatFlag(c, &opts.Format)
	return c
}

func runBenchExtract(opts *benchExtractOptions) error {
	if opts.Reference != "" {
		return runBenchReference(opts)
	}
	dir := opts.Corpus
	if dir == "" {
		tmp, err := os.MkdirTemp("", "plancoder-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		corpus := synth.Generate(synth.Options{Orgs: opts.Orgs, Seed: opts.Seed, PDF: true})
		if err := corpus.WriteDir(tmp); err != nil {
			return err
		}
		dir = tmp
		fmt.Fprintf(opts.IO.Err, "generated %d documents in %s\n", len(corpus.Files), tmp)
	} else if abs, err := opts.Abs(dir); err == nil {
		dir = abs
	}
	poppler := ""
	if !opts.NoPopler {
		if p, err := exec.LookPath("pdftotext"); err == nil {
			poppler = p
		}
	}
	var progress func(int, string)
	scores, err := bench.Extract(opts.Ctx, dir, poppler, func(done, total int) {
		if progress == nil {
			progress = opts.progress(total, "extract")
		}
		progress(done, "")
	})
	if err != nil {
		return err
	}
	var total, ptotal truth.Score
	var ours, theirs time.Duration
	pages := 0
	for _, s := range scores {
		total = total.Add(s.Ours)
		ours += s.OursTime
		pages += s.Pages
		if s.Poppler != nil {
			ptotal = ptotal.Add(*s.Poppler)
			theirs += s.PopplerTime
		}
	}
	if opts.Format == formatJSON {
		return writeJSON(opts.IO.Out, map[string]any{"files": scores, "total": total, "total_pdftotext": ptotal,
			"plancoder_seconds": ours.Seconds(), "pdftotext_seconds": theirs.Seconds(), "pages": pages})
	}
	pct := func(x float64) string { return fmt.Sprintf("%.2f%%", 100*x) }
	header := []string{"file", "pages", "recall", "precision", "leaked", "hyphens", "headings", "ms"}
	if poppler != "" {
		header = append(header, "p.recall", "p.precision", "p.leaked", "p.hyphens", "p.ms")
	}
	t := &table{header: header}
	row := func(name string, pg int, s truth.Score, d time.Duration, p *truth.Score, pd time.Duration, errMsg string) {
		cells := []any{name, pg, pct(s.Recall()), pct(s.Precision()), fmt.Sprintf("%d/%d", s.FurnitureLeaked, s.FurnitureLines),
			pct(s.HyphenationRate()), fmt.Sprintf("%d/%d", s.HeadingsFound, s.Headings), d.Milliseconds()}
		if errMsg != "" {
			cells[2] = "error"
		}
		if poppler != "" {
			if p != nil {
				cells = append(cells, pct(p.Recall()), pct(p.Precision()), fmt.Sprintf("%d/%d", p.FurnitureLeaked, p.FurnitureLines),
					pct(p.HyphenationRate()), pd.Milliseconds())
			} else {
				cells = append(cells, "-", "-", "-", "-", "-")
			}
		}
		t.add(cells...)
	}
	for _, s := range scores {
		row(filepath.ToSlash(s.File), s.Pages, s.Ours, s.OursTime, s.Poppler, s.PopplerTime, s.OursErr)
		if s.OursErr != "" {
			fmt.Fprintf(opts.IO.Err, "plancoder: %s: %s\n", s.File, s.OursErr)
		}
	}
	var pt *truth.Score
	if poppler != "" {
		pt = &ptotal
	}
	row("TOTAL", pages, total, ours, pt, theirs, "")
	if err := t.print(opts.IO.Out, opts.Format, opts.IO.Width); err != nil {
		return err
	}
	if opts.Format == formatTable {
		fmt.Fprintf(opts.IO.Out, "\n%d files, %d pages: plancoder %.2f s (%.0f pages/s)", len(scores), pages, ours.Seconds(), float64(pages)/ours.Seconds())
		if poppler != "" && theirs > 0 {
			fmt.Fprintf(opts.IO.Out, ", pdftotext %.2f s; ratio %.2fx", theirs.Seconds(), ours.Seconds()/theirs.Seconds())
		}
		fmt.Fprintln(opts.IO.Out)
	}
	return nil
}

// runBenchReference compares plancoder with pdftotext on the PDFs in dir.
func runBenchReference(opts *benchExtractOptions) error {
	dir := opts.Corpus
	poppler, err := exec.LookPath("pdftotext")
	if err != nil {
		fmt.Fprintln(opts.IO.Err, "bench extract: skipped: pdftotext is not installed (on Debian/Ubuntu: apt-get install poppler-utils)")
		return nil
	}
	if abs, err := opts.Abs(dir); err == nil {
		dir = abs
	}
	var progress func(int, string)
	scores, err := bench.Reference(opts.Ctx, dir, poppler, func(done, total int) {
		if progress == nil {
			progress = opts.progress(total, "extract")
		}
		progress(done, "")
	})
	if err != nil {
		return err
	}
	var total truth.Overlap
	var ours, theirs time.Duration
	var oursFailed, refFailed, refEmpty []string
	for _, s := range scores {
		total = total.Add(s.Words)
		ours += s.OursTime
		theirs += s.RefTime
		switch {
		case s.RefErr != "":
			refFailed = append(refFailed, s.File)
		case s.Words.RefWords == 0:
			refEmpty = append(refEmpty, s.File)
		}
		if s.OursErr != "" {
			oursFailed = append(oursFailed, s.File)
		}
	}
	if opts.Format == formatJSON {
		return writeJSON(opts.IO.Out, map[string]any{"files": scores, "total": total, "recall": total.Recall(),
			"plancoder_seconds": ours.Seconds(), "pdftotext_seconds": theirs.Seconds(),
			"plancoder_failed": oursFailed, "pdftotext_failed": refFailed, "pdftotext_no_words": refEmpty})
	}
	pct := func(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }
	t := &table{header: []string{"file", "pages", "p.words", "words", "recall", "extra", "ms", "p.ms", "error"}}
	for _, s := range scores {
		msg := s.OursErr
		if s.RefErr != "" {
			msg = strings.TrimSpace(msg + " (pdftotext: " + s.RefErr + ")")
		}
		recall := pct(s.Words.Recall())
		if s.Words.RefWords == 0 {
			recall = "-"
		}
		t.add(filepath.ToSlash(s.File), s.Pages, s.Words.RefWords, s.Words.OurWords, recall, s.Words.ExtraOurs,
			s.OursTime.Milliseconds(), s.RefTime.Milliseconds(), msg)
	}
	t.add("TOTAL", "", total.RefWords, total.OurWords, pct(total.Recall()), total.ExtraOurs, ours.Milliseconds(), theirs.Milliseconds(), "")
	if err := t.print(opts.IO.Out, opts.Format, opts.IO.Width); err != nil {
		return err
	}
	if opts.Format == formatTable {
		fmt.Fprintf(opts.IO.Out, "\n%d files: recall of pdftotext's words %s, extra words %s of ours; plancoder %.2f s, pdftotext %.2f s, ratio %.2fx\n",
			len(scores), pct(total.Recall()), pct(float64(total.ExtraOurs)/float64(max(total.OurWords, 1))),
			ours.Seconds(), theirs.Seconds(), ours.Seconds()/max(theirs.Seconds(), 1e-9))
		fmt.Fprintf(opts.IO.Out, "plancoder cannot read %d: %s\n", len(oursFailed), strings.Join(oursFailed, ", "))
		fmt.Fprintf(opts.IO.Out, "pdftotext cannot read %d: %s\n", len(refFailed), strings.Join(refFailed, ", "))
		fmt.Fprintf(opts.IO.Out, "pdftotext finds no words in %d: %s\n", len(refEmpty), strings.Join(refEmpty, ", "))
	}
	return nil
}

// benchIngestOptions are the parsed arguments of `plancoder bench ingest`.
type benchIngestOptions struct {
	runIO
	Orgs     int
	MinPages int
	Seed     int64
	Jobs     int
	Keep     string
	Format   string
	// NoPdftotext skips the comparison with pdftotext.
	NoPdftotext bool
}

func newCmdBenchIngest(f *Factory, runF func(*benchIngestOptions) error) *cobra.Command {
	opts := &benchIngestOptions{runIO: newRunIO(f)}
	c := &cobra.Command{
		Use:   "ingest",
		Short: "Time a generated PDF corpus through the whole ingest pipeline",
		Long: `Generate a PDF corpus (by default 131 organisations whose plans have at least
70 pages, about 9,000 pages in all), then time extraction, cleaning,
fragmenting, storing and indexing for search into a fresh project, as
'plancoder ingest' does it, and report pages per second and peak memory.
Generation is not timed. When pdftotext (poppler-utils) is installed, it reads
the same PDFs with as many processes at once as --jobs, before and after our
run, and the ratio of our time to its mean time is printed. The index is
checked afterwards: every fragment must be searchable.`,
		Example: `  plancoder bench ingest
  plancoder bench ingest --orgs 10 --min-pages 20 --format json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if err := checkFormat(opts.Format); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runBenchIngest(opts)
		},
	}
	c.Flags().IntVar(&opts.Orgs, "orgs", 131, "organisations")
	c.Flags().IntVar(&opts.MinPages, "min-pages", 70, "minimum pages per plan")
	c.Flags().Int64Var(&opts.Seed, "seed", 1, "seed of the generated corpus")
	c.Flags().IntVarP(&opts.Jobs, "jobs", "j", runtime.NumCPU(), "files extracted in parallel (and pdftotext processes)")
	c.Flags().StringVar(&opts.Keep, "keep", "", "keep the corpus and project in this folder")
	c.Flags().BoolVar(&opts.NoPdftotext, "no-pdftotext", false, "do not compare with pdftotext")
	addFormatFlag(c, &opts.Format)
	return c
}

// benchCorpus writes a generated corpus to keep/corpus, or to a temporary
// folder that cleanup removes, and returns the folder holding it.
func benchCorpus(abs func(string) (string, error), keep string, o synth.Options) (dir string, corpus synth.Corpus, cleanup func(), err error) {
	cleanup = func() {}
	if keep == "" {
		if dir, err = os.MkdirTemp("", "plancoder-bench-"); err != nil {
			return "", synth.Corpus{}, cleanup, err
		}
		cleanup = func() { os.RemoveAll(dir) }
	} else if dir, err = abs(keep); err != nil {
		dir, err = keep, nil
	}
	corpus = synth.Generate(o)
	if err := corpus.WriteDir(filepath.Join(dir, "corpus")); err != nil {
		cleanup()
		return "", synth.Corpus{}, func() {}, err
	}
	return dir, corpus, cleanup, nil
}

func runBenchIngest(opts *benchIngestOptions) error {
	start := time.Now()
	dir, corpus, cleanup, err := benchCorpus(opts.Abs, opts.Keep, synth.Options{Orgs: opts.Orgs, Seed: opts.Seed, PDF: true, MinPages: opts.MinPages})
	if err != nil {
		return err
	}
	defer cleanup()
	fmt.Fprintf(opts.IO.Err, "generated %d documents in %.1f s\n", len(corpus.Files), time.Since(start).Seconds())
	poppler := ""
	if !opts.NoPdftotext {
		if p, err := exec.LookPath("pdftotext"); err == nil {
			poppler = p
		} else {
			fmt.Fprintln(opts.IO.Err, "bench ingest: pdftotext is not installed (on Debian/Ubuntu: apt-get install poppler-utils); no comparison")
		}
	}
	var progress func(int, string)
	res, err := bench.Ingest(opts.Ctx, filepath.Join(dir, "project"), filepath.Join(dir, "corpus"), opts.Jobs, poppler,
		func(done, total int, _ string) {
			if progress == nil {
				progress = opts.progress(total, "ingest")
			}
			progress(done, "")
		})
	if err != nil {
		return err
	}
	if res.PdftotextError != "" {
		fmt.Fprintf(opts.IO.Err, "bench ingest: %s\n", res.PdftotextError)
	}
	if opts.Format == formatJSON {
		return writeJSON(opts.IO.Out, res)
	}
	t := &table{header: []string{"measure", "value"}}
	t.add("documents", res.Documents)
	t.add("pages", res.Pages)
	t.add("fragments", res.Fragments)
	t.add("failed", res.Failed)
	t.add("seconds (ingest + index)", fmt.Sprintf("%.1f", res.Seconds))
	t.add("pages/s", fmt.Sprintf("%.0f", res.PagesPerSecond))
	if res.PdftotextSeconds > 0 {
		t.add(fmt.Sprintf("pdftotext seconds (%d PDFs, %d at once)", res.PDFs, res.Jobs), fmt.Sprintf("%.1f", res.PdftotextSeconds))
		t.add("ratio to pdftotext", fmt.Sprintf("%.2fx", res.Ratio))
	}
	t.add("fragments indexed", res.Indexed)
	complete := "yes"
	if !res.Complete {
		complete = "NO: run 'plancoder check' on a kept project (--keep)"
	}
	t.add("index complete", complete)
	t.add("peak memory (MiB)", res.PeakRSSMiB)
	t.add("database (MiB)", res.StoreMiB)
	t.add("index (MiB)", res.IndexMiB)
	if err := t.print(opts.IO.Out, opts.Format, opts.IO.Width); err != nil {
		return err
	}
	if !res.Complete {
		return fmt.Errorf("bench ingest: the index is not complete: %d of %d fragments indexed", res.Indexed, res.Fragments)
	}
	return nil
}

// benchSearchOptions are the parsed arguments of `plancoder bench search`.
type benchSearchOptions struct {
	runIO
	Orgs     int
	MinPages int
	Seed     int64
	Queries  int
	Keep     string
	Format   string
}

func newCmdBenchSearch(f *Factory, runF func(*benchSearchOptions) error) *cobra.Command {
	opts := &benchSearchOptions{runIO: newRunIO(f)}
	c := &cobra.Command{
		Use:   "search",
		Short: "Time indexing and a mixed set of searches on a generated corpus",
		Long: `Generate a corpus (by default about 9,000 pages), ingest it, time building the
search index from the store (fragments per second), then time a mixed set of
queries drawn from the corpus (terms, required pairs, phrases, prefixes, half
of them with a filter) in process, and print the latency distribution and the
index size as a ratio to the text size.`,
		Example: `  plancoder bench search
  plancoder bench search --orgs 20 --min-pages 20 --queries 500 --format json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if err := checkFormat(opts.Format); err != nil {
				return err
			}
			if opts.Queries < 1 {
				return usagef("--queries must be at least 1")
			}
			if runF != nil {
				return runF(opts)
			}
			return runBenchSearch(opts)
		},
	}
	c.Flags().IntVar(&opts.Orgs, "orgs", 131, "organisations")
	c.Flags().IntVar(&opts.MinPages, "min-pages", 70, "minimum pages per plan")
	c.Flags().Int64Var(&opts.Seed, "seed", 1, "seed of the corpus and the queries")
	c.Flags().IntVar(&opts.Queries, "queries", 200, "number of queries")
	c.Flags().StringVar(&opts.Keep, "keep", "", "keep the corpus and project in this folder")
	addFormatFlag(c, &opts.Format)
	return c
}

func runBenchSearch(opts *benchSearchOptions) error {
	dir, _, cleanup, err := benchCorpus(opts.Abs, opts.Keep, synth.Options{Orgs: opts.Orgs, Seed: opts.Seed, PDF: true, MinPages: opts.MinPages})
	if err != nil {
		return err
	}
	defer cleanup()
	bars := map[string]func(int, string){}
	res, err := bench.Search(opts.Ctx, filepath.Join(dir, "project"), filepath.Join(dir, "corpus"), opts.Queries, uint64(opts.Seed), runtime.NumCPU(),
		func(stage string, done, total int) {
			if bars[stage] == nil {
				bars[stage] = opts.progress(total, stage)
			}
			bars[stage](done, "")
		})
	if err != nil {
		return err
	}
	if opts.Format == formatJSON {
		return writeJSON(opts.IO.Out, res)
	}
	t := &table{header: []string{"measure", "value"}}
	t.add("documents", res.Documents)
	t.add("pages", res.Pages)
	t.add("fragments", res.Fragments)
	t.add("index build (s)", fmt.Sprintf("%.1f", res.IndexSeconds))
	t.add("fragments/s indexed", fmt.Sprintf("%.0f", res.FragmentsPerSec))
	t.add("text (MiB)", fmt.Sprintf("%.1f", res.TextMiB))
	t.add("index (MiB)", fmt.Sprintf("%.1f", res.IndexMiB))
	t.add("index / text", fmt.Sprintf("%.2f", res.IndexRatio))
	t.add("queries", res.Queries)
	t.add("p50 (ms)", fmt.Sprintf("%.2f", res.P50ms))
	t.add("p90 (ms)", fmt.Sprintf("%.2f", res.P90ms))
	t.add("p99 (ms)", fmt.Sprintf("%.2f", res.P99ms))
	t.add("max (ms)", fmt.Sprintf("%.2f", res.MaxMs))
	var kinds []string
	for k := range res.ByKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		t.add("p50 "+k+" (ms)", fmt.Sprintf("%.2f", res.ByKind[k]))
	}
	return t.print(opts.IO.Out, opts.Format, opts.IO.Width)
}

// benchServeOptions are the parsed arguments of `plancoder bench serve`.
type benchServeOptions struct {
	runIO
	Orgs     int
	MinPages int
	Seed     int64
	Coders   int
	Readers  int
	Duration time.Duration
	Interval time.Duration
	Keep     string
	Format   string
}

func newCmdBenchServe(f *Factory, runF func(*benchServeOptions) error) *cobra.Command {
	opts := &benchServeOptions{runIO: newRunIO(f)}
	c := &cobra.Command{
		Use:   "serve",
		Short: "Put the web server under load: coders saving, readers loading pages",
		Long: `Build a demo project (generated plans, the example codebook), serve it on a
loopback address, and run simulated coders (each logs in, codes a document
and toggles a code every --interval, moving on now and then) and simulated
readers (theme and matrix pages, one every --interval) for --duration. It
prints the p50, p99 and largest latency of a save (answered once the store
has it) and of the pages, the errors, and the codings lost or duplicated:
afterwards every coder's codings in the store are compared with what the
server acknowledged. Peak RSS is that of this process, server and simulated
browsers together. --orgs 131 --min-pages 70 gives the 9,000-page corpus
(its ingest takes minutes); the default is the demo's size. With --keep, a
project kept there by an earlier run is measured again instead of rebuilt.`,
		Example: `  plancoder bench serve
  plancoder bench serve --coders 10 --readers 20 --duration 60s --format json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if err := checkFormat(opts.Format); err != nil {
				return err
			}
			if opts.Coders < 1 || opts.Readers < 0 || opts.Duration <= 0 || opts.Interval <= 0 || opts.Orgs < 1 || opts.MinPages < 0 {
				return usagef("--orgs and --coders must be at least 1, --readers and --min-pages 0 or more, --duration and --interval positive")
			}
			if runF != nil {
				return runF(opts)
			}
			return runBenchServe(opts)
		},
	}
	c.Flags().IntVar(&opts.Orgs, "orgs", 12, "organisations in the generated project")
	c.Flags().IntVar(&opts.MinPages, "min-pages", 0, "minimum pages per plan (0: the demo's)")
	c.Flags().Int64Var(&opts.Seed, "seed", 1, "seed of the generated project")
	c.Flags().IntVar(&opts.Coders, "coders", 10, "simulated coders")
	c.Flags().IntVar(&opts.Readers, "readers", 20, "simulated readers")
	c.Flags().DurationVar(&opts.Duration, "duration", 60*time.Second, "how long the load runs")
	c.Flags().DurationVar(&opts.Interval, "interval", 200*time.Millisecond, "pause between two actions of one simulated user")
	c.Flags().StringVar(&opts.Keep, "keep", "", "build the project in this folder and keep it")
	addFormatFlag(c, &opts.Format)
	return c
}

func runBenchServe(opts *benchServeOptions) error {
	dir := opts.Keep
	if dir == "" {
		tmp, err := os.MkdirTemp("", "plancoder-bench-serve-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if abs, err := opts.Abs(dir); err == nil {
		dir = abs
	}
	// A project kept by an earlier run is measured again, not rebuilt:
	// the 9,000-page one takes minutes to build.
	p, err := project.Find(filepath.Join(dir, "project"), "", "")
	if opts.Keep != "" && err == nil {
		fmt.Fprintf(opts.IO.Err, "bench serve: measuring the project kept in %s (remove it to build a new one)\n", p.Dir)
	} else {
		progress := opts.progress(opts.Orgs, "demo")
		p, _, err = demo.Demo(opts.Ctx, filepath.Join(dir, "project"), demo.Options{Orgs: opts.Orgs, MinPages: opts.MinPages, Seed: opts.Seed, Actor: "bench",
			Progress: func(done, total int, path string) { progress(done, path) }})
		if err != nil {
			return err
		}
	}
	res, err := web.Bench(opts.Ctx, p, web.BenchOptions{Coders: opts.Coders, Readers: opts.Readers, Duration: opts.Duration,
		Interval: opts.Interval, Codes: []string{"VERBIND", "FIN", "VRIJW", "DIGI", "PERS"}, RSS: bench.RSSMiB})
	if err != nil {
		return err
	}
	rss := bench.PeakRSSMiB()
	if opts.Format == formatJSON {
		return writeJSON(opts.IO.Out, struct {
			web.BenchResult
			PeakRSSMiB int64 `json:"peak_rss_mib"`
		}{res, rss})
	}
	t := &table{header: []string{"request", "n", "p50 ms", "p99 ms", "max ms", "errors"}}
	for _, r := range []struct {
		name string
		l    web.Latency
	}{{"save (toggle)", res.Save}, {"theme page", res.Theme}, {"matrix page", res.Matrix}} {
		t.add(r.name, r.l.N, fmt.Sprintf("%.1f", r.l.P50MS), fmt.Sprintf("%.1f", r.l.P99MS), fmt.Sprintf("%.1f", r.l.MaxMS), r.l.Errors)
	}
	if err := t.print(opts.IO.Out, opts.Format, opts.IO.Width); err != nil {
		return err
	}
	if opts.Format == formatTable {
		fmt.Fprintf(opts.IO.Out, "\ncodings the coders left on: %d; lost %d, not acknowledged %d\nRSS under load (server and simulated browsers): %d MiB, of it %d MiB their own memory, the rest mapped project files; peak %d MiB\ngarbage collections under load: %d\nfirst load of the pages before the clock (cold): %.0f ms\n",
			res.Expected, res.Lost, res.Extra, res.RSSMiB, res.AnonMiB, rss, res.GCCycles, res.FirstLoadMS)
	}
	if res.Lost+res.Extra > 0 {
		return fmt.Errorf("bench serve: %d codings lost, %d not acknowledged", res.Lost, res.Extra)
	}
	return nil
}
