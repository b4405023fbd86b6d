package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/plancoder/plancoder/citation"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// DocsOptions are the parsed arguments of `plancoder docs`.
type DocsOptions struct {
	storeIO
	Format string
	Org    string
	Type   string
}

func newCmdDocs(f *Factory, runF func(*DocsOptions) error) *cobra.Command {
	opts := &DocsOptions{storeIO: newStoreIO(f)}
	c := &cobra.Command{
		Use:   "docs",
		Short: "List documents, show, edit or remove one",
		Long:  "List the project's documents with organisation, type, period, pages and fragments.",
		Example: `  plancoder docs
  plancoder docs --org socius --format csv
  plancoder docs show socius-beleidsplan-2021-2025
  plancoder docs edit socius-beleidsplan-2021-2025 --period 2022-2026
  plancoder docs remove socius-jaarverslag-2021`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runDocs(opts)
		},
	}
	addFormatFlag(c, &opts.Format)
	c.Flags().StringVar(&opts.Org, "org", "", "only documents of this organisation")
	c.Flags().StringVar(&opts.Type, "type", "", "only documents of this type")
	c.AddCommand(newCmdDocsShow(f, nil), newCmdDocsEdit(f, nil), newCmdDocsRemove(f, nil))
	return c
}

func runDocs(opts *DocsOptions) error {
	if err := checkFormat(opts.Format); err != nil {
		return err
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	warnUnknownOrg(opts.IO.Err, s, opts.Org)
	docs, err := s.Documents()
	s.Close()
	if err != nil {
		return err
	}
	if opts.Format == formatJSON {
		out := []store.Document{}
		for _, d := range docs {
			if match(d, opts) {
				out = append(out, d)
			}
		}
		return writeJSON(opts.IO.Out, out)
	}
	t := &table{header: []string{"id", "org", "type", "period", "year", "pages", "fragments", "title"}, wide: 7}
	n := 0
	for _, d := range docs {
		if !match(d, opts) {
			continue
		}
		n++
		t.add(d.ID, d.Org, d.Type, d.Period, yearString(d.Year), d.Pages, d.Fragments, d.Title)
	}
	if n == 0 && opts.Format == formatTable {
		fmt.Fprintln(opts.IO.Err, "no documents yet: add some with 'plancoder ingest PATH...'")
		return nil
	}
	return t.print(opts.IO.Out, opts.Format, opts.IO.Width)
}

func match(d store.Document, o *DocsOptions) bool {
	return (o.Org == "" || d.Org == o.Org) && (o.Type == "" || d.Type == o.Type)
}

func yearString(y int) string {
	if y == 0 {
		return ""
	}
	return fmt.Sprint(y)
}

// docsShowOptions are the arguments of `plancoder docs show`.
type docsShowOptions struct {
	storeIO
	Doc    string
	Format string
}

func newCmdDocsShow(f *Factory, runF func(*docsShowOptions) error) *cobra.Command {
	opts := &docsShowOptions{storeIO: newStoreIO(f)}
	c := &cobra.Command{
		Use:     "show DOC",
		Short:   "Show one document's metadata and outline",
		Example: "  plancoder docs show socius-beleidsplan-2021-2025",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Doc = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runDocsShow(opts)
		},
	}
	c.Flags().StringVar(&opts.Format, "format", formatTable, "output format: table or json")
	return c
}

func runDocsShow(opts *docsShowOptions) error {
	id, format := opts.Doc, opts.Format
	if err := checkReportFormat(format); err != nil {
		return err
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	d, err := s.Document(id)
	if err != nil {
		return notFoundHint(err, "document", "plancoder docs")
	}
	frags, err := s.Fragments(id, 1, 0)
	if err != nil {
		return err
	}
	org, _ := s.Organisation(d.Org)
	codings, err := s.CountCodings(store.CodingFilter{Doc: id})
	if err != nil {
		return err
	}
	kinds := map[string]int{}
	words := 0
	for _, f := range frags {
		kinds[f.Kind]++
		words += len(strings.Fields(f.Text))
	}
	if format == formatJSON {
		return writeJSON(opts.IO.Out, map[string]any{"document": d, "organisation": org, "kinds": kinds, "words": words, "codings": codings})
	}
	w := opts.IO.Out
	fmt.Fprintf(w, "%s\n", d.ID)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(w, "  %-13s %s\n", k+":", v)
		}
	}
	row("title", d.Title)
	orgName := d.Org
	if org.Name != "" && org.Name != d.Org {
		orgName = fmt.Sprintf("%s (%s)", org.Name, d.Org)
	}
	row("organisation", orgName)
	row("type", d.Type)
	row("period", d.Period)
	row("year", yearString(d.Year))
	var attrs []string
	for k, v := range d.Attrs {
		attrs = append(attrs, k+"="+v)
	}
	sort.Strings(attrs)
	row("attributes", strings.Join(attrs, ", "))
	row("source", fmt.Sprintf("%s (%s, %d bytes)", d.Source, d.Format, d.Size))
	row("sha256", d.SHA256)
	if d.Pages > 0 {
		row("pages", fmt.Sprint(d.Pages))
	}
	var ks []string
	for k, n := range kinds {
		ks = append(ks, fmt.Sprintf("%d %s", n, k))
	}
	sort.Strings(ks)
	row("fragments", fmt.Sprintf("%d (%s), %d words", d.Fragments, strings.Join(ks, ", "), words))
	row("codings", fmt.Sprint(codings))
	row("ingested", d.IngestedAt.Local().Format("2006-01-02 15:04"))
	fmt.Fprintln(w, "\noutline:")
	for _, f := range frags {
		if f.Kind != store.KindHeading {
			continue
		}
		fmt.Fprintf(w, "  %s%s  (%s", strings.Repeat("  ", len(f.Section)), truncate(f.Text, 90), f.ID)
		if p := (citation.Citation{Page: f.Page}).PageLabel(); p != "" {
			fmt.Fprintf(w, ", %s", p)
		}
		fmt.Fprintln(w, ")")
	}
	return nil
}

func notFoundHint(err error, what, list string) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%w; '%s' lists them", err, list)
	}
	return err
}

// docsRemoveOptions are the arguments of `plancoder docs remove`.
type docsRemoveOptions struct {
	storeIO
	Ctx  context.Context // cancels bringing the index up to date
	Docs []string
}

func newCmdDocsRemove(f *Factory, runF func(*docsRemoveOptions) error) *cobra.Command {
	opts := &docsRemoveOptions{storeIO: newStoreIO(f)}
	return &cobra.Command{
		Use:   "remove DOC...",
		Short: "Remove documents and their fragments (refused while codings exist)",
		Long: `Remove documents with their text and fragments. A document whose fragments
carry codings is refused: codings are research work and are never dropped
silently. The removal is recorded in the event log.`,
		Example: "  plancoder docs remove socius-jaarverslag-2021",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			opts.Docs = args
			if runF != nil {
				return runF(opts)
			}
			return runDocsRemove(opts)
		},
	}
}

func runDocsRemove(opts *docsRemoveOptions) error {
	p, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	failed := false
	defer func() { syncIndex(opts.Ctx, opts.IO, p, s) }()
	who := opts.Actor()
	for _, id := range opts.Docs {
		if err := s.RemoveDocument(who, id); err != nil {
			fmt.Fprintf(opts.IO.Err, "plancoder: remove %s: %v\n", id, notFoundHint(err, "document", "plancoder docs"))
			failed = true
			continue
		}
		fmt.Fprintf(opts.IO.Out, "removed %s\n", id)
	}
	if failed {
		return silentError{}
	}
	return nil
}
