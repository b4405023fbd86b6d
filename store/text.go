package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"unsafe"

	bolt "go.etcd.io/bbolt"
)

// A document's clean text is stored in one of two forms under its ID in the
// texts bucket: a plain value, or, for a big text, a nested bucket of pieces
// of textPiece bytes (the last may be shorter) keyed by their number.
//
// The pieces of a big text are written in transactions of their own into a
// staging bucket before the document's transaction moves them into place
// with one pointer change. Why: bbolt holds every value of a transaction in
// memory until the commit, copies all of them each time the file grows
// within it, and writes them from fresh buffers; a 50 MB text written in the
// document's transaction cost about six times its size in memory. A crash
// between the staging and the document's transaction leaves only unused
// pieces in the staging bucket, which the next write of a big text and
// Open clear.
var (
	// textPiece is the size of one stored piece of a big text.
	textPiece = 1 << 20
	// stageOver is the size above which a text is staged in pieces.
	stageOver = 8 << 20
	// piecesPerTx is how many pieces one staging transaction writes.
	piecesPerTx = 8
)

// storedText reads a document's clean text in either stored form.
type storedText struct {
	whole  []byte       // the text as one value, or nil
	pieces *bolt.Bucket // the text in pieces, or nil
	n      int
}

// textOf finds doc's clean text; ok is false when there is none.
func textOf(tx *bolt.Tx, doc string) (t storedText, ok bool, err error) {
	tb := tx.Bucket(bTexts)
	if b := tb.Bucket([]byte(doc)); b != nil {
		k, v := b.Cursor().Last()
		if k == nil {
			return t, true, nil
		}
		if len(k) != 4 {
			return t, false, fmt.Errorf("document %s: clean text piece %x has a bad key", doc, k)
		}
		t.pieces, t.n = b, int(binary.BigEndian.Uint32(k))*textPiece+len(v)
		return t, true, nil
	}
	v := tb.Get([]byte(doc))
	if v == nil {
		return t, false, nil
	}
	t.whole, t.n = v, len(v)
	return t, true, nil
}

// Len is the text's length in bytes.
func (t storedText) Len() int { return t.n }

// Slice returns bytes start to end of the text as a new string; the caller
// checks the bounds. A piece that is missing or short (a damaged file) gives
// an error, never a wrong text.
func (t storedText) Slice(start, end int) (string, error) {
	if t.pieces == nil {
		return string(t.whole[start:end]), nil
	}
	var sb strings.Builder
	sb.Grow(end - start)
	for at := start; at < end; {
		i := at / textPiece
		p := t.pieces.Get(pieceKey(i))
		off := at - i*textPiece
		if off >= len(p) {
			return "", fmt.Errorf("clean text piece %d is missing or short", i)
		}
		take := min(len(p)-off, end-at)
		sb.Write(p[off : off+take])
		at += take
	}
	return sb.String(), nil
}

// String returns the whole text.
func (t storedText) String() (string, error) { return t.Slice(0, t.n) }

// check names what is wrong with a text stored in pieces: every piece but
// the last must be whole, and they must be numbered without gaps.
func (t storedText) check() error {
	if t.pieces == nil {
		return nil
	}
	want := 0
	var short bool
	return t.pieces.ForEach(func(k, v []byte) error {
		switch {
		case len(k) != 4 || binary.BigEndian.Uint32(k) != uint32(want):
			return fmt.Errorf("clean text piece %d is missing", want)
		case short:
			return fmt.Errorf("clean text piece %d is short", want-1)
		case v == nil:
			return fmt.Errorf("clean text piece %d is a bucket", want)
		}
		short = len(v) != textPiece
		want++
		return nil
	})
}

func pieceKey(i int) []byte {
	return binary.BigEndian.AppendUint32(nil, uint32(i))
}

// deleteText removes doc's clean text in whichever form it is stored.
func deleteText(tx *bolt.Tx, doc string) error {
	tb := tx.Bucket(bTexts)
	if tb.Bucket([]byte(doc)) != nil {
		return tb.DeleteBucket([]byte(doc))
	}
	return tb.Delete([]byte(doc))
}

