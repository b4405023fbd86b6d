package pdftext

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/plancoder/plancoder/ingest"
	"os"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
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

// minimalPDF writes a PDF whose objects are given without "N 0 obj"
// wrappers (object 1 first), with a correct cross-reference table and the
// trailer entries given.
func minimalPDF(trailer string, objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, x)
	return b.Bytes()
}

// onePagePDF is a one-page A4 PDF whose page draws content with font F1,
// given as its dictionary.
func onePagePDF(content, font string) []byte {
	return minimalPDF("/Root 1 0 R",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		streamObj(content),
		font,
	)
}

// pdfBlockText extracts data and joins the text of its blocks by lines.
func pdfBlockText(t *testing.T, data []byte) string {
	t.Helper()
	x, err := pdfExtractor{}.Extract(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, b := range x.Blocks {
		texts = append(texts, b.Text)
	}
	return strings.Join(texts, "\n")
}

func streamObj(s string) string {
	return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(s), s)
}

// A page without /Contents is blank (cover and separator pages of old
// scanners' PDFs), not damaged: no "page skipped" warning.
func TestPDFPageWithoutContents(t *testing.T) {
	data := minimalPDF("/Root 1 0 R",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 595 842] >>",
		"<< /Type /Page /Parent 2 0 R /Resources << >> >>",
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 6 0 R >> >> /Contents 5 0 R >>",
		streamObj("BT /F1 12 Tf 72 700 Td (Het beleidsplan voor cultuur) Tj ET"),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	)
	x, err := pdfExtractor{}.Extract(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range x.Warnings {
		if strings.Contains(w, "skipped") || strings.Contains(w, "damaged") {
			t.Errorf("blank page reported as damaged: %q", w)
		}
	}
	if len(x.Blocks) == 0 || !strings.Contains(x.Blocks[0].Text, "beleidsplan") {
		t.Errorf("blocks = %+v", x.Blocks)
	}
}

// An encrypted file without /ID (PDF 1.2, Acrobat 3 era) is opened as
// viewers do, with an empty ID: the rebuilt trailer supplies one.
func TestRebuildXrefEncryptedWithoutID(t *testing.T) {
	data := minimalPDF("/Root 1 0 R /Encrypt 3 0 R",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [] /Count 0 >>",
		"<< /Filter /Standard /V 1 /R 2 >>",
	)
	out, err := rebuildXref(data)
	if err != nil {
		t.Fatal(err)
	}
	tail := out[bytes.LastIndex(out, []byte("trailer")):]
	if !bytes.Contains(tail, []byte("/ID [<> <>]")) || !bytes.Contains(tail, []byte("/Encrypt 3 0 R")) {
		t.Errorf("rebuilt trailer = %q", tail)
	}
	plain := minimalPDF("/Root 1 0 R", "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>")
	out, _ = rebuildXref(plain)
	if bytes.Contains(out, []byte("/ID")) {
		t.Errorf("unencrypted file got an /ID: %q", out)
	}
}

