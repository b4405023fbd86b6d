package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

func newCmdOrgs(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "orgs",
		Short: "Import, list and edit organisations (cases) and their attributes",
		Long: `Organisations are the cases documents belong to. Their attributes (sector,
region, functions, size, ...) are what cross-plan analyses group by.
Ingest creates an organisation for every new org ID; 'orgs import' adds names
and attributes from a CSV; 'orgs edit' corrects one.`,
		Example: `  plancoder orgs import organisaties.csv
  plancoder orgs list
  plancoder orgs edit socius --name 'Socius vzw'`,
	}
	c.AddCommand(newCmdOrgsImport(f, nil), newCmdOrgsList(f, nil), newCmdOrgsEdit(f, nil))
	return c
}

// orgsImportOptions are the arguments of `plancoder orgs import`.
type orgsImportOptions struct {
	storeIO
	Ctx  context.Context // cancels bringing the index up to date
	File string
}

func newCmdOrgsImport(f *Factory, runF func(*orgsImportOptions) error) *cobra.Command {
	opts := &orgsImportOptions{storeIO: newStoreIO(f)}
	return &cobra.Command{
		Use:   "import FILE.csv",
		Short: "Add or update organisations from a CSV (columns id,name,attributes...)",
		Long: `Read organisations from a CSV with a header row. Columns id and name are the
organisation's ID (a slug; made from the name when empty) and display name;
every other column is an attribute. Existing organisations are updated; the
file is imported in one transaction, so an error writes nothing.`,
		Example: `  plancoder orgs import organisaties.csv

  # organisaties.csv:
  # id,name,sector,region
  # socius,Socius,steunpunt,Brussel`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			opts.File = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runOrgsImport(opts)
		},
	}
}

func runOrgsImport(opts *orgsImportOptions) error {
	orgs, err := ingest.ReadOrganisations(opts.File)
	if err != nil {
		return err
	}
	p, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	added, updated, err := s.PutOrganisations(opts.Actor(), orgs)
	if err != nil {
		return fmt.Errorf("import %s: %w", opts.File, err)
	}
	if updated > 0 {
		syncIndex(opts.Ctx, opts.IO, p, s)
	}
	fmt.Fprintf(opts.IO.Out, "%d organisations: %d added, %d updated, %d unchanged\n", len(orgs), added, updated, len(orgs)-added-updated)
	return nil
}

// orgsListOptions are the arguments of `plancoder orgs list`.
type orgsListOptions struct {
	storeIO
	Format string
}

func newCmdOrgsList(f *Factory, runF func(*orgsListOptions) error) *cobra.Command {
	opts := &orgsListOptions{storeIO: newStoreIO(f)}
	c := &cobra.Command{
		Use:     "list",
		Short:   "List organisations with their attributes and document counts",
		Example: "  plancoder orgs list --format csv",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runOrgsList(opts)
		},
	}
	addFormatFlag(c, &opts.Format)
	return c
}

func runOrgsList(opts *orgsListOptions) error {
	if err := checkFormat(opts.Format); err != nil {
		return err
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	orgs, err := s.Organisations()
	if err != nil {
		s.Close()
		return err
	}
	docs, err := s.Documents()
	s.Close()
	if err != nil {
		return err
	}
	return printOrgs(opts.IO, orgs, docs, opts.Format)
}

func printOrgs(ios *IOStreams, orgs []store.Organisation, docs []store.Document, format string) error {
	count := map[string]int{}
	for _, d := range docs {
		count[d.Org]++
	}
	if format == formatJSON {
		type row struct {
			store.Organisation
			Documents int `json:"documents"`
		}
		out := []row{}
		for _, o := range orgs {
			out = append(out, row{o, count[o.ID]})
		}
		return writeJSON(ios.Out, out)
	}
	keys := map[string]bool{}
	for _, o := range orgs {
		for k := range o.Attrs {
			keys[k] = true
		}
	}
	var attrs []string
	for k := range keys {
		attrs = append(attrs, k)
	}
	sort.Strings(attrs)
	t := &table{header: append([]string{"id", "name", "documents"}, attrs...), wide: 1}
	for _, o := range orgs {
		row := []any{o.ID, o.Name, count[o.ID]}
		for _, k := range attrs {
			row = append(row, o.Attrs[k])
		}
		t.add(row...)
	}
	if len(orgs) == 0 && format == formatTable {
		fmt.Fprintln(ios.Err, "no organisations yet: 'plancoder orgs import FILE.csv' or ingest documents")
		return nil
	}
	return t.print(ios.Out, format, ios.Width)
}
