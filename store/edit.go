package store

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Corrections made after coding has started: document and organisation
// metadata, memo text. Each is one transaction that logs the record before
// and after, and marks the documents whose index entries carry the changed
// values as pending, so search sees the change at the next index sync.

var rePeriod = regexp.MustCompile(`^((?:19|20)\d\d)-((?:19|20)\d\d)$`)

// CheckPeriod checks a policy period: YEAR-YEAR with the first year not
// after the second, e.g. 2021-2025. Empty is allowed (no period).
func CheckPeriod(p string) error {
	if p == "" {
		return nil
	}
	if m := rePeriod.FindStringSubmatch(p); m == nil || m[1] > m[2] {
		return fmt.Errorf("period %s: want YEAR-YEAR, e.g. 2021-2025", Quote(p))
	}
	return nil
}

// CheckYear checks a document year: 0 (none) or 1900 to 2100.
func CheckYear(y int) error {
	if y != 0 && (y < 1900 || y > 2100) {
		return fmt.Errorf("year %d: out of range", y)
	}
	return nil
}

// DocumentEdit names the metadata fields to change; nil fields are left as
// they are. An attribute with an empty value is removed.
type DocumentEdit struct {
	Org    *string
	Type   *string
	Period *string
	Year   *int
	Title  *string
	Attrs  map[string]string
}

// Empty reports whether e changes nothing.
func (e DocumentEdit) Empty() bool {
	return e.Org == nil && e.Type == nil && e.Period == nil && e.Year == nil && e.Title == nil && len(e.Attrs) == 0
}

// EditResult says what an edit did.
type EditResult[T any] struct {
	Before     T    `json:"before"`
	After      T    `json:"after"`
	Changed    bool `json:"changed"`               // false when the edit gave the values the record had
	OrgCreated bool `json:"org_created,omitempty"` // a document edit named an organisation that did not exist
}

