package project

import (
	"context"
	"errors"
	"fmt"
	_ "github.com/plancoder/plancoder/ingest/pdftext" // registers the PDF reader with ingest
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/store"
)

// File outcomes of an ingest.
const (
	StatusAdded     = "added"
	StatusReplaced  = "replaced"
	StatusUnchanged = "unchanged"
	// StatusUpdated is an unchanged file whose flags or manifest row gave
	// other metadata than the stored document has.
	StatusUpdated = "updated"
	StatusFailed  = "failed"
)

// IngestOptions configure a batch ingest.
type IngestOptions struct {
	Jobs    []ingest.Job
	Workers int    // parallel extractions; 0 means the number of CPUs
	Actor   string // recorded in the event log
	// Progress, when set, is called after each file from one goroutine.
	Progress func(done, total int, path string)
	// Originals, when set, gives the path where the original of a stored
	// PDF is kept (Project.OriginalPath), so that the web interface can
	// open it at a fragment's page; "" keeps none.
	Originals func(sha256, source string) string
	// Index, when set, is brought up to date while the files are read:
	// stored documents are indexed from memory alongside extraction, and
	// what else the store noted for the index is applied at the end.
	Index *index.Index
}

// FileReport is the outcome for one file.
type FileReport struct {
	Path      string   `json:"path"`
	Doc       string   `json:"doc,omitempty"`
	Status    string   `json:"status"`
	Pages     int      `json:"pages"`
	Fragments int      `json:"fragments"`
	Warnings  []string `json:"warnings,omitempty"`
	Error     string   `json:"error,omitempty"`
	// Kept and Orphaned count codings carried over or orphaned on replace.
	Kept     int `json:"codings_kept,omitempty"`
	Orphaned int `json:"codings_orphaned,omitempty"`
	// Remap says how the references of a replaced document followed their
	// text (split, merged, edited paragraphs; orphans; re-attached orphans).
	Remap *store.RemapReport `json:"remap,omitempty"`
}

// IngestSummary totals a batch.
type IngestSummary struct {
	Files     int          `json:"files"`
	Added     int          `json:"added"`
	Replaced  int          `json:"replaced"`
	Unchanged int          `json:"unchanged"`
	Updated   int          `json:"updated"`
	Failed    int          `json:"failed"`
	Pages     int          `json:"pages"`
	Fragments int          `json:"fragments"`
	Reports   []FileReport `json:"reports"`
	// IndexError says why the search index (IngestOptions.Index) could not
	// be brought up to date; the store noted what it lacks, and the next
	// open of the index applies it.
	IndexError string `json:"index_error,omitempty"`
}

