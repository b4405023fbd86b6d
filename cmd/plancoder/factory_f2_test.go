package main

import (
	"bytes"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
)

// f2Factory is a factory whose store cannot be opened: a parse test that
// reached the real run would fail with noStoreF2.
func f2Factory(t *testing.T) *Factory {
	t.Helper()
	f := NewFactory(&Env{
		IO:     &IOStreams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}},
		Getenv: func(string) string { return "" },
		Getwd:  func() (string, error) { return t.TempDir(), nil },
	})
	f.Store = func() (*project.Project, *store.Store, error) { return nil, nil, errNoStoreF2 }
	return f
}

var errNoStoreF2 = errors.New("no store")

type executer interface {
	SetArgs([]string)
	Execute() error
}

func execF2(t *testing.T, c executer, args ...string) {
	t.Helper()
	c.SetArgs(args)
	if err := c.Execute(); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
}

// TestNewCmdParsesOnlyF2 checks the flag parsing of the commands of
// code.go, memo.go, codebook.go and bundle.go through runF, with no
// project at all.
func TestNewCmdParsesOnlyF2(t *testing.T) {
	f := f2Factory(t)
	t.Run("bundle export", func(t *testing.T) {
		var got *bundleExportOptions
		execF2(t, newCmdBundleExport(f, func(o *bundleExportOptions) error { got = o; return nil }), "--coder", "ann", "-o", "ann.json")
		if got.Coder != "ann" || got.Out != "ann.json" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("bundle export without flags parses", func(t *testing.T) {
		var got *bundleExportOptions
		execF2(t, newCmdBundleExport(f, func(o *bundleExportOptions) error { got = o; return nil }))
		if got.Coder != "" || got.Out != "" {
			t.Errorf("got %+v (the run refuses missing flags, not parsing)", got)
		}
	})
	t.Run("bundle merge", func(t *testing.T) {
		var got *bundleMergeOptions
		execF2(t, newCmdBundleMerge(f, func(o *bundleMergeOptions) error { got = o; return nil }), "b.json", "--replace", "--format", "json")
		if got.File != "b.json" || !got.Replace || got.Format != formatJSON {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("bundle merge defaults", func(t *testing.T) {
		var got *bundleMergeOptions
		execF2(t, newCmdBundleMerge(f, func(o *bundleMergeOptions) error { got = o; return nil }), "b.json")
		if got.Replace || got.Format != formatTable {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("memo add", func(t *testing.T) {
		var got *memoAddOptions
		execF2(t, newCmdMemoAdd(f, func(o *memoAddOptions) error { got = o; return nil }), "tekst", "--on", "code:fin", "--author", "bo")
		if got.Text != "tekst" || got.On != "code:fin" || got.Author != "bo" || got.Actor == nil {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("memo add defaults", func(t *testing.T) {
		var got *memoAddOptions
		execF2(t, newCmdMemoAdd(f, func(o *memoAddOptions) error { got = o; return nil }), "tekst")
		if got.On != "project" || got.Author != "" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("memo list", func(t *testing.T) {
		var got *memoListOptions
		execF2(t, newCmdMemoList(f, func(o *memoListOptions) error { got = o; return nil }), "--on", "doc:x", "--format", "csv")
		if got.On != "doc:x" || got.Format != formatCSV {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("progress", func(t *testing.T) {
		var got *progressOptions
		execF2(t, newCmdProgress(f, func(o *progressOptions) error { got = o; return nil }))
		if got.Format != formatTable {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("codebook import", func(t *testing.T) {
		var got *codebookImportOptions
		execF2(t, newCmdCodebookImport(f, func(o *codebookImportOptions) error { got = o; return nil }), "--example")
		if !got.Example || len(got.Files) != 0 || got.ImportQDC == nil || got.Actor == nil {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("codebook export", func(t *testing.T) {
		var got *codebookExportOptions
		execF2(t, newCmdCodebookExport(f, func(o *codebookExportOptions) error { got = o; return nil }), "--format", "csv", "-o", "cb.csv")
		if got.Format != "csv" || got.Out != "cb.csv" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("codebook export defaults", func(t *testing.T) {
		var got *codebookExportOptions
		execF2(t, newCmdCodebookExport(f, func(o *codebookExportOptions) error { got = o; return nil }))
		if got.Format != "yaml" || got.Out != "" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("codebook show", func(t *testing.T) {
		var got *codebookShowOptions
		execF2(t, newCmdCodebookShow(f, func(o *codebookShowOptions) error { got = o; return nil }), "fin", "--format", "json")
		if got.Key != "fin" || got.Format != formatJSON {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("codebook add", func(t *testing.T) {
		var got *codebookAddOptions
		execF2(t, newCmdCodebookAdd(f, false, func(o *codebookAddOptions) error { got = o; return nil }), "ERFGOED", "--name", "Erfgoed", "--shortcut", "E")
		want := map[string]bool{"name": true, "shortcut": true}
		if got.Edit || got.Key != "ERFGOED" || got.Code.Name != "Erfgoed" || got.Code.Shortcut != "E" || !reflect.DeepEqual(got.Changed, want) {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("codebook edit names an emptied field as changed", func(t *testing.T) {
		var got *codebookAddOptions
		execF2(t, newCmdCodebookAdd(f, true, func(o *codebookAddOptions) error { got = o; return nil }), "ERFGOED", "--description", "")
		if !got.Edit || !reflect.DeepEqual(got.Changed, map[string]bool{"description": true}) {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("codebook rename", func(t *testing.T) {
		var got *codebookRenameOptions
		execF2(t, newCmdCodebookRename(f, func(o *codebookRenameOptions) error { got = o; return nil }), "old", "new")
		if got.From != "old" || got.To != "new" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("codebook merge", func(t *testing.T) {
		var got *codebookMergeOptions
		execF2(t, newCmdCodebookMerge(f, func(o *codebookMergeOptions) error { got = o; return nil }), "VRIJW", "PERS", "--yes")
		if got.From != "VRIJW" || got.Into != "PERS" || !got.Yes {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("codebook remove", func(t *testing.T) {
		var got *codebookRemoveOptions
		execF2(t, newCmdCodebookRemove(f, func(o *codebookRemoveOptions) error { got = o; return nil }), "ERFGOED")
		if got.Key != "ERFGOED" || got.Yes {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("code", func(t *testing.T) {
		var got *CodeOptions
		execF2(t, newCmdCode(f, func(o *CodeOptions) error { got = o; return nil }),
			"--coder", "ann", "--query", "vrijwilligers", "--uncoded", "--plain", "--from-start", "--org", "socius", "--section", "fin")
		if got.Coder != "ann" || got.Query != "vrijwilligers" || !got.Uncoded || !got.Plain || !got.NoResume ||
			got.Filters.Org != "socius" || got.Filters.Section != "fin" || got.Ctx == nil || got.Screen == nil || got.OpenIndex == nil {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("code add", func(t *testing.T) {
		var got *codeAddOptions
		execF2(t, newCmdCodeAdd(f, true, func(o *codeAddOptions) error { got = o; return nil }), "d/0001", "d/0002", "--codes", "fin,vrij", "--memo", "m")
		if !got.Add || !reflect.DeepEqual(got.Fragments, []string{"d/0001", "d/0002"}) || got.Codes != "fin,vrij" || got.Memo != "m" || got.Coder != "" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("code remove has no --memo", func(t *testing.T) {
		c := newCmdCodeAdd(f, false, func(o *codeAddOptions) error { return nil })
		if c.Flags().Lookup("memo") != nil || c.Use != "remove FRAGMENT..." {
			t.Errorf("remove: use %q, memo flag %v", c.Use, c.Flags().Lookup("memo"))
		}
	})
	t.Run("code apply", func(t *testing.T) {
		var got *codeApplyOptions
		execF2(t, newCmdCodeApply(f, func(o *codeApplyOptions) error { got = o; return nil }), "--query", "digitalisering", "--type", "plan", "--codes", "DIGI", "--yes")
		if got.Query != "digitalisering" || got.Filters.Type != "plan" || got.Codes != "DIGI" || !got.Yes || got.Ctx == nil {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("code list", func(t *testing.T) {
		var got *codeListOptions
		execF2(t, newCmdCodeList(f, func(o *codeListOptions) error { got = o; return nil }), "--code", "FIN", "--coder", "ann", "--doc", "d", "--format", "csv")
		if got.Codes != "FIN" || got.Coder != "ann" || got.Doc != "d" || got.Format != formatCSV {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("code tree keeps its subcommands", func(t *testing.T) {
		var names []string
		for _, c := range newCodeCmd(f).Commands() {
			names = append(names, c.Name())
		}
		if want := []string{"add", "apply", "list", "remove"}; !reflect.DeepEqual(names, want) {
			t.Errorf("got %v, want %v", names, want)
		}
	})
	t.Run("real run when runF is nil", func(t *testing.T) {
		c := newCmdProgress(f, nil)
		c.SetArgs(nil)
		if err := c.Execute(); !errors.Is(err, errNoStoreF2) {
			t.Errorf("got %v, want the factory's store error", err)
		}
	})
}

// TestRunWithOptionsF2 calls the run functions of the converted commands
// with options made here: the store, the clock-free actor and the streams
// come from the options, not from an Env.
func TestRunWithOptionsF2(t *testing.T) {
	te := codedProject(t)
	var out, errOut bytes.Buffer
	var in bytes.Buffer
	io := &IOStreams{In: &in, Out: &out, Err: &errOut}
	opened := 0
	open := func() (*project.Project, *store.Store, error) {
		opened++
		p := &project.Project{Dir: te.dir}
		s, err := p.Open()
		return p, s, err
	}
	aio := analysisIO{IO: io, Abs: func(p string) (string, error) { return filepath.Join(te.dir, p), nil }, Store: open}
	cio := storeIO{IO: io, Store: open, Actor: func() string { return "robot" }}
	kio := codingIO{IO: io, Store: open, Getenv: func(k string) string {
		if k == "PLANCODER_CODER" {
			return "bo"
		}
		return ""
	}}
	tests := []runCase{
		{"memo add takes its author from Actor", func() error {
			return runMemoAdd(&memoAddOptions{storeIO: storeIO{IO: io, Store: open, Actor: func() string { return "robot" }}, Text: "Bijna alle plannen.", On: "code:fin"})
		}, []string{"memo 1 saved on code FIN"}},
		{"memo list", func() error {
			return runMemoList(&memoListOptions{IO: io, Store: open, Format: formatCSV})
		}, []string{"code:FIN,robot,", "Bijna alle plannen."}},
		{"progress csv", func() error {
			return runProgress(&progressOptions{IO: io, Store: open, Format: formatCSV})
		}, []string{"FIN,"}},
		{"bundle export", func() error {
			return runBundleExport(&bundleExportOptions{analysisIO: aio, Coder: "ann", Out: "ann.json"})
		}, []string{"wrote ann.json: 2 codings, 0 memos"}},
		{"bundle merge twice changes nothing", func() error {
			return runBundleMerge(&bundleMergeOptions{analysisIO: aio, File: filepath.Join(te.dir, "ann.json"), Format: formatTable})
		}, []string{"0 codings added, 2 already here"}},
		{"codebook add", func() error {
			return runCodebookAdd(&codebookAddOptions{storeIO: cio, Key: "erfgoed", Code: store.Code{Name: "Erfgoed", Group: "x"}, Changed: map[string]bool{"name": true}})
		}, []string{"added ERFGOED"}},
		{"codebook edit sets only the changed fields", func() error {
			return runCodebookEdit2(cio)
		}, []string{"updated ERFGOED"}},
		{"codebook show", func() error {
			return runCodebookShow(&codebookShowOptions{storeIO: cio, Key: "erfgoed", Format: formatTable})
		}, []string{"ERFGOED  Erfgoed\n", "description: Zorg\n", "codings:     0"}},
		{"codebook rename", func() error {
			return runCodebookRename(&codebookRenameOptions{storeIO: cio, From: "erfgoed", To: "heritage"})
		}, []string{"renamed ERFGOED to HERITAGE: 0 codings rewritten"}},
		{"codebook remove asks on the options' streams", func() error {
			in.WriteString("y\n")
			return runCodebookRemove(&codebookRemoveOptions{storeIO: cio, Key: "heritage"})
		}, []string{"remove HERITAGE (Erfgoed) from the codebook", "remove? [y/N]", "removed HERITAGE"}},
		{"codebook export csv", func() error {
			return runCodebookExport(&codebookExportOptions{storeIO: cio, Format: "csv"})
		}, []string{"FIN,"}},
		{"code add takes the coder from Getenv", func() error {
			return runCodeAdd(&codeAddOptions{codingIO: kio, Add: true, Fragments: []string{"a-beleidsplan-2021-2025/0004"}, Codes: "pers"})
		}, []string{"+PERS a-beleidsplan-2021-2025/0004"}},
		{"code list", func() error {
			return runCodeList(&codeListOptions{codingIO: kio, Coder: "bo", Format: formatCSV})
		}, []string{"a-beleidsplan-2021-2025/0004,PERS,bo,"}},
		{"code remove", func() error {
			return runCodeAdd(&codeAddOptions{codingIO: kio, Fragments: []string{"a-beleidsplan-2021-2025/0004"}, Codes: "PERS"})
		}, []string{"-PERS a-beleidsplan-2021-2025/0004"}},
		{"code --plain on the options' streams", func() error {
			in.Reset()
			in.WriteString("q\n")
			return runCode(&CodeOptions{codingIO: kio, Doc: "b-beleidsplan-2021-2025", Plain: true, NoResume: true,
				Screen: func(*coding.Session) error { t.Fatal("screen run with --plain"); return nil }})
		}, []string{"b-beleidsplan-2021-2025/0001"}},
	}
	checkRuns(t, tests, &out, &errOut, &opened)
}

// TestRunChecksBeforeOpeningF2: missing or bad options are refused before
// the store is opened.
func TestRunChecksBeforeOpeningF2(t *testing.T) {
	io := &IOStreams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
	noOpen := func() (*project.Project, *store.Store, error) {
		t.Fatal("store opened")
		return nil, nil, nil
	}
	var ue usageError
	if err := runBundleExport(&bundleExportOptions{analysisIO: analysisIO{IO: io, Store: noOpen}, Coder: "ann"}); !errors.As(err, &ue) {
		t.Errorf("bundle export without --out: got %v, want a usage error", err)
	}
	if err := runMemoAdd(&memoAddOptions{storeIO: storeIO{IO: io, Store: noOpen}, On: "nowhere"}); !errors.As(err, &ue) {
		t.Errorf("memo add --on nowhere: got %v, want a usage error", err)
	}
	cio := storeIO{IO: io, Store: noOpen}
	if err := runCodebookImport(&codebookImportOptions{storeIO: cio}); !errors.As(err, &ue) {
		t.Errorf("codebook import without FILE or --example: got %v, want a usage error", err)
	}
	if err := runCodebookExport(&codebookExportOptions{storeIO: cio, Format: "json"}); !errors.As(err, &ue) {
		t.Errorf("codebook export --format json: got %v, want a usage error", err)
	}
	if err := runCodebookMerge(&codebookMergeOptions{storeIO: cio, From: "fin", Into: "FIN"}); err == nil || !strings.Contains(err.Error(), "into itself") {
		t.Errorf("codebook merge FIN FIN: got %v", err)
	}
	kio := codingIO{IO: io, Store: noOpen, Getenv: func(string) string { return "" }}
	if err := runCodeAdd(&codeAddOptions{codingIO: kio, Add: true, Fragments: []string{"d/0001"}, Codes: "FIN"}); !errors.As(err, &ue) || !strings.Contains(err.Error(), "who is coding") {
		t.Errorf("code add without a coder: got %v, want a usage error", err)
	}
	kio.Getenv = func(string) string { return "ann" }
	if err := runCodeApply(&codeApplyOptions{codingIO: kio, Codes: "FIN"}); !errors.As(err, &ue) {
		t.Errorf("code apply without --query: got %v, want a usage error", err)
	}
	if err := runCode(&CodeOptions{codingIO: codingIO{IO: io, Store: noOpen, Getenv: func(string) string { return "" }}}); !errors.As(err, &ue) {
		t.Errorf("code without a coder: got %v, want a usage error", err)
	}
	if err := runMemoList(&memoListOptions{IO: io, Store: noOpen, Format: "xml"}); err == nil {
		t.Error("memo list --format xml: no error")
	}
}

// runCodebookEdit2 edits ERFGOED giving a description only: the name
// flag's (empty) value is not applied because it is not in Changed.
func runCodebookEdit2(cio storeIO) error {
	return runCodebookAdd(&codebookAddOptions{storeIO: cio, Edit: true, Key: "ERFGOED",
		Code: store.Code{Description: "Zorg"}, Changed: map[string]bool{"description": true}})
}
