package index

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// ErrQuery means the query string is malformed.
var ErrQuery = errors.New("malformed query")

// Largest page size and offset Search honours; larger values are clamped.
const (
	MaxLimit  = 10000
	MaxOffset = 1000000
)

// Request is a search: a query string plus filters that are always added
// as required clauses (never glued into the query string).
type Request struct {
	Query   string // Bleve query-string syntax; "" matches every fragment
	Org     string
	Type    string
	Period  string
	Year    int
	Section string   // words that must occur in the section path
	Attrs   []string // key=value of organisation attributes
	Kind    string
	// IDs restricts hits to these fragments (code filters joined from the
	// store); nil means no restriction, an empty slice means none match.
	IDs        []string
	ExcludeIDs []string
	Limit      int
	Offset     int
	GroupBy    string // a keyword field to count hits by, or ""
}

// Span is a match in a fragment's text: byte offsets.
type Span struct{ Start, End int }

// Hit is one matching fragment.
type Hit struct {
	ID    string
	Score float64
	Spans []Span
}

// Group is a count of hits per value of the GroupBy field.
type Group struct {
	Value string
	Count int
}

// Result is what a search found.
type Result struct {
	Total  uint64
	Hits   []Hit
	Groups []Group
	Took   time.Duration
}

// ParseQuery checks a query string and returns a clear error for a
// malformed one.
func ParseQuery(q string) error {
	_, err := textQuery(q)
	return err
}

// textQuery turns a query string into a query over every text field:
// terms without a field are searched in the Dutch, English and French text.
func textQuery(q string) (query.Query, error) {
	if strings.TrimSpace(q) == "" {
		return query.NewMatchAllQuery(), nil
	}
	if err := checkBrackets(q); err != nil {
		return nil, fmt.Errorf("%w %q: %v", ErrQuery, q, err)
	}
	var parts []query.Query
	for _, f := range textFields {
		parsed, err := query.NewQueryStringQuery(q).Parse()
		if err != nil {
			return nil, fmt.Errorf("%w %q: %v; put phrases in double quotes and escape special characters (+ - && || ! ( ) { } [ ] ^ \" ~ * ? : \\ /) with a backslash", ErrQuery, q, cleanParseError(err))
		}
		retarget(parsed, f)
		parts = append(parts, parsed)
	}
	return query.NewDisjunctionQuery(parts), nil
}

// checkBrackets finds unbalanced parentheses and quotes, with the
// position, which Bleve's parser lets through or reports without one.
func checkBrackets(q string) error {
	var open []int
	inQuote := -1
	rs := []rune(q)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '\\':
			i++
		case r == '"':
			if inQuote >= 0 {
				inQuote = -1
			} else {
				inQuote = i
			}
		case inQuote >= 0:
		case r == '(':
			open = append(open, i)
		case r == ')':
			if len(open) == 0 {
				return fmt.Errorf("')' at position %d has no matching '('", i+1)
			}
			open = open[:len(open)-1]
		}
	}
	if inQuote >= 0 {
		return fmt.Errorf("the quote at position %d is never closed", inQuote+1)
	}
	if len(open) > 0 {
		return fmt.Errorf("'(' at position %d is never closed", open[len(open)-1]+1)
	}
	return nil
}

func cleanParseError(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "parse error: ")
	msg = strings.ReplaceAll(msg, "tEOF", "end of query")
	msg = strings.ReplaceAll(msg, "tSTRING", "word")
	msg = strings.ReplaceAll(msg, "tCOLON", "':'")
	msg = strings.ReplaceAll(msg, "tPHRASE", "phrase")
	msg = strings.ReplaceAll(msg, "tLEFTBRACKET", "'('")
	msg = strings.ReplaceAll(msg, "tRIGHTBRACKET", "')'")
	return msg
}

