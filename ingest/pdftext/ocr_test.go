package pdftext

import (
	"context"
	"errors"
	"fmt"
	"github.com/plancoder/plancoder/ingest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The fixture testdata/ocr/scan-nl.pdf is testdata/ocr/scan-nl.txt set in
// DejaVu Serif at 300 dpi, turned 1.1 degrees, blurred, noised and made
// bilevel, as a scanner and a fax machine would, then wrapped as an
// image-only PDF:
//
//	convert -size 2480x3508 xc:white -font DejaVu-Serif -pointsize 44 -fill black \
//	  -interline-spacing 14 -annotate +220+320 "$(cat scan-nl.txt)" -background white \
//	  -rotate 1.1 -gravity center -extent 2480x3508 +repage -colorspace Gray -blur 0x1.2 \
//	  -attenuate 1.2 +noise Gaussian -threshold 50% -attenuate 0.05 +noise Impulse \
//	  -threshold 50% -type bilevel -density 300 -compress Group4 page.tif
//	img2pdf page.tif -o scan-nl.pdf

// needOCR skips a test when tesseract, its Dutch data or pdftoppm is
// missing (.ci/run installs them).
func needOCR(t *testing.T) {
	t.Helper()
	if _, err := findOCRTools(); err != nil {
		t.Skipf("OCR tests skipped: %v", err)
	}
}

func readOCRFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata/ocr", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

var reWord = regexp.MustCompile(`[\p{L}\p{N}]+`)

// knownWords is the words of the fixture's text, line-end hyphens joined.
func knownWords(t *testing.T) []string {
	text := string(readOCRFixture(t, "scan-nl.txt"))
	text = strings.ReplaceAll(text, "-\n", "")
	return reWord.FindAllString(strings.ToLower(text), -1)
}

// recall is the share of want's words (as a multiset) found in got.
func recall(want []string, got string) float64 {
	have := map[string]int{}
	for _, w := range reWord.FindAllString(strings.ToLower(got), -1) {
		have[w]++
	}
	hit := 0
	for _, w := range want {
		if have[w] > 0 {
			have[w]--
			hit++
		}
	}
	return float64(hit) / float64(len(want))
}

func TestParseTSV(t *testing.T) {
	const head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
	tests := []struct {
		name    string
		tsv     string
		blocks  []string
		conf    float64
		words   int
		wantErr string
	}{
		{"lines and paragraphs", head +
			"1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n" +
			"5\t1\t1\t1\t1\t1\t10\t10\t50\t20\t90\tIn\n" +
			"5\t1\t1\t1\t1\t2\t70\t10\t50\t20\t80\tde\n" +
			"5\t1\t1\t1\t2\t1\t10\t40\t50\t20\t70\tbeleids-\n" +
			"5\t1\t1\t2\t1\t1\t10\t90\t50\t20\t60\tWij\n" +
			"5\t1\t2\t1\t1\t1\t10\t200\t50\t20\t100\tEinde\n" +
			"5\t1\t2\t1\t1\t2\t70\t200\t50\t20\t95\t \n",
			[]string{"In de\nbeleids-", "Wij", "Einde"}, 80, 5, ""},
		// Tesseract put the heading (set larger) in the first paragraph,
		// and broke a sentence into two blocks.
		{"heading and continued sentence", head +
			"4\t1\t1\t1\t1\t0\t10\t10\t500\t60\t-1\t\n" +
			"5\t1\t1\t1\t1\t1\t10\t10\t250\t60\t96\tVrijwilligers\n" +
			"5\t1\t1\t1\t1\t2\t270\t10\t200\t60\t96\tin cijfers\n" +
			"4\t1\t1\t1\t2\t0\t10\t90\t900\t40\t-1\t\n" +
			"5\t1\t1\t1\t2\t1\t10\t90\t50\t40\t90\tSamen\n" +
			"5\t1\t1\t1\t2\t2\t70\t90\t50\t40\t90\twaren\n" +
			"4\t1\t2\t1\t1\t0\t10\t140\t900\t42\t-1\t\n" +
			"5\t1\t2\t1\t1\t1\t10\t140\t50\t42\t90\tze\n" +
			"5\t1\t2\t1\t1\t2\t70\t140\t50\t42\t90\tgoed.\n" +
			"4\t1\t3\t1\t1\t0\t10\t240\t900\t41\t-1\t\n" +
			"5\t1\t3\t1\t1\t1\t10\t240\t50\t41\t90\tnieuw\n",
			[]string{"Vrijwilligers in cijfers", "Samen waren\nze goed.", "nieuw"}, 91.7, 7, ""},
		// The margin column of a government letter, run into the body
		// lines by tesseract (gaps measured on a Woo letter: 92-147 px at
		// a line height of 38-42 px), is a block after the body's; a
		// sentence-ending line set large is no heading.
		{"margin column", head +
			"4\t1\t2\t1\t1\t0\t343\t710\t1818\t38\t-1\t\n" +
			"5\t1\t2\t1\t1\t1\t1600\t712\t60\t29\t90\tHet\n" +
			"5\t1\t2\t1\t1\t2\t1674\t712\t60\t30\t90\tkan\n" +
			"5\t1\t2\t1\t1\t3\t1881\t712\t280\t26\t90\tProgrammadirectie\n" +
			"4\t1\t2\t1\t2\t0\t343\t753\t1818\t42\t-1\t\n" +
			"5\t1\t2\t1\t2\t1\t1616\t753\t166\t29\t90\tgegevens\n" +
			"5\t1\t2\t1\t2\t2\t1881\t753\t202\t28\t90\tOpenbaarheid\n" +
			"4\t1\t3\t1\t1\t0\t343\t853\t1818\t38\t-1\t\n" +
			"5\t1\t3\t1\t1\t1\t343\t853\t60\t29\t90\tVolgende\n" +
			"4\t1\t4\t1\t1\t0\t343\t900\t1818\t60\t-1\t\n" +
			"5\t1\t4\t1\t1\t1\t343\t900\t60\t29\t90\tGroot.\n",
			[]string{"Het kan\ngegevens", "Programmadirectie\nOpenbaarheid", "Volgende", "Groot."}, 90, 7, ""},
		{"empty page", head + "1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n", nil, 0, 0, ""},
		{"cut line", head + "5\t1\t1\t1\n", nil, 0, 0, "TSV line 2 has 4 fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseTSV([]byte(tt.tsv), 3)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, b := range got.blocks {
				if b.Page != 3 || b.Raw != (b.Kind != ingest.KindHeading) {
					t.Errorf("block %+v: want page 3, raw unless a heading", b)
				}
				texts = append(texts, b.Text)
			}
			if strings.Join(texts, "|") != strings.Join(tt.blocks, "|") {
				t.Errorf("blocks %q, want %q", texts, tt.blocks)
			}
			if got.conf != tt.conf || got.words != tt.words {
				t.Errorf("conf %v words %d, want %v %d", got.conf, got.words, tt.conf, tt.words)
			}
		})
	}
}

