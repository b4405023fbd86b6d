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

// TestCompoundLists measures the splitter on hand-checked lists from the
// project's corpus: parts found of the compounds, and simple words split by
// mistake. The floors are today's figures, so a change that loses parts or
// splits more simple words fails.
func TestCompoundLists(t *testing.T) {
	found, parts, whole := 0, 0, 0
	var missed []string
	for _, row := range readTSV(t, "testdata/compounds.tsv") {
		got := Dutch().Split(row[0])
		want := strings.Fields(row[1])
		parts += len(want)
		ok := true
		for _, p := range want {
			if slices.Contains(got, p) || slices.Contains(got, Dutch().lemmaOr(p)) {
				found++
			} else {
				ok = false
			}
		}
		if ok {
			whole++
		} else {
			missed = append(missed, row[0]+"="+strings.Join(got, "+"))
		}
	}
	compounds := len(readTSV(t, "testdata/compounds.tsv"))
	var wrong []string
	simplex := readTSV(t, "testdata/simplex.tsv")
	for _, row := range simplex {
		if got := Dutch().Split(row[0]); got != nil {
			wrong = append(wrong, row[0]+"="+strings.Join(got, "+"))
		}
	}
	t.Logf("compounds: %d of %d parts found (%.1f%%), %d of %d compounds fully split; missed: %s",
		found, parts, 100*float64(found)/float64(parts), whole, compounds, strings.Join(missed, " "))
	t.Logf("simple words split by mistake: %d of %d: %s", len(wrong), len(simplex), strings.Join(wrong, " "))
	if compounds < 100 || len(simplex) < 50 {
		t.Errorf("lists too short: %d compounds, %d simple words", compounds, len(simplex))
	}
	if float64(found)/float64(parts) < 0.95 {
		t.Errorf("parts found %.1f%%, want at least 95%%", 100*float64(found)/float64(parts))
	}
	if len(wrong) > 8 {
		t.Errorf("%d simple words split, want at most 8", len(wrong))
	}
}
