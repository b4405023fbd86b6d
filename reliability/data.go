package reliability

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/plancoder/plancoder/csvfile"
)

// ReadData reads long-format reliability data: a header unit,coder,value;
// one row per value given; a coder who did not code a unit has no row. For
// level set, the value lists codes separated by ";" and an empty value is
// the empty set.
func ReadData(name string, r io.Reader, level Level) (Matrix, error) {
	data, err := io.ReadAll(io.LimitReader(r, csvfile.MaxSize+1))
	if err != nil {
		return Matrix{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > csvfile.MaxSize {
		return Matrix{}, fmt.Errorf("%s: larger than %d MiB", name, csvfile.MaxSize>>20)
	}
	t, err := csvfile.Read(name, data)
	if errors.Is(err, csvfile.ErrEmpty) {
		return Matrix{}, fmt.Errorf("%s: no header row (want unit,coder,value)", name)
	}
	if err != nil {
		return Matrix{}, err
	}
	col := map[string]int{}
	for _, need := range []string{"unit", "coder", "value"} {
		col[need] = t.Column(need)
		if col[need] < 0 {
			return Matrix{}, fmt.Errorf("%s:1: missing column %q (header must be unit,coder,value)", name, need)
		}
	}
	units, coders := map[string]int{}, map[string]int{}
	var m Matrix
	type cell struct{ u, c int }
	seen := map[cell]int{}
	type val struct {
		u, c int
		v    string
	}
	var vals []val
	for _, row := range t.Rows {
		rec, line := row.Fields, row.Line
		if len(rec) <= max(col["unit"], col["coder"], col["value"]) {
			return Matrix{}, fmt.Errorf("%s:%d: %d fields, want unit,coder,value", name, line, len(rec))
		}
		u, c, v := strings.TrimSpace(rec[col["unit"]]), strings.TrimSpace(rec[col["coder"]]), strings.TrimSpace(rec[col["value"]])
		if u == "" || c == "" {
			return Matrix{}, fmt.Errorf("%s:%d: empty unit or coder", name, line)
		}
		if v == "" && level != Set {
			return Matrix{}, fmt.Errorf("%s:%d: empty value (leave the row out for a unit the coder did not code)", name, line)
		}
		if level == Interval || level == Ratio || level == Ordinal {
			v = decimalPoint(v)
		}
		ui, ok := units[u]
		if !ok {
			ui = len(m.Units)
			units[u] = ui
			m.Units = append(m.Units, u)
		}
		ci, ok := coders[c]
		if !ok {
			ci = len(m.Coders)
			coders[c] = ci
			m.Coders = append(m.Coders, c)
		}
		if prev, dup := seen[cell{ui, ci}]; dup {
			return Matrix{}, fmt.Errorf("%s:%d: coder %s gave unit %s a value already on line %d", name, line, c, u, prev)
		}
		seen[cell{ui, ci}] = line
		vals = append(vals, val{ui, ci, v})
	}
	if len(vals) == 0 {
		return Matrix{}, fmt.Errorf("%s: no data rows", name)
	}
	m.Values = make([][]*string, len(m.Units))
	for i := range m.Values {
		m.Values[i] = make([]*string, len(m.Coders))
	}
	for _, v := range vals {
		m.Values[v.u][v.c] = Value(v.v)
	}
	return m, nil
}

// decimalPoint turns a decimal comma (2,5: how Excel writes numbers in a
// Flemish or Dutch locale) into a point; anything else stays as it is.
func decimalPoint(v string) string {
	i := strings.IndexByte(v, ',')
	if i <= 0 || i == len(v)-1 || strings.Count(v, ",") != 1 {
		return v
	}
	for j, r := range v {
		if j != i && !(r >= '0' && r <= '9') && !(j == 0 && r == '-') {
			return v
		}
	}
	return v[:i] + "." + v[i+1:]
}
