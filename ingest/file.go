package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/plancoder/plancoder/store"
)

// MaxFileSize bounds what one file may weigh; larger files are refused
// before they are read, with a clear message.
const MaxFileSize = 256 << 20

// MaxTextSize bounds a document's clean text. Text, Markdown and HTML files
// hold at least as many bytes as their text, so larger ones are refused from
// their size before they are read; other formats are checked once their text
// is extracted. A policy plan has a few MiB of text at most; the cap keeps
// the memory of an ingest (a small multiple of the text) bounded.
const MaxTextSize = 64 << 20

// textLike are the extensions whose file size bounds their text from above.
var textLike = map[string]bool{".txt": true, ".text": true, ".md": true, ".markdown": true, ".html": true, ".htm": true, ".xhtml": true}

// sizeLimit is the largest file named name that is read.
func sizeLimit(name string) (int64, string) {
	if textLike[strings.ToLower(filepath.Ext(name))] {
		return MaxTextSize, "a text or HTML file (its text may be at most that)"
	}
	return MaxFileSize, "a file"
}

// Result is one file read and segmented, ready to store.
type Result struct {
	Doc       store.Document
	Text      string // clean text the fragment offsets point into
	Fragments []store.Fragment
	Warnings  []string
}

// checkSize refuses what is not a regular file or is too large to ingest.
func checkSize(path string, fi os.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("not a regular file")
	}
	if limit, what := sizeLimit(path); fi.Size() > limit {
		mib := (fi.Size() + 1<<20 - 1) >> 20 // rounded up: 64 MiB and a byte is not "64 MiB"
		return fmt.Errorf("file is %d MiB, more than the limit of %d MiB for %s", mib, limit>>20, what)
	}
	return nil
}

// ReadFile reads a file for ingest, refusing what is not a regular file or
// is too large.
func ReadFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, readError(err)
	}
	if err := checkSize(path, fi); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, readError(err)
	}
	return data, nil
}

// readError drops the path from an *os.PathError: messages name the file
// already, and the cause is what the user needs.
func readError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("cannot read: %w", pe.Err)
	}
	return err
}

// SHA256 is the hex digest documents are deduplicated by.
func SHA256(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// Bytes extracts and segments the bytes of one file named name. Metadata
// missing from meta is guessed from the file name. It opens no database.
// Bytes takes data over: the result may share its bytes, so the caller must
// not change data afterwards.
func Bytes(ctx context.Context, name string, data []byte, meta Meta) (*Result, error) {
	return bytesOwned(ctx, name, &data, "", meta)
}

// bytesOwned is Bytes taking ownership of *src: it clears *src once the
// file's hash is taken, so that the raw bytes can be collected as soon as
// the extractor has decoded them, not held through segmentation and the
// store write. sha is the bytes' SHA256 when the caller has it already,
// else "".
func bytesOwned(ctx context.Context, name string, src *[]byte, sha string, meta Meta) (*Result, error) {
	e, err := extractorFor(name)
	if err != nil {
		return nil, err
	}
	data := *src
	*src = nil
	if sha == "" {
		sha = SHA256(data)
	}
	size := int64(len(data))
	x, err := safeExtract(ctx, e, data)
	if err != nil {
		return nil, err
	}
	textSize := 0
	for _, b := range x.Blocks {
		textSize += len(b.Text)
	}
	if textSize > MaxTextSize {
		return nil, fmt.Errorf("the text is %d MiB, more than the limit of %d MiB for one document: split the file", textSize>>20, MaxTextSize>>20)
	}
	meta = meta.WithDefaults(name)
	if meta.Title == "" {
		meta.Title = x.Title
	}
	if meta.Title == "" {
		meta.Title = filepath.Base(name)
	}
	text, frags := Segment(x, meta.ID)
	markOCR(frags, x.OCR)
	x.Blocks = nil // they hold the decoded text; the clean text is all that is needed now
	if len(frags) == 0 {
		return nil, fmt.Errorf("%w: no paragraphs with words found", ErrEmpty)
	}
	lang := meta.Lang
	if lang == "" {
		lang = "nl"
	}
	for i := range frags {
		if l := detectLang(frags[i].Text, lang); l != "nl" {
			frags[i].Lang = l
		}
	}
	doc := store.Document{
		ID: meta.ID, Org: meta.Org, Type: meta.Type, Period: meta.Period, Year: meta.Year,
		Title: meta.Title, Source: filepath.Base(name), Format: e.Format(),
		SHA256: sha, Size: size, Pages: x.Pages, Fragments: len(frags),
	}
	if lang != "nl" {
		doc.Lang = lang
	}
	return &Result{Doc: doc, Text: text, Fragments: frags, Warnings: x.Warnings}, nil
}

// markOCR flags the fragments on pages read by OCR with the page's mean
// word confidence.
func markOCR(frags []store.Fragment, ocr map[int]float64) {
	if len(ocr) == 0 {
		return
	}
	for i := range frags {
		if c, ok := ocr[frags[i].Page]; ok {
			frags[i].OCR = true
			frags[i].OCRConfidence = c
		}
	}
}
