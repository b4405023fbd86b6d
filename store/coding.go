package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Coding assigns one code to one fragment on behalf of one coder.
type Coding struct {
	Fragment string    `json:"fragment"`
	Code     string    `json:"code"`
	Coder    string    `json:"coder"`
	Time     time.Time `json:"time"`
	Memo     string    `json:"memo,omitempty"`
	// Hash is the content hash of the fragment text the coding was made on;
	// the store sets it.
	Hash string `json:"hash,omitempty"`
}

// fragmentHash returns the content hash of an existing fragment, or
// ErrNotFound (and ErrBadFragmentID for a non-canonical ID).
func fragmentHash(tx *bolt.Tx, id string) (string, error) {
	doc, ord, err := ParseFragmentID(id)
	if err != nil {
		return "", err
	}
	k := fragKey(doc, ord)
	if hv := tx.Bucket(bHeads).Get(k); hv != nil {
		if h, ok := decodeHead(id, hv); ok && h.Hash != "" {
			return h.Hash, nil
		}
	}
	v := tx.Bucket(bFrags).Get(k)
	if v == nil {
		return "", fmt.Errorf("fragment %s: %w", id, ErrNotFound)
	}
	var f struct {
		Hash string `json:"hash"`
	}
	if err := json.Unmarshal(v, &f); err != nil {
		return "", fmt.Errorf("fragment %s: %w", id, err)
	}
	return f.Hash, nil
}

// putCoding validates and writes one coding inside tx; it reports false
// when the coding existed already (kept as it is).
func (s *Store) putCoding(tx *bolt.Tx, c *Coding, logAt time.Time) (bool, error) {
	if err := ValidateCoder(c.Coder); err != nil {
		return false, fmt.Errorf("coding of %s: %w", c.Fragment, err)
	}
	if c.Code == "" || tx.Bucket(bCodes).Get([]byte(c.Code)) == nil {
		return false, fmt.Errorf("coding: code %s: %w (not in the codebook)", Quote(c.Code), ErrNotFound)
	}
	if err := CheckText("coding memo", c.Memo, true); err != nil {
		return false, fmt.Errorf("coding of %s: %w", c.Fragment, err)
	}
	h, err := fragmentHash(tx, c.Fragment)
	if err != nil {
		return false, fmt.Errorf("coding: %w", err)
	}
	if c.Coder == ConsensusCoder {
		in, err := inSample(tx, c.Fragment)
		if err != nil {
			return false, err
		}
		if !in {
			return false, fmt.Errorf("coding of %s by %s: %w: a reconciled coding belongs on a sample unit; add the fragment to a sample first", c.Fragment, ConsensusCoder, ErrNotInSample)
		}
	}
	c.Hash = h
	if c.Time.IsZero() {
		c.Time = s.now()
	}
	cb := tx.Bucket(bCodings)
	k := codingKey(*c)
	if cb.Get(k) != nil {
		return false, nil
	}
	v, err := encodeCodingVal(*c)
	if err != nil {
		return false, err
	}
	if err := cb.Put(k, v); err != nil {
		return false, err
	}
	return true, s.appendEventAt(tx, c.Coder, "coding.add", c.Fragment, nil, c, logAt)
}

// AddCodings records codings durably in one fsynced transaction and logs
// each at its time (now when it has none); codes and fragments must exist,
// and a coding that exists already is kept as it is.
func (s *Store) AddCodings(cs ...Coding) error {
	return s.update(func(tx *bolt.Tx) error {
		for _, c := range cs {
			at := c.Time
			if at.IsZero() {
				at = s.now()
			}
			if _, err := s.putCoding(tx, &c, at); err != nil {
				return err
			}
		}
		return nil
	})
}

// eachCodingKey calls fn with the parts of every coding key whose fragment
// lies in doc ("" = all documents); keys that do not parse are skipped
// (check reports them).
func eachCodingKey(tx *bolt.Tx, doc string, fn func(k []byte, fragment, coder, code string) error) error {
	c := tx.Bucket(bCodings).Cursor()
	var k []byte
	var p []byte
	if doc != "" {
		p = []byte(doc + "/")
		k, _ = c.Seek(p)
	} else {
		k, _ = c.First()
	}
	for ; k != nil; k, _ = c.Next() {
		if p != nil && !hasPrefix(k, p) {
			break
		}
		frag, coder, code, ok := parseCodingKey(k)
		if !ok || (doc != "" && DocOf(frag) != doc) {
			continue
		}
		if err := fn(k, frag, coder, code); err != nil {
			return err
		}
	}
	return nil
}

