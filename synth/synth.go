package synth

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"

	"github.com/plancoder/plancoder/truth"
)

// Options controls corpus generation.
type Options struct {
	Orgs int   // number of organisations (default 12 when <= 0)
	Seed int64 // same seed => byte-identical output
	// PDF renders most documents as PDF, as real plans mostly are: every
	// policy plan and about four in five reports; the other reports keep
	// their Markdown, text, HTML or DOCX format. Each PDF carries its
	// ground truth in File.Truth.
	PDF bool
	// MinPages, with PDF, pads every plan PDF with generated appendices to
	// at least this many pages (PDFOptions.MinPages); 0 = no padding.
	// Reports are never padded.
	MinPages int
}

// Organisation is one generated organisation.
type Organisation struct {
	ID    string            // slug, e.g. "vormingplus-waasland"
	Name  string            // e.g. "Vormingplus Waasland"
	Attrs map[string]string // keys: sector, region, functions, size
}

// File is one generated document of the corpus.
type File struct {
	Name   string // relative path in the corpus dir, forward slashes
	Data   []byte
	Org    string // organisation ID
	Type   string // "plan" | "progress-report" | "annual-report"
	Period string // "2021-2025"
	Year   int
	Title  string
	// Truth is the ground truth of a PDF file (truth.Truth as JSON, see
	// the truth package); nil for other formats. WriteDir stores it as
	// Name + truth.Suffix.
	Truth []byte

	src *pdfSource // the document structure, for RenderPDF
}

// Corpus is a generated set of organisations and their documents.
type Corpus struct {
	Orgs  []Organisation
	Files []File
}

// Document types as used in File.Type.
const (
	TypePlan     = "plan"
	TypeProgress = "progress-report"
	TypeAnnual   = "annual-report"
)

const period = "2021-2025"

// format identifies an output file format.
type format int

const (
	fmtMD format = iota
	fmtTXT
	fmtHTML
	fmtDOCX
	fmtPDF
)

var formatExt = map[format]string{fmtMD: "md", fmtTXT: "txt", fmtHTML: "html", fmtDOCX: "docx", fmtPDF: "pdf"}

// Generate builds a deterministic synthetic corpus: for every organisation a
// policy plan 2021–2025, one or two progress reports and sometimes an annual
// report, in a deterministic mix of Markdown, text, HTML and DOCX (or
// mostly PDF with Options.PDF).
func Generate(opts Options) Corpus {
	n := opts.Orgs
	if n <= 0 {
		n = 12
	}
	seed := opts.Seed
	profiles := makeOrgs(seed, n)
	cr := newRnd(seed, "formats")
	// Guarantee every format occurs in a corpus of four or more orgs.
	forced := map[int]format{}
	if n >= 4 {
		p := cr.perm(n)
		forced[p[0]] = fmtDOCX
		forced[p[1]] = fmtTXT
		forced[p[2]] = fmtHTML
	}
	var c Corpus
	var pdfJobs []int // indices into c.Files
	for _, o := range profiles {
		o.goals = makeGoals(seed, o)
		c.Orgs = append(c.Orgs, o.Organisation)
		fr := newRnd(seed, "format", o.ID)
		house := format(fr.weighted([]float64{0.55, 0.2, 0.12, 0.13}))
		if f, ok := forced[o.idx]; ok {
			house = f
		}
		pick := func(first bool) format {
			if first || fr.chance(0.75) {
				return house
			}
			return format(fr.weighted([]float64{0.55, 0.2, 0.12, 0.13}))
		}
		tst := txtStyle{upperL1: fr.chance(0.5)}
		if fr.chance(0.5) {
			tst.wrap = fr.between(70, 90)
			tst.page = fr.between(40, 50)
		}
		pr := newRnd(seed, "pdf", o.ID) // separate stream: PDF leaves other choices unchanged
		add := func(d *document, typ, word string, year int, first bool) {
			f := pick(first)
			if opts.PDF && (typ == TypePlan || pr.chance(0.8)) {
				f = fmtPDF
			}
			stem := o.ID + "-" + word
			if typ == TypePlan {
				stem += "-" + period
			} else {
				stem += "-" + strconv.Itoa(year)
			}
			file := File{
				Name:   o.ID + "/" + stem + "." + formatExt[f],
				Org:    o.ID,
				Type:   typ,
				Period: period,
				Year:   year,
				Title:  d.title,
				src:    &pdfSource{doc: d, org: o, seed: seed, typ: typ, year: year},
			}
			if f == fmtPDF {
				pdfJobs = append(pdfJobs, len(c.Files))
			} else {
				file.Data = render(d, f, o, year, tst)
			}
			c.Files = append(c.Files, file)
		}
		add(buildPlan(seed, o), TypePlan, "beleidsplan", 2021, true)
		add(buildProgress(seed, o, 2022), TypeProgress, "voortgangsrapport", 2022, false)
		if fr.chance(0.6) {
			add(buildProgress(seed, o, 2023), TypeProgress, "voortgangsrapport", 2023, false)
		}
		if fr.chance(0.4) {
			y := 2022 + fr.intn(2)
			add(buildAnnual(seed, o, y), TypeAnnual, "jaarverslag", y, false)
		}
	}
	renderPDFs(c.Files, pdfJobs, opts.MinPages)
	return c
}

