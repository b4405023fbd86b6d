package csvfile

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Writer writes CSV records, either plain (comma, LF, no BOM: what scripts
// and R or pandas expect) or for Excel in a Flemish or Dutch locale, where
// the list separator is a semicolon and the decimal separator a comma:
// semicolons, a UTF-8 byte order mark (without it Excel reads the bytes as
// Windows-1252 and "Koepel Créatief" turns into "Koepel CrÃ©atief"), CRLF
// line ends and, in columns of numbers, decimal numbers written with a
// comma (0,25), so Excel takes them as numbers.
type Writer struct {
	w       *csv.Writer
	out     io.Writer
	excel   bool
	started bool
	err     error
}

// NewWriter writes to w; excel chooses the Excel form.
func NewWriter(w io.Writer, excel bool) *Writer {
	cw := csv.NewWriter(w)
	if excel {
		cw.Comma = ';'
		cw.UseCRLF = true
	}
	return &Writer{w: cw, out: w, excel: excel}
}

// number and decimal match numbers as strconv writes them.
var (
	number  = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	decimal = regexp.MustCompile(`^-?[0-9]+\.[0-9]+$`)
)

// Write writes one record as it is.
func (w *Writer) Write(rec []string) error {
	if w.err != nil {
		return w.err
	}
	if w.excel && !w.started {
		if _, err := io.WriteString(w.out, "\ufeff"); err != nil {
			w.err = err
			return err
		}
	}
	w.started = true
	if err := w.w.Write(rec); err != nil {
		w.err = err
	}
	return w.err
}

// WriteAll writes a table, its first record the header, and flushes. In
// the Excel form, decimal numbers get a decimal comma in the columns that
// hold only numbers below the header (a matrix's cells, not a text that
// happens to read "3.1").
func (w *Writer) WriteAll(recs [][]string) error {
	var numeric []bool
	if w.excel && len(recs) > 1 {
		numeric = numericColumns(recs[1:])
	}
	for i, r := range recs {
		if i > 0 && numeric != nil {
			out := make([]string, len(r))
			for j, v := range r {
				if j < len(numeric) && numeric[j] && decimal.MatchString(v) {
					v = strings.Replace(v, ".", ",", 1)
				}
				out[j] = v
			}
			r = out
		}
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// numericColumns reports for each column whether every non-empty cell is a
// number and one at least is.
func numericColumns(rows [][]string) []bool {
	n := 0
	for _, r := range rows {
		n = max(n, len(r))
	}
	out := make([]bool, n)
	seen := make([]bool, n)
	for j := range out {
		out[j] = true
	}
	for _, r := range rows {
		for j, v := range r {
			if v == "" {
				continue
			}
			seen[j] = true
			if !number.MatchString(v) {
				out[j] = false
			}
		}
	}
	for j := range out {
		out[j] = out[j] && seen[j]
	}
	return out
}

// Flush writes buffered records out.
func (w *Writer) Flush() { w.w.Flush() }

// Error reports the first error of a write or flush.
func (w *Writer) Error() error {
	if w.err != nil {
		return w.err
	}
	return w.w.Error()
}

// ToExcel rewrites plain CSV (comma, as encoding/csv writes it) in the
// Excel form, for output that was written as plain CSV first.
func ToExcel(w io.Writer, plain []byte) error {
	r := csv.NewReader(bytes.NewReader(plain))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return fmt.Errorf("csv for Excel: %w", err)
	}
	return NewWriter(w, true).WriteAll(recs)
}
