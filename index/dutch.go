package index

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/plancoder/plancoder/lexicon"
)

// AnalyzerVersion names the analysis and field layout an index was built
// with; an index with another version is rebuilt on open (see Stale).
// 1: Snowball Dutch stems. 2: lemmas from the Dutch lexicon (plurals, verb
// and adjective forms share a term), Snowball for unknown words, compound
// parts indexed as PartPrefix terms. 3: the year a keyword, the page not
// indexed (NewMapping), the same words.
const AnalyzerVersion = 3

// PartPrefix marks the index term of a compound's part: energietransitie is
// indexed as "energietransitie", "+energie" and "+transitie". A search for
// transitie asks for "transitie" or "+transitie"; an exact search
// (=transitie, or a phrase) only for "transitie".
const PartPrefix = "+"

// FormPrefix marks the index term of a word as written (lower case,
// folded) where its term differs: initiatieven is indexed as "initiatief"
// and "=initiatieven", so that the prefix initiatiev* finds it as a user
// expects of a prefix.
const FormPrefix = "="

// DutchTerms gives the index terms of a lower-case, folded Dutch word: the
// term of the word itself (its lemma, or its stem for a word the lexicon
// does not know) and the terms of its parts when it is a compound.
func DutchTerms(w string) (whole string, parts []string) {
	if t, ok := dutchCache.get(w); ok {
		return t.whole, t.parts
	}
	whole, parts = lexicon.Dutch().Terms(w, StemDutch)
	dutchCache.put(w, dutchTermsOf{whole, parts})
	return whole, parts
}

type dutchTermsOf struct {
	whole string
	parts []string
}

// termCache remembers the terms of words: a policy corpus repeats a
// vocabulary of some tens of thousands of words, and a lexicon lookup and
// compound split cost about a microsecond. Filters run on several analysis
// goroutines at once, hence the lock; beyond cacheBudget bytes words are
// analysed without being remembered.
type termCache struct {
	mu    sync.RWMutex
	m     map[string]dutchTermsOf
	bytes int // estimated (cacheEntryCost)
}

var dutchCache = &termCache{m: map[string]dutchTermsOf{}}

func (c *termCache) get(w string) (dutchTermsOf, bool) {
	c.mu.RLock()
	t, ok := c.m[w]
	c.mu.RUnlock()
	return t, ok
}

func (c *termCache) getBytes(w []byte) (dutchTermsOf, bool) {
	c.mu.RLock()
	t, ok := c.m[string(w)] // no allocation: the compiler reads w in place
	c.mu.RUnlock()
	return t, ok
}

func (c *termCache) put(w string, t dutchTermsOf) {
	if !cacheable(w) {
		return
	}
	c.mu.Lock()
	if c.bytes < cacheBudget {
		c.m[w] = t
		c.bytes += cacheEntryCost(w, t.whole) + cacheEntryCost("", t.parts...) - 64
	}
	c.mu.Unlock()
}

// dutchFilter turns each token into its Dutch term (see DutchTerms). With
// parts set (indexing) it adds, at the word's position and offsets (so
// that highlighting marks the word), a FormPrefix token for the word as
// written when that differs from its term, and a PartPrefix token for each
// part of a compound; with asPart set it gives PartPrefix + the term (a
// query for a word as part of compounds).
type dutchFilter struct{ parts, asPart bool }

func (f dutchFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in
	grown := false
	for i, t := range in {
		if allDigits(t.Term) && !f.asPart {
			if grown {
				out = append(out, t)
			}
			continue
		}
		tt, ok := dutchCache.getBytes(t.Term)
		if !ok {
			whole, parts := DutchTerms(string(t.Term))
			tt = dutchTermsOf{whole, parts}
		}
		term := tt.whole
		if f.asPart {
			term = PartPrefix + term
		}
		var form []byte
		if term != string(t.Term) {
			if f.parts {
				form = append([]byte(FormPrefix), t.Term...)
			}
			t.Term = []byte(term)
		}
		if !f.parts || len(tt.parts) == 0 && form == nil {
			if grown {
				out = append(out, t)
			}
			continue
		}
		if !grown {
			out = append(make(analysis.TokenStream, 0, len(in)+4), in[:i+1]...)
			grown = true
		} else {
			out = append(out, t)
		}
		if form != nil {
			out = append(out, &analysis.Token{Term: form, Start: t.Start, End: t.End,
				Position: t.Position, Type: t.Type, KeyWord: t.KeyWord})
		}
		for _, p := range tt.parts {
			if p == tt.whole {
				continue
			}
			out = append(out, &analysis.Token{Term: []byte(PartPrefix + p), Start: t.Start, End: t.End,
				Position: t.Position, Type: t.Type, KeyWord: t.KeyWord})
		}
	}
	return out
}

// Token is one word of a text as the index sees it.
type Token struct {
	Token string   `json:"token"`
	Start int      `json:"start"` // byte offsets in the text
	End   int      `json:"end"`
	Terms []string `json:"terms"` // index terms; none for a stop word
}

// ErrLang means a language Analyze does not know.
var ErrLang = errors.New("unknown language")

// Analyze splits text into words and gives each the terms the index holds
// for it in a fragment of language lang (nl, en or fr): the real analyzer
// of the index, so that what it shows is what search does.
func Analyze(text, lang string) ([]Token, error) {
	name := map[string]string{"nl": AnalyzerNL, "": AnalyzerNL, "en": AnalyzerEN, "fr": AnalyzerFR}[lang]
	if name == "" {
		return nil, fmt.Errorf("%w %q: nl, en or fr", ErrLang, lang)
	}
	m := NewMapping()
	terms := map[[2]int][]string{}
	for _, t := range m.AnalyzerNamed(name).Analyze([]byte(text)) {
		k := [2]int{t.Start, t.End}
		terms[k] = append(terms[k], string(t.Term))
	}
	tok, err := registry.NewCache().TokenizerNamed(unicodeTok)
	if err != nil {
		return nil, err
	}
	out := []Token{}
	for _, t := range tok.Tokenize([]byte(text)) {
		out = append(out, Token{Token: text[t.Start:t.End], Start: t.Start, End: t.End, Terms: terms[[2]int{t.Start, t.End}]})
	}
	return out, nil
}

// WordMatcher returns a test of whether a word as written is found by a
// search for term (a word, in the Dutch analysis): the word has term's
// term, or holds it as a compound part, as search finds it. ok is false
// when term has no term (a stop word, or no letters).
func WordMatcher(term string) (match func(word string) bool, ok bool) {
	ts := Terms(term)
	if len(ts) == 0 {
		return nil, false
	}
	want := ts[0]
	return func(word string) bool {
		for _, w := range strings.FieldsFunc(strings.ToLower(word), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			whole, parts := DutchTerms(Fold(w))
			if whole == want || slices.Contains(parts, want) {
				return true
			}
		}
		return false
	}, true
}
