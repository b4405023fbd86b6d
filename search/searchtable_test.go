package search

import (
	"reflect"
	"testing"
)

func TestSearchTable(t *testing.T) {
	res := &Result{Total: 1, Hits: []Hit{{ID: "d/0001", Org: "o", Doc: "d", Page: 3, Section: []string{"A", "B"}, Kind: "paragraph", Score: 1.23456,
		KWIC: []KWIC{{Before: "de ", Match: "buurt", After: " leeft"}, {Before: "een ", Match: "buurt"}}}}}
	got := Table(res)
	want := [][]string{{"d/0001", "o", "d", "3", "A > B", "paragraph", "1.235", "de «buurt» leeft | een «buurt»"}}
	if !reflect.DeepEqual(got.Rows, want) || len(got.Header) != 8 {
		t.Errorf("search table %q %q, want %q", got.Header, got.Rows, want)
	}
}
