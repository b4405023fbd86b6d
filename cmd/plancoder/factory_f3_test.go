package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// f3Factory is a Factory whose store fails to open: the parse tests below
// pass only if runF is called instead of the real run.
func f3Factory(t *testing.T) *Factory {
	f := NewFactory(&Env{
		IO:     &IOStreams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}},
		Getenv: func(string) string { return "" },
		Getwd:  func() (string, error) { return t.TempDir(), nil },
	})
	f.Store = func() (*project.Project, *store.Store, error) { return nil, nil, errors.New("no store") }
	return f
}

func execute(t *testing.T, c *cobra.Command, args ...string) {
	t.Helper()
	c.SetArgs(args)
	c.SetOut(&bytes.Buffer{})
	c.SetErr(&bytes.Buffer{})
	if err := c.Execute(); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
}

// TestNewCmdF3ParsesOnly checks the flag parsing of the ingest, bench,
// demo, import and reliability commands through runF.
func TestNewCmdF3ParsesOnly(t *testing.T) {
	f := f3Factory(t)
	t.Run("demo", func(t *testing.T) {
		var got *demoOptions
		execute(t, newCmdDemo(f, func(o *demoOptions) error { got = o; return nil }), "d", "--orgs", "3", "--seed", "7")
		if got.Dir != "d" || got.Orgs != 3 || got.Seed != 7 || got.Ctx == nil {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("demo defaults", func(t *testing.T) {
		var got *demoOptions
		execute(t, newCmdDemo(f, func(o *demoOptions) error { got = o; return nil }))
		if got.Dir != "" || got.Orgs != 12 || got.Seed != 1 {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("ingest", func(t *testing.T) {
		var got *ingestOptions
		execute(t, newCmdIngest(f, func(o *ingestOptions) error { got = o; return nil }),
			"a.md", "b", "--org", "Vorming Plus", "--type", "plan", "--period", "2021-2025", "-j", "3", "--ocr", "never", "--format", "json")
		want := ingest.Meta{Org: "vorming-plus", Type: "plan", Period: "2021-2025"}
		if !reflect.DeepEqual(got.Paths, []string{"a.md", "b"}) || got.Meta != want || got.Jobs != 3 || got.OCR != "never" || got.Format != formatJSON {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("import", func(t *testing.T) {
		var got *importOptions
		execute(t, newCmdImport(f, func(o *importOptions) error { got = o; return nil }), "x.qdpx", "dir", "--skip-missing", "--format", "json")
		if got.File != "x.qdpx" || got.Dir != "dir" || !got.SkipMissing || got.Format != formatJSON || got.Ctx == nil {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("sample create", func(t *testing.T) {
		var got *sampleCreateOptions
		execute(t, newCmdSampleCreate(f, func(o *sampleCreateOptions) error { got = o; return nil }),
			"pilot", "--docs", "4", "--stratify", "type", "--coders", "ann, bob,", "--seed", "9")
		want := coding.SampleOptions{Name: "pilot", Docs: 4, Stratify: "type", Coders: []string{"ann", "bob"}, Seed: 9}
		if !reflect.DeepEqual(got.Sample, want) {
			t.Errorf("got %+v, want %+v", got.Sample, want)
		}
	})
	t.Run("sample list", func(t *testing.T) {
		called := false
		execute(t, newCmdSampleList(f, func(o *sampleListOptions) error { called = true; return nil }))
		if !called {
			t.Error("runF not called")
		}
	})
	t.Run("sample show", func(t *testing.T) {
		var got *sampleShowOptions
		execute(t, newCmdSampleShow(f, func(o *sampleShowOptions) error { got = o; return nil }), "pilot")
		if got.Name != "pilot" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("agree", func(t *testing.T) {
		var got *agreeOptions
		execute(t, newCmdAgree(f, func(o *agreeOptions) error { got = o; return nil }), "--sample", "pilot", "--code", "VRIJW", "--bootstrap", "100", "--threshold", "0.8")
		if got.Sample != "pilot" || got.Code != "VRIJW" || got.Bootstrap != 100 || got.Threshold != 0.8 || got.Level != "nominal" || got.Seed != 1 {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("disagreements", func(t *testing.T) {
		var got *disagreementsOptions
		execute(t, newCmdDisagreements(f, func(o *disagreementsOptions) error { got = o; return nil }), "--sample", "pilot", "--code", "vrijw", "--coders", "ann,bob", "--format", "csv")
		if got.Sample != "pilot" || got.Code != "vrijw" || got.Coders != "ann,bob" || got.Format != formatCSV {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("reconcile", func(t *testing.T) {
		var got *reconcileOptions
		execute(t, newCmdReconcile(f, func(o *reconcileOptions) error { got = o; return nil }), "--sample", "pilot", "--plain")
		if got.Sample != "pilot" || !got.Plain || got.Code != "" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("bench extract", func(t *testing.T) {
		var got *benchExtractOptions
		execute(t, newCmdBenchExtract(f, func(o *benchExtractOptions) error { got = o; return nil }), "pdfs", "--orgs", "2", "--no-pdftotext")
		if got.Corpus != "pdfs" || got.Orgs != 2 || !got.NoPopler || got.Reference != "" || got.Ctx == nil {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("bench extract reference", func(t *testing.T) {
		var got *benchExtractOptions
		execute(t, newCmdBenchExtract(f, func(o *benchExtractOptions) error { got = o; return nil }), "--reference", "pdftotext", "real")
		if got.Corpus != "real" || got.Reference != "pdftotext" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("bench ingest", func(t *testing.T) {
		var got *benchIngestOptions
		execute(t, newCmdBenchIngest(f, func(o *benchIngestOptions) error { got = o; return nil }), "--orgs", "10", "--min-pages", "20", "-j", "2", "--keep", "k")
		if got.Orgs != 10 || got.MinPages != 20 || got.Jobs != 2 || got.Keep != "k" || got.Seed != 1 || got.NoPdftotext {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("bench search", func(t *testing.T) {
		var got *benchSearchOptions
		execute(t, newCmdBenchSearch(f, func(o *benchSearchOptions) error { got = o; return nil }), "--queries", "5", "--format", "json")
		if got.Queries != 5 || got.Orgs != 131 || got.MinPages != 70 || got.Format != formatJSON {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("real run when runF is nil", func(t *testing.T) {
		c := newCmdSampleList(f, nil)
		c.SetArgs(nil)
		c.SetOut(&bytes.Buffer{})
		c.SetErr(&bytes.Buffer{})
		if err := c.Execute(); err == nil || err.Error() != "no store" {
			t.Errorf("got %v, want the factory's store error", err)
		}
	})
}

// TestRunF3WithOptions calls the runs with options made here: the store
// comes from the options' Store function, output goes to their streams.
func TestRunF3WithOptions(t *testing.T) {
	te := newTestEnv(t)
	var out, errOut bytes.Buffer
	opened := 0
	rio := runIO{
		IO:     &IOStreams{Out: &out, Err: &errOut},
		Getenv: func(string) string { return "" },
		Getwd:  func() (string, error) { return te.dir, nil },
		Abs:    (&Env{Getwd: func() (string, error) { return te.dir, nil }}).Abs,
		Store: func() (*project.Project, *store.Store, error) {
			opened++
			p := &project.Project{Dir: te.dir}
			s, err := p.Open()
			return p, s, err
		},
		Ctx: t.Context(),
	}
	plan := filepath.Join(te.dir, "a-beleidsplan-2021-2025.md")
	if err := os.WriteFile(plan, []byte("# Plan\n\n## Financiën\n\nDe financiën blijven gezond.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(te.dir, "ratings.csv")
	if err := os.WriteFile(data, []byte("unit,coder,value\nu1,ann,a\nu1,bob,a\nu2,ann,b\nu2,bob,b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		run   func() error
		opens int
		want  []string
	}{
		{"ingest", func() error {
			return runIngest(&ingestOptions{runIO: rio, Paths: []string{plan}, Jobs: 1, Format: formatCSV, OCR: "auto"})
		}, 1, []string{"status,doc,pages,fragments,file\n", "added,a-beleidsplan-2021-2025,"}},
		{"sample create", func() error {
			return runSampleCreate(&sampleCreateOptions{runIO: rio, Sample: coding.SampleOptions{Name: "s1", DocIDs: []string{"a-beleidsplan-2021-2025"}, Coders: []string{"ann", "bob"}, Seed: 1}})
		}, 1, []string{"sample s1: 1 documents", "coders ann, bob"}},
		{"sample list", func() error { return runSampleList(&sampleListOptions{runIO: rio}) }, 1, []string{"s1"}},
		{"sample show", func() error { return runSampleShow(&sampleShowOptions{runIO: rio, Name: "s1"}) }, 1, []string{"sample s1 (seed 1)", "ann"}},
		{"disagreements json", func() error {
			return runDisagreements(&disagreementsOptions{runIO: rio, Sample: "s1", Format: formatJSON})
		}, 1, []string{"[]"}},
		{"reconcile", func() error { return runReconcile(&reconcileOptions{runIO: rio, Sample: "s1"}) }, 1, []string{"no disagreements to reconcile"}},
		{"agree data without a store", func() error {
			return runAgree(&agreeOptions{runIO: rio, Data: data, Level: "nominal", Format: formatCSV})
		}, 0, []string{"percent_agreement,1.000", "coders,2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out.Reset()
			errOut.Reset()
			before := opened
			if err := tt.run(); err != nil {
				t.Fatalf("%v: %s", err, errOut.String())
			}
			got := out.String() + errOut.String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			if opened-before != tt.opens {
				t.Errorf("store opened %d times, want %d", opened-before, tt.opens)
			}
		})
	}
}

// TestAgreeDataRelativeToWorkingDir: --data names a file relative to the
// run's working directory (Getwd, as Abs resolves it), not the process's;
// an error still names the file as given.
func TestAgreeDataRelativeToWorkingDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ratings.csv"), []byte("unit,coder,value\nu1,ann,a\nu1,bob,a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rio := runIO{
		IO:     &IOStreams{Out: &out, Err: &bytes.Buffer{}},
		Getenv: func(string) string { return "" },
		Getwd:  func() (string, error) { return dir, nil },
		Abs:    func(p string) (string, error) { return filepath.Join(dir, p), nil },
	}
	if err := runAgree(&agreeOptions{runIO: rio, Data: "ratings.csv", Level: "nominal", Format: formatCSV}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "units,1") {
		t.Errorf("output:\n%s", out.String())
	}
	err := runAgree(&agreeOptions{runIO: rio, Data: "missing.csv", Level: "nominal", Format: formatCSV})
	if err == nil || err.Error() != "open missing.csv: no such file or directory" {
		t.Errorf("got %v, want the file named as given", err)
	}
}
