package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/plancoder/plancoder/analysis"
	"github.com/plancoder/plancoder/citation"
	"github.com/plancoder/plancoder/csvfile"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/project"
	"github.com/plancoder/plancoder/report"
	"github.com/plancoder/plancoder/store"
	"github.com/spf13/cobra"
)

// AnalysisFlags are the filters and output flags every analysis command
// takes.
type AnalysisFlags struct {
	Filters analysis.Filters
	Codes   string
	// CodesAnd and CodesNot are --code-and and --code-not: a coding query.
	CodesAnd, CodesNot []string
	Format             string
	Out                string
	Excel              bool // --excel: CSV for Excel in a Flemish or Dutch locale
}

func addAnalysisFlags(c *cobra.Command, a *AnalysisFlags, codes bool) {
	f := c.Flags()
	f.StringVar(&a.Filters.Coder, "coder", "", "whose codings: a coder or consensus (default: consensus when it exists, else all coders)")
	f.StringVar(&a.Filters.Org, "org", "", "only this organisation")
	f.StringArrayVar(&a.Filters.Attrs, "attr", nil, "organisation attribute KEY=VALUE (repeatable)")
	f.StringVar(&a.Filters.Type, "type", "", "only this document type")
	f.StringVar(&a.Filters.Period, "period", "", "only this period")
	f.IntVar(&a.Filters.Year, "year", 0, "only this year")
	f.StringVar(&a.Filters.Section, "section", "", "words in the section path")
	f.StringVar(&a.Filters.Part, "part", "", "only this document part (see parts.yaml; default zakelijk, inhoudelijk, context, overig)")
	if codes {
		f.StringVar(&a.Codes, "code", "", "only fragments with one of these codes (comma-separated)")
		addCodeQueryFlags(c, &a.CodesAnd, &a.CodesNot)
	}
	addFormatFlag(c, &a.Format)
	f.StringVarP(&a.Out, "out", "o", "", "write to this file (created only when complete)")
	f.BoolVar(&a.Excel, "excel", false, "with --format csv: CSV that Excel opens right in a Flemish or Dutch locale (semicolons, UTF-8 BOM, CRLF, decimal commas)")
}

// analysisIO is what every analysis run takes from the Factory.
type analysisIO struct {
	IO    *IOStreams
	Abs   func(path string) (string, error)
	Store func() (*project.Project, *store.Store, error)
}

func newAnalysisIO(f *Factory) analysisIO {
	return analysisIO{IO: f.IOStreams, Abs: f.Abs, Store: f.Store}
}

// loadDataset opens the project and loads the filtered coded fragments.
func loadDataset(env analysisIO, a *AnalysisFlags) (*project.Project, *store.Store, *analysis.Dataset, error) {
	if err := checkFormat(a.Format); err != nil {
		return nil, nil, nil, err
	}
	if a.Excel && a.Format != formatCSV {
		return nil, nil, nil, usagef("--excel is for --format csv")
	}
	if a.Filters.Org != "" {
		a.Filters.Org = ingest.Slug(a.Filters.Org)
	}
	a.Filters.Codes = splitCodes(a.Codes)
	a.Filters.AllCodes = splitCodeList(a.CodesAnd)
	a.Filters.NotCodes = splitCodeList(a.CodesNot)
	p, s, err := env.Store()
	if err != nil {
		return nil, nil, nil, err
	}
	warnUnknownOrg(env.IO.Err, s, a.Filters.Org)
	rules, err := analysis.LoadRules(filepath.Join(p.Dir, "parts.yaml"))
	if err != nil {
		s.Close()
		return nil, nil, nil, err
	}
	d, err := analysis.Load(s, a.Filters, rules)
	if err != nil {
		s.Close()
		return nil, nil, nil, err
	}
	return p, s, d, nil
}

