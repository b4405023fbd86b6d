package coding

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/arg"
	"github.com/plancoder/plancoder/store"
)

func TestCreateSampleErrors(t *testing.T) {
	s := applyProject(t, 3, 2)
	two := []string{"ann", "bob"}
	for _, tt := range []struct {
		name string
		o    SampleOptions
		arg  string // the argument an *arg.Error names
		is   error
		err  string
	}{
		{name: "one coder", o: SampleOptions{Name: "x", Docs: 1, Coders: []string{"ann"}}, arg: "coders"},
		{name: "no documents asked", o: SampleOptions{Name: "x", Coders: two}, arg: "docs"},
		{name: "unknown document", o: SampleOptions{Name: "x", DocIDs: []string{"doc-000", "doc-999"}, Coders: two}, is: store.ErrNotFound, err: "doc-999"},
		{name: "more documents than the project", o: SampleOptions{Name: "x", Docs: 4, Coders: two}, err: "4 documents asked, the project has 3"},
		{name: "bad stratify", o: SampleOptions{Name: "x", Docs: 2, Stratify: "colour", Coders: two}, arg: "stratify"},
		{name: "bad coder name", o: SampleOptions{Name: "x", Docs: 1, Coders: []string{"ann", "bob "}}, err: "sample x: coder name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CreateSample(s, "t", tt.o)
			if err == nil {
				t.Fatal("no error")
			}
			var ae *arg.Error
			if tt.arg != "" && (!errors.As(err, &ae) || ae.Name != tt.arg) {
				t.Errorf("err %v, want an argument error on %s", err, tt.arg)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err %v, want %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.err) {
				t.Errorf("err %v, want %q", err, tt.err)
			}
			if _, err := s.Sample("x"); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("a failed sample was stored: %v", err)
			}
		})
	}
}

func TestCreateSample(t *testing.T) {
	s := applyProject(t, 6, 2)
	if _, _, err := s.PutOrganisations("t", []store.Organisation{
		{ID: "org-0", Name: "Noord", Attrs: map[string]string{"size": "groot"}},
		{ID: "org-1", Name: "Zuid", Attrs: map[string]string{"size": "klein"}},
	}); err != nil {
		t.Fatal(err)
	}
	two := []string{"ann", "bob"}
	sm, err := CreateSample(s, "t", SampleOptions{Name: "given", DocIDs: []string{"doc-004", "doc-001"}, Coders: two})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"doc-004/0001", "doc-004/0002", "doc-001/0001", "doc-001/0002"}; !reflect.DeepEqual(sm.Fragments, want) {
		t.Errorf("fragments %v, want %v", sm.Fragments, want)
	}
	stored, err := s.Sample("given")
	if err != nil || !reflect.DeepEqual(stored.Fragments, sm.Fragments) || !reflect.DeepEqual(stored.Coders, two) {
		t.Errorf("stored %+v, %v", stored, err)
	}

	// Drawn: the same seed draws the same documents; by organisation size
	// (org-0 even documents, org-1 odd) two documents are one of each.
	for _, strat := range []string{"", "type", "period", "attr:size"} {
		var first []string
		for i := 0; i < 2; i++ {
			sm, err := CreateSample(s, "t", SampleOptions{Name: fmt.Sprintf("d%s%d", strings.ReplaceAll(strat, ":", ""), i), Docs: 2, Seed: 7, Stratify: strat, Coders: two})
			if err != nil {
				t.Fatal(err)
			}
			if len(sm.Docs) != 2 || len(sm.Fragments) != 4 {
				t.Fatalf("%q: docs %v fragments %v", strat, sm.Docs, sm.Fragments)
			}
			if i == 0 {
				first = sm.Docs
			} else if !reflect.DeepEqual(sm.Docs, first) {
				t.Errorf("%q: seed 7 drew %v, then %v", strat, first, sm.Docs)
			}
		}
		if strat == "attr:size" {
			var even, odd int
			for _, d := range first {
				var n int
				fmt.Sscanf(d, "doc-%d", &n)
				if n%2 == 0 {
					even++
				} else {
					odd++
				}
			}
			if even != 1 || odd != 1 {
				t.Errorf("by size drew %v, want one of each organisation", first)
			}
		}
	}
}

func TestDraw(t *testing.T) {
	docs := func(types ...string) []store.Document {
		var out []store.Document
		for i, ty := range types {
			out = append(out, store.Document{ID: fmt.Sprintf("d%02d", i), Type: ty})
		}
		return out
	}
	rep := func(s string, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = s
		}
		return out
	}
	byType := func(d store.Document) string { return d.Type }
	for _, tt := range []struct {
		name string
		docs []store.Document
		n    int
		want map[string]int // documents drawn per type
	}{
		{name: "proportional", docs: docs(append(rep("plan", 6), rep("visie", 3)...)...), n: 3, want: map[string]int{"plan": 2, "visie": 1}},
		{name: "largest remainder", docs: docs(append(rep("plan", 8), rep("visie", 2)...)...), n: 3, want: map[string]int{"plan": 2, "visie": 1}},
		{name: "at least one per stratum", docs: docs(append(rep("plan", 9), "visie")...), n: 2, want: map[string]int{"plan": 1, "visie": 1}},
		// Two draws, three strata: no room for one each; the remainders
		// decide (c 1.33, a and b .33: a by name).
		{name: "fewer draws than strata", docs: docs("a", "b", "c", "c", "c", "c"), n: 2, want: map[string]int{"a": 1, "c": 1}},
		{name: "everything", docs: docs("a", "b", "b"), n: 3, want: map[string]int{"a": 1, "b": 2}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			typeOf := map[string]string{}
			for _, d := range tt.docs {
				typeOf[d.ID] = d.Type
			}
			got := draw(tt.docs, tt.n, byType, 3)
			if len(got) != tt.n {
				t.Fatalf("drew %v, want %d", got, tt.n)
			}
			per := map[string]int{}
			seen := map[string]bool{}
			for i, id := range got {
				if seen[id] || i > 0 && got[i-1] > id {
					t.Errorf("draw %v not sorted and unique", got)
				}
				seen[id] = true
				per[typeOf[id]]++
			}
			if !reflect.DeepEqual(per, tt.want) {
				t.Errorf("per type %v, want %v", per, tt.want)
			}
			if again := draw(tt.docs, tt.n, byType, 3); !reflect.DeepEqual(again, got) {
				t.Errorf("same seed drew %v then %v", got, again)
			}
		})
	}
}
