package pdftext

import (
	"bytes"
	"fmt"
	"io"
	"math"
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
}

func newFontInfo(v pdf.Value) *fontInfo {
	f := &fontInfo{decoded: map[string]string{}, m0: 0.001}
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
	return f
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
		c.byDict[key] = f
	}
	c.byRes[rk] = f
	return f
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
			vscale := math.Abs(g.size) * math.Hypot(m[1][0], m[1][1])
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