// RemoveCoding deletes one coding durably; removing a coding that does not
// exist is a no-op. It reports whether something was removed.
func (s *Store) RemoveCoding(fragment, coder, code string) (bool, error) {
	removed := false
	err := s.update(func(tx *bolt.Tx) error {
		var err error
		removed, err = s.deleteCoding(tx, codingKeyOf(fragment, coder, code))
		return err
	})
	return removed, err
}

// deleteCoding removes one coding inside tx and logs it.
func (s *Store) deleteCoding(tx *bolt.Tx, k []byte) (bool, error) {
	cb := tx.Bucket(bCodings)
	v := cb.Get(k)
	if v == nil {
		return false, nil
	}
	old, err := decodeCoding(k, v)
	if err != nil {
		return false, err
	}
	if err := cb.Delete(k); err != nil {
		return false, err
	}
	return true, s.appendEvent(tx, old.Coder, "coding.remove", old.Fragment, old, nil)
}

// SetCodes makes a coder's codes on a fragment exactly codes (one
// transaction, each change logged), as a reconciliation does.
func (s *Store) SetCodes(fragment, coder string, codes []string) error {
	want := map[string]bool{}
	for _, c := range codes {
		want[c] = true
	}
	return s.update(func(tx *bolt.Tx) error {
		if _, err := fragmentHash(tx, fragment); err != nil {
			return err
		}
		p := codingKeyOf(fragment, coder, "")
		var have []string
		c := tx.Bucket(bCodings).Cursor()
		for k, _ := c.Seek(p); k != nil && hasPrefix(k, p); k, _ = c.Next() {
			have = append(have, string(k[len(p):]))
		}
		for _, h := range have {
			if want[h] {
				delete(want, h)
				continue
			}
			if _, err := s.deleteCoding(tx, codingKeyOf(fragment, coder, h)); err != nil {
				return err
			}
		}
		add := make([]string, 0, len(want))
		for code := range want {
			add = append(add, code)
		}
		sort.Strings(add)
		for _, code := range add {
			cd := Coding{Fragment: fragment, Code: code, Coder: coder}
			if _, err := s.putCoding(tx, &cd, s.now()); err != nil {
				return err
			}
		}
		return nil
	})
}

// CodingFilter selects codings; empty fields match everything.
type CodingFilter struct {
	Fragment string // one fragment
	Doc      string // the fragments of one document
	Coder    string
	Codes    []string // any of these codes
}

// eachMatch calls fn with the key and parts of every coding that matches f,
// seeking to the fragment or document when f names one.
func eachMatch(tx *bolt.Tx, f CodingFilter, fn func(k []byte, fragment, coder, code string) error) error {
	var want map[string]bool
	if len(f.Codes) > 0 {
		want = make(map[string]bool, len(f.Codes))
		for _, c := range f.Codes {
			want[c] = true
		}
	}
	match := func(k []byte, frag, coder, code string) error {
		if (f.Coder != "" && coder != f.Coder) || (want != nil && !want[code]) {
			return nil
		}
		return fn(k, frag, coder, code)
	}
	if f.Fragment == "" {
		return eachCodingKey(tx, f.Doc, match)
	}
	if f.Doc != "" && DocOf(f.Fragment) != f.Doc {
		return nil
	}
	p := codingPrefix(f.Fragment)
	c := tx.Bucket(bCodings).Cursor()
	for k, _ := c.Seek(p); k != nil && hasPrefix(k, p); k, _ = c.Next() {
		frag, coder, code, ok := parseCodingKey(k)
		if !ok {
			continue
		}
		if err := match(k, frag, coder, code); err != nil {
			return err
		}
	}
	return nil
}

// Codings returns the codings that match f as whole records, in key order
// (fragment, coder, code).
func (s *Store) Codings(f CodingFilter) ([]Coding, error) {
	var out []Coding
	err := s.view(func(tx *bolt.Tx) error {
		cb := tx.Bucket(bCodings)
		return eachMatch(tx, f, func(k []byte, _, _, _ string) error {
			cd, err := decodeCoding(k, cb.Get(k))
			if err != nil {
				return err
			}
			out = append(out, cd)
			return nil
		})
	})
	return out, err
}

