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
	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/reliability"
	"github.com/plancoder/plancoder/store"
)

// Options say what the report shows.
type Options struct {
	Title  string   // default "Horizontale analyse"
	Codes  []string // themes to include; default every code with at least one coding
	Quotes int      // per theme, default 6
	Sample string   // reliability sample; default the most recent one, none when there is none
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
	Coders    []string
	Fragments int
	Overall   string // MASI alpha over code sets, with verdict
	Mean      string // mean of the per-code alphas
	Err       string // why there is no agreement report
}

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
	Has     bool   // the sample has a figure for the code
	Summary string // alpha with verdict, "geen steekproef" or "ongedefinieerd: reden"
	Alpha   string
	Verdict string
	Kappa   string
	Percent string
	Used    int
	Class   string // for styling only; the verdict is also written
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
			t.Rel = rel{Summary: "geen overeenstemming: " + p.Sample.Err}
		default:
			if ca, ok := byCode[k]; ok {
				t.Rel = relOf(ca)
			} else {
				t.Rel = rel{Summary: "niet in de steekproef"}
			}
		}
		p.Themes = append(p.Themes, t)
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

// sampleAgreement picks the sample (named, or the most recent) and computes
// its agreement. A sample that cannot be reported (fewer than two coders)
// is described, not an error; an unknown named sample is an error.
func sampleAgreement(st *store.Store, name string) (*coding.SampleAgreement, *sampleInfo, error) {
	if st == nil {
		if name != "" {
			return nil, nil, fmt.Errorf("report: sample %s: no store", name)
		}
		return nil, nil, nil
	}
	var sm store.Sample
	if name != "" {
		var err error
		if sm, err = st.Sample(name); err != nil {
			return nil, nil, err
		}
	} else {
		all, err := st.Samples()
		if err != nil {
			return nil, nil, err
		}
		if len(all) == 0 {
			return nil, nil, nil
		}
		sort.SliceStable(all, func(i, j int) bool {
			if !all[i].Created.Equal(all[j].Created) {
				return all[i].Created.Before(all[j].Created)
			}
			return all[i].Name < all[j].Name
		})
		sm = all[len(all)-1]
	}
	info := &sampleInfo{Name: sm.Name, Coders: sm.Coders, Fragments: len(sm.Fragments)}
	a, err := coding.AgreeSample(st, sm.Name, coding.AgreeOptions{})
	if err != nil {
		if errors.Is(err, coding.ErrNoCoders) {
			info.Err = "minstens twee codeurs nodig"
		} else {
			info.Err = err.Error()
		}
		return nil, info, nil
	}
	info.Coders, info.Fragments = a.Coders, a.Fragments
	info.Overall = coef(a.Overall.Alpha) + " (" + verdictNL(a.Verdict) + ")"
	info.Mean = coef(a.MeanAlpha)
	return a, info, nil
}

func relOf(ca coding.CodeAgreement) rel {
	s := ca.Stats
	r := rel{Has: true, Alpha: coef(s.Alpha), Verdict: verdictNL(ca.Verdict), Percent: coef(s.PercentAgreement), Used: ca.Used}
	k := s.CohenKappa
	if k.Value == nil && s.CohenMean.Value != nil {
		k = s.CohenMean
	}
	r.Kappa = coef(k)
	if s.Alpha.Value == nil {
		r.Summary = "ongedefinieerd: " + s.Alpha.Reason
		r.Class = "undef"
	} else {
		r.Summary = "α = " + r.Alpha + " (" + r.Verdict + ")"
		r.Class = map[string]string{"reliable": "ok", "tentative": "tent", "not reliable": "bad"}[ca.Verdict]
	}
	return r
}

// coef prints a coefficient with a decimal comma, or why it is undefined.
func coef(c reliability.Coefficient) string {
	if c.Value == nil {
		if c.Reason == "" {
			return "ongedefinieerd"
		}
		return "ongedefinieerd: " + c.Reason
	}
	return strings.Replace(fmt.Sprintf("%.3f", *c.Value), ".", ",", 1)
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
	return strings.TrimPrefix(by, "attr:")
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
	return "attr:" + best, best
}

const maxBars = 15

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
	share := 0.0
	if r.OfOrgs > 0 {
		share = float64(r.Count.Organisations) / float64(r.OfOrgs)
	}
	t.Share = pct(share)
	t.MiniBar = miniBar(c.Key, share)

	for _, s := range r.Splits {
		rows := s.Rows
		if len(rows) == 0 {
			continue
		}
		if len(rows) > maxBars {
			rows = append([]analysis.SplitRow(nil), rows...)
			sort.SliceStable(rows, func(i, j int) bool { return rows[i].Organisations > rows[j].Organisations })
			rows = rows[:maxBars]
		}
		var labels []string
		var values []float64
		for _, x := range rows {
			labels = append(labels, fmt.Sprintf("%s (%d)", valueLabel(s.By, x.Value), x.OrgsInGroup))
			v := 0.0
			if x.OrgsInGroup > 0 {
				v = float64(x.Organisations) / float64(x.OrgsInGroup)
			}
			values = append(values, v)
		}
		title := fmt.Sprintf("%s per %s: aandeel organisaties", c.Key, splitLabel(s.By))
		if len(rows) < len(s.Rows) {
			title += fmt.Sprintf(" (top %d van %d)", len(rows), len(s.Rows))
		}
		t.Charts = append(t.Charts, BarChart(title, labels, values, 1, pct))
	}

	cols := []string{c.Key}
	for _, p := range r.Cooccurs {
		if len(cols) == 5 {
			break
		}
		cols = append(cols, p.Code)
	}
	if m, err := d.Matrix(heatBy, analysis.Share, append([]string(nil), cols...)); err == nil && len(m.Rows) > 0 {
		rows := make([]string, len(m.Rows))
		for i, r := range m.RowLabels {
			rows[i] = valueLabel(strings.TrimPrefix(heatBy, "attr:"), r)
		}
		t.Heatmap = heatmap(fmt.Sprintf("%s en samen voorkomende thema's per %s: %% organisaties", c.Key, heatLabel), rows, m.Cols, m.Cells, pct)
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
			Section: strings.Join(q.Section, " › "), ID: q.ID})
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
