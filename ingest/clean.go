package ingest

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

func sortStrings(s []string) { sort.Strings(s) }

// decodeText turns the bytes of a text file into a Go string. It strips a
// UTF-8 BOM, decodes UTF-16 with a BOM, refuses binary data, decodes files
// that are valid Windows-1252 but not UTF-8 (old Word exports), and repairs
// stray invalid bytes with U+FFFD, saying where in a warning.
func decodeText(data []byte) (string, []string, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		if len(data) == 0 {
			return "", nil, fmt.Errorf("%w: the file is empty (0 bytes)", ErrEmpty)
		}
		return "", nil, fmt.Errorf("%w: the file holds only white space", ErrEmpty)
	}
	var warnings []string
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err != nil {
			return "", nil, fmt.Errorf("decode UTF-16: %w", err)
		}
		data = out
	default:
		if e, name := sniffUTF16(data); e != nil {
			out, err := e.NewDecoder().Bytes(data)
			if err != nil {
				return "", nil, fmt.Errorf("decode %s: %w", name, err)
			}
			data = out
			warnings = append(warnings, fmt.Sprintf("no byte order mark, but every other byte is NUL: read as %s", name))
		}
	}
	if err := checkNotBinary(data, true); err != nil {
		return "", nil, err
	}
	if utf8.Valid(data) {
		// The extractor owns data (see Extractor): the text shares its
		// bytes instead of copying a file that may be tens of MB.
		return unsafe.String(unsafe.SliceData(data), len(data)), warnings, nil
	}
	bad, first, multi := 0, -1, 0
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
			if first < 0 {
				first = i
			}
		} else if n > 1 {
			multi++
		}
		i += n
	}
	if multi == 0 {
		// No valid multi-byte sequence at all: a single-byte encoding.
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err == nil {
			return string(out), append(warnings, fmt.Sprintf("not valid UTF-8 (first bad byte at offset %d): decoded as Windows-1252", first)), nil
		}
	}
	if bad*10 > len(data) {
		return "", nil, fmt.Errorf("%w: %d of %d bytes are not valid UTF-8 (first at offset %d)", ErrBinary, bad, len(data), first)
	}
	return strings.ToValidUTF8(string(data), "\uFFFD"),
		append(warnings, fmt.Sprintf("%d invalid UTF-8 byte(s) replaced by U+FFFD (first at byte offset %d)", bad, first)), nil
}

// checkNotBinary refuses data with more than 5% control characters (form
// feeds, tabs and line ends aside), or any NUL byte when nul is set: that is
// not text, whatever its file name says.
func checkNotBinary[T string | []byte](data T, nul bool) error {
	ctrl := 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == 0 && nul {
			return fmt.Errorf("%w: NUL byte at offset %d", ErrBinary, i)
		}
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctrl++
		}
	}
	if ctrl*20 > len(data) {
		return fmt.Errorf("%w: %d of %d bytes are control characters", ErrBinary, ctrl, len(data))
	}
	return nil
}

// sniffUTF16 recognises UTF-16 without a byte order mark by its NUL
// pattern: text in Latin script has a NUL as the high byte of nearly every
// character, so NULs fill the odd bytes (little endian) or the even bytes
// (big endian) and almost never the others. It looks at the first 64 KiB
// and returns nil when the pattern is not clear; a binary file that passes
// is still refused by checkNotBinary after decoding.
func sniffUTF16(data []byte) (encoding.Encoding, string) {
	sample := data[:min(len(data), 64<<10)]
	pairs := len(sample) / 2
	if pairs < 2 {
		return nil, ""
	}
	even, odd := 0, 0
	for i := 0; i+1 < len(sample); i += 2 {
		if sample[i] == 0 {
			even++
		}
		if sample[i+1] == 0 {
			odd++
		}
	}
	switch {
	case odd*10 >= pairs*6 && even*50 <= pairs:
		return xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), "UTF-16LE"
	case even*10 >= pairs*6 && odd*50 <= pairs:
		return xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), "UTF-16BE"
	}
	return nil, ""
}

// ligatureChars are the characters ligatures replaces: a text with none of
// them is not copied (strings.Replacer always builds a new string).
const ligatureChars = "\uFB00\uFB01\uFB02\uFB03\uFB04\uFB05\uFB06\r\u00AD\u200B\u200C\u200D\u2060\uFEFF"

var ligatures = strings.NewReplacer(
	"\uFB00", "ff", "\uFB01", "fi", "\uFB02", "fl", "\uFB03", "ffi", "\uFB04", "ffl", "\uFB05", "st", "\uFB06", "st",
	"\r\n", "\n", "\r", "\n",
	"\u00AD", "", "\u200B", "", "\u200C", "", "\u200D", "", "\u2060", "", "\uFEFF", "",
)

// normaliseText brings text to NFC, maps ligatures and odd spaces to plain
// characters and drops soft hyphens, zero-width and control characters, so
// that search, hashing and display all see the same string.
func normaliseText(s string) string {
	if strings.ContainsAny(s, ligatureChars) {
		s = ligatures.Replace(s)
	}
	s = norm.NFC.String(s) // s itself when it is NFC already
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\f' || r == '\t':
			return r
		case r == '\u2028' || r == '\u2029':
			return '\n'
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// collapse joins white space runs (including newlines) into single spaces
// and trims the ends, as strings.Join(strings.Fields(s), " ") does, but
// without a slice of words and without copying s when it is collapsed
// already (most text is): a 50 MB line must not cost a word slice of
// twice its size.
func collapse(s string) string {
	if isCollapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	eachField(s, func(w string) bool {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		return true
	})
	return b.String()
}

// isCollapsed reports whether s has no white space but single inner spaces.
func isCollapsed(s string) bool {
	prevSpace := true // no leading space
	for i := 0; i < len(s); {
		sp, n := spaceAt(s, i)
		if sp && (prevSpace || s[i] != ' ') {
			return false
		}
		prevSpace = sp
		i += n
	}
	return !prevSpace || s == ""
}

// spaceAt reports whether the rune at s[i] is white space in the sense of
// strings.Fields, and its length in bytes.
func spaceAt(s string, i int) (bool, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r', 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r), n
}

// eachField calls yield with each field of s (as strings.Fields splits it)
// until yield returns false; the fields are substrings of s.
func eachField(s string, yield func(string) bool) {
	start := -1
	for i := 0; i < len(s); {
		sp, n := spaceAt(s, i)
		switch {
		case sp && start >= 0:
			if !yield(s[start:i]) {
				return
			}
			start = -1
		case !sp && start < 0:
			start = i
		}
		i += n
	}
	if start >= 0 {
		yield(s[start:])
	}
}

// countWords counts the fields of s without building them.
func countWords(s string) int {
	n := 0
	eachField(s, func(string) bool { n++; return true })
	return n
}
