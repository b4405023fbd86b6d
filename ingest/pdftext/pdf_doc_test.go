package pdftext

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/plancoder/plancoder/ingest"
)

// treePDF is a PDF of pages in a nested page tree (two levels, uneven), all
// pages sharing one font object with a ToUnicode map; each page's text
// names its page number.
func treePDF(pages int) []byte {
	// Objects: 1 catalog, 2 root Pages, 3 font, 4 ToUnicode, 5 and 6 the
	// inner Pages nodes, then per page its Page object and its content.
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"", // root, filled below
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 4 0 R >>",
		streamObj("/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <20> <7E> <0020> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end"),
		"", "", // inner nodes
	}
	first := pages / 3
	var kidsA, kidsB []string
	for i := 0; i < pages; i++ {
		page := len(objs) + 1
		objs = append(objs,
			fmt.Sprintf("<< /Type /Page /Parent %d 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", map[bool]int{true: 5, false: 6}[i < first], page+1),
			streamObj(fmt.Sprintf("BT /F1 12 Tf 72 700 Td (Pagina%d van het plan.) Tj ET", i+1)))
		if i < first {
			kidsA = append(kidsA, fmt.Sprintf("%d 0 R", page))
		} else {
			kidsB = append(kidsB, fmt.Sprintf("%d 0 R", page))
		}
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [5 0 R 6 0 R] /Count %d /MediaBox [0 0 595 842] >>", pages)
	objs[4] = fmt.Sprintf("<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>", strings.Join(kidsA, " "), len(kidsA))
	objs[5] = fmt.Sprintf("<< /Type /Pages /Parent 2 0 R /Kids [%s] /Count %d >>", strings.Join(kidsB, " "), len(kidsB))
	return minimalPDF("/Root 1 0 R", objs...)
}

// The page tree is walked once, in the order the reader's Page(i) gives,
// and a font shared by all pages is decoded once per document, not once per
// page (issue 12: no per-page re-parsing of fonts).
func TestPDFDocPagesAndFontCache(t *testing.T) {
	const n = 7
	r, _, err := openPDF(treePDF(n))
	if err != nil {
		t.Fatal(err)
	}
	doc := newPDFDoc(r, n)
	if len(doc.pages) != n {
		t.Fatalf("page list has %d pages, want %d", len(doc.pages), n)
	}
	for i := 1; i <= n; i++ {
		if got, want := doc.page(i).V.String(), r.Page(i).V.String(); got != want {
			t.Errorf("page %d = %s, want %s", i, got, want)
		}
		rows, _, _, _, err := readPage(doc, i)
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		if len(rows) == 0 || !strings.Contains(segText(rows[0].gs), fmt.Sprintf("Pagina%d ", i)) {
			t.Errorf("page %d text = %+v", i, rows)
		}
	}
	if len(doc.fonts.byDict) != 1 {
		t.Errorf("the shared font was decoded %d times, want once", len(doc.fonts.byDict))
	}
}

// A page tree that lists itself among its kids ends: the walk gives up
// (the reader's Page(i) is used instead) rather than recursing for ever.
func TestPDFDocPageTreeLoop(t *testing.T) {
	data := minimalPDF("/Root 1 0 R",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [2 0 R 3 0 R 2 0 R] /Count 2 /MediaBox [0 0 595 842] >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		streamObj("BT /F1 12 Tf 72 700 Td (Het beleidsplan) Tj ET"),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	)
	r, _, err := openPDF(data)
	if err != nil {
		t.Fatal(err)
	}
	if doc := newPDFDoc(r, 2); doc.pages != nil && len(doc.pages) != 2 {
		t.Errorf("page list has %d pages, want 2 or none", len(doc.pages))
	}
}

