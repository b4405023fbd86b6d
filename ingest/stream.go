package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/plancoder/plancoder/store"
)

// StreamOver is the size above which a plain-text file is read in chunks
// by Stream instead of whole: held whole, a 50 MB text, its 110,000
// fragments and their index analysis took 270 MB.
var StreamOver int64 = 16 << 20

// streamWindow is about how many bytes of the file one chunk reads. A
// chunk ends at the last blank line in its window (else the last line
// end, space, or character start), so that paragraphs stay whole.
var streamWindow = 4 << 20

// ErrNotStreamable means a file must be read whole (Bytes): it is not
// plain UTF-8 or Windows-1252 text (UTF-16, NUL bytes, mixed encodings),
// cases whose handling and messages need the whole file.
var ErrNotStreamable = errors.New("not streamable")

// Streamed reports whether a file of this name and size is read by Stream.
// Markdown is not: a fenced block may span a chunk's end.
func Streamed(name string, size int64) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text":
		return size > StreamOver
	}
	return false
}

// Stream reads a big plain-text file in chunks of about streamWindow bytes
// and hands each chunk's clean text and fragments to emit, as Bytes would
// produce them whole: the clean texts of the chunks, joined, are the
// document's text, and fragment offsets count from its start. The result
// has the document and warnings but no text or fragments. sha is the
// file's SHA256.
//
// Two passes read the file: the first checks its encoding and counts its
// pages, the second segments it. What differs from Bytes: line-end hyphens
// are judged by the words of their own chunk (about 4 MB of text), and a
// paragraph longer than a chunk is split where the chunk ends. A file
// Stream cannot read this way gives ErrNotStreamable before emit is called.
func Stream(ctx context.Context, path string, meta Meta, sha string, emit func(text string, frags []store.Fragment) error) (*Result, error) {
	f, size, err := openForRead(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	scan, err := scanText(ctx, f, size)
	if err != nil {
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, readError(err)
	}
	meta = meta.WithDefaults(path)
	if meta.Title == "" {
		meta.Title = filepath.Base(path)
	}
	lang := meta.Lang
	if lang == "" {
		lang = "nl"
	}
	g := segmenter{doc: meta.ID}
	page := 0
	if scan.pages > 0 {
		page = 1
	}
	// flush hands the current chunk to emit.
	flush := func() error {
		text, frags := g.take()
		if g.base > MaxTextSize {
			return fmt.Errorf("the text is more than the limit of %d MiB for one document: split the file", MaxTextSize>>20)
		}
		if len(frags) == 0 {
			return nil
		}
		for i := range frags {
			if l := detectLang(frags[i].Text, lang); l != "nl" {
				frags[i].Lang = l
			}
		}
		return emit(text, frags)
	}
	first := true
	err = readChunks(f, streamWindow, func(win []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if first {
			win = bytes.TrimPrefix(win, []byte{0xEF, 0xBB, 0xBF})
			first = false
		}
		var s string
		if scan.cp1252 {
			out, err := charmap.Windows1252.NewDecoder().Bytes(win)
			if err != nil {
				return err
			}
			s = string(out)
		} else {
			s = string(win)
		}
		s = normaliseText(s)
		var blocks []Block
		for i, p := range strings.Split(s, "\f") {
			if i > 0 && scan.pages > 0 {
				page++
			}
			blocks = append(blocks, rawBlocks(p, min(page, scan.pages))...)
		}
		g.add(blocks, buildVocab(blocks), false)
		return flush()
	})
	if err == nil {
		g.add(nil, nil, true) // the units held for a next chunk
		err = flush()
	}
	if err != nil {
		return nil, err
	}
	if g.n == 0 {
		return nil, fmt.Errorf("%w: no paragraphs with words found", ErrEmpty)
	}
	warnings := scan.warnings
	if w := g.warning(); w != "" {
		warnings = append(warnings, w)
	}
	doc := store.Document{
		ID: meta.ID, Org: meta.Org, Type: meta.Type, Period: meta.Period, Year: meta.Year,
		Title: meta.Title, Source: filepath.Base(path), Format: textExtractor{}.Format(),
		SHA256: sha, Size: size, Pages: scan.pages, Fragments: g.n,
	}
	if lang != "nl" {
		doc.Lang = lang
	}
	return &Result{Doc: doc, Warnings: warnings}, nil
}

// openForRead opens a file for ingest with ReadFile's checks.
func openForRead(path string) (*os.File, int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, 0, readError(err)
	}
	if err := checkSize(path, fi); err != nil {
		return nil, 0, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, readError(err)
	}
	return f, fi.Size(), nil
}

