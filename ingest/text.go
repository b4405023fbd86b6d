package ingest

import (
	"context"
	"regexp"
	"strings"
)

// textExtractor reads plain text and Markdown. Plain text keeps its line
// layout (Raw blocks) because it mostly comes out of PDF converters with hard
// line breaks and hyphenation; Markdown gives structure by its own markup.
// A form feed marks a page break in both.
type textExtractor struct{ markdown bool }

func (t textExtractor) Format() string {
	if t.markdown {
		return "markdown"
	}
	return "text"
}

func (t textExtractor) Extract(ctx context.Context, data []byte) (*Extracted, error) {
	s, warnings, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	s = normaliseText(s)
	pages := strings.Split(s, "\f")
	x := &Extracted{Warnings: warnings}
	if len(pages) > 1 {
		// A trailing form feed ends the last page; it does not start a new one.
		if strings.TrimSpace(pages[len(pages)-1]) == "" {
			pages = pages[:len(pages)-1]
		}
		x.Pages = len(pages)
	}
	for i, p := range pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		page := 0
		if x.Pages > 0 {
			page = i + 1
		}
		if t.markdown {
			x.Blocks = append(x.Blocks, markdownBlocks(p, page, i == 0)...)
		} else {
			x.Blocks = append(x.Blocks, rawBlocks(p, page)...)
		}
	}
	if len(x.Blocks) == 0 {
		return nil, errNoText
	}
	return x, nil
}

var errNoText = wrapEmpty("the file has no text")

func wrapEmpty(msg string) error { return &emptyError{msg} }

type emptyError struct{ msg string }

func (e *emptyError) Error() string { return ErrEmpty.Error() + ": " + e.msg }
func (e *emptyError) Unwrap() error { return ErrEmpty }

// rawBlocks splits a page of plain text at blank lines. Blocks are slices
// of page (from the first line's start to the last line's end, trailing
// blanks trimmed), not copies: the segmenter trims every line anyway.
func rawBlocks(page string, pageNo int) []Block {
	var out []Block
	start, end := -1, -1
	flush := func() {
		if start >= 0 {
			out = append(out, Block{Kind: KindParagraph, Text: page[start:end], Page: pageNo, Raw: true})
			start = -1
		}
	}
	for pos := 0; pos <= len(page); {
		nl := strings.IndexByte(page[pos:], '\n')
		if nl < 0 {
			nl = len(page) - pos
		}
		line := strings.TrimRight(page[pos:pos+nl], " \t")
		if strings.TrimSpace(line) == "" {
			flush()
		} else {
			if start < 0 {
				start = pos
			}
			end = pos + len(line)
		}
		pos += nl + 1
	}
	flush()
	return out
}

