package pdftext

import (
	"unicode/utf16"

	"github.com/ledongthuc/pdf"
)

// toUnicode is a font's ToUnicode CMap: character codes to text. The PDF
// library has its own, but it adds a range offset to the last byte only,
// which garbles every code past U+00FF in fonts (fpdf's UTF-8 fonts, for
// one) that map whole ranges.
type toUnicode struct {
	chars  map[uint32]string
	ranges []cmapRange
}

type cmapRange struct {
	lo, hi uint32
	dst    string   // UTF-16BE of the first code's text; later codes add the offset
	arr    []string // or one entry per code
}

func codeOf(s string) uint32 {
	var c uint32
	for i := 0; i < len(s) && i < 4; i++ {
		c = c<<8 | uint32(s[i])
	}
	return c
}

func utf16BE(s string) string {
	if lig, ok := byteSwappedLigature(s); ok {
		return lig
	}
	if len(s)%2 == 1 {
		s += "\x00"
	}
	u := make([]uint16, len(s)/2)
	for i := range u {
		u[i] = uint16(s[2*i])<<8 | uint16(s[2*i+1])
	}
	return string(utf16.Decode(u))
}

// byteSwappedLigature recognises a ligature written as UTF-16LE ("f\x00i\x00"
// for "fi"), as Ghostscript does; read as UTF-16BE it would be CJK.
func byteSwappedLigature(s string) (string, bool) {
	if len(s) < 4 || len(s)%2 == 1 {
		return "", false
	}
	var b []byte
	for i := 0; i < len(s); i += 2 {
		c := s[i]
		if s[i+1] != 0 || c < 'a' || c > 'z' {
			return "", false
		}
		b = append(b, c)
	}
	return string(b), true
}

// parseToUnicode reads a ToUnicode stream; nil when it has no mappings.
// anyDict is any dictionary value: the CMap program's "findresource" and
// "begincmap" must leave a dictionary for the interpreter's "begin".
func parseToUnicode(v, anyDict pdf.Value) (m *toUnicode) {
	defer func() {
		if recover() != nil {
			m = nil
		}
	}()
	t := &toUnicode{chars: map[uint32]string{}}
	n := -1
	pdf.Interpret(v, func(stk *pdf.Stack, op string) {
		switch op {
		case "findresource":
			stk.Pop()
			stk.Pop()
			stk.Push(anyDict)
		case "begincmap":
			stk.Push(anyDict)
		case "endcmap":
			stk.Pop()
		case "defineresource":
			stk.Pop()
			val := stk.Pop()
			stk.Pop()
			stk.Push(val)
		case "begincodespacerange", "beginbfchar", "beginbfrange", "begincidrange", "beginnotdefrange":
			n = int(stk.Pop().Int64())
		case "endcodespacerange", "endcidrange", "endnotdefrange":
			for stk.Len() > 0 && n > 0 {
				stk.Pop()
			}
			n = -1
		case "endbfchar":
			for i := 0; i < n && stk.Len() >= 2; i++ {
				dst, src := stk.Pop(), stk.Pop()
				t.chars[codeOf(src.RawString())] = utf16BE(dst.RawString())
			}
			n = -1
		case "endbfrange":
			for i := 0; i < n && stk.Len() >= 3; i++ {
				dst, hi, lo := stk.Pop(), stk.Pop(), stk.Pop()
				r := cmapRange{lo: codeOf(lo.RawString()), hi: codeOf(hi.RawString())}
				if dst.Kind() == pdf.Array {
					for k := 0; k < dst.Len(); k++ {
						r.arr = append(r.arr, utf16BE(dst.Index(k).RawString()))
					}
				} else {
					r.dst = dst.RawString()
				}
				if r.hi >= r.lo && r.hi-r.lo < 1<<16 {
					t.ranges = append(t.ranges, r)
				}
			}
			n = -1
		}
	})
	if len(t.chars) == 0 && len(t.ranges) == 0 {
		return nil
	}
	return t
}

// lookup maps one character code.
func (t *toUnicode) lookup(code string) (string, bool) {
	c := codeOf(code)
	if s, ok := t.chars[c]; ok {
		return s, true
	}
	for _, r := range t.ranges {
		if c < r.lo || c > r.hi {
			continue
		}
		off := c - r.lo
		if r.arr != nil {
			if int(off) < len(r.arr) {
				return r.arr[off], true
			}
			return "", false
		}
		d := []byte(r.dst)
		if len(d) == 0 {
			return "", false
		}
		// Add the offset to the whole big-endian value of the last code
		// unit, carrying into the byte before it.
		if len(d) >= 2 {
			last := uint32(d[len(d)-2])<<8 | uint32(d[len(d)-1])
			last += off
			d[len(d)-2], d[len(d)-1] = byte(last>>8), byte(last)
		} else {
			d[0] += byte(off)
		}
		return utf16BE(string(d)), true
	}
	return "", false
}
