package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
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
}

func codingKey(c Coding) []byte {
	return []byte(c.Fragment + "\x00" + c.Coder + "\x00" + c.Code)
}

// AddCoding records a coding durably (one fsynced transaction) and logs it.
// Adding a coding that exists already is a no-op.
func (s *Store) AddCoding(c Coding) error {
	if c.Code == "" || c.Coder == "" || strings.ContainsRune(c.Code+c.Coder, 0) {
		return fmt.Errorf("coding of %s: code and coder must be non-empty", c.Fragment)
	}
	doc, ord, ok := splitFragmentID(c.Fragment)
	if !ok {
		return fmt.Errorf("coding: fragment %q: %w", c.Fragment, ErrNotFound)
	}
	if c.Time.IsZero() {
		c.Time = s.now()
	}
	return s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bFrags).Get(fragKey(doc, ord)) == nil {
			return fmt.Errorf("coding: fragment %s: %w", c.Fragment, ErrNotFound)
		}
		if tx.Bucket(bCodes).Get([]byte(c.Code)) == nil {
			return fmt.Errorf("coding: code %s: %w (not in the codebook)", c.Code, ErrNotFound)
		}
		cb := tx.Bucket(bCodings)
		k := codingKey(c)
		if cb.Get(k) != nil {
			return nil
		}
		if err := putJSON(cb, k, c); err != nil {
			return err
		}
		return s.appendEvent(tx, c.Coder, "coding.add", c.Fragment, nil, c)
	})
}

// Codings returns every coding of one fragment, ordered by coder and code.
func (s *Store) Codings(fragID string) ([]Coding, error) {
	var out []Coding
	err := s.view(func(tx *bolt.Tx) error {
		p := codingPrefix(fragID)
		c := tx.Bucket(bCodings).Cursor()
		for k, v := c.Seek(p); k != nil && hasPrefix(k, p); k, v = c.Next() {
			var cd Coding
			if err := json.Unmarshal(v, &cd); err != nil {
				return err
			}
			out = append(out, cd)
		}
		return nil
	})
	return out, err
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
		return tx.Bucket(bCodings).ForEach(func(k, _ []byte) error {
			parts := strings.SplitN(string(k), "\x00", 3)
			if len(parts) != 3 {
				return nil
			}
			if (coder == "" || parts[1] == coder) && (len(want) == 0 || want[parts[2]]) && !seen[parts[0]] {
				seen[parts[0]] = true
				out = append(out, parts[0])
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
		cb := tx.Bucket(bCodings)
		k := codingKey(Coding{Fragment: fragment, Coder: coder, Code: code})
		var old Coding
		found, err := getJSON(cb, k, &old)
		if err != nil || !found {
			return err
		}
		if err := cb.Delete(k); err != nil {
			return err
		}
		removed = true
		return s.appendEvent(tx, coder, "coding.remove", fragment, old, nil)
	})
	return removed, err
}

// SetCodes makes a coder's codes on a fragment exactly codes (one
// transaction, each change logged), as an undo or a reconciliation does.
func (s *Store) SetCodes(fragment, coder string, codes []string) error {
	doc, ord, ok := splitFragmentID(fragment)
	if !ok {
		return fmt.Errorf("fragment %q: %w", fragment, ErrNotFound)
	}
	want := map[string]bool{}
	for _, c := range codes {
		want[c] = true
	}
	return s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bFrags).Get(fragKey(doc, ord)) == nil {
			return fmt.Errorf("fragment %s: %w", fragment, ErrNotFound)
		}
		cb := tx.Bucket(bCodings)
		p := []byte(fragment + "\x00" + coder + "\x00")
		var have []string
		c := cb.Cursor()
		for k, _ := c.Seek(p); k != nil && hasPrefix(k, p); k, _ = c.Next() {
			have = append(have, string(k[len(p):]))
		}
		for _, h := range have {
			if want[h] {
				delete(want, h)
				continue
			}
			k := append(bytes.Clone(p), h...)
			var old Coding
			if _, err := getJSON(cb, k, &old); err != nil {
				return err
			}
			if err := cb.Delete(k); err != nil {
				return err
			}
			if err := s.appendEvent(tx, coder, "coding.remove", fragment, old, nil); err != nil {
				return err
			}
		}
		for code := range want {
			if tx.Bucket(bCodes).Get([]byte(code)) == nil {
				return fmt.Errorf("code %s: %w (not in the codebook)", code, ErrNotFound)
			}
			cd := Coding{Fragment: fragment, Code: code, Coder: coder, Time: s.now()}
			if err := putJSON(cb, codingKey(cd), cd); err != nil {
				return err
			}
			if err := s.appendEvent(tx, coder, "coding.add", fragment, nil, cd); err != nil {
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
		c := tx.Bucket(bCodings).Cursor()
		var k, v []byte
		if f.Doc != "" {
			k, v = c.Seek([]byte(f.Doc + "/"))
		} else {
			k, v = c.First()
		}
		for ; k != nil; k, v = c.Next() {
			if f.Doc != "" && !hasPrefix(k, []byte(f.Doc+"/")) {
				break
			}
			parts := strings.SplitN(string(k), "\x00", 3)
			if len(parts) != 3 || (f.Coder != "" && parts[1] != f.Coder) || (len(want) > 0 && !want[parts[2]]) {
				continue
			}
			var cd Coding
			if err := json.Unmarshal(v, &cd); err != nil {
				return err
			}
			out = append(out, cd)
		}
		return nil
	})
	return out, err
}

