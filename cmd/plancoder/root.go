package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/plancoder/plancoder/arg"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit statuses (documented in `plancoder --help`).
const (
	exitOK     = 0
	exitError  = 1
	exitUsage  = 2
	exitLocked = 3
)

// IOStreams carries the process's input and output so tests can swap them.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	ErrTTY bool // stderr is a terminal: progress bars are drawn
	OutTTY bool // stdout is a terminal: tables are fitted and coloured
	Width  int  // terminal width, 0 when unknown
}

// Env is what every command needs from its surroundings.
type Env struct {
	IO      *IOStreams
	Getenv  func(string) string
	Getwd   func() (string, error)
	Project string // --project
}

// FindProject locates the project for a command.
func (e *Env) FindProject() (*project.Project, error) {
	wd, err := e.Getwd()
	if err != nil {
		return nil, err
	}
	p, err := project.Find(e.Project, e.Getenv(project.EnvVar), wd)
	if err != nil {
		return nil, err
	}
	p.Warn = func(msg string) { fmt.Fprintf(e.IO.Err, "plancoder: %s\n", msg) }
	return p, nil
}

// Abs resolves a path given on the command line against the working
// directory of the command (which tests set).
func (e *Env) Abs(path string) (string, error) {
	if filepath.IsAbs(path) {
		return path, nil
	}
	wd, err := e.Getwd()
	if err != nil {
		return "", err
	}
	return filepath.Join(wd, path), nil
}

// OpenStore finds the project and opens its store.
func (e *Env) OpenStore() (*project.Project, *store.Store, error) {
	p, err := e.FindProject()
	if err != nil {
		return nil, nil, err
	}
	s, err := p.Open()
	if err != nil {
		return nil, nil, err
	}
	return p, s, nil
}

// usageError marks errors in how a command was called.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

// silentError is an error already reported to the user (e.g. per-file
// failures in an ingest summary); only the exit status is left to set.
type silentError struct{}

func (silentError) Error() string { return "failed" }

// Main runs plancoder with the process's arguments and streams.
func Main() int {
	ioStreams := &IOStreams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}
	ioStreams.ErrTTY = term.IsTerminal(int(os.Stderr.Fd()))
	ioStreams.OutTTY = term.IsTerminal(int(os.Stdout.Fd()))
	if ioStreams.OutTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			ioStreams.Width = w
		}
	}
	// Third-party parsers (pdfcpu, later Bleve's persister) log through the
	// standard logger; keep stderr for plancoder's own messages.
	if os.Getenv("PLANCODER_DEBUG") == "" {
		log.SetOutput(io.Discard)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env := &Env{IO: ioStreams, Getenv: os.Getenv, Getwd: os.Getwd}
	return Run(ctx, env, os.Args[1:])
}

// Run executes one command line and returns the exit status.
func Run(ctx context.Context, env *Env, args []string) int {
	root := NewRootCmd(env)
	root.SetArgs(args)
	root.SetIn(env.IO.In)
	root.SetOut(env.IO.Out)
	root.SetErr(env.IO.Err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var silent silentError
	if errors.As(err, &silent) {
		return exitError
	}
	var ae *arg.Error
	if errors.As(err, &ae) {
		// A library names its argument; the user typed the flag.
		if c, _, ferr := root.Find(args); ferr == nil && c.Flags().Lookup(ae.Name) != nil {
			err = fmt.Errorf("%s", strings.Replace(err.Error(), ae.Error(), "--"+ae.Error(), 1))
		}
		err = usageError{err}
	}
	fmt.Fprintf(env.IO.Err, "plancoder: %s\n", err)
	var ue usageError
	switch {
	case errors.As(err, &ue), isCobraUsage(err):
		fmt.Fprintf(env.IO.Err, "run 'plancoder --help' for usage\n")
		return exitUsage
	case errors.Is(err, project.ErrBusy):
		return exitLocked
	}
	return exitError
}

// isCobraUsage recognises cobra's own argument and flag errors.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "flag needs an argument", "invalid argument", "requires exactly"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// NewRootCmd builds the command tree.
func NewRootCmd(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "plancoder",
		Short: "Qualitative analysis of policy plans: ingest, code, compare",
		Long: `plancoder helps a research team read and code policy plans and progress
reports of many organisations: ingest PDF, text, Markdown, HTML and DOCX files,
split them into fragments, code the fragments against a codebook of themes,
check inter-coder reliability, and compare themes across plans.

A project is a folder with plancoder.db. Commands find it like git finds a
repository: --project DIR, else $PLANCODER_PROJECT, else the working directory
or the nearest parent that holds plancoder.db.

EXIT STATUS
  0  success
  1  an error, or some files of a batch failed
  2  wrong usage (unknown command or flag, bad arguments)
  3  the project is in use by another plancoder process`,
		Example: `  plancoder demo /tmp/demo        # a project with a synthetic corpus
  plancoder init myproject && cd myproject
  plancoder ingest ~/plans --jobs 4
  plancoder docs
  plancoder read socius-beleidsplan-2021-2025 --limit 10`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVarP(&env.Project, "project", "C", "", "project folder (default: $PLANCODER_PROJECT, else search upwards from here)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newInitCmd(env),
		newIngestCmd(env),
		newDocsCmd(env),
		newReadCmd(env),
		newOrgsCmd(env),
		newDemoCmd(env),
		newBenchCmd(env),
		newSearchCmd(env),
		newAnalyzeCmd(env),
		newReindexCmd(env),
		newCheckCmd(env),
		newOrphansCmd(env),
		newCodebookCmd(env),
		newImportCmd(env),
		newBundleCmd(env),
		newCodeCmd(env),
		newMemoCmd(env),
		newProgressCmd(env),
		newSampleCmd(env),
		newAgreeCmd(env),
		newDisagreementsCmd(env),
		newReconcileCmd(env),
		newThemeCmd(env),
		newMatrixCmd(env),
		newCooccurCmd(env),
		newTrendCmd(env),
		newTermsCmd(env),
		newKWICCmd(env),
		newExportCmd(env),
		newReportCmd(env),
	)
	return root
}