// renderPDFs lays out the PDF files at the given indices in parallel;
// every file is independent, so the result does not depend on scheduling.
func renderPDFs(files []File, jobs []int, minPages int) {
	if len(jobs) == 0 {
		return
	}
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f := &files[i]
				opts := PDFOptions{}
				if f.Type == TypePlan {
					opts.MinPages = minPages
				}
				data, t, err := renderPDF(f.src, opts)
				if err == nil {
					f.Truth, err = t.Marshal()
				}
				if err != nil {
					// Layout errors are programming errors (fpdf only fails on
					// bad fonts or images, and synth uses neither).
					panic("synth: rendering " + f.Name + ": " + err.Error())
				}
				f.Data = data
			}
		}()
	}
	for _, i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
}

func render(d *document, f format, o *orgProfile, year int, st txtStyle) []byte {
	switch f {
	case fmtTXT:
		return renderText(d, st)
	case fmtHTML:
		return renderHTML(d, htmlChrome{site: o.Name, year: year, address: o.address,
			navs: []string{"Home", "Over ons", "Aanbod", "Agenda", "Nieuws", "Contact"}})
	case fmtDOCX:
		return renderDOCX(d, o.Name, year)
	default:
		return renderMarkdown(d)
	}
}

// WriteDir writes every file under dir (creating subfolders), plus
// dir/manifest.csv and dir/orgs.csv. Each file is written to a temporary
// name and renamed, so a failure leaves no half-written file.
func (c Corpus) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range c.Files {
		if !filepath.IsLocal(filepath.FromSlash(f.Name)) {
			return errors.New("synth: file name escapes corpus dir: " + f.Name)
		}
		if err := writeAtomic(filepath.Join(dir, filepath.FromSlash(f.Name)), f.Data); err != nil {
			return err
		}
		if f.Truth != nil {
			if err := writeAtomic(filepath.Join(dir, filepath.FromSlash(f.Name))+truth.Suffix, f.Truth); err != nil {
				return err
			}
		}
	}
	var mb bytes.Buffer
	mw := csv.NewWriter(&mb)
	mw.Write([]string{"file", "org", "type", "period", "year", "title"})
	for _, f := range c.Files {
		mw.Write([]string{path.Clean(f.Name), f.Org, f.Type, f.Period, strconv.Itoa(f.Year), f.Title})
	}
	mw.Flush()
	if err := mw.Error(); err != nil {
		return err
	}
	if err := writeAtomic(filepath.Join(dir, "manifest.csv"), mb.Bytes()); err != nil {
		return err
	}
	var ob bytes.Buffer
	ow := csv.NewWriter(&ob)
	ow.Write([]string{"id", "name", "sector", "region", "functions", "size"})
	for _, o := range c.Orgs {
		ow.Write([]string{o.ID, o.Name, o.Attrs["sector"], o.Attrs["region"], o.Attrs["functions"], o.Attrs["size"]})
	}
	ow.Flush()
	if err := ow.Error(); err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, "orgs.csv"), ob.Bytes())
}

// writeAtomic writes data to a temporary file next to name and renames it.
func writeAtomic(name string, data []byte) (err error) {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".synth-*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
