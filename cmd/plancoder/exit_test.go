package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/arg"
	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/interop"
	"github.com/plancoder/plancoder/project"
	"github.com/spf13/cobra"
)

// exitCase is one command's calls for TestExitStatuses.
type exitCase struct {
	cmd       string   // the command path after "plancoder"
	ok        []string // a call the command takes (run only after a bad flag, or outside a project)
	bad       []string // a call with a bad or missing argument: exit 2
	fail      []string // a well-formed call that fails in the test project (unknown document...): exit 1
	noProject bool     // the command works outside a project
}

// exitCases cover every command; TestExitStatuses fails on a command that
// has none, so a new command needs its line here.
var exitCases = []exitCase{
	{cmd: "agree", ok: []string{"--sample", "s1"}, bad: []string{}, fail: []string{"--sample", "nosuch"}},
	{cmd: "analyze", ok: []string{"vrijwilligers"}, bad: []string{}, noProject: true},
	{cmd: "bench", ok: []string{}, bad: []string{"bogus"}, noProject: true},
	{cmd: "bench extract", ok: []string{}, bad: []string{"a", "b"}, noProject: true},
	{cmd: "bench ingest", ok: []string{}, bad: []string{"x"}, noProject: true},
	{cmd: "bench search", ok: []string{}, bad: []string{"x"}, noProject: true},
	{cmd: "bench serve", ok: []string{}, bad: []string{"--coders", "0"}, noProject: true},
	{cmd: "bundle", ok: []string{}, bad: []string{"bogus"}, noProject: true},
	{cmd: "bundle export", ok: []string{"--coder", "ann", "--out", "b.json"}, bad: []string{}},
	{cmd: "bundle merge", ok: []string{"b.json"}, bad: []string{}, fail: []string{"nosuch.json"}},
	{cmd: "check", ok: []string{}, bad: []string{"x"}},
	{cmd: "code", ok: []string{"--doc", "x-plan-2021-2025", "--plain"}, bad: []string{"x"}, fail: []string{"--doc", "nosuch", "--plain"}},
	{cmd: "code add", ok: []string{"x-plan-2021-2025/0001", "--codes", "FIN"}, bad: []string{"x-plan-2021-2025/0001"}, fail: []string{"nosuch/0001", "--codes", "FIN"}},
	{cmd: "code apply", ok: []string{"--query", "plan", "--codes", "FIN"}, bad: []string{}},
	{cmd: "code list", ok: []string{}, bad: []string{"x"}},
	{cmd: "code remove", ok: []string{"x-plan-2021-2025/0001", "--codes", "FIN"}, bad: []string{"x-plan-2021-2025/0001"}},
	{cmd: "codebook", ok: []string{}, bad: []string{"bogus"}, noProject: true},
	{cmd: "codebook add", ok: []string{"K", "--name", "N"}, bad: []string{}},
	{cmd: "codebook edit", ok: []string{"FIN", "--name", "N"}, bad: []string{}, fail: []string{"NOSUCH", "--name", "N"}},
	{cmd: "codebook export", ok: []string{}, bad: []string{"--format", "xml"}},
	{cmd: "codebook import", ok: []string{"--example"}, bad: []string{}, fail: []string{"nosuch.yaml"}},
	{cmd: "codebook merge", ok: []string{"FIN", "VRIJ"}, bad: []string{"FIN"}, fail: []string{"NOSUCH", "FIN"}},
	{cmd: "codebook remove", ok: []string{"FIN"}, bad: []string{}, fail: []string{"NOSUCH"}},
	{cmd: "codebook rename", ok: []string{"FIN", "GELD"}, bad: []string{"FIN"}, fail: []string{"NOSUCH", "NIEUW"}},
	{cmd: "codebook show", ok: []string{}, bad: []string{"a", "b"}, fail: []string{"NOSUCH"}},
	{cmd: "cooccur", ok: []string{}, bad: []string{"--unit", "page"}},
	{cmd: "demo", ok: []string{"demo"}, bad: []string{"--orgs", "0", "demo"}, noProject: true},
	{cmd: "disagreements", ok: []string{"--sample", "s1"}, bad: []string{}, fail: []string{"--sample", "nosuch"}},
	{cmd: "docs", ok: []string{}, bad: []string{"--format", "yaml"}},
	{cmd: "docs edit", ok: []string{"x-plan-2021-2025", "--title", "T"}, bad: []string{"x-plan-2021-2025"}, fail: []string{"nosuch", "--title", "T"}},
	{cmd: "docs remove", ok: []string{"x-plan-2021-2025"}, bad: []string{}, fail: []string{"nosuch"}},
	{cmd: "docs show", ok: []string{"x-plan-2021-2025"}, bad: []string{}, fail: []string{"nosuch"}},
	{cmd: "export", ok: []string{"--what", "fragments", "--format", "csv"}, bad: []string{"--what", "nothing", "--format", "csv"}},
	{cmd: "import", ok: []string{"p.qdpx", "newdir"}, bad: []string{"p.qdpx"}, fail: []string{"nosuch.qdpx", "newdir"}, noProject: true},
	{cmd: "ingest", ok: []string{"x.md"}, bad: []string{}, fail: []string{"nosuch.md"}},
	{cmd: "init", ok: []string{"newdir"}, bad: []string{"a", "b"}, fail: []string{"."}, noProject: true},
	{cmd: "kwic", ok: []string{"plan"}, bad: []string{}},
	{cmd: "matrix", ok: []string{"--rows", "org"}, bad: []string{"--rows", "colour"}},
	{cmd: "matrix", ok: []string{"--rows", "org"}, bad: []string{"--measure", "weight"}},
	{cmd: "memo", ok: []string{}, bad: []string{"bogus"}, noProject: true},
	{cmd: "memo add", ok: []string{"tekst"}, bad: []string{}, fail: []string{"tekst", "--on", "doc:nosuch"}},
	{cmd: "memo edit", ok: []string{"1", "tekst"}, bad: []string{"een", "tekst"}, fail: []string{"99", "tekst"}},
	{cmd: "memo list", ok: []string{}, bad: []string{"x"}},
	{cmd: "memo remove", ok: []string{"1"}, bad: []string{}, fail: []string{"99"}},
	{cmd: "memo show", ok: []string{"1"}, bad: []string{}, fail: []string{"99"}},
	{cmd: "orgs", ok: []string{}, bad: []string{"bogus"}, noProject: true},
	{cmd: "orgs edit", ok: []string{"x", "--name", "N"}, bad: []string{"x"}, fail: []string{"nosuch", "--name", "N"}},
	{cmd: "orgs import", ok: []string{"orgs.csv"}, bad: []string{}, fail: []string{"nosuch.csv"}},
	{cmd: "orgs list", ok: []string{}, bad: []string{"x"}},
	{cmd: "orphans", ok: []string{}, bad: []string{"x"}},
	{cmd: "orphans attach", ok: []string{"1", "x-plan-2021-2025/0001"}, bad: []string{"een", "x-plan-2021-2025/0001"}, fail: []string{"99", "x-plan-2021-2025/0001"}},
	{cmd: "orphans drop", ok: []string{"1"}, bad: []string{}, fail: []string{"99"}},
	{cmd: "progress", ok: []string{}, bad: []string{"x"}},
	{cmd: "read", ok: []string{"x-plan-2021-2025"}, bad: []string{}, fail: []string{"nosuch"}},
	{cmd: "reconcile", ok: []string{"--sample", "s1"}, bad: []string{}, fail: []string{"--sample", "nosuch"}},
	{cmd: "reindex", ok: []string{}, bad: []string{"x"}},
	{cmd: "report", ok: []string{"--out", "r.html"}, bad: []string{"--out", "r.html", "--format", "csv"}}, // HTML only (issue 15)
	{cmd: "sample", ok: []string{}, bad: []string{"bogus"}, noProject: true},
	{cmd: "sample create", ok: []string{"s1", "--docs", "1", "--coders", "a,b"}, bad: []string{"s1", "--coders", "a,b"}, fail: []string{"s1", "--doc", "nosuch", "--coders", "a,b"}},
	{cmd: "sample list", ok: []string{}, bad: []string{"x"}},
	{cmd: "sample show", ok: []string{"s1"}, bad: []string{}, fail: []string{"nosuch"}},
	{cmd: "serve", ok: []string{}, bad: []string{"x"}, fail: []string{"--addr", "127.0.0.1:0"}},
	{cmd: "users", ok: []string{}, bad: []string{"bogus"}, noProject: true},
	{cmd: "users add", ok: []string{"zed", "--role", "coder", "--password-stdin"}, bad: []string{"zed"}},
	{cmd: "users passwd", ok: []string{"ann", "--password-stdin"}, bad: []string{}, fail: []string{"nosuch", "--password-stdin"}},
	{cmd: "users list", ok: []string{}, bad: []string{"x"}},
	{cmd: "users role", ok: []string{"ann", "--role", "admin"}, bad: []string{"ann"}, fail: []string{"nosuch", "--role", "coder"}},
	{cmd: "users remove", ok: []string{"ann"}, bad: []string{}, fail: []string{"nosuch"}},
	{cmd: "search", ok: []string{"plan"}, bad: []string{"plan", "extra"}},
	{cmd: "terms", ok: []string{"FIN"}, bad: []string{}, fail: []string{"NOSUCH"}},
	{cmd: "theme", ok: []string{"FIN"}, bad: []string{}, fail: []string{"NOSUCH"}},
	{cmd: "trend", ok: []string{"FIN", "--by", "year"}, bad: []string{"FIN", "--by", "month"}, fail: []string{"NOSUCH", "--by", "year"}},
}

