package pdftext

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/ledongthuc/pdf"
)

// glyph is one decoded character code drawn on a page, in page space
// (points, y up), with its advance width, so that word gaps can be measured
// instead of guessed.
type glyph struct {
	x, y float64 // start of the baseline
	w    float64 // advance width
	// dx, dy is the direction of the baseline (a unit vector); 1, 0 for
	// upright text, 0, 1 for text that runs upwards.
	dx, dy float64
	size   float64 // effective font size
	text   string  // decoded text (a ligature code may give "fi")
	bold   bool
	space  bool // the code is a space character
	// start marks the first glyph of a shown string: the pen may have been
	// moved (Td, Tm, a TJ adjustment) before it, so a small gap there is more
	// likely a word break than kerning inside one string.
	start bool
}

// Thresholds and bounds of the content interpreter.
const (
	// boldWeight: a font whose descriptor gives a /FontWeight of 600 or
	// more is bold (600 is semibold on the CSS/OpenType scale, 400
	// regular), for fonts whose names do not say "Bold".
	boldWeight = 600
	// maxFormDepth bounds form XObjects drawn inside form XObjects: real
	// files nest a few levels, a form that draws itself would not end.
	maxFormDepth = 8
	// maxCIDRange bounds one /W range of a CID font (c_first c_last w):
	// the whole 2-byte code space, so a damaged range cannot allocate
	// without end.
	maxCIDRange = 65536
)

// fontInfo is what the content interpreter needs of a font, parsed once per
// page resource.
type fontInfo struct {
	name    string
	bold    bool
	twoByte bool
	enc     pdf.TextEncoding
	uni     *toUnicode // the font's ToUnicode map, preferred over its encoding
	first   int
	widths  []float64       // simple fonts, from FirstChar
	cidW    map[int]float64 // composite fonts, from /W
	dw      float64         // composite default width
	std     *[256]uint16    // standard-14 metrics when /Widths is absent
	mono    bool            // Courier without widths
	decoded map[string]string
	m0      float64 // FontMatrix scale (Type3 fonts), else 0.001
	// em is the height of the font's em in text space units, by which the
	// font size is multiplied for the size a glyph is drawn at: 1 but for
	// Type3 fonts, whose glyph space is whatever their FontMatrix makes it
	// (see type3Em).
	em float64
	// emUnknown: a Type3 font whose em could not be measured; it takes
	// that of the Type3 fonts beside it (fontCache.siblingEm).
	emUnknown bool
}

func newFontInfo(v pdf.Value) *fontInfo {
	f := &fontInfo{decoded: map[string]string{}, m0: 0.001, em: 1}
	base := v.Key("BaseFont").Name()
	if i := strings.IndexByte(base, '+'); i >= 0 {
		base = base[i+1:]
	}
	f.name = base
	lb := strings.ToLower(base)
	f.bold = strings.Contains(lb, "bold") || strings.Contains(lb, "black") || strings.Contains(lb, "heavy") || strings.Contains(lb, "semibold")
	desc := v.Key("FontDescriptor")
	if v.Key("Subtype").Name() == "Type0" {
		f.twoByte = true
		d := v.Key("DescendantFonts").Index(0)
		desc = d.Key("FontDescriptor")
		f.dw = 1000
		if x := d.Key("DW"); x.Kind() == pdf.Integer || x.Kind() == pdf.Real {
			f.dw = x.Float64()
		}
		f.cidW = map[int]float64{}
		w := d.Key("W")
		for i := 0; i < w.Len(); {
			c := int(w.Index(i).Int64())
			next := w.Index(i + 1)
			if next.Kind() == pdf.Array {
				for j := 0; j < next.Len(); j++ {
					f.cidW[c+j] = next.Index(j).Float64()
				}
				i += 2
				continue
			}
			if i+2 >= w.Len() {
				break
			}
			last := int(next.Int64())
			wd := w.Index(i + 2).Float64()
			for c2 := c; c2 <= last && c2-c < maxCIDRange; c2++ {
				f.cidW[c2] = wd
			}
			i += 3
		}
	} else {
		f.first = int(v.Key("FirstChar").Int64())
		ws := v.Key("Widths")
		for i := 0; i < ws.Len(); i++ {
			f.widths = append(f.widths, ws.Index(i).Float64())
		}
		if len(f.widths) == 0 {
			f.std = std14For(base)
			f.mono = strings.HasPrefix(base, "Courier")
		}
		if v.Key("Subtype").Name() == "Type3" {
			if m := v.Key("FontMatrix"); m.Len() >= 1 {
				f.m0 = m.Index(0).Float64()
			}
		}
	}
	if desc.Kind() == pdf.Dict {
		if fw := desc.Key("FontWeight"); fw.Kind() != pdf.Null && fw.Float64() >= boldWeight {
			f.bold = true
		}
		if flags := desc.Key("Flags").Int64(); flags&(1<<18) != 0 { // ForceBold
			f.bold = true
		}
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		f.uni = parseToUnicode(tu, v)
	}
	font := pdf.Font{V: v}
	f.enc = font.Encoder()
	if f.enc == nil {
		f.enc = passthrough{}
	}
	// The reader knows no built-in encoding but the standard one: Symbol
	// and ZapfDingbats without an encoding of their own read by their
	// fonts' built-in ones.
	if !f.twoByte && v.Key("Encoding").IsNull() {
		switch {
		case isSymbolFont(base):
			f.enc = symbolEncoder{}
		case isDingbatsFont(base):
			f.enc = dingbatsEncoder{}
		}
	}
	if v.Key("Subtype").Name() == "Type3" {
		f.em, f.emUnknown = type3Em(v, f)
	}
	return f
}

