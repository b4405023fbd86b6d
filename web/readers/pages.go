package readers

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/plancoder/plancoder/analysis"
	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/report"
	"github.com/plancoder/plancoder/search"
	"github.com/plancoder/plancoder/store"
)

// themeQuotes is how many quotes a theme dossier shows: theme's default.
const themeQuotes = 6

// quotesPage is how many fragments the quotes page shows at once.
const quotesPage = 100

// searchPage is how many hits the search page shows at once.
const searchPage = 20

type cell struct{ Text, Href, Title string }

// tableView is a table as a page shows it; its download is the
// analysis.Table it was made from.
type tableView struct {
	Name, Caption string
	Header        []string
	Rows          [][]cell
	Num           []bool // right-aligned number columns
	CSV, XLSX     string
}

// add puts t on the page (shown and downloadable) and returns its view for
// links and display formats.
func (pg *page) add(t analysis.Table, caption string) *tableView {
	v := &tableView{Name: t.Name, Caption: caption, Header: t.Header, Num: make([]bool, len(t.Header))}
	for i := range v.Num {
		v.Num[i] = len(t.Rows) > 0
	}
	for _, r := range t.Rows {
		row := make([]cell, len(r))
		for i, x := range r {
			row[i] = cell{Text: x}
			if i < len(v.Num) && x != "" && !numeric(x) {
				v.Num[i] = false
			}
		}
		v.Rows = append(v.Rows, row)
	}
	pg.Tables = append(pg.Tables, v)
	pg.download = append(pg.download, t)
	return v
}

// offer makes t downloadable without showing it as a table (the page shows
// its rows otherwise: quotes, hits).
func (pg *page) offer(t analysis.Table) { pg.offered = append(pg.offered, t) }

