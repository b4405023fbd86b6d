package main

import (
	"fmt"

	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// orphansOptions are the flags of `plancoder orphans`.
type orphansOptions struct {
	storeIO
	Format string
	Doc    string
}

func newCmdOrphans(f *Factory, runF func(*orphansOptions) error) *cobra.Command {
	opts := &orphansOptions{storeIO: newStoreIO(f)}
	c := &cobra.Command{
		Use:   "orphans",
		Short: "Codings, memos and sample units whose text is gone after a re-ingest",
		Long: `List the references whose text is gone: when a re-ingested file no longer
holds a paragraph (not the same, not split, merged or lightly edited), its
codings, memos and sample units are kept here with the text they were made on,
the coder and the code. Re-attach one to a fragment you choose, or drop it.
An orphan whose exact text comes back in a later ingest is re-attached by
itself.`,
		Example: `  plancoder orphans
  plancoder orphans --doc socius-beleidsplan-2021-2025 --format json
  plancoder orphans attach 3 socius-beleidsplan-2021-2025/0012
  plancoder orphans drop 4 5
  plancoder orphans drop --all --yes`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runOrphans(opts)
		},
	}
	c.Flags().StringVar(&opts.Format, "format", formatTable, "output format: table, csv or json")
	c.Flags().StringVar(&opts.Doc, "doc", "", "only the orphans of this document")
	c.AddCommand(newCmdOrphansAttach(f, nil), newCmdOrphansDrop(f, nil))
	return c
}

func runOrphans(opts *orphansOptions) error {
	if err := checkFormat(opts.Format); err != nil {
		return err
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	all, err := s.Orphans()
	if err != nil {
		return err
	}
	list := []store.Orphan{}
	for _, o := range all {
		if opts.Doc == "" || o.Doc == opts.Doc {
			list = append(list, o)
		}
	}
	if opts.Format == formatJSON {
		return writeJSON(opts.IO.Out, list)
	}
	if len(list) == 0 && opts.Format == formatTable {
		fmt.Fprintln(opts.IO.Out, "no orphans")
		return nil
	}
	t := &table{header: []string{"id", "kind", "fragment", "coder", "code", "memo", "text"}, wide: 6}
	for _, o := range list {
		what := o.Code
		if o.Kind == store.OrphanSample {
			what = "sample " + o.Sample
		}
		memo := o.Memo
		if opts.Format == formatTable {
			memo = truncate(memo, 30)
		}
		t.add(o.ID, o.Kind, o.Fragment, o.Coder, what, memo, o.Text)
	}
	width := opts.IO.Width
	if opts.Format != formatTable {
		width = 0
	}
	return t.print(opts.IO.Out, opts.Format, width)
}

func parseOrphanID(s string) (uint64, error) { return parseRecordID("orphan", "plancoder orphans", s) }

// orphansAttachOptions are the arguments of `plancoder orphans attach`.
type orphansAttachOptions struct {
	storeIO
	ID       string
	Fragment string
}

func newCmdOrphansAttach(f *Factory, runF func(*orphansAttachOptions) error) *cobra.Command {
	opts := &orphansAttachOptions{storeIO: newStoreIO(f)}
	return &cobra.Command{
		Use:   "attach ID FRAGMENT",
		Short: "Put an orphan back on a fragment you choose",
		Long: `Re-create an orphaned coding, memo or sample unit on a fragment (DOC/NNNN)
and remove the orphan, in one recorded change.`,
		Example: `  plancoder orphans attach 3 socius-beleidsplan-2021-2025/0012`,
		Args:    cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			opts.ID, opts.Fragment = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return runOrphansAttach(opts)
		},
	}
}

func runOrphansAttach(opts *orphansAttachOptions) error {
	id, err := parseOrphanID(opts.ID)
	if err != nil {
		return err
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.AttachOrphan(opts.Actor(), id, opts.Fragment); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "orphan %d attached to %s\n", id, opts.Fragment)
	return nil
}

// orphansDropOptions are the arguments of `plancoder orphans drop`.
type orphansDropOptions struct {
	storeIO
	// Confirm asks the user; it is confirm.go's confirm on the Factory's
	// Env for now.
	Confirm func(question, what string) (bool, error)
	IDs     []string
	All     bool
	Yes     bool
}

func newCmdOrphansDrop(f *Factory, runF func(*orphansDropOptions) error) *cobra.Command {
	opts := &orphansDropOptions{storeIO: newStoreIO(f),
		Confirm: func(question, what string) (bool, error) { return confirm(f.IOStreams, question, what) }}
	c := &cobra.Command{
		Use:   "drop ID... | --all",
		Short: "Drop orphans for good",
		Long: `Delete orphans (an orphaned memo goes with its orphan). The event log keeps
what was dropped. --all drops every orphan and asks first; --yes skips the
question (scripts).`,
		Example: `  plancoder orphans drop 4 5
  plancoder orphans drop --all --yes`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.IDs = args
			if runF != nil {
				return runF(opts)
			}
			return runOrphansDrop(opts)
		},
	}
	c.Flags().BoolVar(&opts.All, "all", false, "drop every orphan")
	c.Flags().BoolVar(&opts.Yes, "yes", false, "do not ask")
	return c
}

func runOrphansDrop(opts *orphansDropOptions) error {
	if opts.All == (len(opts.IDs) > 0) {
		return usagef("give orphan ids or --all")
	}
	var ids []uint64
	for _, a := range opts.IDs {
		id, err := parseOrphanID(a)
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	if opts.All {
		all, err := s.Orphans()
		if err != nil {
			return err
		}
		for _, o := range all {
			ids = append(ids, o.ID)
		}
		if len(ids) == 0 {
			fmt.Fprintln(opts.IO.Out, "no orphans")
			return nil
		}
		if !opts.Yes {
			ok, err := opts.Confirm(fmt.Sprintf("drop all %d orphans?", len(ids)), "orphans drop --all")
			if err != nil || !ok {
				return err
			}
		}
	}
	n, err := s.DropOrphans(opts.Actor(), ids)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "%d orphans dropped\n", n)
	return nil
}
