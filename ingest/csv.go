package ingest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/plancoder/plancoder/csvfile"
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

// LineError is a problem at a line and column of a CSV file (the one
// error type of every CSV reader, csvfile.Error).
type LineError = csvfile.Error

// csvRows is a CSV file's rows keyed by lower-case column name.
type csvRows struct {
	t     *csvfile.Table
	rows  []map[string]string
	lines []int
}

// lineErr makes the error for a column (by name; "" for the whole row) of
// row i.
func (c *csvRows) lineErr(i int, col string, err error) error {
	e := &LineError{File: c.t.File, Line: c.lines[i], Name: col, Err: err}
	if n := c.t.Column(col); col != "" && n >= 0 {
		e.Column = n + 1
		e.Name = c.t.Header[n]
	}
	return e
}

// readCSV reads a CSV file with a header row (delimiter, encoding and line
// ends as csvfile detects them) into maps keyed by lower-case column name,
// with the line number of each row. required columns must be present in
// the header.
func readCSV(path string, required []string, known []string) (*csvRows, error) {
	t, err := csvfile.ReadFile(path)
	if errors.Is(err, csvfile.ErrEmpty) {
		return nil, fmt.Errorf("%s: empty file, expected a header row (%s)", path, strings.Join(known, ","))
	}
	if err != nil {
		return nil, err
	}
	cols := make([]string, len(t.Header))
	seen := map[string]bool{}
	for i, h := range t.Header {
		h = strings.ToLower(h)
		if seen[h] && h != "" {
			return nil, t.Errorf(1, i, "duplicate column")
		}
		seen[h] = true
		cols[i] = h
	}
	for _, c := range required {
		if !seen[c] {
			return nil, &LineError{File: path, Line: 1, Err: fmt.Errorf("missing column %q (header must name %s; found %s)", c, strings.Join(known, ","), headerList(t))}
		}
	}
	out := &csvRows{t: t}
	for _, r := range t.Rows {
		if len(r.Fields) > len(cols) {
			return nil, t.Errorf(r.Line, len(cols), "%d fields, the header has %d", len(r.Fields), len(cols))
		}
		row := map[string]string{}
		for i, v := range r.Fields {
			row[cols[i]] = strings.TrimSpace(v)
		}
		out.rows = append(out.rows, row)
		out.lines = append(out.lines, r.Line)
	}
	return out, nil
}

// headerList shows what a header holds, for a message about a missing
// column: a semicolon file read with the wrong delimiter shows up here.
func headerList(t *csvfile.Table) string {
	var names []string
	for _, h := range t.Header {
		names = append(names, strconv.Quote(h))
	}
	s := strings.Join(names, ", ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// ReadManifest reads a manifest CSV (columns file,org,type,period,year,title
// and optionally id). File paths are relative to the manifest's folder. Rows
// with problems (a missing file, an unknown type) come back as LineErrors
// while the good rows still come back as jobs.
func ReadManifest(path string) ([]Job, []error, error) {
	known := []string{"file", "org", "type", "period", "year", "title", "id", "lang"}
	c, err := readCSV(path, []string{"file"}, known)
	if err != nil {
		return nil, nil, err
	}
	rows := c.rows
	dir := filepath.Dir(path)
	var jobs []Job
	var errs []error
	for i, row := range rows {
		lineErr := func(field string, err error) {
			errs = append(errs, c.lineErr(i, field, err))
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
			switch field {
			case "organisation":
				field = "org"
			case "unknown":
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
	known := []string{"id", "name", "attribute columns..."}
	c, err := readCSV(path, nil, known)
	if err != nil {
		return nil, err
	}
	if c.t.Column("id") < 0 && c.t.Column("name") < 0 {
		return nil, &LineError{File: path, Line: 1, Err: fmt.Errorf("missing column \"id\" or \"name\" (header must name %s; found %s)", strings.Join(known, ","), headerList(c.t))}
	}
	rows, lines := c.rows, c.lines
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
			return nil, c.lineErr(i, "id", errors.New("empty id and name"))
		}
		if prev, dup := seen[id]; dup {
			return nil, c.lineErr(i, "id", fmt.Errorf("duplicate id %q (also on line %d)", id, prev))
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
