package lexicon

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"os"
	"slices"
	"strings"
	"testing"
)

func TestDutchLexiconLoads(t *testing.T) {
	l := Dutch()
	if l.Len() < 250_000 {
		t.Fatalf("%d word forms, want the whole dictionary", l.Len())
	}
	for i := 1; i < l.Len(); i += 997 {
		if l.form(i-1) >= l.form(i) {
			t.Fatalf("forms out of order at %d: %q, %q", i, l.form(i-1), l.form(i))
		}
	}
}

func TestLemma(t *testing.T) {
	for form, want := range map[string]string{
		"subsidies": "subsidie", "subsidie": "subsidie", "organisaties": "organisatie",
		"initiatieven": "initiatief", "partnerschappen": "partnerschap", "processen": "proces",
		"kansen": "kans", "commissies": "commissie", "rollen": "rol", "dagen": "dag",
		"jaarverslagen": "jaarverslag", "actoren": "actor", "ideeen": "idee", "sociale": "sociaal",
		"financiele": "financieel", "ontwikkelde": "ontwikkel", "ontwikkelen": "ontwikkel",
		"organiseren": "organiseer", "geven": "geef", "leden": "lid", "kinderen": "kind",
		"vrijwilligers": "vrijwilliger", "vrijwilliger": "vrijwilliger",
	} {
		if got, ok := Dutch().Lemma(form); !ok || got != want {
			t.Errorf("Lemma(%q) = %q, %v; want %q", form, got, ok, want)
		}
	}
	if _, ok := Dutch().Lemma("xqzzv"); ok {
		t.Error("an unknown word has a lemma")
	}
}

// The conflations the issue forbids and those Snowball 3 makes by removing
// ge- (gemeente and menen to meen): each pair keeps two terms.
func TestNoFalseConflation(t *testing.T) {
	stem := func(w string) string { return w }
	for _, p := range [][2]string{
		{"over", "overheid"}, {"wet", "weten"}, {"plan", "planeet"}, {"vorm", "vorming"},
		{"gemeente", "menen"}, {"gebied", "bieden"}, {"gezondheid", "zon"}, {"gelijk", "lijk"},
		{"geheel", "heel"}, {"oud", "ouder"}, {"vrijwillig", "vrijwilliger"},
	} {
		a, _ := Dutch().Terms(p[0], stem)
		b, _ := Dutch().Terms(p[1], stem)
		if a == b {
			t.Errorf("%s and %s share the term %q", p[0], p[1], a)
		}
	}
}

func TestTermsOfCompounds(t *testing.T) {
	stem := func(w string) string { return "stem:" + w }
	for _, tt := range []struct {
		word, whole string
		parts       []string
	}{
		{"energietransities", "energietransitie", []string{"energie", "transitie"}},
		{"armoedebeleid", "armoedebeleid", []string{"armoede", "beleid"}},
		{"beleidsplannen", "beleidsplan", []string{"beleid", "plan"}},
		{"projectsubsidies", "projectsubsidie", []string{"project", "subsidie"}},
		{"vrijwilligerswerk", "vrijwilligerswerk", []string{"vrijwilliger", "werk"}},
		{"subsidies", "subsidie", nil},
		{"xqzzv", "stem:xqzzv", nil},
	} {
		whole, parts := Dutch().Terms(tt.word, stem)
		if whole != tt.whole || !slices.Equal(parts, tt.parts) {
			t.Errorf("Terms(%q) = %q %q; want %q %q", tt.word, whole, parts, tt.whole, tt.parts)
		}
	}
}

func TestReadRefusesBadInput(t *testing.T) {
	for name, in := range map[string]string{
		"shares too much": "0abc\n9x\n",
		"out of order":    "0b\n0a\n",
		"cuts too much":   "0ab\t9x\n",
	} {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(in))
		zw.Close()
		if _, err := Read(&b); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := Read(strings.NewReader("not gzip")); err == nil {
		t.Error("not gzip: no error")
	}
}

// readTSV reads a test list: fields separated by TABs, # comments.
func readTSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			rows = append(rows, strings.Split(line, "\t"))
		}
	}
	return rows
}
