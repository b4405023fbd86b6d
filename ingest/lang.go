package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Languages plancoder analyses: Dutch (the default), English and French.
var Languages = []string{"nl", "en", "fr"}

// A few of the most frequent function words per language: enough to tell
// a passage's language by their share of its words.
var stopwords = map[string]map[string]bool{
	"nl": set("de het een en van in is op te dat die voor met zijn niet aan er ook als bij om door worden wordt we onze ons naar"),
	"en": set("the and of to in is for that with are on as be by this we our from at an it their which or have has"),
	"fr": set("le la les des et de du un une est pour que qui dans en sur au aux par nous notre nos avec sont ce cette"),
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// detectLang guesses the language of a passage by stop-word shares; it
// returns def when the passage is short or no other language clearly wins.
// Words are runs of letters and apostrophes, compared lower-cased; they are
// scanned in place, without a lower-cased copy or a slice of the passage.
func detectLang(text, def string) string {
	hits := make([]int, len(Languages))
	words := 0
	var buf [16]byte
	word := func(w string) {
		words++
		if len(w) > len(buf) {
			return // longer than any stop word
		}
		b := buf[:0]
		for _, r := range w {
			b = utf8.AppendRune(b, unicode.ToLower(r))
			if len(b) > len(buf) {
				return
			}
		}
		for i, lang := range Languages {
			if stopwords[lang][string(b)] {
				hits[i]++
			}
		}
	}
	start := -1
	for i, r := range text {
		if unicode.IsLetter(r) || r == '\'' {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			word(text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		word(text[start:])
	}
	if words < 8 {
		return def
	}
	best, bestN, defN := def, 0, 0
	for i, lang := range Languages {
		n := hits[i]
		if lang == def {
			defN = n
		}
		if n > bestN {
			best, bestN = lang, n
		}
	}
	if best != def && bestN*100 >= 15*words && bestN > 2*defN {
		return best
	}
	return def
}