// MarkSeen records that a coder has looked at a fragment (for resuming and
// for progress).
func (s *Store) MarkSeen(coder, fragment string) error {
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bSeen).Put([]byte(coder+"\x00"+fragment), []byte(s.now().Format(time.RFC3339Nano)))
	})
}

// Seen returns the fragments a coder has looked at, with when.
func (s *Store) Seen(coder string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bSeen).Cursor()
		p := []byte(coder + "\x00")
		for k, v := c.Seek(p); k != nil && hasPrefix(k, p); k, v = c.Next() {
			t, _ := time.Parse(time.RFC3339Nano, string(v))
			out[string(k[len(p):])] = t
		}
		return nil
	})
	return out, err
}

// Coders lists everyone who has coded or looked at fragments.
func (s *Store) Coders() ([]string, error) {
	seen := map[string]bool{}
	err := s.view(func(tx *bolt.Tx) error {
		tx.Bucket(bCodings).ForEach(func(k, _ []byte) error {
			if parts := strings.SplitN(string(k), "\x00", 3); len(parts) == 3 {
				seen[parts[1]] = true
			}
			return nil
		})
		return tx.Bucket(bSeen).ForEach(func(k, _ []byte) error {
			if i := bytes.IndexByte(k, 0); i > 0 {
				seen[string(k[:i])] = true
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

// AddCodings writes many codings in one transaction (simulations and
// imports); codes and fragments must exist, existing codings are kept.
func (s *Store) AddCodings(cs []Coding) error {
	return s.update(func(tx *bolt.Tx) error {
		cb := tx.Bucket(bCodings)
		for _, c := range cs {
			doc, ord, ok := splitFragmentID(c.Fragment)
			if !ok || tx.Bucket(bFrags).Get(fragKey(doc, ord)) == nil {
				return fmt.Errorf("coding: fragment %s: %w", c.Fragment, ErrNotFound)
			}
			if tx.Bucket(bCodes).Get([]byte(c.Code)) == nil {
				return fmt.Errorf("coding: code %s: %w", c.Code, ErrNotFound)
			}
			if c.Time.IsZero() {
				c.Time = s.now()
			}
			k := codingKey(c)
			if cb.Get(k) != nil {
				continue
			}
			if err := putJSON(cb, k, c); err != nil {
				return err
			}
			if err := s.appendEventAt(tx, c.Coder, "coding.add", c.Fragment, nil, c, c.Time); err != nil {
				return err
			}
		}
		return nil
	})
}

// MarkSeenAll records in one transaction that a coder has looked at
// fragments (simulations and imports).
func (s *Store) MarkSeenAll(coder string, ids []string, at time.Time) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSeen)
		for _, id := range ids {
			if err := b.Put([]byte(coder+"\x00"+id), []byte(at.Format(time.RFC3339Nano))); err != nil {
				return err
			}
		}
		return nil
	})
}

// CodesByFragment returns one coder's codes per fragment, read from the
// keys alone (fast: no record decoding), for agreement statistics.
func (s *Store) CodesByFragment(coder string) (map[string][]string, error) {
	out := map[string][]string{}
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bCodings).ForEach(func(k, _ []byte) error {
			i := bytes.IndexByte(k, 0)
			j := bytes.LastIndexByte(k, 0)
			if i < 0 || j <= i || string(k[i+1:j]) != coder {
				return nil
			}
			frag := string(k[:i])
			out[frag] = append(out[frag], string(k[j+1:]))
			return nil
		})
	})
	return out, err
}

// SeenSet returns the fragments a coder has looked at (without times).
func (s *Store) SeenSet(coder string) (map[string]bool, error) {
	out := map[string]bool{}
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bSeen).Cursor()
		p := []byte(coder + "\x00")
		for k, _ := c.Seek(p); k != nil && hasPrefix(k, p); k, _ = c.Next() {
			out[string(k[len(p):])] = true
		}
		return nil
	})
	return out, err
}

// MarkSeenAt records when a coder looked at fragments, keeping times already
// recorded (merging a coder bundle twice changes nothing). It returns how
// many were new.
func (s *Store) MarkSeenAt(coder string, seen map[string]time.Time) (int, error) {
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bSeen)
		for id, at := range seen {
			k := []byte(coder + "\x00" + id)
			if b.Get(k) != nil {
				continue
			}
			if err := b.Put(k, []byte(at.Format(time.RFC3339Nano))); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
