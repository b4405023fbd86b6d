package ingest

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Line-end hyphens. A word broken at a line end comes back with a hyphen
// that is either the typesetter's (ont-|wikkelen: drop it) or the word's own
// (sociaal-|cultureel, 19e-|eeuwse: keep it). judgeHyphen is the one rule
// for every format: raw text, PDF rows, and hard line breaks in Markdown,
// HTML and DOCX paragraphs all reach it through joinLines.

// hyphenJoin is what becomes of a hyphen at a line end.
type hyphenJoin int

const (
	joinDrop  hyphenJoin = iota // rejoin the word: ont-|wikkelen -> ontwikkelen
	joinKeep                    // the word's own hyphen: sociaal-|cultureel
	joinSpace                   // an elliptical compound: beroeps-| en -> "beroeps- en"
)

// dutchWords is the Snowball Dutch test vocabulary (45,670 words, BSD
// licence, see wordlist/COPYING): it attests joined words (beleidsplan)
// and words with a diaeresis that loses it at a line break (be-|invloeden).
//
//go:embed wordlist/nl.txt.gz
var dutchWordsGz []byte

// dutchWordList is loaded on the first hyphen that needs it: most
// documents never pay for it.
var dutchWordList = sync.OnceValue(func() []string {
	zr, err := gzip.NewReader(bytes.NewReader(dutchWordsGz))
	if err != nil {
		return nil // the embedded list is built with the package; no list judges nothing
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		return nil
	}
	words := strings.Split(strings.TrimSpace(string(data)), "\n")
	slices.Sort(words)
	return words
})

// dutchWord reports whether the lower-case word w is in the word list.
func dutchWord(w string) bool {
	_, ok := slices.BinarySearch(dutchWordList(), w)
	return ok
}

// hyphenatedWords are compounds Dutch spelling writes with a hyphen that no
// rule below catches: equal-rank adjective pairs and fixed pairs common in
// policy plans. Lower case, both parts as printed.
var hyphenatedWords = map[string]bool{
	"rooms-katholiek": true, "rooms-katholieke": true, "zwart-wit": true, "noord-zuid": true,
	"oost-west": true, "kosten-baten": true, "kosten-batenanalyse": true, "top-down": true, "bottom-up": true, "follow-up": true,
	"know-how": true, "start-up": true, "start-ups": true, "walk-in": true, "check-in": true,
	"drop-out": true, "drop-outs": true, "work-life": true, "win-win": true, "win-winsituatie": true,
	"face-to": true, "to-face": true, "peer-to": true, "to-peer": true, "non-profit": true,
	"non-profitsector": true, "open-source": true, "stand-by": true, "lock-down": true,
	"to-the": true, "the-point": true, "up-to": true, "to-date": true, "state-of": true, "of-the": true, "the-art": true,
	"man-vrouw": true, "jong-oud": true, "doe-het": true, "het-zelf": true, "vraag-aanbod": true,
}

// hyphenPrefixes keep their hyphen before a word: ex-voorzitter,
// oud-directeur, niet-leden, non-formeel, collega-organisaties.
var hyphenPrefixes = map[string]bool{"ex": true, "oud": true, "niet": true, "non": true, "collega": true}

// unstressedPrefixes are prefixes that are no word of their own, though
// the word list has some of them (be, ge).
var unstressedPrefixes = map[string]bool{"be": true, "ge": true, "ver": true, "ont": true, "er": true, "her": true, "te": true}

// ellipsisWords after a line-end hyphen make it an elliptical compound.
var ellipsisWords = map[string]bool{"en": true, "of": true, "tot": true, "noch": true, "and": true, "or": true}

