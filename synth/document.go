package synth

import "strings"

// blockKind enumerates the structural elements of a generated document.
type blockKind int

const (
	kHeading blockKind = iota
	kPara
	kList
	kTable
	kPageBreak
)

// block is one structural element. Headings use level 1..3.
type block struct {
	kind  blockKind
	level int
	text  string
	items []string
	rows  [][]string // first row is the header
}

// document is the format-neutral representation every renderer consumes.
type document struct {
	title  string
	blocks []block
}

func (d *document) h(level int, text string) {
	d.blocks = append(d.blocks, block{kind: kHeading, level: level, text: text})
}

func (d *document) p(text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	d.blocks = append(d.blocks, block{kind: kPara, text: text})
}

func (d *document) list(items []string) {
	if len(items) == 0 {
		return
	}
	d.blocks = append(d.blocks, block{kind: kList, items: items})
}

func (d *document) table(rows [][]string) {
	d.blocks = append(d.blocks, block{kind: kTable, rows: rows})
}

func (d *document) pageBreak() {
	if n := len(d.blocks); n == 0 || d.blocks[n-1].kind == kPageBreak {
		return
	}
	d.blocks = append(d.blocks, block{kind: kPageBreak})
}

// words counts the words of all visible text in the document.
func (d *document) words() int {
	n := 0
	for _, b := range d.blocks {
		switch b.kind {
		case kHeading, kPara:
			n += wordCount(b.text)
		case kList:
			for _, it := range b.items {
				n += wordCount(it)
			}
		case kTable:
			for _, r := range b.rows {
				for _, c := range r {
					n += wordCount(c)
				}
			}
		}
	}
	return n
}
