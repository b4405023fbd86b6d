package analysis

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/plancoder/plancoder/arg"
	"github.com/plancoder/plancoder/index"
)

// Measures of a matrix cell.
const (
	Fragments     = "fragments"
	Documents     = "documents"
	Organisations = "organisations"
	Share         = "share" // share of the row's organisations (documents for org rows) that use the code
)

// MatrixResult is the matrix coding query: rows by a dimension, columns
// codes, with totals.
type MatrixResult struct {
	Rows      []string    `json:"rows"`
	RowLabels []string    `json:"row_labels"`
	Cols      []string    `json:"cols"`
	Measure   string      `json:"measure"`
	Cells     [][]float64 `json:"cells"`
	RowTotals []float64   `json:"row_totals"` // distinct units with any of the codes
	ColTotals []float64   `json:"col_totals"` // distinct units with the code
	Total     float64     `json:"total"`
}

// rowKeys gives the row values of a fragment for a dimension.
func (d *Dataset) rowKeys(by string, f Frag) ([]string, error) {
	switch {
	case by == "org":
		return []string{f.Org}, nil
	case by == "doc":
		return []string{f.Doc}, nil
	case by == "type":
		return []string{f.Type}, nil
	case by == "period":
		return []string{orNone(f.Period)}, nil
	case by == "year":
		return []string{orNone(fmt.Sprint(f.Year))}, nil
	case by == "part":
		return []string{f.Part}, nil
	case strings.HasPrefix(by, "attr:"):
		var out []string
		for _, v := range strings.Split(d.Orgs[f.Org].Attrs[strings.TrimPrefix(by, "attr:")], ";") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
		if len(out) == 0 {
			out = []string{"(none)"}
		}
		return out, nil
	}
	return nil, arg.Bad("rows", by, "org", "doc", "type", "period", "year", "part", "attr:KEY")
}

func orNone(s string) string {
	if s == "" || s == "0" {
		return "(none)"
	}
	return s
}

// Matrix builds the matrix for rows by and codes cols (all codes when
// empty).
func (d *Dataset) Matrix(by, measure string, cols []string) (*MatrixResult, error) {
	switch measure {
	case "", Fragments:
		measure = Fragments
	case Documents, Organisations, Share:
	default:
		return nil, arg.Bad("measure", measure, Fragments, Documents, Organisations, Share)
	}
	if len(cols) == 0 {
		for _, c := range d.Codes {
			cols = append(cols, c.Key)
		}
	}
	colIdx := map[string]int{}
	for i, c := range cols {
		c = strings.ToUpper(c)
		cols[i] = c
		if _, err := d.Code(c); err != nil {
			return nil, err
		}
		colIdx[c] = i
	}
	unit := func(f Frag) string {
		switch measure {
		case Documents:
			return f.Doc
		case Organisations:
			return f.Org
		case Share:
			if by == "org" {
				return f.Doc
			}
			return f.Org
		}
		return f.ID
	}
	type cellKey struct {
		row string
		col int
	}
	cells := map[cellKey]map[string]bool{}
	rowsAny := map[string]map[string]bool{}
	colsAny := make([]map[string]bool, len(cols))
	allAny := map[string]bool{}
	for i := range colsAny {
		colsAny[i] = map[string]bool{}
	}
	for _, f := range d.Frags {
		keys, err := d.rowKeys(by, f)
		if err != nil {
			return nil, err
		}
		u := unit(f)
		for _, c := range f.Codes {
			ci, ok := colIdx[c]
			if !ok {
				continue
			}
			for _, k := range keys {
				ck := cellKey{k, ci}
				if cells[ck] == nil {
					cells[ck] = map[string]bool{}
				}
				cells[ck][u] = true
				if rowsAny[k] == nil {
					rowsAny[k] = map[string]bool{}
				}
				rowsAny[k][u] = true
			}
			colsAny[ci][u] = true
			allAny[u] = true
		}
	}
	// Rows: every value present in the filtered corpus, coded or not.
	rowSet := map[string]bool{}
	denom := map[string]map[string]bool{} // row -> organisations (or documents) in it
	for _, doc := range d.Docs {
		f := Frag{Doc: doc.ID, Org: doc.Org, Type: doc.Type, Period: doc.Period, Year: doc.Year, Part: Other}
		if by == "part" {
			for _, p := range d.Rules.Names() {
				rowSet[p] = true
			}
			continue
		}
		keys, err := d.rowKeys(by, f)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			rowSet[k] = true
			if denom[k] == nil {
				denom[k] = map[string]bool{}
			}
			if by == "org" {
				denom[k][doc.ID] = true
			} else {
				denom[k][doc.Org] = true
			}
		}
	}
	m := &MatrixResult{Cols: cols, Measure: measure}
	for k := range rowSet {
		m.Rows = append(m.Rows, k)
	}
	sort.Strings(m.Rows)
	for _, r := range m.Rows {
		label := r
		if by == "org" {
			label = d.OrgName(r)
		}
		m.RowLabels = append(m.RowLabels, label)
		row := make([]float64, len(cols))
		for ci := range cols {
			v := float64(len(cells[cellKey{r, ci}]))
			if measure == Share {
				if n := len(denom[r]); n > 0 {
					v /= float64(n)
				} else {
					v = 0
				}
			}
			row[ci] = v
		}
		m.Cells = append(m.Cells, row)
		rt := float64(len(rowsAny[r]))
		if measure == Share {
			if n := len(denom[r]); n > 0 {
				rt /= float64(n)
			}
		}
		m.RowTotals = append(m.RowTotals, rt)
	}
	for ci := range cols {
		v := float64(len(colsAny[ci]))
		if measure == Share {
			n := d.TotalOrgs
			if by == "org" {
				n = d.TotalDocs
			}
			if n > 0 {
				v /= float64(n)
			}
		}
		m.ColTotals = append(m.ColTotals, v)
	}
	m.Total = float64(len(allAny))
	if measure == Share {
		n := d.TotalOrgs
		if by == "org" {
			n = d.TotalDocs
		}
		if n > 0 {
			m.Total /= float64(n)
		}
	}
	return m, nil
}

