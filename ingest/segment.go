package ingest

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/plancoder/plancoder/store"
)

// Fragment size targets (DESIGN §5): paragraphs longer than maxWords are
// split at sentence ends into parts of roughly equal length, none shorter
// than minWords where the sentences allow it.
const (
	minWords = 40
	maxWords = 250
	// maxHeadingWords guards against a caps paragraph posing as a heading.
	maxHeadingWords = 30
	// maxFragmentBytes caps a fragment whatever its words: a run-on "word"
	// or a table row of megabytes is cut into pieces this size, so that no
	// later stage (hashing, language detection, the store, the index) ever
	// holds a fragment larger than this.
	maxFragmentBytes = 8 << 10
	// maxHeadingBytes: a longer heading is a paragraph. A heading title is
	// repeated in the section path of every fragment below it.
	maxHeadingBytes = 1 << 10
)

// unit is a block after structure analysis, before splitting.
type unit struct {
	kind     string
	text     string
	page     int
	class    string // inferred heading class
	level    int    // markup heading level
	lines    int    // source lines, for title-like detection
	labelEnd bool   // heading text is only a number/label, or ends in a connector word
}

// Segment turns an extraction into the document's clean text and its
// fragments. Fragment IDs and Doc are set from doc. Fragments larger than
// maxFragmentBytes are cut, and a word cut in the middle is reported in
// x.Warnings.
//
// Memory: the units hold the text once, the clean text is built once in a
// builder sized up front, and fragment texts are slices of the clean text,
// so the result costs about one copy of the text.
func Segment(x *Extracted, doc string) (string, []store.Fragment) {
	g := segmenter{doc: doc}
	g.add(x.Blocks, buildVocab(x.Blocks), true)
	text, frags := g.take()
	if w := g.warning(); w != "" {
		x.Warnings = append(x.Warnings, w)
	}
	return text, frags
}

// segmenter builds a document's clean text and fragments from its blocks,
// given all at once (Segment) or in chunks (Stream): the open sections,
// the fragment count and the text's length carry over from one chunk to
// the next.
type segmenter struct {
	doc      string
	stack    sectionStack
	sb       strings.Builder  // clean text of the current chunk
	base     int              // offset of the current chunk in the whole text
	frags    []store.Fragment // fragments of the current chunk
	n        int              // fragments so far
	cut      int              // words cut at maxFragmentBytes
	firstCut string           // fragment where the first cut fell
	// held are the last units of the chunk before, whose kind the next
	// chunk decides (see hold).
	held []unit
}

// maxHeld bounds the units a chunk holds back for the next: a text of
// nothing but short title-like lines is segmented as it comes, not held.
const maxHeld = 256

// add segments blocks into the current chunk, judging line-end hyphens by
// vocab. Unless last, units whose kind depends on what follows are held
// for the next chunk.
func (g *segmenter) add(blocks []Block, vocab map[string]bool, last bool) {
	units := g.held
	g.held = nil
	for _, b := range blocks {
		units = append(units, analyse(b, vocab)...)
	}
	if !last {
		units, g.held = hold(units)
	}
	units = mergeHeadings(markTitles(units))
	size := 0
	for _, u := range units {
		size += len(u.text) + 2
	}
	g.sb.Grow(size)
	if g.frags == nil {
		g.frags = make([]store.Fragment, 0, len(units)+len(units)/8)
	}
	for _, u := range units {
		if u.kind == KindHeading && len(u.text) > maxHeadingBytes {
			u.kind = KindParagraph
		}
		if u.kind == KindHeading {
			// A heading's section path is its parents, once the headings it
			// closes are closed.
			// The title is cloned: a slice of the decoded text would keep all of
			// it alive in the section paths of the fragments.
			g.stack.push(sectionEntry{class: u.class, level: u.level, title: strings.Clone(u.text), explicit: u.level > 0})
			var parents []string
			if p := g.stack.path(); len(p) > 1 {
				parents = p[: len(p)-1 : len(p)-1]
			}
			g.addText(KindHeading, u.text, u.page, parents, "\n\n")
			continue
		}
		section := g.stack.path()
		parts := []string{u.text}
		if u.kind == KindTable {
			parts = splitTable(u.text)
		} else if countWords(u.text) > maxWords {
			parts = splitSentences(u.text)
		}
		for i, p := range parts {
			sep := "\n\n"
			if i > 0 {
				sep = " "
				if u.kind == KindTable {
					sep = "\n"
				}
			}
			g.addText(u.kind, p, u.page, section, sep)
		}
	}
}