// Ingest reads every job, extracting with opts.Workers goroutines, and
// stores the files in batches, one transaction per batch written by one
// goroutine while the next files are extracted: a bad file is reported,
// writes nothing, and the batch goes on. Two files that map to the same
// document ID both fail, since keeping either would be a guess.
func Ingest(ctx context.Context, s *store.Store, opts IngestOptions) (IngestSummary, error) {
	var sum IngestSummary
	sum.Files = len(opts.Jobs)
	byID := map[string][]string{}
	// What flags and the manifest gave, before guesses from file names fill
	// the gaps: only these values may change an existing document.
	explicit := map[string]ingest.Meta{}
	for i, j := range opts.Jobs {
		explicit[j.Path] = j.Meta
		opts.Jobs[i].Meta = j.Meta.WithDefaults(j.Path)
		id := opts.Jobs[i].Meta.ID
		byID[id] = append(byID[id], j.Path)
	}
	clash := func(j ingest.Job) error {
		paths := byID[j.Meta.ID]
		if len(paths) < 2 {
			return nil
		}
		var others []string
		for _, p := range paths {
			if p != j.Path {
				others = append(others, p)
			}
		}
		return fmt.Errorf("document ID %q is also the ID of %s: rename a file or give IDs in a manifest (column id)", j.Meta.ID, strings.Join(others, ", "))
	}
	var ok []ingest.Job
	for _, j := range opts.Jobs {
		if err := clash(j); err != nil {
			sum.Reports = append(sum.Reports, FileReport{Path: j.Path, Doc: j.Meta.ID, Status: StatusFailed, Error: err.Error()})
			continue
		}
		ok = append(ok, j)
	}
	done := len(sum.Reports)
	if opts.Progress != nil && done > 0 {
		opts.Progress(done, sum.Files, "")
	}
	defer ingestGC(ok)()
	var live *liveIndex
	if opts.Index != nil && !opts.Index.ReadOnly() {
		var err error
		if live, err = startLiveIndex(ctx, s, opts.Index); err != nil {
			sum.IndexError = err.Error()
		}
	}
	// One goroutine writes: batches of outcomes go to the store in one
	// transaction each while the workers extract the next files.
	batches := make(chan []ingest.Outcome)
	written := make(chan struct{})
	go func() {
		defer close(written)
		for b := range batches {
			for _, r := range storeBatch(ctx, s, opts.Actor, b, explicit, live) {
				sum.Reports = append(sum.Reports, r)
				done++
				if opts.Progress != nil {
					opts.Progress(done, sum.Files, r.Path)
				}
			}
		}
	}()
	var (
		cur      []ingest.Outcome
		curBytes int
		curStart time.Time
	)
	err := ingest.Process(ctx, ok, opts.Workers, s.DocumentBySHA256, func(o ingest.Outcome) error {
		if len(cur) == 0 {
			curStart = time.Now()
		}
		cur = append(cur, o)
		if o.Result != nil {
			curBytes += len(o.Result.Text)
		}
		// An unchanged or streamed file ends its batch, so it is looked at
		// after the files before it are stored, as it would be one at a time.
		if o.Unchanged != "" || o.Streamed || len(cur) >= batchDocs || curBytes >= batchBytes || time.Since(curStart) >= batchWait {
			batches <- cur
			cur, curBytes = nil, 0
		}
		return nil
	})
	if len(cur) > 0 {
		batches <- cur
	}
	close(batches)
	<-written
	if live != nil {
		ierr := live.close()
		if ierr == nil && err == nil {
			// Notes the batch did not write itself (metadata updates of
			// unchanged files, earlier interruptions).
			_, ierr = SyncIndex(ctx, s, opts.Index, nil)
		}
		if ierr != nil && sum.IndexError == "" {
			sum.IndexError = ierr.Error()
		}
	}
	if opts.Originals != nil {
		keepOriginals(s, opts.Originals, sum.Reports)
	}
	order := map[string]int{}
	for i, j := range opts.Jobs {
		order[j.Path] = i
	}
	sort.SliceStable(sum.Reports, func(a, b int) bool { return order[sum.Reports[a].Path] < order[sum.Reports[b].Path] })
	for _, r := range sum.Reports {
		switch r.Status {
		case StatusAdded:
			sum.Added++
		case StatusReplaced:
			sum.Replaced++
		case StatusUnchanged:
			sum.Unchanged++
		case StatusUpdated:
			sum.Updated++
		case StatusFailed:
			sum.Failed++
		}
		if r.Status == StatusAdded || r.Status == StatusReplaced {
			sum.Pages += r.Pages
			sum.Fragments += r.Fragments
		}
	}
	return sum, err
}

// keepOriginals copies each stored PDF to where originals says, unless a
// file is there already (the name is the content hash); a copy that fails
// is a warning on its report, since the document itself is stored.
func keepOriginals(s *store.Store, originals func(sha256, source string) string, reports []FileReport) {
	for i, r := range reports {
		if (r.Status != StatusAdded && r.Status != StatusReplaced) || !strings.EqualFold(filepath.Ext(r.Path), ".pdf") {
			continue
		}
		d, err := s.Document(r.Doc)
		if err != nil {
			continue
		}
		dest := originals(d.SHA256, d.Source)
		if dest == "" {
			continue
		}
		if _, err := os.Stat(dest); err == nil {
			continue
		}
		if err := copyFile(r.Path, dest); err != nil {
			reports[i].Warnings = append(reports[i].Warnings, fmt.Sprintf("original not kept for the web interface: %v", err))
		}
	}
}

// copyFile copies src to dest through a temporary file in dest's folder,
// so that dest appears only whole.
func copyFile(src, dest string) error {
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dest), ".original-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, in); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), dest)
}

// ingestGCPercent is the garbage collector's target during an ingest of
// small files: the heap may grow to three times the live data instead of
// two. Measured on 3,230 generated pages ingested and indexed: 17% less CPU
// (13.6 s against 15.9 s), peak memory 506 MiB against 327 MiB (the soft
// memory limit of the command still applies).
const ingestGCPercent = 200

// ingestGCMaxFile is the largest file for which ingestGCPercent is used: a
// big file's own data dominates the heap, and memory must stay near four
// times the largest input (issue 11), so it keeps the default.
const ingestGCMaxFile = 16 << 20

