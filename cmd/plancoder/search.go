package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/plancoder/plancoder/citation"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/search"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// openIndex opens the project's index, applying pending changes with a
// progress bar.
func openIndex(ctx context.Context, ios *IOStreams, p *project.Project, s *store.Store) (*index.Index, error) {
	var progress func(int, string)
	return p.OpenIndex(ctx, s, func(done, total int) {
		if progress == nil {
			progress = newProgress(ios, total, "index")
		}
		progress(done, "")
	})
}

// syncIndex brings the index up to date after a store change. The store is
// the truth: when the index cannot be updated now, the change is noted and
// applied the next time the index is opened.
func syncIndex(ctx context.Context, ios *IOStreams, p *project.Project, s *store.Store) {
	x, err := openIndex(ctx, ios, p, s)
	if err != nil {
		fmt.Fprintf(ios.Err, "plancoder: warning: search index not updated now (%v); it is brought up to date the next time it is opened\n", err)
		return
	}
	x.Close()
}

// storeIO is what a command that changes or reads the store takes from the
// Factory.
type storeIO struct {
	IO    *IOStreams
	Store func() (*project.Project, *store.Store, error)
	// Actor names who makes a change in the event log ($PLANCODER_CODER,
	// else the user's login name).
	Actor func() string
}

func newStoreIO(f *Factory) storeIO {
	return storeIO{IO: f.IOStreams, Store: f.Store, Actor: func() string { return actorName(f.Getenv) }}
}

// author is who a change is recorded for: the name given, else Actor.
func (s storeIO) author(given string) string {
	if given != "" {
		return given
	}
	return s.Actor()
}

// SearchOptions are the parsed arguments of `plancoder search`.
type SearchOptions struct {
	IO    *IOStreams
	Store func() (*project.Project, *store.Store, error)
	Ctx   context.Context // cancels opening the index and the search
	search.Options
	Codes string
	// CodesAnd and CodesNot are --code-and and --code-not: a coding query.
	CodesAnd, CodesNot []string
	GroupBy            string
	Format             string
	Explain            bool
}

func newCmdSearch(f *Factory, runF func(*SearchOptions) error) *cobra.Command {
	opts := &SearchOptions{IO: f.IOStreams, Store: f.Store}
	c := &cobra.Command{
		Use:   "search QUERY",
		Short: "Search all plans: keyword in context with citations, filters, counts",
		Long: `Search the fragments of all documents with Bleve's query-string syntax and
Dutch analysis: the forms of a word match (vrijwilliger finds vrijwilligers,
initiatief finds initiatieven, ontwikkelen finds ontwikkelde), a word finds
the compounds it is part of (transitie finds energietransitie, beleid finds
armoedebeleid and beleidsplan), diacritics are optional (financien finds
financiën), stop words are ignored. 'plancoder analyze WORD' shows the index
terms of a word; --explain shows which word of a hit matched by which term.

  vrijwilliger digitaal     either word (best matches first)
  +vrijwilliger +digitaal   both words
  +vrijwilliger -jongeren   with the one, without the other
  =transitie                the word (and its forms), not the compounds
  "openbare ruimte"         a phrase (its words exact, as with =)
  digitali*                 a prefix of the words as written; also ? wildcards and /regexp/
  digitaal~1                fuzzy (one edit)
  section:financien         a field: text, section, org, type, period, year, kind

Filters (--org, --type, --period, --year, --section, --attr) are always
applied: a hit must pass every one given. Code filters (--code, --code-and,
--code-not, --coder, --uncoded) use the codings in the store. --group-by
counts hits per organisation, document, type or period.

` + codeQueryHelp,
		Example: `  plancoder search vrijwilligersbeleid --section "zakelijk"
  plancoder search transitie --explain
  plancoder search '+digitalisering' --period 2021-2025 --group-by org
  plancoder search '"sociaal-cultureel werk"' --attr region=Limburg --format csv
  plancoder search vrijwilliger --code FIN --code-and PERS --code-not VRIJW`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if len(args) == 1 {
				opts.Query = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return runSearch(opts)
		},
	}
	fl := c.Flags()
	fl.StringVar(&opts.Org, "org", "", "only this organisation")
	fl.StringVar(&opts.Type, "type", "", "only this document type")
	fl.StringVar(&opts.Period, "period", "", "only this period, e.g. 2021-2025")
	fl.IntVar(&opts.Year, "year", 0, "only this year")
	fl.StringVar(&opts.Section, "section", "", "words that must occur in the section path")
	fl.StringArrayVar(&opts.Attrs, "attr", nil, "organisation attribute KEY=VALUE (repeatable)")
	fl.StringVar(&opts.Kind, "kind", "", "only fragments of this kind: paragraph, heading, list-item, table")
	fl.StringVar(&opts.Codes, "code", "", "only fragments coded with one of these codes (comma-separated)")
	addCodeQueryFlags(c, &opts.CodesAnd, &opts.CodesNot)
	fl.StringVar(&opts.Coder, "coder", "", "code filters use this coder's codings")
	fl.BoolVar(&opts.Uncoded, "uncoded", false, "only fragments without codings")
	fl.StringVar(&opts.GroupBy, "group-by", "", "count hits per org, doc, type or period")
	fl.IntVar(&opts.Limit, "limit", 20, "hits to show")
	fl.IntVar(&opts.Offset, "offset", 0, "hits to skip")
	fl.IntVar(&opts.Context, "context", 60, "characters of context around a match")
	fl.BoolVar(&opts.Explain, "explain", false, "show under each hit which word matched by which index term")
	addFormatFlag(c, &opts.Format)
	return c
}