// CooccurResult is code × code co-occurrence.
type CooccurResult struct {
	Unit    string      `json:"unit"`
	Codes   []string    `json:"codes"`
	Counts  [][]int     `json:"counts"` // diagonal: units with the code
	Jaccard [][]float64 `json:"jaccard"`
	Pairs   []CoPair    `json:"strongest_pairs"`
}

// CoPair is one pair of codes.
type CoPair struct {
	A, B    string
	Count   int
	Jaccard float64
}

// Cooccur counts codes appearing together in a fragment, a section (the
// fragments under one heading of one document) or a document.
func (d *Dataset) Cooccur(unit string) (*CooccurResult, error) {
	key := func(f Frag) string { return f.ID }
	switch unit {
	case "", "fragment":
		unit = "fragment"
	case "section":
		key = func(f Frag) string { return f.Doc + "\x00" + strings.Join(f.Section, "\x00") }
	case "document":
		key = func(f Frag) string { return f.Doc }
	default:
		return nil, arg.Bad("unit", unit, "fragment", "section", "document")
	}
	sets := map[string]map[string]bool{}
	for _, f := range d.Frags {
		k := key(f)
		if sets[k] == nil {
			sets[k] = map[string]bool{}
		}
		for _, c := range f.Codes {
			sets[k][c] = true
		}
	}
	r := &CooccurResult{Unit: unit}
	idx := map[string]int{}
	for _, c := range d.Codes {
		idx[c.Key] = len(r.Codes)
		r.Codes = append(r.Codes, c.Key)
	}
	n := len(r.Codes)
	r.Counts = make([][]int, n)
	r.Jaccard = make([][]float64, n)
	for i := range r.Counts {
		r.Counts[i] = make([]int, n)
		r.Jaccard[i] = make([]float64, n)
	}
	for _, s := range sets {
		var ks []int
		for c := range s {
			if i, ok := idx[c]; ok {
				ks = append(ks, i)
			}
		}
		for _, a := range ks {
			for _, b := range ks {
				r.Counts[a][b]++
			}
		}
	}
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			if u := r.Counts[a][a] + r.Counts[b][b] - r.Counts[a][b]; u > 0 {
				r.Jaccard[a][b] = float64(r.Counts[a][b]) / float64(u)
			}
			if b > a && r.Counts[a][b] > 0 {
				r.Pairs = append(r.Pairs, CoPair{A: r.Codes[a], B: r.Codes[b], Count: r.Counts[a][b], Jaccard: r.Jaccard[a][b]})
			}
		}
	}
	sort.Slice(r.Pairs, func(i, j int) bool {
		if r.Pairs[i].Jaccard != r.Pairs[j].Jaccard {
			return r.Pairs[i].Jaccard > r.Pairs[j].Jaccard
		}
		return r.Pairs[i].A+r.Pairs[i].B < r.Pairs[j].A+r.Pairs[j].B
	})
	if len(r.Pairs) > 20 {
		r.Pairs = r.Pairs[:20]
	}
	return r, nil
}