// numeric: a count, a decimal, a share or "n/m".
func numeric(s string) bool {
	s = strings.TrimSuffix(s, "%")
	if a, b, ok := strings.Cut(s, "/"); ok {
		return numeric(a) && numeric(b)
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// filterQuery are the page's filters as parameters, to carry into links.
func (e *env) filterQuery() url.Values {
	q := url.Values{}
	p := e.p
	for k, v := range map[string]string{"org": p.Org, "type": p.Type, "period": p.Period, "part": p.Part} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if p.Year != 0 {
		q.Set("year", strconv.Itoa(p.Year))
	}
	return q
}

// load reads the dataset of the page's filters, shared with the other
// pages of the same filters (see shared): loading reads every coding and
// the fragments they point at, the better part of a page's time.
func (e *env) load() (*analysis.Dataset, error) {
	f, rules := e.p.filters(), e.cat.rules
	data := e.h.data
	key := fmt.Sprintf("%#v\x00%v", f, rules)
	refresh := func() {
		var d *analysis.Dataset
		var rev uint64
		at := data.now()
		err := e.h.d.With(context.Background(), func(s *store.Store, _ *index.Index) (err error) {
			if rev, err = s.Revision(); err != nil {
				return err
			}
			d, err = analysis.Load(s, f, rules)
			return err
		})
		data.put(key, rev, at, d, err)
	}
	if e.minDataRev > 0 {
		// A page recomputed in the background wants figures newer than
		// it has: a kept dataset that new, else one loaded now and kept
		// for the pages after it.
		if d, rev, at, ok := data.peek(key); ok && rev >= e.minDataRev {
			e.data, e.dataRev, e.dataAt = true, rev, at
			return d.Using(e.s), nil
		}
		at := data.now()
		d, err := analysis.Load(e.s, f, rules)
		if err != nil {
			return nil, err
		}
		data.put(key, e.rev, at, d, nil)
		e.data, e.dataRev, e.dataAt = true, e.rev, at
		return d.Using(e.s), nil
	}
	d, at, rev, err := data.get(e.ctx, key, e.rev, func() (*analysis.Dataset, uint64, time.Time, error) {
		at := data.now()
		d, err := analysis.Load(e.s, f, rules)
		return d, e.rev, at, err
	}, refresh)
	if err != nil {
		return nil, err
	}
	e.data, e.dataRev, e.dataAt = true, rev, at
	return d.Using(e.s), nil
}

// cellLink is the quotes page of one matrix cell.
func (e *env) cellLink(rows, value, code string) string {
	q := e.filterQuery()
	q.Set("rows", rows)
	q.Set("value", value)
	q.Set("code", code)
	return link(e.base, "/quotes", q)
}

func (e *env) themeLink(key string) string {
	return link(e.base, "/theme/"+url.PathEscape(key), e.filterQuery())
}

// form is what the filter form offers.
type form struct {
	Orgs     []option
	Types    []string
	Periods  []string
	Years    []int
	Parts    []string
	Codes    []store.Code
	Selected *params
}

type option struct{ Value, Label string }

func (e *env) form() form {
	f := form{Types: e.cat.types, Periods: e.cat.periods, Years: e.cat.years, Parts: e.cat.parts, Codes: e.cat.codes, Selected: e.p}
	for _, id := range e.cat.orgIDs {
		label := e.cat.orgs[id].Name
		if label == "" {
			label = id
		}
		f.Orgs = append(f.Orgs, option{id, label})
	}
	sort.SliceStable(f.Orgs, func(i, j int) bool { return strings.ToLower(f.Orgs[i].Label) < strings.ToLower(f.Orgs[j].Label) })
	return f
}

func pct(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	return strconv.Itoa(int(math.Round(v*100))) + "%"
}

// citation is a quote's source as the CLI prints it.
func citation(orgName, doc string, page int, section []string) string {
	cite := []string{orgName, doc}
	if page > 0 {
		cite = append(cite, fmt.Sprintf("p. %d", page))
	}
	if len(section) > 0 {
		cite = append(cite, strings.Join(section, " > "))
	}
	return strings.Join(cite, " · ")
}

type quoteView struct {
	ID, Text, Cite string
}

func quoteViews(qs []analysis.Quote) []quoteView {
	var out []quoteView
	for _, q := range qs {
		name := q.OrgName
		if name == "" {
			name = q.Org
		}
		out = append(out, quoteView{ID: q.ID, Text: q.Text, Cite: citation(name, q.Doc, q.Page, q.Section)})
	}
	return out
}

// index page

type themeLink struct {
	Key, Name, Group, Theme, Trend string
	Used                           int
}

type indexData struct {
	Themes  []themeLink
	Matrix  []option
	Samples []option
	Form    form
}

func (h *handler) index(e *env, pg *page) error {
	pg.Title = "Analyses"
	data := indexData{Form: e.form()}
	d, err := e.load()
	if err != nil {
		return err
	}
	used := map[string]int{}
	for _, f := range d.Frags {
		for _, c := range f.Codes {
			used[c]++
		}
	}
	for _, c := range e.cat.codes {
		data.Themes = append(data.Themes, themeLink{Key: c.Key, Name: c.Name, Group: c.Group, Used: used[c.Key],
			Theme: e.themeLink(c.Key), Trend: link(e.base, "/trend", url.Values{"code": {c.Key}})})
	}
	for _, r := range []string{"org", "type", "period", "year", "part"} {
		data.Matrix = append(data.Matrix, option{link(e.base, "/matrix", url.Values{"rows": {r}}), r})
	}
	for _, a := range e.cat.attrs {
		data.Matrix = append(data.Matrix, option{link(e.base, "/matrix", url.Values{"rows": {"attr:" + a}}), "attr:" + a})
	}
	for _, s := range e.cat.samples {
		data.Samples = append(data.Samples, option{link(e.base, "/reliability", url.Values{"sample": {s.Name}}), s.Name})
	}
	pg.Data = data
	return nil
}

// theme dossier

type themeData struct {
	R      *analysis.ThemeResult
	Charts []template.HTML
	Quotes []quoteView
	Form   form
	Self   string
}

func (h *handler) theme(e *env, pg *page) error {
	if !reCode.MatchString(e.arg) {
		return badf("theme %s: not a code key", quote(e.arg))
	}
	c, err := e.cat.code(e.arg)
	if err != nil {
		return err
	}
	d, err := e.load()
	if err != nil {
		return err
	}
	r, err := d.Theme(c.Key, themeQuotes)
	if err != nil {
		return err
	}
	if r.Memos, err = e.s.Memos(store.MemoCode, r.Code.Key); err != nil {
		return fmt.Errorf("read the findings on %s: %w", r.Code.Key, err)
	}
	pg.Title = r.Code.Key + " " + r.Code.Name
	data := themeData{R: r, Quotes: quoteViews(r.Quotes), Form: e.form(), Self: link(e.base, "/theme/"+url.PathEscape(c.Key), nil)}

	// By organisation: the matrix's column of this code, with the
	// fragments behind each count one click away.
	frags, err := d.Matrix("org", analysis.Fragments, []string{c.Key})
	if err != nil {
		return err
	}
	docs, err := d.Matrix("org", analysis.Documents, []string{c.Key})
	if err != nil {
		return err
	}
	byOrg := analysis.Table{Name: "organisations", Header: []string{"organisation", "organisation_name", "fragments", "documents"}}
	type orgRow struct {
		id, name string
		frags    float64
		docs     float64
	}
	var rows []orgRow
	for i, id := range frags.Rows {
		if frags.Cells[i][0] > 0 {
			rows = append(rows, orgRow{id, frags.RowLabels[i], frags.Cells[i][0], docs.Cells[i][0]})
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].frags > rows[j].frags })
	var labels []string
	var values []float64
	for _, o := range rows {
		byOrg.Rows = append(byOrg.Rows, []string{o.id, o.name, strconv.FormatFloat(o.frags, 'f', -1, 64), strconv.FormatFloat(o.docs, 'f', -1, 64)})
		if len(labels) < 15 {
			labels, values = append(labels, o.name), append(values, o.frags)
		}
	}
	if len(labels) > 0 {
		data.Charts = append(data.Charts, report.BarChart("Fragments by organisation", labels, values, 0, nil))
	}
	for _, sp := range r.Splits {
		if sp.By != "type" && sp.By != "period" {
			continue
		}
		var ls []string
		var vs []float64
		for _, row := range sp.Rows {
			ls = append(ls, fmt.Sprintf("%s (%d\u00a0of\u00a0%d\u00a0org.)", row.Value, row.Organisations, row.OrgsInGroup))
			share := 0.0
			if row.OrgsInGroup > 0 {
				share = float64(row.Organisations) / float64(row.OrgsInGroup)
			}
			vs = append(vs, share)
		}
		data.Charts = append(data.Charts, report.BarChart("Share of organisations naming it, by "+sp.By, ls, vs, 1, pct))
	}

	tv := pg.add(analysis.ThemeTable(r), "Counts: total and by type, period, part and organisation attribute")
	_ = tv
	ov := pg.add(byOrg, "By organisation (click a count for its fragments)")
	for i, o := range rows {
		ov.Rows[i][2].Href = e.cellLink("org", o.id, c.Key)
	}
	cv := pg.add(analysis.CooccurringTable(r), "Co-occurring themes (same fragment)")
	for i, p := range r.Cooccurs {
		cv.Rows[i][0].Href = e.themeLink(p.Code)
	}
	pg.add(analysis.TermsTable(r.Terms), "Distinctive terms (against the other coded fragments)")
	pg.offer(analysis.QuotesTable(r.Quotes))
	pg.Data = data
	return nil
}

// matrix

type matrixData struct {
	M       *analysis.MatrixResult
	Rows    string
	Measure string
	Coder   string
	Form    form
	RowsOpt []string
}

func (h *handler) matrix(e *env, pg *page) error {
	rows, measure := e.p.Rows, e.p.Measure
	if rows == "" {
		rows = "org"
	}
	if measure == "" {
		measure = analysis.Fragments
	}
	var cols []string
	if e.p.Cols != "" {
		cols = strings.Split(e.p.Cols, ",")
	}
	d, err := e.load()
	if err != nil {
		return err
	}
	m, err := d.Matrix(rows, measure, cols)
	if err != nil {
		return err
	}
	pg.Title = "Matrix: " + measure + " per " + rows
	data := matrixData{M: m, Rows: rows, Measure: measure, Coder: d.Coder, Form: e.form(),
		RowsOpt: []string{"org", "doc", "type", "period", "year", "part"}}
	for _, a := range e.cat.attrs {
		data.RowsOpt = append(data.RowsOpt, "attr:"+a)
	}
	v := pg.add(analysis.MatrixTable(m, rows), fmt.Sprintf("%s per %s (codings of %s); a cell links to its fragments", measure, rows, d.Coder))
	show := func(x float64) string {
		if measure == analysis.Share {
			return pct(x)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	names := map[string]string{}
	for _, c := range e.cat.codes {
		names[c.Key] = c.Name
	}
	for i, r := range m.Rows {
		v.Rows[i][0] = cell{Text: m.RowLabels[i], Title: r}
		for j, col := range m.Cols {
			c := &v.Rows[i][j+1]
			c.Text = show(m.Cells[i][j])
			c.Title = col + " " + names[col] + " × " + m.RowLabels[i]
			if m.Cells[i][j] > 0 {
				c.Href = e.cellLink(rows, r, col)
			}
		}
		v.Rows[i][len(m.Cols)+1].Text = show(m.RowTotals[i])
	}
	last := v.Rows[len(v.Rows)-1]
	for j := range m.Cols {
		last[j+1].Text = show(m.ColTotals[j])
	}
	last[len(last)-1].Text = show(m.Total)
	v.Num[0] = false
	pg.Data = data
	return nil
}

// quotes behind a matrix cell

type quotesData struct {
	Code          store.Code
	Rows, Value   string
	Label         string
	Total         int
	From, To      int
	Quotes        []quoteView
	Prev, Next    string
	Matrix, Theme string
}

func (h *handler) quotes(e *env, pg *page) error {
	p := e.p
	if p.Rows == "" || p.Value == "" || len(p.Codes) != 1 {
		return badf("quotes needs rows, value and one code: the matrix cell whose fragments to list")
	}
	c, err := e.cat.code(p.Codes[0])
	if err != nil {
		return err
	}
	d, err := e.load()
	if err != nil {
		return err
	}
	m, err := d.Matrix(p.Rows, analysis.Fragments, []string{c.Key})
	if err != nil {
		return err
	}
	i := slices.Index(m.Rows, p.Value)
	if i < 0 {
		return badf("value %s is not a row of the matrix by %s", quote(p.Value), p.Rows)
	}
	fs, err := d.CellFrags(p.Rows, p.Value, c.Key)
	if err != nil {
		return err
	}
	all := make([]analysis.Quote, 0, len(fs))
	for _, f := range d.WithText(fs) {
		all = append(all, analysis.Quote{Frag: f, OrgName: d.OrgName(f.Org), Title: d.Docs[f.Doc].Title})
	}
	from := min(p.Offset, len(all))
	to := min(from+quotesPage, len(all))
	data := quotesData{Code: c, Rows: p.Rows, Value: p.Value, Label: m.RowLabels[i], Total: len(all), From: from + 1, To: to,
		Quotes: quoteViews(all[from:to]), Theme: e.themeLink(c.Key)}
	mq := e.filterQuery()
	mq.Set("rows", p.Rows)
	data.Matrix = link(e.base, "/matrix", mq)
	page := func(off int) string {
		q := e.filterQuery()
		q.Set("rows", p.Rows)
		q.Set("value", p.Value)
		q.Set("code", c.Key)
		if off > 0 {
			q.Set("offset", strconv.Itoa(off))
		}
		return link(e.base, "/quotes", q)
	}
	if from > 0 {
		data.Prev = page(max(0, from-quotesPage))
	}
	if to < len(all) {
		data.Next = page(to)
	}
	pg.Title = fmt.Sprintf("%s × %s", c.Key, m.RowLabels[i])
	pg.offer(analysis.QuotesTable(all))
	pg.Data = data
	return nil
}

// co-occurrence

type cooccurData struct {
	R     *analysis.CooccurResult
	Unit  string
	Coder string
	Form  form
	Units []string
	Heat  template.HTML
}

func (h *handler) cooccur(e *env, pg *page) error {
	unit := e.p.Unit
	if unit == "" {
		unit = "fragment"
	}
	d, err := e.load()
	if err != nil {
		return err
	}
	r, err := d.Cooccur(unit)
	if err != nil {
		return err
	}
	pg.Title = "Co-occurrence per " + unit
	data := cooccurData{R: r, Unit: unit, Coder: d.Coder, Form: e.form(), Units: []string{"fragment", "section", "document"}}
	pairs := analysis.Table{Name: "strongest", Header: []string{"code_a", "code_b", unit + "s", "jaccard"}}
	for _, p := range r.Pairs {
		pairs.Rows = append(pairs.Rows, []string{p.A, p.B, strconv.Itoa(p.Count), fmt.Sprintf("%.3f", p.Jaccard)})
	}
	v := pg.add(pairs, "Strongest pairs (Jaccard: units with both / units with either)")
	for i, p := range r.Pairs {
		v.Rows[i][0].Href, v.Rows[i][1].Href = e.themeLink(p.A), e.themeLink(p.B)
	}
	// The heatmap of the codes in the strongest pairs.
	var keys []string
	for _, p := range r.Pairs {
		for _, k := range []string{p.A, p.B} {
			if !slices.Contains(keys, k) && len(keys) < 12 {
				keys = append(keys, k)
			}
		}
	}
	if len(keys) > 1 {
		idx := map[string]int{}
		for i, k := range r.Codes {
			idx[k] = i
		}
		cells := make([][]float64, len(keys))
		for i, a := range keys {
			cells[i] = make([]float64, len(keys))
			for j, b := range keys {
				if i != j {
					cells[i][j] = math.Round(r.Jaccard[idx[a]][idx[b]]*100) / 100
				}
			}
		}
		data.Heat = report.Heatmap("Jaccard of the strongest pairs' codes", keys, keys, cells)
	}
	pg.add(analysis.CooccurTable(r), "Every pair of codes sharing a "+unit)
	pg.Data = data
	return nil
}

// trend

type trendData struct {
	Code  store.Code
	By    string
	Org   string
	Chart template.HTML
	Form  form
}

func (h *handler) trend(e *env, pg *page) error {
	data := trendData{By: e.p.By, Form: e.form()}
	if data.By == "" {
		data.By = "year"
	}
	pg.Title = "Trend"
	pg.Data = data
	if len(e.p.Codes) == 0 {
		return nil // the form only
	}
	if len(e.p.Codes) > 1 {
		return badf("trend follows one code; give code once, e.g. code=%s", e.p.Codes[0])
	}
	c, err := e.cat.code(e.p.Codes[0])
	if err != nil {
		return err
	}
	// As the trend command: the organisation is a view on the trend, the
	// denominators come from every document.
	f := e.p.filters()
	org := f.Org
	f.Org = ""
	d, err := analysis.Load(e.s, f, e.cat.rules)
	if err != nil {
		return err
	}
	rows, err := d.Trend(c.Key, data.By, org)
	if err != nil {
		return err
	}
	data.Code, data.Org = c, org
	var labels []string
	var values []float64
	for _, r := range rows {
		labels = append(labels, fmt.Sprintf("%s (%d\u00a0of\u00a0%d\u00a0org.)", r.Bucket, r.Organisations, r.Orgs))
		values = append(values, r.OrgShare)
	}
	data.Chart = report.BarChart("Share of organisations naming "+c.Key+", by "+data.By, labels, values, 1, pct)
	pg.Title = "Trend of " + c.Key + " " + c.Name + " by " + data.By
	pg.add(analysis.TrendTable(rows, data.By), "By "+data.By+": fragments, documents with it of all, organisations with it, organisations in the "+data.By+", share")
	pg.Data = data
	return nil
}

// search

type hitView struct {
	ID, Cite string
	KWIC     []search.KWIC
}

type searchData struct {
	Res        *search.Result
	Hits       []hitView
	Searched   bool
	From, To   int
	Prev, Next string
	Form       form
	Q          string
	Code       string
}

func (h *handler) search(e *env, pg *page) error {
	p := e.p
	data := searchData{Form: e.form(), Q: p.Q, Code: strings.Join(p.Codes, ",")}
	pg.Title = "Search"
	pg.Data = &data
	if p.Q == "" && p.Org == "" && p.Type == "" && p.Period == "" && p.Year == 0 && len(p.Codes) == 0 {
		return nil // the form only
	}
	if e.x == nil {
		return fmt.Errorf("search: the project's index is not open")
	}
	res, err := search.Search(e.ctx, e.s, e.x, search.Options{
		Request: index.Request{Query: p.Q, Org: p.Org, Type: p.Type, Period: p.Period, Year: p.Year, Limit: searchPage, Offset: p.Offset},
		Codes:   p.Codes, Context: 60,
	})
	if err != nil {
		return err
	}
	data.Res, data.Searched = res, true
	for _, h := range res.Hits {
		name := h.OrgName
		if name == "" {
			name = h.Org
		}
		data.Hits = append(data.Hits, hitView{ID: h.ID, Cite: citation(name, h.Doc, h.Page, h.Section), KWIC: h.KWIC})
	}
	data.From, data.To = p.Offset+1, p.Offset+len(res.Hits)
	at := func(off int) string {
		q := e.filterQuery()
		q.Del("part")
		if p.Q != "" {
			q.Set("q", p.Q)
		}
		if len(p.Codes) > 0 {
			q.Set("code", strings.Join(p.Codes, ","))
		}
		if off > 0 {
			q.Set("offset", strconv.Itoa(off))
		}
		return link(e.base, "/search", q)
	}
	if p.Offset > 0 {
		data.Prev = at(max(0, p.Offset-searchPage))
	}
	if uint64(data.To) < res.Total {
		data.Next = at(data.To)
	}
	pg.Title = "Search: " + p.Q
	pg.offer(search.Table(res))
	return nil
}

// reliability

type reliabilityData struct {
	Rep     *coding.SampleAgreement
	Overall string
	Samples bool
}

func (h *handler) reliability(e *env, pg *page) error {
	pg.Title = "Reliability"
	data := reliabilityData{}
	pg.Data = &data
	if e.p.Sample == "" {
		data.Samples = true
		t := analysis.Table{Name: "samples", Header: []string{"sample", "documents", "fragments", "coders", "created"}}
		for _, sm := range e.cat.samples {
			t.Rows = append(t.Rows, []string{sm.Name, strconv.Itoa(len(sm.Docs)), strconv.Itoa(len(sm.Fragments)), strconv.Itoa(len(sm.Coders)), sm.Created.UTC().Format("2006-01-02")})
		}
		v := pg.add(t, "Reliability samples")
		for i, sm := range e.cat.samples {
			v.Rows[i][0].Href = link(e.base, "/reliability", url.Values{"sample": {sm.Name}})
		}
		return nil
	}
	if !slices.ContainsFunc(e.cat.samples, func(s store.Sample) bool { return s.Name == e.p.Sample }) {
		return badf("sample %s is not in the project (%d samples)", quote(e.p.Sample), len(e.cat.samples))
	}
	// Aggregates only: agreement per code and over code sets, and the
	// codes swapped; never a coder's own codings of the blind sample.
	rep, err := coding.AgreeSample(e.s, e.p.Sample, coding.AgreeOptions{})
	if err != nil {
		return err
	}
	data.Rep = rep
	data.Overall = fmt.Sprintf("%s (%s; %d pairable values, a verdict needs %d)", rep.Overall.Alpha, rep.Verdict, rep.Overall.PairableValues, rep.MinPairable)
	pg.Title = "Reliability of sample " + rep.Sample
	header, rows := rep.Table()
	v := pg.add(analysis.Table{Name: "codes", Header: header, Rows: rows}, "Agreement per code, worst first")
	for i, ca := range rep.Codes {
		v.Rows[i][0].Href = e.themeLink(ca.Code)
	}
	sw := analysis.Table{Name: "confusions", Header: []string{"code_a", "code_b", "times"}}
	for _, s := range rep.Swaps {
		sw.Rows = append(sw.Rows, []string{s.A, s.B, strconv.Itoa(s.Count)})
	}
	pg.add(sw, "Codes coders swap for the same fragment (times, over coder pairs)")
	return nil
}