// emit writes out to --out atomically or to stdout.
func emit(env analysisIO, a *AnalysisFlags, write func(w io.Writer) error) error {
	if a.Excel && a.Format == formatCSV {
		plain := write
		write = func(w io.Writer) error {
			var buf bytes.Buffer
			if err := plain(&buf); err != nil {
				return err
			}
			return csvfile.ToExcel(w, buf.Bytes())
		}
	}
	if a.Out == "" {
		return write(env.IO.Out)
	}
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	path, err := env.Abs(a.Out)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.IO.Err, "wrote %s\n", a.Out)
	return nil
}

func ofText(n, of int, what string) string { return fmt.Sprintf("%d of %d %s", n, of, what) }

// themeOptions are the arguments of theme.
type themeOptions struct {
	analysisIO
	Flags  AnalysisFlags
	Key    string
	Quotes int
}

func newCmdTheme(f *Factory, runF func(*themeOptions) error) *cobra.Command {
	opts := &themeOptions{analysisIO: newAnalysisIO(f)}
	c := &cobra.Command{
		Use:   "theme KEY",
		Short: "One theme across all plans: reach, splits, co-occurring themes, terms, quotes, findings",
		Long: `Counts of a theme as fragments, documents and organisations ("42 of 131
organisations"), split by document type, period, document part and every
organisation attribute; the themes it co-occurs with; its distinctive terms
(against the other coded fragments); representative quotes spread over
organisations, with citations; and the findings memos on the code.

--code-and and --code-not narrow the theme to a coding query: theme VRIJW
--code-and PERS is the volunteer fragments that also speak of staff, with
the same counts, splits and quotes over those alone.`,
		Example: `  plancoder theme VRIJW
  plancoder theme DIGI --period 2021-2025 --part inhoudelijk --format json
  plancoder theme VRIJW --code-and PERS --code-not FIN`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Key = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runTheme(opts)
		},
	}
	addAnalysisFlags(c, &opts.Flags, false)
	addCodeQueryFlags(c, &opts.Flags.CodesAnd, &opts.Flags.CodesNot)
	c.Flags().IntVar(&opts.Quotes, "quotes", 6, "representative quotes")
	return c
}

func runTheme(opts *themeOptions) error {
	a := &opts.Flags
	if err := checkRange("quotes", opts.Quotes, 0, maxLimit); err != nil {
		return err
	}
	_, s, d, err := loadDataset(opts.analysisIO, a)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := d.Theme(opts.Key, opts.Quotes)
	if err != nil {
		return err
	}
	if r.Memos, err = s.Memos(store.MemoCode, r.Code.Key); err != nil {
		return err
	}
	return emit(opts.analysisIO, a, func(w io.Writer) error { return printTheme(w, a.Format, r) })
}

func printTheme(w io.Writer, format string, r *analysis.ThemeResult) error {
	switch format {
	case formatJSON:
		return writeJSON(w, r)
	case formatCSV:
		return fromTable(analysis.ThemeTable(r)).print(w, formatCSV, 0)
	}
	fmt.Fprintf(w, "%s  %s (%s)\n", r.Code.Key, r.Code.Name, r.Code.Group)
	if r.Code.Description != "" {
		fmt.Fprintf(w, "  %s\n", r.Code.Description)
	}
	fmt.Fprintf(w, "\n%d fragments in %s, %s (codings of %s)\n", r.Count.Fragments,
		ofText(r.Count.Documents, r.OfDocs, "documents"), ofText(r.Count.Organisations, r.OfOrgs, "organisations"), r.Coder)
	for _, sp := range r.Splits {
		fmt.Fprintf(w, "\nby %s:\n", sp.By)
		for _, row := range sp.Rows {
			fmt.Fprintf(w, "  %-28s %4d fragments  %3d documents  %s\n", truncate(row.Value, 28), row.Fragments, row.Documents, ofText(row.Organisations, row.OrgsInGroup, "organisations"))
		}
	}
	if len(r.Cooccurs) > 0 {
		fmt.Fprintln(w, "\nco-occurs with (same fragment):")
		for _, p := range r.Cooccurs {
			fmt.Fprintf(w, "  %-9s %-34s %4d  jaccard %.2f\n", p.Code, truncate(p.Name, 34), p.Count, p.Jaccard)
		}
	}
	if len(r.Terms) > 0 {
		fmt.Fprintln(w, "\ndistinctive terms (vs the other coded fragments):")
		for _, t := range r.Terms {
			fmt.Fprintf(w, "  %-22s %4d vs %-5d LL %7.1f  log ratio %5.2f\n", t.Example, t.Target, t.Ref, t.LL, t.LogRatio)
		}
	}
	if len(r.Quotes) > 0 {
		fmt.Fprintln(w, "\nquotes:")
		for _, q := range r.Quotes {
			cite := citation.New(q.OrgName, q.Org, q.Doc, q.Page, q.Section, q.ID)
			fmt.Fprintf(w, "  “%s”\n    — %s (%s)\n", truncate(q.Text, 400), cite, q.ID)
		}
	}
	fmt.Fprintln(w, "\nfindings:")
	if len(r.Memos) == 0 {
		fmt.Fprintf(w, "  none yet: plancoder memo add --on code:%s TEXT\n", r.Code.Key)
	}
	for _, m := range r.Memos {
		fmt.Fprintf(w, "  [%d, %s] %s\n", m.ID, m.Author, m.Text)
	}
	return nil
}

