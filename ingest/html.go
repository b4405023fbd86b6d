package ingest

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
)

// htmlExtractor reads HTML and XHTML pages.
type htmlExtractor struct{}

// Format implements Extractor.
func (htmlExtractor) Format() string { return "html" }

// Extract implements Extractor. Only the page's main content is read: inside
// <main> (or <article>, or role="main") when there is one, and without
// navigation, scripts, forms and hidden elements.
func (htmlExtractor) Extract(ctx context.Context, data []byte) (*Extracted, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%w: the file is empty", ErrEmpty)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Random or binary bytes named .html decode to "text" full of control
	// characters that the parser would happily turn into paragraphs. The
	// bytes are judged, except UTF-16, whose NULs are its encoding; a stray
	// NUL in a real page is tolerated, as browsers do.
	utf16 := htmlUTF16(data)
	if !utf16 {
		if err := checkNotBinary(data, false); err != nil {
			return nil, err
		}
	}
	text, warnings := htmlDecode(data)
	if utf16 {
		if err := checkNotBinary(text, false); err != nil {
			return nil, err
		}
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		// The parser refuses trees more than 512 elements deep, which
		// sloppy pages full of unclosed <div>s reach: keep their text.
		return htmlFlatExtract(ctx, text, append(warnings, fmt.Sprintf("the page could not be parsed as a tree (%v): read without lists and tables", err)))
	}
	x := &Extracted{Title: htmlTitle(doc), Warnings: warnings}
	body := htmlFind(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	if body == nil {
		body = doc
	}
	w := &htmlWalker{ctx: ctx, cur: htmlContainer{kind: KindParagraph}}
	if roots := htmlMainRoots(body); len(roots) > 0 {
		// Inside main content a <header> belongs to an article, not to the
		// site, so it is kept.
		w.sectioning = 1
		for _, r := range roots {
			w.walk(r)
			w.flush()
		}
		if w.err != nil {
			return nil, w.err
		}
	}
	if len(w.blocks) == 0 {
		// No main element, or it was empty while the rest of the page is not
		// (a stray empty <main> in a template): read the whole body.
		w = &htmlWalker{ctx: ctx, cur: htmlContainer{kind: KindParagraph}}
		w.walk(body)
		w.flush()
		if w.err != nil {
			return nil, w.err
		}
	}
	if len(w.blocks) == 0 {
		return nil, fmt.Errorf("%w: the HTML page has no text outside navigation, scripts, forms and hidden elements", ErrEmpty)
	}
	x.Blocks = w.blocks
	return x, nil
}

// htmlDecode turns the page's bytes into UTF-8 text, honouring a BOM or a
// declared charset, and repairs what it must, saying so in warnings.
func htmlDecode(data []byte) (string, []string) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		data = data[3:]
		if utf8.Valid(data) {
			return string(data), nil
		}
		return strings.ToValidUTF8(string(data), "\uFFFD"),
			[]string{"starts with a UTF-8 byte order mark but is not valid UTF-8: invalid bytes replaced with U+FFFD"}
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		label := "utf-16le"
		if data[0] == 0xfe {
			label = "utf-16be"
		}
		if e, _ := charset.Lookup(label); e != nil {
			if out, err := e.NewDecoder().Bytes(data[2:]); err == nil {
				return strings.ToValidUTF8(string(out), "\uFFFD"), nil
			}
		}
	default:
		if e, name := sniffUTF16(data); e != nil {
			if out, err := e.NewDecoder().Bytes(data); err == nil {
				return strings.ToValidUTF8(string(out), "\uFFFD"),
					[]string{fmt.Sprintf("no byte order mark, but every other byte is NUL: read as %s", name)}
			}
		}
	}
	var warnings []string
	valid := utf8.Valid(data)
	if label := htmlDeclaredCharset(data); label != "" {
		e, name := charset.Lookup(label)
		switch {
		case e == nil:
			warnings = append(warnings, fmt.Sprintf("unknown charset %q declared: ignored", label))
		case name == "utf-8" || strings.HasPrefix(name, "utf-16"):
			// A meta tag that says UTF-16 is necessarily wrong, since it was
			// readable as ASCII; browsers read such pages as UTF-8 too.
			if valid {
				return string(data), nil
			}
			return strings.ToValidUTF8(string(data), "\uFFFD"),
				append(warnings, "declared UTF-8 but not valid UTF-8: invalid bytes replaced with U+FFFD")
		case valid && htmlHasHighBytes(data):
			// Text in a legacy charset is almost never valid UTF-8 by
			// chance, so this is a UTF-8 page with a stale declaration
			// (common after an editor re-saved a template).
			return string(data), append(warnings, fmt.Sprintf("declared charset %s but the bytes are valid UTF-8: read as UTF-8", name))
		default:
			out, err := e.NewDecoder().Bytes(data)
			if err == nil {
				return strings.ToValidUTF8(string(out), "\uFFFD"), warnings
			}
			warnings = append(warnings, fmt.Sprintf("could not decode as declared charset %s: %v", name, err))
		}
	}
	if valid {
		return string(data), warnings
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil { // cannot happen: every byte maps to a character
		return strings.ToValidUTF8(string(data), "\uFFFD"), append(warnings, "not valid UTF-8: invalid bytes replaced with U+FFFD")
	}
	return string(out), append(warnings, "not valid UTF-8 and no charset declared: decoded as windows-1252")
}

