package analysis

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/store/storetest"
)

var words = strings.Fields(`vrijwilligers medewerkers financiën subsidie digitale vaardigheden buurt ontmoeting
	vorming cursus partners gemeente bestuur kwaliteit evaluatie diversiteit jongeren senioren klimaat energie
	taal oefenen samenwerking lokale netwerk werking deelnemers activiteiten organisatie beleid`)

// buildProject makes docs documents of n fragments under alternating
// sections, in orgs organisations, with codes and codings.
func buildProject(t testing.TB, docs, n, orgs, codings int) *store.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plancoder.db")
	if err := store.Create(path); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	var os []store.Organisation
	for o := 0; o < orgs; o++ {
		os = append(os, store.Organisation{ID: fmt.Sprintf("org-%03d", o), Name: fmt.Sprintf("Org %d", o),
			Attrs: map[string]string{"region": []string{"Limburg", "Antwerpen", "Brussel"}[o%3]}})
	}
	s.PutOrganisations("t", os)
	sections := [][]string{{"Plan", "Zakelijk deel", "Financiën"}, {"Plan", "Strategische doelstellingen", "SD 1"}, {"Plan", "Omgevingsanalyse"}}
	var ids []string
	for d := 0; d < docs; d++ {
		id := fmt.Sprintf("doc-%04d", d)
		var sb strings.Builder
		var frags []store.Fragment
		for i := 1; i <= n; i++ {
			if i > 1 {
				sb.WriteString("\n\n")
			}
			var ws []string
			for k := 0; k < 40; k++ {
				ws = append(ws, words[rng.IntN(len(words))])
			}
			text := strings.Join(ws, " ") + "."
			start := sb.Len()
			sb.WriteString(text)
			frags = append(frags, store.Fragment{ID: store.FragmentID(id, i), Doc: id, Ordinal: i, Kind: "paragraph",
				Section: sections[i%3], Text: text, Start: start, End: sb.Len(), Hash: fmt.Sprint(i)})
			ids = append(ids, store.FragmentID(id, i))
		}
		typ := []string{store.TypePlan, store.TypeProgressReport}[d%2]
		if _, err := s.PutDocument("t", store.Document{ID: id, Org: os[d%orgs].ID, Type: typ, Period: "2021-2025", Year: 2021 + d%3,
			SHA256: id, Source: id}, sb.String(), frags); err != nil {
			t.Fatal(err)
		}
	}
	var codes []store.Code
	for i := 0; i < 30; i++ {
		codes = append(codes, store.Code{Key: fmt.Sprintf("C%02d", i), Name: words[i]})
	}
	s.PutCodes("t", codes)
	var bulk []store.Coding
	for i := 0; i < codings; i++ {
		bulk = append(bulk, store.Coding{Fragment: ids[rng.IntN(len(ids))], Code: fmt.Sprintf("C%02d", rng.IntN(30)), Coder: []string{"ann", "bob"}[i%2]})
	}
	s.Close()
	if err := storetest.BulkCodings(path, bulk); err != nil {
		t.Fatal(err)
	}
	s, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestCountsAddUp(t *testing.T) {
	s := buildProject(t, 12, 30, 4, 400)
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
	return buildProject(b, 150, 1000, 131, 50000)
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