// Type3 em estimate (type3Em).
const (
	// capHeightEm, xHeightEm: the height of a capital letter and of a
	// lower-case letter without ascender in ems (Helvetica 0.72 and 0.52,
	// Times 0.66 and 0.45, Arial 0.72 and 0.52).
	capHeightEm = 0.7
	xHeightEm   = 0.5
	// type3EmTol: an em estimate within a quarter of the FontMatrix's own
	// unit is that unit (a Type3 copy of a 1000-unit font, as ReportMill
	// and Skia write them), so that fonts whose size was right stay so.
	type3EmTol = 1.25
	// type3Samples: this many letters measured are enough.
	type3Samples = 9
)

// type3Em returns the height of a Type3 font's em in text space units. A
// Type3 font draws each glyph with a content stream in a glyph space that
// its FontMatrix maps to text space (PDF 32000-1 9.6.5); nothing says how
// large an em is in it. Fonts converted from outlines use a 1000- or
// 2048-unit em with a matching matrix (an em of one text space unit, as
// for every other font), but bitmap fonts (PDFlib on z/OS, AFP printers)
// count in device pixels: PDFlib's 0.0042 matrix at a size of 58 draws
// letters of 9-point type, and the size read as 58 made word gaps and
// line distances look 6 times too small. The em is measured instead from
// the glyphs' bounding boxes (the d1 operator that starts a glyph's
// stream): the median top of the capitals is the cap height, else that of
// x-height letters is the x-height. 1 and unknown when neither can be
// measured.
func type3Em(v pdf.Value, f *fontInfo) (em float64, unknown bool) {
	fm := v.Key("FontMatrix")
	if fm.Len() != 6 {
		return 1, true
	}
	// The matrix's vertical scale, with its sign: Skia draws glyphs with
	// y running down and a matrix that turns them up again.
	scale := fm.Index(3).Float64()
	procs := v.Key("CharProcs")
	if scale == 0 || procs.Kind() != pdf.Dict {
		return 1, true
	}
	// Glyph names by code: the encoding's Differences over the letters'
	// own names, which every standard encoding gives them.
	var names [256]string
	for c := 'A'; c <= 'z'; c++ {
		if c <= 'Z' || c >= 'a' {
			names[c] = string(c)
		}
	}
	if d := v.Key("Encoding").Key("Differences"); d.Kind() == pdf.Array {
		code := -1
		for i := 0; i < d.Len(); i++ {
			switch x := d.Index(i); x.Kind() {
			case pdf.Integer:
				code = int(x.Int64())
			case pdf.Name:
				if code >= 0 && code < 256 {
					names[code] = x.Name()
				}
				code++
			}
		}
	}
	var caps, smalls []float64
	for code, name := range names {
		if name == "" || len(caps) >= type3Samples {
			continue
		}
		// The letter a glyph draws: its name, else its decoded text
		// (ReportMill names glyphs by number, "100" for "d").
		letter := name
		if len(letter) != 1 {
			letter = f.decode(string([]byte{byte(code)}))
		}
		isCap := len(letter) == 1 && letter[0] >= 'A' && letter[0] <= 'Z'
		isSmall := len(letter) == 1 && strings.Contains("acemnorsuvwxz", letter)
		if !isCap && !(isSmall && len(smalls) < type3Samples) {
			continue
		}
		lly, ury, ok := type3GlyphBox(procs.Key(name))
		// The top of the glyph above the baseline, in text space.
		top := math.Max(lly*scale, ury*scale)
		if !ok || top <= 0 {
			continue
		}
		if isCap {
			caps = append(caps, top)
		} else {
			smalls = append(smalls, top)
		}
	}
	switch {
	case len(caps) > 0:
		em = median(caps) / capHeightEm
	case len(smalls) > 0:
		em = median(smalls) / xHeightEm
	default:
		return 1, true
	}
	if em > 1/type3EmTol && em < type3EmTol {
		return 1, false
	}
	return em, false
}