// judgeHyphen decides the hyphen at a line end between w1, the word before
// it (letters and digits, inner hyphens included: "sociaal-cultu"), and
// w2, the word that starts the next line. It returns the decision and the
// first word of the next line as it should read (a diaeresis dropped at
// the break comes back: be-|invloeden -> beïnvloeden). vocab holds the
// document's own words, hyphenated compounds included.
func judgeHyphen(w1, w2 string, vocab map[string]bool) (hyphenJoin, string) {
	if w1 == "" || w2 == "" {
		return joinSpace, w2
	}
	// Judge the parts next to the hyphen: "sociaal-cultu" + "rele".
	p1 := w1
	if i := strings.LastIndexByte(w1, '-'); i >= 0 {
		p1 = w1[i+1:]
	}
	p2, _, _ := strings.Cut(w2, "-")
	l1, l2 := strings.ToLower(p1), strings.ToLower(p2)
	lw1 := strings.ToLower(w1)
	switch {
	case ellipsisWords[l2]:
		return joinSpace, w2
	case hasDigit(p1) || hasDigit(p2):
		// 19e-eeuwse, Covid-19, A4-tje, 2021-2025.
		return joinKeep, w2
	}
	caps1, caps2 := allUpper(p1), allUpper(p2)
	switch {
	case caps1 && !caps2, !caps1 && innerUpper(p1):
		// An abbreviation or a name: VN-vrouwenverdrag, UiTPAS-tarief.
		return joinKeep, w2
	case startsUpper(p2) && !caps2:
		// A capitalised second part: Oost-Vlaanderen.
		return joinKeep, w2
	case vocab[lw1+"-"+strings.ToLower(w2)] || vocab[l1+"-"+l2]:
		if !vocab[lw1+strings.ToLower(w2)] && !vocab[l1+l2] {
			return joinKeep, w2 // the document writes it with a hyphen
		}
		return joinDrop, w2
	case vocab[lw1+strings.ToLower(w2)] || vocab[l1+l2]:
		return joinDrop, w2 // the document writes it joined
	}
	if utf8.RuneCountInString(p1) == 1 {
		// No syllable break leaves one letter: e-mail, x-as.
		return joinKeep, w2
	}
	// A diaeresis is dropped where the line breaks (ge-|eerd, be-|invloeden),
	// unless both parts are words (zo-|even, na-|apen).
	bothWords := dutchWord(l1) && !unstressedPrefixes[l1] && dutchWord(l2)
	if d, ok := withDiaeresis(w2); ok && isVowelEnd(l1) && !bothWords {
		if j := l1 + strings.ToLower(d); vocab[j] || dutchWord(j) {
			return joinDrop, d
		}
	}
	switch {
	case vowelClash(l1, l2):
		// zee-egel, data-analyse, auto-ongeluk, privé-eigendom.
		return joinKeep, w2
	case hyphenatedWords[l1+"-"+l2] || hyphenatedWords[lw1+"-"+l2]:
		return joinKeep, w2
	case dutchWord(l1 + l2):
		return joinDrop, w2
	case hyphenPrefixes[l1] && utf8.RuneCountInString(l2) >= 4 && !suffixLike(l2):
		// ex-gedetineerden; a joined word (ex-|pertise) is attested above.
		return joinKeep, w2
	case vocab[l1+"-"] && dutchWord(l1) && dutchWord(l2) && !suffixLike(l2):
		// The document joins this word to others with a hyphen.
		return joinKeep, w2
	case startsUpper(p1) && vocab[l1] && !dutchWord(l1) && dutchWord(l2) && !suffixLike(l2):
		// A name the document also writes alone: Vormingplus-centra.
		return joinKeep, w2
	case strings.Contains(w2, "-") && bothWords && !suffixLike(l2):
		// A chain of words with hyphens: wij-zij-denken.
		return joinKeep, w2
	case coordinate(l1, l2):
		return joinKeep, w2
	case caps1 && caps2 && utf8.RuneCountInString(p1) <= 3 && !unstressedPrefixes[l1]:
		// An abbreviation in a capitals heading: VN-VROUWENVERDRAG.
		return joinKeep, w2
	}
	return joinDrop, w2
}

