package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Check verifies the store's invariants and returns every violation found:
// bbolt's own page consistency, each document's organisation, hash index,
// text and fragment count, fragment offsets into the text, and codings that
// point at existing fragments. Tests run it after every mutation.
func (s *Store) Check() []error {
	var errs []error
	add := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	err := s.view(func(tx *bolt.Tx) error {
		for e := range tx.Check() {
			add("bbolt: %v", e)
		}
		orgs, docs, frags := tx.Bucket(bOrgs), tx.Bucket(bDocs), tx.Bucket(bFrags)
		shas := tx.Bucket(bDocsBySH)
		if err := docs.ForEach(func(k, v []byte) error {
			var d Document
			if err := json.Unmarshal(v, &d); err != nil {
				add("document %s: %v", k, err)
				return nil
			}
			if orgs.Get([]byte(d.Org)) == nil {
				add("document %s: organisation %s missing", d.ID, d.Org)
			}
			if got := shas.Get([]byte(d.SHA256)); !bytes.Equal(got, k) {
				add("document %s: hash index points at %q", d.ID, got)
			}
			text := tx.Bucket(bTexts).Get(k)
			if text == nil {
				add("document %s: clean text missing", d.ID)
			}
			n := 0
			p := docPrefix(d.ID)
			c := frags.Cursor()
			for fk, fv := c.Seek(p); fk != nil && hasPrefix(fk, p); fk, fv = c.Next() {
				n++
				var f Fragment
				if err := json.Unmarshal(fv, &f); err != nil {
					add("document %s: fragment: %v", d.ID, err)
					continue
				}
				if f.Ordinal != n {
					add("fragment %s: ordinal %d, expected %d", f.ID, f.Ordinal, n)
				}
				if f.Start < 0 || f.End > len(text) || f.Start > f.End || string(text[f.Start:f.End]) != f.Text {
					add("fragment %s: offsets %d-%d do not match the text", f.ID, f.Start, f.End)
				}
			}
			if n != d.Fragments {
				add("document %s: %d fragments stored, record says %d", d.ID, n, d.Fragments)
			}
			return nil
		}); err != nil {
			return err
		}
		if err := shas.ForEach(func(k, v []byte) error {
			if docs.Get(v) == nil {
				add("hash index %s: document %s missing", k, v)
			}
			return nil
		}); err != nil {
			return err
		}
		codes := tx.Bucket(bCodes)
		return tx.Bucket(bCodings).ForEach(func(k, v []byte) error {
			frag, _, _ := bytes.Cut(k, []byte{0})
			doc, ord, ok := splitFragmentID(string(frag))
			if !ok || frags.Get(fragKey(doc, ord)) == nil {
				add("coding %q: fragment %s missing", k, frag)
			}
			if i := bytes.LastIndexByte(k, 0); i < 0 || codes.Get(k[i+1:]) == nil {
				add("coding %q: code missing from the codebook", k)
			}
			return nil
		})
	})
	if err != nil {
		errs = append(errs, err)
	}
	return errs
}
