// Package report writes the horizontal analysis as one self-contained HTML
// file for the steering group: an overview of the corpus and every theme,
// then one section per theme with its definition, figures, charts,
// co-occurring themes, distinctive terms, quotes, findings and reliability.
// The file has no external resources (no scripts, fonts, images or URLs),
// charts are inline SVG, and print CSS lays it out on A4.
package report

import (
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/plancoder/plancoder/analysis"
	"github.com/plancoder/plancoder/citation"
	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/reliability"
	"github.com/plancoder/plancoder/store"
)

// Options say what the report shows.
type Options struct {
	Title  string   // default "Horizontale analyse"
	Codes  []string // themes to include; default every code with at least one coding
	Quotes int      // per theme, default 6
	Sample string   // reliability sample; default the one with most pairable values, if it has enough (coding.BestSample)
	Now    time.Time
}

//go:embed report.html.tmpl
var pageSource string

var pageTmpl = template.Must(template.New("report").Parse(pageSource))

// page is what the template renders.
type page struct {
	Title     string
	Date      string
	Orgs      int
	Docs      int
	Frags     int
	Coded     int // fragments with at least one code
	Coder     string
	Coders    []string
	Sample    *sampleInfo
	Themes    []*theme
	Unused    []store.Code
	HeatBy    string
	Generated string
}

type sampleInfo struct {
	Name      string
	Chosen    string // why this sample: named, or the one with most pairable values
	Coders    []string
	Fragments int    // units of agreement
	Complete  int    // units every coder looked at
	Pairable  int    // pairable values of the code sets
	Min       int    // the floor below which there is no verdict
	UnitRule  string // in Dutch
	Overall   string // MASI alpha over code sets, with verdict or why none
	Mean      string // mean of the per-code alphas with enough data
	Enough    int    // codes with enough data
	Codes     int    // codes in the agreement report
	KappaName string // Cohens κ, or the mean of the pairwise kappas
	Err       string // why there is no agreement report, a sentence naming the sample
	Short     string // the same in a few words, for the theme rows
}

// unitRuleNL is coding.UnitRule in Dutch.
const unitRuleNL = "elk fragment van de steekproef, koppen inbegrepen"

type theme struct {
	ID       string
	Key      string
	Name     string
	Group    string
	Code     store.Code
	Count    analysis.Count
	OfOrgs   int
	OfDocs   int
	Share    string
	share    float64 // of all coded fragments
	MiniBar  template.HTML
	Charts   []template.HTML
	Heatmap  template.HTML
	Cooccurs []coRow
	Terms    []termRow
	Quotes   []quoteRow
	Memos    []memoRow
	Rel      rel
}

type coRow struct {
	Key, Name, ID string // ID is set when the theme has a section
	Count         int
	Jaccard       string
}

type termRow struct {
	Term, Stem string
	Freq, Ref  int
	LL, Ratio  string
}

type quoteRow struct {
	Text, Org, Title, Section, ID string
	Page                          int
}

type memoRow struct {
	Paragraphs []string
	Author     string
	Date       string
}

// rel is one code's agreement on the sample.
type rel struct {
	Has      bool   // the sample has a figure for the code
	Summary  string // alpha with verdict, "geen steekproef", or why there is no verdict
	Alpha    string
	Verdict  string // or why there is none
	Kappa    string
	Percent  string
	Used     int
	Pairable int
	Min      string // pairable values needed, "–" when no number is enough
	Class    string // for styling only; the verdict is also written
}

