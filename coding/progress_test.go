package coding

import (
	"reflect"
	"testing"
	"time"

	"github.com/plancoder/plancoder/store"
)

// TestReport: applyProject has ann FIN on doc-000/0001 and bob VRIJ on
// doc-000/0002 (documents in org-0, org-1, org-0); ann then codes three
// fragments of doc-001 three minutes apart and has looked at doc-002/0001.
func TestReport(t *testing.T) {
	s := applyProject(t, 3, 4)
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	if err := s.AddCodings([]store.Coding{
		{Fragment: "doc-001/0001", Code: "FIN", Coder: "ann", Time: t0},
		{Fragment: "doc-001/0002", Code: "FIN", Coder: "ann", Time: t0.Add(3 * time.Minute)},
		{Fragment: "doc-001/0002", Code: "DIGI", Coder: "ann", Time: t0.Add(6 * time.Minute)},
		// After a long pause: not coding time.
		{Fragment: "doc-001/0003", Code: "FIN", Coder: "ann", Time: t0.Add(2 * time.Hour)},
	}...); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MarkSeen("ann", store.SeenAt(time.Time{}, "doc-002/0001"), false); err != nil {
		t.Fatal(err)
	}
	p, err := Report(s)
	if err != nil {
		t.Fatal(err)
	}
	// ann: 4 fragments (doc-000/0001, doc-001/0001..3) in 6 active minutes.
	wantCoders := []CoderProgress{
		{Coder: "ann", Fragments: 12, Seen: 1, Coded: 4, Codings: 5, CodesUsed: 2, PerHour: 40},
		{Coder: "bob", Fragments: 12, Coded: 1, Codings: 1, CodesUsed: 1},
	}
	if !reflect.DeepEqual(p.Coders, wantCoders) {
		t.Errorf("coders\n got %+v\nwant %+v", p.Coders, wantCoders)
	}
	wantDocs := []CoderProgress{
		{Coder: "ann", Doc: "doc-000", Fragments: 4, Coded: 1, Codings: 1, CodesUsed: 1},
		{Coder: "ann", Doc: "doc-001", Fragments: 4, Coded: 3, Codings: 4, CodesUsed: 2},
		{Coder: "ann", Doc: "doc-002", Fragments: 4, Seen: 1},
		{Coder: "bob", Doc: "doc-000", Fragments: 4, Coded: 1, Codings: 1, CodesUsed: 1},
	}
	if !reflect.DeepEqual(p.Docs, wantDocs) {
		t.Errorf("docs\n got %+v\nwant %+v", p.Docs, wantDocs)
	}
	codes := map[string]CodeProgress{}
	for _, c := range p.Codes {
		codes[c.Code] = c
	}
	for _, want := range []CodeProgress{
		{Code: "FIN", Name: "Financiën", Fragments: 4, Documents: 2, Organisations: 2},
		{Code: "VRIJ", Name: "Vrijwilligers", Fragments: 1, Documents: 1, Organisations: 1},
		{Code: "DIGI", Name: "Digitalisering", Fragments: 1, Documents: 1, Organisations: 1},
	} {
		if got := codes[want.Code]; got != want {
			t.Errorf("code %s: got %+v, want %+v", want.Code, got, want)
		}
	}
}

func TestPaces(t *testing.T) {
	t0 := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		gaps []time.Duration // between ann's consecutive codings
		want map[string]float64
	}{
		{name: "under a minute of work has no pace", gaps: []time.Duration{20 * time.Second, 20 * time.Second}, want: map[string]float64{}},
		{name: "ten-minute pauses are breaks", gaps: []time.Duration{10 * time.Minute, 30 * time.Minute}, want: map[string]float64{}},
		{name: "steady work", gaps: []time.Duration{5 * time.Minute, 5 * time.Minute, 5 * time.Minute}, want: map[string]float64{"ann": 20}}, // 5 fragments in 15 minutes,
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := applyProject(t, 1, 5)
			// ann's coding by applyProject happened now, after t0: the
			// negative gap to the first of these does not count.
			at := t0
			cs := []store.Coding{{Fragment: "doc-000/0002", Code: "DIGI", Coder: "ann", Time: at}}
			for i, g := range tt.gaps {
				at = at.Add(g)
				cs = append(cs, store.Coding{Fragment: store.FragmentID("doc-000", 3+i%3), Code: "DIGI", Coder: "ann", Time: at})
			}
			if err := s.AddCodings(cs...); err != nil {
				t.Fatal(err)
			}
			if got := paces(s); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("paces %v, want %v", got, tt.want)
			}
		})
	}
}