// roomFor raises the soft memory limit, while a file is read whole, to
// what its read needs (three times its size and 48 MiB, at most 512 MiB),
// when the limit was set lower for streamed files, and returns the
// function that restores it. Without it, a changed 50 MB text re-ingested
// under the streaming limit took twice as long in garbage collection. A
// GOMEMLIMIT set by the user is left alone.
func roomFor(path string) (restore func()) {
	fi, err := os.Stat(path)
	if os.Getenv("GOMEMLIMIT") != "" || err != nil {
		return func() {}
	}
	need := min(512<<20, 3*fi.Size()+48<<20)
	old := debug.SetMemoryLimit(-1)
	if old >= need {
		return func() {}
	}
	debug.SetMemoryLimit(need)
	return func() { debug.SetMemoryLimit(old) }
}

// setGCPercent is debug.SetGCPercent; a test watches it.
var setGCPercent = debug.SetGCPercent

// ingestGC raises the garbage collector's target for an ingest of small
// files and returns the function that restores it. A GOGC set by the user
// is left alone.
func ingestGC(jobs []ingest.Job) (restore func()) {
	if os.Getenv("GOGC") != "" || len(jobs) == 0 {
		return func() {}
	}
	if ingest.Largest(jobs) > ingestGCMaxFile {
		return func() {}
	}
	old := setGCPercent(ingestGCPercent)
	return func() { setGCPercent(old) }
}

// Bounds of a store batch: a transaction per batch, not per file, and
// little held in memory. batchWait bounds how long a file waits for the
// batch to fill, so progress keeps moving on slow files.
const (
	batchDocs  = 16
	batchBytes = 8 << 20
	batchWait  = time.Second
)

// storeBatch writes a batch of outcomes, the extracted documents in one
// transaction (see store.PutDocuments: a document that fails writes nothing
// and the others go on), and hands the stored ones to live when set. It
// returns a report per outcome, in order.
func storeBatch(ctx context.Context, s *store.Store, actor string, batch []ingest.Outcome, explicit map[string]ingest.Meta, live *liveIndex) []FileReport {
	reports := make([]FileReport, len(batch))
	var (
		docs []store.BatchDoc
		at   []int // index in batch of each of docs
	)
	for i, o := range batch {
		if o.Err != nil || o.Unchanged != "" || o.Streamed {
			continue
		}
		r, doc, err := prepare1(s, o, explicit[o.Job.Path])
		if err != nil {
			r.Status, r.Error = StatusFailed, err.Error()
			reports[i] = r
			continue
		}
		reports[i] = r
		docs = append(docs, store.BatchDoc{Doc: doc, Text: o.Result.Text, Frags: o.Result.Fragments})
		at = append(at, i)
	}
	var stored []store.BatchResult
	for k, put := range s.PutDocuments(actor, docs) {
		r := &reports[at[k]]
		if put.Err != nil {
			r.Status, r.Error = StatusFailed, put.Err.Error()
			continue
		}
		r.Status = StatusAdded
		if put.Replaced {
			r.Status = StatusReplaced
		}
		r.Pages, r.Fragments = put.Doc.Pages, len(put.Frags)
		r.Kept, r.Orphaned = put.Kept, put.Orphaned
		if put.Replaced {
			rm := put.Remap
			r.Remap = &rm
		}
		stored = append(stored, put)
	}
	if live != nil {
		live.add(stored)
	}
	for i, o := range batch {
		switch {
		case o.Streamed:
			reports[i] = storeStreamed(ctx, s, actor, o, explicit, live)
		case o.Err != nil || o.Unchanged != "":
			reports[i] = store1(s, actor, o, explicit[o.Job.Path])
		}
	}
	return reports
}

// storeStreamed reads a big plain-text file in chunks straight into a new
// document (see ingest.Stream and store.DocumentWriter), so that neither
// its text nor its fragments are ever held whole. A document that exists
// is replaced with the file read whole (its references move in one
// transaction that needs every fragment), as is a file Stream cannot read.
// The index reads the document from the store afterwards (the note the
// store wrote stays until then: see Ingest's SyncIndex).
func storeStreamed(ctx context.Context, s *store.Store, actor string, o ingest.Outcome, explicit map[string]ingest.Meta, live *liveIndex) FileReport {
	whole := func() FileReport {
		defer roomFor(o.Job.Path)()
		res, err := ingest.ReadWhole(ctx, o.Job, o.SHA256)
		return storeBatch(ctx, s, actor, []ingest.Outcome{{Job: o.Job, Result: res, Err: err}}, explicit, live)[0]
	}
	r := FileReport{Path: o.Job.Path, Doc: o.Job.Meta.ID}
	w, err := s.NewDocumentWriter(o.Job.Meta.ID)
	if errors.Is(err, store.ErrExists) {
		return whole()
	}
	if err != nil {
		r.Status, r.Error = StatusFailed, err.Error()
		return r
	}
	res, err := ingest.Stream(ctx, o.Job.Path, o.Job.Meta, o.SHA256, w.Write)
	if err != nil {
		w.Abort()
		if errors.Is(err, ingest.ErrNotStreamable) {
			return whole()
		}
		r.Status, r.Error = StatusFailed, err.Error()
		return r
	}
	put := w.Commit(actor, res.Doc)
	if put.Err != nil {
		r.Status, r.Error = StatusFailed, put.Err.Error()
		return r
	}
	r.Status, r.Pages, r.Fragments, r.Warnings = StatusAdded, put.Doc.Pages, put.Doc.Fragments, res.Warnings
	return r
}