// TestExitStatuses checks the exit statuses README promises, for every
// command: a bad flag or argument exits 2 (usage), a call that fails at
// run time exits 1: outside a project, or on an unknown document, code,
// sample or file.
func TestExitStatuses(t *testing.T) {
	te := newTestEnv(t)
	if err := os.WriteFile(filepath.Join(te.dir, "x.md"), []byte("# Plan\n\nEen alinea over het plan.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"ingest", filepath.Join(te.dir, "x.md"), "--id", "x-plan-2021-2025"},
		{"codebook", "import", "--example"},
	} {
		if code := te.run(args...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, te.err.String())
		}
	}
	outside := &testEnv{t: t, dir: t.TempDir()}

	covered := map[string]bool{}
	for _, tc := range exitCases {
		covered[tc.cmd] = true
		path := strings.Fields(tc.cmd)
		call := func(args []string) []string { return append(append([]string{}, path...), args...) }
		check := func(te *testEnv, args []string, want int, what string) {
			t.Helper()
			if code := te.run(args...); code != want {
				t.Errorf("%s: plancoder %s: exit %d, want %d; stderr %q", what, strings.Join(args, " "), code, want, te.err.String())
			}
		}
		check(te, call(append(tc.ok, "--no-such-flag")), exitUsage, "bad flag")
		check(te, call(tc.bad), exitUsage, "bad argument")
		if !tc.noProject {
			check(outside, call(tc.ok), exitError, "no project")
		}
		if tc.fail != nil {
			check(te, call(tc.fail), exitError, "fails at run time")
		}
	}

	var missing []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if name := sub.CommandPath(); !covered[strings.TrimPrefix(name, "plancoder ")] && !cobraOwn(sub) {
				missing = append(missing, name)
			}
			walk(sub)
		}
	}
	walk(NewRootCmd(&Env{}))
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("commands without exit cases: %s", strings.Join(missing, ", "))
	}
}

