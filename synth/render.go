package synth

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
)

// renderMarkdown renders d as CommonMark with ATX headings, "- " lists and
// a pipe table. Page breaks have no Markdown equivalent and are dropped.
func renderMarkdown(d *document) []byte {
	var b strings.Builder
	first := true
	for _, bl := range d.blocks {
		if bl.kind == kPageBreak {
			continue
		}
		if !first {
			b.WriteString("\n")
		}
		first = false
		switch bl.kind {
		case kHeading:
			b.WriteString(strings.Repeat("#", bl.level) + " " + bl.text + "\n")
		case kPara:
			b.WriteString(bl.text + "\n")
		case kList:
			for _, it := range bl.items {
				b.WriteString("- " + it + "\n")
			}
		case kTable:
			for i, r := range bl.rows {
				b.WriteString("| " + strings.Join(r, " | ") + " |\n")
				if i == 0 {
					b.WriteString("|")
					for j := range r {
						if j == 0 {
							b.WriteString(" --- |")
						} else {
							b.WriteString(" ---: |")
						}
					}
					b.WriteString("\n")
				}
			}
		}
	}
	return []byte(b.String())
}

// txtStyle controls the plain-text rendering.
type txtStyle struct {
	upperL1 bool // level-1 headings in UPPER CASE
	wrap    int  // hard-wrap paragraphs at this width (0 = one line per paragraph)
	page    int  // insert a form feed roughly every page lines (0 = no pages)
}

// renderText renders d as plain text: headings as plain lines, paragraphs
// separated by blank lines, "• " bullets, tab-separated tables and, when
// paged, a form feed between pages (never inside a block).
func renderText(d *document, st txtStyle) []byte {
	var chunks [][]string // lines per block
	var breaks []bool     // explicit page break before block
	pending := false
	for _, bl := range d.blocks {
		var lines []string
		switch bl.kind {
		case kPageBreak:
			pending = true
			continue
		case kHeading:
			t := bl.text
			if bl.level == 1 && st.upperL1 {
				t = strings.ToUpper(t)
			}
			lines = []string{t}
		case kPara:
			lines = wrapText(bl.text, st.wrap, "")
		case kList:
			for _, it := range bl.items {
				w := wrapText("• "+it, st.wrap, "  ")
				lines = append(lines, w...)
			}
		case kTable:
			for _, r := range bl.rows {
				lines = append(lines, strings.Join(r, "\t"))
			}
		}
		chunks = append(chunks, lines)
		breaks = append(breaks, pending)
		pending = false
	}
	var b strings.Builder
	used := 0
	for i, lines := range chunks {
		need := len(lines)
		// Keep a heading together with the block that follows it.
		if i+1 < len(chunks) && d != nil && isHeadingChunk(d, i) {
			need += 1 + len(chunks[i+1])
		}
		brk := false
		if st.page > 0 && i > 0 {
			if breaks[i] && used > 8 {
				brk = true
			} else if used > 0 && used+need > st.page {
				brk = true
			}
		}
		if i > 0 {
			b.WriteString("\n")
			used++
		}
		if brk {
			b.WriteString("\f")
			used = 0
		}
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
		used += len(lines)
	}
	return []byte(b.String())
}

// isHeadingChunk reports whether the i-th non-pagebreak block is a heading.
func isHeadingChunk(d *document, i int) bool {
	n := 0
	for _, bl := range d.blocks {
		if bl.kind == kPageBreak {
			continue
		}
		if n == i {
			return bl.kind == kHeading
		}
		n++
	}
	return false
}

// wrapText hard-wraps s at width runes; continuation lines get indent.
func wrapText(s string, width int, indent string) []string {
	if width <= 0 {
		return []string{s}
	}
	var lines []string
	var cur strings.Builder
	curLen := 0
	for _, w := range strings.Fields(s) {
		wl := utf8.RuneCountInString(w)
		switch {
		case curLen == 0:
			cur.WriteString(w)
			curLen = wl
		case curLen+1+wl > width:
			lines = append(lines, cur.String())
			cur.Reset()
			cur.WriteString(indent + w)
			curLen = utf8.RuneCountInString(indent) + wl
		default:
			cur.WriteByte(' ')
			cur.WriteString(w)
			curLen += 1 + wl
		}
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// htmlChrome is the site boilerplate around an HTML document.
type htmlChrome struct {
	site    string
	year    int
	address string
	navs    []string
}

// renderHTML renders d as a complete HTML5 page with site navigation and a
// footer around the article (boilerplate an extractor should drop).
func renderHTML(d *document, c htmlChrome) []byte {
	e := html.EscapeString
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + e(d.title) + " | " + e(c.site) + "</title>\n")
	b.WriteString("<link rel=\"stylesheet\" href=\"/assets/css/site.css\">\n</head>\n<body>\n")
	b.WriteString("<nav class=\"site-nav\" aria-label=\"Hoofdmenu\">\n<ul>\n")
	for _, n := range c.navs {
		b.WriteString("<li><a href=\"/" + slugify(n) + "\">" + e(n) + "</a></li>\n")
	}
	b.WriteString("</ul>\n</nav>\n<main>\n<article>\n")
	for _, bl := range d.blocks {
		switch bl.kind {
		case kHeading:
			t := "h" + string(rune('0'+bl.level))
			b.WriteString("<" + t + ">" + e(bl.text) + "</" + t + ">\n")
		case kPara:
			b.WriteString("<p>" + e(bl.text) + "</p>\n")
		case kList:
			b.WriteString("<ul>\n")
			for _, it := range bl.items {
				b.WriteString("<li>" + e(it) + "</li>\n")
			}
			b.WriteString("</ul>\n")
		case kTable:
			b.WriteString("<table>\n")
			for i, r := range bl.rows {
				cell := "td"
				if i == 0 {
					cell = "th"
					b.WriteString("<thead>\n")
				}
				if i == 1 {
					b.WriteString("<tbody>\n")
				}
				b.WriteString("<tr>")
				for _, x := range r {
					b.WriteString("<" + cell + ">" + e(x) + "</" + cell + ">")
				}
				b.WriteString("</tr>\n")
				if i == 0 {
					b.WriteString("</thead>\n")
				}
			}
			if len(bl.rows) > 1 {
				b.WriteString("</tbody>\n")
			}
			b.WriteString("</table>\n")
		}
	}
	b.WriteString("</article>\n</main>\n<footer class=\"site-footer\">\n")
	b.WriteString("<p>© " + strconv.Itoa(c.year) + " " + e(c.site) + " vzw – " + e(c.address) + "</p>\n")
	b.WriteString("<p><a href=\"/privacyverklaring\">Privacyverklaring</a> | <a href=\"/cookiebeleid\">Cookiebeleid</a> | <a href=\"/contact\">Contact</a></p>\n")
	b.WriteString("<p>Met de steun van de Vlaamse overheid. Volg ons op Facebook en Instagram.</p>\n")
	b.WriteString("</footer>\n</body>\n</html>\n")
	return []byte(b.String())
}