// textScan is what the first pass of Stream found.
type textScan struct {
	pages    int  // as Extract counts them: 0 without form feeds
	cp1252   bool // no valid multi-byte UTF-8 and some invalid bytes
	warnings []string
}

// scanText is Stream's first pass: it finds the encoding as decodeText
// would and counts pages, or gives ErrNotStreamable.
func scanText(ctx context.Context, r io.Reader, size int64) (textScan, error) {
	var (
		sc        textScan
		ff, ctrl  int
		multi     int
		bad       int
		firstBad  = int64(-1)
		off       int64
		tailBlank = true
		first     = true
		blank     = true // only white space so far
	)
	err := readChunks(r, streamWindow, func(win []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if first {
			first = false
			if bytes.HasPrefix(win, []byte{0xFF, 0xFE}) || bytes.HasPrefix(win, []byte{0xFE, 0xFF}) {
				return ErrNotStreamable
			}
			if e, _ := sniffUTF16(win); e != nil {
				return ErrNotStreamable
			}
		}
		for i := 0; i < len(win); {
			c := win[i]
			switch {
			case c == 0:
				return ErrNotStreamable
			case c == '\f':
				ff++
				tailBlank = true
			case c < 0x20 && c != '\n' && c != '\r' && c != '\t':
				ctrl++
			}
			if c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
				blank = false
				if c != '\f' {
					tailBlank = false
				}
			}
			if c < utf8.RuneSelf {
				i++
				continue
			}
			rn, n := utf8.DecodeRune(win[i:])
			if rn == utf8.RuneError && n == 1 {
				bad++
				if firstBad < 0 {
					firstBad = off + int64(i)
				}
			} else {
				multi++
			}
			i += n
		}
		off += int64(len(win))
		return nil
	})
	if err != nil {
		return sc, err
	}
	if blank {
		// Bytes gives the message for an empty or blank file.
		return sc, ErrNotStreamable
	}
	if ctrl*20 > int(size) {
		return sc, ErrNotStreamable
	}
	if bad > 0 {
		if multi > 0 {
			return sc, ErrNotStreamable
		}
		sc.cp1252 = true
		sc.warnings = append(sc.warnings, fmt.Sprintf("not valid UTF-8 (first bad byte at offset %d): decoded as Windows-1252", firstBad))
	}
	if ff > 0 {
		sc.pages = ff + 1
		if tailBlank {
			sc.pages--
		}
	}
	return sc, nil
}

// readChunks reads r in windows of about size bytes and calls fn with each,
// cut after the last blank line in the window, else after the last line
// end, else after the last space, else before the last character start.
// The slice fn gets is reused after fn returns.
func readChunks(r io.Reader, size int, fn func([]byte) error) error {
	buf := make([]byte, 0, 2*size)
	for {
		n, err := io.ReadFull(r, buf[len(buf):len(buf)+size])
		buf = buf[:len(buf)+n]
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			if len(buf) == 0 {
				return nil
			}
			return fn(buf)
		}
		if err != nil {
			return readError(err)
		}
		cut := chunkEnd(buf)
		if err := fn(buf[:cut]); err != nil {
			return err
		}
		buf = buf[:copy(buf, buf[cut:])]
	}
}

// chunkEnd is where a window is cut (see readChunks); never 0.
func chunkEnd(b []byte) int {
	if i := lastBlankLine(b); i > 0 {
		return i
	}
	if i := bytes.LastIndexByte(b, '\n'); i > 0 {
		return i + 1
	}
	if i := bytes.LastIndexByte(b, ' '); i > 0 {
		return i + 1
	}
	j := len(b) - 1
	for j > 0 && len(b)-j < utf8.UTFMax && !utf8.RuneStart(b[j]) {
		j--
	}
	if j <= 0 {
		return len(b)
	}
	return j
}

// lastBlankLine is the offset just after the last line of only white
// space in b that has a line before it, or -1.
func lastBlankLine(b []byte) int {
	end := len(b)
	for {
		i := bytes.LastIndexByte(b[:end], '\n')
		if i <= 0 {
			return -1
		}
		// b[i] ends a line; is the line before it blank, and is there a
		// line end before that?
		j := i - 1
		for j >= 0 && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r') {
			j--
		}
		if j >= 0 && b[j] == '\n' && j > 0 {
			return i + 1
		}
		end = i
	}
}