// cobraOwn tells cobra's help and completion commands, which cobra checks.
func cobraOwn(c *cobra.Command) bool {
	for ; c.HasParent(); c = c.Parent() {
		if c.Parent() == c.Root() && (c.Name() == "help" || c.Name() == "completion") {
			return true
		}
	}
	return false
}

// TestExplain: library errors get their hint, flag name and exit status in
// one place (explain), found by type, not by words.
func TestExplain(t *testing.T) {
	sample := &cobra.Command{Use: "create"}
	sample.Flags().String("docs", "", "")
	sample.Flags().String("doc", "", "")
	for _, tt := range []struct {
		name   string
		c      *cobra.Command
		err    error
		status int
		want   string
	}{
		{"no coder", sample, fmt.Errorf("start: %w", coding.ErrNoCoder), exitUsage, "start: no coder: give --coder NAME or set $PLANCODER_CODER"},
		{"empty codebook", sample, coding.ErrEmptyCodebook, exitError, "the codebook is empty: import one with 'plancoder codebook import FILE' (or 'plancoder codebook import --example')"},
		{"missing sources", sample, fmt.Errorf("p.qdpx: %w: a.txt", interop.ErrMissingSources), exitError, "p.qdpx: source files missing from the archive: a.txt: import the rest with --skip-missing"},
		{"busy", sample, fmt.Errorf("project x: %w", project.ErrBusy), exitLocked, "project x: " + project.ErrBusy.Error()},
		{"argument as flags", sample, fmt.Errorf("sample s: %w", arg.Missing("docs", "say how many", "doc")), exitUsage, "sample s: --docs or --doc: say how many"},
		{"argument without a flag", sample, arg.Bad("by", "month", "period", "year"), exitUsage, `by "month": use period or year`},
		{"usage", sample, usagef("give --sample NAME"), exitUsage, "give --sample NAME"},
		// Words alone make no usage error: only types do.
		{"words", sample, errors.New(`unknown flag: accepts 1 arg(s), received 0`), exitError, `unknown flag: accepts 1 arg(s), received 0`},
		{"other", sample, errors.New("disk full"), exitError, "disk full"},
	} {
		status, err := explain(tt.c, tt.err)
		if status != tt.status || err.Error() != tt.want {
			t.Errorf("%s: %d %q, want %d %q", tt.name, status, err, tt.status, tt.want)
		}
	}
}

// TestUsageMessages: what a user sees for a usage mistake the library
// finds names the command's flag.
func TestUsageMessages(t *testing.T) {
	te := newTestEnv(t)
	if err := os.WriteFile(filepath.Join(te.dir, "x.md"), []byte("# Plan\n\nEen alinea.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"ingest", filepath.Join(te.dir, "x.md")}, {"codebook", "import", "--example"}} {
		if code := te.run(args...); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, te.err.String())
		}
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"matrix", "--rows", "colour"}, `--rows "colour": use org, doc, type, period, year, part or attr:KEY`},
		{[]string{"matrix", "--measure", "weight"}, `--measure "weight": use fragments, documents, organisations or share`},
		{[]string{"docz"}, `unknown command "docz" for "plancoder"; did you mean docs?`},
		{[]string{"codebook", "shw"}, `unknown command "shw" for "plancoder codebook"; did you mean show?`},
		{[]string{"docs", "show"}, `accepts 1 arg(s), received 0`},
	} {
		if code := te.run(tt.args...); code != exitUsage || !strings.Contains(te.err.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, te.err.String(), exitUsage, tt.want)
		}
	}
}