// runSearch checks the options before it opens the store, then searches.
func runSearch(opts *SearchOptions) error {
	if err := checkFormat(opts.Format); err != nil {
		return err
	}
	switch opts.GroupBy {
	case "", "org", "doc", "type", "period":
		opts.Request.GroupBy = opts.GroupBy
	default:
		return usagef("--group-by %q: use org, doc, type or period", opts.GroupBy)
	}
	if opts.Org != "" {
		opts.Org = ingest.Slug(opts.Org)
	}
	for _, a := range opts.Attrs {
		if !strings.Contains(a, "=") {
			return usagef("--attr %q: use KEY=VALUE, e.g. region=Limburg", a)
		}
	}
	opts.Options.Codes = splitCodes(opts.Codes)
	opts.Options.AllCodes = splitCodeList(opts.CodesAnd)
	opts.Options.NotCodes = splitCodeList(opts.CodesNot)
	for _, r := range []struct {
		flag      string
		v, lo, hi int
	}{{"limit", opts.Limit, 1, maxLimit}, {"offset", opts.Offset, 0, maxOffset}, {"context", opts.Context, 0, maxWidth}} {
		if err := checkRange(r.flag, r.v, r.lo, r.hi); err != nil {
			return err
		}
	}
	if err := index.ParseQuery(opts.Query); err != nil {
		return err
	}
	p, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	warnUnknownOrg(opts.IO.Err, s, opts.Org)
	x, err := openIndex(opts.Ctx, opts.IO, p, s)
	if err != nil {
		return err
	}
	defer x.Close()
	res, err := search.Search(opts.Ctx, s, x, opts.Options)
	if err != nil {
		return err
	}
	w := opts.IO.Out
	switch opts.Format {
	case formatJSON:
		return writeJSON(w, res)
	case formatCSV:
		if opts.GroupBy != "" {
			t := &table{header: []string{opts.GroupBy, "label", "fragments"}}
			for _, g := range res.Groups {
				t.add(g.Value, g.Label, g.Count)
			}
			return t.print(w, formatCSV, 0)
		}
		return fromTable(search.Table(res)).print(w, formatCSV, 0)
	}
	color := opts.IO.OutTTY && !opts.IO.NoColor
	mark := func(s string) string {
		if color {
			return "\x1b[1;33m" + s + "\x1b[0m"
		}
		return "«" + s + "»"
	}
	dim := func(s string) string {
		if color {
			return "\x1b[2m" + s + "\x1b[0m"
		}
		return s
	}
	if opts.GroupBy != "" {
		what := map[string]string{"org": "organisations", "doc": "documents", "type": "document types", "period": "periods"}[opts.GroupBy]
		fmt.Fprintf(w, "%d fragments in %d of %d %s (%.1f ms)\n\n", res.Total, len(res.Groups), res.GroupOf, what, float64(res.Took.Microseconds())/1000)
		t := &table{header: []string{opts.GroupBy, "name", "fragments"}, wide: 1}
		for _, g := range res.Groups {
			t.add(g.Value, g.Label, g.Count)
		}
		return t.print(w, formatTable, opts.IO.Width)
	}
	shown := len(res.Hits)
	if shown == 0 {
		fmt.Fprintf(w, "no hits (%.1f ms)\n", float64(res.Took.Microseconds())/1000)
		return nil
	}
	fmt.Fprintf(w, "%d hits, %d-%d shown (%.1f ms)\n\n", res.Total, opts.Offset+1, opts.Offset+shown, float64(res.Took.Microseconds())/1000)
	for _, h := range res.Hits {
		cite := citation.New(h.OrgName, h.Org, h.Doc, h.Page, h.Section, h.ID)
		fmt.Fprintf(w, "%s  %s\n", h.ID, dim(cite.String()))
		for _, k := range h.KWIC {
			line := k.Before
			if k.Match != "" {
				line += mark(k.Match)
			}
			line += k.After
			fmt.Fprintf(w, "    %s\n", line)
		}
		if opts.Explain {
			var ms []string
			for _, m := range h.Matched {
				ms = append(ms, m.Word+" ("+m.Term+")")
			}
			fmt.Fprintf(w, "    %s\n", dim("matched: "+strings.Join(ms, ", ")))
		}
		fmt.Fprintln(w)
	}
	if uint64(opts.Offset+shown) < res.Total {
		fmt.Fprintf(opts.IO.Err, "more: --offset %d\n", opts.Offset+shown)
	}
	return nil
}

