package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
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
		st, ok, err := textOf(tx, doc)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("document %s: %w", doc, ErrNotFound)
		}
		if t, err = st.String(); err != nil {
			return fmt.Errorf("document %s: %w", doc, err)
		}
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
		var texts textMemo
		for k, v := c.Seek(fragKey(doc, from)); k != nil && hasPrefix(k, p); k, v = c.Next() {
			f, err := decodeFragment(tx, v, &texts)
			if err != nil {
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
	doc, ord, err := ParseFragmentID(id)
	if err != nil {
		return Fragment{}, fmt.Errorf("%w: %w", err, ErrNotFound)
	}
	var f Fragment
	err = s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bFrags).Get(fragKey(doc, ord))
		if v == nil {
			return fmt.Errorf("fragment %s: %w", id, ErrNotFound)
		}
		var err error
		f, err = decodeFragment(tx, v, nil)
		return err
	})
	return f, err
}

// PutResult says what PutDocument did.
type PutResult struct {
	Replaced bool // the document existed and its fragments were replaced
	// Kept counts codings carried over to fragments with the same text;
	// Orphaned counts codings whose text is gone (kept in the orphans bucket).
	Kept, Orphaned int
	OrgCreated     bool
	// Remap details how every reference to the old fragments moved.
	Remap RemapReport
}

// PutDocument stores a document, its clean text and all its fragments in one
// transaction, so a failure writes nothing (a big text and a new document's
// many fragments are staged ahead where no reader sees them, and dropped on
// failure: see stageText). An organisation that does not
// exist yet is created from the document's org ID. Re-putting an existing
// document replaces its fragments; codings follow their fragment's text by
// content hash, and codings whose text is gone are kept as orphans.
func (s *Store) PutDocument(actor string, d Document, text string, frags []Fragment) (PutResult, error) {
	d, frags, err := s.preparePut(d, text, frags)
	if err != nil {
		return PutResult{}, err
	}
	r := s.putOne(actor, BatchResult{Doc: d, Frags: frags}, text)
	if r.Err != nil {
		return PutResult{}, r.Err
	}
	return r.PutResult, nil
}

// preparePut validates a document before any transaction and gives it the
// fields the store owns: the fragment count, every content hash (references
// are checked against them, so they must not depend on the caller) and the
// ingest time.
func (s *Store) preparePut(d Document, text string, frags []Fragment) (Document, []Fragment, error) {
	if err := validateDocument(d, text, frags); err != nil {
		return d, nil, err
	}
	d.Fragments = len(frags)
	// The caller's slice is copied only when a hash must be set: for a big
	// document the fragments are a good part of the memory an ingest needs.
	cloned := false
	for i := range frags {
		if h := ContentHash(frags[i].Text); h != frags[i].Hash {
			if !cloned {
				frags, cloned = slices.Clone(frags), true
			}
			frags[i].Hash = h
		}
	}
	if d.IngestedAt.IsZero() {
		d.IngestedAt = s.now()
	}
	return d, frags, nil
}

