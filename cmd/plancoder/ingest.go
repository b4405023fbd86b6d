package main

import (
	"context"
	"fmt"
	"io"
	"os/user"
	"runtime"
	"sort"
	"strings"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// runIO is what the runs of ingest, bench, demo, import and the
// reliability commands take from the Factory. Ctx is the command's context,
// set when the command runs.
type runIO struct {
	IO     *IOStreams
	Getenv func(string) string
	Getwd  func() (string, error)
	Abs    func(path string) (string, error)
	Store  func() (*project.Project, *store.Store, error)
	Ctx    context.Context
}

func newRunIO(f *Factory) runIO {
	return runIO{IO: f.IOStreams, Getenv: f.Getenv, Getwd: f.Getwd, Abs: f.Abs, Store: f.Store, Ctx: context.Background()}
}

// progress is newProgress for a run.
func (r runIO) progress(total int, what string) func(done int, item string) {
	return newProgress(r.IO, total, what)
}

// ingestOptions are the parsed arguments of `plancoder ingest`.
type ingestOptions struct {
	runIO
	Paths    []string
	Meta     ingest.Meta
	Manifest string
	Jobs     int
	Format   string
	OCR      string // auto, always or never
}

func newCmdIngest(f *Factory, runF func(*ingestOptions) error) *cobra.Command {
	opts := &ingestOptions{runIO: newRunIO(f)}
	c := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Read plans into the project as documents and fragments",
		Long: `Read files and folders (recursively) into the project. Supported: ` + strings.Join(ingest.Extensions(), " ") + `.
Each file becomes a document split into fragments (headings, paragraphs, list
items, tables) with section paths, pages where known, and offsets.

Metadata comes from flags (applied to every file), from a manifest CSV with
columns file,org,type,period,year,title (and optionally id), or is guessed
from file names: "socius-beleidsplan-2021-2025.pdf" gives organisation
socius, type plan, period 2021-2025, document ID socius-beleidsplan-2021-2025.
Types: plan, progress-report, annual-report, other.

Files are stored in batches (several per transaction) and indexed for search
while the next files are read: a bad file is reported, writes nothing, and the
rest of the batch goes on. Re-ingesting identical bytes
stores nothing new; a changed file replaces its document, and codings follow
their text. On a document already stored, metadata given explicitly (flags,
manifest) wins and is reported as "updated"; values only guessed from the file
name never overwrite stored ones (set by 'docs edit' or an earlier explicit
ingest). Exit status 1 if any file failed.

PDF pages without a text layer (scans) are read by OCR with --ocr auto (the
default): tesseract with Dutch data renders the page text, and its fragments
carry "ocr": true and tesseract's mean word confidence. --ocr always reads
every page by OCR (for PDFs with a garbled text layer); --ocr never reports
such pages as needing OCR. OCR needs the Debian packages tesseract-ocr,
tesseract-ocr-nld and poppler-utils.`,
		Example: `  plancoder ingest plans/
  plancoder ingest --org socius --type plan --period 2021-2025 plan.docx
  plancoder ingest --manifest plans/manifest.csv
  plancoder ingest --jobs 2 --format json plans/ > ingest.json
  plancoder ingest --ocr always scanned-plan.pdf`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			opts.Paths = args
			if len(args) == 0 && opts.Manifest == "" {
				return usagef("ingest: name files or folders, or --manifest FILE.csv")
			}
			if opts.Meta.Org != "" {
				opts.Meta.Org = ingest.Slug(opts.Meta.Org)
			}
			if err := opts.Meta.Validate(); err != nil {
				return usagef("ingest: %v", err)
			}
			if opts.Meta.ID != "" && (len(args) != 1 || opts.Manifest != "") {
				return usagef("ingest: --id names one document; give exactly one file")
			}
			if err := checkFormat(opts.Format); err != nil {
				return err
			}
			if _, err := ingest.ParseOCRMode(opts.OCR); err != nil {
				return usagef("ingest: --ocr: %v", err)
			}
			if runF != nil {
				return runF(opts)
			}
			return runIngest(opts)
		},
	}
	fl := c.Flags()
	fl.StringVar(&opts.Meta.Org, "org", "", "organisation ID of every file")
	fl.StringVar(&opts.Meta.Type, "type", "", "document type: plan, progress-report, annual-report or other")
	fl.StringVar(&opts.Meta.Period, "period", "", "policy period, e.g. 2021-2025")
	fl.IntVar(&opts.Meta.Year, "year", 0, "year the document is about")
	fl.StringVar(&opts.Meta.Title, "title", "", "document title")
	fl.StringVar(&opts.Meta.ID, "id", "", "document ID (one file only; default: slug of the file name)")
	fl.StringVar(&opts.Meta.Lang, "lang", "", "main language of the files: nl (default), en or fr; passages in another of these are detected")
	fl.StringVar(&opts.Manifest, "manifest", "", "CSV with columns file,org,type,period,year,title[,id]")
	fl.StringVar(&opts.OCR, "ocr", string(ingest.OCRAuto), "OCR of PDF pages: auto (pages without a text layer), always (every page) or never; needs tesseract and pdftoppm")
	fl.IntVarP(&opts.Jobs, "jobs", "j", runtime.NumCPU(), "files extracted in parallel")
	addFormatFlag(c, &opts.Format)
	return c
}

