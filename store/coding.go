package store

import (
	"encoding/json"
	"fmt"
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

// AddCoding records a coding durably (one fsynced transaction) and logs it.
// Adding a coding that exists already is a no-op.
func (s *Store) AddCoding(c Coding) error {
	return s.update(func(tx *bolt.Tx) error {
		_, err := s.putCoding(tx, &c, s.now())
		return err
	})
}

// AddCodings writes many codings in one transaction (simulations and
// imports); codes and fragments must exist, existing codings are kept.
func (s *Store) AddCodings(cs []Coding) error {
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

// Codings returns every coding of one fragment, ordered by coder and code.
func (s *Store) Codings(fragID string) ([]Coding, error) {
	var out []Coding
	err := s.view(func(tx *bolt.Tx) error {
		p := codingPrefix(fragID)
		c := tx.Bucket(bCodings).Cursor()
		for k, v := c.Seek(p); k != nil && hasPrefix(k, p); k, v = c.Next() {
			cd, err := decodeCoding(k, v)
			if err != nil {
				return err
			}
			out = append(out, cd)
		}
		return nil
	})
	return out, err
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

// CodedFragmentIDs returns the IDs of fragments that carry any of codes (all
// codes when codes is empty), by coder (any coder when coder is "").
func (s *Store) CodedFragmentIDs(codes []string, coder string) ([]string, error) {
	want := map[string]bool{}
	for _, c := range codes {
		want[c] = true
	}
	seen := map[string]bool{}
	var out []string
	err := s.view(func(tx *bolt.Tx) error {
		return eachCodingKey(tx, "", func(_ []byte, frag, cd, code string) error {
			if (coder == "" || cd == coder) && (len(want) == 0 || want[code]) && !seen[frag] {
				seen[frag] = true
				out = append(out, frag)
			}
			return nil
		})
	})
	return out, err
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
	Doc   string
	Coder string
	Codes []string
}

// ListCodings returns the codings that match f, in fragment order.
func (s *Store) ListCodings(f CodingFilter) ([]Coding, error) {
	want := map[string]bool{}
	for _, c := range f.Codes {
		want[c] = true
	}
	var out []Coding
	err := s.view(func(tx *bolt.Tx) error {
		cb := tx.Bucket(bCodings)
		return eachCodingKey(tx, f.Doc, func(k []byte, _, coder, code string) error {
			if (f.Coder != "" && coder != f.Coder) || (len(want) > 0 && !want[code]) {
				return nil
			}
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

// CodingTriples calls fn for every coding (fragment, coder, code), read
// from the keys alone, optionally of one coder.
func (s *Store) CodingTriples(coder string, fn func(fragment, coder, code string)) error {
	return s.view(func(tx *bolt.Tx) error {
		return eachCodingKey(tx, "", func(_ []byte, frag, cd, code string) error {
			if coder == "" || cd == coder {
				fn(frag, cd, code)
			}
			return nil
		})
	})
}

// CodesByFragment returns one coder's codes per fragment, read from the
// keys alone (fast: no record decoding), for agreement statistics.
func (s *Store) CodesByFragment(coder string) (map[string][]string, error) {
	out := map[string][]string{}
	err := s.CodingTriples(coder, func(frag, _, code string) {
		out[frag] = append(out[frag], code)
	})
	return out, err
}

// CodingCount counts the codings on a document's fragments.
func (s *Store) CodingCount(doc string) (int, error) {
	n := 0
	err := s.view(func(tx *bolt.Tx) error {
		return eachCodingKey(tx, doc, func([]byte, string, string, string) error { n++; return nil })
	})
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

// MarkSeen records that a coder has looked at a fragment (for resuming and
// for progress).
func (s *Store) MarkSeen(coder, fragment string) error {
	return s.update(func(tx *bolt.Tx) error {
		_, err := putSeen(tx, coder, fragment, s.now(), false)
		return err
	})
}

// MarkSeenAll records in one transaction that a coder has looked at
// fragments (simulations and imports).
func (s *Store) MarkSeenAll(coder string, ids []string, at time.Time) error {
	return s.update(func(tx *bolt.Tx) error {
		for _, id := range ids {
			if _, err := putSeen(tx, coder, id, at, false); err != nil {
				return err
			}
		}
		return nil
	})
}

// MarkSeenAt records when a coder looked at fragments, keeping times already
// recorded (merging a coder bundle twice changes nothing). It returns how
// many were new.
func (s *Store) MarkSeenAt(coder string, seen map[string]time.Time) (int, error) {
	n := 0
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	err := s.update(func(tx *bolt.Tx) error {
		n = 0
		for _, id := range ids {
			added, err := putSeen(tx, coder, id, seen[id], true)
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

// SeenSet returns the fragments a coder has looked at (without times).
func (s *Store) SeenSet(coder string) (map[string]bool, error) {
	out := map[string]bool{}
	err := s.view(func(tx *bolt.Tx) error {
		p := seenKey(coder, "")
		c := tx.Bucket(bSeen).Cursor()
		for k, _ := c.Seek(p); k != nil && hasPrefix(k, p); k, _ = c.Next() {
			out[string(k[len(p):])] = true
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
