package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Heading classes for text whose headings have no markup. A class names a
// numbering or styling convention; the segmenter nests headings by the order
// in which classes appear (like pandoc does for setext headings), and ranks
// the classes of one family (1. > 1.1 > 1.1.1; SD > OD).
const (
	classRoman = "roman"
	classNum   = "num" // followed by the depth: num1, num2, ...
	classSD    = "sd"
	classOD    = "od"
	classCaps  = "caps"
	classTitle = "title"
)

var (
	reNumOnly  = regexp.MustCompile(`^(\d{1,2}(?:\.\d{1,2}){1,4})\.?$|^(\d{1,2})\.$`)
	reRomanNum = regexp.MustCompile(`^([IVX]{1,5})\.$`)
	reNumTitle = regexp.MustCompile(`^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(\S.*)$`)
	reRomTitle = regexp.MustCompile(`^([IVX]{1,5})\.\s+(\S.*)$`)
	reSD       = regexp.MustCompile(`(?i)^(?:SD\s?\d+(?:\.\d+)*|strategische\s+doel(?:stelling)?\s*\d+|strategisch\s+doel\s*\d+)\b`)
	reOD       = regexp.MustCompile(`(?i)^(?:OD\s?\d+(?:\.\d+)*|operationele\s+doel(?:stelling)?\s*\d+(?:\.\d+)*|operationeel\s+doel\s*\d+(?:\.\d+)*)\b`)
	reBullet   = regexp.MustCompile(`^\s*(?:[•●▪■◦○·∙‣⁃\x{F0B7}\x{F0A7}\x{F076}\x{F0D8}]\s*|[-–*]\s+)(\S.*)$`)
	reNumItem  = regexp.MustCompile(`^\s*(\d{1,2}[.)]|[a-z][.)])\s+(\S.*)$`)
)

// goalClass reports whether a line starts with a strategic or operational
// goal label ("SD 2", "OD3", "Strategische doelstelling 1", ...).
func goalClass(line string) string {
	if line == "" || !strings.ContainsRune("SsOo", rune(line[0])) {
		return ""
	}
	switch {
	case reSD.MatchString(line):
		return classSD
	case reOD.MatchString(line):
		return classOD
	}
	return ""
}

// isCaps reports whether a line is an upper-case heading line: at least two
// letters, no lower-case letter, mostly letters, at most 14 words.
func isCaps(line string) bool {
	letters, other := 0, 0
	for _, r := range line {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsLetter(r):
			letters++
		case !unicode.IsSpace(r):
			other++
		}
	}
	// Table rows of figures ("FOV 287.000 292.000") and OCR specks ("N N2")
	// are not headings.
	return letters >= 2 && letters >= other && countWords(line) <= 14 && hasLongWord(line)
}

// isTitleLike reports whether a lone line looks like a short title: a few
// words, starting with a capital or digit, with no sentence punctuation.
func isTitleLike(line string) bool {
	if len(line) > 70 {
		return false
	}
	if w := countWords(line); w == 0 || w > 8 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(line)
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) {
		return false
	}
	if strings.ContainsAny(line[len(line)-1:], ".,;:!)") || reBullet.MatchString(line) {
		return false
	}
	return mostlyLetters(line) && !endsWithConnector(line)
}

// mostlyLetters reports whether at least two thirds of the non-space
// characters of s are letters, and there are at least three: figures and
// OCR specks are not titles.
func mostlyLetters(s string) bool {
	letters, other := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case !unicode.IsSpace(r):
			other++
		}
	}
	return letters >= 3 && letters >= 2*other
}

func numClass(num string) string {
	return classNum + string(rune('0'+strings.Count(num, ".")+1))
}

// headingClass classifies the first line of a raw block as the start of a
// heading. labelOnly says the line is only a label or number, so the
// heading's title continues on the following line(s).
func headingClass(line string) (class string, labelOnly bool) {
	t := strings.TrimSpace(line)
	if c := goalClass(t); c != "" {
		rest := strings.TrimSpace(reSD.ReplaceAllString(reOD.ReplaceAllString(t, ""), ""))
		return c, strings.Trim(rest, " :–-.") == ""
	}
	if m := reNumOnly.FindStringSubmatch(t); m != nil {
		return numClass(m[1] + m[2]), true
	}
	if reRomanNum.MatchString(t) {
		return classRoman, true
	}
	if m := reRomTitle.FindStringSubmatch(t); m != nil && isCaps(m[2]) {
		return classRoman, false
	}
	if m := reNumTitle.FindStringSubmatch(t); m != nil && len(strings.Fields(m[2])) <= 12 &&
		!strings.ContainsAny(t[len(t)-1:], ".;:,") && unicode.IsUpper([]rune(m[2])[0]) &&
		!endsWithConnector(t) && mostlyLetters(m[2]) {
		return numClass(m[1]), false
	}
	if isCaps(t) {
		return classCaps, false
	}
	return "", false
}

// familyRank places a class in its family for nesting: a num1 heading
// closes open num2 sections, an SD closes ODs.
func familyRank(class string) (family string, rank int) {
	switch {
	case class == classRoman:
		return "num", 0
	case strings.HasPrefix(class, classNum):
		return "num", int(class[len(class)-1] - '0')
	case class == classSD:
		return "goal", 1
	case class == classOD:
		return "goal", 2
	}
	return class, 0
}

// sectionStack tracks the open headings above the current fragment.
type sectionStack struct {
	entries []sectionEntry
}

type sectionEntry struct {
	class    string // inferred class, or "" for markup headings
	level    int    // markup level, 0 for inferred
	title    string
	explicit bool
}

// path returns the titles of the open headings, outermost first.
func (s *sectionStack) path() []string {
	if len(s.entries) == 0 {
		return nil
	}
	out := make([]string, len(s.entries))
	for i, e := range s.entries {
		out[i] = e.title
	}
	return out
}

// push opens a heading, closing the ones it ends.
func (s *sectionStack) push(e sectionEntry) {
	if e.explicit {
		// A markup heading of level N closes inferred headings and markup
		// headings of level >= N.
		for len(s.entries) > 0 {
			top := s.entries[len(s.entries)-1]
			if top.explicit && top.level < e.level {
				break
			}
			s.entries = s.entries[:len(s.entries)-1]
		}
	} else {
		fam, rank := familyRank(e.class)
		for i, x := range s.entries {
			if x.explicit {
				continue
			}
			xf, xr := familyRank(x.class)
			if x.class == e.class || (xf == fam && fam != e.class && xr >= rank) {
				s.entries = s.entries[:i]
				break
			}
		}
	}
	s.entries = append(s.entries, e)
	if len(s.entries) > 8 {
		s.entries = s.entries[len(s.entries)-8:]
	}
}

func hasLongWord(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
			if n >= 3 {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}
