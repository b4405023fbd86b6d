package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"

	"golang.org/x/net/html/charset"
)

// Word computes the labels of numbered paragraphs ("1.", "a)", "2.3")
// when it lays a document out; document.xml holds only a reference
// (w:numPr: numId and level) into word/numbering.xml, which defines per
// list the format of each level (w:numFmt), the label's text with its
// placeholders (w:lvlText "%1.%2") and where counting starts (w:start).
// The labels are part of what a reader sees and cites ("zie 2.3"), as the
// PDF of the same document shows them, so they are put back before the
// text. Bullets are no labels and are left out, as the PDF path does.

// docxMaxLevels is the number of list levels Word has (w:ilvl 0..8).
const docxMaxLevels = 9

// docxMaxLetterNumber and docxMaxRomanNumber bound the numbers written
// as letters ("zz...z", 30 times: 780) and Roman numerals (3999): a damaged
// w:start of two billion must not make a label of millions of letters.
// Larger numbers are written in digits.
const (
	docxMaxLetterNumber = 780
	docxMaxRomanNumber  = 3999
)

// docxLevel is one level of a list definition (w:lvl).
type docxLevel struct {
	Start  *docxVal `xml:"start"`
	NumFmt *docxVal `xml:"numFmt"`
	Text   *docxVal `xml:"lvlText"`
	PStyle *docxVal `xml:"pStyle"`
	IsLgl  *docxVal `xml:"isLgl"`
	Suff   *docxVal `xml:"suff"`
	ILvl   string   `xml:"ilvl,attr"`
}

type docxVal struct {
	Val string `xml:"val,attr"`
}

func (v *docxVal) str() string {
	if v == nil {
		return ""
	}
	return v.Val
}

// start is the level's first number (w:start, 1 when absent; Word's
// default is 0, but every list it writes says 1).
func (l *docxLevel) start() int {
	if l == nil || l.Start == nil {
		return 1
	}
	n, err := strconv.Atoi(strings.TrimSpace(l.Start.Val))
	if err != nil || n < 0 {
		return 1
	}
	return n
}

// docxAbstractNum is a list definition (w:abstractNum); numStyleLink
// points to a numbering style whose list holds the levels instead.
type docxAbstractNum struct {
	ID        string      `xml:"abstractNumId,attr"`
	Levels    []docxLevel `xml:"lvl"`
	StyleLink *docxVal    `xml:"numStyleLink"`
}

// docxNum is a list instance (w:num) that paragraphs refer to by numId: a
// list definition, with levels whose start or whole definition it
// overrides.
type docxNum struct {
	ID        string   `xml:"numId,attr"`
	Abstract  *docxVal `xml:"abstractNumId"`
	Overrides []struct {
		ILvl  string     `xml:"ilvl,attr"`
		Start *docxVal   `xml:"startOverride"`
		Level *docxLevel `xml:"lvl"`
	} `xml:"lvlOverride"`
}

// docxNumbering is numbering.xml, read, with the counters of the lists
// while document.xml is read in order.
type docxNumbering struct {
	abstracts map[string]*docxAbstractNum
	nums      map[string]*docxNum
	// counters are kept per list definition, as Word keeps them: list
	// instances of one definition continue each other's numbers unless
	// one restarts a level (w:startOverride).
	counters map[string]*[docxMaxLevels]int
	set      map[string]*[docxMaxLevels]bool
	// restarted marks the instance levels whose startOverride was used.
	restarted map[string]bool
}

// docxReadNumbering reads numbering.xml.
func docxReadNumbering(f *zip.File) (*docxNumbering, error) {
	b, err := docxReadPart(f, docxMaxPart)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Abstracts []*docxAbstractNum `xml:"abstractNum"`
		Nums      []*docxNum         `xml:"num"`
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.CharsetReader = charset.NewReaderLabel
	if err := d.Decode(&doc); err != nil {
		return nil, err
	}
	n := &docxNumbering{
		abstracts: map[string]*docxAbstractNum{},
		nums:      map[string]*docxNum{},
		counters:  map[string]*[docxMaxLevels]int{},
		set:       map[string]*[docxMaxLevels]bool{},
		restarted: map[string]bool{},
	}
	for _, a := range doc.Abstracts {
		if _, dup := n.abstracts[a.ID]; !dup {
			n.abstracts[a.ID] = a
		}
	}
	for _, m := range doc.Nums {
		if _, dup := n.nums[m.ID]; !dup {
			n.nums[m.ID] = m
		}
	}
	return n, nil
}

// abstract returns the list definition of an instance, following a
// numbering style link (a list style such as "1 / a / i") once, and the
// key its counters are kept under.
func (n *docxNumbering) abstract(num *docxNum, styles docxStyles) (*docxAbstractNum, string) {
	id := num.Abstract.str()
	a := n.abstracts[id]
	if a != nil && a.StyleLink != nil {
		if st := styles[a.StyleLink.Val]; st != nil && st.numID != "" {
			if linked := n.nums[st.numID]; linked != nil {
				if la := n.abstracts[linked.Abstract.str()]; la != nil && la.StyleLink == nil {
					return la, linked.Abstract.str()
				}
			}
		}
	}
	return a, id
}

