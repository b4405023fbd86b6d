package pdftext

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/plancoder/plancoder/ingest"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrOCRTools means the OCR programs (tesseract, pdftoppm) or the Dutch
// language data are not installed.
var ErrOCRTools = errors.New("OCR tools missing")

// Bounds on OCR work. Vars so that tests can lower them.
var (
	// OCRPageTimeout bounds rendering and recognising one page.
	OCRPageTimeout = 2 * time.Minute
	// ocrPixels is the longest side of a rendered page: 300 dpi for A4,
	// and a bound on the image (about 12 MB grey) whatever the page size.
	ocrPixels = 3508
	// ocrSlots bounds the OCR processes of the whole run, across files
	// extracted in parallel, to the CPU count: tesseract is CPU-bound.
	ocrSlots = make(chan struct{}, runtime.NumCPU())
)

// sideGap: a gap between words wider than this many line heights starts a
// margin column (word gaps are under half a line height; the margin column
// of a government letter starts 2.2-4 line heights after the body text,
// measured on a Woo decision letter).
const sideGap = 2

// ocrToolset is what was found on the PATH.
type ocrToolset struct {
	tesseract, pdftoppm string
	langs               string // for tesseract -l: nld, plus eng when installed
}

var ocrToolCache sync.Map // PATH -> ocrToolset or error

// findOCRTools looks for tesseract with Dutch data and pdftoppm, and says
// which Debian packages to install when something is missing.
func findOCRTools() (ocrToolset, error) {
	path := os.Getenv("PATH")
	if v, ok := ocrToolCache.Load(path); ok {
		if err, ok := v.(error); ok {
			return ocrToolset{}, err
		}
		return v.(ocrToolset), nil
	}
	t, err := lookOCRTools()
	if err != nil {
		ocrToolCache.Store(path, err)
	} else {
		ocrToolCache.Store(path, t)
	}
	return t, err
}

func lookOCRTools() (ocrToolset, error) {
	var t ocrToolset
	var missing, pkgs []string
	var err error
	if t.tesseract, err = exec.LookPath("tesseract"); err != nil {
		missing = append(missing, "tesseract")
		pkgs = append(pkgs, "tesseract-ocr", "tesseract-ocr-nld")
	}
	if t.pdftoppm, err = exec.LookPath("pdftoppm"); err != nil {
		missing = append(missing, "pdftoppm")
		pkgs = append(pkgs, "poppler-utils")
	}
	if t.tesseract != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		out, lerr := exec.CommandContext(ctx, t.tesseract, "--list-langs").CombinedOutput()
		langs := map[string]bool{}
		for _, l := range strings.Fields(string(out)) {
			langs[l] = true
		}
		switch {
		case lerr != nil:
			return t, fmt.Errorf("%w: %s --list-langs failed: %v", ErrOCRTools, t.tesseract, lerr)
		case !langs["nld"]:
			missing = append(missing, "Dutch language data for tesseract (nld)")
			pkgs = append(pkgs, "tesseract-ocr-nld")
		case langs["eng"]:
			t.langs = "nld+eng"
		default:
			t.langs = "nld"
		}
	}
	if len(missing) > 0 {
		return t, fmt.Errorf("%w: %s not found; install the Debian packages %s (apt-get install %s)",
			ErrOCRTools, strings.Join(missing, " and "), strings.Join(pkgs, " "), strings.Join(pkgs, " "))
	}
	return t, nil
}

// pageOCR is what OCR read on one page.
type pageOCR struct {
	blocks []ingest.Block
	conf   float64 // mean word confidence, 0-100
	words  int
}

