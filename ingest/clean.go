package ingest

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

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
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return "", nil, fmt.Errorf("%w: NUL byte at offset %d", ErrBinary, i)
	}
	ctrl := 0
	for _, c := range data {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctrl++
		}
	}
	if ctrl*20 > len(data) {
		return "", nil, fmt.Errorf("%w: %d of %d bytes are control characters", ErrBinary, ctrl, len(data))
	}
	if utf8.Valid(data) {
		return string(data), nil, nil
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
			return string(out), []string{fmt.Sprintf("not valid UTF-8 (first bad byte at offset %d): decoded as Windows-1252", first)}, nil
		}
	}
	if bad*10 > len(data) {
		return "", nil, fmt.Errorf("%w: %d of %d bytes are not valid UTF-8 (first at offset %d)", ErrBinary, bad, len(data), first)
	}
	return strings.ToValidUTF8(string(data), "\uFFFD"),
		[]string{fmt.Sprintf("%d invalid UTF-8 byte(s) replaced by U+FFFD (first at byte offset %d)", bad, first)}, nil
}

var ligatures = strings.NewReplacer(
	"\uFB00", "ff", "\uFB01", "fi", "\uFB02", "fl", "\uFB03", "ffi", "\uFB04", "ffl", "\uFB05", "st", "\uFB06", "st",
	"\r\n", "\n", "\r", "\n",
	"\u00AD", "", "\u200B", "", "\u200C", "", "\u200D", "", "\u2060", "", "\uFEFF", "",
)

// normaliseText brings text to NFC, maps ligatures and odd spaces to plain
// characters and drops soft hyphens, zero-width and control characters, so
// that search, hashing and display all see the same string.
func normaliseText(s string) string {
	s = ligatures.Replace(s)
	s = norm.NFC.String(s)
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

// collapse joins white space runs (including newlines) into single spaces.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
