package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// Corrections after coding has started: docs edit, orgs edit, memo edit,
// memo remove. Each is one store transaction logged with before and after;
// the search index is brought up to date before the command returns.

// parseAttrs reads repeated --attr KEY=VALUE; KEY= removes the attribute.
func parseAttrs(list []string) (map[string]string, error) {
	if len(list) == 0 {
		return nil, nil
	}
	out := map[string]string{}
	for _, a := range list {
		k, v, ok := strings.Cut(a, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, usagef("--attr %s: use KEY=VALUE (KEY= removes the attribute)", store.Quote(a))
		}
		out[k] = strings.TrimSpace(v)
	}
	return out, nil
}

// attrChanges describes attribute differences as key: old → new.
func attrChanges(before, after map[string]string) []string {
	var keys []string
	for k := range before {
		keys = append(keys, k)
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		if before[k] != after[k] {
			out = append(out, change(k, before[k], after[k]))
		}
	}
	return out
}

func change(field, from, to string) string {
	show := func(s string) string {
		if s == "" {
			return "(none)"
		}
		return s
	}
	return fmt.Sprintf("%s: %s → %s", field, show(from), show(to))
}

func docChanges(a, b store.Document) []string {
	var out []string
	for _, f := range []struct{ name, from, to string }{
		{"org", a.Org, b.Org}, {"type", a.Type, b.Type}, {"period", a.Period, b.Period},
		{"year", yearString(a.Year), yearString(b.Year)}, {"title", a.Title, b.Title},
	} {
		if f.from != f.to {
			out = append(out, change(f.name, f.from, f.to))
		}
	}
	return append(out, attrChanges(a.Attrs, b.Attrs)...)
}

func printChanges(w io.Writer, what string, changed bool, lines []string) {
	if !changed {
		fmt.Fprintf(w, "%s: nothing changed\n", what)
		return
	}
	fmt.Fprintf(w, "%s updated\n", what)
	for _, l := range lines {
		fmt.Fprintf(w, "  %s\n", l)
	}
}

// docsEditOptions are the arguments of `plancoder docs edit`; a nil field
// was not given and does not change.
type docsEditOptions struct {
	storeIO
	Ctx                      context.Context // cancels bringing the index up to date
	Doc                      string
	Org, Type, Period, Title *string
	Year                     *int
	Attrs                    []string
	Format                   string
}

func newCmdDocsEdit(f *Factory, runF func(*docsEditOptions) error) *cobra.Command {
	opts := &docsEditOptions{storeIO: newStoreIO(f)}
	var (
		org, typ, period, title string
		year                    int
	)
	c := &cobra.Command{
		Use:   "edit DOC [--org ORG] [--type TYPE] [--period YYYY-YYYY] [--year YYYY] [--title TEXT] [--attr KEY=VALUE]...",
		Short: "Correct a document's metadata (organisation, type, period, year, title, attributes)",
		Long: `Correct the metadata of an ingested document, also after coding has started:
codings, memos and fragments stay as they are. Only the flags given change;
values are checked as ingest checks them (types: ` + strings.Join(store.DocTypes, ", ") + `;
periods YEAR-YEAR). An organisation that does not exist yet is created.
--attr KEY=VALUE sets a document attribute and may be repeated; KEY= removes
it. --period '' and --year 0 clear the period and year.

The change is one transaction, recorded in the event log with the values
before and after, and search, matrix and the report show the new values at
once. A later ingest of the same file never overwrites these values with
ones guessed from the file name; only values given explicitly (flags,
manifest) do.`,
		Example: `  plancoder docs edit socius-beleidsplan-2021-2025 --period 2022-2026
  plancoder docs edit socius-jaarverslag-2021 --type annual-report --year 2021
  plancoder docs edit plan-kempen --org vormingplus-kempen --attr bron=mail --attr oud=`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			opts.Doc = args[0]
			fl := c.Flags()
			if fl.Changed("org") {
				opts.Org = &org
			}
			if fl.Changed("type") {
				opts.Type = &typ
			}
			if fl.Changed("period") {
				opts.Period = &period
			}
			if fl.Changed("year") {
				opts.Year = &year
			}
			if fl.Changed("title") {
				opts.Title = &title
			}
			if runF != nil {
				return runF(opts)
			}
			return runDocsEdit(opts)
		},
	}
	fl := c.Flags()
	fl.StringVar(&org, "org", "", "organisation ID (created if new)")
	fl.StringVar(&typ, "type", "", "document type: "+strings.Join(store.DocTypes, ", "))
	fl.StringVar(&period, "period", "", "policy period, e.g. 2021-2025 ('' clears it)")
	fl.IntVar(&year, "year", 0, "year the document is about (0 clears it)")
	fl.StringVar(&title, "title", "", "document title")
	fl.StringArrayVar(&opts.Attrs, "attr", nil, "KEY=VALUE attribute to set, KEY= to remove (repeatable)")
	c.Flags().StringVar(&opts.Format, "format", formatTable, "output format: table or json (before and after)")
	return c
}