// EachCoding calls fn with the fragment, coder and code of every coding that
// matches f, in key order, read from the keys alone: no record is decoded
// and nothing is held, so counting or grouping all codings of a large
// project stays fast and small.
func (s *Store) EachCoding(f CodingFilter, fn func(fragment, coder, code string)) error {
	return s.view(func(tx *bolt.Tx) error {
		return eachMatch(tx, f, func(_ []byte, frag, coder, code string) error {
			fn(frag, coder, code)
			return nil
		})
	})
}

// CountCodings counts the codings that match f, from the keys alone.
func (s *Store) CountCodings(f CodingFilter) (int, error) {
	n := 0
	err := s.EachCoding(f, func(string, string, string) { n++ })
	return n, err
}

// --- seen marks ---

// putSeen records that coder looked at fragment at the given time; keep
// leaves an earlier mark as it is.
func putSeen(tx *bolt.Tx, coder, fragment string, at time.Time, keep bool) (bool, error) {
	if err := ValidateCoder(coder); err != nil {
		return false, err
	}
	h, err := fragmentHash(tx, fragment)
	if err != nil {
		return false, err
	}
	b := tx.Bucket(bSeen)
	k := seenKey(coder, fragment)
	if keep && b.Get(k) != nil {
		return false, nil
	}
	v, err := encodeSeen(at, h)
	if err != nil {
		return false, err
	}
	return true, b.Put(k, v)
}

// SeenAt gives the marks for MarkSeen of fragments ids all looked at at
// time at (the zero time: when they are recorded).
func SeenAt(at time.Time, ids ...string) map[string]time.Time {
	m := make(map[string]time.Time, len(ids))
	for _, id := range ids {
		m[id] = at
	}
	return m
}

// MarkSeen records in one transaction that coder looked at the fragments of
// marks, at their times (a zero time is now), for resuming and for progress.
// A mark already recorded is replaced by the new time, unless keep is set:
// then it stays as it is, so merging a coder bundle twice changes nothing.
// It returns how many marks it wrote.
func (s *Store) MarkSeen(coder string, marks map[string]time.Time, keep bool) (int, error) {
	ids := make([]string, 0, len(marks))
	for id := range marks {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		n = 0
		now := s.now()
		for _, id := range ids {
			at := marks[id]
			if at.IsZero() {
				at = now
			}
			added, err := putSeen(tx, coder, id, at, keep)
			if err != nil {
				return err
			}
			if added {
				n++
			}
		}
		return nil
	})
	return n, err
}

// Seen returns the fragments a coder has looked at, with when.
func (s *Store) Seen(coder string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	err := s.view(func(tx *bolt.Tx) error {
		p := seenKey(coder, "")
		c := tx.Bucket(bSeen).Cursor()
		for k, v := c.Seek(p); k != nil && hasPrefix(k, p); k, v = c.Next() {
			sv, err := decodeSeen(v)
			if err != nil {
				return fmt.Errorf("seen mark %q: %w", k, err)
			}
			out[string(k[len(p):])] = sv.Time
		}
		return nil
	})
	return out, err
}

// Coders lists everyone who has coded or looked at fragments.
func (s *Store) Coders() ([]string, error) {
	seen := map[string]bool{}
	err := s.view(func(tx *bolt.Tx) error {
		if err := eachCodingKey(tx, "", func(_ []byte, _, coder, _ string) error {
			seen[coder] = true
			return nil
		}); err != nil {
			return err
		}
		return tx.Bucket(bSeen).ForEach(func(k, _ []byte) error {
			if coder, _, ok := parseSeenKey(k); ok {
				seen[coder] = true
			}
			return nil
		})
	})
	var out []string
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out, err
}

// ErrNotInSample means a consensus coding was given for a fragment outside
// every sample.
var ErrNotInSample = errors.New("fragment is in no sample")

// inSample reports whether a fragment is a unit of some sample.
func inSample(tx *bolt.Tx, fragment string) (bool, error) {
	found := false
	err := tx.Bucket(bSamples).ForEach(func(k, v []byte) error {
		if found {
			return nil
		}
		var sm struct {
			Fragments []string `json:"fragments"`
		}
		if err := json.Unmarshal(v, &sm); err != nil {
			return fmt.Errorf("sample %s: %w", k, err)
		}
		found = slices.Contains(sm.Fragments, fragment)
		return nil
	})
	return found, err
}