// type3GlyphBox returns the bottom and top of a Type3 glyph's bounding box
// in glyph space: lly and ury of the "wx wy llx lly urx ury d1" that starts
// its stream.
func type3GlyphBox(proc pdf.Value) (lly, ury float64, ok bool) {
	if proc.Kind() != pdf.Stream {
		return 0, 0, false
	}
	data, err := contentBytes(proc)
	if err != nil && len(data) == 0 {
		return 0, 0, false
	}
	first := true
	_ = lexContent(data, func(args []operand, op string) {
		if !first {
			return
		}
		first = false
		if op == "d1" && len(args) == 6 {
			lly, ury, ok = args[3].Float64(), args[5].Float64(), true
		}
	})
	return lly, ury, ok
}

// median returns the middle value of xs (the upper one of an even count);
// xs is sorted in place.
func median(xs []float64) float64 {
	sort.Float64s(xs)
	return xs[len(xs)/2]
}

// fontCache holds a document's decoded fonts (widths, ToUnicode map,
// encoding) so that pages that share a font share one decoding instead of
// parsing its CMap and widths again on every page. byDict keys a font by the
// text of its dictionary, which names its descriptor, widths and maps by
// object number or holds them inline; byRes keys it by the text of the
// page's /Font resource dictionary and the font's name there, which spares
// resolving the font object again (the reader caches no object and inflates
// a whole object stream for each one it resolves).
type fontCache struct {
	byDict map[string]*fontInfo
	byRes  map[string]*fontInfo
}

func newFontCache() *fontCache {
	return &fontCache{byDict: map[string]*fontInfo{}, byRes: map[string]*fontInfo{}}
}

// font returns the font named name in the /Font resource dictionary fonts
// (whose text is fontsKey).
func (c *fontCache) font(fonts pdf.Value, fontsKey, name string) *fontInfo {
	rk := fontsKey + "\x00" + name
	if f, ok := c.byRes[rk]; ok {
		return f
	}
	v := fonts.Key(name)
	key := v.String()
	f, ok := c.byDict[key]
	if !ok {
		f = newFontInfo(v)
		c.byDict[key] = f // before siblingEm, which may ask for f again
		if f.emUnknown {
			f.em = c.siblingEm(fonts, fontsKey, name, v.Key("FontMatrix").String())
		}
	}
	c.byRes[rk] = f
	return f
}

// siblingEm returns the median em of the measured Type3 fonts with the
// FontMatrix fm in the resource dictionary fonts, for its font name whose
// em could not be measured (a font of bullets only), else 1: one
// producer's fonts count in one unit (PDFlib's bitmap fonts in pixels), so
// a bullet is not read at six times its size.
func (c *fontCache) siblingEm(fonts pdf.Value, fontsKey, name, fm string) float64 {
	var ems []float64
	for _, k := range fonts.Keys() {
		if k == name {
			continue
		}
		sv := fonts.Key(k)
		if sv.Key("Subtype").Name() != "Type3" || sv.Key("FontMatrix").String() != fm {
			continue
		}
		if sf := c.font(fonts, fontsKey, k); !sf.emUnknown {
			ems = append(ems, sf.em)
		}
	}
	if len(ems) == 0 {
		return 1
	}
	return median(ems)
}

