package index

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/plancoder/plancoder/stemmer"
)

// TestDutchConflation measures how many inflection pairs share an index
// term: 400 pairs of word forms from the project's corpus of policy plans
// with the lemma hunspell-nl gives (hunspell -d nl -s; plurals, adjective
// and verb forms), in ../lexicon/testdata/pairs.tsv. The old Snowball
// stemmer and Snowball 3 (package stemmer) are measured beside it for the
// record.
func TestDutchConflation(t *testing.T) {
	f, err := os.Open("../lexicon/testdata/pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, ours, snowball, snowball3 := 0, 0, 0, 0
	var missed []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		form, lemma, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		n++
		a, _ := DutchTerms(form)
		b, _ := DutchTerms(lemma)
		if a == b {
			ours++
		} else {
			missed = append(missed, form+"/"+lemma)
		}
		if StemDutch(form) == StemDutch(lemma) {
			snowball++
		}
		if stemmer.Dutch(form) == stemmer.Dutch(lemma) {
			snowball3++
		}
	}
	rate := float64(ours) / float64(n)
	t.Logf("%d of %d pairs share a term (%.1f%%); Snowball Dutch alone: %d (%.1f%%); Snowball 3 Dutch (on folded words): %d (%.1f%%); apart: %s",
		ours, n, 100*rate, snowball, 100*float64(snowball)/float64(n), snowball3, 100*float64(snowball3)/float64(n), strings.Join(missed, " "))
	if n < 300 || rate < 0.98 {
		t.Errorf("%d pairs, %.1f%% share a term; want >= 300 pairs and >= 98%%", n, 100*rate)
	}
}

// TestDutchNoFalseConflation: words that look alike but differ keep
// their own terms, in the index as in the lexicon.
func TestDutchNoFalseConflation(t *testing.T) {
	for _, p := range [][2]string{
		{"over", "overheid"}, {"wet", "weten"}, {"plan", "planeet"}, {"vorm", "vorming"},
		{"gemeente", "menen"}, {"gebied", "bieden"}, {"gezondheid", "zon"}, {"gelijk", "lijk"},
	} {
		a, _ := DutchTerms(p[0])
		b, _ := DutchTerms(p[1])
		if a == b {
			t.Errorf("%s and %s share the term %q", p[0], p[1], a)
		}
	}
}

// TestStaleAnalyzer: a new index records this plancoder's analysis; an
// index without the record (built before versions were kept) is stale.
func TestStaleAnalyzer(t *testing.T) {
	x, err := Open(t.TempDir()+"/idx", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if stale, err := x.Stale(); err != nil || stale {
		t.Fatalf("new index: stale %v, %v", stale, err)
	}
	if err := x.bi.DeleteInternal(keyAnalyzer); err != nil {
		t.Fatal(err)
	}
	if v, err := x.Analyzer(); err != nil || v != 1 {
		t.Errorf("index without a version: %d, %v; want 1", v, err)
	}
	if stale, _ := x.Stale(); !stale {
		t.Error("an index of analyzer 1 is not stale")
	}
}
