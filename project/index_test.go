package project

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/search"
	"github.com/plancoder/plancoder/store"
)

func ingestText(t *testing.T, s *store.Store, dir, name, text string) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := Ingest(context.Background(), s, IngestOptions{Jobs: []ingest.Job{{Path: path}}})
	if err != nil || sum.Failed > 0 {
		t.Fatalf("ingest %s: %v %+v", name, err, sum.Reports)
	}
}

func mustCheck(t *testing.T, s *store.Store, x *index.Index) CheckReport {
	t.Helper()
	r, err := Check(s, x)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() {
		t.Fatalf("inconsistent: %+v", r)
	}
	return r
}

func hits(t *testing.T, s *store.Store, x *index.Index, q string) int {
	t.Helper()
	res, err := search.Search(context.Background(), s, x, search.Options{Request: index.Request{Query: q}})
	if err != nil {
		t.Fatal(err)
	}
	return int(res.Total)
}

func TestIndexFollowsStore(t *testing.T) {
	dir, p, s := newProject(t)
	ctx := context.Background()

	ingestText(t, s, dir, "a-beleidsplan-2021-2025.md", "# Plan\n\nWe werken met vrijwilligers.\n\nDe financiën zijn gezond.\n")
	// The store has the document, the index has not seen it yet: opening
	// the index repairs that, as after a crash between the two.
	if pend, _ := s.PendingIndex(); len(pend) != 1 {
		t.Fatalf("pending %+v", pend)
	}
	x, err := p.OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := mustCheck(t, s, x)
	if r.Fragments != 3 || r.Indexed != 3 {
		t.Fatalf("%+v", r)
	}
	if hits(t, s, x, "vrijwilliger") != 1 || hits(t, s, x, "financien") != 1 {
		t.Fatal("search misses ingested text")
	}

	// A changed file with fewer fragments: the extra ones leave the index.
	ingestText(t, s, dir, "a-beleidsplan-2021-2025.md", "# Plan\n\nAlleen nog ontmoeting.\n")
	if _, err := SyncIndex(ctx, s, x, nil); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s, x)
	if hits(t, s, x, "vrijwilliger") != 0 || hits(t, s, x, "ontmoeting") != 1 {
		t.Fatal("index kept old text")
	}

	// Removing a document removes its fragments from the index.
	if err := s.RemoveDocument("t", "a-beleidsplan-2021-2025"); err != nil {
		t.Fatal(err)
	}
	if _, err := SyncIndex(ctx, s, x, nil); err != nil {
		t.Fatal(err)
	}
	r = mustCheck(t, s, x)
	if r.Indexed != 0 {
		t.Fatalf("%+v", r)
	}
	x.Close()
}

func TestDamagedIndexIsRebuilt(t *testing.T) {
	dir := t.TempDir()
	p, _ := Init(filepath.Join(dir, "proj"))
	s, _ := p.Open()
	defer s.Close()
	ctx := context.Background()
	ingestText(t, s, dir, "b-jaarverslag-2022.txt", "Een verslag over vrijwilligers en vorming.")
	x, err := p.OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
	// Wreck the index: every file in it becomes garbage.
	filepath.Walk(p.IndexDir(), func(path string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			os.WriteFile(path, []byte("garbage"), 0o644)
		}
		return nil
	})
	x, err = p.OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	mustCheck(t, s, x)
	if hits(t, s, x, "vrijwilligers") != 1 {
		t.Fatal("rebuilt index misses text")
	}
	matches, _ := filepath.Glob(p.IndexDir() + ".damaged-*")
	if len(matches) != 1 {
		t.Errorf("damaged index not kept aside: %v", matches)
	}
}

