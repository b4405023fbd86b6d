package analysis

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/plancoder/plancoder/citation"
	"github.com/plancoder/plancoder/csvfile"
	"github.com/xuri/excelize/v2"
)

// Table is a named table of strings, for export.
type Table struct {
	Name   string
	Header []string
	Rows   [][]string
}

// FragmentsTable lists the coded fragments with their citation and codes.
func (d *Dataset) FragmentsTable() Table {
	t := Table{Name: "fragments", Header: []string{"fragment", "organisation", "organisation_name", "document", "type", "period", "year", "part", "page", "section", "kind", "codes", "text"}}
	for _, f := range d.WithText(d.Frags) {
		t.Rows = append(t.Rows, []string{f.ID, f.Org, d.OrgName(f.Org), f.Doc, f.Type, f.Period, itoa(f.Year), f.Part, itoa(f.Page),
			citation.Path(f.Section), f.Kind, strings.Join(f.Codes, ";"), f.Text})
	}
	return t
}

// CodingsTable lists one row per fragment, code and coder (the coder
// "consensus" where the reconciled master is counted), so a workbook can be
// filtered by coder.
func (d *Dataset) CodingsTable() Table {
	t := Table{Name: "codings", Header: []string{"fragment", "code", "coder", "organisation", "document", "type", "period", "year", "part"}}
	for _, f := range d.Frags {
		for _, c := range f.Codes {
			coders := f.Coders[c]
			if len(coders) == 0 {
				coders = []string{""}
			}
			for _, who := range coders {
				t.Rows = append(t.Rows, []string{f.ID, c, who, f.Org, f.Doc, f.Type, f.Period, itoa(f.Year), f.Part})
			}
		}
	}
	return t
}

// MatrixTable turns a matrix into a table with totals.
func MatrixTable(m *MatrixResult, rowName string) Table {
	t := Table{Name: "matrix", Header: append(append([]string{rowName}, m.Cols...), "total")}
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	for i, r := range m.Rows {
		row := []string{r}
		for _, v := range m.Cells[i] {
			row = append(row, num(v))
		}
		t.Rows = append(t.Rows, append(row, num(m.RowTotals[i])))
	}
	tot := []string{"total"}
	for _, v := range m.ColTotals {
		tot = append(tot, num(v))
	}
	t.Rows = append(t.Rows, append(tot, num(m.Total)))
	return t
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// WriteCSV writes one table as CSV: plain, or with excel in the form Excel
// opens right in a Flemish or Dutch locale (csvfile.Writer: semicolons, a
// BOM, CRLF, decimal commas).
func WriteCSV(w io.Writer, t Table, excel bool) error {
	return csvfile.NewWriter(w, excel).WriteAll(append([][]string{t.Header}, t.Rows...))
}

// WriteJSONL writes one JSON object per row, keyed by the header.
func WriteJSONL(w io.Writer, t Table) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, r := range t.Rows {
		m := make(map[string]string, len(t.Header))
		for i, h := range t.Header {
			if i < len(r) {
				m[h] = r[i]
			}
		}
		if err := enc.Encode(m); err != nil {
			return err
		}
	}
	return nil
}

// WriteXLSX writes tables as sheets of one workbook, each with a bold,
// frozen header row; numbers are stored as numbers.
func WriteXLSX(w io.Writer, tables ...Table) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, t := range tables {
		name := t.Name
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		head := make([]interface{}, len(t.Header))
		for j, h := range t.Header {
			head[j] = excelize.Cell{StyleID: bold, Value: h}
		}
		if len(t.Header) > 0 {
			if err := sw.SetColWidth(1, len(t.Header), 16); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, Split: false, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		for r, row := range t.Rows {
			vals := make([]interface{}, len(row))
			for j, v := range row {
				if n, err := strconv.ParseFloat(v, 64); err == nil && !leadingZero(v) {
					vals[j] = n
				} else {
					vals[j] = v
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := sw.SetRow(cell, vals); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("sheet %s: %w", name, err)
		}
	}
	return f.Write(w)
}

// leadingZero keeps IDs like "0012" as text.
func leadingZero(s string) bool { return len(s) > 1 && s[0] == '0' && s[1] != '.' }
