package truth

import (
	"regexp"
	"strings"
	"unicode"
)

// reBarePageNumber matches a line that is only a page number ("12",
// "- 12 -", "Page 3 of 10", "Pagina 3", "3/45").
var reBarePageNumber = regexp.MustCompile(`(?i)^(?:(?:pagina|page|blz\.?|p\.|página)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:/|van|of|de)\s*\d{1,4})?$`)

// reLineNumber matches a line that is only a proof page's line number
// ("7", "32S", "S32", "Po17").
var reLineNumber = regexp.MustCompile(`^[A-Za-z]{0,2}(\d{1,4})[A-Za-z]?$`)

// minLineNumbers is the shortest run of line numbers counted as a page's
// line numbering: longer than ingest's 5, as pdftotext's text has no
// positions to tell a margin from a column of digits 1-9 (a font table).
const minLineNumbers = 10

// lineNumbers returns the lines of a page's runs of at least minLineNumbers
// lines, empty lines between them ignored, that count up by one from 1:
// the margin line numbers of proof pages, which pdftotext gives as a
// block of their own and plancoder drops by design.
func lineNumbers(lines []string) []int {
	var out, run []int
	prev := -1
	flush := func() {
		if len(run) >= minLineNumbers {
			out = append(out, run...)
		}
		run = run[:0]
	}
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		m := reLineNumber.FindStringSubmatch(l)
		if m == nil {
			flush()
			prev = -1
			continue
		}
		n := 0
		for _, c := range m[1] {
			n = n*10 + int(c-'0')
		}
		switch {
		case n == prev+1 && len(run) > 0:
			run = append(run, i)
		case n == 1:
			flush()
			run = append(run, i)
		default:
			flush()
		}
		prev = n
	}
	flush()
	return out
}

// DropRunningLines removes the running header and footer lines, and the
// page numbers, from the text of a reference extractor (pdftotext: pages
// separated by form feeds), so that a word recall against it counts body
// text only, as the extraction being scored drops them by design. A line
// is running when it is among the first or last edge lines of its page
// and, with digits ignored, is among them on at least max(2, 30%) of the
// pages; a line that is only a page number at a page's edge goes too, and
// so do the margin line numbers of proof pages (lineNumbers) when they are
// on as many pages.
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
	// Line numbering counts: on as many pages as a running line.
	numbers := make([][]int, len(split))
	numbered := 0
	for p, lines := range split {
		if numbers[p] = lineNumbers(lines); len(numbers[p]) > 0 {
			numbered++
		}
	}
	var b strings.Builder
	for p, lines := range split {
		drop := map[int]bool{}
		if numbered >= need {
			for _, i := range numbers[p] {
				drop[i] = true
			}
		}
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

// foldRef undoes differences of spelling, not of text, between a
// reference extractor and plancoder: pdftotext keeps ligature characters
// ("ﬁnanciën") and a soft hyphen at a line end ("adminis\u00ad⏎trative"),
// and removes the hyphen of a compound broken at a line end
// ("Schots-⏎Nederlandse" becomes "SchotsNederlandse") where plancoder keeps
// a real one; hyphens are left out on both sides so that the bag of words
// counts the word, not its hyphenation (which the dehyphenation bench
// scores against truth).
var foldRef = strings.NewReplacer(
	"\ufb00", "ff", "\ufb01", "fi", "\ufb02", "fl", "\ufb03", "ffi", "\ufb04", "ffl", "\ufb05", "st", "\ufb06", "st",
	"\u00ad\n", "", "\u00ad", "", "-", "", "\u2010", "", "\u2011", "",
)

// CompareReference scores plancoder's text against a reference
// extractor's (pdftotext's) text of the same PDF: running lines and
// proof line numbers are taken out of the reference (DropRunningLines,
// edge lines a page), ligatures and hyphens folded on both sides.
func CompareReference(ref, text string, edge int) Overlap {
	return CompareWords(foldRef.Replace(DropRunningLines(ref, edge)), foldRef.Replace(text))
}
