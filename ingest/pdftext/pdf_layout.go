package pdftext

import (
	"cmp"
	"github.com/plancoder/plancoder/ingest"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Layout thresholds. Sizes are in points (pt) or in em (times the font
// size of the row or line at hand); each says what it separates and what
// showed the value. docs/architecture.md (PDF, steps 2-6) names them.
// Arithmetic (halves, doubling, rounding to the half point) stays inline.
//
// "Probe" notes what setting a value to 0.8x and 1.25x (a count ±1, or
// ±20% from 20) did on 2026-12-06 to the PDF tests of this package
// and to 47 PDFs (32 with a truth file: testdata/pdf and two synthetic
// corpora; 15 of testdata/pdf-real scored against pdftotext). "None": no
// test and no file pins the value, so change it only with a test file.
const (
	// edgeTolPt: two edges this close are one edge (a segment starting
	// where a strip ends, columns' left margins): positions computed from
	// widths and matrices differ by rounding, not by design.
	// Probe: at 0.4 one synthetic plan changes.
	edgeTolPt = 0.5
	// sameSizePt: font sizes this close are one size (sizes are compared
	// rounded to the half point). Probe: none.
	sameSizePt = 0.5
)

// Rows and segments (pageRows, clusterRows).
const (
	// minGlyphPt, maxGlyphPt: glyphs outside this size are not read as
	// text: invisible text set at a fraction of a point, and page-size
	// outlines or watermarks. Probe: none.
	minGlyphPt = 0.5
	maxGlyphPt = 200
	// baselineTolEm: glyphs whose baselines differ by less than this
	// (of the smaller size) share a row; subscripts and rise stay in it,
	// the next line (at least 1 em further) does not. Probe: at 0.56
	// lines merge (7 of 907 line-end hyphens and 4 headings lost in the
	// truth files); at 0.36 three real PDFs change.
	baselineTolEm = 0.45
	// columnGapEm, columnGapMinPt: a gap wider than this (1.2 em, at
	// least 7 pt) is no word space and cuts a row into segments (word
	// spaces are 0.25-0.5 em, justified text stretches them to about 1
	// em; gutters are wider). Since the first PDF extractor (d8a2252).
	// Probe: 0.96 and 1.5 both change tcpdf-standard-fonts.pdf and
	// haru-kompas3d-ru.pdf; columnGapMinPt none.
	columnGapEm    = 1.2
	columnGapMinPt = 7
	// narrowGutterEm, narrowGutterMinPt: a narrower gap (from 0.6 em, at
	// least 4 pt) also cuts a row when it lines up with such gaps in
	// gutterMinRows rows around: the 1 em gutter LaTeX sets between two
	// columns (76555ba; the pages were read across both columns). Only
	// gaps wider than 0.6 em count: Courier's word space is 0.6 em.
	// Probe: TestPDFNarrowGutter (Courier) fails at 0.48;
	// narrowGutterMinPt none.
	narrowGutterEm    = 0.6
	narrowGutterMinPt = 4
	// gutterMarginEm: a narrow gutter has at least 8 em of ink on both
	// sides (a column of text), unlike a list label's gap. Probe: none.
	gutterMarginEm = 8
	// gutterOverlapEm: a neighbouring row's gap must overlap the gutter
	// by this much to line up with it. Probe: none.
	gutterOverlapEm = 0.4
	// gutterMinRows: rows (of gutterWindowRows either side) whose gaps
	// line up with a narrow gutter: a column, not a chance alignment of
	// word spaces. Probe: none (TestPDFNarrowGutter has 10 rows).
	gutterMinRows    = 4
	gutterWindowRows = 20
	// superscriptScale, superscriptRiseEm, maxSuperscriptGlyphs: a row of
	// at most 3 glyphs smaller than 0.8 x the row below and less than 0.6
	// em above it is that row's superscript or footnote marker (the "1"
	// of "daalde.1"; since d8a2252). Probe: 0.64 and 0.48 change
	// corel-pdf-engine-printserver.pdf, 1.0 framemaker-distiller7.pdf, 2
	// glyphs google-docs-skia-type3.pdf.
	superscriptScale     = 0.8
	superscriptRiseEm    = 0.6
	maxSuperscriptGlyphs = 3
	// markerRiseEm: a small glyph inside a row raised more than 0.15 em
	// above its baseline is a footnote marker when it is a digit.
	// Probe: none.
	markerRiseEm = 0.15
)

// Words (segText).
const (
	// wordSpaceEm: a gap wider than 0.18 em between two glyphs of a
	// string is a word space; letter spacing and kerning stay below it
	// (Canva's letter-spaced capitals, justified text). Probe:
	// TestPDFWordGaps fails at 0.144 (tracking of 0.15 em, a line-end
	// hyphen set apart); 0.225 changes docbook-apache-fop27.pdf.
	wordSpaceEm = 0.18
	// placedWordSpaceEm: where a string starts that was placed on its
	// own, a tenth of an em is already a word space, as in poppler
	// (ee03e42, WordPerfect/Adlib: recall 74.4% -> 99.0%). Probe:
	// TestPDFWordGaps fails at 0.125 (words placed 0.12 em apart); 0.08
	// changes corel-pdf-engine-printserver.pdf.
	placedWordSpaceEm = 0.1
	// perGlyphPct: when at least 90% of a segment's glyphs start a string
	// of their own, the text is placed glyph by glyph and the wider
	// wordSpaceEm holds (ee03e42). Probe: TestPDFWordGaps fails above 100.
	perGlyphPct = 90
	// roundingEm: a hundredth of an em is rounding: a zero-width drawn
	// space at a word's end still separates it (462f208,
	// pdf20-incremental-save.pdf). Probe: none (any small value does).
	roundingEm = 0.01
	// overprintEm: the same glyph drawn twice less than a tenth of an em
	// apart is fake bold, read once. Probe: none.
	overprintEm = 0.1
)

// Bands: columns and tables (readingOrder, band, isColumns).
const (
	// minBandRows: a band (rows keeping an empty vertical strip) needs 3
	// rows; two rows side by side are lines, not columns or a table.
	// Probe: 2 changes luahbtex-pdf20-tagged.pdf, 4
	// docbook-apache-fop27.pdf, both a synthetic plan.
	minBandRows = 3
	// paragraphGapEm: a baseline distance above 1.6 x the font size is a
	// paragraph gap (single leading is about 1.2): a heading or line set
	// apart from a band is not part of it (00a85f7, 39049e9). Probe: at
	// 1.28, 6 files change and 6 line-end hyphens are lost.
	paragraphGapEm = 1.6
	// bandTailRows: rows after a band's last two-sided row, following a
	// paragraph gap and at most 3 rows before the band ends, are the
	// full-width text after it. Probe: none.
	bandTailRows = 3
	// minStripPt: an empty vertical strip counts from 6 pt (a gutter;
	// word spaces in a column of short cells are narrower). Probe: 4.8
	// changes sap-netweaver-factuur-nl.pdf, 7.5
	// indesign-encrypted-empty-password.pdf.
	minStripPt = 6
	// sliverPt: strips less than 6 pt apart are one strip split by a
	// character poking into the gutter. Probe: none.
	sliverPt = 6
	// listLabelEm: text left of a strip up to 3 em wide is a bullet or
	// number (a list indent, 80149de), not a column or cell. Probe: 2.4
	// changes sap-netweaver-factuur-nl.pdf and tcpdf-standard-fonts.pdf.
	listLabelEm = 3
	// columnLineShare, columnWidePct: a band split by one strip is two
	// columns of running text when at least 40% of the segments on each
	// side span 30% of the text width; table cells are shorter. Probe:
	// TestSynthPDFQuality fails at 0.375 and at 48% (two synthetic plans
	// lose 10 headings and 12 line-end hyphens).
	columnLineShare = 0.3
	columnWidePct   = 40
	// columnTextPct: a band split by one strip is also two columns when
	// at least 60% of the glyphs on each side are in segments spanning
	// 30% of the text width (columnStrip: a column with a figure in it;
	// naacl06-shinyama-dvipdfm-pdf12.pdf: 93% and 66%). Probe: none.
	columnTextPct = 60
)

// Running headers and footers (dropFurniture).
const (
	// furnitureBand: headers and footers sit in the top or bottom 12% of
	// a page (about 100 pt of an A4 page: the margin and a line or two).
	// Probe: no test fails; at 9.6% three real PDFs keep 72 more of
	// pdftotext's words, at 15% they lose 18.
	furnitureBand = 0.12
	// furnitureStepPt: a segment's height is compared in 3 pt steps,
	// give or take a step: a header recurs within a few points. Probe:
	// at 3.75 two real PDFs lose 32 of pdftotext's words.
	furnitureStepPt = 3
	// furnitureShare, furnitureMinPages: a segment is a running header
	// or footer when it recurs on 30% of the pages, and at least 2.
	// Probe: TestPDFQuality fails at 1 page (body text dropped) and at 3
	// (footers of short files leak); furnitureShare none.
	furnitureShare    = 0.3
	furnitureMinPages = 2
	// minTableCells: a row of 4 or more segments in the band is a table
	// row running into it; its cells go only if the whole row recurs
	// (08517c2, CA WARN report: recall 77.9% -> 99.9%). Probe:
	// TestDropFurnitureTableInBand fails at 5.
	minTableCells = 4
	// minLineNumbers: a run of 5 or more rows whose outermost segment is
	// the previous row's number plus one, in a margin no other text of
	// the page reaches, is the line numbering of proof pages (Lessig's
	// "Free Culture": "Mo-5 tion" read the number into the hyphenated
	// word; recall 97.2% -> 99.2%). A table's number column has text
	// left of it or above it in the same x range. Probe: none.
	minLineNumbers = 5
	// maxPageLabelGlyphs: a page label ("Pagina 12 van 345", "Page 3 of
	// 10") has at most 24 glyphs; longer segments are not read as one.
	// Probe: none.
	maxPageLabelGlyphs = 24
)

// Blocks: headings, paragraphs, footnotes (buildBlocks, continues,
// typicalLeading).
const (
	// headingScale, headingMaxWords: a line set at least 1.15 x the body
	// size, of at most 25 words, is a heading (or above a band, see
	// readingOrder); a body size of 10 pt gives headings from 11.5 pt.
	// Probe: TestPDFQuality fails at 0.92; headingMaxWords none.
	headingScale    = 1.15
	headingMaxWords = 25
	// boldHeadingScale, boldHeadingMaxWords: a bold line about body size
	// (from 0.95 x, rounding of sizes), of at most 14 words, not ending
	// in punctuation, is a heading at the lowest level. Probe:
	// TestPDFQuality fails at 1.19 (44 headings lost);
	// boldHeadingMaxWords none.
	boldHeadingScale    = 0.95
	boldHeadingMaxWords = 14
	// headingLineGapEm: a heading's next line, same size, less than 2.2
	// em below, continues it (a heading wrapped over lines). Probe: 2.75
	// changes luahbtex-pdf20-tagged.pdf.
	headingLineGapEm = 2.2
	// footnoteScale: a paragraph set below 0.9 x body is a footnote; its
	// leading number is dropped (6ff65a3). Probe: TestPDFQuality fails at
	// 0.72 (lo-report-table*.pdf: 4 footer lines leak).
	footnoteScale = 0.9
	// bulletMarginEm: a line starting within half an em of a list item's
	// bullet is back at its margin: the item has ended (6ff65a3).
	// Probe: none.
	bulletMarginEm = 0.5
	// fullLineSlack: a line reaching into the last 12% of its column's
	// width is full; a shorter line ending a sentence ends the paragraph.
	// Probe: 9.6% and 15% each change two files.
	fullLineSlack = 0.12
	// sizeChangeEm: a size change of more than 0.15 em (of body) between
	// two lines ends a paragraph. Probe: none.
	sizeChangeEm = 0.15
	// paragraphLeading: lines further apart than 1.45 x the usual leading
	// are in different paragraphs (paragraph spacing, usually half a line
	// or more, against variation within a paragraph). Probe:
	// TestPDFQuality (lo-plan-columns.pdf) and TestSynthPDFQuality fail
	// at 1.16; 1.81 changes 18 files.
	paragraphLeading = 1.45
	// indentEm: a line starting more than 1.2 em right of the previous is
	// indented: a new paragraph's first line. Probe: 1.5 changes two
	// real PDFs.
	indentEm = 1.2
	// minLeadingEm, maxLeadingEm: distances between body lines counted
	// for the usual leading: nearer is overlap, further a gap. Probe: a
	// maximum of 2.0 changes corel-pdf-engine-printserver.pdf; the
	// minimum none.
	minLeadingEm = 0.5
	maxLeadingEm = 2.5
	// defaultLeadingEm: the leading assumed when no two body lines
	// follow each other: the 120% word processors set. Probe: none.
	defaultLeadingEm = 1.2
	// defaultBodyPt: the body size of a document without lines (never
	// reached by buildBlocks, which returns first). Probe: none.
	defaultBodyPt = 10.0
)

// pline is one line of text on a page after layout analysis.
type pline struct {
	text     string
	cells    []string // table rows: the cells; nil otherwise
	x0, x1   float64
	y        float64
	size     float64
	bold     bool
	page     int
	colLeft  float64 // left and right edge of the column or band the line sits in
	colRight float64
	colStart bool // first line of a column or page in reading order
}

// segment is a run of glyphs on one baseline without a column gap.
type segment struct {
	gs     []glyph
	x0, x1 float64
}

type row struct {
	y    float64
	size float64
	gs   []glyph
	segs []segment
}

// pageRows clusters a page's glyphs into rows (baselines, top to bottom),
// each cut into segments at gaps wider than a word space.
func pageRows(gs []glyph) []row {
	vis := make([]glyph, 0, len(gs))
	for _, g := range gs {
		if g.size > minGlyphPt && g.size < maxGlyphPt {
			vis = append(vis, g)
		}
	}
	if len(vis) == 0 {
		return nil
	}
	// A row of drawn spaces only (Word and others set empty paragraphs as
	// a space glyph) has no segment once split: it is dropped here, since
	// every later step takes a row to have ink.
	//
	// A gap wider than a word space cuts a row; so does a narrower one
	// (from 0.6 em) that lines up with such gaps in several rows around:
	// the gutter of two columns set close, as LaTeX sets them (1 em),
	// whose lines share baselines and were read across both columns.
	clustered := clusterRows(vis)
	gaps := make([][]gap, len(clustered))
	for i, r := range clustered {
		gaps[i] = rowGaps(r, math.Max(narrowGutterEm*r.size, narrowGutterMinPt))
	}
	var rows []row
	for i, r := range clustered {
		var cut []gap
		wide := math.Max(columnGapEm*r.size, columnGapMinPt)
		x0, x1 := inkExtent(r)
		for _, g := range gaps[i] {
			column := g.a-x0 >= gutterMarginEm*r.size && x1-g.b >= gutterMarginEm*r.size
			if g.b-g.a > wide || column && sharedGap(gaps, i, g, gutterOverlapEm*r.size) >= gutterMinRows {
				cut = append(cut, g)
			}
		}
		if r.segs = splitRow(r, cut); len(r.segs) > 0 {
			rows = append(rows, r)
		}
	}
	return rows
}

// inkExtent is the left and right end of a row's ink.
func inkExtent(r row) (x0, x1 float64) {
	x0, x1 = math.Inf(1), math.Inf(-1)
	for _, g := range r.gs {
		if !g.space {
			x0, x1 = math.Min(x0, g.x), math.Max(x1, g.x+g.w)
		}
	}
	return x0, x1
}

// sharedGap counts the rows near row i (gutterWindowRows either side) with a gap that
// overlaps g by at least minW and ends where g ends (the next column's
// left margin): columns of text, not list labels or word spaces.
func sharedGap(gaps [][]gap, i int, g gap, minW float64) int {
	n := 0
	for j := max(0, i-gutterWindowRows); j < min(len(gaps), i+gutterWindowRows+1); j++ {
		if j == i {
			continue
		}
		for _, h := range gaps[j] {
			if math.Min(g.b, h.b)-math.Max(g.a, h.a) >= minW && math.Abs(g.b-h.b) <= edgeTolPt {
				n++
				break
			}
		}
	}
	return n
}

// clusterRows groups glyphs by baseline, top to bottom; small raised glyphs
// (footnote markers, superscripts) join the row they belong to.
func clusterRows(gs []glyph) []row {
	// Sorted through an index: a stable sort moves the (large) glyphs
	// many times over.
	idx := make([]int32, len(gs))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return cmp.Compare(gs[b].y, gs[a].y) })
	sorted := make([]glyph, len(gs))
	for k, i := range idx {
		sorted[k] = gs[i]
	}
	copy(gs, sorted)
	// Each row is a run of gs (sorted by baseline): it shares gs's array,
	// capped so that an append to a row copies instead of overwriting the
	// next one.
	var rows []row
	start := 0
	for k, g := range gs {
		if n := len(rows); n > 0 {
			r := &rows[n-1]
			tol := baselineTolEm * math.Min(g.size, r.size)
			if math.Abs(r.y-g.y) <= tol {
				r.gs = gs[start : k+1 : k+1]
				continue
			}
		}
		start = k
		rows = append(rows, row{y: g.y, size: g.size, gs: gs[k : k+1 : k+1]})
	}
	// Rows of a few small raised glyphs are superscripts of the row just
	// below: footnote markers are dropped (the truth of a sentence has no
	// "daalde.1"), other superscripts join the row.
	var out []row
	for i := 0; i < len(rows); i++ {
		r := rows[i]
		if i+1 < len(rows) && r.size < superscriptScale*rows[i+1].size && r.y-rows[i+1].y < superscriptRiseEm*rows[i+1].size && len(r.gs) <= maxSuperscriptGlyphs {
			below := rows[i+1].gs
			for _, g := range r.gs {
				if !isMarker(r.gs) || inParens(below, r.gs, g, rows[i+1].size) {
					rows[i+1].gs = append(rows[i+1].gs, g)
				}
			}
			continue
		}
		out = append(out, r)
	}
	for i := range out {
		slices.SortStableFunc(out[i].gs, func(a, b glyph) int { return cmp.Compare(a.x, b.x) })
		out[i].size = medianSize(out[i].gs)
		// Raised small glyphs inside the row: footnote markers go.
		r := &out[i]
		raised := func(g glyph) bool {
			return g.size < superscriptScale*r.size && g.y > r.y+markerRiseEm*r.size && isMarker([]glyph{g})
		}
		var ms []glyph
		for _, g := range r.gs {
			if raised(g) {
				ms = append(ms, g)
			}
		}
		if len(ms) == 0 {
			continue
		}
		all := slices.Clone(r.gs) // kept overwrites r.gs
		kept := r.gs[:0]
		for _, g := range all {
			if raised(g) && !inParens(all, ms, g, r.size) {
				continue
			}
			kept = append(kept, g)
		}
		r.gs = kept
	}
	return out
}

