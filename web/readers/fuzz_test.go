package readers

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/plancoder/plancoder/analysis"
	"github.com/plancoder/plancoder/store"
)

// FuzzParams: any query for any page parses to checked values or a 400
// (badRequest), never a panic, and never a value outside its rules.
func FuzzParams(f *testing.F) {
	for _, s := range []struct{ page, q string }{
		{"theme", "org=socius&type=plan&period=2021-2025&year=2021&part=zakelijk"},
		{"matrix", "rows=attr:region&cols=vrijw,FIN&measure=share&format=xlsx&table=matrix"},
		{"quotes", "rows=org&value=o1&code=A&offset=100"},
		{"search", "q=%2Bvrijwilliger+-jongeren&code=A,B&offset=20"},
		{"search", "q=%22openbare+ruimte%22&org=Org+Een"},
		{"trend", "code=A&by=period"},
		{"cooccur", "unit=section&part=overig"},
		{"reliability", "sample=pilot&format=csv"},
		{"index", ""},
		{"theme", "type=plan&type=plan"},
		{"search", "q=a;b"},
		{"search", "q=%ff%00"},
		{"nosuch", "a=b"},
	} {
		f.Add(s.page, s.q)
	}
	cat := &catalog{
		codes:   []store.Code{{Key: "A"}, {Key: "B"}, {Key: "VRIJW"}, {Key: "FIN"}},
		known:   map[string]bool{"A": true, "B": true, "VRIJW": true, "FIN": true},
		orgs:    map[string]store.Organisation{"o1": {ID: "o1"}, "org-een": {ID: "org-een", Name: "Org Een"}},
		periods: []string{"2021-2025"},
		attrs:   []string{"region"},
		rules:   analysis.DefaultRules,
		parts:   analysis.DefaultRules.Names(),
	}
	f.Fuzz(func(t *testing.T, page, q string) {
		p, err := parseParams(page, q)
		if err != nil {
			var br *badRequest
			if !errors.As(err, &br) || br.msg == "" {
				t.Fatalf("%s?%s: error %v is not a 400 with a message", page, q, err)
			}
			return
		}
		if p.Format != "" && p.Format != "csv" && p.Format != "xlsx" {
			t.Fatalf("format %q", p.Format)
		}
		if p.Offset < 0 || p.Offset > maxOffset || (p.Year != 0 && (p.Year < 1900 || p.Year > 2100)) {
			t.Fatalf("offset %d year %d", p.Offset, p.Year)
		}
		if p.Rows != "" && !reRows.MatchString(p.Rows) {
			t.Fatalf("rows %q", p.Rows)
		}
		for _, c := range append(slices.Clone(p.Codes), strings.Split(p.Cols, ",")...) {
			if c != "" && (!reCode.MatchString(c) || c != strings.ToUpper(c)) {
				t.Fatalf("code %q", c)
			}
		}
		for _, v := range []string{p.Org, p.Value, p.Q, p.Sample, p.Part} {
			if !utf8.ValidString(v) || utf8.RuneCountInString(v) > maxValue {
				t.Fatalf("value %q", v)
			}
		}
		if err := cat.check(p); err != nil {
			var br *badRequest
			if !errors.As(err, &br) {
				t.Fatalf("check: %v is not a 400", err)
			}
			return
		}
		if p.Org != "" {
			if _, ok := cat.orgs[p.Org]; !ok {
				t.Fatalf("org %q passed the check", p.Org)
			}
		}
		for _, c := range p.Codes {
			if !cat.known[c] {
				t.Fatalf("code %q passed the check", c)
			}
		}
	})
}
