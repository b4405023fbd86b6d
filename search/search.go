// Package search answers searches of a project: a Bleve query joined with
// code filters from the store (codings never go into the index), hits with
// citation and keyword in context, group counts, and the coding queues
// (a document, a search, a theme review, uncoded fragments) that the coding
// screen, the web and `code apply` work through. It opens nothing: callers
// hand it the open store and index.
package search

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/plancoder/plancoder/analysis"
	"github.com/plancoder/plancoder/citation"
	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
)

// Options is a search with its filters, including code filters that
// are joined from the store (codings never go into the index).
type Options struct {
	index.Request
	Codes []string // fragments coded with any of these
	// AllCodes and NotCodes make a coding query: fragments coded with
	// every one of AllCodes and none of NotCodes.
	AllCodes []string
	NotCodes []string
	Coder    string // codings by this coder only
	Uncoded  bool   // fragments without codings (by Coder, if set)
	Context  int    // characters of context each side of a match
}

// KWIC is one keyword-in-context line.
type KWIC struct {
	Before string `json:"before"`
	Match  string `json:"match"`
	After  string `json:"after"`
}

// Hit is a hit with its citation.
type Hit struct {
	ID      string   `json:"id"`
	Doc     string   `json:"doc"`
	Title   string   `json:"title"`
	Org     string   `json:"org"`
	OrgName string   `json:"org_name"`
	Type    string   `json:"type"`
	Period  string   `json:"period,omitempty"`
	Year    int      `json:"year,omitempty"`
	Page    int      `json:"page,omitempty"`
	Section []string `json:"section,omitempty"`
	Kind    string   `json:"kind"`
	Score   float64  `json:"score"`
	Text    string   `json:"text"`
	KWIC    []KWIC   `json:"kwic"`
	// Matched says which word of the text matched by which index term
	// (see index.Match), once per word and term.
	Matched []Matched `json:"matched"`
}

// Matched is a word of a hit's text and the index term it matched by.
type Matched struct {
	Word string `json:"word"`
	Term string `json:"term"`
}

// GroupCount is a hit count for one value of the group-by field.
type GroupCount struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// Result is a page of hits plus totals.
type Result struct {
	Total      uint64        `json:"total"`
	Hits       []Hit         `json:"hits"`
	Groups     []GroupCount  `json:"groups,omitempty"`
	GroupOf    int           `json:"group_of,omitempty"` // how many values exist in the project
	Took       time.Duration `json:"took_ns"`
	Restricted bool          `json:"restricted_by_codes,omitempty"`
}

// Search runs a search and joins citations and context from the store.
func Search(ctx context.Context, s *store.Store, x *index.Index, o Options) (*Result, error) {
	start := time.Now()
	req := o.Request
	if err := checkCodes(s, o.Codes, o.AllCodes, o.NotCodes); err != nil {
		return nil, err
	}
	if len(o.Codes) > 0 || len(o.AllCodes) > 0 || (o.Coder != "" && !o.Uncoded) {
		ids, err := codedIDs(s, o)
		if err != nil {
			return nil, err
		}
		req.IDs = ids
	}
	if o.Uncoded {
		ids, err := codedFragments(s, nil, o.Coder)
		if err != nil {
			return nil, err
		}
		req.ExcludeIDs = ids
	}
	if len(o.NotCodes) > 0 {
		ids, err := codedFragments(s, o.NotCodes, o.Coder)
		if err != nil {
			return nil, err
		}
		req.ExcludeIDs = append(req.ExcludeIDs, ids...)
	}
	res, err := x.Search(req)
	if err != nil {
		return nil, err
	}
	out := &Result{Total: res.Total, Restricted: req.IDs != nil}
	docs := map[string]store.Document{}
	orgs := map[string]store.Organisation{}
	if list, err := s.Organisations(); err == nil {
		for _, og := range list {
			orgs[og.ID] = og
		}
	}
	width := o.Context
	if width <= 0 {
		width = 60
	}
	width = min(width, 10000)
	for _, h := range res.Hits {
		f, err := s.Fragment(h.ID)
		if err != nil {
			continue // indexed but gone from the store: the next sync removes it
		}
		d, ok := docs[f.Doc]
		if !ok {
			if d, err = s.Document(f.Doc); err != nil {
				continue
			}
			docs[f.Doc] = d
		}
		out.Hits = append(out.Hits, Hit{
			ID: f.ID, Doc: d.ID, Title: d.Title, Org: d.Org, OrgName: orgs[d.Org].Name, Type: d.Type,
			Period: d.Period, Year: d.Year, Page: f.Page, Section: f.Section, Kind: f.Kind, Score: h.Score,
			Text: f.Text, KWIC: kwic(f.Text, h.Spans, width), Matched: matched(f.Text, h.Matches),
		})
	}
	if o.GroupBy != "" {
		for _, g := range res.Groups {
			gc := GroupCount{Value: g.Value, Label: g.Value, Count: g.Count}
			if o.GroupBy == index.FieldOrg && orgs[g.Value].Name != "" {
				gc.Label = orgs[g.Value].Name
			}
			out.Groups = append(out.Groups, gc)
		}
		out.GroupOf = groupUniverse(s, o.GroupBy, len(orgs))
	}
	out.Took = time.Since(start)
	return out, nil
}