// matrixOptions are the arguments of matrix.
type matrixOptions struct {
	analysisIO
	Flags   AnalysisFlags
	Rows    string
	Cols    string
	Measure string
}

func newCmdMatrix(f *Factory, runF func(*matrixOptions) error) *cobra.Command {
	opts := &matrixOptions{analysisIO: newAnalysisIO(f)}
	c := &cobra.Command{
		Use:   "matrix --rows org|doc|type|period|year|part|attr:KEY",
		Short: "The matrix coding query: rows by a dimension, columns codes, with totals",
		Long: `Cells count fragments (default), documents or organisations with the code, or
the share of the row's organisations (of the organisation's documents, for org
rows) that use it. Row totals count distinct units with any of the column
codes; column totals distinct units with the code.`,
		Example: `  plancoder matrix --rows type
  plancoder matrix --rows attr:region --cols VRIJW,DIGI,FIN --measure organisations --format csv`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runMatrix(opts)
		},
	}
	addAnalysisFlags(c, &opts.Flags, true)
	c.Flags().StringVar(&opts.Rows, "rows", "org", "org, doc, type, period, year, part or attr:KEY")
	c.Flags().StringVar(&opts.Cols, "cols", "", "codes as columns (default all)")
	c.Flags().StringVar(&opts.Measure, "measure", "fragments", "fragments, documents, organisations or share")
	return c
}

func runMatrix(opts *matrixOptions) error {
	a := &opts.Flags
	_, s, d, err := loadDataset(opts.analysisIO, a)
	if err != nil {
		return err
	}
	defer s.Close()
	m, err := d.Matrix(opts.Rows, opts.Measure, splitCodes(opts.Cols))
	if err != nil {
		return err
	}
	return emit(opts.analysisIO, a, func(w io.Writer) error {
		if a.Format == formatJSON {
			return writeJSON(w, m)
		}
		num := func(v float64) string {
			if m.Measure == analysis.Share {
				return fmt.Sprintf("%.0f%%", 100*v)
			}
			return fmt.Sprintf("%.0f", v)
		}
		header := append([]string{opts.Rows}, m.Cols...)
		header = append(header, "total")
		t := &table{header: header}
		for i, r := range m.Rows {
			cells := []any{m.RowLabels[i]}
			if a.Format == formatCSV {
				cells[0] = r
			}
			for _, v := range m.Cells[i] {
				cells = append(cells, num(v))
			}
			cells = append(cells, num(m.RowTotals[i]))
			t.add(cells...)
		}
		tot := []any{"total"}
		for _, v := range m.ColTotals {
			tot = append(tot, num(v))
		}
		tot = append(tot, num(m.Total))
		t.add(tot...)
		if a.Format == formatTable {
			fmt.Fprintf(w, "%s per %s (codings of %s)\n\n", m.Measure, opts.Rows, d.Coder)
		}
		return t.print(w, a.Format, 0)
	})
}

