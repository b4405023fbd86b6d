package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/analysis"
	"github.com/plancoder/plancoder/coding"
	"github.com/plancoder/plancoder/store"
	"golang.org/x/net/html"
)

var testNow = time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC)

type para struct {
	section []string
	kind    string
	page    int
	text    string
}

// putDoc stores a document whose clean text is its paragraphs joined by
// blank lines.
func putDoc(t *testing.T, st *store.Store, d store.Document, ps []para) {
	t.Helper()
	var text strings.Builder
	var frags []store.Fragment
	for i, p := range ps {
		if i > 0 {
			text.WriteString("\n\n")
		}
		start := text.Len()
		text.WriteString(p.text)
		kind := p.kind
		if kind == "" {
			kind = "paragraph"
		}
		frags = append(frags, store.Fragment{ID: store.FragmentID(d.ID, i+1), Doc: d.ID, Ordinal: i + 1, Page: p.page,
			Section: p.section, Kind: kind, Text: p.text, Start: start, End: text.Len()})
	}
	sum := sha256.Sum256([]byte(text.String()))
	d.SHA256 = hex.EncodeToString(sum[:])
	d.Source, d.Format = d.ID+".txt", "txt"
	if _, err := st.PutDocument("test", d, text.String(), frags); err != nil {
		t.Fatal(err)
	}
}

const (
	vrijw1 = "Vrijwilligers zijn het hart van onze werking. We investeren in de begeleiding van vrijwilligers, bieden vrijwilligers vorming aan en erkennen het engagement van elke vrijwilliger met een jaarlijks vrijwilligersfeest in het voorjaar."
	vrijw2 = "Het aantal vrijwilligers groeit: meer vrijwilligers nemen een rol op als begeleider. De werving van nieuwe vrijwilligers loopt via de lokale verenigingen en de vrijwilligers zelf, die hun buren en vrienden aanspreken."
	vrijw3 = "Met een vrijwilligersbeleid op maat willen we vrijwilligers langer binden. Elke vrijwilliger krijgt een aanspreekpunt, en vrijwilligers worden betrokken bij de planning van het aanbod voor de komende jaren."
	fin1   = "De begroting blijft krap: de subsidie dekt de loonkosten, maar de werkingsmiddelen dalen. We zoeken bijkomende middelen via projectsubsidies en verhogen de deelnemersbijdragen beperkt om de begroting in evenwicht te houden."
	fin2   = "Financieel sluiten we het jaar af met een klein overschot op de begroting. De reserves blijven op peil en de loonkosten stijgen volgens de index; de begroting voor volgend jaar houdt daar rekening mee."
	digi1  = "Digitale vaardigheden van deelnemers zijn een aandachtspunt. We organiseren digitale cursussen en helpen deelnemers met digitale dienstverlening in de bibliotheek, samen met vrijwilligers die digitale hulp bieden."
	ctx1   = "De regio vergrijst en het verenigingsleven verandert. Steeds meer mensen zoeken korte, flexibele engagementen in plaats van een vaste rol in een vereniging of organisatie in hun buurt of gemeente."
)