// hold splits off the trailing units whose kind the units after them
// decide: title-like one-line paragraphs (markTitles) and headings that
// end in a label or connector (mergeHeadings). The units before them keep
// their kind whatever follows.
func hold(us []unit) (keep, held []unit) {
	k := len(us)
	for k > 0 && len(us)-k < maxHeld {
		u := us[k-1]
		candidate := u.kind == KindParagraph && u.lines == 1 && isTitleLike(u.text)
		if !candidate && !(u.kind == KindHeading && u.labelEnd) {
			break
		}
		k--
	}
	if len(us)-k >= maxHeld {
		return us, nil
	}
	return us[:k], slices.Clone(us[k:])
}

// addText appends one unit's text as fragments of at most maxFragmentBytes,
// after sep when text precedes it.
func (g *segmenter) addText(kind, text string, page int, section []string, sep string) {
	for text != "" {
		piece, next, rest, mid := capBytes(text, maxFragmentBytes)
		if g.base+g.sb.Len() > 0 {
			g.sb.WriteString(sep)
		}
		start := g.base + g.sb.Len()
		g.sb.WriteString(piece)
		g.n++
		g.frags = append(g.frags, store.Fragment{
			ID: store.FragmentID(g.doc, g.n), Doc: g.doc, Ordinal: g.n, Page: page,
			Section: section, Kind: kind,
			Start: start, End: g.base + g.sb.Len(), Hash: ContentHash(piece),
		})
		if mid {
			if g.cut == 0 {
				g.firstCut = g.frags[len(g.frags)-1].ID
			}
			g.cut++
		}
		text, sep = rest, next
	}
}

// take ends the current chunk: its clean text (which follows the text of
// the chunks before it) and its fragments, whose offsets count from the
// start of the whole text.
func (g *segmenter) take() (string, []store.Fragment) {
	text, frags := g.sb.String(), g.frags
	for i := range frags {
		frags[i].Text = text[frags[i].Start-g.base : frags[i].End-g.base]
	}
	g.base += len(text)
	g.sb = strings.Builder{}
	g.frags = nil
	return text, frags
}

// warning reports the words cut at maxFragmentBytes, or "".
func (g *segmenter) warning() string {
	if g.cut == 0 {
		return ""
	}
	return fmt.Sprintf("%d run(s) of text without white space longer than %d KiB cut into pieces (first in fragment %s)",
		g.cut, maxFragmentBytes>>10, g.firstCut)
}

// capBytes returns the first piece of text of at most limit bytes, cut at
// the last white space that allows it, or, in a run without white space, at
// the last UTF-8 rune start (mid is then true). sep is the white space the
// cut consumed ("" for a cut in a word), so that piece + sep + rest is text.
func capBytes(text string, limit int) (piece, sep, rest string, mid bool) {
	if len(text) <= limit {
		return text, "", "", false
	}
	if i := strings.LastIndexAny(text[:limit+1], " \n"); i > 0 {
		return text[:i], text[i : i+1], text[i+1:], false
	}
	j := limit
	for j > 0 && !utf8.RuneStart(text[j]) {
		j--
	}
	if j == 0 {
		j = limit
	}
	return text[:j], "", text[j:], true
}

// ContentHash identifies a fragment's text across re-ingests: the SHA-256 of
// its white-space-collapsed text, shortened to 128 bits.
func ContentHash(text string) string { return store.ContentHash(text) }

