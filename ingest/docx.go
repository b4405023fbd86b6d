package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html/charset"
)

// docxExtractor reads Word documents (Office Open XML, .docx) with the
// standard library only: the zip package and a streaming XML decoder.
type docxExtractor struct{}

// Format implements Extractor.
func (docxExtractor) Format() string { return "docx" }

const (
	// docxMaxDocument caps word/document.xml, uncompressed: a zip bomb must
	// not exhaust memory. Real documents are a few MiB of XML.
	docxMaxDocument = 200 << 20
	// docxMaxPart caps the small parts: styles, properties, relationships.
	docxMaxPart = 20 << 20
)

// XML namespaces. Word writes the transitional one; "strict" OOXML uses the
// purl.oclc.org one.
const (
	docxNSW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	docxNSWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	docxNSMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	docxNSDC      = "http://purl.org/dc/elements/1.1/"
)

var errDocxTooLarge = errors.New("larger than the limit")

// Extract implements Extractor.
func (docxExtractor) Extract(ctx context.Context, data []byte) (*Extracted, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("%w: the file is empty", ErrEmpty)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		if bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) {
			// An OLE compound file: a Word 97-2003 .doc renamed, or a
			// password-protected .docx, which Word encrypts into one.
			return nil, fmt.Errorf("not a valid DOCX file (a .docx is a zip package; this looks like an old binary .doc file or a password-protected document: save it as .docx without a password): %w", err)
		}
		return nil, fmt.Errorf("not a valid DOCX file (a .docx is a zip package): %w", err)
	}
	pkg := docxPackage{files: map[string]*zip.File{}}
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, "\\", "/"), "/"))
		if _, dup := pkg.files[name]; !dup {
			pkg.files[name] = f
		}
	}

	rootRels := pkg.rels("")
	mainPart := rootRels.target("/officeDocument", "word/document.xml", pkg)
	doc := pkg.files[mainPart]
	if doc == nil {
		return nil, fmt.Errorf("not a valid DOCX file: word/document.xml is missing%s", pkg.kindHint())
	}
	if doc.UncompressedSize64 > docxMaxDocument {
		return nil, fmt.Errorf("not a valid DOCX file: %s is %d MiB uncompressed, more than the %d MiB this tool reads (a damaged file or a zip bomb)",
			doc.Name, doc.UncompressedSize64>>20, docxMaxDocument>>20)
	}

	x := &Extracted{}
	var styles docxStyles
	stylesPart := pkg.rels(mainPart).target("/styles", path.Join(path.Dir(mainPart), "styles.xml"), pkg)
	if f := pkg.files[stylesPart]; f != nil {
		s, err := docxReadStyles(f)
		if err != nil {
			x.Warnings = append(x.Warnings, fmt.Sprintf("styles (%s) unreadable, headings are found by style id only: %v", f.Name, err))
		}
		styles = s
	}
	if f := pkg.files[rootRels.target("/core-properties", "docprops/core.xml", pkg)]; f != nil {
		x.Title = docxElementText(f, docxNSDC, "title")
	}
	var numbering *docxNumbering
	numberingPart := pkg.rels(mainPart).target("/numbering", path.Join(path.Dir(mainPart), "numbering.xml"), pkg)
	if f := pkg.files[numberingPart]; f != nil {
		n, err := docxReadNumbering(f)
		if err != nil {
			x.Warnings = append(x.Warnings, fmt.Sprintf("numbering (%s) unreadable, numbered paragraphs have no labels: %v", f.Name, err))
		}
		numbering = n
	}

	rc, err := doc.Open()
	if err != nil {
		return nil, fmt.Errorf("not a valid DOCX file: opening %s: %w", doc.Name, err)
	}
	defer rc.Close()
	r := &docxReader{
		ts:        newDocxTokens(&docxLimitReader{r: rc, n: docxMaxDocument}),
		styles:    styles,
		numbering: numbering,
		page:      1,
	}
	r.ts.ctx = ctx
	err = r.body(&x.Blocks)
	if err != nil {
		switch {
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case errors.Is(err, errDocxTooLarge):
			return nil, fmt.Errorf("not a valid DOCX file: %s is more than the %d MiB this tool reads (a damaged file or a zip bomb)", doc.Name, docxMaxDocument>>20)
		case len(x.Blocks) == 0:
			return nil, fmt.Errorf("not a valid DOCX file: reading %s: %w", doc.Name, err)
		}
		// Keep what was read from a truncated or damaged file.
		x.Warnings = append(x.Warnings, fmt.Sprintf("%s is damaged after %d blocks, the rest was skipped: %v", doc.Name, len(x.Blocks), err))
	}
	if len(x.Blocks) == 0 {
		return nil, fmt.Errorf("%w: the document has no paragraphs with text", ErrEmpty)
	}
	x.Pages = r.page
	if f := pkg.files[rootRels.target("/extended-properties", "docprops/app.xml", pkg)]; f != nil {
		// Word's own count, from its last layout, beats counting breaks
		// whenever the document was saved after a layout.
		if n, err := strconv.Atoi(docxElementText(f, "", "Pages")); err == nil && n >= x.Pages {
			x.Pages = n
		}
	}
	return x, nil
}