// Build writes the report for the dataset to w. st supplies the findings
// (memos on codes), the samples and their agreement; it may be nil.
func Build(w io.Writer, st *store.Store, d *analysis.Dataset, o Options) error {
	if d == nil {
		return errors.New("report: no dataset")
	}
	if o.Title == "" {
		o.Title = "Horizontale analyse"
	}
	if o.Quotes == 0 {
		o.Quotes = 6
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	keys, err := themeKeys(d, o.Codes)
	if err != nil {
		return err
	}
	p := &page{Title: o.Title, Date: dutchDate(o.Now), Orgs: d.TotalOrgs, Docs: d.TotalDocs, Frags: d.TotalFragments,
		Coded: len(d.Frags), Coder: coderLabel(d.Coder), Generated: o.Now.Format("2006-01-02 15:04")}
	if st != nil {
		if p.Coders, err = st.Coders(); err != nil {
			return err
		}
	}
	agree, info, err := sampleAgreement(st, o.Sample)
	if err != nil {
		return err
	}
	p.Sample = info
	byCode := map[string]coding.CodeAgreement{}
	if agree != nil {
		for _, c := range agree.Codes {
			byCode[c.Code] = c
		}
	}
	inReport := map[string]bool{}
	for _, k := range keys {
		inReport[k] = true
	}
	heatBy, heatLabel := heatmapRows(d)
	p.HeatBy = heatLabel
	for _, k := range keys {
		t, err := buildTheme(d, st, k, o.Quotes, inReport, heatBy, heatLabel)
		if err != nil {
			return err
		}
		switch {
		case p.Sample == nil:
			t.Rel = rel{Summary: "geen steekproef"}
		case agree == nil:
			t.Rel = rel{Summary: "geen oordeel: " + p.Sample.Short}
		default:
			if ca, ok := byCode[k]; ok {
				t.Rel = relOf(ca)
			} else {
				t.Rel = rel{Summary: "niet in de steekproef"}
			}
		}
		p.Themes = append(p.Themes, t)
	}
	// The mini bars are drawn against the largest share, so that the
	// themes can be told apart at a glance.
	top := 0.0
	for _, t := range p.Themes {
		top = max(top, t.share)
	}
	for _, t := range p.Themes {
		t.MiniBar = miniBar(t.Key, t.share, top)
	}
	for _, c := range d.Codes {
		if !inReport[c.Key] && len(d.With(c.Key)) == 0 {
			p.Unused = append(p.Unused, c)
		}
	}
	return pageTmpl.Execute(w, p)
}

// themeKeys are the requested codes, or every code with a coding, in
// codebook order.
func themeKeys(d *analysis.Dataset, want []string) ([]string, error) {
	var out []string
	if len(want) > 0 {
		seen := map[string]bool{}
		for _, k := range want {
			c, err := d.Code(k)
			if err != nil {
				return nil, err
			}
			if !seen[c.Key] {
				seen[c.Key] = true
				out = append(out, c.Key)
			}
		}
		return out, nil
	}
	used := map[string]bool{}
	for _, f := range d.Frags {
		for _, c := range f.Codes {
			used[c] = true
		}
	}
	for _, c := range d.Codes {
		if used[c.Key] {
			out = append(out, c.Key)
		}
	}
	return out, nil
}

// sampleAgreement picks the sample (named, or the one with most pairable
// values provided it has enough: coding.BestSample) and computes its
// agreement. A sample that cannot be reported (fewer than two coders, too
// few pairable values for the default) is described, not an error; an
// unknown named sample is an error.
func sampleAgreement(st *store.Store, name string) (*coding.SampleAgreement, *sampleInfo, error) {
	if st == nil {
		if name != "" {
			return nil, nil, fmt.Errorf("report: sample %s: no store", name)
		}
		return nil, nil, nil
	}
	var sm store.Sample
	chosen := "gekozen met --sample"
	if name != "" {
		var err error
		if sm, err = st.Sample(name); err != nil {
			return nil, nil, err
		}
	} else {
		sizes, err := coding.SampleSizes(st)
		if err != nil {
			return nil, nil, err
		}
		if len(sizes) == 0 {
			return nil, nil, nil
		}
		best, err := coding.BestSample(sizes)
		if err != nil {
			info := &sampleInfo{Name: best.Name, Min: coding.SampleMinPairable, Short: "te weinig gegevens in de steekproeven"}
			if best.Coders < 2 {
				info.Short = "minstens twee codeurs nodig"
				info.Err = fmt.Sprintf("steekproef %s: %s", best.Name, info.Short)
			} else {
				info.Err = fmt.Sprintf("geen oordeel: te weinig gegevens. De grootste steekproef, %s, heeft %d paarbare waarden; voor een oordeel zijn er minstens %d nodig (%s).", best.Name, best.Pairable, coding.SampleMinPairable, minRuleNL)
			}
			return nil, info, nil
		}
		if sm, err = st.Sample(best.Name); err != nil {
			return nil, nil, err
		}
		chosen = "de steekproef met de meeste paarbare waarden"
	}
	info := &sampleInfo{Name: sm.Name, Chosen: chosen, Coders: sm.Coders, Fragments: len(sm.Fragments), Min: coding.SampleMinPairable, UnitRule: unitRuleNL}
	a, err := coding.AgreeSample(st, sm.Name, coding.AgreeOptions{})
	if err != nil {
		if !errors.Is(err, coding.ErrNoCoders) {
			return nil, nil, fmt.Errorf("report: agreement on sample %s: %w", sm.Name, err)
		}
		info.Short = "minstens twee codeurs nodig"
		info.Err = fmt.Sprintf("steekproef %s: %s", sm.Name, info.Short)
		return nil, info, nil
	}
	info.Coders, info.Fragments, info.Complete, info.Pairable = a.Coders, a.Fragments, a.Complete, a.Overall.PairableValues
	info.Codes = len(a.Codes)
	for _, c := range a.Codes {
		if c.Enough {
			info.Enough++
		}
	}
	if a.Enough {
		info.Overall = coef(a.Overall.Alpha) + " (" + verdictNL(a.Verdict) + ")"
	} else {
		info.Overall = coef(a.Overall.Alpha) + fmt.Sprintf(", zonder oordeel: %d paarbare waarden, minstens %d nodig (%s)", a.Overall.PairableValues, a.MinPairable, minRuleNL)
	}
	info.Mean = coef(a.MeanAlpha)
	info.KappaName = "Cohens κ"
	if len(a.Coders) > 2 {
		info.KappaName = "Cohens κ (gemiddelde over de paren codeurs)"
	}
	return a, info, nil
}

// minRuleNL says where the minimum comes from, in Dutch.
const minRuleNL = "Krippendorffs minimum om α ≥ 0,667 te onderscheiden bij p = 0,05"

func relOf(ca coding.CodeAgreement) rel {
	s := ca.Stats
	r := rel{Has: true, Alpha: coef(s.Alpha), Verdict: verdictNL(ca.Verdict), Percent: coef(s.PercentAgreement), Used: ca.Used,
		Pairable: s.PairableValues, Min: fmt.Sprint(ca.MinPairable)}
	if ca.MinPairable < 0 {
		r.Min = "–"
	}
	k := s.CohenKappa
	if k.Value == nil && s.CohenMean.Value != nil {
		k = s.CohenMean
	}
	r.Kappa = coef(k)
	switch {
	case s.Alpha.Value == nil:
		r.Summary = "geen α (geen variatie)"
		if !strings.Contains(s.Alpha.Reason, "no variation") {
			r.Summary = "geen α"
		}
		r.Verdict = "geen oordeel"
		r.Class = "undef"
	case !ca.Enough:
		r.Verdict = "geen oordeel: te weinig gegevens"
		r.Summary = "α = " + r.Alpha + " · te weinig gegevens voor een oordeel"
		r.Class = "undef"
	default:
		r.Summary = "α = " + r.Alpha + " (" + r.Verdict + ")"
		r.Class = map[string]string{"reliable": "ok", "tentative": "tent", "not reliable": "bad"}[ca.Verdict]
	}
	return r
}

// coef prints a coefficient with a decimal comma, or why it is undefined,
// in Dutch (the reasons of package reliability are English).
func coef(c reliability.Coefficient) string {
	if c.Value == nil {
		return "ongedefinieerd" + reasonNL(c.Reason)
	}
	return strings.Replace(fmt.Sprintf("%.3f", *c.Value), ".", ",", 1)
}

// reasonNL translates the reasons package reliability and coding give for
// an undefined coefficient; an unknown reason is left out rather than
// printed in English.
func reasonNL(reason string) string {
	switch r := strings.ToLower(reason); {
	case r == "":
		return ""
	case strings.Contains(r, "no variation"):
		return ": geen variatie, alle codeurs beoordeelden elk fragment hetzelfde (meestal: niemand gebruikte de code)"
	case strings.Contains(r, "fewer than two pairable"):
		return ": minder dan twee paarbare waarden"
	case strings.Contains(r, "enough data"):
		return ": geen enkele code heeft genoeg gegevens"
	case strings.Contains(r, "no code has"):
		return ": geen code heeft een α"
	case strings.Contains(r, "two coders"):
		return ": alleen voor twee codeurs"
	case strings.Contains(r, "different numbers of ratings"):
		return ": niet elk fragment heeft evenveel codeurs"
	case strings.Contains(r, "no coder pair"):
		return ": geen enkel paar codeurs heeft een κ"
	}
	return ""
}

func verdictNL(v string) string {
	switch v {
	case "reliable":
		return "betrouwbaar"
	case "tentative":
		return "voorlopig"
	case "not reliable":
		return "onvoldoende betrouwbaar"
	case "undefined":
		return "ongedefinieerd"
	case coding.TooLittleData:
		return "te weinig gegevens"
	}
	return v
}

func coderLabel(c string) string {
	switch {
	case c == "all coders":
		return "alle codeurs samen"
	case strings.HasPrefix(c, "consensus where reconciled"):
		return "consensus waar afgestemd, anders alle codeurs samen"
	}
	return c
}

var typeNL = map[string]string{
	store.TypePlan:           "beleidsplan",
	store.TypeProgressReport: "voortgangsrapport",
	store.TypeAnnualReport:   "jaarverslag",
	store.TypeOther:          "ander document",
}

func valueLabel(by, v string) string {
	if v == "(none)" {
		return "(geen)"
	}
	if by == "type" {
		if n, ok := typeNL[v]; ok {
			return n
		}
	}
	return v
}

func splitLabel(by string) string {
	switch by {
	case "type":
		return "documenttype"
	case "period":
		return "periode"
	case "part":
		return "documentdeel"
	}
	return attrLabel(strings.TrimPrefix(by, "attr:"))
}

// attrNL are Dutch labels of the organisation attributes the example
// organisation files use; other keys are shown as they are, underscores as
// spaces.
var attrNL = map[string]string{
	"size": "omvang", "region": "regio", "province": "provincie", "sector": "sector",
	"functions": "functies", "function": "functie", "type": "soort", "city": "gemeente",
	"municipality": "gemeente", "founded": "oprichtingsjaar", "staff": "personeel",
	"budget": "budget", "subsidy": "subsidie", "network": "netwerk", "status": "status",
}

func attrLabel(key string) string {
	if l, ok := attrNL[strings.ToLower(key)]; ok {
		return l
	}
	return strings.ReplaceAll(key, "_", " ")
}

// heatmapRows picks the heatmap's rows: the organisation attribute with the
// most values that still fits a readable heatmap (2 to 15 values), else the
// document type.
func heatmapRows(d *analysis.Dataset) (by, label string) {
	values := map[string]map[string]bool{}
	for _, o := range d.Orgs {
		for k, v := range o.Attrs {
			for _, x := range strings.Split(v, ";") {
				if x = strings.TrimSpace(x); x != "" {
					if values[k] == nil {
						values[k] = map[string]bool{}
					}
					values[k][x] = true
				}
			}
		}
	}
	best, n := "", 0
	var keys []string
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if m := len(values[k]); m >= 2 && m <= 15 && m > n {
			best, n = k, m
		}
	}
	if best == "" {
		return "type", "documenttype"
	}
	return "attr:" + best, attrLabel(best)
}