// htmlUTF16 reports whether htmlDecode reads data as UTF-16.
func htmlUTF16(data []byte) bool {
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return true
	}
	e, _ := sniffUTF16(data)
	return e != nil
}

func htmlHasHighBytes(data []byte) bool {
	for _, b := range data {
		if b >= 0x80 {
			return true
		}
	}
	return false
}

var (
	htmlXMLEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']`)
	htmlMetaCharset = regexp.MustCompile(`(?i)charset\s*=\s*["']?([^\s"';>]+)`)
)

// htmlDeclaredCharset returns the charset label a <meta> tag or an XML
// declaration near the start of the page declares, or "".
func htmlDeclaredCharset(data []byte) string {
	// Browsers look at the first 1024 bytes; a little more catches pages with
	// long comments before the meta tag at no real cost.
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	z := html.NewTokenizer(bytes.NewReader(head))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if string(name) == "body" {
			break
		}
		if string(name) != "meta" || !hasAttr {
			continue
		}
		var cs, equiv, content string
		for {
			k, v, more := z.TagAttr()
			switch strings.ToLower(string(k)) {
			case "charset":
				cs = strings.TrimSpace(string(v))
			case "http-equiv":
				equiv = strings.ToLower(strings.TrimSpace(string(v)))
			case "content":
				content = string(v)
			}
			if !more {
				break
			}
		}
		if cs != "" {
			return cs
		}
		if equiv == "content-type" {
			if m := htmlMetaCharset.FindStringSubmatch(content); m != nil {
				return m[1]
			}
		}
	}
	if m := htmlXMLEncoding.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

// htmlFind returns the first node, in document order, for which match is true.
func htmlFind(n *html.Node, match func(*html.Node) bool) *html.Node {
	if match(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := htmlFind(c, match); f != nil {
			return f
		}
	}
	return nil
}

// htmlTitle returns the page's <title>, ignoring SVG titles.
func htmlTitle(doc *html.Node) string {
	t := htmlFind(doc, func(n *html.Node) bool {
		return n.Type == html.ElementNode && n.DataAtom == atom.Title && n.Namespace == ""
	})
	if t == nil {
		return ""
	}
	var b strings.Builder
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// htmlMainRoots returns the elements holding the page's main content: the
// first <main>, else every outermost <article>, else the first element with
// role="main". Nil means none, so the whole body is read.
func htmlMainRoots(body *html.Node) []*html.Node {
	var mains, articles, roles []*html.Node
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || htmlAlwaysSkipped(c) {
				continue
			}
			switch {
			case c.DataAtom == atom.Main:
				mains = append(mains, c)
			case c.DataAtom == atom.Article:
				articles = append(articles, c)
				// Articles inside an article (comments, say) are part of it.
				htmlVisitMainOnly(c, &mains, &roles)
				continue
			case strings.EqualFold(htmlAttr(c, "role"), "main"):
				roles = append(roles, c)
			}
			visit(c)
		}
	}
	visit(body)
	switch {
	case len(mains) > 0:
		return mains[:1]
	case len(articles) > 0:
		return articles
	case len(roles) > 0:
		return roles[:1]
	}
	return nil
}