func checkAttrs(what string, attrs map[string]string) error {
	for k, v := range attrs {
		if strings.TrimSpace(k) == "" {
			return fmt.Errorf("%s: attribute with an empty name", what)
		}
		if err := CheckText("attribute name", k, false); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if strings.ContainsRune(k, '=') {
			return fmt.Errorf("%s: attribute name %s has '='", what, Quote(k))
		}
		if err := CheckText("attribute "+k, v, false); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	return nil
}

// applyAttrs sets attrs on a copy of cur; empty values remove keys.
func applyAttrs(cur, attrs map[string]string) map[string]string {
	if len(attrs) == 0 {
		return cur
	}
	next := maps.Clone(cur)
	if next == nil {
		next = map[string]string{}
	}
	for k, v := range attrs {
		if v == "" {
			delete(next, k)
		} else {
			next[k] = v
		}
	}
	if len(next) == 0 {
		return nil
	}
	return next
}

func (e DocumentEdit) check(id string) error {
	if e.Org != nil {
		if *e.Org == "" || strings.ContainsAny(*e.Org, "/") {
			return fmt.Errorf("document %s: organisation %s: must be non-empty without '/'", id, Quote(*e.Org))
		}
		if err := CheckText("organisation", *e.Org, false); err != nil {
			return fmt.Errorf("document %s: %w", id, err)
		}
	}
	if e.Type != nil && !ValidType(*e.Type) {
		return fmt.Errorf("document %s: unknown type %s (one of %s)", id, Quote(*e.Type), strings.Join(DocTypes, ", "))
	}
	if e.Period != nil {
		if err := CheckPeriod(*e.Period); err != nil {
			return fmt.Errorf("document %s: %w", id, err)
		}
	}
	if e.Year != nil {
		if err := CheckYear(*e.Year); err != nil {
			return fmt.Errorf("document %s: %w", id, err)
		}
	}
	if e.Title != nil {
		if err := CheckText("title", *e.Title, false); err != nil {
			return fmt.Errorf("document %s: %w", id, err)
		}
	}
	return checkAttrs("document "+id, e.Attrs)
}

// EditDocument changes a document's metadata in one transaction: the
// values are checked as ingest checks them, an organisation that does not
// exist yet is created (as PutDocument does), the change is logged as
// document.edit with before and after, and the document's fragments are
// marked for the index. An edit that changes nothing writes nothing.
func (s *Store) EditDocument(actor, id string, e DocumentEdit) (EditResult[Document], error) {
	var res EditResult[Document]
	if err := e.check(id); err != nil {
		return res, err
	}
	err := s.update(func(tx *bolt.Tx) error {
		docs := tx.Bucket(bDocs)
		var d Document
		found, err := getJSON(docs, []byte(id), &d)
		if err != nil {
			return fmt.Errorf("document %s: %w", id, err)
		}
		if !found {
			return fmt.Errorf("document %s: %w", id, ErrNotFound)
		}
		res.Before = d
		next := d
		if e.Org != nil {
			next.Org = *e.Org
		}
		if e.Type != nil {
			next.Type = *e.Type
		}
		if e.Period != nil {
			next.Period = *e.Period
		}
		if e.Year != nil {
			next.Year = *e.Year
		}
		if e.Title != nil {
			next.Title = *e.Title
		}
		next.Attrs = applyAttrs(d.Attrs, e.Attrs)
		res.After = next
		if reflect.DeepEqual(d, next) {
			return nil
		}
		res.Changed = true
		orgs := tx.Bucket(bOrgs)
		if orgs.Get([]byte(next.Org)) == nil {
			o := Organisation{ID: next.Org, Name: next.Org}
			if err := putJSON(orgs, []byte(next.Org), o); err != nil {
				return err
			}
			if err := s.appendEvent(tx, actor, "org.add", next.Org, nil, o); err != nil {
				return err
			}
			res.OrgCreated = true
		}
		if err := putJSON(docs, []byte(id), next); err != nil {
			return err
		}
		// Every indexed fragment carries the document's org, type, period
		// and year (and the organisation's attributes).
		if err := markPending(tx, id, d.Fragments, false); err != nil {
			return err
		}
		return s.appendEvent(tx, actor, "document.edit", id, d, next)
	})
	if err != nil {
		return EditResult[Document]{}, err
	}
	return res, nil
}

// OrganisationEdit names the fields of an organisation to change; a nil
// Name is left as it is, an attribute with an empty value is removed.
type OrganisationEdit struct {
	Name  *string
	Attrs map[string]string
}

// EditOrganisation changes an existing organisation in one transaction,
// logged as org.edit with before and after; the documents of the
// organisation are marked for the index, which holds its attributes on
// every fragment. Unlike PutOrganisations it can remove attributes.
func (s *Store) EditOrganisation(actor, id string, e OrganisationEdit) (EditResult[Organisation], error) {
	var res EditResult[Organisation]
	if e.Name != nil {
		if strings.TrimSpace(*e.Name) == "" {
			return res, fmt.Errorf("organisation %s: empty name", id)
		}
		if err := CheckText("name", *e.Name, false); err != nil {
			return res, fmt.Errorf("organisation %s: %w", id, err)
		}
	}
	if err := checkAttrs("organisation "+id, e.Attrs); err != nil {
		return res, err
	}
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bOrgs)
		var o Organisation
		found, err := getJSON(b, []byte(id), &o)
		if err != nil {
			return fmt.Errorf("organisation %s: %w", id, err)
		}
		if !found {
			return fmt.Errorf("organisation %s: %w", id, ErrNotFound)
		}
		res.Before = o
		next := o
		if e.Name != nil {
			next.Name = *e.Name
		}
		next.Attrs = applyAttrs(o.Attrs, e.Attrs)
		res.After = next
		if reflect.DeepEqual(o, next) {
			return nil
		}
		res.Changed = true
		if err := putJSON(b, []byte(id), next); err != nil {
			return err
		}
		if err := markOrgDocsPending(tx, id); err != nil {
			return err
		}
		return s.appendEvent(tx, actor, "org.edit", id, o, next)
	})
	if err != nil {
		return EditResult[Organisation]{}, err
	}
	return res, nil
}