// prepare1 checks an extracted outcome against the store and gives the
// document to write: a document ID used by another source file is refused;
// a document already stored keeps the metadata the user did not give.
func prepare1(s *store.Store, o ingest.Outcome, explicit ingest.Meta) (FileReport, store.Document, error) {
	res := o.Result
	r := FileReport{Path: o.Job.Path, Doc: o.Job.Meta.ID, Warnings: res.Warnings}
	old, err := s.Document(res.Doc.ID)
	switch {
	case err == nil && old.Source != res.Doc.Source:
		return r, store.Document{}, fmt.Errorf("document ID %q is already used by %s (ingested %s); rename the file or give an id in a manifest",
			res.Doc.ID, old.Source, old.IngestedAt.Format("2006-01-02"))
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return r, store.Document{}, err
	}
	doc := res.Doc
	if err == nil {
		doc = keepMetadata(old, doc, explicit)
	}
	return r, doc, nil
}

// store1 reports an outcome with nothing to write: a failed file, or an
// unchanged one, whose metadata it updates. explicit is the metadata the
// user gave for the file (flags, manifest); for a document already stored,
// only those values replace stored ones (see metadataEdit).
func store1(s *store.Store, actor string, o ingest.Outcome, explicit ingest.Meta) FileReport {
	r := FileReport{Path: o.Job.Path, Doc: o.Job.Meta.ID}
	fail := func(err error) FileReport {
		r.Status, r.Error = StatusFailed, err.Error()
		return r
	}
	switch {
	case o.Err != nil:
		return fail(o.Err)
	case o.Unchanged != "":
		r.Status, r.Doc = StatusUnchanged, o.Unchanged
		d, err := s.Document(o.Unchanged)
		if err != nil {
			return fail(err)
		}
		r.Pages, r.Fragments = d.Pages, d.Fragments
		if explicit.ID != "" && explicit.ID != d.ID {
			r.Warnings = append(r.Warnings, fmt.Sprintf("these bytes are already stored as document %s; id %q ignored (documents are not renamed)", d.ID, explicit.ID))
		}
		if e := metadataEdit(d, explicit); !e.Empty() {
			res, err := s.EditDocument(actor, d.ID, e)
			if err != nil {
				return fail(err)
			}
			if res.Changed {
				r.Status = StatusUpdated
			}
		}
		return r
	}
	return fail(fmt.Errorf("internal error: nothing to report for %s", o.Job.Path))
}

// metadataEdit is the change the explicit metadata makes to a stored
// document: the fields given that differ from the stored values.
func metadataEdit(d store.Document, m ingest.Meta) store.DocumentEdit {
	var e store.DocumentEdit
	if m.Org != "" && m.Org != d.Org {
		e.Org = &m.Org
	}
	if m.Type != "" && m.Type != d.Type {
		e.Type = &m.Type
	}
	if m.Period != "" && m.Period != d.Period {
		e.Period = &m.Period
	}
	if m.Year != 0 && m.Year != d.Year {
		e.Year = &m.Year
	}
	if m.Title != "" && m.Title != d.Title {
		e.Title = &m.Title
	}
	return e
}

// keepMetadata gives a replaced document the stored values of every field
// the user did not give explicitly: a value guessed from the file name (or
// the file's own title) never overwrites one set by 'docs edit' or an
// earlier explicit ingest. Attributes are never set by ingest and are kept.
func keepMetadata(old, next store.Document, m ingest.Meta) store.Document {
	if m.Org == "" {
		next.Org = old.Org
	}
	if m.Type == "" {
		next.Type = old.Type
	}
	if m.Period == "" {
		next.Period = old.Period
	}
	if m.Year == 0 {
		next.Year = old.Year
	}
	if m.Title == "" {
		next.Title = old.Title
	}
	if next.Attrs == nil {
		next.Attrs = old.Attrs
	}
	return next
}

// RelPath shortens a path for messages, relative to the working directory
// when that is shorter.
func RelPath(wd, p string) string {
	if rel, err := filepath.Rel(wd, p); err == nil && len(rel) < len(p) && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}
