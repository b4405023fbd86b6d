package synth

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Dutch hyphenation for the PDF layout. The rules are the school rules of
// Dutch syllabification, good enough for line breaking:
//
//   - a vowel group (aa, ee, oo, uu, ie, oe, ui, eu, ou, au, ei, ij, ...) is
//     never split, except before a diaeresis (be-ïn-vloe-den, i-dee-ën);
//   - one consonant between vowels starts the next syllable (ma-ken);
//   - of two consonants, the second starts the next syllable (ker-ken),
//     unless the pair is an onset such as bl, br, tr, pl, kr (pu-bliek);
//   - of three or more, the last one does (dienst-ver-le-ning) unless the
//     last two or three form an onset (ven-ster, beleids-plan, gemeen-schap);
//     a linking s stays with the first part (wer-kings-sub-si-die);
//   - ch counts as one consonant (la-chen), sch stays together (ver-schil);
//   - no part keeps fewer than two letters;
//   - a compound with its own hyphen may break after that hyphen.

// onset2 are consonant pairs that may begin a syllable after two consonants.
var onset2 = map[string]bool{
	"bl": true, "br": true, "cl": true, "cr": true, "dr": true, "fl": true, "fr": true,
	"gl": true, "gr": true, "kl": true, "kr": true, "pl": true, "pr": true, "tr": true,
	"vl": true, "vr": true, "wr": true,
}

// onset2long are extra pairs allowed as an onset when three or more
// consonants meet (ven-ster, ver-spreid, kans-loos).
var onset2long = map[string]bool{"st": true, "sp": true, "sl": true, "sm": true, "sn": true, "sk": true}

// onset3 are consonant triples that may begin a syllable after exactly
// three consonants (ad-mi-ni-stra-tie). In longer clusters the s is far
// more often a linking s of a compound (beleids-prio-ri-tei-ten).
var onset3 = map[string]bool{"str": true, "spr": true}

func isVowelRune(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y',
		'á', 'à', 'â', 'ä', 'é', 'è', 'ê', 'ë', 'í', 'ì', 'î', 'ï',
		'ó', 'ò', 'ô', 'ö', 'ú', 'ù', 'û', 'ü':
		return true
	}
	return false
}

func isDiaeresis(r rune) bool {
	switch r {
	case 'ä', 'ë', 'ï', 'ö', 'ü':
		return true
	}
	return false
}

// hyphenPoints returns the byte offsets in word at which it may be broken
// at a line end: word[:i] goes on the first line (followed by a printed
// "-" unless word[:i] already ends with one) and word[i:] on the next.
// The offsets are ascending; an offset right after an inner hyphen of a
// compound (sociaal-|culturele) is included, and callers may prefer it.
// Words with apostrophes or other non-letters (apart from inner hyphens and
// digits) get no points; a part with digits has no syllable points, but a
// word with letters may break after its own hyphen (19e-|eeuwse,
// Covid-|19); a number range (2021-2025) does not break.
func hyphenPoints(word string) []int {
	if word == "" {
		return nil
	}
	letters := false
	for _, r := range word {
		if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return nil
		}
		letters = letters || unicode.IsLetter(r)
	}
	if !letters {
		return nil
	}
	if strings.HasPrefix(word, "-") || strings.HasSuffix(word, "-") || strings.Contains(word, "--") {
		return nil
	}
	var pts []int
	total := utf8.RuneCountInString(word)
	seen := 0 // letters (runes) before the current part
	off := 0
	parts := strings.Split(word, "-")
	for pi, part := range parts {
		n := utf8.RuneCountInString(part)
		var syl []int
		if !strings.ContainsFunc(part, unicode.IsDigit) {
			syl = syllablePoints(part)
		}
		for _, p := range syl {
			left := seen + utf8.RuneCountInString(part[:p])
			if left >= 2 && total-left >= 2 {
				pts = append(pts, off+p)
			}
		}
		seen += n + 1
		off += len(part) + 1
		if pi < len(parts)-1 {
			// Break after this part's hyphen.
			if seen-1 >= 2 && total-seen >= 2 {
				pts = append(pts, off)
			}
		}
	}
	return pts
}

// syllablePoints returns the byte offsets of syllable boundaries inside a
// hyphen-free word, each leaving at least two letters on both sides.
func syllablePoints(part string) []int {
	rs := []rune(strings.ToLower(part))
	n := len(rs)
	if n < 4 {
		return nil
	}
	// An all-capital word (ICT, VTE) is an abbreviation: no points.
	upper := 0
	for _, r := range part {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	if upper > 1 && upper == n {
		return nil
	}
	vowel := make([]bool, n)
	for i, r := range rs {
		vowel[i] = isVowelRune(r) || (r == 'j' && i > 0 && rs[i-1] == 'i' && vowel[i-1])
	}
	// Nuclei: maximal vowel runs, split before a diaeresis.
	type span struct{ s, e int } // [s, e)
	var nuclei []span
	for i := 0; i < n; {
		if !vowel[i] {
			i++
			continue
		}
		j := i + 1
		for j < n && vowel[j] && !isDiaeresis(rs[j]) {
			j++
		}
		nuclei = append(nuclei, span{i, j})
		i = j
	}
	var runeCuts []int
	for k := 0; k+1 < len(nuclei); k++ {
		cs, ce := nuclei[k].e, nuclei[k+1].s // consonant cluster [cs, ce)
		if ce == cs {
			runeCuts = append(runeCuts, ce)
			continue
		}
		// Split the cluster into units; "ch" is one unit.
		var units []int // start index of each unit
		for i := cs; i < ce; i++ {
			units = append(units, i)
			if rs[i] == 'c' && i+1 < ce && rs[i+1] == 'h' {
				i++
			}
		}
		u := len(units)
		str := func(a int) string { return string(rs[units[a]:ce]) }
		cut := units[u-1]
		switch {
		case u == 1:
		case u == 2:
			if onset2[str(0)] || str(0) == "sch" {
				cut = units[0]
			}
		default:
			switch {
			case u == 3 && onset3[str(0)], strings.HasPrefix(str(u-3), "sch") && len(str(u-3)) == 4:
				cut = units[u-3]
			case onset2[str(u-2)] || onset2long[str(u-2)] || str(u-2) == "sch":
				cut = units[u-2]
			}
		}
		runeCuts = append(runeCuts, cut)
	}
	// Convert rune offsets to byte offsets of part (lower-casing keeps
	// the rune count for the letters used here).
	orig := []rune(part)
	if len(orig) != n {
		return nil
	}
	var pts []int
	for _, c := range runeCuts {
		if c < 2 || n-c < 2 {
			continue
		}
		pts = append(pts, len(string(orig[:c])))
	}
	return pts
}

// hyphenateDebug renders word with all break points marked by "-" (or
// "=" after an own hyphen); used by tests.
func hyphenateDebug(word string) string {
	pts := hyphenPoints(word)
	var b strings.Builder
	last := 0
	for _, p := range pts {
		b.WriteString(word[last:p])
		if strings.HasSuffix(word[:p], "-") {
			b.WriteString("=")
		} else {
			b.WriteString("·")
		}
		last = p
	}
	b.WriteString(word[last:])
	return b.String()
}
