package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Code is one theme of the codebook.
type Code struct {
	Key         string `json:"key" yaml:"key"`
	Name        string `json:"name" yaml:"name"`
	Group       string `json:"group,omitempty" yaml:"group,omitempty"`
	Description string `json:"description,omitempty" yaml:"description,omitempty"`
	Include     string `json:"include,omitempty" yaml:"include,omitempty"`
	Exclude     string `json:"exclude,omitempty" yaml:"exclude,omitempty"`
	Example     string `json:"example,omitempty" yaml:"example,omitempty"`
	Colour      string `json:"colour,omitempty" yaml:"colour,omitempty"`
	Shortcut    string `json:"shortcut,omitempty" yaml:"shortcut,omitempty"`
	Order       int    `json:"order" yaml:"-"`
}

// Codes lists the codebook in its order.
func (s *Store) Codes() ([]Code, error) {
	var out []Code
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bCodes).ForEach(func(k, v []byte) error {
			var c Code
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("code %s: %w", k, err)
			}
			out = append(out, c)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Order != out[j].Order {
			return out[i].Order < out[j].Order
		}
		return out[i].Key < out[j].Key
	})
	return out, err
}

// CodebookResult says what PutCodes changed.
type CodebookResult struct {
	Added, Updated, Unchanged int
}

// PutCodes adds or updates codes in one transaction, each change in the
// event log; codes already in the store but not in codes stay.
func (s *Store) PutCodes(actor string, codes []Code) (CodebookResult, error) {
	var res CodebookResult
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bCodes)
		next := b.Stats().KeyN
		for _, c := range codes {
			if err := ValidateCode(c); err != nil {
				return err
			}
			if c.Key == "" || strings.ContainsAny(c.Key, "\x00 ") {
				return fmt.Errorf("code %q: a key is one word", c.Key)
			}
			var old Code
			found, err := getJSON(b, []byte(c.Key), &old)
			if err != nil {
				return err
			}
			if found {
				c.Order = old.Order
				if codeEqual(old, c) {
					res.Unchanged++
					continue
				}
				res.Updated++
				if err := s.appendEvent(tx, actor, "code.update", c.Key, old, c); err != nil {
					return err
				}
			} else {
				c.Order = next
				next++
				res.Added++
				if err := s.appendEvent(tx, actor, "code.add", c.Key, nil, c); err != nil {
					return err
				}
			}
			if err := putJSON(b, []byte(c.Key), c); err != nil {
				return err
			}
		}
		return checkShortcuts(b)
	})
	if err != nil {
		return CodebookResult{}, err
	}
	return res, nil
}

func codeEqual(a, b Code) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// checkShortcuts refuses two codes with one shortcut key.
func checkShortcuts(b *bolt.Bucket) error {
	seen := map[string]string{}
	return b.ForEach(func(k, v []byte) error {
		var c Code
		if err := json.Unmarshal(v, &c); err != nil {
			return err
		}
		if c.Shortcut == "" {
			return nil
		}
		if other, ok := seen[c.Shortcut]; ok {
			return fmt.Errorf("codes %s and %s both have shortcut %q", other, c.Key, c.Shortcut)
		}
		seen[c.Shortcut] = c.Key
		return nil
	})
}

// codingsOfCode lists the coding keys that use code.
func codingsOfCode(tx *bolt.Tx, code string) ([][]byte, error) {
	var keys [][]byte
	err := eachCodingKey(tx, "", func(k []byte, _, _, c string) error {
		if c == code {
			keys = append(keys, bytes.Clone(k))
		}
		return nil
	})
	return keys, err
}

// RenameCode gives a code a new key and rewrites its codings and memos in
// one transaction.
func (s *Store) RenameCode(actor, from, to string) (int, error) {
	if !ValidCodeKey(to) {
		return 0, fmt.Errorf("new key %s: use 1 to 20 characters A-Z, 0-9, _ or -, starting with a capital letter", Quote(to))
	}
	return s.moveCodings(actor, from, to, true)
}

