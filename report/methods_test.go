package report

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/analysis"
	"github.com/plancoder/plancoder/store"
	"golang.org/x/net/html"
)

// addBigSample adds to the test project a plan of org-a with a heading and
// 70 paragraphs, coded by ann and bob alike (VRIJW on every other
// paragraph), as sample "groot", created before steekproef-1: 142 pairable
// values, above the floor of 120.
func addBigSample(t *testing.T, st *store.Store) *analysis.Dataset {
	t.Helper()
	ps := []para{{section: []string{"Beleidsplan"}, kind: "heading", page: 1, text: "Vrijwilligers"}}
	for i := 1; i <= 70; i++ {
		ps = append(ps, para{section: []string{"Beleidsplan", "Vrijwilligers"}, page: 1 + i/10, text: fmt.Sprintf("Alinea %d over de werking en de vrijwilligers van de organisatie in de buurt.", i)})
	}
	putDoc(t, st, store.Document{ID: "a-groot", Org: "org-a", Type: store.TypePlan, Period: "2021-2025", Year: 2020, Title: "Groot plan"}, ps)
	var ids []string
	var cs []store.Coding
	for i := 1; i <= 71; i++ {
		id := store.FragmentID("a-groot", i)
		ids = append(ids, id)
		if i > 1 && i%2 == 0 {
			for _, c := range []string{"ann", "bob"} {
				cs = append(cs, store.Coding{Fragment: id, Code: "VRIJW", Coder: c, Time: testNow})
			}
		}
	}
	if err := st.AddCodings(cs...); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"ann", "bob"} {
		if _, err := st.MarkSeen(c, store.SeenAt(testNow, ids...), false); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.PutSample("test", store.Sample{Name: "groot", Docs: []string{"a-groot"}, Fragments: ids, Coders: []string{"ann", "bob"}, Created: testNow.Add(-24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	d, err := analysis.Load(st, analysis.Filters{}, analysis.DefaultRules)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func section(t *testing.T, doc *html.Node, id string) string {
	t.Helper()
	n := find(doc, func(n *html.Node) bool { return attr(n, "id") == id })
	if len(n) == 0 {
		t.Fatalf("no element %s", id)
	}
	return textOf(n[0])
}

func cover(t *testing.T, doc *html.Node) string {
	t.Helper()
	return textOf(find(doc, func(n *html.Node) bool { return n.Data == "header" && hasClass(n, "cover") })[0])
}

// Issue 15 item 1: by default the report rests on the sample with the most
// pairable values (not the newest), names it with the units coded by all
// coders and the unit of agreement; a sample named with --sample that has
// too little data is reported without any verdict, saying why in Dutch.
func TestReportSampleChoice(t *testing.T) {
	st, _ := buildProject(t, true)
	d := addBigSample(t, st)

	doc := parse(t, build(t, st, d, Options{}))
	c := cover(t, doc)
	for _, want := range []string{"steekproef groot (de steekproef met de meeste paarbare waarden)", "codeurs ann, bob",
		"Eenheid van overeenstemming: elk fragment van de steekproef, koppen inbegrepen; 71 eenheden, waarvan 71 door alle codeurs gecodeerd; 142 paarbare waarden",
		"(MASI) α = 1,000 (betrouwbaar)"} {
		if !strings.Contains(c, want) {
			t.Errorf("cover lacks %q:\n%s", want, c)
		}
	}
	vrijw := section(t, doc, "thema-VRIJW")
	for _, want := range []string{"Krippendorffs α", "Cohens κ", "Paarbare waarden", "Nodig voor een oordeel", "betrouwbaar"} {
		if !strings.Contains(vrijw, want) {
			t.Errorf("VRIJW reliability lacks %q", want)
		}
	}

	doc = parse(t, build(t, st, d, Options{Sample: "steekproef-1"}))
	c = cover(t, doc)
	for _, want := range []string{"steekproef steekproef-1 (gekozen met --sample)", "5 eenheden, waarvan 5 door alle codeurs gecodeerd",
		"zonder oordeel: 10 paarbare waarden, minstens 120 nodig (Krippendorffs minimum om α ≥ 0,667 te onderscheiden bij p = 0,05)"} {
		if !strings.Contains(c, want) {
			t.Errorf("cover lacks %q:\n%s", want, c)
		}
	}
	if strings.Contains(c, "nog niet door iedereen") {
		t.Errorf("a fully coded sample called unfinished:\n%s", c)
	}
	if strings.Contains(c, "betrouwbaar") || strings.Contains(c, "voorlopig") {
		t.Errorf("cover gives a verdict on 10 pairable values:\n%s", c)
	}
	// No theme gets a verdict either: every reliability cell says why not.
	for _, n := range find(doc, func(n *html.Node) bool { return hasClass(n, "ok") || hasClass(n, "tent") || hasClass(n, "bad") }) {
		t.Errorf("a verdict on too little data: %q", textOf(n))
	}
	if ov := section(t, doc, "overzicht"); !strings.Contains(ov, "te weinig gegevens voor een oordeel") {
		t.Errorf("overview does not say why there is no verdict:\n%s", ov)
	}
}

// A sample not every coder has finished says so on the cover.
func TestReportUnfinishedSample(t *testing.T) {
	st, _ := buildProject(t, true)
	d := addBigSample(t, st)
	g, err := st.Sample("groot")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutSample("test", store.Sample{Name: "drie", Docs: g.Docs, Fragments: g.Fragments, Coders: []string{"ann", "bob", "cy"}}); err != nil {
		t.Fatal(err)
	}
	c := cover(t, parse(t, build(t, st, d, Options{Sample: "drie"})))
	for _, want := range []string{"71 eenheden, waarvan 0 door alle codeurs gecodeerd (de steekproef is nog niet door iedereen helemaal gecodeerd", "142 paarbare waarden"} {
		if !strings.Contains(c, want) {
			t.Errorf("cover lacks %q:\n%s", want, c)
		}
	}
}

// Issue 15 item 4: the Dutch report has no English: reasons for undefined
// coefficients and verdicts are translated.
func TestReportIsDutch(t *testing.T) {
	st, _ := buildProject(t, true)
	d := addBigSample(t, st)
	for _, o := range []Options{{}, {Sample: "groot"}, {Sample: "steekproef-1"}} {
		text := textOf(parse(t, build(t, st, d, o)))
		for _, en := range []string{"no variation", "every coder", "nobody", "undefined", "reliable", "fewer than", "coders", "too little", "the same way", "(none)"} {
			if strings.Contains(strings.ToLower(text), en) {
				i := strings.Index(strings.ToLower(text), en)
				t.Errorf("sample %q: English %q in the report: …%s…", o.Sample, en, text[max(0, i-60):min(len(text), i+60)])
			}
		}
	}
}

// Issue 15 item 4: bars show the share of the group's coded fragments with
// the theme and the counts behind it, so a theme every organisation names
// still shows differences; attribute names are Dutch.
func TestReportBarsDiscriminate(t *testing.T) {
	st, d := buildProject(t, true)
	doc := parse(t, build(t, st, d, Options{}))
	vrijw := find(doc, func(n *html.Node) bool { return attr(n, "id") == "thema-VRIJW" })[0]
	var texts []string
	for _, svg := range find(vrijw, func(n *html.Node) bool { return n.Data == "svg" && hasClass(n, "bar") }) {
		texts = append(texts, textOf(svg))
	}
	all := strings.Join(texts, "\n")
	// VRIJW per type: plans 3 of 6 coded fragments, the progress report 1 of 2.
	for _, want := range []string{"VRIJW per documenttype: aandeel van de gecodeerde fragmenten", "50% (3 van 6)", "50% (1 van 2)", "(2\u00a0org.)"} {
		if !strings.Contains(all, want) {
			t.Errorf("bar charts lack %q:\n%s", want, all)
		}
	}
	if n, m := len(regexp.MustCompile(`[0-9]+% \([0-9]+ van [0-9]+\)`).FindAllString(all, -1)), strings.Count(all, "%"); n == 0 || n != m {
		t.Errorf("%d of %d shares with their counts:\n%s", n, m, all)
	}
	for _, tt := range []struct{ by, want string }{{"attr:size", "omvang"}, {"attr:region", "regio"}, {"attr:functions", "functies"}, {"attr:eigen_kenmerk", "eigen kenmerk"}, {"type", "documenttype"}} {
		if got := splitLabel(tt.by); got != tt.want {
			t.Errorf("splitLabel(%s) = %q, want %q", tt.by, got, tt.want)
		}
	}
}

// Issue 15 item 4: long labels wrap instead of being cut, and every label
// fits left of its anchor ("West-Vlaanderen" lost its W).
func TestChartLabelsWhole(t *testing.T) {
	labels := []string{"maatschappelijke bewegingsfunctie (4\u00a0org.)", "West-Vlaanderen (3\u00a0org.)", "WWWWWWWWWW"}
	for i, out := range []string{
		string(barChart("t", labels, []float64{0.05, 0.04, 0.5}, []string{"5% (18 van 392)", "4% (13 van 302)", "50% (1 van 2)"}, 0.1)),
		string(Heatmap("h", labels, []string{"KWALZORG", "VRIJW"}, [][]float64{{1, 2}, {3, 4}, {5, 6}})),
	} {
		if strings.Contains(out, "…") {
			t.Errorf("a label is cut: %s", out)
		}
		_, texts := parseSVG(t, out)
		joined := strings.Join(append(texts["text"], texts["tspan"]...), "|")
		for _, want := range []string{"maatschappelijke", "bewegingsfunctie (4\u00a0org.)", "West-Vlaanderen (3\u00a0org.)", "WWWWWWWWWW", "KWALZORG"} {
			if !strings.Contains(joined, want) && (i == 1 || want != "KWALZORG") {
				t.Errorf("label %q not whole: %s", want, joined)
			}
		}
		// Right-aligned labels start at x - width >= 0.
		re := regexp.MustCompile(`<(?:text|tspan) x="([0-9.]+)"[^>]*>([^<]+)<`)
		for _, m := range re.FindAllStringSubmatch(out, -1) {
			var x float64
			fmt.Sscan(m[1], &x)
			label := html.UnescapeString(m[2])
			if strings.Contains(m[0], `text-anchor="end"`) || strings.HasPrefix(m[0], "<tspan") {
				if x < textWidth(label) {
					t.Errorf("label %q anchored at %.1f is wider (%.1f): clipped", label, x, textWidth(label))
				}
			}
		}
	}
	if got := wrapLabel("maatschappelijke bewegingsfunctie (4\u00a0org.)", 26); len(got) != 2 || got[1] != "bewegingsfunctie (4\u00a0org.)" {
		t.Errorf("wrap: %q", got)
	}
}
