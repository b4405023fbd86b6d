package project

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"github.com/plancoder/plancoder/citation"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
)

// batchFragments is how many fragments go into one index batch: the
// measured sweet spot for Bleve (memory grows with batch size, throughput
// does not).
// It is a var, as applyBatch is, so that a test can watch the batches.
var batchFragments = 2500

// batchTextBytes bounds the text in one index batch as well: Bleve holds a
// batch's analysis in memory, and 2,500 fragments of 8 KiB (a text without
// paragraphs) took 300 MB where 2,500 paragraphs of policy prose take 1 MB.
var batchTextBytes = 2 << 20

// lowMemoryBatch is batchFragments under a soft memory limit below 256
// MiB (an ingest that streams a big text): Bleve's analysis of a batch
// costs about 12 KB a fragment (29 MB for 2,500).
const lowMemoryBatch = 1000

// batchSize is how many fragments one index batch takes now.
func batchSize() int {
	if debug.SetMemoryLimit(-1) < 256<<20 {
		return min(batchFragments, lowMemoryBatch)
	}
	return batchFragments
}

// applyBatch writes one batch to the index.
var applyBatch = (*index.Index).Apply

// OpenIndex opens the project's search index and brings it up to date with
// the store: changes the index has not seen (after a crash, say) are
// applied; a missing index is built; a damaged one that plancoder made is
// moved aside (said through Warn) and rebuilt. A read-only store or index
// folder opens the index read-only as it is. progress may be nil.
func (p *Project) OpenIndex(ctx context.Context, s *store.Store, progress func(done, total int)) (*index.Index, error) {
	ro := s.ReadOnly()
	x, err := index.OpenWith(p.IndexDir(), index.Options{Timeout: p.lockTimeout(), ReadOnly: ro})
	switch {
	case errors.Is(err, index.ErrBusy):
		return nil, fmt.Errorf("project %s is %w; try again when it has finished", p.Dir, ErrBusy)
	case errors.Is(err, index.ErrReadOnly) && !ro:
		x, err = index.OpenWith(p.IndexDir(), index.Options{Timeout: p.lockTimeout(), ReadOnly: true})
		if err != nil {
			return nil, err
		}
		p.warn("the search index %s is read-only: searching it as it is, store changes reach it once it is writable", p.IndexDir())
	case errors.Is(err, index.ErrDamaged) && !ro && index.Owned(p.IndexDir()):
		aside := p.IndexDir() + ".damaged-" + time.Now().Format("20060102-150405")
		if rerr := os.Rename(p.IndexDir(), aside); rerr != nil {
			return nil, fmt.Errorf("%w; it could not be moved aside: %v", err, rerr)
		}
		p.warn("%v\nmoved the damaged index aside to %s and rebuilding it from the store", err, aside)
		x, err = index.Open(p.IndexDir(), p.lockTimeout())
		if err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
	}
	if stale, serr := x.Stale(); serr != nil {
		x.Close()
		return nil, serr
	} else if stale && !x.ReadOnly() {
		// An index built with another analysis holds other terms than
		// searches ask for: rebuild it (it is derived data plancoder made).
		v, _ := x.Analyzer()
		x.Close()
		p.warn("the search index was built with an older word analysis or field layout (version %d, now %d): rebuilding it from the store", v, index.AnalyzerVersion)
		if err := os.RemoveAll(p.IndexDir()); err != nil {
			return nil, fmt.Errorf("rebuild the index %s: %w", p.IndexDir(), err)
		}
		if x, err = index.Open(p.IndexDir(), p.lockTimeout()); err != nil {
			return nil, err
		}
	}
	if x.ReadOnly() {
		return x, nil
	}
	gen, err := x.Generation()
	if err != nil {
		x.Close()
		return nil, err
	}
	if gen == 0 {
		// A new index: everything in the store is unseen.
		if err := s.MarkAllPending(); err != nil {
			x.Close()
			return nil, err
		}
	}
	if _, err := SyncIndex(ctx, s, x, progress); err != nil {
		x.Close()
		return nil, err
	}
	if gen == 0 {
		if err := x.SetGeneration(1); err != nil {
			x.Close()
			return nil, err
		}
	}
	return x, nil
}

func (p *Project) warn(format string, a ...any) {
	if p.Warn != nil {
		p.Warn(fmt.Sprintf(format, a...))
	}
}

func (p *Project) lockTimeout() time.Duration {
	if p.LockTimeout > 0 {
		return p.LockTimeout
	}
	return 3 * time.Second
}