// parenGapEm: the most room between a raised marker and the bracket
// around it, or between two digits of one marker, in em of the row, for
// inParens.
const parenGapEm = 0.5

// inParens reports whether the raised marker glyph m, with the marker
// glyphs ms beside it (the "2" of "12"), sits between a "(" and a ")" of
// the row gs (size em): the note reference of a legal text ("the
// Committee (1)"), which is cited text, unlike a bare marker ("daalde.1"),
// and leaves "( )" behind when dropped.
func inParens(gs, ms []glyph, m glyph, em float64) bool {
	tol := parenGapEm * em
	a, b := m.x, m.x+m.w
	for grown := true; grown; {
		grown = false
		for _, g := range ms {
			if g.x <= b+tol/2 && g.x+g.w >= a-tol/2 && (g.x < a || g.x+g.w > b) {
				a, b, grown = math.Min(a, g.x), math.Max(b, g.x+g.w), true
			}
		}
	}
	open, closed := false, false
	for _, g := range gs {
		switch end := g.x + g.w; {
		case strings.HasSuffix(g.text, "(") && end <= a+tol && end >= a-tol:
			open = true
		case strings.HasPrefix(g.text, ")") && g.x >= b-tol && g.x <= b+tol:
			closed = true
		}
	}
	return open && closed
}

