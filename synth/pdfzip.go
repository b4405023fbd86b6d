package synth

import (
	"bytes"
	"compress/zlib"
	"sort"
	"strconv"
	"sync"
)

// fpdf compresses every page with a freshly allocated zlib writer (about
// a megabyte of state per page), which costs more than the layout itself.
// compressPDF instead deflates the uncompressed page streams of an fpdf
// document with pooled writers and rebuilds the cross-reference table.
// The result is the same document as fpdf's SetCompression(true) would
// give (page contents as FlateDecode streams), and deterministic.

var zlibPool = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return w
}}

// compressPDF returns in with every "<</Length n>>" stream deflated, or
// ok == false when in does not have the layout fpdf writes.
func compressPDF(in []byte) (out []byte, ok bool) {
	xref := bytes.LastIndex(in, []byte("\nxref\n0 "))
	if xref < 0 {
		return nil, false
	}
	xref++
	// Parse the xref table: "xref\n0 N\n" then N 20-byte entries.
	p := xref + len("xref\n0 ")
	nl := bytes.IndexByte(in[p:], '\n')
	if nl < 0 {
		return nil, false
	}
	n, err := strconv.Atoi(string(in[p : p+nl]))
	if err != nil || n < 1 {
		return nil, false
	}
	p += nl + 1
	if p+20*n > len(in) {
		return nil, false
	}
	offs := make([]int, n)
	for i := 0; i < n; i++ {
		e := in[p+20*i : p+20*i+20]
		if i == 0 {
			continue
		}
		v, err := strconv.Atoi(string(e[:10]))
		if err != nil || v <= 0 || v >= xref {
			return nil, false
		}
		offs[i] = v
	}
	trailer := p + 20*n
	sx := bytes.LastIndex(in, []byte("startxref\n"))
	if sx < trailer {
		return nil, false
	}
	// Objects in file order.
	order := make([]int, 0, n-1)
	for i := 1; i < n; i++ {
		order = append(order, i)
	}
	sort.Slice(order, func(a, b int) bool { return offs[order[a]] < offs[order[b]] })

	zw := zlibPool.Get().(*zlib.Writer)
	defer zlibPool.Put(zw)
	var z bytes.Buffer
	res := bytes.NewBuffer(make([]byte, 0, len(in)/3))
	res.Write(in[:offs[order[0]]])
	newOffs := make([]int, n)
	for k, obj := range order {
		start := offs[obj]
		end := xref
		if k+1 < len(order) {
			end = offs[order[k+1]]
		}
		body := in[start:end]
		newOffs[obj] = res.Len()
		head := strconv.Itoa(obj) + " 0 obj\n<</Length "
		if !bytes.HasPrefix(body, []byte(head)) {
			res.Write(body)
			continue
		}
		q := len(head)
		gt := bytes.Index(body[q:], []byte(">>\nstream\n"))
		if gt < 0 {
			return nil, false
		}
		length, err := strconv.Atoi(string(body[q : q+gt]))
		ds := q + gt + len(">>\nstream\n")
		if err != nil || ds+length > len(body) {
			return nil, false
		}
		z.Reset()
		zw.Reset(&z)
		zw.Write(body[ds : ds+length])
		if err := zw.Close(); err != nil {
			return nil, false
		}
		res.WriteString(strconv.Itoa(obj) + " 0 obj\n<</Filter /FlateDecode /Length " + strconv.Itoa(z.Len()) + ">>\nstream\n")
		res.Write(z.Bytes())
		res.Write(body[ds+length:])
	}
	newXref := res.Len()
	res.WriteString("xref\n0 " + strconv.Itoa(n) + "\n")
	res.Write(in[p : p+20]) // the free entry
	for i := 1; i < n; i++ {
		o := strconv.Itoa(newOffs[i])
		for j := len(o); j < 10; j++ {
			res.WriteByte('0')
		}
		res.WriteString(o + " 00000 n \n")
	}
	res.Write(in[trailer:sx])
	res.WriteString("startxref\n" + strconv.Itoa(newXref) + "\n%%EOF\n")
	return res.Bytes(), true
}
