package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/search"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// coderName is the coder for coding commands: --coder, else
// $PLANCODER_CODER. Coders are named on purpose: agreement statistics
// compare them.
func coderName(getenv func(string) string, flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if c := getenv("PLANCODER_CODER"); c != "" {
		return c, nil
	}
	return "", usagef("who is coding? give --coder NAME or set $PLANCODER_CODER")
}

func splitCodes(s string) []string {
	var out []string
	for _, c := range strings.Split(s, ",") {
		if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// codingIO is what the coding commands take from the Factory.
type codingIO struct {
	IO     *IOStreams
	Getenv func(string) string
	Store  func() (*project.Project, *store.Store, error)
	// OpenIndex opens the project's search index (openIndex, search.go).
	OpenIndex func(ctx context.Context, p *project.Project, s *store.Store) (*index.Index, error)
}

func newCodingIO(f *Factory) codingIO {
	return codingIO{IO: f.IOStreams, Getenv: f.Getenv, Store: f.Store,
		OpenIndex: func(ctx context.Context, p *project.Project, s *store.Store) (*index.Index, error) {
			return openIndex(ctx, f.IOStreams, p, s)
		}}
}

// CodeOptions are the parsed arguments of `plancoder code`.
type CodeOptions struct {
	codingIO
	Ctx context.Context
	// Screen runs the coding screen (runScreen, screen.go); a test gives
	// its own.
	Screen   func(*coding.Session) error
	Coder    string
	Doc      string
	Query    string
	Uncoded  bool
	Code     string
	Sample   string
	Plain    bool
	NoResume bool
	Filters  index.Request
}

func newCodeCmd(f *Factory) *cobra.Command {
	c := newCmdCode(f, nil)
	c.AddCommand(newCmdCodeAdd(f, true, nil), newCmdCodeAdd(f, false, nil), newCmdCodeApply(f, nil), newCmdCodeList(f, nil))
	return c
}

func newCmdCode(f *Factory, runF func(*CodeOptions) error) *cobra.Command {
	opts := &CodeOptions{codingIO: newCodingIO(f), Screen: func(s *coding.Session) error { return runScreen(s, f.IOStreams) }}
	c := &cobra.Command{
		Use:   "code",
		Short: "Code fragments: the keyboard-driven coding screen, and code add/remove/apply/list",
		Long: `Open the coding screen on a queue of fragments: one fragment at a time with
its citation and section path, the previous and next fragment dimmed, and the
codebook with one-key shortcuts. Every key press is saved before it is shown
as saved; the project is held only for each action, so other commands and
other coders can work at the same time. The screen opens where you left off.

Queues: --doc DOC, --query Q (a search, with the search filters), --uncoded
(fragments you have not coded), --code KEY (review one theme); combine
--uncoded with the others. --plain reads the same commands as lines from
standard input (scripts, screen readers).

Keys: a code's shortcut toggles it; j/k or n/p move; g jumps; u undoes;
m adds a memo; / finds; ? shows the codebook definitions; q quits.`,
		Example: `  export PLANCODER_CODER=ann
  plancoder code --doc socius-beleidsplan-2021-2025
  plancoder code --query vrijwilligers --uncoded
  printf 'f\nn\nfv\nq\n' | plancoder code --doc socius-beleidsplan-2021-2025 --plain`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if runF != nil {
				return runF(opts)
			}
			return runCode(opts)
		},
	}
	fl := c.Flags()
	fl.StringVar(&opts.Coder, "coder", "", "coder name (default $PLANCODER_CODER)")
	fl.StringVar(&opts.Doc, "doc", "", "code one document, in order")
	fl.StringVar(&opts.Query, "query", "", "code the fragments a search finds")
	fl.BoolVar(&opts.Uncoded, "uncoded", false, "only fragments you have not coded")
	fl.StringVar(&opts.Code, "code", "", "review the fragments coded with this code")
	fl.StringVar(&opts.Sample, "sample", "", "code a reliability sample")
	fl.BoolVar(&opts.Plain, "plain", false, "line mode on stdin/stdout instead of the screen")
	fl.BoolVar(&opts.NoResume, "from-start", false, "start at the first fragment, not where you left off")
	fl.StringVar(&opts.Filters.Org, "org", "", "with --query: only this organisation")
	fl.StringVar(&opts.Filters.Type, "type", "", "with --query: only this document type")
	fl.StringVar(&opts.Filters.Period, "period", "", "with --query: only this period")
	fl.StringVar(&opts.Filters.Section, "section", "", "with --query: words in the section path")
	return c
}

func runCode(opts *CodeOptions) error {
	coder, err := coderName(opts.Getenv, opts.Coder)
	if err != nil {
		return err
	}
	ctx := opts.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	p, s, err := opts.Store()
	if err != nil {
		return err
	}
	warnUnknownOrg(opts.IO.Err, s, opts.Filters.Org)
	spec := search.QueueSpec{Doc: opts.Doc, Uncoded: opts.Uncoded, Code: strings.ToUpper(opts.Code), Coder: coder}
	var x *index.Index
	if opts.Query != "" || opts.Filters.Org != "" || opts.Filters.Type != "" || opts.Filters.Period != "" || opts.Filters.Section != "" {
		if err := index.ParseQuery(opts.Query); err != nil {
			s.Close()
			return err
		}
		spec.Search = true
		spec.Query = opts.Filters
		spec.Query.Query = opts.Query
		if x, err = opts.OpenIndex(ctx, p, s); err != nil {
			s.Close()
			return err
		}
	}
	var queue []string
	if opts.Sample != "" {
		sm, serr := s.Sample(opts.Sample)
		if serr != nil {
			s.Close()
			return serr
		}
		member := false
		for _, cd := range sm.Coders {
			member = member || cd == coder
		}
		if !member {
			fmt.Fprintf(opts.IO.Err, "plancoder: warning: %s is not one of the coders of sample %s (%s)\n", coder, sm.Name, strings.Join(sm.Coders, ", "))
		}
		queue = sm.Fragments
	} else {
		queue, err = search.BuildQueue(ctx, s, x, spec)
	}
	if x != nil {
		x.Close()
	}
	s.Close() // the session opens the store per action
	if err != nil {
		return err
	}
	sess, err := coding.NewSession(p.Open, coder, queue, !opts.NoResume)
	if errors.Is(err, coding.ErrEmptyQueue) {
		return fmt.Errorf("nothing to code: the queue is empty")
	}
	if err != nil {
		return err
	}
	if opts.Plain || !opts.IO.OutTTY {
		return coding.RunPlain(sess, opts.IO.In, opts.IO.Out)
	}
	sess.Busy = p.InUse
	return opts.Screen(sess)
}

// codeAddOptions are the arguments of code add and code remove.
type codeAddOptions struct {
	codingIO
	Add       bool // false: remove
	Fragments []string
	Coder     string
	Codes     string
	Memo      string
}

func newCmdCodeAdd(f *Factory, add bool, runF func(*codeAddOptions) error) *cobra.Command {
	opts := &codeAddOptions{codingIO: newCodingIO(f), Add: add}
	use, short := "add FRAGMENT...", "Code fragments with one or more codes"
	if !add {
		use, short = "remove FRAGMENT...", "Remove codes from fragments"
	}
	c := &cobra.Command{
		Use:   use,
		Short: short,
		Example: `  plancoder code add socius-beleidsplan-2021-2025/0012 --codes FIN,VRIJW
  plancoder code remove socius-beleidsplan-2021-2025/0012 --codes VRIJW`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Fragments = args
			if runF != nil {
				return runF(opts)
			}
			return runCodeAdd(opts)
		},
	}
	c.Flags().StringVar(&opts.Coder, "coder", "", "coder name (default $PLANCODER_CODER)")
	c.Flags().StringVar(&opts.Codes, "codes", "", "comma-separated code keys")
	if add {
		c.Flags().StringVar(&opts.Memo, "memo", "", "a note kept with the coding")
	}
	return c
}

