package lexicon

import "strings"

// Compound splitting follows the dictionary's own compounding model: a word
// is split into parts of the lexicon where the modifier may begin a
// compound (hunspell's Ca/Cb, which includes the forms with a linking s:
// beleids-, vrijwilligers-) and the head may end one (Cc, or a form of such
// a word: -subsidies). On top of that, for precision:
//   - every part has at least MinPart (4) letters, so short words (wet,
//     eet, ing) never split a word (wethouder, planeet, vorming);
//   - the head is tried longest first;
//   - a modifier may itself be a compound (armoede+bestrijding+s+beleid),
//     up to three parts deep;
//   - particles are no modifiers (onderwijs, voorstel, samenwerking stay
//     whole) and suffix-like words are no heads (landschap, overheid,
//     gemeentelijk stay whole).

// MinPart is the fewest bytes a part of a compound has.
const MinPart = 4

// longHead is the length from which a head needs no compound-end mark.
const longHead = 6

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

// part is one part of a compound: as written in the word, and its lemma.
type part struct{ surface, lemma string }

// Split returns the lemmas of the parts of word, a lower-case word with
// diacritics folded, or nil when it is not a compound. A modifier that is
// itself a compound is given as its parts followed by itself
// (armoedebestrijdingsbeleid: armoede, bestrijding, armoedebestrijding,
// beleid).
func (l *Lexicon) Split(word string) []string {
	parts := l.parts(word)
	if parts == nil {
		return nil
	}
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = p.lemma
	}
	return out
}

func (l *Lexicon) parts(word string) []part {
	if len(word) < 2*MinPart || !isLetters(word) {
		return nil
	}
	return l.split(word, 0, true)
}

// split finds modifier + head in w; the head must end a compound when
// final is set, else (inside a modifier) begin or continue one.
func (l *Lexicon) split(w string, depth int, final bool) []part {
	for i := MinPart; i <= len(w)-MinPart; i++ {
		head := w[i:]
		if suffixLike(head) {
			continue
		}
		hi, ok := l.find(head)
		if !ok {
			continue
		}
		lemma := l.lemmaAt(hi, head)
		// The dictionary marks few heads (Cc) and lists many compounds
		// whole, so a longer head is taken without the mark.
		if final && !bit(l.ends, hi) && !l.ends2(lemma) && len(head) < longHead || !final && !bit(l.begins, hi) {
			continue
		}
		// A linking s belongs to the modifier when the dictionary gives the
		// modifier one: personeel+s+leden, not personeel+sleden.
		if head[0] == 's' && final && len(head) > MinPart {
			if hj, ok := l.find(head[1:]); ok && !suffixLike(head[1:]) {
				if mi, ok := l.find(w[:i+1]); ok && bit(l.begins, mi) && l.lemmaAt(mi, w[:i+1]) != w[:i+1] {
					if mod := l.modifier(w[:i+1], depth); mod != nil {
						return append(mod, part{head[1:], l.lemmaAt(hj, head[1:])})
					}
				}
			}
		}
		if mod := l.modifier(w[:i], depth); mod != nil {
			return append(mod, part{head, lemma})
		}
	}
	return nil
}

// ends2 reports whether lemma may end a compound: an inflected head
// (-plannen, -subsidies) ends one when its lemma does.
func (l *Lexicon) ends2(lemma string) bool {
	i, ok := l.find(lemma)
	return ok && bit(l.ends, i)
}

// modifier returns the parts of m as the first part of a compound, or nil.
func (l *Lexicon) modifier(m string, depth int) []part {
	if i, ok := l.find(m); ok && (bit(l.begins, i) || len(m) >= longHead) {
		lemma := l.lemmaAt(i, m)
		if particles[lemma] {
			return nil
		}
		return []part{{m, lemma}}
	}
	if depth >= maxDepth || len(m) < 2*MinPart {
		return nil
	}
	inner := l.split(m, depth+1, false)
	if inner == nil {
		return nil
	}
	// The modifier compound itself, with its head's lemma: armoedebestrijding.
	last := inner[len(inner)-1]
	whole := m[:len(m)-len(last.surface)] + last.lemma
	return append(inner, part{m, whole})
}

func (l *Lexicon) lemmaAt(i int, w string) string {
	if lemma := l.lemmas[l.loffs[i]:l.loffs[i+1]]; lemma != "" {
		return lemma
	}
	return w
}

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