// reindexOptions are the arguments of `plancoder reindex`.
type reindexOptions struct {
	IO    *IOStreams
	Store func() (*project.Project, *store.Store, error)
	Ctx   context.Context // cancels the rebuild
}

func newCmdReindex(f *Factory, runF func(*reindexOptions) error) *cobra.Command {
	opts := &reindexOptions{IO: f.IOStreams, Store: f.Store}
	return &cobra.Command{
		Use:   "reindex",
		Short: "Rebuild the search index from the store",
		Long: `Rebuild the search index from scratch from the store (the single source of
truth), into a fresh folder that replaces the old index only when complete.`,
		Example: "  plancoder reindex",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if runF != nil {
				return runF(opts)
			}
			return runReindex(opts)
		},
	}
}

func runReindex(opts *reindexOptions) error {
	p, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	var progress func(int, string)
	n, err := p.Reindex(opts.Ctx, s, func(done, total int) {
		if progress == nil {
			progress = newProgress(opts.IO, total, "reindex")
		}
		progress(done, "")
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "indexed %d fragments\n", n)
	return nil
}

// checkOptions are the arguments of `plancoder check`.
type checkOptions struct {
	storeIO
	Ctx    context.Context // cancels opening the index
	Format string
	Repair bool
}

func newCmdCheck(f *Factory, runF func(*checkOptions) error) *cobra.Command {
	opts := &checkOptions{storeIO: newStoreIO(f)}
	c := &cobra.Command{
		Use:   "check",
		Short: "Check the project: store invariants and store against index",
		Long: `Verify the store's invariants and every reference, key against value: each
fragment's offsets, content hash and head; every coding, seen mark, memo and
sample unit points at an existing fragment that still holds the text it was
made on (its recorded content hash); codes exist; consensus codings lie in a
sample; orphans are whole. Then compare the store with the search index.
Opening the index first applies any changes a crash left unindexed; what
remains is reported. Exit status 1 when anything is inconsistent.

--repair first fixes what is mechanically fixable and says what it did: a
reference moves to the one fragment of its document that holds its text, or
becomes an orphan ('plancoder orphans'); hashes and heads are recomputed.`,
		Example: `  plancoder check
  plancoder check --repair
  plancoder check --format json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if runF != nil {
				return runF(opts)
			}
			return runCheck(opts)
		},
	}
	c.Flags().StringVar(&opts.Format, "format", formatTable, "output format: table or json")
	c.Flags().BoolVar(&opts.Repair, "repair", false, "fix what is mechanically fixable first and say what was done")
	return c
}

func runCheck(opts *checkOptions) error {
	format := opts.Format
	if err := checkReportFormat(format); err != nil {
		return err
	}
	p, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	if opts.Repair {
		did, err := s.Repair(opts.Actor())
		if err != nil {
			return fmt.Errorf("repair: %w", err)
		}
		for _, d := range did {
			fmt.Fprintf(opts.IO.Err, "repaired: %s\n", d)
		}
		if len(did) == 0 {
			fmt.Fprintln(opts.IO.Err, "repair: nothing to repair in the store")
		}
	}
	x, err := openIndex(opts.Ctx, opts.IO, p, s)
	if err != nil {
		return err
	}
	defer x.Close()
	r, err := project.Check(s, x)
	if err != nil {
		return err
	}
	if format == formatJSON {
		if err := writeJSON(opts.IO.Out, r); err != nil {
			return err
		}
	} else {
		w := opts.IO.Out
		fmt.Fprintf(w, "store: %d fragments; index: %d fragments; pending: %d documents\n", r.Fragments, r.Indexed, r.Pending)
		for _, e := range r.StoreProblems {
			fmt.Fprintf(w, "store: %s\n", e)
		}
		list := func(what string, ids []string) {
			if len(ids) == 0 {
				return
			}
			fmt.Fprintf(w, "%d fragments %s, e.g. %s\n", len(ids), what, strings.Join(ids[:min(5, len(ids))], ", "))
		}
		list("in the store but not in the index", r.MissingInIndex)
		list("in the index but not in the store", r.ExtraInIndex)
		list("differ between store and index (stale text or metadata)", r.StaleInIndex)
		if r.StaleAnalyzer {
			fmt.Fprintf(w, "the index was built with an older word analysis or field layout than this plancoder's: make it writable and run 'plancoder reindex'\n")
		}
		if r.NoHash > 0 {
			fmt.Fprintf(w, "%d index entries have no content hash: the index was built by an older plancoder\n", r.NoHash)
		}
		if r.OK() {
			fmt.Fprintln(w, "ok: store and index are consistent")
		} else {
			fmt.Fprintln(w, "inconsistent: run 'plancoder reindex' to rebuild the index from the store")
		}
	}
	if !r.OK() {
		return silentError{}
	}
	return nil
}
