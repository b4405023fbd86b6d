package index

import (
	"strings"
	"sync"
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
	FoldName       = "plancoder_fold"     // diacritics off: financiën -> financien
	StemNLName     = "plancoder_stem_nl"  // Snowball Dutch with fix-ups (indexes before analyzer 2)
	TermsNLName    = "plancoder_terms_nl" // lemma, compound parts as PartPrefix terms
	WordNLName     = "plancoder_word_nl"  // lemma only: queries for whole words
	PartNLName     = "plancoder_part_nl"  // PartPrefix + lemma: queries for parts
	AnalyzerNLWord = "plancoder_nl_word"
	AnalyzerNLPart = "plancoder_nl_part"
	StemENName     = "plancoder_stem_en"
	StemFRName     = "plancoder_stem_fr"
	AnalyzerNL     = "plancoder_nl"
	AnalyzerEN     = "plancoder_en"
	AnalyzerFR     = "plancoder_fr"
	stopNL         = "stop_nl"
	stopEN         = "stop_en"
	stopFR         = "stop_fr"
	unicodeTok     = "unicode"
	lowercaseName  = "to_lower"
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
		return newStemFilter(StemDutch), nil
	}))
	must(registry.RegisterTokenFilter(TermsNLName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return dutchFilter{parts: true}, nil
	}))
	must(registry.RegisterTokenFilter(WordNLName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return dutchFilter{}, nil
	}))
	must(registry.RegisterTokenFilter(PartNLName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return dutchFilter{asPart: true}, nil
	}))
	must(registry.RegisterTokenFilter(StemENName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return newStemFilter(func(w string) string { return english.Stem(w, false) }), nil
	}))
	must(registry.RegisterTokenFilter(StemFRName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return newStemFilter(func(w string) string { return french.Stem(w, false) }), nil
	}))
}

type foldFilter struct{}

// Filter folds each term; an ASCII term (most of them) is left as it is,
// without the two copies a conversion to string and back would make.
func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if !isASCIIBytes(t.Term) {
			t.Term = []byte(Fold(string(t.Term)))
		}
	}
	return in
}

func isASCIIBytes(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// cacheBudget bounds the bytes a word cache (a stem cache per language,
// the Dutch term cache) holds: a policy corpus repeats a vocabulary of some
// tens of thousands of words, and beyond the budget words are analysed
// without being remembered. A 50 MB text with a number in every paragraph
// grew the Dutch cache to 19 MB under a bound on entries alone.
const cacheBudget = 6 << 20

// cacheEntryCost estimates what remembering a word costs: its key and
// value strings and a map slot.
func cacheEntryCost(key string, values ...string) int {
	n := len(key) + 64
	for _, v := range values {
		n += len(v) + 16
	}
	return n
}

// allDigits says whether a term is a number written in ASCII digits: its
// own term in every language, so the filters pass it on untouched.
func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// cacheable says whether a word is worth remembering: words with digits
// (numbers, dates, codes) rarely recur and are cheap to analyse.
func cacheable(w string) bool {
	return !strings.ContainsAny(w, "0123456789")
}

// stemFilter stems each term through a cache: Snowball stemming was 40% of
// the index's analysis time, for words that recur thousands of times.
// Filters run on several analysis goroutines at once, hence the lock.
type stemFilter struct {
	stem  func(string) string
	mu    *sync.RWMutex
	cache map[string]string
	bytes *int // estimated bytes cached (cacheEntryCost)
}

func newStemFilter(stem func(string) string) stemFilter {
	return stemFilter{stem: stem, mu: &sync.RWMutex{}, cache: map[string]string{}, bytes: new(int)}
}

// lookup is the stem of w; ok is false when w is not cached.
func (f stemFilter) lookup(w []byte) (stem string, ok bool) {
	f.mu.RLock()
	stem, ok = f.cache[string(w)] // no allocation: the compiler reads w in place
	f.mu.RUnlock()
	return stem, ok
}

func (f stemFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if allDigits(t.Term) {
			continue
		}
		s, ok := f.lookup(t.Term)
		if !ok {
			w := string(t.Term)
			s = f.stem(w)
			if cacheable(w) {
				f.mu.Lock()
				if *f.bytes < cacheBudget {
					f.cache[w] = s
					*f.bytes += cacheEntryCost(w, s)
				}
				f.mu.Unlock()
			}
		}
		if s != string(t.Term) {
			t.Term = []byte(s)
		}
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
// diacritics folded, stop words dropped, each word its term: see
// DutchTerms), for term statistics outside the index. Compound parts are
// left out: a statistic counts a word once.
func Terms(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		w = Fold(w)
		if dutchStop[w] {
			continue
		}
		whole, _ := DutchTerms(w)
		out = append(out, whole)
	}
	return out
}
