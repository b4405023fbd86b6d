package project

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

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
}

// Ingest reads every job and stores each file in its own transaction: a bad
// file is reported, writes nothing, and the batch goes on. Two files that map
// to the same document ID both fail, since keeping either would be a guess.
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
	err := ingest.Process(ctx, ok, opts.Workers, s.DocumentBySHA256, func(o ingest.Outcome) error {
		r := store1(s, opts.Actor, o, explicit[o.Job.Path])
		sum.Reports = append(sum.Reports, r)
		done++
		if opts.Progress != nil {
			opts.Progress(done, sum.Files, o.Job.Path)
		}
		return nil
	})
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

// store1 writes one outcome and reports it. explicit is the metadata the
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
	res := o.Result
	r.Warnings = res.Warnings
	old, err := s.Document(res.Doc.ID)
	switch {
	case err == nil && old.Source != res.Doc.Source:
		return fail(fmt.Errorf("document ID %q is already used by %s (ingested %s); rename the file or give an id in a manifest",
			res.Doc.ID, old.Source, old.IngestedAt.Format("2006-01-02")))
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return fail(err)
	}
	doc := res.Doc
	if err == nil {
		doc = keepMetadata(old, doc, explicit)
	}
	put, err := s.PutDocument(actor, doc, res.Text, res.Fragments)
	if err != nil {
		return fail(err)
	}
	r.Status = StatusAdded
	if put.Replaced {
		r.Status = StatusReplaced
	}
	r.Pages, r.Fragments = res.Doc.Pages, len(res.Fragments)
	r.Kept, r.Orphaned = put.Kept, put.Orphaned
	if put.Replaced {
		r.Remap = &put.Remap
	}
	return r
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
