package report

import (
	"fmt"
	"hash/fnv"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Charts are inline SVG without an xmlns URL (HTML does not need one and the
// report contains no URLs at all). Every chart is an image with a <title>
// and a <desc> that spells out the data, and prints its values on the chart,
// so nothing is encoded by colour alone.

const (
	chartFont  = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
	barColour  = "#2b6cb0"
	trackColor = "#e8edf3"
	inkColour  = "#1a202c"
)

// esc escapes text for SVG content and attributes; html/template's
// escaping produces numeric references that are valid XML too.
func esc(s string) string { return template.HTMLEscapeString(s) }

// chartID derives a stable element id from the chart's content, so the same
// data gives the same output and different charts in one page differ.
func chartID(kind, title string, parts ...string) string {
	h := fnv.New64a()
	h.Write([]byte(kind + "\x00" + title))
	for _, p := range parts {
		h.Write([]byte("\x00" + p))
	}
	return fmt.Sprintf("%s-%x", kind, h.Sum64())
}

// shorten cuts a label to n runes with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// textWidth estimates the width of text in px at font size 12, erring on
// the wide side: system-ui is often DejaVu Sans on Linux, one of the widest
// sans fonts, and a label that is estimated too narrow is clipped at the
// chart's edge ("West-Vlaanderen" lost its W).
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case strings.ContainsRune("iljtfrI.,:;'!|() -\u00a0", r):
			w += 4.4
		case r == 'm' || r == 'w' || r == 'M' || r == 'W' || r == '%':
			w += 11.5
		case r >= 'A' && r <= 'Z':
			w += 8.8
		default:
			w += 7.7
		}
	}
	return w
}

// titleWidth estimates the width of a chart title: bold, cut to 80 runes.
func titleWidth(title string) float64 { return textWidth(shorten(title, 80))*1.1 + 4 }

