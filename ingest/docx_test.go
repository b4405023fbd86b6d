package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

const docxTestNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
	`xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ` +
	`xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"`

// docxDoc wraps body content in a document.xml.
func docxDoc(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document ` + docxTestNS + `><w:body>` + body + `<w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:body></w:document>`
}

// docxStylesXML wraps style definitions in a styles.xml.
func docxStylesXML(styles string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><w:styles ` + docxTestNS + `>` +
		`<w:docDefaults><w:pPrDefault><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:pPrDefault></w:docDefaults>` +
		styles + `</w:styles>`
}

// docxZip builds a zip from parts, in a stable order.
func docxZip(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	sortStrings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, parts[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxFile builds a minimal .docx around body; extra parts are added or
// replace the defaults (an empty value removes a part).
func docxFile(t testing.TB, body string, extra map[string]string) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`,
		"word/document.xml": docxDoc(body),
	}
	for k, v := range extra {
		if v == "" {
			delete(parts, k)
		} else {
			parts[k] = v
		}
	}
	return docxZip(t, parts)
}

func docxP(ppr, runs string) string {
	if ppr != "" {
		ppr = "<w:pPr>" + ppr + "</w:pPr>"
	}
	return "<w:p>" + ppr + runs + "</w:p>"
}

func docxR(text string) string {
	return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

func TestDOCXExtract(t *testing.T) {
	p := func(s string) Block { return Block{Kind: KindParagraph, Text: s, Page: 1} }
	h := func(l int, s string) Block { return Block{Kind: KindHeading, Level: l, Text: s, Page: 1} }
	li := func(s string) Block { return Block{Kind: KindListItem, Text: s, Page: 1} }
	tbl := func(s string) Block { return Block{Kind: KindTable, Text: s, Page: 1} }
	styles := docxStylesXML(`
		<w:style w:type="paragraph" w:default="1" w:styleId="Standaard"><w:name w:val="Normal"/></w:style>
		<w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/><w:basedOn w:val="Standaard"/>
			<w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
		<w:style w:type="paragraph" w:styleId="Kop2NL"><w:name w:val="Kop 2"/></w:style>
		<w:style w:type="paragraph" w:styleId="Plan"><w:name w:val="Planniveau"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
		<w:style w:type="paragraph" w:styleId="KopZonder"><w:name w:val="Kop zonder nummer"/><w:basedOn w:val="Kop1"/></w:style>
		<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/></w:style>
		<w:style w:type="paragraph" w:styleId="Platte"><w:name w:val="Body"/><w:basedOn w:val="Kop1"/><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr><w:outlineLvl w:val="9"/></w:pPr></w:style>
		<w:style w:type="paragraph" w:styleId="Lijstalinea"><w:name w:val="List Paragraph"/></w:style>
		<w:style w:type="paragraph" w:styleId="Opsomming"><w:name w:val="Opsomming"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
		<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="Gewoon"/></w:style>
		<w:style w:type="character" w:styleId="Kop1Char"><w:name w:val="heading 1 Char"/></w:style>
		<w:style w:type="paragraph" w:styleId="Lus1"><w:name w:val="lus"/><w:basedOn w:val="Lus2"/></w:style>
		<w:style w:type="paragraph" w:styleId="Lus2"><w:name w:val="lus"/><w:basedOn w:val="Lus1"/></w:style>`)
	withStyles := map[string]string{"word/styles.xml": styles}
	tests := []struct {
		name  string
		body  string
		parts map[string]string
		want  []Block
	}{
		{
			name:  "headings from style names and outline levels",
			parts: withStyles,
			body: docxP(`<w:pStyle w:val="Titel"/>`, docxR("Jaarplan")) +
				docxP(`<w:pStyle w:val="Kop1"/>`, docxR("Doelen")) +
				docxP(`<w:pStyle w:val="Kop2NL"/>`, docxR("Subdoel")) +
				docxP(`<w:pStyle w:val="Plan"/>`, docxR("Niveau drie")) +
				docxP(`<w:pStyle w:val="KopZonder"/>`, docxR("Geërfd")) +
				docxP(`<w:pStyle w:val="Platte"/>`, docxR("Platte tekst")) +
				docxP(`<w:pStyle w:val="Standaard"/><w:outlineLvl w:val="4"/>`, docxR("Eigen niveau")) +
				docxP(`<w:pStyle w:val="Heading1"/>`, docxR("Naam wint van id")) +
				docxP(`<w:pStyle w:val="Lus1"/>`, docxR("Lus")) +
				docxP(`<w:pStyle w:val="Kop1"/>`, ``),
			want: []Block{h(1, "Jaarplan"), h(1, "Doelen"), h(2, "Subdoel"), h(3, "Niveau drie"), h(1, "Geërfd"),
				p("Platte tekst"), h(5, "Eigen niveau"), p("Naam wint van id"), p("Lus")},
		},
		{
			name: "heading style ids without styles.xml",
			body: docxP(`<w:pStyle w:val="Heading2"/>`, docxR("Twee")) +
				docxP(`<w:pStyle w:val="Kop3"/>`, docxR("Drie")) +
				docxP(`<w:pStyle w:val="Title"/>`, docxR("Titel")) +
				docxP(`<w:pStyle w:val="ListParagraph"/>`, docxR("Item")) +
				docxP(`<w:pStyle w:val="Normal"/>`, docxR("Gewoon")),
			want: []Block{h(2, "Twee"), h(3, "Drie"), h(1, "Titel"), li("Item"), p("Gewoon")},
		},
		{
			name:  "list items",
			parts: withStyles,
			body: docxP(`<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>`, docxR("Via numPr")) +
				docxP(`<w:pStyle w:val="Lijstalinea"/>`, docxR("Via stijlnaam")) +
				docxP(`<w:pStyle w:val="Opsomming"/>`, docxR("Via stijl-numPr")) +
				docxP(`<w:pStyle w:val="Opsomming"/><w:numPr><w:numId w:val="0"/></w:numPr>`, docxR("Nummering uit")) +
				docxP(`<w:pStyle w:val="Kop1"/>`, docxR("Genummerde kop")),
			want: []Block{li("Via numPr"), li("Via stijlnaam"), li("Via stijl-numPr"), p("Nummering uit"), h(1, "Genummerde kop")},
		},
		{
			name: "table",
			body: docxP("", docxR("Voor")) +
				`<w:tbl><w:tblPr><w:tblStyle w:val="Tabel"/></w:tblPr><w:tblGrid><w:gridCol w:w="1"/></w:tblGrid>
				<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW w:w="1"/></w:tcPr>` + docxP("", docxR("Post")) + `</w:tc><w:tc>` + docxP("", docxR("Bedrag")) + `</w:tc></w:tr>
				<w:tr><w:tc>` + docxP("", docxR("Personeel")) + docxP("", docxR("en  inhuur")) + `</w:tc><w:tc>` + docxP("", docxR("€ 10")+`<w:r><w:br/><w:t>000</w:t></w:r>`) + `</w:tc></w:tr>
				<w:tr><w:tc>` + docxP("", "") + `</w:tc><w:tc>` + docxP("", "") + `</w:tc></w:tr>
				<w:tr><w:tc>` + docxP("", docxR("Genest")) + `</w:tc><w:tc><w:tbl><w:tr><w:tc>` + docxP("", docxR("a")) + `</w:tc><w:tc>` + docxP("", docxR("b")) + `</w:tc></w:tr></w:tbl></w:tc></w:tr>
				<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:tr><w:tc>` + docxP("", docxR("In sdt")) + `</w:tc><w:tc/></w:tr></w:sdtContent></w:sdt>
				</w:tbl>` + docxP("", docxR("Na")),
			want: []Block{p("Voor"), tbl("Post | Bedrag\nPersoneel en inhuur | € 10 000\nGenest | a b\nIn sdt |"), p("Na")},
		},
		{
			name: "revisions and fields",
			body: docxP("", docxR("Wel")+`<w:del w:id="1"><w:r><w:delText>weg</w:delText></w:r></w:del>`+
				`<w:ins w:id="2"><w:r><w:t xml:space="preserve"> erbij</w:t></w:r></w:ins>`+
				`<w:moveFrom><w:r><w:t>verplaatst</w:t></w:r></w:moveFrom>`) +
				docxP("", `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "http://x" </w:instrText></w:r>`+
					`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Linktekst</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`+
					`<w:fldSimple w:instr="PAGE"><w:r><w:t xml:space="preserve"> 7</w:t></w:r></w:fldSimple>`) +
				docxP(`<w:pStyle w:val="Heading1"/><w:pPrChange w:id="3"><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:pPrChange>`, docxR("Stijl gewijzigd")),
			want: []Block{p("Wel erbij"), p("Linktekst 7"), h(1, "Stijl gewijzigd")},
		},
		{
			name: "text box in AlternateContent once, after its paragraph",
			body: docxP("", docxR("Anker ")+`<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>`+
				docxP("", docxR("In het kader"))+`</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>`+
				`<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>`+docxP("", docxR("In het kader"))+
				`</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>`+docxR("tekst")) +
				`<mc:AlternateContent><mc:Fallback>` + docxP("", docxR("Alleen fallback")) + `</mc:Fallback></mc:AlternateContent>`,
			want: []Block{p("Anker tekst"), p("In het kader"), p("Alleen fallback")},
		},
		{
			name: "inline markup",
			body: docxP("", `<w:r><w:t>Kolom</w:t><w:tab/><w:t>twee</w:t><w:br/><w:t>regel</w:t><w:cr/><w:t>e-</w:t><w:noBreakHyphen/>`+
				`<w:t>mail ont</w:t><w:softHyphen/><w:t>werp</w:t><w:sym w:font="Wingdings" w:char="F0E0"/></w:r>`) +
				docxP("", `<w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t>link</w:t></w:r></w:hyperlink>`+
					`<w:smartTag w:element="place"><w:r><w:t xml:space="preserve"> Utrecht</w:t></w:r></w:smartTag>`+
					`<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t xml:space="preserve"> invulveld</w:t></w:r></w:sdtContent></w:sdt>`) +
				`<w:sdt><w:sdtContent>` + docxP("", docxR("Blok-sdt")) + `</w:sdtContent></w:sdt>` +
				docxP("", docxR("Beëindiging “plan” ‘x’ – €5 &amp; ë")) +
				docxP("", `<w:r><w:t xml:space="preserve">   </w:t></w:r><w:r><w:tab/></w:r>`),
			want: []Block{p("Kolom twee\nregel\ne--mail ontwerp"), p("link Utrecht invulveld"), p("Blok-sdt"), p("Beëindiging “plan” ‘x’ – €5 & ë")},
		},
		{
			name: "strict OOXML namespace",
			parts: map[string]string{"word/document.xml": `<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body>` +
				docxP(`<w:pStyle w:val="Heading1"/>`, docxR("Strikt")) + `</w:body></w:document>`},
			want: []Block{h(1, "Strikt")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := docxExtractor{}.Extract(context.Background(), docxFile(t, tt.body, tt.parts))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(x.Blocks, tt.want) {
				t.Errorf("blocks:\n got %+v\nwant %+v", x.Blocks, tt.want)
			}
			if x.Pages != 1 || len(x.Warnings) != 0 || x.Title != "" {
				t.Errorf("pages %d, warnings %q, title %q", x.Pages, x.Warnings, x.Title)
			}
			checkMarkupBlocks(t, x)
		})
	}
}

func TestDOCXPages(t *testing.T) {
	body := docxP("", docxR("Een")) +
		// A manual break, then Word's marker where page 2 starts: one break.
		docxP("", docxR("Twee")+`<w:r><w:br w:type="page"/></w:r><w:r><w:lastRenderedPageBreak/><w:t>Drie</w:t></w:r>`) +
		docxP("", docxR("Vier")) +
		// Page break before, and the marker in the first run: one break.
		docxP(`<w:pageBreakBefore/>`, `<w:r><w:lastRenderedPageBreak/><w:t>Vijf</w:t></w:r>`) +
		// Text flowing onto the next page: only the marker.
		docxP("", docxR("Zes ")+`<w:r><w:lastRenderedPageBreak/><w:t>loopt door</w:t></w:r>`) +
		// A next-page section break, then the marker: one break.
		docxP(`<w:sectPr><w:type w:val="nextPage"/></w:sectPr>`, docxR("Zeven")) +
		docxP("", `<w:r><w:lastRenderedPageBreak/><w:t>Acht</w:t></w:r>`) +
		// A continuous section break is no page break.
		docxP(`<w:sectPr><w:type w:val="continuous"/></w:sectPr>`, docxR("Negen")) +
		docxP(`<w:pageBreakBefore w:val="0"/>`, docxR("Tien")) +
		// Two manual breaks make an empty page between them.
		docxP("", `<w:r><w:br w:type="page"/><w:br w:type="page"/><w:t>Elf</w:t></w:r>`) +
		`<w:tbl><w:tr><w:tc>` + docxP("", `<w:r><w:lastRenderedPageBreak/><w:t>Cel</w:t></w:r>`) + `</w:tc></w:tr></w:tbl>`
	want := []Block{
		{Kind: KindParagraph, Text: "Een", Page: 1},
		{Kind: KindParagraph, Text: "Twee Drie", Page: 1},
		{Kind: KindParagraph, Text: "Vier", Page: 2},
		{Kind: KindParagraph, Text: "Vijf", Page: 3},
		{Kind: KindParagraph, Text: "Zes loopt door", Page: 3},
		{Kind: KindParagraph, Text: "Zeven", Page: 4},
		{Kind: KindParagraph, Text: "Acht", Page: 5},
		{Kind: KindParagraph, Text: "Negen", Page: 5},
		{Kind: KindParagraph, Text: "Tien", Page: 5},
		{Kind: KindParagraph, Text: "Elf", Page: 7},
		{Kind: KindTable, Text: "Cel", Page: 8},
	}
	app := func(n string) string {
		return `<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>Normal.dotm</Template><Pages>` + n + `</Pages></Properties>`
	}
	for _, tt := range []struct {
		name  string
		app   string
		pages int
	}{
		{"counted", "", 8},
		{"app.xml more", app("11"), 11},
		{"app.xml fewer", app("3"), 8},
		{"app.xml junk", app("veel"), 8},
	} {
		t.Run(tt.name, func(t *testing.T) {
			x, err := docxExtractor{}.Extract(context.Background(), docxFile(t, body, map[string]string{"docProps/app.xml": tt.app}))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(x.Blocks, want) {
				t.Errorf("blocks:\n got %+v\nwant %+v", x.Blocks, want)
			}
			if x.Pages != tt.pages {
				t.Errorf("pages %d, want %d", x.Pages, tt.pages)
			}
		})
	}
}

func TestDOCXTitleAndRels(t *testing.T) {
	core := `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jan</dc:creator><dc:title> Meerjarenplan
		 “Groen” 2026 </dc:title></cp:coreProperties>`
	rels := `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/inhoud/Hoofd.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="meta/kern.xml"/></Relationships>`
	docRels := `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="opmaak.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://x" TargetMode="External"/></Relationships>`
	styles := docxStylesXML(`<w:style w:type="paragraph" w:styleId="K"><w:name w:val="heading 4"/></w:style>`)
	x, err := docxExtractor{}.Extract(context.Background(), docxFile(t, "", map[string]string{
		"word/document.xml":           "",
		"_rels/.rels":                 rels,
		"inhoud/hoofd.xml":            docxDoc(docxP(`<w:pStyle w:val="K"/>`, docxR("Kop vier"))),
		"inhoud/_rels/Hoofd.xml.rels": docRels,
		"inhoud/opmaak.xml":           styles,
		"meta/kern.xml":               core,
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := []Block{{Kind: KindHeading, Level: 4, Text: "Kop vier", Page: 1}}
	if !reflect.DeepEqual(x.Blocks, want) {
		t.Errorf("blocks %+v, want %+v", x.Blocks, want)
	}
	if x.Title != "Meerjarenplan “Groen” 2026" {
		t.Errorf("title %q", x.Title)
	}
}

func TestDOCXErrors(t *testing.T) {
	bomb := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		// A header that claims 300 MiB: refused before reading.
		w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Store, UncompressedSize64: 300 << 20, CompressedSize64: 4})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<a/>"))
		zw.Close()
		return buf.Bytes()
	}
	tests := []struct {
		name  string
		data  []byte
		empty bool
		msg   string
	}{
		{"no bytes", nil, true, "empty"},
		{"not a zip", []byte("Dit is gewoon tekst, geen zip."), false, "not a valid DOCX"},
		{"old binary doc", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 600)...), false, "old binary .doc"},
		{"zip without document.xml", docxZip(t, map[string]string{"readme.txt": "hoi"}), false, "word/document.xml is missing (it is a zip archive but not an Office document)"},
		{"odt", docxZip(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}), false, "OpenDocument"},
		{"xlsx", docxZip(t, map[string]string{"[Content_Types].xml": `<Types><Override ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`}), false, "Excel"},
		{"zip bomb header", bomb(), false, "zip bomb"},
		{"broken xml", docxZip(t, map[string]string{"word/document.xml": "<w:document><w:body><w:p>"}), false, "not a valid DOCX file: reading"},
		{"empty document", docxFile(t, "", nil), true, "no paragraphs with text"},
		{"only empty paragraphs and tables", docxFile(t, docxP("", "")+docxP("", `<w:r><w:t> </w:t><w:tab/></w:r>`)+
			`<w:tbl><w:tr><w:tc>`+docxP("", "")+`</w:tc></w:tr></w:tbl>`+docxP("", `<w:del><w:r><w:delText>weg</w:delText></w:r></w:del>`), nil), true, "no paragraphs with text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := docxExtractor{}.Extract(context.Background(), tt.data)
			if err == nil {
				t.Fatalf("no error, got %+v", x)
			}
			if errors.Is(err, ErrEmpty) != tt.empty {
				t.Errorf("errors.Is(%v, ErrEmpty) = %v", err, !tt.empty)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not mention %q", err, tt.msg)
			}
		})
	}
}

func TestDOCXDamagedKeepsText(t *testing.T) {
	doc := docxDoc(docxP("", docxR("Gered")))
	doc = doc[:strings.Index(doc, "<w:sectPr>")] + "<w:p><w:r><w:t>kapot"
	x, err := docxExtractor{}.Extract(context.Background(), docxFile(t, "", map[string]string{"word/document.xml": doc}))
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Blocks) != 1 || x.Blocks[0].Text != "Gered" || len(x.Warnings) != 1 {
		t.Errorf("got %+v, warnings %q", x.Blocks, x.Warnings)
	}
}

func TestDOCXLimitReader(t *testing.T) {
	// A zip header may understate the size; the reader must still stop.
	r := &docxLimitReader{r: strings.NewReader(strings.Repeat("x", 100)), n: 10}
	if _, err := io.ReadAll(r); !errors.Is(err, errDocxTooLarge) {
		t.Errorf("got %v, want errDocxTooLarge", err)
	}
	r = &docxLimitReader{r: strings.NewReader(strings.Repeat("x", 10)), n: 10}
	if b, err := io.ReadAll(r); err != nil || len(b) != 10 {
		t.Errorf("exact size: %d bytes, %v", len(b), err)
	}
}

func TestDOCXNestedTextBoxes(t *testing.T) {
	// Text boxes nested far deeper than Word allows: no stack blow-up, and
	// the text is kept.
	inner := docxP("", docxR("Binnenste"))
	for i := 0; i < 50; i++ {
		inner = docxP("", docxR("Laag")+`<w:r><w:pict><w:txbxContent>`+inner+`</w:txbxContent></w:pict></w:r>`)
	}
	x, err := docxExtractor{}.Extract(context.Background(), docxFile(t, inner, nil))
	if err != nil {
		t.Fatal(err)
	}
	last := x.Blocks[len(x.Blocks)-1].Text
	if len(x.Blocks) != docxMaxBoxNesting+1 || !strings.HasSuffix(last, "Laag Binnenste") {
		t.Errorf("%d blocks, last %q", len(x.Blocks), last)
	}
}

func TestDOCXCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	body := strings.Repeat(docxP("", docxR("woord")), 5000)
	if _, err := (docxExtractor{}).Extract(ctx, docxFile(t, body, nil)); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestDOCXRegistered(t *testing.T) {
	e, err := extractorFor("Plan.DOCX")
	if err != nil || e.Format() != "docx" {
		t.Errorf("%v %v", e, err)
	}
}

func FuzzDOCX(f *testing.F) {
	seeds := []string{
		docxDoc(docxP(`<w:pStyle w:val="Heading1"/>`, docxR("Kop")) + docxP(`<w:numPr><w:numId w:val="1"/></w:numPr>`, docxR("item"))),
		docxDoc(`<w:tbl><w:tr><w:tc>` + docxP("", docxR("a")) + `<w:tbl><w:tr><w:tc>` + docxP("", docxR("b")) + `</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`),
		docxDoc(docxP("", `<w:r><mc:AlternateContent><mc:Choice><w:txbxContent>`+docxP("", docxR("k"))+`</w:txbxContent></mc:Choice><mc:Fallback/></mc:AlternateContent><w:br w:type="page"/><w:lastRenderedPageBreak/></w:r>`)),
		docxDoc(docxP(`<w:pageBreakBefore/><w:sectPr/>`, `<w:del><w:r><w:delText>x</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r>`)),
		"<w:document><w:body><w:p><w:r><w:t>zonder namespace",
	}
	for i, s := range seeds {
		raw := []byte(s)
		if i == 0 {
			raw = docxFile(f, "", map[string]string{"word/document.xml": s})
		}
		f.Add(s, raw)
	}
	f.Fuzz(func(t *testing.T, document string, raw []byte) {
		for _, data := range [][]byte{docxFile(t, "", map[string]string{"word/document.xml": document}), raw} {
			x, err := docxExtractor{}.Extract(context.Background(), data)
			if err != nil {
				continue
			}
			if len(x.Blocks) == 0 {
				t.Fatal("no blocks and no error")
			}
			checkMarkupBlocks(t, x)
			for i, b := range x.Blocks {
				if b.Page < 1 || b.Page > x.Pages {
					t.Errorf("block %d: page %d of %d", i, b.Page, x.Pages)
				}
			}
		}
	})
}
