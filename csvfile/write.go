package csvfile

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
)

// Writer writes CSV records, either plain (comma, LF, no BOM: what scripts
// and R or pandas expect) or for Excel in a Flemish or Dutch locale, where
// the list separator is a semicolon and the decimal separator a comma:
// semicolons, a UTF-8 byte order mark (without it Excel reads the bytes as
// Windows-1252 and "Koepel Créatief" turns into "Koepel CrÃ©atief"), CRLF
// line ends and decimal numbers written with a comma (0,25), so Excel takes
// them as numbers.
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

// decimal is a number with a decimal point as strconv writes it.
var decimal = regexp.MustCompile(`^-?[0-9]+\.[0-9]+$`)

// Write writes one record.
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
	if w.excel {
		out := make([]string, len(rec))
		for i, v := range rec {
			if decimal.MatchString(v) {
				v = strings.Replace(v, ".", ",", 1)
			}
			out[i] = v
		}
		rec = out
	}
	if err := w.w.Write(rec); err != nil {
		w.err = err
	}
	return w.err
}

// WriteAll writes records and flushes.
func (w *Writer) WriteAll(recs [][]string) error {
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
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
