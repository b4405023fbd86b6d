package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestFragmentCaps: whatever the input, no fragment is longer than
// maxFragmentBytes or maxWords, and the clean text is the input's text. A
// 5 MB "word" was one 5 MB fragment (and 6.5 GB of memory at 50 MB).
func TestFragmentCaps(t *testing.T) {
	words := strings.Repeat("vrijwilligers en jongeren ", 40_000) // 1 MB, one line, no sentence end
	tests := []struct {
		name, file string
		data       string
		wantWarn   string
	}{
		{"5 MB ASCII word", "w.txt", strings.Repeat("a", 5<<20), "cut into pieces"},
		{"multi-byte word", "w.txt", strings.Repeat("é€", 100_000), "cut into pieces"},
		{"1 MB line of words", "l.txt", words, ""},
		{"huge markup heading", "h.md", "# " + strings.Repeat("kop ", 2000) + "\n\nTekst van het plan.\n", ""},
		{"huge table row", "t.md", "| " + strings.Repeat("cel ", 5000) + "| b |\n|---|---|\n| 1 | 2 |\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustBytes(t, tt.file, []byte(tt.data))
			for _, f := range r.Fragments {
				if len(f.Text) > maxFragmentBytes || countWords(f.Text) > 2*maxWords || !utf8.ValidString(f.Text) {
					t.Fatalf("%s: %d bytes, %d words, valid UTF-8 %v", f.ID, len(f.Text), countWords(f.Text), utf8.ValidString(f.Text))
				}
				if f.Kind == KindHeading && len(f.Text) > maxHeadingBytes {
					t.Errorf("%s: heading of %d bytes", f.ID, len(f.Text))
				}
			}
			if tt.file == "w.txt" && r.Text != tt.data {
				t.Errorf("clean text of a cut word differs from the word (%d vs %d bytes)", len(r.Text), len(tt.data))
			}
			if tt.file == "l.txt" && r.Text != strings.TrimSpace(tt.data) {
				t.Errorf("clean text of a split line differs from the line")
			}
			warn := strings.Join(r.Warnings, "; ")
			if tt.wantWarn != "" && !strings.Contains(warn, tt.wantWarn) {
				t.Errorf("warnings %q lack %q", warn, tt.wantWarn)
			}
		})
	}
}

// TestIngestAllocBound guards the memory of extracting and segmenting: the
// bytes allocated for a few MB of text stay a small multiple of the input.
// Before the bounds a 4 MB line of words allocated 49 times its size,
// paragraphs 35 times, a word 6 times (and gave one 4 MB fragment); after,
// 2.5, 4.6 and 2.1 times.
func TestIngestAllocBound(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates a few tens of MB")
	}
	const size = 4 << 20
	rng := rand.New(rand.NewSource(1))
	vocab := strings.Fields("de het een gemeente vrijwilligers jongeren beleid ontwikkelen samenwerking digitaal welzijn ruimte zorg onderwijs wij willen versterken met partners in regio")
	var para, line strings.Builder
	for i := 0; para.Len() < size; i++ {
		if i%10 == 0 {
			fmt.Fprintf(&para, "%d. Hoofdstuk over beleid %d\n\n", i/10+1, i/10+1)
		}
		for s := 0; s < 4; s++ {
			for w := 0; w < 12; w++ {
				word := vocab[rng.Intn(len(vocab))]
				if w == 0 {
					word = strings.ToUpper(word[:1]) + word[1:]
				}
				para.WriteString(word)
				para.WriteByte(' ')
				line.WriteString(word)
				line.WriteByte(' ')
			}
			para.WriteString("einde. ")
		}
		para.WriteString("\n\n")
	}
	for _, tt := range []struct {
		name   string
		data   string
		limit  int     // allocation, as a multiple of the input
		retain float64 // memory the result keeps, as a multiple of the input
	}{
		{"one word", strings.Repeat("a", size), 4, 1.5},
		{"one line of words", line.String(), 5, 1.5},
		{"paragraphs", para.String(), 9, 2.2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			r, err := Bytes(context.Background(), "x.txt", data, Meta{})
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			runtime.GC()
			runtime.ReadMemStats(&after)
			kept := float64(after.HeapAlloc) - float64(before.HeapAlloc)
			runtime.KeepAlive(r)
			runtime.KeepAlive(data)
			t.Logf("%d bytes in, %d fragments, %.1f MB allocated (%.1fx), %.1f MB kept (%.1fx)", len(data), len(r.Fragments),
				float64(alloc)/1e6, float64(alloc)/float64(len(data)), kept/1e6, kept/float64(len(data)))
			if alloc > uint64(tt.limit*len(data)) {
				t.Errorf("allocated %d bytes for %d bytes of input: more than %dx", alloc, len(data), tt.limit)
			}
			// The result holds the clean text and the fragments, not the
			// decoded text (section titles once kept all of it alive).
			if kept > tt.retain*float64(len(data)) {
				t.Errorf("the result keeps %.0f bytes for %d bytes of input: more than %.1fx", kept, len(data), tt.retain)
			}
		})
	}
}

