package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// Issue 15.10: JSON output never has null for a list, wherever the list is.
func TestWriteJSONListsNeverNull(t *testing.T) {
	type inner struct {
		Tags []string `json:"tags"`
	}
	type outer struct {
		Hits    []inner            `json:"hits"`
		Groups  []int              `json:"groups,omitempty"`
		ByKey   map[string][]int   `json:"by_key"`
		Ptr     *inner             `json:"ptr"`
		Nested  []inner            `json:"nested"`
		Any     any                `json:"any"`
		When    time.Time          `json:"when"`
		Value   *float64           `json:"value"` // a null number stays null
		Objects map[string]*inner  `json:"objects"`
		Deep    map[string][]inner `json:"deep"`
		//lint:ignore U1000 an unexported field, which writeJSON must leave alone
		private []int
	}
	for _, tc := range []struct {
		name string
		v    any
		want []string
	}{
		{"nil slice of a struct", outer{}, []string{`"hits": []`, `"nested": []`, `"value": null`}},
		{"inside slices, maps, pointers and interfaces", &outer{
			Nested:  []inner{{}},
			ByKey:   map[string][]int{"a": nil},
			Ptr:     &inner{},
			Any:     inner{},
			Objects: map[string]*inner{"o": {}},
			Deep:    map[string][]inner{"d": {{}}},
		}, []string{`"a": []`, `"ptr": {
    "tags": []`}},
		{"a bare nil slice", []string(nil), []string{"[]"}},
		{"a map of any", map[string]any{"list": []string(nil)}, []string{`"list": []`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := writeJSON(&b, tc.v); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %s in\n%s", w, got)
				}
			}
			for _, l := range []string{`"hits": null`, `"nested": null`, `"tags": null`, `"a": null`, `"list": null`, `"d": null`} {
				if strings.Contains(got, l) {
					t.Errorf("%s in\n%s", l, got)
				}
			}
		})
	}
}

// The value given to writeJSON is not changed.
func TestWriteJSONLeavesValueAlone(t *testing.T) {
	type rec struct{ List []int }
	r := &rec{}
	var b bytes.Buffer
	if err := writeJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	if r.List != nil {
		t.Errorf("writeJSON changed its argument: %#v", r)
	}
}