// isMarker reports whether glyphs spell a footnote marker: digits or
// asterisks.
func isMarker(gs []glyph) bool {
	for _, g := range gs {
		for _, r := range g.text {
			if !unicode.IsDigit(r) && r != '*' && r != '†' && !unicode.IsSpace(r) {
				return false
			}
		}
	}
	return true
}

func medianSize(gs []glyph) float64 {
	s := make([]float64, 0, len(gs))
	for _, g := range gs {
		if !g.space {
			s = append(s, g.size)
		}
	}
	if len(s) == 0 {
		return gs[0].size
	}
	sort.Float64s(s)
	return s[len(s)/2]
}

type gap struct{ a, b float64 }

// rowGaps lists the horizontal gaps in a row wider than min.
func rowGaps(r row, min float64) []gap {
	var out []gap
	end := -1e9
	for _, g := range r.gs {
		if g.space {
			continue
		}
		if end > -1e9 && g.x-end > min {
			out = append(out, gap{end, g.x})
		}
		end = math.Max(end, g.x+g.w)
	}
	return out
}

// splitRow cuts a row at the given gaps.
func splitRow(r row, gutters []gap) []segment {
	// Segments are runs of r.gs and share its array (capped, as rows are).
	var segs []segment
	cur := segment{x0: math.Inf(1), x1: math.Inf(-1)}
	gi, start := 0, 0
	for k, g := range r.gs {
		for gi < len(gutters) && g.x >= gutters[gi].b-0.01 { // 0.01 pt: rounding
			if k > start {
				cur.gs = r.gs[start:k:k]
				segs = append(segs, cur)
			}
			cur = segment{x0: math.Inf(1), x1: math.Inf(-1)}
			start = k
			gi++
		}
		if !g.space {
			cur.x0 = math.Min(cur.x0, g.x)
			cur.x1 = math.Max(cur.x1, g.x+g.w)
		}
	}
	if n := len(r.gs); n > start {
		cur.gs = r.gs[start:n:n]
		segs = append(segs, cur)
	}
	var out []segment
	for _, s := range segs {
		if !math.IsInf(s.x0, 0) {
			out = append(out, s)
		}
	}
	return out
}