func TestReindexAndCodeFilters(t *testing.T) {
	dir := t.TempDir()
	p, _ := Init(filepath.Join(dir, "proj"))
	s, _ := p.Open()
	defer s.Close()
	ctx := context.Background()
	ingestText(t, s, dir, "c-beleidsplan-2021-2025.txt", "Eerste alinea over vrijwilligers.\n\nTweede alinea over vrijwilligers en geld.\n")
	n, err := p.Reindex(ctx, s, nil)
	if err != nil || n != 2 {
		t.Fatalf("reindex: %d %v", n, err)
	}
	x, err := p.OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	mustCheck(t, s, x)
	if _, err := s.PutCodes("t", []store.Code{{Key: "VRIJ", Name: "Vrijwilligers"}, {Key: "FIN", Name: "Financiën"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddCodings(store.Coding{Fragment: "c-beleidsplan-2021-2025/0002", Code: "VRIJ", Coder: "ann"}); err != nil {
		t.Fatal(err)
	}
	res, err := search.Search(ctx, s, x, search.Options{Request: index.Request{Query: "vrijwilliger"}, Codes: []string{"VRIJ"}})
	if err != nil || res.Total != 1 || res.Hits[0].ID != "c-beleidsplan-2021-2025/0002" {
		t.Fatalf("code filter: %+v %v", res, err)
	}
	res, _ = search.Search(ctx, s, x, search.Options{Request: index.Request{Query: "vrijwilliger"}, Uncoded: true})
	if res.Total != 1 || res.Hits[0].ID != "c-beleidsplan-2021-2025/0001" {
		t.Fatalf("uncoded: %+v", res)
	}
	res, _ = search.Search(ctx, s, x, search.Options{Request: index.Request{Query: "vrijwilliger"}, Codes: []string{"FIN"}})
	if res.Total != 0 {
		t.Fatalf("unused code matched: %+v", res)
	}
	h := res
	res, _ = search.Search(ctx, s, x, search.Options{Request: index.Request{Query: "geld"}})
	if len(res.Hits) != 1 || len(res.Hits[0].KWIC) != 1 || res.Hits[0].KWIC[0].Match != "geld" || !strings.HasSuffix(res.Hits[0].KWIC[0].Before, "en ") {
		t.Fatalf("kwic %+v %v", res.Hits, h)
	}
}

// TestSyncIndexBatchesLargeDocument: a document with more fragments than a
// batch is indexed in batches of at most batchFragments, and its pending
// note is cleared once all of them are in. One batch of a whole 50 MB
// document took 3.7 GB.
func TestSyncIndexBatchesLargeDocument(t *testing.T) {
	oldSize, oldApply := batchFragments, applyBatch
	t.Cleanup(func() { batchFragments, applyBatch = oldSize, oldApply })
	batchFragments = 10
	largest := 0
	applyBatch = func(x *index.Index, put []index.Fragment, del []string) error {
		largest = max(largest, len(put)+len(del))
		return oldApply(x, put, del)
	}
	dir, p, s := newProject(t)
	for _, n := range []int{35, 20} { // 20: a multiple of the batch, after a larger version
		var b strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "Alinea %d over vrijwilligers.\n\n", i)
		}
		ingestText(t, s, dir, "groot.txt", b.String())
		x, err := p.OpenIndex(context.Background(), s, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := mustCheck(t, s, x)
		x.Close()
		if r.Fragments != n || r.Indexed != n || r.Pending != 0 {
			t.Fatalf("%d paragraphs: %+v", n, r)
		}
	}
	if largest > batchFragments {
		t.Errorf("a batch of %d fragments, more than %d", largest, batchFragments)
	}
}

// TestIndexBatchBoundedByText: an index batch holds at most batchTextBytes
// of text, however few fragments that is (a text without paragraphs has
// fragments of 8 KiB).
func TestIndexBatchBoundedByText(t *testing.T) {
	oldApply, oldBytes := applyBatch, batchTextBytes
	t.Cleanup(func() { applyBatch, batchTextBytes = oldApply, oldBytes })
	batchTextBytes = 2500
	var sizes []int
	applyBatch = func(_ *index.Index, put []index.Fragment, del []string) error {
		sizes = append(sizes, len(put))
		return nil
	}
	b := &indexBatch{}
	var frags []store.Fragment
	for i := 1; i <= 10; i++ {
		frags = append(frags, store.Fragment{ID: store.FragmentID("d", i), Doc: "d", Ordinal: i, Text: strings.Repeat("x", 1000)})
	}
	if err := b.addFragments(store.Document{ID: "d"}, store.Organisation{}, frags); err != nil {
		t.Fatal(err)
	}
	if err := b.flush(); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(sizes) != "[3 3 3 1]" {
		t.Errorf("batches of %v fragments, want [3 3 3 1]", sizes)
	}
}
