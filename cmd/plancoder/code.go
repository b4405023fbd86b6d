package main

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// coderName is the coder for coding commands: --coder, else
// $PLANCODER_CODER. Coders are named on purpose: agreement statistics
// compare them.
func coderName(env *Env, flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if c := env.Getenv("PLANCODER_CODER"); c != "" {
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

// CodeOptions are the parsed arguments of `plancoder code`.
type CodeOptions struct {
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

func newCodeCmd(env *Env) *cobra.Command {
	opts := &CodeOptions{}
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
			coder, err := coderName(env, opts.Coder)
			if err != nil {
				return err
			}
			opts.Coder = coder
			return runCode(c, env, opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Coder, "coder", "", "coder name (default $PLANCODER_CODER)")
	f.StringVar(&opts.Doc, "doc", "", "code one document, in order")
	f.StringVar(&opts.Query, "query", "", "code the fragments a search finds")
	f.BoolVar(&opts.Uncoded, "uncoded", false, "only fragments you have not coded")
	f.StringVar(&opts.Code, "code", "", "review the fragments coded with this code")
	f.StringVar(&opts.Sample, "sample", "", "code a reliability sample")
	f.BoolVar(&opts.Plain, "plain", false, "line mode on stdin/stdout instead of the screen")
	f.BoolVar(&opts.NoResume, "from-start", false, "start at the first fragment, not where you left off")
	f.StringVar(&opts.Filters.Org, "org", "", "with --query: only this organisation")
	f.StringVar(&opts.Filters.Type, "type", "", "with --query: only this document type")
	f.StringVar(&opts.Filters.Period, "period", "", "with --query: only this period")
	f.StringVar(&opts.Filters.Section, "section", "", "with --query: words in the section path")
	c.AddCommand(newCodeAddCmd(env, true), newCodeAddCmd(env, false), newCodeApplyCmd(env), newCodeListCmd(env))
	return c
}

func runCode(c *cobra.Command, env *Env, opts *CodeOptions) error {
	p, s, err := env.OpenStore()
	if err != nil {
		return err
	}
	spec := project.QueueSpec{Doc: opts.Doc, Uncoded: opts.Uncoded, Code: strings.ToUpper(opts.Code), Coder: opts.Coder}
	var x *index.Index
	if opts.Query != "" || opts.Filters.Org != "" || opts.Filters.Type != "" || opts.Filters.Period != "" || opts.Filters.Section != "" {
		if err := index.ParseQuery(opts.Query); err != nil {
			s.Close()
			return err
		}
		spec.Search = true
		spec.Query = opts.Filters
		spec.Query.Query = opts.Query
		if x, err = openIndex(c.Context(), env, p, s); err != nil {
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
			member = member || cd == opts.Coder
		}
		if !member {
			fmt.Fprintf(env.IO.Err, "plancoder: warning: %s is not one of the coders of sample %s (%s)\n", opts.Coder, sm.Name, strings.Join(sm.Coders, ", "))
		}
		queue = sm.Fragments
	} else {
		queue, err = project.BuildQueue(c.Context(), s, x, spec)
	}
	if x != nil {
		x.Close()
	}
	s.Close() // the session opens the store per action
	if err != nil {
		return err
	}
	sess, err := coding.NewSession(p.Open, opts.Coder, queue, !opts.NoResume)
	if errors.Is(err, coding.ErrEmptyQueue) {
		return fmt.Errorf("nothing to code: the queue is empty")
	}
	if err != nil {
		return err
	}
	if opts.Plain || !env.IO.OutTTY {
		return coding.RunPlain(sess, env.IO.In, env.IO.Out)
	}
	return runScreen(sess, env)
}

func newCodeAddCmd(env *Env, add bool) *cobra.Command {
	var coder, codes, memo string
	use, short := "add FRAGMENT...", "Code fragments with one or more codes"
	if !add {
		use, short = "remove FRAGMENT...", "Remove codes from fragments"
	}
	c := &cobra.Command{
		Use:   use,
		Short: short,
		Example: `  plancoder code add socius-beleidsplan-2021-2025/0012 --codes FIN,VRIJ
  plancoder code remove socius-beleidsplan-2021-2025/0012 --codes VRIJ`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			name, err := coderName(env, coder)
			if err != nil {
				return err
			}
			keys := splitCodes(codes)
			if len(keys) == 0 {
				return usagef("--codes: name one or more codes, e.g. --codes FIN,VRIJ")
			}
			_, s, err := env.OpenStore()
			if err != nil {
				return err
			}
			defer s.Close()
			failed := false
			for _, id := range args {
				for _, k := range keys {
					var err error
					if add {
						err = s.AddCoding(store.Coding{Fragment: id, Code: k, Coder: name, Memo: memo})
					} else {
						_, err = s.RemoveCoding(id, name, k)
					}
					if err != nil {
						fmt.Fprintf(env.IO.Err, "plancoder: %s %s: %v\n", id, k, err)
						failed = true
						continue
					}
					sign := "+"
					if !add {
						sign = "-"
					}
					fmt.Fprintf(env.IO.Out, "%s%s %s\n", sign, k, id)
				}
			}
			if failed {
				return silentError{}
			}
			return nil
		},
	}
	c.Flags().StringVar(&coder, "coder", "", "coder name (default $PLANCODER_CODER)")
	c.Flags().StringVar(&codes, "codes", "", "comma-separated code keys")
	if add {
		c.Flags().StringVar(&memo, "memo", "", "a note kept with the coding")
	}
	return c
}

func newCodeApplyCmd(env *Env) *cobra.Command {
	var coder, codes, q string
	var yes bool
	var filters index.Request
	c := &cobra.Command{
		Use:   "apply --query Q --codes A[,B]",
		Short: "Code every fragment a search finds (shows a preview, asks first)",
		Long: `Bulk coding from a search: shows how many fragments in how many documents and
organisations would be coded, with a sample, and asks before writing. All
codings are written in one transaction: all of them or, on an error, none;
--yes skips the question (scripts).`,
		Example: `  plancoder code apply --query '+vrijwilligersbeleid' --codes VRIJ
  plancoder code apply --query digitalisering --type plan --codes DIGI --yes`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			name, err := coderName(env, coder)
			if err != nil {
				return err
			}
			keys := splitCodes(codes)
			if len(keys) == 0 || strings.TrimSpace(q) == "" {
				return usagef("give --query Q and --codes A[,B]")
			}
			if err := index.ParseQuery(q); err != nil {
				return err
			}
			p, s, err := env.OpenStore()
			if err != nil {
				return err
			}
			defer s.Close()
			x, err := openIndex(c.Context(), env, p, s)
			if err != nil {
				return err
			}
			filters.Query = q
			ids, err := project.BuildQueue(c.Context(), s, x, project.QueueSpec{Search: true, Query: filters})
			x.Close()
			if err != nil {
				return err
			}
			pv, err := coding.PreviewApply(s, name, ids, keys)
			if err != nil {
				return err
			}
			w := env.IO.Err
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
			if !yes {
				fmt.Fprint(w, "code them? [y/N] ")
				answer, _ := bufio.NewReader(env.IO.In).ReadString('\n')
				if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" && a != "j" && a != "ja" {
					fmt.Fprintln(w, "nothing written")
					return nil
				}
			}
			added, err := pv.Apply(s)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.IO.Out, "%d codings added to %d fragments\n", added, len(pv.Fragments))
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&coder, "coder", "", "coder name (default $PLANCODER_CODER)")
	f.StringVar(&codes, "codes", "", "comma-separated code keys")
	f.StringVar(&q, "query", "", "the search whose hits are coded")
	f.BoolVar(&yes, "yes", false, "do not ask")
	f.StringVar(&filters.Org, "org", "", "only this organisation")
	f.StringVar(&filters.Type, "type", "", "only this document type")
	f.StringVar(&filters.Period, "period", "", "only this period")
	f.StringVar(&filters.Section, "section", "", "words in the section path")
	return c
}

func newCodeListCmd(env *Env) *cobra.Command {
	var doc, codes, coder, format string
	c := &cobra.Command{
		Use:     "list",
		Short:   "List codings (filter by document, code, coder)",
		Example: "  plancoder code list --code FIN --coder ann --format csv",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			_, s, err := env.OpenStore()
			if err != nil {
				return err
			}
			defer s.Close()
			list, err := s.ListCodings(store.CodingFilter{Doc: doc, Coder: coder, Codes: splitCodes(codes)})
			if err != nil {
				return err
			}
			if format == formatJSON {
				if list == nil {
					list = []store.Coding{}
				}
				return writeJSON(env.IO.Out, list)
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
				fmt.Fprintln(env.IO.Err, "no codings match")
				return nil
			}
			return t.print(env.IO.Out, format, env.IO.Width)
		},
	}
	c.Flags().StringVar(&doc, "doc", "", "only this document")
	c.Flags().StringVar(&codes, "code", "", "only these codes (comma-separated)")
	c.Flags().StringVar(&coder, "coder", "", "only this coder")
	addFormatFlag(c, &format)
	return c
}
