package analysis

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/plancoder/plancoder/store"
	"github.com/xuri/excelize/v2"
)

// TestCodingsTableCoders: the codings table (and the xlsx codings sheet)
// has a coder column, one row per fragment, code and coder (issue 15).
func TestCodingsTableCoders(t *testing.T) {
	s := smallProject(t)
	if err := s.AddCodings(store.Coding{Fragment: "d2/0001", Code: "B", Coder: "bob"}); err != nil {
		t.Fatal(err)
	}
	d, err := Load(s, Filters{Org: "o2"}, DefaultRules)
	if err != nil {
		t.Fatal(err)
	}
	ct := d.CodingsTable()
	want := [][]string{
		{"d2/0001", "B", "ann", "o2", "d2", store.TypeProgressReport, "2021-2025", "2022", "context"},
		{"d2/0001", "B", "bob", "o2", "d2", store.TypeProgressReport, "2021-2025", "2022", "context"},
		{"d2/0002", "A", "ann", "o2", "d2", store.TypeProgressReport, "2021-2025", "2022", "context"},
		{"d2/0002", "C", "ann", "o2", "d2", store.TypeProgressReport, "2021-2025", "2022", "context"},
	}
	if ct.Header[2] != "coder" || !reflect.DeepEqual(ct.Rows, want) {
		t.Errorf("codings table %q\n%q, want\n%q", ct.Header, ct.Rows, want)
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, d.FragmentsTable(), ct); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("codings")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0][2] != "coder" || rows[2][2] != "bob" {
		t.Errorf("codings sheet %q", rows)
	}
	d, err = Load(s, Filters{Org: "o2", Coder: "bob"}, DefaultRules)
	if err != nil {
		t.Fatal(err)
	}
	if rows := d.CodingsTable().Rows; len(rows) != 1 || rows[0][2] != "bob" {
		t.Errorf("--coder bob: %q", rows)
	}
}