func runCodeAdd(opts *codeAddOptions) error {
	add := opts.Add
	name, err := coderName(opts.Getenv, opts.Coder)
	if err != nil {
		return err
	}
	keys := splitCodes(opts.Codes)
	if len(keys) == 0 {
		return usagef("--codes: name one or more codes, e.g. --codes FIN,VRIJW")
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	failed := false
	for _, id := range opts.Fragments {
		for _, k := range keys {
			var err error
			removed := false
			if add {
				err = s.AddCodings(store.Coding{Fragment: id, Code: k, Coder: name, Memo: opts.Memo})
			} else if removed, err = s.RemoveCoding(id, name, k); err == nil && !removed {
				// Nothing removed: say why. An unknown fragment or code is
				// a mistake in the call; a coding that is not there is not.
				if err = codingTarget(s, id, k); err == nil {
					fmt.Fprintf(opts.IO.Err, "%s has no coding %s by %s: nothing to remove\n", id, k, name)
					continue
				}
			}
			if err != nil {
				fmt.Fprintf(opts.IO.Err, "plancoder: %s %s: %v\n", id, k, err)
				failed = true
				continue
			}
			sign := "+"
			if !add {
				sign = "-"
			}
			fmt.Fprintf(opts.IO.Out, "%s%s %s\n", sign, k, id)
		}
	}
	if failed {
		return silentError{}
	}
	return nil
}

// codingTarget checks that fragment id and code key exist, for a removal
// that removed nothing.
func codingTarget(s *store.Store, id, key string) error {
	if _, err := s.Fragment(id); err != nil {
		return err
	}
	return knownCodes(s, []string{key})
}

// knownCodes checks that every one of keys is in the codebook.
func knownCodes(s *store.Store, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	codes, err := s.Codes()
	if err != nil {
		return err
	}
	return store.KnownCodes(codes, keys)
}

// codeApplyOptions are the arguments of code apply.
type codeApplyOptions struct {
	codingIO
	Ctx     context.Context
	Coder   string
	Codes   string
	Query   string
	Yes     bool
	Filters index.Request
}

func newCmdCodeApply(f *Factory, runF func(*codeApplyOptions) error) *cobra.Command {
	opts := &codeApplyOptions{codingIO: newCodingIO(f)}
	c := &cobra.Command{
		Use:   "apply --query Q --codes A[,B]",
		Short: "Code every fragment a search finds (shows a preview, asks first)",
		Long: `Bulk coding from a search: shows how many fragments in how many documents and
organisations would be coded, with a sample, and asks before writing. All
codings are written in one transaction: all of them or, on an error, none;
--yes skips the question (scripts).`,
		Example: `  plancoder code apply --query '+vrijwilligersbeleid' --codes VRIJW
  plancoder code apply --query digitalisering --type plan --codes DIGI --yes`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if runF != nil {
				return runF(opts)
			}
			return runCodeApply(opts)
		},
	}
	fl := c.Flags()
	fl.StringVar(&opts.Coder, "coder", "", "coder name (default $PLANCODER_CODER)")
	fl.StringVar(&opts.Codes, "codes", "", "comma-separated code keys")
	fl.StringVar(&opts.Query, "query", "", "the search whose hits are coded")
	fl.BoolVar(&opts.Yes, "yes", false, "do not ask")
	fl.StringVar(&opts.Filters.Org, "org", "", "only this organisation")
	fl.StringVar(&opts.Filters.Type, "type", "", "only this document type")
	fl.StringVar(&opts.Filters.Period, "period", "", "only this period")
	fl.StringVar(&opts.Filters.Section, "section", "", "words in the section path")
	return c
}

