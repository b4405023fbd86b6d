package pdftext

import (
	"fmt"
	"strconv"
)

// operand is one operand of a content-stream operator: a number, a string
// (its raw bytes), a name (without the slash), an array, or something the
// interpreter has no use for (a dictionary, a boolean, null).
type operand struct {
	kind byte // see the kind constants
	num  float64
	str  string
	arr  []operand
}

// Operand kinds.
const (
	opOther byte = iota
	opNumber
	opString
	opName
	opArray
)

// Float64 is the number, 0 for any other operand (as the PDF reader's
// values answer).
func (o operand) Float64() float64 {
	if o.kind == opNumber {
		return o.num
	}
	return 0
}

// Name is the name without its slash, "" for any other operand.
func (o operand) Name() string {
	if o.kind == opName {
		return o.str
	}
	return ""
}

// RawString is a string's bytes, "" for any other operand.
func (o operand) RawString() string {
	if o.kind == opString {
		return o.str
	}
	return ""
}

// Maximal nesting of arrays and dictionaries in one operand: real content
// nests two or three levels; a stream of "[[[[" must not recurse without end.
const maxOperandDepth = 32

// lexContent reads a page's content stream and calls do for every operator
// with the operands before it (args is reused: do must not keep it). It is
// lenient where real producers are sloppy and never panics: a byte that
// starts no token is skipped, an undefined escape in a string reads as the
// character (PDF 32000-1 7.3.4.2), an unterminated string or array ends at
// the end of the data, and the binary data of an inline image (BI ... ID
// data EI) is skipped rather than read as tokens (the PDF reader's own
// lexer stopped a page at the first inline icon). Written for speed too: the
// reader's general lexer boxed every token and was a sixth of extraction.
//
// The error names the first hex string with bytes that are no hex digits:
// such a stream is damaged (its bytes are garbage), though what could be
// read of it was read.
func lexContent(data []byte, do func(args []operand, op string)) (err error) {
	l := contentLexer{data: data, bad: -1}
	defer func() {
		if l.bad >= 0 {
			err = fmt.Errorf("malformed hex string at byte %d", l.bad)
		}
	}()
	var args []operand
	for {
		tok, op, ok := l.next(0)
		if !ok {
			return nil
		}
		if op == "" {
			args = append(args, tok)
			continue
		}
		switch op {
		case "true", "false", "null":
			args = append(args, operand{})
			continue
		case "BI":
			do(args, op)
			args = args[:0]
			l.skipInlineImage()
			continue
		}
		do(args, op)
		args = args[:0]
	}
}

type contentLexer struct {
	data []byte
	pos  int
	bad  int // offset of the first malformed hex string, or -1
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// skipSpace skips white space and comments.
func (l *contentLexer) skipSpace() {
	for l.pos < len(l.data) {
		c := l.data[l.pos]
		switch {
		case isPDFSpace(c):
			l.pos++
		case c == '%':
			for l.pos < len(l.data) && l.data[l.pos] != '\n' && l.data[l.pos] != '\r' {
				l.pos++
			}
		default:
			return
		}
	}
}

// next reads one token: an operand, or an operator (op != ""). ok is
// false at the end of the data. Inside an array or dictionary (depth > 0)
// a closing bracket gives op "]" or ">>".
func (l *contentLexer) next(depth int) (tok operand, op string, ok bool) {
	for {
		l.skipSpace()
		if l.pos >= len(l.data) {
			return operand{}, "", false
		}
		c := l.data[l.pos]
		switch c {
		case '(':
			l.pos++
			str, _ := l.literal()
			return operand{kind: opString, str: str}, "", true
		case '<':
			if l.pos+1 < len(l.data) && l.data[l.pos+1] == '<' {
				l.pos += 2
				l.skipDict(depth + 1)
				return operand{}, "", true
			}
			l.pos++
			str, _ := l.hex()
			return operand{kind: opString, str: str}, "", true
		case '>':
			l.pos++
			if l.pos < len(l.data) && l.data[l.pos] == '>' {
				l.pos++
				if depth > 0 {
					return operand{}, ">>", true
				}
			}
			continue // a stray bracket
		case '[':
			l.pos++
			return l.array(depth + 1), "", true
		case ']':
			l.pos++
			if depth > 0 {
				return operand{}, "]", true
			}
			continue
		case '/':
			l.pos++
			return operand{kind: opName, str: l.name()}, "", true
		case ')', '{', '}':
			l.pos++ // no token starts with these in a content stream
			continue
		}
		start := l.pos
		for l.pos < len(l.data) && !isPDFSpace(l.data[l.pos]) && !isPDFDelim(l.data[l.pos]) {
			l.pos++
		}
		word := l.data[start:l.pos]
		if c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9') {
			return operand{kind: opNumber, num: parsePDFNumber(word)}, "", true
		}
		return operand{}, string(word), true
	}
}

