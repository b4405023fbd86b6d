package project

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/store"
)

// TestReingestMetadata: on a stored document, explicit metadata (flags,
// manifest) wins; values guessed from the file name never overwrite stored
// ones, neither for identical bytes nor for a changed file.
func TestReingestMetadata(t *testing.T) {
	_, _, s := newProject(t)
	file := filepath.Join(t.TempDir(), "socius-beleidsplan-2021-2025.txt")
	write := func(text string) {
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(m ingest.Meta) FileReport {
		t.Helper()
		sum, err := Ingest(context.Background(), s, IngestOptions{Jobs: []ingest.Job{{Path: file, Meta: m}}, Workers: 1, Actor: "t"})
		if err != nil || len(sum.Reports) != 1 {
			t.Fatalf("ingest: %v %+v", err, sum)
		}
		return sum.Reports[0]
	}
	doc := func() store.Document {
		t.Helper()
		d, err := s.Document("socius-beleidsplan-2021-2025")
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	write("Eerste alinea over vrijwilligers.\n\nTweede alinea over financiën.\n")
	if r := run(ingest.Meta{}); r.Status != StatusAdded {
		t.Fatalf("first ingest: %+v", r)
	}
	if d := doc(); d.Period != "2021-2025" || d.Type != store.TypePlan || d.Org != "socius" {
		t.Fatalf("guessed metadata: %+v", d)
	}

	steps := []struct {
		name       string
		change     func()
		meta       ingest.Meta
		wantStatus string
		want       func(store.Document) bool
	}{
		{"same bytes, nothing given", nil, ingest.Meta{}, StatusUnchanged,
			func(d store.Document) bool { return d.Period == "2021-2025" }},
		{"same bytes, explicit period and title", nil, ingest.Meta{Period: "2022-2026", Title: "Plan"}, StatusUpdated,
			func(d store.Document) bool {
				return d.Period == "2022-2026" && d.Title == "Plan" && d.Type == store.TypePlan
			}},
		{"same bytes, same explicit values", nil, ingest.Meta{Period: "2022-2026"}, StatusUnchanged,
			func(d store.Document) bool { return d.Period == "2022-2026" }},
		{"docs edit", func() {
			if _, err := s.EditDocument("t", "socius-beleidsplan-2021-2025", store.DocumentEdit{
				Type: ptr(store.TypeOther), Year: ptr(2023), Attrs: map[string]string{"bron": "mail"}}); err != nil {
				t.Fatal(err)
			}
		}, ingest.Meta{}, StatusUnchanged,
			func(d store.Document) bool {
				return d.Type == store.TypeOther && d.Year == 2023 && d.Period == "2022-2026"
			}},
		{"changed file, nothing given: guesses do not overwrite", func() {
			write("Eerste alinea over vrijwilligers.\n\nTweede alinea, herschreven.\n")
		}, ingest.Meta{}, StatusReplaced,
			func(d store.Document) bool {
				return d.Type == store.TypeOther && d.Year == 2023 && d.Period == "2022-2026" && d.Title == "Plan" && d.Attrs["bron"] == "mail"
			}},
		{"changed file, explicit type wins", func() {
			write("Eerste alinea over vrijwilligers.\n\nDerde versie.\n")
		}, ingest.Meta{Type: store.TypePlan}, StatusReplaced,
			func(d store.Document) bool {
				return d.Type == store.TypePlan && d.Year == 2023 && d.Attrs["bron"] == "mail"
			}},
	}
	for _, st := range steps {
		if st.change != nil {
			st.change()
		}
		r := run(st.meta)
		if r.Status != st.wantStatus {
			t.Errorf("%s: status %s, want %s (%+v)", st.name, r.Status, st.wantStatus, r)
		}
		if d := doc(); !st.want(d) {
			t.Errorf("%s: document %+v", st.name, d)
		}
	}
	// An update is marked for the index like any other change.
	if _, err := s.EditDocument("t", "socius-beleidsplan-2021-2025", store.DocumentEdit{Period: ptr("2021-2025")}); err != nil {
		t.Fatal(err)
	}
	if pend, _ := s.PendingIndex(); len(pend) == 0 {
		t.Error("no pending index note after an update")
	}
	if r := run(ingest.Meta{ID: "ander-id"}); r.Status != StatusUnchanged || len(r.Warnings) != 1 {
		t.Errorf("other explicit id: %+v", r)
	}
}

func ptr[T any](v T) *T { return &v }

// TestIngestIndexesAlongside: with an index, an ingest leaves it complete
// (every fragment indexed once, from memory, in batches of at most
// batchFragments; fragments of a shorter new version deleted; no note
// left), a bad file in a store batch writes nothing and the others are
// stored, and when the index fails the store keeps its notes, so the next
// open of the index repairs it.
func TestIngestIndexesAlongside(t *testing.T) {
	para := func(n int, word string) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "Alinea %d over %s in de wijk.\n\n", i, word)
		}
		return b.String()
	}
	type file struct{ name, text string }
	tests := []struct {
		name      string
		before    []file // ingested and indexed first
		files     []file
		failIndex bool
		want      map[string]string // status by file name
	}{
		{name: "new documents",
			files: []file{{"a.md", para(7, "vrijwilligers")}, {"b.md", para(3, "financiën")}, {"c.md", para(12, "sport")}},
			want:  map[string]string{"a.md": StatusAdded, "b.md": StatusAdded, "c.md": StatusAdded}},
		{name: "a shorter new version: old fragments leave the index",
			before: []file{{"a.md", para(9, "vrijwilligers")}},
			files:  []file{{"a.md", para(4, "vrijwilligers")}, {"b.md", para(2, "sport")}},
			want:   map[string]string{"a.md": StatusReplaced, "b.md": StatusAdded}},
		{name: "same bytes twice in one batch: the second fails, the rest is stored",
			files: []file{{"a.md", para(5, "sport")}, {"b.md", para(5, "sport")}, {"c.md", para(2, "cultuur")}},
			want:  map[string]string{"a.md": StatusAdded, "b.md": StatusFailed, "c.md": StatusAdded}},
		{name: "the index fails: notes stay for the next open",
			files:     []file{{"a.md", para(7, "vrijwilligers")}, {"b.md", para(3, "financiën")}},
			failIndex: true,
			want:      map[string]string{"a.md": StatusAdded, "b.md": StatusAdded}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			oldSize, oldApply := batchFragments, applyBatch
			t.Cleanup(func() { batchFragments, applyBatch = oldSize, oldApply })
			batchFragments = 4
			dir, p, s := newProject(t)
			ctx := context.Background()
			run := func(files []file) IngestSummary {
				t.Helper()
				var jobs []ingest.Job
				for _, f := range files {
					path := filepath.Join(dir, f.name)
					if err := os.WriteFile(path, []byte(f.text), 0o644); err != nil {
						t.Fatal(err)
					}
					jobs = append(jobs, ingest.Job{Path: path})
				}
				x, err := p.OpenIndex(ctx, s, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer x.Close()
				sum, err := Ingest(ctx, s, IngestOptions{Jobs: jobs, Workers: 2, Actor: "t", Index: x})
				if err != nil {
					t.Fatal(err)
				}
				return sum
			}
			run(tc.before)
			puts := map[string]int{}
			largest := 0
			applyBatch = func(x *index.Index, put []index.Fragment, del []string) error {
				if tc.failIndex {
					return errors.New("disk full")
				}
				largest = max(largest, len(put)+len(del))
				for _, f := range put {
					puts[f.ID]++
				}
				return oldApply(x, put, del)
			}
			sum := run(tc.files)
			for _, r := range sum.Reports {
				if w := tc.want[filepath.Base(r.Path)]; r.Status != w {
					t.Errorf("%s: %s (%s), want %s", r.Path, r.Status, r.Error, w)
				}
				if r.Status == StatusFailed {
					if _, err := s.Document(r.Doc); !errors.Is(err, store.ErrNotFound) {
						t.Errorf("%s failed but document %s is stored (%v)", r.Path, r.Doc, err)
					}
				}
			}
			pend, err := s.PendingIndex()
			if err != nil {
				t.Fatal(err)
			}
			if tc.failIndex {
				if sum.IndexError == "" || len(pend) != sum.Added+sum.Replaced {
					t.Fatalf("index failed: error %q, %d notes for %d documents", sum.IndexError, len(pend), sum.Added+sum.Replaced)
				}
				applyBatch = oldApply
			} else {
				if sum.IndexError != "" || len(pend) != 0 {
					t.Fatalf("index error %q, notes left %+v", sum.IndexError, pend)
				}
				if len(puts) != sum.Fragments {
					t.Errorf("%d fragments indexed, %d stored", len(puts), sum.Fragments)
				}
				for id, n := range puts {
					if n != 1 {
						t.Errorf("%s indexed %d times", id, n)
					}
				}
				if largest > batchFragments {
					t.Errorf("a batch of %d, more than %d", largest, batchFragments)
				}
			}
			x, err := p.OpenIndex(ctx, s, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			mustCheck(t, s, x)
		})
	}
}

