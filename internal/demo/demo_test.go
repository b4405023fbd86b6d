package demo

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/plancoder/plancoder/codebook"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/project/projecttest"
	"github.com/plancoder/plancoder/store"
)

// demoState is what a demo project holds, for comparing two demos.
type demoState struct {
	Docs    []string // ID and content hash
	Coders  []string
	Codings int
	Sample  store.Sample
}

func openDemo(t *testing.T, p *project.Project) (*store.Store, demoState) {
	t.Helper()
	s, err := p.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var st demoState
	docs, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		st.Docs = append(st.Docs, d.ID+" "+d.SHA256)
	}
	if st.Coders, err = s.Coders(); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		fs, err := s.Fragments(d.ID, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			cs, err := s.Codings(store.CodingFilter{Fragment: f.ID})
			if err != nil {
				t.Fatal(err)
			}
			st.Codings += len(cs)
		}
	}
	if st.Sample, err = s.Sample("pilot"); err != nil {
		t.Fatal(err)
	}
	st.Sample.Created = st.Sample.Created.UTC()
	return s, st
}

func TestDemo(t *testing.T) {
	ctx := context.Background()
	var calls int
	p, sum, err := Demo(ctx, filepath.Join(t.TempDir(), "demo"), Options{Orgs: 2, Seed: 5, Workers: 2, Actor: "demo",
		Progress: func(done, total int, _ string) { calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 0 || sum.Added == 0 || sum.Added != sum.Files || calls != sum.Files {
		t.Fatalf("summary %+v, progress called %d times", sum, calls)
	}
	s, st := openDemo(t, p)
	codes, err := s.Codes()
	if err != nil || len(codes) != len(codebook.Example().Codes) {
		t.Errorf("codebook of %d codes (%v), want the example's %d", len(codes), err, len(codebook.Example().Codes))
	}
	if !reflect.DeepEqual(st.Coders, []string{"ann", "bob", "chris"}) || st.Codings == 0 {
		t.Errorf("coders %v with %d codings, want ann, bob and chris", st.Coders, st.Codings)
	}
	// The agreement sample is the plans of the first two organisations,
	// coded by all three.
	if !reflect.DeepEqual(st.Sample.Coders, []string{"ann", "bob", "chris"}) || len(st.Sample.Docs) == 0 || len(st.Sample.Fragments) == 0 {
		t.Errorf("pilot sample %+v", st.Sample)
	}
	for _, id := range st.Sample.Docs {
		d, err := s.Document(id)
		if err != nil || d.Type != store.TypePlan {
			t.Errorf("sample document %s: %+v, %v; want a plan", id, d, err)
		}
	}
	x, err := p.OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	projecttest.MustCheck(t, s, x)
	x.Close()

	// The same seed gives the same project.
	p2, _, err := Demo(ctx, filepath.Join(t.TempDir(), "demo"), Options{Orgs: 2, Seed: 5, Workers: 1, Actor: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	if _, st2 := openDemo(t, p2); !reflect.DeepEqual(st2.Docs, st.Docs) || st2.Codings != st.Codings ||
		!reflect.DeepEqual(st2.Sample.Fragments, st.Sample.Fragments) {
		t.Errorf("same seed, another demo: %d docs, %d codings, %d sample units; first %d, %d, %d",
			len(st2.Docs), st2.Codings, len(st2.Sample.Fragments), len(st.Docs), st.Codings, len(st.Sample.Fragments))
	}

	// A demo does not overwrite a project.
	if _, _, err := Demo(ctx, p.Dir, Options{Orgs: 1, Seed: 1}); err == nil {
		t.Error("demo into an existing project succeeded")
	}
}
