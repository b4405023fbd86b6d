package main

import (
	"fmt"

	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// orphansOptions are the flags of `plancoder orphans`.
type orphansOptions struct {
	Format string
	Doc    string
}

func newOrphansCmd(env *Env) *cobra.Command {
	opts := &orphansOptions{}
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
		RunE: func(c *cobra.Command, args []string) error { return runOrphans(env, opts) },
	}
	c.Flags().StringVar(&opts.Format, "format", formatTable, "output format: table, csv or json")
	c.Flags().StringVar(&opts.Doc, "doc", "", "only the orphans of this document")
	c.AddCommand(newOrphansAttachCmd(env), newOrphansDropCmd(env))
	return c
}

func runOrphans(env *Env, opts *orphansOptions) error {
	if err := checkFormat(opts.Format); err != nil {
		return err
	}
	_, s, err := env.OpenStore()
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
		return writeJSON(env.IO.Out, list)
	}
	if len(list) == 0 && opts.Format == formatTable {
		fmt.Fprintln(env.IO.Out, "no orphans")
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
	width := env.IO.Width
	if opts.Format != formatTable {
		width = 0
	}
	return t.print(env.IO.Out, opts.Format, width)
}

func parseOrphanID(s string) (uint64, error) { return parseRecordID("orphan", "plancoder orphans", s) }

func newOrphansAttachCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "attach ID FRAGMENT",
		Short: "Put an orphan back on a fragment you choose",
		Long: `Re-create an orphaned coding, memo or sample unit on a fragment (DOC/NNNN)
and remove the orphan, in one recorded change.`,
		Example: `  plancoder orphans attach 3 socius-beleidsplan-2021-2025/0012`,
		Args:    cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			id, err := parseOrphanID(args[0])
			if err != nil {
				return err
			}
			_, s, err := env.OpenStore()
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.AttachOrphan(actor(env), id, args[1]); err != nil {
				return err
			}
			fmt.Fprintf(env.IO.Out, "orphan %d attached to %s\n", id, args[1])
			return nil
		},
	}
}

func newOrphansDropCmd(env *Env) *cobra.Command {
	var all, yes bool
	c := &cobra.Command{
		Use:   "drop ID... | --all",
		Short: "Drop orphans for good",
		Long: `Delete orphans (an orphaned memo goes with its orphan). The event log keeps
what was dropped. --all drops every orphan and asks first; --yes skips the
question (scripts).`,
		Example: `  plancoder orphans drop 4 5
  plancoder orphans drop --all --yes`,
		RunE: func(c *cobra.Command, args []string) error {
			if all == (len(args) > 0) {
				return usagef("give orphan ids or --all")
			}
			var ids []uint64
			for _, a := range args {
				id, err := parseOrphanID(a)
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			_, s, err := env.OpenStore()
			if err != nil {
				return err
			}
			defer s.Close()
			if all {
				os, err := s.Orphans()
				if err != nil {
					return err
				}
				for _, o := range os {
					ids = append(ids, o.ID)
				}
				if len(ids) == 0 {
					fmt.Fprintln(env.IO.Out, "no orphans")
					return nil
				}
				if !yes {
					ok, err := confirm(env, fmt.Sprintf("drop all %d orphans?", len(ids)), "orphans drop --all")
					if err != nil || !ok {
						return err
					}
				}
			}
			n, err := s.DropOrphans(actor(env), ids)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.IO.Out, "%d orphans dropped\n", n)
			return nil
		},
	}
	c.Flags().BoolVar(&all, "all", false, "drop every orphan")
	c.Flags().BoolVar(&yes, "yes", false, "do not ask")
	return c
}