func runCodeApply(opts *codeApplyOptions) error {
	q := opts.Query
	name, err := coderName(opts.Getenv, opts.Coder)
	if err != nil {
		return err
	}
	keys := splitCodes(opts.Codes)
	if len(keys) == 0 || strings.TrimSpace(q) == "" {
		return usagef("give --query Q and --codes A[,B]")
	}
	if err := index.ParseQuery(q); err != nil {
		return err
	}
	ctx := opts.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	p, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	warnUnknownOrg(opts.IO.Err, s, opts.Filters.Org)
	x, err := opts.OpenIndex(ctx, p, s)
	if err != nil {
		return err
	}
	filters := opts.Filters
	filters.Query = q
	ids, err := search.BuildQueue(ctx, s, x, search.QueueSpec{Search: true, Query: filters})
	x.Close()
	if err != nil {
		return err
	}
	pv, err := coding.PreviewApply(s, name, ids, keys)
	if err != nil {
		return err
	}
	w := opts.IO.Err
	fmt.Fprintf(w, "%d fragments in %d documents of %d organisations would get %s (coder %s)\n", len(pv.Fragments), pv.Documents, pv.Organisations, strings.Join(pv.Codes, ", "), name)
	if pv.Existing > 0 {
		fmt.Fprintf(w, "  %d of these codings exist already and are kept\n", pv.Existing)
	}
	shown := pv.Fragments[:min(5, len(pv.Fragments))]
	texts, err := s.FragmentTexts(shown)
	if err != nil {
		return err
	}
	for _, id := range shown {
		if t, ok := texts[id]; ok {
			fmt.Fprintf(w, "  %s  %s\n", id, truncate(t, 90))
		}
	}
	if len(pv.Fragments) > len(shown) {
		fmt.Fprintf(w, "  … and %d more\n", len(pv.Fragments)-len(shown))
	}
	if len(pv.Fragments) == 0 {
		return nil
	}
	if !opts.Yes {
		fmt.Fprint(w, "code them? [y/N] ")
		answer, _ := bufio.NewReader(opts.IO.In).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" && a != "j" && a != "ja" {
			fmt.Fprintln(w, "nothing written")
			return nil
		}
	}
	added, err := pv.Apply(s)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "%d codings added to %d fragments\n", added, len(pv.Fragments))
	return nil
}