// MergeCode moves every coding of from to into (a coder's coding of both
// becomes one) and deletes from, in one transaction.
func (s *Store) MergeCode(actor, from, into string) (int, error) {
	return s.moveCodings(actor, from, into, false)
}

func (s *Store) moveCodings(actor, from, to string, rename bool) (int, error) {
	n := 0
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bCodes)
		var fc, tc Code
		found, err := getJSON(b, []byte(from), &fc)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("code %s: %w", from, ErrNotFound)
		}
		toFound, err := getJSON(b, []byte(to), &tc)
		if err != nil {
			return err
		}
		switch {
		case rename && toFound:
			return fmt.Errorf("code %s: %w; use merge to combine two codes", to, ErrExists)
		case !rename && !toFound:
			return fmt.Errorf("code %s: %w", to, ErrNotFound)
		case from == to:
			return fmt.Errorf("code %s: cannot merge a code into itself", from)
		}
		keys, err := codingsOfCode(tx, from)
		if err != nil {
			return err
		}
		cb := tx.Bucket(bCodings)
		for _, k := range keys {
			c, err := decodeCoding(k, cb.Get(k))
			if err != nil {
				return err
			}
			if err := cb.Delete(k); err != nil {
				return err
			}
			c.Code = to
			nk := codingKey(c)
			if prev := cb.Get(nk); prev != nil {
				// A coder's coding of both becomes one, keeping both memos.
				p, err := decodeCoding(nk, prev)
				if err != nil {
					return err
				}
				c.Memo = joinMemos(p.Memo, c.Memo)
				if p.Time.Before(c.Time) {
					c.Time = p.Time
				}
			}
			v, err := encodeCodingVal(c)
			if err != nil {
				return err
			}
			if err := cb.Put(nk, v); err != nil {
				return err
			}
			n++
		}
		if err := b.Delete([]byte(from)); err != nil {
			return err
		}
		if rename {
			fc.Key = to
			if err := putJSON(b, []byte(to), fc); err != nil {
				return err
			}
			if err := retargetMemos(tx, "code", from, to); err != nil {
				return err
			}
			// The code keeps its exchange GUID under its new key.
			if err := moveGUID(tx, "code:"+from, "code:"+to); err != nil {
				return err
			}
			return s.appendEvent(tx, actor, "code.rename", from, map[string]any{"key": from, "codings": n}, map[string]any{"key": to})
		}
		if err := retargetMemos(tx, "code", from, to); err != nil {
			return err
		}
		return s.appendEvent(tx, actor, "code.merge", from, fc, map[string]any{"into": to, "codings": n})
	})
	return n, err
}

// RemoveCode deletes a code; it refuses with ErrHasCodings while codings
// use it (merge it into another code first).
func (s *Store) RemoveCode(actor, key string) error {
	return s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bCodes)
		var c Code
		found, err := getJSON(b, []byte(key), &c)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("code %s: %w", key, ErrNotFound)
		}
		keys, err := codingsOfCode(tx, key)
		if err != nil {
			return err
		}
		if len(keys) > 0 {
			return fmt.Errorf("code %s: %w: %d codings use it; merge it into another code first", key, ErrHasCodings, len(keys))
		}
		memos, err := memosWhere(tx, func(m Memo) bool { return m.Kind == MemoCode && m.Target == key })
		if err != nil {
			return err
		}
		if len(memos) > 0 {
			// A memo on a code that is gone would point at nothing.
			return fmt.Errorf("code %s: %w: %d memos are on it; merge it into another code (memos move along) or remove the memos first", key, ErrHasCodings, len(memos))
		}
		if err := b.Delete([]byte(key)); err != nil {
			return err
		}
		return s.appendEvent(tx, actor, "code.remove", key, c, nil)
	})
}