// segText builds the text of a segment: a space where the gap between two
// glyphs is wider than a fraction of the font size or a space was drawn.
func segText(gs []glyph) string {
	gs = attachAccents(gs)
	var sb strings.Builder
	end := math.Inf(-1)
	pendingSpace := false
	var last glyph
	starts, n := 0, 0
	for _, g := range gs {
		if !g.space {
			n++
			if g.start {
				starts++
			}
		}
	}
	perGlyph := starts*100 >= n*perGlyphPct
	// A drawn space separates words only where it sits in the gap between
	// the ink before and after it (its middle past the end of the one and
	// before the start of the other): Excel pads a cell with spaces that
	// run on under the next cell's text, and sorted by x they fall between
	// its letters.
	spaceMid := math.Inf(1) // the leftmost middle of a space past the ink so far
	for i, g := range gs {
		if g.space {
			if mid := g.x + g.w/2; mid >= end-roundingEm*g.size || sb.Len() == 0 {
				spaceMid = math.Min(spaceMid, mid)
			}
			continue
		}
		pendingSpace = spaceMid <= g.x+roundingEm*g.size
		if i > 0 && sb.Len() > 0 {
			// Overprinted duplicates (fake bold) are drawn twice at one
			// place: nearer the first one's start than its end. A glyph
			// where the first one's advance put it is the next letter,
			// even where the size is large beside the advance: a Type3
			// font whose em could not be measured keeps its Tf size
			// (type3Em; "gg" of "suggest" in TestPDFType3Size).
			if d := math.Abs(g.x - last.x); g.text == last.text && d < overprintEm*g.size && d < last.w/2 {
				continue
			}
			// Inside one string a gap is letter spacing or kerning; where a
			// string starts that was placed on its own (WordPerfect and
			// others position every word) a tenth of an em is already a
			// word space, as in poppler. Text placed glyph by glyph
			// (Canva's letter-spaced capitals) and punctuation that ends a
			// word (a line-end hyphen set apart in justified text) keep
			// the wider threshold.
			gapw, frac := g.x-end, wordSpaceEm
			if g.start && !perGlyph && !endsWord(g.text) {
				frac = placedWordSpaceEm
			}
			if pendingSpace || gapw > frac*math.Min(g.size, last.size) {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(g.text)
		end = g.x + g.w
		last = g
		spaceMid = math.Inf(1)
	}
	return strings.TrimSpace(sb.String())
}

// endsWord reports whether text begins with punctuation that closes a word
// (hyphen, comma, full stop, closing bracket) rather than opens one.
func endsWord(text string) bool {
	r, _ := utf8.DecodeRuneInString(text)
	return unicode.IsPunct(r) && !unicode.In(r, unicode.Ps, unicode.Pi)
}

func segBold(gs []glyph) bool {
	b, n := 0, 0
	for _, g := range gs {
		if g.space {
			continue
		}
		n++
		if g.bold {
			b++
		}
	}
	return n > 0 && b*2 > n
}

// readingOrder emits a page's rows as lines. A run of rows that keeps an
// empty vertical strip between text on both sides is a band: two columns
// of running text are read column by column (their baselines need not line
// up), anything else in a band is a table read row by row, cells split at
// the strips. Other rows are lines as they come.
func readingOrder(rows []row, page int) []pline {
	var out []pline
	left, right := math.Inf(1), math.Inf(-1)
	for _, r := range rows {
		for _, s := range r.segs {
			left = math.Min(left, s.x0)
			right = math.Max(right, s.x1)
		}
	}
	width := math.Max(right-left, 1)
	mk := func(r row, gs []glyph, colL, colR float64) pline {
		x0, x1 := math.Inf(1), math.Inf(-1)
		for _, g := range gs {
			if !g.space {
				x0, x1 = math.Min(x0, g.x), math.Max(x1, g.x+g.w)
			}
		}
		return pline{text: segText(gs), x0: x0, x1: x1, y: r.y, size: medianSize(gs), bold: segBold(gs),
			page: page, colLeft: colL, colRight: colR}
	}
	for i := 0; i < len(rows); {
		j, strips := band(rows, i, left, right)
		if j-i < minBandRows || len(strips) == 0 {
			r := rows[i]
			var gs []glyph
			for _, s := range r.segs {
				gs = append(gs, s.gs...)
			}
			if len(gs) > 0 {
				out = append(out, mk(r, gs, left, right))
			}
			i++
			continue
		}
		bandRows := rows[i:j]
		// A heading or short line of full-width text right after a band
		// does not cross its strips: rows after the band's last row with
		// text on both sides of a strip, following a paragraph gap, and
		// shortly followed by full-width text, are not part of the band.
		lastMulti := -1
		for k, br := range bandRows {
			if sidesOf(br, strips) >= 2 {
				lastMulti = k
			}
		}
		// Likewise rows before the first row with text on both sides that
		// stand apart (a paragraph gap) or are set larger (a heading).
		firstMulti := -1
		for k, br := range bandRows {
			if sidesOf(br, strips) >= 2 {
				firstMulti = k
				break
			}
		}
		if firstMulti > 0 {
			med := bandRows[firstMulti].size
			start := 0
			for k := firstMulti - 1; k >= 0; k-- {
				if bandRows[k].y-bandRows[k+1].y > paragraphGapEm*bandRows[k+1].size || bandRows[k].size >= headingScale*med {
					start = k + 1
					break
				}
			}
			if start > 0 {
				for _, br := range bandRows[:start] {
					var gs []glyph
					for _, s := range br.segs {
						gs = append(gs, s.gs...)
					}
					out = append(out, mk(br, gs, left, right))
				}
				i += start
				bandRows = rows[i:j]
				lastMulti -= start
			}
		}
		if j < len(rows) {
			for k := lastMulti + 1; k > 0 && k < len(bandRows); k++ {
				if bandRows[k-1].y-bandRows[k].y > paragraphGapEm*bandRows[k].size && len(bandRows)-k <= bandTailRows {
					j = i + k
					bandRows = rows[i:j]
					break
				}
			}
		}
		if cuts := columnCuts(bandRows, strips, width); cuts != nil && len(bandRows) >= minBandRows {
			// Columns are read one after the other, each cut at the
			// middle of its strips.
			edges := []float64{left}
			for _, c := range cuts {
				edges = append(edges, (c.a+c.b)/2)
			}
			edges = append(edges, right)
			cols := make([][]pline, len(cuts)+1)
			for _, br := range bandRows {
				gs := make([][]glyph, len(cols))
				for _, s := range br.segs {
					k := 0
					for k < len(cuts) && s.x1 > edges[k+1] {
						k++
					}
					gs[k] = append(gs[k], s.gs...)
				}
				for k, g := range gs {
					if len(g) > 0 {
						cols[k] = append(cols[k], mk(br, g, edges[k], edges[k+1]))
					}
				}
			}
			for _, c := range cols {
				if len(c) > 0 {
					c[0].colStart = true
				}
				out = append(out, c...)
			}
		} else {
			for _, br := range bandRows {
				cells := make([][]glyph, len(strips)+1)
				for _, s := range br.segs {
					k := 0
					for k < len(strips) && s.x0 >= strips[k].b-edgeTolPt {
						k++
					}
					cells[k] = append(cells[k], s.gs...)
				}
				var texts []string
				var all []glyph
				for _, c := range cells {
					texts = append(texts, segText(c))
					all = append(all, c...)
				}
				pl := mk(br, all, left, right)
				pl.cells = texts
				pl.text = strings.Join(texts, " ")
				out = append(out, pl)
			}
		}
		i = j
	}
	if len(out) > 0 {
		out[0].colStart = true
	}
	return out
}

// band grows a run of rows from rows[i] while some vertical strip at least
// minStripPt wide stays empty; it returns the end of the run and the interior
// strips (not touching the text's outer edges) that have text on both
// sides in it. Strips with only bullets or numbers on their left are list
// indents, not gutters.
func band(rows []row, i int, left, right float64) (int, []gap) {
	free := []gap{{left, right}}
	cover := func(free []gap, r row) []gap {
		var out []gap
		for _, f := range free {
			parts := []gap{f}
			for _, s := range r.segs {
				var next []gap
				for _, p := range parts {
					if s.x1 <= p.a || s.x0 >= p.b {
						next = append(next, p)
						continue
					}
					if s.x0 > p.a {
						next = append(next, gap{p.a, s.x0})
					}
					if s.x1 < p.b {
						next = append(next, gap{s.x1, p.b})
					}
				}
				parts = next
			}
			out = append(out, parts...)
		}
		return out
	}
	interior := func(free []gap) []gap {
		var out []gap
		for _, f := range free {
			if f.b-f.a >= minStripPt && f.a > left+edgeTolPt && f.b < right-edgeTolPt {
				out = append(out, f)
			}
		}
		return out
	}
	// Grow on any free strip: a band whose two columns never share a
	// baseline starts with a row on one side only.
	wide := func(free []gap) []gap {
		var out []gap
		for _, f := range free {
			if f.b-f.a >= minStripPt {
				out = append(out, f)
			}
		}
		return out
	}
	free = wide(cover(free, rows[i]))
	j := i + 1
	for j < len(rows) && len(free) > 0 {
		next := wide(cover(free, rows[j]))
		if len(next) == 0 {
			break
		}
		free = next
		j++
	}
	free = interior(free)
	if j-i < minBandRows {
		return j, nil
	}
	// Strips split by a sliver of ink (a character poking into the gutter)
	// are one strip.
	var merged []gap
	for _, f := range free {
		if n := len(merged); n > 0 && f.a-merged[n-1].b < sliverPt {
			merged[n-1].b = f.b
			continue
		}
		merged = append(merged, f)
	}
	// A strip counts when the text just left of it (back to the previous
	// strip) has more than bullets or numbers, and text lies right of it.
	var strips []gap
	prevB := math.Inf(-1)
	for _, f := range merged {
		var lw, rw float64
		for _, r := range rows[i:j] {
			for _, s := range r.segs {
				if s.x1 <= f.a+edgeTolPt && s.x0 >= prevB-edgeTolPt {
					lw = math.Max(lw, s.x1-s.x0)
				} else if s.x0 >= f.b-edgeTolPt {
					rw = math.Max(rw, s.x1-s.x0)
				}
			}
		}
		if lw >= listLabelEm*rows[i].size && rw > 0 {
			strips = append(strips, f)
			prevB = f.b
		}
	}
	return j, strips
}

// sidesOf counts the regions between strips that a row has text in.
func sidesOf(r row, strips []gap) int {
	sides := map[int]bool{}
	for _, s := range r.segs {
		n := 0
		for n < len(strips) && s.x0 >= strips[n].b-edgeTolPt {
			n++
		}
		sides[n] = true
	}
	return len(sides)
}

// isColumns reports whether a band split by one strip holds running text on
// both sides (mostly long lines) rather than table cells.
// columnStrip returns the strip at which a band is two columns of text,
// or -1 for a table: one strip where isColumns says so, or else one where
// most of the text on both sides (by glyphs, not segments) is in lines
// spanning a column: a column with a figure or small table in it has many
// short segments (its labels and cells) but most of its text in running
// lines (naacl06-shinyama-dvipdfm-pdf12.pdf was read as a table beside
// its figure, its hyphenated line ends never rejoined). A table's cells
// are short, whatever their number.
func columnStrip(rows []row, strips []gap, width float64) int {
	if len(strips) == 1 && isColumns(rows, strips[0], width) {
		return 0
	}
	if len(strips) != 1 {
		return -1
	}
	st := strips[0]
	var ln, lw, rn, rw int
	for _, r := range rows {
		for _, s := range r.segs {
			wide := s.x1-s.x0 >= columnLineShare*width
			if s.x1 <= st.a+edgeTolPt {
				ln += len(s.gs)
				if wide {
					lw += len(s.gs)
				}
			} else {
				rn += len(s.gs)
				if wide {
					rw += len(s.gs)
				}
			}
		}
	}
	if ln > 0 && rn > 0 && lw*100 >= ln*columnTextPct && rw*100 >= rn*columnTextPct {
		return 0
	}
	return -1
}

// maxColumns: the most columns of running text a band is read as (the
// Federal Register sets three; more are a table). Probe: none.
const maxColumns = 4

// columnCuts returns the strips at which a band is columns of running
// text, or nil for a table: the strip of columnStrip for two columns;
// for three or more, every column must have most of its glyphs
// (columnTextPct) and many of its segments (columnWidePct) in lines
// spanning the column (columnLineShare of the text width, scaled to the
// narrower columns), as table cells do not. The Federal Register's three
// columns were read as a table, a word broken at a line end split over
// two cells of a row.
func columnCuts(rows []row, strips []gap, width float64) []gap {
	if k := columnStrip(rows, strips, width); k >= 0 {
		return strips[k : k+1]
	}
	if len(strips) < 2 || len(strips) >= maxColumns {
		return nil
	}
	share := columnLineShare * width * 2 / float64(len(strips)+1)
	n := len(strips) + 1
	glyphs, wideGlyphs, segs, wideSegs := make([]int, n), make([]int, n), make([]int, n), make([]int, n)
	for _, r := range rows {
		for _, s := range r.segs {
			k := 0
			for k < len(strips) && s.x0 >= strips[k].b-edgeTolPt {
				k++
			}
			glyphs[k] += len(s.gs)
			segs[k]++
			if s.x1-s.x0 >= share {
				wideGlyphs[k] += len(s.gs)
				wideSegs[k]++
			}
		}
	}
	for k := range n {
		if glyphs[k] == 0 || wideGlyphs[k]*100 < glyphs[k]*columnTextPct || wideSegs[k]*100 < segs[k]*columnWidePct {
			return nil
		}
	}
	return strips
}

func isColumns(rows []row, strip gap, width float64) bool {
	var ln, lw, rn, rw int
	for _, r := range rows {
		for _, s := range r.segs {
			wide := s.x1-s.x0 >= columnLineShare*width
			if s.x1 <= strip.a+edgeTolPt {
				ln++
				if wide {
					lw++
				}
			} else {
				rn++
				if wide {
					rw++
				}
			}
		}
	}
	return ln > 0 && rn > 0 && lw*100 >= ln*columnWidePct && rw*100 >= rn*columnWidePct
}

// rowKey is the key of a whole row in dropFurniture's counts.
func rowKey(texts []string) string { return "row\x00" + strings.Join(texts, "\x00") }

var rePageNumber = regexp.MustCompile(`(?i)^(?:(?:pagina|page|blz\.?|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|van|of)\s*\d{1,4})?$`)

// dropFurniture removes running headers, footers and page numbers before
// the layout is read: segments in the top or bottom band of a page that
// recur at the same height on other pages (digits ignored, so "Pagina 3"
// matches "Pagina 4"), and segments there that are only a page number.
//
// A table that runs into the band is not furniture: at a fixed row pitch
// its cells recur at the same heights on every page ("Permanent", a date
// that differs only in digits), so a cell of a row of four or more cells,
// or a cell with no letter, goes only if its whole row recurs; a number
// alone in a row of four or more cells is a cell, not a page number.
func dropFurniture(pages [][]row, heights []float64) (dropped int) {
	for p := range pages {
		var n int
		pages[p], n = dropLineNumbers(pages[p])
		dropped += n
	}
	type key struct {
		text string
		y    int
	}
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return '#'
			}
			return unicode.ToLower(r)
		}, ingest.Collapse(s))
	}
	inBand := func(y, h float64) bool { return y > (1-furnitureBand)*h || y < furnitureBand*h }
	count := map[key]int{}
	// A page number with its word ("Pagina 2/7") that recurs at one
	// height is furniture wherever it sits: Aspose set Heerlen's "Pagina
	// x/7" 14% below the top edge, out of the band.
	pageLabel := func(sg segment) (string, bool) {
		if len(sg.gs) > maxPageLabelGlyphs || !glyphsHaveDigit(sg.gs) { // spares building every segment's text
			return "", false
		}
		t := strings.TrimSpace(segText(sg.gs))
		return norm(t), rePageNumber.MatchString(t) && strings.ContainsFunc(t, unicode.IsLetter)
	}
	for p, rows := range pages {
		seen := map[key]bool{}
		for _, r := range rows {
			if !inBand(r.y, heights[p]) {
				for _, sg := range r.segs {
					if t, ok := pageLabel(sg); ok {
						if k := (key{"page\x00" + t, int(math.Round(r.y / furnitureStepPt))}); !seen[k] {
							seen[k] = true
							count[k]++
						}
					}
				}
				continue
			}
			texts := make([]string, 0, len(r.segs)+1)
			for _, sg := range r.segs {
				texts = append(texts, norm(segText(sg.gs)))
			}
			texts = append(texts, rowKey(texts))
			for _, text := range texts {
				for dy := -1; dy <= 1; dy++ {
					k := key{text, int(math.Round(r.y/furnitureStepPt)) + dy}
					if !seen[k] {
						seen[k] = true
						count[k]++
					}
				}
			}
		}
	}
	need := max(furnitureMinPages, int(math.Ceil(furnitureShare*float64(len(pages)))))
	for p, rows := range pages {
		var kept []row
		for _, r := range rows {
			if inBand(r.y, heights[p]) {
				var segs []segment
				texts := make([]string, len(r.segs))
				for i, sg := range r.segs {
					texts[i] = norm(segText(sg.gs))
				}
				rowRecurs := count[key{rowKey(texts), int(math.Round(r.y / furnitureStepPt))}] >= need
				for i, sg := range r.segs {
					text := strings.TrimSpace(segText(sg.gs))
					k := key{texts[i], int(math.Round(r.y / furnitureStepPt))}
					recurs := count[k] >= need
					if len(r.segs) >= minTableCells || !strings.ContainsFunc(text, unicode.IsLetter) {
						recurs = recurs && rowRecurs
					}
					if recurs || len(r.segs) < minTableCells && rePageNumber.MatchString(text) {
						dropped++
						continue
					}
					segs = append(segs, sg)
				}
				if len(segs) == 0 {
					continue
				}
				r.segs = segs
				var gs []glyph
				for _, sg := range segs {
					gs = append(gs, sg.gs...)
				}
				r.gs = gs
			} else {
				label := func(sg segment) bool {
					t, ok := pageLabel(sg)
					return ok && count[key{"page\x00" + t, int(math.Round(r.y / furnitureStepPt))}] >= need
				}
				if slices.ContainsFunc(r.segs, label) {
					var segs []segment
					var gs []glyph
					for _, sg := range r.segs {
						if label(sg) {
							dropped++
							continue
						}
						segs = append(segs, sg)
						gs = append(gs, sg.gs...)
					}
					if len(segs) == 0 {
						continue
					}
					r.segs, r.gs = segs, gs
				}
			}
			kept = append(kept, r)
		}
		pages[p] = kept
	}
	return dropped
}

