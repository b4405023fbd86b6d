package synth

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/go-pdf/fpdf"

	"github.com/plancoder/plancoder/truth"
)

// firstPlan returns the plan of the first organisation of a small corpus.
func firstPlan(t testing.TB, seed int64) File {
	t.Helper()
	for _, f := range Generate(Options{Orgs: 2, Seed: seed}).Files {
		if f.Type == TypePlan {
			return f
		}
	}
	t.Fatal("no plan generated")
	return File{}
}

func renderOK(t testing.TB, f File, opts PDFOptions) ([]byte, *truth.Truth) {
	t.Helper()
	data, tr, err := RenderPDF(f, opts)
	if err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
	return data, tr
}

func TestRenderPDFDeterministic(t *testing.T) {
	a, ta := renderOK(t, firstPlan(t, 42), PDFOptions{MinPages: 20})
	b, tb := renderOK(t, firstPlan(t, 42), PDFOptions{MinPages: 20})
	if !bytes.Equal(a, b) {
		t.Fatal("same seed gave different PDF bytes")
	}
	ja, _ := ta.Marshal()
	jb, _ := tb.Marshal()
	if !bytes.Equal(ja, jb) {
		t.Fatal("same seed gave different truth")
	}
	c, _ := renderOK(t, firstPlan(t, 43), PDFOptions{})
	if bytes.Equal(a, c) {
		t.Fatal("different seeds gave identical PDFs")
	}
	// The corpus as a whole, rendered in parallel, is deterministic too.
	x := Generate(Options{Orgs: 4, Seed: 8, PDF: true})
	y := Generate(Options{Orgs: 4, Seed: 8, PDF: true})
	for i := range x.Files {
		if x.Files[i].Name != y.Files[i].Name || !bytes.Equal(x.Files[i].Data, y.Files[i].Data) || !bytes.Equal(x.Files[i].Truth, y.Files[i].Truth) {
			t.Fatalf("file %s differs between runs", x.Files[i].Name)
		}
	}
}

var rePageObj = regexp.MustCompile(`/Type /Page\n`)

func checkTruth(t *testing.T, name string, data []byte, tr *truth.Truth) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(data, "\r\n"), []byte("%%EOF")) {
		t.Errorf("%s: not a complete PDF", name)
	}
	if !bytes.Contains(data, []byte("/FlateDecode")) || bytes.Contains(data, []byte("<</Length ")) {
		t.Errorf("%s: page streams not compressed", name)
	}
	if n := len(rePageObj.FindAll(data, -1)); n != tr.Pages || n < 2 {
		t.Errorf("%s: %d page objects, truth says %d", name, n, tr.Pages)
	}
	if tr.Producer != PDFProducer {
		t.Errorf("%s: producer %q", name, tr.Producer)
	}
	if len(tr.Blocks) < 10 || tr.Blocks[0].Kind != "heading" || tr.Blocks[0].Page != 1 {
		t.Fatalf("%s: bad blocks %v", name, tr.Blocks[:min(3, len(tr.Blocks))])
	}
	kinds := map[string]int{}
	last := 1
	for _, b := range tr.Blocks {
		kinds[b.Kind]++
		if b.Page < last || b.Page > tr.Pages {
			t.Errorf("%s: block page %d out of order (after %d, of %d)", name, b.Page, last, tr.Pages)
		}
		last = b.Page
		if b.Text == "" || strings.Contains(b.Text, "  ") || b.Text != strings.TrimSpace(b.Text) {
			t.Errorf("%s: badly spaced block %q", name, b.Text)
		}
	}
	for _, k := range []string{"heading", "paragraph", "list-item", "table"} {
		if kinds[k] == 0 {
			t.Errorf("%s: no %s blocks", name, k)
		}
	}
	for _, b := range tr.Blocks {
		if b.Kind == "table" && (!strings.Contains(b.Text, " | ") || !strings.Contains(b.Text, "\n")) {
			t.Errorf("%s: table text %q", name, b.Text)
		}
	}
	if len(tr.Hyphenated) == 0 {
		t.Errorf("%s: no hyphenated words", name)
	}
	for _, w := range tr.Hyphenated {
		if len([]rune(w)) < 7 || strings.HasSuffix(w, "-") {
			t.Errorf("%s: bad hyphenated word %q", name, w)
		}
	}
	if len(tr.Furniture) < tr.Pages-1 {
		t.Errorf("%s: %d furniture lines for %d pages", name, len(tr.Furniture), tr.Pages)
	}
}

