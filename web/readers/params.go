package readers

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/plancoder/plancoder/analysis"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/store"
)

// badRequest is a parameter the pages do not take: the reader gets 400
// with its message.
type badRequest struct{ msg string }

func (e *badRequest) Error() string { return e.msg }

func badf(format string, a ...any) error { return &badRequest{fmt.Sprintf(format, a...)} }

// params are a page's query parameters, checked for form by parseParams
// and against the project by (*catalog).check.
type params struct {
	Org, Type, Period, Part string
	Year                    int
	Codes                   []string // code: one or more, comma-separated
	Rows, Cols              string   // matrix rows (org, doc, type, period, year, part, attr:KEY) and columns (codes)
	Measure, Unit, By       string
	Value                   string // quotes: the row value of a matrix cell
	Q                       string // search query
	Sample                  string
	Offset                  int
	Format, Table           string // download: csv or xlsx, and which table
}

// filters are the page's analysis filters (never a coder: a reader sees
// the codings every analysis uses by default, not one coder's).
func (p *params) filters() analysis.Filters {
	return analysis.Filters{Org: p.Org, Type: p.Type, Period: p.Period, Year: p.Year, Part: p.Part}
}

const (
	maxValue  = 500 // characters of any parameter
	maxOffset = 100000
)

var filterKeys = []string{"org", "type", "period", "year", "part"}

// pageKeys are the parameters each page takes; anything else is refused,
// so a misspelt filter never silently shows unfiltered numbers.
var pageKeys = map[string][]string{
	"index":       nil,
	"theme":       append([]string{"format", "table"}, filterKeys...),
	"matrix":      append([]string{"rows", "cols", "measure", "format", "table"}, filterKeys...),
	"quotes":      append([]string{"rows", "value", "code", "offset", "format", "table"}, filterKeys...),
	"cooccur":     append([]string{"unit", "format", "table"}, filterKeys...),
	"trend":       append([]string{"code", "by", "format", "table"}, filterKeys...),
	"search":      {"q", "org", "type", "period", "year", "code", "offset", "format", "table"},
	"reliability": {"sample", "format", "table"},
}

var (
	reCode   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,31}$`)
	reRows   = regexp.MustCompile(`^(org|doc|type|period|year|part|attr:[^\s,]{1,64})$`)
	reTable  = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}$`)
	rePeriod = regexp.MustCompile(`^\d{4}-\d{4}$`)
)

// parseParams checks the raw query of page for form: only the page's
// parameters, each at most once, printable text of bounded length, values
// from their lists. It needs no project; check does the rest.
func parseParams(page, rawQuery string) (*params, error) {
	allowed, ok := pageKeys[page]
	if !ok {
		return nil, badf("no page %q", page)
	}
	vs, err := url.ParseQuery(rawQuery)
	if err != nil {
		return nil, badf("the query string is malformed: %v", err)
	}
	p := &params{}
	keys := make([]string, 0, len(vs))
	for k := range vs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			if len(allowed) == 0 {
				return nil, badf("parameter %s: this page takes no parameters", quote(k))
			}
			return nil, badf("parameter %s: this page takes %s", quote(k), strings.Join(allowed, ", "))
		}
		if len(vs[k]) > 1 {
			return nil, badf("parameter %s is given %d times: give it once", k, len(vs[k]))
		}
		v := strings.TrimSpace(vs[k][0])
		if err := checkText(k, v); err != nil {
			return nil, err
		}
		if v == "" {
			continue // an empty form field is no filter
		}
		if err := p.set(k, v); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (p *params) set(k, v string) error {
	switch k {
	case "org":
		p.Org = v
	case "type":
		if !store.ValidType(v) {
			return badf("type %s: use %s", quote(v), strings.Join(store.DocTypes, ", "))
		}
		p.Type = v
	case "period":
		if !rePeriod.MatchString(v) {
			return badf("period %s: use YYYY-YYYY, e.g. 2021-2025", quote(v))
		}
		p.Period = v
	case "year":
		y, err := strconv.Atoi(v)
		if err != nil || y < 1900 || y > 2100 {
			return badf("year %s: use a year from 1900 to 2100", quote(v))
		}
		p.Year = y
	case "part":
		p.Part = v
	case "code", "cols":
		var list []string
		for _, c := range strings.Split(v, ",") {
			c = strings.TrimSpace(c)
			if !reCode.MatchString(c) {
				return badf("%s %s: %s is not a code key", k, quote(v), quote(c))
			}
			list = append(list, strings.ToUpper(c))
		}
		if len(list) > 200 {
			return badf("%s: at most 200 codes", k)
		}
		if k == "code" {
			p.Codes = list
		} else {
			p.Cols = strings.Join(list, ",")
		}
	case "rows":
		if !reRows.MatchString(v) {
			return badf("rows %s: use org, doc, type, period, year, part or attr:KEY", quote(v))
		}
		p.Rows = v
	case "measure":
		if !slices.Contains([]string{analysis.Fragments, analysis.Documents, analysis.Organisations, analysis.Share}, v) {
			return badf("measure %s: use fragments, documents, organisations or share", quote(v))
		}
		p.Measure = v
	case "unit":
		if !slices.Contains([]string{"fragment", "section", "document"}, v) {
			return badf("unit %s: use fragment, section or document", quote(v))
		}
		p.Unit = v
	case "by":
		if v != "year" && v != "period" {
			return badf("by %s: use year or period", quote(v))
		}
		p.By = v
	case "value":
		p.Value = v
	case "q":
		if err := index.ParseQuery(v); err != nil {
			return badf("search %s: %v", quote(v), err)
		}
		p.Q = v
	case "sample":
		p.Sample = v
	case "offset":
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxOffset {
			return badf("offset %s: use a number from 0 to %d", quote(v), maxOffset)
		}
		p.Offset = n
	case "format":
		if v != "csv" && v != "xlsx" {
			return badf("format %s: use csv or xlsx (or none for the page)", quote(v))
		}
		p.Format = v
	case "table":
		if !reTable.MatchString(v) {
			return badf("table %s: not a table name", quote(v))
		}
		p.Table = v
	}
	return nil
}

