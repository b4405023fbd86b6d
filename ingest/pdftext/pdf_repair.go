package pdftext

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
)

var (
	reObjHeader = regexp.MustCompile(`(?m)(?:^|[\r\n\s])(\d{1,7})\s+(\d{1,5})\s+obj\b`)
	reRootRef   = regexp.MustCompile(`/Root\s+(\d+)\s+(\d+)\s+R`)
	reInfoRef   = regexp.MustCompile(`/Info\s+(\d+)\s+(\d+)\s+R`)
	reEncRef    = regexp.MustCompile(`/Encrypt\s+(\d+)\s+(\d+)\s+R`)
	reIDArr     = regexp.MustCompile(`/ID\s*\[[^\]]*\]`)
	reCatalog   = regexp.MustCompile(`/Type\s*/Catalog\b`)
)

// rebuildXref repairs a file whose cross-reference table points at the
// wrong places, as viewers do: it finds every "N G obj" in the bytes and
// appends a fresh cross-reference table and trailer that point at them.
// Objects inside compressed object streams cannot be found this way.
func rebuildXref(data []byte) ([]byte, error) {
	type loc struct {
		off int
		gen int
	}
	objs := map[int]loc{}
	maxNum := 0
	for _, m := range reObjHeader.FindAllSubmatchIndex(data, -1) {
		num, _ := strconv.Atoi(string(data[m[2]:m[3]]))
		gen, _ := strconv.Atoi(string(data[m[4]:m[5]]))
		objs[num] = loc{m[2], gen} // a later definition wins, as in an update
		maxNum = max(maxNum, num)
	}
	if len(objs) == 0 {
		return nil, fmt.Errorf("no objects found")
	}
	var root, info, enc, id []byte
	if i := bytes.LastIndex(data, []byte("trailer")); i >= 0 {
		t := data[i:]
		if m := reRootRef.FindSubmatch(t); m != nil {
			root = m[0]
		}
		if m := reInfoRef.Find(t); m != nil {
			info = m
		}
		if m := reEncRef.Find(t); m != nil {
			enc = m
		}
		if m := reIDArr.Find(t); m != nil {
			id = m
		}
	}
	if root == nil {
		// No classic trailer: find the catalog object itself.
		for num, l := range objs {
			end := bytes.Index(data[l.off:], []byte("endobj"))
			if end > 0 && reCatalog.Match(data[l.off:l.off+end]) {
				root = []byte(fmt.Sprintf("/Root %d %d R", num, l.gen))
				break
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("no document catalog found")
	}
	if enc != nil && id == nil {
		// An encrypted file without /ID (Acrobat 3 era, PDF 1.2): the key
		// is derived from an empty ID, as viewers do; the reader refuses
		// a trailer without one.
		id = []byte("/ID [<> <>]")
	}
	var b bytes.Buffer
	b.Write(data)
	if data[len(data)-1] != '\n' {
		b.WriteByte('\n')
	}
	start := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n", maxNum+1)
	for n := 0; n <= maxNum; n++ {
		if l, ok := objs[n]; ok {
			fmt.Fprintf(&b, "%010d %05d n \n", l.off, l.gen)
		} else {
			fmt.Fprintf(&b, "%010d %05d f \n", 0, 65535)
		}
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d %s", maxNum+1, root)
	for _, x := range [][]byte{info, enc, id} {
		if x != nil {
			b.WriteByte(' ')
			b.Write(x)
		}
	}
	fmt.Fprintf(&b, " >>\nstartxref\n%d\n%%%%EOF\n", start)
	return b.Bytes(), nil
}