func TestRenderPDF(t *testing.T) {
	f := firstPlan(t, 3)
	data, tr := renderOK(t, f, PDFOptions{})
	checkTruth(t, f.Name, data, tr)
	// Every page but the first carries a page number.
	nums := 0
	for _, s := range tr.Furniture {
		if regexp.MustCompile(`^(Pagina \d+|\d+ / \d+|- \d+ -|\d+)$`).MatchString(s) {
			nums++
		}
	}
	if nums != tr.Pages-1 {
		t.Errorf("%d page numbers for %d pages", nums, tr.Pages)
	}
	if _, _, err := RenderPDF(File{Name: "x.pdf"}, PDFOptions{}); err == nil {
		t.Error("RenderPDF of a hand-made File should fail")
	}
}

var (
	reStream = regexp.MustCompile(`/FlateDecode /Length (\d+)>>\nstream\n`)
	reTf     = regexp.MustCompile(`/F[0-9a-f]+ ([0-9.]+) Tf`)
)

// pageStreams returns the inflated page content streams of data.
func pageStreams(t *testing.T, data []byte) []string {
	t.Helper()
	var out []string
	for _, m := range reStream.FindAllSubmatchIndex(data, -1) {
		n, _ := strconv.Atoi(string(data[m[2]:m[3]]))
		zr, err := zlib.NewReader(bytes.NewReader(data[m[1] : m[1]+n]))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// TestPDFRunningFont checks that no body line is printed in the font of
// the running header or footer (a paragraph continuing on a new page must
// get its font back after the header).
func TestPDFRunningFont(t *testing.T) {
	data, tr := renderOK(t, firstPlan(t, 21), PDFOptions{MinPages: 15})
	streams := pageStreams(t, data)
	if len(streams) != tr.Pages {
		t.Fatalf("%d streams for %d pages", len(streams), tr.Pages)
	}
	for p, s := range streams {
		size := ""
		for _, ln := range strings.Split(s, "\n") {
			if m := reTf.FindStringSubmatch(ln); m != nil {
				size = m[1]
			}
			if strings.Count(ln, ") Tj") > 1 && (size == "8.00" || size == "9.00") {
				t.Fatalf("page %d: body line in furniture font %s: %.80s", p+1, size, ln)
			}
		}
	}
}

func TestPDFMinPages(t *testing.T) {
	f := firstPlan(t, 5)
	data, tr := renderOK(t, f, PDFOptions{MinPages: 70})
	checkTruth(t, f.Name, data, tr)
	if tr.Pages < 70 || tr.Pages > 71 {
		t.Errorf("MinPages 70 gave %d pages", tr.Pages)
	}
	_, small := renderOK(t, f, PDFOptions{MinPages: 2})
	_, none := renderOK(t, f, PDFOptions{})
	if small.Pages != none.Pages {
		t.Errorf("MinPages below the natural length changed the page count: %d vs %d", small.Pages, none.Pages)
	}
	// Padding adds appendices after the original text.
	for i, b := range none.Blocks {
		if tr.Blocks[i].Text != b.Text {
			t.Fatalf("padding changed block %d: %q vs %q", i, tr.Blocks[i].Text, b.Text)
		}
	}
}

func TestGeneratePDF(t *testing.T) {
	c := Generate(Options{Orgs: 12, Seed: 11, PDF: true})
	ext := map[string]int{}
	for _, f := range c.Files {
		e := f.Name[strings.LastIndexByte(f.Name, '.')+1:]
		ext[e]++
		if f.Type == TypePlan && e != "pdf" {
			t.Errorf("plan %s is not a PDF", f.Name)
		}
		if (e == "pdf") != (f.Truth != nil) {
			t.Errorf("%s: truth presence does not match format", f.Name)
		}
		if e == "pdf" {
			var tr truth.Truth
			if err := json.Unmarshal(f.Truth, &tr); err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			checkTruth(t, f.Name, f.Data, &tr)
		}
	}
	if ext["pdf"] < len(c.Files)*2/3 || ext["pdf"] == len(c.Files) {
		t.Errorf("format mix %v: want mostly, not only, PDF", ext)
	}
	// The non-PDF files are exactly those of the corpus without PDF.
	plain := Generate(Options{Orgs: 12, Seed: 11})
	for i, f := range c.Files {
		if !strings.HasSuffix(f.Name, ".pdf") && (f.Name != plain.Files[i].Name || !bytes.Equal(f.Data, plain.Files[i].Data)) {
			t.Errorf("%s differs from the non-PDF corpus", f.Name)
		}
	}
}

func TestWriteDirPDFTruth(t *testing.T) {
	c := Generate(Options{Orgs: 3, Seed: 4, PDF: true})
	dir := t.TempDir()
	if err := c.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range c.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		side := p + truth.Suffix
		if f.Truth == nil {
			if _, err := os.Stat(side); err == nil {
				t.Errorf("%s: unexpected truth file", f.Name)
			}
			continue
		}
		if !strings.HasSuffix(p, ".pdf") {
			t.Errorf("%s: truth for a non-PDF", f.Name)
		}
		got, err := os.ReadFile(side)
		if err != nil || !bytes.Equal(got, f.Truth) {
			t.Fatalf("%s: truth file: %v", f.Name, err)
		}
		tr, err := truth.Load(side)
		if err != nil || tr.Pages < 2 {
			t.Fatalf("%s: %v %+v", f.Name, err, tr)
		}
	}
	m := readCSV(t, filepath.Join(dir, "manifest.csv"))
	if len(m)-1 != len(c.Files) {
		t.Errorf("manifest lists %d files, want %d (truth files are not documents)", len(m)-1, len(c.Files))
	}
}

// pdftotextWords returns the words of pdftotext's output per page (split
// at form feeds), with every line-end hyphen both rejoined with and
// without the hyphen.
func pdftotext(t *testing.T, data []byte) []string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "doc.pdf")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Split(string(out), "\f")
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func wordSet(text string) map[string]bool {
	set := map[string]bool{}
	lines := strings.Split(text, "\n")
	for i, ln := range lines {
		fs := strings.Fields(ln)
		for _, w := range fs {
			set[w] = true
			set[strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })] = true
		}
		// pdftotext may print the page number ("5 / 12") right after a
		// word hyphenated at the foot of a page, eating the hyphen:
		// "ambitieu5 / 12". Read that word as "ambitieu-".
		if n := len(fs); n >= 4 && fs[n-2] == "/" && isDigits(fs[n-1]) {
			if w := strings.TrimRightFunc(fs[n-3], unicode.IsDigit); w != fs[n-3] && w != "" {
				fs = append(fs[:n-3:n-3], w+"-")
			}
		}
		if len(fs) > 0 && strings.HasSuffix(fs[len(fs)-1], "-") {
			for j := i + 1; j < len(lines) && j < i+40; j++ {
				if next := strings.Fields(lines[j]); len(next) > 0 {
					// Columns may interleave; join with the next non-empty line
					// and, below, with any line start (cheap and permissive).
					last := fs[len(fs)-1]
					set[last+next[0]] = true
					set[strings.TrimSuffix(last, "-")+next[0]] = true
				}
			}
		}
	}
	return set
}