// Whether a file opens without a password is decided from its /Encrypt
// dictionary (R2-R6), not from a parse that failed.
func TestEncryptionEmptyPassword(t *testing.T) {
	simple, err := os.ReadFile("testdata/pdf/lo-plan-simple.pdf")
	if err != nil {
		t.Fatal(err)
	}
	encrypt := func(conf *model.Configuration) []byte {
		var b bytes.Buffer
		if err := api.Encrypt(bytes.NewReader(simple), &b, conf); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	file := func(name string) []byte {
		b, err := os.ReadFile("testdata/pdf/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	quietPDFCPU.Do(func() { api.DisableConfigDir() })
	tests := []struct {
		name     string
		data     []byte
		r        int
		empty    bool
		shortKey bool
	}{
		{"rc4-40 empty", file("enc-rc4-empty.pdf"), 2, true, true},
		{"aes-128 empty", file("enc-aes128-empty.pdf"), 4, true, false},
		{"aes-256 empty", file("enc-aes256-empty.pdf"), 6, true, false},
		{"aes-256 password", file("enc-password.pdf"), 6, false, false},
		{"rc4-128 password (R4)", encrypt(model.NewRC4Configuration("geheim", "eigenaar", 128)), 4, false, false},
		{"rc4-40 password", encrypt(model.NewRC4Configuration("geheim", "eigenaar", 40)), 2, false, true},
		{"aes-128 password", encrypt(model.NewAESConfiguration("geheim", "eigenaar", 128)), 4, false, false},
		{"aes-256 password (pdfcpu writes R5)", encrypt(model.NewAESConfiguration("geheim", "eigenaar", 256)), 5, false, false},
		{"aes-256 owner only (R5)", encrypt(model.NewAESConfiguration("", "eigenaar", 256)), 5, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := readEncryption(tt.data)
			if !ok {
				t.Fatal("no /Encrypt dictionary found")
			}
			if e.r != tt.r || e.emptyUserPassword() != tt.empty || e.shortRC4Key() != tt.shortKey {
				t.Errorf("R=%d empty=%v short=%v, want R=%d empty=%v short=%v", e.r, e.emptyUserPassword(), e.shortRC4Key(), tt.r, tt.empty, tt.shortKey)
			}
			_, err := pdfExtractor{}.Extract(context.Background(), tt.data)
			if tt.empty && err != nil {
				t.Errorf("extract: %v", err)
			}
			if !tt.empty && (!errors.Is(err, ErrPassword) || !strings.Contains(err.Error(), fmt.Sprintf("revision %d", tt.r))) {
				t.Errorf("extract: %v, want password protected, decided from revision %d", err, tt.r)
			}
		})
	}
}

// A malformed /Encrypt dictionary (short /U, missing entries) is no
// panic: the readers decide.
func TestEncryptionMalformed(t *testing.T) {
	for _, dict := range []string{
		"<< /Filter /Standard /V 5 /R 6 /U <00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff> >>",
		"<< /Filter /Standard /V 5 /R 5 /U (short) /O (x) >>",
		"<< /Filter /Standard /R 3 /U <00> >>",
	} {
		data := minimalPDF("/Root 1 0 R /Encrypt 3 0 R",
			"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>", dict)
		if e, ok := readEncryption(data); ok {
			_ = e.emptyUserPassword()
			_ = e.shortRC4Key()
		}
		if _, err := (pdfExtractor{}).Extract(context.Background(), data); err == nil {
			t.Errorf("%s: no error for a file without pages", dict)
		}
	}
}

func TestPDFString(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"<4142 43>", "ABC"},
		{"<414>", "A@"},
		{`(a\(b\)c\\)`, `a(b)c\`},
		{`(x(y)z)`, "x(y)z"},
		{`(\101\0121\n)`, "A\n1\n"},
		{"(ab\\\ncd)", "abcd"},
	} {
		got, ok := pdfString([]byte(tt.in))
		if !ok || string(got) != tt.want {
			t.Errorf("pdfString(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

// threePages is a PDF of three pages, each one sentence naming its page.
func threePages() []byte {
	page := func(content int) string {
		return fmt.Sprintf("<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", content)
	}
	text := func(w string) string {
		return streamObj("BT /F1 12 Tf 72 700 Td (De " + w + " pagina van het beleidsplan.) Tj ET")
	}
	return minimalPDF("/Root 1 0 R",
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [4 0 R 5 0 R 6 0 R] /Count 3 /MediaBox [0 0 595 842] >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		page(7), page(8), page(9),
		text("eerste"), text("tweede"), text("derde"),
	)
}

// A panic in the layout of one page costs that page's layout (or, in the
// block builder, that page), never the file, with a warning naming it.
func TestPDFLayoutPanicPerPage(t *testing.T) {
	data := threePages()
	extract := func() (string, []string) {
		x, err := pdfExtractor{}.Extract(context.Background(), data)
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, b := range x.Blocks {
			texts = append(texts, b.Text)
		}
		return strings.Join(texts, "\n"), x.Warnings
	}
	hasWarning := func(ws []string, s string) bool {
		for _, w := range ws {
			if strings.Contains(w, s) {
				return true
			}
		}
		return false
	}

	defer func(f func([]row, int) []pline) { layoutPage = f }(layoutPage)
	layoutPage = func(rows []row, page int) []pline {
		if page == 2 {
			var none []int
			_ = none[0]
		}
		return readingOrder(rows, page)
	}
	text, ws := extract()
	for _, w := range []string{"eerste", "tweede", "derde"} {
		if !strings.Contains(text, w) {
			t.Errorf("layout panic on page 2: %q missing from %q", w, text)
		}
	}
	if !hasWarning(ws, "page 2: layout failed") {
		t.Errorf("no warning naming page 2: %q", ws)
	}
	layoutPage = readingOrder

	defer func(f func([]pline) []ingest.Block) { layoutBlocks = f }(layoutBlocks)
	layoutBlocks = func(lines []pline) []ingest.Block {
		for _, l := range lines {
			if l.page == 2 {
				panic("block builder bug")
			}
		}
		return buildBlocks(lines)
	}
	text, ws = extract()
	if !strings.Contains(text, "eerste") || !strings.Contains(text, "derde") || strings.Contains(text, "tweede") {
		t.Errorf("block panic on page 2: text = %q", text)
	}
	if !hasWarning(ws, "page 2 skipped") {
		t.Errorf("no warning naming page 2: %q", ws)
	}
}