// codedIDs lists the fragments coded (by o.Coder, if set) with one of
// o.Codes, if any, and with every one of o.AllCodes; never nil.
func codedIDs(s *store.Store, o Options) ([]string, error) {
	var keep map[string]bool
	if len(o.Codes) > 0 || len(o.AllCodes) == 0 {
		ids, err := codedFragments(s, o.Codes, o.Coder)
		if err != nil {
			return nil, err
		}
		keep = setOf(ids)
	}
	for _, c := range o.AllCodes {
		ids, err := codedFragments(s, []string{c}, o.Coder)
		if err != nil {
			return nil, err
		}
		have := setOf(ids)
		if keep == nil {
			keep = have
			continue
		}
		for id := range keep {
			if !have[id] {
				delete(keep, id)
			}
		}
	}
	out := make([]string, 0, len(keep))
	for id := range keep {
		out = append(out, id)
	}
	sort.Strings(out)
	return out, nil
}

func setOf(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// checkCodes checks that every code of the lists is in the codebook.
func checkCodes(s *store.Store, lists ...[]string) error {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	if n == 0 {
		return nil
	}
	book, err := s.Codes()
	if err != nil {
		return err
	}
	return store.KnownCodes(book, lists...)
}

// groupUniverse counts the values a group-by field has in the project, for
// "38 of 131 organisations".
func groupUniverse(s *store.Store, field string, orgs int) int {
	if field == index.FieldOrg {
		return orgs
	}
	docs, err := s.Documents()
	if err != nil {
		return 0
	}
	seen := map[string]bool{}
	for _, d := range docs {
		switch field {
		case index.FieldDoc:
			seen[d.ID] = true
		case index.FieldType:
			seen[d.Type] = true
		case index.FieldPeriod:
			if d.Period != "" {
				seen[d.Period] = true
			}
		}
	}
	return len(seen)
}

// kwic cuts a window of about width characters around each match, at word
// boundaries; matches close together (the words of a phrase) are one
// match; at most three windows per fragment.
func kwic(text string, spans []index.Span, width int) []KWIC {
	var groups []index.Span
	for _, sp := range spans {
		if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
			continue
		}
		if n := len(groups); n > 0 && sp.Start-groups[n-1].End <= 3 {
			groups[n-1].End = max(groups[n-1].End, sp.End)
			continue
		}
		groups = append(groups, sp)
	}
	var out []KWIC
	lastEnd := -1
	for _, g := range groups {
		if g.Start < lastEnd {
			continue
		}
		a := back(text, g.Start, width)
		b := forward(text, g.End, width)
		before, after := text[a:g.Start], text[g.End:b]
		if a > 0 {
			before = "…" + before
		}
		if b < len(text) {
			after += "…"
		}
		out = append(out, KWIC{Before: oneLine(before), Match: oneLine(text[g.Start:g.End]), After: oneLine(after)})
		lastEnd = b
		if len(out) == 3 {
			break
		}
	}
	if len(out) == 0 {
		b := forward(text, 0, 2*width)
		k := KWIC{After: oneLine(text[:b])}
		if b < len(text) {
			k.After += "…"
		}
		out = append(out, k)
	}
	return out
}

// oneLine collapses white space to single spaces, keeping one at either
// end where there was any (it separates the match from its context).
func oneLine(s string) string {
	out := strings.Join(strings.Fields(s), " ")
	if out == "" {
		if s != "" {
			return " "
		}
		return ""
	}
	if unicode.IsSpace(rune(s[0])) {
		out = " " + out
	}
	if unicode.IsSpace(rune(s[len(s)-1])) {
		out += " "
	}
	return out
}

// back moves about n characters left of i, to a word start.
func back(s string, i, n int) int {
	j := i
	for k := 0; k < n && j > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(s[:j])
		j -= size
	}
	if j > 0 {
		if sp := strings.IndexByte(s[j:i], ' '); sp >= 0 {
			j += sp + 1
		}
	}
	return j
}

// forward moves about n characters right of i, to a word end.
func forward(s string, i, n int) int {
	j := i
	for k := 0; k < n && j < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[j:])
		j += size
	}
	if j < len(s) {
		if sp := strings.LastIndexByte(s[i:j], ' '); sp > 0 {
			j = i + sp
		}
	}
	return j
}

// matched lists the words of text that matched and by which term, once
// each.
func matched(text string, ms []index.Match) []Matched {
	out := []Matched{}
	seen := map[Matched]bool{}
	for _, m := range ms {
		if m.Start < 0 || m.End > len(text) || m.Start > m.End {
			continue
		}
		w := Matched{Word: text[m.Start:m.End], Term: m.Term}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// Table is a page of hits as `search --format csv` writes it: one row
// per hit with its keyword-in-context lines, the match in «».
func Table(res *Result) analysis.Table {
	t := analysis.Table{Name: "search", Header: []string{"id", "org", "doc", "page", "section", "kind", "score", "kwic"}}
	for _, h := range res.Hits {
		var k []string
		for _, kw := range h.KWIC {
			k = append(k, kw.Before+"«"+kw.Match+"»"+kw.After)
		}
		t.Rows = append(t.Rows, []string{h.ID, h.Org, h.Doc, strconv.Itoa(h.Page), citation.Path(h.Section), h.Kind, fmt.Sprintf("%.3f", h.Score), strings.Join(k, " | ")})
	}
	return t
}

// codedFragments lists, once each and in store order, the fragments that
// carry any of codes (any code when codes is empty), by coder ("" = any).
func codedFragments(s *store.Store, codes []string, coder string) ([]string, error) {
	var out []string
	last := ""
	err := s.EachCoding(store.CodingFilter{Codes: codes, Coder: coder}, func(frag, _, _ string) {
		if frag != last {
			out = append(out, frag)
			last = frag
		}
	})
	return out, err
}