// dropLineNumbers removes the line numbers proof pages print in a margin,
// one per row and counting up from 1 (1, 2, 3 ...; "32S", "S32" or "Po17"
// with a signature mark), which share their baselines with the text and
// would be read into it. Numbers count only as the first or last segment
// of a row, wholly outside the horizontal extent of every other segment
// of the page with a letter or digit (an ornament may cross the margin).
// A contents page's page numbers (3, 4, 5 ... at the right) do not start
// at 1: a run that does not (its first line's number read into a heading)
// needs three times minLineNumbers rows.
func dropLineNumbers(rows []row) ([]row, int) {
	type hit struct {
		row, seg, n int
	}
	dropped := 0
	for _, left := range []bool{true, false} {
		var hits []hit
		for i, r := range rows {
			if len(r.segs) == 0 {
				continue
			}
			k := 0
			if !left {
				k = len(r.segs) - 1
			}
			if n, ok := markedLineNumber(r.segs[k].gs); ok {
				hits = append(hits, hit{i, k, n})
			}
		}
		// Runs of hits counting up by one.
		var drop []hit
		for a := 0; a < len(hits); {
			b := a + 1
			for b < len(hits) && hits[b].n == hits[b-1].n+1 {
				b++
			}
			if b-a >= minLineNumbers && hits[a].n == 1 || b-a >= 3*minLineNumbers {
				drop = append(drop, hits[a:b]...)
			}
			a = b
		}
		if len(drop) == 0 {
			continue
		}
		// The margin: the numbers' extent, which no other text may reach.
		lo, hi := math.Inf(1), math.Inf(-1)
		isNum := map[[2]int]bool{}
		for _, h := range drop {
			s := rows[h.row].segs[h.seg]
			lo, hi = math.Min(lo, s.x0), math.Max(hi, s.x1)
			isNum[[2]int{h.row, h.seg}] = true
		}
		inMargin := true
		for i, r := range rows {
			for k, s := range r.segs {
				if isNum[[2]int{i, k}] || !hasAlnum(s.gs) {
					continue
				}
				if left && s.x0 <= hi+edgeTolPt || !left && s.x1 >= lo-edgeTolPt {
					inMargin = false
				}
			}
		}
		if !inMargin {
			continue
		}
		kept := rows[:0]
		for i, r := range rows {
			var segs []segment
			var gs []glyph
			for k, s := range r.segs {
				if isNum[[2]int{i, k}] {
					dropped++
					continue
				}
				segs = append(segs, s)
				gs = append(gs, s.gs...)
			}
			if len(segs) == 0 {
				continue
			}
			r.segs, r.gs = segs, gs
			kept = append(kept, r)
		}
		rows = kept
	}
	return rows, dropped
}