// htmlVisitMainOnly looks for <main> and role="main" below an article, which
// take precedence over the article itself.
func htmlVisitMainOnly(n *html.Node, mains, roles *[]*html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || htmlAlwaysSkipped(c) {
			continue
		}
		if c.DataAtom == atom.Main {
			*mains = append(*mains, c)
		} else if strings.EqualFold(htmlAttr(c, "role"), "main") {
			*roles = append(*roles, c)
		}
		htmlVisitMainOnly(c, mains, roles)
	}
}

func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func htmlHasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}

// htmlSkipAtoms are elements whose content is never document text.
var htmlSkipAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Nav: true, atom.Aside: true,
	atom.Button: true, atom.Select: true, atom.Iframe: true,
	atom.Textarea: true, atom.Input: true, atom.Datalist: true, atom.Option: true,
	atom.Object: true, atom.Embed: true, atom.Canvas: true, atom.Audio: true, atom.Video: true,
	atom.Head: true, atom.Title: true, atom.Meta: true, atom.Link: true,
}

// htmlAlwaysSkipped reports whether n is dropped wherever it appears.
func htmlAlwaysSkipped(n *html.Node) bool {
	if htmlSkipAtoms[n.DataAtom] {
		return true
	}
	if n.DataAtom == atom.Form && !htmlFormHoldsPage(n) {
		return true
	}
	if htmlHasAttr(n, "hidden") && !strings.EqualFold(htmlAttr(n, "hidden"), "until-found") {
		return true
	}
	if strings.EqualFold(strings.TrimSpace(htmlAttr(n, "aria-hidden")), "true") {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(htmlAttr(n, "role"))) {
	case "navigation", "search":
		return true
	}
	return false
}

// htmlFormHoldsPage reports whether a <form> wraps page content rather than
// input fields: ASP.NET WebForms pages put the whole body in one form.
func htmlFormHoldsPage(form *html.Node) bool {
	return htmlFind(form, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return false
		}
		switch n.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Main, atom.Article:
			return true
		}
		return false
	}) != nil
}

// htmlPageChrome reports whether n is a site-wide header or footer. Inside
// main content or a section they head or close that content instead, as in
// the ARIA mapping of banner and contentinfo.
func htmlPageChrome(n *html.Node, inSection bool) bool {
	role := strings.ToLower(strings.TrimSpace(htmlAttr(n, "role")))
	if role == "banner" || role == "contentinfo" {
		return true
	}
	return (n.DataAtom == atom.Header || n.DataAtom == atom.Footer) && !inSection
}

