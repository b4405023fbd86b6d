package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// DocumentWriter writes a new document whose text is too big to hold in
// memory with its fragments: they arrive in chunks (Write), each checked by
// the same validation as PutDocument's, and are staged ahead of the
// document's transaction as a big document's are (see stageText and
// stageFragments). Commit makes them the document in one transaction.
// Until then no reader sees any of it; Abort, a failed Commit or a killed
// process leave only staging, which Abort, the next staged write or Open
// clears.
//
// Why: holding a 50 MB text, its 110,000 fragments and their index
// analysis at once took 270 MB; written in chunks, an ingest holds one
// chunk.
type DocumentWriter struct {
	s     *Store
	doc   string
	buf   []byte // text not yet staged: less than one piece
	piece int    // next piece number
	n     int    // text bytes received
	frags int    // fragments received
	err   error  // the first failure; every later call returns it
	done  bool
}

// NewDocumentWriter starts writing document doc, which must not exist: a
// replaced document's references move to the new fragments in the
// document's transaction, which needs them all (PutDocument does that).
// It fails with ErrExists for a document that exists.
func (s *Store) NewDocumentWriter(doc string) (*DocumentWriter, error) {
	if err := validDocID(doc); err != nil {
		return nil, err
	}
	exists := false
	if err := s.view(func(tx *bolt.Tx) error {
		exists = tx.Bucket(bDocs).Get([]byte(doc)) != nil
		return nil
	}); err != nil {
		return nil, err
	}
	if exists {
		return nil, fmt.Errorf("document %s: %w", doc, ErrExists)
	}
	if err := s.clearStaging(); err != nil {
		return nil, err
	}
	return &DocumentWriter{s: s, doc: doc, buf: make([]byte, 0, textPiece)}, nil
}

// Write adds the next chunk of the clean text and the fragments that lie
// in it (offsets count from the start of the whole text; a fragment may not
// reach past its chunk), in one transaction. The store sets the fragments'
// content hashes.
func (w *DocumentWriter) Write(text string, frags []Fragment) error {
	if w.err != nil {
		return w.err
	}
	if w.done {
		return fmt.Errorf("document %s: written after commit or abort", w.doc)
	}
	for i := range frags {
		if err := validateFragment(w.doc, w.frags+i+1, frags[i], text, w.n); err != nil {
			return w.fail(err)
		}
		frags[i].Hash = ContentHash(frags[i].Text)
	}
	w.n += len(text)
	w.frags += len(frags)
	return w.stage(text, frags, false)
}

// stage writes the whole pieces of buf+text (with last, also the rest) and
// frags in one transaction.
func (w *DocumentWriter) stage(text string, frags []Fragment, last bool) error {
	err := w.s.update(func(tx *bolt.Tx) error {
		if err := markStaging(tx); err != nil {
			return err
		}
		st := tx.Bucket(bStaging)
		sb, err := st.CreateBucketIfNotExists([]byte(w.doc))
		if err != nil {
			return err
		}
		sb.FillPercent = 1 // pieces arrive in key order
		rest := text
		for len(w.buf)+len(rest) >= textPiece || last && len(w.buf)+len(rest) > 0 {
			k := min(textPiece-len(w.buf), len(rest))
			w.buf = append(w.buf, rest[:k]...)
			rest = rest[k:]
			// bbolt keeps the value until the commit: each piece gets
			// its own buffer, and buf a new one.
			if err := sb.Put(pieceKey(w.piece), w.buf); err != nil {
				return err
			}
			w.piece++
			w.buf = make([]byte, 0, textPiece)
		}
		w.buf = append(w.buf, rest...)
		if len(frags) == 0 {
			return nil
		}
		if err := st.Put(fragMarker(w.doc), []byte{1}); err != nil {
			return err
		}
		return putFragmentRecords(tx, w.doc, frags)
	})
	if err != nil {
		return w.fail(fmt.Errorf("document %s: stage a chunk: %w", w.doc, err))
	}
	return nil
}

func (w *DocumentWriter) fail(err error) error {
	w.err = err
	w.s.clearStaging()
	return err
}

// Commit stores the document d (its ID must be the writer's) with
// everything written, as PutDocument does in its transaction: the
// organisation is created when new, the index note and the event are
// written. The result has no Frags: the index reads them from the store.
func (w *DocumentWriter) Commit(actor string, d Document) BatchResult {
	fail := func(err error) BatchResult {
		if w.err == nil {
			w.fail(err)
		}
		w.done = true
		return BatchResult{Doc: d, Err: w.err}
	}
	if w.err != nil {
		return fail(w.err)
	}
	if w.done {
		return fail(fmt.Errorf("document %s: committed twice", w.doc))
	}
	if d.ID != w.doc {
		return fail(fmt.Errorf("document %s: committed as %q", w.doc, d.ID))
	}
	if err := validateHeader(d); err != nil {
		return fail(err)
	}
	if w.frags == 0 {
		return fail(fmt.Errorf("document %s: no fragments", d.ID))
	}
	if err := w.stage("", nil, true); err != nil {
		return fail(err)
	}
	d.Fragments = w.frags
	if d.IngestedAt.IsZero() {
		d.IngestedAt = w.s.now()
	}
	var r BatchResult
	err := w.s.update(func(tx *bolt.Tx) error {
		res, err := w.s.putDocumentTx(tx, actor, d, "", nil, true)
		if err != nil {
			return err
		}
		r = BatchResult{PutResult: res, Doc: d}
		if _, err := getJSON(tx.Bucket(bPending), []byte(d.ID), &r.Pending); err != nil {
			return fmt.Errorf("document %s: index note: %w", d.ID, err)
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	w.done = true
	return r
}

// Abort drops what was written. It is safe after Commit (it does nothing).
func (w *DocumentWriter) Abort() error {
	if w.done {
		return nil
	}
	w.done = true
	if w.err != nil {
		return nil // fail cleared staging
	}
	return w.s.clearStaging()
}

// Len is the number of text bytes written so far.
func (w *DocumentWriter) Len() int { return w.n }