// TestContentHashStreams: the streamed hash equals the hash of the
// collapsed text.
func TestContentHashStreams(t *testing.T) {
	for _, s := range []string{"", "a", " a  b\n\tc ", strings.Repeat("woord ", 300), strings.Repeat("x", 2000) + "\u00a0y"} {
		sum := sha256.Sum256([]byte(strings.Join(strings.Fields(s), " ")))
		if got, want := ContentHash(s), hex.EncodeToString(sum[:16]); got != want {
			t.Errorf("ContentHash(%.20q) = %s, want %s", s, got, want)
		}
		if got, want := collapse(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapse(%.20q) = %.20q, want %.20q", s, got, want)
		}
		if got, want := countWords(s), len(strings.Fields(s)); got != want {
			t.Errorf("countWords(%.20q) = %d, want %d", s, got, want)
		}
	}
}

// TestSizeLimits: text and HTML files larger than MaxTextSize are refused
// from their size, before a byte is read.
func TestSizeLimits(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"big.txt", "big.md", "big.html"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(p, MaxTextSize+1); err != nil { // sparse: costs no disk
			t.Fatal(err)
		}
		_, err := ReadFile(p)
		if err == nil || !strings.Contains(err.Error(), "64 MiB") {
			t.Errorf("%s: got %v, want a refusal naming the 64 MiB limit", name, err)
		}
	}
}

// TestHostileInputs: issue 11 findings 3 and 8, the ingest parts.
func TestHostileInputs(t *testing.T) {
	random := make([]byte, 4096)
	rand.New(rand.NewSource(7)).Read(random)
	utf16 := func(s string, big bool) []byte {
		var b []byte
		for _, c := range s {
			if big {
				b = append(b, byte(c>>8), byte(c))
			} else {
				b = append(b, byte(c), byte(c>>8))
			}
		}
		return b
	}
	const plan = "Ontmoeting en financiën in de regio: wij versterken het vrijwilligerswerk."

	t.Run("random bytes named .html", func(t *testing.T) {
		_, err := Bytes(context.Background(), "x.html", random, Meta{})
		if !errors.Is(err, ErrBinary) {
			t.Fatalf("got %v, want %v", err, ErrBinary)
		}
	})
	t.Run("HTML with a stray NUL", func(t *testing.T) {
		r := mustBytes(t, "x.html", []byte("<p>"+plan+"\x00</p>"))
		if len(r.Fragments) != 1 {
			t.Fatalf("%+v", r.Fragments)
		}
	})
	for _, tt := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"UTF-16LE text without BOM", "x.txt", utf16(plan, false), "UTF-16LE"},
		{"UTF-16BE text without BOM", "x.txt", utf16(plan, true), "UTF-16BE"},
		{"UTF-16LE HTML without BOM", "x.html", utf16("<p>"+plan+"</p>", false), "UTF-16LE"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := mustBytes(t, tt.file, tt.data)
			if len(r.Fragments) != 1 || r.Fragments[0].Text != plan {
				t.Fatalf("fragments %+v", r.Fragments)
			}
			if w := strings.Join(r.Warnings, "; "); !strings.Contains(w, tt.want) {
				t.Errorf("warnings %q lack %q", w, tt.want)
			}
		})
	}
	t.Run("binary with a UTF-16 NUL pattern", func(t *testing.T) {
		data := bytes.Repeat([]byte{0x01, 0x00, 0x02, 0x00}, 500)
		if _, err := Bytes(context.Background(), "x.txt", data, Meta{}); !errors.Is(err, ErrBinary) {
			t.Fatalf("got %v, want %v", err, ErrBinary)
		}
	})
}