// putDocumentTx writes a prepared document (see preparePut) inside tx.
// With streamed, the text and fragment records were all staged ahead by a
// DocumentWriter (text and frags are empty), and the document must be new.
func (s *Store) putDocumentTx(tx *bolt.Tx, actor string, d Document, text string, frags []Fragment, streamed bool) (PutResult, error) {
	var res PutResult
	err := func() error {
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
		var oldFrags []Fragment
		if found && streamed {
			return fmt.Errorf("document %s: %w (a document written in chunks must be new)", d.ID, ErrExists)
		}
		if found {
			res.Replaced = true
			if err := tx.Bucket(bDocsBySH).Delete([]byte(old.SHA256)); err != nil {
				return err
			}
			if oldFrags, err = replacedFragments(tx, d.ID, frags); err != nil {
				return err
			}
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
		if err := putText(tx, d.ID, text, streamed); err != nil {
			return err
		}
		if marker := fragMarker(d.ID); streamed && tx.Bucket(bStaging).Get(marker) == nil {
			return fmt.Errorf("document %s: its fragments were not staged", d.ID)
		} else if !found && tx.Bucket(bStaging).Get(marker) != nil {
			// A new document's records were written ahead (stageFragments).
			if err := tx.Bucket(bStaging).Delete(marker); err != nil {
				return err
			}
		} else if err := putFragmentRecords(tx, d.ID, frags); err != nil {
			return err
		}
		if err := unmarkIfEmpty(tx); err != nil {
			return err
		}
		if found {
			// References move once the new fragments are in place, so
			// everything they are checked against is the new text.
			rep, err := s.moveReferences(tx, d.ID, oldFrags, frags)
			if err != nil {
				return err
			}
			res.Remap, res.Kept, res.Orphaned = rep, rep.Codings, rep.Orphaned
			if rep.Codings+rep.Memos+rep.SampleUnits+rep.Seen+rep.Orphaned+rep.SeenDropped+rep.Reattached > 0 {
				if err := s.appendEvent(tx, actor, "references.remap", d.ID, nil, rep); err != nil {
					return err
				}
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
	}()
	return res, err
}

// putFragmentRecords writes the records and heads of a document's
// fragments.
func putFragmentRecords(tx *bolt.Tx, doc string, frags []Fragment) error {
	fb, hb := tx.Bucket(bFrags), tx.Bucket(bHeads)
	// A document's fragments arrive in key order: pack pages full instead
	// of bbolt's half-full default split.
	fb.FillPercent, hb.FillPercent = 0.9, 0.9
	for _, f := range frags {
		v, err := encodeFragment(f)
		if err != nil {
			return err
		}
		if err := fb.Put(fragKey(doc, f.Ordinal), v); err != nil {
			return err
		}
		if err := hb.Put(fragKey(doc, f.Ordinal), encodeHead(f)); err != nil {
			return err
		}
	}
	return nil
}

// validateDocument is the one validation of a document, its text and its
// fragments, whichever way they arrive (whole, or in a DocumentWriter's
// chunks: see validateHeader and validateFragment).
func validateDocument(d Document, text string, frags []Fragment) error {
	if err := validateHeader(d); err != nil {
		return err
	}
	if len(frags) == 0 {
		return fmt.Errorf("document %s: no fragments", d.ID)
	}
	for i, f := range frags {
		if err := validateFragment(d.ID, i+1, f, text, 0); err != nil {
			return err
		}
	}
	return nil
}

// validateHeader checks a document's own fields.
func validateHeader(d Document) error {
	if err := validDocID(d.ID); err != nil {
		return err
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
	return nil
}

func validDocID(id string) error {
	if id == "" || strings.ContainsAny(id, "/\x00") {
		return fmt.Errorf("document id %q: must be non-empty without '/'", id)
	}
	return nil
}

// validateFragment checks the n-th fragment of doc against text, which
// holds the document's clean text from byte base on.
func validateFragment(doc string, n int, f Fragment, text string, base int) error {
	if f.Ordinal != n || f.Doc != doc || f.ID != FragmentID(doc, f.Ordinal) {
		return fmt.Errorf("document %s: fragment %d has id %q, ordinal %d", doc, n, f.ID, f.Ordinal)
	}
	if f.Start < base || f.End > base+len(text) || f.Start > f.End || text[f.Start-base:f.End-base] != f.Text {
		return fmt.Errorf("document %s: fragment %s offsets %d-%d do not match its text", doc, f.ID, f.Start, f.End)
	}
	if strings.TrimSpace(f.Text) == "" {
		return fmt.Errorf("document %s: fragment %s is empty", doc, f.ID)
	}
	return nil
}

// docFragments reads every stored fragment of doc, in order.
func docFragments(tx *bolt.Tx, doc string) ([]Fragment, error) {
	var out []Fragment
	p := docPrefix(doc)
	c := tx.Bucket(bFrags).Cursor()
	var texts textMemo
	for k, v := c.Seek(p); k != nil && hasPrefix(k, p); k, v = c.Next() {
		f, err := decodeFragment(tx, v, &texts)
		if err != nil {
			return nil, fmt.Errorf("fragment of %s: %w", doc, err)
		}
		out = append(out, f)
	}
	return out, nil
}

// replacedFragments reads the stored fragments of doc, which next replaces,
// with their texts only where matching needs them: a fragment whose hash
// the same hash match of matchFragments pairs (old in order, each taking
// the first unused new fragment with its hash) keeps no text. On a big
// document nearly all do, and the old texts were a fifth of a replace's
// memory.
func replacedFragments(tx *bolt.Tx, doc string, next []Fragment) ([]Fragment, error) {
	avail := make(map[string]int, len(next))
	for _, f := range next {
		avail[f.Hash]++
	}
	var out []Fragment
	p := docPrefix(doc)
	c := tx.Bucket(bFrags).Cursor()
	var texts textMemo
	for k, v := c.Seek(p); k != nil && hasPrefix(k, p); k, v = c.Next() {
		var f Fragment
		if err := json.Unmarshal(v, &f); err != nil {
			return nil, fmt.Errorf("fragment of %s: %w", doc, err)
		}
		if avail[f.Hash] > 0 {
			avail[f.Hash]--
			out = append(out, f)
			continue
		}
		f, err := decodeFragment(tx, v, &texts)
		if err != nil {
			return nil, fmt.Errorf("fragment of %s: %w", doc, err)
		}
		out = append(out, f)
	}
	return out, nil
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
		n := 0
		if err := eachCodingKey(tx, id, func([]byte, string, string, string) error { n++; return nil }); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("document %s: %w: %d codings point at its fragments; remove or merge them first", id, ErrHasCodings, n)
		}
		if err := refuseReferences(tx, id); err != nil {
			return err
		}
		if err := dropSeenOf(tx, id); err != nil {
			return err
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
		}{{bDocs, id}, {bDocsBySH, d.SHA256}} {
			if err := tx.Bucket(b.bucket).Delete([]byte(b.key)); err != nil {
				return err
			}
		}
		if err := deleteText(tx, id); err != nil {
			return err
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
	Hash    string   `json:"hash,omitempty"`
}

// encodeHead packs a fragment's kind, page, content hash and section path
// compactly (kind RS page RS hash RS heading US heading ...), so analyses
// and reference checks read them without decoding the fragment's text.
func encodeHead(f Fragment) []byte {
	return []byte(f.Kind + "\x1e" + strconv.Itoa(f.Page) + "\x1e" + f.Hash + "\x1e" + strings.Join(f.Section, "\x1f"))
}

func decodeHead(id string, v []byte) (FragmentHead, bool) {
	parts := strings.SplitN(string(v), "\x1e", 4)
	if len(parts) != 4 {
		return FragmentHead{}, false
	}
	h := FragmentHead{ID: id, Kind: parts[0], Hash: parts[2]}
	var err error
	if h.Page, err = strconv.Atoi(parts[1]); err != nil {
		return FragmentHead{}, false
	}
	if parts[3] != "" {
		h.Section = strings.Split(parts[3], "\x1f")
	}
	return h, true
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
				if h, ok := decodeHead(id, hv); ok {
					fn(h)
					continue
				}
			}
			v := b.Get(k)
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
		var texts textMemo
		for _, id := range ids {
			doc, ord, ok := splitFragmentID(id)
			if !ok {
				continue
			}
			v := b.Get(fragKey(doc, ord))
			if v == nil {
				continue
			}
			f, err := decodeFragment(tx, v, &texts)
			if err != nil {
				return err
			}
			out[id] = f.Text
		}
		return nil
	})
	return out, err
}

// refuseReferences refuses to remove a document while memos or samples point
// at its fragments: removing it would silently lose them.
func refuseReferences(tx *bolt.Tx, doc string) error {
	units := 0
	on, err := memosWhere(tx, func(m Memo) bool {
		return (m.Kind == MemoFragment && m.Orphan == 0 && DocOf(m.Target) == doc) || (m.Kind == MemoDocument && m.Target == doc)
	})
	if err != nil {
		return err
	}
	memos := len(on)
	if err := tx.Bucket(bSamples).ForEach(func(k, v []byte) error {
		var sm Sample
		if err := json.Unmarshal(v, &sm); err != nil {
			return fmt.Errorf("sample %s: %w", k, err)
		}
		for _, f := range sm.Fragments {
			if DocOf(f) == doc {
				units++
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if memos > 0 || units > 0 {
		return fmt.Errorf("document %s: %w: %d memos and %d sample units point at it; remove them first", doc, ErrHasCodings, memos, units)
	}
	return nil
}

// dropSeenOf deletes every seen mark on doc's fragments.
func dropSeenOf(tx *bolt.Tx, doc string) error {
	b := tx.Bucket(bSeen)
	var keys [][]byte
	if err := b.ForEach(func(k, _ []byte) error {
		if _, frag, ok := parseSeenKey(k); ok && DocOf(frag) == doc {
			keys = append(keys, bytes.Clone(k))
		}
		return nil
	}); err != nil {
		return err
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// encodeFragment stores a fragment without its text: the text is cut from
// the document's clean text on read, so a document's words are stored once
// and a big ingest writes half as much.
func encodeFragment(f Fragment) ([]byte, error) {
	f.Text = ""
	return json.Marshal(f)
}

// decodeFragment reads a fragment record and cuts its text from the
// document's clean text (a record that still carries its text keeps it).
// texts, when not nil, remembers the text of the last document across the
// records a loop decodes, so that it is found once, not once a fragment.
func decodeFragment(tx *bolt.Tx, v []byte, texts *textMemo) (Fragment, error) {
	var f Fragment
	if err := json.Unmarshal(v, &f); err != nil {
		return f, err
	}
	if f.Text == "" {
		if texts == nil {
			texts = &textMemo{}
		}
		text, err := texts.of(tx, f.Doc)
		if err != nil {
			return f, err
		}
		if f.Start < 0 || f.End > text.Len() || f.Start > f.End {
			return f, fmt.Errorf("fragment %s: offsets %d-%d lie outside its document's text", f.ID, f.Start, f.End)
		}
		if f.Text, err = text.Slice(f.Start, f.End); err != nil {
			return f, fmt.Errorf("fragment %s: %w", f.ID, err)
		}
	}
	return f, nil
}

// textMemo is the stored text of the document decoded last.
type textMemo struct {
	doc  string
	text storedText
	set  bool
}

func (m *textMemo) of(tx *bolt.Tx, doc string) (storedText, error) {
	if m.set && m.doc == doc {
		return m.text, nil
	}
	t, _, err := textOf(tx, doc)
	if err != nil {
		return t, err
	}
	m.doc, m.text, m.set = doc, t, true
	return t, nil
}