var (
	mdATX       = regexp.MustCompile(`^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$`)
	mdSetext    = regexp.MustCompile(`^ {0,3}(=+|-+)\s*$`)
	mdRule      = regexp.MustCompile(`^ {0,3}([-*_])(\s*[-*_]){2,}\s*$`)
	mdList      = regexp.MustCompile(`^(\s*)([-*+•]|\d{1,3}[.)])\s+(.*)$`)
	mdFence     = regexp.MustCompile("^ {0,3}(```|~~~)")
	mdTableSep  = regexp.MustCompile(`^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$`)
	mdImage     = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLink      = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdEmph      = regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`)
	mdEmph1     = regexp.MustCompile(`(^|[\s(])[*_](\S(?:[^*_]*?\S)?)[*_]([\s).,;:!?]|$)`)
	mdCode      = regexp.MustCompile("`([^`]*)`")
	mdHTMLTag   = regexp.MustCompile(`</?[a-zA-Z][^>]*>`)
	mdBlockquot = regexp.MustCompile(`^\s*>\s?`)
)

// mdInline strips inline Markdown markup, keeping the words.
func mdInline(s string) string {
	s = mdImage.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdCode.ReplaceAllString(s, "$1")
	s = mdEmph.ReplaceAllString(s, "$2")
	s = mdEmph1.ReplaceAllString(s, "$1$2$3")
	s = mdHTMLTag.ReplaceAllString(s, " ")
	s = strings.ReplaceAll(s, `\`, "")
	if strings.Contains(s, "\n") {
		// Keep the line breaks mdLines left after a hyphenated word:
		// the segmenter judges those hyphens.
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			lines[i] = collapse(l)
		}
		return strings.Join(lines, "\n")
	}
	return collapse(s)
}

// mdLines joins the source lines of a Markdown paragraph with spaces, but
// keeps a line break after a line ending in a hyphenated word, which may
// be a typesetter's hyphen (text converted from a PDF).
func mdLines(lines []string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			if hyphenWordBefore(strings.TrimSpace(lines[i-1])) != "" {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

// markdownBlocks parses the block structure of one page of Markdown.
func markdownBlocks(page string, pageNo int, first bool) []Block {
	lines := strings.Split(page, "\n")
	var out []Block
	var para []string
	var item []string
	var table []string
	emit := func(kind string, level int, text string) {
		if text = strings.TrimSpace(text); text != "" {
			out = append(out, Block{Kind: kind, Level: level, Text: text, Page: pageNo})
		}
	}
	flushPara := func() {
		if len(para) > 0 {
			emit(KindParagraph, 0, mdInline(mdLines(para)))
			para = nil
		}
	}
	flushItem := func() {
		if len(item) > 0 {
			emit(KindListItem, 0, mdInline(mdLines(item)))
			item = nil
		}
	}
	flushTable := func() {
		if len(table) > 0 {
			var rows []string
			for _, r := range table {
				if mdTableSep.MatchString(r) {
					continue
				}
				r = strings.TrimSpace(r)
				r = strings.TrimPrefix(strings.TrimSuffix(r, "|"), "|")
				var cells []string
				for _, c := range strings.Split(r, "|") {
					cells = append(cells, mdInline(c))
				}
				rows = append(rows, strings.Join(cells, " | "))
			}
			emit(KindTable, 0, strings.Join(rows, "\n"))
			table = nil
		}
	}
	flushAll := func() { flushPara(); flushItem(); flushTable() }

	i := 0
	if first && len(lines) > 0 && strings.TrimSpace(lines[0]) == "---" {
		// YAML front matter.
		for j := 1; j < len(lines); j++ {
			if t := strings.TrimSpace(lines[j]); t == "---" || t == "..." {
				i = j + 1
				break
			}
		}
	}
	for ; i < len(lines); i++ {
		line := mdBlockquot.ReplaceAllString(lines[i], "")
		trim := strings.TrimSpace(line)
		switch {
		case trim == "":
			flushAll()
		case mdFence.MatchString(line):
			flushAll()
			fence := strings.TrimSpace(line)[:3]
			var code []string
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), fence); i++ {
				code = append(code, lines[i])
			}
			emit(KindParagraph, 0, collapse(strings.Join(code, " ")))
		case mdATX.MatchString(line):
			flushAll()
			m := mdATX.FindStringSubmatch(line)
			emit(KindHeading, len(m[1]), mdInline(m[2]))
		case len(para) == 1 && len(item) == 0 && mdSetext.MatchString(line):
			level := 1
			if strings.Contains(line, "-") {
				level = 2
			}
			text := mdInline(para[0])
			para = nil
			emit(KindHeading, level, text)
		case mdRule.MatchString(line):
			flushAll()
		case strings.HasPrefix(trim, "|"):
			flushPara()
			flushItem()
			table = append(table, trim)
		case mdList.MatchString(line):
			flushPara()
			flushItem()
			flushTable()
			item = append(item, mdList.FindStringSubmatch(line)[3])
		default:
			if len(table) > 0 {
				flushTable()
			}
			if len(item) > 0 {
				item = append(item, trim) // lazy continuation of a list item
			} else {
				para = append(para, trim)
			}
		}
	}
	flushAll()
	return out
}
