package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"sort"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// PutOrganisations adds or updates organisations in one transaction. An
// existing organisation keeps attributes the update does not name.
func (s *Store) PutOrganisations(actor string, orgs []Organisation) (added, updated int, err error) {
	err = s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bOrgs)
		for _, o := range orgs {
			if o.ID == "" {
				return fmt.Errorf("organisation %q: empty id", o.Name)
			}
			var old Organisation
			found, err := getJSON(b, []byte(o.ID), &old)
			if err != nil {
				return fmt.Errorf("organisation %s: %w", o.ID, err)
			}
			next := o
			if found {
				next = old
				next.Attrs = maps.Clone(old.Attrs)
				if o.Name != "" {
					next.Name = o.Name
				}
				for k, v := range o.Attrs {
					if next.Attrs == nil {
						next.Attrs = map[string]string{}
					}
					next.Attrs[k] = v
				}
				if orgEqual(old, next) {
					continue
				}
				updated++
				if err := s.appendEvent(tx, actor, "org.update", o.ID, old, next); err != nil {
					return err
				}
				// The index holds organisation attributes on every fragment.
				if err := markOrgDocsPending(tx, o.ID); err != nil {
					return err
				}
			} else {
				if next.Name == "" {
					next.Name = next.ID
				}
				added++
				if err := s.appendEvent(tx, actor, "org.add", o.ID, nil, next); err != nil {
					return err
				}
			}
			if err := putJSON(b, []byte(o.ID), next); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return added, updated, nil
}

func markOrgDocsPending(tx *bolt.Tx, org string) error {
	return tx.Bucket(bDocs).ForEach(func(k, v []byte) error {
		var d Document
		if err := json.Unmarshal(v, &d); err != nil {
			return err
		}
		if d.Org != org {
			return nil
		}
		return markPending(tx, d.ID, d.Fragments, false)
	})
}

func orgEqual(a, b Organisation) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// Organisations lists every organisation, sorted by ID.
func (s *Store) Organisations() ([]Organisation, error) {
	var out []Organisation
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bOrgs).ForEach(func(k, v []byte) error {
			var o Organisation
			if err := json.Unmarshal(v, &o); err != nil {
				return fmt.Errorf("organisation %s: %w", k, err)
			}
			out = append(out, o)
			return nil
		})
	})
	return out, err
}

// Organisation returns one organisation or ErrNotFound.
func (s *Store) Organisation(id string) (Organisation, error) {
	var o Organisation
	err := s.view(func(tx *bolt.Tx) error {
		ok, err := getJSON(tx.Bucket(bOrgs), []byte(id), &o)
		if err == nil && !ok {
			err = fmt.Errorf("organisation %s: %w", id, ErrNotFound)
		}
		return err
	})
	return o, err
}

// DocumentBySHA256 returns the ID of the document ingested from bytes with
// this hash, or "" when there is none.
func (s *Store) DocumentBySHA256(sum string) (string, error) {
	var id string
	err := s.view(func(tx *bolt.Tx) error {
		id = string(tx.Bucket(bDocsBySH).Get([]byte(sum)))
		return nil
	})
	return id, err
}

// Document returns one document or ErrNotFound.
func (s *Store) Document(id string) (Document, error) {
	var d Document
	err := s.view(func(tx *bolt.Tx) error {
		ok, err := getJSON(tx.Bucket(bDocs), []byte(id), &d)
		if err == nil && !ok {
			err = fmt.Errorf("document %s: %w", id, ErrNotFound)
		}
		return err
	})
	return d, err
}

// Documents lists every document, sorted by ID.
func (s *Store) Documents() ([]Document, error) {
	var out []Document
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bDocs).ForEach(func(k, v []byte) error {
			var d Document
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("document %s: %w", k, err)
			}
			out = append(out, d)
			return nil
		})
	})
	return out, err
}

// Text returns a document's clean text, the string fragment offsets point into.
func (s *Store) Text(doc string) (string, error) {
	var t string
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bTexts).Get([]byte(doc))
		if v == nil {
			return fmt.Errorf("document %s: %w", doc, ErrNotFound)
		}
		t = string(v)
		return nil
	})
	return t, err
}