// SyncIndex applies the store's pending changes to the index in batches and
// clears each note once its batch is durable. It returns the number of
// fragments indexed.
func SyncIndex(ctx context.Context, s *store.Store, x *index.Index, progress func(done, total int)) (int, error) {
	pending, err := s.PendingIndex()
	if err != nil || len(pending) == 0 {
		return 0, err
	}
	return applyNotes(ctx, s, x, pending, true, progress)
}

// applyNotes indexes the documents of notes in batches; with clear, each
// note is cleared once its batch is durable.
func applyNotes(ctx context.Context, s *store.Store, x *index.Index, pending []store.Pending, clear bool, progress func(done, total int)) (int, error) {
	sort.Slice(pending, func(i, j int) bool { return pending[i].Doc < pending[j].Doc })
	orgs, err := orgMap(s)
	if err != nil {
		return 0, err
	}
	b := &indexBatch{s: s, x: x, clear: clear}
	total := 0
	for i, pn := range pending {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		n := 0
		if !pn.Removed {
			d, err := s.Document(pn.Doc)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return total, err
			}
			// A document is read and indexed batchFragments at a time: one
			// batch of a whole 50 MB document took 3.7 GB. Its note is
			// cleared only with the batch that holds its last fragment.
			for err == nil {
				want := b.room()
				frags, ferr := s.Fragments(pn.Doc, n+1, want)
				if ferr != nil {
					return total, ferr
				}
				if err := b.addFragments(d, orgs[d.Org], frags); err != nil {
					return total, err
				}
				n += len(frags)
				if len(frags) < want {
					break
				}
			}
		}
		if err := b.done(pn, n); err != nil {
			return total, err
		}
		total += n
		if progress != nil {
			progress(i+1, len(pending))
		}
	}
	return total, b.flush()
}

// orgMap reads every organisation by ID: the index holds their attributes
// on every fragment.
func orgMap(s *store.Store) (map[string]store.Organisation, error) {
	list, err := s.Organisations()
	if err != nil {
		return nil, err
	}
	orgs := make(map[string]store.Organisation, len(list))
	for _, o := range list {
		orgs[o.ID] = o
	}
	return orgs, nil
}

// indexBatch gathers index changes into batches of batchFragments. A
// document's pending note joins the batch that holds its last change and
// is cleared (with clear) only once that batch is durable, so a crash
// anywhere leaves the note for the next open to apply.
type indexBatch struct {
	s     *store.Store
	x     *index.Index
	clear bool
	size  int // fragments per batch: batchSize() when it began
	put   []index.Fragment
	text  int // bytes of text in put
	del   []string
	notes []store.Pending
}

// room is how many changes fit in the current batch (at least 1).
func (b *indexBatch) room() int {
	if b.text >= batchTextBytes {
		return 1
	}
	return max(1, b.batchSize()-len(b.put)-len(b.del))
}

func (b *indexBatch) flushIfFull() error {
	if len(b.put)+len(b.del) >= b.batchSize() || b.text >= batchTextBytes {
		return b.flush()
	}
	return nil
}

// addFragments queues fragments of d, flushing full batches.
func (b *indexBatch) addFragments(d store.Document, o store.Organisation, frags []store.Fragment) error {
	for _, f := range frags {
		b.put = append(b.put, indexFragment(d, o, f))
		b.text += len(f.Text)
		if err := b.flushIfFull(); err != nil {
			return err
		}
	}
	return nil
}

// done queues the deletion of the fragments the index may hold beyond the
// n the document has now, and then its note.
func (b *indexBatch) done(pn store.Pending, n int) error {
	for k := n + 1; k <= pn.OldFragments; k++ {
		b.del = append(b.del, store.FragmentID(pn.Doc, k))
		if err := b.flushIfFull(); err != nil {
			return err
		}
	}
	b.notes = append(b.notes, pn)
	return b.flushIfFull()
}

func (b *indexBatch) batchSize() int {
	if b.size == 0 {
		b.size = batchSize()
	}
	return b.size
}

// flush writes the batch to the index and then clears its notes.
func (b *indexBatch) flush() error {
	if len(b.put)+len(b.del) == 0 && len(b.notes) == 0 {
		return nil
	}
	if err := applyBatch(b.x, b.put, b.del); err != nil {
		return err
	}
	if b.clear && len(b.notes) > 0 {
		if err := b.s.IndexDone(b.notes); err != nil {
			return err
		}
	}
	b.put, b.del, b.notes, b.text = nil, nil, nil, 0
	// The fragments of a batch read back from the store leave the
	// database's pages in resident memory: give them back.
	if b.s != nil {
		b.s.ReleaseMemory()
	}
	return nil
}