// TrendRow is a theme in one period or year.
type TrendRow struct {
	Bucket   string  `json:"bucket"`
	Org      string  `json:"org,omitempty"`
	Count            // fragments, documents, organisations with the theme
	Docs     int     `json:"documents_in_bucket"`
	Orgs     int     `json:"organisations_in_bucket"`
	OrgShare float64 `json:"share_of_organisations"`
}

// Trend follows a theme over periods or years, over all organisations or
// one (org != "").
func (d *Dataset) Trend(key, by, org string) ([]TrendRow, error) {
	c, err := d.Code(key)
	if err != nil {
		return nil, err
	}
	bucket := func(doc string) string {
		dd := d.Docs[doc]
		if by == "year" {
			return orNone(fmt.Sprint(dd.Year))
		}
		return orNone(dd.Period)
	}
	if by != "period" && by != "year" {
		return nil, arg.Bad("by", by, "period", "year")
	}
	docsIn, orgsIn := map[string]int{}, map[string]map[string]bool{}
	for id, doc := range d.Docs {
		if org != "" && doc.Org != org {
			continue
		}
		b := bucket(id)
		docsIn[b]++
		if orgsIn[b] == nil {
			orgsIn[b] = map[string]bool{}
		}
		orgsIn[b][doc.Org] = true
	}
	byBucket := map[string][]Frag{}
	for _, f := range d.With(c.Key) {
		if org != "" && f.Org != org {
			continue
		}
		byBucket[bucket(f.Doc)] = append(byBucket[bucket(f.Doc)], f)
	}
	var keys []string
	for k := range docsIn {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []TrendRow
	for _, k := range keys {
		r := TrendRow{Bucket: k, Org: org, Count: reach(byBucket[k]), Docs: docsIn[k], Orgs: len(orgsIn[k])}
		if r.Orgs > 0 {
			r.OrgShare = float64(r.Organisations) / float64(r.Orgs)
		}
		out = append(out, r)
	}
	return out, nil
}

// Line is one concordance line.
type Line struct {
	Quote
	Left  string `json:"left"`
	Match string `json:"match"`
	Right string `json:"right"`
}

// KWIC finds the words a search for term finds (its forms and the
// compounds it is part of: index.WordMatcher) in fragments and cuts
// concordance lines of width characters each side, sorted by the left or
// right context (or by document order when sortBy is "").
func KWIC(fs []Frag, names map[string]string, titles map[string]string, term string, width int, sortBy string) []Line {
	match, ok := index.WordMatcher(term)
	if !ok {
		return nil
	}
	width = max(width, 0) // a negative width would slice before the word
	var out []Line
	for _, f := range fs {
		rs := []rune(f.Text)
		for i := 0; i < len(rs); {
			if !unicode.IsLetter(rs[i]) {
				i++
				continue
			}
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || rs[j] == '-') {
				j++
			}
			word := string(rs[i:j])
			if match(word) {
				l := max(0, i-width)
				r := min(len(rs), j+width)
				out = append(out, Line{Quote: Quote{Frag: f, OrgName: names[f.Org], Title: titles[f.Doc]},
					Left: strings.Join(strings.Fields(string(rs[l:i])), " "), Match: word, Right: strings.Join(strings.Fields(string(rs[j:r])), " ")})
			}
			i = j
		}
	}
	switch sortBy {
	case "left":
		sort.SliceStable(out, func(a, b int) bool { return lastWords(out[a].Left) < lastWords(out[b].Left) })
	case "right":
		sort.SliceStable(out, func(a, b int) bool { return strings.ToLower(out[a].Right) < strings.ToLower(out[b].Right) })
	}
	return out
}

// lastWords orders the left context from the keyword outwards, as
// concordances sort it.
func lastWords(s string) string {
	f := strings.Fields(strings.ToLower(s))
	for i, j := 0, len(f)-1; i < j; i, j = i+1, j-1 {
		f[i], f[j] = f[j], f[i]
	}
	return strings.Join(f, " ")
}