// buildProject makes a small project: 3 organisations with attributes, 4
// documents over 2 periods, 4 codes (one unused), codings by two coders,
// a memo on a code and, when sample is set, a reliability sample.
func buildProject(t *testing.T, sample bool) (*store.Store, *analysis.Dataset) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "project.db")
	if err := store.Create(path); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.SetClock(func() time.Time { return testNow })
	if _, _, err := st.PutOrganisations("test", []store.Organisation{
		{ID: "org-a", Name: "Vormingplus Kempen", Attrs: map[string]string{"provincie": "Antwerpen", "grootte": "groot"}},
		{ID: "org-b", Name: "Tom & <Jerry> vzw", Attrs: map[string]string{"provincie": "Limburg", "grootte": "klein"}},
		{ID: "org-c", Name: "Socius", Attrs: map[string]string{"provincie": "Oost-Vlaanderen", "grootte": "klein"}},
	}); err != nil {
		t.Fatal(err)
	}
	doel := []string{"Beleidsplan", "Strategische doelstellingen"}
	fin := []string{"Beleidsplan", "Financiën"}
	ctx := []string{"Beleidsplan", "Omgevingsanalyse"}
	putDoc(t, st, store.Document{ID: "a-plan", Org: "org-a", Type: store.TypePlan, Period: "2021-2025", Year: 2020, Title: "Beleidsplan 2021-2025"}, []para{
		{section: []string{"Beleidsplan"}, kind: "heading", page: 1, text: "Strategische doelstellingen"},
		{section: doel, page: 2, text: vrijw1},
		{section: doel, page: 2, text: digi1},
		{section: fin, page: 5, text: fin1},
		{section: ctx, page: 1, text: ctx1},
	})
	putDoc(t, st, store.Document{ID: "a-vr", Org: "org-a", Type: store.TypeProgressReport, Period: "2016-2020", Year: 2019, Title: "Voortgangsrapport 2019"}, []para{
		{section: doel, page: 3, text: vrijw2},
		{section: fin, page: 4, text: fin2},
	})
	putDoc(t, st, store.Document{ID: "b-plan", Org: "org-b", Type: store.TypePlan, Period: "2021-2025", Year: 2020, Title: "Plan <2021> & verder"}, []para{
		{section: doel, page: 1, text: vrijw3},
		{section: fin, page: 2, text: fin1 + " Ook wij."},
	})
	putDoc(t, st, store.Document{ID: "c-plan", Org: "org-c", Type: store.TypePlan, Period: "2016-2020", Year: 2015}, []para{
		{section: ctx, page: 1, text: ctx1 + " Dat merken we ook hier."},
		{section: doel, page: 2, text: digi1 + " Ook hier."},
	})
	if _, err := st.PutCodes("test", []store.Code{
		{Key: "VRIJW", Name: "Vrijwilligers", Group: "Werking", Description: "Inzet, werving en begeleiding van vrijwilligers.",
			Include: "Beleid en cijfers over vrijwilligers.", Exclude: "Betaalde medewerkers.", Example: "We werven vrijwilligers via verenigingen."},
		{Key: "FIN", Name: "Financiën", Group: "Zakelijk", Description: "Begroting, middelen & <reserves>."},
		{Key: "DIGI", Name: "Digitalisering", Group: "Werking"},
		{Key: "LEEG", Name: "Nooit gebruikt"},
	}); err != nil {
		t.Fatal(err)
	}
	var cs []store.Coding
	add := func(coder, frag string, codes ...string) {
		for _, c := range codes {
			cs = append(cs, store.Coding{Fragment: frag, Code: c, Coder: coder, Time: testNow})
		}
	}
	// ann codes everything; bob codes the sample document, differing once.
	add("ann", "a-plan/0002", "VRIJW")
	add("ann", "a-plan/0003", "DIGI", "VRIJW")
	add("ann", "a-plan/0004", "FIN")
	add("ann", "a-vr/0001", "VRIJW")
	add("ann", "a-vr/0002", "FIN")
	add("ann", "b-plan/0001", "VRIJW")
	add("ann", "b-plan/0002", "FIN")
	add("ann", "c-plan/0002", "DIGI")
	add("bob", "a-plan/0002", "VRIJW")
	add("bob", "a-plan/0003", "DIGI")
	add("bob", "a-plan/0004", "FIN")
	if err := st.AddCodings(cs...); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddMemo(store.Memo{Author: "ann", Kind: store.MemoCode, Target: "VRIJW",
		Text: "Alle organisaties met een plan noemen vrijwilligers.\n\nDe <b>werving</b> verschuift naar korte engagementen."}); err != nil {
		t.Fatal(err)
	}
	if sample {
		sm, err := coding.CreateSample(st, "test", coding.SampleOptions{Name: "steekproef-1", DocIDs: []string{"a-plan"}, Coders: []string{"ann", "bob"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range sm.Coders {
			if _, err := st.MarkSeen(c, store.SeenAt(testNow, sm.Fragments...), false); err != nil {
				t.Fatal(err)
			}
		}
	}
	d, err := analysis.Load(st, analysis.Filters{}, analysis.DefaultRules)
	if err != nil {
		t.Fatal(err)
	}
	return st, d
}

func build(t *testing.T, st *store.Store, d *analysis.Dataset, o Options) string {
	t.Helper()
	if o.Now.IsZero() {
		o.Now = testNow
	}
	var buf bytes.Buffer
	if err := Build(&buf, st, d, o); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// node helpers over golang.org/x/net/html.

func attr(n *html.Node, k string) string {
	for _, a := range n.Attr {
		if a.Key == k {
			return a.Val
		}
	}
	return ""
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func find(n *html.Node, ok func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	walk(n, func(x *html.Node) {
		if x.Type == html.ElementNode && ok(x) {
			out = append(out, x)
		}
	})
	return out
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(x *html.Node) {
		if x.Type == html.TextNode {
			b.WriteString(x.Data)
		}
	})
	return b.String()
}

func hasClass(n *html.Node, c string) bool {
	for _, x := range strings.Fields(attr(n, "class")) {
		if x == c {
			return true
		}
	}
	return false
}

func parse(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestBuild(t *testing.T) {
	st, d := buildProject(t, true)
	out := build(t, st, d, Options{})
	doc := parse(t, out)

	// Self-contained and escaped.
	for _, bad := range []string{"http://", "https://", "<script", "<link", "<img", "@import", "url(", "<b>werving", "<Jerry>", "<reserves>", "<2021>"} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q", bad)
		}
	}
	for _, want := range []string{"@page { size: A4; margin: 18mm; }", "break-before: page", "break-inside: avoid", "max-width: 60rem",
		"<title>Horizontale analyse</title>", "14 maart 2026", "Tom &amp; &lt;Jerry&gt; vzw", "&lt;b&gt;werving&lt;/b&gt;"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}

	// Cover: corpus, coders, sample.
	cover := textOf(find(doc, func(n *html.Node) bool { return n.Data == "header" && hasClass(n, "cover") })[0])
	for _, want := range []string{"3 organisaties, 4 documenten, 11 fragmenten (8 gecodeerd)", "alle codeurs", "ann, bob",
		"De grootste steekproef, steekproef-1, heeft 10 paarbare waarden; voor een oordeel zijn er minstens 120 nodig"} {
		if !strings.Contains(cover, want) {
			t.Errorf("cover lacks %q: %s", want, cover)
		}
	}

	// One section per used theme, in codebook order, with ids.
	sections := find(doc, func(n *html.Node) bool { return n.Data == "section" && hasClass(n, "theme") })
	var ids []string
	for _, s := range sections {
		ids = append(ids, attr(s, "id"))
	}
	if strings.Join(ids, " ") != "thema-VRIJW thema-FIN thema-DIGI" {
		t.Fatalf("theme sections %v", ids)
	}

	// Every internal link resolves; the table of contents links every theme.
	all := map[string]bool{}
	for _, n := range find(doc, func(n *html.Node) bool { return attr(n, "id") != "" }) {
		if all[attr(n, "id")] {
			t.Errorf("duplicate id %s", attr(n, "id"))
		}
		all[attr(n, "id")] = true
	}
	for _, a := range find(doc, func(n *html.Node) bool { return n.Data == "a" }) {
		h := attr(a, "href")
		if !strings.HasPrefix(h, "#") || !all[h[1:]] {
			t.Errorf("link %q does not point inside the report", h)
		}
	}
	nav := find(doc, func(n *html.Node) bool { return n.Data == "nav" })[0]
	var toc []string
	for _, a := range find(nav, func(n *html.Node) bool { return n.Data == "a" }) {
		toc = append(toc, attr(a, "href"))
	}
	if strings.Join(toc, " ") != "#overzicht #thema-VRIJW #thema-FIN #thema-DIGI" {
		t.Errorf("toc %v", toc)
	}

	// Overview table: reach and reliability per theme, a mini bar each.
	overview := find(doc, func(n *html.Node) bool { return attr(n, "id") == "overzicht" })[0]
	ot := textOf(overview)
	// The only sample is far below the minimum: no verdict anywhere.
	for _, want := range []string{"2 van 3 organisaties", "50%", "38%", "25%", "geen oordeel: te weinig gegevens in de steekproeven", "Codes zonder coderingen", "LEEG"} {
		if !strings.Contains(ot, want) {
			t.Errorf("overview lacks %q: %s", want, ot)
		}
	}
	if n := len(find(overview, func(n *html.Node) bool { return n.Data == "svg" })); n != 3 {
		t.Errorf("overview has %d mini bars, want 3", n)
	}

	// Every SVG is an image with a title.
	svgs := find(doc, func(n *html.Node) bool { return n.Data == "svg" })
	for _, s := range svgs {
		titles := find(s, func(n *html.Node) bool { return n.Data == "title" })
		if attr(s, "role") != "img" || attr(s, "aria-labelledby") == "" || len(titles) != 1 || strings.TrimSpace(textOf(titles[0])) == "" {
			t.Errorf("svg without role/title: %v", s.Attr)
		}
	}

	for _, s := range sections {
		key := strings.TrimPrefix(attr(s, "id"), "thema-")
		text := textOf(s)
		// Charts: type, period, part, 2 attributes, and the heatmap.
		if n := len(find(s, func(n *html.Node) bool { return n.Data == "svg" })); n != 6 {
			t.Errorf("%s: %d charts, want 6", key, n)
		}
		for _, want := range []string{"Definitie", "Kerncijfers", "fragmenten in", "Samen voorkomende thema's", "Kenmerkende termen", "Citaten", "Bevindingen", "Betrouwbaarheid",
			key + " per documenttype", key + " per periode", key + " per documentdeel", key + " per provincie", key + " per grootte", "per provincie: % van de gecodeerde fragmenten"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: section lacks %q", key, want)
			}
		}
	}
	vrijw := textOf(sections[0])
	for _, want := range []string{
		"Inzet, werving en begeleiding van vrijwilligers.", "Betaalde medewerkers.", "We werven vrijwilligers via verenigingen.",
		"4 fragmenten in 3 documenten van 2 van 3 organisaties",
		"Digitalisering", // co-occurring
		"vrijwilligers",  // distinctive term
		"a-plan/0002", "Vormingplus Kempen", "Beleidsplan 2021-2025", "p. 2", "Beleidsplan > Strategische doelstellingen",
		"Tom & <Jerry> vzw", "Plan <2021> & verder", "b-plan/0001",
		"Alle organisaties met een plan noemen vrijwilligers.", "De <b>werving</b> verschuift", "ann, 14 maart 2026",
	} {
		if !strings.Contains(vrijw, want) {
			t.Errorf("VRIJW section lacks %q", want)
		}
	}
	// The memo's two paragraphs stay two paragraphs.
	if n := len(find(sections[0], func(n *html.Node) bool { return n.Data == "p" && n.Parent != nil && hasClass(n.Parent, "memo") })); n != 3 {
		t.Errorf("memo paragraphs (with byline): %d, want 3", n)
	}
	// Quotes: one blockquote per quote, each citing its fragment.
	quotes := find(sections[0], func(n *html.Node) bool { return n.Data == "blockquote" })
	if len(quotes) != 4 {
		t.Errorf("VRIJW quotes: %d, want 4", len(quotes))
	}
	for _, q := range quotes {
		if id := attr(q, "data-fragment"); !strings.Contains(textOf(q), id) || !strings.Contains(id, "/") {
			t.Errorf("quote %q does not cite its fragment", id)
		}
	}
	// No findings yet on FIN.
	if !strings.Contains(textOf(sections[1]), "nog geen bevindingen") {
		t.Error("FIN: missing 'nog geen bevindingen'")
	}
	// DIGI: ann and bob agree on the sample, so its alpha is defined;
	// VRIJW: ann coded a-plan/0003 and bob did not.
	if strings.Contains(textOf(sections[2]), "geen steekproef") {
		t.Error("DIGI: no reliability although there is a sample")
	}
}

func TestBuildDeterministic(t *testing.T) {
	st, d := buildProject(t, true)
	a := build(t, st, d, Options{})
	b := build(t, st, d, Options{})
	if a != b {
		t.Error("two builds of the same data differ")
	}
}

func TestBuildOptions(t *testing.T) {
	st, d := buildProject(t, false)
	out := build(t, st, d, Options{Title: "Stuurgroep <maart>", Codes: []string{"fin", "FIN", "leeg"}, Quotes: 1})
	doc := parse(t, out)
	sections := find(doc, func(n *html.Node) bool { return n.Data == "section" && hasClass(n, "theme") })
	if len(sections) != 2 || attr(sections[0], "id") != "thema-FIN" || attr(sections[1], "id") != "thema-LEEG" {
		t.Fatalf("sections for --codes fin,FIN,leeg: %d", len(sections))
	}
	if n := len(find(sections[0], func(n *html.Node) bool { return n.Data == "blockquote" })); n != 1 {
		t.Errorf("quotes with Quotes=1: %d", n)
	}
	if !strings.Contains(out, "<title>Stuurgroep &lt;maart&gt;</title>") {
		t.Error("title not set or not escaped")
	}
	if !strings.Contains(textOf(sections[0]), "geen steekproef") || !strings.Contains(textOf(sections[1]), "Geen citeerbare fragmenten") {
		t.Error("no-sample or empty theme text missing")
	}
	// A theme without codings still renders valid charts.
	for _, s := range find(sections[1], func(n *html.Node) bool { return n.Data == "svg" }) {
		if attr(s, "role") != "img" {
			t.Error("chart of an empty theme")
		}
	}

	var buf bytes.Buffer
	if err := Build(&buf, st, d, Options{Codes: []string{"NOPE"}}); err == nil {
		t.Error("unknown code: no error")
	}
	if err := Build(&buf, st, d, Options{Sample: "nope"}); err == nil {
		t.Error("unknown sample: no error")
	}
	// Without a store: no memos, no reliability, still a report.
	buf.Reset()
	if err := Build(&buf, nil, d, Options{Now: testNow}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "geen steekproef") {
		t.Error("report without store")
	}
}

func TestBuildSampleWithOneCoder(t *testing.T) {
	st, d := buildProject(t, false)
	if err := st.PutSample("test", store.Sample{Name: "solo", Fragments: []string{"a-plan/0002"}, Coders: []string{"ann"}}); err != nil {
		t.Fatal(err)
	}
	out := build(t, st, d, Options{})
	if !strings.Contains(out, "solo") || !strings.Contains(out, "minstens twee codeurs nodig") {
		t.Error("a sample that cannot be reported is not explained")
	}
}