// stageText writes a big text in pieces into the staging bucket, in
// transactions of piecesPerTx pieces, under doc. It returns false, writing
// nothing, for a text small enough to put in the document's transaction.
func (s *Store) stageText(doc, text string) (bool, error) {
	if len(text) <= stageOver {
		return false, nil
	}
	if err := s.clearStaging(); err != nil {
		return false, err
	}
	for first := 0; first*textPiece < len(text); first += piecesPerTx {
		err := s.update(func(tx *bolt.Tx) error {
			if err := markStaging(tx); err != nil {
				return err
			}
			sb, err := tx.Bucket(bStaging).CreateBucketIfNotExists([]byte(doc))
			if err != nil {
				return err
			}
			// Pieces arrive in key order: fill pages.
			sb.FillPercent = 1
			for i := first; i < first+piecesPerTx && i*textPiece < len(text); i++ {
				piece := text[i*textPiece : min((i+1)*textPiece, len(text))]
				// As in putText: bbolt never writes to a value, so the
				// piece is put without a copy.
				if err := sb.Put(pieceKey(i), unsafe.Slice(unsafe.StringData(piece), len(piece))); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			s.clearStaging()
			return false, fmt.Errorf("document %s: stage its clean text: %w", doc, err)
		}
	}
	return true, nil
}

// stageFragsOver is the number of fragments above which a new document's
// fragment records are written ahead of its transaction, fragsPerTx at a
// time: held in one transaction, 150,000 records cost about 200 MB.
var (
	stageFragsOver = 20_000
	fragsPerTx     = 10_000
)

// fragMarker is the staging key that says a new document's fragment
// records are being written ahead under their own keys.
func fragMarker(doc string) []byte { return append([]byte("frags\x00"), doc...) }

// stageFragments writes the fragment records and heads of a new document
// with many fragments ahead of its transaction, behind a marker in the
// staging bucket; the document's transaction removes the marker. Readers
// do not see the records before the document exists (they list a
// document's fragments, and no document names them). It returns false,
// writing nothing, for a document that exists (its old fragments are
// replaced in one transaction) or has few fragments.
func (s *Store) stageFragments(doc string, frags []Fragment) (bool, error) {
	if len(frags) <= stageFragsOver {
		return false, nil
	}
	exists := false
	if err := s.view(func(tx *bolt.Tx) error {
		exists = tx.Bucket(bDocs).Get([]byte(doc)) != nil
		return nil
	}); err != nil || exists {
		return false, err
	}
	for from := 0; from < len(frags); from += fragsPerTx {
		err := s.update(func(tx *bolt.Tx) error {
			if from == 0 {
				if err := markStaging(tx); err != nil {
					return err
				}
				if err := tx.Bucket(bStaging).Put(fragMarker(doc), []byte{1}); err != nil {
					return err
				}
			}
			return putFragmentRecords(tx, doc, frags[from:min(from+fragsPerTx, len(frags))])
		})
		if err != nil {
			s.clearStaging()
			return false, fmt.Errorf("document %s: stage its fragments: %w", doc, err)
		}
	}
	return true, nil
}

// putText stores doc's clean text in the document's transaction: the
// pieces staged for it when there are (see stageText; with streamed, a
// DocumentWriter staged all of it), else one value.
func putText(tx *bolt.Tx, doc, text string, streamed bool) error {
	sb := tx.Bucket(bStaging).Bucket([]byte(doc))
	if sb != nil && (len(text) > stageOver || streamed) {
		return placeStagedText(tx, doc)
	}
	if streamed {
		return fmt.Errorf("document %s: its clean text was not staged", doc)
	}
	if err := deleteText(tx, doc); err != nil {
		return err
	}
	// bbolt keeps the value until the commit and never writes to it: the
	// string's bytes are used as they are, saving a copy of the text.
	return tx.Bucket(bTexts).Put([]byte(doc), unsafe.Slice(unsafe.StringData(text), len(text)))
}

// placeStagedText makes the staged pieces of doc its clean text.
func placeStagedText(tx *bolt.Tx, doc string) error {
	if err := deleteText(tx, doc); err != nil {
		return err
	}
	if err := tx.MoveBucket([]byte(doc), tx.Bucket(bStaging), tx.Bucket(bTexts)); err != nil {
		return fmt.Errorf("document %s: place its staged clean text: %w", doc, err)
	}
	return nil
}

// clearStaging drops whatever an interrupted write left in the staging
// bucket: staged texts, and the records of a new document's fragments
// written ahead of a document that was never stored. It writes only when
// there is something to drop.
func (s *Store) clearStaging() error {
	// Every write into staging sets the mark first: without it there is
	// nothing to clear, and a damaged file is not walked.
	if !s.stagingInUse() {
		return nil
	}
	var names, markers [][]byte
	if err := s.view(func(tx *bolt.Tx) error {
		// Only nested buckets and fragment markers are ours; anything
		// else there is not ours to delete.
		return tx.Bucket(bStaging).ForEach(func(k, v []byte) error {
			switch {
			case v == nil:
				names = append(names, bytes.Clone(k))
			case bytes.HasPrefix(k, fragMarker("")):
				markers = append(markers, bytes.Clone(k))
			}
			return nil
		})
	}); err != nil {
		return err
	}
	if len(names)+len(markers) == 0 {
		return s.update(unmarkStaging)
	}
	return s.update(func(tx *bolt.Tx) error {
		if err := unmarkStaging(tx); err != nil {
			return err
		}
		sb := tx.Bucket(bStaging)
		for _, k := range names {
			if err := sb.DeleteBucket(k); err != nil {
				return err
			}
		}
		for _, k := range markers {
			doc := string(k[len(fragMarker("")):])
			if tx.Bucket(bDocs).Get([]byte(doc)) == nil {
				for _, b := range [][]byte{bFrags, bHeads} {
					if err := deletePrefix(tx.Bucket(b), docPrefix(doc)); err != nil {
						return err
					}
				}
			}
			if err := sb.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// markStaging notes in the meta bucket that staging may hold something.
func markStaging(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(keyStaging, []byte{1}) }

// unmarkStaging removes that note.
func unmarkStaging(tx *bolt.Tx) error { return tx.Bucket(bMeta).Delete(keyStaging) }

// unmarkIfEmpty removes the note when the staging bucket is empty, as a
// document's transaction leaves it once it has taken its staged data.
func unmarkIfEmpty(tx *bolt.Tx) error {
	if tx.Bucket(bMeta).Get(keyStaging) == nil {
		return nil
	}
	if k, _ := tx.Bucket(bStaging).Cursor().First(); k != nil {
		return nil
	}
	return unmarkStaging(tx)
}

// stagingInUse reads the note (false when it cannot be read).
func (s *Store) stagingInUse() bool {
	in := false
	_ = s.view(func(tx *bolt.Tx) error {
		in = tx.Bucket(bMeta).Get(keyStaging) != nil
		return nil
	})
	return in
}
