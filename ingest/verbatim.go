package ingest

import (
	"strings"
	"unicode"

	"github.com/plancoder/plancoder/store"
)

// SegmentVerbatim cuts text, kept exactly as given, into fragments: one per
// non-empty line, long lines split at sentence ends, each fragment an exact
// substring of text. It is for text another tool has positions into (REFI-QDA
// import): the clean text must stay byte-for-byte what that tool showed, so
// its selections map onto fragments by offset.
func SegmentVerbatim(text, doc string) []store.Fragment {
	var (
		frags   []store.Fragment
		section []string
	)
	add := func(kind string, start, end int) {
		n := len(frags) + 1
		t := text[start:end]
		frags = append(frags, store.Fragment{
			ID: store.FragmentID(doc, n), Doc: doc, Ordinal: n, Kind: kind,
			Section: append([]string(nil), section...), Text: t,
			Start: start, End: end, Hash: ContentHash(t),
		})
	}
	for pos := 0; pos < len(text); {
		nl := strings.IndexByte(text[pos:], '\n')
		lineEnd := len(text)
		if nl >= 0 {
			lineEnd = pos + nl
		}
		start, end := trimSpan(text, pos, lineEnd)
		pos = lineEnd + 1
		if start >= end {
			continue
		}
		line := text[start:end]
		if tableRow(line) {
			// Consecutive table rows are one table fragment, as ingest
			// makes them, split by rows when long.
			for pos < len(text) {
				e := strings.IndexByte(text[pos:], '\n')
				le := len(text)
				if e >= 0 {
					le = pos + e
				}
				s2, e2 := trimSpan(text, pos, le)
				if s2 >= e2 || !strings.Contains(text[s2:e2], "|") {
					break
				}
				end, pos = e2, le+1
			}
			cur := start
			for _, part := range splitTable(text[start:end]) {
				s, e, ok := spanOf(text, cur, end, part)
				if !ok {
					break
				}
				add(KindTable, s, e)
				cur = e
			}
			continue
		}
		words := countWords(line)
		switch {
		case verbatimHeading(line, words):
			add(KindHeading, start, end)
			section = []string{collapse(line)}
		case words > maxWords:
			cur := start
			for _, part := range splitSentences(line) {
				s, e, ok := spanOf(text, cur, end, part)
				if !ok {
					break
				}
				add(KindParagraph, s, e)
				cur = e
			}
			if s, e := trimSpan(text, cur, end); s < e {
				add(KindParagraph, s, e)
			}
		default:
			add(KindParagraph, start, end)
		}
	}
	return frags
}

// tableRow reports whether a line starts a table as plancoder writes tables
// in clean text (cells separated by " | ") or as tab-separated cells; the
// table goes on while lines hold a "|".
func tableRow(line string) bool {
	return strings.Contains(line, " | ") || strings.HasSuffix(line, " |") || strings.Count(line, "\t") >= 2
}

// trimSpan narrows [start,end) of text to exclude surrounding white space.
func trimSpan(text string, start, end int) (int, int) {
	for start < end && isSpaceByte(text[start]) {
		start++
	}
	for end > start && isSpaceByte(text[end-1]) {
		end--
	}
	return start, end
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == '\v' }

// spanOf finds part (words joined by single spaces) in text[from:limit],
// following the words as they are spaced in text.
func spanOf(text string, from, limit int, part string) (int, int, bool) {
	start, cur := -1, from
	for _, w := range strings.Fields(part) {
		i := strings.Index(text[cur:limit], w)
		if i < 0 {
			return 0, 0, false
		}
		if start < 0 {
			start = cur + i
		}
		cur += i + len(w)
	}
	if start < 0 {
		return 0, 0, false
	}
	return start, cur, true
}

// verbatimHeading is the plain-text heading rule: a short line that does not
// end like a sentence and starts with a capital or a number.
func verbatimHeading(line string, words int) bool {
	if words == 0 || words > 12 {
		return false
	}
	last := line[len(line)-1]
	if strings.IndexByte(".,;:?!", last) >= 0 {
		return false
	}
	r := []rune(line)[0]
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}
