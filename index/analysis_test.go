package index

import (
	"fmt"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
)

func tokens(words ...string) analysis.TokenStream {
	var ts analysis.TokenStream
	for i, w := range words {
		ts = append(ts, &analysis.Token{Term: []byte(w), Position: i + 1})
	}
	return ts
}

func terms(ts analysis.TokenStream) []string {
	var out []string
	for _, t := range ts {
		out = append(out, string(t.Term))
	}
	return out
}

// TestStemFilterCache: a cached stem is the stemmer's own, on the first
// (missed) and the second (hit) sight of a word, and the stemmer runs once
// per word.
func TestStemFilterCache(t *testing.T) {
	calls := map[string]int{}
	f := newStemFilter(func(w string) string { calls[w]++; return StemDutch(w) })
	words := []string{"vrijwilligers", "kinderen", "beleidsplannen", "financien", "gemeenten", "plan", "de", "2024", "coordinatie"}
	var want []string
	for _, w := range words {
		want = append(want, StemDutch(w))
	}
	for pass := 1; pass <= 2; pass++ {
		if got := terms(f.Filter(tokens(words...))); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("pass %d: %q, want %q", pass, got, want)
		}
	}
	for _, w := range words {
		want := 1
		if w == "2024" {
			want = 0 // a number is its own term
		}
		if calls[w] != want {
			t.Errorf("%q stemmed %d times, want %d", w, calls[w], want)
		}
	}
}

// TestStemFilterCacheBounded: past cacheBudget bytes, new words are still
// stemmed right but not remembered.
func TestStemFilterCacheBounded(t *testing.T) {
	f := newStemFilter(StemDutch)
	for i := 0; *f.bytes < cacheBudget; i++ {
		w := "woord" + strings.Map(func(r rune) rune { return 'a' + r - '0' }, fmt.Sprint(i))
		f.Filter(tokens(w))
		if _, ok := f.cache[w]; !ok {
			t.Fatalf("%s not cached at %d bytes", w, *f.bytes)
		}
	}
	n := len(f.cache)
	if got := terms(f.Filter(tokens("kinderen"))); got[0] != "kind" {
		t.Errorf("got %q", got)
	}
	if len(f.cache) != n {
		t.Errorf("cache grew past its budget: %d words, was %d", len(f.cache), n)
	}
}

// TestWordCachesSkipNumbers: numbers, unique in every paragraph of some
// texts, are not remembered (a 50 MB text grew the Dutch cache to 19 MB),
// and keep their own term.
func TestWordCachesSkipNumbers(t *testing.T) {
	f := newStemFilter(StemDutch)
	if got := terms(f.Filter(tokens("20251", "covid19"))); got[0] != "20251" || got[1] != "covid19" {
		t.Errorf("got %q", got)
	}
	if len(f.cache) != 0 {
		t.Errorf("stem cache holds %v", f.cache)
	}
	before := len(dutchCache.m)
	if got := terms(dutchFilter{parts: true}.Filter(tokens("987654321", "abc123def"))); got[0] != "987654321" || got[1] != "abc123def" {
		t.Errorf("got %q", got)
	}
	if w, _ := DutchTerms("987654321"); w != "987654321" {
		t.Errorf("DutchTerms of a number: %q", w)
	}
	dutchCache.mu.RLock()
	_, ok1 := dutchCache.m["987654321"]
	_, ok2 := dutchCache.m["abc123def"]
	dutchCache.mu.RUnlock()
	if ok1 || ok2 || len(dutchCache.m) < before {
		t.Errorf("numbers cached in the Dutch term cache")
	}
}

// TestAnalysisAllocs: folding an ASCII term and stemming a cached word
// whose stem is itself copy nothing (before: two copies per filter and
// token, and a Snowball run per token).
func TestAnalysisAllocs(t *testing.T) {
	f := newStemFilter(StemDutch)
	ts := tokens("plan", "de", "gemeente", "zorg", "2024")
	f.Filter(ts) // warm the cache
	allocs := testing.AllocsPerRun(100, func() {
		foldFilter{}.Filter(ts)
		f.Filter(ts)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run, want 0", allocs)
	}
}

// TestAnalyzerMatchesTerms: the index's Dutch analyzer (fold and term
// filters with the cache, run twice) gives the terms of Terms, besides the
// terms of compound parts.
func TestAnalyzerMatchesTerms(t *testing.T) {
	a := NewMapping().AnalyzerNamed(AnalyzerNL)
	text := "De Financiën van de vrijwilligers en de coördinatie van beleidsplannen voor kinderen in gemeenten"
	want := strings.Join(Terms(text), " ")
	for pass := 1; pass <= 2; pass++ {
		var whole []string
		for _, tm := range terms(a.Analyze([]byte(text))) {
			if !strings.HasPrefix(tm, PartPrefix) && !strings.HasPrefix(tm, FormPrefix) {
				whole = append(whole, tm)
			}
		}
		if got := strings.Join(whole, " "); got != want {
			t.Errorf("pass %d: %q, want %q", pass, got, want)
		}
	}
}

// BenchmarkAnalyzeDutch analyses a paragraph of policy Dutch as indexing
// a fragment does.
func BenchmarkAnalyzeDutch(b *testing.B) {
	a := NewMapping().AnalyzerNamed(AnalyzerNL)
	text := []byte(strings.Repeat("De gemeente ondersteunt vrijwilligers en mantelzorgers met een financiële bijdrage; "+
		"het beleidsplan 2024-2027 beschrijft de coördinatie van zorg, welzijn en jeugdhulp in de wijken. ", 4))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		a.Analyze(text)
	}
}