// hasWordChar reports whether s has a letter or digit: blocks of only
// punctuation (OCR specks, rules) are not fragments.
func hasWordChar(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// analyse turns one extracted block into units.
func analyse(b Block, vocab map[string]bool) []unit {
	if b.Raw {
		return analyseRaw(b, vocab)
	}
	var text string
	if b.Kind == KindTable {
		var rows []string
		for _, r := range strings.Split(b.Text, "\n") {
			if r = collapse(r); r != "" {
				rows = append(rows, r)
			}
		}
		text = strings.Join(rows, "\n")
	} else {
		// Hard line breaks in markup (<br>, w:br, a Markdown line ending
		// in a hyphen) may follow a hyphenated word.
		text = joinLines(strings.Split(b.Text, "\n"), vocab)
	}
	if !hasWordChar(text) {
		return nil
	}
	u := unit{kind: b.Kind, text: text, page: b.Page, lines: strings.Count(b.Text, "\n") + 1}
	switch b.Kind {
	case KindHeading:
		u.level = b.Level
		if u.level <= 0 {
			u.class, _ = headingClass(text)
			if u.class == "" {
				u.class = classTitle
			}
		}
	case KindParagraph:
		if c := goalClass(text); c != "" && countWords(text) <= maxHeadingWords {
			u.kind, u.class = KindHeading, c
		}
	}
	return []unit{u}
}

// analyseRaw reads a block of laid-out text lines: leading heading lines,
// then paragraphs and list items, with hard line breaks unwrapped.
func analyseRaw(b Block, vocab map[string]bool) []unit {
	lines := strings.Split(b.Text, "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	var out []unit
	emit := func(kind string, ls []string, class string, labelEnd bool) {
		text := joinLines(ls, vocab)
		if !hasWordChar(text) {
			return
		}
		out = append(out, unit{kind: kind, text: text, page: b.Page, class: class, lines: len(ls), labelEnd: labelEnd})
	}
	// Runs of two or more tab-separated lines are tables; the lines around
	// them are read on their own.
	if ts, te := tabRun(lines); te-ts >= 2 {
		before := analyseRaw(Block{Text: strings.Join(lines[:ts], "\n"), Page: b.Page, Raw: true}, vocab)
		var rows []string
		for _, l := range lines[ts:te] {
			var cells []string
			for _, c := range strings.Split(l, "\t") {
				if c = collapse(c); c != "" {
					cells = append(cells, c)
				}
			}
			rows = append(rows, strings.Join(cells, " | "))
		}
		out = append(before, unit{kind: KindTable, text: strings.Join(rows, "\n"), page: b.Page, lines: len(rows)})
		return append(out, analyseRaw(Block{Text: strings.Join(lines[te:], "\n"), Page: b.Page, Raw: true}, vocab)...)
	}

	i := 0
	for i < len(lines) {
		h, j, class, labelEnd := takeHeading(lines, i, vocab)
		if h == "" {
			break
		}
		out = append(out, unit{kind: KindHeading, text: h, page: b.Page, class: class, lines: j - i, labelEnd: labelEnd})
		i = j
	}

	numbered := 0
	for _, l := range lines[i:] {
		if reNumItem.MatchString(l) {
			numbered++
		}
	}
	if i < len(lines) && reNumItem.MatchString(lines[i]) {
		numbered++ // a block that opens with a number is a list
	}
	var cur []string
	kind := KindParagraph
	flush := func() {
		if len(cur) > 0 {
			emit(kind, cur, "", false)
		}
		cur, kind = nil, KindParagraph
	}
	for i < len(lines) {
		l := lines[i]
		// A goal label inside a block starts a heading when the text
		// before it has ended its sentence: converters often drop the
		// blank line before "Operationeel doel 2".
		if goalClass(l) != "" && (len(cur) == 0 || endsSentence(cur[len(cur)-1])) {
			if h, j, class, labelEnd := takeHeading(lines, i, vocab); h != "" {
				flush()
				out = append(out, unit{kind: KindHeading, text: h, page: b.Page, class: class, lines: j - i, labelEnd: labelEnd})
				i = j
				continue
			}
		}
		i++
		if m := reBullet.FindStringSubmatch(l); m != nil {
			flush()
			kind, cur = KindListItem, []string{m[1]}
			continue
		}
		// A numbered item keeps its label ("a. de aanvrager ..."): it is
		// text a reader cites ("artikel 3, lid 2 sub a"), unlike a bullet
		// glyph, which goes.
		if reNumItem.MatchString(l) && numbered >= 2 {
			flush()
			kind, cur = KindListItem, []string{l}
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return out
}

// takeHeading reads a heading starting at lines[i]: a label or number line
// with its title on the next line, a goal label with its goal statement,
// or upper-case lines. It returns the heading text ("" when lines[i] does
// not start a heading), the index after it, its class, and whether it ends
// in a way that says it continues in the next block.
func takeHeading(lines []string, i int, vocab map[string]bool) (string, int, string, bool) {
	class, labelOnly := headingClass(lines[i])
	if class == "" {
		return "", i, "", false
	}
	if strings.HasPrefix(class, classNum) && !labelOnly && i+1 < len(lines) &&
		(reNumTitle.MatchString(lines[i+1]) || startsLower(lines[i+1])) {
		return "", i, "", false // a numbered list or sentence, not a heading
	}
	goal := class == classSD || class == classOD
	h := []string{lines[i]}
	j := i + 1
	rest := 0
	for k := i; k < len(lines) && rest <= maxHeadingWords; k++ {
		rest += countWords(lines[k])
		if k > i && endsSentence(lines[k]) {
			break
		}
	}
	for j < len(lines) && len(h) < 5 && !reBullet.MatchString(lines[j]) {
		next, _ := headingClass(lines[j])
		switch {
		case next == classCaps && (class == classCaps || labelOnly || goal || class == classRoman || strings.HasPrefix(class, classNum)):
		case labelOnly && j == i+1 && next == "":
		case goal && rest <= maxHeadingWords && next == "" && !endsSentence(h[len(h)-1]):
		default:
			goto done
		}
		h = append(h, lines[j])
		j++
	}
done:
	text := joinLines(h, vocab)
	if countWords(text) > maxHeadingWords {
		return "", i, "", false
	}
	labelEnd := (labelOnly && len(h) == 1) || endsWithConnector(text) || strings.HasSuffix(text, "-")
	return text, j, class, labelEnd
}

func startsLower(s string) bool {
	for _, r := range s {
		return unicode.IsLower(r)
	}
	return false
}

// endsSentence reports whether a line ends with sentence punctuation.
func endsSentence(line string) bool {
	line = strings.TrimRight(line, " \"'”’)")
	return strings.HasSuffix(line, ".") || strings.HasSuffix(line, "?") || strings.HasSuffix(line, "!") || strings.HasSuffix(line, ":")
}

// tabRun finds the first run of lines holding a tab: [start, end).
func tabRun(lines []string) (int, int) {
	for i, l := range lines {
		if strings.Contains(l, "\t") {
			j := i
			for j < len(lines) && strings.Contains(lines[j], "\t") {
				j++
			}
			if j-i >= 2 {
				return i, j
			}
		}
	}
	return 0, 0
}

// connectors are words a heading or title does not end with: a line that
// does is the start of a wrapped sentence or of a heading broken in two.
var connectors = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`en van de het een voor in op met of and & - – tot naar aan bij door om te
		over uit die dat als zo tijdens waar hun onze ons je we wij is zijn the of to`) {
		connectors[w] = true
	}
}

func endsWithConnector(s string) bool {
	f := strings.Fields(strings.ToLower(s))
	return len(f) > 0 && connectors[f[len(f)-1]]
}

// markTitles turns lone short title-like paragraphs into headings when a
// longer paragraph, a list or another heading follows them. It runs from the
// end so that a run of titles counts only when text follows the run.
func markTitles(us []unit) []unit {
	for i := len(us) - 2; i >= 0; i-- {
		u := &us[i]
		if u.kind != KindParagraph || u.lines != 1 || !isTitleLike(u.text) {
			continue
		}
		next := us[i+1]
		longer := ((next.kind == KindParagraph || next.kind == KindListItem) && countWords(next.text) > countWords(u.text)+3) ||
			next.kind == KindTable
		if longer || (next.kind == KindHeading && next.class != classCaps) {
			u.kind, u.class = KindHeading, classTitle
		}
	}
	return us
}

// mergeHeadings joins a heading that is only a label ("3.1") or ends in a
// connector ("STRATEGISCHE EN") with the heading that follows it, as happens
// when a converter puts a blank line inside a heading.
func mergeHeadings(us []unit) []unit {
	out := us[:0] // in place: out never overtakes the unit being read
	for _, u := range us {
		if n := len(out); n > 0 && u.kind == KindHeading && u.level == 0 && (u.class == classCaps || u.class == classTitle) {
			prev := &out[n-1]
			if prev.kind == KindHeading && prev.labelEnd && countWords(prev.text+" "+u.text) <= maxHeadingWords {
				prev.text += " " + u.text
				prev.labelEnd = endsWithConnector(u.text)
				continue
			}
		}
		out = append(out, u)
	}
	return out
}

// buildVocab collects the words of the document's text, hyphenated
// compounds included, so that line-end hyphens can be judged by the
// document's own usage.
func buildVocab(blocks []Block) map[string]bool {
	v := map[string]bool{}
	for _, b := range blocks {
		for line := range strings.SplitSeq(b.Text, "\n") {
			// The last word of a line ending in a hyphen is a fragment:
			// each token is added once the next one shows it is not last.
			hyphen := strings.HasSuffix(strings.TrimSpace(line), "-")
			prev := ""
			eachWordToken(line, func(t string) bool {
				if prev != "" {
					addVocab(v, prev)
				}
				prev = t
				return true
			})
			if prev != "" && !hyphen {
				addVocab(v, prev)
			}
		}
	}
	return v
}

// addVocab adds a word, and for a hyphenated compound its first part with
// the hyphen ("collega-"): a part the document joins with a hyphen keeps it
// in other compounds too.
func addVocab(v map[string]bool, w string) {
	w = strings.ToLower(w)
	v[w] = true
	if head, _, ok := strings.Cut(w, "-"); ok {
		v[head+"-"] = true
	}
}

// eachWordToken calls yield with the words of s, until it returns false:
// runs of letters, joined by single inner hyphens ("sociaal-cultureel").
// The words are substrings of s; no slice of them is built.
func eachWordToken(s string, yield func(string) bool) {
	start := -1
	prevHyphen := false
	for i, r := range s {
		switch {
		case unicode.IsLetter(r):
			if start < 0 {
				start = i
			}
			prevHyphen = false
		case r == '-' && start >= 0 && !prevHyphen:
			prevHyphen = true
		default:
			if start >= 0 {
				if !yield(strings.TrimRight(s[start:i], "-")) {
					return
				}
				start = -1
			}
			prevHyphen = false
		}
	}
	if start >= 0 {
		yield(strings.TrimRight(s[start:], "-"))
	}
}

// joinLines unwraps hard line breaks. A word hyphenated at a line end is
// judged by judgeHyphen: rejoined (ont-wikkelen), kept with its own hyphen
// (sociaal-cultureel, 19e-eeuwse, zee-egel, Oost-Vlaanderen), or kept with
// a space before "en"/"of" (an elliptical compound: "beroeps- en
// vrijwilligerswerk"). A hyphen before a comma stays where it is ("missie-,
// context- en").
func joinLines(lines []string, vocab map[string]bool) string {
	if len(lines) == 1 {
		return collapse(lines[0]) // no copy when the line is clean
	}
	n := 0
	for _, l := range lines {
		n += len(l) + 1
	}
	buf := make([]byte, 0, n)
	prev := ""
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if i == 0 {
			buf = append(buf, l...)
			prev = l
			continue
		}
		w1 := hyphenWordBefore(prev)
		prev = l
		if w1 != "" {
			if l != "" && (l[0] == ',' || l[0] == ';') {
				buf = append(buf, l...) // missie-|, context- en ...
				continue
			}
			if w2 := hyphenWordAfter(l); w2 != "" {
				switch how, lead := judgeHyphen(w1, w2, vocab); how {
				case joinSpace:
					buf = append(buf, ' ')
				case joinKeep:
				default:
					buf = buf[:len(buf)-1] // drop the hyphen
					buf = append(buf, lead...)
					l = l[len(w2):]
				}
				buf = append(buf, l...)
				continue
			}
		}
		buf = append(buf, ' ')
		buf = append(buf, l...)
	}
	return collapse(string(buf))
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// abbreviations end in a period without ending a sentence.
var abbreviations = map[string]bool{
	"bv": true, "bijv": true, "o.a": true, "m.a.w": true, "enz": true, "nl": true, "e.d": true,
	"i.p.v": true, "t.o.v": true, "dhr": true, "mevr": true, "art": true, "nr": true, "vb": true,
	"incl": true, "ca": true, "cf": true, "resp": true, "d.w.z": true, "m.b.t": true, "i.v.m": true,
	"o.l.v": true, "a.d.h.v": true, "e.a": true, "etc": true, "vs": true, "z.g": true, "zgn": true,
	"p": true, "pag": true, "blz": true, "mr": true, "dr": true, "prof": true, "ir": true, "ing": true,
	"drs": true, "e.g": true, "i.e": true, "jr": true, "max": true, "min": true, "evt": true, "excl": true,
}

// sentences splits text at sentence ends: . ! ? (and closing quotes or
// brackets) followed by white space and a capital, digit, quote or bracket.
// Abbreviations and initials do not end a sentence.
func sentences(text string) []string {
	var out []string
	for _, sp := range sentenceSpans(text) {
		out = append(out, text[sp.a:sp.b])
	}
	return out
}

// span is a byte range [a,b) of a text.
type span struct{ a, b int }

// sentenceSpans is sentences as byte ranges of text, white space trimmed.
// It works on bytes, not on a []rune copy of the text.
func sentenceSpans(text string) []span {
	var out []span
	start := 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r != '.' && r != '!' && r != '?' && r != '…' {
			i += n
			continue
		}
		j := i + n
		for j < len(text) {
			c, m := utf8.DecodeRuneInString(text[j:])
			if !strings.ContainsRune(`"'”’»)]`, c) {
				break
			}
			j += m
		}
		if c, _ := utf8.DecodeRuneInString(text[j:]); j >= len(text) || !unicode.IsSpace(c) {
			i += n
			continue
		}
		k := j
		for k < len(text) {
			c, m := utf8.DecodeRuneInString(text[k:])
			if !unicode.IsSpace(c) {
				break
			}
			k += m
		}
		if k >= len(text) {
			break
		}
		next, _ := utf8.DecodeRuneInString(text[k:])
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune(`"'“‘«([•-–`, next) {
			i += n
			continue
		}
		if r == '.' && isAbbreviation(text, start, i) {
			i += n
			continue
		}
		if sp := trimmed(text, start, j); sp.a < sp.b {
			out = append(out, sp)
		}
		start, i = k, k
	}
	if start < len(text) {
		if sp := trimmed(text, start, len(text)); sp.a < sp.b {
			out = append(out, sp)
		}
	}
	return out
}

// isAbbreviation reports whether the word before the period at text[dot]
// (back to white space, "(" or start) is an abbreviation or an initial.
func isAbbreviation(text string, start, dot int) bool {
	w := dot
	for w > start {
		c, m := utf8.DecodeLastRuneInString(text[:w])
		if unicode.IsSpace(c) || c == '(' {
			break
		}
		w -= m
	}
	if dot-w > 16 {
		return false // longer than any abbreviation; spares lower-casing a huge word
	}
	word := strings.ToLower(text[w:dot])
	letters := 0
	for _, c := range word {
		if unicode.IsLetter(c) {
			letters++
		}
	}
	return abbreviations[word] || (letters == 1 && utf8.RuneCountInString(word) == 1)
}

// trimmed narrows text[a:b] to exclude white space at its ends.
func trimmed(text string, a, b int) span {
	s := strings.TrimSpace(text[a:b])
	if s == "" {
		return span{a, a}
	}
	a += strings.Index(text[a:b], s)
	return span{a, a + len(s)}
}

// splitSentences packs the sentences of a long paragraph into parts of about
// equal length: as many parts as needed to stay under maxWords, closing a
// part once it reaches the even share. Parts are substrings of text (in
// collapsed text the same as sentences joined by a space), so splitting
// copies nothing.
func splitSentences(text string) []string {
	var pieces []span
	for _, sp := range sentenceSpans(text) {
		if countWords(text[sp.a:sp.b]) > maxWords {
			for _, w := range splitWordSpans(text[sp.a:sp.b], maxWords) {
				pieces = append(pieces, span{sp.a + w.a, sp.a + w.b})
			}
		} else {
			pieces = append(pieces, sp)
		}
	}
	total := countWords(text)
	if total == 0 || len(pieces) == 0 {
		return nil
	}
	n := int(math.Ceil(float64(total) / maxWords))
	target := total / n
	var parts []span
	cur := span{-1, -1}
	acc := 0
	for _, p := range pieces {
		w := countWords(text[p.a:p.b])
		if acc > 0 && (acc >= target || (acc+w > maxWords && acc >= minWords)) {
			parts = append(parts, cur)
			cur, acc = span{-1, -1}, 0
		}
		if cur.a < 0 {
			cur.a = p.a
		}
		cur.b = p.b
		acc += w
	}
	if cur.a >= 0 {
		if n := len(parts); n > 0 && acc < minWords && countWords(text[parts[n-1].a:parts[n-1].b])+acc <= maxWords {
			parts[n-1].b = cur.b
		} else {
			parts = append(parts, cur)
		}
	}
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = text[p.a:p.b]
	}
	return out
}

