package ingest

import (
	"context"
	"errors"
	"fmt"
	"github.com/plancoder/plancoder/store"
	"path/filepath"
	"strings"
)

// Fragment kinds (DESIGN §4), defined with the fragment in store.
const (
	KindParagraph = store.KindParagraph
	KindHeading   = store.KindHeading
	KindListItem  = store.KindListItem
	KindTable     = store.KindTable
)

// Block is one structural unit an extractor found, before segmentation.
//
// Extractors of structured formats (HTML, DOCX, Markdown) know a block's kind
// and heading level from markup. Extractors of layout-less text set Raw: the
// segmenter then unwraps hard line breaks, rejoins hyphenated words and infers
// headings and list items from the lines themselves.
type Block struct {
	Kind  string // KindParagraph, KindHeading, KindListItem or KindTable
	Level int    // heading level from markup (1 = top); 0 = infer from the text
	Text  string // the block's text; rows of a table are separated by "\n"
	Page  int    // 1-based page where the block starts; 0 when unknown
	Raw   bool   // text lines as laid out on a page: unwrap and infer structure
}

// Extracted is what an extractor returns for one file.
type Extracted struct {
	Blocks   []Block
	Pages    int      // number of pages; 0 when the format has none
	Title    string   // title from the file's own metadata, if any
	Warnings []string // problems that were repaired, e.g. invalid UTF-8
	// OCR maps the pages read by OCR to tesseract's mean word confidence
	// on them (0-100); nil when no page was.
	OCR map[int]float64
}

// Extractor turns the bytes of one file into blocks. Implementations must not
// panic on bad input; Extract wraps them in a recover anyway.
type Extractor interface {
	// Format names the file format, e.g. "docx".
	Format() string
	// Extract reads data, the whole file. It owns data: the blocks may
	// share its bytes, so the caller must not change it afterwards.
	Extract(ctx context.Context, data []byte) (*Extracted, error)
}

// Sentinel errors callers branch on.
var (
	// ErrUnsupported means no extractor handles the file's extension.
	ErrUnsupported = errors.New("unsupported file type")
	// ErrEmpty means the file has no bytes or no text.
	ErrEmpty = errors.New("no text")
	// ErrBinary means a text file holds binary data.
	ErrBinary = errors.New("binary data, not text")
)

var extractors = map[string]Extractor{}

// Register makes e handle files with the given extensions (with dot, lower
// case). It is how the PDF extractor plugs in.
func Register(e Extractor, exts ...string) {
	for _, x := range exts {
		extractors[strings.ToLower(x)] = e
	}
}

func init() {
	Register(textExtractor{markdown: false}, ".txt", ".text")
	Register(textExtractor{markdown: true}, ".md", ".markdown")
	Register(htmlExtractor{}, ".html", ".htm", ".xhtml")
	Register(docxExtractor{}, ".docx")
}

// Supported reports whether a file name has an extension some extractor handles.
func Supported(name string) bool {
	_, ok := extractors[strings.ToLower(filepath.Ext(name))]
	return ok
}

// Extensions lists the supported extensions, for messages.
func Extensions() []string {
	var out []string
	for x := range extractors {
		out = append(out, x)
	}
	sortStrings(out)
	return out
}

// extractorFor picks the extractor for name.
func extractorFor(name string) (Extractor, error) {
	ext := strings.ToLower(filepath.Ext(name))
	e, ok := extractors[ext]
	if !ok {
		if ext == "" {
			ext = "(none)"
		}
		return nil, fmt.Errorf("%w %s (supported: %s)", ErrUnsupported, ext, strings.Join(Extensions(), " "))
	}
	return e, nil
}

// safeExtract runs e, turning a panic inside a third-party parser into an error.
func safeExtract(ctx context.Context, e Extractor, data []byte) (x *Extracted, err error) {
	defer func() {
		if r := recover(); r != nil {
			x, err = nil, fmt.Errorf("%s parser failed: %v", e.Format(), r)
		}
	}()
	return e.Extract(ctx, data)
}