// cooccurOptions are the arguments of cooccur.
type cooccurOptions struct {
	analysisIO
	Flags AnalysisFlags
	Unit  string
}

func newCmdCooccur(f *Factory, runF func(*cooccurOptions) error) *cobra.Command {
	opts := &cooccurOptions{analysisIO: newAnalysisIO(f)}
	c := &cobra.Command{
		Use:   "cooccur",
		Short: "Codes that appear together (in a fragment, section or document)",
		Long: `Code x code counts of units (fragments, sections or documents) coded with both
codes, the Jaccard index (both / either), and the strongest pairs.`,
		Example: "  plancoder cooccur --unit section",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return runCooccur(opts)
		},
	}
	addAnalysisFlags(c, &opts.Flags, true)
	c.Flags().StringVar(&opts.Unit, "unit", "fragment", "fragment, section or document")
	return c
}

func runCooccur(opts *cooccurOptions) error {
	a := &opts.Flags
	_, s, d, err := loadDataset(opts.analysisIO, a)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := d.Cooccur(opts.Unit)
	if err != nil {
		return err
	}
	return emit(opts.analysisIO, a, func(w io.Writer) error {
		switch a.Format {
		case formatJSON:
			return writeJSON(w, r)
		case formatCSV:
			return fromTable(analysis.CooccurTable(r)).print(w, formatCSV, 0)
		}
		fmt.Fprintf(w, "strongest pairs (unit: %s, codings of %s):\n", r.Unit, d.Coder)
		t := &table{header: []string{"code a", "code b", r.Unit + "s", "jaccard"}}
		for _, p := range r.Pairs {
			t.add(p.A, p.B, p.Count, fmt.Sprintf("%.3f", p.Jaccard))
		}
		return t.print(w, formatTable, opts.IO.Width)
	})
}

// trendOptions are the arguments of trend.
type trendOptions struct {
	analysisIO
	Flags AnalysisFlags
	Key   string
	By    string
}

func newCmdTrend(f *Factory, runF func(*trendOptions) error) *cobra.Command {
	opts := &trendOptions{analysisIO: newAnalysisIO(f)}
	c := &cobra.Command{
		Use:     "trend KEY --by period|year",
		Short:   "A theme over time: plans and progress reports, share of organisations mentioning it",
		Example: "  plancoder trend DIGI --by year\n  plancoder trend VRIJW --by year --org vormingplus-kempen",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Key = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runTrend(opts)
		},
	}
	addAnalysisFlags(c, &opts.Flags, false)
	c.Flags().StringVar(&opts.By, "by", "year", "period or year")
	return c
}

func runTrend(opts *trendOptions) error {
	a := &opts.Flags
	org := a.Filters.Org
	a.Filters.Org = "" // the per-organisation view needs every document for the denominators
	_, s, d, err := loadDataset(opts.analysisIO, a)
	if err != nil {
		return err
	}
	defer s.Close()
	rows, err := d.Trend(opts.Key, opts.By, ingest.Slug(org))
	if err != nil {
		return err
	}
	return emit(opts.analysisIO, a, func(w io.Writer) error {
		if a.Format == formatJSON {
			return writeJSON(w, rows)
		}
		return fromTable(analysis.TrendTable(rows, opts.By)).print(w, a.Format, opts.IO.Width)
	})
}

// termsOptions are the arguments of terms.
type termsOptions struct {
	analysisIO
	Flags AnalysisFlags
	Key   string
	Vs    string
	Limit int
}