func htmlHeadingLevel(a atom.Atom) int {
	switch a {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

// htmlParagraphAtoms end the inline text before them and their own text is a
// paragraph.
var htmlParagraphAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Blockquote: true,
	atom.Dd: true, atom.Dt: true, atom.Dl: true, atom.Figcaption: true, atom.Figure: true,
	atom.Pre: true, atom.Address: true, atom.Article: true, atom.Main: true,
	atom.Header: true, atom.Footer: true, atom.Details: true, atom.Summary: true,
	atom.Hgroup: true, atom.Center: true, atom.Fieldset: true, atom.Legend: true,
	atom.Hr: true, atom.Dialog: true, atom.Search: true, atom.Form: true, atom.Body: true,
	atom.Html: true, atom.Caption: true, atom.Menu: true, atom.Ul: true, atom.Ol: true,
}

// htmlContainer is the kind of block the walker is filling.
type htmlContainer struct {
	kind  string
	level int
}

// htmlWalker turns the element tree into blocks.
type htmlWalker struct {
	ctx        context.Context
	err        error
	blocks     []Block
	buf        markupText
	cur        htmlContainer
	sectioning int // depth of main/article/section elements around the walk
	pre        int // depth of <pre> elements: their newlines are line breaks
	nodes      int
}

// flush ends the current block.
func (w *htmlWalker) flush() {
	w.emit(w.cur.kind, w.cur.level, w.buf.String())
	w.buf.Reset()
}

func (w *htmlWalker) emit(kind string, level int, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	if kind != KindHeading {
		level = 0
	}
	w.blocks = append(w.blocks, Block{Kind: kind, Level: level, Text: text})
}

func (w *htmlWalker) children(n *html.Node) {
	for c := n.FirstChild; c != nil && w.err == nil; c = c.NextSibling {
		w.walk(c)
	}
}

func (w *htmlWalker) walk(n *html.Node) {
	if w.err != nil {
		return
	}
	switch n.Type {
	case html.TextNode:
		if w.pre > 0 {
			lines := strings.Split(strings.ReplaceAll(n.Data, "\r\n", "\n"), "\n")
			for i, l := range lines {
				if i > 0 {
					w.buf.Break()
				}
				w.buf.Write(l)
			}
		} else {
			w.buf.Write(n.Data)
		}
		return
	case html.DocumentNode:
		w.children(n)
		return
	case html.ElementNode:
	default:
		return
	}
	if w.nodes++; w.nodes%512 == 0 {
		if w.err = w.ctx.Err(); w.err != nil {
			return
		}
	}
	if htmlAlwaysSkipped(n) || htmlPageChrome(n, w.sectioning > 0) {
		return
	}
	a := n.DataAtom
	sectioning := a == atom.Main || a == atom.Article || a == atom.Section ||
		strings.EqualFold(htmlAttr(n, "role"), "main")
	if sectioning {
		w.sectioning++
		defer func() { w.sectioning-- }()
	}
	if a == atom.Pre {
		w.pre++
		defer func() { w.pre-- }()
	}
	switch {
	case a == atom.Br:
		w.buf.Break()
	case a == atom.Img || a == atom.Wbr:
		// Alt text describes a picture; it is not document text.
	case htmlHeadingLevel(a) > 0 && w.cur.kind != KindHeading:
		w.flush()
		saved := w.cur
		w.cur = htmlContainer{kind: KindHeading, level: htmlHeadingLevel(a)}
		w.children(n)
		w.flush()
		w.cur = saved
	case a == atom.Li:
		w.flush()
		saved := w.cur
		w.cur = htmlContainer{kind: KindListItem}
		w.children(n)
		w.flush()
		w.cur = saved
	case a == atom.Ul || a == atom.Ol || a == atom.Menu:
		// Text of the item so far is one list item; nested items follow.
		w.flush()
		w.children(n)
		w.flush()
	case a == atom.Table:
		w.flush()
		w.table(n)
	case htmlParagraphAtoms[a] || htmlHeadingLevel(a) > 0:
		if w.cur.kind != KindParagraph {
			// Paragraphs inside a list item or heading are part of it.
			w.buf.Write(" ")
			w.children(n)
			w.buf.Write(" ")
			return
		}
		w.flush()
		w.children(n)
		w.flush()
	default:
		w.children(n)
	}
}

// table emits a <table> as one block, after its caption as a paragraph.
func (w *htmlWalker) table(t *html.Node) {
	var rows []string
	var caption markupText
	var addRows func(n *html.Node)
	addRows = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || htmlAlwaysSkipped(c) {
				continue
			}
			switch c.DataAtom {
			case atom.Caption:
				htmlFlatText(c, &caption)
			case atom.Thead, atom.Tbody, atom.Tfoot:
				addRows(c)
			case atom.Tr:
				var cells []string
				empty := true
				for d := c.FirstChild; d != nil; d = d.NextSibling {
					if d.Type != html.ElementNode || (d.DataAtom != atom.Td && d.DataAtom != atom.Th) || htmlAlwaysSkipped(d) {
						continue
					}
					var cell markupText
					htmlFlatText(d, &cell)
					s := cell.Flat()
					if s != "" {
						empty = false
					}
					cells = append(cells, s)
				}
				if !empty {
					// An empty last cell would leave " | " dangling.
					rows = append(rows, strings.TrimSpace(strings.Join(cells, " | ")))
				}
			}
		}
	}
	addRows(t)
	w.emit(KindParagraph, 0, caption.Flat())
	w.emit(KindTable, 0, strings.Join(rows, "\n"))
}

// htmlFlatText appends the text under n to t with blocks separated by spaces,
// for table cells and captions: nested tables are flattened into them.
func htmlFlatText(n *html.Node, t *markupText) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			t.Write(c.Data)
		case html.ElementNode:
			if htmlAlwaysSkipped(c) || c.DataAtom == atom.Img {
				continue
			}
			if c.DataAtom == atom.Br {
				t.Write(" ")
				continue
			}
			inline := !htmlParagraphAtoms[c.DataAtom] && htmlHeadingLevel(c.DataAtom) == 0
			switch c.DataAtom {
			case atom.Li, atom.Table, atom.Tr, atom.Td, atom.Th:
				inline = false
			}
			if !inline {
				t.Write(" ")
			}
			htmlFlatText(c, t)
			if !inline {
				t.Write(" ")
			}
		}
	}
}