// TestIngestGC: an ingest of small files lets the heap grow further (less
// garbage collection), one with a big file keeps the default so memory
// stays near four times the largest input; the old value is restored.
func TestIngestGC(t *testing.T) {
	old := setGCPercent
	t.Cleanup(func() { setGCPercent = old })
	t.Setenv("GOGC", "")
	dir := t.TempDir()
	small := filepath.Join(dir, "small.md")
	big := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(small, []byte("Een alinea.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big, make([]byte, ingestGCMaxFile+1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		files []string
		want  []int // the values set, in order
	}{
		{"small files", []string{small, small}, []int{ingestGCPercent, 100}},
		{"a big file", []string{small, big}, nil},
		{"nothing to do", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []int
			cur := 100
			setGCPercent = func(p int) int { got = append(got, p); prev := cur; cur = p; return prev }
			var jobs []ingest.Job
			for _, f := range tc.files {
				jobs = append(jobs, ingest.Job{Path: f})
			}
			ingestGC(jobs)()
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("set %v, want %v", got, tc.want)
			}
		})
	}
}

// TestIngestStreamed: a big plain-text file is streamed into a new
// document and indexed from the store: the same document, fragments and
// search as read whole, a consistent project; a re-ingest of the changed
// file replaces it read whole, and the same bytes again are unchanged.
func TestIngestStreamed(t *testing.T) {
	old := ingest.StreamOver
	ingest.StreamOver = 200
	t.Cleanup(func() { ingest.StreamOver = old })
	var b strings.Builder
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&b, "%d. Thema %d\n\nWe werken in wijk %d met vrijwilligers en jongeren aan ontmoeting.\n\n", i, i, i)
	}
	text := b.String()
	ingestOne := func(dir string, p *Project, s *store.Store, name, text string) FileReport {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		x, err := p.OpenIndex(context.Background(), s, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		sum, err := Ingest(context.Background(), s, IngestOptions{Jobs: []ingest.Job{{Path: path}}, Actor: "t", Index: x})
		if err != nil || sum.IndexError != "" {
			t.Fatalf("ingest: %v %s", err, sum.IndexError)
		}
		mustCheck(t, s, x)
		if n := hits(t, s, x, "vrijwilligers"); n != 60 {
			t.Errorf("search finds %d fragments, want 60", n)
		}
		return sum.Reports[0]
	}
	dir, p, s := newProject(t)
	r := ingestOne(dir, p, s, "org-plan-2024.txt", text)
	if r.Status != StatusAdded || r.Fragments != 120 {
		t.Fatalf("report %+v", r)
	}
	// The same file read whole into another project.
	ingest.StreamOver = 1 << 30
	dir2, p2, s2 := newProject(t)
	ingestOne(dir2, p2, s2, "org-plan-2024.txt", text)
	ingest.StreamOver = 200
	d1, _ := s.Document("org-plan-2024")
	d2, _ := s2.Document("org-plan-2024")
	d1.IngestedAt, d2.IngestedAt = time.Time{}, time.Time{}
	if !reflect.DeepEqual(d1, d2) {
		t.Errorf("streamed document\n%+v, read whole\n%+v", d1, d2)
	}
	f1, _ := s.Fragments("org-plan-2024", 1, 1000)
	f2, _ := s2.Fragments("org-plan-2024", 1, 1000)
	if !reflect.DeepEqual(f1, f2) {
		t.Errorf("streamed fragments differ from those read whole")
	}
	// A changed file replaces the document (read whole).
	r = ingestOne(dir, p, s, "org-plan-2024.txt", "Nieuw begin.\n\n"+text)
	if r.Status != StatusReplaced || r.Fragments != 121 {
		t.Errorf("re-ingest: %+v", r)
	}
	if r = ingestOne(dir, p, s, "org-plan-2024.txt", "Nieuw begin.\n\n"+text); r.Status != StatusUnchanged {
		t.Errorf("same bytes again: %+v", r)
	}
}