// Fragments returns up to limit fragments of doc starting at ordinal from
// (1-based). limit <= 0 means all.
func (s *Store) Fragments(doc string, from, limit int) ([]Fragment, error) {
	if from < 1 {
		from = 1
	}
	var out []Fragment
	err := s.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bDocs).Get([]byte(doc)) == nil {
			return fmt.Errorf("document %s: %w", doc, ErrNotFound)
		}
		p := docPrefix(doc)
		c := tx.Bucket(bFrags).Cursor()
		for k, v := c.Seek(fragKey(doc, from)); k != nil && hasPrefix(k, p); k, v = c.Next() {
			var f Fragment
			if err := json.Unmarshal(v, &f); err != nil {
				return fmt.Errorf("fragment of %s: %w", doc, err)
			}
			out = append(out, f)
			if limit > 0 && len(out) >= limit {
				break
			}
		}
		return nil
	})
	return out, err
}

// Fragment returns one fragment by its ID (DOC/NNNN) or ErrNotFound.
func (s *Store) Fragment(id string) (Fragment, error) {
	doc, ord, ok := splitFragmentID(id)
	if !ok {
		return Fragment{}, fmt.Errorf("fragment %q: %w (ids look like DOC/0001)", id, ErrNotFound)
	}
	var f Fragment
	err := s.view(func(tx *bolt.Tx) error {
		found, err := getJSON(tx.Bucket(bFrags), fragKey(doc, ord), &f)
		if err == nil && !found {
			err = fmt.Errorf("fragment %s: %w", id, ErrNotFound)
		}
		return err
	})
	return f, err
}

func splitFragmentID(id string) (doc string, ord int, ok bool) {
	i := strings.LastIndexByte(id, '/')
	if i <= 0 {
		return "", 0, false
	}
	n := 0
	for _, r := range id[i+1:] {
		if r < '0' || r > '9' {
			return "", 0, false
		}
		n = n*10 + int(r-'0')
	}
	return id[:i], n, i+1 < len(id)
}

// PutResult says what PutDocument did.
type PutResult struct {
	Replaced bool // the document existed and its fragments were replaced
	// Kept counts codings carried over to fragments with the same text;
	// Orphaned counts codings whose text is gone (kept in the orphans bucket).
	Kept, Orphaned int
	OrgCreated     bool
}

// PutDocument stores a document, its clean text and all its fragments in one
// transaction, so a failure writes nothing. An organisation that does not
// exist yet is created from the document's org ID. Re-putting an existing
// document replaces its fragments; codings follow their fragment's text by
// content hash, and codings whose text is gone are kept as orphans.
func (s *Store) PutDocument(actor string, d Document, text string, frags []Fragment) (PutResult, error) {
	var res PutResult
	if err := validateDocument(d, text, frags); err != nil {
		return res, err
	}
	d.Fragments = len(frags)
	if d.IngestedAt.IsZero() {
		d.IngestedAt = s.now()
	}
	err := s.update(func(tx *bolt.Tx) error {
		docs := tx.Bucket(bDocs)
		if other := tx.Bucket(bDocsBySH).Get([]byte(d.SHA256)); other != nil && string(other) != d.ID {
			return fmt.Errorf("document %s: the same bytes are already stored as document %s: %w", d.ID, other, ErrExists)
		}
		orgs := tx.Bucket(bOrgs)
		if orgs.Get([]byte(d.Org)) == nil {
			o := Organisation{ID: d.Org, Name: d.Org}
			if err := putJSON(orgs, []byte(d.Org), o); err != nil {
				return err
			}
			if err := s.appendEvent(tx, actor, "org.add", d.Org, nil, o); err != nil {
				return err
			}
			res.OrgCreated = true
		}
		var old Document
		found, err := getJSON(docs, []byte(d.ID), &old)
		if err != nil {
			return fmt.Errorf("document %s: %w", d.ID, err)
		}
		if found {
			res.Replaced = true
			if err := tx.Bucket(bDocsBySH).Delete([]byte(old.SHA256)); err != nil {
				return err
			}
			kept, orphaned, err := remapCodings(tx, d.ID, frags)
			if err != nil {
				return err
			}
			res.Kept, res.Orphaned = kept, orphaned
			if err := deletePrefix(tx.Bucket(bFrags), docPrefix(d.ID)); err != nil {
				return err
			}
			if err := deletePrefix(tx.Bucket(bHeads), docPrefix(d.ID)); err != nil {
				return err
			}
		}
		if err := putJSON(docs, []byte(d.ID), d); err != nil {
			return err
		}
		if err := tx.Bucket(bDocsBySH).Put([]byte(d.SHA256), []byte(d.ID)); err != nil {
			return err
		}
		if err := tx.Bucket(bTexts).Put([]byte(d.ID), []byte(text)); err != nil {
			return err
		}
		fb, hb := tx.Bucket(bFrags), tx.Bucket(bHeads)
		// A document's fragments arrive in key order: pack pages full
		// instead of bbolt's half-full default split.
		fb.FillPercent, hb.FillPercent = 0.9, 0.9
		for _, f := range frags {
			if err := putJSON(fb, fragKey(d.ID, f.Ordinal), f); err != nil {
				return err
			}
			if err := hb.Put(fragKey(d.ID, f.Ordinal), encodeHead(f)); err != nil {
				return err
			}
		}
		action := "document.add"
		var before any
		if found {
			action, before = "document.replace", old
		}
		if err := markPending(tx, d.ID, old.Fragments, false); err != nil {
			return err
		}
		return s.appendEvent(tx, actor, action, d.ID, before, d)
	})
	if err != nil {
		return PutResult{}, err
	}
	return res, nil
}

