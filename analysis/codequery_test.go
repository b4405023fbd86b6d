package analysis

import (
	"errors"
	"testing"

	"github.com/plancoder/plancoder/store"
)

// Issue 15.11: a coding query as NVivo's: one of Codes, every one of
// AllCodes, none of NotCodes. The small project's codings:
// d1/0001 {A,B}, d1/0002 {A}, d2/0001 {B}, d2/0002 {A,C}, d3/0001 {C}.
func TestLoadCodeQuery(t *testing.T) {
	s := smallProject(t)
	for _, tt := range []struct {
		name string
		f    Filters
		want string
	}{
		{"A and B", Filters{Codes: []string{"A"}, AllCodes: []string{"B"}}, "d1/0001"},
		{"A not B", Filters{Codes: []string{"A"}, NotCodes: []string{"B"}}, "d1/0002 d2/0002"},
		{"A not B not C", Filters{Codes: []string{"A"}, NotCodes: []string{"b", "C"}}, "d1/0002"},
		{"B or C, and A", Filters{Codes: []string{"B", "C"}, AllCodes: []string{"a"}}, "d1/0001 d2/0002"},
		{"all of A and C without any", Filters{AllCodes: []string{"A", "C"}}, "d2/0002"},
		{"none of A only", Filters{NotCodes: []string{"A"}}, "d2/0001 d3/0001"},
		{"A and not A", Filters{AllCodes: []string{"A"}, NotCodes: []string{"A"}}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Load(s, tt.f, DefaultRules)
			if err != nil {
				t.Fatal(err)
			}
			if got := fragIDs(d.Frags); got != tt.want {
				t.Errorf("fragments %q, want %q", got, tt.want)
			}
		})
	}
}

// A code that is not in the codebook is an error wherever it is named.
func TestLoadUnknownCode(t *testing.T) {
	s := smallProject(t)
	for _, f := range []Filters{{Codes: []string{"NOSUCH"}}, {AllCodes: []string{"NOSUCH"}}, {NotCodes: []string{"A", "NOSUCH"}}} {
		if _, err := Load(s, f, DefaultRules); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%+v: error %v, want not found", f, err)
		}
	}
}