func newCmdTerms(f *Factory, runF func(*termsOptions) error) *cobra.Command {
	opts := &termsOptions{analysisIO: newAnalysisIO(f)}
	c := &cobra.Command{
		Use:   "terms KEY [--vs rest|code:OTHER]",
		Short: "Distinctive terms of a theme: log-likelihood keyness and log-ratio effect size",
		Long: `Stemmed terms (the index's Dutch stemmer) over-represented in the fragments
of a theme compared with the other coded fragments (--vs rest) or with
another theme (--vs code:OTHER): Dunning's log-likelihood G2 for keyness (3.84
is p < .05, 10.83 p < .001) and Hardie's log ratio (log2 of the ratio of
relative frequencies) for effect size. Terms occurring fewer than 3 times
are left out.`,
		Example: "  plancoder terms VRIJW\n  plancoder terms VRIJW --vs code:PERS --format csv",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Key = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runTerms(opts)
		},
	}
	addAnalysisFlags(c, &opts.Flags, false)
	c.Flags().StringVar(&opts.Vs, "vs", "rest", "rest or code:OTHER")
	c.Flags().IntVar(&opts.Limit, "limit", 30, "terms to list")
	return c
}

func runTerms(opts *termsOptions) error {
	a := &opts.Flags
	if err := checkRange("limit", opts.Limit, 0, maxLimit); err != nil {
		return err
	}
	_, s, d, err := loadDataset(opts.analysisIO, a)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := d.Code(opts.Key); err != nil {
		return err
	}
	ts := d.Terms(opts.Key, opts.Vs, opts.Limit)
	return emit(opts.analysisIO, a, func(w io.Writer) error {
		if a.Format == formatJSON {
			if ts == nil {
				ts = []analysis.Term{}
			}
			return writeJSON(w, ts)
		}
		return fromTable(analysis.TermsTable(ts)).print(w, a.Format, opts.IO.Width)
	})
}

// kwicOptions are the arguments of kwic.
type kwicOptions struct {
	analysisIO
	Flags AnalysisFlags
	Term  string
	Sort  string
	Width int
}

func newCmdKWIC(f *Factory, runF func(*kwicOptions) error) *cobra.Command {
	opts := &kwicOptions{analysisIO: newAnalysisIO(f)}
	c := &cobra.Command{
		Use:   "kwic TERM [--code KEY]",
		Short: "Concordance: every occurrence of a word (all its forms) in context",
		Long: `Concordance lines for every word a search for TERM finds (its forms, and the
compounds it is part of: transitie also gives energietransitie), in the
fragments coded with --code (or all coded fragments), sorted by the left or
right context, each with its citation.

` + codeQueryHelp,
		Example: `  plancoder kwic vrijwilliger --code VRIJW --sort right
  plancoder kwic middelen --code FIN --code-and PERS --code-not VRIJW`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Term = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runKWIC(opts)
		},
	}
	addAnalysisFlags(c, &opts.Flags, true)
	c.Flags().StringVar(&opts.Sort, "sort", "", "sort by left or right context (default: document order)")
	c.Flags().IntVar(&opts.Width, "width", 40, "characters of context each side")
	return c
}

func runKWIC(opts *kwicOptions) error {
	a := &opts.Flags
	sortBy, width := opts.Sort, opts.Width
	if sortBy != "" && sortBy != "left" && sortBy != "right" {
		return usagef("--sort %q: use left or right", sortBy)
	}
	if err := checkRange("width", width, 0, maxWidth); err != nil {
		return err
	}
	if err := index.ParseQuery(opts.Term); err != nil {
		return err
	}
	if _, ok := index.WordMatcher(opts.Term); !ok {
		return fmt.Errorf("kwic %s: no word to look for (a stop word, or no letters)", store.Quote(opts.Term))
	}
	_, s, d, err := loadDataset(opts.analysisIO, a)
	if err != nil {
		return err
	}
	defer s.Close()
	names, titles := map[string]string{}, map[string]string{}
	for id := range d.Orgs {
		names[id] = d.OrgName(id)
	}
	for id, doc := range d.Docs {
		titles[id] = doc.Title
	}
	lines := analysis.KWIC(d.WithText(d.Frags), names, titles, opts.Term, width, sortBy)
	return emit(opts.analysisIO, a, func(w io.Writer) error {
		if a.Format == formatJSON {
			if lines == nil {
				lines = []analysis.Line{}
			}
			return writeJSON(w, lines)
		}
		t := &table{header: []string{"left", "match", "right", "fragment", "org"}}
		for _, l := range lines {
			left := l.Left
			if a.Format == formatTable {
				left = fmt.Sprintf("%*s", width, truncLeft(left, width))
			}
			t.add(left, l.Match, truncate(l.Right, width), l.ID, l.OrgName)
		}
		if a.Format == formatTable {
			fmt.Fprintf(w, "%d lines\n", len(lines))
		}
		return t.print(w, a.Format, 0)
	})
}