// A table that runs into the bottom band of every page is kept (a CA WARN
// report from Excel lost its last rows, "Permanent", the dates and the
// head counts, as running footers), while a real running footer and a page
// number beside it still go.
func TestDropFurnitureTableInBand(t *testing.T) {
	var pages [][]row
	var heights []float64
	for p := 0; p < 4; p++ {
		var gs []glyph
		gs = append(gs, word(50, 700, fmt.Sprintf("Lopende tekst van pagina %d", p+1))...)
		// The last table row, at the same height on every page.
		gs = append(gs, word(50, 60, fmt.Sprintf("0%d/2%d/2015", p+1, p))...)
		gs = append(gs, word(150, 60, "Bedrijf"+string(rune('A'+p)))...)
		gs = append(gs, word(250, 60, fmt.Sprint(40+p))...)
		gs = append(gs, word(350, 60, "Permanent")...)
		// The running footer.
		gs = append(gs, word(50, 20, "Jaarverslag 2015")...)
		gs = append(gs, word(500, 20, fmt.Sprint(p+1))...)
		pages = append(pages, pageRows(gs))
		heights = append(heights, 842)
	}
	dropFurniture(pages, heights)
	for p, rows := range pages {
		var texts []string
		for _, r := range rows {
			texts = append(texts, segText(r.gs))
		}
		got := strings.Join(texts, " | ")
		for _, want := range []string{"Permanent", fmt.Sprintf("0%d/2%d/2015", p+1, p), fmt.Sprint(40 + p)} {
			if !strings.Contains(got, want) {
				t.Errorf("page %d: table cell %q dropped: %q", p+1, want, got)
			}
		}
		if strings.Contains(got, "Jaarverslag") {
			t.Errorf("page %d: running footer kept: %q", p+1, got)
		}
	}
}

// TeX's OT1 fonts (and others) draw an accent as a glyph of its own over
// the letter: pdftotext reads "Dür", "Wódkiewicz", "x̂"; we read "Du¨r".
func TestSegTextAccents(t *testing.T) {
	g := func(x, w float64, text string) glyph { return glyph{x: x, y: 700, w: w, size: 10, text: text} }
	tests := []struct {
		name string
		gs   []glyph
		want string
	}{
		{"umlaut over u, drawn after it", []glyph{g(0, 7, "D"), g(7, 5, "u"), g(7.5, 5, "¨"), g(12, 4, "r")}, "Dür"},
		{"acute drawn before its letter", []glyph{g(0, 9, "W"), g(9.2, 5, "´"), g(9, 5, "o"), g(14, 5, "d")}, "Wód"},
		{"circumflex with no precomposed form", []glyph{g(0, 5, "x"), g(0.5, 5, "ˆ")}, "x\u0302"},
		{"accent alone stays", []glyph{g(0, 5, "a"), g(5, 2, " "), g(10, 5, "¨")}, "a ¨"},
		{"no accent: the glyphs are not copied", []glyph{g(0, 5, "a"), g(5, 5, "b")}, "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range tt.gs {
				tt.gs[i].space = tt.gs[i].text == " "
			}
			before := fmt.Sprint(tt.gs)
			if got := segText(tt.gs); got != tt.want {
				t.Errorf("segText = %q, want %q", got, tt.want)
			}
			if fmt.Sprint(tt.gs) != before {
				t.Errorf("segText changed its glyphs")
			}
		})
	}
}