// reLineNumber is a margin line number, with the letters of a signature
// mark ("32S", "S32", "Po17") or of a stray mark joined to it (Lessig's
// chapter pages read "17Co" beside the drop cap; one letter there broke
// the run and kept the whole column in the text).
var reLineNumber = regexp.MustCompile(`^[A-Za-z]{0,2}(\d{1,4})[A-Za-z]{0,3}$`)

// markedLineNumber reads a row's outer segment as a line number.
func markedLineNumber(gs []glyph) (int, bool) {
	if len(gs) > 6 || !glyphsHaveDigit(gs) { // "S32", "1234A" and spaces at most
		return 0, false
	}
	m := reLineNumber.FindStringSubmatch(segText(gs))
	if m == nil {
		return 0, false
	}
	n := 0
	for _, c := range m[1] {
		n = n*10 + int(c-'0')
	}
	return n, true
}

// glyphsHaveDigit reports whether glyphs have a digit.
func glyphsHaveDigit(gs []glyph) bool {
	for _, g := range gs {
		if strings.ContainsFunc(g.text, unicode.IsDigit) {
			return true
		}
	}
	return false
}

// hasAlnum reports whether glyphs have a letter or digit.
func hasAlnum(gs []glyph) bool {
	for _, g := range gs {
		if strings.ContainsFunc(g.text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			return true
		}
	}
	return false
}

