package pdftext

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/plancoder/plancoder/ingest"
	"math"
	"strings"
	"sync"

	"github.com/ledongthuc/pdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	pdfcpu "github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// PDF errors callers and tests branch on.
var (
	// ErrNoTextLayer means the pages hold only images or outlines.
	ErrNoTextLayer = errors.New("no text layer")
	// ErrPassword means the file needs a password to open.
	ErrPassword = errors.New("password protected")
	// ErrNotPDF means the bytes are not a PDF.
	ErrNotPDF = errors.New("not a PDF")
)

// Limits that bound the work on one PDF, so a malformed file cannot take
// the batch down.
const (
	maxPDFPages       = 5000
	maxPagesNoTextMsg = 12
	// maxPageTreeDepth bounds the nesting of the page tree: real trees
	// are a few levels deep, a looping one would not end.
	maxPageTreeDepth = 64
	// headerWindow is how far into the file the %PDF- header is looked
	// for, as viewers do (the PDF 1.7 reference, appendix H: Acrobat
	// looks within the first 1024 bytes): junk before it is skipped.
	headerWindow = 1024
)

// Page geometry thresholds (readPage, uprightFirst); see also the layout
// thresholds in pdf_layout.go.
const (
	// defaultPageHeightPt is the height of a page without a MediaBox: A4
	// portrait (842 pt), the size of Dutch plans; it places the header and
	// footer bands.
	defaultPageHeightPt = 842
	// uprightCos, uprightSin: a glyph whose direction is within about 6
	// degrees of horizontal (cosine above 0.995, sine below 0.1) is
	// upright text; a margin stamp or rotated table heading is further
	// off (3a7258f, TestPDFRotatedMarginText).
	uprightCos = 0.995
	uprightSin = 0.1
	// angleSteps: angled glyphs are grouped by direction rounded to a
	// twentieth of the unit vector (about 3 degrees), so that one stamp
	// is one group.
	angleSteps = 20
	// angledGapPt: the groups of angled text are placed below the page
	// this far apart, so that no two groups share a row.
	angledGapPt = 50.0
)

// maxGlyphsPerPage bounds the characters read from one page (a var so that
// a test can lower it). A page that has more is cut, with a warning.
var maxGlyphsPerPage = 200_000

// errGlyphLimit says a page had more characters than maxGlyphsPerPage.
var errGlyphLimit = errors.New("character limit reached")

// pdfExtractor reads PDFs from positioned glyphs (see pdf_content.go and
// pdf_layout.go): words from gaps, columns, headers and footers, headings
// by font size and weight.
type pdfExtractor struct{}

func init() { ingest.Register(pdfExtractor{}, ".pdf") }

func (pdfExtractor) Format() string { return "pdf" }

func (e pdfExtractor) Extract(ctx context.Context, data []byte) (*ingest.Extracted, error) {
	x, err := e.extractText(ctx, data)
	return withOCR(ctx, data, x.Extracted, x.noText, err) // see ocr.go
}

// extractText reads the text layer.
func (pdfExtractor) extractText(ctx context.Context, data []byte) (pdfResult, error) {
	r, warnings, err := openPDF(data)
	if err != nil {
		return pdfResult{}, err
	}
	x, err := extractPages(ctx, r, warnings)
	if err == nil && len(x.failed) == 0 || warnings != nil || ctx.Err() != nil {
		return x.done(err)
	}
	// Pages or a page tree the reader could not decode (a damaged
	// cross-reference table, a decryption it gets wrong): rebuild the
	// table, or let pdfcpu rewrite the file, and try once more.
	fixed, rerr := rebuildXref(patchHeader(data))
	if r2, err2 := newReader(fixed); rerr != nil || err2 != nil || isEncrypted(data) {
		fixed, rerr = rewritePDF(patchHeader(data))
		if rerr != nil {
			return x.done(err)
		}
	} else if _, err2 := numPages(r2); err2 != nil {
		return x.done(err)
	}
	r2, err2 := newReader(patchHeader(fixed))
	if err2 != nil {
		return x.done(err)
	}
	x2, err2 := extractPages(ctx, r2, []string{"repaired in memory: pages or page tree could not be read as stored"})
	if err2 == nil && (err != nil || len(x2.failed) < len(x.failed)) {
		return x2.done(nil)
	}
	return x.done(err)
}

