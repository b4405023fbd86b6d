package ingest

import (
	"math"
	"strings"
	"unicode"

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
// fragments. Fragment IDs and Doc are set from doc.
func Segment(x *Extracted, doc string) (string, []store.Fragment) {
	vocab := buildVocab(x.Blocks)
	var units []unit
	for _, b := range x.Blocks {
		units = append(units, analyse(b, vocab)...)
	}
	units = mergeHeadings(markTitles(units))

	var (
		sb    strings.Builder
		frags []store.Fragment
		stack sectionStack
	)
	add := func(kind, text string, page int, section []string, sep string) {
		if sb.Len() > 0 {
			sb.WriteString(sep)
		}
		start := sb.Len()
		sb.WriteString(text)
		n := len(frags) + 1
		frags = append(frags, store.Fragment{
			ID: store.FragmentID(doc, n), Doc: doc, Ordinal: n, Page: page,
			Section: section, Kind: kind, Text: text,
			Start: start, End: sb.Len(), Hash: ContentHash(text),
		})
	}
	for _, u := range units {
		if u.kind == KindHeading {
			// A heading's section path is its parents, once the headings it
			// closes are closed.
			stack.push(sectionEntry{class: u.class, level: u.level, title: u.text, explicit: u.level > 0})
			var parents []string
			if p := stack.path(); len(p) > 1 {
				parents = p[: len(p)-1 : len(p)-1]
			}
			add(KindHeading, u.text, u.page, parents, "\n\n")
			continue
		}
		section := stack.path()
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
			add(u.kind, p, u.page, section, sep)
		}
	}
	return sb.String(), frags
}

// ContentHash identifies a fragment's text across re-ingests: the SHA-256 of
// its white-space-collapsed text, shortened to 128 bits.
func ContentHash(text string) string { return store.ContentHash(text) }

func countWords(s string) int { return len(strings.Fields(s)) }

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
		text = collapse(b.Text)
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
		if m := reNumItem.FindStringSubmatch(l); m != nil && numbered >= 2 {
			flush()
			kind, cur = KindListItem, []string{m[2]}
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
	var out []unit
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

// buildVocab collects the words of the document's raw text, hyphenated
// compounds included, so that line-end hyphens can be judged by the
// document's own usage.
func buildVocab(blocks []Block) map[string]bool {
	v := map[string]bool{}
	for _, b := range blocks {
		if !b.Raw {
			continue
		}
		for _, line := range strings.Split(b.Text, "\n") {
			toks := wordTokens(line)
			// The last word of a line ending in a hyphen is a fragment.
			if strings.HasSuffix(strings.TrimSpace(line), "-") && len(toks) > 0 {
				toks = toks[:len(toks)-1]
			}
			for _, t := range toks {
				v[strings.ToLower(t)] = true
			}
		}
	}
	return v
}

// wordTokens returns the words of s: runs of letters, joined by single
// inner hyphens ("sociaal-cultureel").
func wordTokens(s string) []string {
	var out []string
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
				out = append(out, strings.TrimRight(s[start:i], "-"))
				start = -1
			}
			prevHyphen = false
		}
	}
	if start >= 0 {
		out = append(out, strings.TrimRight(s[start:], "-"))
	}
	return out
}

