package index

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
)

// builtIndex writes a closed index of n fragments in a fresh folder.
func builtIndex(t *testing.T, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	x, err := Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var fs []Fragment
	for i := range n {
		fs = append(fs, Fragment{ID: fmt.Sprintf("d/%04d", i), Doc: "d", Org: "o", Kind: "paragraph", Year: 2021,
			Text: fmt.Sprintf("Alinea %d over vrijwilligers, financiën en digitale vaardigheden.", i)})
	}
	if err := x.Apply(fs, nil); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedSegmentIsAnError flips bytes in a real segment file with a
// fixed seed: opening, counting, listing and searching must give an error
// naming the index and 'plancoder reindex', or work; never a panic.
func TestDamagedSegmentIsAnError(t *testing.T) {
	orig := builtIndex(t, 300)
	segs, _ := filepath.Glob(filepath.Join(orig, "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment written")
	}
	rng := rand.New(rand.NewPCG(11, 7))
	rounds := 200
	if testing.Short() {
		rounds = 30
	}
	refused := 0
	for i := range rounds {
		dir := filepath.Join(t.TempDir(), "index")
		copyDir(t, orig, dir)
		seg := filepath.Join(dir, "store", filepath.Base(segs[rng.IntN(len(segs))]))
		b, err := os.ReadFile(seg)
		if err != nil {
			t.Fatal(err)
		}
		for range 1 + rng.IntN(8) {
			b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
		}
		if i%5 == 0 {
			b = b[:rng.IntN(len(b))]
		}
		os.WriteFile(seg, b, 0o644)
		x, err := Open(dir, time.Second)
		if err != nil {
			refused++
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "plancoder reindex") {
				t.Errorf("round %d: %v", i, err)
			}
			continue
		}
		x.Count()
		x.Hashes(func(string, string) {})
		x.Search(Request{Query: "vrijwilliger", GroupBy: FieldOrg})
		x.Close()
	}
	if refused != rounds {
		t.Errorf("%d of %d damaged segments opened", rounds-refused, rounds)
	}
}

func TestNeverTouchWhatIsNotOurs(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "index")
	os.WriteFile(file, []byte("user data"), 0o644)
	if _, err := Open(file, time.Second); !errors.Is(err, ErrNotOurs) {
		t.Errorf("file: %v", err)
	}
	if b, _ := os.ReadFile(file); string(b) != "user data" {
		t.Errorf("file changed: %q", b)
	}
	folder := filepath.Join(dir, "other")
	os.MkdirAll(folder, 0o755)
	os.WriteFile(filepath.Join(folder, "notes.txt"), []byte("mine"), 0o644)
	if _, err := Open(folder, time.Second); !errors.Is(err, ErrNotOurs) {
		t.Errorf("folder: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(folder, "notes.txt")); string(b) != "mine" {
		t.Errorf("folder changed")
	}
	ours := builtIndex(t, 3)
	if !Owned(ours) {
		t.Error("a new index is not marked as ours")
	}
	// An index an older plancoder made has no marker but our analyzer.
	os.Remove(filepath.Join(ours, MarkerName))
	if !Owned(ours) {
		t.Error("an older plancoder index is not recognised")
	}
}

func TestReadOnlyOpenAndHashes(t *testing.T) {
	dir := builtIndex(t, 5)
	x, err := OpenWith(dir, Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	n := 0
	want := Fragment{ID: "d/0002", Doc: "d", Org: "o", Kind: "paragraph", Year: 2021,
		Text: "Alinea 2 over vrijwilligers, financiën en digitale vaardigheden."}.Hash()
	x.Hashes(func(id, h string) {
		n++
		if id == "d/0002" && h != want {
			t.Errorf("hash %q, want %q", h, want)
		}
	})
	if n != 5 {
		t.Errorf("%d entries", n)
	}
	if res, err := x.Search(Request{Query: "vrijwilliger"}); err != nil || res.Total != 5 {
		t.Errorf("search: %v %v", res, err)
	}
	if _, err := OpenWith(filepath.Join(t.TempDir(), "none"), Options{ReadOnly: true}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only open of no index: %v", err)
	}
}

// TestOlderIndexHasNoHashes: an index an older plancoder built (mapping
// without the hash field) gives entries without a hash, which check
// reports as needing 'plancoder reindex'.
func TestOlderIndexHasNoHashes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	m := NewMapping().(*mapping.IndexMappingImpl)
	delete(m.DefaultMapping.Properties, FieldHash)
	bi, err := bleve.New(dir, m)
	if err != nil {
		t.Fatal(err)
	}
	f := Fragment{ID: "d/0001", Doc: "d", Text: "Vrijwilligers."}
	if err := bi.Index(f.ID, f.doc()); err != nil {
		t.Fatal(err)
	}
	bi.Close()
	if !Owned(dir) {
		t.Fatal("an older plancoder index is not recognised")
	}
	x, err := Open(dir, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	var got []string
	x.Hashes(func(id, h string) { got = append(got, id+"="+h) })
	if strings.Join(got, ",") != "d/0001=" {
		t.Errorf("entries %v", got)
	}
}