// EditMemo replaces a memo's text; the old text stays in the event log
// (memo.edit, before and after). The memo keeps its author; the event
// records who edited it.
func (s *Store) EditMemo(actor string, id uint64, text string) (EditResult[Memo], error) {
	var res EditResult[Memo]
	if strings.TrimSpace(text) == "" {
		return res, fmt.Errorf("memo %d: empty text", id)
	}
	if err := CheckText("memo text", text, true); err != nil {
		return res, fmt.Errorf("memo %d: %w", id, err)
	}
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bMemos)
		var m Memo
		found, err := getJSON(b, u64(id), &m)
		if err != nil {
			return fmt.Errorf("memo %d: %w", id, err)
		}
		if !found {
			return fmt.Errorf("memo %d: %w", id, ErrNotFound)
		}
		res.Before, res.After = m, m
		if m.Text == text {
			return nil
		}
		res.After.Text = text
		res.Changed = true
		if err := putJSON(b, u64(id), res.After); err != nil {
			return err
		}
		if m.Orphan != 0 {
			// The orphan record shows the memo's text in 'orphans list'.
			ob := tx.Bucket(bOrphans)
			if v := ob.Get(u64(m.Orphan)); v != nil {
				o, err := decodeOrphan(u64(m.Orphan), v)
				if err != nil {
					return err
				}
				o.Memo = text
				if err := putJSON(ob, u64(o.ID), o); err != nil {
					return err
				}
			}
		}
		return s.appendEvent(tx, actor, "memo.edit", strconv.FormatUint(id, 10), m, res.After)
	})
	if err != nil {
		return EditResult[Memo]{}, err
	}
	return res, nil
}

// RemoveMemo deletes a memo and returns it; the memo stays readable in the
// event log (memo.remove, before).
func (s *Store) RemoveMemo(actor string, id uint64) (Memo, error) {
	var m Memo
	err := s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bMemos)
		found, err := getJSON(b, u64(id), &m)
		if err != nil {
			return fmt.Errorf("memo %d: %w", id, err)
		}
		if !found {
			return fmt.Errorf("memo %d: %w", id, ErrNotFound)
		}
		if err := b.Delete(u64(id)); err != nil {
			return err
		}
		if m.Orphan != 0 {
			// An orphaned memo's record goes with it, as DropOrphans drops both.
			if err := tx.Bucket(bOrphans).Delete(u64(m.Orphan)); err != nil {
				return err
			}
		}
		return s.appendEvent(tx, actor, "memo.remove", strconv.FormatUint(id, 10), m, nil)
	})
	if err != nil {
		return Memo{}, err
	}
	return m, nil
}

// MemoChange is one entry of a memo's history.
type MemoChange struct {
	Event
	Memo Memo `json:"memo"` // the memo after the change; before it for a removal
}

// MemoHistory returns a memo's changes from the event log, oldest first:
// memo.add, memo.edit, memo.remove, and orphan.drop of an orphaned memo. A removed memo still has its
// history; an ID never used gives ErrNotFound.
func (s *Store) MemoHistory(id uint64) ([]MemoChange, error) {
	target := strconv.FormatUint(id, 10)
	var out []MemoChange
	err := s.Events(0, func(ev Event) error {
		if ev.Action == "orphan.drop" && len(out) > 0 {
			// DropOrphans removes an orphaned memo along with its record.
			var o Orphan
			if err := json.Unmarshal(ev.Before, &o); err == nil && o.Kind == OrphanMemo && o.MemoID == id {
				out = append(out, MemoChange{Event: ev, Memo: out[len(out)-1].Memo})
			}
			return nil
		}
		if ev.Target != target || !strings.HasPrefix(ev.Action, "memo.") {
			return nil
		}
		raw := ev.After
		if raw == nil {
			raw = ev.Before
		}
		var m Memo
		if raw != nil {
			if err := json.Unmarshal(raw, &m); err != nil {
				return fmt.Errorf("event %d (%s of memo %d): %w", ev.Seq, ev.Action, id, err)
			}
		}
		out = append(out, MemoChange{Event: ev, Memo: m})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("memo %d: %w", id, ErrNotFound)
	}
	return out, nil
}

// MemoVersions calls fn with every version of every memo the event log
// holds (added, each edit, removed), so a merge can tell a memo that was
// edited or removed here from one it has never seen.
func (s *Store) MemoVersions(fn func(Memo)) error {
	return s.Events(0, func(ev Event) error {
		if !strings.HasPrefix(ev.Action, "memo.") {
			return nil
		}
		for _, raw := range []json.RawMessage{ev.Before, ev.After} {
			if raw == nil {
				continue
			}
			var m Memo
			if err := json.Unmarshal(raw, &m); err != nil {
				return fmt.Errorf("event %d (%s): %w", ev.Seq, ev.Action, err)
			}
			fn(m)
		}
		return nil
	})
}