// vowelClash reports whether the last letter of a and the first of b are
// vowels that would read as one sound if written together, where Dutch
// spelling puts a hyphen (klinkerbotsing): a-a, a-e, a-i, a-u, e-e, e-i,
// e-u, i-e, i-i, i-j, o-e, o-i, o-o, o-u, u-i, u-u; an accented first vowel
// counts as its base (privé-eigendom). A vowel with a diaeresis starts a
// syllable of its own and clashes with nothing (pati-ënt).
func vowelClash(a, b string) bool {
	x, _ := utf8.DecodeLastRuneInString(a)
	y, _ := utf8.DecodeRuneInString(b)
	switch x {
	case 'á', 'à', 'â':
		x = 'a'
	case 'é', 'è', 'ê':
		x = 'e'
	case 'ó', 'ò', 'ô':
		x = 'o'
	}
	switch string([]rune{x, y}) {
	case "aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "ij", "oe", "oi", "oo", "ou", "ui", "uu":
		return true
	}
	return false
}

// suffixLike reports a second part that starts with a derivational suffix
// and so most likely ends the word before it: partner-|schap, vrij-|heid.
func suffixLike(w string) bool {
	for _, x := range []string{"schap", "heid", "lijk", "baar", "loos", "achtig", "ing", "ig", "sgewijs", "isch", "tje", "je"} {
		if strings.HasPrefix(w, x) {
			return true
		}
	}
	return false
}

// coordinate reports an equal-rank pair of adjectives, written with a
// hyphen: sociaal-cultureel, sociaal-economische, politiek-bestuurlijke.
func coordinate(a, b string) bool {
	if !dutchWord(a) || !hasSuffixAny(a, "aal", "eel", "isch", "ief", "iek", "air") {
		return false
	}
	return hasSuffixAny(b, "aal", "ale", "eel", "ele", "isch", "ische", "ief", "ieve", "iek", "ieke", "lijk", "lijke", "air", "aire")
}

func hasSuffixAny(s string, suffixes ...string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) && len(s) > len(x)+1 {
			return true
		}
	}
	return false
}

// withDiaeresis returns w with a diaeresis on its first letter, when that
// is a vowel that can carry one.
func withDiaeresis(w string) (string, bool) {
	r, n := utf8.DecodeRuneInString(w)
	d, ok := map[rune]rune{'a': 'ä', 'e': 'ë', 'i': 'ï', 'o': 'ö', 'u': 'ü'}[r]
	if !ok {
		return w, false
	}
	return string(d) + w[n:], true
}

func isVowelEnd(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("aeiouyéèêáàóò", r)
}

func hasDigit(s string) bool {
	return strings.ContainsFunc(s, unicode.IsDigit)
}

// allUpper reports whether s has letters and all of them are capitals.
func allUpper(s string) bool {
	letters := false
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters = true
		}
	}
	return letters
}

// innerUpper reports a capital after the first letter (UiTPAS, eDiensten).
func innerUpper(s string) bool {
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// hyphenWordBefore returns the word that ends right before the final "-"
// of line: letters and digits with inner single hyphens ("19e",
// "sociaal-cultu", "Covid-19"), or "" when the hyphen stands alone
// ("minder -").
func hyphenWordBefore(line string) string {
	if !strings.HasSuffix(line, "-") {
		return ""
	}
	s := line[:len(line)-1]
	i := len(s)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if isWordRune(r) {
			i -= n
			continue
		}
		if r == '-' && i-n > 0 {
			if q, _ := utf8.DecodeLastRuneInString(s[:i-n]); isWordRune(q) && i < len(s) {
				i -= n
				continue
			}
		}
		break
	}
	return s[i:]
}

// hyphenWordAfter returns the word that starts line, as hyphenWordBefore
// reads words, or "".
func hyphenWordAfter(line string) string {
	i := 0
	for i < len(line) {
		r, n := utf8.DecodeRuneInString(line[i:])
		if isWordRune(r) {
			i += n
			continue
		}
		if r == '-' && i > 0 && i+n < len(line) {
			if q, _ := utf8.DecodeRuneInString(line[i+n:]); isWordRune(q) {
				i += n
				continue
			}
		}
		break
	}
	return line[:i]
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
