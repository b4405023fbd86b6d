package synth

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"github.com/plancoder/plancoder/truth"
)

// PDFOptions controls PDF rendering.
type PDFOptions struct {
	// MinPages pads a document with extra (generated, varied) sections
	// until it has at least this many pages; 0 = no padding. Used to build
	// a 9,000-page benchmark corpus (131 plans of ~70 pages).
	MinPages int
}

// PDFProducer is the Producer recorded in the truth of every synth PDF.
const PDFProducer = "plancoder synth (go-pdf/fpdf)"

// pdfSource is what the PDF renderer needs of a generated document: the
// document itself and, for padding, the context that wrote it.
type pdfSource struct {
	doc  *document
	org  *orgProfile
	seed int64
	typ  string
	year int
}

// RenderPDF lays out one generated document as a PDF and returns the PDF
// bytes and its truth. f must come from Generate (any format: the PDF is
// laid out from the document's structure, not from f.Data). The same file
// and options always give byte-identical output.
func RenderPDF(f File, opts PDFOptions) ([]byte, *truth.Truth, error) {
	if f.src == nil || f.src.doc == nil {
		return nil, nil, errors.New("synth: RenderPDF: file " + f.Name + " was not made by Generate")
	}
	return renderPDF(f.src, opts)
}

func renderPDF(src *pdfSource, opts PDFOptions) ([]byte, *truth.Truth, error) {
	st := newPDFStyle(src)
	min := opts.MinPages
	// Rounds that only count pages are dry runs (no PDF output).
	data, t, _, err := layoutBlocks(src.doc, st, min > 0)
	if err != nil || min <= 0 || t.Pages >= min {
		if err == nil && data == nil {
			data, t, _, err = layoutBlocks(src.doc, st, false)
		}
		return data, t, err
	}
	// Pad: append generated appendices, lay out again, and repeat until the
	// page count is reached. The first round assumes a typical density of
	// full appendix pages; later rounds use the density observed so far.
	// Appendix blocks that start after page MinPages are then cut, so the
	// document ends on page MinPages or MinPages+1.
	orig := len(src.doc.blocks)
	pd := &document{title: src.doc.title, blocks: append([]block(nil), src.doc.blocks...)}
	pad := newPadder(src)
	perPage := int(st.wordsPerPage())
	words, pages := pd.words(), t.Pages
	var starts []int
	for try := 0; (t.Pages < min || t.Pages > min+1) && try < 30; try++ {
		dry := true
		if t.Pages > min+1 {
			dry = false // after a cut the count is almost always right
			cut := len(pd.blocks)
			for i := orig; i < len(pd.blocks); i++ {
				if starts[i] > min {
					cut = i
					break
				}
			}
			for cut > orig && (pd.blocks[cut-1].kind == kHeading || pd.blocks[cut-1].kind == kPageBreak) {
				cut--
			}
			if cut == len(pd.blocks) {
				break
			}
			pd.blocks = pd.blocks[:cut]
		} else {
			if try > 0 && t.Pages > pages {
				w := pd.words()
				perPage = (w - words) / (t.Pages - pages)
				words, pages = w, t.Pages
			}
			perPage = max(perPage, 100)
			pad.add(pd, (min-t.Pages)*perPage+perPage/2)
		}
		data, t, starts, err = layoutBlocks(pd, st, dry)
		if err != nil {
			return nil, nil, err
		}
	}
	if data == nil { // the last round was a dry run
		data, t, _, err = layoutBlocks(pd, st, false)
	}
	return data, t, err
}

// ---------------------------------------------------------------------------
// Style

// Page-number styles.
const (
	numPagina = iota // "Pagina 3"
	numOfN           // "3 / 12"
	numDashes        // "- 3 -"
	numBare          // "3"
)

// pdfStyle is the deterministic house style of one document.
type pdfStyle struct {
	body       string  // body font family: "Helvetica" or "Times"
	head       string  // heading font family
	size       float64 // body size in pt
	lead       float64 // line height / font size
	margin     float64 // left and right margin in mm
	bullet     string  // list marker
	numStyle   int
	numRight   bool   // page number at the right margin (else centred)
	footLeft   string // footer text at the left margin, "" = none
	header     string // running header (pages 2..n)
	headRight  bool
	headRule   bool
	tableRules bool
	seed       int64
	key        string // org/type/year, for per-chapter draws
	plan       bool
}

