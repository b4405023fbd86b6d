package pdftext

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// placed writes a content stream that shows each piece with its own Tm at
// 12 pt Times-Roman, the next piece starting gap em after the previous
// one's advance (charSpace, the Tc in force, included), as WordPerfect
// (via Adlib) places every word and Canva every letter.
func placed(pieces []string, gap, charSpace float64) string {
	const size = 12.0
	w := std14Widths["Times-Roman"]
	var b strings.Builder
	fmt.Fprintf(&b, "BT /F1 %g Tf %g Tc\n", size, charSpace)
	x := 72.0
	for _, p := range pieces {
		fmt.Fprintf(&b, "1 0 0 1 %.3f 700 Tm (%s) Tj\n", x, p)
		for i := 0; i < len(p); i++ {
			x += float64(w[p[i]])*size/1000 + charSpace
		}
		x += gap * size
	}
	b.WriteString("ET")
	return b.String()
}

// Word gaps of real files that pdftotext reads as spaces: a word placed on
// its own after a gap of a tenth of an em or more is a new word (WordPerfect
// files lost 26% of their words glued into "undertheFederalTort"), while
// kerning inside a TJ array and letters placed one by one with tracking
// (Canva's letter-spaced capitals) stay one word.
func TestPDFWordGaps(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    string
	}{
		{"words placed one by one, gap 0.15 em, Tc -0.1",
			placed([]string{"Because", "Samuel", "Cleveland", "has", "passed", "away,"}, 0.15, -0.1),
			"Because Samuel Cleveland has passed away,"},
		{"words placed one by one, gap 0.12 em",
			placed([]string{"under", "the", "Federal", "Tort", "Claims", "Act"}, 0.12, 0),
			"under the Federal Tort Claims Act"},
		{"letters placed one by one, tracking 0.15 em",
			placed([]string{"J", "A", "A", "R", "V", "E", "R", "S", "L", "A", "G"}, 0.15, 0),
			"JAARVERSLAG"},
		{"line-end hyphen set apart",
			placed([]string{"vrijwilli", "-"}, 0.15, 0),
			"vrijwilli-"},
		{"kerning inside TJ",
			"BT /F1 12 Tf 72 700 Td [(W)80(ord)-30(s)] TJ ET",
			"Words"},
		{"TJ word space",
			"BT /F1 12 Tf 72 700 Td [(beleids)-60(plan)-333(voor)-250(cultuur)] TJ ET",
			"beleidsplan voor cultuur"},
		// Excel pads a cell with drawn spaces that run on under the next
		// cell's text: "07/21/2015" came out "0 7 / 2 1 / 2 0 15".
		{"padding spaces drawn under a word",
			"BT /F1 12 Tf 1 0 0 1 72 700 Tm (Datum) Tj 1 0 0 1 102 700 Tm (                    ) Tj 1 0 0 1 120 700 Tm (07/21/2015) Tj ET",
			"Datum 07/21/2015"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := onePagePDF(tt.content, "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>")
			x, err := pdfExtractor{}.Extract(context.Background(), data)
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, b := range x.Blocks {
				texts = append(texts, b.Text)
			}
			if got := strings.Join(texts, "\n"); got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
		})
	}
}

// The PDF reader's lexer knows no inline images: their binary data read as
// tokens stopped the page at the first "(" or "\" in it ("invalid escape
// sequence"), so wkhtmltopdf pages lost all text after their first inline
// icon (49 of 50 pages of a Dutch handbook lost their footers). Undefined
// escapes in strings are read as the spec says: the backslash is ignored.
func TestPDFInlineImageAndEscapes(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    string
	}{
		{"text after an inline image",
			"BT /F1 12 Tf 72 700 Td (Het beleidsplan) Tj ET\n" +
				"q 10 0 0 10 72 600 cm BI /W 2 /H 1 /CS /G /BPC 8 ID \x9c(\\\xeb\nEI Q\n" +
				"BT /F1 12 Tf 72 500 Td (voor cultuur) Tj ET",
			"Het beleidsplan\nvoor cultuur"},
		{"undefined escape in a string",
			"BT /F1 12 Tf 72 700 Td (kwaliteits\\aanpak) Tj ET",
			"kwaliteitsaanpak"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := onePagePDF(tt.content, "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>")
			x, err := pdfExtractor{}.Extract(context.Background(), data)
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, b := range x.Blocks {
				texts = append(texts, b.Text)
			}
			got := strings.Join(texts, "\n")
			if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(tt.want), " ") {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
			for _, w := range x.Warnings {
				if strings.Contains(w, "damaged") {
					t.Errorf("warning %q", w)
				}
			}
		})
	}
}
