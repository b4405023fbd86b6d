package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// migrate brings a database written by an older plancoder up to
// SchemaVersion, in one transaction: a crash leaves the old file as it was.
func (s *Store) migrate() error {
	v, err := s.SchemaVersion()
	if err != nil {
		return fmt.Errorf("%w (no schema version)", ErrNotStore)
	}
	if v >= SchemaVersion {
		return nil
	}
	return s.update(func(tx *bolt.Tx) error {
		if v < 2 {
			if err := s.migrate1to2(tx); err != nil {
				return fmt.Errorf("migrate schema 1 to 2: %w", err)
			}
		}
		// 2 to 3 changes nothing stored: texts in pieces are new.
		return tx.Bucket(bMeta).Put(keySchema, []byte(strconv.Itoa(SchemaVersion)))
	})
}

// migrate1to2 records the content hash in every reference to a fragment,
// drops what coding values repeated from their keys (the key wins where they
// disagreed: it is what analyses read), and turns orphaned codings into
// orphan records.
func (s *Store) migrate1to2(tx *bolt.Tx) error {
	// Fragments: the store's own hash, and heads that carry it.
	fb, hb := tx.Bucket(bFrags), tx.Bucket(bHeads)
	hashes := map[string]string{}
	frags := snapshot(fb)
	for _, e := range frags {
		var f Fragment
		if err := json.Unmarshal(e.v, &f); err != nil {
			return fmt.Errorf("fragment %q: %w", e.k, err)
		}
		if f.Text == "" {
			// Schema 1 kept every text as one value.
			if text := tx.Bucket(bTexts).Get([]byte(f.Doc)); f.Start >= 0 && f.End <= len(text) && f.Start <= f.End {
				f.Text = string(text[f.Start:f.End])
			}
		}
		f.Hash = ContentHash(f.Text)
		hashes[f.ID] = f.Hash
		v, err := encodeFragment(f)
		if err != nil {
			return err
		}
		if err := fb.Put(e.k, v); err != nil {
			return err
		}
		if err := hb.Put(e.k, encodeHead(f)); err != nil {
			return err
		}
	}

	// Codings.
	cb := tx.Bucket(bCodings)
	codings := snapshot(cb)
	for _, e := range codings {
		frag, _, _, ok := parseCodingKey(e.k)
		if !ok {
			continue // check reports it
		}
		var old Coding
		if err := json.Unmarshal(e.v, &old); err != nil {
			return fmt.Errorf("coding %q: %w", e.k, err)
		}
		v, err := json.Marshal(codingVal{Time: old.Time, Memo: old.Memo, Hash: hashes[frag]})
		if err != nil {
			return err
		}
		if err := cb.Put(e.k, v); err != nil {
			return err
		}
	}

	// Seen marks: the value was the time as text.
	sb := tx.Bucket(bSeen)
	seen := snapshot(sb)
	for _, e := range seen {
		_, frag, ok := parseSeenKey(e.k)
		if !ok {
			continue
		}
		at, _ := time.Parse(time.RFC3339Nano, string(e.v))
		v, err := encodeSeen(at, hashes[frag])
		if err != nil {
			return err
		}
		if err := sb.Put(e.k, v); err != nil {
			return err
		}
	}

	// Memos on fragments.
	mb := tx.Bucket(bMemos)
	memos, err := memosWhere(tx, func(m Memo) bool { return m.Kind == MemoFragment })
	if err != nil {
		return err
	}
	for _, m := range memos {
		m.Hash = hashes[m.Target]
		if err := putJSON(mb, u64(m.ID), m); err != nil {
			return err
		}
	}

	// Samples.
	smb := tx.Bucket(bSamples)
	var samples []Sample
	if err := smb.ForEach(func(k, v []byte) error {
		var sm Sample
		if err := json.Unmarshal(v, &sm); err != nil {
			return fmt.Errorf("sample %s: %w", k, err)
		}
		samples = append(samples, sm)
		return nil
	}); err != nil {
		return err
	}
	for _, sm := range samples {
		sm.Hashes = make([]string, len(sm.Fragments))
		for i, f := range sm.Fragments {
			sm.Hashes[i] = hashes[f]
		}
		if err := putJSON(smb, []byte(sm.Name), sm); err != nil {
			return err
		}
	}

	// Orphans were coding keys with coding values; they become records.
	orphans := snapshot(tx.Bucket(bOrphans))
	if err := tx.DeleteBucket(bOrphans); err != nil {
		return err
	}
	if _, err := tx.CreateBucket(bOrphans); err != nil {
		return err
	}
	for _, e := range orphans {
		frag, coder, code, ok := parseCodingKey(e.k)
		if !ok {
			continue
		}
		var old Coding
		_ = json.Unmarshal(e.v, &old) // the key says what matters
		o := Orphan{Kind: OrphanCoding, Fragment: frag, Coder: coder, Code: code, Memo: old.Memo, Time: old.Time}
		if err := s.putOrphan(tx, &o); err != nil {
			return err
		}
	}
	return nil
}

type kv struct{ k, v []byte }

// snapshot copies a bucket's pairs, so the bucket can be rewritten while
// they are walked.
func snapshot(b *bolt.Bucket) []kv {
	var out []kv
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		out = append(out, kv{bytes.Clone(k), bytes.Clone(v)})
	}
	return out
}
