package store

import (
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// ChangeCodes adds and removes some of a coder's codes on a fragment in one
// transaction, each change logged, and leaves every other coding as it is:
// an undo reverses its own change only, not what another shell saved in
// the meantime. Adding a code that is on, or removing one that is off,
// changes nothing. It returns the codes actually added and removed.
func (s *Store) ChangeCodes(fragment, coder string, add, remove []string) (added, removed []string, err error) {
	if err := ValidateCoder(coder); err != nil {
		return nil, nil, fmt.Errorf("change codes of %s: %w", fragment, err)
	}
	for _, a := range add {
		if slices.Contains(remove, a) {
			return nil, nil, fmt.Errorf("change codes of %s: code %s is both added and removed", fragment, a)
		}
	}
	err = s.update(func(tx *bolt.Tx) error {
		added, removed = nil, nil
		if _, err := fragmentHash(tx, fragment); err != nil {
			return fmt.Errorf("change codes: %w", err)
		}
		for _, code := range remove {
			gone, err := s.deleteCoding(tx, codingKeyOf(fragment, coder, code))
			if err != nil {
				return fmt.Errorf("change codes of %s: coding %s: %w", fragment, code, err)
			}
			if gone {
				removed = append(removed, code)
			}
		}
		for _, code := range add {
			cd := Coding{Fragment: fragment, Code: code, Coder: coder}
			isNew, err := s.putCoding(tx, &cd, s.now())
			if err != nil {
				return fmt.Errorf("change codes of %s: %w", fragment, err)
			}
			if isNew {
				added = append(added, code)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return added, removed, nil
}

// CodeImpact is what merging or removing a code would change.
type CodeImpact struct {
	Codings   int // codings of the code
	Fragments int // fragments they are on
	Coders    int // coders who made them
	Collapse  int // of those, codings whose coder has the target code on the fragment too (a merge makes them one)
	Memos     int // memos on the code (a merge moves them to the target)
}

// CodeImpact counts the codings and memos of code and, when into is not
// empty, how many of the codings a merge into into would collapse; for a
// preview before merging or removing.
func (s *Store) CodeImpact(code, into string) (CodeImpact, error) {
	var im CodeImpact
	if code == "" {
		return im, fmt.Errorf("code impact: no code given")
	}
	cs, err := s.Codings(CodingFilter{Codes: []string{code}})
	if err != nil {
		return im, fmt.Errorf("codings of %s: %w", code, err)
	}
	var both map[string]bool
	if into != "" {
		ts, err := s.Codings(CodingFilter{Codes: []string{into}})
		if err != nil {
			return im, fmt.Errorf("codings of %s: %w", into, err)
		}
		both = map[string]bool{}
		for _, c := range ts {
			both[c.Fragment+"\x00"+c.Coder] = true
		}
	}
	frags, coders := map[string]bool{}, map[string]bool{}
	for _, c := range cs {
		frags[c.Fragment] = true
		coders[c.Coder] = true
		if both[c.Fragment+"\x00"+c.Coder] {
			im.Collapse++
		}
	}
	im.Codings, im.Fragments, im.Coders = len(cs), len(frags), len(coders)
	memos, err := s.Memos(MemoCode, code)
	if err != nil {
		return im, fmt.Errorf("memos of %s: %w", code, err)
	}
	im.Memos = len(memos)
	return im, nil
}
