package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/analysis"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/report"
	"github.com/plancoder/plancoder/store"
)

// codedProject is a project with two plans, the example codebook and three
// codings of FIN, made through the CLI.
func codedProject(t *testing.T) *testEnv {
	t.Helper()
	te := newTestEnv(t)
	plans := filepath.Join(te.dir, "plans")
	files := map[string]string{
		"a-beleidsplan-2021-2025.md": "# Plan\n\n## Zakelijk deel\n\n### Financiën\n\nDe financiën blijven gezond dankzij de subsidie.\n",
		"b-beleidsplan-2021-2025.md": "# Plan\n\n## Zakelijk deel\n\n### Financiën\n\nEen gezonde begroting met eigen inkomsten en financiën op orde.\n",
	}
	if err := os.MkdirAll(plans, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(plans, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{
		{"ingest", plans},
		{"codebook", "import", "--example"},
		{"code", "add", "a-beleidsplan-2021-2025/0004", "b-beleidsplan-2021-2025/0004", "--codes", "FIN", "--coder", "ann"},
	} {
		if code := te.run(args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, te.err.String())
		}
	}
	return te
}

// TestRunWithOptions calls the run functions with options made here, not
// through the command line: the store comes from the options' Store
// function, the output goes to the options' streams.
func TestRunWithOptions(t *testing.T) {
	te := codedProject(t)
	var out, errOut bytes.Buffer
	opened := 0
	aio := analysisIO{
		IO:  &IOStreams{Out: &out, Err: &errOut},
		Abs: func(p string) (string, error) { return filepath.Join(te.dir, p), nil },
		Store: func() (*project.Project, *store.Store, error) {
			opened++
			p := &project.Project{Dir: te.dir}
			s, err := p.Open()
			return p, s, err
		},
	}
	tests := []runCase{
		{"theme", func() error {
			return runTheme(&themeOptions{analysisIO: aio, Flags: AnalysisFlags{Format: formatTable}, Key: "FIN", Quotes: 1})
		}, []string{"2 fragments in 2 of 2 documents", "none yet: plancoder memo add --on code:FIN"}},
		{"matrix csv", func() error {
			return runMatrix(&matrixOptions{analysisIO: aio, Flags: AnalysisFlags{Format: formatCSV}, Rows: "type", Cols: "FIN", Measure: "fragments"})
		}, []string{"type,FIN,total\n", "total,2,2\n"}},
		{"trend json", func() error {
			return runTrend(&trendOptions{analysisIO: aio, Flags: AnalysisFlags{Format: formatJSON}, Key: "FIN", By: "period"})
		}, []string{`"2021-2025"`}},
		{"kwic", func() error {
			return runKWIC(&kwicOptions{analysisIO: aio, Flags: AnalysisFlags{Format: formatCSV, Codes: "FIN"}, Term: "financien", Width: 10})
		}, []string{"financiën", "a-beleidsplan-2021-2025/0004"}},
		{"report with a fixed clock", func() error {
			return runReport(&reportOptions{analysisIO: aio, Flags: AnalysisFlags{Format: formatTable, Out: "r.html"},
				Report: report0(), Now: func() time.Time { return time.Date(2026, 3, 4, 5, 6, 0, 0, time.UTC) }})
		}, []string{"wrote r.html"}},
	}
	checkRuns(t, tests, &out, &errOut, &opened)
	html, err := os.ReadFile(filepath.Join(te.dir, "r.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(html, []byte("2026-03-04 05:06")) {
		t.Error("report does not carry the options' clock")
	}
}

func report0() report.Options { return report.Options{Quotes: 6} }

// TestRunChecksBeforeOpening: a bad option is refused before the store is
// opened.
func TestRunChecksBeforeOpening(t *testing.T) {
	aio := analysisIO{IO: &IOStreams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}},
		Store: func() (*project.Project, *store.Store, error) {
			t.Fatal("store opened")
			return nil, nil, nil
		}}
	err := runKWIC(&kwicOptions{analysisIO: aio, Flags: AnalysisFlags{Format: formatTable}, Term: "x", Width: -5})
	var ue usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "--width -5") {
		t.Errorf("got %v, want a usage error naming --width", err)
	}
}