// liveIndex indexes documents as an ingest stores them, in a goroutine of
// its own, so that Bleve's analysis runs alongside extraction and the
// fragments are indexed from memory instead of read back from the store.
// The notes the store wrote with the documents are cleared only once the
// index holds them (see indexBatch).
type liveIndex struct {
	ctx  context.Context
	b    *indexBatch
	orgs map[string]store.Organisation
	in   chan []store.BatchResult
	done chan struct{}
	err  error // the first error; set before done is closed
}

// startLiveIndex starts indexing into x.
func startLiveIndex(ctx context.Context, s *store.Store, x *index.Index) (*liveIndex, error) {
	orgs, err := orgMap(s)
	if err != nil {
		return nil, err
	}
	l := &liveIndex{ctx: ctx, b: &indexBatch{s: s, x: x, clear: true}, orgs: orgs,
		in: make(chan []store.BatchResult, 2), done: make(chan struct{})}
	go l.run()
	return l, nil
}

func (l *liveIndex) run() {
	defer close(l.done)
	for docs := range l.in {
		if l.err != nil {
			continue // drained: the notes stay for the next open
		}
		if l.err = l.ctx.Err(); l.err != nil {
			continue
		}
		for _, r := range docs {
			if l.err = l.b.addFragments(r.Doc, l.orgs[r.Doc.Org], r.Frags); l.err != nil {
				break
			}
			if l.err = l.b.done(r.Pending, len(r.Frags)); l.err != nil {
				break
			}
		}
	}
	if l.err == nil {
		l.err = l.b.flush()
	}
}

// add hands stored documents to the indexer; it blocks while the indexer
// is two batches behind, which bounds the memory held.
func (l *liveIndex) add(docs []store.BatchResult) {
	if len(docs) > 0 {
		l.in <- docs
	}
}

// close waits for everything added to be indexed and returns the first
// error.
func (l *liveIndex) close() error {
	close(l.in)
	<-l.done
	return l.err
}

func indexFragment(d store.Document, o store.Organisation, f store.Fragment) index.Fragment {
	var attrs []string
	for k, v := range o.Attrs {
		for _, part := range strings.Split(v, ";") {
			if part = strings.TrimSpace(part); part != "" {
				attrs = append(attrs, k+"="+part)
			}
		}
	}
	sort.Strings(attrs)
	return index.Fragment{
		ID: f.ID, Text: f.Text, Lang: f.Lang, Doc: d.ID, Org: d.Org, Type: d.Type, Period: d.Period,
		Year: d.Year, Section: citation.Path(f.Section), Kind: f.Kind, Page: f.Page, Attrs: attrs,
	}
}

// reindexHook, when set (tests), runs between building the new index and
// swapping it in; an error stands for an interruption there.
var reindexHook func() error

// Reindex rebuilds the index from the store into a fresh folder and swaps
// it in, so a failed rebuild leaves the old index in place. The store's
// pending notes are cleared only after the new index and the swap are on
// disk (files and folders fsynced): an interruption at any point leaves
// either the old index with its notes, which the next open applies, or the
// new one complete. Only folders plancoder made are moved or removed.
func (p *Project) Reindex(ctx context.Context, s *store.Store, progress func(done, total int)) (int, error) {
	if s.ReadOnly() {
		return 0, fmt.Errorf("reindex: %w: %s cannot be written", store.ErrReadOnly, p.DBPath())
	}
	dir := p.IndexDir()
	fresh, old := dir+".new", dir+".old"
	for _, d := range []string{fresh, old} {
		if err := removeOurs(d); err != nil {
			return 0, fmt.Errorf("reindex: %w", err)
		}
	}
	if fi, err := os.Stat(dir); err == nil && (!fi.IsDir() || !index.Owned(dir)) && !emptyDir(dir) {
		return 0, fmt.Errorf("reindex: %s: %w; plancoder leaves it alone, move or rename it first", dir, index.ErrNotOurs)
	}
	pending, err := s.PendingIndex()
	if err != nil {
		return 0, fmt.Errorf("reindex: %w", err)
	}
	docs, err := s.Documents()
	if err != nil {
		return 0, fmt.Errorf("reindex: %w", err)
	}
	all := make([]store.Pending, 0, len(docs))
	for _, d := range docs {
		all = append(all, store.Pending{Doc: d.ID})
	}
	x, err := index.Open(fresh, p.lockTimeout())
	if err != nil {
		return 0, fmt.Errorf("reindex: %w", err)
	}
	n, err := applyNotes(ctx, s, x, all, false, progress)
	if err == nil {
		err = x.SetGeneration(1)
	}
	if cerr := x.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = syncTree(fresh)
	}
	if err == nil && reindexHook != nil {
		err = reindexHook()
	}
	if err != nil {
		os.RemoveAll(fresh) // ours: made above
		return n, fmt.Errorf("reindex: %w", err)
	}
	if _, err := os.Stat(dir); err == nil {
		if err := os.Rename(dir, old); err != nil {
			return n, fmt.Errorf("reindex: %w", err)
		}
	}
	if err := os.Rename(fresh, dir); err != nil {
		return n, fmt.Errorf("reindex: %w", err)
	}
	if err := syncDir(p.Dir); err != nil {
		return n, fmt.Errorf("reindex: %w", err)
	}
	if err := s.IndexDone(pending); err != nil {
		return n, fmt.Errorf("reindex: %w", err)
	}
	os.RemoveAll(old) // ours: checked above
	return n, nil
}

