// Package csvfile reads and writes the CSV files people exchange with
// plancoder: codebooks, organisation lists, ingest manifests. Files come
// from Excel in a Flemish or Dutch locale as often as from scripts, so a
// reader cannot assume a comma, UTF-8 or LF: Read detects the delimiter
// (comma, semicolon or tab), the encoding (UTF-8 with or without a BOM,
// UTF-16 with a BOM, else Windows-1252, which covers Latin-1) and accepts
// CRLF and CR line ends. Errors name the file, the line and the column.
// Writer writes either plain CSV or the form Excel opens right in such a
// locale (semicolons, a UTF-8 BOM, CRLF, decimal commas).
//
// The package imports only the standard library.
package csvfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxSize is the largest CSV file Read takes: the project's CSV inputs are
// lists of codes, organisations and files, a few hundred KB at most.
const MaxSize = 32 << 20

// Encodings Read recognises.
const (
	UTF8        = "UTF-8"
	UTF16LE     = "UTF-16LE"
	UTF16BE     = "UTF-16BE"
	Windows1252 = "Windows-1252"
)

// Table is a CSV file read whole: its header row and the rows below it.
type Table struct {
	File     string   // the name errors give
	Header   []string // the header's cells, trimmed, as written
	Rows     []Row    // rows below the header; blank rows are left out
	Comma    rune     // the delimiter found
	Encoding string   // the encoding found (UTF8, UTF16LE, UTF16BE or Windows1252)
}

// Row is one record with the line it starts on (1-based, in the file).
type Row struct {
	Line   int
	Fields []string // as written: callers trim what they need trimmed
}

// Error is a problem at a line and column of a CSV file. Column is the
// 1-based field number (the spreadsheet column), 0 when the problem is the
// whole row; Name is the header's name for that column, when known.
type Error struct {
	File   string
	Line   int
	Column int
	Name   string
	Err    error
}

// Error formats the problem as "file:line: column N (name): cause".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	switch {
	case e.Column > 0 && e.Name != "":
		fmt.Fprintf(&b, "column %d (%s): ", e.Column, quoteName(e.Name))
	case e.Column > 0:
		fmt.Fprintf(&b, "column %d: ", e.Column)
	case e.Name != "":
		fmt.Fprintf(&b, "column %s: ", quoteName(e.Name))
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// quoteName shows a column name from a file: plain names as they are,
// anything else quoted and cut, so a hostile file cannot drive a terminal.
func quoteName(s string) string {
	plain := utf8.RuneCountInString(s) <= 40
	for _, r := range s {
		if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '"' {
			plain = false
		}
	}
	if plain && s != "" {
		return s
	}
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// ErrEmpty means the file holds no header row.
var ErrEmpty = errors.New("empty file: expected a header row")

// ReadFile reads the CSV file at path; errors name it by path.
func ReadFile(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("%s: larger than %d MiB: not a list plancoder reads", path, MaxSize>>20)
	}
	return Read(path, data)
}

// Read parses data, named name in errors: the first non-blank row is the
// header, every later non-blank row a record. Rows may have fewer fields
// than the header; callers decide about more.
func Read(name string, data []byte) (*Table, error) {
	text, enc, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	t := &Table{File: name, Encoding: enc, Comma: Sniff(text)}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = t.Comma
	r.FieldsPerRecord = -1
	// Leading blanks before a quoted field are common in hand-written
	// files; with a tab delimiter trimming would eat empty fields.
	r.TrimLeadingSpace = t.Comma != '\t'
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, t.parseError(text, err)
		}
		if blank(rec) {
			continue
		}
		line, _ := r.FieldPos(0)
		if t.Header == nil {
			t.Header = make([]string, len(rec))
			for i, h := range rec {
				t.Header[i] = strings.TrimSpace(h)
			}
			continue
		}
		t.Rows = append(t.Rows, Row{Line: line, Fields: rec})
	}
	if t.Header == nil {
		return nil, &Error{File: name, Err: ErrEmpty}
	}
	return t, nil
}

