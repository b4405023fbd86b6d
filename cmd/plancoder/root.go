package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/plancoder/plancoder/arg"
	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/interop"
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
	ErrTTY bool // stderr is a terminal and $NO_PROGRESS unset: progress bars are drawn
	OutTTY bool // stdout is a terminal: tables are fitted and coloured
	// NoColor is $NO_COLOR set: no colour even on a terminal.
	NoColor bool
	Width   int // terminal width, 0 when unknown
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
	env := e.Getenv(project.EnvVar)
	p, err := project.Find(e.Project, env, wd)
	if errors.Is(err, project.ErrNoProject) {
		switch {
		case e.Project != "":
			err = fmt.Errorf("%w (from --project); create one with 'plancoder init %s'", err, e.Project)
		case env != "":
			err = fmt.Errorf("%w (from $%s); create one with 'plancoder init %s'", err, project.EnvVar, env)
		default:
			err = fmt.Errorf("%w; create one with 'plancoder init DIR', or point at one with --project DIR or $%s", err, project.EnvVar)
		}
	}
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
	// The environment is read here once; commands see its effect on the
	// streams (and their injected Getenv), not the process's variables.
	ioStreams.ErrTTY = term.IsTerminal(int(os.Stderr.Fd())) && os.Getenv("NO_PROGRESS") == ""
	ioStreams.NoColor = os.Getenv("NO_COLOR") != ""
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
	c, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	var silent silentError
	if errors.As(err, &silent) {
		return exitError
	}
	status, err := explain(c, err)
	fmt.Fprintf(env.IO.Err, "plancoder: %s\n", err)
	if status == exitUsage {
		fmt.Fprintf(env.IO.Err, "run 'plancoder --help' for usage\n")
	}
	return status
}

// hints are what a user can do about an error a library reports in its
// own terms, and the exit status it gives: the one place where library
// errors meet flag names, environment variables and commands.
var hints = []struct {
	err    error
	status int
	hint   string
}{
	{coding.ErrNoCoder, exitUsage, "give --coder NAME or set $PLANCODER_CODER"},
	{coding.ErrEmptyCodebook, exitError, "import one with 'plancoder codebook import FILE' (or 'plancoder codebook import --example')"},
	{interop.ErrMissingSources, exitError, "import the rest with --skip-missing"},
	{project.ErrBusy, exitLocked, ""},
}

// explain words err for the user of command c and gives its exit status.
// Usage errors are recognised by type, never by their words: cobra's flag
// errors come through SetFlagErrorFunc, its argument-count errors through
// the Args validators that typedUsage wraps, and a library's through
// arg.Error, whose argument is named as the command's flag.
func explain(c *cobra.Command, err error) (int, error) {
	var ae *arg.Error
	if errors.As(err, &ae) {
		if c != nil {
			named := *ae
			named.Name = flagName(c, ae.Name)
			named.Or = nil
			for _, o := range ae.Or {
				named.Or = append(named.Or, flagName(c, o))
			}
			err = errors.New(strings.Replace(err.Error(), ae.Error(), named.Error(), 1))
		}
		return exitUsage, err
	}
	for _, h := range hints {
		if errors.Is(err, h.err) {
			if h.hint != "" {
				err = fmt.Errorf("%w: %s", err, h.hint)
			}
			return h.status, err
		}
	}
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage, err
	}
	return exitError, err
}

// flagName is how the user of c gives a library's argument: --name when c
// has that flag, else the library's own word.
func flagName(c *cobra.Command, name string) string {
	if c.Flags().Lookup(name) != nil {
		return "--" + name
	}
	return name
}

// typedUsage makes every argument error cobra can report a usageError: it
// wraps each command's Args validator, and gives each command group an
// Args validator and a RunE (help) so that cobra checks its arguments
// instead of showing help for an unknown subcommand. Cobra's default help
// and completion commands are added first so they are wrapped too.
//
// Cobra's Find reports an unknown command of a command without an Args
// validator (legacyArgs) with no hook; every command here has one after
// typedUsage, so no error is left to recognise by its words.
func typedUsage(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	// A group runs only to show its help: its usage keeps no "[flags]" line.
	root.SetUsageTemplate(strings.Replace(root.UsageTemplate(), "{{if .Runnable}}",
		`{{if and .Runnable (not (index .Annotations "`+groupAnnotation+`"))}}`, 1))
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.HasSubCommands() && !c.Runnable() {
			c.RunE = func(c *cobra.Command, args []string) error { return c.Help() }
			if c.Annotations == nil {
				c.Annotations = map[string]string{}
			}
			c.Annotations[groupAnnotation] = "true"
		}
		validate := c.Args
		if validate == nil && c.HasSubCommands() {
			validate = unknownCommand
		}
		if validate != nil {
			c.Args = func(c *cobra.Command, args []string) error {
				if err := validate(c, args); err != nil {
					return usageError{err}
				}
				return nil
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// groupAnnotation marks a command group that typedUsage made runnable.
const groupAnnotation = "plancoder-group"

// unknownCommand is the Args validator of a command group: it takes no
// arguments, and suggests a subcommand for a misspelt one.
func unknownCommand(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2 // cobra's default, set only when it suggests itself
	}
	if s := c.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return errors.New(msg)
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
	f := NewFactory(env)
	root.AddCommand(
		newCmdInit(f, nil),
		newCmdIngest(f, nil),
		newCmdDocs(f, nil),
		newCmdRead(f, nil),
		newCmdOrgs(f),
		newCmdDemo(f, nil),
		newCmdBench(f),
		newCmdSearch(f, nil),
		newCmdAnalyze(f, nil),
		newCmdReindex(f, nil),
		newCmdCheck(f, nil),
		newCmdOrphans(f, nil),
		newCodebookCmd(f),
		newCmdImport(f, nil),
		newBundleCmd(f),
		newCodeCmd(f),
		newMemoCmd(f),
		newCmdProgress(f, nil),
		newCmdSample(f),
		newCmdAgree(f, nil),
		newCmdDisagreements(f, nil),
		newCmdReconcile(f, nil),
		newCmdTheme(f, nil),
		newCmdMatrix(f, nil),
		newCmdCooccur(f, nil),
		newCmdTrend(f, nil),
		newCmdTerms(f, nil),
		newCmdKWIC(f, nil),
		newCmdExport(f, nil),
		newCmdReport(f, nil),
		newCmdServe(f, nil),
		newUsersCmd(f),
	)
	typedUsage(root)
	return root
}
