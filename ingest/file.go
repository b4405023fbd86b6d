package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/plancoder/plancoder/store"
)

// MaxFileSize bounds what one file may weigh; larger files are refused
// before they are read, with a clear message.
const MaxFileSize = 256 << 20

// Result is one file read and segmented, ready to store.
type Result struct {
	Doc       store.Document
	Text      string // clean text the fragment offsets point into
	Fragments []store.Fragment
	Warnings  []string
}

// ReadFile reads a file for ingest, refusing what is not a regular file or
// is too large.
func ReadFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, readError(err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("not a regular file")
	}
	if fi.Size() > MaxFileSize {
		return nil, fmt.Errorf("file is %d MiB, more than the limit of %d MiB", fi.Size()>>20, MaxFileSize>>20)
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
func Bytes(ctx context.Context, name string, data []byte, meta Meta) (*Result, error) {
	e, err := extractorFor(name)
	if err != nil {
		return nil, err
	}
	x, err := safeExtract(ctx, e, data)
	if err != nil {
		return nil, err
	}
	meta = meta.WithDefaults(name)
	if meta.Title == "" {
		meta.Title = x.Title
	}
	if meta.Title == "" {
		meta.Title = filepath.Base(name)
	}
	text, frags := Segment(x, meta.ID)
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
		SHA256: SHA256(data), Size: int64(len(data)), Pages: x.Pages, Fragments: len(frags),
	}
	if lang != "nl" {
		doc.Lang = lang
	}
	return &Result{Doc: doc, Text: text, Fragments: frags, Warnings: x.Warnings}, nil
}