func newPDFStyle(src *pdfSource) *pdfStyle {
	yr := strconv.Itoa(src.year)
	r := newRnd(src.seed, "pdfstyle", src.org.ID, src.typ, yr)
	st := &pdfStyle{seed: src.seed, key: src.org.ID + "/" + src.typ + "/" + yr, plan: src.typ == TypePlan}
	st.body = "Helvetica"
	if r.chance(0.4) {
		st.body = "Times"
	}
	st.head = "Helvetica"
	if st.body == "Times" && r.chance(0.3) {
		st.head = "Times"
	}
	st.size = 10.5
	if r.chance(0.5) {
		st.size = 11
	}
	st.lead = 1.3 + 0.05*float64(r.intn(3))
	st.margin = 20 + float64(r.intn(3))*2.5
	st.bullet = "•"
	if r.chance(0.3) {
		st.bullet = "–"
	}
	st.numStyle = r.intn(4)
	st.numRight = r.chance(0.5)
	var kind string
	switch src.typ {
	case TypePlan:
		kind = "Beleidsplan " + period
	case TypeProgress:
		kind = "Voortgangsrapport " + yr
	default:
		kind = "Jaarverslag " + yr
	}
	switch r.intn(3) {
	case 0:
		st.header = src.org.Name + " – " + kind
	case 1:
		st.header = kind + " | " + src.org.Name
	default:
		st.header = kind + " – " + src.org.Name + " vzw"
	}
	st.header = pdfText(st.header)
	st.headRight = r.chance(0.4)
	st.headRule = r.chance(0.6)
	if r.chance(0.3) {
		st.footLeft = pdfText(src.org.Name + " vzw")
		st.numRight = true
	}
	st.tableRules = r.chance(0.7)
	return st
}

// wordsPerPage estimates the words on a full page of running text.
func (st *pdfStyle) wordsPerPage() float64 {
	lines := (bodyBot - bodyTop) / (st.size * st.lead * ptMM)
	// About 6.8 characters per word with its space, 0.5 em per character
	// for Helvetica, less for Times; headings, spacing and short last pages of chapters take about 45%.
	em := 0.5
	if st.body == "Times" {
		em = 0.47
	}
	perLine := (pageW - 2*st.margin) / (6.8 * em * st.size * ptMM)
	return lines * perLine * 0.55
}

// twoColumns reports whether chapter c (0 = title page, 1 = first
// chapter) of a document with nOrig original chapters is set in two
// columns. A plan always has its second chapter (the environment
// analysis) in two columns; other chapters without a table are drawn
// independently so adding padding never changes earlier choices.
func (st *pdfStyle) twoColumns(c int, hasTable bool) bool {
	if c == 0 || hasTable {
		return false
	}
	if st.plan && c == 2 {
		return true
	}
	p := 0.2
	if !st.plan {
		p = 0.3
	}
	return newRnd(st.seed, "pdfcols", st.key, strconv.Itoa(c)).chance(p)
}

func (st *pdfStyle) pageNumber(p, n int) string {
	s := strconv.Itoa(p)
	switch st.numStyle {
	case numPagina:
		return "Pagina " + s
	case numOfN:
		return s + " / " + strconv.Itoa(n)
	case numDashes:
		return "- " + s + " -"
	}
	return s
}

// ---------------------------------------------------------------------------
// Text encoding

// cp1252High maps the code points of Windows-1252 0x80–0x9F.
var cp1252High = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88,
	'‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93,
	'”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B,
	'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

func cp1252Byte(r rune) (byte, bool) {
	switch {
	case r < 0x80:
		return byte(r), true
	case r >= 0xA0 && r <= 0xFF:
		return byte(r), true
	}
	b, ok := cp1252High[r]
	return b, ok
}

// pdfFold replaces characters the core fonts cannot show.
var pdfFold = map[rune]string{
	'ş': "s", 'Ş': "S", 'ı': "i", 'İ': "I", 'ğ': "g", 'Ğ': "G", 'ć': "c", 'č': "c", 'ł': "l",
	'₂': "2", '₃': "3", '≥': ">=", '≤': "<=", '→': "->", '−': "-", '‐': "-", '‑': "-",
	'\u00ad': "", '\u200b': "",
}