// docxPackage is the zip's parts by lower-case name: OPC part names are
// case-insensitive.
type docxPackage struct {
	files map[string]*zip.File
}

// kindHint says what a zip without a Word document seems to be.
func (p docxPackage) kindHint() string {
	if f := p.files["mimetype"]; f != nil {
		if b, err := docxReadPart(f, 200); err == nil && bytes.Contains(b, []byte("opendocument")) {
			return " (this looks like an OpenDocument file such as .odt: save it as .docx)"
		}
	}
	f := p.files["[content_types].xml"]
	if f == nil {
		return " (it is a zip archive but not an Office document)"
	}
	b, _ := docxReadPart(f, docxMaxPart)
	switch {
	case bytes.Contains(b, []byte("spreadsheetml")):
		return " (this looks like an Excel workbook, not a Word document)"
	case bytes.Contains(b, []byte("presentationml")):
		return " (this looks like a PowerPoint presentation, not a Word document)"
	}
	return ""
}

// docxRels maps relationship types to resolved part names.
type docxRels []struct{ typ, target string }

// rels reads the relationships of part ("" for the package itself).
func (p docxPackage) rels(part string) docxRels {
	name := "_rels/.rels"
	if part != "" {
		name = path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
	}
	f := p.files[name]
	if f == nil {
		return nil
	}
	b, err := docxReadPart(f, docxMaxPart)
	if err != nil {
		return nil
	}
	var doc struct {
		Rels []struct {
			Type       string `xml:"Type,attr"`
			Target     string `xml:"Target,attr"`
			TargetMode string `xml:"TargetMode,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(b, &doc) != nil {
		return nil
	}
	var out docxRels
	for _, r := range doc.Rels {
		if strings.EqualFold(r.TargetMode, "external") || r.Target == "" {
			continue
		}
		t := strings.ReplaceAll(r.Target, "\\", "/")
		if strings.HasPrefix(t, "/") {
			t = t[1:]
		} else {
			t = path.Join(path.Dir(part), t)
		}
		out = append(out, struct{ typ, target string }{r.Type, strings.ToLower(path.Clean(t))})
	}
	return out
}

// target returns the part of the relationship whose type ends in suffix,
// when it exists, else fallback.
func (rs docxRels) target(suffix, fallback string, p docxPackage) string {
	for _, r := range rs {
		if strings.HasSuffix(strings.ToLower(r.typ), strings.ToLower(suffix)) && p.files[r.target] != nil {
			return r.target
		}
	}
	return fallback
}

// docxReadPart reads a whole small part, refusing one larger than limit.
func docxReadPart(f *zip.File, limit int64) ([]byte, error) {
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("%s: %w", f.Name, errDocxTooLarge)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(&docxLimitReader{r: rc, n: limit})
}

// docxLimitReader fails, rather than ending quietly like io.LimitReader,
// when a part holds more than n bytes: its size in the zip header was a lie.
type docxLimitReader struct {
	r io.Reader
	n int64
}

func (l *docxLimitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			return 0, errDocxTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// docxElementText returns the collapsed text of the first element named
// local (in namespace ns, any when "") in a small part such as core.xml.
func docxElementText(f *zip.File, ns, local string) string {
	b, err := docxReadPart(f, docxMaxPart)
	if err != nil {
		return ""
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.CharsetReader = charset.NewReaderLabel
	for {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if s, ok := tok.(xml.StartElement); ok && s.Name.Local == local && (ns == "" || s.Name.Space == ns) {
			var t strings.Builder
			for {
				tok, err := d.Token()
				if err != nil {
					return ""
				}
				switch v := tok.(type) {
				case xml.CharData:
					t.Write(v)
				case xml.EndElement:
					if v.Name == s.Name {
						return strings.Join(strings.Fields(t.String()), " ")
					}
				}
			}
		}
	}
}

// docxIsW reports whether n is in the WordprocessingML namespace. A bare "w"
// is a prefix left undeclared by a sloppy generator.
func docxIsW(n xml.Name) bool {
	return n.Space == docxNSW || n.Space == docxNSWStrict || n.Space == "w"
}

// docxAttr returns the value of the attribute with the given local name.
func docxAttr(s xml.StartElement, local string) string {
	for _, a := range s.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// docxOn reads an on/off property such as <w:pageBreakBefore/>, which is on
// when it has no value.
func docxOn(s xml.StartElement) bool {
	switch strings.ToLower(docxAttr(s, "val")) {
	case "0", "false", "off", "none":
		return false
	}
	return true
}

// docxTokens is the decoder's token stream with what is never document text
// taken out: deleted and moved-away text, field instructions, revision
// records and the duplicate branches of mc:AlternateContent.
type docxTokens struct {
	d     *xml.Decoder
	ctx   context.Context
	taken []bool // per open mc:AlternateContent: a branch was already used
	n     int
}

func newDocxTokens(r io.Reader) *docxTokens {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel
	return &docxTokens{d: d}
}

// docxDropped are w: elements whose whole subtree is skipped.
var docxDropped = map[string]bool{
	"del": true, "moveFrom": true, "delText": true, "instrText": true, "delInstrText": true,
	"pPrChange": true, "rPrChange": true, "tblPrChange": true, "trPrChange": true,
	"tcPrChange": true, "sectPrChange": true, "numberingChange": true, "tblGridChange": true,
	"rPr": true, "sdtPr": true, "sdtEndPr": true, "tblPr": true, "tblGrid": true,
	"trPr": true, "tcPr": true, "tblPrEx": true,
}

func (t *docxTokens) next() (xml.Token, error) {
	for {
		if t.n++; t.n%4096 == 0 && t.ctx != nil {
			if err := t.ctx.Err(); err != nil {
				return nil, err
			}
		}
		tok, err := t.d.Token()
		if err != nil {
			return nil, err
		}
		switch v := tok.(type) {
		case xml.StartElement:
			if docxIsW(v.Name) && docxDropped[v.Name.Local] {
				if err := t.d.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			if v.Name.Space != docxNSMC {
				return v, nil
			}
			// Choice and Fallback hold the same content in two markups; use
			// the first branch and skip the others.
			switch v.Name.Local {
			case "AlternateContent":
				t.taken = append(t.taken, false)
				continue
			case "Choice", "Fallback":
				if len(t.taken) == 0 || t.taken[len(t.taken)-1] {
					if err := t.d.Skip(); err != nil {
						return nil, err
					}
					continue
				}
				t.taken[len(t.taken)-1] = true
				continue
			}
			return v, nil
		case xml.EndElement:
			if v.Name.Space == docxNSMC {
				switch v.Name.Local {
				case "AlternateContent":
					if len(t.taken) > 0 {
						t.taken = t.taken[:len(t.taken)-1]
					}
					continue
				case "Choice", "Fallback":
					continue
				}
			}
			return v, nil
		case xml.CharData:
			return v, nil
		}
	}
}

// text returns the character data up to the end of the element just opened.
func (t *docxTokens) text() (string, error) {
	var b strings.Builder
	depth := 0
	for {
		tok, err := t.next()
		if err != nil {
			return "", err
		}
		switch v := tok.(type) {
		case xml.CharData:
			b.Write(v)
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return b.String(), nil
			}
			depth--
		}
	}
}

// docxStyle is one paragraph style from styles.xml.
type docxStyle struct {
	name    string
	basedOn string
	outline int // w:outlineLvl, -1 when not set
	num     int // numbering: -1 not set, 0 switched off (numId 0), 1 on
	numID   string
	ilvl    int // list level of the numbering, -1 when not set
}

// docxStyles maps style ids to paragraph styles.
type docxStyles map[string]*docxStyle

func docxReadStyles(f *zip.File) (docxStyles, error) {
	b, err := docxReadPart(f, docxMaxPart)
	if err != nil {
		return nil, err
	}
	ts := newDocxTokens(bytes.NewReader(b))
	styles := docxStyles{}
	var cur *docxStyle
	var inPPr, inNum bool
	numID, ilvl := "", -1
	for {
		tok, err := ts.next()
		if err == io.EOF {
			return styles, nil
		}
		if err != nil {
			return styles, err
		}
		switch v := tok.(type) {
		case xml.StartElement:
			if !docxIsW(v.Name) {
				continue
			}
			switch v.Name.Local {
			case "style":
				cur = nil
				// Numbering styles are kept for the lists that link to
				// them (w:numStyleLink); no paragraph names one.
				if typ := docxAttr(v, "type"); typ == "" || typ == "paragraph" || typ == "numbering" {
					cur = &docxStyle{outline: -1, num: -1, ilvl: -1}
					styles[docxAttr(v, "styleId")] = cur
				}
			case "name":
				if cur != nil {
					cur.name = docxAttr(v, "val")
				}
			case "basedOn":
				if cur != nil {
					cur.basedOn = docxAttr(v, "val")
				}
			case "pPr":
				inPPr = cur != nil
			case "outlineLvl":
				if inPPr {
					if n, err := strconv.Atoi(docxAttr(v, "val")); err == nil {
						cur.outline = n
					}
				}
			case "numPr":
				inNum, numID, ilvl = inPPr, "", -1
			case "numId":
				if inNum {
					numID = docxAttr(v, "val")
				}
			case "ilvl":
				if inNum {
					ilvl = docxILvl(docxAttr(v, "val"))
				}
			}
		case xml.EndElement:
			if !docxIsW(v.Name) {
				continue
			}
			switch v.Name.Local {
			case "style":
				cur = nil
			case "pPr":
				inPPr = false
			case "numPr":
				if inNum && cur != nil {
					cur.num = docxNumState(numID)
					cur.numID, cur.ilvl = strings.TrimSpace(numID), ilvl
				}
				inNum = false
			}
		}
	}
}

// docxILvl reads a w:ilvl value, -1 when it is not a list level.
func docxILvl(s string) int {
	i, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || i < 0 || i >= docxMaxLevels {
		return -1
	}
	return i
}

// docxNumState turns the numId of a w:numPr into docxStyle.num: numId 0
// switches numbering off, no numId keeps what the style says.
func docxNumState(numID string) int {
	switch strings.TrimSpace(numID) {
	case "":
		return -1
	case "0":
		return 0
	}
	return 1
}

var (
	// Built-in heading names as Word and LibreOffice write them, in a few
	// languages, and the style ids Word derives from them ("Kop1",
	// "berschrift1" for "Überschrift 1").
	docxHeadingName = regexp.MustCompile(`^(?:heading|kop|überschrift|berschrift|titre|titolo|rubrik|overskrift|otsikko)\s*([1-9])$`)
	docxTitleName   = regexp.MustCompile(`^(?:title|titel|titre|titolo|título)$`)
	docxListName    = regexp.MustCompile(`^(?:list ?paragraph|lijstalinea|list ?bullet(?: ?\d)?|list ?number(?: ?\d)?|lijstopsommingsteken(?: ?\d)?|lijstnummering(?: ?\d)?)$`)
)

// docxNameHeading returns the heading level a style name or id implies.
func docxNameHeading(name string) int {
	name = strings.ToLower(strings.TrimSpace(name))
	if m := docxHeadingName.FindStringSubmatch(name); m != nil {
		return int(m[1][0] - '0')
	}
	if docxTitleName.MatchString(name) {
		return 1
	}
	return 0
}

// chain returns the style id and the styles it is based on, nearest first.
func (s docxStyles) chain(id string) []*docxStyle {
	var out []*docxStyle
	for i := 0; i < 32 && id != ""; i++ { // bounded: basedOn may loop
		st := s[id]
		if st == nil {
			break
		}
		out = append(out, st)
		id = st.basedOn
	}
	return out
}

// heading returns the heading level of style id, 0 when it is not a heading.
func (s docxStyles) heading(id string) int {
	chain := s.chain(id)
	if len(chain) == 0 {
		// No styles.xml, or the id is not in it: Word's ids are enough.
		return docxNameHeading(id)
	}
	for _, st := range chain {
		if st.outline >= 0 {
			if st.outline < 9 {
				return st.outline + 1
			}
			return 0 // outline level 9 is body text
		}
		if n := docxNameHeading(st.name); n > 0 {
			return n
		}
	}
	return 0
}

// list reports whether style id makes its paragraphs list items.
func (s docxStyles) list(id string) bool {
	chain := s.chain(id)
	if len(chain) == 0 {
		return docxListName.MatchString(strings.ToLower(strings.TrimSpace(id)))
	}
	for _, st := range chain {
		if st.num >= 0 {
			return st.num == 1
		}
		if docxListName.MatchString(strings.ToLower(strings.TrimSpace(st.name))) {
			return true
		}
	}
	return false
}

// docxPPr is what a paragraph's own w:pPr says.
type docxPPr struct {
	style       string
	outline     int    // -1 when not set
	num         int    // as docxStyle.num
	numID       string // w:numPr's numId, "" when not set
	ilvl        int    // w:numPr's list level, -1 when not set
	breakBefore bool
	sectionPage bool // ends a section whose successor starts on a new page
}

// docxReader turns document.xml's token stream into blocks.
type docxReader struct {
	ts     *docxTokens
	styles docxStyles
	// numbering is numbering.xml with its list counters; nil when the
	// document has none.
	numbering *docxNumbering
	page      int
	// manualBreak is set when a page break from the markup (w:br, page
	// break before, section break) was counted and no text followed yet:
	// Word then puts a lastRenderedPageBreak at the start of the next page,
	// and that one marks the same break.
	manualBreak bool
	boxes       int // text boxes open around the paragraph being read
}

// docxMaxBoxNesting bounds text boxes in text boxes; Word allows none.
const docxMaxBoxNesting = 8

// body reads block-level content up to the end of the element it is in (or
// the end of the file), appending blocks to out.
func (r *docxReader) body(out *[]Block) error {
	depth := 0
	for {
		tok, err := r.ts.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch v := tok.(type) {
		case xml.StartElement:
			switch {
			case docxIsW(v.Name) && v.Name.Local == "p":
				if err := r.paragraph(out); err != nil {
					return err
				}
			case docxIsW(v.Name) && v.Name.Local == "tbl":
				if err := r.table(out); err != nil {
					return err
				}
			default:
				// body, sdt, sdtContent, customXml, ins...: read what is inside.
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				return nil
			}
			depth--
		}
	}
}

// docxRun is the text of a block being read and the page it starts on.
type docxRun struct {
	markupText
	page int
	cell bool // in a table cell, where line breaks are spaces
}

func (r *docxReader) write(t *docxRun, s string) {
	if strings.TrimSpace(s) != "" {
		if t.page == 0 {
			t.page = r.page
		}
		r.manualBreak = false
	}
	t.Write(s)
}

func (r *docxReader) countBreak(manual bool) {
	if !manual && r.manualBreak {
		r.manualBreak = false
		return
	}
	r.page++
	r.manualBreak = manual
}

// inline handles an element that holds run content, reporting whether it
// did; it consumes the element.
func (r *docxReader) inline(s xml.StartElement, t *docxRun) (bool, error) {
	if !docxIsW(s.Name) {
		return false, nil
	}
	switch s.Name.Local {
	case "t":
		txt, err := r.ts.text()
		if err != nil {
			return true, err
		}
		r.write(t, txt)
		return true, nil
	case "tab", "ptab":
		t.Write(" ")
	case "br":
		switch docxAttr(s, "type") {
		case "page":
			r.countBreak(true)
			t.Write(" ") // words either side of the break are apart
		default:
			if t.cell {
				t.Write(" ")
			} else {
				t.Break()
			}
		}
	case "cr":
		if t.cell {
			t.Write(" ")
		} else {
			t.Break()
		}
	case "noBreakHyphen":
		r.write(t, "-")
	case "lastRenderedPageBreak":
		r.countBreak(false)
	case "softHyphen", "sym":
		// An optional hyphen is not printed mid-line; a symbol-font glyph
		// has no reliable Unicode text.
	default:
		return false, nil
	}
	return true, r.ts.d.Skip()
}

// pPr reads paragraph properties up to the end of the w:pPr just opened.
func (r *docxReader) pPr() (docxPPr, error) {
	p := docxPPr{outline: -1, num: -1, ilvl: -1}
	depth := 0
	inNum, inSect, sawNum := false, false, false
	numID, sectType := "", ""
	for {
		tok, err := r.ts.next()
		if err != nil {
			return p, err
		}
		switch v := tok.(type) {
		case xml.StartElement:
			depth++
			if !docxIsW(v.Name) {
				continue
			}
			switch v.Name.Local {
			case "pStyle":
				p.style = docxAttr(v, "val")
			case "outlineLvl":
				if n, err := strconv.Atoi(docxAttr(v, "val")); err == nil {
					p.outline = n
				}
			case "numPr":
				inNum, sawNum = true, true
			case "numId":
				if inNum {
					numID = docxAttr(v, "val")
				}
			case "ilvl":
				if inNum {
					p.ilvl = docxILvl(docxAttr(v, "val"))
				}
			case "pageBreakBefore":
				p.breakBefore = docxOn(v)
			case "sectPr":
				inSect = true
			case "type":
				if inSect {
					sectType = docxAttr(v, "val")
				}
			}
		case xml.EndElement:
			if depth == 0 {
				if sawNum {
					p.num = docxNumState(numID)
					p.numID = strings.TrimSpace(numID)
				}
				if inSect {
					switch sectType {
					case "", "nextPage", "oddPage", "evenPage":
						p.sectionPage = true
					}
				}
				return p, nil
			}
			depth--
			if docxIsW(v.Name) && v.Name.Local == "numPr" {
				inNum = false
			}
		}
	}
}

// paragraph reads a w:p, just opened, and emits it and any text boxes in it.
func (r *docxReader) paragraph(out *[]Block) error {
	var t docxRun
	var boxes []Block
	p := docxPPr{outline: -1, num: -1, ilvl: -1}
	label := ""
	depth := 0
	for {
		tok, err := r.ts.next()
		if err != nil {
			return err
		}
		switch v := tok.(type) {
		case xml.StartElement:
			if docxIsW(v.Name) {
				switch v.Name.Local {
				case "pPr":
					props, err := r.pPr()
					if err != nil {
						return err
					}
					if depth == 0 { // not a flattened text box paragraph's
						p = props
						if p.breakBefore {
							r.countBreak(true)
						}
						// Counted here, before the text boxes the
						// paragraph anchors, in reading order.
						label = r.label(p)
					}
					continue
				case "txbxContent":
					if r.boxes >= docxMaxBoxNesting {
						// Flatten into this paragraph: unbounded recursion
						// could overflow the stack, which no recover stops.
						depth++
						continue
					}
					// A text box floats beside the paragraph; its paragraphs
					// follow the one that anchors it.
					r.boxes++
					err := r.body(&boxes)
					r.boxes--
					if err != nil {
						return err
					}
					continue
				}
			}
			done, err := r.inline(v, &t)
			if err != nil {
				return err
			}
			if !done {
				depth++ // r, hyperlink, ins, smartTag, sdt, fldSimple, drawing...
				if docxIsW(v.Name) && (v.Name.Local == "p" || v.Name.Local == "tc") {
					t.Write(" ") // a flattened text box paragraph
				}
			}
		case xml.EndElement:
			if depth > 0 {
				depth--
				if docxIsW(v.Name) && (v.Name.Local == "p" || v.Name.Local == "tc") {
					t.Write(" ") // a flattened text box paragraph
				}
				continue
			}
			if text := t.String(); text != "" {
				if label != "" {
					text = label + " " + text
				}
				b := Block{Kind: KindParagraph, Text: text, Page: t.page}
				if lvl := r.headingLevel(p); lvl > 0 {
					b.Kind, b.Level = KindHeading, min(lvl, 6)
				} else if p.num == 1 || (p.num == -1 && r.styles.list(p.style)) {
					b.Kind = KindListItem
				}
				*out = append(*out, b)
			}
			*out = append(*out, boxes...)
			if p.sectionPage {
				r.countBreak(true)
			}
			return nil
		}
	}
}

// label counts a numbered paragraph in its list and returns its label
// ("1.", "a)", "2.3"), "" when it is not numbered or is a bullet item. The
// list and level come from the paragraph's w:numPr, else from its style's
// (the nearest in the basedOn chain that says); a style linked to a
// multilevel list without a level of its own (Heading 2 in "1 / 1.1 /
// 1.1.1") is the level that names it.
func (r *docxReader) label(p docxPPr) string {
	if r.numbering == nil || p.num == 0 {
		return ""
	}
	numID, ilvl := p.numID, p.ilvl
	if numID == "" {
		for _, st := range r.styles.chain(p.style) {
			if st.num >= 0 {
				numID = st.numID
				if ilvl < 0 {
					ilvl = st.ilvl
				}
				break
			}
		}
	}
	if numID == "" || numID == "0" {
		return ""
	}
	if ilvl < 0 {
		ilvl = 0
		if num := r.numbering.nums[numID]; num != nil {
			if l := r.numbering.styleLevel(num, r.styles, p.style); l >= 0 {
				ilvl = l
			}
		}
	}
	return r.numbering.next(numID, ilvl, r.styles)
}

// headingLevel is the paragraph's heading level from its own outline level or
// its style, 0 for body text.
func (r *docxReader) headingLevel(p docxPPr) int {
	if p.outline >= 0 {
		if p.outline < 9 {
			return p.outline + 1
		}
		return 0
	}
	return r.styles.heading(p.style)
}

// table reads a w:tbl, just opened, as one block. Nested tables and text
// boxes in cells are flattened into the cell's text.
func (r *docxReader) table(out *[]Block) error {
	var rows []string
	var cells []string
	var cell *docxRun
	page := 0
	depth, nested := 0, 0
	for {
		tok, err := r.ts.next()
		if err != nil {
			return err
		}
		switch v := tok.(type) {
		case xml.StartElement:
			if docxIsW(v.Name) {
				switch v.Name.Local {
				case "pPr":
					p, err := r.pPr()
					if err != nil {
						return err
					}
					if p.breakBefore {
						r.countBreak(true)
					}
					if lbl := r.label(p); lbl != "" && cell != nil {
						cell.Write(lbl + " ")
					}
					continue
				case "tbl":
					nested++
				case "tr":
					if nested == 0 {
						cells = cells[:0]
					}
				case "tc":
					if nested == 0 {
						cell = &docxRun{cell: true}
					}
				}
			}
			if cell == nil {
				depth++
				continue
			}
			done, err := r.inline(v, cell)
			if err != nil {
				return err
			}
			if !done {
				depth++
			}
		case xml.EndElement:
			if depth == 0 {
				if len(rows) > 0 {
					*out = append(*out, Block{Kind: KindTable, Text: strings.Join(rows, "\n"), Page: page})
				}
				return nil
			}
			depth--
			if !docxIsW(v.Name) {
				continue
			}
			switch v.Name.Local {
			case "tbl":
				nested--
			case "p", "tc", "tr":
				if cell != nil {
					cell.Write(" ") // paragraphs and nested cells are words apart
				}
				if nested > 0 {
					continue
				}
				if v.Name.Local == "tc" && cell != nil {
					if page == 0 {
						page = cell.page
					}
					cells = append(cells, cell.Flat())
					cell = nil
				}
				if v.Name.Local == "tr" {
					if row := strings.TrimSpace(strings.Join(cells, " | ")); strings.Trim(row, " |") != "" {
						rows = append(rows, row)
					}
					cells = cells[:0]
				}
			}
		}
	}
}
