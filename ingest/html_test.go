package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHTMLExtract(t *testing.T) {
	p := func(s string) Block { return Block{Kind: KindParagraph, Text: s} }
	h := func(l int, s string) Block { return Block{Kind: KindHeading, Level: l, Text: s} }
	li := func(s string) Block { return Block{Kind: KindListItem, Text: s} }
	tbl := func(s string) Block { return Block{Kind: KindTable, Text: s} }
	tests := []struct {
		name  string
		in    string
		want  []Block
		title string
	}{
		{
			name: "headings and paragraphs",
			in: `<!DOCTYPE html><html><head><title> Plan
				 2025 </title></head><body>
				<h1>Beleidsplan</h1><p>Eerste   alinea
				over <b>doelen</b>.</p><h3>Sub</h3><p>Tweede.</p><h6>Zes</h6></body></html>`,
			title: "Plan 2025",
			want:  []Block{h(1, "Beleidsplan"), p("Eerste alinea over doelen."), h(3, "Sub"), p("Tweede."), h(6, "Zes")},
		},
		{
			name: "nested lists",
			in: `<ul><li>Een</li><li>Twee<ul><li>Twee a</li><li><p>Twee b</p></li></ul></li>
				<li>Drie <em>nadruk</em></li></ul><ol><li>Genummerd</li></ol>`,
			want: []Block{li("Een"), li("Twee"), li("Twee a"), li("Twee b"), li("Drie nadruk"), li("Genummerd")},
		},
		{
			name: "table with caption, header and nested table",
			in: `<p>Voor</p><table><caption>Budget</caption><thead><tr><th>Post</th><th>Bedrag</th></tr></thead>
				<tbody><tr><td>Personeel</td><td> 10
				000 </td></tr><tr><td></td><td></td></tr><tr><td>Overig</td><td><table><tr><td>a</td><td>b</td></tr></table></td></tr></tbody>
				<tfoot><tr><td>Totaal</td><td>12 000</td></tr></tfoot></table><p>Na</p>`,
			want: []Block{p("Voor"), p("Budget"), tbl("Post | Bedrag\nPersoneel | 10 000\nOverig | a b\nTotaal | 12 000"), p("Na")},
		},
		{
			name: "chrome and scripts dropped",
			in: `<body><header><a href="/">Home</a></header><nav><a>Menu</a></nav>
				<script>var x = "<p>no</p>";</script><style>p{}</style><noscript>Zet JS aan</noscript>
				<p>Inhoud</p><aside>Lees ook</aside><form><input value="zoek"><button>Zoek</button></form>
				<div hidden>verborgen</div><span aria-hidden="true">icoon</span><svg><text>svgtekst</text></svg>
				<iframe>frame</iframe><template><p>sjabloon</p></template><select><option>Optie</option></select>
				<img alt="plaatje"><footer>© 2025</footer></body>`,
			want: []Block{p("Inhoud")},
		},
		{
			name: "main restriction",
			in: `<body><div class="banner">Welkom op de site</div><main><h2>Doel</h2><p>Wij willen X.</p>
				<nav>Inhoudsopgave</nav></main><div>Contact</div></body>`,
			want: []Block{h(2, "Doel"), p("Wij willen X.")},
		},
		{
			name: "article header kept, page header dropped",
			in: `<header><h1>Site</h1></header><article><header><h1>Artikel</h1></header><p>Tekst</p>
				<footer>Geplaatst door Jan</footer></article><p>Buiten</p>`,
			want: []Block{h(1, "Artikel"), p("Tekst"), p("Geplaatst door Jan")},
		},
		{
			name: "role main",
			in:   `<div>Menu</div><div role="main"><p>Kern</p></div>`,
			want: []Block{p("Kern")},
		},
		{
			name: "empty main falls back to body",
			in:   `<main></main><p>Toch tekst</p>`,
			want: []Block{p("Toch tekst")},
		},
		{
			name: "line breaks, nbsp and entities",
			in:   `<p>Regel&nbsp;een<br>regel&#160;twee <br/> <br>  drie</p><p>Beëindiging &euml; &amp; &lt;x&gt; &ldquo;q&rdquo; &euro;5 ont&shy;wik&shy;ke&shy;ling</p>`,
			want: []Block{p("Regel een\nregel twee\n\ndrie"), p("Beëindiging ë & <x> “q” €5 ontwikkeling")},
		},
		{
			name: "div with text and block children",
			in:   `<div>Voor <div>Midden</div> na <span>span</span><p>Alinea</p></div>`,
			want: []Block{p("Voor"), p("Midden"), p("na span"), p("Alinea")},
		},
		{
			name: "pre keeps its lines",
			in:   "<pre>\nregel 1\n  regel   2\n</pre>",
			want: []Block{p("regel 1\nregel 2")},
		},
		{
			name: "definition list, blockquote, figcaption, address",
			in:   `<dl><dt>Term</dt><dd>Uitleg</dd></dl><blockquote>Citaat</blockquote><figure><img src=x><figcaption>Figuur 1</figcaption></figure><address>Straat 1</address>`,
			want: []Block{p("Term"), p("Uitleg"), p("Citaat"), p("Figuur 1"), p("Straat 1")},
		},
		{
			name: "webforms page wrapped in a form",
			in:   `<form action="x"><h1>Jaarplan</h1><p>Tekst</p><input name=q></form><form><label>Zoek</label><input></form>`,
			want: []Block{h(1, "Jaarplan"), p("Tekst")},
		},
		{
			name: "not html at all",
			in:   "just some text\nover two lines",
			want: []Block{p("just some text over two lines")},
		},
		{
			name: "svg title is not the page title",
			in:   `<body><svg><title>icon</title></svg><p>x</p></body>`,
			want: []Block{p("x")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := htmlExtractor{}.Extract(context.Background(), []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(x.Blocks, tt.want) {
				t.Errorf("blocks:\n got %+v\nwant %+v", x.Blocks, tt.want)
			}
			if x.Title != tt.title {
				t.Errorf("title %q, want %q", x.Title, tt.title)
			}
			if x.Pages != 0 || len(x.Warnings) != 0 {
				t.Errorf("pages %d warnings %q", x.Pages, x.Warnings)
			}
		})
	}
}

func TestHTMLCharset(t *testing.T) {
	// "Beëindiging – “plan”" in windows-1252: ë=EB, en dash=96, quotes=93/94.
	cp1252 := "Be\xebindiging \x96 \x93plan\x94"
	want := "Beëindiging – “plan”"
	tests := []struct {
		name    string
		in      string
		warning string
	}{
		{"meta charset", `<html><head><meta charset="windows-1252"></head><body><p>` + cp1252 + `</p></body></html>`, ""},
		{"http-equiv iso-8859-1", `<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>` + cp1252 + `</p>`, ""},
		{"xml declaration", `<?xml version="1.0" encoding="windows-1252"?><html><body><p>` + cp1252 + `</p></body></html>`, ""},
		{"undeclared invalid UTF-8", `<p>` + cp1252 + `</p>`, "not valid UTF-8 and no charset declared: decoded as windows-1252"},
		{"utf-8 declared as latin-1", `<meta charset="iso-8859-1"><p>` + want + `</p>`, "declared charset windows-1252 but the bytes are valid UTF-8: read as UTF-8"},
		{"utf-8 with BOM", "\xef\xbb\xbf<p>" + want + "</p>", ""},
		{"plain utf-8", "<p>" + want + "</p>", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := htmlExtractor{}.Extract(context.Background(), []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(x.Blocks) != 1 || x.Blocks[0].Text != want {
				t.Errorf("blocks %+v, want one with %q", x.Blocks, want)
			}
			var got string
			if len(x.Warnings) > 0 {
				got = x.Warnings[0]
			}
			if got != tt.warning || len(x.Warnings) > 1 {
				t.Errorf("warnings %q, want %q", x.Warnings, tt.warning)
			}
		})
	}
}

func TestHTMLEmpty(t *testing.T) {
	for name, in := range map[string]string{
		"no bytes":   "",
		"whitespace": " \n\t",
		"empty body": `<!DOCTYPE html><html><head><title>Leeg</title></head><body>  </body></html>`,
		"only nav":   `<html><body><nav><ul><li><a href="/">Home</a></li><li>Over ons</li></ul></nav><footer>© 2025</footer></body></html>`,
		"only code":  `<script>alert(1)</script><style>b{}</style>`,
	} {
		t.Run(name, func(t *testing.T) {
			x, err := htmlExtractor{}.Extract(context.Background(), []byte(in))
			if !errors.Is(err, ErrEmpty) {
				t.Fatalf("got %v, %v; want ErrEmpty", x, err)
			}
		})
	}
}

func TestHTMLTooDeep(t *testing.T) {
	// More open elements than html.Parse accepts: the text is still read.
	page := `<html><head><title>Diep</title><style>p{}</style></head><body><nav>Menu</nav><h1>Kop</h1>` +
		strings.Repeat("<div>", 600) + `Tekst<br>regel<script>x()</script><ul><li>item</li></ul><table><tr><td>a</td><td>b</td></tr></table>`
	x, err := htmlExtractor{}.Extract(context.Background(), []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	want := []Block{
		{Kind: KindHeading, Level: 1, Text: "Kop"},
		{Kind: KindParagraph, Text: "Tekst\nregel"},
		{Kind: KindListItem, Text: "item"},
		{Kind: KindParagraph, Text: "a b"},
	}
	if !reflect.DeepEqual(x.Blocks, want) {
		t.Errorf("blocks:\n got %+v\nwant %+v", x.Blocks, want)
	}
	if x.Title != "Diep" || len(x.Warnings) != 1 || !strings.Contains(x.Warnings[0], "could not be parsed") {
		t.Errorf("title %q, warnings %q", x.Title, x.Warnings)
	}
}

func TestHTMLCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	page := "<p>" + strings.Repeat("<span>woord</span> ", 2000) + "</p>"
	if _, err := (htmlExtractor{}).Extract(ctx, []byte(page)); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestHTMLRegistered(t *testing.T) {
	for _, name := range []string{"a.html", "b.HTM", "c.xhtml"} {
		e, err := extractorFor(name)
		if err != nil || e.Format() != "html" {
			t.Errorf("%s: %v %v", name, e, err)
		}
	}
}

// checkMarkupBlocks asserts the contract every extractor's blocks keep.
func checkMarkupBlocks(t *testing.T, x *Extracted) {
	t.Helper()
	for i, b := range x.Blocks {
		switch b.Kind {
		case KindHeading:
			if b.Level < 1 || b.Level > 6 {
				t.Errorf("block %d: heading level %d", i, b.Level)
			}
		case KindParagraph, KindListItem, KindTable:
			if b.Level != 0 {
				t.Errorf("block %d: %s with level %d", i, b.Kind, b.Level)
			}
		default:
			t.Errorf("block %d: kind %q", i, b.Kind)
		}
		if strings.TrimSpace(b.Text) == "" || b.Text != strings.TrimSpace(b.Text) {
			t.Errorf("block %d: text %q empty or untrimmed", i, b.Text)
		}
		if !utf8.ValidString(b.Text) {
			t.Errorf("block %d: invalid UTF-8 %q", i, b.Text)
		}
		if b.Raw {
			t.Errorf("block %d: raw", i)
		}
	}
}

func FuzzHTML(f *testing.F) {
	f.Add([]byte(`<main><h2>T</h2><p>a<br>b</p><ul><li>x<ol><li>y</li></ol></li></ul></main>`))
	f.Add([]byte(`<table><caption>c</caption><tr><td>1<table><tr><td>2</td></tr></table></td></tr></table>`))
	f.Add([]byte("<meta charset=windows-1252><p>\xeb\x93</p>"))
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00x\x00"))
	f.Add([]byte("<pre>\r\n a \r\n</pre><nav>n</nav><div hidden>h</div>"))
	if files, _ := filepath.Glob("testdata/html/*"); len(files) > 0 {
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := htmlExtractor{}.Extract(context.Background(), data)
		if err != nil {
			if !errors.Is(err, ErrEmpty) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if len(x.Blocks) == 0 {
			t.Fatal("no blocks and no error")
		}
		checkMarkupBlocks(t, x)
	})
}
