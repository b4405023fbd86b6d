package analysis

import (
	"testing"

	"github.com/plancoder/plancoder/store"
	"github.com/plancoder/plancoder/store/storetest"
)

// TestCodedHeadingsCount: the unit of agreement is every fragment,
// headings included (coding.UnitRule, issue 15), so theme and matrix count
// a coded heading like any other fragment.
func TestCodedHeadingsCount(t *testing.T) {
	_, s := storetest.New(t)
	t.Cleanup(func() { s.Close() })
	text := "Vrijwilligers\n\nOnze vrijwilligers zijn actief."
	frags := []store.Fragment{
		{ID: "d/0001", Doc: "d", Ordinal: 1, Kind: store.KindHeading, Text: "Vrijwilligers", Start: 0, End: 13, Hash: "h1"},
		{ID: "d/0002", Doc: "d", Ordinal: 2, Kind: "paragraph", Section: []string{"Vrijwilligers"}, Text: "Onze vrijwilligers zijn actief.", Start: 15, End: len(text), Hash: "h2"},
	}
	if _, err := s.PutDocument("t", store.Document{ID: "d", Org: "o", Type: store.TypePlan, SHA256: "x", Source: "x"}, text, frags); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutCodes("t", []store.Code{{Key: "VRIJW", Name: "Vrijwilligers"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddCodings(store.Coding{Fragment: "d/0001", Code: "VRIJW", Coder: "ann"}, store.Coding{Fragment: "d/0002", Code: "VRIJW", Coder: "ann"}); err != nil {
		t.Fatal(err)
	}
	d, err := Load(s, Filters{}, DefaultRules)
	if err != nil {
		t.Fatal(err)
	}
	r, err := d.Theme("VRIJW", 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Count.Fragments != 2 {
		t.Errorf("theme counts %d fragments, want 2 (the coded heading too)", r.Count.Fragments)
	}
	m, err := d.Matrix("type", Fragments, []string{"VRIJW"})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Cells) != 1 || m.Cells[0][0] != 2 {
		t.Errorf("matrix cells %v, want [[2]]", m.Cells)
	}
}
