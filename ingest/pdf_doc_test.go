package ingest

import (
	"fmt"
	"strings"
	"testing"
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
