package ingest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/plancoder/plancoder/store"
)

// Validate checks metadata given by a user (flags or a manifest row).
func (m Meta) Validate() error {
	if m.Type != "" && !store.ValidType(m.Type) {
		return fmt.Errorf("unknown type %q (one of %s)", m.Type, strings.Join(store.DocTypes, ", "))
	}
	if err := store.CheckPeriod(m.Period); err != nil {
		return err
	}
	if err := store.CheckYear(m.Year); err != nil {
		return err
	}
	if m.ID != "" && m.ID != Slug(m.ID) {
		return fmt.Errorf("id %q: use lower-case letters, digits and hyphens, e.g. %q", m.ID, Slug(m.ID))
	}
	if m.Lang != "" && m.Lang != "nl" && m.Lang != "en" && m.Lang != "fr" {
		return fmt.Errorf("lang %q: use nl, en or fr", m.Lang)
	}
	if m.Org != "" && Slug(m.Org) == "" {
		return fmt.Errorf("organisation %q: needs letters or digits", m.Org)
	}
	return nil
}

// Job is one file to ingest with its metadata.
type Job struct {
	Path string
	Meta Meta
}

// Held sizes what an ingest of jobs holds in memory at once: the largest
// and the total size of the files read whole, and how many are streamed
// (read in chunks by Stream, whatever their size).
func Held(jobs []Job) (largest, total int64, streamed int) {
	for _, j := range jobs {
		fi, err := os.Stat(j.Path)
		if err != nil {
			continue
		}
		if Streamed(j.Path, fi.Size()) {
			streamed++
			continue
		}
		largest, total = max(largest, fi.Size()), total+fi.Size()
	}
	return largest, total, streamed
}

// Largest is the size of the largest file among jobs (0 when none can be
// read); a file that cannot be read is reported when its job runs.
func Largest(jobs []Job) int64 {
	var n int64
	for _, j := range jobs {
		if fi, err := os.Stat(j.Path); err == nil && fi.Size() > n {
			n = fi.Size()
		}
	}
	return n
}

// LineError is a problem with one line of a CSV file.
type LineError struct {
	File  string
	Line  int
	Field string // column name, when one column is at fault
	Err   error
}

func (e *LineError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s:%d: column %s: %v", e.File, e.Line, e.Field, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

func (e *LineError) Unwrap() error { return e.Err }

// readCSV reads a CSV file with a header row into maps keyed by lower-case
// column name, with the line number of each row. required columns must be
// present in the header.
func readCSV(path string, required []string, known []string) ([]map[string]string, []int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, nil, fmt.Errorf("%s: empty file, expected a header row (%s)", path, strings.Join(known, ","))
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	cols := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		if seen[h] {
			return nil, nil, &LineError{File: path, Line: 1, Field: h, Err: errors.New("duplicate column")}
		}
		seen[h] = true
		cols[i] = h
	}
	for _, c := range required {
		if !seen[c] {
			return nil, nil, &LineError{File: path, Line: 1, Err: fmt.Errorf("missing column %q (header must name %s)", c, strings.Join(known, ","))}
		}
	}
	var rows []map[string]string
	var lines []int
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, &LineError{File: path, Line: pe.Line, Err: pe.Err}
			}
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) > len(cols) {
			return nil, nil, &LineError{File: path, Line: line, Err: fmt.Errorf("%d fields, the header has %d", len(rec), len(cols))}
		}
		row := map[string]string{}
		for i, v := range rec {
			row[cols[i]] = strings.TrimSpace(v)
		}
		rows = append(rows, row)
		lines = append(lines, line)
	}
	return rows, lines, nil
}

// ReadManifest reads a manifest CSV (columns file,org,type,period,year,title
// and optionally id). File paths are relative to the manifest's folder. Rows
// with problems (a missing file, an unknown type) come back as LineErrors
// while the good rows still come back as jobs.
func ReadManifest(path string) ([]Job, []error, error) {
	known := []string{"file", "org", "type", "period", "year", "title", "id", "lang"}
	rows, lines, err := readCSV(path, []string{"file"}, known)
	if err != nil {
		return nil, nil, err
	}
	dir := filepath.Dir(path)
	var jobs []Job
	var errs []error
	for i, row := range rows {
		lineErr := func(field string, err error) {
			errs = append(errs, &LineError{File: path, Line: lines[i], Field: field, Err: err})
		}
		if row["file"] == "" {
			lineErr("file", errors.New("empty"))
			continue
		}
		p := filepath.FromSlash(row["file"])
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		if _, err := os.Stat(p); err != nil {
			lineErr("file", fmt.Errorf("%s: %w", row["file"], errors.Unwrap(err)))
			continue
		}
		m := Meta{ID: row["id"], Org: row["org"], Type: row["type"], Period: row["period"], Title: row["title"], Lang: row["lang"]}
		if y := row["year"]; y != "" {
			n, err := strconv.Atoi(y)
			if err != nil {
				lineErr("year", fmt.Errorf("%q is not a year", y))
				continue
			}
			m.Year = n
		}
		if m.Org != "" {
			m.Org = Slug(m.Org)
		}
		if err := m.Validate(); err != nil {
			field := strings.Fields(err.Error())[0]
			if field == "unknown" {
				field = "type"
			}
			lineErr(field, err)
			continue
		}
		jobs = append(jobs, Job{Path: p, Meta: m})
	}
	return jobs, errs, nil
}

// ReadOrganisations reads an organisations CSV: columns id and name (at
// least one of them), every other column becomes an attribute. An empty id
// is made from the name.
func ReadOrganisations(path string) ([]store.Organisation, error) {
	rows, lines, err := readCSV(path, nil, []string{"id", "name", "attribute columns..."})
	if err != nil {
		return nil, err
	}
	var out []store.Organisation
	seen := map[string]int{}
	for i, row := range rows {
		id, name := row["id"], row["name"]
		if id == "" {
			id = Slug(name)
		} else if id != Slug(id) {
			id = Slug(id)
		}
		if id == "" {
			return nil, &LineError{File: path, Line: lines[i], Field: "id", Err: errors.New("empty id and name")}
		}
		if prev, dup := seen[id]; dup {
			return nil, &LineError{File: path, Line: lines[i], Field: "id", Err: fmt.Errorf("duplicate id %q (also on line %d)", id, prev)}
		}
		seen[id] = lines[i]
		o := store.Organisation{ID: id, Name: name}
		for k, v := range row {
			if k != "id" && k != "name" && k != "" && v != "" {
				if o.Attrs == nil {
					o.Attrs = map[string]string{}
				}
				o.Attrs[k] = v
			}
		}
		out = append(out, o)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no organisations (only a header)", path)
	}
	return out, nil
}
