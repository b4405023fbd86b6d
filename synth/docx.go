package synth

import (
	"archive/zip"
	"bytes"
	"strconv"
	"strings"
	"time"
)

// docxTime is the fixed modification time of every zip entry, so DOCX
// output is byte-identical for a given seed.
var docxTime = time.Date(2021, time.January, 1, 12, 0, 0, 0, time.UTC)

const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relNS = "http://schemas.openxmlformats.org/package/2006/relationships"
	xmlHd = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// xmlEscape escapes text for XML element content and attribute values and
// drops characters that are not allowed in XML 1.0.
func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteRune(r)
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF:
			// not representable in XML 1.0
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func docxRun(text string) string {
	return `<w:r><w:t xml:space="preserve">` + xmlEscape(text) + `</w:t></w:r>`
}

func docxPara(style, text string) string {
	var b strings.Builder
	b.WriteString("<w:p>")
	if style != "" {
		b.WriteString(`<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`)
	}
	b.WriteString(docxRun(text))
	b.WriteString("</w:p>")
	return b.String()
}

// docxDocumentXML renders the main document part.
func docxDocumentXML(d *document) string {
	var b strings.Builder
	b.WriteString(xmlHd)
	b.WriteString(`<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>`)
	for _, bl := range d.blocks {
		switch bl.kind {
		case kHeading:
			lvl := bl.level
			if lvl < 1 {
				lvl = 1
			}
			if lvl > 3 {
				lvl = 3
			}
			b.WriteString(docxPara("Heading"+strconv.Itoa(lvl), bl.text))
		case kPara:
			b.WriteString(docxPara("", bl.text))
		case kList:
			for _, it := range bl.items {
				b.WriteString(`<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>`)
				b.WriteString(docxRun(it))
				b.WriteString("</w:p>")
			}
		case kTable:
			cols := 0
			for _, r := range bl.rows {
				if len(r) > cols {
					cols = len(r)
				}
			}
			if cols == 0 {
				continue
			}
			width := 9000 / cols
			b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
			for j := 0; j < cols; j++ {
				b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(width) + `"/>`)
			}
			b.WriteString(`</w:tblGrid>`)
			for ri, r := range bl.rows {
				b.WriteString("<w:tr>")
				for j := 0; j < cols; j++ {
					cell := ""
					if j < len(r) {
						cell = r[j]
					}
					b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(width) + `" w:type="dxa"/></w:tcPr><w:p>`)
					if j > 0 {
						b.WriteString(`<w:pPr><w:jc w:val="right"/></w:pPr>`)
					}
					if ri == 0 {
						b.WriteString(`<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + xmlEscape(cell) + `</w:t></w:r>`)
					} else {
						b.WriteString(docxRun(cell))
					}
					b.WriteString("</w:p></w:tc>")
				}
				b.WriteString("</w:tr>")
			}
			b.WriteString("</w:tbl>")
			// Word requires a paragraph between a table and what follows.
			b.WriteString("<w:p/>")
		case kPageBreak:
			b.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
		}
	}
	b.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>`)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

const docxContentTypes = xmlHd + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const docxRootRels = xmlHd + `<Relationships xmlns="` + relNS + `">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const docxDocRels = xmlHd + `<Relationships xmlns="` + relNS + `">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>` +
	`</Relationships>`

func docxHeadingStyle(n int, size int) string {
	s := strconv.Itoa(n)
	return `<w:style w:type="paragraph" w:styleId="Heading` + s + `"><w:name w:val="heading ` + s + `"/>` +
		`<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>` +
		`<w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="` + strconv.Itoa(n-1) + `"/></w:pPr>` +
		`<w:rPr><w:b/><w:sz w:val="` + strconv.Itoa(size) + `"/></w:rPr></w:style>`
}

var docxStyles = xmlHd + `<w:styles xmlns:w="` + nsW + `">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:lang w:val="nl-BE"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:rPr><w:b/><w:sz w:val="48"/></w:rPr></w:style>` +
	docxHeadingStyle(1, 36) + docxHeadingStyle(2, 30) + docxHeadingStyle(3, 26) +
	`<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="34"/><w:qFormat/><w:pPr><w:ind w:left="720"/><w:contextualSpacing/></w:pPr></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>` +
	`<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>` +
	`</w:tblBorders></w:tblPr></w:style>` +
	`</w:styles>`

var docxNumbering = xmlHd + `<w:numbering xmlns:w="` + nsW + `">` +
	`<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>` +
	`<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>` +
	`</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`

func docxCore(title, creator string, year int) string {
	ts := strconv.Itoa(year) + "-03-15T09:00:00Z"
	return xmlHd + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + xmlEscape(title) + `</dc:title><dc:creator>` + xmlEscape(creator) + `</dc:creator><dc:language>nl-BE</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + ts + `</dcterms:modified>` +
		`</cp:coreProperties>`
}

func docxApp(pages, words int) string {
	return xmlHd + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
		`<Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity>` +
		`<Pages>` + strconv.Itoa(pages) + `</Pages><Words>` + strconv.Itoa(words) + `</Words>` +
		`<Company></Company><AppVersion>16.0000</AppVersion></Properties>`
}

// renderDOCX writes d as a minimal but standard WordprocessingML package.
func renderDOCX(d *document, creator string, year int) []byte {
	words := d.words()
	breaks := 0
	for _, bl := range d.blocks {
		if bl.kind == kPageBreak {
			breaks++
		}
	}
	pages := words/420 + breaks + 1
	parts := []struct{ name, data string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRootRels},
		{"word/document.xml", docxDocumentXML(d)},
		{"word/styles.xml", docxStyles},
		{"word/numbering.xml", docxNumbering},
		{"word/_rels/document.xml.rels", docxDocRels},
		{"docProps/core.xml", docxCore(d.title, creator, year)},
		{"docProps/app.xml", docxApp(pages, words)},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: docxTime})
		if err != nil {
			panic(err) // writing to a bytes.Buffer cannot fail
		}
		if _, err := w.Write([]byte(p.data)); err != nil {
			panic(err)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
