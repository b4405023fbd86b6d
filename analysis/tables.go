package analysis

import (
	"fmt"

	"github.com/plancoder/plancoder/citation"
)

// The tables of the analysis results: the CSV columns of the CLI commands
// and the tables of the web's analysis pages (CSV and XLSX downloads) come
// from here, so both give the same columns and numbers.

// ThemeTable is a theme's counts: the total and every split (the columns of
// `theme --format csv`).
func ThemeTable(r *ThemeResult) Table {
	t := Table{Name: "theme", Header: []string{"by", "value", "fragments", "documents", "organisations", "organisations_in_group"}}
	t.Rows = append(t.Rows, []string{"total", "", fmt.Sprint(r.Count.Fragments), fmt.Sprint(r.Count.Documents), fmt.Sprint(r.Count.Organisations), fmt.Sprint(r.OfOrgs)})
	for _, sp := range r.Splits {
		for _, row := range sp.Rows {
			t.Rows = append(t.Rows, []string{sp.By, row.Value, fmt.Sprint(row.Fragments), fmt.Sprint(row.Documents), fmt.Sprint(row.Organisations), fmt.Sprint(row.OrgsInGroup)})
		}
	}
	return t
}

// CooccurringTable lists the codes a theme shares fragments with.
func CooccurringTable(r *ThemeResult) Table {
	t := Table{Name: "cooccurring", Header: []string{"code", "name", "fragments", "jaccard"}}
	for _, p := range r.Cooccurs {
		t.Rows = append(t.Rows, []string{p.Code, p.Name, fmt.Sprint(p.Count), fmt.Sprintf("%.4f", p.Jaccard)})
	}
	return t
}

// TermsTable lists distinctive terms (the columns of `terms`).
func TermsTable(ts []Term) Table {
	t := Table{Name: "terms", Header: []string{"term", "stem", "freq", "ref freq", "log-likelihood", "log ratio"}}
	for _, x := range ts {
		t.Rows = append(t.Rows, []string{x.Example, x.Stem, fmt.Sprint(x.Target), fmt.Sprint(x.Ref), fmt.Sprintf("%.2f", x.LL), fmt.Sprintf("%.2f", x.LogRatio)})
	}
	return t
}

// QuotesTable lists quotes with their citations.
func QuotesTable(qs []Quote) Table {
	t := Table{Name: "quotes", Header: []string{"fragment", "organisation", "organisation_name", "document", "title", "page", "section", "text"}}
	for _, q := range qs {
		t.Rows = append(t.Rows, []string{q.ID, q.Org, q.OrgName, q.Doc, q.Title, itoa(q.Page), citation.Path(q.Section), q.Text})
	}
	return t
}

// CooccurTable lists every pair of codes that share a unit (the columns of
// `cooccur --format csv`).
func CooccurTable(r *CooccurResult) Table {
	t := Table{Name: "cooccur", Header: []string{"code_a", "code_b", r.Unit + "s", "jaccard"}}
	for i, x := range r.Codes {
		for j, y := range r.Codes {
			if j > i && r.Counts[i][j] > 0 {
				t.Rows = append(t.Rows, []string{x, y, fmt.Sprint(r.Counts[i][j]), fmt.Sprintf("%.4f", r.Jaccard[i][j])})
			}
		}
	}
	return t
}

// TrendTable is a theme over periods or years (the columns of `trend`).
func TrendTable(rows []TrendRow, by string) Table {
	t := Table{Name: "trend", Header: []string{by, "fragments", "documents", "organisations", "of organisations", "share"}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.Bucket, fmt.Sprint(r.Fragments), fmt.Sprintf("%d/%d", r.Documents, r.Docs), fmt.Sprint(r.Organisations), fmt.Sprint(r.Orgs), fmt.Sprintf("%.0f%%", 100*r.OrgShare)})
	}
	return t
}

// CellFrags are the fragments behind one cell of Matrix(by, ...): the
// fragments with code whose row value for by is value. Their number is the
// cell's count under the fragments measure; their documents and
// organisations are the cell's other measures.
func (d *Dataset) CellFrags(by, value, code string) ([]Frag, error) {
	c, err := d.Code(code)
	if err != nil {
		return nil, err
	}
	var out []Frag
	for _, f := range d.With(c.Key) {
		keys, err := d.rowKeys(by, f)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if k == value {
				out = append(out, f)
				break
			}
		}
	}
	return out, nil
}
