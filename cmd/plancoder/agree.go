package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/plancoder/plancoder/citation"
	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/reliability"
	"github.com/spf13/cobra"
)

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func newCmdSample(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "sample",
		Short: "Reliability samples: fixed sets of fragments that several coders code independently",
		Example: `  plancoder sample create pilot2 --docs 15 --stratify type --coders ann,bob,chris
  plancoder sample list
  plancoder sample show pilot2`,
	}
	c.AddCommand(newCmdSampleCreate(f, nil), newCmdSampleList(f, nil), newCmdSampleShow(f, nil))
	return c
}

// sampleCreateOptions are the parsed arguments of `plancoder sample create`.
type sampleCreateOptions struct {
	runIO
	Sample coding.SampleOptions
}

func newCmdSampleCreate(f *Factory, runF func(*sampleCreateOptions) error) *cobra.Command {
	opts := &sampleCreateOptions{runIO: newRunIO(f)}
	o := &opts.Sample
	var coders string
	var seed int64
	create := &cobra.Command{
		Use:   "create NAME (--docs N | --doc DOC...) --coders a,b,c",
		Short: "Draw a sample of documents for coders to code independently",
		Long: `Draw a sample: --docs N documents at random (seeded; --stratify type, period or
attr:KEY spreads them over the strata in proportion, at least one per stratum
when N allows) or the documents named with --doc. All their fragments form
the sample. Each coder codes it with 'plancoder code --sample NAME', without
seeing the others' codings.`,
		Example: `  plancoder sample create pilot --docs 15 --stratify attr:sector --coders ann,bob,chris,dirk,eva
  plancoder sample create twee --doc plan-a --doc plan-b --coders ann,bob`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			o.Name = args[0]
			o.Coders = splitList(coders)
			o.Seed = uint64(seed)
			if (o.Docs > 0) == (len(o.DocIDs) > 0) {
				return usagef("give either --docs N or --doc DOC")
			}
			if runF != nil {
				return runF(opts)
			}
			return runSampleCreate(opts)
		},
	}
	create.Flags().IntVar(&o.Docs, "docs", 0, "number of documents to draw")
	create.Flags().StringArrayVar(&o.DocIDs, "doc", nil, "a document to include (repeatable)")
	create.Flags().Int64Var(&seed, "seed", 1, "random seed")
	create.Flags().StringVar(&o.Stratify, "stratify", "", "type, period or attr:KEY")
	create.Flags().StringVar(&coders, "coders", "", "coders who code the sample (comma-separated)")
	return create
}

func runSampleCreate(opts *sampleCreateOptions) error {
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	sm, err := coding.CreateSample(s, actorName(opts.Getenv), opts.Sample)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "sample %s: %d documents, %d fragments, coders %s\n", sm.Name, len(sm.Docs), len(sm.Fragments), strings.Join(sm.Coders, ", "))
	for _, d := range sm.Docs {
		fmt.Fprintf(opts.IO.Out, "  %s\n", d)
	}
	return nil
}

// sampleListOptions are the parsed arguments of `plancoder sample list`.
type sampleListOptions struct {
	runIO
}

func newCmdSampleList(f *Factory, runF func(*sampleListOptions) error) *cobra.Command {
	opts := &sampleListOptions{runIO: newRunIO(f)}
	return &cobra.Command{
		Use:     "list",
		Short:   "List samples",
		Example: "  plancoder sample list",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if runF != nil {
				return runF(opts)
			}
			return runSampleList(opts)
		},
	}
}

func runSampleList(opts *sampleListOptions) error {
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	sms, err := s.Samples()
	if err != nil {
		return err
	}
	t := &table{header: []string{"name", "documents", "fragments", "coders", "created"}}
	for _, sm := range sms {
		t.add(sm.Name, len(sm.Docs), len(sm.Fragments), strings.Join(sm.Coders, ","), sm.Created.Local().Format("2006-01-02"))
	}
	return t.print(opts.IO.Out, formatTable, opts.IO.Width)
}

// sampleShowOptions are the parsed arguments of `plancoder sample show`.
type sampleShowOptions struct {
	runIO
	Name string
}

func newCmdSampleShow(f *Factory, runF func(*sampleShowOptions) error) *cobra.Command {
	opts := &sampleShowOptions{runIO: newRunIO(f)}
	return &cobra.Command{
		Use:     "show NAME",
		Short:   "Show a sample and how far each coder is",
		Example: "  plancoder sample show pilot",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return runSampleShow(opts)
		},
	}
}