// wrapLabel breaks a label at spaces into lines of at most n runes, so long
// labels ("maatschappelijke bewegingsfunctie") show whole instead of cut; a
// word longer than n keeps its own line, and a no-break space (U+00A0)
// keeps what it joins on one line.
func wrapLabel(s string, n int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Split(s, " ") {
		switch {
		case w == "":
		case cur == "":
			cur = w
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) <= n:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// linesWidth is the estimated width of the widest line.
func linesWidth(lines []string) float64 {
	w := 0.0
	for _, l := range lines {
		w = math.Max(w, textWidth(l))
	}
	return w
}

const lineH = 14.0

// writeLabel writes a right-aligned label ending at x whose lines are
// centred on y: one <text>, with a <tspan> per line when it wraps.
func writeLabel(b *strings.Builder, x, y float64, lines []string) {
	top := y - float64(len(lines)-1)*lineH/2
	if len(lines) == 1 {
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end" fill="%s">%s</text>`, f1(x), f1(top+4), inkColour, esc(lines[0]))
		return
	}
	fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end" fill="%s">`, f1(x), f1(top+4), inkColour)
	for i, l := range lines {
		dy := "0"
		if i > 0 {
			dy = f1(lineH)
		}
		fmt.Fprintf(b, `<tspan x="%s" dy="%s">%s</tspan>`, f1(x), dy, esc(l))
	}
	b.WriteString(`</text>`)
}

// num formats a number the Dutch way: integers plain, else up to two
// decimals with a decimal comma.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return strings.Replace(s, ".", ",", 1)
}

// pct formats a share 0..1 as a whole percentage.
func pct(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	if v > 0 && v < 0.005 {
		return "<1%" // a theme with a few fragments is not "0%"
	}
	return strconv.Itoa(int(math.Round(v*100))) + "%"
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// svgOpen writes the opening of an accessible chart.
func svgOpen(b *strings.Builder, id, class string, w, h float64, title, desc string) {
	fmt.Fprintf(b, `<svg class="%s" role="img" aria-labelledby="%s-t %s-d" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s" font-size="12">`,
		class, id, id, f1(w), f1(h), f1(w), f1(h), chartFont)
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
}

// BarChart draws a horizontal bar chart: one row per label with its bar
// scaled to max (the largest value when max <= 0) and its value written
// after the bar by format (num when nil).
func BarChart(title string, labels []string, values []float64, max float64, format func(float64) string) template.HTML {
	if format == nil {
		format = num
	}
	n := min(len(labels), len(values))
	texts := make([]string, n)
	for i := range texts {
		texts[i] = format(values[i])
	}
	return barChart(title, labels[:n], values[:n], texts, max)
}

// barChart is BarChart with the text after each bar given (e.g. a share
// with the counts behind it).
func barChart(title string, labels []string, values []float64, texts []string, max float64) template.HTML {
	n := min(len(labels), len(values), len(texts))
	if max <= 0 {
		for _, v := range values[:n] {
			max = math.Max(max, v)
		}
	}
	if max <= 0 || math.IsNaN(max) || math.IsInf(max, 0) {
		max = 1
	}
	const (
		rowH   = 22.0
		barH   = 14.0
		barW   = 220.0
		top    = 26.0
		pad    = 6.0
		valueW = 90.0
	)
	shown := make([][]string, n)
	rowTop := make([]float64, n+1)
	rowTop[0] = top
	labelW := 40.0
	var descParts []string
	for i := 0; i < n; i++ {
		shown[i] = wrapLabel(labels[i], 26)
		labelW = math.Max(labelW, linesWidth(shown[i]))
		descParts = append(descParts, labels[i]+": "+texts[i])
		rowTop[i+1] = rowTop[i] + math.Max(rowH, float64(len(shown[i]))*lineH+8)
	}
	labelW += 2 * pad
	valW := valueW
	for _, t := range texts[:n] {
		valW = math.Max(valW, textWidth(t)+2*pad)
	}
	width := math.Max(labelW+barW+valW, titleWidth(title))
	height := rowTop[n] + pad
	desc := strings.Join(descParts, "; ")
	if n == 0 {
		desc = "geen gegevens"
		height = top + rowH
	}
	var b strings.Builder
	svgOpen(&b, chartID("bar", title, descParts...), "chart bar", width, height, title, desc)
	fmt.Fprintf(&b, `<text x="0" y="16" font-weight="600" fill="%s">%s</text>`, inkColour, esc(shorten(title, 80)))
	if n == 0 {
		fmt.Fprintf(&b, `<text x="0" y="%s" fill="%s">geen gegevens</text>`, f1(top+15), inkColour)
	}
	for i := 0; i < n; i++ {
		mid := (rowTop[i] + rowTop[i+1] - (rowH - barH)) / 2
		y := mid - barH/2
		v := values[i]
		if math.IsNaN(v) || v < 0 {
			v = 0
		}
		w := math.Min(v/max, 1) * barW
		b.WriteString(`<g>`)
		writeLabel(&b, labelW-pad, mid, shown[i])
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, f1(labelW), f1(y), f1(barW), f1(barH), trackColor)
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, f1(labelW), f1(y), f1(w), f1(barH), barColour)
		fmt.Fprintf(&b, `<text x="%s" y="%s" fill="%s">%s</text></g>`, f1(labelW+barW+pad), f1(mid+4), inkColour, esc(texts[i]))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Heatmap draws a table of cells shaded by value (darker is more) with
// every value written in its cell; rows and cols label it.
func Heatmap(title string, rows, cols []string, cells [][]float64) template.HTML {
	return heatmap(title, rows, cols, cells, num)
}

func heatmap(title string, rows, cols []string, cells [][]float64, format func(float64) string) template.HTML {
	const (
		minCellW = 64.0
		cellH    = 26.0
		pad      = 6.0
		top      = 24.0
	)
	maxV := 0.0
	for _, r := range cells {
		for _, v := range r {
			if !math.IsNaN(v) {
				maxV = math.Max(maxV, v)
			}
		}
	}
	if maxV <= 0 {
		maxV = 1
	}
	rowW := 40.0
	shownRows := make([][]string, len(rows))
	rowTop := make([]float64, len(rows)+1)
	headH := 20.0
	rowTop[0] = top + headH
	for i, r := range rows {
		shownRows[i] = wrapLabel(r, 26)
		rowW = math.Max(rowW, linesWidth(shownRows[i]))
		rowTop[i+1] = rowTop[i] + math.Max(cellH, float64(len(shownRows[i]))*lineH+8)
	}
	rowW += 2 * pad
	cellW := minCellW
	for _, c := range cols {
		cellW = math.Max(cellW, textWidth(c)+8)
	}
	width := math.Max(rowW+float64(len(cols))*cellW+pad, titleWidth(title))
	height := rowTop[len(rows)] + pad
	cell := func(r, c int) (float64, bool) {
		if r < len(cells) && c < len(cells[r]) {
			return cells[r][c], true
		}
		return 0, false
	}
	var descParts []string
	for r, rl := range rows {
		var ps []string
		for c, cl := range cols {
			if v, ok := cell(r, c); ok {
				ps = append(ps, cl+" "+format(v))
			}
		}
		descParts = append(descParts, rl+": "+strings.Join(ps, ", "))
	}
	desc := "Rijen: " + strings.Join(rows, ", ") + ". Kolommen: " + strings.Join(cols, ", ") + ". " + strings.Join(descParts, "; ")
	var b strings.Builder
	svgOpen(&b, chartID("heat", title, append(append([]string{}, cols...), descParts...)...), "chart heatmap", width, height, title, desc)
	fmt.Fprintf(&b, `<text x="0" y="16" font-weight="600" fill="%s">%s</text>`, inkColour, esc(shorten(title, 80)))
	for c, cl := range cols {
		x := rowW + float64(c)*cellW + cellW/2
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, f1(x), f1(top+headH-6), inkColour, esc(cl))
	}
	for r, rl := range shownRows {
		y := rowTop[r]
		cellH := rowTop[r+1] - rowTop[r]
		b.WriteString(`<g>`)
		writeLabel(&b, rowW-pad, y+cellH/2, rl)
		for c := range cols {
			v, ok := cell(r, c)
			x := rowW + float64(c)*cellW
			t := 0.0
			if ok && !math.IsNaN(v) && v > 0 {
				t = math.Min(v/maxV, 1)
			}
			fill, ink := shade(t)
			label := "–"
			if ok {
				label = format(v)
			}
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#ffffff"/>`, f1(x), f1(y), f1(cellW), f1(cellH), fill)
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, f1(x+cellW/2), f1(y+cellH/2+4), ink, esc(label))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// shade interpolates from a pale to a dark blue and picks a text colour
// that contrasts with it.
func shade(t float64) (fill, ink string) {
	from := [3]float64{0xf1, 0xf5, 0xfa}
	to := [3]float64{0x1e, 0x4e, 0x8c}
	var c [3]int
	for i := range c {
		c[i] = int(math.Round(from[i] + (to[i]-from[i])*t))
	}
	ink = inkColour
	if t > 0.55 {
		ink = "#ffffff"
	}
	return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2]), ink
}

// miniBar is the small bar in the overview table: the share as a filled
// part of a track, the share itself printed next to it in the table.
func miniBar(label string, share, top float64) template.HTML {
	const w, h = 120.0, 12.0
	if math.IsNaN(share) || share < 0 {
		share = 0
	}
	share = math.Min(share, 1)
	title := label + ": " + pct(share) + " van de gecodeerde fragmenten"
	scaled := 0.0
	if top > 0 {
		scaled = math.Min(share/top, 1)
	}
	id := chartID("mini", title)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="mini" role="img" aria-labelledby="%s-t" width="%s" height="%s" viewBox="0 0 %s %s">`, id, f1(w), f1(h), f1(w), f1(h))
	fmt.Fprintf(&b, `<title id="%s-t">%s</title>`, id, esc(title))
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%s" height="%s" fill="%s"/>`, f1(w), f1(h), trackColor)
	fmt.Fprintf(&b, `<rect x="0" y="0" width="%s" height="%s" fill="%s"/>`, f1(w*scaled), f1(h), barColour)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
