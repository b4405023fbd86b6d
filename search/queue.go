package search

import (
	"context"
	"fmt"
	"sort"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
)

// QueueSpec says which fragments a coding session works through.
type QueueSpec struct {
	Doc     string        // one document, in order
	Query   index.Request // a search (Query.Query != "" or any filter), in document order
	Search  bool          // use Query
	Uncoded bool          // only fragments the coder has not coded
	Code    string        // only fragments coded with this code (reviewing a theme)
	Coder   string
}

// queuePage is the page size of a search queue: the largest the index
// serves (a variable so a test can page with a small one).
var queuePage = index.MaxLimit

// BuildQueue lists the fragment IDs of a coding queue in document order.
// x is needed only for a search queue.
func BuildQueue(ctx context.Context, s *store.Store, x *index.Index, q QueueSpec) ([]string, error) {
	var ids []string
	switch {
	case q.Search:
		if x == nil {
			return nil, fmt.Errorf("a search queue needs the index")
		}
		// The index returns at most a page of hits per search; a queue
		// (and `code apply`) takes every hit, so it pages until Total.
		r := q.Query
		r.Limit = queuePage
		for r.Offset = 0; ; r.Offset += queuePage {
			if r.Offset > index.MaxOffset {
				return nil, fmt.Errorf("search %q finds more than %d fragments: narrow it", r.Query, index.MaxOffset)
			}
			res, err := x.Search(r)
			if err != nil {
				return nil, err
			}
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			if len(res.Hits) < queuePage || uint64(len(ids)) >= res.Total {
				break
			}
		}
		sortByDocument(ids)
	case q.Doc != "":
		frags, err := s.Fragments(q.Doc, 1, 0)
		if err != nil {
			return nil, err
		}
		for _, f := range frags {
			ids = append(ids, f.ID)
		}
	default:
		if err := s.AllFragmentIDs(func(id string) error {
			ids = append(ids, id)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if q.Code != "" {
		coded, err := codedFragments(s, []string{q.Code}, "")
		if err != nil {
			return nil, err
		}
		ids = keep(ids, coded, true)
	}
	if q.Uncoded {
		coded, err := codedFragments(s, nil, q.Coder)
		if err != nil {
			return nil, err
		}
		ids = keep(ids, coded, false)
	}
	return ids, nil
}

func keep(ids, set []string, in bool) []string {
	m := map[string]bool{}
	for _, id := range set {
		m[id] = true
	}
	var out []string
	for _, id := range ids {
		if m[id] == in {
			out = append(out, id)
		}
	}
	return out
}

// sortByDocument orders fragment IDs by document, then ordinal (IDs are
// DOC/NNNN with at least four digits, so longer numbers sort after).
func sortByDocument(ids []string) {
	sort.Slice(ids, func(i, j int) bool {
		a, b := ids[i], ids[j]
		if len(a) != len(b) {
			da, db := store.DocOf(a), store.DocOf(b)
			if da != db {
				return da < db
			}
			return len(a) < len(b)
		}
		return a < b
	})
}
