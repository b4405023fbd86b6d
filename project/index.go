package project

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
)

// batchFragments is how many fragments go into one index batch: the
// measured sweet spot for Bleve (memory grows with batch size, throughput
// does not).
// It is a var, as applyBatch is, so that a test can watch the batches.
var batchFragments = 1000

// applyBatch writes one batch to the index.
var applyBatch = (*index.Index).Apply

// OpenIndex opens the project's search index and brings it up to date with
// the store: changes the index has not seen (after a crash, say) are
// applied; a missing index is built; a damaged one is moved aside and
// rebuilt. progress may be nil.
func (p *Project) OpenIndex(ctx context.Context, s *store.Store, progress func(done, total int)) (*index.Index, error) {
	x, err := index.Open(p.IndexDir(), p.lockTimeout())
	switch {
	case errors.Is(err, index.ErrBusy):
		return nil, fmt.Errorf("project %s is %w; try again when it has finished", p.Dir, ErrBusy)
	case errors.Is(err, index.ErrDamaged):
		aside := p.IndexDir() + ".damaged-" + time.Now().Format("20060102-150405")
		if rerr := os.Rename(p.IndexDir(), aside); rerr != nil {
			return nil, fmt.Errorf("index damaged (%v) and could not be moved aside: %w", err, rerr)
		}
		x, err = index.Open(p.IndexDir(), p.lockTimeout())
		if err != nil {
			return nil, err
		}
	case err != nil:
		return nil, err
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
	sort.Slice(pending, func(i, j int) bool { return pending[i].Doc < pending[j].Doc })
	orgs := map[string]store.Organisation{}
	if list, err := s.Organisations(); err == nil {
		for _, o := range list {
			orgs[o.ID] = o
		}
	}
	var (
		put   []index.Fragment
		del   []string
		notes []store.Pending
		total int
	)
	flush := func() error {
		if len(put)+len(del) == 0 && len(notes) == 0 {
			return nil
		}
		if err := applyBatch(x, put, del); err != nil {
			return err
		}
		if err := s.IndexDone(notes); err != nil {
			return err
		}
		put, del, notes = nil, nil, nil
		return nil
	}
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
				want := max(1, batchFragments-len(put)-len(del))
				frags, ferr := s.Fragments(pn.Doc, n+1, want)
				if ferr != nil {
					return total, ferr
				}
				for _, f := range frags {
					put = append(put, indexFragment(d, orgs[d.Org], f))
				}
				n += len(frags)
				if len(frags) < want {
					break
				}
				if len(put)+len(del) >= batchFragments {
					if err := flush(); err != nil {
						return total, err
					}
				}
			}
		}
		for k := n + 1; k <= pn.OldFragments; k++ {
			del = append(del, store.FragmentID(pn.Doc, k))
			if len(put)+len(del) >= batchFragments && k < pn.OldFragments {
				if err := flush(); err != nil {
					return total, err
				}
			}
		}
		total += n
		notes = append(notes, pn)
		if len(put)+len(del) >= batchFragments {
			if err := flush(); err != nil {
				return total, err
			}
		}
		if progress != nil {
			progress(i+1, len(pending))
		}
	}
	return total, flush()
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
		Year: d.Year, Section: strings.Join(f.Section, " > "), Kind: f.Kind, Page: f.Page, Attrs: attrs,
	}
}

// Reindex rebuilds the index from the store into a fresh folder and swaps
// it in, so a failed rebuild leaves the old index in place.
func (p *Project) Reindex(ctx context.Context, s *store.Store, progress func(done, total int)) (int, error) {
	fresh := p.IndexDir() + ".new"
	if err := os.RemoveAll(fresh); err != nil {
		return 0, err
	}
	x, err := index.Open(fresh, p.lockTimeout())
	if err != nil {
		return 0, err
	}
	if err := s.MarkAllPending(); err != nil {
		x.Close()
		return 0, err
	}
	n, err := SyncIndex(ctx, s, x, progress)
	if err == nil {
		err = x.SetGeneration(1)
	}
	if cerr := x.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(fresh)
		return n, fmt.Errorf("reindex: %w", err)
	}
	old := p.IndexDir() + ".old"
	os.RemoveAll(old)
	if _, err := os.Stat(p.IndexDir()); err == nil {
		if err := os.Rename(p.IndexDir(), old); err != nil {
			return n, err
		}
	}
	if err := os.Rename(fresh, p.IndexDir()); err != nil {
		return n, err
	}
	os.RemoveAll(old)
	return n, nil
}

// CheckReport lists every difference between store and index and every
// violated store invariant.
type CheckReport struct {
	StoreProblems  []string `json:"store_problems"`
	MissingInIndex []string `json:"missing_in_index"`
	ExtraInIndex   []string `json:"extra_in_index"`
	Pending        int      `json:"pending_documents"`
	Fragments      int      `json:"fragments"`
	Indexed        int      `json:"indexed"`
}

// OK reports whether the project is consistent.
func (r CheckReport) OK() bool {
	return len(r.StoreProblems)+len(r.MissingInIndex)+len(r.ExtraInIndex) == 0 && r.Pending == 0
}

// Check compares store and index.
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
	inIndex := map[string]bool{}
	if err := x.IDs(func(id string) { inIndex[id] = true }); err != nil {
		return r, err
	}
	r.Indexed = len(inIndex)
	if err := s.AllFragmentIDs(func(id string) error {
		r.Fragments++
		if !inIndex[id] {
			r.MissingInIndex = append(r.MissingInIndex, id)
		}
		delete(inIndex, id)
		return nil
	}); err != nil {
		return r, err
	}
	for id := range inIndex {
		r.ExtraInIndex = append(r.ExtraInIndex, id)
	}
	sort.Strings(r.ExtraInIndex)
	return r, nil
}