// markupText collects the inline text of one block from markup (HTML, DOCX).
// Hard line breaks are kept as '\n'; other whitespace is collapsed when the
// text is read.
type markupText struct {
	b strings.Builder
}

// markupSpaces are the characters Write turns into spaces, so that '\n' in
// the buffer only ever stands for a hard line break.
var markupSpaces = strings.NewReplacer("\r", " ", "\n", " ", "\u00ad", "")

// Write appends running text.
func (t *markupText) Write(s string) {
	if strings.ContainsAny(s, "\r\n\u00ad") {
		s = markupSpaces.Replace(s)
	}
	t.b.WriteString(s)
}

// Break appends a hard line break.
func (t *markupText) Break() { t.b.WriteByte('\n') }

// Reset empties the buffer.
func (t *markupText) Reset() { t.b.Reset() }

// String returns the text with whitespace runs collapsed to one space (NBSP
// included, as strings.Fields treats it as space), each line trimmed, and
// runs of blank lines kept as at most one.
func (t *markupText) String() string {
	raw := t.b.String()
	if !strings.Contains(raw, "\n") {
		return strings.Join(strings.Fields(raw), " ")
	}
	var out []string
	for _, line := range strings.Split(raw, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" && (len(out) == 0 || out[len(out)-1] == "") {
			continue
		}
		out = append(out, line)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\n")
}

// Flat returns the text on one line, line breaks included in the collapse.
func (t *markupText) Flat() string { return strings.Join(strings.Fields(t.b.String()), " ") }

// htmlVoid are elements that never have an end tag.
var htmlVoid = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Source: true, atom.Track: true, atom.Wbr: true,
}

// htmlFlatExtract reads a page html.Parse refused with the tokenizer alone:
// headings, list items and paragraphs from their tags, without <main>
// restriction, table structure or nesting.
func htmlFlatExtract(ctx context.Context, text string, warnings []string) (*Extracted, error) {
	w := &htmlWalker{ctx: ctx, cur: htmlContainer{kind: KindParagraph}}
	x := &Extracted{Warnings: warnings}
	var title markupText
	var skip atom.Atom // element whose content is being skipped
	skipDepth, inTitle := 0, false
	z := html.NewTokenizer(strings.NewReader(text))
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tok := z.Token()
		a := tok.DataAtom
		switch tt {
		case html.TextToken:
			switch {
			case inTitle:
				title.Write(tok.Data)
			case skipDepth == 0:
				w.buf.Write(tok.Data)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			if skipDepth > 0 {
				if a == skip && tt == html.StartTagToken {
					skipDepth++
				}
				continue
			}
			if a == atom.Title {
				inTitle = tt == html.StartTagToken
				continue
			}
			el := &html.Node{Type: html.ElementNode, DataAtom: a, Data: tok.Data, Attr: tok.Attr}
			if a != atom.Head && a != atom.Form && (htmlAlwaysSkipped(el) || htmlPageChrome(el, false)) {
				if tt == html.StartTagToken && !htmlVoid[a] {
					skip, skipDepth = a, 1
				}
				continue
			}
			switch {
			case a == atom.Br:
				w.buf.Break()
			case htmlHeadingLevel(a) > 0:
				w.flush()
				w.cur = htmlContainer{kind: KindHeading, level: htmlHeadingLevel(a)}
			case a == atom.Li:
				w.flush()
				w.cur = htmlContainer{kind: KindListItem}
			case htmlParagraphAtoms[a] || a == atom.Table || a == atom.Tr:
				w.flush()
				w.cur = htmlContainer{kind: KindParagraph}
			case a == atom.Td || a == atom.Th:
				w.buf.Write(" ")
			}
		case html.EndTagToken:
			if skipDepth > 0 {
				if a == skip {
					skipDepth--
				}
				continue
			}
			if a == atom.Title {
				inTitle = false
				continue
			}
			if htmlHeadingLevel(a) > 0 || a == atom.Li || htmlParagraphAtoms[a] || a == atom.Table || a == atom.Tr {
				w.flush()
				w.cur = htmlContainer{kind: KindParagraph}
			}
		}
	}
	w.flush()
	if len(w.blocks) == 0 {
		return nil, fmt.Errorf("%w: the HTML page has no text outside navigation, scripts, forms and hidden elements", ErrEmpty)
	}
	x.Blocks, x.Title = w.blocks, title.Flat()
	return x, nil
}
