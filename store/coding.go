package store

import (
	"encoding/json"
	"fmt"
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
	return s.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bFrags).Get(fragKey(doc, ord)) == nil {
			return fmt.Errorf("coding: fragment %s: %w", c.Fragment, ErrNotFound)
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
	err := s.db.View(func(tx *bolt.Tx) error {
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
	err := s.db.View(func(tx *bolt.Tx) error {
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