// joinLines unwraps hard line breaks. A word hyphenated at a line end is
// rejoined unless the document itself writes the compound with a hyphen
// ("sociaal-cultureel") or the next part starts with a capital
// ("Oost-Vlaanderen"); before "en"/"of" the hyphen is an elliptical
// compound ("beroeps- en vrijwilligerswerk") and stays, with a space.
func joinLines(lines []string, vocab map[string]bool) string {
	var buf []byte
	prev := ""
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if i == 0 {
			buf = append(buf, l...)
			prev = l
			continue
		}
		var w1 string
		if strings.HasSuffix(prev, "-") {
			if ws := wordTokens(prev); len(ws) > 0 && strings.HasSuffix(prev, ws[len(ws)-1]+"-") {
				w1 = ws[len(ws)-1]
			}
		}
		lead := ""
		if ws := wordTokens(l); len(ws) > 0 && strings.HasPrefix(l, ws[0]) {
			lead = ws[0]
		}
		prev = l
		if w1 != "" && lead != "" {
			w2, _, _ := strings.Cut(lead, "-")
			lw1, lw2 := strings.ToLower(w1), strings.ToLower(w2)
			switch {
			case lw2 == "en" || lw2 == "of" || lw2 == "tot" || lw2 == "and" || lw2 == "or":
				buf = append(buf, ' ')
			case unicode.IsUpper([]rune(w2)[0]):
				// Keep the hyphen: a capitalised second part.
			case vocab[lw1+"-"+lw2] && !vocab[lw1+lw2]:
				// The document writes this compound with a hyphen.
			default:
				buf = buf[:len(buf)-1] // drop the hyphen
			}
			buf = append(buf, l...)
			continue
		}
		buf = append(buf, ' ')
		buf = append(buf, l...)
	}
	return collapse(string(buf))
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
	rs := []rune(text)
	var out []string
	start := 0
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		j := i + 1
		for j < len(rs) && strings.ContainsRune(`"'”’»)]`, rs[j]) {
			j++
		}
		if j >= len(rs) || !unicode.IsSpace(rs[j]) {
			continue
		}
		k := j
		for k < len(rs) && unicode.IsSpace(rs[k]) {
			k++
		}
		if k >= len(rs) {
			break
		}
		next := rs[k]
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune(`"'“‘«([•-–`, next) {
			continue
		}
		if r == '.' {
			w := i - 1
			for w >= start && !unicode.IsSpace(rs[w]) && rs[w] != '(' {
				w--
			}
			word := strings.ToLower(string(rs[w+1 : i]))
			letters := 0
			for _, c := range word {
				if unicode.IsLetter(c) {
					letters++
				}
			}
			if abbreviations[word] || (letters == 1 && len([]rune(word)) == 1) {
				continue
			}
		}
		out = append(out, strings.TrimSpace(string(rs[start:j])))
		start = k
		i = k - 1
	}
	if start < len(rs) {
		if s := strings.TrimSpace(string(rs[start:])); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// splitSentences packs the sentences of a long paragraph into parts of about
// equal length: as many parts as needed to stay under maxWords, closing a
// part once it reaches the even share.
func splitSentences(text string) []string {
	var pieces []string
	for _, s := range sentences(text) {
		if countWords(s) > maxWords {
			pieces = append(pieces, splitWords(s, maxWords)...)
		} else {
			pieces = append(pieces, s)
		}
	}
	total := countWords(text)
	n := int(math.Ceil(float64(total) / maxWords))
	target := total / n
	var parts []string
	var cur []string
	acc := 0
	for _, p := range pieces {
		w := countWords(p)
		if acc > 0 && (acc >= target || (acc+w > maxWords && acc >= minWords)) {
			parts = append(parts, strings.Join(cur, " "))
			cur, acc = nil, 0
		}
		cur = append(cur, p)
		acc += w
	}
	if len(cur) > 0 {
		last := strings.Join(cur, " ")
		if n := len(parts); n > 0 && acc < minWords && countWords(parts[n-1])+acc <= maxWords {
			parts[n-1] += " " + last
		} else {
			parts = append(parts, last)
		}
	}
	return parts
}

// splitWords cuts a run-on sentence into pieces of at most max words.
func splitWords(s string, max int) []string {
	w := strings.Fields(s)
	n := int(math.Ceil(float64(len(w)) / float64(max)))
	size := int(math.Ceil(float64(len(w)) / float64(n)))
	var out []string
	for i := 0; i < len(w); i += size {
		out = append(out, strings.Join(w[i:min(i+size, len(w))], " "))
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
		cur = append(cur, row)
		acc += w
	}
	if len(cur) > 0 {
		parts = append(parts, strings.Join(cur, "\n"))
	}
	return parts
}
