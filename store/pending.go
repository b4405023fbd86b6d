package store

import (
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// Pending is a document change the search index has not seen yet. It is
// written in the same transaction as the change, so a crash between the
// store commit and the index update leaves a note to repair from
// (DESIGN §4, invariant 1).
type Pending struct {
	Doc string `json:"doc"`
	// OldFragments is how many fragments the index may hold for the
	// document from before the change (to delete those beyond the new count).
	OldFragments int  `json:"old_fragments"`
	Removed      bool `json:"removed,omitempty"`
}

func markPending(tx *bolt.Tx, doc string, oldFragments int, removed bool) error {
	b := tx.Bucket(bPending)
	var prev Pending
	if found, err := getJSON(b, []byte(doc), &prev); err != nil {
		return err
	} else if found && prev.OldFragments > oldFragments {
		oldFragments = prev.OldFragments // an earlier change the index has not seen either
	}
	return putJSON(b, []byte(doc), Pending{Doc: doc, OldFragments: oldFragments, Removed: removed})
}

// PendingIndex lists the documents whose changes the index has not seen.
func (s *Store) PendingIndex() ([]Pending, error) {
	var out []Pending
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bPending).ForEach(func(k, v []byte) error {
			var p Pending
			if err := json.Unmarshal(v, &p); err != nil {
				return err
			}
			out = append(out, p)
			return nil
		})
	})
	return out, err
}

// IndexDone clears the pending notes of documents the index now holds. A
// note rewritten since it was read (the document changed again) is kept.
func (s *Store) IndexDone(done []Pending) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bPending)
		for _, p := range done {
			var cur Pending
			found, err := getJSON(b, []byte(p.Doc), &cur)
			if err != nil {
				return err
			}
			if found && cur == p {
				if err := b.Delete([]byte(p.Doc)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// MarkAllPending notes every document as unseen by the index, for a
// rebuild.
func (s *Store) MarkAllPending() error {
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bDocs).ForEach(func(k, v []byte) error {
			var d Document
			if err := json.Unmarshal(v, &d); err != nil {
				return err
			}
			return markPending(tx, d.ID, d.Fragments, false)
		})
	})
}

// AllFragmentIDs calls fn for every fragment ID in the store, in order.
func (s *Store) AllFragmentIDs(fn func(id string) error) error {
	return s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bFrags).ForEach(func(k, v []byte) error {
			var f struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(v, &f); err != nil {
				return err
			}
			return fn(f.ID)
		})
	})
}
