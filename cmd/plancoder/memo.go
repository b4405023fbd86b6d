package main

import (
	"fmt"
	"strings"

	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// parseTarget reads --on: project, code:KEY, doc:DOC or frag:ID.
func parseTarget(on string) (kind, target string, err error) {
	if on == "" || on == "project" {
		return store.MemoProject, "", nil
	}
	k, t, ok := strings.Cut(on, ":")
	if !ok || t == "" {
		return "", "", usagef("--on %q: use project, code:KEY, doc:DOC or frag:DOC/NNNN", on)
	}
	switch k {
	case "code":
		return store.MemoCode, strings.ToUpper(t), nil
	case "doc", "document":
		return store.MemoDocument, t, nil
	case "frag", "fragment":
		return store.MemoFragment, t, nil
	}
	return "", "", usagef("--on %q: use project, code:KEY, doc:DOC or frag:DOC/NNNN", on)
}

func newMemoCmd(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "memo",
		Short: "Memos on the project, a code (per-theme findings), a document or a fragment",
	}
	// show, edit and remove live in edit.go and still take *Env (f.Env).
	c.AddCommand(newCmdMemoAdd(f, nil), newCmdMemoList(f, nil), newCmdMemoShow(f, nil), newCmdMemoEdit(f, nil), newCmdMemoRemove(f, nil))
	return c
}

// memoAddOptions are the arguments of memo add.
type memoAddOptions struct {
	storeIO
	Text   string
	On     string
	Author string
}

func newCmdMemoAdd(f *Factory, runF func(*memoAddOptions) error) *cobra.Command {
	opts := &memoAddOptions{storeIO: newStoreIO(f)}
	add := &cobra.Command{
		Use:     "add TEXT",
		Short:   "Add a memo",
		Example: "  plancoder memo add --on code:FIN 'Bijna alle plannen melden indexering als grootste zorg.'",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Text = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runMemoAdd(opts)
		},
	}
	add.Flags().StringVar(&opts.On, "on", "project", "target: project, code:KEY, doc:DOC or frag:DOC/NNNN")
	add.Flags().StringVar(&opts.Author, "author", "", "author (default $PLANCODER_CODER or the user name)")
	return add
}

func runMemoAdd(opts *memoAddOptions) error {
	kind, target, err := parseTarget(opts.On)
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
	Format string
}

func newCmdMemoList(f *Factory, runF func(*memoListOptions) error) *cobra.Command {
	opts := &memoListOptions{IO: f.IOStreams, Store: f.Store}
	list := &cobra.Command{
		Use:   "list",
		Short: "List memos",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runMemoList(opts)
		},
	}
	list.Flags().StringVar(&opts.On, "on", "", "only memos on this target")
	addFormatFlag(list, &opts.Format)
	return list
}

func runMemoList(opts *memoListOptions) error {
	format := opts.Format
	if err := checkFormat(format); err != nil {
		return err
	}
	kind, target := "", ""
	if opts.On != "" {
		var err error
		if kind, target, err = parseTarget(opts.On); err != nil {
			return err
		}
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
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