const maxBars = 15

// niceMax is the scale of share bars: the largest share rounded up to a
// tenth, so that small shares are visible and differences are not blown
// up (6% against 4% fills 60% and 40% of a 10% scale).
func niceMax(values []float64) float64 {
	m := 0.0
	for _, v := range values {
		if !math.IsNaN(v) {
			m = math.Max(m, v)
		}
	}
	if m <= 0 {
		return 1
	}
	return math.Min(math.Ceil(m*10-1e-9)/10, 1)
}

// groups are the coded fragments of the dataset counted per value of a
// dimension (type, period, part or attr:KEY; an organisation with several
// values of an attribute counts in each).
type groups struct {
	values []string         // sorted
	coded  map[string]int   // coded fragments in the group
	with   map[string][]int // of which with each of the codes asked
}

// n is the number of fragments of group v with the i-th code.
func (g groups) n(v string, i int) int {
	if w := g.with[v]; i < len(w) {
		return w[i]
	}
	return 0
}

func groupShares(d *analysis.Dataset, by string, codes []string) groups {
	g := groups{coded: map[string]int{}, with: map[string][]int{}}
	for _, f := range d.Frags {
		for _, v := range groupValues(d, by, f) {
			if _, ok := g.coded[v]; !ok {
				g.values = append(g.values, v)
				g.with[v] = make([]int, len(codes))
			}
			g.coded[v]++
			for i, k := range codes {
				for _, fc := range f.Codes {
					if fc == k {
						g.with[v][i]++
						break
					}
				}
			}
		}
	}
	sort.Strings(g.values)
	return g
}