type passthrough struct{}

func (passthrough) Decode(raw string) string { return raw }

func std14For(base string) *[256]uint16 {
	if w, ok := std14Widths[base]; ok {
		return w
	}
	switch {
	case strings.HasPrefix(base, "Arial") || strings.HasPrefix(base, "Helvetica"):
		return std14Widths["Helvetica"]
	case strings.HasPrefix(base, "Times"):
		return std14Widths["Times-Roman"]
	}
	return nil
}

// width returns the advance of a code in glyph space units (1/1000 em).
func (f *fontInfo) width(code string) float64 {
	c := 0
	for i := 0; i < len(code); i++ {
		c = c<<8 | int(code[i])
	}
	switch {
	case f.twoByte:
		if w, ok := f.cidW[c]; ok {
			return w
		}
		return f.dw
	case len(f.widths) > 0:
		if i := c - f.first; i >= 0 && i < len(f.widths) {
			return f.widths[i]
		}
		return 0
	case f.mono:
		return 600
	case f.std != nil && c < 256:
		return float64(f.std[c])
	}
	return 500 // unknown metrics: an average glyph
}

func (f *fontInfo) decode(code string) string {
	if s, ok := f.decoded[code]; ok {
		return s
	}
	s, ok := "", false
	if f.uni != nil {
		s, ok = f.uni.lookup(code)
	}
	if !ok {
		s = f.enc.Decode(code)
	}
	f.decoded[code] = s
	return s
}

type matrix [3][3]float64

var identity = matrix{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}

// mul multiplies two affine matrices (third column 0 0 1, as every PDF
// matrix is); it runs for every glyph, hence no general 3x3 product.
func (a matrix) mul(b matrix) matrix {
	return matrix{
		{a[0][0]*b[0][0] + a[0][1]*b[1][0], a[0][0]*b[0][1] + a[0][1]*b[1][1], 0},
		{a[1][0]*b[0][0] + a[1][1]*b[1][0], a[1][0]*b[0][1] + a[1][1]*b[1][1], 0},
		{a[2][0]*b[0][0] + a[2][1]*b[1][0] + b[2][0], a[2][0]*b[0][1] + a[2][1]*b[1][1] + b[2][1], 1},
	}
}

// matrixOf reads the six numbers a b c d e f of a PDF matrix.
func matrixOf[V interface{ Float64() float64 }](v []V) matrix {
	m := matrix{{0, 0, 0}, {0, 0, 0}, {0, 0, 1}}
	for i := 0; i < 6; i++ {
		m[i/2][i%2] = v[i].Float64()
	}
	return m
}

type gstate struct {
	ctm                matrix
	tm, tlm            matrix
	font               *fontInfo
	size               float64
	tc, tw, th, tl, ts float64
	mode               int
}

