package project

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
)

func newProject(t testing.TB) (string, *Project, *store.Store) {
	t.Helper()
	dir := t.TempDir()
	p, err := Init(filepath.Join(dir, "proj"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := p.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return dir, p, s
}

// TestInterruptedReindexLeavesNotes: a reindex cut off between building
// the new index and swapping it in (kill, Ctrl-C, full disk) must leave the
// pending notes, so check reports the gap and the next open repairs it.
// Before, the notes were cleared while the new index was built.
func TestInterruptedReindexLeavesNotes(t *testing.T) {
	dir, p, s := newProject(t)
	ctx := context.Background()
	ingestText(t, s, dir, "a-beleidsplan-2021-2025.md", "# Plan\n\nWe werken met vrijwilligers.\n")
	x, err := p.OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
	// A new document the index has not seen yet.
	ingestText(t, s, dir, "b-beleidsplan-2021-2025.md", "# Plan\n\nOntmoeting in de buurt.\n")

	reindexHook = func() error { return errors.New("interrupted") }
	_, err = p.Reindex(ctx, s, nil)
	reindexHook = nil
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("reindex: %v", err)
	}
	if pend, _ := s.PendingIndex(); len(pend) != 1 || pend[0].Doc != "b-beleidsplan-2021-2025" {
		t.Fatalf("pending after an interrupted reindex: %+v", pend)
	}
	if _, err := os.Stat(p.IndexDir() + ".new"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("half-built index left: %v", err)
	}
	// Check without the repair of an open sees the gap.
	x, err = index.Open(p.IndexDir(), p.lockTimeout())
	if err != nil {
		t.Fatal(err)
	}
	r, err := Check(s, x)
	x.Close()
	if err != nil || r.OK() || r.Pending != 1 || len(r.MissingInIndex) != 2 {
		t.Fatalf("check after interrupted reindex: %+v %v", r, err)
	}
	// The next open repairs it.
	x, err = p.OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s, x)
	if hits(t, s, x, "ontmoeting") != 1 {
		t.Error("repaired index misses the new text")
	}
	x.Close()
	// A full reindex clears the notes only after the swap.
	ingestText(t, s, dir, "c-beleidsplan-2021-2025.md", "# Plan\n\nDigitale vaardigheden.\n")
	if _, err := p.Reindex(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	if pend, _ := s.PendingIndex(); len(pend) != 0 {
		t.Errorf("pending after reindex: %+v", pend)
	}
	x, err = p.OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	mustCheck(t, s, x)
}

// TestCheckComparesContent: an index entry with the right ID but old text
// or metadata is reported, as is an entry without a hash (older index).
func TestCheckComparesContent(t *testing.T) {
	dir, p, s := newProject(t)
	ctx := context.Background()
	ingestText(t, s, dir, "a-beleidsplan-2021-2025.md", "# Plan\n\nWe werken met vrijwilligers.\n\nEn met vorming.\n")
	x, err := p.OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	mustCheck(t, s, x)
	frags, _ := s.Fragments("a-beleidsplan-2021-2025", 1, 0)
	d, _ := s.Document("a-beleidsplan-2021-2025")
	stale := indexFragment(d, store.Organisation{}, frags[1])
	stale.Text = "Oude tekst."
	other := indexFragment(d, store.Organisation{}, frags[2])
	other.Year = 1999
	if err := x.Apply([]index.Fragment{stale, other}, nil); err != nil {
		t.Fatal(err)
	}
	r, err := Check(s, x)
	if err != nil {
		t.Fatal(err)
	}
	if r.OK() || strings.Join(r.StaleInIndex, ",") != frags[1].ID+","+frags[2].ID {
		t.Fatalf("stale entries not reported: %+v", r)
	}
	x.Close()
	if _, err := p.Reindex(ctx, s, nil); err != nil {
		t.Fatal(err)
	}
	x, err = p.OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s, x)
}

// TestNeverDeleteWhatIsNotOurs: a user's file or folder at the index path
// (or at index.new / index.old) is refused, never removed or moved aside.
func TestNeverDeleteWhatIsNotOurs(t *testing.T) {
	_, p, s := newProject(t)
	ctx := context.Background()
	os.Remove(p.IndexDir())
	os.WriteFile(p.IndexDir(), []byte("user data"), 0o644)
	if _, err := p.OpenIndex(ctx, s, nil); !errors.Is(err, index.ErrNotOurs) {
		t.Errorf("open over a file: %v", err)
	}
	if _, err := p.Reindex(ctx, s, nil); !errors.Is(err, index.ErrNotOurs) {
		t.Errorf("reindex over a file: %v", err)
	}
	if b, _ := os.ReadFile(p.IndexDir()); string(b) != "user data" {
		t.Fatalf("the user's file was touched: %q", b)
	}
	os.Remove(p.IndexDir())
	os.MkdirAll(p.IndexDir()+".old", 0o755)
	os.WriteFile(filepath.Join(p.IndexDir()+".old", "keep.txt"), []byte("mine"), 0o644)
	if _, err := p.Reindex(ctx, s, nil); !errors.Is(err, index.ErrNotOurs) {
		t.Errorf("reindex over a user's index.old: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(p.IndexDir()+".old", "keep.txt")); string(b) != "mine" {
		t.Fatal("the user's folder was touched")
	}
}

// TestReadOnlyStoreSearches: a store opened read-only searches the index
// as it is and refuses reindex with a clear message.
func TestReadOnlyStoreSearches(t *testing.T) {
	dir, p, s := newProject(t)
	ctx := context.Background()
	ingestText(t, s, dir, "a-beleidsplan-2021-2025.md", "# Plan\n\nWe werken met vrijwilligers.\n")
	x, err := p.OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
	s.Close()
	ro, err := store.Open(p.DBPath(), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	x, err = p.OpenIndex(ctx, ro, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if hits(t, ro, x, "vrijwilliger") != 1 {
		t.Error("read-only search misses")
	}
	mustCheck(t, ro, x)
	if _, err := p.Reindex(ctx, ro, nil); !errors.Is(err, store.ErrReadOnly) || !strings.Contains(err.Error(), "project is read-only") {
		t.Errorf("reindex: %v", err)
	}
}