// groupValues are the values of a fragment on a dimension, "(none)" when it
// has none (as package analysis writes it).
func groupValues(d *analysis.Dataset, by string, f analysis.Frag) []string {
	var v []string
	switch {
	case by == "type":
		v = []string{f.Type}
	case by == "period":
		v = []string{f.Period}
	case by == "part":
		v = []string{f.Part}
	case strings.HasPrefix(by, "attr:"):
		for _, x := range strings.Split(d.Orgs[f.Org].Attrs[strings.TrimPrefix(by, "attr:")], ";") {
			if x = strings.TrimSpace(x); x != "" {
				v = append(v, x)
			}
		}
	}
	if len(v) == 0 || len(v) == 1 && v[0] == "" {
		return []string{"(none)"}
	}
	return v
}

func buildTheme(d *analysis.Dataset, st *store.Store, key string, quotes int, inReport map[string]bool, heatBy, heatLabel string) (*theme, error) {
	r, err := d.Theme(key, quotes)
	if err != nil {
		return nil, err
	}
	c := r.Code
	t := &theme{ID: anchor(c.Key), Key: c.Key, Name: c.Name, Group: c.Group, Code: c, Count: r.Count, OfOrgs: r.OfOrgs, OfDocs: r.OfDocs}
	if t.Name == "" {
		t.Name = c.Key
	}
	// The overview's share is the theme's part of all coded fragments: the
	// share of organisations naming it is 100% for every widespread theme,
	// which tells them apart no more than the count of organisations does.
	if len(d.Frags) > 0 {
		t.share = float64(r.Count.Fragments) / float64(len(d.Frags))
	}
	t.Share = pct(t.share)

	// The bars show how much of the coding in each group went to the theme:
	// the share of the group's coded fragments with the theme, with the
	// counts. (The share of organisations naming the theme is 100% in every
	// group for a widespread theme, which says nothing.)
	for _, s := range r.Splits {
		if len(s.Rows) == 0 {
			continue
		}
		g := groupShares(d, s.By, []string{c.Key})
		rows := append([]analysis.SplitRow(nil), s.Rows...)
		if len(rows) > maxBars {
			sort.SliceStable(rows, func(i, j int) bool { return g.n(rows[i].Value, 0) > g.n(rows[j].Value, 0) })
			rows = rows[:maxBars]
		}
		var labels, texts []string
		var values []float64
		for _, x := range rows {
			labels = append(labels, fmt.Sprintf("%s (%d\u00a0org.)", valueLabel(s.By, x.Value), x.OrgsInGroup))
			with, coded := g.n(x.Value, 0), g.coded[x.Value]
			v := 0.0
			if coded > 0 {
				v = float64(with) / float64(coded)
			}
			values = append(values, v)
			texts = append(texts, fmt.Sprintf("%s (%d van %d)", pct(v), with, coded))
		}
		title := fmt.Sprintf("%s per %s: aandeel van de gecodeerde fragmenten", c.Key, splitLabel(s.By))
		if len(rows) < len(s.Rows) {
			title += fmt.Sprintf(" (top %d van %d)", len(rows), len(s.Rows))
		}
		t.Charts = append(t.Charts, barChart(title, labels, values, texts, niceMax(values)))
	}

	cols := []string{c.Key}
	for _, p := range r.Cooccurs {
		if len(cols) == 5 {
			break
		}
		cols = append(cols, p.Code)
	}
	if g := groupShares(d, heatBy, cols); len(g.values) > 0 {
		rows := make([]string, len(g.values))
		cells := make([][]float64, len(g.values))
		for i, v := range g.values {
			rows[i] = fmt.Sprintf("%s (%d)", valueLabel(heatBy, v), g.coded[v])
			cells[i] = make([]float64, len(cols))
			for j := range cols {
				if g.coded[v] > 0 {
					cells[i][j] = float64(g.n(v, j)) / float64(g.coded[v])
				}
			}
		}
		t.Heatmap = heatmap(fmt.Sprintf("%s en samen voorkomende thema's per %s: %% van de gecodeerde fragmenten", c.Key, heatLabel), rows, cols, cells, pct)
	}

	for _, p := range r.Cooccurs {
		row := coRow{Key: p.Code, Name: p.Name, Count: p.Count, Jaccard: num2(p.Jaccard)}
		if inReport[p.Code] {
			row.ID = anchor(p.Code)
		}
		t.Cooccurs = append(t.Cooccurs, row)
	}
	for i, x := range r.Terms {
		if i == 15 {
			break
		}
		t.Terms = append(t.Terms, termRow{Term: x.Example, Stem: x.Stem, Freq: x.Target, Ref: x.Ref, LL: num1(x.LL), Ratio: num2(x.LogRatio)})
	}
	for _, q := range r.Quotes {
		title := q.Title
		if title == "" {
			title = q.Doc
		}
		t.Quotes = append(t.Quotes, quoteRow{Text: q.Text, Org: q.OrgName, Title: title, Page: q.Page,
			Section: citation.Path(q.Section), ID: q.ID})
	}
	if st != nil {
		memos, err := st.Memos(store.MemoCode, c.Key)
		if err != nil {
			return nil, err
		}
		sort.SliceStable(memos, func(i, j int) bool { return memos[i].Time.Before(memos[j].Time) })
		for _, m := range memos {
			t.Memos = append(t.Memos, memoRow{Paragraphs: paragraphs(m.Text), Author: m.Author, Date: dutchDate(m.Time)})
		}
	}
	return t, nil
}

// anchor makes an element id from a code key.
func anchor(key string) string {
	var b strings.Builder
	b.WriteString("thema-")
	for _, r := range key {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "_%x", r)
		}
	}
	return b.String()
}

func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func num1(v float64) string { return dec(v, 1) }
func num2(v float64) string { return dec(v, 2) }

func dec(v float64, n int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	return strings.Replace(fmt.Sprintf("%.*f", n, v), ".", ",", 1)
}

var months = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

func dutchDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}
