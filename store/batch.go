package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// BatchDoc is one document of a PutDocuments batch: what PutDocument takes.
type BatchDoc struct {
	Doc   Document
	Text  string
	Frags []Fragment
}

// BatchResult is what PutDocuments did with one document. When Err is set
// nothing of the document was written.
type BatchResult struct {
	PutResult
	// Doc and Frags are the document and fragments as stored (fragment
	// count, ingest time, content hashes), for whoever indexes them next.
	Doc   Document
	Frags []Fragment
	// Pending is the index note written with the document: hand it to
	// IndexDone once the index holds the document.
	Pending Pending
	Err     error
}

// PutDocuments stores several documents, each with the same checks and
// effects as PutDocument, in one transaction: a big ingest then pays one
// commit (and fsync) per batch instead of one per file. A document that
// fails writes nothing and does not stop the others: when the batch
// transaction fails, its documents are written again one transaction each,
// so only the bad ones fail. Results are in the order of docs.
func (s *Store) PutDocuments(actor string, docs []BatchDoc) []BatchResult {
	out := make([]BatchResult, len(docs))
	var todo []int
	for i, bd := range docs {
		d, frags, err := s.preparePut(bd.Doc, bd.Text, bd.Frags)
		out[i] = BatchResult{Doc: d, Frags: frags, Err: err}
		if err == nil {
			todo = append(todo, i)
		}
	}
	// A big document is written on its own, its text and fragments staged
	// ahead (see stageText), so that a transaction never holds them all.
	small := todo[:0:0]
	for _, i := range todo {
		if !s.big(docs[i].Text, out[i].Frags) {
			small = append(small, i)
			continue
		}
		out[i] = s.putOne(actor, out[i], docs[i].Text)
	}
	todo = small
	if len(todo) == 0 {
		return out
	}
	if len(todo) > 1 {
		res := make([]BatchResult, len(todo))
		err := s.update(func(tx *bolt.Tx) error {
			for k, i := range todo {
				r, err := s.putBatchDocTx(tx, actor, out[i], docs[i].Text)
				if err != nil {
					return err
				}
				res[k] = r
			}
			return nil
		})
		if err == nil {
			for k, i := range todo {
				out[i] = res[k]
			}
			return out
		}
		// Which document failed is found by writing each on its own.
	}
	for _, i := range todo {
		var r BatchResult
		err := s.update(func(tx *bolt.Tx) error {
			var err error
			r, err = s.putBatchDocTx(tx, actor, out[i], docs[i].Text)
			return err
		})
		if err != nil {
			out[i] = BatchResult{Doc: out[i].Doc, Err: err}
			continue
		}
		out[i] = r
	}
	return out
}

// putBatchDocTx writes one prepared document of a batch inside tx and reads
// back the index note written with it.
func (s *Store) putBatchDocTx(tx *bolt.Tx, actor string, prepared BatchResult, text string) (BatchResult, error) {
	d, frags := prepared.Doc, prepared.Frags
	res, err := s.putDocumentTx(tx, actor, d, text, frags, false)
	if err != nil {
		return BatchResult{}, err
	}
	r := BatchResult{PutResult: res, Doc: d, Frags: frags}
	found, err := getJSON(tx.Bucket(bPending), []byte(d.ID), &r.Pending)
	if err != nil {
		return BatchResult{}, fmt.Errorf("document %s: index note: %w", d.ID, err)
	}
	if !found {
		return BatchResult{}, fmt.Errorf("document %s: no index note was written", d.ID)
	}
	return r, nil
}

// big reports whether a document is written with staging (stageText,
// stageFragments) rather than in a batch.
func (s *Store) big(text string, frags []Fragment) bool {
	return len(text) > stageOver || len(frags) > stageFragsOver
}

// putOne writes one prepared document in its own transaction; a big one
// has its text and (when new) fragments staged ahead first.
func (s *Store) putOne(actor string, prepared BatchResult, text string) BatchResult {
	fail := func(err error) BatchResult {
		s.clearStaging()
		return BatchResult{Doc: prepared.Doc, Err: err}
	}
	if _, err := s.stageText(prepared.Doc.ID, text); err != nil {
		return fail(err)
	}
	if _, err := s.stageFragments(prepared.Doc.ID, prepared.Frags); err != nil {
		return fail(err)
	}
	var r BatchResult
	err := s.update(func(tx *bolt.Tx) error {
		var err error
		r, err = s.putBatchDocTx(tx, actor, prepared, text)
		return err
	})
	if err != nil {
		return fail(err)
	}
	return r
}