// pdfText returns s as the PDF will show it: characters outside
// Windows-1252 folded to a close equivalent (Ayşe -> Ayse, CO₂ -> CO2),
// whitespace collapsed to single spaces. Truth text always goes through it.
func pdfText(s string) string {
	clean := true
	for _, r := range s {
		if _, ok := cp1252Byte(r); !ok || r == '\t' || r == '\n' || r == '\u00a0' {
			clean = false
			break
		}
	}
	if clean && !strings.Contains(s, "  ") && strings.TrimSpace(s) == s {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if _, ok := cp1252Byte(r); ok {
			b.WriteRune(r)
		} else if f, ok := pdfFold[r]; ok {
			b.WriteString(f)
		} else if unicode.IsSpace(r) {
			b.WriteByte(' ')
		} else {
			b.WriteByte('?')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// encodeCP1252 encodes s (already passed through pdfText) as Windows-1252
// bytes for the core fonts.
func encodeCP1252(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		c, ok := cp1252Byte(r)
		if !ok {
			c = '?'
		}
		b = append(b, c)
	}
	return string(b)
}

// ---------------------------------------------------------------------------
// Layout

const (
	pageW    = 210.0
	pageH    = 297.0
	bodyTop  = 25.0
	bodyBot  = pageH - 23.0
	headBase = 13.0
	footBase = pageH - 12.0
	gutter   = 10.0
	ptMM     = 25.4 / 72
)

// pdfLayout is the state of one layout run.
type pdfLayout struct {
	pdf *fpdf.Fpdf
	st  *pdfStyle
	t   *truth.Truth

	left, width float64 // full text frame
	x, w        float64 // current frame (a column in two-column mode)
	y           float64 // top of the next line
	cols, col   int
	colTop      float64
	fresh       bool // nothing placed in the current frame yet

	family, style string
	size          float64
	space         float64 // width of a space in the current font
	buf           []byte  // scratch for emitLine
	dry           bool    // measure only: emit no body text
}

// pline is one laid-out line: encoded pieces and their widths.
type pline struct {
	pieces  []string
	widths  []float64
	justify bool
}

func layoutPDF(d *document, st *pdfStyle) ([]byte, *truth.Truth, error) {
	data, t, _, err := layoutBlocks(d, st, false)
	return data, t, err
}

// layoutBlocks lays out d; starts[i] is the page on which d.blocks[i]
// starts. A dry run only measures: it returns the truth and starts but
// no PDF (padding rounds need just the page count).
func layoutBlocks(d *document, st *pdfStyle, dry bool) ([]byte, *truth.Truth, []int, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	// Page streams are compressed by compressPDF after Output: the same
	// result as SetCompression(true), at a fraction of the cost.
	pdf.SetCompression(false)
	pdf.SetCatalogSort(true)
	stamp := time.Date(2021, 3, 31, 9, 30, 0, 0, time.UTC)
	if !st.plan {
		if y, err := strconv.Atoi(st.key[strings.LastIndexByte(st.key, '/')+1:]); err == nil {
			stamp = time.Date(y+1, 4, 28, 14, 0, 0, 0, time.UTC)
		}
	}
	pdf.SetCreationDate(stamp)
	pdf.SetModificationDate(stamp)
	pdf.SetProducer(PDFProducer, false)
	pdf.SetCreator("plancoder synth", false)
	pdf.SetTitle(pdfText(d.title), true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(st.margin, bodyTop, st.margin)

	l := &pdfLayout{pdf: pdf, st: st, dry: dry, t: &truth.Truth{Producer: PDFProducer, Blocks: []truth.Block{}, Furniture: []string{}, Hyphenated: []string{}}}
	l.left = st.margin
	l.width = pageW - 2*st.margin
	l.cols = 1
	l.newPage()

	chapter := 0
	// Chapter table flags, for the two-column choice.
	hasTable := map[int]bool{}
	for c, i := 0, 0; i < len(d.blocks); i++ {
		switch d.blocks[i].kind {
		case kPageBreak:
			c++
		case kTable:
			hasTable[c] = true
		}
	}
	first := true
	starts := make([]int, len(d.blocks))
	for i, b := range d.blocks {
		k := len(l.t.Blocks)
		switch b.kind {
		case kPageBreak:
			chapter++
			l.setColumns(1)
			if !(l.fresh && l.y == bodyTop) {
				l.newPage()
			}
		case kHeading:
			if first {
				l.title(b.text)
				break
			}
			l.heading(b.level, b.text, d.blocks[i+1:])
			// Two-column chapters start their columns under the chapter heading.
			if b.level == 1 && l.cols == 1 && st.twoColumns(chapter, hasTable[chapter]) {
				l.setColumns(2)
			}
		case kPara:
			l.paragraph(b.text)
		case kList:
			for _, it := range b.items {
				l.listItem(it)
			}
			l.gap(0.45 * l.lineH(st.size))
		case kTable:
			l.table(b.rows)
		}
		if b.kind != kPageBreak {
			first = false
		}
		starts[i] = pdf.PageNo()
		if len(l.t.Blocks) > k {
			starts[i] = l.t.Blocks[k].Page
		}
	}
	l.furniture()
	l.t.Pages = pdf.PageCount()
	if dry {
		return nil, l.t, starts, pdf.Error()
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, nil, nil, err
	}
	if z, ok := compressPDF(buf.Bytes()); ok {
		return z, l.t, starts, nil
	}
	return buf.Bytes(), l.t, starts, nil
}

func (l *pdfLayout) lineH(size float64) float64 { return size * l.st.lead * ptMM }

func (l *pdfLayout) setFont(family, style string, size float64) {
	if family == l.family && style == l.style && size == l.size {
		return
	}
	l.pdf.SetFont(family, style, size)
	l.family, l.style, l.size = family, style, size
	l.space = l.pdf.GetStringWidth(" ")
}

func (l *pdfLayout) newPage() {
	l.pdf.AddPage()
	l.pdf.SetTextColor(0, 0, 0)
	if l.pdf.PageNo() > 1 {
		// The header has its own font; restore the running one, since a
		// paragraph may continue on this page.
		fam, sty, sz := l.family, l.style, l.size
		l.drawHeader()
		if fam != "" {
			l.setFont(fam, sty, sz)
		}
	}
	l.y = bodyTop
	l.col = 0
	l.colTop = bodyTop
	l.frame()
	l.fresh = true
}

// frame sets x and w from the column state.
func (l *pdfLayout) frame() {
	if l.cols == 1 {
		l.x, l.w = l.left, l.width
		return
	}
	cw := (l.width - gutter) / 2
	l.w = cw
	l.x = l.left + float64(l.col)*(cw+gutter)
}

func (l *pdfLayout) setColumns(n int) {
	if n == l.cols {
		return
	}
	l.cols = n
	l.col = 0
	l.colTop = l.y
	l.frame()
}

// nextFrame moves to the next column or page.
func (l *pdfLayout) nextFrame() {
	if l.cols == 2 && l.col == 0 {
		l.col = 1
		l.y = l.colTop
		l.frame()
		l.fresh = true
		return
	}
	l.newPage()
}

// need makes room for h mm in the current frame.
func (l *pdfLayout) need(h float64) {
	if l.y+h > bodyBot+0.01 && !l.fresh {
		l.nextFrame()
	}
}

// gap adds vertical space unless at the top of a frame.
func (l *pdfLayout) gap(h float64) {
	if !l.fresh {
		l.y += h
	}
}

func (l *pdfLayout) drawHeader() {
	if l.st.header == "" {
		return
	}
	l.setFont("Helvetica", "", 8)
	l.pdf.SetTextColor(110, 110, 110)
	enc := encodeCP1252(l.st.header)
	x := l.left
	if l.st.headRight {
		x = l.left + l.width - l.pdf.GetStringWidth(enc)
	}
	l.pdf.Text(x, headBase, enc)
	if l.st.headRule {
		l.pdf.SetDrawColor(160, 160, 160)
		l.pdf.SetLineWidth(0.2)
		l.pdf.Line(l.left, headBase+2.5, l.left+l.width, headBase+2.5)
	}
	l.pdf.SetTextColor(0, 0, 0)
}

// furniture draws the footers (which need the page count) and records
// all running headers, footers and page numbers in page order.
func (l *pdfLayout) furniture() {
	n := l.pdf.PageCount()
	for p := 2; p <= n; p++ {
		l.pdf.SetPage(p)
		// Force the font into this page's content stream.
		l.pdf.SetFont("Helvetica", "", 8.5)
		l.pdf.SetFont("Helvetica", "", 9)
		l.family, l.style, l.size = "Helvetica", "", 9
		l.space = l.pdf.GetStringWidth(" ")
		l.pdf.SetTextColor(90, 90, 90)
		if l.st.header != "" {
			l.t.Furniture = append(l.t.Furniture, l.st.header)
		}
		if l.st.footLeft != "" {
			l.pdf.Text(l.left, footBase, encodeCP1252(l.st.footLeft))
			l.t.Furniture = append(l.t.Furniture, l.st.footLeft)
		}
		num := l.st.pageNumber(p, n)
		wd := l.pdf.GetStringWidth(num)
		x := l.left + (l.width-wd)/2
		if l.st.numRight {
			x = l.left + l.width - wd
		}
		l.pdf.Text(x, footBase, num)
		l.t.Furniture = append(l.t.Furniture, num)
	}
	l.pdf.SetTextColor(0, 0, 0)
}

func (l *pdfLayout) addBlock(kind, text string, page int) {
	l.t.Blocks = append(l.t.Blocks, truth.Block{Kind: kind, Text: text, Page: page})
}

// breakLines fills lines of at most avail mm with the words of text in the
// current font; with hyph, a long word that does not fit is hyphenated.
func (l *pdfLayout) breakLines(text string, avail float64, justify, hyph bool) []pline {
	var lines []pline
	cur := pline{justify: justify}
	curW := 0.0
	for _, w := range strings.Fields(text) {
		enc := encodeCP1252(w)
		ww := l.pdf.GetStringWidth(enc)
		if len(cur.pieces) == 0 || curW+l.space+ww <= avail {
			if len(cur.pieces) > 0 {
				curW += l.space
			}
			cur.pieces = append(cur.pieces, enc)
			cur.widths = append(cur.widths, ww)
			curW += ww
			continue
		}
		if hyph {
			if pre, post, full, ok := l.hyphenate(w, avail-curW-l.space); ok {
				e := encodeCP1252(pre)
				cur.pieces = append(cur.pieces, e)
				cur.widths = append(cur.widths, l.pdf.GetStringWidth(e))
				lines = append(lines, cur)
				l.t.Hyphenated = append(l.t.Hyphenated, full)
				e = encodeCP1252(post)
				pw := l.pdf.GetStringWidth(e)
				cur = pline{pieces: []string{e}, widths: []float64{pw}, justify: justify}
				curW = pw
				continue
			}
		}
		lines = append(lines, cur)
		cur = pline{pieces: []string{enc}, widths: []float64{ww}, justify: justify}
		curW = ww
	}
	if len(cur.pieces) > 0 {
		cur.justify = false
		lines = append(lines, cur)
	}
	return lines
}

// hyphenate splits word so that its first part plus the printed hyphen
// fits in room mm. It returns the printed first part (with its "-"), the
// rest for the next line, and the word as it reads rejoined.
func (l *pdfLayout) hyphenate(word string, room float64) (pre, post, full string, ok bool) {
	if room <= 0 {
		return
	}
	// Strip leading and trailing punctuation: ("ontwikkelen", -> ontwikkelen).
	alnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	start, end := 0, len(word)
	for start < end {
		r, n := utf8.DecodeRuneInString(word[start:])
		if alnum(r) {
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(word[start:end])
		if alnum(r) {
			break
		}
		end -= n
	}
	core := word[start:end]
	letters := 0
	for _, r := range core {
		if alnum(r) {
			letters++
		}
	}
	if letters < 7 {
		return
	}
	// Take the last point that fits, but prefer the compound's own hyphen
	// (sociaal-|culturele) to any syllable point when it fits too.
	pts := hyphenPoints(core)
	best, bestHyphen := -1, false
	for i := len(pts) - 1; i >= 0; i-- {
		p := pts[i]
		own := core[p-1] == '-'
		printed := word[:start] + core[:p]
		if !own {
			printed += "-"
		}
		if l.pdf.GetStringWidth(encodeCP1252(printed)) > room {
			continue
		}
		if own {
			best, bestHyphen = p, true
			break
		}
		if best < 0 {
			best = p
		}
	}
	if best < 0 {
		return
	}
	pre = word[:start] + core[:best]
	if !bestHyphen {
		pre += "-"
	}
	return pre, core[best:] + word[end:], core, true
}

// placeLines prints lines at x (first line at x+firstOff, marker on
// the first line at markerX) and returns the page of the first line.
func (l *pdfLayout) placeLines(lines []pline, xoff, avail, lh float64, marker string, markerX float64) int {
	page := 0
	for i, ln := range lines {
		l.need(lh)
		if page == 0 {
			page = l.pdf.PageNo()
		}
		base := l.y + lh*0.78
		x := l.x + xoff
		if i == 0 && marker != "" {
			l.pdf.Text(l.x+markerX, base, marker)
		}
		gapW := l.space
		if ln.justify && len(ln.pieces) > 1 {
			sum := 0.0
			for _, w := range ln.widths {
				sum += w
			}
			gapW = (avail - sum) / float64(len(ln.pieces)-1)
		}
		l.emitLine(x, base, gapW, ln)
		l.y += lh
		l.fresh = false
	}
	return page
}

// emitLine writes one text object for a line, every word placed at its
// own position with a Td move (the equivalent of one fpdf Text call per
// word, without the per-call formatting cost): the gaps between words are
// positions, not space characters.
func (l *pdfLayout) emitLine(x, base, gapW float64, ln pline) {
	if l.dry {
		return
	}
	const k = 72 / 25.4
	b := append(l.buf[:0], "BT "...)
	b = appendFixed2(b, x*k)
	b = append(b, ' ')
	b = appendFixed2(b, (pageH-base)*k)
	b = append(b, " Td ("...)
	for j, p := range ln.pieces {
		if j > 0 {
			b = append(b, " Td ("...)
		}
		for i := 0; i < len(p); i++ {
			switch c := p[i]; c {
			case '\\', '(', ')':
				b = append(b, '\\', c)
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, c)
			}
		}
		b = append(b, ") Tj "...)
		if j+1 < len(ln.pieces) {
			b = appendFixed2(b, (ln.widths[j]+gapW)*k)
			b = append(b, " 0"...)
		}
	}
	b = append(b, "ET"...)
	l.buf = b
	l.pdf.RawWriteStr(string(b))
}

// appendFixed2 appends v with two decimals (like %.2f, faster).
func appendFixed2(b []byte, v float64) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	n := int64(v*100 + 0.5)
	b = strconv.AppendInt(b, n/100, 10)
	return append(b, '.', byte('0'+n/10%10), byte('0'+n%10))
}

func (l *pdfLayout) title(text string) {
	text = pdfText(text)
	l.y = bodyTop + 45
	l.setFont(l.st.head, "B", 20)
	lh := 20 * 1.25 * ptMM
	lines := l.breakLines(text, l.w, false, false)
	page := l.placeLines(lines, 0, l.w, lh, "", 0)
	l.addBlock("heading", text, page)
	l.y += 6
}

var headSizes = [4]float64{16, 16, 13, 11.5}

func (l *pdfLayout) heading(level int, text string, next []block) {
	if level < 1 || level > 3 {
		level = 3
	}
	text = pdfText(text)
	size := headSizes[level]
	lh := size * 1.25 * ptMM
	above := [4]float64{0, 9, 6, 4}[level]
	below := [4]float64{0, 4, 2.5, 1.5}[level]
	l.setFont(l.st.head, "B", size)
	lines := l.breakLines(text, l.w, false, false)
	// Keep with the next block: the heading plus two body lines.
	after := 2 * l.lineH(l.st.size)
	if len(next) > 0 && next[0].kind == kHeading {
		after = 2*lh + 2*l.lineH(l.st.size)
	}
	if !l.fresh {
		l.need(above + float64(len(lines))*lh + below + after)
	}
	l.gap(above)
	page := l.placeLines(lines, 0, l.w, lh, "", 0)
	l.y += below
	l.addBlock("heading", text, page)
}

func (l *pdfLayout) paragraph(text string) {
	text = pdfText(text)
	if text == "" {
		return
	}
	l.setFont(l.st.body, "", l.st.size)
	lh := l.lineH(l.st.size)
	lines := l.breakLines(text, l.w, true, true)
	page := l.placeLines(lines, 0, l.w, lh, "", 0)
	l.gap(0.6 * lh)
	l.addBlock("paragraph", text, page)
}

func (l *pdfLayout) listItem(text string) {
	text = pdfText(text)
	if text == "" {
		return
	}
	l.setFont(l.st.body, "", l.st.size)
	lh := l.lineH(l.st.size)
	indent := 6.0
	lines := l.breakLines(text, l.w-indent, false, false)
	page := l.placeLines(lines, indent, l.w-indent, lh, encodeCP1252(l.st.bullet), 1.5)
	l.gap(0.2 * lh)
	l.addBlock("list-item", text, page)
}

func (l *pdfLayout) table(rows [][]string) {
	if len(rows) == 0 {
		return
	}
	ncol := 0
	for _, r := range rows {
		if len(r) > ncol {
			ncol = len(r)
		}
	}
	cells := make([][]string, len(rows))
	var tt []string
	for i, r := range rows {
		cells[i] = make([]string, ncol)
		for j := range r {
			cells[i][j] = pdfText(r[j])
		}
		tt = append(tt, strings.Join(cells[i][:len(r)], " | "))
	}
	size := l.st.size - 1
	// Column widths: widest cell plus padding; shrink the font to fit.
	var widths []float64
	for ; ; size -= 0.5 {
		widths = make([]float64, ncol)
		total := 0.0
		for j := 0; j < ncol; j++ {
			for i := range cells {
				style := ""
				if i == 0 || isTotalRow(cells[i]) {
					style = "B"
				}
				l.setFont(l.st.body, style, size)
				if w := l.pdf.GetStringWidth(encodeCP1252(cells[i][j])); w > widths[j] {
					widths[j] = w
				}
			}
			widths[j] += 8
			total += widths[j]
		}
		if total <= l.w || size <= 6 {
			if j0 := l.w - total; j0 > 0 {
				widths[0] += j0 * 0.35 // a little air after the label column
			}
			break
		}
	}
	rh := size * 1.55 * ptMM
	tw := 0.0
	for _, w := range widths {
		tw += w
	}
	if h := rh*float64(len(rows)) + 2; h < bodyBot-bodyTop {
		l.need(h)
	}
	l.gap(0.3 * rh)
	page := 0
	l.pdf.SetDrawColor(120, 120, 120)
	l.pdf.SetLineWidth(0.25)
	for i := range cells {
		l.need(rh)
		if page == 0 {
			page = l.pdf.PageNo()
		}
		bold := i == 0 || isTotalRow(cells[i])
		style := ""
		if bold {
			style = "B"
		}
		l.setFont(l.st.body, style, size)
		if l.st.tableRules && (i == 0 || isTotalRow(cells[i])) {
			l.pdf.Line(l.x, l.y, l.x+tw, l.y)
		}
		base := l.y + rh*0.7
		x := l.x
		for j, c := range cells[i] {
			enc := encodeCP1252(c)
			if j == 0 {
				l.pdf.Text(x+1, base, enc)
			} else {
				l.pdf.Text(x+widths[j]-1-l.pdf.GetStringWidth(enc), base, enc)
			}
			x += widths[j]
		}
		l.y += rh
		l.fresh = false
		if l.st.tableRules && (i == 0 || i == len(cells)-1) {
			l.pdf.Line(l.x, l.y, l.x+tw, l.y)
		}
	}
	l.gap(0.8 * l.lineH(l.st.size))
	l.addBlock("table", strings.Join(tt, "\n"), page)
}

func isTotalRow(r []string) bool {
	return len(r) > 0 && (strings.HasPrefix(r[0], "Totaal") || r[0] == "Resultaat")
}
