package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

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
		if got.Dir != "plancoder-demo" || got.Orgs != 12 || got.Seed != 1 {
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
		Abs:    func(p string) (string, error) { return filepath.Join(te.dir, p), nil },
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
	tests := []struct {
		name  string
		run   func() error
		opens int
		want  []string
	}{
		{"ingest", func() error {
			return runIngest(&ingestOptions{runIO: rio, Paths: []string{plan}, Jobs: 1, Format: formatCSV, OCR: "auto"})
		}, 1, []string{"status,doc,pages,fragments,file\n", "added,a-beleidsplan-2021-2025,"}},
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
