package report

import (
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"
)

// parseSVG decodes the chart as XML and returns its elements in order and
// the character data of each <text>, <title> and <desc>.
func parseSVG(t *testing.T, s string) (elems []string, texts map[string][]string) {
	t.Helper()
	texts = map[string][]string{}
	dec := xml.NewDecoder(strings.NewReader(s))
	dec.Strict = true
	var stack []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			elems = append(elems, x.Name.Local)
			stack = append(stack, x.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				texts[top] = append(texts[top], string(x))
			}
		}
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed elements %v", stack)
	}
	if len(elems) == 0 || elems[0] != "svg" {
		t.Fatalf("root is not svg: %v", elems)
	}
	return elems, texts
}

func count(xs []string, x string) int {
	n := 0
	for _, y := range xs {
		if y == x {
			n++
		}
	}
	return n
}

func contains(xs []string, x string) bool { return count(xs, x) > 0 }

func TestBarChart(t *testing.T) {
	labels := []string{"plan", `<script>alert("x")</script>`, "Tom & Jerry"}
	out := string(BarChart(`Titel <b> & "quote"`, labels, []float64{0.5, 1, 0.25}, 1, pct))
	elems, texts := parseSVG(t, out)
	if count(elems, "rect") != 6 { // track + bar per row
		t.Errorf("rects: got %d, want 6", count(elems, "rect"))
	}
	if !strings.Contains(out, `role="img"`) || !strings.Contains(out, `aria-labelledby="`) {
		t.Errorf("not an accessible image: %s", out)
	}
	if strings.Contains(out, "<script>") || strings.Contains(out, "<b>") {
		t.Errorf("unescaped label: %s", out)
	}
	if strings.Contains(out, "http") {
		t.Errorf("URL in chart: %s", out)
	}
	if got := texts["title"]; len(got) != 1 || got[0] != `Titel <b> & "quote"` {
		t.Errorf("title: %q", got)
	}
	for _, want := range []string{"50%", "100%", "25%", "plan", `<script>alert("x")</script>`, "Tom & Jerry"} {
		if !contains(texts["text"], want) {
			t.Errorf("text %q not written on the chart: %q", want, texts["text"])
		}
	}
	desc := strings.Join(texts["desc"], "")
	for _, want := range []string{"plan: 50%", "Tom & Jerry: 25%"} {
		if !strings.Contains(desc, want) {
			t.Errorf("desc %q lacks %q", desc, want)
		}
	}
	// The aria ids point at the title and desc.
	i := strings.Index(out, `aria-labelledby="`) + len(`aria-labelledby="`)
	ids := strings.Fields(out[i : i+strings.IndexByte(out[i:], '"')])
	if len(ids) != 2 || !strings.Contains(out, `<title id="`+ids[0]+`"`) || !strings.Contains(out, `<desc id="`+ids[1]+`"`) {
		t.Errorf("aria-labelledby %v does not name title and desc", ids)
	}
}

func TestBarChartWidths(t *testing.T) {
	out := string(BarChart("t", []string{"a", "b"}, []float64{10, 5}, 0, nil))
	parseSVG(t, out)
	// Max defaults to the largest value: the bar of 10 is full width (220),
	// that of 5 half.
	if !strings.Contains(out, `width="220.0" height="14.0" fill="#2b6cb0"`) || !strings.Contains(out, `width="110.0" height="14.0" fill="#2b6cb0"`) {
		t.Errorf("bar widths wrong: %s", out)
	}
	for _, v := range []string{">10<", ">5<"} {
		if !strings.Contains(out, v) {
			t.Errorf("value %s not printed", v)
		}
	}
	// Values above max, negative or NaN stay inside the track.
	out = string(BarChart("t", []string{"a", "b", "c"}, []float64{3, -1, math.NaN()}, 1, nil))
	parseSVG(t, out)
	if strings.Contains(out, `width="660.0"`) || strings.Contains(out, `width="-`) || strings.Contains(out, "NaN\"") {
		t.Errorf("bar out of range: %s", out)
	}
	// No data still gives a valid, labelled image.
	out = string(BarChart("leeg", nil, nil, 0, nil))
	_, texts := parseSVG(t, out)
	if !contains(texts["text"], "geen gegevens") {
		t.Errorf("empty chart: %s", out)
	}
	// Mismatched lengths use the shorter.
	elems, _ := parseSVG(t, string(BarChart("t", []string{"a", "b"}, []float64{1}, 0, nil)))
	if count(elems, "rect") != 2 {
		t.Errorf("mismatched lengths: %v", elems)
	}
}