func validateDocument(d Document, text string, frags []Fragment) error {
	if d.ID == "" || strings.ContainsAny(d.ID, "/\x00") {
		return fmt.Errorf("document id %q: must be non-empty without '/'", d.ID)
	}
	if d.Org == "" {
		return fmt.Errorf("document %s: no organisation", d.ID)
	}
	if !ValidType(d.Type) {
		return fmt.Errorf("document %s: unknown type %q (one of %s)", d.ID, d.Type, strings.Join(DocTypes, ", "))
	}
	if d.SHA256 == "" {
		return fmt.Errorf("document %s: no content hash", d.ID)
	}
	if len(frags) == 0 {
		return fmt.Errorf("document %s: no fragments", d.ID)
	}
	for i, f := range frags {
		if f.Ordinal != i+1 || f.Doc != d.ID || f.ID != FragmentID(d.ID, f.Ordinal) {
			return fmt.Errorf("document %s: fragment %d has id %q, ordinal %d", d.ID, i+1, f.ID, f.Ordinal)
		}
		if f.Start < 0 || f.End > len(text) || f.Start > f.End || text[f.Start:f.End] != f.Text {
			return fmt.Errorf("document %s: fragment %s offsets %d-%d do not match its text", d.ID, f.ID, f.Start, f.End)
		}
		if strings.TrimSpace(f.Text) == "" {
			return fmt.Errorf("document %s: fragment %s is empty", d.ID, f.ID)
		}
	}
	return nil
}

// remapCodings moves the codings of doc's old fragments to the new fragment
// with the same content hash; codings of text that is gone move to orphans.
func remapCodings(tx *bolt.Tx, doc string, frags []Fragment) (kept, orphaned int, err error) {
	cb := tx.Bucket(bCodings)
	prefix := []byte(doc + "/")
	type kv struct{ k, v []byte }
	var all []kv
	c := cb.Cursor()
	for k, v := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
		all = append(all, kv{bytes.Clone(k), bytes.Clone(v)})
	}
	if len(all) == 0 {
		return 0, 0, nil
	}
	oldHash := map[string]string{} // old fragment ID -> hash
	fc := tx.Bucket(bFrags).Cursor()
	p := docPrefix(doc)
	for k, v := fc.Seek(p); k != nil && hasPrefix(k, p); k, v = fc.Next() {
		var f Fragment
		if err := json.Unmarshal(v, &f); err != nil {
			return 0, 0, err
		}
		oldHash[f.ID] = f.Hash
	}
	newByHash := map[string][]string{}
	for _, f := range frags {
		newByHash[f.Hash] = append(newByHash[f.Hash], f.ID)
	}
	// Identical texts (repeated boilerplate) map in order of appearance.
	used := map[string]int{}
	assigned := map[string]string{}
	var oldIDs []string
	for id := range oldHash {
		oldIDs = append(oldIDs, id)
	}
	sort.Strings(oldIDs)
	for _, id := range oldIDs {
		h := oldHash[id]
		if ids := newByHash[h]; used[h] < len(ids) {
			assigned[id] = ids[used[h]]
			used[h]++
		}
	}
	orph := tx.Bucket(bOrphans)
	for _, e := range all {
		fragID, rest, _ := bytes.Cut(e.k, []byte{0})
		if err := cb.Delete(e.k); err != nil {
			return 0, 0, err
		}
		if to, ok := assigned[string(fragID)]; ok {
			nk := append(codingPrefix(to), rest...)
			if err := cb.Put(nk, e.v); err != nil {
				return 0, 0, err
			}
			kept++
			continue
		}
		if err := orph.Put(e.k, e.v); err != nil {
			return 0, 0, err
		}
		orphaned++
	}
	return kept, orphaned, nil
}