// level returns level ilvl of an instance: its own override, else the
// definition's.
func (n *docxNumbering) level(num *docxNum, a *docxAbstractNum, ilvl int) *docxLevel {
	for i := range num.Overrides {
		o := &num.Overrides[i]
		if docxILvl(o.ILvl) == ilvl && o.Level != nil {
			return o.Level
		}
	}
	if a == nil {
		return nil
	}
	for i := range a.Levels {
		if docxILvl(a.Levels[i].ILvl) == ilvl {
			return &a.Levels[i]
		}
	}
	return nil
}

// styleLevel returns the level of a list definition that names style as
// its paragraph style (heading styles linked to a multilevel list give no
// level of their own), or -1.
func (n *docxNumbering) styleLevel(num *docxNum, styles docxStyles, style string) int {
	if style == "" {
		return -1
	}
	a, _ := n.abstract(num, styles)
	if a == nil {
		return -1
	}
	for _, l := range a.Levels {
		if l.PStyle.str() == style {
			return docxILvl(l.ILvl)
		}
	}
	return -1
}

// next counts a paragraph of list instance numID at level ilvl and
// returns its label ("" for bullets, unknown lists and levels that show
// no number).
func (n *docxNumbering) next(numID string, ilvl int, styles docxStyles) string {
	num := n.nums[numID]
	if num == nil {
		return ""
	}
	a, key := n.abstract(num, styles)
	if n.level(num, a, ilvl) == nil {
		return ""
	}
	c, set := n.counters[key], n.set[key]
	if c == nil {
		c, set = new([docxMaxLevels]int), new([docxMaxLevels]bool)
		n.counters[key], n.set[key] = c, set
	}
	restart := -1
	for _, o := range num.Overrides {
		if docxILvl(o.ILvl) == ilvl && o.Start != nil {
			if v, err := strconv.Atoi(strings.TrimSpace(o.Start.Val)); err == nil && v >= 0 {
				restart = v
			}
		}
	}
	rk := numID + "/" + strconv.Itoa(ilvl)
	switch {
	case restart >= 0 && !n.restarted[rk]:
		n.restarted[rk] = true
		c[ilvl], set[ilvl] = restart, true
	case set[ilvl]:
		c[ilvl]++
	default:
		c[ilvl], set[ilvl] = n.level(num, a, ilvl).start(), true
	}
	// A higher-level item starts the levels below it anew.
	for l := ilvl + 1; l < docxMaxLevels; l++ {
		set[l] = false
	}
	lvl := n.level(num, a, ilvl)
	if lvl.NumFmt.str() == "bullet" {
		return ""
	}
	legal := lvl.IsLgl != nil && docxOnVal(lvl.IsLgl.Val)
	text := lvl.Text.str()
	var b strings.Builder
	numbers := false
	for i := 0; i < len(text); i++ {
		if text[i] == '%' && i+1 < len(text) && text[i+1] >= '1' && text[i+1] <= '9' {
			l := int(text[i+1] - '1')
			i++
			if l > ilvl {
				continue // a level below this one has no number here
			}
			ll := n.level(num, a, l)
			v, f := ll.start(), "decimal"
			if set[l] {
				v = c[l]
			}
			if ll != nil && !legal {
				f = ll.NumFmt.str()
			}
			if s := docxFormatNumber(v, f); s != "" {
				b.WriteString(s)
				numbers = true
			}
			continue
		}
		b.WriteByte(text[i])
	}
	if !numbers {
		// A level that shows no number ("none", or a fixed sign such as
		// "–" as its text) is a bullet.
		return ""
	}
	return strings.TrimSpace(b.String())
}

// docxOnVal reads the value of an on/off property (empty is on).
func docxOnVal(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "0", "false", "off", "none":
		return false
	}
	return true
}

// docxFormatNumber writes v in a w:numFmt: decimal for formats this
// reader does not know (ordinals, other scripts), "" for "none".
func docxFormatNumber(v int, format string) string {
	switch format {
	case "none":
		return ""
	case "decimalZero":
		if v < 10 {
			return "0" + strconv.Itoa(v)
		}
	case "lowerLetter", "upperLetter":
		if v >= 1 && v <= docxMaxLetterNumber {
			// Word repeats the letter past z: 27 is "aa", 53 "aaa".
			s := strings.Repeat(string(rune('a'+(v-1)%26)), (v-1)/26+1)
			if format == "upperLetter" {
				s = strings.ToUpper(s)
			}
			return s
		}
	case "lowerRoman", "upperRoman":
		if v >= 1 && v <= docxMaxRomanNumber {
			s := docxRoman(v)
			if format == "lowerRoman" {
				s = strings.ToLower(s)
			}
			return s
		}
	}
	return strconv.Itoa(v)
}

// docxRoman writes 1..3999 in Roman numerals.
func docxRoman(v int) string {
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, x := range vals {
		for v >= x {
			b.WriteString(syms[i])
			v -= x
		}
	}
	return b.String()
}