// ocrPages renders and recognises pages of the PDF data, in parallel up to
// the CPU count. Pages that fail are warnings; an error means no page
// could be read, the tools are missing or ctx was cancelled. Temp files
// are removed before it returns.
func ocrPages(ctx context.Context, data []byte, pages []int) (map[int]pageOCR, []string, error) {
	tools, err := findOCRTools()
	if err != nil {
		return nil, nil, err
	}
	dir, err := os.MkdirTemp("", "plancoder-ocr-*")
	if err != nil {
		return nil, nil, fmt.Errorf("OCR: %w", err)
	}
	defer os.RemoveAll(dir)
	pdfPath := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(pdfPath, data, 0o600); err != nil {
		return nil, nil, fmt.Errorf("OCR: write temp file: %w", err)
	}
	// The file's time limit is for parsing; OCR gets its own, page by page.
	rounds := (len(pages) + cap(ocrSlots) - 1) / cap(ocrSlots)
	extendDeadline(ctx, time.Duration(rounds)*OCRPageTimeout+time.Minute)

	out := make([]pageOCR, len(pages))
	errs := make([]error, len(pages))
	var wg sync.WaitGroup
	for i, p := range pages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case ocrSlots <- struct{}{}:
			case <-ctx.Done():
				errs[i] = ctx.Err()
				return
			}
			defer func() { <-ocrSlots }()
			out[i], errs[i] = ocrPage(ctx, tools, pdfPath, dir, p)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	res := map[int]pageOCR{}
	var warnings []string
	var first error
	for i, p := range pages {
		switch {
		case errs[i] != nil:
			warnings = append(warnings, fmt.Sprintf("page %d: OCR failed: %v", p, errs[i]))
			if first == nil {
				first = fmt.Errorf("page %d: %w", p, errs[i])
			}
		case out[i].words == 0:
			warnings = append(warnings, fmt.Sprintf("page %d: OCR found no text", p))
		default:
			res[p] = out[i]
		}
	}
	if len(res) == 0 && first != nil {
		return nil, nil, fmt.Errorf("OCR failed on every page (%v)", first)
	}
	return res, warnings, nil
}

// ocrPage renders one page with pdftoppm and reads it with tesseract's
// TSV output, within OCRPageTimeout.
func ocrPage(ctx context.Context, t ocrToolset, pdfPath, dir string, page int) (pageOCR, error) {
	ctx, cancel := context.WithTimeout(ctx, OCRPageTimeout)
	defer cancel()
	base := filepath.Join(dir, fmt.Sprintf("page-%d", page))
	png := base + ".png"
	defer os.Remove(png)
	n := strconv.Itoa(page)
	if _, err := runTool(ctx, t.pdftoppm, "-f", n, "-l", n, "-singlefile", "-gray", "-png",
		"-scale-to", strconv.Itoa(ocrPixels), pdfPath, base); err != nil {
		return pageOCR{}, fmt.Errorf("render: %w", err)
	}
	tsv, err := runTool(ctx, t.tesseract, png, "stdout", "-l", t.langs, "--psm", "3", "tsv")
	if err != nil {
		return pageOCR{}, fmt.Errorf("tesseract: %w", err)
	}
	return parseTSV(tsv, page)
}

// runTool runs a program and returns its stdout; the error names the
// program and ends with its last words on stderr, or says the page's time
// limit was reached.
func runTool(ctx context.Context, prog string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, prog, args...)
	// One thread per process: pages already run in parallel up to the CPU
	// count, and OpenMP threads on top of that only contend.
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return nil, fmt.Errorf("%s did not finish within %v", filepath.Base(prog), OCRPageTimeout)
	}
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 300 {
			msg = "..." + msg[len(msg)-300:]
		}
		if msg != "" {
			return nil, fmt.Errorf("%s: %v: %s", filepath.Base(prog), err, msg)
		}
		return nil, fmt.Errorf("%s: %v", filepath.Base(prog), err)
	}
	return stdout.Bytes(), nil
}