func deletePrefix(b *bolt.Bucket, prefix []byte) error {
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// CodingCount counts the codings on a document's fragments.
func (s *Store) CodingCount(doc string) (int, error) {
	n := 0
	err := s.view(func(tx *bolt.Tx) error {
		prefix := []byte(doc + "/")
		c := tx.Bucket(bCodings).Cursor()
		for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
			n++
		}
		return nil
	})
	return n, err
}

// RemoveDocument deletes a document, its text and its fragments. It refuses
// with ErrHasCodings while any coding points at one of its fragments.
func (s *Store) RemoveDocument(actor, id string) error {
	return s.update(func(tx *bolt.Tx) error {
		var d Document
		found, err := getJSON(tx.Bucket(bDocs), []byte(id), &d)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("document %s: %w", id, ErrNotFound)
		}
		prefix := []byte(id + "/")
		n := 0
		c := tx.Bucket(bCodings).Cursor()
		for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
			n++
		}
		if n > 0 {
			return fmt.Errorf("document %s: %w: %d codings point at its fragments; remove or merge them first", id, ErrHasCodings, n)
		}
		if err := deletePrefix(tx.Bucket(bFrags), docPrefix(id)); err != nil {
			return err
		}
		if err := deletePrefix(tx.Bucket(bHeads), docPrefix(id)); err != nil {
			return err
		}
		for _, b := range []struct {
			bucket []byte
			key    string
		}{{bDocs, id}, {bTexts, id}, {bDocsBySH, d.SHA256}} {
			if err := tx.Bucket(b.bucket).Delete([]byte(b.key)); err != nil {
				return err
			}
		}
		if err := markPending(tx, id, d.Fragments, true); err != nil {
			return err
		}
		return s.appendEvent(tx, actor, "document.remove", id, d, nil)
	})
}

// FragmentHead is a fragment without its text, for analyses that group and
// count.
type FragmentHead struct {
	ID      string   `json:"id"`
	Page    int      `json:"page,omitempty"`
	Section []string `json:"section,omitempty"`
	Kind    string   `json:"kind"`
}

// encodeHead packs a fragment's kind, page and section path compactly
// (kind RS page RS heading US heading ...), so analyses can read them
// without decoding the fragment's text.
func encodeHead(f Fragment) []byte {
	return []byte(f.Kind + "\x1e" + strconv.Itoa(f.Page) + "\x1e" + strings.Join(f.Section, "\x1f"))
}

// FragmentHeads calls fn with the head of every listed fragment that
// exists, in one read transaction.
func (s *Store) FragmentHeads(ids []string, fn func(FragmentHead)) error {
	return s.view(func(tx *bolt.Tx) error {
		b, hb := tx.Bucket(bFrags), tx.Bucket(bHeads)
		for _, id := range ids {
			doc, ord, ok := splitFragmentID(id)
			if !ok {
				continue
			}
			k := fragKey(doc, ord)
			if hv := hb.Get(k); hv != nil {
				parts := strings.SplitN(string(hv), "\x1e", 3)
				if len(parts) == 3 {
					h := FragmentHead{ID: id, Kind: parts[0]}
					h.Page, _ = strconv.Atoi(parts[1])
					if parts[2] != "" {
						h.Section = strings.Split(parts[2], "\x1f")
					}
					fn(h)
					continue
				}
			}
			v := b.Get(k) // a project written before heads were kept
			if v == nil {
				continue
			}
			var h FragmentHead
			if err := json.Unmarshal(v, &h); err != nil {
				return fmt.Errorf("fragment %s: %w", id, err)
			}
			fn(h)
		}
		return nil
	})
}

// FragmentTexts returns the texts of the listed fragments, in one read
// transaction.
func (s *Store) FragmentTexts(ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bFrags)
		for _, id := range ids {
			doc, ord, ok := splitFragmentID(id)
			if !ok {
				continue
			}
			v := b.Get(fragKey(doc, ord))
			if v == nil {
				continue
			}
			var f struct {
				Text string `json:"text"`
			}
			if err := json.Unmarshal(v, &f); err != nil {
				return err
			}
			out[id] = f.Text
		}
		return nil
	})
	return out, err
}

// CodingTriples calls fn for every coding (fragment, coder, code), read
// from the keys alone, optionally of one coder.
func (s *Store) CodingTriples(coder string, fn func(fragment, coder, code string)) error {
	return s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bCodings).ForEach(func(k, _ []byte) error {
			i := bytes.IndexByte(k, 0)
			j := bytes.LastIndexByte(k, 0)
			if i < 0 || j <= i {
				return nil
			}
			c := string(k[i+1 : j])
			if coder != "" && c != coder {
				return nil
			}
			fn(string(k[:i]), c, string(k[j+1:]))
			return nil
		})
	})
}
