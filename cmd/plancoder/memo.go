package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// targetHelp is what --on takes.
const targetHelp = "project, code:KEY, org:ORG, doc:DOC or frag:DOC/NNNN"

// parseTarget reads --on: project, code:KEY, org:ORG, doc:DOC or frag:ID.
func parseTarget(on string) (kind, target string, err error) {
	if on == "" || on == "project" {
		return store.MemoProject, "", nil
	}
	k, t, ok := strings.Cut(on, ":")
	if !ok || t == "" {
		return "", "", usagef("--on %q: use %s", on, targetHelp)
	}
	switch k {
	case "code":
		return store.MemoCode, strings.ToUpper(t), nil
	case "org", "organisation":
		return store.MemoOrganisation, ingest.Slug(t), nil
	case "doc", "document":
		return store.MemoDocument, t, nil
	case "frag", "fragment":
		return store.MemoFragment, t, nil
	}
	return "", "", usagef("--on %q: use %s", on, targetHelp)
}

// memoOn is the target of a memo command: --org ORG is --on org:ORG.
func memoOn(on, org string, onSet bool) (kind, target string, err error) {
	if org != "" {
		if onSet {
			return "", "", usagef("give --on or --org, not both")
		}
		on = "org:" + org
	}
	return parseTarget(on)
}

func newMemoCmd(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "memo",
		Short: "Memos on the project, a code (per-theme findings), an organisation, a document or a fragment",
		Long: `Memos are the team's notes: on the project, on a code (the findings of the
horizontal analysis, shown by 'theme' and the report), on an organisation
(what its plans say taken together, for its portrait), on a document or on a
fragment (kept with its text across re-ingests).`,
		Example: `  plancoder memo add --on code:FIN 'Bijna alle plannen melden indexering als grootste zorg.'
  plancoder memo add --org vormingplus-gent-eeklo 'Sterke focus op digitale inclusie.'
  plancoder memo list --org vormingplus-gent-eeklo
  plancoder memo show 3`,
	}
	// show, edit and remove live in edit.go.
	c.AddCommand(newCmdMemoAdd(f, nil), newCmdMemoList(f, nil), newCmdMemoShow(f, nil), newCmdMemoEdit(f, nil), newCmdMemoRemove(f, nil))
	return c
}

// memoAddOptions are the arguments of memo add.
type memoAddOptions struct {
	storeIO
	Text   string
	On     string
	Org    string
	OnSet  bool // --on was given
	Author string
}

func newCmdMemoAdd(f *Factory, runF func(*memoAddOptions) error) *cobra.Command {
	opts := &memoAddOptions{storeIO: newStoreIO(f)}
	add := &cobra.Command{
		Use:   "add TEXT",
		Short: "Add a memo",
		Example: `  plancoder memo add --on code:FIN 'Bijna alle plannen melden indexering als grootste zorg.'
  plancoder memo add --org vormingplus-gent-eeklo 'Sterke focus op digitale inclusie.'`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Text = args[0]
			opts.OnSet = c.Flags().Changed("on")
			if runF != nil {
				return runF(opts)
			}
			return runMemoAdd(opts)
		},
	}
	add.Flags().StringVar(&opts.On, "on", "project", "target: "+targetHelp)
	add.Flags().StringVar(&opts.Org, "org", "", "on this organisation (the same as --on org:ORG)")
	add.Flags().StringVar(&opts.Author, "author", "", "author (default $PLANCODER_CODER or the user name)")
	return add
}

func runMemoAdd(opts *memoAddOptions) error {
	kind, target, err := memoOn(opts.On, opts.Org, opts.OnSet)
	if err != nil {
		return err
	}
	author := opts.author(opts.Author)
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	m, err := s.AddMemo(store.Memo{Author: author, Kind: kind, Target: target, Text: opts.Text})
	if kind == store.MemoOrganisation && errors.Is(err, store.ErrNotFound) {
		if orgs, oerr := s.Organisations(); oerr == nil {
			err = fmt.Errorf("%w; %s", err, knownOrgs(orgs, target))
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "memo %d saved on %s\n", m.ID, strings.TrimSuffix(kind+" "+target, " "))
	return nil
}

// memoListOptions are the arguments of memo list.
type memoListOptions struct {
	IO     *IOStreams
	Store  func() (*project.Project, *store.Store, error)
	On     string
	Org    string
	Format string
}

func newCmdMemoList(f *Factory, runF func(*memoListOptions) error) *cobra.Command {
	opts := &memoListOptions{IO: f.IOStreams, Store: f.Store}
	list := &cobra.Command{
		Use:   "list",
		Short: "List memos",
		Example: `  plancoder memo list
  plancoder memo list --on code:VRIJW
  plancoder memo list --org vormingplus-gent-eeklo --format csv`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runMemoList(opts)
		},
	}
	list.Flags().StringVar(&opts.On, "on", "", "only memos on this target: "+targetHelp)
	list.Flags().StringVar(&opts.Org, "org", "", "only memos on this organisation (the same as --on org:ORG)")
	addFormatFlag(list, &opts.Format)
	return list
}

