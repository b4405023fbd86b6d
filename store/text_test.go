package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// smallPieces makes every text over 20 bytes a staged text in 7-byte pieces
// written two per transaction, so that pieces split fragments and
// multi-byte characters.
func smallPieces(t *testing.T) {
	t.Helper()
	p, o, n := textPiece, stageOver, piecesPerTx
	fo, fn := stageFragsOver, fragsPerTx
	textPiece, stageOver, piecesPerTx = 7, 20, 2
	// New documents of more than two fragments have them written ahead,
	// one per transaction.
	stageFragsOver, fragsPerTx = 2, 1
	t.Cleanup(func() {
		textPiece, stageOver, piecesPerTx = p, o, n
		stageFragsOver, fragsPerTx = fo, fn
	})
}

// openUnchecked is newStore without the check at the end, for tests that
// damage the file or reopen it.
func openUnchecked(t *testing.T) (string, *Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plancoder.db")
	if err := Create(path); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return path, s
}

func storedInPieces(t *testing.T, s *Store, doc string) bool {
	t.Helper()
	var pieces bool
	if err := s.view(func(tx *bolt.Tx) error {
		pieces = tx.Bucket(bTexts).Bucket([]byte(doc)) != nil
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return pieces
}

func stagingEmpty(t *testing.T, s *Store) {
	t.Helper()
	if s.stagingInUse() {
		t.Error("the store still says staging is in use")
	}
	if err := s.view(func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket(bStaging).Cursor().First(); k != nil {
			t.Errorf("staging still holds %q", k)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func TestBigTextStoredInPieces(t *testing.T) {
	smallPieces(t)
	s, _ := newStore(t)
	withCodes(t, s, "FIN")
	paras := []string{"Eerste alinea over financiën en één idee.", "Tweede alinea, café-cultuur.", "Derde."}
	d, text, frags := testDoc("d", "v1", paras...)
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	if !storedInPieces(t, s, "d") {
		t.Fatal("a text over stageOver is stored as one value")
	}
	stagingEmpty(t, s)
	got, err := s.Text("d")
	if err != nil || got != text {
		t.Fatalf("Text = %q, %v; want %q", got, err, text)
	}
	fs, err := s.Fragments("d", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range fs {
		if f.Text != paras[i] {
			t.Errorf("fragment %d: %q, want %q", i+1, f.Text, paras[i])
		}
	}
	if err := s.AddCodings(Coding{Fragment: FragmentID("d", 2), Coder: "ann", Code: "FIN"}); err != nil {
		t.Fatal(err)
	}
	// Replaced by a reordered big text, a small one and a big one again:
	// the coding stays on its paragraph each time.
	for _, next := range [][]string{
		{"Nieuw begin van het plan hier.", paras[1], paras[0]},
		{paras[1]},
		{paras[2], paras[1], "Een langere slotalinea met één accent."},
	} {
		d, text, frags := testDoc("d", strings.Join(next, "|"), next...)
		if _, err := s.PutDocument("t", d, text, frags); err != nil {
			t.Fatal(err)
		}
		if in := storedInPieces(t, s, "d"); in != (len(text) > stageOver) {
			t.Errorf("%d bytes stored in pieces: %v", len(text), in)
		}
		got, err := s.Text("d")
		if err != nil || got != text {
			t.Fatalf("Text = %q, %v; want %q", got, err, text)
		}
		cs, err := s.Codings(CodingFilter{Coder: "ann"})
		if err != nil || len(cs) != 1 {
			t.Fatalf("codings %v, %v", cs, err)
		}
		f, err := s.Fragment(cs[0].Fragment)
		if err != nil || f.Text != paras[1] {
			t.Fatalf("coding on %q, %v; want %q", f.Text, err, paras[1])
		}
		stagingEmpty(t, s)
	}
	cs, _ := s.Codings(CodingFilter{Coder: "ann"})
	if _, err := s.RemoveCoding(cs[0].Fragment, "ann", "FIN"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveDocument("t", "d"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Text("d"); !errors.Is(err, ErrNotFound) {
		t.Errorf("text of a removed document: %v", err)
	}
}

func TestStagedTextOfFailedPutIsDropped(t *testing.T) {
	smallPieces(t)
	s, _ := newStore(t)
	d, text, frags := testDoc("a", "same bytes", "Een alinea die lang genoeg is om te stagen.", "Tweede.", "Derde.")
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	d.ID = "b"
	for i := range frags {
		frags[i].Doc, frags[i].ID = "b", FragmentID("b", frags[i].Ordinal)
	}
	if _, err := s.PutDocument("t", d, text, frags); !errors.Is(err, ErrExists) {
		t.Fatalf("same bytes under another ID: %v", err)
	}
	stagingEmpty(t, s)
	if _, err := s.Text("b"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a failed put left a text: %v", err)
	}
	// The fragments written ahead are gone too (newStore's check at the
	// end names any fragment without its document).
	if _, err := s.Fragment(FragmentID("b", 1)); !errors.Is(err, ErrNotFound) {
		t.Errorf("a failed put left a fragment: %v", err)
	}
}

func TestLeftoverStagedFragmentsClearedOnOpen(t *testing.T) {
	smallPieces(t)
	path, s := openUnchecked(t)
	_, _, frags := testDoc("d", "v", "Een.", "Twee.", "Drie.")
	// As a kill between writing the fragments ahead and the document's
	// transaction leaves them.
	if staged, err := s.stageFragments("d", frags); err != nil || !staged {
		t.Fatalf("stage: %v, %v", staged, err)
	}
	if errs := s.Check(); len(errs) == 0 {
		t.Error("check finds nothing wrong with fragments without their document")
	}
	reopenClean(t, path, s)
}

// reopenClean closes s, opens path again and checks that the open left
// nothing in staging and a consistent store.
func reopenClean(t *testing.T, path string, s *Store) {
	t.Helper()
	s.Close()
	s, err := Open(path, Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stagingEmpty(t, s)
	if errs := s.Check(); len(errs) > 0 {
		t.Errorf("check after open: %v", errs)
	}
}

func TestLeftoverStagingClearedOnOpen(t *testing.T) {
	smallPieces(t)
	path, s := openUnchecked(t)
	// As a kill between staging and the document's transaction leaves it.
	if staged, err := s.stageText("d", strings.Repeat("tekst ", 10)); err != nil || !staged {
		t.Fatalf("stage: %v, %v", staged, err)
	}
	reopenClean(t, path, s)
}

func TestCheckFindsMissingTextPiece(t *testing.T) {
	smallPieces(t)
	_, s := openUnchecked(t)
	defer s.Close()
	d, text, frags := testDoc("d", "v", "Eerste alinea van de tekst.", "Tweede alinea van de tekst.")
	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bTexts).Bucket([]byte("d")).Delete(pieceKey(2))
	}); err != nil {
		t.Fatal(err)
	}
	errs := s.Check()
	if len(errs) == 0 || !strings.Contains(errs[0].Error(), "piece 2 is missing") {
		t.Errorf("check after a piece was lost: %v", errs)
	}
	if _, err := s.Fragment(FragmentID("d", 1)); err == nil {
		t.Error("a fragment over a lost piece reads without error")
	}
}

// TestPutDocumentsStagesBigDocuments: in a batch, a big document is written
// on its own with its text and fragments staged; the small ones share a
// transaction; nothing is left in staging.
func TestPutDocumentsStagesBigDocuments(t *testing.T) {
	smallPieces(t)
	s, _ := newStore(t)
	big := []string{"Een lange alinea met één accent.", "Tweede alinea.", "Derde alinea."}
	var batch []BatchDoc
	for _, bd := range []struct {
		id    string
		paras []string
	}{{"a", []string{"Kort."}}, {"b", big}, {"c", []string{"Ook."}}} {
		d, text, frags := testDoc(bd.id, bd.id, bd.paras...)
		batch = append(batch, BatchDoc{Doc: d, Text: text, Frags: frags})
	}
	for _, r := range s.PutDocuments("t", batch) {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Doc.ID, r.Err)
		}
	}
	if !storedInPieces(t, s, "b") || storedInPieces(t, s, "a") {
		t.Error("the big text is not in pieces, or a small one is")
	}
	stagingEmpty(t, s)
	fs, err := s.Fragments("b", 1, 0)
	if err != nil || len(fs) != 3 || fs[0].Text != big[0] {
		t.Fatalf("fragments of b: %v, %v", fs, err)
	}
}
