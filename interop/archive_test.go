package interop

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"hash/crc32"
	"strings"
	"testing"
	"time"
)

// rawEntry writes an entry whose header declares declared bytes while its
// deflated stream holds real bytes of 'a': a header that lies either way.
func rawEntry(t *testing.T, zw *zip.Writer, name string, real int, declared uint64) {
	t.Helper()
	data := bytes.Repeat([]byte("a"), real)
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestSpeed)
	fw.Write(data)
	fw.Close()
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(data),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
}

func withLimits(t *testing.T, entry, total int64) {
	oe, ot := entryLimit, totalLimit
	entryLimit, totalLimit = entry, total
	t.Cleanup(func() { entryLimit, totalLimit = oe, ot })
}

func TestArchiveCaps(t *testing.T) {
	twoSources := strings.Replace(string(qde("t", "internal://x.txt", [2]string{"0", "5"})), "</Sources>",
		`<TextSource guid="11111111-2222-4333-8444-555555555555" name="Twee" plainTextPath="internal://y.txt"/></Sources>`, 1)
	for _, tc := range []struct {
		name, want string
		build      func(zw *zip.Writer)
	}{
		// A 1 GiB entry is refused from its header, before any unpacking.
		{"declares 1 GiB", "declare 10737418", func(zw *zip.Writer) {
			rawEntry(t, zw, "sources/x.txt", 100, 1<<30)
		}},
		// A header that declares little does not buy more: the stream is capped.
		{"declares little, holds 4 MiB", "sources/x.txt", func(zw *zip.Writer) {
			rawEntry(t, zw, "sources/x.txt", 4<<20, 10)
		}},
		// Each source within the entry cap, together beyond the total: refused
		// before the first is unpacked.
		{"declared total", "text sources declare 1800000 bytes", func(zw *zip.Writer) {
			rawEntry(t, zw, "sources/x.txt", 900_000, 900_000)
			rawEntry(t, zw, "sources/y.txt", 900_000, 900_000)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			withLimits(t, 1<<20, 1500_000)
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			w, _ := zw.Create("project.qde")
			w.Write([]byte(twoSources))
			tc.build(zw)
			if tc.name == "declares 1 GiB" || tc.name == "declares little, holds 4 MiB" {
				rawEntry(t, zw, "sources/y.txt", 10, 10)
			}
			zw.Close()
			a, err := OpenArchive("bomb.qdpx", buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			s := newStore(t)
			_, err = Import(context.Background(), s, a, ImportOptions{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if tc.name != "declares little, holds 4 MiB" && !errors.Is(err, ErrTooLarge) {
				t.Errorf("err = %v, want ErrTooLarge", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("refused only after %v", d)
			}
			if docs, _ := s.Documents(); len(docs) > 0 {
				t.Errorf("documents written: %d", len(docs))
			}
		})
	}
}

// The total cap counts what arrives, whatever reads it (notes, rich text).
func TestArchiveTotalCap(t *testing.T) {
	withLimits(t, 1<<20, 1500_000)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("project.qde")
	w.Write(qde("t", "internal://x.txt"))
	rawEntry(t, zw, "sources/x.txt", 900_000, 900_000)
	rawEntry(t, zw, "sources/y.txt", 900_000, 900_000)
	rawEntry(t, zw, "sources/big.txt", 100, 2<<20)
	zw.Close()
	a, err := OpenArchive("t.qdpx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Source("big.txt"); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "it declares 2097152 bytes; the limit for one entry") {
		t.Errorf("entry declaring more than the entry cap: %v", err)
	}
	if _, _, err := a.Source("x.txt"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Source("y.txt"); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "900000 are read already") {
		t.Errorf("second entry beyond the total: %v", err)
	}
}

// The caps fit the machine: far below the 512 MiB per entry and 2 GiB in
// all that let a 5.9 MB archive grow past 16 GB of memory.
func TestArchiveCapsFitMemory(t *testing.T) {
	if MaxEntry > 64<<20 || MaxTotal > 64<<20 || MaxEntry > MaxTotal {
		t.Errorf("caps %d per entry, %d in all: an import may need 25 bytes of memory per byte of text", MaxEntry, MaxTotal)
	}
}
