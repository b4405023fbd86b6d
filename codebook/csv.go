package codebook

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/plancoder/plancoder/csvfile"
	"github.com/plancoder/plancoder/store"
)

// csvColumns are the columns of the CSV form, in the order CSV writes them.
var csvColumns = []string{"key", "name", "group", "description", "include", "exclude", "example", "colour", "shortcut"}

// ParseCSV reads a codebook from CSV with a header row and validates it.
// The header names the columns in any order and case; key and name are
// required. The separator may be a comma, a semicolon or a tab. Groups are
// inferred from the group column. Problems are returned as [Errors] with
// their lines; the codebook is nil then.
func ParseCSV(name string, data []byte) (*Codebook, error) {
	if len(data) > MaxFileSize {
		return nil, tooBig(name)
	}
	var errs Errors
	add := func(line int, item, field, format string, args ...any) {
		errs = append(errs, &FieldError{File: name, Line: line, Item: item, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	// Encoding, BOM, line ends and separator as every CSV input of the
	// project: the file may come from Excel in any locale.
	text, _, err := csvfile.Decode(data)
	if err != nil {
		add(0, "", "", "%v", err)
		return nil, errs
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = csvfile.Sniff(text)
	r.FieldsPerRecord = -1
	csvErr := func(err error) {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if col := csvfile.ParseErrorField(text, r.Comma, pe); col > 0 {
				add(pe.Line, "", "", "invalid CSV: column %d: %v", col, pe.Err)
			} else {
				add(pe.Line, "", "", "invalid CSV: %v", pe.Err)
			}
		} else {
			add(0, "", "", "invalid CSV: %v", err)
		}
	}

	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		add(0, "", "", "empty file: a codebook needs a header row and at least one code")
		return nil, errs
	}
	if err != nil {
		csvErr(err)
		return nil, errs
	}
	headerLine, _ := r.FieldPos(0)
	cols := make([]string, len(header)) // column name by index; "" to ignore
	seen := map[string]int{}
	for i, h := range header {
		col := strings.ToLower(strings.TrimSpace(h))
		switch {
		case col == "" && i == len(header)-1:
			// a trailing separator after the last column
		case col == "":
			add(headerLine, "", "", "column %d has no name in the header", i+1)
		case !slices.Contains(csvColumns, col):
			add(headerLine, "", "", "unknown column %s (known columns: %s)", store.Quote(strings.TrimSpace(h)), strings.Join(csvColumns, ", "))
		case seen[col] > 0:
			add(headerLine, "", "", "column %s appears twice (columns %d and %d)", store.Quote(col), seen[col], i+1)
		default:
			seen[col] = i + 1
			cols[i] = col
		}
	}
	for _, req := range []string{"key", "name"} {
		if seen[req] == 0 {
			add(headerLine, "", "", "missing required column %q", req)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}

	src := &source{file: name}
	cb := &Codebook{src: src}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			csvErr(err)
			return nil, errs
		}
		if blank(rec) {
			continue
		}
		line, _ := r.FieldPos(0)
		var c store.Code
		pos := position{line: line, fields: map[string]int{}}
		for i, v := range rec {
			if i >= len(cols) {
				if strings.TrimSpace(v) != "" {
					l, _ := r.FieldPos(i)
					add(l, "", "", "more fields than the %d columns of the header", len(header))
					break
				}
				continue
			}
			if cols[i] == "" {
				continue
			}
			l, _ := r.FieldPos(i)
			pos.fields[cols[i]] = l
			if t := strings.TrimSpace(v); t != "" || cols[i] != "shortcut" {
				v = t // a shortcut of only blanks stays, to be reported
			}
			setField(&c, cols[i], v)
		}
		pos.key = c.Key
		c.Order = len(cb.Codes)
		cb.Codes = append(cb.Codes, c)
		src.codes = append(src.codes, pos)
	}
	if len(cb.Codes) == 0 {
		add(headerLine, "", "", "no codes: a codebook needs at least one code below the header")
	}
	cb.Groups = inferGroups(cb.Codes)
	return finish(cb, errs)
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

func setField(c *store.Code, col, v string) {
	switch col {
	case "key":
		c.Key = v
	case "name":
		c.Name = v
	case "group":
		c.Group = v
	case "description":
		c.Description = v
	case "include":
		c.Include = v
	case "exclude":
		c.Exclude = v
	case "example":
		c.Example = v
	case "colour":
		c.Colour = v
	case "shortcut":
		c.Shortcut = v
	}
}

func getField(c store.Code, col string) string {
	switch col {
	case "key":
		return c.Key
	case "name":
		return c.Name
	case "group":
		return c.Group
	case "description":
		return c.Description
	case "include":
		return c.Include
	case "exclude":
		return c.Exclude
	case "example":
		return c.Example
	case "colour":
		return c.Colour
	case "shortcut":
		return c.Shortcut
	}
	return ""
}

// CSV writes the codes as CSV with a header row of all columns, in the form
// [ParseCSV] reads. The codebook's name and the groups' names and
// descriptions are not kept.
func (c *Codebook) CSV() ([]byte, error) { return c.csv(false) }

// ExcelCSV is [Codebook.CSV] in the form Excel opens right in a Flemish or
// Dutch locale (semicolons, a BOM, CRLF); [ParseCSV] reads it back.
func (c *Codebook) ExcelCSV() ([]byte, error) { return c.csv(true) }

func (c *Codebook) csv(excel bool) ([]byte, error) {
	var buf bytes.Buffer
	w := csvfile.NewWriter(&buf, excel)
	if err := w.Write(csvColumns); err != nil {
		return nil, fmt.Errorf("codebook: writing CSV: %w", err)
	}
	row := make([]string, len(csvColumns))
	for _, code := range c.Codes {
		for i, col := range csvColumns {
			row[i] = getField(code, col)
		}
		if err := w.Write(row); err != nil {
			return nil, fmt.Errorf("codebook: writing CSV: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("codebook: writing CSV: %w", err)
	}
	return buf.Bytes(), nil
}