func TestParseOCRMode(t *testing.T) {
	for in, want := range map[string]ingest.OCRMode{"auto": ingest.OCRAuto, "Always": ingest.OCRAlways, " never ": ingest.OCRNever, "yes": ""} {
		got, err := ingest.ParseOCRMode(in)
		if got != want || (err != nil) != (want == "") {
			t.Errorf("ParseOCRMode(%q) = %q, %v", in, got, err)
		}
	}
	if m := ingest.OCRModeFrom(context.Background()); m != ingest.OCRNever {
		t.Errorf("default mode %q, want never (callers opt in)", m)
	}
}

// TestOCRScan reads the scanned fixture with recall of its known words of
// at least 95%, dehyphenated by the segmenter like any text.
func TestOCRScan(t *testing.T) {
	needOCR(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	data := readOCRFixture(t, "scan-nl.pdf")
	start := time.Now()
	res, err := ingest.Bytes(ingest.WithOCR(context.Background(), ingest.OCRAuto), "scan-nl.pdf", data, ingest.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	r := recall(knownWords(t), res.Text)
	t.Logf("word recall %.1f%% of %d words in %v; warnings %q", 100*r, len(knownWords(t)), time.Since(start).Round(time.Millisecond), res.Warnings)
	if r < 0.95 {
		t.Errorf("word recall %.3f < 0.95; text:\n%s", r, res.Text)
	}
	for _, w := range []string{"evaluatie", "verschillende", "beleidsperiode"} {
		if !strings.Contains(res.Text, w) {
			t.Errorf("text lacks %q (dehyphenation)", w)
		}
	}
	if len(res.Fragments) < 3 {
		t.Errorf("%d fragments, want the heading and paragraphs", len(res.Fragments))
	}
	for _, f := range res.Fragments {
		if !f.OCR || f.OCRConfidence < 50 || f.OCRConfidence > 100 || f.Page != 1 {
			t.Errorf("fragment %s: ocr %v confidence %v page %d", f.ID, f.OCR, f.OCRConfidence, f.Page)
		}
	}
	if res.Fragments[0].Kind != ingest.KindHeading {
		t.Errorf("first fragment %q is a %s, want the heading", res.Fragments[0].Text, res.Fragments[0].Kind)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("temp files left: %v", left)
	}
}

func TestOCRNever(t *testing.T) {
	data := readOCRFixture(t, "scan-nl.pdf")
	_, err := ingest.Bytes(ingest.WithOCR(context.Background(), ingest.OCRNever), "scan-nl.pdf", data, ingest.Meta{})
	if !errors.Is(err, ErrNoTextLayer) || !strings.Contains(err.Error(), "no text layer on pages 1: needs OCR") {
		t.Fatalf("error %v, want no text layer", err)
	}
}

// TestOCRToolsMissing: the message names the Debian packages to install.
func TestOCRToolsMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	data := readOCRFixture(t, "scan-nl.pdf")
	_, err := ingest.Bytes(ingest.WithOCR(context.Background(), ingest.OCRAuto), "scan-nl.pdf", data, ingest.Meta{})
	if !errors.Is(err, ErrNoTextLayer) {
		t.Fatalf("auto: error %v, want ErrNoTextLayer", err)
	}
	for _, want := range []string{"needs OCR", "tesseract and pdftoppm not found", "tesseract-ocr tesseract-ocr-nld poppler-utils"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("auto: %q lacks %q", err, want)
		}
	}
	text, err := os.ReadFile("testdata/pdf/lo-plan-simple.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Bytes(ingest.WithOCR(context.Background(), ingest.OCRAuto), "plan.pdf", text, ingest.Meta{}); err != nil {
		t.Errorf("auto on a PDF with a text layer needs no tools: %v", err)
	}
	if _, err := ingest.Bytes(ingest.WithOCR(context.Background(), ingest.OCRAlways), "plan.pdf", text, ingest.Meta{}); !errors.Is(err, ErrOCRTools) {
		t.Errorf("always: error %v, want ErrOCRTools", err)
	}
}

