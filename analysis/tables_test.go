package analysis

import (
	"fmt"
	"reflect"
	"testing"
)

// TestCellFragsEqualMatrix holds the matrix's click-through to its cells:
// the fragments behind every cell are as many as the cell counts, and
// their documents and organisations the other measures.
func TestCellFragsEqualMatrix(t *testing.T) {
	d := loadSmall(t, Filters{})
	for _, by := range []string{"org", "doc", "type", "period", "year", "part", "attr:region"} {
		for _, measure := range []string{Fragments, Documents, Organisations} {
			m, err := d.Matrix(by, measure, nil)
			if err != nil {
				t.Fatal(err)
			}
			for i, row := range m.Rows {
				for j, col := range m.Cols {
					fs, err := d.CellFrags(by, row, col)
					if err != nil {
						t.Fatal(err)
					}
					units := map[string]bool{}
					for _, f := range fs {
						units[map[string]string{Fragments: f.ID, Documents: f.Doc, Organisations: f.Org}[measure]] = true
					}
					if got := float64(len(units)); got != m.Cells[i][j] {
						t.Errorf("%s %s cell %s/%s: %d fragments behind it give %v, matrix says %v", by, measure, row, col, len(fs), got, m.Cells[i][j])
					}
				}
			}
		}
	}
	if _, err := d.CellFrags("org", "o1", "NOPE"); err == nil {
		t.Error("unknown code: no error")
	}
	if _, err := d.CellFrags("colour", "x", "A"); err == nil {
		t.Error("unknown rows: no error")
	}
}

func TestResultTables(t *testing.T) {
	d := loadSmall(t, Filters{})
	r, err := d.Theme("A", 2)
	if err != nil {
		t.Fatal(err)
	}
	th := ThemeTable(r)
	if want := []string{"total", "", "3", "2", "2", "3"}; !reflect.DeepEqual(th.Rows[0], want) {
		t.Errorf("theme total row %q, want %q", th.Rows[0], want)
	}
	co, err := d.Cooccur("fragment")
	if err != nil {
		t.Fatal(err)
	}
	ct := CooccurTable(co)
	want := [][]string{{"A", "B", "1", "0.2500"}, {"A", "C", "1", "0.2500"}}
	if !reflect.DeepEqual(ct.Rows, want) || ct.Header[2] != "fragments" {
		t.Errorf("cooccur table %q %q, want %q", ct.Header, ct.Rows, want)
	}
	rows, err := d.Trend("A", "year", "")
	if err != nil {
		t.Fatal(err)
	}
	tt := TrendTable(rows, "year")
	got := fmt.Sprint(tt.Rows)
	if got != "[[(none) 0 0/1 0 1 0%] [2021 2 1/2 1 2 50%] [2022 1 1/1 1 1 100%]]" {
		t.Errorf("trend table %s", got)
	}
	if q := QuotesTable(r.Quotes); len(q.Rows) != len(r.Quotes) || len(q.Header) != len(q.Rows[0]) {
		t.Errorf("quotes table %v", q)
	}
	if c := CooccurringTable(r); len(c.Rows) != len(r.Cooccurs) {
		t.Errorf("cooccurring table %v", c)
	}
}
