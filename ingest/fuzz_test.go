package ingest

import (
	"context"
	"os"
	"strings"
	"testing"
)

// FuzzText feeds arbitrary bytes through the text and Markdown paths and
// checks the invariants every result must keep.
func FuzzText(f *testing.F) {
	if data, err := os.ReadFile("testdata/text/plan-pdftext.txt"); err == nil {
		f.Add(data, false)
	}
	f.Add([]byte("# Kop\n\n- item\n  vervolg\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"), true)
	f.Add([]byte("SD 1 – Doel.\nOD 1.1\nTekst-\nverder.\f3.1\nTITEL EN\n\nMEER"), false)
	f.Add([]byte("a\tb\nc\td\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, md bool) {
		name := "f.txt"
		if md {
			name = "f.md"
		}
		r, err := Bytes(context.Background(), name, data, Meta{})
		if err != nil {
			return
		}
		for _, fr := range r.Fragments {
			if strings.TrimSpace(fr.Text) == "" || r.Text[fr.Start:fr.End] != fr.Text {
				t.Fatalf("bad fragment %+v", fr)
			}
		}
	})
}

// BenchmarkSegment measures fragmenting throughput (MB/s of input text) on
// a 1 MB plan made of the fixture repeated.
func BenchmarkSegment(b *testing.B) {
	data, err := os.ReadFile("testdata/text/plan-pdftext.txt")
	if err != nil {
		b.Fatal(err)
	}
	var big []byte
	for len(big) < 1<<20 {
		big = append(big, data...)
		big = append(big, "\n\n"...)
	}
	b.SetBytes(int64(len(big)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Bytes(context.Background(), "bench.txt", big, Meta{}); err != nil {
			b.Fatal(err)
		}
	}
}
