// Package projecttest holds helpers for tests of packages above project
// (search, internal/demo, internal/bench) that need a real project on
// disk. Tests inside package project cannot import it (an import cycle)
// and keep their own.
package projecttest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
)

// New makes a project in a temp dir and opens its store, closed when the
// test ends; dir is the temp dir that holds the project (a place for input
// files).
func New(t testing.TB) (dir string, p *project.Project, s *store.Store) {
	t.Helper()
	dir = t.TempDir()
	p, err := project.Init(filepath.Join(dir, "proj"))
	if err != nil {
		t.Fatal(err)
	}
	s, err = p.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return dir, p, s
}

// IngestText writes text to dir/name and ingests it, failing the test when
// the file is not stored.
func IngestText(t testing.TB, s *store.Store, dir, name, text string) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := project.Ingest(context.Background(), s, project.IngestOptions{Jobs: []ingest.Job{{Path: path}}})
	if err != nil || sum.Failed > 0 {
		t.Fatalf("ingest %s: %v %+v", name, err, sum.Reports)
	}
}

// MustCheck fails the test unless store and index are consistent.
func MustCheck(t testing.TB, s *store.Store, x *index.Index) project.CheckReport {
	t.Helper()
	r, err := project.Check(s, x)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() {
		t.Fatalf("inconsistent: %+v", r)
	}
	return r
}