func truncLeft(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n+1:])
}

// exportOptions are the arguments of export.
type exportOptions struct {
	analysisIO
	Flags   AnalysisFlags
	What    string
	Rows    string
	Measure string

	Ctx context.Context // cancels a qdpx export
}

func newCmdExport(f *Factory, runF func(*exportOptions) error) *cobra.Command {
	opts := &exportOptions{analysisIO: newAnalysisIO(f)}
	c := &cobra.Command{
		Use:   "export --what fragments|codings|matrix --format csv|xlsx|jsonl|qdc|qdpx",
		Short: "Tables for Excel or R; the codebook or whole project for other QDA tools (REFI-QDA)",
		Long: `Export the coded material with the same filters as the analyses: fragments (one
row per coded fragment with citation, part, codes and text), codings (one row
per fragment, code and coder) or the matrix (--rows, --measure). xlsx writes
one sheet per table with a bold, frozen header row; --what all writes every
table into one workbook. --excel writes CSV that Excel opens right in a
Flemish or Dutch locale: semicolons, a UTF-8 BOM, CRLF and decimal commas.

--format qdc writes the codebook and --format qdpx the whole project in the
REFI-QDA exchange standard, which NVivo, ATLAS.ti, MAXQDA and QualCoder read:
users, codebook (groups as parent codes), organisations as cases with their
attributes as variables, every document as a text source, every coded
fragment as a selection (positions in Unicode code points), memos as notes.
The same code keeps its GUID across exports.`,
		Example: `  plancoder export --what fragments --format xlsx -o coded.xlsx
  plancoder export --format qdpx --out project.qdpx
  plancoder export --format qdc --out codebook.qdc
  plancoder export --what matrix --rows attr:region --measure organisations --format csv
  plancoder export --what matrix --rows part --measure share --excel -o matrix.csv`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if runF != nil {
				return runF(opts)
			}
			return runExport(opts)
		},
	}
	addAnalysisFlags(c, &opts.Flags, true)
	c.Flags().Lookup("format").Usage = "csv, xlsx, jsonl, qdc (REFI-QDA codebook) or qdpx (REFI-QDA project)"
	c.Flags().Lookup("format").DefValue = "csv"
	c.Flags().Set("format", "csv")
	c.Flags().StringVar(&opts.What, "what", "fragments", "fragments, codings, matrix or all")
	c.Flags().StringVar(&opts.Rows, "rows", "org", "matrix rows: org, doc, type, period, year, part or attr:KEY")
	c.Flags().StringVar(&opts.Measure, "measure", "fragments", "matrix cells: fragments, documents, organisations or share")
	return c
}