// retarget points every field-less clause of q at field.
func retarget(q query.Query, field string) {
	switch x := q.(type) {
	case *query.BooleanQuery:
		for _, sub := range []query.Query{x.Must, x.Should, x.MustNot} {
			if sub != nil {
				retarget(sub, field)
			}
		}
	case *query.ConjunctionQuery:
		for _, c := range x.Conjuncts {
			retarget(c, field)
		}
	case *query.DisjunctionQuery:
		for _, d := range x.Disjuncts {
			retarget(d, field)
		}
	case *query.PrefixQuery:
		// Prefix, wildcard and fuzzy terms bypass analysis: bring them to
		// the indexed form (lower case, no diacritics; fuzzy terms stemmed)
		// so "Financiën*" and "vrijwilligerz~1" still match.
		x.Prefix = Fold(strings.ToLower(x.Prefix))
		setField(x, field)
	case *query.WildcardQuery:
		x.Wildcard = Fold(strings.ToLower(x.Wildcard))
		setField(x, field)
	case *query.FuzzyQuery:
		x.Term = Fold(strings.ToLower(x.Term))
		if (x.Field() == "" && field == FieldText) || x.Field() == FieldText {
			x.Term = StemDutch(x.Term)
		}
		setField(x, field)
	case query.FieldableQuery:
		setField(x, field)
	}
}

func setField(q query.FieldableQuery, field string) {
	if q.Field() == "" {
		q.SetField(field)
	}
}

func term(field, value string) query.Query {
	q := query.NewTermQuery(value)
	q.SetField(field)
	return q
}

// Search runs r.
func (x *Index) Search(r Request) (*Result, error) {
	tq, err := textQuery(r.Query)
	if err != nil {
		return nil, err
	}
	must := []query.Query{tq}
	for _, f := range []struct{ field, value string }{
		{FieldOrg, r.Org}, {FieldType, r.Type}, {FieldPeriod, r.Period}, {FieldKind, r.Kind},
	} {
		if f.value != "" {
			must = append(must, term(f.field, f.value))
		}
	}
	for _, a := range r.Attrs {
		must = append(must, term(FieldAttrs, a))
	}
	if r.Year != 0 {
		y := float64(r.Year)
		incl := true
		nq := query.NewNumericRangeInclusiveQuery(&y, &y, &incl, &incl)
		nq.SetField(FieldYear)
		must = append(must, nq)
	}
	if strings.TrimSpace(r.Section) != "" {
		mq := query.NewMatchQuery(r.Section)
		mq.SetField(FieldSection)
		mq.SetOperator(query.MatchQueryOperatorAnd)
		must = append(must, mq)
	}
	if r.IDs != nil {
		if len(r.IDs) == 0 {
			return &Result{}, nil
		}
		must = append(must, query.NewDocIDQuery(r.IDs))
	}
	var q query.Query = query.NewConjunctionQuery(must)
	if len(r.ExcludeIDs) > 0 {
		bq := query.NewBooleanQuery([]query.Query{q}, nil, []query.Query{query.NewDocIDQuery(r.ExcludeIDs)})
		q = bq
	}
	limit := r.Limit
	if limit <= 0 {
		limit = 20
	}
	// Bleve's collector adds size and skip: huge values overflow into a
	// panic, so both are capped (no one pages past a million hits).
	limit = min(limit, MaxLimit)
	offset := min(max(r.Offset, 0), MaxOffset)
	req := bleve.NewSearchRequestOptions(q, limit, offset, false)
	req.IncludeLocations = true
	req.SortBy([]string{"-_score", "_id"})
	if r.GroupBy != "" {
		req.AddFacet(r.GroupBy, bleve.NewFacetRequest(r.GroupBy, 100000))
	}
	var res *bleve.SearchResult
	err = x.guard(func() (err error) {
		res, err = x.bi.Search(req)
		return err
	})
	if err != nil {
		if strings.Contains(err.Error(), "parse") || strings.Contains(err.Error(), "syntax") {
			return nil, fmt.Errorf("%w %q: %v", ErrQuery, r.Query, err)
		}
		return nil, err
	}
	out := &Result{Total: res.Total, Took: res.Took}
	for _, h := range res.Hits {
		hit := Hit{ID: h.ID, Score: h.Score}
		for _, f := range textFields {
			for _, locs := range h.Locations[f] {
				for _, l := range locs {
					hit.Spans = append(hit.Spans, Span{int(l.Start), int(l.End)})
				}
			}
		}
		sort.Slice(hit.Spans, func(i, j int) bool { return hit.Spans[i].Start < hit.Spans[j].Start })
		out.Hits = append(out.Hits, hit)
	}
	if fr, ok := res.Facets[r.GroupBy]; ok && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			out.Groups = append(out.Groups, Group{Value: t.Term, Count: t.Count})
		}
	}
	return out, nil
}