// parseError turns encoding/csv's error, which gives a character position,
// into an Error with the field number.
func (t *Table) parseError(text string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", t.File, err)
	}
	e := &Error{File: t.File, Line: pe.Line, Err: pe.Err}
	e.Column = ParseErrorField(text, t.Comma, pe)
	if e.Column > 0 && e.Column <= len(t.Header) {
		e.Name = t.Header[e.Column-1]
	}
	if errors.Is(pe.Err, csv.ErrBareQuote) {
		e.Err = fmt.Errorf(`%w (a field with a " must be quoted whole, "like ""this"""; a stray quote breaks the row)`, pe.Err)
	}
	return e
}

// ParseErrorField gives the 1-based field number (the spreadsheet column)
// where encoding/csv found the error pe in text, which gives a character
// position; 0 when the error spans lines.
func ParseErrorField(text string, comma rune, pe *csv.ParseError) int {
	if pe.Line < 1 || pe.Line != pe.StartLine {
		return 0
	}
	rest := text
	for i := 1; i < pe.Line; i++ {
		_, after, ok := strings.Cut(rest, "\n")
		if !ok {
			return 0
		}
		rest = after
	}
	line, _, _ := strings.Cut(rest, "\n")
	return fieldAt(line, pe.Column, comma)
}

// fieldAt gives the 1-based field number of the 1-based character col in a
// line, counting delimiters outside quotes.
func fieldAt(line string, col int, comma rune) int {
	field, quoted, i := 1, false, 0
	for _, r := range line {
		i++
		if i >= col {
			break
		}
		switch {
		case r == '"':
			quoted = !quoted
		case r == comma && !quoted:
			field++
		}
	}
	return field
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// Column returns the index of the header column named name, ignoring case
// and surrounding blanks; -1 when there is none.
func (t *Table) Column(name string) int {
	for i, h := range t.Header {
		if strings.EqualFold(h, strings.TrimSpace(name)) {
			return i
		}
	}
	return -1
}

// Errorf makes an Error for column col (an index into Header; -1 for the
// whole row) of the row at line.
func (t *Table) Errorf(line, col int, format string, args ...any) *Error {
	e := &Error{File: t.File, Line: line, Err: fmt.Errorf(format, args...)}
	if col >= 0 {
		e.Column = col + 1
		if col < len(t.Header) {
			e.Name = t.Header[col]
		}
	}
	return e
}

// Decode returns data as UTF-8 text without a BOM and with LF or CRLF line
// ends (a lone CR, as old Mac files have, becomes LF), and the encoding it
// was in: UTF-8 (with or without a BOM), UTF-16 with a BOM, else
// Windows-1252. A NUL byte without a UTF-16 BOM is refused: the file is
// binary or UTF-16 that Read cannot place.
func Decode(data []byte) (string, string, error) {
	var text, enc string
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		text, enc = string(data[3:]), UTF8
		if !utf8.ValidString(text) {
			return "", "", errors.New("starts with a UTF-8 byte order mark but is not valid UTF-8")
		}
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		text, enc = decodeUTF16(data[2:], false), UTF16LE
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		text, enc = decodeUTF16(data[2:], true), UTF16BE
	case bytes.IndexByte(data, 0) >= 0:
		return "", "", errors.New("holds NUL bytes: not a CSV text file (save it from Excel as \"CSV UTF-8\")")
	case utf8.Valid(data):
		text, enc = string(data), UTF8
	default:
		text, enc = decode1252(data), Windows1252
	}
	if strings.ContainsRune(text, '\r') {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	return text, enc, nil
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		if bigEndian {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	return string(utf16.Decode(u))
}

// cp1252 holds the characters of Windows-1252's bytes 0x80..0x9F; the other
// bytes are Latin-1, that is, the code point of the same number. The five
// unassigned bytes map to the control character of their number.
var cp1252 = [32]rune{
	0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
	0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
}

func decode1252(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			sb.WriteByte(c)
		case c < 0xA0:
			sb.WriteRune(cp1252[c-0x80])
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}

// Sniff picks the delimiter of text: the one of comma, semicolon and tab
// that occurs most, outside quotes, in the first non-blank line; a comma
// when none occurs or on a tie with it.
func Sniff(text string) rune {
	line := ""
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			line = l
			break
		}
	}
	counts := map[rune]int{}
	quoted := false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case !quoted && (r == ',' || r == ';' || r == '\t'):
			counts[r]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}