// pdfResult is an extraction with the pages that failed.
type pdfResult struct {
	*ingest.Extracted
	failed []int
	noText []int // pages without a text layer, for OCR
}

func (x pdfResult) done(err error) (pdfResult, error) {
	if err != nil {
		return pdfResult{}, err
	}
	return x, nil
}

func extractPages(ctx context.Context, r *pdf.Reader, warnings []string) (pdfResult, error) {
	var res pdfResult
	n, err := numPages(r)
	if err != nil {
		return res, err
	}
	if n > maxPDFPages {
		return res, fmt.Errorf("the PDF has %d pages, more than the limit of %d", n, maxPDFPages)
	}
	x := &ingest.Extracted{Pages: n, Warnings: warnings}
	res.Extracted = x
	doc := newPDFDoc(r, n)
	pages := make([][]row, n)
	heights := make([]float64, n)
	var noText, failed []int
	for i := 1; i <= n; i++ {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		rows, h, images, warn, err := readPage(doc, i)
		heights[i-1] = h
		switch {
		case errors.Is(warn, errGlyphLimit):
			x.Warnings = append(x.Warnings, fmt.Sprintf("page %d has more than %d characters: only the first %d are read", i, maxGlyphsPerPage, maxGlyphsPerPage))
		case warn != nil:
			x.Warnings = append(x.Warnings, fmt.Sprintf("page %d: %v; the text before the damage is kept", i, warn))
		}
		if err != nil {
			failed = append(failed, i)
			res.failed = failed
			x.Warnings = append(x.Warnings, fmt.Sprintf("page %d skipped: %v", i, err))
			continue
		}
		if len(rows) == 0 {
			noText = append(noText, i)
			_ = images
		}
		pages[i-1] = rows
	}
	if len(noText)+len(failed) == n {
		if len(failed) == n {
			return res, fmt.Errorf("no page could be read (%s)", x.Warnings[len(warnings)])
		}
		return res, &noTextError{pages: noText, total: n}
	}
	res.noText = noText // withOCR reads them or warns
	if err := safely(func() { dropFurniture(pages, heights) }); err != nil {
		x.Warnings = append(x.Warnings, fmt.Sprintf("running headers and footers kept: %v", err))
	}
	var all []pline
	for i, rows := range pages {
		var lines []pline
		if err := safely(func() { lines = layoutPage(rows, i+1) }); err != nil {
			lines = plainLines(rows, i+1)
			x.Warnings = append(x.Warnings, fmt.Sprintf("page %d: layout failed (%v); its lines are read top to bottom", i+1, err))
		}
		all = append(all, lines...)
	}
	if err := safely(func() { x.Blocks = layoutBlocks(all) }); err != nil {
		// One page's lines break the block builder: build page by page so
		// that only that page is lost.
		x.Blocks = nil
		for p := 1; p <= n; p++ {
			var lines []pline
			for _, l := range all {
				if l.page == p {
					lines = append(lines, l)
				}
			}
			var bs []ingest.Block
			if err := safely(func() { bs = layoutBlocks(lines) }); err != nil {
				x.Warnings = append(x.Warnings, fmt.Sprintf("page %d skipped: its blocks could not be built: %v", p, err))
				continue
			}
			x.Blocks = append(x.Blocks, bs...)
		}
	}
	if len(x.Blocks) == 0 {
		return res, &noTextError{pages: seq(n), total: n}
	}
	if t := docTitle(r); t != "" {
		x.Title = t
	}
	return res, nil
}

// The layout steps, as variables so that a test can make one page fail.
var (
	layoutPage   = readingOrder
	layoutBlocks = buildBlocks
)

