package project

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/store"
)

// TestReingestMetadata: on a stored document, explicit metadata (flags,
// manifest) wins; values guessed from the file name never overwrite stored
// ones, neither for identical bytes nor for a changed file.
func TestReingestMetadata(t *testing.T) {
	_, _, s := newProject(t)
	file := filepath.Join(t.TempDir(), "socius-beleidsplan-2021-2025.txt")
	write := func(text string) {
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(m ingest.Meta) FileReport {
		t.Helper()
		sum, err := Ingest(context.Background(), s, IngestOptions{Jobs: []ingest.Job{{Path: file, Meta: m}}, Workers: 1, Actor: "t"})
		if err != nil || len(sum.Reports) != 1 {
			t.Fatalf("ingest: %v %+v", err, sum)
		}
		return sum.Reports[0]
	}
	doc := func() store.Document {
		t.Helper()
		d, err := s.Document("socius-beleidsplan-2021-2025")
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	write("Eerste alinea over vrijwilligers.\n\nTweede alinea over financiën.\n")
	if r := run(ingest.Meta{}); r.Status != StatusAdded {
		t.Fatalf("first ingest: %+v", r)
	}
	if d := doc(); d.Period != "2021-2025" || d.Type != store.TypePlan || d.Org != "socius" {
		t.Fatalf("guessed metadata: %+v", d)
	}

	steps := []struct {
		name       string
		change     func()
		meta       ingest.Meta
		wantStatus string
		want       func(store.Document) bool
	}{
		{"same bytes, nothing given", nil, ingest.Meta{}, StatusUnchanged,
			func(d store.Document) bool { return d.Period == "2021-2025" }},
		{"same bytes, explicit period and title", nil, ingest.Meta{Period: "2022-2026", Title: "Plan"}, StatusUpdated,
			func(d store.Document) bool {
				return d.Period == "2022-2026" && d.Title == "Plan" && d.Type == store.TypePlan
			}},
		{"same bytes, same explicit values", nil, ingest.Meta{Period: "2022-2026"}, StatusUnchanged,
			func(d store.Document) bool { return d.Period == "2022-2026" }},
		{"docs edit", func() {
			if _, err := s.EditDocument("t", "socius-beleidsplan-2021-2025", store.DocumentEdit{
				Type: ptr(store.TypeOther), Year: ptr(2023), Attrs: map[string]string{"bron": "mail"}}); err != nil {
				t.Fatal(err)
			}
		}, ingest.Meta{}, StatusUnchanged,
			func(d store.Document) bool {
				return d.Type == store.TypeOther && d.Year == 2023 && d.Period == "2022-2026"
			}},
		{"changed file, nothing given: guesses do not overwrite", func() {
			write("Eerste alinea over vrijwilligers.\n\nTweede alinea, herschreven.\n")
		}, ingest.Meta{}, StatusReplaced,
			func(d store.Document) bool {
				return d.Type == store.TypeOther && d.Year == 2023 && d.Period == "2022-2026" && d.Title == "Plan" && d.Attrs["bron"] == "mail"
			}},
		{"changed file, explicit type wins", func() {
			write("Eerste alinea over vrijwilligers.\n\nDerde versie.\n")
		}, ingest.Meta{Type: store.TypePlan}, StatusReplaced,
			func(d store.Document) bool {
				return d.Type == store.TypePlan && d.Year == 2023 && d.Attrs["bron"] == "mail"
			}},
	}
	for _, st := range steps {
		if st.change != nil {
			st.change()
		}
		r := run(st.meta)
		if r.Status != st.wantStatus {
			t.Errorf("%s: status %s, want %s (%+v)", st.name, r.Status, st.wantStatus, r)
		}
		if d := doc(); !st.want(d) {
			t.Errorf("%s: document %+v", st.name, d)
		}
	}
	// An update is marked for the index like any other change.
	if _, err := s.EditDocument("t", "socius-beleidsplan-2021-2025", store.DocumentEdit{Period: ptr("2021-2025")}); err != nil {
		t.Fatal(err)
	}
	if pend, _ := s.PendingIndex(); len(pend) == 0 {
		t.Error("no pending index note after an update")
	}
	if r := run(ingest.Meta{ID: "ander-id"}); r.Status != StatusUnchanged || len(r.Warnings) != 1 {
		t.Errorf("other explicit id: %+v", r)
	}
}

func ptr[T any](v T) *T { return &v }