func runExport(opts *exportOptions) error {
	a := &opts.Flags
	format := a.Format
	excel := a.Excel
	if excel && format != "csv" {
		return usagef("--excel is for --format csv (xlsx opens in Excel as it is)")
	}
	a.Excel = false // WriteCSV writes the Excel form itself
	switch format {
	case "csv", "xlsx", "jsonl":
	case "qdc", "qdpx":
		return runExchangeExport(opts.Ctx, opts.analysisIO, format, a.Out)
	default:
		return usagef("--format %q: use csv, xlsx, jsonl, qdc or qdpx", format)
	}
	if format == "xlsx" && a.Out == "" && opts.IO.OutTTY {
		return usagef("xlsx is binary: give -o FILE.xlsx")
	}
	a.Format = formatTable // loadDataset checks the analysis formats
	_, s, d, err := loadDataset(opts.analysisIO, a)
	if err != nil {
		return err
	}
	defer s.Close()
	var tables []analysis.Table
	switch opts.What {
	case "fragments":
		tables = append(tables, d.FragmentsTable())
	case "codings":
		tables = append(tables, d.CodingsTable())
	case "matrix":
		m, err := d.Matrix(opts.Rows, opts.Measure, nil)
		if err != nil {
			return err
		}
		tables = append(tables, analysis.MatrixTable(m, opts.Rows))
	case "all":
		if format != "xlsx" {
			return usagef("--what all needs --format xlsx")
		}
		m, err := d.Matrix(opts.Rows, opts.Measure, nil)
		if err != nil {
			return err
		}
		tables = append(tables, d.FragmentsTable(), d.CodingsTable(), analysis.MatrixTable(m, opts.Rows))
	default:
		return usagef("--what %q: use fragments, codings, matrix or all", opts.What)
	}
	return emit(opts.analysisIO, a, func(w io.Writer) error {
		switch format {
		case "xlsx":
			return analysis.WriteXLSX(w, tables...)
		case "jsonl":
			return analysis.WriteJSONL(w, tables[0])
		}
		return analysis.WriteCSV(w, tables[0], excel)
	})
}

// reportOptions are the arguments of report.
type reportOptions struct {
	analysisIO
	Flags  AnalysisFlags
	Report report.Options
	Codes  string           // --codes, split into Report.Codes
	Now    func() time.Time // the report's date
}

func newCmdReport(f *Factory, runF func(*reportOptions) error) *cobra.Command {
	opts := &reportOptions{analysisIO: newAnalysisIO(f), Now: f.Now}
	c := &cobra.Command{
		Use:   "report --out report.html",
		Short: "The steering-group report: one self-contained HTML file",
		Long: `Write one HTML file that works offline and prints on A4: an overview (corpus,
coders, reach and reliability per theme) and a section per theme with its
definition, figures, charts (organisations by type, period, part and
attribute; a heatmap), co-occurring themes, distinctive terms, quotes with
citations, the findings memos on the code and the theme's agreement in the
reliability sample. Filters narrow the material like the other analyses.

The reliability sample is the one named with --sample, else the one with the
most pairable values, provided it has at least 120 (Krippendorff's minimum
for the most favourable distribution; see 'plancoder agree --help'). The
cover names it, the units coded by all coders and the unit of agreement
(every fragment, headings included); a code or sample below its minimum
gets its alpha but no verdict.`,
		Example: `  plancoder report --out report.html
  plancoder report --out zakelijk.html --part zakelijk --codes FIN,PERS,VRIJW`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if c.Flags().Changed("format") {
				return usagef("--format: the report is always one HTML file (theme, matrix and export write table, CSV or JSON)")
			}
			if runF != nil {
				return runF(opts)
			}
			return runReport(opts)
		},
	}
	addAnalysisFlags(c, &opts.Flags, false)
	// The report is HTML only; --format is refused (above) and not offered.
	_ = c.Flags().MarkHidden("format")
	c.Flags().StringVar(&opts.Codes, "codes", "", "themes to include (default: every code with codings)")
	c.Flags().StringVar(&opts.Report.Sample, "sample", "", "reliability sample to report (default: the one with most pairable values, if it has enough for a verdict)")
	c.Flags().StringVar(&opts.Report.Title, "title", "", "report title")
	c.Flags().IntVar(&opts.Report.Quotes, "quotes", 6, "quotes per theme")
	return c
}

func runReport(opts *reportOptions) error {
	a := &opts.Flags
	if a.Out == "" {
		return usagef("give --out FILE.html")
	}
	if err := checkRange("quotes", opts.Report.Quotes, 0, maxLimit); err != nil {
		return err
	}
	_, s, d, err := loadDataset(opts.analysisIO, a)
	if err != nil {
		return err
	}
	defer s.Close()
	o := opts.Report
	o.Codes = splitCodes(opts.Codes)
	o.Now = opts.Now()
	return emit(opts.analysisIO, a, func(w io.Writer) error { return report.Build(w, s, d, o) })
}
