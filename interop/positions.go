package interop

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"
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

// decodeUTF16 turns a text with a UTF-16 byte order mark into UTF-8; other
// texts are returned as they are. The standard asks for UTF-8, but Windows
// tools write "Unicode" text files as UTF-16.
func decodeUTF16(raw []byte) []byte {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		order = binary.LittleEndian
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		order = binary.BigEndian
	default:
		return raw
	}
	raw = raw[2:]
	units := make([]uint16, len(raw)/2)
	for i := range units {
		units[i] = order.Uint16(raw[2*i:])
	}
	return []byte(string(utf16.Decode(units)))
}

// binaryText says why raw is not text (a NUL byte, or much invalid UTF-8 or
// control characters: an image, a .docx, a PDF under a .txt name), or "".
func binaryText(raw []byte) string {
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		return fmt.Sprintf("a NUL byte at byte %d", i)
	}
	bad, ctrl := 0, 0
	for i := 0; i < len(raw); {
		r, n := utf8.DecodeRune(raw[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			bad++
		case r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f':
			ctrl++
		}
		i += n
	}
	// A few stray bytes are a damaged text (replaced on import); more than
	// one in a hundred is not text at all.
	if limit := len(raw)/100 + 8; bad > limit {
		return fmt.Sprintf("%d bytes that are not UTF-8", bad)
	} else if ctrl > limit {
		return fmt.Sprintf("%d control characters", ctrl)
	}
	return ""
}

// textMap maps positions counted in one unit over a source text to byte
// offsets into its LF-normalised form. It keeps only the offsets of the
// positions asked for (selection ends), not one per character: a map of
// every position would cost four bytes per character of every source.
type textMap struct {
	clean  string
	length int         // the text's length in the map's unit
	off    map[int]int // position -> byte offset in clean, for the positions asked
}

// normalise makes line ends LF: a CRLF or a lone CR becomes one LF.
func normalise(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// mapText normalises line ends of s (BOM already stripped) and maps the
// positions want, in unit u, onto the result.
func mapText(s string, u Unit, want ...int) textMap {
	return mapPositions(s, normalise(s), u, want)
}

// mapPositions maps the positions want in unit u over s onto byte offsets
// in clean (normalise(s)), in one left-to-right pass.
func mapPositions(s, clean string, u Unit, want []int) textMap {
	ws := slices.Clone(want)
	slices.Sort(ws)
	ws = slices.Compact(ws)
	for len(ws) > 0 && ws[0] < 0 {
		ws = ws[1:]
	}
	m := textMap{clean: clean, off: make(map[int]int, len(ws)+2)}
	n, b := 0, 0 // positions counted, bytes written to clean
	emit := func() {
		for len(ws) > 0 && ws[0] == n {
			m.off[n] = b
			ws = ws[1:]
		}
		n++
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\r' {
			crlf := i+1 < len(s) && s[i+1] == '\n'
			emit()
			if crlf {
				if u != CodePointsCRLF1 {
					emit()
				}
				i++
			}
			b++
			i++
			continue
		}
		emit()
		if u == UTF16 && r > 0xFFFF {
			emit()
		}
		b += size
		i += size
	}
	m.length = n
	m.off[0] = 0
	m.off[n] = b
	return m
}

// at is the byte offset of position p, one of those asked for, 0 or the
// length.
func (m textMap) at(p int) int { return m.off[p] }

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
	if end > m.length {
		end, ok = m.length, false
	}
	if start > end {
		start = end
	}
	return m.at(start), m.at(end), ok
}
