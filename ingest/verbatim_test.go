package ingest

import (
	"strings"
	"testing"

	"github.com/plancoder/plancoder/store"
)

func TestSegmentVerbatim(t *testing.T) {
	long := strings.Repeat("Een zin over vrijwilligers en  buurtwerk. ", 80)
	text := "Beleidsplan 2021-2025\n\n  Eerste alinea met tekst.  \r\nPost | 2021 | 2022\nSubsidie | 10 | 11\nrest zonder cel |\n\n" + long + "\nSlot."
	frags := SegmentVerbatim(text, "d")
	var kinds []string
	for i, f := range frags {
		if text[f.Start:f.End] != f.Text {
			t.Errorf("fragment %d: offsets %d-%d do not cut out its text", i, f.Start, f.End)
		}
		if strings.TrimSpace(f.Text) != f.Text || f.Text == "" {
			t.Errorf("fragment %d %q: not trimmed", i, f.Text)
		}
		if f.Ordinal != i+1 || f.ID != store.FragmentID("d", i+1) || f.Hash != ContentHash(f.Text) {
			t.Errorf("fragment %d: id %s ordinal %d", i, f.ID, f.Ordinal)
		}
		kinds = append(kinds, f.Kind)
	}
	want := "heading paragraph table paragraph paragraph paragraph"
	if got := strings.Join(kinds, " "); !strings.HasPrefix(got, "heading paragraph table paragraph") || len(frags) < 5 {
		t.Fatalf("kinds %q, want like %q", got, want)
	}
	if frags[2].Text != "Post | 2021 | 2022\nSubsidie | 10 | 11\nrest zonder cel |" {
		t.Errorf("table = %q", frags[2].Text)
	}
	if frags[1].Section[0] != "Beleidsplan 2021-2025" {
		t.Errorf("section %v", frags[1].Section)
	}
	for _, f := range frags[3 : len(frags)-1] {
		if n := countWords(f.Text); n > maxWords {
			t.Errorf("long line part has %d words", n)
		}
	}
	if frags[len(frags)-1].Text != "Slot." {
		t.Errorf("last = %q", frags[len(frags)-1].Text)
	}
}
