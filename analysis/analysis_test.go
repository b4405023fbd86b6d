package analysis

import (
	"strings"
	"testing"

	"github.com/plancoder/plancoder/analysis/analysistest"
	"github.com/plancoder/plancoder/store"
)

func TestCountsAddUp(t *testing.T) {
	s := analysistest.BuildProject(t, 12, 30, 4, 400)
	d, err := Load(s, Filters{}, DefaultRules)
	if err != nil {
		t.Fatal(err)
	}
	m, err := d.Matrix("type", Fragments, nil)
	if err != nil {
		t.Fatal(err)
	}
	for ci, code := range m.Cols {
		th, err := d.Theme(code, 3)
		if err != nil {
			t.Fatal(err)
		}
		sum := 0.0
		for r := range m.Rows {
			sum += m.Cells[r][ci]
		}
		if int(sum) != th.Count.Fragments || int(m.ColTotals[ci]) != th.Count.Fragments {
			t.Errorf("%s: matrix column %v (total %v), theme %d", code, sum, m.ColTotals[ci], th.Count.Fragments)
		}
		var parts int
		for _, sp := range th.Splits {
			if sp.By == "part" {
				for _, r := range sp.Rows {
					parts += r.Fragments
				}
			}
		}
		if parts != th.Count.Fragments {
			t.Errorf("%s: parts add to %d, total %d", code, parts, th.Count.Fragments)
		}
		orgs := map[string]bool{}
		for _, q := range th.Quotes {
			if orgs[q.Org] && len(th.Quotes) <= th.Count.Organisations {
				t.Errorf("%s: two quotes from %s while other organisations have material", code, q.Org)
			}
			orgs[q.Org] = true
			if want, err := d.st.FragmentTexts([]string{q.ID}); err != nil || q.Text == "" || q.Text != want[q.ID] {
				t.Errorf("%s: quote %s has text %q, the store %q (%v)", code, q.ID, q.Text, want[q.ID], err)
			}
		}
	}
	mo, _ := d.Matrix("org", Organisations, nil)
	for ci := range mo.Cols {
		th, _ := d.Theme(mo.Cols[ci], 0)
		if int(mo.ColTotals[ci]) != th.Count.Organisations {
			t.Errorf("organisations of %s: %v vs %d", mo.Cols[ci], mo.ColTotals[ci], th.Count.Organisations)
		}
	}
}

func TestParts(t *testing.T) {
	for _, tt := range []struct {
		section []string
		want    string
	}{
		{[]string{"Beleidsplan", "Zakelijk plan", "Financiën"}, "zakelijk"},
		{[]string{"Beleidsplan", "Strategische doelstellingen", "SD 1 – Ontmoeting"}, "inhoudelijk"},
		{[]string{"Beleidsplan", "Omgevingsanalyse en context"}, "context"},
		{[]string{"Bijlagen"}, Other},
		{nil, Other},
	} {
		if got := DefaultRules.PartOf(tt.section); got != tt.want {
			t.Errorf("PartOf(%v) = %s, want %s", tt.section, got, tt.want)
		}
	}
}

func TestKeyness(t *testing.T) {
	// Dunning's G2 for a=10 in 100 words vs b=10 in 1000: 2*(10 ln(10/1.818)+10 ln(10/18.18)) = 22.14.
	d := &Dataset{}
	target := []Frag{{Text: strings.Repeat("vrijwilligers ", 10) + strings.Repeat("zzz ", 90)}}
	ref := []Frag{{Text: strings.Repeat("vrijwilligers ", 10) + strings.Repeat("yyy ", 990)}}
	ts := d.termsOf(target, ref, 0)
	var got *Term
	for i := range ts {
		if ts[i].Example == "vrijwilligers" {
			got = &ts[i]
		}
	}
	if got == nil || got.LL < 22.13 || got.LL > 22.15 || got.LogRatio < 3.32 || got.LogRatio > 3.33 {
		t.Fatalf("term %+v", got)
	}
}

func benchDataset(b *testing.B) *store.Store {
	return analysistest.BuildProject(b, 150, 1000, 131, 50000)
}

// BenchmarkAnalyses: 150,000 fragments, 50,000 codings; the targets are
// theme, matrix and cooccur under 300 ms each (load included).
func BenchmarkAnalyses(b *testing.B) {
	s := benchDataset(b)
	b.Run("theme", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			d, err := Load(s, Filters{}, DefaultRules)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := d.Theme("C01", 6); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("matrix", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			d, _ := Load(s, Filters{}, DefaultRules)
			if _, err := d.Matrix("attr:region", Organisations, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cooccur", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			d, _ := Load(s, Filters{}, DefaultRules)
			if _, err := d.Cooccur("section"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestKWICFindsWhatSearchFinds: the concordance of a word has its forms
// and the compounds it is part of, as search does, and nothing else.
func TestKWICFindsWhatSearchFinds(t *testing.T) {
	fs := []Frag{{ID: "a/0001", Text: "De transitie en twee energietransities; transities vragen tijd. Transistors niet."}}
	var got []string
	for _, l := range KWIC(fs, nil, nil, "transitie", 10, "") {
		got = append(got, l.Match)
	}
	if strings.Join(got, " ") != "transitie energietransities transities" {
		t.Errorf("KWIC matched %q", got)
	}
}