func TestBarChartStableIDs(t *testing.T) {
	a := BarChart("x", []string{"a"}, []float64{1}, 0, nil)
	b := BarChart("x", []string{"a"}, []float64{1}, 0, nil)
	c := BarChart("y", []string{"a"}, []float64{1}, 0, nil)
	if a != b {
		t.Error("same chart differs between calls")
	}
	if a == c {
		t.Error("different titles give the same chart")
	}
}

func TestHeatmap(t *testing.T) {
	rows := []string{"Antwerpen", "<Limburg>"}
	cols := []string{"VRIJW", "A&B"}
	out := string(Heatmap(`Kaart "x"`, rows, cols, [][]float64{{0, 2.5}, {5, 1}}))
	elems, texts := parseSVG(t, out)
	if count(elems, "rect") != 4 {
		t.Errorf("cells: got %d rects, want 4", count(elems, "rect"))
	}
	for _, want := range []string{"0", "2,5", "5", "1", "Antwerpen", "<Limburg>", "VRIJW", "A&B"} {
		if !contains(texts["text"], want) {
			t.Errorf("%q not written on the heatmap: %q", want, texts["text"])
		}
	}
	if strings.Contains(out, "<Limburg>") || strings.Contains(out, "A&B") {
		t.Errorf("unescaped label: %s", out)
	}
	if texts["title"][0] != `Kaart "x"` {
		t.Errorf("title %q", texts["title"])
	}
	desc := strings.Join(texts["desc"], "")
	if !strings.Contains(desc, "<Limburg>: VRIJW 5, A&B 1") {
		t.Errorf("desc %q does not spell out the cells", desc)
	}
	// The largest value is the darkest cell, with white text; zero is pale
	// with dark text.
	if !strings.Contains(out, `fill="#1e4e8c"`) || !strings.Contains(out, `fill="#ffffff">5<`) || !strings.Contains(out, `fill="#1a202c">0<`) {
		t.Errorf("shading: %s", out)
	}
	// Ragged cells print a dash instead of failing.
	_, texts = parseSVG(t, string(Heatmap("r", []string{"a", "b"}, []string{"x", "y"}, [][]float64{{1}})))
	if count(texts["text"], "–") != 3 {
		t.Errorf("missing cells: %q", texts["text"])
	}
}

func TestMiniBar(t *testing.T) {
	// 21% of the coded fragments, against a largest share of 42%: half
	// the width.
	out := string(miniBar("A<B", 0.21, 0.42))
	elems, texts := parseSVG(t, out)
	if count(elems, "rect") != 2 || texts["title"][0] != "A<B: 21% van de gecodeerde fragmenten" {
		t.Errorf("mini bar: %s", out)
	}
	if !strings.Contains(out, `width="60.0"`) {
		t.Errorf("mini bar width: %s", out)
	}
}

func TestFormats(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{{3, "3"}, {2.5, "2,5"}, {0.126, "0,13"}, {math.NaN(), "–"}, {-4, "-4"}} {
		if got := num(c.v); got != c.want {
			t.Errorf("num(%v) = %q, want %q", c.v, got, c.want)
		}
	}
	for v, want := range map[float64]string{0.333: "33%", 0.0018: "<1%", 0: "0%", 0.006: "1%"} {
		if got := pct(v); got != want {
			t.Errorf("pct(%v) = %q, want %q", v, got, want)
		}
	}
	if got := shorten("abcdefghij", 5); got != "abcd…" {
		t.Errorf("shorten = %q", got)
	}
	if got := anchor("A B/é"); got != "thema-A_20B_2f_e9" {
		t.Errorf("anchor = %q", got)
	}
}
