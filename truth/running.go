package truth

import (
	"regexp"
	"strings"
	"unicode"
)

// reBarePageNumber matches a line that is only a page number ("12",
// "- 12 -", "Page 3 of 10", "Pagina 3", "3/45").
var reBarePageNumber = regexp.MustCompile(`(?i)^(?:(?:pagina|page|blz\.?|p\.|página)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|van|of|de)\s*\d{1,4})?$`)

// DropRunningLines removes the running header and footer lines, and the
// page numbers, from the text of a reference extractor (pdftotext: pages
// separated by form feeds), so that a word recall against it counts body
// text only, as the extraction being scored drops them by design. A line
// is running when it is among the first or last edge lines of its page
// and, with digits ignored, is among them on at least max(2, 30%) of the
// pages; a line that is only a page number at a page's edge goes too.
func DropRunningLines(text string, edge int) string {
	pages := strings.Split(text, "\f")
	if len(pages) < 2 {
		return text
	}
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return '#'
			}
			return unicode.ToLower(r)
		}, strings.Join(strings.Fields(s), " "))
	}
	// edges gives the indexes of a page's first and last edge non-empty lines.
	edges := func(lines []string) []int {
		var nonEmpty []int
		for i, l := range lines {
			if strings.TrimSpace(l) != "" {
				nonEmpty = append(nonEmpty, i)
			}
		}
		if len(nonEmpty) <= 2*edge {
			return nonEmpty
		}
		return append(append([]int(nil), nonEmpty[:edge]...), nonEmpty[len(nonEmpty)-edge:]...)
	}
	split := make([][]string, len(pages))
	count := map[string]int{}
	for p, page := range pages {
		split[p] = strings.Split(page, "\n")
		seen := map[string]bool{}
		for _, i := range edges(split[p]) {
			if k := norm(split[p][i]); !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	need := max(2, (3*len(pages)+9)/10)
	var b strings.Builder
	for p, lines := range split {
		drop := map[int]bool{}
		for _, i := range edges(lines) {
			if count[norm(lines[i])] >= need || reBarePageNumber.MatchString(strings.TrimSpace(lines[i])) {
				drop[i] = true
			}
		}
		if p > 0 {
			b.WriteByte('\f')
		}
		for i, l := range lines {
			if !drop[i] {
				b.WriteString(l)
			}
			if i < len(lines)-1 {
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}
