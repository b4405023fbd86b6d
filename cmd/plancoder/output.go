package main

import (
	"encoding"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/plancoder/plancoder/analysis"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

// Output formats for tabular commands.
const (
	formatTable = "table"
	formatJSON  = "json"
	formatCSV   = "csv"
)

// addFormatFlag adds --format to a command that prints tabular data.
func addFormatFlag(c *cobra.Command, target *string) {
	c.Flags().StringVar(target, "format", formatTable, "output format: table, json or csv")
}

func checkFormat(f string) error {
	switch f {
	case formatTable, formatJSON, formatCSV:
		return nil
	}
	return usagef("--format %q: use table, json or csv", f)
}

// checkReportFormat accepts the formats of commands whose output is a
// report rather than a table: table or json.
func checkReportFormat(f string) error {
	if f != formatTable && f != formatJSON {
		return usagef("--format %q: use table or json", f)
	}
	return nil
}

// table is rows of cells with a header, printed as an aligned table, CSV or
// JSON (an array of objects keyed by the header).
type table struct {
	header []string
	rows   [][]string
	// wide names the column that is shortened first to fit a terminal.
	wide int
}

// fromTable prints a table a package built (the one code path the web
// pages share).
func fromTable(at analysis.Table) *table { return &table{header: at.Header, rows: at.Rows} }

func (t *table) add(cells ...any) {
	row := make([]string, len(cells))
	for i, c := range cells {
		row[i] = fmt.Sprint(c)
	}
	t.rows = append(t.rows, row)
}

// print writes t in format f. Tables are fitted to width when it is known.
func (t *table) print(w io.Writer, f string, width int) error {
	switch f {
	case formatCSV:
		cw := csv.NewWriter(w)
		cw.Write(t.header)
		cw.WriteAll(t.rows)
		return cw.Error()
	case formatJSON:
		out := make([]map[string]string, 0, len(t.rows))
		for _, r := range t.rows {
			m := map[string]string{}
			for i, h := range t.header {
				m[h] = r[i]
			}
			out = append(out, m)
		}
		return writeJSON(w, out)
	}
	if width > 0 {
		t.fit(width)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(t.header, "\t")))
	for _, r := range t.rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

// fit shortens the wide column so rows fit in width characters.
func (t *table) fit(width int) {
	widths := make([]int, len(t.header))
	for i, h := range t.header {
		widths[i] = utf8.RuneCountInString(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	total := 0
	for _, w := range widths {
		total += w + 2
	}
	over := total - 2 - width
	if over <= 0 {
		return
	}
	limit := max(widths[t.wide]-over, 8)
	for _, r := range t.rows {
		r[t.wide] = truncate(r[t.wide], limit)
	}
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return string(rs[:n-1]) + "…"
}

// writeJSON writes v as indented JSON. Lists are never null: a nil slice
// anywhere in v is written as [] (a script reading "hits" should not have
// to tell null from no hits).
func writeJSON(w io.Writer, v any) error {
	v = emptyLists(v)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// newProgress returns a progress bar on stderr when it is a terminal, and a
// no-op otherwise, so logs and pipes stay clean.
func newProgress(ios *IOStreams, total int, what string) func(done int, item string) {
	if !ios.ErrTTY || total <= 1 {
		return func(int, string) {}
	}
	bar := progressbar.NewOptions(total,
		progressbar.OptionSetWriter(ios.Err),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionOnCompletion(func() { fmt.Fprint(ios.Err, "\r") }),
	)
	return func(done int, _ string) { _ = bar.Set(done) }
}

// emptyLists returns a copy of v in which every nil slice reachable through
// structs, pointers, maps, slices and interfaces is an empty one. Values
// that marshal themselves are left alone, and v itself is not changed.
func emptyLists(v any) any {
	if v == nil {
		return nil
	}
	out := fillLists(reflect.ValueOf(v), 0)
	return out.Interface()
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// fillLists is emptyLists on one value; depth guards against cycles.
func fillLists(v reflect.Value, depth int) reflect.Value {
	if depth > 32 || !v.IsValid() {
		return v
	}
	t := v.Type()
	if t.Implements(jsonMarshaler) || t.Implements(textMarshaler) ||
		reflect.PointerTo(t).Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(textMarshaler) {
		return v
	}
	switch v.Kind() {
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return v // []byte is a base64 string
		}
		if v.IsNil() {
			return reflect.MakeSlice(t, 0, 0)
		}
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(fillLists(v.Index(i), depth+1))
		}
		return out
	case reflect.Array:
		out := reflect.New(t).Elem()
		for i := range v.Len() {
			out.Index(i).Set(fillLists(v.Index(i), depth+1))
		}
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(t.Elem())
		out.Elem().Set(fillLists(v.Elem(), depth+1))
		return out
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		out := reflect.New(t).Elem()
		out.Set(fillLists(v.Elem(), depth+1))
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(t, v.Len())
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(it.Key(), fillLists(it.Value(), depth+1))
		}
		return out
	case reflect.Struct:
		out := reflect.New(t).Elem()
		out.Set(v) // unexported fields keep their values
		for i := range t.NumField() {
			if f := out.Field(i); f.CanSet() {
				f.Set(fillLists(v.Field(i), depth+1))
			}
		}
		return out
	}
	return v
}