// TestOCRPageTimeout: a page that takes longer than OCRPageTimeout is an
// error naming the limit, not a hang.
func TestOCRPageTimeout(t *testing.T) {
	needOCR(t)
	old := OCRPageTimeout
	OCRPageTimeout = 20 * time.Millisecond
	defer func() { OCRPageTimeout = old }()
	data := readOCRFixture(t, "scan-nl.pdf")
	_, err := ingest.Bytes(ingest.WithOCR(context.Background(), ingest.OCRAuto), "scan-nl.pdf", data, ingest.Meta{})
	if err == nil || !strings.Contains(err.Error(), "did not finish within 20ms") {
		t.Fatalf("error %v, want the page time limit", err)
	}
}

// TestOCRCancel: cancelling stops the OCR processes and removes the temp
// files.
func TestOCRCancel(t *testing.T) {
	needOCR(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	data := readOCRFixture(t, "scan-nl.pdf")
	ctx, cancel := context.WithCancel(ingest.WithOCR(context.Background(), ingest.OCRAuto))
	time.AfterFunc(300*time.Millisecond, cancel)
	start := time.Now()
	_, err := ingest.Bytes(ctx, "scan-nl.pdf", data, ingest.Meta{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("cancel took %v", d)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("temp files left: %v", left)
	}
}

// TestOCRMixed: in a PDF of text pages and a scanned page, auto reads only
// the scan by OCR and puts it in page order; always reads every page.
func TestOCRMixed(t *testing.T) {
	needOCR(t)
	unite, err := exec.LookPath("pdfunite")
	if err != nil {
		t.Skip("pdfunite (poppler-utils) missing")
	}
	mixed := filepath.Join(t.TempDir(), "mixed.pdf")
	if out, err := exec.Command(unite, "testdata/pdf/lo-plan-simple.pdf", "testdata/ocr/scan-nl.pdf", mixed).CombinedOutput(); err != nil {
		t.Fatalf("pdfunite: %v: %s", err, out)
	}
	data, err := os.ReadFile(mixed)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ingest.Bytes(ingest.WithOCR(context.Background(), ingest.OCRAuto), "mixed.pdf", data, ingest.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	last := res.Doc.Pages
	prev := 0
	ocr := 0
	for _, f := range res.Fragments {
		if f.Page < prev {
			t.Errorf("fragment %s on page %d after page %d", f.ID, f.Page, prev)
		}
		prev = f.Page
		if f.OCR != (f.Page == last) {
			t.Errorf("fragment %s page %d: ocr %v", f.ID, f.Page, f.OCR)
		}
		if f.OCR {
			ocr++
		}
	}
	if ocr == 0 || ocr == len(res.Fragments) {
		t.Errorf("%d of %d fragments by OCR, want only the last page's", ocr, len(res.Fragments))
	}
	if r := recall(knownWords(t), res.Text); r < 0.95 {
		t.Errorf("recall of the scanned page %.3f", r)
	}
	if testing.Short() {
		return
	}
	res, err = ingest.Bytes(ingest.WithOCR(context.Background(), ingest.OCRAlways), "mixed.pdf", data, ingest.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Fragments {
		if !f.OCR {
			t.Errorf("always: fragment %s page %d not by OCR", f.ID, f.Page)
		}
	}
}

// TestOCRExtendsFileTimeout: OCR gets its own time on top of ingest.FileTimeout,
// which bounds parsing: a scan that takes longer than ingest.FileTimeout to read
// is not given up on.
func TestOCRExtendsFileTimeout(t *testing.T) {
	needOCR(t)
	old := ingest.FileTimeout
	ingest.FileTimeout = 300 * time.Millisecond
	defer func() { ingest.FileTimeout = old }()
	var got ingest.Outcome
	err := ingest.Process(ingest.WithOCR(context.Background(), ingest.OCRAuto), []ingest.Job{{Path: "testdata/ocr/scan-nl.pdf"}}, 1, nil, func(o ingest.Outcome) error {
		got = o
		return nil
	})
	if err != nil || got.Err != nil {
		t.Fatalf("Process: %v, file: %v", err, got.Err)
	}
	if !got.Result.Fragments[0].OCR {
		t.Error("not read by OCR")
	}
}

// TestDropRepeatedOCR: running footers and a letter's margin column that
// come back on most OCR pages go; text that repeats on few pages stays.
func TestDropRepeatedOCR(t *testing.T) {
	res := map[int]pageOCR{}
	body := []string{"", "Eerste tekst.", "Tweede tekst.", "Derde tekst.", "Vierde tekst."}
	for p := 1; p <= 4; p++ {
		blocks := []ingest.Block{
			{Kind: ingest.KindParagraph, Text: "Programmadirectie\nOpenbaarheid\nOns kenmerk\n3415155-1033464-PDO", Page: p, Raw: true},
			{Kind: ingest.KindParagraph, Text: body[p], Page: p, Raw: true},
			{Kind: ingest.KindHeading, Text: fmt.Sprintf("Pagina %d van 4", p), Page: p},
		}
		if p <= 2 {
			blocks = append(blocks, ingest.Block{Kind: ingest.KindHeading, Text: "Toelichting", Page: p})
		}
		res[p] = pageOCR{blocks: blocks}
	}
	dropRepeatedOCR(res)
	for p := 1; p <= 4; p++ {
		var texts []string
		for _, b := range res[p].blocks {
			texts = append(texts, b.Text)
		}
		want := body[p]
		if p <= 2 {
			want += "|Toelichting"
		}
		if got := strings.Join(texts, "|"); got != want {
			t.Errorf("page %d: %q, want %q", p, got, want)
		}
	}
}