// removeOurs removes dir when it is missing, empty or an index plancoder
// made, and refuses otherwise.
func removeOurs(dir string) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() || (!index.Owned(dir) && !emptyDir(dir)) {
		return fmt.Errorf("%s: %w; plancoder leaves it alone, move or rename it first", dir, index.ErrNotOurs)
	}
	return os.RemoveAll(dir)
}

func emptyDir(dir string) bool {
	ents, err := os.ReadDir(dir)
	return err == nil && len(ents) == 0
}

// syncTree fsyncs every file and folder under dir, so a rename that
// publishes dir cannot publish files whose contents are still in the page
// cache.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return syncPath(path)
	})
}

func syncDir(dir string) error { return syncPath(dir) }

func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// CheckReport lists every difference between store and index and every
// violated store invariant.
type CheckReport struct {
	StoreProblems  []string `json:"store_problems"`
	MissingInIndex []string `json:"missing_in_index"`
	ExtraInIndex   []string `json:"extra_in_index"`
	// StaleInIndex are fragments whose indexed text or metadata differ from
	// the store's (content hash).
	StaleInIndex []string `json:"stale_in_index"`
	// NoHash counts entries without a content hash: an index an older
	// plancoder built, which only 'plancoder reindex' brings up to date.
	NoHash int `json:"entries_without_hash"`
	// StaleAnalyzer is set when the index was built with another word
	// analysis than this plancoder's (a read-only index it could not
	// rebuild): searches miss what they should find.
	StaleAnalyzer bool `json:"stale_analyzer,omitempty"`
	Pending       int  `json:"pending_documents"`
	Fragments     int  `json:"fragments"`
	Indexed       int  `json:"indexed"`
}

// OK reports whether the project is consistent.
func (r CheckReport) OK() bool {
	return len(r.StoreProblems)+len(r.MissingInIndex)+len(r.ExtraInIndex)+len(r.StaleInIndex)+r.NoHash == 0 && r.Pending == 0 && !r.StaleAnalyzer
}

// checkPage is how many fragments Check reads at a time.
const checkPage = 2000

// Check compares store and index: every fragment by ID and by the content
// hash of what the index should hold for it.
func Check(s *store.Store, x *index.Index) (CheckReport, error) {
	var r CheckReport
	for _, e := range s.Check() {
		r.StoreProblems = append(r.StoreProblems, e.Error())
	}
	pending, err := s.PendingIndex()
	if err != nil {
		return r, err
	}
	r.Pending = len(pending)
	if r.StaleAnalyzer, err = x.Stale(); err != nil {
		return r, err
	}
	inIndex := map[string]string{}
	if err := x.Hashes(func(id, hash string) { inIndex[id] = hash }); err != nil {
		return r, err
	}
	r.Indexed = len(inIndex)
	orgs := map[string]store.Organisation{}
	list, err := s.Organisations()
	if err != nil {
		return r, err
	}
	for _, o := range list {
		orgs[o.ID] = o
	}
	docs, err := s.Documents()
	if err != nil {
		return r, err
	}
	for _, d := range docs {
		// A page of fragments at a time: a big document's texts are not all
		// held at once.
		for from := 1; ; from += checkPage {
			frags, err := s.Fragments(d.ID, from, checkPage)
			if err != nil {
				return r, err
			}
			for _, f := range frags {
				r.Fragments++
				hash, ok := inIndex[f.ID]
				switch {
				case !ok:
					r.MissingInIndex = append(r.MissingInIndex, f.ID)
				case hash == "":
					r.NoHash++
				case hash != indexFragment(d, orgs[d.Org], f).Hash():
					r.StaleInIndex = append(r.StaleInIndex, f.ID)
				}
				delete(inIndex, f.ID)
			}
			s.ReleaseMemory()
			if len(frags) < checkPage {
				break
			}
		}
	}
	for id := range inIndex {
		r.ExtraInIndex = append(r.ExtraInIndex, id)
	}
	sort.Strings(r.MissingInIndex)
	sort.Strings(r.StaleInIndex)
	sort.Strings(r.ExtraInIndex)
	return r, nil
}
