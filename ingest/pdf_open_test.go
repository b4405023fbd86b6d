package ingest

import (
	"testing"
)

// word lays out text as glyphs of size 10 from x on baseline y, one
// glyph per rune, 5 pt wide; a ' ' is a drawn space glyph.
func word(x, y float64, text string) []glyph {
	var gs []glyph
	for _, r := range text {
		gs = append(gs, glyph{x: x, y: y, w: 5, size: 10, text: string(r), space: r == ' '})
		x += 5
	}
	return gs
}

// Word, InDesign, Aspose, Canva and others draw an empty paragraph as a
// lone space glyph. Such a row has no segment once split; it used to reach
// the layout and panic there (index out of range in medianSize) when it
// sat inside a band of table rows, which failed whole files.
func TestPageRowsSpaceOnlyRows(t *testing.T) {
	var gs []glyph
	// A label row (bigger gap before the band), a space-only row, then
	// three table rows with a strip between x=100 and x=200.
	gs = append(gs, word(50, 700, "Overzicht")...)
	gs = append(gs, word(60, 680, "   ")...)
	for i, y := range []float64{660, 648, 636} {
		gs = append(gs, word(50, y, "Omschrijving")...)
		gs = append(gs, word(200, y, []string{"123", "456", "789"}[i])...)
	}
	gs = append(gs, word(300, 620, " ")...)
	rows := pageRows(gs)
	for _, r := range rows {
		if len(r.segs) == 0 {
			t.Fatalf("row at y=%v has no segments: %+v", r.y, r.gs)
		}
	}
	if len(rows) != 4 {
		t.Errorf("got %d rows, want 4 (space-only rows dropped)", len(rows))
	}
	lines := readingOrder(rows, 1)
	if len(lines) != 4 {
		t.Errorf("got %d lines, want 4: %+v", len(lines), lines)
	}
}