// parseTSV turns tesseract's TSV (level page block par line word left top
// width height conf text) into blocks: one raw block per tesseract
// paragraph, its lines as lines, so the segmenter unwraps and dehyphenates
// them as it does any laid-out text. Three repairs on tesseract's layout
// analysis: leading lines set clearly larger than the page's body text are
// a heading of their own; a paragraph that starts in lower case after one
// that did not end its sentence continues it; and words after a gap of more
// than sideGap line heights (a margin column, as in Dutch government
// letters, that tesseract ran into the body lines) are a block of their own
// after the block they were found in.
func parseTSV(tsv []byte, page int) (pageOCR, error) {
	type key struct{ block, par, line int }
	type line struct {
		key    key
		height int
		words  []string
		side   []string // words after a wide gap: a margin column tesseract ran into the line
		right  int      // right edge of the last word read
	}
	var lines []*line
	at := map[key]*line{}
	var sum float64
	var res pageOCR
	for n, row := range strings.Split(string(tsv), "\n") {
		if n == 0 || row == "" {
			continue // header
		}
		f := strings.Split(row, "\t")
		if len(f) < 12 {
			if len(f) > 1 {
				return res, fmt.Errorf("TSV line %d has %d fields, want 12", n+1, len(f))
			}
			continue
		}
		if f[0] != "4" && f[0] != "5" {
			continue
		}
		var k key
		k.block, _ = strconv.Atoi(f[2])
		k.par, _ = strconv.Atoi(f[3])
		k.line, _ = strconv.Atoi(f[4])
		l := at[k]
		if l == nil {
			l = &line{key: k}
			at[k] = l
			lines = append(lines, l)
		}
		if f[0] == "4" {
			l.height, _ = strconv.Atoi(f[9])
			continue
		}
		word := strings.TrimSpace(f[11])
		conf, err := strconv.ParseFloat(f[10], 64)
		if word == "" || err != nil || conf < 0 {
			continue
		}
		left, _ := strconv.Atoi(f[6])
		width, _ := strconv.Atoi(f[8])
		h := l.height
		if h <= 0 {
			h, _ = strconv.Atoi(f[9])
		}
		switch {
		case len(l.side) > 0 || len(l.words) > 0 && h > 0 && left-l.right > sideGap*h:
			l.side = append(l.side, ingest.NormaliseText(word))
		default:
			l.words = append(l.words, ingest.NormaliseText(word))
		}
		l.right = left + width
		sum += conf
		res.words++
	}
	var heights []int
	for _, l := range lines {
		if len(l.words) > 0 && l.height > 0 {
			heights = append(heights, l.height)
		}
	}
	sort.Ints(heights)
	body := 0
	if len(heights) > 0 {
		body = heights[len(heights)/2]
	}
	large := func(l *line) bool {
		return body > 0 && float64(l.height) >= 1.3*float64(body) && len(l.words) <= ingest.MaxHeadingWords
	}
	var para, heading, side []string
	prevPar := key{-1, -1, 0}
	flushSide := func() {
		if len(side) > 0 {
			res.blocks = append(res.blocks, ingest.Block{Kind: ingest.KindParagraph, Text: strings.Join(side, "\n"), Page: page, Raw: true})
			side = nil
		}
	}
	flush := func() {
		if len(heading) > 0 {
			res.blocks = append(res.blocks, ingest.Block{Kind: ingest.KindHeading, Text: strings.Join(heading, " "), Page: page})
			heading = nil
		}
		if len(para) == 0 {
			return
		}
		text := strings.Join(para, "\n")
		para = nil
		if n := len(res.blocks); n > 0 && res.blocks[n-1].Raw && ingest.StartsLower(text) && !ingest.EndsSentence(res.blocks[n-1].Text) {
			res.blocks[n-1].Text += "\n" + text
			return
		}
		res.blocks = append(res.blocks, ingest.Block{Kind: ingest.KindParagraph, Text: text, Page: page, Raw: true})
	}
	for _, l := range lines {
		if len(l.words)+len(l.side) == 0 {
			continue
		}
		if pk := (key{l.key.block, l.key.par, 0}); pk != prevPar {
			flush()
			if pk.block != prevPar.block {
				flushSide()
			}
			prevPar = pk
		}
		if len(l.side) > 0 {
			side = append(side, strings.Join(l.side, " "))
		}
		if len(l.words) == 0 {
			continue
		}
		text := strings.Join(l.words, " ")
		if len(para) == 0 && large(l) && !strings.HasSuffix(text, ".") {
			heading = append(heading, text)
			continue
		}
		para = append(para, text)
	}
	flush()
	flushSide()
	if res.words > 0 {
		res.conf = math.Round(sum/float64(res.words)*10) / 10
	}
	return res, nil
}

// noTextError says which pages have no text layer; it is ErrNoTextLayer.
type noTextError struct {
	pages []int
	total int
}

func (e *noTextError) Error() string {
	return fmt.Sprintf("%v on pages %s: needs OCR", ErrNoTextLayer, pageRanges(e.pages))
}

func (e *noTextError) Unwrap() error { return ErrNoTextLayer }

