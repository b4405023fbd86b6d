package stemmer

import (
	"bufio"
	"compress/gzip"
	"os"
	"strings"
	"testing"
)

// vocPair is one line of the official Snowball test vocabulary.
type vocPair struct{ word, stem string }

// readVoc reads testdata/voc.txt.gz (word TAB expected stem per line).
func readVoc(tb testing.TB) []vocPair {
	tb.Helper()
	f, err := os.Open("testdata/voc.txt.gz")
	if err != nil {
		tb.Fatalf("open vocabulary: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatalf("read vocabulary: %v", err)
	}
	var out []vocPair
	sc := bufio.NewScanner(zr)
	for n := 1; sc.Scan(); n++ {
		word, stem, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			tb.Fatalf("voc.txt.gz line %d: no tab in %q", n, sc.Text())
		}
		out = append(out, vocPair{word, stem})
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("read vocabulary: %v", err)
	}
	return out
}

// TestDutchVocabulary checks every word of the official Snowball 3 Dutch
// test vocabulary against its expected stem.
func TestDutchVocabulary(t *testing.T) {
	voc := readVoc(t)
	if len(voc) != 45670 {
		t.Fatalf("vocabulary has %d words, want 45670", len(voc))
	}
	bad := 0
	for _, p := range voc {
		if got := Dutch(p.word); got != p.stem {
			bad++
			if bad <= 30 {
				t.Errorf("Dutch(%q) = %q, want %q", p.word, got, p.stem)
			}
		}
	}
	t.Logf("%d mismatches of %d words", bad, len(voc))
	if bad > 0 {
		t.Errorf("%d mismatches of %d words", bad, len(voc))
	}
}

// BenchmarkDutch stems the whole test vocabulary; words/s is the figure.
func BenchmarkDutch(b *testing.B) {
	voc := readVoc(b)
	b.ResetTimer()
	n := 0
	for b.Loop() {
		for _, p := range voc {
			Dutch(p.word)
		}
		n += len(voc)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "words/s")
}