var reNoteMarker = regexp.MustCompile(`^\d{1,3}\s+`)

var reBulletStart = regexp.MustCompile(`^(?:[•●▪■◦○·∙‣⁃\x{F0B7}\x{F0A7}]|[-–*]\s|\d{1,2}[.)]\s|[a-z][.)]\s)`)

// buildBlocks groups lines into headings, paragraphs, list items and tables,
// across page and column breaks where a paragraph runs on.
func buildBlocks(lines []pline) []ingest.Block {
	if len(lines) == 0 {
		return nil
	}
	body := bodySize(lines)
	// Heading levels: distinct sizes above body text, largest first; bold
	// headings at body size come after them.
	var sizes []float64
	isHeading := func(l pline) bool {
		if l.cells != nil {
			return false
		}
		words := len(strings.Fields(l.text))
		if l.size >= headingScale*body && words <= headingMaxWords {
			return true
		}
		t := strings.TrimSpace(l.text)
		return l.bold && l.size >= boldHeadingScale*body && words <= boldHeadingMaxWords && t != "" && !strings.ContainsAny(t[len(t)-1:], ".,;") && !reBulletStart.MatchString(t)
	}
	for _, l := range lines {
		if isHeading(l) && l.size >= headingScale*body {
			r := math.Round(l.size*2) / 2
			found := false
			for _, s := range sizes {
				if s == r {
					found = true
				}
			}
			if !found {
				sizes = append(sizes, r)
			}
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(sizes)))
	level := func(l pline) int {
		r := math.Round(l.size*2) / 2
		for i, s := range sizes {
			if r == s {
				return i + 1
			}
		}
		return len(sizes) + 1
	}
	leading := typicalLeading(lines, body)

	var out []ingest.Block
	var cur []pline
	kind := ""
	flush := func() {
		if len(cur) == 0 {
			return
		}
		switch kind {
		case ingest.KindHeading:
			var parts []string
			for _, l := range cur {
				parts = append(parts, l.text)
			}
			out = append(out, ingest.Block{Kind: ingest.KindHeading, Level: level(cur[0]), Text: ingest.JoinLines(parts, nil), Page: cur[0].page})
		case ingest.KindTable:
			var rows []string
			for _, l := range cur {
				rows = append(rows, strings.Join(l.cells, " | "))
			}
			out = append(out, ingest.Block{Kind: ingest.KindTable, Text: strings.Join(rows, "\n"), Page: cur[0].page})
		default:
			var parts []string
			for _, l := range cur {
				parts = append(parts, l.text)
			}
			if cur[0].size < footnoteScale*body {
				// A footnote: its number is not part of its text.
				parts[0] = reNoteMarker.ReplaceAllString(parts[0], "")
			}
			out = append(out, ingest.Block{Kind: ingest.KindParagraph, Text: strings.Join(parts, "\n"), Page: cur[0].page, Raw: true})
		}
		cur, kind = nil, ""
	}
	for i, l := range lines {
		if strings.TrimSpace(l.text) == "" {
			continue
		}
		var lk string
		switch {
		case l.cells != nil:
			lk = ingest.KindTable
		case isHeading(l):
			lk = ingest.KindHeading
		default:
			lk = ingest.KindParagraph
		}
		if len(cur) == 0 {
			cur, kind = []pline{l}, lk
			continue
		}
		prev := cur[len(cur)-1]
		same := lk == kind
		switch {
		case !same:
			// A heading line between two halves of a broken table or a
			// paragraph ends them.
		case lk == ingest.KindHeading:
			same = l.page == prev.page && math.Abs(l.size-prev.size) < sameSizePt && prev.y-l.y < headingLineGapEm*l.size && !l.colStart
		case lk == ingest.KindTable:
			same = l.page == prev.page || l.colStart
		default:
			same = continues(cur[0], prev, l, len(cur), leading, body, i > 0 && lines[i-1].page != l.page)
		}
		if !same {
			flush()
			cur, kind = []pline{l}, lk
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return out
}

// continues decides whether line l carries on the paragraph whose first
// line is first and last line prev (n lines so far).
func continues(first, prev, l pline, n int, leading, body float64, newPage bool) bool {
	t := strings.TrimSpace(l.text)
	if reBulletStart.MatchString(t) {
		return false
	}
	if reBulletStart.MatchString(strings.TrimSpace(first.text)) && l.x0 <= first.x0+bulletMarginEm*body && !l.colStart && !newPage {
		// Back at the bullet's margin: the list item has ended, unless the
		// item simply wraps without a hanging indent, mid-sentence.
		pt := strings.TrimSpace(prev.text)
		if !ingest.StartsLower(t) || strings.ContainsAny(pt[len(pt)-1:], ".!?:;") {
			return false
		}
	}
	pt := strings.TrimSpace(prev.text)
	endsSentence := strings.ContainsAny(pt[len(pt)-1:], ".!?:")
	full := prev.x1 >= prev.colRight-fullLineSlack*(prev.colRight-prev.colLeft)
	if l.colStart || newPage {
		// Across a page or column break: run on when the previous line
		// was cut off mid-sentence.
		return !endsSentence || (full && ingest.StartsLower(t))
	}
	if math.Abs(l.size-prev.size) > sizeChangeEm*body {
		return false
	}
	dy := prev.y - l.y
	if dy > paragraphLeading*leading || dy < 0 {
		return false
	}
	// A short line ending a sentence closes the paragraph when the next
	// one starts indented or the style uses no spacing.
	if endsSentence && !full {
		return false
	}
	if l.x0 > prev.x0+indentEm*body && !reBulletStart.MatchString(strings.TrimSpace(first.text)) {
		// An indented line: the first line of a new paragraph, unless it
		// hangs under a first line (a footnote or numbered note) and goes
		// on mid-sentence.
		if n >= 2 || (endsSentence && !ingest.StartsLower(t)) {
			return false
		}
	}
	return true
}

// bodySize is the font size of most of the text.
func bodySize(lines []pline) float64 {
	weight := map[float64]int{}
	for _, l := range lines {
		weight[math.Round(l.size*2)/2] += len(l.text)
	}
	best, bw := defaultBodyPt, -1
	for s, w := range weight {
		if w > bw || (w == bw && s < best) {
			best, bw = s, w
		}
	}
	return best
}

// typicalLeading is the usual distance between consecutive body lines.
func typicalLeading(lines []pline, body float64) float64 {
	var ds []float64
	for i := 1; i < len(lines); i++ {
		a, b := lines[i-1], lines[i]
		if a.page != b.page || b.colStart || math.Abs(a.size-body) > sameSizePt || math.Abs(b.size-body) > sameSizePt {
			continue
		}
		if d := a.y - b.y; d > minLeadingEm*body && d < maxLeadingEm*body {
			ds = append(ds, d)
		}
	}
	if len(ds) == 0 {
		return defaultLeadingEm * body
	}
	sort.Float64s(ds)
	return ds[len(ds)/3] // lower third: spacing between paragraphs is larger
}

// combiningFor maps the spacing accents TeX (OT1 fonts) and others draw
// as glyphs of their own over a letter to the combining marks they stand
// for: "du¨r" is "dür", "xˆ" is "x̂".
var combiningFor = map[rune]rune{
	'¨': '\u0308', 'ˆ': '\u0302', '´': '\u0301', '`': '\u0300', '˜': '\u0303',
	'¯': '\u0304', 'ˉ': '\u0304', '˘': '\u0306', '˙': '\u0307', '˚': '\u030A',
	'˝': '\u030B', 'ˇ': '\u030C', '¸': '\u0327', '˛': '\u0328',
}

// attachAccents puts an accent drawn as a glyph of its own over (or under)
// a letter onto that letter, composed where Unicode has the accented
// letter: the accent's middle lies within the letter's advance. gs (sorted
// by x) is not changed; a copy is returned when an accent was attached.
func attachAccents(gs []glyph) []glyph {
	var out []glyph
	for i, g := range gs {
		if len(g.text) != 2 && g.text != "`" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(g.text)
		mark, ok := combiningFor[r]
		if !ok {
			continue
		}
		mid := g.x + g.w/2
		base := -1
		for _, j := range []int{i - 1, i + 1, i - 2, i + 2} {
			if j < 0 || j >= len(gs) || gs[j].space {
				continue
			}
			b := gs[j]
			br, _ := utf8.DecodeRuneInString(b.text)
			if unicode.IsLetter(br) && b.x <= mid && mid <= b.x+b.w && utf8.RuneCountInString(b.text) <= 2 {
				base = j
				break
			}
		}
		if base < 0 {
			continue
		}
		if out == nil {
			out = slices.Clone(gs)
		}
		out[base].text = norm.NFC.String(out[base].text + string(mark))
		out[i].text = "" // dropped below
	}
	if out == nil {
		return gs
	}
	kept := out[:0]
	for _, g := range out {
		if g.text != "" {
			kept = append(kept, g)
		}
	}
	return kept
}