func runDocsEdit(opts *docsEditOptions) error {
	if err := checkReportFormat(opts.Format); err != nil {
		return err
	}
	doc := opts.Doc
	var e store.DocumentEdit
	var m ingest.Meta
	if opts.Org != nil {
		org := *opts.Org
		if ingest.Slug(org) == "" {
			return usagef("docs edit %s: --org %s: an organisation needs letters or digits", doc, store.Quote(org))
		}
		m.Org = org
		org = ingest.Slug(org)
		e.Org = &org
	}
	if opts.Type != nil {
		m.Type, e.Type = *opts.Type, opts.Type
	}
	if opts.Period != nil {
		m.Period, e.Period = *opts.Period, opts.Period
	}
	if opts.Year != nil {
		m.Year, e.Year = *opts.Year, opts.Year
	}
	e.Title = opts.Title
	var err error
	if e.Attrs, err = parseAttrs(opts.Attrs); err != nil {
		return err
	}
	if e.Empty() {
		return usagef("docs edit %s: nothing to change; give --org, --type, --period, --year, --title or --attr", doc)
	}
	if err := m.Validate(); err != nil {
		return usagef("docs edit %s: %v", doc, err)
	}
	p, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.EditDocument(opts.Actor(), doc, e)
	if err != nil {
		return notFoundHint(err, "document", "plancoder docs")
	}
	if res.Changed {
		syncIndex(opts.Ctx, opts.IO, p, s)
	}
	if opts.Format == formatJSON {
		return writeJSON(opts.IO.Out, res)
	}
	printChanges(opts.IO.Out, "document "+doc, res.Changed, docChanges(res.Before, res.After))
	if b, a := res.Before, res.After; e.Year == nil && a.Period != b.Period && b.Year != 0 && strings.HasPrefix(b.Period, yearString(b.Year)+"-") {
		// The year was most likely taken from the old period.
		fmt.Fprintf(opts.IO.Err, "plancoder: note: year is still %d (the first year of the old period); give --year to change it\n", a.Year)
	}
	if res.OrgCreated {
		fmt.Fprintf(opts.IO.Out, "organisation %s created; name it with 'plancoder orgs edit %s --name NAME'\n", res.After.Org, res.After.Org)
	}
	return nil
}

// orgsEditOptions are the arguments of `plancoder orgs edit`; a nil Name
// was not given and does not change.
type orgsEditOptions struct {
	storeIO
	Ctx    context.Context // cancels bringing the index up to date
	Org    string
	Name   *string
	Attrs  []string
	Format string
}

func newCmdOrgsEdit(f *Factory, runF func(*orgsEditOptions) error) *cobra.Command {
	opts := &orgsEditOptions{storeIO: newStoreIO(f)}
	var name string
	c := &cobra.Command{
		Use:   "edit ORG [--name NAME] [--attr KEY=VALUE]...",
		Short: "Correct an organisation's name or attributes",
		Long: `Correct the name or attributes of an organisation. --attr KEY=VALUE sets an
attribute and may be repeated; KEY= removes it (which 'orgs import' cannot).
The change is one transaction, recorded in the event log with the values
before and after; searches by attribute and analyses grouped by attribute
show the new values at once.`,
		Example: `  plancoder orgs edit socius --name 'Socius vzw'
  plancoder orgs edit socius --attr region=Brussel --attr oud=`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			opts.Org = args[0]
			if c.Flags().Changed("name") {
				opts.Name = &name
			}
			if runF != nil {
				return runF(opts)
			}
			return runOrgsEdit(opts)
		},
	}
	c.Flags().StringVar(&name, "name", "", "display name")
	c.Flags().StringArrayVar(&opts.Attrs, "attr", nil, "KEY=VALUE attribute to set, KEY= to remove (repeatable)")
	c.Flags().StringVar(&opts.Format, "format", formatTable, "output format: table or json (before and after)")
	return c
}

