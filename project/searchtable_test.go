package project

import (
	"reflect"
	"testing"
)

func TestSearchTable(t *testing.T) {
	res := &SearchResult{Total: 1, Hits: []SearchHit{{ID: "d/0001", Org: "o", Doc: "d", Page: 3, Section: []string{"A", "B"}, Kind: "paragraph", Score: 1.23456,
		KWIC: []KWIC{{Before: "de ", Match: "buurt", After: " leeft"}, {Before: "een ", Match: "buurt"}}}}}
	got := SearchTable(res)
	want := [][]string{{"d/0001", "o", "d", "3", "A > B", "paragraph", "1.235", "de «buurt» leeft | een «buurt»"}}
	if !reflect.DeepEqual(got.Rows, want) || len(got.Header) != 8 {
		t.Errorf("search table %q %q, want %q", got.Header, got.Rows, want)
	}
}
