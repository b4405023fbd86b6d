package pdftext

import (
	"context"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/plancoder/plancoder/ingest"
	"github.com/plancoder/plancoder/store"
)

// checkResult checks every fragment's invariants, as ingest's own tests do.
func checkResult(t *testing.T, r *ingest.Result) {
	t.Helper()
	for i, f := range r.Fragments {
		if strings.TrimSpace(f.Text) == "" {
			t.Errorf("%s: empty fragment", f.ID)
		}
		if r.Text[f.Start:f.End] != f.Text {
			t.Errorf("%s: offsets %d-%d do not cut out its text", f.ID, f.Start, f.End)
		}
		if f.Ordinal != i+1 || f.ID != store.FragmentID(r.Doc.ID, i+1) {
			t.Errorf("fragment %d has id %s", i+1, f.ID)
		}
		if f.Hash != ingest.ContentHash(f.Text) {
			t.Errorf("%s: hash", f.ID)
		}
		if !utf8.ValidString(f.Text) {
			t.Errorf("%s: invalid UTF-8", f.ID)
		}
	}
}

// A page over the glyph limit is cut there, with a warning naming it.
func TestGlyphLimit(t *testing.T) {
	old := maxGlyphsPerPage
	maxGlyphsPerPage = 50
	t.Cleanup(func() { maxGlyphsPerPage = old })
	data, err := os.ReadFile("testdata/pdf/lo-plan-simple.pdf")
	if err != nil {
		t.Fatal(err)
	}
	r, err := ingest.Bytes(context.Background(), "p.pdf", data, ingest.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if w := strings.Join(r.Warnings, "; "); !strings.Contains(w, "page 1 has more than 50 characters") {
		t.Errorf("warnings %q do not name the cut page", w)
	}
}