// withOCR applies the context's OCR mode to a PDF's text-layer extraction
// (x, err): pages without a text layer (auto) or all pages (always) are
// read by OCR and their blocks put in page order among the others.
func withOCR(ctx context.Context, data []byte, x *ingest.Extracted, noText []int, err error) (*ingest.Extracted, error) {
	mode := ingest.OCRModeFrom(ctx)
	var nt *noTextError
	var pages []int
	switch {
	case errors.As(err, &nt):
		if mode == ingest.OCRNever {
			return nil, err
		}
		x, pages = &ingest.Extracted{Pages: nt.total}, nt.pages
	case err != nil:
		return nil, err
	case mode == ingest.OCRAlways:
		pages = seq(x.Pages)
	default:
		pages = noText
	}
	if len(pages) == 0 {
		return x, nil
	}
	if mode == ingest.OCRNever {
		x.Warnings = append(x.Warnings, fmt.Sprintf("no text layer on pages %s: needs OCR", pageRanges(pages)))
		return x, nil
	}
	res, warnings, oerr := ocrPages(ctx, data, pages)
	if oerr != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if nt != nil {
			return nil, fmt.Errorf("%w on pages %s: needs OCR, which failed: %v", ErrNoTextLayer, pageRanges(nt.pages), oerr)
		}
		if mode == ingest.OCRAlways {
			return nil, fmt.Errorf("OCR: %w", oerr)
		}
		x.Warnings = append(x.Warnings, fmt.Sprintf("no text layer on pages %s: needs OCR, which failed: %v", pageRanges(pages), oerr))
		return x, nil
	}
	x.Warnings = append(x.Warnings, warnings...)
	dropRepeatedOCR(res)
	var done []int
	var sum float64
	var words int
	for p, r := range res {
		done = append(done, p)
		sum += r.conf * float64(r.words)
		words += r.words
	}
	sort.Ints(done)
	if len(done) == 0 {
		if nt != nil {
			return nil, fmt.Errorf("%w on pages %s: needs OCR, which found no text on them", ErrNoTextLayer, pageRanges(nt.pages))
		}
		return x, nil
	}
	what := "pages"
	if len(done) == 1 {
		what = "page"
	}
	x.Warnings = append(x.Warnings, fmt.Sprintf("%s %s read by OCR (mean word confidence %.0f%%)", what, pageRanges(done), sum/float64(words)))
	// Text-layer blocks of pages OCR replaced (always) are dropped; OCR
	// blocks go before the first block of a later page.
	var blocks []ingest.Block
	rest := x.Blocks
	if x.OCR == nil {
		x.OCR = map[int]float64{}
	}
	for _, p := range done {
		for len(rest) > 0 && rest[0].Page <= p {
			if _, replaced := res[rest[0].Page]; !replaced {
				blocks = append(blocks, rest[0])
			}
			rest = rest[1:]
		}
		blocks = append(blocks, res[p].blocks...)
		x.OCR[p] = res[p].conf
	}
	for _, b := range rest {
		if _, replaced := res[b.Page]; !replaced {
			blocks = append(blocks, b)
		}
	}
	x.Blocks = blocks
	return x, nil
}

// extendDeadline asks the file's time limit for at least d more from now.
func extendDeadline(ctx context.Context, d time.Duration) { ingest.ExtendDeadline(ctx, d) }

// dropRepeatedOCR removes running headers and footers from OCR pages: short
// blocks ("Pagina 3 van 10", a letter's margin column with its reference)
// whose text, digits aside, comes back on at least half of three or more
// OCR pages. The text layer's furniture is dropped by position
// (dropFurniture); tesseract's blocks carry no reliable one, so repetition
// alone decides, and only for blocks of at most maxFurnitureWords words.
func dropRepeatedOCR(res map[int]pageOCR) {
	if len(res) < 3 {
		return
	}
	key := func(b ingest.Block) string {
		var sb strings.Builder
		for _, r := range strings.ToLower(strings.Join(strings.Fields(b.Text), " ")) {
			if r >= '0' && r <= '9' {
				r = '#'
			}
			sb.WriteRune(r)
		}
		return sb.String()
	}
	pages := map[string]int{}
	for _, r := range res {
		seen := map[string]bool{}
		for _, b := range r.blocks {
			if k := key(b); ingest.CountWords(b.Text) <= maxFurnitureWords && !seen[k] {
				seen[k] = true
				pages[k]++
			}
		}
	}
	need := max(3, (len(res)+1)/2)
	for p, r := range res {
		kept := r.blocks[:0:0]
		for _, b := range r.blocks {
			if ingest.CountWords(b.Text) > maxFurnitureWords || pages[key(b)] < need {
				kept = append(kept, b)
			}
		}
		r.blocks = kept
		res[p] = r
	}
}

// maxFurnitureWords bounds the blocks dropRepeatedOCR may take for furniture.
const maxFurnitureWords = 12