// checkText refuses what no parameter holds: invalid UTF-8, control
// characters, and overlong values.
func checkText(k, v string) error {
	if !utf8.ValidString(v) {
		return badf("parameter %s is not valid UTF-8", quote(k))
	}
	if utf8.RuneCountInString(v) > maxValue {
		return badf("parameter %s is longer than %d characters", k, maxValue)
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			return badf("parameter %s holds a control character", k)
		}
	}
	return nil
}

// quote shows a value in a message, safely for any text.
func quote(s string) string { return store.Quote(s) }

// catalog is what the project has, for checking parameters against it.
type catalog struct {
	codes   []store.Code
	known   map[string]bool
	orgs    map[string]store.Organisation
	orgIDs  []string
	types   []string
	periods []string
	years   []int
	attrs   []string
	rules   analysis.Rules
	parts   []string
	samples []store.Sample
}

func loadCatalog(s *store.Store, rules analysis.Rules) (*catalog, error) {
	c := &catalog{known: map[string]bool{}, orgs: map[string]store.Organisation{}, rules: rules, parts: rules.Names()}
	var err error
	if c.codes, err = s.Codes(); err != nil {
		return nil, fmt.Errorf("read the codebook: %w", err)
	}
	for _, x := range c.codes {
		c.known[x.Key] = true
	}
	orgs, err := s.Organisations()
	if err != nil {
		return nil, fmt.Errorf("read the organisations: %w", err)
	}
	attrs := map[string]bool{}
	for _, o := range orgs {
		c.orgs[o.ID] = o
		c.orgIDs = append(c.orgIDs, o.ID)
		for k := range o.Attrs {
			attrs[k] = true
		}
	}
	docs, err := s.Documents()
	if err != nil {
		return nil, fmt.Errorf("read the documents: %w", err)
	}
	types, periods, years := map[string]bool{}, map[string]bool{}, map[int]bool{}
	for _, d := range docs {
		types[d.Type] = true
		if d.Period != "" {
			periods[d.Period] = true
		}
		if d.Year != 0 {
			years[d.Year] = true
		}
	}
	for _, t := range store.DocTypes {
		if types[t] {
			c.types = append(c.types, t)
		}
	}
	c.periods = sortedKeys(periods)
	for y := range years {
		c.years = append(c.years, y)
	}
	slices.Sort(c.years)
	c.attrs = sortedKeys(attrs)
	slices.Sort(c.orgIDs)
	if c.samples, err = s.Samples(); err != nil {
		return nil, fmt.Errorf("read the samples: %w", err)
	}
	return c, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// check holds p against the project: organisations, codes, periods, parts
// and attributes that exist. An organisation may be given by name as the
// CLI takes it (its slug).
func (c *catalog) check(p *params) error {
	if p.Org != "" {
		if _, ok := c.orgs[p.Org]; !ok {
			if _, ok := c.orgs[ingest.Slug(p.Org)]; !ok {
				return badf("organisation %s is not in the project (%d organisations)", quote(p.Org), len(c.orgs))
			}
			p.Org = ingest.Slug(p.Org)
		}
	}
	if p.Period != "" && !slices.Contains(c.periods, p.Period) {
		return badf("period %s: no document has it (periods: %s)", quote(p.Period), strings.Join(c.periods, ", "))
	}
	if p.Part != "" && !slices.Contains(c.parts, p.Part) {
		return badf("part %s: use %s", quote(p.Part), strings.Join(c.parts, ", "))
	}
	for _, k := range p.Codes {
		if !c.known[k] {
			return badf("code %s is not in the codebook (%d codes)", quote(k), len(c.codes))
		}
	}
	if p.Cols != "" {
		for _, k := range strings.Split(p.Cols, ",") {
			if !c.known[k] {
				return badf("cols: code %s is not in the codebook (%d codes)", quote(k), len(c.codes))
			}
		}
	}
	if key, ok := strings.CutPrefix(p.Rows, "attr:"); ok && !slices.Contains(c.attrs, key) {
		return badf("rows %s: no organisation has the attribute %s", quote(p.Rows), quote(key))
	}
	return nil
}

// code checks one code key given in a path or parameter.
func (c *catalog) code(key string) (store.Code, error) {
	k := strings.ToUpper(key)
	for _, x := range c.codes {
		if x.Key == k {
			return x, nil
		}
	}
	return store.Code{}, badf("code %s is not in the codebook (%d codes)", quote(key), len(c.codes))
}