func runMemoList(opts *memoListOptions) error {
	format := opts.Format
	if err := checkFormat(format); err != nil {
		return err
	}
	kind, target := "", ""
	if opts.On != "" || opts.Org != "" {
		var err error
		if kind, target, err = memoOn(opts.On, opts.Org, opts.On != ""); err != nil {
			return err
		}
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	if kind == store.MemoOrganisation {
		warnUnknownOrg(opts.IO.Err, s, target)
	}
	ms, err := s.Memos(kind, target)
	if err != nil {
		return err
	}
	if format == formatJSON {
		if ms == nil {
			ms = []store.Memo{}
		}
		return writeJSON(opts.IO.Out, ms)
	}
	t := &table{header: []string{"id", "on", "author", "time", "text"}, wide: 4}
	for _, m := range ms {
		text := m.Text
		if format == formatTable {
			text = truncate(strings.Join(strings.Fields(text), " "), 80)
		}
		t.add(m.ID, strings.TrimSuffix(m.Kind+":"+m.Target, ":"), m.Author, m.Time.Local().Format("2006-01-02 15:04"), text)
	}
	return t.print(opts.IO.Out, format, opts.IO.Width)
}

// progressOptions are the arguments of progress.
type progressOptions struct {
	IO     *IOStreams
	Store  func() (*project.Project, *store.Store, error)
	Format string
}

func newCmdProgress(f *Factory, runF func(*progressOptions) error) *cobra.Command {
	opts := &progressOptions{IO: f.IOStreams, Store: f.Store}
	c := &cobra.Command{
		Use:   "progress",
		Short: "Coding progress per coder, per document and per code",
		Long: `Per coder: fragments seen and coded, codings, codes used and pace (fragments
per active hour, from the event log). Per coder and document the same. Per
code: fragments, documents and organisations it was used in.`,
		Example: `  plancoder progress
  plancoder progress --format json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runProgress(opts)
		},
	}
	addFormatFlag(c, &opts.Format)
	return c
}

func runProgress(opts *progressOptions) error {
	format := opts.Format
	if err := checkFormat(format); err != nil {
		return err
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	p, err := coding.Report(s)
	if err != nil {
		return err
	}
	if format == formatJSON {
		return writeJSON(opts.IO.Out, p)
	}
	w := opts.IO.Out
	ct := &table{header: []string{"coder", "seen", "coded", "codings", "codes used", "per hour", "of fragments"}}
	for _, x := range p.Coders {
		ct.add(x.Coder, x.Seen, x.Coded, x.Codings, x.CodesUsed, fmt.Sprintf("%.0f", x.PerHour), x.Fragments)
	}
	dt := &table{header: []string{"coder", "doc", "fragments", "seen", "coded", "codings", "codes used"}, wide: 1}
	for _, x := range p.Docs {
		dt.add(x.Coder, x.Doc, x.Fragments, x.Seen, x.Coded, x.Codings, x.CodesUsed)
	}
	kt := &table{header: []string{"code", "name", "fragments", "documents", "organisations"}, wide: 1}
	for _, x := range p.Codes {
		kt.add(x.Code, x.Name, x.Fragments, x.Documents, x.Organisations)
	}
	if format == formatCSV {
		return kt.print(w, formatCSV, 0)
	}
	fmt.Fprintln(w, "CODERS")
	ct.print(w, formatTable, opts.IO.Width)
	fmt.Fprintln(w, "\nDOCUMENTS")
	dt.print(w, formatTable, opts.IO.Width)
	fmt.Fprintln(w, "\nCODES")
	return kt.print(w, formatTable, opts.IO.Width)
}
