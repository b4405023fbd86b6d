package store

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Memo targets.
const (
	MemoProject  = "project"
	MemoCode     = "code"
	MemoDocument = "document"
	MemoFragment = "fragment"
	// MemoOrganisation is a memo on an organisation (a case): what the
	// team reads across all of its plans, for its portrait in a report.
	MemoOrganisation = "organisation"
)

// Memo is a researcher's note on the project, a code (the findings of the
// horizontal analysis), an organisation, a document or a fragment.
type Memo struct {
	ID     uint64    `json:"id"`
	Author string    `json:"author"`
	Kind   string    `json:"kind"`   // project, code, organisation, document, fragment
	Target string    `json:"target"` // code key, organisation, document or fragment ID; "" for project
	Text   string    `json:"text"`
	Time   time.Time `json:"time"`
	// Hash is the content hash of the fragment text a fragment memo was
	// written on; the store sets it.
	Hash string `json:"hash,omitempty"`
	// Orphan is the orphan record of a fragment memo whose text is gone.
	Orphan uint64 `json:"orphan,omitempty"`
}

// AddMemo stores a memo and returns it with its ID.
func (s *Store) AddMemo(m Memo) (Memo, error) {
	if m.Text == "" {
		return m, fmt.Errorf("memo: empty text")
	}
	if err := CheckText("memo text", m.Text, true); err != nil {
		return m, fmt.Errorf("memo: %w", err)
	}
	if m.Author != "" {
		if err := ValidateCoder(m.Author); err != nil {
			return m, fmt.Errorf("memo author: %w", err)
		}
	}
	m.Hash, m.Orphan = "", 0
	if m.Time.IsZero() {
		m.Time = s.now()
	}
	err := s.update(func(tx *bolt.Tx) error {
		switch m.Kind {
		case MemoProject:
			m.Target = ""
		case MemoCode:
			if tx.Bucket(bCodes).Get([]byte(m.Target)) == nil {
				return fmt.Errorf("memo on code %s: %w", m.Target, ErrNotFound)
			}
		case MemoOrganisation:
			if tx.Bucket(bOrgs).Get([]byte(m.Target)) == nil {
				return fmt.Errorf("memo on organisation %s: %w", m.Target, ErrNotFound)
			}
		case MemoDocument:
			if tx.Bucket(bDocs).Get([]byte(m.Target)) == nil {
				return fmt.Errorf("memo on document %s: %w", m.Target, ErrNotFound)
			}
		case MemoFragment:
			h, err := fragmentHash(tx, m.Target)
			if err != nil {
				return fmt.Errorf("memo on %w", err)
			}
			m.Hash = h
		default:
			return fmt.Errorf("memo: unknown target kind %q (project, code, organisation, document, fragment)", m.Kind)
		}
		b := tx.Bucket(bMemos)
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		m.ID = id
		if err := putJSON(b, u64(id), m); err != nil {
			return err
		}
		return s.appendEvent(tx, m.Author, "memo.add", fmt.Sprint(id), nil, m)
	})
	return m, err
}

// Memos lists memos, optionally of one kind and target ("" matches all).
// A fragment memo whose text is gone is not listed: it points at no
// fragment, and its old ID may now name other text; Orphans lists it.
func (s *Store) Memos(kind, target string) ([]Memo, error) {
	var out []Memo
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = memosWhere(tx, func(m Memo) bool {
			return m.Orphan == 0 && (kind == "" || m.Kind == kind) && (target == "" || m.Target == target)
		})
		return err
	})
	return out, err
}

// memosWhere returns, in ID order, the memos for which keep is true; a
// record that does not decode is an error naming the memo.
func memosWhere(tx *bolt.Tx, keep func(Memo) bool) ([]Memo, error) {
	var out []Memo
	err := tx.Bucket(bMemos).ForEach(func(k, v []byte) error {
		var m Memo
		if err := json.Unmarshal(v, &m); err != nil {
			return fmt.Errorf("memo %d: %w", u64n(k), err)
		}
		if keep(m) {
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// MemoByID returns one memo.
func (s *Store) MemoByID(id uint64) (Memo, error) {
	var m Memo
	err := s.view(func(tx *bolt.Tx) error {
		found, err := getJSON(tx.Bucket(bMemos), u64(id), &m)
		if err == nil && !found {
			err = fmt.Errorf("memo %d: %w", id, ErrNotFound)
		}
		return err
	})
	return m, err
}

// retargetMemos points memos on one target at another (a renamed code).
func retargetMemos(tx *bolt.Tx, kind, from, to string) error {
	b := tx.Bucket(bMemos)
	type kv struct {
		k []byte
		m Memo
	}
	var change []kv
	if err := b.ForEach(func(k, v []byte) error {
		var m Memo
		if err := json.Unmarshal(v, &m); err != nil {
			return err
		}
		if m.Kind == kind && m.Target == from {
			m.Target = to
			change = append(change, kv{append([]byte(nil), k...), m})
		}
		return nil
	}); err != nil {
		return err
	}
	for _, c := range change {
		if err := putJSON(b, c.k, c.m); err != nil {
			return err
		}
	}
	return nil
}