func runSampleShow(opts *sampleShowOptions) error {
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	sm, err := s.Sample(opts.Name)
	if err != nil {
		return err
	}
	w := opts.IO.Out
	fmt.Fprintf(w, "sample %s (seed %d%s): %d documents, %d fragments\n", sm.Name, sm.Seed, strings.TrimSuffix(", stratified by "+sm.Stratify, ", stratified by "), len(sm.Docs), len(sm.Fragments))
	fmt.Fprintf(w, "units of agreement: %s\n", coding.UnitRule)
	for _, d := range sm.Docs {
		fmt.Fprintf(w, "  %s\n", d)
	}
	progress, err := coding.SampleProgress(s, sm)
	if err != nil {
		return err
	}
	t := &table{header: []string{"coder", "seen", "of"}}
	for _, c := range progress {
		t.add(c.Coder, c.Seen, c.Of)
	}
	fmt.Fprintln(w)
	return t.print(w, formatTable, opts.IO.Width)
}

// agreeOptions are the parsed arguments of `plancoder agree`.
type agreeOptions struct {
	runIO
	Sample    string
	Data      string
	Level     string
	Coders    string
	Code      string
	Bootstrap int
	Seed      int64
	Threshold float64
	Format    string
}

const agreeDefinitions = `
Definitions (each coefficient is printed to three decimals, or "undefined"
with the reason, e.g. no variation when every value is the same):
  krippendorff_alpha   1 - Do/De over pairable values (units with >= 2 values),
                       at the level given (nominal, ordinal, interval, ratio;
                       1 - MASI as the distance for sets of codes). Missing
                       values are allowed.
  percent_agreement    mean, over units with >= 2 values, of the share of
                       coder pairs whose values are equal
  cohen_kappa          2 coders, units both coded: (po - pe) / (1 - pe), pe
                       from each coder's own marginals
  cohen_kappa_pairs    the same for every pair of coders, keyed a~b;
  cohen_kappa_mean_pairwise  their mean
  scott_pi             2 coders: like kappa with pooled marginals
  fleiss_kappa         only when every unit has the same number of ratings
  units, pairable_values  units with a value, and values in units with >= 2
  min_pairable_values  Krippendorff's minimum: the pairable values needed to
                       tell alpha from .667 at p = .05 (one-tailed), given the
                       share pc of the rarer value: 2N with N = 2z²[(1+a)(3-a)
                       / (4(1-a)pc(1-pc)) - a] units of two coders (Bloch &
                       Kraemer 1989, as Krippendorff 2004/2019 gives it)
  enough_data          pairable_values >= min_pairable_values (per code on a
                       sample; with --data, nominal: pc of the rarest value,
                       other levels: the floor of 120 for pc = .5)
Units of agreement: every fragment of the sample, headings included (coders
see and can code headings, and codings on headings count in theme, matrix
and the report). Verdicts (Krippendorff): alpha >= .800 reliable, >= .667
tentative, below that not reliable; "too little data" instead when a code
has fewer pairable values than its minimum, or the sample fewer than 120
(the minimum for the most favourable pc = .5). --bootstrap N draws the sampling distribution of alpha as
Hayes & Krippendorff (2007) do and reports the 95% interval and the
probability that alpha is below --threshold.`