// pageGlyphs interprets a page's content stream (and the form XObjects it
// draws) and returns its glyphs plus how many images it paints. Malformed
// operators are skipped rather than trusted; when the stream itself breaks
// off (its compressed data is damaged), the glyphs read until then are kept
// and err says what happened.
//
// At most maxGlyphs glyphs are read; a page with more gives errGlyphLimit
// (unless the stream also broke off) with the glyphs up to the limit.
//
// Fonts are decoded once per document: cache holds them by their
// dictionary (see fontCache). The glyphs are appended to buf[:0], so a
// caller that is done with one page's glyphs lends their array to the next
// (growing it page by page was a third of the interpreter's time).
func pageGlyphs(p pdf.Page, maxGlyphs int, cache *fontCache, buf []glyph) (glyphs []glyph, images int, err error) {
	glyphs = buf[:0]
	fonts := map[string]*fontInfo{}
	truncated := false
	var run func(strm pdf.Value, res pdf.Value, ctm matrix, depth int) error
	run = func(strm pdf.Value, res pdf.Value, ctm matrix, depth int) error {
		g := gstate{ctm: ctm, th: 1, tm: identity, tlm: identity}
		var stack []gstate
		var fontRes pdf.Value
		fontResKey := ""
		fontOf := func(name string) *fontInfo {
			key := name
			if depth > 0 {
				key = name + "@" + res.String()
			}
			if f, ok := fonts[key]; ok {
				return f
			}
			if fontResKey == "" {
				fontRes = res.Key("Font")
				fontResKey = "fonts:" + fontRes.String()
			}
			f := cache.font(fontRes, fontResKey, name)
			fonts[key] = f
			return f
		}
		show := func(raw string) {
			f := g.font
			if f == nil {
				return
			}
			step := 1
			if f.twoByte {
				step = 2
			}
			// The text rendering matrix of glyph k is S·T(d)·tm·ctm, with S
			// the size, scaling and rise and T(d) the advance d so far along
			// the line: tm·ctm is multiplied once per string, not per glyph.
			m := g.tm.mul(g.ctm)
			a := g.size * g.th
			scale := math.Abs(a) * math.Hypot(m[0][0], m[0][1])
			vscale := math.Abs(g.size) * math.Hypot(m[1][0], m[1][1]) * f.em
			d := 0.0
			dx, dy := 1.0, 0.0
			if n := math.Hypot(m[0][0], m[0][1]); n > 0 && (m[0][1] != 0 || m[0][0] < 0) {
				dx, dy = m[0][0]/n, m[0][1]/n
				if a < 0 {
					dx, dy = -dx, -dy
				}
			}
			defer func() { g.tm = matrix{{1, 0, 0}, {0, 1, 0}, {d, 0, 1}}.mul(g.tm) }()
			for i := 0; i+step <= len(raw); i += step {
				start := i == 0
				if len(glyphs) >= maxGlyphs {
					truncated = true
					return
				}
				code := raw[i : i+step]
				w0 := f.width(code) * f.m0
				text := f.decode(code)
				glyphs = append(glyphs, glyph{
					x:  d*m[0][0] + g.ts*m[1][0] + m[2][0],
					y:  d*m[0][1] + g.ts*m[1][1] + m[2][1],
					w:  w0 * scale,
					dx: dx, dy: dy,
					size: vscale, text: text, bold: f.bold || g.mode == 2,
					space: text == " " || text == "\u00a0", start: start,
				})
				tx := (w0*g.size + g.tc) * g.th
				if step == 1 && code == " " { // word spacing applies to code 32
					tx += g.tw * g.th
				}
				d += tx
			}
		}
		num := func(v operand) float64 { return v.Float64() }
		// Operators that set one number of the text state.
		scalars := map[string]*float64{"Tc": &g.tc, "Tw": &g.tw, "Tz": &g.th, "TL": &g.tl, "Ts": &g.ts}
		data, rerr := contentBytes(strm)
		lerr := lexContent(data, func(args []operand, op string) {
			need := func(k int) bool { return len(args) >= k }
			if p, ok := scalars[op]; ok {
				if need(1) {
					*p = num(args[len(args)-1])
					if op == "Tz" {
						g.th /= 100
					}
				}
				return
			}
			switch op {
			case "q":
				stack = append(stack, g)
			case "Q":
				if len(stack) > 0 {
					g = stack[len(stack)-1]
					stack = stack[:len(stack)-1]
				}
			case "cm":
				if need(6) {
					g.ctm = matrixOf(args[len(args)-6:]).mul(g.ctm)
				}
			case "BT":
				g.tm, g.tlm = identity, identity
			case "Tf":
				if need(2) {
					g.font = fontOf(args[len(args)-2].Name())
					g.size = num(args[len(args)-1])
				}
			case "Tr":
				if need(1) {
					g.mode = int(args[len(args)-1].Float64())
				}
			case "Td", "TD":
				if need(2) {
					tx, ty := num(args[len(args)-2]), num(args[len(args)-1])
					if op == "TD" {
						g.tl = -ty
					}
					g.tlm = matrix{{1, 0, 0}, {0, 1, 0}, {tx, ty, 1}}.mul(g.tlm)
					g.tm = g.tlm
				}
			case "Tm":
				if need(6) {
					m := matrixOf(args[len(args)-6:])
					g.tm, g.tlm = m, m
				}
			case "T*":
				g.tlm = matrix{{1, 0, 0}, {0, 1, 0}, {0, -g.tl, 1}}.mul(g.tlm)
				g.tm = g.tlm
			case "Tj":
				if need(1) {
					show(args[len(args)-1].RawString())
				}
			case "'", "\"":
				if op == "\"" && need(3) {
					g.tw, g.tc = num(args[len(args)-3]), num(args[len(args)-2])
				}
				g.tlm = matrix{{1, 0, 0}, {0, 1, 0}, {0, -g.tl, 1}}.mul(g.tlm)
				g.tm = g.tlm
				if need(1) {
					show(args[len(args)-1].RawString())
				}
			case "TJ":
				if !need(1) {
					return
				}
				for _, x := range args[len(args)-1].arr {
					if x.kind == opString {
						show(x.str)
					} else {
						tx := -num(x) / 1000 * g.size * g.th
						g.tm = matrix{{1, 0, 0}, {0, 1, 0}, {tx, 0, 1}}.mul(g.tm)
					}
				}
			case "BI":
				images++
			case "Do":
				if !need(1) {
					return
				}
				xo := res.Key("XObject").Key(args[len(args)-1].Name())
				switch xo.Key("Subtype").Name() {
				case "Image":
					images++
				case "Form":
					if depth < maxFormDepth {
						m := identity
						if fm := xo.Key("Matrix"); fm.Len() == 6 {
							m = matrixOf([]pdf.Value{fm.Index(0), fm.Index(1), fm.Index(2), fm.Index(3), fm.Index(4), fm.Index(5)})
						}
						r := xo.Key("Resources")
						if r.Kind() == pdf.Null {
							r = res
						}
						if err := run(xo, r, m.mul(g.ctm), depth+1); err != nil && rerr == nil {
							rerr = fmt.Errorf("form %s: %w", args[len(args)-1].Name(), err)
						}
					}
				}
			}
		})
		if rerr == nil {
			rerr = lerr
		}
		return rerr
	}
	contents := p.V.Key("Contents")
	if contents.IsNull() {
		// A page without /Contents is blank (a cover or separator page),
		// not damaged.
		return nil, 0, nil
	}
	err = func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("content damaged after %d characters: %v", len(glyphs), r)
			}
		}()
		if err := run(contents, p.Resources(), identity, 0); err != nil {
			return fmt.Errorf("content damaged after %d characters: %w", len(glyphs), err)
		}
		return nil
	}()
	if err == nil && truncated {
		err = fmt.Errorf("%w after %d characters", errGlyphLimit, maxGlyphs)
	}
	return glyphs, images, err
}

