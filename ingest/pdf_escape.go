package ingest

import (
	"bytes"
	"fmt"
	"io"

	"github.com/ledongthuc/pdf"
)

// fixContent rewrites a content stream the PDF reader cannot lex into one
// it can: the binary data of inline images (BI ... ID data EI; wkhtmltopdf
// draws its icons so) is dropped, and the backslash of an escape the PDF
// reference does not define inside a literal string is dropped ("\x" reads
// as "x", PDF 32000-1 7.3.4.2). Comments are copied as they are. It reports
// whether anything changed.
func fixContent(src []byte) ([]byte, bool) {
	out := make([]byte, 0, len(src))
	changed := false
	isWhite := func(c byte) bool {
		return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '%':
			j := i
			for j < len(src) && src[j] != '\n' && src[j] != '\r' {
				j++
			}
			out = append(out, src[i:j]...)
			i = j - 1
		case c == 'I' && i+2 < len(src) && src[i+1] == 'D' && isWhite(src[i+2]) && (i == 0 || isWhite(src[i-1])):
			// Inline image data runs to "EI" between white space.
			j := i + 3
			for j+2 < len(src) && !(isWhite(src[j]) && src[j+1] == 'E' && src[j+2] == 'I' && (j+3 == len(src) || isWhite(src[j+3]))) {
				j++
			}
			if j+2 >= len(src) {
				j = len(src)
			}
			// The data is dropped: the reader's lexer would take its
			// bytes for tokens and stop the page at the first "(" or "\\".
			out = append(out, "ID"...)
			changed = true
			i = j - 1
		case c == '(':
			depth := 0
			j := i
			for ; j < len(src); j++ {
				d := src[j]
				if d == '\\' && j+1 < len(src) {
					switch e := src[j+1]; {
					case bytes.IndexByte([]byte("nrtbf()\\\r\n01234567"), e) >= 0:
						out = append(out, d, e)
					default:
						out = append(out, e) // an undefined escape: the backslash is ignored
						changed = true
					}
					j++
					continue
				}
				out = append(out, d)
				if d == '(' {
					depth++
				} else if d == ')' {
					if depth--; depth == 0 {
						break
					}
				}
			}
			i = j
		default:
			out = append(out, c)
		}
	}
	return out, changed
}

// fixedContent reads a page's content (a stream or an array of streams)
// and, when fixContent changes it, returns it as a stream of a small
// in-memory PDF, for the content interpreter to read again.
func fixedContent(contents pdf.Value) (pdf.Value, bool, error) {
	var raw bytes.Buffer
	streams := []pdf.Value{contents}
	if contents.Kind() == pdf.Array {
		streams = streams[:0]
		for i := 0; i < contents.Len(); i++ {
			streams = append(streams, contents.Index(i))
		}
	}
	for _, s := range streams {
		if _, err := io.Copy(&raw, s.Reader()); err != nil {
			return pdf.Value{}, false, fmt.Errorf("read content: %w", err)
		}
		raw.WriteByte('\n')
	}
	fixed, changed := fixContent(raw.Bytes())
	if !changed {
		return pdf.Value{}, false, nil
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	off := b.Len()
	fmt.Fprintf(&b, "1 0 obj\n<< /Length %d >>\nstream\n", len(fixed))
	b.Write(fixed)
	b.WriteString("\nendstream\nendobj\n")
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 2\n0000000000 65535 f \n%010d 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", off, x)
	r, err := pdf.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		return pdf.Value{}, false, fmt.Errorf("reread repaired content: %w", err)
	}
	return r.Trailer().Key("Root"), true, nil
}
