package codebook

import (
	"errors"
	"fmt"
	"strings"

	"github.com/plancoder/plancoder/store"
)

// The codebook's edits in a project: add, edit, rename, merge and remove a
// code. `plancoder codebook ...` and the web's admin pages both call
// these, so a change is checked, previewed and logged the same way from
// either door.

// Fields are the code fields an add or edit sets, by name (name, group,
// description, include, exclude, example, colour, shortcut); fields not
// named keep their value (an edit may empty one by naming it with "").
type Fields map[string]string

// FieldNames are the names Fields accepts, in the order a form shows them.
var FieldNames = []string{"name", "group", "description", "include", "exclude", "example", "colour", "shortcut"}

// existsError is an added code's key in use: store.ErrExists, worded for
// the codebook.
type existsError string

func (e existsError) Error() string {
	return fmt.Sprintf("code %s: already in the codebook; use 'codebook edit'", string(e))
}

func (e existsError) Unwrap() error { return store.ErrExists }

// ErrNoCode means a key is not in the codebook.
var ErrNoCode = errors.New("not in the codebook")

func findCode(codes []store.Code, key string) (store.Code, bool) {
	for _, c := range codes {
		if c.Key == key {
			return c, true
		}
	}
	return store.Code{}, false
}

// Lookup finds the code with key (upper-cased) in the project's codebook.
func Lookup(s *store.Store, key string) (store.Code, error) {
	key = strings.ToUpper(key)
	codes, err := s.Codes()
	if err != nil {
		return store.Code{}, err
	}
	c, ok := findCode(codes, key)
	if !ok {
		return store.Code{}, fmt.Errorf("code %s: %w; 'plancoder codebook show' lists them", store.Quote(key), ErrNoCode)
	}
	return c, nil
}

// Put adds the code key (edit false: it must be new) or changes fields of
// it (edit true: it must exist), after checking the whole codebook as it
// would be; a problem comes back as Errors naming the field. actor is
// recorded in the event log.
func Put(s *store.Store, actor, key string, edit bool, set Fields) (store.Code, error) {
	for name := range set {
		if !isField(name) {
			return store.Code{}, fmt.Errorf("code %s: no field %s (fields: %s)", store.Quote(key), store.Quote(name), strings.Join(FieldNames, ", "))
		}
	}
	codes, err := s.Codes()
	if err != nil {
		return store.Code{}, err
	}
	key = strings.ToUpper(key)
	next, found := findCode(codes, key)
	switch {
	case edit && !found:
		return store.Code{}, fmt.Errorf("code %s: %w", key, ErrNoCode)
	case !edit && found:
		return store.Code{}, existsError(key)
	}
	next.Key = key
	for name, dst := range map[string]*string{"name": &next.Name, "group": &next.Group, "description": &next.Description,
		"include": &next.Include, "exclude": &next.Exclude, "example": &next.Example, "colour": &next.Colour, "shortcut": &next.Shortcut} {
		if v, ok := set[name]; ok {
			*dst = v
		}
	}
	all := append([]store.Code(nil), codes...)
	if found {
		for i := range all {
			if all[i].Key == key {
				all[i] = next
			}
		}
	} else {
		all = append(all, next)
	}
	if errs := FromCodes(all).Validate(); len(errs) > 0 {
		return store.Code{}, errs
	}
	if _, err := s.PutCodes(actor, []store.Code{next}); err != nil {
		return store.Code{}, err
	}
	return next, nil
}

func isField(name string) bool {
	for _, f := range FieldNames {
		if f == name {
			return true
		}
	}
	return false
}

// Preview is what a rename, merge or removal would change: the code, the
// code it merges into (merge only) and its codings and memos.
type Preview struct {
	From, Into store.Code
	Impact     store.CodeImpact
}

// PreviewRename checks that from exists and to is a free, valid key, and
// counts what moves with the code.
func PreviewRename(s *store.Store, from, to string) (Preview, error) {
	from, to = strings.ToUpper(from), strings.ToUpper(to)
	if err := checkNewKey(to); err != nil {
		return Preview{}, err
	}
	fc, err := Lookup(s, from)
	if err != nil {
		return Preview{}, err
	}
	if _, err := Lookup(s, to); err == nil {
		return Preview{}, fmt.Errorf("code %s: %w; use merge to combine two codes", to, store.ErrExists)
	}
	im, err := s.CodeImpact(from, "")
	if err != nil {
		return Preview{}, err
	}
	return Preview{From: fc, Into: store.Code{Key: to, Name: fc.Name}, Impact: im}, nil
}

func checkNewKey(to string) error {
	if errs := FromCodes([]store.Code{{Key: to, Name: to}}).Validate(); len(errs) > 0 {
		return fmt.Errorf("new key %s: %v", store.Quote(to), errs[0].Msg)
	}
	return nil
}

// Rename gives the code from the key to; its codings and memos follow in
// one transaction. It returns how many codings were rewritten.
func Rename(s *store.Store, actor, from, to string) (int, error) {
	from, to = strings.ToUpper(from), strings.ToUpper(to)
	if err := checkNewKey(to); err != nil {
		return 0, err
	}
	return s.RenameCode(actor, from, to)
}

// PreviewMerge checks that both codes exist and differ, and counts what a
// merge of from into into moves.
func PreviewMerge(s *store.Store, from, into string) (Preview, error) {
	from, into = strings.ToUpper(from), strings.ToUpper(into)
	if from == into {
		return Preview{}, fmt.Errorf("code %s: cannot merge a code into itself", store.Quote(from))
	}
	fc, err := Lookup(s, from)
	if err != nil {
		return Preview{}, err
	}
	tc, err := Lookup(s, into)
	if err != nil {
		return Preview{}, err
	}
	im, err := s.CodeImpact(from, into)
	if err != nil {
		return Preview{}, err
	}
	return Preview{From: fc, Into: tc, Impact: im}, nil
}

// Merge moves every coding and memo of from to into and removes from, in
// one transaction. It returns how many codings moved.
func Merge(s *store.Store, actor, from, into string) (int, error) {
	from, into = strings.ToUpper(from), strings.ToUpper(into)
	if from == into {
		return 0, fmt.Errorf("code %s: cannot merge a code into itself", store.Quote(from))
	}
	return s.MergeCode(actor, from, into)
}

// PreviewRemove checks that key exists and nothing uses it: a code with
// codings or memos is merged into another, not removed.
func PreviewRemove(s *store.Store, key string) (Preview, error) {
	key = strings.ToUpper(key)
	cd, err := Lookup(s, key)
	if err != nil {
		return Preview{}, err
	}
	im, err := s.CodeImpact(key, "")
	if err != nil {
		return Preview{}, err
	}
	if im.Codings > 0 {
		return Preview{}, fmt.Errorf("code %s: %d codings use it (on %s, by %s); merge it into another code first: plancoder codebook merge %s OTHER",
			key, im.Codings, plural(im.Fragments, "fragment", "fragments"), plural(im.Coders, "coder", "coders"), key)
	}
	if im.Memos > 0 {
		return Preview{}, fmt.Errorf("code %s: %s on it; merge it into another code (memos move along) or remove the memos first (plancoder memo list --on code:%s)",
			key, plural(im.Memos, "memo is", "memos are"), key)
	}
	return Preview{From: cd, Impact: im}, nil
}

// Remove deletes an unused code (the store refuses one that codings use).
func Remove(s *store.Store, actor, key string) error {
	return s.RemoveCode(actor, strings.ToUpper(key))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