func TestPDFTextExtraction(t *testing.T) {
	c := Generate(Options{Orgs: 3, Seed: 21, PDF: true, MinPages: 12})
	checked := 0
	for _, f := range c.Files {
		if f.Truth == nil {
			continue
		}
		var tr truth.Truth
		if err := json.Unmarshal(f.Truth, &tr); err != nil {
			t.Fatal(err)
		}
		pages := pdftotext(t, f.Data)
		if len(pages) < tr.Pages {
			t.Fatalf("%s: pdftotext gave %d pages, truth %d", f.Name, len(pages), tr.Pages)
		}
		squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
		// Furniture: page p (p >= 2) shows its lines, page 1 none.
		fi := 0
		perPage := len(tr.Furniture) / max(1, tr.Pages-1)
		for p := 2; p <= tr.Pages; p++ {
			pt := squash(pages[p-1])
			for k := 0; k < perPage; k++ {
				if !strings.Contains(pt, squash(tr.Furniture[fi])) {
					t.Errorf("%s page %d: furniture %q not found", f.Name, p, tr.Furniture[fi])
				}
				fi++
			}
		}
		if perPage > 0 && strings.Contains(squash(pages[0]), squash(tr.Furniture[0])) {
			t.Errorf("%s: page 1 carries the running header", f.Name)
		}
		set := wordSet(strings.Join(pages, "\n"))
		total, found := 0, 0
		var missing []string
		for _, b := range tr.Blocks {
			text := strings.NewReplacer(" | ", " ", "\n", " ").Replace(b.Text)
			for _, w := range strings.Fields(text) {
				total++
				if set[w] {
					found++
				} else if len(missing) < 10 {
					missing = append(missing, w)
				}
			}
		}
		for _, w := range tr.Hyphenated {
			// pdftotext rejoins line-end hyphens itself, dropping the hyphen
			// of a compound broken at its own hyphen (sociaalculturele).
			ok := set[w]
			for i := 0; i < len(w) && !ok; i++ {
				ok = w[i] == '-' && set[w[:i]+w[i+1:]]
			}
			if !ok {
				t.Errorf("%s: hyphenated %q not found rejoined", f.Name, w)
			}
		}
		if r := float64(found) / float64(total); r < 0.97 {
			t.Errorf("%s: %.1f%% of %d truth words in pdftotext output; missing e.g. %q", f.Name, 100*r, total, missing)
		} else {
			t.Logf("%s: %d pages, %.2f%% of %d truth words found", f.Name, tr.Pages, 100*r, total)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no PDFs checked")
	}
}

func TestHyphenPoints(t *testing.T) {
	for word, want := range map[string]string{
		"ontwikkelen":       "ont·wik·ke·len",
		"sociaal-culturele": "so·ciaal-=cul·tu·re·le",
		"beleidsplan":       "be·leids·plan",
		"gemeenschappelijk": "ge·meen·schap·pe·lijk",
		"werkingssubsidie":  "wer·kings·sub·si·die",
		"vrijwilligers":     "vrij·wil·li·gers",
		"beïnvloeden":       "be·ïn·vloe·den",
		"financiën":         "fi·nan·ci·ën",
		"dienstverlening":   "dienst·ver·le·ning",
		"doelstellingen":    "doel·stel·lin·gen",
		"Vlaanderen":        "Vlaan·de·ren",
		"ICT-systemen":      "ICT-=sys·te·men",
		"lachen":            "la·chen",
		"deelnemers":        "deel·ne·mers",
		"uitvoeren":         "uit·voe·ren",
		"eerder":            "eer·der",
		"programma’s":       "programma’s",
		"2021-2025":         "2021-2025",
		"19e-eeuwse":        "19e-=eeuw·se",
		"Covid-19-pandemie": "Co·vid-=19-=pan·de·mie",
		"data-analyse":      "da·ta-=ana·ly·se",
		"VTE":               "VTE",
		"ab":                "ab",
	} {
		if got := hyphenateDebug(word); got != want {
			t.Errorf("hyphenate(%q) = %q, want %q", word, got, want)
		}
	}
	// Never fewer than two letters on either side.
	for _, w := range []string{"operationele", "abonnement", "educatie", "eenzaamheid", "ideeën"} {
		for _, p := range hyphenPoints(w) {
			if len([]rune(w[:p])) < 2 || len([]rune(w[p:])) < 2 {
				t.Errorf("%s: point %d leaves a single letter", w, p)
			}
		}
	}
}

func TestPDFEncoding(t *testing.T) {
	tr := fpdf.New("P", "mm", "A4", "").UnicodeTranslatorFromDescriptor("")
	for _, s := range []string{"ë é ï ö ü è à ç ô € ‘’ “” – — • … © ½", "Oekraïne, coördinator, ideeën, café"} {
		if got, want := encodeCP1252(s), tr(s); got != want {
			t.Errorf("encodeCP1252(%q) = %q, fpdf gives %q", s, got, want)
		}
	}
	if got := pdfText("Ayşe  Yılmaz\tCO₂"); got != "Ayse Yilmaz CO2" {
		t.Errorf("pdfText = %q", got)
	}
}

func BenchmarkRenderPDF(b *testing.B) {
	f := firstPlan(b, 5)
	// Pad to 70 pages once, then time the layout of that document alone.
	src := f.src
	st := newPDFStyle(src)
	pd := &document{title: src.doc.title, blocks: append([]block(nil), src.doc.blocks...)}
	p := newPadder(src)
	for {
		_, t2, err := layoutPDF(pd, st)
		if err != nil {
			b.Fatal(err)
		}
		if t2.Pages >= 70 {
			break
		}
		p.add(pd, 1500)
	}
	b.ResetTimer()
	for b.Loop() {
		_, t2, err := layoutPDF(pd, st)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(t2.Pages), "pages")
	}
}

func BenchmarkRenderPDFPadded(b *testing.B) {
	f := firstPlan(b, 5)
	for b.Loop() {
		_, tr, err := RenderPDF(f, PDFOptions{MinPages: 70})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(tr.Pages), "pages")
	}
}
