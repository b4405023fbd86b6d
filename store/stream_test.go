package store

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// chunks cuts a document made by testDoc into chunks of at most every
// paragraph each, the separator going with the next chunk, as a streaming
// reader gives them.
func chunks(text string, frags []Fragment, per int) (texts []string, parts [][]Fragment) {
	at := 0
	for i := 0; i < len(frags); i += per {
		j := min(i+per, len(frags))
		end := frags[j-1].End
		if j == len(frags) {
			end = len(text)
		}
		texts = append(texts, text[at:end])
		parts = append(parts, append([]Fragment(nil), frags[i:j]...))
		at = end
	}
	return texts, parts
}

// TestDocumentWriterStoresWhatPutDocumentDoes: a document written in
// chunks is the same document, text, fragments (whole records), heads and
// index note as one put whole; staging is empty after it.
func TestDocumentWriterStoresWhatPutDocumentDoes(t *testing.T) {
	smallPieces(t)
	paras := []string{"Eerste alinea met één accent.", "Tweede alinea.", "Derde alinea, wat langer dan de rest.", "Vier.", "Vijf en zes."}
	for _, per := range []int{1, 2, 5} {
		whole, _ := newStore(t)
		streamed, _ := newStore(t)
		d, text, frags := testDoc("d", "v", paras...)
		d.IngestedAt = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		if _, err := whole.PutDocument("t", d, text, append([]Fragment(nil), frags...)); err != nil {
			t.Fatal(err)
		}
		w, err := streamed.NewDocumentWriter("d")
		if err != nil {
			t.Fatal(err)
		}
		texts, parts := chunks(text, frags, per)
		for i := range texts {
			if err := w.Write(texts[i], parts[i]); err != nil {
				t.Fatalf("per %d: chunk %d: %v", per, i, err)
			}
		}
		r := w.Commit("t", d)
		if r.Err != nil {
			t.Fatalf("per %d: commit: %v", per, r.Err)
		}
		if r.Frags != nil || r.Pending.Doc != "d" {
			t.Errorf("per %d: result %+v", per, r)
		}
		stagingEmpty(t, streamed)
		if !storedInPieces(t, streamed, "d") {
			t.Errorf("per %d: the text is not stored in pieces", per)
		}
		for _, s := range []*Store{whole, streamed} {
			got, err := s.Text("d")
			if err != nil || got != text {
				t.Errorf("per %d: text %q, %v", per, got, err)
			}
		}
		dw, _ := whole.Document("d")
		ds, _ := streamed.Document("d")
		if !reflect.DeepEqual(dw, ds) {
			t.Errorf("per %d: document\n%+v, want\n%+v", per, ds, dw)
		}
		fw, _ := whole.Fragments("d", 1, 100)
		fs, _ := streamed.Fragments("d", 1, 100)
		if !reflect.DeepEqual(fw, fs) || len(fs) != len(paras) {
			t.Errorf("per %d: fragments\n%+v, want\n%+v", per, fs, fw)
		}
		pw, _ := whole.PendingIndex()
		ps, _ := streamed.PendingIndex()
		if !reflect.DeepEqual(pw, ps) {
			t.Errorf("per %d: index notes %+v, want %+v", per, ps, pw)
		}
	}
}

// TestDocumentWriterRefuses: a bad chunk, an existing document, a commit
// under another ID or without fragments write nothing and leave staging
// empty.
func TestDocumentWriterRefuses(t *testing.T) {
	smallPieces(t)
	s, _ := newStore(t)
	d, text, frags := testDoc("d", "v", "Een alinea hier.", "Twee alinea daar.", "Drie.")
	texts, parts := chunks(text, frags, 1)

	w, err := s.NewDocumentWriter("d")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(texts[0], parts[0]); err != nil {
		t.Fatal(err)
	}
	bad := append([]Fragment(nil), parts[1]...)
	bad[0].End++ // past its chunk
	if err := w.Write(texts[1], bad); err == nil || !strings.Contains(err.Error(), "do not match its text") {
		t.Errorf("bad offsets: %v", err)
	}
	if r := w.Commit("t", d); r.Err == nil {
		t.Error("commit after a failed write")
	}
	stagingEmpty(t, s)
	if _, err := s.Document("d"); !errors.Is(err, ErrNotFound) {
		t.Errorf("document after a failed write: %v", err)
	}

	w, _ = s.NewDocumentWriter("d")
	skipped := append([]Fragment(nil), parts[1]...) // ordinal 2 first
	if err := w.Write(texts[0]+texts[1], skipped); err == nil {
		t.Error("a chunk starting at fragment 2 accepted")
	}
	w.Abort()

	w, _ = s.NewDocumentWriter("d")
	if r := w.Commit("t", d); r.Err == nil || !strings.Contains(r.Err.Error(), "no fragments") {
		t.Errorf("commit without fragments: %v", r.Err)
	}
	w, _ = s.NewDocumentWriter("d")
	w.Write(texts[0], parts[0])
	other := d
	other.ID = "e"
	if r := w.Commit("t", other); r.Err == nil {
		t.Error("commit under another ID")
	}
	stagingEmpty(t, s)

	if _, err := s.PutDocument("t", d, text, frags); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NewDocumentWriter("d"); !errors.Is(err, ErrExists) {
		t.Errorf("writer for an existing document: %v", err)
	}
	if _, err := s.NewDocumentWriter("a/b"); err == nil {
		t.Error("writer for a bad ID")
	}
}

// TestDocumentWriterInterrupted: a process killed between chunks leaves
// staging that the next open clears, and no fragment a reader sees.
func TestDocumentWriterInterrupted(t *testing.T) {
	smallPieces(t)
	path, s := openUnchecked(t)
	_, text, frags := testDoc("d", "v", "Een alinea hier.", "Twee alinea daar.", "Drie.")
	texts, parts := chunks(text, frags, 1)
	w, err := s.NewDocumentWriter("d")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := w.Write(texts[i], parts[i]); err != nil {
			t.Fatal(err)
		}
	}
	reopenClean(t, path, s)
}
