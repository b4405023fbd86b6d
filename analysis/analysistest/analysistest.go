// Package analysistest builds projects of any size for the tests and
// benchmarks of the analyses and the report.
package analysistest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/store/storetest"
)

var words = strings.Fields(`vrijwilligers medewerkers financiën subsidie digitale vaardigheden buurt ontmoeting
	vorming cursus partners gemeente bestuur kwaliteit evaluatie diversiteit jongeren senioren klimaat energie
	taal oefenen samenwerking lokale netwerk werking deelnemers activiteiten organisatie beleid`)

// BuildProject makes docs documents of n fragments under alternating
// sections, in orgs organisations, with codes and codings.
func BuildProject(t testing.TB, docs, n, orgs, codings int) *store.Store {
	t.Helper()
	path, s := storetest.New(t)
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
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
