package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/search"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// TestF1NewCmdParsesOnly checks the parsing of search, reindex, check,
// read, docs, orgs, init, analyze and orphans (with their subcommands)
// through runF: the options filled, with no project to open.
func TestF1NewCmdParsesOnly(t *testing.T) {
	noStore := errors.New("no store")
	f := NewFactory(&Env{
		IO:     &IOStreams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}},
		Getenv: func(k string) string { return map[string]string{"PLANCODER_CODER": "ann"}[k] },
		Getwd:  func() (string, error) { return t.TempDir(), nil },
	})
	f.Store = func() (*project.Project, *store.Store, error) { return nil, nil, noStore }
	run := func(t *testing.T, c *cobra.Command, args ...string) {
		t.Helper()
		c.SetArgs(args)
		c.SetOut(&bytes.Buffer{})
		if err := c.Execute(); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	sp := func(s string) *string { return &s }

	t.Run("init", func(t *testing.T) {
		var got *InitOptions
		run(t, newCmdInit(f, func(o *InitOptions) error { got = o; return nil }))
		if got.Dir != "." || got.Abs == nil || got.IO == nil {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("analyze", func(t *testing.T) {
		var got *analyzeOptions
		run(t, newCmdAnalyze(f, func(o *analyzeOptions) error { got = o; return nil }), "De", "financiële", "--lang", "en", "--format", "bogus")
		if got.Text != "De financiële" || got.Lang != "en" || got.Format != "bogus" {
			t.Errorf("got %+v (parsing keeps a bad format for the run to refuse)", got)
		}
	})
	t.Run("read", func(t *testing.T) {
		var got *ReadOptions
		run(t, newCmdRead(f, func(o *ReadOptions) error { got = o; return nil }), "doc-a", "--from", "0", "--limit", "5")
		if got.Doc != "doc-a" || got.From != 0 || got.Limit != 5 || got.Format != formatTable {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("docs", func(t *testing.T) {
		var got *DocsOptions
		run(t, newCmdDocs(f, func(o *DocsOptions) error { got = o; return nil }), "--org", "socius", "--type", "policy-plan", "--format", "csv")
		if got.Org != "socius" || got.Type != "policy-plan" || got.Format != formatCSV {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("docs show", func(t *testing.T) {
		var got *docsShowOptions
		run(t, newCmdDocsShow(f, func(o *docsShowOptions) error { got = o; return nil }), "doc-a", "--format", "json")
		if got.Doc != "doc-a" || got.Format != formatJSON {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("docs edit only what is given", func(t *testing.T) {
		var got *docsEditOptions
		run(t, newCmdDocsEdit(f, func(o *docsEditOptions) error { got = o; return nil }), "doc-a", "--period", "", "--year", "0", "--attr", "bron=mail", "--attr", "oud=")
		if got.Doc != "doc-a" || got.Org != nil || got.Type != nil || got.Title != nil ||
			!reflect.DeepEqual(got.Period, sp("")) || got.Year == nil || *got.Year != 0 ||
			!reflect.DeepEqual(got.Attrs, []string{"bron=mail", "oud="}) || got.Ctx == nil {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("docs remove", func(t *testing.T) {
		var got *docsRemoveOptions
		run(t, newCmdDocsRemove(f, func(o *docsRemoveOptions) error { got = o; return nil }), "a", "b")
		if !reflect.DeepEqual(got.Docs, []string{"a", "b"}) || got.Ctx == nil || got.Actor() != "ann" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("orgs import", func(t *testing.T) {
		var got *orgsImportOptions
		run(t, newCmdOrgsImport(f, func(o *orgsImportOptions) error { got = o; return nil }), "orgs.csv")
		if got.File != "orgs.csv" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("orgs list", func(t *testing.T) {
		var got *orgsListOptions
		run(t, newCmdOrgsList(f, func(o *orgsListOptions) error { got = o; return nil }), "--format", "json")
		if got.Format != formatJSON {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("orgs edit", func(t *testing.T) {
		var got *orgsEditOptions
		run(t, newCmdOrgsEdit(f, func(o *orgsEditOptions) error { got = o; return nil }), "socius", "--name", "Socius vzw")
		if got.Org != "socius" || !reflect.DeepEqual(got.Name, sp("Socius vzw")) || got.Attrs != nil {
			t.Errorf("got %+v", got)
		}
		run(t, newCmdOrgsEdit(f, func(o *orgsEditOptions) error { got = o; return nil }), "socius", "--attr", "a=b")
		if got.Name != nil {
			t.Errorf("--name not given, got %q", *got.Name)
		}
	})
	t.Run("orphans", func(t *testing.T) {
		var got *orphansOptions
		run(t, newCmdOrphans(f, func(o *orphansOptions) error { got = o; return nil }), "--doc", "doc-a", "--format", "csv")
		if got.Doc != "doc-a" || got.Format != formatCSV {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("orphans attach", func(t *testing.T) {
		var got *orphansAttachOptions
		run(t, newCmdOrphansAttach(f, func(o *orphansAttachOptions) error { got = o; return nil }), "3", "doc-a/0012")
		if got.ID != "3" || got.Fragment != "doc-a/0012" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("orphans drop", func(t *testing.T) {
		var got *orphansDropOptions
		run(t, newCmdOrphansDrop(f, func(o *orphansDropOptions) error { got = o; return nil }), "--all", "--yes")
		if !got.All || !got.Yes || len(got.IDs) != 0 || got.Confirm == nil {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("search", func(t *testing.T) {
		var got *SearchOptions
		run(t, newCmdSearch(f, func(o *SearchOptions) error { got = o; return nil }),
			"transitie", "--org", "Vorming Plus", "--attr", "region=Limburg", "--code", "A, B", "--group-by", "org", "--limit", "5", "--explain")
		if got.Query != "transitie" || got.Org != "Vorming Plus" || got.Codes != "A, B" || got.GroupBy != "org" ||
			got.Limit != 5 || got.Context != 60 || !got.Explain || got.Ctx == nil || got.Options.Codes != nil {
			t.Errorf("got %+v (parsing leaves slugs and code lists to the run)", got)
		}
	})
	t.Run("reindex", func(t *testing.T) {
		var got *reindexOptions
		run(t, newCmdReindex(f, func(o *reindexOptions) error { got = o; return nil }))
		if got.Ctx == nil || got.Store == nil {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("check", func(t *testing.T) {
		var got *checkOptions
		run(t, newCmdCheck(f, func(o *checkOptions) error { got = o; return nil }), "--repair", "--format", "json")
		if !got.Repair || got.Format != formatJSON {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("memo edit", func(t *testing.T) {
		var got *memoEditOptions
		run(t, newCmdMemoEdit(f, func(o *memoEditOptions) error { got = o; return nil }), "3", "new text", "--author", "bob")
		if got.ID != "3" || got.Text != "new text" || got.Author != "bob" || got.Format != formatTable {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("memo remove", func(t *testing.T) {
		var got *memoRemoveOptions
		run(t, newCmdMemoRemove(f, func(o *memoRemoveOptions) error { got = o; return nil }), "x", "--format", "json")
		if got.ID != "x" || got.Author != "" || got.Format != formatJSON || got.Actor() != "ann" {
			t.Errorf("got %+v (parsing keeps a bad id for the run to refuse)", got)
		}
	})
	t.Run("memo show", func(t *testing.T) {
		var got *memoShowOptions
		run(t, newCmdMemoShow(f, func(o *memoShowOptions) error { got = o; return nil }), "7")
		if got.ID != "7" || got.Format != formatTable {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("real run when runF is nil", func(t *testing.T) {
		c := newCmdDocs(f, nil)
		c.SetArgs(nil)
		c.SilenceUsage, c.SilenceErrors = true, true
		if err := c.Execute(); !errors.Is(err, noStore) {
			t.Errorf("got %v, want the factory's store error", err)
		}
	})
}

// TestF1RunWithOptions calls the converted run functions with options made
// here: the store from the options' Store, the actor from the options'
// Actor, the output to the options' streams.
func TestF1RunWithOptions(t *testing.T) {
	te := codedProject(t)
	var out, errOut bytes.Buffer
	opened := 0
	sio := storeIO{
		IO: &IOStreams{Out: &out, Err: &errOut},
		Store: func() (*project.Project, *store.Store, error) {
			opened++
			p := &project.Project{Dir: te.dir}
			s, err := p.Open()
			return p, s, err
		},
		Actor: func() string { return "bob" },
	}
	name := "A vzw"
	ctx := context.Background()
	tests := []runCase{
		{"read", func() error {
			return runRead(&ReadOptions{IO: sio.IO, Store: sio.Store, Doc: "a-beleidsplan-2021-2025", From: 4, Limit: 1, Format: formatCSV})
		}, []string{"a-beleidsplan-2021-2025/0004", "subsidie"}},
		{"docs", func() error { return runDocs(&DocsOptions{storeIO: sio, Org: "b", Format: formatCSV}) },
			[]string{"b-beleidsplan-2021-2025"}},
		{"orgs edit with the options' actor", func() error {
			return runOrgsEdit(&orgsEditOptions{storeIO: sio, Ctx: ctx, Org: "a", Name: &name, Format: formatTable})
		}, []string{"organisation a updated"}},
		{"search", func() error {
			return runSearch(&SearchOptions{IO: sio.IO, Store: sio.Store, Ctx: ctx, Format: formatCSV,
				Options: search.Options{Request: index.Request{Query: "subsidie", Limit: 5}, Context: 20}})
		}, []string{"a-beleidsplan-2021-2025/0004"}},
		{"check", func() error { return runCheck(&checkOptions{storeIO: sio, Ctx: ctx, Format: formatTable}) },
			[]string{"ok: store and index are consistent"}},
		{"orphans", func() error { return runOrphans(&orphansOptions{storeIO: sio, Format: formatTable}) },
			[]string{"no orphans"}},
	}
	checkRuns(t, tests, &out, &errOut, &opened)
	p := &project.Project{Dir: te.dir}
	s, err := p.Open()
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.Organisation("a")
	s.Close()
	if err != nil || o.Name != name {
		t.Errorf("organisation a: %+v %v, want the name %q", o, err, name)
	}

	t.Run("analyze needs no store", func(t *testing.T) {
		out.Reset()
		if err := runAnalyze(&analyzeOptions{IO: sio.IO, Text: "organisaties", Lang: "nl", Format: formatCSV}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "organisatie") {
			t.Errorf("got %q", out.String())
		}
	})
	t.Run("init resolves with the options' Abs", func(t *testing.T) {
		out.Reset()
		base := t.TempDir()
		err := runInit(&InitOptions{IO: sio.IO, Abs: func(p string) (string, error) { return filepath.Join(base, p), nil }, Dir: "new"})
		if err != nil || !strings.Contains(out.String(), filepath.Join(base, "new")) {
			t.Errorf("got %v %q", err, out.String())
		}
	})
	t.Run("orphans drop asks through the options' Confirm", func(t *testing.T) {
		out.Reset()
		asked := false
		err := runOrphansDrop(&orphansDropOptions{storeIO: sio, All: true,
			Confirm: func(string, string) (bool, error) { asked = true; return false, nil }})
		// No orphans: nothing to ask.
		if err != nil || asked || !strings.Contains(out.String(), "no orphans") {
			t.Errorf("got %v asked=%v %q", err, asked, out.String())
		}
	})
}

// TestF1RunChecksBeforeOpening: bad options are refused before the store is
// opened.
func TestF1RunChecksBeforeOpening(t *testing.T) {
	sio := storeIO{IO: &IOStreams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}},
		Store: func() (*project.Project, *store.Store, error) {
			t.Fatal("store opened")
			return nil, nil, nil
		},
		Actor: func() string { return "bob" }}
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"read --from 0", func() error { return runRead(&ReadOptions{IO: sio.IO, Store: sio.Store, Doc: "d", From: 0}) }, "--from 0"},
		{"search --group-by", func() error {
			return runSearch(&SearchOptions{IO: sio.IO, Store: sio.Store, Format: formatTable, GroupBy: "x"})
		}, "--group-by"},
		{"docs edit with nothing", func() error {
			return runDocsEdit(&docsEditOptions{storeIO: sio, Doc: "d", Format: formatTable})
		}, "nothing to change"},
		{"memo show with a bad id", func() error {
			return runMemoShow(&memoShowOptions{storeIO: sio, ID: "x", Format: formatTable})
		}, "memo id"},
		{"orphans drop ids and --all", func() error {
			return runOrphansDrop(&orphansDropOptions{storeIO: sio, All: true, IDs: []string{"1"}})
		}, "give orphan ids or --all"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want a usage error with %q", err, tt.want)
			}
		})
	}
}
