package search

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/index"
	"github.com/plancoder/plancoder/store"
)

func TestKWIC(t *testing.T) {
	text := strings.Repeat("woord ", 30) + "vrijwilligers " + strings.Repeat("ander ", 30)
	i := strings.Index(text, "vrijwilligers")
	k := kwic(text, []index.Span{{Start: i, End: i + len("vrijwilligers")}}, 20)
	if len(k) != 1 || k[0].Match != "vrijwilligers" || !strings.HasPrefix(k[0].Before, "…") || !strings.HasSuffix(k[0].After, "…") {
		t.Fatalf("%+v", k)
	}
	if len([]rune(k[0].Before)) > 23 || len([]rune(k[0].After)) > 23 {
		t.Errorf("window too wide: %+v", k)
	}
}

// TestSearchCodeFilters: code filters are joined from the store; each case
// compares the whole set of hits.
func TestSearchCodeFilters(t *testing.T) {
	p, s, ids := twoDocs(t)
	// ids[0] carries A (ann) and B (bob); ids[3] B (bob); ids[4] A (ann).
	if err := s.AddCodings(store.Coding{Fragment: ids[0], Code: "B", Coder: "bob"}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	x, err := p.OpenIndex(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	pick := func(n ...int) []string {
		out := []string{}
		for _, i := range n {
			out = append(out, ids[i])
		}
		sort.Strings(out)
		return out
	}
	for _, tc := range []struct {
		name       string
		o          Options
		want       []string
		restricted bool
	}{
		{"no filter", Options{}, pick(0, 1, 2, 3, 4), false},
		{"any of one code", Options{Codes: []string{"A"}}, pick(0, 4), true},
		{"any of two codes", Options{Codes: []string{"A", "B"}}, pick(0, 3, 4), true},
		{"every one of two codes", Options{AllCodes: []string{"A", "B"}}, pick(0), true},
		{"any and every", Options{Codes: []string{"B"}, AllCodes: []string{"A"}}, pick(0), true},
		{"every code, one coder", Options{AllCodes: []string{"A", "B"}, Coder: "ann"}, pick(), true},
		{"a code by another coder", Options{Codes: []string{"A"}, Coder: "bob"}, pick(), true},
		{"anything by one coder", Options{Coder: "bob"}, pick(0, 3), true},
		{"none of a code", Options{NotCodes: []string{"A"}}, pick(1, 2, 3), false},
		{"a code but not another", Options{Codes: []string{"A"}, NotCodes: []string{"B"}}, pick(4), true},
		{"uncoded", Options{Uncoded: true}, pick(1, 2), false},
		{"uncoded by one coder", Options{Uncoded: true, Coder: "ann"}, pick(1, 2, 3), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.o.Limit = 50
			res, err := Search(ctx, s, x, tc.o)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			sort.Strings(got)
			if !reflect.DeepEqual(got, tc.want) || res.Total != uint64(len(tc.want)) || res.Restricted != tc.restricted {
				t.Errorf("hits %v (total %d, restricted %v), want %v (restricted %v)", got, res.Total, res.Restricted, tc.want, tc.restricted)
			}
		})
	}
	for _, o := range []Options{{Codes: []string{"NOSUCH"}}, {AllCodes: []string{"A", "NOSUCH"}}, {NotCodes: []string{"NOSUCH"}}} {
		if _, err := Search(ctx, s, x, o); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Search(%+v) = %v, want ErrNotFound naming the code", o, err)
		}
	}
}