func runOrgsEdit(opts *orgsEditOptions) error {
	if err := checkReportFormat(opts.Format); err != nil {
		return err
	}
	e := store.OrganisationEdit{Name: opts.Name}
	var err error
	if e.Attrs, err = parseAttrs(opts.Attrs); err != nil {
		return err
	}
	if e.Name == nil && len(e.Attrs) == 0 {
		return usagef("orgs edit %s: nothing to change; give --name or --attr", opts.Org)
	}
	p, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.EditOrganisation(opts.Actor(), opts.Org, e)
	if err != nil {
		return notFoundHint(err, "organisation", "plancoder orgs list")
	}
	if res.Changed {
		syncIndex(opts.Ctx, opts.IO, p, s)
	}
	if opts.Format == formatJSON {
		return writeJSON(opts.IO.Out, res)
	}
	var lines []string
	if res.Before.Name != res.After.Name {
		lines = append(lines, change("name", res.Before.Name, res.After.Name))
	}
	printChanges(opts.IO.Out, "organisation "+opts.Org, res.Changed, append(lines, attrChanges(res.Before.Attrs, res.After.Attrs)...))
	return nil
}

// parseRecordID reads the number of a memo or orphan given as an argument;
// list names the command that shows them.
func parseRecordID(kind, list, arg string) (uint64, error) {
	id, err := strconv.ParseUint(arg, 10, 64)
	if err != nil || id == 0 {
		return 0, usagef("%s id %s: want a %s number, as '%s' shows", kind, store.Quote(arg), kind, list)
	}
	return id, nil
}

// parseMemoID reads a memo ID argument.
func parseMemoID(arg string) (uint64, error) {
	return parseRecordID("memo", "plancoder memo list", arg)
}

func memoNotFound(err error) error {
	return notFoundHint(err, "memo", "plancoder memo list")
}

func memoTarget(m store.Memo) string { return strings.TrimSuffix(m.Kind+" "+m.Target, " ") }

// memoEditOptions are the arguments of `plancoder memo edit`.
type memoEditOptions struct {
	storeIO
	ID     string
	Text   string
	Author string // empty: Actor
	Format string
}

func newCmdMemoEdit(f *Factory, runF func(*memoEditOptions) error) *cobra.Command {
	opts := &memoEditOptions{storeIO: newStoreIO(f)}
	c := &cobra.Command{
		Use:   "edit ID TEXT",
		Short: "Replace a memo's text (the old text stays in the history)",
		Long: `Replace the text of a memo. The memo keeps its target and author; the edit
is recorded in the event log with the old and the new text, by the current
coder (--author, else $PLANCODER_CODER or the user name). 'plancoder memo
show ID' prints the history.`,
		Example: "  plancoder memo edit 3 'Bijna alle plannen melden indexering als grootste zorg (11 van 12).'",
		Args:    cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			opts.ID, opts.Text = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return runMemoEdit(opts)
		},
	}
	c.Flags().StringVar(&opts.Author, "author", "", "who edits (default $PLANCODER_CODER or the user name)")
	c.Flags().StringVar(&opts.Format, "format", formatTable, "output format: table or json (before and after)")
	return c
}

func runMemoEdit(opts *memoEditOptions) error {
	if err := checkReportFormat(opts.Format); err != nil {
		return err
	}
	id, err := parseMemoID(opts.ID)
	if err != nil {
		return err
	}
	author := opts.author(opts.Author)
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.EditMemo(author, id, opts.Text)
	if err != nil {
		return memoNotFound(err)
	}
	if opts.Format == formatJSON {
		return writeJSON(opts.IO.Out, res)
	}
	if !res.Changed {
		fmt.Fprintf(opts.IO.Out, "memo %d: nothing changed (same text)\n", id)
		return nil
	}
	fmt.Fprintf(opts.IO.Out, "memo %d on %s updated; the old text is in 'plancoder memo show %d'\n", id, memoTarget(res.After), id)
	return nil
}

// memoRemoveOptions are the arguments of `plancoder memo remove`.
type memoRemoveOptions struct {
	storeIO
	ID     string
	Author string // empty: Actor
	Format string
}