// codeListOptions are the arguments of code list.
type codeListOptions struct {
	codingIO
	Doc    string
	Codes  string
	Coder  string
	Format string
}

func newCmdCodeList(f *Factory, runF func(*codeListOptions) error) *cobra.Command {
	opts := &codeListOptions{codingIO: newCodingIO(f)}
	c := &cobra.Command{
		Use:     "list",
		Short:   "List codings (filter by document, code, coder)",
		Example: "  plancoder code list --code FIN --coder ann --format csv",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runCodeList(opts)
		},
	}
	c.Flags().StringVar(&opts.Doc, "doc", "", "only this document")
	c.Flags().StringVar(&opts.Codes, "code", "", "only these codes (comma-separated)")
	c.Flags().StringVar(&opts.Coder, "coder", "", "only this coder")
	addFormatFlag(c, &opts.Format)
	return c
}

func runCodeList(opts *codeListOptions) error {
	format := opts.Format
	if err := checkFormat(format); err != nil {
		return err
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	if err := knownCodes(s, splitCodes(opts.Codes)); err != nil {
		return err
	}
	list, err := s.Codings(store.CodingFilter{Doc: opts.Doc, Coder: opts.Coder, Codes: splitCodes(opts.Codes)})
	if err != nil {
		return err
	}
	if format == formatJSON {
		if list == nil {
			list = []store.Coding{}
		}
		return writeJSON(opts.IO.Out, list)
	}
	t := &table{header: []string{"fragment", "code", "coder", "time", "text"}, wide: 4}
	for _, cd := range list {
		text := ""
		if f, err := s.Fragment(cd.Fragment); err == nil {
			text = f.Text
			if format == formatTable {
				text = truncate(text, 80)
			}
		}
		t.add(cd.Fragment, cd.Code, cd.Coder, cd.Time.Local().Format("2006-01-02 15:04"), text)
	}
	if len(list) == 0 && format == formatTable {
		fmt.Fprintln(opts.IO.Err, "no codings match")
		return nil
	}
	return t.print(opts.IO.Out, format, opts.IO.Width)
}