// TestNewCmdParsesOnly checks the flag parsing of each converted command
// through runF: the options it fills, with no project at all (the store
// would fail to open: the working directory has none).
func TestNewCmdParsesOnly(t *testing.T) {
	noStore := errors.New("no store")
	f := NewFactory(&Env{
		IO:     &IOStreams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}},
		Getenv: func(string) string { return "" },
		Getwd:  func() (string, error) { return t.TempDir(), nil },
	})
	f.Store = func() (*project.Project, *store.Store, error) { return nil, nil, noStore }
	run := func(t *testing.T, c interface {
		SetArgs([]string)
		Execute() error
	}, args ...string) {
		t.Helper()
		c.SetArgs(args)
		if err := c.Execute(); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}

	t.Run("theme", func(t *testing.T) {
		var got *themeOptions
		run(t, newCmdTheme(f, func(o *themeOptions) error { got = o; return nil }),
			"VRIJW", "--quotes", "3", "--org", "Vorming Plus", "--attr", "region=Limburg", "--year", "2022", "--format", "json", "-o", "t.json")
		want := AnalysisFlags{Filters: analysis.Filters{Org: "Vorming Plus", Attrs: []string{"region=Limburg"}, Year: 2022}, Format: formatJSON, Out: "t.json"}
		if got.Key != "VRIJW" || got.Quotes != 3 || !reflect.DeepEqual(got.Flags, want) {
			t.Errorf("got %+v %+v", got.Key, got.Flags)
		}
	})
	t.Run("matrix defaults", func(t *testing.T) {
		var got *matrixOptions
		run(t, newCmdMatrix(f, func(o *matrixOptions) error { got = o; return nil }))
		if got.Rows != "org" || got.Cols != "" || got.Measure != "fragments" || got.Flags.Format != formatTable {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("cooccur", func(t *testing.T) {
		var got *cooccurOptions
		run(t, newCmdCooccur(f, func(o *cooccurOptions) error { got = o; return nil }), "--unit", "section", "--code", "A,B")
		if got.Unit != "section" || got.Flags.Codes != "A,B" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("trend", func(t *testing.T) {
		var got *trendOptions
		run(t, newCmdTrend(f, func(o *trendOptions) error { got = o; return nil }), "DIGI", "--by", "period")
		if got.Key != "DIGI" || got.By != "period" {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("terms", func(t *testing.T) {
		var got *termsOptions
		run(t, newCmdTerms(f, func(o *termsOptions) error { got = o; return nil }), "VRIJW", "--vs", "code:PERS", "--limit", "5")
		if got.Key != "VRIJW" || got.Vs != "code:PERS" || got.Limit != 5 {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("kwic", func(t *testing.T) {
		var got *kwicOptions
		run(t, newCmdKWIC(f, func(o *kwicOptions) error { got = o; return nil }), "transitie", "--sort", "right", "--width", "-5")
		if got.Term != "transitie" || got.Sort != "right" || got.Width != -5 {
			t.Errorf("got %+v (parsing keeps a bad width for the run to refuse)", got)
		}
	})
	t.Run("export defaults", func(t *testing.T) {
		var got *exportOptions
		run(t, newCmdExport(f, func(o *exportOptions) error { got = o; return nil }))
		if got.What != "fragments" || got.Flags.Format != "csv" || got.Rows != "org" || got.Ctx == nil {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("report", func(t *testing.T) {
		var got *reportOptions
		run(t, newCmdReport(f, func(o *reportOptions) error { got = o; return nil }), "--out", "r.html", "--codes", "FIN,PERS", "--title", "T", "--sample", "s1")
		if got.Flags.Out != "r.html" || got.Codes != "FIN,PERS" || got.Report.Title != "T" || got.Report.Sample != "s1" || got.Report.Quotes != 6 || got.Now == nil {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("real run when runF is nil", func(t *testing.T) {
		c := newCmdMatrix(f, nil)
		c.SetArgs(nil)
		if err := c.Execute(); !errors.Is(err, noStore) {
			t.Errorf("got %v, want the factory's store error", err)
		}
	})
}

// runCase is a run function called with options, and words its output
// must hold.
type runCase struct {
	name string
	run  func() error
	want []string
}

// checkRuns runs each case with out and errOut cleared, checks its output,
// and checks that the store was opened once per run.
func checkRuns(t *testing.T, tests []runCase, out, errOut *bytes.Buffer, opened *int) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out.Reset()
			errOut.Reset()
			if err := tt.run(); err != nil {
				t.Fatal(err)
			}
			got := out.String() + errOut.String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
		})
	}
	if *opened != len(tests) {
		t.Errorf("store opened %d times, want once per run (%d)", *opened, len(tests))
	}
}