func newCmdMemoRemove(f *Factory, runF func(*memoRemoveOptions) error) *cobra.Command {
	opts := &memoRemoveOptions{storeIO: newStoreIO(f)}
	c := &cobra.Command{
		Use:   "remove ID",
		Short: "Remove a memo (its text stays in the history)",
		Long: `Remove a memo and print what was removed. The removal is recorded in the
event log with the memo's text, so 'plancoder memo show ID' still prints it.`,
		Example: "  plancoder memo remove 3",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.ID = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runMemoRemove(opts)
		},
	}
	c.Flags().StringVar(&opts.Author, "author", "", "who removes (default $PLANCODER_CODER or the user name)")
	c.Flags().StringVar(&opts.Format, "format", formatTable, "output format: table or json (the removed memo)")
	return c
}

func runMemoRemove(opts *memoRemoveOptions) error {
	if err := checkReportFormat(opts.Format); err != nil {
		return err
	}
	id, err := parseMemoID(opts.ID)
	if err != nil {
		return err
	}
	author := opts.author(opts.Author)
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	m, err := s.RemoveMemo(author, id)
	if err != nil {
		return memoNotFound(err)
	}
	if opts.Format == formatJSON {
		return writeJSON(opts.IO.Out, m)
	}
	fmt.Fprintf(opts.IO.Out, "removed memo %d on %s by %s, %s:\n%s\n", m.ID, memoTarget(m), m.Author, m.Time.Local().Format("2006-01-02 15:04"), indent(m.Text))
	return nil
}

func indent(text string) string {
	return "  " + strings.ReplaceAll(text, "\n", "\n  ")
}

// memoShowOptions are the arguments of `plancoder memo show`.
type memoShowOptions struct {
	storeIO
	ID     string
	Format string
}

func newCmdMemoShow(f *Factory, runF func(*memoShowOptions) error) *cobra.Command {
	opts := &memoShowOptions{storeIO: newStoreIO(f)}
	c := &cobra.Command{
		Use:   "show ID",
		Short: "Show one memo in full with its history",
		Long: `Show a memo's text and its history from the event log: who added it, every
edit with the text before it, and a removal. A removed memo is shown as it
was when it was removed.`,
		Example: "  plancoder memo show 3\n  plancoder memo show 3 --format json",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.ID = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runMemoShow(opts)
		},
	}
	c.Flags().StringVar(&opts.Format, "format", formatTable, "output format: table or json (memo and history)")
	return c
}

func runMemoShow(opts *memoShowOptions) error {
	format := opts.Format
	if err := checkReportFormat(format); err != nil {
		return err
	}
	id, err := parseMemoID(opts.ID)
	if err != nil {
		return err
	}
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	m, err := s.MemoByID(id)
	removed := errors.Is(err, store.ErrNotFound)
	if err != nil && !removed {
		return err
	}
	hist, herr := s.MemoHistory(id)
	switch {
	case removed && herr != nil:
		// Neither the memo nor any trace of it: an ID never used.
		return memoNotFound(err)
	case herr != nil && !errors.Is(herr, store.ErrNotFound):
		return herr
	case removed:
		m = hist[len(hist)-1].Memo
	}
	if format == formatJSON {
		if hist == nil {
			hist = []store.MemoChange{}
		}
		return writeJSON(opts.IO.Out, map[string]any{"memo": m, "removed": removed, "history": hist})
	}
	w := opts.IO.Out
	state := ""
	if removed {
		state = " (removed)"
	}
	fmt.Fprintf(w, "memo %d on %s by %s, %s%s\n\n%s\n", m.ID, memoTarget(m), m.Author, m.Time.Local().Format("2006-01-02 15:04"), state, m.Text)
	if len(hist) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nhistory:")
	for _, h := range hist {
		verb := strings.TrimPrefix(h.Action, "memo.")
		switch verb {
		case "add":
			verb = "added"
		case "edit":
			verb = "edited; the text before:"
		case "remove":
			verb = "removed"
		case "orphan.drop":
			verb = "removed with its orphan record ('orphans drop')"
		}
		fmt.Fprintf(w, "  %s  %s  %s\n", h.Time.Local().Format("2006-01-02 15:04"), h.Actor, verb)
		if h.Action == "memo.edit" {
			var before store.Memo
			if err := json.Unmarshal(h.Before, &before); err == nil {
				fmt.Fprintf(w, "%s\n", indent(indent(before.Text)))
			}
		}
	}
	return nil
}
