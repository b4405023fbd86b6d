package ingest

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// docxNumberingXML wraps list definitions in a numbering.xml.
func docxNumberingXML(defs string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ` + docxTestNS + `>` + defs + `</w:numbering>`
}

func docxLvl(ilvl, start, format, text, extra string) string {
	return `<w:lvl w:ilvl="` + ilvl + `"><w:start w:val="` + start + `"/><w:numFmt w:val="` + format + `"/>` +
		`<w:lvlText w:val="` + text + `"/>` + extra + `<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>`
}

func docxNumPr(numID, ilvl string) string {
	return `<w:numPr><w:ilvl w:val="` + ilvl + `"/><w:numId w:val="` + numID + `"/></w:numPr>`
}

// Numbered paragraphs get the label Word shows ("1.", "a)", "2.3"), from
// numbering.xml: counted per list and level, deeper levels starting anew
// under a new item, w:start and w:startOverride, the formats, levels taken
// from a heading style linked to a multilevel list, a list style linked by
// w:numStyleLink, and numbered table cells. Bullets get none.
func TestDOCXNumberedLists(t *testing.T) {
	p := func(s string) Block { return Block{Kind: KindParagraph, Text: s, Page: 1} }
	h := func(l int, s string) Block { return Block{Kind: KindHeading, Level: l, Text: s, Page: 1} }
	li := func(s string) Block { return Block{Kind: KindListItem, Text: s, Page: 1} }
	tbl := func(s string) Block { return Block{Kind: KindTable, Text: s, Page: 1} }
	numbering := docxNumberingXML(
		`<w:abstractNum w:abstractNumId="10"><w:multiLevelType w:val="hybridMultilevel"/>` +
			docxLvl("0", "1", "decimal", "%1.", "") + docxLvl("1", "1", "lowerLetter", "%2)", "") +
			docxLvl("2", "1", "lowerRoman", "(%3)", "") + `</w:abstractNum>` +
			`<w:abstractNum w:abstractNumId="20"><w:multiLevelType w:val="multilevel"/>` +
			docxLvl("0", "1", "decimal", "%1", `<w:pStyle w:val="Kop1"/>`) +
			docxLvl("1", "1", "decimal", "%1.%2", `<w:pStyle w:val="Kop2"/>`) + `</w:abstractNum>` +
			`<w:abstractNum w:abstractNumId="30">` + docxLvl("0", "1", "bullet", "•", "") +
			docxLvl("1", "1", "none", "–", "") + `</w:abstractNum>` +
			`<w:abstractNum w:abstractNumId="40">` + docxLvl("0", "3", "upperLetter", "%1.", "") +
			docxLvl("1", "1", "upperRoman", "%2.", "") + docxLvl("2", "1", "decimal", "%1.%2.%3", `<w:isLgl/>`) + `</w:abstractNum>` +
			`<w:abstractNum w:abstractNumId="50"><w:numStyleLink w:val="LijstStijl"/></w:abstractNum>` +
			`<w:abstractNum w:abstractNumId="60"><w:styleLink w:val="LijstStijl"/>` + docxLvl("0", "1", "decimal", "%1)", "") + `</w:abstractNum>` +
			`<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>` +
			`<w:num w:numId="2"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>` +
			`<w:num w:numId="3"><w:abstractNumId w:val="20"/></w:num>` +
			`<w:num w:numId="4"><w:abstractNumId w:val="30"/></w:num>` +
			`<w:num w:numId="5"><w:abstractNumId w:val="40"/></w:num>` +
			`<w:num w:numId="6"><w:abstractNumId w:val="50"/></w:num>` +
			`<w:num w:numId="7"><w:abstractNumId w:val="60"/></w:num>`)
	styles := docxStylesXML(`
		<w:style w:type="paragraph" w:default="1" w:styleId="Standaard"><w:name w:val="Normal"/></w:style>
		<w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
		<w:style w:type="paragraph" w:styleId="Kop2"><w:name w:val="heading 2"/><w:basedOn w:val="Kop1"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
		<w:style w:type="paragraph" w:styleId="KopZonder"><w:name w:val="Kop zonder nummer"/><w:basedOn w:val="Kop1"/><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:style>
		<w:style w:type="numbering" w:styleId="LijstStijl"><w:name w:val="Lijststijl"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>`)
	parts := map[string]string{"word/numbering.xml": numbering, "word/styles.xml": styles}
	num := func(numID, ilvl, text string) string { return docxP(docxNumPr(numID, ilvl), docxR(text)) }
	tests := []struct {
		name  string
		body  string
		parts map[string]string
		want  []Block
		warn  string
	}{
		{
			name: "levels, formats and counters",
			body: num("1", "0", "Zakelijk plan") + num("1", "1", "de aanvrager") + num("1", "1", "de begroting") +
				num("1", "2", "een detail") + num("1", "0", "Artistiek plan") + num("1", "1", "opnieuw a") +
				docxP("", docxR("Tussendoor")) + // the list goes on after it
				docxP(docxNumPr("1", "0"), "") + // empty, yet numbered: Word shows and counts it
				num("1", "0", "Vierde") + num("2", "0", "Herstart") + num("2", "0", "Daarna") +
				num("1", "0", "Gedeelde teller"),
			want: []Block{li("1. Zakelijk plan"), li("a) de aanvrager"), li("b) de begroting"), li("(i) een detail"),
				li("2. Artistiek plan"), li("a) opnieuw a"), p("Tussendoor"), li("4. Vierde"), li("1. Herstart"), li("2. Daarna"), li("3. Gedeelde teller")},
		},
		{
			name: "headings of a multilevel list by style",
			body: docxP(`<w:pStyle w:val="Kop1"/>`, docxR("Inleiding")) + docxP(`<w:pStyle w:val="Kop2"/>`, docxR("Achtergrond")) +
				docxP(`<w:pStyle w:val="Kop2"/>`, docxR("Aanpak")) + docxP(`<w:pStyle w:val="KopZonder"/>`, docxR("Bijlagen")) +
				docxP(`<w:pStyle w:val="Kop1"/>`, docxR("Doelen")) + docxP(`<w:pStyle w:val="Kop2"/>`, docxR("Publiek")),
			want: []Block{h(1, "1 Inleiding"), h(2, "1.1 Achtergrond"), h(2, "1.2 Aanpak"), h(1, "Bijlagen"), h(1, "2 Doelen"), h(2, "2.1 Publiek")},
		},
		{
			name: "bullets, start, legal numbering, style link, unknown list",
			body: num("4", "0", "Punt") + num("4", "1", "Streepje") + num("5", "0", "Derde letter") + num("5", "1", "Romeins") +
				num("5", "1", "Romeins twee") + num("5", "2", "Wettelijk") + num("6", "0", "Gekoppeld") + num("6", "0", "Nog een") +
				num("99", "0", "Onbekende lijst") + docxP(`<w:numPr><w:numId w:val="1"/></w:numPr>`, docxR("Zonder niveau")),
			want: []Block{li("Punt"), li("Streepje"), li("C. Derde letter"), li("I. Romeins"), li("II. Romeins twee"),
				li("3.2.1 Wettelijk"), li("1) Gekoppeld"), li("2) Nog een"), li("Onbekende lijst"), li("1. Zonder niveau")},
		},
		{
			name: "numbered table cells",
			body: `<w:tbl><w:tr><w:tc>` + num("1", "0", "Eerste rij") + `</w:tc><w:tc>` + docxP("", docxR("x")) + `</w:tc></w:tr>` +
				`<w:tr><w:tc>` + num("1", "0", "Tweede rij") + `</w:tc><w:tc>` + docxP("", docxR("y")) + `</w:tc></w:tr></w:tbl>` +
				num("1", "0", "Erna"),
			want: []Block{tbl("1. Eerste rij | x\n2. Tweede rij | y"), li("3. Erna")},
		},
		{
			name:  "no numbering.xml",
			body:  num("1", "0", "Kaal"),
			parts: map[string]string{"word/styles.xml": styles},
			want:  []Block{li("Kaal")},
		},
		{
			name:  "damaged numbering.xml",
			body:  num("1", "0", "Kaal"),
			parts: map[string]string{"word/numbering.xml": "<w:numbering " + docxTestNS + "><w:num"},
			want:  []Block{li("Kaal")},
			warn:  "numbering (word/numbering.xml) unreadable",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := parts
			if tt.parts != nil {
				ps = tt.parts
			}
			x, err := docxExtractor{}.Extract(context.Background(), docxFile(t, tt.body, ps))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(x.Blocks, tt.want) {
				t.Errorf("blocks:\n got %+v\nwant %+v", x.Blocks, tt.want)
			}
			if tt.warn == "" && len(x.Warnings) != 0 || tt.warn != "" && (len(x.Warnings) != 1 || !strings.Contains(x.Warnings[0], tt.warn)) {
				t.Errorf("warnings %q, want %q", x.Warnings, tt.warn)
			}
			checkMarkupBlocks(t, x)
		})
	}
}

func TestDOCXFormatNumber(t *testing.T) {
	tests := []struct {
		v      int
		format string
		want   string
	}{
		{3, "decimal", "3"},
		{3, "decimalZero", "03"},
		{12, "decimalZero", "12"},
		{2, "lowerLetter", "b"},
		{27, "lowerLetter", "aa"},
		{53, "upperLetter", "AAA"},
		{4, "upperRoman", "IV"},
		{1994, "lowerRoman", "mcmxciv"},
		{0, "lowerRoman", "0"},
		{780, "lowerLetter", strings.Repeat("z", 30)},
		{781, "lowerLetter", "781"}, // bounded: no label of thousands of letters
		{4000, "upperRoman", "4000"},
		{2, "none", ""},
		{7, "ordinal", "7"}, // formats not known read as digits
	}
	for _, tt := range tests {
		if got := docxFormatNumber(tt.v, tt.format); got != tt.want {
			t.Errorf("docxFormatNumber(%d, %s) = %q, want %q", tt.v, tt.format, got, tt.want)
		}
	}
}

// Any numbering.xml gives labels or none, never a panic or an unbounded
// label.
func FuzzDOCXNumbering(f *testing.F) {
	f.Add(docxNumberingXML(`<w:abstractNum w:abstractNumId="1">`+docxLvl("0", "1", "decimal", "%1.%2.%9", "")+
		docxLvl("1", "2147483647", "lowerLetter", "%2)", `<w:isLgl/>`)+`</w:abstractNum>`+
		`<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="S"/></w:abstractNum>`+
		`<w:num w:numId="1"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="-4"/><w:lvl w:ilvl="1"/></w:lvlOverride></w:num>`+
		`<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>`), "1", "1")
	f.Fuzz(func(t *testing.T, numbering, numID, ilvl string) {
		body := docxP(docxNumPr(numID, "0"), docxR("een")) + docxP(docxNumPr(numID, ilvl), docxR("twee")) +
			docxP(docxNumPr("2", ilvl), docxR("drie"))
		styles := docxStylesXML(`<w:style w:type="numbering" w:styleId="S"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>`)
		x, err := docxExtractor{}.Extract(context.Background(), docxFile(t, body, map[string]string{"word/numbering.xml": numbering, "word/styles.xml": styles}))
		if err != nil {
			return
		}
		checkMarkupBlocks(t, x)
		for _, b := range x.Blocks {
			if len(b.Text) > 400 {
				t.Errorf("label too long: %q", b.Text)
			}
		}
	})
}
