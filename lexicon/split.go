package lexicon

import "strings"

// Compound splitting. A word is split where it is a sequence of words of the
// lexicon. The rules, chosen for precision over recall:
//   - every part has at least MinPart (4) letters, so short words (wet,
//     eet, ing) never split a word (wethouder, planeet, vorming);
//   - the head (the last part) is tried longest first, and may be any
//     inflected form (projectsubsidies: project + subsidies);
//   - a modifier may end in a linking morpheme (-s-, -e-, -en-:
//     beleid+s+plan, vrouw+en+opvang) and may itself be a compound
//     (armoede+bestrijding+s+beleid), up to three parts deep;
//   - particles are no modifiers (onderwijs, voorstel, samenwerking stay
//     whole) and suffix-like words are no heads (landschap, overheid,
//     gemeentelijk stay whole).

// MinPart is the fewest bytes a part of a compound has.
const MinPart = 4

// maxDepth bounds how many times a modifier is split again.
const maxDepth = 2

// particles are words that start many lexicalised words (onderwijs,
// voorstel, overleg, samenwerking): as modifiers they would make a search
// for wijs, stel or werking find them.
var particles = set("aan", "achter", "binnen", "boven", "buiten", "door", "mede", "mee", "naar",
	"onder", "over", "rond", "samen", "tegen", "terug", "tussen", "voor", "voort", "weder", "weer",
	"neer", "vooruit", "omver", "open", "toe", "uit", "bij", "af", "op", "in", "om", "na", "van")

// suffixes are words that are also derivational suffixes: as heads they
// would split derived words (landschap, gemeentelijke, betrokkenheid).
var suffixes = set("heid", "heden", "schap", "schappen", "lijk", "lijke", "lijker", "lijken",
	"baar", "bare", "loos", "loze", "zaam", "zame", "achtig", "achtige", "ster", "sters", "isch",
	"ische", "ling", "lingen", "tjes", "elijk", "elijke", "teit", "iteit", "ismen", "isme", "ering",
	"eren", "erij", "ende", "ingen", "ning", "ties", "schappelijk", "schappelijke", "rijk", "rijke",
	"rijker", "rijkste", "ment", "menten")

// inflections are endings a head may carry; a head that is one or two
// letters plus such an ending (ring, king, mende, eden) is the end of a
// derived word, not a word of its own: betrek+king, toen+mende.
var inflections = []string{"ingen", "ende", "ing", "ers", "en", "er", "e", "s"}

func suffixLike(head string) bool {
	if suffixes[head] {
		return true
	}
	for _, e := range inflections {
		if strings.HasSuffix(head, e) && len(head)-len(e) < 3 {
			return true
		}
	}
	return false
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// linking morphemes between a modifier and what follows, longest first.
var linking = []string{"en", "s", "e"}

// Split returns the parts of word, a lower-case word with diacritics
// folded, or nil when it is not a compound. Parts are slices of word with
// linking morphemes dropped; a modifier that is itself a compound is given
// as its parts followed by itself (armoedebestrijdingsbeleid: armoede,
// bestrijding, armoedebestrijding, beleid).
func (l *Lexicon) Split(word string) []string {
	if len(word) < 2*MinPart || !isLetters(word) {
		return nil
	}
	return l.split(word, 0)
}

func (l *Lexicon) split(w string, depth int) []string {
	for i := MinPart; i <= len(w)-MinPart; i++ {
		head := w[i:]
		if suffixLike(head) || !l.Has(head) {
			continue
		}
		// A linking s belongs to the modifier when the dictionary says the
		// modifier takes one: personeel+s+leden, not personeel+sleden; but
		// doel+stelling, not doel+s+telling.
		if head[0] == 's' && len(head) > MinPart && !suffixLike(head[1:]) && l.Has(head[1:]) && l.linksS(w[:i]) {
			if mod := l.modifier(w[:i+1], depth); mod != nil {
				return append(mod, head[1:])
			}
		}
		if mod := l.modifier(w[:i], depth); mod != nil {
			return append(mod, head)
		}
	}
	return nil
}

// modifier returns the parts of m as the first part of a compound, or nil.
func (l *Lexicon) modifier(m string, depth int) []string {
	// Without a linking morpheme first: beleids is a word form too, but
	// beleid is the part.
	var cuts []string
	for _, l := range linking {
		if strings.HasSuffix(m, l) && len(m)-len(l) >= MinPart {
			cuts = append(cuts, m[:len(m)-len(l)])
		}
	}
	cuts = append(cuts, m)
	for _, c := range cuts {
		if particles[c] || !l.Has(c) {
			continue
		}
		// A modifier ending in s that the dictionary knows without a
		// linking s is taken whole (doel+s is no doels-).
		if c != m && strings.HasSuffix(m, "s") && len(m)-len(c) == 1 && !l.linksS(c) && !takesS(c) {
			continue
		}
		return []string{c}
	}
	if depth >= maxDepth {
		return nil
	}
	for _, c := range cuts {
		if len(c) >= 2*MinPart {
			if parts := l.split(c, depth+1); parts != nil {
				return append(parts, c)
			}
		}
	}
	return nil
}

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// takesS reports whether a word the dictionary does not mark takes a
// linking s by its ending: derived nouns (vrijwilliger+s, opleiding+s,
// kwaliteit+s, gemeenschap+s) mostly do.
func takesS(w string) bool {
	for _, e := range []string{"ing", "heid", "teit", "schap", "er", "aar", "tie", "dom"} {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}