// TestIngestKeepsOriginals: a stored PDF is copied to the originals
// folder under its content hash (for the web interface's link); a text
// file is not; ingesting it again copies nothing new.
func TestIngestKeepsOriginals(t *testing.T) {
	dir, p, s := newProject(t)
	pdf, err := os.ReadFile(filepath.Join("..", "ingest", "pdftext", "testdata", "pdf", "lo-plan-columns.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	pdfPath := filepath.Join(dir, "org-plan-2024.pdf")
	txtPath := filepath.Join(dir, "org-rapport-2024.txt")
	os.WriteFile(pdfPath, pdf, 0o644)
	os.WriteFile(txtPath, []byte("Een alinea over vrijwilligers.\n"), 0o644)
	run := func() IngestSummary {
		t.Helper()
		sum, err := Ingest(context.Background(), s, IngestOptions{Jobs: []ingest.Job{{Path: pdfPath}, {Path: txtPath}}, Actor: "t", Originals: p.OriginalPath})
		if err != nil || sum.Failed > 0 {
			t.Fatalf("ingest: %v %+v", err, sum.Reports)
		}
		return sum
	}
	run()
	d, err := s.Document("org-plan-2024")
	if err != nil {
		t.Fatal(err)
	}
	kept, err := os.ReadFile(p.OriginalPath(d.SHA256, d.Source))
	if err != nil || string(kept) != string(pdf) {
		t.Fatalf("original not kept whole: %v (%d bytes of %d)", err, len(kept), len(pdf))
	}
	entries, _ := os.ReadDir(filepath.Join(p.Dir, OriginalsName))
	if len(entries) != 1 {
		t.Errorf("originals folder holds %d files, want the PDF only", len(entries))
	}
	if sum := run(); sum.Unchanged != 2 {
		t.Errorf("again: %+v", sum)
	}
}