// parsePDFNumber reads a number as PDF readers do: what does not parse
// (a doubled sign "--5", "1.2.3") reads as its longest valid prefix, or 0.
func parsePDFNumber(b []byte) float64 {
	if f, err := strconv.ParseFloat(string(b), 64); err == nil {
		return f
	}
	i := 0
	for i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	neg := i > 0 && b[i-1] == '-'
	j := i
	dot := false
	for j < len(b) && ((b[j] >= '0' && b[j] <= '9') || (b[j] == '.' && !dot)) {
		dot = dot || b[j] == '.'
		j++
	}
	f, err := strconv.ParseFloat(string(b[i:j]), 64)
	if err != nil {
		return 0
	}
	if neg {
		f = -f
	}
	return f
}

func (l *contentLexer) array(depth int) operand {
	a := operand{kind: opArray}
	for {
		if depth > maxOperandDepth {
			// Too deep to be real: skip to the end of this array.
			for l.pos < len(l.data) && l.data[l.pos] != ']' {
				l.pos++
			}
			l.pos++
			return a
		}
		tok, op, ok := l.next(depth)
		if !ok || op == "]" {
			return a
		}
		if op == "" {
			a.arr = append(a.arr, tok)
		}
		// An operator inside an array (a missing "]") is dropped.
	}
}

// skipDict skips a dictionary's contents up to its ">>".
func (l *contentLexer) skipDict(depth int) {
	for {
		if depth > maxOperandDepth {
			for l.pos+1 < len(l.data) && !(l.data[l.pos] == '>' && l.data[l.pos+1] == '>') {
				l.pos++
			}
			l.pos += 2
			return
		}
		_, op, ok := l.next(depth)
		if !ok || op == ">>" {
			return
		}
	}
}

func (l *contentLexer) name() string {
	start := l.pos
	esc := false
	for l.pos < len(l.data) && !isPDFSpace(l.data[l.pos]) && !isPDFDelim(l.data[l.pos]) {
		esc = esc || l.data[l.pos] == '#'
		l.pos++
	}
	raw := l.data[start:l.pos]
	if !esc {
		return string(raw)
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		if raw[i] == '#' && i+2 < len(raw) {
			if v, err := strconv.ParseUint(string(raw[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, raw[i])
	}
	return string(out)
}

// literal reads a literal string after its "(" (PDF 32000-1 7.3.4.2);
// closed is false when the data ended first. A bare end of line is kept as
// it is, not read as "\n" as the reference says: a two-byte font's codes
// are binary, and the PDF reader before this kept them so too.
func (l *contentLexer) literal() (str string, closed bool) {
	start := l.pos
	depth := 1
	plain := true // no escapes: a plain slice
	for i := l.pos; i < len(l.data); i++ {
		switch l.data[i] {
		case '\\':
			plain = false
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 && plain {
				l.pos = i + 1
				return string(l.data[start:i]), true
			}
		}
		if !plain {
			break
		}
	}
	if plain { // unterminated: the rest of the data
		l.pos = len(l.data)
		return string(l.data[start:]), false
	}
	var out []byte
	depth = 1
	d := l.data
	i := start
	for ; i < len(d); i++ {
		c := d[i]
		switch c {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				l.pos = i + 1
				return string(out), true
			}
		case '\\':
			i++
			if i >= len(d) {
				continue
			}
			switch e := d[i]; e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r': // a backslash at a line end continues the string
				if i+1 < len(d) && d[i+1] == '\n' {
					i++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && i+1 < len(d) && d[i+1] >= '0' && d[i+1] <= '7'; k++ {
						i++
						v = v*8 + int(d[i]-'0')
					}
					c = byte(v)
				} else {
					c = e // ( ) \ and undefined escapes: the character
				}
			}
		}
		out = append(out, c)
	}
	l.pos = len(d)
	return string(out), false
}

// hex reads a hexadecimal string after its "<"; white space is ignored and
// an odd last digit is followed by 0 (PDF 32000-1 7.3.4.3). closed is false
// when the data ended first.
func (l *contentLexer) hex() (str string, closed bool) {
	var out []byte
	hi, half := byte(0), false
	for ; l.pos < len(l.data); l.pos++ {
		c := l.data[l.pos]
		var v byte
		switch {
		case c == '>':
			l.pos++
			if half {
				out = append(out, hi<<4)
			}
			return string(out), true
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		case isPDFSpace(c):
			continue
		default:
			if l.bad < 0 {
				l.bad = l.pos
			}
			continue // a byte that is no digit: skipped
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return string(out), false
}

// skipInlineImage skips an inline image's dictionary and data, after its
// BI: the data runs from one white-space byte after ID to an EI between
// white space (or at the end of the data).
func (l *contentLexer) skipInlineImage() {
	for {
		_, op, ok := l.next(0)
		if !ok {
			return
		}
		if op == "ID" {
			break
		}
		if op == "EI" { // no data at all
			return
		}
	}
	d := l.data
	i := l.pos + 1
	for ; i+1 < len(d); i++ {
		if d[i] == 'E' && d[i+1] == 'I' && isPDFSpace(d[i-1]) && (i+2 == len(d) || isPDFSpace(d[i+2]) || isPDFDelim(d[i+2])) {
			l.pos = i + 2
			return
		}
	}
	l.pos = len(d)
}
