package index

import (
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"golang.org/x/text/unicode/norm"

	// Every component the saved mapping names must be registered in every
	// binary that opens the index; these imports and the filters below are
	// that one place.
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/nl"
	_ "github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	_ "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// Names of plancoder's analysis components.
const (
	FoldName      = "plancoder_fold"    // diacritics off: financiën -> financien
	StemNLName    = "plancoder_stem_nl" // Snowball Dutch with fix-ups
	StemENName    = "plancoder_stem_en"
	StemFRName    = "plancoder_stem_fr"
	AnalyzerNL    = "plancoder_nl"
	AnalyzerEN    = "plancoder_en"
	AnalyzerFR    = "plancoder_fr"
	stopNL        = "stop_nl"
	stopEN        = "stop_en"
	stopFR        = "stop_fr"
	unicodeTok    = "unicode"
	lowercaseName = "to_lower"
)

func init() {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(registry.RegisterTokenFilter(FoldName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	}))
	must(registry.RegisterTokenFilter(StemNLName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return stemFilter{StemDutch}, nil
	}))
	must(registry.RegisterTokenFilter(StemENName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return stemFilter{func(w string) string { return english.Stem(w, false) }}, nil
	}))
	must(registry.RegisterTokenFilter(StemFRName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return stemFilter{func(w string) string { return french.Stem(w, false) }}, nil
	}))
}

type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		t.Term = []byte(Fold(string(t.Term)))
	}
	return in
}

type stemFilter struct{ stem func(string) string }

func (f stemFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		t.Term = []byte(f.stem(string(t.Term)))
	}
	return in
}

// Fold removes diacritics so that "financien" finds "financiën" and
// "coordinatie" finds "coördinatie".
func Fold(s string) string {
	if isASCII(s) {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// dutchExceptions fix frequent policy words the Snowball Dutch algorithm
// leaves apart (irregular plurals).
var dutchExceptions = map[string]string{
	"steden": "stad", "kinderen": "kind", "kinders": "kind", "schepen": "schip",
	"gelegenheden": "gelegen", "heden": "heden",
	"financieel": "financ", "financiele": "financ", "financien": "financ", "financiering": "financ",
}

// StemDutch is the one Dutch stemmer of plancoder: the index and every term
// statistic use it, so they always agree. Input is a lower-cased, folded
// word. It is Snowball's Dutch algorithm (blevesearch/snowballstem) with a
// small exception list and undoubling of a final nn/mm/ff the algorithm
// misses (beleidsplannen -> beleidsplan).
func StemDutch(w string) string {
	if s, ok := dutchExceptions[w]; ok {
		return s
	}
	env := snowballstem.NewEnv(w)
	dutch.Stem(env)
	s := env.Current()
	if n := len(s); n > 4 && s[n-1] == s[n-2] && (s[n-1] == 'n' || s[n-1] == 'm' || s[n-1] == 'f') {
		s = s[:n-1]
	}
	return s
}

// Terms analyses text as the Dutch analyzer does (tokens, lower case,
// diacritics folded, stop words dropped, stemmed), for term statistics
// outside the index.
func Terms(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		w = Fold(w)
		if dutchStop[w] {
			continue
		}
		out = append(out, StemDutch(w))
	}
	return out
}