// splitWords cuts a run-on sentence into pieces of at most max words.
func splitWords(s string, max int) []string {
	var out []string
	for _, sp := range splitWordSpans(s, max) {
		out = append(out, s[sp.a:sp.b])
	}
	return out
}

// splitWordSpans is splitWords as byte ranges of s, without a word slice.
func splitWordSpans(s string, max int) []span {
	total := countWords(s)
	if total == 0 {
		return nil
	}
	n := int(math.Ceil(float64(total) / float64(max)))
	size := int(math.Ceil(float64(total) / float64(n)))
	var out []span
	k, off := 0, 0
	cur := span{-1, -1}
	eachField(s, func(w string) bool {
		// w is a substring of s: find its offset from the scan position.
		a := off + strings.Index(s[off:], w)
		off = a + len(w)
		if cur.a < 0 {
			cur.a = a
		}
		cur.b = off
		k++
		if k%size == 0 {
			out = append(out, cur)
			cur = span{-1, -1}
		}
		return true
	})
	if cur.a >= 0 {
		out = append(out, cur)
	}
	return out
}

// splitTable keeps a table in one fragment unless it is very long; then it
// is cut between rows.
func splitTable(text string) []string {
	if countWords(text) <= 2*maxWords {
		return []string{text}
	}
	var parts []string
	var cur []string
	acc := 0
	for _, row := range strings.Split(text, "\n") {
		w := countWords(row)
		if acc > 0 && acc+w > maxWords {
			parts = append(parts, strings.Join(cur, "\n"))
			cur, acc = nil, 0
		}
		if w > 2*maxWords {
			// A row longer than a whole table may be is cut by words.
			parts = append(parts, splitWords(row, maxWords)...)
			continue
		}
		cur = append(cur, row)
		acc += w
	}
	if len(cur) > 0 {
		parts = append(parts, strings.Join(cur, "\n"))
	}
	return parts
}