func newCmdAgree(f *Factory, runF func(*agreeOptions) error) *cobra.Command {
	opts := &agreeOptions{runIO: newRunIO(f)}
	c := &cobra.Command{
		Use:   "agree (--sample NAME | --data FILE.csv --level LEVEL)",
		Short: "Inter-coder reliability: per code and overall, with verdicts and confusions",
		Long: `On a sample (--sample NAME), each code is judged per fragment as present or
absent per coder; a coder who has not looked at a fragment is missing, not
"absent". Per code: percent agreement, Cohen's kappa (2 coders; the pairs and
their mean for more), Fleiss' kappa, Krippendorff's alpha, units and pairable
values, and a verdict; codes are listed worst first. Overall: Krippendorff's
alpha on the code sets with MASI distance, and the mean of the per-code
alphas. The confusion table lists the pairs of codes coders swap for the same
fragment.

With --data FILE.csv (no project needed) the same statistics are computed for
reliability data coded anywhere: a header unit,coder,value and one row per
value given; a coder who did not code a unit has no row. For --level set the
value lists codes separated by ";" and an empty value is the empty set.
` + agreeDefinitions,
		Example: `  plancoder agree --sample pilot
  plancoder agree --sample pilot --code VRIJW --bootstrap 1000
  plancoder agree --data ratings.csv --level ordinal --format json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if err := checkFormat(opts.Format); err != nil {
				return err
			}
			if (opts.Sample == "") == (opts.Data == "") {
				return usagef("give --sample NAME or --data FILE.csv")
			}
			if opts.Bootstrap < 0 || opts.Bootstrap > 100000 {
				return usagef("--bootstrap: 0 to 100000 draws")
			}
			if runF != nil {
				return runF(opts)
			}
			return runAgree(opts)
		},
	}
	fl := c.Flags()
	fl.StringVar(&opts.Sample, "sample", "", "sample to analyse")
	fl.StringVar(&opts.Data, "data", "", "reliability data file (unit,coder,value)")
	fl.StringVar(&opts.Level, "level", "nominal", "with --data: nominal, ordinal, interval, ratio or set")
	fl.StringVar(&opts.Coders, "coders", "", "only these coders (comma-separated)")
	fl.StringVar(&opts.Code, "code", "", "only these codes (comma-separated)")
	fl.IntVar(&opts.Bootstrap, "bootstrap", 0, "bootstrap draws for alpha's confidence interval")
	fl.Int64Var(&opts.Seed, "seed", 1, "bootstrap seed")
	fl.Float64Var(&opts.Threshold, "threshold", 0.667, "report the probability that alpha is below this")
	addFormatFlag(c, &opts.Format)
	return c
}

// runAgree reports reliability on a data file (--data) or a sample.
func runAgree(opts *agreeOptions) error {
	if opts.Data != "" {
		return runAgreeData(opts)
	}
	return runAgreeSample(opts)
}

func runAgreeData(opts *agreeOptions) error {
	level, err := reliability.ParseLevel(opts.Level)
	if err != nil {
		return usagef("%v", err)
	}
	// The file is relative to the run's working directory; errors name it
	// as given.
	path, err := opts.Abs(opts.Data)
	if err != nil {
		return err
	}
	fh, err := os.Open(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Path = opts.Data
		}
		return err
	}
	defer fh.Close()
	m, err := reliability.ReadData(opts.Data, fh, level)
	if err != nil {
		return err
	}
	st, err := reliability.Compute(m, level)
	if err != nil {
		return fmt.Errorf("%s: %w", opts.Data, err)
	}
	minimum, err := reliability.Minimum(m, level)
	if err != nil {
		return fmt.Errorf("%s: %w", opts.Data, err)
	}
	enough := minimum >= 0 && st.PairableValues >= minimum
	verdict := reliability.Verdict(st.Alpha)
	if !enough && st.Alpha.Value != nil {
		verdict = coding.TooLittleData
	}
	var ci *reliability.BootstrapCI
	if opts.Bootstrap > 0 && st.Alpha.Value != nil {
		draws, err := reliability.Bootstrap(m, level, opts.Bootstrap, uint64(opts.Seed))
		if err != nil {
			return err
		}
		s := reliability.Summarise(draws, opts.Threshold)
		ci = &s
	}
	if opts.Format == formatJSON {
		type out struct {
			reliability.Stats
			Level     string                   `json:"level"`
			Coders    int                      `json:"coders"`
			Verdict   string                   `json:"verdict"`
			Min       int                      `json:"min_pairable_values"`
			Enough    bool                     `json:"enough_data"`
			Bootstrap *reliability.BootstrapCI `json:"bootstrap,omitempty"`
		}
		return writeJSON(opts.IO.Out, out{Stats: st, Level: string(level), Coders: len(m.Coders), Verdict: verdict, Min: minimum, Enough: enough, Bootstrap: ci})
	}
	t := &table{header: []string{"coefficient", "value"}}
	t.add("krippendorff_alpha ("+string(level)+")", st.Alpha)
	t.add("percent_agreement", st.PercentAgreement)
	t.add("cohen_kappa", st.CohenKappa)
	var pairs []string
	for k := range st.CohenPairs {
		pairs = append(pairs, k)
	}
	sort.Strings(pairs)
	for _, k := range pairs {
		t.add("cohen_kappa "+k, st.CohenPairs[k])
	}
	t.add("cohen_kappa_mean_pairwise", st.CohenMean)
	t.add("scott_pi", st.ScottPi)
	t.add("fleiss_kappa", st.FleissKappa)
	t.add("units", st.Units)
	t.add("pairable_values", st.PairableValues)
	t.add("coders", len(m.Coders))
	t.add("min_pairable_values", minimum)
	t.add("enough_data", enough)
	t.add("verdict", verdict)
	if ci != nil {
		t.add("alpha 95% interval", fmt.Sprintf("%.3f – %.3f (%d draws)", ci.Low, ci.High, ci.Draws))
		t.add(fmt.Sprintf("P(alpha < %.3f)", ci.Threshold), fmt.Sprintf("%.3f", ci.PBelow))
	}
	if opts.Format == formatCSV {
		return t.print(opts.IO.Out, formatCSV, 0)
	}
	return t.print(opts.IO.Out, formatTable, opts.IO.Width)
}

func runAgreeSample(opts *agreeOptions) error {
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	rep, err := coding.AgreeSample(s, opts.Sample, coding.AgreeOptions{
		Coders: splitList(opts.Coders), Codes: splitList(opts.Code), Bootstrap: opts.Bootstrap,
		Seed: uint64(opts.Seed), Threshold: opts.Threshold,
	})
	if err != nil {
		return err
	}
	if opts.Format == formatJSON {
		return writeJSON(opts.IO.Out, rep)
	}
	kappaName, kappaLong := "mean_kappa", "cohen_kappa_mean_pairwise"
	kappa := func(st reliability.Stats) reliability.Coefficient { return st.CohenMean }
	if len(rep.Coders) == 2 {
		kappaName, kappaLong = "kappa", "cohen_kappa"
		kappa = func(st reliability.Stats) reliability.Coefficient { return st.CohenKappa }
	}
	if opts.Format == formatCSV && opts.Bootstrap == 0 {
		h, rows := rep.Table() // the table the web pages give too
		return (&table{header: h, rows: rows}).print(opts.IO.Out, formatCSV, 0)
	}
	// Short column names on a terminal (with the legend below the table),
	// the JSON field names in CSV, so every column says what it holds.
	t := &table{header: []string{"code", "name", "alpha", "verdict", "agreement", kappaName, "fleiss", "codings", "units", "pairable", "min", "data"}, wide: 1}
	if opts.Format == formatCSV {
		t.header = []string{"code", "name", "krippendorff_alpha", "verdict", "percent_agreement", kappaLong, "fleiss_kappa", "codings", "units", "pairable_values", "min_pairable_values", "enough_data"}
	}
	if opts.Bootstrap > 0 {
		t.header = append(t.header, "95% interval", fmt.Sprintf("P(<%.3f)", opts.Threshold))
	}
	for _, ca := range rep.Codes {
		alpha := ca.Stats.Alpha.String()
		if ca.Stats.Alpha.Value == nil {
			alpha = "–"
		}
		minimum, data := fmt.Sprint(ca.MinPairable), "ok"
		if ca.MinPairable < 0 {
			minimum = "–"
		}
		if !ca.Enough {
			data = "sparse"
		}
		if opts.Format == formatCSV {
			data = fmt.Sprint(ca.Enough)
			if ca.MinPairable < 0 {
				minimum = ""
			}
		}
		row := []any{ca.Code, ca.Name, alpha, ca.Verdict, ca.Stats.PercentAgreement, short(kappa(ca.Stats)), short(ca.Stats.FleissKappa), ca.Used, ca.Stats.Units, ca.Stats.PairableValues, minimum, data}
		if opts.Bootstrap > 0 {
			if ca.CI != nil {
				row = append(row, fmt.Sprintf("%.3f–%.3f", ca.CI.Low, ca.CI.High), fmt.Sprintf("%.3f", ca.CI.PBelow))
			} else {
				row = append(row, "–", "–")
			}
		}
		t.add(row...)
	}
	if opts.Format == formatCSV {
		return t.print(opts.IO.Out, formatCSV, 0)
	}
	w := opts.IO.Out
	fmt.Fprintf(w, "sample %s: coders %s\n", rep.Sample, strings.Join(rep.Coders, ", "))
	fmt.Fprintf(w, "units of agreement: %s: %d, of which %d coded by all coders", rep.UnitRule, rep.Fragments, rep.Complete)
	if rep.Complete < rep.Fragments {
		fmt.Fprint(w, " (not every coder has finished: the figures are on what is coded)")
	}
	fmt.Fprint(w, "\n\n")
	if err := t.print(w, formatTable, opts.IO.Width); err != nil {
		return err
	}
	kappaText := "mean of the pairwise Cohen's kappas (one per pair of coders)"
	if len(rep.Coders) == 2 {
		kappaText = "Cohen's kappa"
	}
	fmt.Fprintf(w, `
columns:
  alpha      Krippendorff's alpha, nominal (present/absent per unit)
  verdict    from alpha: >= .800 reliable, >= .667 tentative, else not reliable;
             "too little data" when pairable < min
  agreement  percent agreement: share of coder pairs giving the same value (0-1)
  %-10s %s
  fleiss     Fleiss' kappa (only when every unit has the same number of coders)
  codings    the coders' codings with the code
  units      units with a value; pairable: values in units with >= 2 values
  min        pairable values the code needs: Krippendorff's minimum for telling
             alpha from .667 at p = .05, given how often the code is used
             (– never used: no number is enough)
  data       ok, or sparse: pairable < min, so no verdict
`, kappaName, kappaText)
	overall := fmt.Sprintf("%s (%s; %d pairable values, a verdict needs %d)", rep.Overall.Alpha, rep.Verdict, rep.Overall.PairableValues, rep.MinPairable)
	fmt.Fprintf(w, "\noverall: alpha on code sets (MASI) %s; mean alpha of the codes with enough data %s\n", overall, rep.MeanAlpha)
	if rep.OverallCI != nil {
		fmt.Fprintf(w, "  95%% interval %.3f–%.3f; P(alpha < %.3f) = %.3f (%d draws)\n", rep.OverallCI.Low, rep.OverallCI.High, rep.OverallCI.Threshold, rep.OverallCI.PBelow, rep.OverallCI.Draws)
	}
	for _, ca := range rep.Codes {
		if ca.Stats.Alpha.Value == nil {
			fmt.Fprintf(w, "  %s: %s\n", ca.Code, ca.Stats.Alpha.Reason)
		}
	}
	sparse := 0
	for _, ca := range rep.Codes {
		if !ca.Enough {
			sparse++
		}
	}
	if sparse > 0 {
		fmt.Fprintf(w, "  %d of %d codes have too little data for a verdict (data = sparse): code more of the sample, or a larger one\n", sparse, len(rep.Codes))
	}
	if len(rep.Swaps) > 0 {
		fmt.Fprintln(w, "\ncodes coders swap for the same fragment (times, over coder pairs):")
		for _, sw := range rep.Swaps {
			fmt.Fprintf(w, "  %-10s <-> %-10s %d\n", sw.A, sw.B, sw.Count)
		}
	}
	var weak []string
	for _, ca := range rep.Codes {
		if ca.Verdict == "not reliable" {
			weak = append(weak, ca.Code)
		}
	}
	if len(weak) > 0 {
		fmt.Fprintf(w, "\nnext: sharpen the definitions of %s ('plancoder codebook edit KEY --include/--exclude'), look at 'plancoder disagreements --sample %s --code %s', then code a new sample\n", strings.Join(weak, ", "), rep.Sample, weak[0])
	}
	return nil
}

func short(c reliability.Coefficient) string {
	if c.Value == nil {
		return "–"
	}
	return c.String()
}

// disagreementsOptions are the parsed arguments of `plancoder disagreements`.
type disagreementsOptions struct {
	runIO
	Sample, Code, Coders, Format string
}

func newCmdDisagreements(f *Factory, runF func(*disagreementsOptions) error) *cobra.Command {
	opts := &disagreementsOptions{runIO: newRunIO(f)}
	c := &cobra.Command{
		Use:     "disagreements --sample NAME [--code KEY]",
		Short:   "The sample fragments where coders differ: text, citation, who chose what",
		Example: "  plancoder disagreements --sample pilot --code VRIJW",
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if opts.Sample == "" {
				return usagef("give --sample NAME")
			}
			if err := checkFormat(opts.Format); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return runDisagreements(opts)
		},
	}
	c.Flags().StringVar(&opts.Sample, "sample", "", "sample")
	c.Flags().StringVar(&opts.Code, "code", "", "only disagreements about this code")
	c.Flags().StringVar(&opts.Coders, "coders", "", "only these coders (comma-separated)")
	addFormatFlag(c, &opts.Format)
	return c
}

func runDisagreements(opts *disagreementsOptions) error {
	format := opts.Format
	_, s, err := opts.Store()
	if err != nil {
		return err
	}
	defer s.Close()
	if err := knownCodes(s, splitCodes(opts.Code)); err != nil {
		return err
	}
	ds, err := coding.Disagreements(s, opts.Sample, strings.ToUpper(opts.Code), splitList(opts.Coders))
	if err != nil {
		return err
	}
	if format == formatJSON {
		if ds == nil {
			ds = []coding.Disagreement{}
		}
		return writeJSON(opts.IO.Out, ds)
	}
	if format == formatCSV {
		t := &table{header: []string{"fragment", "coder", "codes"}}
		for _, d := range ds {
			for _, cd := range sortedKeys(d.ByCoder) {
				t.add(d.Fragment, cd, strings.Join(d.ByCoder[cd], ";"))
			}
		}
		return t.print(opts.IO.Out, formatCSV, 0)
	}
	w := opts.IO.Out
	fmt.Fprintf(w, "%d fragments where the coders differ\n\n", len(ds))
	orgOf := map[string]string{} // document -> organisation's name
	for _, d := range ds {
		f, err := s.Fragment(d.Fragment)
		if err != nil {
			continue
		}
		org, ok := orgOf[f.Doc]
		if !ok {
			if doc, err := s.Document(f.Doc); err == nil {
				org = doc.Org
				if o, err := s.Organisation(doc.Org); err == nil && o.Name != "" {
					org = o.Name
				}
			}
			orgOf[f.Doc] = org
		}
		cite := citation.New(org, "", f.Doc, f.Page, f.Section, f.ID)
		fmt.Fprintf(w, "%s  %s\n", d.Fragment, cite)
		for _, line := range wrap(f.Text, 96) {
			fmt.Fprintf(w, "    %s\n", line)
		}
		for _, cd := range sortedKeys(d.ByCoder) {
			cs := strings.Join(d.ByCoder[cd], ", ")
			if cs == "" {
				cs = "(none)"
			}
			fmt.Fprintf(w, "  %-10s %s\n", cd+":", cs)
		}
		fmt.Fprintln(w)
	}
	return nil
}

func sortedKeys(m map[string][]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// reconcileOptions are the parsed arguments of `plancoder reconcile`.
type reconcileOptions struct {
	runIO
	Sample, Code string
	Plain        bool
}

func newCmdReconcile(f *Factory, runF func(*reconcileOptions) error) *cobra.Command {
	opts := &reconcileOptions{runIO: newRunIO(f)}
	c := &cobra.Command{
		Use:   "reconcile --sample NAME",
		Short: "Walk the disagreements and record the agreed codes as coder consensus",
		Long: `Walk the fragments of a sample where coders differ, with each coder's choice
shown, and record the agreed codes as the coder "consensus"; every coder's own
codings are kept. In the screen the code shortcuts set the consensus codes; in
--plain mode "= ann" takes ann's codes, shortcuts and +KEY/-KEY adjust.`,
		Example: `  plancoder reconcile --sample pilot
  printf '= ann\nn\n= bob\nq\n' | plancoder reconcile --sample pilot --plain`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Ctx = c.Context()
			if opts.Sample == "" {
				return usagef("give --sample NAME")
			}
			if runF != nil {
				return runF(opts)
			}
			return runReconcile(opts)
		},
	}
	c.Flags().StringVar(&opts.Sample, "sample", "", "sample")
	c.Flags().StringVar(&opts.Code, "code", "", "only disagreements about this code")
	c.Flags().BoolVar(&opts.Plain, "plain", false, "line mode")
	return c
}

// runReconcile runs coding.NewReconcileSession (the web's reconcile
// screen runs it too), opening the store per step.
func runReconcile(opts *reconcileOptions) error {
	p, s, err := opts.Store()
	if err != nil {
		return err
	}
	s.Close()
	sess, _, err := coding.NewReconcileSession(coding.UseOpener(p.Open), opts.Sample, strings.ToUpper(opts.Code))
	if err != nil {
		return err
	}
	if sess == nil {
		fmt.Fprintln(opts.IO.Out, "no disagreements to reconcile")
		return nil
	}
	if opts.Plain || !opts.IO.OutTTY {
		return coding.RunPlain(sess, opts.IO.In, opts.IO.Out)
	}
	return runScreen(sess, opts.IO)
}
