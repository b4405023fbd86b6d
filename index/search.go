package index

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
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
	// Matches say which index term matched where: a word can match by its
	// term, as a compound part (+term) or as written (=form).
	Matches []Match
}

// Match is one index term found at a span of the text.
type Match struct {
	Span
	Term string
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

// exactWords finds =word, the exact form of a word (not as a part of
// compounds): it is searched as the one-word phrase "word", which Bleve's
// query syntax (where = belongs to ranges) accepts.
var exactWords = regexp.MustCompile(`(^|[\s(+-])=([^\s()"=:]+)`)

// textQuery turns a query string into a query over every text field:
// terms without a field are searched in the Dutch, English and French text.
func textQuery(q string) (query.Query, error) {
	if strings.TrimSpace(q) == "" {
		return query.NewMatchAllQuery(), nil
	}
	if err := checkBrackets(q); err != nil {
		return nil, fmt.Errorf("%w %q: %v", ErrQuery, q, err)
	}
	q = exactWords.ReplaceAllString(q, `$1"$2"`)
	var parts []query.Query
	for _, f := range textFields {
		parsed, err := query.NewQueryStringQuery(q).Parse()
		if err != nil {
			return nil, fmt.Errorf("%w %q: %v; put phrases in double quotes and escape special characters (+ - && || ! ( ) { } [ ] ^ \" ~ * ? : \\ /) with a backslash", ErrQuery, q, cleanParseError(err))
		}
		parts = append(parts, retarget(parsed, f))
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

// retarget points every field-less clause of q at field and returns it. In
// the Dutch text a word is searched as itself and as a part of compounds
// ("+" terms, see PartPrefix): transitie finds energietransitie. A word
// written =word, and a phrase, is searched as itself only.
func retarget(q query.Query, field string) query.Query {
	switch x := q.(type) {
	case *query.BooleanQuery:
		if x.Must != nil {
			x.Must = retarget(x.Must, field)
		}
		if x.Should != nil {
			x.Should = retarget(x.Should, field)
		}
		if x.MustNot != nil {
			x.MustNot = retarget(x.MustNot, field)
		}
	case *query.ConjunctionQuery:
		for i, c := range x.Conjuncts {
			x.Conjuncts[i] = retarget(c, field)
		}
	case *query.DisjunctionQuery:
		for i, d := range x.Disjuncts {
			x.Disjuncts[i] = retarget(d, field)
		}
	case *query.MatchQuery:
		setField(x, field)
		if x.Field() != FieldText {
			break
		}
		x.Analyzer = AnalyzerNLWord
		part := query.NewMatchQuery(x.Match)
		part.SetField(FieldText)
		part.Analyzer = AnalyzerNLPart
		part.Operator = x.Operator
		part.SetBoost(x.Boost())
		return query.NewDisjunctionQuery([]query.Query{x, part})
	case *query.MatchPhraseQuery:
		setField(x, field)
		if x.Field() == FieldText {
			x.Analyzer = AnalyzerNLWord
		}
	case *query.PrefixQuery:
		// Prefix, wildcard and fuzzy terms bypass analysis: bring them to
		// the indexed form (lower case, no diacritics; fuzzy terms to their
		// term) so "Financiën*" and "vrijwilligerz~1" still match. In the
		// Dutch text a prefix is matched against the words as written too
		// (FormPrefix terms): initiatiev* finds initiatieven, whose term is
		// initiatief.
		x.Prefix = Fold(strings.ToLower(x.Prefix))
		setField(x, field)
		if x.Field() == FieldText {
			form := query.NewPrefixQuery(FormPrefix + x.Prefix)
			form.SetField(FieldText)
			form.SetBoost(x.Boost())
			return query.NewDisjunctionQuery([]query.Query{x, form})
		}
	case *query.WildcardQuery:
		x.Wildcard = Fold(strings.ToLower(x.Wildcard))
		setField(x, field)
		if x.Field() == FieldText {
			form := query.NewWildcardQuery(FormPrefix + x.Wildcard)
			form.SetField(FieldText)
			form.SetBoost(x.Boost())
			return query.NewDisjunctionQuery([]query.Query{x, form})
		}
	case *query.FuzzyQuery:
		x.Term = Fold(strings.ToLower(x.Term))
		if (x.Field() == "" && field == FieldText) || x.Field() == FieldText {
			x.Term, _ = DutchTerms(x.Term)
		}
		setField(x, field)
	case query.FieldableQuery:
		setField(x, field)
	}
	return q
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
		must = append(must, term(FieldYear, strconv.Itoa(r.Year)))
	}
	if strings.TrimSpace(r.Section) != "" {
		mq := query.NewMatchQuery(r.Section)
		mq.SetField(FieldSection)
		mq.Analyzer = AnalyzerNLWord // the words of the section path, not compound parts
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
			for term, locs := range h.Locations[f] {
				for _, l := range locs {
					sp := Span{int(l.Start), int(l.End)}
					hit.Spans = append(hit.Spans, sp)
					hit.Matches = append(hit.Matches, Match{sp, term})
				}
			}
		}
		sort.Slice(hit.Matches, func(i, j int) bool {
			a, b := hit.Matches[i], hit.Matches[j]
			return a.Start < b.Start || a.Start == b.Start && a.Term < b.Term
		})
		sort.Slice(hit.Spans, func(i, j int) bool {
			a, b := hit.Spans[i], hit.Spans[j]
			return a.Start < b.Start || a.Start == b.Start && a.End < b.End
		})
		// A word matched as itself and as written or as a part (its
		// terms share its offsets) is one span.
		hit.Spans = slices.Compact(hit.Spans)
		out.Hits = append(out.Hits, hit)
	}
	if fr, ok := res.Facets[r.GroupBy]; ok && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			out.Groups = append(out.Groups, Group{Value: t.Term, Count: t.Count})
		}
	}
	return out, nil
}