// The standard Symbol and ZapfDingbats fonts without an /Encoding read by
// their built-in encodings (TCPDF's core-font sample read "abg" for "αβγ"
// and lost its circled numbers and ticks: code 0xAC is a120, ① U+2460);
// with an encoding of their own they keep that.
func TestPDFBuiltinEncodingFonts(t *testing.T) {
	const (
		symbol   = "BT /F2 12 Tf 72 700 Td (Het ) Tj /F1 12 Tf (a) Tj /F2 12 Tf (-deeltje en ) Tj /F1 12 Tf (b \\243 g) Tj ET"
		dingbats = "BT /F2 12 Tf 72 700 Td (Stap ) Tj /F1 12 Tf (\\254) Tj /F2 12 Tf ( en ) Tj /F1 12 Tf (\\255) Tj /F2 12 Tf ( klaar ) Tj /F1 12 Tf (4 \\325) Tj ET"
	)
	for _, tt := range []struct{ content, font, want string }{
		{symbol, "<< /Type /Font /Subtype /Type1 /BaseFont /Symbol >>", "Het α-deeltje en β ≤ γ"},
		{symbol, "<< /Type /Font /Subtype /Type1 /BaseFont /Symbol /Encoding /WinAnsiEncoding >>", "Het a-deeltje en b £ g"},
		{dingbats, "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>", "Stap ① en ② klaar ✔ →"},
		{dingbats, "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats /Encoding /WinAnsiEncoding >>", "Stap ¬ en - klaar 4 Õ"},
	} {
		data := minimalPDF("/Root 1 0 R",
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>",
			streamObj(tt.content),
			tt.font,
			"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		)
		x, err := pdfExtractor{}.Extract(context.Background(), data)
		if err != nil {
			t.Fatal(err)
		}
		if len(x.Blocks) != 1 || x.Blocks[0].Text != tt.want {
			t.Errorf("%s: blocks = %+v, want %q", tt.font, x.Blocks, tt.want)
		}
	}
}

// A glyph whose ToUnicode entry is <0000> (Chrome maps its programming
// ligatures so) separates the words beside it instead of gluing them.
func TestPDFGlyphMappedToNUL(t *testing.T) {
	data := minimalPDF("/Root 1 0 R",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		streamObj("BT /F1 12 Tf 72 700 Td (objCount*xrefEntryLen) Tj ET"),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /ToUnicode 6 0 R >>",
		streamObj("/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <2A> <0000> endbfchar 1 beginbfrange <41> <7A> <0041> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end"),
	)
	x, err := pdfExtractor{}.Extract(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Blocks) != 1 || x.Blocks[0].Text != "objCount xrefEntryLen" {
		t.Errorf("blocks = %+v", x.Blocks)
	}
}

// Text that runs up the margin (the Federal ingest.Register's "with PROPOSALS"
// stamp) is read in its own direction, after the page, instead of putting
// one of its letters at the start of each body line.
func TestPDFRotatedMarginText(t *testing.T) {
	var body strings.Builder
	body.WriteString("BT /F1 10 Tf 14 TL 1 0 0 1 72 700 Tm ")
	for i := 0; i < 8; i++ {
		fmt.Fprintf(&body, "(Regel %d van de tekst van het plan.) Tj T* ", i+1)
	}
	body.WriteString("ET BT /F1 10 Tf 0 1 -1 0 40 600 Tm (with PROPOSALS) Tj ET")
	data := onePagePDF(body.String(), "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	got := pdfBlockText(t, data)
	for i := 0; i < 8; i++ {
		if want := fmt.Sprintf("Regel %d van de tekst van het plan.", i+1); !strings.Contains(got, want) {
			t.Errorf("%q missing in %q", want, got)
		}
	}
	if !strings.Contains(got, "with PROPOSALS") {
		t.Errorf("rotated text missing in %q", got)
	}
}

// Two columns set 1 em apart on shared baselines (LaTeX's twocolumn) are
// read column by column: the gap is narrower than the gap that cuts a row,
// but it lines up over many rows with the right column's margin.
func TestPDFNarrowGutter(t *testing.T) {
	line := func(s string, n int) string { return (s + " " + strings.Repeat("x", 40))[:n] }
	var c strings.Builder
	c.WriteString("BT /F1 10 Tf ")
	for i := 0; i < 10; i++ {
		y := 700 - 12*i
		// Courier: 6 pt a character at 10 pt, 38 characters end at 300.
		fmt.Fprintf(&c, "1 0 0 1 72 %d Tm (%s) Tj ", y, line(fmt.Sprintf("links%d de eerste kolom loopt door", i), 38))
		fmt.Fprintf(&c, "1 0 0 1 310 %d Tm (%s) Tj ", y, line(fmt.Sprintf("rechts%d de tweede kolom", i), 38))
	}
	c.WriteString("ET")
	data := onePagePDF(c.String(), "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>")
	got := pdfBlockText(t, data)
	last := strings.LastIndex(got, "links9")
	first := strings.Index(got, "rechts0")
	if last < 0 || first < 0 || last > first {
		t.Errorf("columns interleaved: %q", got)
	}
}

// A soft hyphen drawn at a line end (PDFlib's EUR-Lex files) joins the
// broken word, as a hyphen there does: "adminis\xad" "tration" read as
// two words.
func TestPDFSoftHyphenAtLineEnd(t *testing.T) {
	data := onePagePDF("BT /F1 11 Tf 14 TL 72 700 Td (De gemeente zorgt voor een goede adminis\\255) Tj T* (tratie van alle aanvragen.) Tj ET", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	r, err := ingest.Bytes(context.Background(), "a.pdf", data, ingest.Meta{ID: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, "goede administratie van") {
		t.Errorf("text = %q", r.Text)
	}
}

// Proof pages number their lines in the margin on the text's baselines
// (Lessig's "Free Culture", Distiller 5): the numbers are no text, and
// read into the rows they broke line-end hyphenation ("Mo-5 tion"). A
// numbered column next to text of the page (a table) stays.
func TestPDFLineNumbersInMargin(t *testing.T) {
	lines := []string{"De gemeente zorgt voor een goede", "administratie van alle aanvragen en", "de Mo-", "tion Picture Association stelt", "dat de regels gelden voor iedereen", "die een vergunning aanvraagt."}
	page := func(numX, textX int) []byte {
		var c strings.Builder
		c.WriteString("BT /F1 10 Tf ")
		for i, l := range lines {
			y := 700 - 14*i
			num := fmt.Sprint(i + 1)
			if i == 2 {
				num = "Po3" // a signature mark on the line's number
			}
			fmt.Fprintf(&c, "1 0 0 1 %d %d Tm (%s) Tj 1 0 0 1 %d %d Tm (%s) Tj ", numX, y, num, textX, y, l)
		}
		// An ornament across the page below the numbered lines.
		c.WriteString("1 0 0 1 10 500 Tm (________________________________________________________________________________________________________________) Tj ET")
		return onePagePDF(c.String(), "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	}
	for _, numX := range []int{16, 460} {
		r, err := ingest.Bytes(context.Background(), "a.pdf", page(numX, 90), ingest.Meta{ID: "a"})
		if err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(r.Text, "123456") || strings.Contains(r.Text, "Po") || !strings.Contains(r.Text, "de Motion Picture") {
			t.Errorf("numbers at x=%d: text = %q", numX, r.Text)
		}
	}
}

// Page numbers of a table of contents, set apart at the right and counting
// up, are no line numbering: they do not start at 1.
func TestPDFContentsPageNumbersKept(t *testing.T) {
	var c strings.Builder
	c.WriteString("BT /F1 10 Tf ")
	for i, h := range []string{"Inleiding", "Missie en visie", "Doelen", "Activiteiten", "Organisatie", "Financien"} {
		fmt.Fprintf(&c, "1 0 0 1 72 %d Tm (%d. %s) Tj 1 0 0 1 500 %d Tm (%d) Tj ", 700-14*i, i+1, h, 700-14*i, i+3)
	}
	c.WriteString("ET")
	got := pdfBlockText(t, onePagePDF(c.String(), "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"))
	for i := 3; i <= 8; i++ {
		if !strings.Contains(got, fmt.Sprint(i)) {
			t.Errorf("page number %d lost: %q", i, got)
		}
	}
}

// A numbered column with the page's text starting left of it is no line
// numbering: its numbers stay.
func TestPDFNumberColumnKept(t *testing.T) {
	var c strings.Builder
	c.WriteString("BT /F1 10 Tf 1 0 0 1 72 720 Tm (Nummer en omschrijving van de posten) Tj ")
	for i := 1; i <= 6; i++ {
		fmt.Fprintf(&c, "1 0 0 1 72 %d Tm (%d) Tj 1 0 0 1 140 %d Tm (post nummer %d) Tj ", 720-14*i, i, 720-14*i, i)
	}
	c.WriteString("ET")
	got := pdfBlockText(t, onePagePDF(c.String(), "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"))
	for i := 1; i <= 6; i++ {
		if !strings.Contains(got, fmt.Sprintf("%d post nummer", i)) && !strings.Contains(got, fmt.Sprintf("%d | post nummer", i)) {
			t.Errorf("number %d lost: %q", i, got)
		}
	}
}

// A column with a figure in it has more short segments (the figure's
// labels) than lines, but most of its text in lines: the two columns are
// columns, not a table whose rows join both (a two-column paper beside its
// figure, naacl06-shinyama-dvipdfm-pdf12.pdf, kept "rela- | ... tion").
func TestPDFColumnBesideFigure(t *testing.T) {
	var c strings.Builder
	c.WriteString("BT ")
	left := []string{"Het college stelt elk jaar een plan op", "voor de uitvoering van het beleid op", "het gebied van cultuur en erfgoed en", "legt daarin vast welke doelen er zijn", "en welke middelen er voor nodig zijn,", "met de verdeling van de middelen en de", "verantwoording over de jaren die voor", "liggen. Daarbij hoort een goede rela-", "tie met de instellingen in de stad en", "met de bewoners die er gebruik van", "maken. Het plan wordt elk jaar op", "een vaste datum aan de raad gezonden."}
	for i, l := range left {
		fmt.Fprintf(&c, "/F1 10 Tf 1 0 0 1 72 %d Tm (%s) Tj ", 700-12*i, l)
	}
	right := []string{"De raad bespreekt het plan in mei en", "stelt het vast in de laatste vergadering", "voor het zomerreces van dat jaar."}
	for i, l := range right {
		fmt.Fprintf(&c, "/F1 10 Tf 1 0 0 1 320 %d Tm (%s) Tj ", 706-12*i, l)
	}
	for i := 0; i < 8; i++ {
		fmt.Fprintf(&c, "/F1 6 Tf 1 0 0 1 330 %d Tm (doel%d) Tj 1 0 0 1 420 %d Tm (plan%d) Tj ", 666-9*i, i, 666-9*i, i)
	}
	for i, l := range right {
		fmt.Fprintf(&c, "/F1 10 Tf 1 0 0 1 320 %d Tm (%s) Tj ", 590-12*i, l)
	}
	c.WriteString("ET")
	data := onePagePDF(c.String(), "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	r, err := ingest.Bytes(context.Background(), "a.pdf", data, ingest.Meta{ID: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, "een goede relatie met de instellingen") || strings.Contains(r.Text, "|") {
		t.Errorf("text = %q", r.Text)
	}
}

// A page number with its word at one height on every page is a running
// footer even out of the top and bottom band (Heerlen's Aspose file sets
// "Pagina 2/7" 14% below the top edge); the same words in the body, at
// heights of their own, stay.
func TestDropFurniturePageLabelOutOfBand(t *testing.T) {
	var pages [][]row
	var heights []float64
	for p := 0; p < 4; p++ {
		var gs []glyph
		gs = append(gs, word(322, 724, fmt.Sprintf("Pagina %d/4", p+1))...)
		gs = append(gs, word(50, 600, "Lopende tekst van het plan")...)
		gs = append(gs, word(50, float64(500-20*p), fmt.Sprintf("Pagina %d", p+1))...)
		pages = append(pages, pageRows(gs))
		heights = append(heights, 842)
	}
	dropFurniture(pages, heights)
	for p, rows := range pages {
		var texts []string
		for _, r := range rows {
			texts = append(texts, segText(r.gs))
		}
		got := strings.Join(texts, " | ")
		if want := fmt.Sprintf("Lopende tekst van het plan | Pagina %d", p+1); got != want {
			t.Errorf("page %d: %q, want %q", p+1, got, want)
		}
	}
}

// A raised note number inside brackets (EUR-Lex: "the Committee (1),")
// is text a reader cites and stays; dropped, it left "( )" behind. A bare
// marker ("daalde.2") still goes. Both when the marker shares the row's
// baseline band and when it is far enough up to form a row of its own.
func TestPDFNoteNumberInParens(t *testing.T) {
	for _, tt := range []struct {
		rise int
		note string
	}{{3, "1"}, {5, "1"}, {3, "12"}} {
		rise := tt.rise
		content := fmt.Sprintf("BT /F1 10 Tf 72 700 Td (Advies van het Comit\\351 \\() Tj /F1 6 Tf %d Ts ("+tt.note+") Tj "+
			"/F1 10 Tf 0 Ts (\\), en de winst daalde.) Tj /F1 6 Tf %d Ts (2) Tj /F1 10 Tf 0 Ts ( Verder niets.) Tj ET", rise, rise)
		got := pdfBlockText(t, onePagePDF(content, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"))
		if want := "Advies van het Comité (" + tt.note + "), en de winst daalde. Verder niets."; got != want {
			t.Errorf("rise %d: got %q, want %q", rise, got, want)
		}
	}
}

// A chapter's first page (Lessig's "Free Culture") has a line number with
// a stray mark joined to it ("17Co"): it is one of the numbers, and does
// not keep the whole margin column in the text ("1 2 3 ... 16 17Co In the
// fall", "institu-23 tions").
func TestPDFLineNumberWithMark(t *testing.T) {
	var c strings.Builder
	c.WriteString("BT /F1 10 Tf ")
	for i := 0; i < 8; i++ {
		num := fmt.Sprint(i + 1)
		if i == 5 {
			num += "Co"
		}
		fmt.Fprintf(&c, "1 0 0 1 16 %d Tm (%s) Tj ", 700-14*i, num)
		if i >= 5 {
			text := []string{"De gemeente zorgt voor een goede institu-", "tie van alle aanvragen.", "Zo blijft het helder."}[i-5]
			fmt.Fprintf(&c, "1 0 0 1 90 %d Tm (%s) Tj ", 700-14*i, text)
		}
	}
	c.WriteString("ET")
	r, err := ingest.Bytes(context.Background(), "a.pdf", onePagePDF(c.String(), "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"), ingest.Meta{ID: "a"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "De gemeente zorgt voor een goede institutie van alle aanvragen. Zo blijft het helder."; strings.Join(strings.Fields(r.Text), " ") != want {
		t.Errorf("text = %q, want %q", r.Text, want)
	}
}

// Three columns of running text on shared baselines (the Federal
// Register) are read column by column, not as a table whose rows run
// across the page: a word broken at a column's line end is rejoined
// ("non-normal"), not split over two cells.
func TestPDFThreeColumns(t *testing.T) {
	cols := [3][]string{
		{"Eerste kolom met een zin die", "over meerdere regels loopt en", "daarna eindigt met een punt.", "Nog een regel in de eerste", "kolom om de tekst te vullen.", "Dit is de laatste regel hier."},
		{"Tweede kolom met een zin die", "de bemanning dwingt tot een non-", "normal procedure in de lucht.", "Nog een regel in de tweede", "kolom om de tekst te vullen.", "Dit is de laatste regel daar."},
		{"Derde kolom met een zin die", "ook over meerdere regels gaat", "en dan eindigt met een punt.", "Nog een regel in de derde", "kolom om de tekst te vullen.", "Dit is de laatste regel ginds."},
	}
	var c strings.Builder
	c.WriteString("BT /F1 9 Tf ")
	for i := range cols[0] {
		for k, col := range cols {
			fmt.Fprintf(&c, "1 0 0 1 %d %d Tm (%s) Tj ", 50+170*k, 700-11*i, col[i])
		}
	}
	c.WriteString("ET")
	r, err := ingest.Bytes(context.Background(), "a.pdf", onePagePDF(c.String(), "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"), ingest.Meta{ID: "a"})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(r.Text), " ")
	for _, want := range []string{
		"Eerste kolom met een zin die over meerdere regels loopt en daarna eindigt met een punt.",
		"tot een non-normal procedure in de lucht.",
		"Derde kolom met een zin die ook over meerdere regels gaat",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("%q missing in %q", want, text)
		}
	}
	if a, b := strings.Index(text, "laatste regel hier"), strings.Index(text, "Tweede kolom"); a < 0 || b < 0 || a > b {
		t.Errorf("columns out of order: %q", text)
	}
}

// A glyph drawn again a fraction of a point from itself is fake bold and
// read once; the same letter where the first one's advance put it is a
// double letter, even when the font's size is large beside its advance
// (pdflib-zos-type3.pdf, a Type3 font: "suggest" read "sugest").
func TestSegTextOverprint(t *testing.T) {
	g := func(x, w, size float64, text string) glyph { return glyph{x: x, y: 700, w: w, size: size, text: text} }
	tests := []struct {
		name string
		gs   []glyph
		want string
	}{
		{"fake bold", []glyph{g(0, 5, 10, "s"), g(5, 5, 10, "u"), g(10, 5, 10, "g"), g(10.3, 5, 10, "g"), g(15, 5, 10, "e")}, "suge"},
		{"double letter, large size", []glyph{g(0, 5, 240, "s"), g(5, 5, 240, "u"), g(10, 5, 240, "g"), g(15, 5, 240, "g"), g(20, 5, 240, "e")}, "sugge"},
	}
	for _, tt := range tests {
		if got := segText(tt.gs); got != tt.want {
			t.Errorf("%s: segText = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// A Type3 font's glyphs are drawn at the size their bounding boxes give in
// text space, not at the Tf size: PDFlib's bitmap fonts (pdflib-zos-type3.pdf)
// count in pixels with a FontMatrix of 0.0042 and a Tf size of 58 for
// 9-point type, and read at 58 pt their double letters were taken for
// fake bold ("suggest" read "sugest"). A matrix whose unit is the em
// (Skia's, flipped) keeps the Tf size, and so does a font whose letters
// cannot be measured.
func TestPDFType3Size(t *testing.T) {
	tests := []struct {
		name           string
		matrix, box    string
		size, wantSize float64
	}{
		{"bitmap font, pixel units", "[0.0042 0 0 0.0042 0 0]", "0 0 19 20", 58, 9.74},
		{"em units, flipped", "[0.001 0 0 -0.001 0 0]", "0 -520 500 0", 12, 12},
		{"em units, large em", "[0.01 0 0 0.01 0 0]", "0 0 90 88", 6, 10.56},
		{"no bounding boxes", "[0.0042 0 0 0.0042 0 0]", "", 58, 58},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			proc := "21 0 d0"
			if tt.box != "" {
				proc = "21 0 " + tt.box + " d1"
			}
			adv := 5.1 / tt.size / mustFloat(t, strings.Fields(strings.Trim(tt.matrix, "[]"))[0])
			data := minimalPDF("/Root 1 0 R",
				"<< /Type /Catalog /Pages 2 0 R >>",
				"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
				"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
				streamObj(fmt.Sprintf("BT /F1 %g Tf 72 700 Td (suggest) Tj ET", tt.size)),
				fmt.Sprintf("<< /Type /Font /Subtype /Type3 /FontBBox [0 0 0 0] /FontMatrix %s "+
					"/CharProcs << /e 6 0 R /g 6 0 R /s 6 0 R /t 6 0 R /u 6 0 R >> "+
					"/Encoding << /Type /Encoding /Differences [101 /e 103 /g 115 /s /t /u] >> "+
					"/FirstChar 101 /LastChar 117 /Widths [%[2]g 0 %[2]g 0 0 0 0 0 0 0 0 0 0 0 %[2]g %[2]g %[2]g] >>", tt.matrix, adv),
				streamObj(proc))
			r, _, err := openPDF(data)
			if err != nil {
				t.Fatal(err)
			}
			gs, _, err := pageGlyphs(newPDFDoc(r, 1).page(1), maxGlyphsPerPage, newFontCache(), nil)
			if err != nil || len(gs) != 7 {
				t.Fatalf("%d glyphs, err %v", len(gs), err)
			}
			if math.Abs(gs[0].size-tt.wantSize) > 0.05 {
				t.Errorf("size %.2f, want %.2f", gs[0].size, tt.wantSize)
			}
			if got := pdfBlockText(t, data); got != "suggest" {
				t.Errorf("text %q, want %q", got, "suggest")
			}
		})
	}
}

func mustFloat(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// A Type3 font with no letters to measure (PDFlib's font of bullets) takes
// the em of the measured Type3 fonts beside it with the same FontMatrix,
// even when it is drawn first; alone it keeps its Tf size.
func TestPDFType3SiblingEm(t *testing.T) {
	font := func(names, diffs string) string {
		return "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 0 0] /FontMatrix [0.0042 0 0 0.0042 0 0] " +
			"/CharProcs << " + names + " >> /Encoding << /Type /Encoding /Differences [" + diffs + "] >> " +
			"/FirstChar 101 /LastChar 117 /Widths [21 0 21 0 0 0 0 0 0 0 0 0 0 0 21 13 21] >>"
	}
	for _, tt := range []struct {
		name     string
		fonts    string
		wantSize float64
	}{
		{"beside a measured font", "/F1 5 0 R /F2 6 0 R", 9.74},
		{"alone", "/F1 5 0 R", 58},
	} {
		data := minimalPDF("/Root 1 0 R",
			"<< /Type /Catalog /Pages 2 0 R >>",
			"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
			"<< /Type /Page /Parent 2 0 R /Resources << /Font << "+tt.fonts+" >> >> /Contents 4 0 R >>",
			streamObj("BT /F1 58 Tf 72 700 Td (s) Tj ET BT /F2 58 Tf 80 700 Td (suggest) Tj ET"),
			font("/bullet 8 0 R", "115 /bullet"), // bullets only: code "s" draws one
			font("/e 7 0 R /g 7 0 R /s 7 0 R /t 7 0 R /u 7 0 R", "101 /e 103 /g 115 /s /t /u"),
			streamObj("21 0 0 0 19 20 d1"),
			streamObj("13 0 2 9 11 18 d1"), // a bullet: no letter
		)
		r, _, err := openPDF(data)
		if err != nil {
			t.Fatal(err)
		}
		gs, _, err := pageGlyphs(newPDFDoc(r, 1).page(1), maxGlyphsPerPage, newFontCache(), nil)
		if err != nil || len(gs) == 0 {
			t.Fatalf("%s: %d glyphs, err %v", tt.name, len(gs), err)
		}
		if math.Abs(gs[0].size-tt.wantSize) > 0.05 {
			t.Errorf("%s: bullet size %.2f, want %.2f", tt.name, gs[0].size, tt.wantSize)
		}
	}
}