// maxContentBytes bounds the decoded content of one page or form: a few
// kilobytes of compressed zeros can decode to gigabytes, and no real page
// needs more than a few megabytes.
const maxContentBytes = 64 << 20

// contentBytes reads a content stream, or the streams of an array joined by
// line ends (PDF 32000-1 7.8.2: the division falls between tokens), decoded.
// When decoding fails part way, the bytes before the failure are returned
// with the error: the page keeps the text before the damage.
func contentBytes(strm pdf.Value) (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	streams := []pdf.Value{strm}
	switch strm.Kind() {
	case pdf.Stream:
	case pdf.Array:
		streams = streams[:0]
		for i := 0; i < strm.Len(); i++ {
			streams = append(streams, strm.Index(i))
		}
	default:
		return nil, fmt.Errorf("the content is no stream")
	}
	var b bytes.Buffer
	for i, s := range streams {
		if i > 0 {
			b.WriteByte('\n')
		}
		if s.Kind() != pdf.Stream {
			continue // a null or damaged entry of the array: nothing drawn
		}
		rd := s.Reader()
		_, err := b.ReadFrom(io.LimitReader(rd, int64(maxContentBytes-b.Len()+1)))
		rd.Close()
		if err != nil {
			return b.Bytes(), err
		}
		if b.Len() > maxContentBytes {
			return b.Bytes()[:maxContentBytes], fmt.Errorf("more than %d MiB of content", maxContentBytes>>20)
		}
	}
	return b.Bytes(), nil
}