// actor names who makes a change in the event log.
// actorName is actor for a run that has only the environment's Getenv.
func actorName(getenv func(string) string) string {
	if c := getenv("PLANCODER_CODER"); c != "" {
		return c
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

func runIngest(opts *ingestOptions) error {
	var problems []error
	var jobs []ingest.Job
	if opts.Manifest != "" {
		mj, rowErrs, err := ingest.ReadManifest(opts.Manifest)
		if err != nil {
			return fmt.Errorf("manifest: %w", err)
		}
		jobs = append(jobs, mj...)
		problems = append(problems, rowErrs...)
	}
	pj, skipped, errs := ingest.Expand(opts.Paths, opts.Meta)
	jobs = append(jobs, pj...)
	problems = append(problems, errs...)

	p, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()

	fitIngestMemoryLimit(opts.Getenv, jobs)
	wd, _ := opts.Getwd()
	progress := opts.progress(len(jobs), "ingest")
	mode, _ := ingest.ParseOCRMode(opts.OCR) // checked in RunE
	// The index is brought up to date while the files are read; when it
	// cannot be opened, the store notes what it lacks for the next open.
	x, xerr := openIndex(opts.Ctx, opts.IO, p, s)
	if xerr == nil {
		defer x.Close()
	}
	sum, err := project.Ingest(ingest.WithOCR(opts.Ctx, mode), s, project.IngestOptions{
		Jobs: jobs, Workers: opts.Jobs, Actor: actorName(opts.Getenv), Index: x, Originals: p.OriginalPath,
		Progress: func(done, total int, path string) { progress(done, path) },
	})
	if err != nil {
		return fmt.Errorf("ingest into %s: %w", p.Dir, err)
	}
	if sum.Added+sum.Replaced+sum.Updated > 0 {
		switch {
		case xerr != nil:
			fmt.Fprintf(opts.IO.Err, "plancoder: warning: search index not updated now (%v); it is brought up to date the next time it is opened\n", xerr)
		case sum.IndexError != "":
			fmt.Fprintf(opts.IO.Err, "plancoder: warning: search index not updated now (%s); it is brought up to date the next time it is opened\n", sum.IndexError)
		}
	}
	errOut := opts.IO.Err
	for _, e := range problems {
		fmt.Fprintf(errOut, "plancoder: %v\n", e)
	}
	if opts.Format == formatJSON {
		type out struct {
			project.IngestSummary
			Problems []string       `json:"problems,omitempty"`
			Skipped  map[string]int `json:"skipped_extensions,omitempty"`
		}
		o := out{IngestSummary: sum, Skipped: skipped}
		for _, e := range problems {
			o.Problems = append(o.Problems, e.Error())
		}
		if err := writeJSON(opts.IO.Out, o); err != nil {
			return err
		}
	} else {
		t := &table{header: []string{"status", "doc", "pages", "fragments", "file"}, wide: 4}
		for _, r := range sum.Reports {
			rel := project.RelPath(wd, r.Path)
			for _, w := range r.Warnings {
				fmt.Fprintf(errOut, "plancoder: warning: %s: %s\n", rel, w)
			}
			if r.Status == project.StatusFailed {
				fmt.Fprintf(errOut, "plancoder: ingest %s: %s\n", rel, r.Error)
			}
			t.add(r.Status, r.Doc, r.Pages, r.Fragments, rel)
			remapNotes(errOut, rel, r)
		}
		if opts.Format == formatCSV {
			if err := t.print(opts.IO.Out, formatCSV, 0); err != nil {
				return err
			}
		} else {
			if err := t.print(opts.IO.Out, formatTable, opts.IO.Width); err != nil {
				return err
			}
			updated := ""
			if sum.Updated > 0 {
				updated = fmt.Sprintf("%d updated, ", sum.Updated)
			}
			fmt.Fprintf(opts.IO.Out, "\n%d files: %d added, %d replaced, %s%d unchanged, %d failed; %d pages, %d fragments stored\n",
				sum.Files, sum.Added, sum.Replaced, updated, sum.Unchanged, sum.Failed, sum.Pages, sum.Fragments)
			if len(skipped) > 0 {
				var exts []string
				for x, n := range skipped {
					if x == "" {
						x = "(no extension)"
					}
					exts = append(exts, fmt.Sprintf("%s %d", x, n))
				}
				sort.Strings(exts)
				fmt.Fprintf(opts.IO.Out, "skipped unsupported files in folders: %s\n", strings.Join(exts, ", "))
			}
		}
	}
	if sum.Unchanged == sum.Files && sum.Files > 0 {
		fmt.Fprintln(errOut, "nothing changed: every file was already ingested with the same bytes")
	}
	if sum.Failed > 0 || len(problems) > 0 {
		return silentError{}
	}
	if sum.Files == 0 {
		fmt.Fprintln(errOut, "plancoder: no files to ingest")
		return silentError{}
	}
	return nil
}

// remapNotes tells what a re-ingest did to the references of a document:
// paragraphs found split, merged or edited, and references kept as orphans.
func remapNotes(w io.Writer, rel string, r project.FileReport) {
	m := r.Remap
	if m == nil {
		return
	}
	if m.Split+m.Merged+m.Edited > 0 {
		fmt.Fprintf(w, "plancoder: note: %s: text found again split (%d), merged (%d) or edited (%d); codings, memos and sample units followed it\n",
			rel, m.Split, m.Merged, m.Edited)
		for i, e := range m.Edits {
			if i == 5 {
				fmt.Fprintf(w, "plancoder: note: %s: ... and %d more edited paragraphs\n", rel, len(m.Edits)-5)
				break
			}
			fmt.Fprintf(w, "plancoder: note: %s: %s matched as edited text of %s\n", rel, e[1], e[0])
		}
	}
	if m.Reattached > 0 {
		fmt.Fprintf(w, "plancoder: note: %s: %d orphans found their text again and were re-attached\n", rel, m.Reattached)
	}
	if m.Orphaned > 0 {
		fmt.Fprintf(w, "plancoder: warning: %s: %d codings, memos or sample units lost their text and were kept as orphans; see 'plancoder orphans'\n", rel, m.Orphaned)
	}
}
