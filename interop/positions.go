package interop

import (
	"strings"
	"unicode/utf8"
)

// Unit is how a producer counts selection positions in a text.
type Unit int

// Position units met in REFI-QDA files.
const (
	// CodePoints is the standard: Unicode code points over the text as
	// stored, a CRLF counting two.
	CodePoints Unit = iota
	// CodePointsCRLF1 counts code points with a CRLF as one position
	// (ATLAS.ti, and MAXQDA going by QualCoder's export option).
	CodePointsCRLF1
	// UTF16 counts UTF-16 code units over the text as stored (NVivo for
	// Windows and Mac): a character above U+FFFF counts two, a CRLF two.
	UTF16
)

func (u Unit) String() string {
	switch u {
	case CodePointsCRLF1:
		return "code points, CRLF as one"
	case UTF16:
		return "UTF-16 code units"
	}
	return "code points"
}

// unitFor is the unit a producer is known to use, from Project@origin.
func unitFor(origin string) Unit {
	o := strings.ToLower(origin)
	switch {
	case strings.Contains(o, "nvivo"):
		return UTF16
	case strings.Contains(o, "atlas"), strings.Contains(o, "maxqda"):
		return CodePointsCRLF1
	}
	return CodePoints
}

// cleanText is what plancoder stores of a source text: the BOM removed,
// invalid UTF-8 replaced, line ends made LF.
func cleanText(raw []byte) string {
	s := string(raw)
	s = strings.TrimPrefix(s, "\uFEFF")
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// textMap maps positions counted in one unit over a source text to byte
// offsets into its LF-normalised form.
type textMap struct {
	clean string
	pos   []int32 // pos[u] = byte offset in clean of the character at position u
}

// mapText normalises line ends of s (BOM already stripped) and maps
// positions in unit u onto the result, in one left-to-right pass.
func mapText(s string, u Unit) textMap {
	var b strings.Builder
	b.Grow(len(s))
	pos := make([]int32, 0, len(s)+1)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == '\r' {
			crlf := i+1 < len(s) && s[i+1] == '\n'
			pos = append(pos, int32(b.Len()))
			if crlf {
				if u != CodePointsCRLF1 {
					pos = append(pos, int32(b.Len()))
				}
				i++
			}
			b.WriteByte('\n')
			i++
			continue
		}
		pos = append(pos, int32(b.Len()))
		if u == UTF16 && r > 0xFFFF {
			pos = append(pos, int32(b.Len()))
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	pos = append(pos, int32(b.Len()))
	return textMap{clean: b.String(), pos: pos}
}

// length is the text's length in the map's unit.
func (m textMap) length() int { return len(m.pos) - 1 }

// span converts a selection to byte offsets in the clean text, clamping to
// the text and swapping reversed ends. ok is false when it had to clamp.
func (m textMap) span(start, end int) (bs, be int, ok bool) {
	ok = true
	if end < start {
		start, end, ok = end, start, false
	}
	if start < 0 {
		start, ok = 0, false
	}
	if end > m.length() {
		end, ok = m.length(), false
	}
	if start > end {
		start = end
	}
	return int(m.pos[start]), int(m.pos[end]), ok
}