// safely runs f, turning a panic into an error: a layout bug on one page
// must not lose the whole file.
func safely(f func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v", p)
		}
	}()
	f()
	return nil
}

// plainLines reads a page's rows top to bottom, each row one line: the
// fallback when the column and table analysis fails.
func plainLines(rows []row, page int) []pline {
	var out []pline
	for _, r := range rows {
		var gs []glyph
		for _, s := range r.segs {
			gs = append(gs, s.gs...)
		}
		text := segText(gs)
		if text == "" {
			continue
		}
		x0, x1 := math.Inf(1), math.Inf(-1)
		for _, g := range gs {
			x0, x1 = math.Min(x0, g.x), math.Max(x1, g.x+g.w)
		}
		out = append(out, pline{text: text, x0: x0, x1: x1, y: r.y, size: r.size, bold: segBold(gs), page: page, colLeft: x0, colRight: x1})
	}
	if len(out) > 0 {
		out[0].colStart = true
	}
	return out
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// pageRanges writes page numbers as ranges: 1-3, 7, 9-12.
func pageRanges(ps []int) string {
	var parts []string
	for i := 0; i < len(ps); {
		j := i
		for j+1 < len(ps) && ps[j+1] == ps[j]+1 {
			j++
		}
		if j == i {
			parts = append(parts, fmt.Sprint(ps[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", ps[i], ps[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// pdfDoc is what is read once per document and shared by its pages: the
// page list from one walk of the page tree, and the decoded fonts.
type pdfDoc struct {
	r     *pdf.Reader
	pages []pdf.Value // nil: the tree did not give Count pages; ask the reader
	fonts *fontCache
	// glyphs is readPage's scratch, reused from page to page: pageRows
	// copies the glyphs it keeps, so no row points into it.
	glyphs []glyph
}

func newPDFDoc(r *pdf.Reader, n int) *pdfDoc {
	d := &pdfDoc{r: r, fonts: newFontCache()}
	if ps := pageList(r, n); len(ps) == n {
		d.pages = ps
	}
	return d
}

func (d *pdfDoc) page(i int) pdf.Page {
	if d.pages != nil {
		return pdf.Page{V: d.pages[i-1]}
	}
	return d.r.Page(i)
}

// pageList walks the page tree once, in order. The reader's Page(i) walks
// it from the root for every page and resolves every earlier kid again, and
// the reader caches no object: quadratic in the page count, each resolve
// reading the object again (inflating a whole object stream if it sits in
// one). Nil when the tree is damaged; at most n pages, and a bounded number
// of nodes, so a tree that loops ends.
func pageList(r *pdf.Reader, n int) (pages []pdf.Value) {
	defer func() {
		if recover() != nil {
			pages = nil
		}
	}()
	budget := 4*n + 1000
	var walk func(node pdf.Value, depth int)
	walk = func(node pdf.Value, depth int) {
		kids := node.Key("Kids")
		for i := 0; i < kids.Len() && len(pages) <= n && budget > 0; i++ {
			budget--
			kid := kids.Index(i)
			switch kid.Key("Type").Name() {
			case "Pages":
				if depth < maxPageTreeDepth {
					walk(kid, depth+1)
				}
			case "Page":
				pages = append(pages, kid)
			}
		}
	}
	walk(r.Trailer().Key("Root").Key("Pages"), 0)
	if budget <= 0 {
		return nil
	}
	return pages
}

// readPage extracts one page's rows, turning a panic in the parser into
// the page's error.
func readPage(doc *pdfDoc, i int) (rows []row, height float64, images int, warn, err error) {
	defer func() {
		if p := recover(); p != nil {
			rows, err = nil, fmt.Errorf("malformed page content: %v", p)
		}
	}()
	p := doc.page(i)
	if p.V.IsNull() {
		return nil, defaultPageHeightPt, 0, nil, fmt.Errorf("page object missing")
	}
	height = defaultPageHeightPt
	mb := mediaBox(p)
	if mb.Len() == 4 {
		height = mb.Index(3).Float64() - mb.Index(1).Float64()
	}
	gs, images, perr := pageGlyphs(p, maxGlyphsPerPage, doc.fonts, doc.glyphs)
	defer func() { doc.glyphs = gs[:0] }()
	if perr != nil {
		if len(gs) == 0 {
			return nil, height, images, nil, perr
		}
		warn = perr
	}
	// Normalise the page so y runs from 0 at the bottom of the media box.
	if mb.Len() == 4 {
		y0 := mb.Index(1).Float64()
		for k := range gs {
			gs[k].y -= y0
		}
	}
	visible := gs[:0] // filtered in place: gs is ours
	for _, g := range gs {
		if strings.TrimSpace(g.text) != "" || g.space {
			if g.text == "\u00ad" {
				// A soft hyphen is drawn only where a word is broken at a
				// line end: read it as the hyphen it shows, for the
				// dehyphenation to join ("adminis-" "tration"), instead of
				// dropping it and leaving the halves apart.
				g.text = "-"
			}
			g.text = ingest.NormaliseText(g.text)
			if g.text == "" {
				// Control characters only: a glyph the font maps to NUL
				// (Chrome's programming ligatures ":=", "!=", "++" in code
				// listings). It separates what it stands between, as in
				// pdftotext, instead of gluing "objCount*xrefEntryLen".
				g.text, g.space = " ", true
			}
			visible = append(visible, g)
		}
	}
	hasText := false
	for _, g := range visible {
		if !g.space {
			hasText = true
			break
		}
	}
	if !hasText {
		return nil, height, images, warn, nil
	}
	return pageRows(uprightFirst(visible)), height, images, warn, nil
}

// uprightFirst moves the glyphs of text set at an angle (a sidebar stamp
// running up the margin, a rotated table heading) out of the way of the
// upright text: read in their own direction, as rows of their own, placed
// below the page (y < 0), each direction on its own, so they neither break
// the upright lines into single letters nor get lost. A page whose text is
// mostly at an angle is left as it is.
func uprightFirst(gs []glyph) []glyph {
	isUpright := func(g glyph) bool { return g.dx > uprightCos && math.Abs(g.dy) < uprightSin }
	n := 0
	for _, g := range gs {
		if !isUpright(g) {
			n++
		}
	}
	if n == 0 || 2*n > len(gs) {
		return gs
	}
	type dir struct{ dx, dy int }
	groups := map[dir][]glyph{}
	var order []dir
	out := gs[:0:0]
	for _, g := range gs {
		if isUpright(g) {
			out = append(out, g)
			continue
		}
		k := dir{int(math.Round(g.dx * angleSteps)), int(math.Round(g.dy * angleSteps))}
		if groups[k] == nil {
			order = append(order, k)
		}
		// In the glyph's own frame: x along the baseline, y across it.
		x, y := g.x*g.dx+g.y*g.dy, -g.x*g.dy+g.y*g.dx
		g.x, g.y, g.dx, g.dy = x, y, 1, 0
		groups[k] = append(groups[k], g)
	}
	below := -angledGapPt
	for _, k := range order {
		top := math.Inf(-1)
		bottom := math.Inf(1)
		for _, g := range groups[k] {
			top, bottom = math.Max(top, g.y), math.Min(bottom, g.y)
		}
		for _, g := range groups[k] {
			g.y += below - top
			out = append(out, g)
		}
		below -= top - bottom + angledGapPt
	}
	return out
}

// mediaBox finds the page's MediaBox, which pages may inherit.
func mediaBox(p pdf.Page) pdf.Value {
	for v := p.V; !v.IsNull(); v = v.Key("Parent") {
		if r := v.Key("MediaBox"); !r.IsNull() {
			return r
		}
	}
	return pdf.Value{}
}

func numPages(r *pdf.Reader) (n int, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("damaged page tree: %v", p)
		}
	}()
	n = r.NumPage()
	if n == 0 {
		return 0, fmt.Errorf("the PDF has no pages")
	}
	return n, nil
}

func docTitle(r *pdf.Reader) (t string) {
	defer func() { _ = recover() }()
	info := r.Trailer().Key("Info")
	t = strings.TrimSpace(info.Key("Title").Text())
	if strings.HasSuffix(strings.ToLower(t), ".doc") || strings.HasSuffix(strings.ToLower(t), ".docx") || strings.EqualFold(t, "untitled") {
		return ""
	}
	return ingest.NormaliseText(t)
}

// sniffPDF explains what bytes that are not a PDF are.
func sniffPDF(data []byte) error {
	if len(data) == 0 {
		return fmt.Errorf("%w: the file is empty (0 bytes)", ingest.ErrEmpty)
	}
	head := data[:min(len(data), headerWindow)]
	if bytes.Contains(head, []byte("%PDF-")) {
		return nil
	}
	lower := bytes.ToLower(bytes.TrimSpace(head))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
			for _, f := range zr.File {
				if f.Name == "word/document.xml" {
					return fmt.Errorf("%w: it is a Word document (DOCX) named .pdf; rename it to .docx", ErrNotPDF)
				}
			}
		}
		return fmt.Errorf("%w: it is a ZIP package", ErrNotPDF)
	case bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.Contains(lower, []byte("<html")):
		return fmt.Errorf("%w: it is an HTML page (saved from a browser?); ingest it as .html", ErrNotPDF)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return fmt.Errorf("%w: it is an old Office document (.doc/.xls); save it as PDF or DOCX", ErrNotPDF)
	}
	return fmt.Errorf("%w: no %%PDF header", ErrNotPDF)
}

var quietPDFCPU sync.Once

// openPDF opens a PDF as viewers do: files that declare PDF 2.0 or have
// other header quirks are read, files "secured" with an empty open password
// are decrypted (RC4, AES-128 and AES-256), and a damaged cross-reference
// table is rebuilt, all in memory. Only a real open password is an error.
func openPDF(data []byte) (*pdf.Reader, []string, error) {
	if err := sniffPDF(data); err != nil {
		return nil, nil, err
	}
	if i := bytes.Index(data[:min(len(data), headerWindow)], []byte("%PDF-")); i > 0 {
		data = data[i:] // junk before the header; offsets count from it
	}
	fixed := patchHeader(data)
	if e, ok := readEncryption(fixed); ok && isEncrypted(fixed) {
		if !e.emptyUserPassword() {
			return nil, nil, fmt.Errorf("%w: the file needs a password to open (standard security handler, revision %d); remove it in a PDF viewer (print to PDF) and ingest again", ErrPassword, e.r)
		}
		if e.shortRC4Key() || e.r >= 5 {
			// ledongthuc/pdf decrypts these wrongly (40-bit keys) or not at
			// all (AES-256): pdfcpu decrypts them.
			return openDecrypted(fixed)
		}
	}
	r, err := newReader(fixed)
	if err == nil {
		return r, nil, nil
	}
	first := err
	if rebuilt, rerr := rebuildXref(fixed); rerr == nil {
		if r, err := newReader(rebuilt); err == nil {
			if _, err := numPages(r); err == nil {
				return r, []string{"repaired in memory: the cross-reference table was rebuilt"}, nil
			}
		}
	}
	repaired, rerr := rewritePDF(fixed)
	if rerr != nil {
		if errors.Is(rerr, ErrPassword) {
			return nil, nil, rerr
		}
		return nil, nil, fmt.Errorf("damaged or truncated PDF that could not be repaired: %v", first)
	}
	r, err = newReader(patchHeader(repaired))
	if err != nil {
		return nil, nil, fmt.Errorf("damaged PDF: %v", err)
	}
	note := "repaired in memory (damaged cross-reference table or structure)"
	if isEncrypted(fixed) {
		note = "decrypted in memory (opened with the empty password, as viewers do)"
	}
	return r, []string{note}, nil
}

// openDecrypted lets pdfcpu decrypt the file with the empty password,
// after rebuilding the cross-reference table if it must.
func openDecrypted(data []byte) (*pdf.Reader, []string, error) {
	plain, err := rewritePDF(data)
	if err != nil && !errors.Is(err, ErrPassword) {
		if rebuilt, rerr := rebuildXref(data); rerr == nil {
			plain, err = rewritePDF(rebuilt)
		}
	}
	if err != nil {
		if errors.Is(err, ErrPassword) {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("damaged encrypted PDF that could not be decrypted: %v", err)
	}
	r, err := newReader(patchHeader(plain))
	if err != nil {
		return nil, nil, fmt.Errorf("damaged PDF after decryption: %v", err)
	}
	return r, []string{"decrypted in memory (opened with the empty password, as viewers do)"}, nil
}

func isEncrypted(data []byte) bool { return bytes.Contains(data, []byte("/Encrypt")) }

func newReader(data []byte) (r *pdf.Reader, err error) {
	defer func() {
		if p := recover(); p != nil {
			r, err = nil, fmt.Errorf("malformed PDF: %v", p)
		}
	}()
	// A nil password callback tries the empty password only.
	return pdf.NewReaderEncrypted(bytes.NewReader(data), int64(len(data)), nil)
}

// patchHeader presents the header as %PDF-1.7 followed by a newline (same
// length, so no offset moves): the reader refuses PDF 2.0 and headers
// followed by a space or a comment.
func patchHeader(data []byte) []byte {
	if len(data) < 9 || !bytes.HasPrefix(data, []byte("%PDF-")) {
		return data
	}
	if bytes.HasPrefix(data, []byte("%PDF-1.")) && data[7] >= '0' && data[7] <= '7' && (data[8] == '\n' || data[8] == '\r') {
		return data
	}
	out := bytes.Clone(data)
	copy(out, "%PDF-1.7")
	if out[8] != '\n' && out[8] != '\r' {
		out[8] = '\n'
	}
	return out
}

// rewritePDF lets pdfcpu read the file leniently (it rebuilds a broken
// cross-reference table and decrypts with the empty user password) and
// write it back plain.
func rewritePDF(data []byte) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("repair failed: %v", p)
		}
	}()
	quietPDFCPU.Do(func() {
		api.DisableConfigDir()
	})
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.UserPW, conf.OwnerPW = "", ""
	var buf bytes.Buffer
	if isEncrypted(data) {
		err = api.Decrypt(bytes.NewReader(data), &buf, conf)
	} else {
		err = api.Optimize(bytes.NewReader(data), &buf, conf)
	}
	if err != nil && !isPasswordErr(err) {
		// pdfcpu validates before it writes, and refuses files that break
		// rules text extraction does not care about (a link action without
		// its destination): read and write without validating.
		buf.Reset()
		err = rewriteUnvalidated(data, &buf)
	}
	if err != nil {
		if isPasswordErr(err) {
			return nil, fmt.Errorf("%w: the file needs a password to open; remove it in a PDF viewer (print to PDF) and ingest again", ErrPassword)
		}
		return nil, err
	}
	return buf.Bytes(), nil
}

func isPasswordErr(err error) bool {
	return errors.Is(err, pdfcpu.ErrWrongPassword) || strings.Contains(err.Error(), "correct password")
}

// rewriteUnvalidated reads the file with pdfcpu (decrypting it with the
// empty password) and writes it back plain, without pdfcpu's validation.
func rewriteUnvalidated(data []byte, w *bytes.Buffer) error {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.UserPW, conf.OwnerPW = "", ""
	conf.Cmd = model.DECRYPT
	ctx, err := api.ReadContext(bytes.NewReader(data), conf)
	if err != nil {
		return err
	}
	return api.WriteContext(ctx, w)
}
